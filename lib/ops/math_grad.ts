/**
 * Gradients of the math ops (TF's `math_grad.py`) that libtensorflow's C++ registry lacks, after
 * TF 2.21's Python functions; registered with the others in gradients.ts.
 */
import { DType, baseDType } from '../framework/dtypes';
import { Gradient, denseGradient as dense } from '../framework/indexed_slices';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { cast, concat, gather, ones, onesLike, rank, reshape, shape, whereV2, zerosLike } from './array_ops';
import { scalarOf } from './grad_util';
import { GradFn, igammaGrad, reduceBroadcast } from './gradients';
import { besselI0, besselI0e, besselI1, besselI1e } from './math_namespace';
import {
  add, cumulativeLogsumexp, div, equal, exp, greater, greaterEqual, less, lgamma, log, logicalAnd, maximum, mul, neg, notEqual,
  polygamma, reciprocal, reduceSum, reducedShape, segmentProd, segmentSum, sign, square, sub, truediv, unsortedSegmentProd, unsortedSegmentSum,
  xdivy, xlog1py, xlogy, zeta,
} from './math_ops';

/** `grad` made dense, and `fn` of it built to run after it (TF's `with ops.control_dependencies([grad])`). */
function afterGrad(op: Operation, grad: Gradient | null, fn: (g: Output) => Array<Output | null>): Array<Output | null> {
  const g = dense(grad!);
  return op.graph.controlDependencies([g], () => fn(g));
}

/** `_ErfcGrad`: -2/√π · exp(-x²). */
const erfcGrad: GradFn = (op, [grad]) => afterGrad(op, grad, (g) =>
  [mul(mul(g, scalarOf(-2 / Math.sqrt(Math.PI), g)), exp(neg(square(op.inputs[0]))))]);

/** `_XDivyGrad`: 1/y where x is not 0 for x, -x/y² for y, each reduced to its input's shape. */
const xdivyGrad: GradFn = (op, [grad]) => afterGrad(op, grad, (g) => {
  const [x, y] = op.inputs;
  const notZero = cast(notEqual(x, scalarOf(0, x)), baseDType(x.dtype));
  return reduceBroadcast(x, y, mul(xdivy(notZero, y), g), mul(xdivy(neg(x), square(y)), g));
});

/** `_EuclideanNormGrad`: x / (norm / grad), the norm and grad with the reduced axes kept. */
const euclideanNormGrad: GradFn = (op, [grad]) => {
  let output = op.outputs[0];
  let g = dense(grad!);
  if (!op.getAttr('keep_dims')) {
    const kept = reducedShape(shape(op.inputs[0]), op.inputs[1]);
    output = reshape(output, kept);
    g = reshape(g, kept);
  }
  return [truediv(op.inputs[0], truediv(output, g)), null];
};

/**
 * `_CumulativeLogsumexpGrad`: the gradient's positive and negative parts taken to log space
 * (the dtype's lowest value where a part is 0), each cumulated the other way.
 */
const cumulativeLogsumexpGrad: GradFn = (op, [grad]) => {
  const [x, axis] = op.inputs;
  const g = dense(grad!);
  const exclusive = op.getAttr('exclusive') as boolean;
  const reverse = op.getAttr('reverse') as boolean;
  const lowest = baseDType(g.dtype) === DType.float64 ? -Number.MAX_VALUE : -3.4028234663852886e38;
  const logPositive = whereV2(greater(g, 0), log(g), scalarOf(lowest, g));
  const logNegative = whereV2(less(g, 0), log(neg(g)), scalarOf(lowest, g));
  const part = (logPart: Output) =>
    exp(add(cumulativeLogsumexp(sub(logPart, op.outputs[0]), { axis, reverse: !reverse, exclusive }), x));
  return [sub(part(logPositive), part(logNegative)), null];
};

/** `_SegmentMinOrMaxGrad`: the gradient shared among the entries equal to their segment's result. */
const segmentMinOrMaxGrad: GradFn = (op, [grad]) => {
  const [data, ids] = op.inputs;
  const g = dense(grad!);
  const zeros = zerosLike(data, data.dtype);
  const isSelected = equal(data, gather(op.outputs[0], ids));
  const numSelected = segmentSum(cast(isSelected, baseDType(g.dtype)), ids);
  const gathered = gather(truediv(g, numSelected), ids);
  return [whereV2(isSelected, gathered, zeros), null];
};

/**
 * `_SegmentProdGrad`: the segment's product over each entry, the product of the others where the
 * entry is 0 (and 0 where the segment has more than one 0).
 */
const segmentProdGrad: GradFn = (op, [grad]) => {
  const [data, ids] = op.inputs;
  const isZero = equal(data, 0);
  const numZeros = segmentSum(cast(isZero, DType.int32), ids);
  let g = dense(grad!);
  g = whereV2(greater(numZeros, 1), zerosLike(g), g);
  const nonZeroData = whereV2(isZero, onesLike(data), data);
  const nonZeroProd = segmentProd(nonZeroData, ids);
  const gatheredProd = gather(op.outputs[0], ids);
  const gatheredNonZeroProd = gather(nonZeroProd, ids);
  const partial = whereV2(isZero, gatheredNonZeroProd, truediv(gatheredProd, nonZeroData));
  return [mul(gather(g, ids), partial), null];
};

/** `_GatherDropNegatives`: `params` gathered at the `clipped` `ids`, zeros where an id is negative. */
function gatherDropNegatives(params: Output, ids: Output, clipped: Output): Output {
  const gathered = gather(params, clipped);
  const isPositive = greaterEqual(ids, 0);
  const positiveShape = shape(isPositive);
  const broadcastable = concat([positiveShape, ones([sub(rank(gathered), rank(isPositive), 'sub')], positiveShape.dtype)], 0);
  const mask = logicalAnd(reshape(isPositive, broadcastable), onesLike(gathered, DType.bool));
  return whereV2(mask, gathered, zerosLike(gathered));
}

/** `_UnsortedSegmentProdGrad`: as `_SegmentProdGrad`, entries of negative ids left out (the C++ registry has Min and Max). */
const unsortedSegmentProdGrad: GradFn = (op, [grad]) => {
  const [data, ids, numSegments] = op.inputs;
  const isZero = equal(data, 0);
  const numZeros = unsortedSegmentSum(cast(isZero, DType.int32), ids, numSegments);
  let g = dense(grad!);
  g = whereV2(greater(numZeros, 1), zerosLike(g), g);
  const nonZeroData = whereV2(isZero, onesLike(data), data);
  const nonZeroProd = unsortedSegmentProd(nonZeroData, ids, numSegments);
  const clipped = maximum(ids, zerosLike(ids));
  const gatheredProd = gather(op.outputs[0], clipped);
  const gatheredNonZeroProd = gather(nonZeroProd, clipped);
  const partial = whereV2(isZero, gatheredNonZeroProd, truediv(gatheredProd, data));
  return [mul(gatherDropNegatives(g, ids, clipped), partial), null, null];
};

/**
 * `_BetaincGrad`: none for a and b; for x, x^(a-1) (1-x)^(b-1) / B(a, b) (in log space), reduced
 * to x's shape.
 */
const betaincGrad: GradFn = (op, [grad]) => {
  const [a, b, x] = op.inputs;
  return [null, null, reducedTo(x, a, mul(betaincPartialX(a, b, x), dense(grad!)))];
};

/** `t` (the gradient of `target`, broadcast against `other`) summed back to `target`'s shape. */
function reducedTo(target: Output, other: Output, t: Output): Output {
  const st = shape(target);
  const axes = applyOp('BroadcastGradientArgs', { s0: shape(other), s1: st }, {}).output(1);
  return reshape(reduceSum(t, { axis: axes }), st);
}

/** `_ZetaGrad`: none for x; -x · zeta(x + 1, q) for q. */
const zetaGrad: GradFn = (op, [grad]) => {
  const [x, q] = op.inputs;
  return afterGrad(op, grad, (g) => [null, reducedTo(q, x, mul(mul(neg(x), zeta(add(x, 1), q)), g))]);
};

/** `_PolygammaGrad`: none for n; polygamma(n + 1, x) for x. */
const polygammaGrad: GradFn = (op, [grad]) => {
  const [n, x] = op.inputs;
  return afterGrad(op, grad, (g) => [null, reducedTo(x, n, mul(polygamma(add(n, 1), x), g))]);
};

/** d betainc(a, b, x) / dx. */
function betaincPartialX(a: Output, b: Output, x: Output): Output {
  const logBeta = sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)));
  return exp(sub(add(xlog1py(sub(b, 1), neg(x)), xlogy(sub(a, 1), x)), logBeta));
}

/** `_IgammacGrad`: the negated gradients of `Igamma`. */
const igammacGrad: GradFn = (op, grads) => igammaGrad(op, grads)!.map((g) => (g === null ? null : neg(dense(g))));

/** `grad * fn(x, y)` after `grad`, x the op's input and y its output (the Bessel functions' gradients). */
const besselGrad = (fn: (x: Output, y: Output) => Output): GradFn => (op, [grad]) =>
  afterGrad(op, grad, (g) => [mul(g, fn(op.inputs[0], op.outputs[0]))]);

/** `_BesselI0Grad`: I1(x). */
const besselI0Grad = besselGrad((x) => besselI1(x));

/** `_BesselI0eGrad`: I1e(x) - sign(x) I0e(x). */
const besselI0eGrad = besselGrad((x, y) => sub(besselI1e(x), mul(sign(x), y)));

/** `_BesselI1Grad`: I0(x) - I1(x)/x, 1 at x = 0. */
const besselI1Grad = besselGrad((x, y) => whereV2(equal(x, scalarOf(0, x)), scalarOf(1, x), sub(besselI0(x), div(y, x))));

/** `_BesselI1eGrad`: I0e(x) - I1e(x) (sign(x) + 1/x), 0.5 at x = 0. */
const besselI1eGrad = besselGrad((x, y) => whereV2(equal(x, scalarOf(0, x)), scalarOf(0.5, x),
  sub(besselI0e(x), mul(y, add(sign(x), reciprocal(x))))));

/** The math gradients TF1 Python has and the C++ registry lacks. */
export const MATH_GRADIENTS: Array<[string, GradFn | null]> = [
  ['Erfc', erfcGrad], ['Xdivy', xdivyGrad], ['EuclideanNorm', euclideanNormGrad],
  ['CumulativeLogsumexp', cumulativeLogsumexpGrad], ['SegmentMax', segmentMinOrMaxGrad], ['SegmentMin', segmentMinOrMaxGrad],
  ['SegmentProd', segmentProdGrad], ['UnsortedSegmentProd', unsortedSegmentProdGrad],
  ['Betainc', betaincGrad], ['Igammac', igammacGrad], ['Zeta', zetaGrad], ['Polygamma', polygammaGrad],
  ['BesselI0', besselI0Grad], ['BesselI0e', besselI0eGrad], ['BesselI1', besselI1Grad], ['BesselI1e', besselI1eGrad],
];
