/**
 * `tf.math` (TF1's `tf.compat.v1.math`): the element-wise, reduction, segment and special
 * functions under their namespace names (`tf.math.reduce_sum`, `tf.math.log_softmax`, ...), the
 * same functions as the top-level ones.
 */
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, isTensorConvertible, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { pyStr } from '../util/python_repr';
import { reshape, shape, size, stridedSlice, withScope, zerosLike } from './array_ops';
import { cond } from './cond';
import { isNumericTensor } from './debugging_namespace';
import { add, greater, greaterEqual, less, lgamma, mul, neg, reduceAll, reduceSum, sub, truediv } from './math_ops';

export {
  abs, accumulateN, acos, acosh, add, addN, angle, argmax, argmin, asin, asinh, atan, atan2, atanh, betainc, bincount, ceil,
  conj, cos, cosh, countNonzero, cumprod, cumsum, cumulativeLogsumexp, digamma, divNoNan as divideNoNan, equal, erf, erfc,
  exp, expm1, floor, floordiv, floormod, greater, greaterEqual, igamma, igammac, imag, inTopK, isFinite, isInf, isNan, less,
  lessEqual, lgamma, log, log1p, logSigmoid, logicalAnd, logicalNot, logicalOr, logicalXor, maximum, minimum, mod,
  multiply, negative, notEqual, polygamma, pow, real, reciprocal, reduceAll, reduceAny, reduceEuclideanNorm,
  reduceLogsumexp, reduceMax, reduceMean, reduceMin, reduceProd, reduceStd, reduceSum, reduceVariance, rint, round, rsqrt,
  scalarMul, segmentMax, segmentMean, segmentMin, segmentProd, segmentSum, sigmoid, sign, sin, sinh, softplus, sqrt, square,
  squaredDifference, subtract, tan, tanh, topK, truediv, unsortedSegmentMax, unsortedSegmentMean, unsortedSegmentMin,
  unsortedSegmentProd, unsortedSegmentSqrtN, unsortedSegmentSum, xdivy, xlog1py, xlogy, zeta,
} from './math_ops';
export { invertPermutation } from './array_ops';
export { confusionMatrix } from './confusion_matrix';
export { l2Normalize, logSoftmax, softmax, softsign } from './nn_ops';
export { zeroFraction } from './nn_impl';

/**
 * `tf.math.divide(x, y, name)`: Python's `x / y` (`truediv`); without a name a host `x` is first
 * converted (a `Const`, of `y`'s dtype), and with one the `truediv` takes it.
 */
export function divide(x: InputValue, y: InputValue, name?: string): Output {
  if (name !== undefined || x instanceof Output || isTensorConvertible(x)) return truediv(x, y, name);
  const dtype: DType | undefined = y instanceof Output || isTensorConvertible(y) ? baseDType(y.dtype) : undefined;
  return truediv(convertToTensor(x, { dtype }), y);
}

/** `tf.math.multiply_no_nan(x, y, name)` (`MulNoNan` in a `multiply_no_nan` scope): 0 where `y` is 0, even for NaN or Inf `x`. */
export function multiplyNoNan(x: InputValue, y: InputValue, name?: string): Output {
  return withScope(name, 'multiply_no_nan', [x, y], (scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const yt = convertToTensor(y, { name: 'y', dtype: baseDType(xt.dtype), graph });
    return applyOp('MulNoNan', { x: xt, y: yt }, {}, scope).output(0);
  });
}

/** `tf.math.reciprocal_no_nan(x, name)`: `DivNoNan(1, x)`, 0 where `x` is 0. */
export function reciprocalNoNan(x: InputValue, name?: string): Output {
  return withScope(name, 'reciprocal_no_nan', [x], (scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const dtype = baseDType(xt.dtype);
    const one = makeConst(graph, Tensor.from(dtype === DType.int64 ? 1n : 1, { dtype }), 'one');
    return applyOp('DivNoNan', { x: one, y: xt }, {}, scope).output(0);
  });
}

/** A unary op in the name scope of its Python wrapper (`with ops.name_scope(name, scope, [x])`). */
const scopedUnary = (type: string, scopeName: string) => (x: InputValue, name?: string): Output =>
  withScope(name, scopeName, [x], () => applyOp(type, { x }, {}, type).output(0));

/** `tf.math.erfinv(x, name)`: the inverse error function (`erfinv/Erfinv`). */
export const erfinv = scopedUnary('Erfinv', 'erfinv');
/** `tf.math.ndtri(x, name)`: the inverse of the standard normal CDF (`ndtri/Ndtri`). */
export const ndtri = scopedUnary('Ndtri', 'ndtri');
/** `tf.math.erfcinv(x, name)`: the inverse complementary error function, `-ndtri(0.5 * x) * sqrt(0.5)`. */
export function erfcinv(x: InputValue, name?: string): Output {
  return withScope(name, 'erfcinv', [x], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'start', graph });
    return mul(neg(ndtri(mul(0.5, xt, 'mul'))), Math.sqrt(0.5), 'mul');
  });
}
/** `tf.math.bessel_i0(x, name)` (`bessel_i0/BesselI0`). */
export const besselI0 = scopedUnary('BesselI0', 'bessel_i0');
/** `tf.math.bessel_i0e(x, name)` (`bessel_i0e/BesselI0e`). */
export const besselI0e = scopedUnary('BesselI0e', 'bessel_i0e');
/** `tf.math.bessel_i1(x, name)` (`bessel_i1/BesselI1`). */
export const besselI1 = scopedUnary('BesselI1', 'bessel_i1');
/** `tf.math.bessel_i1e(x, name)` (`bessel_i1e/BesselI1e`). */
export const besselI1e = scopedUnary('BesselI1e', 'bessel_i1e');

/** `tf.math.nextafter(x1, x2, name)` (`NextAfter`): the next representable value of `x1` towards `x2`. */
export function nextafter(x1: InputValue, x2: InputValue, name?: string): Output {
  return applyOp('NextAfter', { x1, x2 }, {}, name ?? 'NextAfter').output(0);
}

/**
 * `tf.math.lbeta(x, name)`: log|Beta(x)| over the last dimension, `reduce_sum(lgamma(x), [-1]) -
 * lgamma(reduce_sum(x, [-1]))` in an `lbeta` scope.
 */
export function lbeta(x: InputValue, name?: string): Output {
  return withScope(name, 'lbeta', [x], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const logProdGammaX = reduceSum(lgamma(xt), { axis: [-1] });
    const logGammaSumX = lgamma(reduceSum(xt, { axis: [-1] }));
    return sub(logProdGammaX, logGammaSumX, 'sub');
  });
}

/**
 * `tf.math.polyval(coeffs, x, name)`: the polynomial of `coeffs` (highest power first) at `x`, by
 * Horner's rule (`c + p * x`); zeros like `x` for no coefficients.
 */
export function polyval(coeffs: InputValue[], x: InputValue, name?: string): Output {
  return withScope(name, 'polyval', [...coeffs, x], (scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    if (coeffs.length < 1) return zerosLike(xt, undefined, scope);
    const cs = coeffs.map((c, i) => convertToTensor(c, { name: `coeff_${i}`, graph }));
    return cs.slice(1).reduce((p, c) => add(c, mul(p, xt, 'mul'), 'add'), cs[0]);
  });
}

/**
 * `_get_results_for_monotonic_comparison`: `compare(x[1:], x[:-1])` of the flattened `x` (a v1
 * cond giving `[]` for fewer than two elements).
 */
function monotonicComparison(x: InputValue, compare: (a: Output, b: Output) => Output): Output {
  const flat = reshape(x, [-1]);
  if (!isNumericTensor(flat)) throw new TypeError(`Expected x to be numeric, instead found: ${pyStr(flat)}`);
  const isShorterThanTwo = less(size(flat), 2, 'Less');
  const sLen = sub(shape(flat), 1, 'sub');
  return cond(isShorterThanTwo, () => convertToTensor([], { dtype: DType.bool }), () => compare(
    stridedSlice(flat, [1], withScope(undefined, 'add', [sLen], (scope, graph) =>
      add(convertToTensor([1], { dtype: baseDType(sLen.dtype), name: 'x', graph }), sLen, scope))),
    stridedSlice(flat, [0], sLen))) as Output;
}

/** `tf.math.is_non_decreasing(x, name)`: whether the flattened `x` never decreases (a bool scalar). */
export function isNonDecreasing(x: InputValue, name?: string): Output {
  return withScope(name, 'is_non_decreasing', [x], () => reduceAll(monotonicComparison(x, (a, b) => greaterEqual(a, b))));
}

/** `tf.math.is_strictly_increasing(x, name)`: whether the flattened `x` always increases (a bool scalar). */
export function isStrictlyIncreasing(x: InputValue, name?: string): Output {
  return withScope(name, 'is_strictly_increasing', [x], () => reduceAll(monotonicComparison(x, (a, b) => greater(a, b))));
}

/**
 * `tf.math.sobol_sample(dim, num_results, skip=0, dtype=tf.float32, name=None)`: `numResults` points
 * of the `dim`-dimensional Sobol sequence after the first `skip` (`SobolSample` in a `sobol` scope).
 */
export function sobolSample(dim: InputValue, numResults: InputValue,
  options: { skip?: InputValue; dtype?: DType; name?: string } = {}): Output {
  const skip = options.skip ?? 0;
  return withScope(options.name, 'sobol', [dim, numResults, skip], () =>
    applyOp('SobolSample', { dim, num_results: numResults, skip }, { dtype: options.dtype ?? DType.float32 },
      'SobolSample').output(0));
}
