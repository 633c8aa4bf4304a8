/**
 * TF1's streaming metrics (`tf.compat.v1.metrics`, `metrics_impl.py`): each gives `[value,
 * updateOp]`. The update op adds a batch to local variables (collections `local_variables` and
 * `metric_variables`, zeros until `localVariablesInitializer()` runs) and gives the metric so far;
 * the value reads the variables. Ops, variables and errors are TF1's, op for op; outside a
 * distribution strategy `_aggregate_across_replicas` is a plain call, as here.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, makeConst } from '../framework/op_def_library';
import { Graph, GraphKeys, Output } from '../framework/ops';
import { SparseTensor, SparseTensorValue, convertToSparseTensor } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { StaticShape, assertShapesCompatible, shapeString } from '../framework/tensor_shape';
import {
  cast, concat, constant, diagPart, expandDims, fill, identity, ones as onesOf, onesLike, rank, reshape, shape, size,
  sliceOf, tile, transpose, where, whereV2, withScope, zeros, zerosLike,
} from './array_ops';
import { assertGreaterEqual, assertLessEqual, assertRankIn, assertType, pyInt } from './check_ops';
import { cond } from './cond';
import { lastDimMayBeOne, removeSqueezableDimensions, confusionMatrix } from './confusion_matrix';
import { controlDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import {
  abs, add, argmax, argmin, cumsum, divNoNan, equal, greater, greaterEqual, less, log, logicalAnd, logicalNot, maximum,
  minimum, mul, notEqual, reduceMax, reduceMean, reduceMin, reduceSum, reducedShape, sqrt, squaredDifference, sub,
  truediv,
} from './math_ops';
import { setDifference, setIntersection, setSize } from './sets';
import { sparseConcat, sparseReshape, sparseRetain } from './sparse_ops';
import { Variable, VariableAggregation, VariableSynchronization } from './variables';
import { variableScope } from './variable_scope';
import { broadcastWeights, assertBroadcastable } from './weights_broadcast_ops';

/** A metric: its value, and the op that adds a batch and gives the value after it. */
export type Metric = [value: Output, updateOp: Output];

/** Options every metric takes (Python's keyword arguments). */
export interface MetricOptions {
  /** Each value's weight: a scalar, or of the values' rank, each dimension 1 or theirs (default 1). */
  weights?: InputValue;
  /** Collections the value is added to. */
  metricsCollections?: string[];
  /** Collections the update op is added to. */
  updatesCollections?: string[];
  /** The variable scope (default: the metric's TF1 name). */
  name?: string;
}

/** Options of the @k metrics. */
export interface AtKOptions extends MetricOptions {
  /** Binary metrics for this class alone. */
  classId?: number;
}

/**
 * `metric_variable(shape, dtype, name)`: a variable initialized to zeros, not trainable, in
 * `local_variables` and `metric_variables`, synchronized on read and aggregated by sum.
 */
export function metricVariable(shape: StaticShape, dtype: DType, name?: string): Variable {
  if (shape === null || shape.some((d) => d === null)) {
    throw new ValueError(`Cannot convert a partially known TensorShape ${shapeString(shape)} to a Tensor.`);
  }
  return new Variable(() => zeros(shape as number[], dtype), {
    trainable: false, collections: [GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES], name,
    synchronization: VariableSynchronization.ON_READ, aggregation: VariableAggregation.SUM,
  });
}

function addToCollections(graph: Graph, collections: string[] | undefined, value: Output): void {
  if (collections && collections.length > 0) graph.addToCollections(collections, value);
}

/** A metric: its value (made first, added to `metricsCollections`) and its update op (to `updatesCollections`). */
function metricOf(options: MetricOptions, value: () => Output, update: () => Output): Metric {
  const v = aggregate(options.metricsCollections, value);
  const u = update();
  addToCollections(v.graph, options.updatesCollections, u);
  return [v, u];
}

/** `_aggregate_across_replicas` outside distribution strategies: the value, added to `collections`. */
function aggregate(collections: string[] | undefined, value: () => Output): Output {
  const v = value();
  addToCollections(v.graph, collections, v);
  return v;
}

/** `_aggregate_variable`: the variable read through an Identity (`read_var`). */
function aggregateVariable(v: Variable, collections: string[] | undefined): Output {
  return aggregate(collections, () => identity(v));
}

const f32 = DType.float32;
const f64 = DType.float64;

/**
 * The metrics' `_remove_squeezable_dimensions(predictions, labels, weights)`: labels and
 * predictions lined up, then weights one rank off squeezed or expanded (by conds at run time
 * when a rank is unknown); scalar weights stay.
 */
function removeSqueezable(predictions: InputValue, labels: InputValue | null, weights: InputValue | undefined):
  [Output, Output, Output | undefined] {
  let p = convertToTensor(predictions);
  let l: Output | null = null;
  if (labels !== null) {
    [l, p] = removeSqueezableDimensions(labels, p);
    assertShapesCompatible(p.shape, l.shape);
  }
  if (weights === undefined) return [p, l!, undefined];
  const w = convertToTensor(weights);
  const ws = w.shape;
  if (ws !== null && ws.length === 0) return [p, l!, w];
  const ps = p.shape;
  const expand = () => raw.expandDims({ input: w, dim: [-1] });
  const squeeze = () => raw.squeeze({ input: w, squeezeDims: [-1] });
  if (ps !== null && ws !== null) {
    if (ws.length - ps.length === 1) return [p, l!, squeeze()];
    if (ps.length - ws.length === 1) return [p, l!, expand()];
    return [p, l!, w];
  }
  const wRank = rank(w);
  const rankDiff = sub(wRank, rank(p), 'sub');
  const maybeSqueeze = ws !== null && !lastDimMayBeOne(ws) ? () => w : squeeze;
  return [p, l!, cond(equal(wRank, 0), () => w, () => cond(equal(rankDiff, 1), maybeSqueeze,
    () => cond(equal(rankDiff, -1), expand, () => w)))];
}

// --- means --------------------------------------------------------------------------------------

/**
 * `tf.metrics.mean(values, weights)`: the (weighted) mean so far, `total / count` over variables
 * `total` and `count`.
 */
export function mean(values: InputValue, options: MetricOptions = {}): Metric {
  return variableScope(options.name ?? null, { defaultName: 'mean' }, () => {
    let v = cast(values, f32);
    const total = metricVariable([], f32, 'total');
    const count = metricVariable([], f32, 'count');
    let numValues: Output;
    if (options.weights === undefined) {
      numValues = cast(size(v), f32);
    } else {
      let w: Output | undefined;
      [v, , w] = removeSqueezable(v, null, options.weights);
      w = broadcastWeights(cast(w!, f32), v);
      v = mul(v, w);
      numValues = reduceSum(w);
    }
    const updateTotal = total.assignAdd(reduceSum(v));
    const updateCount = controlDependencies([v], () => count.assignAdd(numValues));
    return metricOf(options, () => divNoNan(total, maximum(count, 0), 'value'),
      () => divNoNan(updateTotal, maximum(updateCount, 0), 'update_op'));
  });
}

/** `tf.metrics.mean_tensor(values, weights)`: the elementwise mean so far, over `total_tensor` and `count_tensor`. */
export function meanTensor(values: InputValue, options: MetricOptions = {}): Metric {
  return variableScope(options.name ?? null, { defaultName: 'mean' }, () => {
    let v = cast(values, f32);
    const total = metricVariable(v.shape, f32, 'total_tensor');
    const count = metricVariable(v.shape, f32, 'count_tensor');
    let numValues = onesLike(v);
    if (options.weights !== undefined) {
      let w: Output | undefined;
      [v, , w] = removeSqueezable(v, null, options.weights);
      w = broadcastWeights(cast(w!, f32), v);
      v = mul(v, w);
      numValues = mul(numValues, w);
    }
    const updateTotal = total.assignAdd(v);
    const updateCount = controlDependencies([v], () => count.assignAdd(numValues));
    return metricOf(options, () => divNoNan(total, maximum(count, 0), 'value'),
      () => divNoNan(updateTotal, maximum(updateCount, 0), 'update_op'));
  });
}

/** `tf.metrics.accuracy(labels, predictions, weights)`: how often the predictions equal the labels. */
export function accuracy(labels: InputValue, predictions: InputValue, options: MetricOptions = {}): Metric {
  let [p, l, w] = removeSqueezable(predictions, labels, options.weights);
  assertShapesCompatible(p.shape, l.shape);
  if (l.dtype !== p.dtype) p = cast(p, baseDType(l.dtype));
  return mean(cast(equal(p, l), f32), { ...options, weights: w, name: options.name ?? 'accuracy' });
}

/** `tf.metrics.mean_absolute_error(labels, predictions, weights)`. */
export function meanAbsoluteError(labels: InputValue, predictions: InputValue, options: MetricOptions = {}): Metric {
  const [p, l, w] = removeSqueezable(predictions, labels, options.weights);
  return mean(abs(sub(p, l, 'sub')), { ...options, weights: w, name: options.name ?? 'mean_absolute_error' });
}

/** `tf.metrics.mean_squared_error(labels, predictions, weights)`. */
export function meanSquaredError(labels: InputValue, predictions: InputValue, options: MetricOptions = {}): Metric {
  const [p, l, w] = removeSqueezable(predictions, labels, options.weights);
  return mean(squaredDifference(l, p), { ...options, weights: w, name: options.name ?? 'mean_squared_error' });
}

/** `tf.metrics.root_mean_squared_error(labels, predictions, weights)`: the square root of the mean squared error. */
export function rootMeanSquaredError(labels: InputValue, predictions: InputValue, options: MetricOptions = {}): Metric {
  const [p, l, w] = removeSqueezable(predictions, labels, options.weights);
  const [mse, updateMse] = meanSquaredError(l, p, { weights: w, name: options.name ?? 'root_mean_squared_error' });
  const rmse = aggregate(options.metricsCollections, () => sqrt(mse));
  const update = sqrt(updateMse);
  addToCollections(update.graph, options.updatesCollections, update);
  return [rmse, update];
}

/**
 * `tf.metrics.mean_relative_error(labels, predictions, normalizer, weights)`: the mean of
 * `|labels - predictions| / normalizer` (0 where the normalizer is 0).
 */
export function meanRelativeError(labels: InputValue, predictions: InputValue, normalizer: InputValue,
  options: MetricOptions = {}): Metric {
  let [p, l, w] = removeSqueezable(predictions, labels, options.weights);
  let n: Output;
  [p, n] = removeSqueezableDimensions(p, normalizer);
  assertShapesCompatible(p.shape, n.shape);
  const relative = where(equal(n, 0), zerosLike(l), truediv(abs(sub(l, p, 'sub')), n));
  return mean(relative, { ...options, weights: w, name: options.name ?? 'mean_relative_error' });
}

/**
 * `tf.metrics.mean_cosine_distance(labels, predictions, dim, weights)`: 1 minus the mean of the
 * dot products along `dim` (of unit vectors).
 */
export function meanCosineDistance(labels: InputValue, predictions: InputValue, dim: number,
  options: MetricOptions = {}): Metric {
  const [p, l, w] = removeSqueezable(predictions, labels, options.weights);
  const radialDiffs = reduceSum(mul(p, l), { axis: [dim], keepDims: true });
  const [meanDistance, updateMean] = mean(radialDiffs, { weights: w, name: options.name ?? 'mean_cosine_distance' });
  const value = sub(1, meanDistance);
  const update = sub(1, updateMean);
  addToCollections(value.graph, options.metricsCollections, value);
  addToCollections(value.graph, options.updatesCollections, update);
  return [value, update];
}

/** `tf.metrics.percentage_below(values, threshold, weights)`: the share of values below `threshold`. */
export function percentageBelow(values: InputValue, threshold: number, options: MetricOptions = {}): Metric {
  return mean(cast(less(values, threshold), f32), { ...options, name: options.name ?? 'percentage_below_threshold' });
}

// --- confusion matrices -------------------------------------------------------------------------

/** `_streaming_confusion_matrix`: the `total_confusion_matrix` variable (float64) and its update. */
function streamingConfusionMatrix(labels: InputValue, predictions: InputValue, numClasses: number,
  weights: InputValue | undefined): [Variable, Output] {
  const totalCm = metricVariable([numClasses, numClasses], f64, 'total_confusion_matrix');
  let p = cast(predictions, DType.int64);
  let l = cast(labels, DType.int64);
  const n = cast(pyInt(numClasses), DType.int64);
  if ((p.shape?.length ?? 0) > 1) p = reshape(p, [-1]);
  if ((l.shape?.length ?? 0) > 1) l = reshape(l, [-1]);
  let w = weights === undefined ? undefined : convertToTensor(weights);
  if (w !== undefined && (w.shape?.length ?? 0) > 1) w = reshape(w, [-1]);
  const currentCm = confusionMatrix(l, p, { numClasses: n, weights: w, dtype: f64 });
  return [totalCm, totalCm.assignAdd(currentCm)];
}

/**
 * `tf.metrics.mean_iou(labels, predictions, num_classes, weights)`: the mean intersection over
 * union of the classes seen (from a streamed confusion matrix).
 */
export function meanIou(labels: InputValue, predictions: InputValue, numClasses: number,
  options: MetricOptions = {}): Metric {
  return variableScope(options.name ?? null, { defaultName: 'mean_iou' }, () => {
    const p = convertToTensor(predictions);
    const l = convertToTensor(labels);
    assertShapesCompatible(p.shape, l.shape);
    const [totalCm, updateOp] = streamingConfusionMatrix(l, p, numClasses, options.weights);
    return metricOf(options, () => {
      const sumOverRow = cast(reduceSum(totalCm, 0), f32);
      const sumOverCol = cast(reduceSum(totalCm, 1), f32);
      const cmDiag = cast(diagPart(totalCm), f32);
      let denominator = sub(add(sumOverRow, sumOverCol, 'add'), cmDiag, 'sub');
      const numValidEntries = reduceSum(cast(notEqual(denominator, 0), f32));
      denominator = where(greater(denominator, 0), denominator, onesLike(denominator));
      const iou = truediv(cmDiag, denominator);
      return where(greater(numValidEntries, 0), truediv(reduceSum(iou, { name: 'mean_iou' }), numValidEntries), 0);
    }, () => updateOp);
  });
}

/** `tf.metrics.mean_per_class_accuracy(labels, predictions, num_classes, weights)`: the mean of the classes' accuracies. */
export function meanPerClassAccuracy(labels: InputValue, predictions: InputValue, numClasses: number,
  options: MetricOptions = {}): Metric {
  return variableScope(options.name ?? null, { defaultName: 'mean_accuracy' }, () => {
    let l = cast(labels, DType.int64);
    if ((l.shape?.length ?? 0) > 1) l = reshape(l, [-1]);
    let p = convertToTensor(predictions);
    if ((p.shape?.length ?? 0) > 1) p = reshape(p, [-1]);
    assertShapesCompatible(p.shape, l.shape);
    const total = metricVariable([numClasses], f32, 'total');
    const count = metricVariable([numClasses], f32, 'count');
    let ones = onesOf([size(l)], f32);
    if (l.dtype !== p.dtype) p = cast(p, l.dtype);
    let isCorrect = cast(equal(p, l), f32);
    if (options.weights !== undefined) {
      let w = convertToTensor(options.weights);
      if ((w.shape?.length ?? 0) > 1) w = reshape(w, [-1]);
      w = cast(w, f32);
      isCorrect = mul(isCorrect, w, 'mul');
      ones = mul(ones, w, 'mul');
    }
    const updateTotal = applyOp('ScatterAdd', { ref: total, indices: l, updates: ones }, {}, 'ScatterAdd').output(0);
    const updateCount = applyOp('ScatterAdd', { ref: count, indices: l, updates: isCorrect }, {}, 'ScatterAdd').output(0);
    return metricOf(options, () => reduceMean(divNoNan(count, maximum(total, 0)), { name: 'mean_accuracy' }),
      () => divNoNan(updateCount, maximum(updateTotal, 0), 'update_op'));
  });
}

// --- counts -------------------------------------------------------------------------------------

/** `_count_condition`: the (weighted) count of true `values`, in a variable `count`. */
function countCondition(values: Output, weights: Output | undefined, options: MetricOptions): Metric {
  assertType(values, DType.bool);
  const count = metricVariable([], f32, 'count');
  let v = cast(values, f32);
  if (weights !== undefined) {
    v = controlDependencies([assertRankIn(weights, [0, rank(v)])], () => mul(v, cast(weights, f32)));
  }
  const value = aggregateVariable(count, options.metricsCollections);
  const updateOp = count.assignAdd(reduceSum(v));
  addToCollections(value.graph, options.updatesCollections, updateOp);
  return [value, updateOp];
}

/** A count of (label, prediction) pairs: `labelIs` and `predictionIs` as booleans. */
function countOf(defaultName: string, labelIs: boolean, predictionIs: boolean) {
  return (labels: InputValue, predictions: InputValue, options: MetricOptions = {}): Metric =>
    variableScope(options.name ?? null, { defaultName }, () => {
      const [p, l, w] = removeSqueezable(cast(predictions, DType.bool), cast(labels, DType.bool), options.weights);
      return countCondition(logicalAnd(equal(l, labelIs), equal(p, predictionIs)), w, options);
    });
}

/** `tf.metrics.true_positives(labels, predictions, weights)`: the (weighted) count of both true. */
export const truePositives = countOf('true_positives', true, true);
/** `tf.metrics.false_positives(labels, predictions, weights)`. */
export const falsePositives = countOf('false_positives', false, true);
/** `tf.metrics.true_negatives(labels, predictions, weights)`. */
export const trueNegatives = countOf('true_negatives', false, false);
/** `tf.metrics.false_negatives(labels, predictions, weights)`. */
export const falseNegatives = countOf('false_negatives', true, false);

/**
 * `precision` and `recall`: `tp / (tp + other)` (0 while nothing is counted) of the counts
 * `truePositives` and `other` (false positives, false negatives).
 */
function ratioOf(defaultName: string, other: typeof truePositives) {
  return (labels: InputValue, predictions: InputValue, options: MetricOptions = {}): Metric =>
    variableScope(options.name ?? null, { defaultName }, () => {
      const [p, l, w] = removeSqueezable(cast(predictions, DType.bool), cast(labels, DType.bool), options.weights);
      const [tp, tpUpdate] = truePositives(l, p, { weights: w });
      const [o, oUpdate] = other(l, p, { weights: w });
      const ratio = (a: Output, b: Output, name: string) =>
        where(greater(add(a, b, 'add'), 0), truediv(a, add(a, b, 'add')), 0, name);
      return metricOf(options, () => ratio(tp, o, 'value'),
        () => ratio(tpUpdate, oUpdate, 'update_op'));
    });
}

/** `tf.metrics.precision(labels, predictions, weights)`: `tp / (tp + fp)`. */
export const precision = ratioOf('precision', falsePositives);
/** `tf.metrics.recall(labels, predictions, weights)`: `tp / (tp + fn)`. */
export const recall = ratioOf('recall', falseNegatives);

// --- thresholds ---------------------------------------------------------------------------------

type Count = 'tp' | 'fn' | 'tn' | 'fp';
const COUNTS: Count[] = ['tp', 'fn', 'tn', 'fp'];
const COUNT_NAMES: Record<Count, string> = {
  tp: 'true_positives', fn: 'false_negatives', tn: 'true_negatives', fp: 'false_positives',
};

/**
 * `_confusion_matrix_at_thresholds`: for each threshold, the (weighted) counts of predictions
 * above it (positive) against the labels, in variables `true_positives`, ... of shape
 * `[thresholds.length]`, and their updates; after run-time checks that predictions are in [0, 1].
 */
function confusionMatrixAtThresholds(labels: InputValue, predictions: InputValue, thresholds: number[],
  weights: InputValue | undefined, includes: Count[] = COUNTS):
  [Partial<Record<Count, Variable>>, Partial<Record<Count, Output>>] {
  const pred = convertToTensor(predictions);
  const message = 'predictions must be in [0, 1]';
  const checks = [assertGreaterEqual(pred, cast(0, baseDType(pred.dtype)), { message }),
    assertLessEqual(pred, cast(1, baseDType(pred.dtype)), { message })];
  const [p, l, w] = controlDependencies(checks, () => removeSqueezable(cast(pred, f32), cast(labels, DType.bool), weights));
  const n = thresholds.length;
  const predictions2d = reshape(p, [-1, 1]);
  const labels2d = reshape(cast(l, DType.bool), [1, -1]);
  const numPredictions = predictions2d.shape?.[0] ?? sliceOf(shape(predictions2d), [0]);
  const threshTiled = tile(raw.expandDims({ input: constant(thresholds), dim: [1] }),
    convertToTensor([1, numPredictions], { dtype: DType.int32, name: 'stack' }));
  const predIsPos = greater(tile(transpose(predictions2d), [n, 1]), threshTiled);
  const predIsNeg = includes.includes('fn') || includes.includes('tn') ? logicalNot(predIsPos) : undefined;
  const labelIsPos = tile(labels2d, [n, 1]);
  const labelIsNeg = includes.includes('fp') || includes.includes('tn') ? logicalNot(labelIsPos) : undefined;
  let weightsTiled: Output | undefined;
  if (w !== undefined) {
    weightsTiled = tile(reshape(broadcastWeights(cast(w, f32), p), [1, -1]), [n, 1]);
    assertShapesCompatible(threshTiled.shape, weightsTiled.shape);
  }
  const sides: Record<Count, () => [Output, Output]> = {
    tp: () => [labelIsPos, predIsPos], fn: () => [labelIsPos, predIsNeg!],
    tn: () => [labelIsNeg!, predIsNeg!], fp: () => [labelIsNeg!, predIsPos],
  };
  const values: Partial<Record<Count, Variable>> = {};
  const updates: Partial<Record<Count, Output>> = {};
  for (const c of COUNTS.filter((k) => includes.includes(k))) {
    const v = metricVariable([n], f32, COUNT_NAMES[c]);
    let is = cast(logicalAnd(...sides[c]()), f32);
    if (weightsTiled) is = mul(is, weightsTiled, 'mul');
    updates[c] = v.assignAdd(reduceSum(is, 1));
    values[c] = v;
  }
  return [values, updates];
}

/** A count at each threshold: the `count` variable read through an Identity, and its update. */
function countAtThresholds(defaultName: string, count: Count) {
  return (labels: InputValue, predictions: InputValue, thresholds: number[], options: MetricOptions = {}): Metric =>
    variableScope(options.name ?? null, { defaultName }, () => {
      const [values, updates] = confusionMatrixAtThresholds(labels, predictions, thresholds, options.weights, [count]);
      const value = aggregateVariable(values[count]!, options.metricsCollections);
      addToCollections(value.graph, options.updatesCollections, updates[count]!);
      return [value, updates[count]!];
    });
}

/** `tf.metrics.true_positives_at_thresholds(labels, predictions, thresholds, weights)`. */
export const truePositivesAtThresholds = countAtThresholds('true_positives', 'tp');
/** `tf.metrics.false_positives_at_thresholds(labels, predictions, thresholds, weights)`. */
export const falsePositivesAtThresholds = countAtThresholds('false_positives', 'fp');
/** `tf.metrics.true_negatives_at_thresholds(labels, predictions, thresholds, weights)`. */
export const trueNegativesAtThresholds = countAtThresholds('true_negatives', 'tn');
/** `tf.metrics.false_negatives_at_thresholds(labels, predictions, thresholds, weights)`. */
export const falseNegativesAtThresholds = countAtThresholds('false_negatives', 'fn');

/** `precision_at_thresholds` and `recall_at_thresholds`: `tp / (1e-7 + tp + other)` at each threshold. */
function ratioAtThresholds(defaultName: string, prefix: string, other: Count) {
  return (labels: InputValue, predictions: InputValue, thresholds: number[], options: MetricOptions = {}): Metric =>
    variableScope(options.name ?? null, { defaultName }, () => {
      const [values, updates] = confusionMatrixAtThresholds(labels, predictions, thresholds, options.weights,
        ['tp', other]);
      const ratio = (tp: InputValue, o: InputValue, name: string) =>
        truediv(tp, add(add(1e-7, tp, 'add'), o, 'add'), `${prefix}_${name}`);
      return metricOf(options, () => ratio(values.tp!, values[other]!, 'value'),
        () => ratio(updates.tp!, updates[other]!, 'update_op'));
    });
}

/** `tf.metrics.precision_at_thresholds(labels, predictions, thresholds, weights)`. */
export const precisionAtThresholds = ratioAtThresholds('precision_at_thresholds', 'precision', 'fp');
/** `tf.metrics.recall_at_thresholds(labels, predictions, thresholds, weights)`. */
export const recallAtThresholds = ratioAtThresholds('recall_at_thresholds', 'recall', 'fn');

/** Options of `auc`. */
export interface AucOptions extends MetricOptions {
  /** How many thresholds discretize the curve (default 200). */
  numThresholds?: number;
  /** 'ROC' (default) or 'PR'. */
  curve?: string;
  /** 'trapezoidal' (default), 'careful_interpolation', 'minoring' or 'majoring'. */
  summationMethod?: string;
  /** The thresholds, instead of `numThresholds` evenly spaced ones (0 and 1 are added). */
  thresholds?: number[];
}

/** `x[i]` for a scalar int32 tensor `i` (`_slice_helper`): its end `i + 1`, then a StridedSlice of packed bounds. */
function elementAt(x: InputValue, i: Output): Output {
  const t = convertToTensor(x);
  const end = add(i, 1, 'add');
  return withScope(undefined, 'strided_slice', [t, i, end], (scope, graph) => applyOp('StridedSlice', {
    input: t, begin: convertToTensor([i], { name: 'stack', graph }), end: convertToTensor([end], { name: 'stack_1', graph }),
    strides: makeConst(graph, Tensor.from([1], { dtype: DType.int32 }), 'stack_2'),
  }, { shrink_axis_mask: 1 }, scope).output(0));
}

const head = (x: InputValue, n: number) => sliceOf(convertToTensor(x), [[null, n - 1]]);
const tail = (x: InputValue) => sliceOf(convertToTensor(x), [[1, null]]);

/**
 * `tf.metrics.auc(labels, predictions, weights, num_thresholds, curve, summation_method,
 * thresholds)`: the area under the ROC or precision-recall curve, from the counts at each
 * threshold, by a Riemann sum.
 */
export function auc(labels: InputValue, predictions: InputValue, options: AucOptions = {}): Metric {
  const curve = options.curve ?? 'ROC';
  const summation = options.summationMethod ?? 'trapezoidal';
  return variableScope(options.name ?? null, { defaultName: 'auc' }, () => {
    if (curve !== 'ROC' && curve !== 'PR') throw new ValueError(`Curve must be either ROC or PR. Curve ${curve} is unknown.`);
    const kepsilon = 1e-7;
    let n = options.numThresholds ?? 200;
    let thresholds: number[];
    if (options.thresholds !== undefined) {
      thresholds = [...options.thresholds].sort((a, b) => a - b);
      n = thresholds.length + 2;
    } else {
      thresholds = Array.from({ length: n - 2 }, (_, i) => (i + 1) * 1.0 / (n - 1));
    }
    thresholds = [0.0 - kepsilon, ...thresholds, 1.0 + kepsilon];
    const [values, updates] = confusionMatrixAtThresholds(labels, predictions, thresholds, options.weights);
    const epsilon = 1.0e-6;
    const interpolatePrAuc = (tp: InputValue, fp: InputValue, fn: InputValue): Output => {
      const dtp = sub(head(tp, n), tail(tp), 'sub');
      const p = add(tp, fp, 'add');
      const precSlope = divNoNan(dtp, maximum(sub(head(p, n), tail(p), 'sub'), 0), 'prec_slope');
      const intercept = sub(tail(tp), mul(precSlope, tail(p)), 'sub');
      const safePRatio = where(logicalAnd(greater(head(p, n), 0), greater(tail(p), 0)),
        divNoNan(head(p, n), maximum(tail(p), 0), 'recall_relative_ratio'), onesLike(tail(p)));
      return reduceSum(divNoNan(mul(precSlope, add(dtp, mul(intercept, log(safePRatio), 'mul'), 'add'), 'mul'),
        maximum(add(tail(tp), tail(fn), 'add'), 0), 'pr_auc_increment'), { name: 'interpolate_pr_auc' });
    };
    const computeAuc = (tp: InputValue, fn: InputValue, tn: InputValue, fp: InputValue, name: string): Output => {
      if (curve === 'PR' && summation === 'careful_interpolation') return interpolatePrAuc(tp, fp, fn);
      const rec = truediv(add(tp, epsilon, 'add'), add(add(tp, fn, 'add'), epsilon, 'add'));
      const [x, y] = curve === 'ROC' ? [truediv(fp, add(add(fp, tn, 'add'), epsilon, 'add')), rec]
        : [rec, truediv(add(tp, epsilon, 'add'), add(add(tp, fp, 'add'), epsilon, 'add'))];
      const dx = () => sub(head(x, n), tail(x), 'sub');
      if (summation === 'trapezoidal' || summation === 'careful_interpolation') {
        const width = dx();
        return reduceSum(mul(width, truediv(add(head(y, n), tail(y), 'add'), 2)), { name });
      }
      if (summation === 'minoring' || summation === 'majoring') {
        const width = dx();
        return reduceSum(mul(width, (summation === 'minoring' ? minimum : maximum)(head(y, n), tail(y))), { name });
      }
      throw new ValueError(`Invalid summation_method: ${summation} summation_method should be 'trapezoidal', ` +
        "'careful_interpolation', 'minoring', or 'majoring'.");
    };
    return metricOf(options, () => computeAuc(values.tp!, values.fn!, values.tn!, values.fp!, 'value'),
      () => computeAuc(updates.tp!, updates.fn!, updates.tn!, updates.fp!, 'update_op'));
  });
}

/** The thresholds of the two below: `n` from just under 0 to `last`, evenly spaced in between. */
function rateThresholds(n: number, last: number): number[] {
  return [0.0 - 1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) * 1.0 / (n - 1)), last];
}

/** Options of `sensitivityAtSpecificity` and `specificityAtSensitivity`. */
export interface AtRateOptions extends MetricOptions {
  /** How many thresholds to look at (default 200). */
  numThresholds?: number;
}

/**
 * `tf.metrics.sensitivity_at_specificity(labels, predictions, specificity, weights,
 * num_thresholds)`: the sensitivity at the threshold whose specificity is closest to `specificity`.
 */
export function sensitivityAtSpecificity(labels: InputValue, predictions: InputValue, specificity: number,
  options: AtRateOptions = {}): Metric {
  if (specificity < 0 || specificity > 1) {
    throw new ValueError(`\`specificity\` must be in the range [0, 1]. Currently, \`specificity\` got ${specificity}.`);
  }
  return variableScope(options.name ?? null, { defaultName: 'sensitivity_at_specificity' }, () => {
    const kepsilon = 1e-7;
    const thresholds = rateThresholds(options.numThresholds ?? 200, 1.0 + kepsilon);
    const [values, updates] = confusionMatrixAtThresholds(labels, predictions, thresholds, options.weights);
    const compute = (tp: InputValue, tn: InputValue, fp: InputValue, fn: InputValue, name: string) => {
      const specificities = truediv(tn, add(add(tn, fp, 'add'), kepsilon, 'add'));
      const index = cast(argmin(abs(sub(specificities, specificity, 'sub')), 0), DType.int32);
      return truediv(elementAt(tp, index), add(add(elementAt(tp, index), elementAt(fn, index), 'add'), kepsilon, 'add'),
        name);
    };
    return metricOf(options, () => compute(values.tp!, values.tn!, values.fp!, values.fn!, 'value'),
      () => compute(updates.tp!, updates.tn!, updates.fp!, updates.fn!, 'update_op'));
  });
}

/**
 * `tf.metrics.specificity_at_sensitivity(labels, predictions, sensitivity, weights,
 * num_thresholds)`: the specificity at the (last) threshold whose sensitivity is closest to `sensitivity`.
 */
export function specificityAtSensitivity(labels: InputValue, predictions: InputValue, sensitivity: number,
  options: AtRateOptions = {}): Metric {
  if (sensitivity < 0 || sensitivity > 1) {
    throw new ValueError(`\`sensitivity\` must be in the range [0, 1]. Currently, \`sensitivity\` is ${sensitivity}.`);
  }
  return variableScope(options.name ?? null, { defaultName: 'specificity_at_sensitivity' }, () => {
    const kepsilon = 1e-7;
    const thresholds = rateThresholds(options.numThresholds ?? 200, 1.0 - kepsilon);
    const [values, updates] = confusionMatrixAtThresholds(labels, predictions, thresholds, options.weights);
    const compute = (tp: InputValue, tn: InputValue, fp: InputValue, fn: InputValue, name: string) => {
      const sensitivities = truediv(tp, add(add(tp, fn, 'add'), kepsilon, 'add'));
      const minVal = reduceMin(abs(sub(sensitivities, sensitivity, 'sub')));
      const atMin = cast(equal(abs(sub(sensitivities, sensitivity, 'sub')), minVal), DType.int64);
      const index = cast(argmax(cumsum(atMin), 0), DType.int32);
      return truediv(elementAt(tn, index), add(add(elementAt(tn, index), elementAt(fp, index), 'add'), kepsilon, 'add'),
        name);
    };
    return metricOf(options, () => compute(values.tp!, values.tn!, values.fp!, values.fn!, 'value'),
      () => compute(updates.tp!, updates.tn!, updates.fp!, updates.fn!, 'update_op'));
  });
}

// --- @k -----------------------------------------------------------------------------------------

/** `_at_k_name`: `recall_at_5`, `recall_at_k`, `recall_at_5_class2`. */
function atKName(name: string, k?: number, classId?: number): string {
  const base = k !== undefined ? `${name}_at_${k}` : `${name}_at_k`;
  return classId !== undefined ? `${base}_class${classId}` : base;
}

/** Labels of the @k metrics: a dense tensor (-1 and classes out of range for none) or a SparseTensor. */
export type Labels = InputValue | SparseTensor | SparseTensorValue;
type Ids = Output | SparseTensor;

const isSparse = (x: unknown): x is SparseTensor | SparseTensorValue =>
  x instanceof SparseTensor || x instanceof SparseTensorValue;

/** `convert_to_tensor_or_sparse_tensor`. */
function toIds(x: Labels): Ids {
  return isSparse(x) ? convertToSparseTensor(x) : convertToTensor(x);
}

/** A v1 cond giving a SparseTensor: its parts merged one by one (TF1's `expand_composites`). */
function sparseCond(pred: Output, trueFn: () => SparseTensor, falseFn: () => SparseTensor): SparseTensor {
  const parts = (sp: SparseTensor) => [sp.indices, sp.values, sp.denseShape];
  const [indices, values, denseShape] = cond(pred, () => parts(trueFn()), () => parts(falseFn()));
  return new SparseTensor(indices, values, denseShape);
}

/** `_select_class_id`: the ids equal to `selectedId`, as a SparseTensor of `ids`' shape. */
function selectClassId(ids: Ids, selectedId: number): SparseTensor {
  if (ids instanceof SparseTensor) return sparseRetain(ids, equal(ids.values, selectedId));
  const idsShape = shape(ids, undefined, DType.int64);
  const idsLastDim = sub(size(idsShape), 1, 'sub');
  const filledShape = reducedShape(idsShape, reshape(idsLastDim, [1]));
  const filled = fill(filledShape, cast(pyInt(selectedId), DType.int64));
  const result = setIntersection(filled, ids);
  return new SparseTensor(result.indices, result.values, idsShape);
}

/** `_maybe_select_class_id`. */
function maybeSelectClassId(labels: Ids, predictionsIdx: Output, classId?: number): [Ids, Ids] {
  if (classId === undefined) return [labels, predictionsIdx];
  return [selectClassId(labels, classId), selectClassId(predictionsIdx, classId)];
}

/** `_maybe_expand_labels`: labels of the predictions' rank (a last dimension of 1 added where they have one fewer). */
function maybeExpandLabels(labels: Labels, predictions: Output): Ids {
  return withScope(undefined, 'expand_labels', [labels, predictions], (scope): Ids => {
    const l = toIds(labels);
    if (l instanceof SparseTensor) {
      return sparseCond(equal(rank(predictions), add(size(l.denseShape), 1, 'add')),
        () => sparseReshape(l, concat([l.denseShape, [1]], 0), scope), () => l);
    }
    const [lr, pr] = [l.shape?.length, predictions.shape?.length];
    if (lr !== undefined && pr !== undefined) {
      if (pr === lr) return l;
      if (pr === lr + 1) return expandDims(l, -1, scope);
      throw new ValueError(`Unexpected labels shape ${shapeString(l.shape)} for predictions shape ` +
        `${shapeString(predictions.shape)}. Predictions rank should be the same rank as labels rank or labels rank plus one .`);
    }
    return cond(equal(rank(predictions), add(rank(l), 1, 'add')), () => expandDims(l, -1, scope), () => l);
  });
}

/**
 * `_sparse_true_positive_at_k`, `_sparse_false_negative_at_k`, `_sparse_false_positive_at_k`:
 * per entry, the (weighted, float64) size of the intersection or difference of the predicted and
 * label classes.
 */
function sparseCountAtK(count: 'tp' | 'fn' | 'fp', labels: Ids, predictionsIdx: Output, classId?: number,
  weights?: InputValue, name?: string): Output {
  return withScope(name, COUNT_NAMES[count], [predictionsIdx, labels, weights], () => {
    const [l, p] = maybeSelectClassId(labels, predictionsIdx, classId);
    const set = count === 'tp' ? setIntersection(p, l) : setDifference(p, l, count === 'fp');
    let c = cast(setSize(set), f64);
    if (weights !== undefined) {
      const c0 = c;
      c = controlDependencies([assertBroadcastable(weights, c0)], () => mul(c0, cast(weights, f64)));
    }
    return c;
  });
}

/** `_streaming_sparse_{true_positive,false_negative,false_positive}_at_k`: the float64 variable of the batch totals. */
function streamingSparseCountAtK(count: 'tp' | 'fn' | 'fp', labels: Ids, predictionsIdx: Output, k?: number,
  classId?: number, weights?: InputValue): [Variable, Output] {
  const name = { tp: 'true_positive', fn: 'false_negative', fp: 'false_positive' }[count];
  return withScope(undefined, atKName(name, k, classId), [predictionsIdx, labels, weights], (scope) => {
    const batchTotal = cast(reduceSum(sparseCountAtK(count, labels, predictionsIdx, classId, weights)), f64);
    const v = metricVariable([], f64, scope);
    return [v, v.assignAdd(batchTotal, { name: 'update' })];
  });
}

/** Options of `recallAtTopK` and `precisionAtTopK`. */
export interface AtTopKOptions extends AtKOptions {
  /** k, for the default name only. */
  k?: number;
}

/** `recall_at_top_k` and `precision_at_top_k`: `tp / (tp + other)` of the streamed sparse counts. */
function ratioAtTopK(metric: string, other: 'fn' | 'fp') {
  return (labels: Labels, predictionsIdx: InputValue, options: AtTopKOptions = {}): Metric => {
    const { k, classId, weights } = options;
    return withScope(options.name, atKName(metric, k, classId), [predictionsIdx, labels, weights], (scope) => {
      const idx = convertToTensor(predictionsIdx);
      const l = maybeExpandLabels(labels, idx);
      const topKIdx = cast(idx, DType.int64);
      const [tp, tpUpdate] = streamingSparseCountAtK('tp', l, topKIdx, k, classId, weights);
      const [o, oUpdate] = streamingSparseCountAtK(other, l, topKIdx, k, classId, weights);
      return metricOf(options, () => truediv(tp, add(tp, o), scope),
        () => truediv(tpUpdate, add(tpUpdate, oUpdate), 'update'));
    });
  };
}

/**
 * `tf.metrics.recall_at_top_k(labels, predictions_idx, k, class_id, weights)`: how often a label
 * class is among the predicted classes `predictionsIdx` (`[..., k]`).
 */
export const recallAtTopK = ratioAtTopK('recall', 'fn');
/**
 * `tf.metrics.precision_at_top_k(labels, predictions_idx, k, class_id, weights)`: how often a
 * predicted class in `predictionsIdx` is a label class.
 */
export const precisionAtTopK = ratioAtTopK('precision', 'fp');

/** `recall_at_k` and `precision_at_k`: the `atTopK` metric of the top `k` classes of `predictions` (logits). */
function ratioAtK(metric: string, atTopK: typeof recallAtTopK) {
  return (labels: Labels, predictions: InputValue, k: number, options: AtKOptions = {}): Metric =>
    withScope(options.name, atKName(metric, k, options.classId), [predictions, labels, options.weights], (scope) => {
      const { indices } = raw.topKV2({ input: predictions, k });
      return atTopK(labels, indices, { ...options, k, name: scope });
    });
}

/**
 * `tf.metrics.recall_at_k(labels, predictions, k, class_id, weights)`: how often a label class is
 * among the top `k` of `predictions` (float64 variables `true_positive_at_<k>`, `false_negative_at_<k>`).
 */
export const recallAtK = ratioAtK('recall', recallAtTopK);
/** `tf.metrics.precision_at_k(labels, predictions, k, class_id, weights)`: how often a top-`k` class is a label class. */
export const precisionAtK = ratioAtK('precision', precisionAtTopK);

/** `_expand_and_tile(tensor, multiple, dim)`: `tensor` with a dimension inserted at `dim`, tiled `multiple` times. */
function expandAndTile(tensor: Ids, multiple: number, dim: number, name: string): Ids {
  if (multiple < 1) {
    throw new ValueError(`Invalid argument multiple=${multiple} for expand_and_tile  call. \`multiple\` must be an ` +
      'integer > 0');
  }
  return withScope(name, 'expand_and_tile', [tensor, multiple, dim], (scope): Ids => {
    if (tensor instanceof SparseTensor) {
      const at = dim < 0 ? reshape(add(size(tensor.denseShape), dim, 'add'), [1]) : [dim];
      const expandedShape = concat([applyOp('Slice', { input: tensor.denseShape, begin: [0], size: at }, {}, 'Slice').output(0),
        [1], applyOp('Slice', { input: tensor.denseShape, begin: at, size: [-1] }, {}, 'Slice').output(0)], 0, 'expanded_shape');
      const sparseExpanded = sparseReshape(tensor, expandedShape, 'expand');
      if (multiple === 1) return sparseExpanded;
      return sparseConcat(dim < 0 ? dim - 1 : dim, new Array<SparseTensor>(multiple).fill(sparseExpanded), { name: scope });
    }
    const expanded = expandDims(tensor, dim >= 0 ? dim : dim - 1, 'expand');
    if (multiple === 1) return expanded;
    const ones = onesLike(shape(tensor));
    const multiples = concat([sliceOf(ones, [[null, dim]]), [multiple], sliceOf(ones, [[dim, null]])], 0, 'multiples');
    return tile(expanded, multiples, scope);
  });
}

/** `_num_relevant(labels, k)`: per entry, the number of labels (those >= 0), at most `k`. */
function numRelevant(labels: Ids, k: number): Output {
  if (k < 1) throw new ValueError(`Invalid k=${k}`);
  return withScope(undefined, 'num_relevant', [labels], (scope) => {
    if (labels instanceof SparseTensor) return minimum(setSize(labels), k, scope);
    const numLabels = reduceSum(whereV2(greaterEqual(labels, 0), onesLike(labels), zerosLike(labels)), { axis: -1 });
    return minimum(numLabels, k, scope);
  });
}

/** `_sparse_average_precision_at_top_k`: per entry, the average precision of the ranked predictions. */
function sparseAveragePrecisionAtTopK(labels: Ids, predictionsIdx: Output): Output {
  return withScope(undefined, 'average_precision', [predictionsIdx, labels], (scope) => {
    const idx = cast(predictionsIdx, DType.int64, 'predictions_idx');
    if (idx.shape?.length === 0) throw new ValueError('The rank of `predictions_idx` must be at least 1.');
    const k = idx.shape?.[idx.shape.length - 1] ?? null;
    if (k === null) throw new ValueError('The last dimension of predictions_idx must be set. Currently, it is None.');
    const l = maybeExpandLabels(labels, idx);
    const idxPerK = expandDims(idx, -1, 'predictions_idx_per_k');
    const labelsPerK = expandAndTile(l, k, -1, 'labels_per_k');
    const relevantPerK = sparseCountAtK('tp', labelsPerK, idxPerK, undefined, undefined, 'relevant_per_k');
    const tpPerK = cumsum(relevantPerK, { axis: -1, name: 'tp_per_k' });
    const retrievedPerK = cumsum(onesLike(relevantPerK), { axis: -1, name: 'retrieved_per_k' });
    const precisionPerK = truediv(cast(tpPerK, f64), cast(retrievedPerK, f64), 'precision_per_k');
    const relevantPrecisionPerK = mul(precisionPerK, cast(relevantPerK, f64), 'relevant_precision_per_k');
    const precisionSum = reduceSum(relevantPrecisionPerK, { axis: [-1], name: 'precision_sum' });
    return truediv(precisionSum, cast(numRelevant(l, k), f64), scope);
  });
}

/** `_clean_out_of_range_indices`: labels at or above `numClasses` made -1 (by a cond, when there are any). */
function cleanOutOfRangeIndices(labels: Ids, numClasses: Output): Ids {
  const clean = (values: Output) => whereV2(greaterEqual(values, numClasses), mul(-1, onesLike(values), 'mul'), values);
  if (labels instanceof SparseTensor) {
    return sparseCond(greaterEqual(reduceMax(labels.values), numClasses),
      () => new SparseTensor(labels.indices, clean(labels.values), labels.denseShape), () => labels);
  }
  return cond(greaterEqual(reduceMax(labels), numClasses), () => clean(labels), () => labels);
}

/**
 * `tf.metrics.average_precision_at_k(labels, predictions, k, weights)`: the mean average
 * precision of the top `k` classes of `predictions` (float64 variables `max` and `total`).
 */
export function averagePrecisionAtK(labels: Labels, predictions: InputValue, k: number,
  options: MetricOptions = {}): Metric {
  if (k < 1) throw new ValueError(`Invalid k=${k}. \`k\` should be >= 1.`);
  return withScope(options.name, atKName('average_precision', k), [predictions, labels, options.weights], (scope) => {
    const { indices } = raw.topKV2({ input: predictions, k });
    const p = convertToTensor(predictions);
    const l = cleanOutOfRangeIndices(toIds(labels), cast(sliceOf(shape(p), [-1]), DType.int64));
    return streamingSparseAveragePrecisionAtTopK(l, indices, { ...options, name: scope });
  });
}

/** `_streaming_sparse_average_precision_at_top_k`. */
function streamingSparseAveragePrecisionAtTopK(labels: Ids, predictionsIdx: Output, options: MetricOptions): Metric {
  return withScope(options.name, 'average_precision_at_top_k', [predictionsIdx, labels, options.weights], (scope, graph) => {
    let averagePrecision = sparseAveragePrecisionAtTopK(labels, predictionsIdx);
    let w: Output | undefined;
    if (options.weights !== undefined) {
      w = broadcastWeights(cast(options.weights, f64), averagePrecision);
      averagePrecision = mul(averagePrecision, w);
    }
    const ap = averagePrecision;
    const [maxVar, maxUpdate] = withScope(undefined, 'max', [ap], (maxScope) => {
      const v = metricVariable([], f64, maxScope);
      const batchMax = w === undefined ? cast(size(ap, 'batch_max'), f64) : reduceSum(w, { name: 'batch_max' });
      return [v, v.assignAdd(batchMax, { name: 'update' })] as const;
    });
    const [totalVar, totalUpdate] = withScope(undefined, 'total', [ap], (totalScope) => {
      const v = metricVariable([], f64, totalScope);
      const batchTotal = reduceSum(ap, { name: 'batch_total' });
      return [v, v.assignAdd(batchTotal, { name: 'update' })] as const;
    });
    const value = aggregate(options.metricsCollections, () => divNoNan(totalVar, maxVar, 'mean'));
    const updateOp = divNoNan(totalUpdate, maxUpdate, scope);
    addToCollections(graph, options.updatesCollections, updateOp);
    return [value, updateOp];
  });
}

/** `tf.compat.v1.metrics.sparse_precision_at_k(labels, predictions, k, class_id, weights, ...)`: `precision_at_k`'s old name. */
export const sparsePrecisionAtK = precisionAtK;
/** `tf.compat.v1.metrics.sparse_average_precision_at_k(labels, predictions, k, weights, ...)`: `average_precision_at_k`'s old name. */
export const sparseAveragePrecisionAtK = averagePrecisionAtK;
