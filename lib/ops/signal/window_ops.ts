/**
 * TF1's window functions (TF 2.21's `tensorflow/python/ops/signal/window_ops.py`): Hann, Hamming,
 * Vorbis, Kaiser and Kaiser-Bessel-derived windows, as the graphs Python builds (Consts where the length is static, a
 * `cond` for a length of 1 otherwise).
 */
import { ValueError } from '../../errors';
import { DType, dtypeRepr, isFloatingDType } from '../../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { cast, concat, constant, ones, sliceOf, withScope } from '../array_ops';
import { cond } from '../cond';
import {
  add, cos, cumsum, equal, exp, floorDiv, floormod, mul, neg, pow, range, sin, sqrt, square, sub, truediv,
} from '../math_ops';
import { relu } from '../nn_ops';
import { assertScalar, staticNumbers } from './util';

/** A window function as tf.signal's functions call one: `window_fn(window_length, dtype=dtype)`. */
export type WindowFn = (windowLength: InputValue, options?: { dtype?: DType }) => Output;

/** Options of the raised-cosine windows. */
export interface WindowOptions {
  /** A periodic window (for spectral analysis) rather than a symmetric one (default true). */
  periodic?: InputValue;
  dtype?: DType;
  name?: string;
}

function checkFloating(dtype: DType, verb = 'Found'): void {
  if (!isFloatingDType(dtype)) throw new ValueError(`dtype must be a floating point type. ${verb} ${dtypeRepr(dtype)}`);
}

/** `_check_params`: the length as an int32 scalar. */
function checkParams(windowLength: InputValue, dtype: DType): Output {
  checkFloating(dtype);
  const length = convertToTensor(windowLength, { dtype: DType.int32 });
  assertScalar(length);
  return length;
}

/** `_raised_cosine_window`: `a - b cos(2 pi n / N)`. */
function raisedCosineWindow(name: string | undefined, defaultName: string, windowLength: InputValue,
  periodic: InputValue, dtype: DType, a: number, b: number): Output {
  checkFloating(dtype);
  return withScope(name, defaultName, [windowLength, periodic], (_scope, graph) => {
    const length = convertToTensor(windowLength, { dtype: DType.int32, name: 'window_length', graph });
    assertScalar(length);
    const lengthConst = staticNumbers(length);
    if (lengthConst?.length === 1 && lengthConst[0] === 1) return ones([1], dtype);
    const isPeriodic = cast(convertToTensor(periodic, { dtype: DType.bool, name: 'periodic', graph }), DType.int32);
    assertScalar(isPeriodic);
    const even = sub(1, floormod(length, 2, 'mod'), 'sub');
    const n = cast(sub(add(length, mul(isPeriodic, even, 'mul'), 'add'), 1, 'sub'), dtype);
    const count = cast(range(0, length), dtype);
    const cosArg = truediv(mul(constant(2 * Math.PI, { dtype }), count, 'mul'), n);
    const window = () => sub(a, mul(b, cos(cosArg), 'mul'), 'sub');
    if (lengthConst !== null) return window();
    return cond(equal(length, 1), () => ones([length], dtype), window) as Output;
  });
}

/** `tf.signal.hann_window(window_length, periodic=True, dtype=tf.float32, name=None)`. */
export function hannWindow(windowLength: InputValue, options: WindowOptions = {}): Output {
  return raisedCosineWindow(options.name, 'hann_window', windowLength, options.periodic ?? true,
    options.dtype ?? DType.float32, 0.5, 0.5);
}

/** `tf.signal.hamming_window(window_length, periodic=True, dtype=tf.float32, name=None)`. */
export function hammingWindow(windowLength: InputValue, options: WindowOptions = {}): Output {
  return raisedCosineWindow(options.name, 'hamming_window', windowLength, options.periodic ?? true,
    options.dtype ?? DType.float32, 0.54, 0.46);
}

/** `tf.signal.vorbis_window(window_length, dtype=tf.float32, name=None)`: `sin(pi/2 sin^2(pi (n + 1/2) / N))`. */
export function vorbisWindow(windowLength: InputValue, options: { dtype?: DType; name?: string } = {}): Output {
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'vorbis_window', [], () => {
    const length = checkParams(windowLength, dtype);
    const arg = cast(range(0, length), dtype);
    const inner = sin(mul(truediv(Math.PI, cast(length, dtype)), add(arg, 0.5, 'add'), 'mul'));
    return sin(mul(Math.PI / 2, pow(inner, 2.0), 'mul'));
  });
}

/** `tf.signal.kaiser_window(window_length, beta=12.0, dtype=tf.float32, name=None)`. */
export function kaiserWindow(windowLength: InputValue,
  options: { beta?: number; dtype?: DType; name?: string } = {}): Output {
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'kaiser_window', [], () => {
    const length = checkParams(windowLength, dtype);
    const lengthConst = staticNumbers(length);
    if (lengthConst?.length === 1 && lengthConst[0] === 1) return ones([1], dtype);
    let halflen = truediv(sub(cast(length, DType.float32), 1.0, 'sub'), 2.0);
    const arg = cast(range(neg(halflen), add(halflen, 0.1, 'add'), 1, DType.float32), dtype);
    const beta = cast(options.beta ?? 12.0, dtype);
    const one = cast(1.0, dtype);
    halflen = cast(halflen, dtype);
    const num = mul(beta, sqrt(relu(sub(one, square(truediv(arg, halflen)), 'sub'))), 'mul');
    const i0e = (x: Output) => withScope(undefined, 'bessel_i0e', [x], () =>
      applyOp('BesselI0e', { x }, {}, 'BesselI0e').output(0));
    return mul(exp(sub(num, beta, 'sub')), truediv(i0e(num), i0e(beta)), 'mul');
  });
}


/** `tf.signal.kaiser_bessel_derived_window(window_length, beta=12.0, dtype=tf.float32, name=None)`. */
export function kaiserBesselDerivedWindow(windowLength: InputValue,
  options: { beta?: number; dtype?: DType; name?: string } = {}): Output {
  const dtype = options.dtype ?? DType.float32;
  return withScope(options.name, 'kaiser_bessel_derived_window', [], () => {
    const length = checkParams(windowLength, dtype);
    const halflen = floorDiv(length, 2, 'floordiv');
    const kaiser = kaiserWindow(add(halflen, 1, 'add'), { beta: options.beta, dtype });
    const csum = cumsum(kaiser);
    const halfw = sqrt(truediv(sliceOf(csum, [[null, -1]]), sliceOf(csum, [-1])));
    return concat([halfw, sliceOf(halfw, [[null, null, -1]])], 0);
  });
}
