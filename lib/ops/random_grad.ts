/**
 * Gradients of the random ops (TF's `random_grad.py`) that libtensorflow's C++ registry lacks: the
 * gamma samples' with respect to alpha (implicit reparameterization, `RandomGammaGrad`), the
 * stateless parameterized truncated normal's with respect to its parameters, and null for the
 * random ops TF declares not differentiable. Registered with the others in gradients.ts.
 */
import { DType, baseDType } from '../framework/dtypes';
import { denseGradient } from '../framework/indexed_slices';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { concat, fill, onesLike, reshape, shape, sliceOf } from './array_ops';
import * as raw from './gen/raw_ops';
import type { GradFn } from './gradients';
import { abs, add, exp, greater, less, log, mul, neg, range, reduceSum, square, sub, truediv } from './math_ops';
import { tinyOf } from './random_ops';

/** `add_leading_unit_dimensions`: `x` reshaped with `n` leading dimensions of size 1. */
function addLeadingUnitDimensions(x: Output, n: Output): Output {
  return reshape(x, concat([fill(reshape(n, [1]), Tensor.from(1, { dtype: DType.int32 })), shape(x)], 0));
}

/** d(sum grad * sample)/d alpha for samples of `n` leading sample dimensions. */
function gammaGradAlpha(alpha: Output, sample: Output, grad: Output, n: Output): Output {
  const partialA = raw.randomGammaGrad({ alpha: addLeadingUnitDimensions(alpha, n), sample });
  return reduceSum(mul(grad, partialA), range(0, n));
}

/** `_RandomGammaGrad`: none for the shape; alpha's through `RandomGammaGrad`. */
const randomGammaGrad: GradFn = (op, grads) => {
  const grad = denseGradient(grads[0]!);
  return op.graph.controlDependencies([grad], () =>
    [null, gammaGradAlpha(op.inputs[1], op.outputs[0], grad, sliceOf(shape(op.inputs[0]), [0]))]);
};

/** `_StatelessRandomGammaV2Grad` / `V3Grad`: alpha (input `alphaIndex`) as for RandomGamma, its own rank off the shape's. */
function statelessGammaGrad(alphaIndex: number): GradFn {
  return (op, grads) => {
    const grad = denseGradient(grads[0]!);
    const alpha = op.inputs[alphaIndex];
    return op.graph.controlDependencies([grad], () => {
      const n = sub(sliceOf(shape(op.inputs[0]), [0]), raw.rank({ input: alpha }), 'sub');
      return [...op.inputs.slice(0, alphaIndex).map(() => null), gammaGradAlpha(alpha, op.outputs[0], grad, n)];
    });
  };
}

/** `_Ndtr`: the standard normal CDF, by erf near 0 and erfc in the tails. */
function ndtr(x: Output): Output {
  const halfSqrt2 = Tensor.from(0.5 * Math.SQRT2, { dtype: baseDType(x.dtype) });
  const w = mul(x, halfSqrt2);
  const z = abs(w);
  const tails = raw.select({ condition: greater(w, 0), t: sub(2, raw.erfc({ x: z })), e: raw.erfc({ x: z }) });
  return mul(0.5, raw.select({ condition: less(z, halfSqrt2), t: add(1, raw.erf({ x: w })), e: tails }));
}

/** `np.finfo(dtype).eps`. */
const epsOf = (dtype: DType) => (dtype === DType.float64 ? 2 ** -52 : dtype === DType.float16 ? 2 ** -10 : 2 ** -23);

/**
 * `_StatelessParameterizedTruncatedNormalGrad`: the samples' implicit reparameterization gradients
 * with respect to means, stddevs, minvals and maxvals, each summed back to its input's shape.
 */
const statelessPtnGrad: GradFn = (op, grads) => {
  const grad = denseGradient(grads[0]!);
  const [shapeT, , mean, stddev, minval, maxval] = op.inputs;
  const dtype = baseDType(mean.dtype);
  return op.graph.controlDependencies([grad], () => {
    const [minStd, maxStd, sampleStd] = [minval, maxval, op.outputs[0]].map((v) => truediv(sub(v, mean), stddev));
    const ndtrMin = ndtr(minStd);
    const cdf = raw.clipByValue({ t: truediv(sub(ndtr(sampleStd), ndtrMin), sub(ndtr(maxStd), ndtrMin)),
      clipValueMin: Tensor.from(tinyOf(dtype), { dtype }), clipValueMax: Tensor.from(1 - epsOf(dtype), { dtype }) });
    const halfDiff = (bound: Output) => mul(0.5, sub(square(sampleStd), square(bound)));
    const dmax = exp(add(halfDiff(maxStd), log(cdf)));
    const dmin = exp(add(halfDiff(minStd), raw.log1p({ x: neg(cdf) })));
    const shapes = [mean, stddev, minval, maxval].map((t) => shape(t));
    const broadcast = shapes.reduce((acc, s) => raw.broadcastArgs({ s0: acc, s1: s }));
    const extraDims = range(0, sub(raw.size({ input: shapeT }), raw.size({ input: broadcast })));
    return [null, null, ...[onesLike(sampleStd), sampleStd, dmin, dmax].map((d, i) => {
      const g = reduceSum(mul(grad, d), extraDims);
      const { r1 } = raw.broadcastGradientArgs({ s0: broadcast, s1: shapes[i] });
      return reshape(raw.sum({ input: g, reductionIndices: r1, keepDims: true }), shapes[i]);
    })];
  });
};

/** The random ops' gradient functions; null for those TF marks `NotDifferentiable`. */
export const RANDOM_GRADIENTS: Array<[string, GradFn | null]> = [
  ['RandomGamma', randomGammaGrad],
  ['StatelessRandomGammaV2', statelessGammaGrad(2)],
  ['StatelessRandomGammaV3', statelessGammaGrad(4)],
  ['StatelessParameterizedTruncatedNormal', statelessPtnGrad],
  ...['RandomStandardNormal', 'RandomUniform', 'RandomShuffle', 'Multinomial', 'StatelessMultinomial',
    'StatelessRandomBinomial', 'StatelessRandomNormal', 'StatelessRandomPoisson', 'StatelessRandomUniform',
    'StatelessRandomUniformInt', 'StatelessRandomUniformFullInt', 'StatelessTruncatedNormal', 'StatelessRandomNormalV2',
    'StatelessRandomUniformV2', 'StatelessRandomUniformIntV2', 'StatelessRandomUniformFullIntV2',
    'StatelessTruncatedNormalV2', 'StatelessRandomShuffle', 'RandomIndexShuffle', 'ParameterizedTruncatedNormal',
    'TruncatedNormal'].map((t): [string, null] => [t, null]),
];
