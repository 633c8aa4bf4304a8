/**
 * TF1's `nn_impl.py` beyond what nn_ops.ts has: the Poisson and weighted cross-entropy losses,
 * zero_fraction, moments from sufficient statistics, weighted moments, batch normalization with
 * global statistics, and the sampled losses (`nce_loss`, `sampled_softmax_loss`), each op for op as
 * TF 2.21 builds it. Re-exported by nn_ops.ts as part of `ops.nn`.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, convertToTensor, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { isCompatible, shapeString } from '../framework/tensor_shape';
import { deprecatedArgumentLookup } from '../util/deprecation';
import {
  cast, concat, expandDims, gather, ones, onesLike, rank, reshape, shape, sliceOf, squeeze, stack, stopGradient, where,
  withScope, zeros, zerosLike,
} from './array_ops';
import { computeAccidentalHits, logUniformCandidateSampler, CandidateSamples } from './candidate_sampling_ops';
import { cond } from './cond';
import * as raw from './gen/raw_ops';
import {
  abs, add, divNoNan, exp, greaterEqual, lessEqual, log, logicalAnd, matmul, mul, neg, notEqual, reciprocal,
  reduceProd, reduceSum, square, squaredDifference, sub, truediv,
} from './math_ops';
import {
  EmbeddingParams, batchNormalization, embeddingLookup, relu, sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogitsV2,
} from './nn_ops';
import { PartitionedVariable } from './partitioned_variables';

/** `labels.get_shape().assert_is_compatible_with(logits.get_shape())`, with the message of the loss. */
function assertSameShape(what: string, a: Output, b: Output): void {
  if (!isCompatible(b.shape, a.shape)) {
    throw new ValueError(`${what} must have the same shape, received (${shapeString(a.shape)} vs ${shapeString(b.shape)}).`);
  }
}

/**
 * `tf.nn.log_poisson_loss(targets, log_input, compute_full_loss=False)`: exp(log_input) -
 * log_input * targets, plus with `computeFullLoss` the Stirling approximation of log(targets!)
 * where targets > 1.
 */
export function logPoissonLoss(targets: InputValue, logInput: InputValue,
  options: { computeFullLoss?: boolean; name?: string } = {}): Output {
  return withScope(options.name, 'log_poisson_loss', [logInput, targets], (_scope, graph) => {
    const x = convertToTensor(logInput, { name: 'log_input', graph });
    const t = convertToTensor(targets, { name: 'targets', graph });
    assertSameShape('`log_input` and `targets`', x, t);
    let result = sub(exp(x), mul(x, t, 'mul'), 'sub');
    if (options.computeFullLoss) {
      const pointFive = makeConst(graph, Tensor.from(0.5, { dtype: t.dtype }));
      const twoPi = makeConst(graph, Tensor.from(2 * Math.PI, { dtype: t.dtype }));
      const stirling = add(sub(mul(t, log(t), 'mul'), t, 'sub'), mul(pointFive, log(mul(twoPi, t, 'mul')), 'mul'), 'add');
      const [zeroes, one] = [zerosLike(t, t.dtype), onesLike(t, t.dtype)];
      const cond01 = logicalAnd(greaterEqual(t, zeroes), lessEqual(t, one));
      result = add(result, where(cond01, zeroes, stirling), 'add');
    }
    return result;
  });
}

/** Options of `weightedCrossEntropyWithLogits` (TF1's keyword arguments). */
export interface WeightedCrossEntropyOptions {
  labels?: InputValue;
  /** The deprecated name of `labels`. */
  targets?: InputValue;
  logits: InputValue;
  /** The weight of the positive examples' term. */
  posWeight: number | Output;
  name?: string;
}

/**
 * `tf.compat.v1.nn.weighted_cross_entropy_with_logits(labels, logits, pos_weight, name, targets)`:
 * (1 - z) * x + (1 + (pos_weight - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0)), in scope
 * `logistic_loss`.
 */
export function weightedCrossEntropyWithLogits(options: WeightedCrossEntropyOptions): Output {
  const labels = deprecatedArgumentLookup('labels', options.labels, 'targets', options.targets);
  return withScope(options.name, 'logistic_loss', [options.logits, labels], (scope, graph) => {
    const logits = convertToTensor(options.logits, { name: 'logits', graph });
    const z = convertToTensor(labels as InputValue, { name: 'labels', graph });
    assertSameShape('`logits` and `labels`', logits, z);
    const pw = options.posWeight;
    // Python computes `pos_weight - 1` on a number itself.
    const logWeight = add(1, mul(typeof pw === 'number' ? pw - 1 : sub(pw, 1, 'sub'), z, 'mul'), 'add');
    return add(mul(sub(1, z, 'sub'), logits, 'mul'),
      mul(logWeight, add(raw.log1p({ x: exp(neg(abs(logits))) }, 'Log1p'), relu(neg(logits)), 'add'), 'mul'), scope);
  });
}

/** `_count_nonzero`: the number of non-zero entries, as `dtype`, in scope `count_nonzero`. */
function countNonzero(x: Output, dtype: DType): Output {
  return withScope(undefined, 'count_nonzero', [x], () =>
    reduceSum(cast(notEqual(x, zeros([], x.dtype)), dtype), { name: 'nonzero_count' }));
}

/**
 * `tf.nn.zero_fraction(value)`: the fraction of zeros in `value` (float32), counted in int32 when
 * it has at most 2**31 - 1 entries (a v1 cond), else in int64.
 */
export function zeroFraction(value: InputValue, name?: string): Output {
  return withScope(name, 'zero_fraction', [value], (_scope, graph) => {
    const v = convertToTensor(value, { name: 'value', graph });
    // `array_ops.size(value, out_type=int64)`: a Const when the shape is static.
    const size = withScope(undefined, 'Size', [v], (s) => (v.shape?.every((d) => d !== null)
      ? makeConst(graph, Tensor.from(v.shape.reduce((a, b) => a * (b as number), 1), { dtype: DType.int64 }), s)
      : raw.size({ input: v, outType: DType.int64 }, s)));
    const numNonzero = cond(lessEqual(size, Tensor.from(2 ** 31 - 1, { dtype: DType.int64 })),
      () => cast(countNonzero(v, DType.int32), DType.int64), () => countNonzero(v, DType.int64)) as Output;
    const fraction = withScope(undefined, 'counts_to_fraction', [], () => {
      const numZero = sub(size, numNonzero, 'sub');
      return truediv(cast(numZero, DType.float32), cast(size, DType.float32));
    });
    return raw.identity({ input: fraction }, 'fraction');
  });
}

/**
 * Python's `list(set(axes))` for small ints: by hash slot in a set of 8 (hash(-1) is -2), ties in
 * insertion order.
 */
function setOrder(axes: number[]): number[] {
  const slot = (a: number) => (a === -1 ? -2 : a) & 7;
  return [...new Set(axes)].map((a, i) => [a, i]).sort((x, y) => slot(x[0]) - slot(y[0]) || x[1] - y[1]).map(([a]) => a);
}

/**
 * `tf.compat.v1.nn.sufficient_statistics(x, axes, shift=None, keep_dims=None)`: [count, sum of
 * (x - shift), sum of (x - shift)², shift] over `axes`; the count a Const when those dimensions are static.
 */
export function sufficientStatistics(x: InputValue, axes: number[],
  options: { shift?: InputValue; keepDims?: boolean; keepdims?: boolean; name?: string } = {}):
  [Output, Output, Output, Output | null] {
  const ax = setOrder(axes);
  const keepDims = deprecatedArgumentLookup('keepdims', options.keepdims, 'keep_dims', options.keepDims) ?? false;
  return withScope(options.name, 'sufficient_statistics', [x, options.shift], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const s = xt.shape;
    let counts: Output;
    if (s !== null && ax.every((d) => s.at(d) !== null)) {
      counts = makeConst(graph, Tensor.from(ax.reduce((c, d) => c * (s.at(d) as number), 1), { dtype: xt.dtype }));
    } else {
      const r = rank(xt);
      const positive = ax.map((a) => (a < 0 ? add(a, r, 'add') : a));
      counts = reduceProd(gather(cast(shape(xt), xt.dtype), positive), { name: 'count' });
    }
    let shift: Output | null = null;
    let mSs: Output;
    let vSs: Output;
    if (options.shift != null) {
      shift = convertToTensor(options.shift, { name: 'shift', graph });
      mSs = sub(xt, shift);
      vSs = squaredDifference(xt, shift);
    } else {
      mSs = xt;
      vSs = square(xt);
    }
    mSs = reduceSum(mSs, { axis: ax, keepDims, name: 'mean_ss' });
    vSs = reduceSum(vSs, { axis: ax, keepDims, name: 'var_ss' });
    return [counts, mSs, vSs, shift];
  });
}

/**
 * `tf.nn.normalize_moments(counts, mean_ss, variance_ss, shift)`: [mean, variance] from
 * `sufficientStatistics`' sums, in scope `normalize`.
 */
export function normalizeMoments(counts: InputValue, meanSs: InputValue, varianceSs: InputValue,
  shift: InputValue | null, name?: string): [Output, Output] {
  return withScope(name, 'normalize', [counts, meanSs, varianceSs, shift], () => {
    const divisor = reciprocal(counts, 'divisor');
    let shiftedMean: Output;
    let mean: Output;
    if (shift != null) {
      shiftedMean = mul(meanSs, divisor, 'shifted_mean');
      mean = add(shiftedMean, shift, 'mean');
    } else {
      shiftedMean = mul(meanSs, divisor, 'mean');
      mean = shiftedMean;
    }
    return [mean, sub(mul(varianceSs, divisor), square(shiftedMean), 'variance')];
  });
}

/**
 * `tf.compat.v1.nn.weighted_moments(x, axes, frequency_weights, keep_dims=None)`: [mean, variance]
 * over `axes` with each entry counted by its (broadcast) weight; float16 computed in float32.
 */
export function weightedMoments(x: InputValue, axes: number[], frequencyWeights: InputValue,
  options: { keepDims?: boolean; keepdims?: boolean; name?: string } = {}): [Output, Output] {
  const keepDims = deprecatedArgumentLookup('keepdims', options.keepdims, 'keep_dims', options.keepDims) ?? false;
  return withScope(options.name, 'weighted_moments', [x, frequencyWeights, axes], (_scope, graph) => {
    let xt = convertToTensor(x, { name: 'x', graph });
    let w = convertToTensor(frequencyWeights, { name: 'frequency_weights', graph });
    const needsCast = xt.dtype === DType.float16;
    if (needsCast) xt = cast(xt, DType.float32);
    if (w.dtype !== xt.dtype) w = cast(w, xt.dtype);
    const weightedInputSum = reduceSum(mul(w, xt, 'mul'), { axis: axes, name: 'weighted_input_sum', keepDims: true });
    const broadcastWeights = add(w, zerosLike(xt), 'add');
    const sumOfWeights = reduceSum(broadcastWeights, { axis: axes, name: 'sum_of_weights', keepDims: true });
    let mean = divNoNan(weightedInputSum, sumOfWeights);
    const distsq = reduceSum(mul(w, squaredDifference(xt, mean), 'mul'), { axis: axes, name: 'weighted_distsq',
      keepDims: true });
    let variance = divNoNan(distsq, sumOfWeights);
    if (!keepDims) {
      mean = squeeze(mean, axes);
      variance = squeeze(variance, axes);
    }
    return needsCast ? [cast(mean, DType.float16), cast(variance, DType.float16)] : [mean, variance];
  });
}

/**
 * `tf.compat.v1.nn.batch_norm_with_global_normalization(t, m, v, beta, gamma, variance_epsilon,
 * scale_after_normalization)`: `batchNormalization` with `gamma` used only when
 * `scaleAfterNormalization`.
 */
export function batchNormWithGlobalNormalization(t: InputValue, m: InputValue, v: InputValue, beta: InputValue,
  gamma: InputValue, varianceEpsilon: number, scaleAfterNormalization: boolean, name?: string): Output {
  return batchNormalization(t, m, v, beta, scaleAfterNormalization ? gamma : null, varianceEpsilon, name);
}

/** `_sum_rows`: each row of the matrix summed, by a matmul with a column of ones. */
function sumRows(x: Output): Output {
  const cols = sliceOf(shape(x), [1]);
  return reshape(matmul(x, ones(stack([cols, 1]), x.dtype)), [-1]);
}

/** Options of `nceLoss` and `sampledSoftmaxLoss` (TF1's keyword arguments). */
export interface SampledLossOptions {
  /** Target classes per example (the labels' second dimension), default 1. */
  numTrue?: number;
  /** What a `*CandidateSampler` gave; by default a `logUniformCandidateSampler` draws them. */
  sampledValues?: CandidateSamples;
  /** Sampled classes that are also targets get their logits lowered by float32's max. */
  removeAccidentalHits?: boolean;
  /** How ids map to the parts of partitioned weights: 'mod' (default) or 'div'. */
  partitionStrategy?: 'mod' | 'div';
  name?: string;
}

/** `_compute_sampled_logits`: [logits, labels] of the true and the sampled classes. */
function computeSampledLogits(weights: EmbeddingParams, biases: InputValue, labelsIn: InputValue, inputsIn: InputValue,
  numSampled: number, numClasses: number, options: SampledLossOptions & { subtractLogQ: boolean; seed?: number }):
  [Output, Output] {
  const w = weights instanceof PartitionedVariable ? [...weights] : Array.isArray(weights) ? weights : [weights];
  const numTrue = options.numTrue ?? 1;
  return withScope(options.name, 'compute_sampled_logits', [...w, biases, inputsIn, labelsIn], (_scope, graph) => {
    const inputs = convertToTensor(inputsIn, { graph });
    let labels = convertToTensor(labelsIn, { graph });
    if (labels.dtype !== DType.int64) labels = cast(labels, DType.int64);
    const labelsFlat = reshape(labels, [-1]);
    const sampledValues = options.sampledValues ?? logUniformCandidateSampler(labels, numTrue, numSampled, true,
      numClasses, { seed: options.seed });
    const [sampledIds, trueExpectedCount, sampledExpectedCount] = [sampledValues.sampledCandidates,
      sampledValues.trueExpectedCount, sampledValues.sampledExpectedCount].map((s) => stopGradient(s));
    const sampled = cast(sampledIds, DType.int64);
    const allIds = concat([labelsFlat, sampled], 0);
    const lookup = (params: EmbeddingParams) => {
      const all = embeddingLookup(params, allIds, { partitionStrategy: options.partitionStrategy });
      return all.dtype !== inputs.dtype ? cast(all, inputs.dtype) : all;
    };
    const allW = lookup(w);
    const trueW = raw.slice({ input: allW, begin: [0, 0], size: stack([sliceOf(shape(labelsFlat), [0]), -1]) }, 'Slice');
    const sampledW = raw.slice({ input: allW, begin: stack([sliceOf(shape(labelsFlat), [0]), 0]), size: [-1, -1] },
      'Slice');
    let sampledLogits = matmul(inputs, sampledW, { transposeB: true });
    const allB = lookup(biases);
    let trueB = raw.slice({ input: allB, begin: [0], size: shape(labelsFlat) }, 'Slice');
    const sampledB = raw.slice({ input: allB, begin: shape(labelsFlat), size: [-1] }, 'Slice');
    const dim = sliceOf(shape(trueW), [[1, 2]]);
    const newTrueWShape = concat([[-1, numTrue], dim], 0);
    const rowWiseDots = mul(expandDims(inputs, 1), reshape(trueW, newTrueWShape));
    const dotsAsMatrix = reshape(rowWiseDots, concat([[-1], dim], 0));
    let trueLogits = reshape(sumRows(dotsAsMatrix), [-1, numTrue]);
    trueB = reshape(trueB, [-1, numTrue]);
    trueLogits = add(trueLogits, trueB, 'add');
    sampledLogits = add(sampledLogits, sampledB, 'add');
    if (options.removeAccidentalHits) {
      const hits = computeAccidentalHits(labels, sampled, numTrue);
      const accIndices2d = reshape(hits.indices, [-1, 1]);
      const accIds2d = reshape(cast(hits.ids, DType.int32), [-1, 1]);
      const sparseIndices = concat([accIndices2d, accIds2d], 1, 'sparse_indices');
      const sampledLogitsShape = concat([sliceOf(shape(labels), [[null, 1]]), expandDims(Tensor.from(numSampled, { dtype: DType.int32 }), 0)], 0);
      const accWeights = sampledLogits.dtype !== hits.weights.dtype ? cast(hits.weights, sampledLogits.dtype)
        : hits.weights;
      sampledLogits = add(sampledLogits, raw.sparseToDense({
        sparseIndices, outputShape: sampledLogitsShape, sparseValues: accWeights, defaultValue: 0.0,
        validateIndices: false,
      }), 'add');
    }
    if (options.subtractLogQ) {
      trueLogits = sub(trueLogits, log(trueExpectedCount), 'sub');
      sampledLogits = sub(sampledLogits, log(sampledExpectedCount), 'sub');
    }
    const outLogits = concat([trueLogits, sampledLogits], 1);
    const outLabels = concat([truediv(onesLike(trueLogits), numTrue), zerosLike(sampledLogits)], 1);
    return [outLogits, outLabels];
  });
}

/**
 * `tf.compat.v1.nn.nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
 * sampled_values=None, remove_accidental_hits=False, partition_strategy='mod', name='nce_loss')`:
 * the noise-contrastive estimation loss of each example. `weights` may be partitioned (a
 * PartitionedVariable or a list of parts); `labels` int64 [batch, numTrue]. Without
 * `sampledValues` the classes are drawn by a log-uniform sampler seeded by the graph seed.
 */
export function nceLoss(weights: EmbeddingParams, biases: InputValue, labels: InputValue, inputs: InputValue,
  numSampled: number, numClasses: number, options: SampledLossOptions = {}): Output {
  const [logits, outLabels] = computeSampledLogits(weights, biases, labels, inputs, numSampled, numClasses,
    { ...options, name: options.name ?? 'nce_loss', subtractLogQ: true });
  return sumRows(sigmoidCrossEntropyWithLogits({ labels: outLabels, logits, name: 'sampled_losses' }));
}

/**
 * `tf.compat.v1.nn.sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes,
 * num_true=1, sampled_values=None, remove_accidental_hits=True, partition_strategy='mod',
 * name='sampled_softmax_loss', seed=None)`: the softmax cross entropy of each example over its true
 * classes and the sampled ones.
 */
export function sampledSoftmaxLoss(weights: EmbeddingParams, biases: InputValue, labels: InputValue, inputs: InputValue,
  numSampled: number, numClasses: number, options: SampledLossOptions & { seed?: number } = {}): Output {
  const [logits, outLabels] = computeSampledLogits(weights, biases, labels, inputs, numSampled, numClasses, {
    ...options, removeAccidentalHits: options.removeAccidentalHits ?? true, name: options.name ?? 'sampled_softmax_loss',
    subtractLogQ: true,
  });
  return softmaxCrossEntropyWithLogitsV2({ labels: stopGradient(outLabels, 'labels_stop_gradient'), logits });
}
