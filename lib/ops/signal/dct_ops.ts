/**
 * TF1's discrete cosine transforms (TF 2.21's `tensorflow/python/ops/signal/dct_ops.py`): types I-IV
 * (and their inverses) of the last axis, by RFFTs, with the orthonormal scaling.
 */
import { NotImplementedError, ValueError } from '../../errors';
import { DType, baseDType } from '../../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { Tensor } from '../../framework/tensor';
import { cast, concat, expandDims, pad, shape, sliceOf, withScope } from '../array_ops';
import { complex, exp, mul, neg, real, rsqrt, sqrt, truediv } from '../math_ops';
import { irfft, rfft } from './fft_ops';
import { Val, pyMul, pySub } from './python_ints';
import { pyInts } from './util';

/** A DCT's type. */
export type DctType = 1 | 2 | 3 | 4;

/** Options of `dct` and `idct`. */
export interface DctOptions {
  /** The DCT type (default 2). */
  type?: number;
  /** The length the last axis is cut or zero-padded to. */
  n?: number;
  /** Must be -1. */
  axis?: number;
  /** null or 'ortho'. */
  norm?: string | null;
  name?: string;
}

/** `_validate_dct_arguments`. */
function validate(input: InputValue, dctType: number, n: number | undefined, axis: number, norm: string | null): void {
  if (axis !== -1) throw new NotImplementedError(`axis must be -1. Got: ${axis}`);
  if (n !== undefined && n < 1) throw new ValueError('n should be a positive integer or None');
  if (![1, 2, 3, 4].includes(dctType)) throw new ValueError('Types I, II, III and IV (I)DCT are supported.');
  if (dctType === 1) {
    if (norm === 'ortho') throw new ValueError('Normalization is not supported for the Type-I DCT.');
    const s = input instanceof Output ? input.shape : null;
    const last = s === null || s.length === 0 ? null : s[s.length - 1];
    if (last !== null && last < 2) throw new ValueError('Type-I DCT requires the dimension to be greater than one.');
  }
  if (norm !== null && norm !== 'ortho') throw new ValueError(`Unknown normalization. Expected None or 'ortho', got: ${norm}`);
}

/** The last dimension: static, or `shape(input)[-1]`. */
function lastDim(t: Output): Val {
  const d = t.shape === null || t.shape.length === 0 ? null : t.shape[t.shape.length - 1];
  return d || sliceOf(shape(t), [-1]);
}

/** `math_ops.range(limit)` of a float limit: int Consts 0 and 1 cast to its dtype, as TF infers the dtype. */
function rangeTo(limit: Output): Output {
  return withScope(undefined, 'range', [limit], (scope, graph) => {
    const int = (v: number, name: string) => convertToTensor(Tensor.from(v, { dtype: DType.int32 }), { name, graph });
    const [start, delta] = [int(0, 'start'), int(1, 'delta')];
    const dtype = baseDType(limit.dtype);
    return applyOp('Range', { start: cast(start, dtype), limit, delta: cast(delta, dtype) }, {}, scope).output(0);
  });
}

/** `_dct_internal`. */
function dctInternal(input: InputValue, dctType: number, n: number | undefined, norm: string | null,
  name: string | undefined): Output {
  return withScope(name, 'dct', [input], (_scope, graph) => {
    let x = convertToTensor(input, { graph });
    const dtype = baseDType(x.dtype);
    const zero = convertToTensor(0.0, { dtype, graph });
    const seqLen = lastDim(x);
    if (n !== undefined) {
      const rank = x.shape?.length ?? 0;
      // smart_cond on a Python bool: the branch is taken while building.
      if (typeof seqLen === 'number' && n <= seqLen) {
        x = sliceOf(x, ['...', [0, n]]);
      } else if (typeof seqLen === 'number') {
        const padding = Array.from({ length: rank }, (_, i) => [0, i === rank - 1 ? n - seqLen : 0]);
        x = pad(x, convertToTensor(Tensor.from(padding, { dtype: DType.int32 }), { graph }));
      } else {
        throw new NotImplementedError('tf.signal.dct with n of an input whose last dimension is unknown');
      }
    }
    const axisDim = lastDim(x);
    const axisDimFloat = cast(typeof axisDim === 'number' ? Tensor.from(axisDim, { dtype: DType.int32 }) : axisDim, dtype);
    const weightsOf = (n1: Output, n2: Output) => pad(expandDims(n1, 0), pyInts([[0, pySub(axisDim, 1)]]),
      { constantValues: n2 });
    const twiddle = (sign: 1 | -1) => {
      const r = rangeTo(axisDimFloat);
      const angle = truediv(mul(mul(sign < 0 ? neg(r) : r, Math.PI, 'mul'), 0.5, 'mul'), axisDimFloat);
      return mul(2.0, exp(complex(zero, angle)), 'mul');
    };
    const fftLength = () => pyInts([pyMul(2, axisDim)]);
    if (dctType === 1) {
      return real(rfft(concat([x, sliceOf(x, ['...', [-2, 0, -1]])], -1)));
    }
    if (dctType === 2) {
      const scale = twiddle(-1);
      let dct2 = real(mul(sliceOf(rfft(x, { fftLength: fftLength() }), ['...', [null, axisDim]]), scale, 'mul'));
      if (norm === 'ortho') {
        const n1 = mul(0.5, rsqrt(axisDimFloat), 'mul');
        const n2 = mul(n1, Math.sqrt(2.0), 'mul');
        dct2 = mul(dct2, weightsOf(n1, n2), 'mul');
      }
      return dct2;
    }
    if (dctType === 3) {
      if (norm === 'ortho') {
        const n1 = sqrt(axisDimFloat);
        const n2 = mul(n1, Math.sqrt(0.5), 'mul');
        x = mul(x, weightsOf(n1, n2), 'mul');
      } else {
        x = mul(x, axisDimFloat, 'mul');
      }
      const scale = twiddle(1);
      return sliceOf(real(irfft(mul(scale, complex(x, zero), 'mul'), { fftLength: fftLength() })), ['...', [null, axisDim]]);
    }
    const dct2 = dctInternal(x, 2, typeof axisDim === 'number' ? 2 * axisDim : undefined, null, undefined);
    let dct4 = sliceOf(dct2, ['...', [1, null, 2]]);
    if (norm === 'ortho') dct4 = mul(dct4, mul(Math.sqrt(0.5), rsqrt(axisDimFloat), 'mul'), 'mul');
    return dct4;
  });
}

/** `tf.signal.dct(input, type=2, n=None, axis=-1, norm=None, name=None)` (TF1's `tf.spectral.dct`). */
export function dct(input: InputValue, options: DctOptions = {}): Output {
  const type = options.type ?? 2;
  validate(input, type, options.n, options.axis ?? -1, options.norm ?? null);
  return dctInternal(input, type, options.n, options.norm ?? null, options.name);
}

/** `tf.signal.idct(input, type=2, n=None, axis=-1, norm=None, name=None)`: the DCT of the inverse type. */
export function idct(input: InputValue, options: DctOptions = {}): Output {
  const type = options.type ?? 2;
  validate(input, type, options.n, options.axis ?? -1, options.norm ?? null);
  const inverse = ({ 1: 1, 2: 3, 3: 2, 4: 4 } as Record<number, number>)[type];
  return dctInternal(input, inverse, options.n, options.norm ?? null, options.name);
}
