/**
 * TF1's FFT ops (TF 2.21's `tensorflow/python/ops/signal/fft_ops.py`): the complex FFTs as their raw
 * ops, the real FFTs with the `fft_length` inference and padding graph Python builds, and
 * fftshift/ifftshift.
 */
import { AttributeError, ValueError } from '../../errors';
import { DType, baseDType } from '../../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../../framework/op_def_library';
import { Graph, Output } from '../../framework/ops';
import { constantValueAsShape } from '../../framework/sparse_tensor';
import { Tensor } from '../../framework/tensor';
import { isFullyDefined } from '../../framework/tensor_shape';
import { pyStr } from '../../util/python_repr';
import {
  concat, gather, pad, rank, roll, shape, sliceOf, stack, unstack, where, withScope, zeros, zerosLike,
} from '../array_ops';
import { add, floorDiv, less, maximum, mul, neg, sub, truediv } from '../math_ops';
import { staticInt32, withRankAtLeast } from './util';

/** A complex FFT op of input `input`, named as its raw op. */
const complexFft = (type: string) => (input: InputValue, name?: string): Output =>
  applyOp(type, { input }, {}, name ?? type).output(0);

/** `tf.signal.fft(input, name)` (TF1's `tf.fft`, `tf.spectral.fft`): the `FFT` op. */
export const fft = complexFft('FFT');
/** `tf.signal.ifft(input, name)` (TF1's `tf.ifft`): the `IFFT` op. */
export const ifft = complexFft('IFFT');
/** `tf.signal.fft2d(input, name)` (TF1's `tf.fft2d`): the `FFT2D` op. */
export const fft2d = complexFft('FFT2D');
/** `tf.signal.ifft2d(input, name)` (TF1's `tf.ifft2d`): the `IFFT2D` op. */
export const ifft2d = complexFft('IFFT2D');
/** `tf.signal.fft3d(input, name)` (TF1's `tf.fft3d`): the `FFT3D` op. */
export const fft3d = complexFft('FFT3D');
/** `tf.signal.ifft3d(input, name)` (TF1's `tf.ifft3d`): the `IFFT3D` op. */
export const ifft3d = complexFft('IFFT3D');

/** Options of the real FFTs. */
export interface RfftOptions {
  /** The FFT length of each inner dimension (inferred from the input's shape when left out). */
  fftLength?: InputValue;
  name?: string;
}

/** `_infer_fft_length_for_rfft`: the inner `fftRank` dimensions, a Const when static. */
function inferRfftLength(x: Output, fftRank: number, graph: Graph): Output {
  const dims = x.shape === null ? null : x.shape.slice(-fftRank);
  if (!isFullyDefined(dims)) return sliceOf(shape(x), [[-fftRank, null]]);
  return convertToTensor(Tensor.from(dims, { dtype: DType.int32, shape: [dims.length] }), { graph });
}

/** `_infer_fft_length_for_irfft`: the inner dimensions, the last one `2 * (n - 1)`, a Const when static. */
function inferIrfftLength(x: Output, fftRank: number, graph: Graph): Output {
  const dims = x.shape === null ? null : x.shape.slice(-fftRank);
  const last = (n: number) => Math.max(0, 2 * (n - 1));
  if (!isFullyDefined(dims)) {
    const parts: InputValue[] = unstack(sliceOf(shape(x), [[-fftRank, null]]));
    parts[parts.length - 1] = maximum(0, mul(2, sub(parts[parts.length - 1], 1, 'sub'), 'mul'));
    return stack(parts);
  }
  if (dims.length > 0) dims[dims.length - 1] = last(dims[dims.length - 1]);
  return convertToTensor(Tensor.from(dims, { dtype: DType.int32, shape: [dims.length] }), { graph });
}

/**
 * `_maybe_pad_for_rfft`: `x` padded with zeros to `fftLength` on its inner `fftRank` dimensions (to
 * `fftLength / 2 + 1` on the last when `isReverse`), by static paddings when the shapes are known.
 */
function maybePadForRfft(x: Output, fftRank: number, fftLength: Output, isReverse = false): Output {
  const fftShape = constantValueAsShape(fftLength);
  if (x.shape !== null && x.shape.includes(0)) return x;
  if (isFullyDefined(fftShape) && x.shape !== null) {
    const inputFftShape = x.shape.slice(-fftShape.length);
    if (isFullyDefined(inputFftShape)) {
      const target = [...fftShape];
      if (isReverse) target[target.length - 1] = Math.floor(target[target.length - 1] / 2) + 1;
      const paddings = inputFftShape.map((d, i) => [0, Math.max(target[i] - d, 0)]);
      if (paddings.some(([, p]) => p > 0)) {
        const outer = Array.from({ length: Math.max(x.shape.length - target.length, 0) }, () => [0, 0]);
        return pad(x, [...outer, ...paddings]);
      }
      return x;
    }
  }
  const inputRank = rank(x);
  const inputFftShape = sliceOf(shape(x), [[-fftRank, null]]);
  const outerDims = maximum(0, sub(inputRank, fftRank, 'sub'));
  const outerPaddings = zeros([outerDims], baseDType(fftLength.dtype));
  let length = fftLength;
  if (isReverse) {
    length = concat([sliceOf(length, [[null, -1]]),
      add(floorDiv(sliceOf(length, [[-1, null]]), 2, 'floordiv'), 1, 'add')], 0);
  }
  const fftPaddings = maximum(0, sub(length, inputFftShape, 'sub'));
  const paddings = concat([outerPaddings, fftPaddings], 0);
  return pad(x, stack([zerosLike(paddings), paddings], 1));
}

/** `_rfft_wrapper`: a real FFT of `fftRank` inner dimensions (op `type`, scope `defaultName`). */
function realFft(type: string, fftRank: number, defaultName: string) {
  return (input: InputValue, options: RfftOptions = {}): Output =>
    withScope(options.name, defaultName, [input, options.fftLength], (scope, graph) => {
      const x = convertToTensor(input, { preferredDtype: DType.float32, graph });
      const realDtype = baseDType(x.dtype);
      if (realDtype !== DType.float32 && realDtype !== DType.float64) {
        throw new ValueError(`RFFT requires tf.float32 or tf.float64 inputs, got: ${pyStr(x)}`);
      }
      withRankAtLeast(x, fftRank);
      const fftLength = options.fftLength === undefined ? inferRfftLength(x, fftRank, graph)
        : convertToTensor(options.fftLength, { dtype: DType.int32, graph });
      const padded = maybePadForRfft(x, fftRank, fftLength);
      return applyOp(type, { input: padded, fft_length: staticInt32(fftLength) ?? fftLength },
        { Tcomplex: realDtype === DType.float32 ? DType.complex64 : DType.complex128 }, scope).output(0);
    });
}

/** `_irfft_wrapper`: an inverse real FFT of `fftRank` inner dimensions (op `type`, scope `defaultName`). */
function inverseRealFft(type: string, fftRank: number, defaultName: string) {
  return (input: InputValue, options: RfftOptions = {}): Output =>
    withScope(options.name, defaultName, [input, options.fftLength], (scope, graph) => {
      const x = convertToTensor(input, { preferredDtype: DType.complex64, graph });
      withRankAtLeast(x, fftRank);
      const complexDtype = baseDType(x.dtype);
      if (complexDtype !== DType.complex64 && complexDtype !== DType.complex128) {
        throw new ValueError(`IRFFT requires tf.complex64 or tf.complex128 inputs, got: ${pyStr(x)}`);
      }
      const fftLength = options.fftLength === undefined ? inferIrfftLength(x, fftRank, graph)
        : convertToTensor(options.fftLength, { dtype: DType.int32, graph });
      const padded = maybePadForRfft(x, fftRank, fftLength, true);
      return applyOp(type, { input: padded, fft_length: staticInt32(fftLength) ?? fftLength },
        { Treal: complexDtype === DType.complex64 ? DType.float32 : DType.float64 }, scope).output(0);
    });
}

/** `tf.signal.rfft(input_tensor, fft_length=None, name=None)` (TF1's `tf.spectral.rfft`): `RFFT`. */
export const rfft = realFft('RFFT', 1, 'rfft');
/** `tf.signal.irfft(input_tensor, fft_length=None, name=None)` (TF1's `tf.spectral.irfft`): `IRFFT`. */
export const irfft = inverseRealFft('IRFFT', 1, 'irfft');
/** `tf.signal.rfft2d(input_tensor, fft_length=None, name=None)`: `RFFT2D`. */
export const rfft2d = realFft('RFFT2D', 2, 'rfft2d');
/** `tf.signal.irfft2d(input_tensor, fft_length=None, name=None)`: `IRFFT2D`. */
export const irfft2d = inverseRealFft('IRFFT2D', 2, 'irfft2d');
/** `tf.signal.rfft3d(input_tensor, fft_length=None, name=None)`: `RFFT3D`. */
export const rfft3d = realFft('RFFT3D', 3, 'rfft3d');
/** `tf.signal.irfft3d(input_tensor, fft_length=None, name=None)`: `IRFFT3D`. */
export const irfft3d = inverseRealFft('IRFFT3D', 3, 'irfft3d');

/** Options of fftshift and ifftshift. */
export interface FftShiftOptions {
  /** The axes to shift (all by default). */
  axes?: number | number[];
  name?: string;
}

/** fftshift (`inverse`: ifftshift): `x` rolled by half of each axis' length (its negation). */
function shiftHalf(x: InputValue, options: FftShiftOptions, defaultName: string, inverse: boolean): Output {
  return withScope(options.name, defaultName, [], (scope, graph) => {
    const t = convertToTensor(x, { graph });
    const { axes } = options;
    let shift: Output;
    let axis: InputValue;
    if (axes === undefined) {
      axis = Array.from({ length: t.shape?.length ?? 0 }, (_, i) => i);
      shift = floorDiv(shape(t), 2, 'floordiv');
    } else if (typeof axes === 'number') {
      axis = axes;
      shift = floorDiv(sliceOf(shape(t), [axes]), 2, 'floordiv');
    } else {
      const r = rank(t);
      // Python ints: int32 Consts.
      axis = where(less(Tensor.from(axes, { dtype: DType.int32 }), 0), add(axes, r, 'add'), axes);
      shift = floorDiv(gather(shape(t), axis), 2, 'floordiv');
    }
    return roll(t, inverse ? neg(shift) : shift, axis, scope);
  });
}

/** `tf.signal.fftshift(x, axes=None, name=None)`: the zero-frequency component moved to the center (`Roll`). */
export function fftshift(x: InputValue, options: FftShiftOptions = {}): Output {
  return shiftHalf(x, options, 'fftshift', false);
}

/** `tf.signal.ifftshift(x, axes=None, name=None)`: the inverse of fftshift. */
export function ifftshift(x: InputValue, options: FftShiftOptions = {}): Output {
  return shiftHalf(x, options, 'ifftshift', true);
}

/** Options of the N-D FFTs. */
export interface FftNdOptions {
  /** The FFT length of each transformed dimension (the input's trailing dimensions when left out). */
  fftLength?: InputValue;
  /** The dimensions to transform (all by default). */
  axes?: InputValue;
  /** `'backward'` (default: no scaling of the forward transform), `'forward'` or `'ortho'`. */
  norm?: 'backward' | 'forward' | 'ortho';
  name?: string;
}

/** Which N-D FFT `_fftn_wrapper` & co. build: complex, inverse complex, real, inverse real. */
type NdKind = 'fft' | 'ifft' | 'rfft' | 'irfft';

/** `len(input_tensor.shape)` of an input not converted yet (Python reads it before the conversion). */
function inputRank(input: InputValue): number {
  if (input === null || input === undefined) throw new AttributeError("'NoneType' object has no attribute 'shape'");
  const s = input instanceof Output ? input.shape : Tensor.from(input as number[]).shape;
  if (s === null) throw new ValueError('Cannot take the length of shape with unknown rank.');
  return s.length;
}

/** `_fftn_wrapper` / `_ifftn_wrapper` / `_rfftn_wrapper` / `_irfftn_wrapper`: an N-D FFT op `type`. */
function fftNd(type: string, kind: NdKind, defaultName: string) {
  return (input: InputValue, options: FftNdOptions = {}): Output => withScope(options.name, defaultName,
    kind === 'irfft' ? [input, options.fftLength] : [input, options.fftLength, options.axes], (scope, graph) => {
      const axes = convertToTensor(options.axes ?? Tensor.from(Array.from({ length: inputRank(input) }, (_, i) => i),
        { dtype: DType.int32 }), { dtype: DType.int32, graph });
      const fftRank = axes.shape![0]!;
      let x = convertToTensor(input, { preferredDtype: kind === 'rfft' ? DType.float32 : DType.complex64, graph });
      const dtype = baseDType(x.dtype);
      if (kind === 'rfft' && dtype !== DType.float32 && dtype !== DType.float64) {
        throw new ValueError(`RFFT requires tf.float32 or tf.float64 inputs, got: ${pyStr(x)}`);
      }
      withRankAtLeast(x, fftRank);
      if (kind === 'irfft' && dtype !== DType.complex64 && dtype !== DType.complex128) {
        throw new ValueError(`IRFFT requires tf.complex64 or tf.complex128 inputs, got: ${pyStr(x)}`);
      }
      let fftLength: Output;
      if (options.fftLength !== undefined) {
        fftLength = convertToTensor(options.fftLength, { dtype: DType.int32, graph });
      } else if (kind === 'irfft') {
        // `_infer_fft_length_for_irfftn`: the static shape, the last dimension 2 * (n - 1).
        const dims = [...x.shape!];
        if (!isFullyDefined(dims)) throw new TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'");
        dims[dims.length - 1] = Math.max(0, 2 * (dims[dims.length - 1] - 1));
        fftLength = convertToTensor(Tensor.from(dims, { dtype: DType.int32, shape: [dims.length] }), { graph });
      } else {
        fftLength = sliceOf(shape(x), [[-(x.shape?.length ?? 0), null]]);
      }
      // TF1's TensorShape makes `fft_rank` a Dimension, which the padding computed in the graph negates: a TypeError.
      const fftShape = constantValueAsShape(fftLength);
      if (!(x.shape !== null && (x.shape.includes(0)
        || (isFullyDefined(fftShape) && isFullyDefined(x.shape.slice(-fftShape.length)))))) {
        throw new TypeError("bad operand type for unary -: 'Dimension'");
      }
      x = maybePadForRfft(x, fftRank, fftLength, kind === 'irfft');
      const staticLength = staticInt32(fftLength);
      const norm = options.norm ?? 'backward';
      if (norm !== 'backward') {
        // Python multiplies the lengths in a loop, which a symbolic tensor does not allow in graph mode.
        if (staticLength === null) {
          throw new TypeError('Iterating over a symbolic `tf.Tensor` is not allowed. You can attempt the following '
            + 'resolutions to the problem: If you are running in Graph mode, use Eager execution mode or decorate this '
            + 'function with @tf.function. If you are using AutoGraph, you can try decorating this function with '
            + '@tf.function. If that does not work, then you may be using an unsupported feature or your source code '
            + 'may not be visible to AutoGraph. See https://github.com/tensorflow/tensorflow/blob/master/tensorflow/'
            + 'python/autograph/g3doc/reference/limitations.md#access-to-source-code for more information.');
        }
        const n = Array.from(staticLength.data as Int32Array).reduce((a, b) => a * b, 1);
        const scale = norm === 'forward' ? n : Math.sqrt(n);
        x = kind === 'fft' || kind === 'rfft' ? truediv(x, scale) : mul(x, scale, 'mul');
      }
      const attrs = kind === 'rfft' ? { Tcomplex: dtype === DType.float32 ? DType.complex64 : DType.complex128 }
        : kind === 'irfft' ? { Treal: dtype === DType.complex64 ? DType.float32 : DType.float64 } : {};
      return applyOp(type, { input: x, fft_length: staticLength ?? fftLength, axes }, attrs, scope).output(0);
    });
}

/** `tf.signal.fftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None)`: `FFTND`. */
export const fftnd = fftNd('FFTND', 'fft', 'fftnd');
/** `tf.signal.ifftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None)`: `IFFTND`. */
export const ifftnd = fftNd('IFFTND', 'ifft', 'ifftnd');
/** `tf.signal.rfftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None)`: `RFFTND`. */
export const rfftnd = fftNd('RFFTND', 'rfft', 'rfftnd');
/** `tf.signal.irfftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None)`: `IRFFTND`. */
export const irfftnd = fftNd('IRFFTND', 'irfft', 'irfftnd');
