/**
 * TF1's `tf.losses` (`losses_impl.py`, `losses/util.py`): each loss weighs its per-element losses
 * (weights a scalar or broadcastable to them, checked as `assert_broadcastable` does) and reduces
 * them by its `reduction` (default SUM_BY_NONZERO_WEIGHTS: the weighted sum over the number of
 * non-zero weights), in its TF1 name scope, op for op; the loss is added to `lossCollection`.
 * `getTotalLoss` sums them with the regularization losses.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { assertShapesCompatible } from '../framework/tensor_shape';
import { cast, constant, onesLike, rank, shape, size, sliceOf, squeeze, stopGradient, where, withScope, zerosLike } from './array_ops';
import { cond } from './cond';
import { lastDimMayBeOne, removeSqueezableDimensions } from './confusion_matrix';
import { controlDependencies } from './control_flow_ops';
import {
  abs, add, addN, divNoNan, equal, greater, log, maximum, minimum, mul, neg, range, reduceSum, squaredDifference, square,
  sub, truediv,
} from './math_ops';
import { relu, sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogitsV2, sparseSoftmaxCrossEntropyWithLogits } from './nn_ops';
import { assertBroadcastable, broadcastWeights } from './weights_broadcast_ops';

/** `tf.losses.Reduction`: how a loss reduces its weighted per-element losses. */
export const Reduction = {
  /** The weighted losses as they are. */
  NONE: 'none',
  /** Their sum. */
  SUM: 'weighted_sum',
  /** Their sum over the number of elements. */
  SUM_OVER_BATCH_SIZE: 'weighted_sum_over_batch_size',
  /** Their sum over the sum of the weights. */
  MEAN: 'weighted_mean',
  /** Their sum over the number of non-zero weights (the default). */
  SUM_BY_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
  /** The same as SUM_BY_NONZERO_WEIGHTS. */
  SUM_OVER_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
} as const;
export type Reduction = (typeof Reduction)[keyof typeof Reduction];

const ALL_REDUCTIONS: string[] = [Reduction.NONE, Reduction.SUM, Reduction.MEAN, Reduction.SUM_OVER_BATCH_SIZE,
  Reduction.SUM_OVER_NONZERO_WEIGHTS, Reduction.SUM_BY_NONZERO_WEIGHTS];

/** `Reduction.validate`. */
function validateReduction(key: string): void {
  if (!ALL_REDUCTIONS.includes(key)) {
    throw new ValueError(`Invalid Reduction Key ${key}. Key should be one of (${ALL_REDUCTIONS.map((r) => `'${r}'`).join(', ')}).`);
  }
}

/** Options of the losses (Python's keyword arguments). */
export interface LossOptions {
  /** A scalar, or weights broadcastable to the losses (default 1). */
  weights?: InputValue;
  /** The name scope (default: the loss's TF1 name). */
  scope?: string;
  /** Where the loss is added (default `losses`; null: nowhere). */
  lossCollection?: string | null;
  /** How the weighted losses reduce (default SUM_BY_NONZERO_WEIGHTS). */
  reduction?: Reduction;
}

/** `_num_elements`: the number of losses, in their dtype (`num_elements`). */
function numElements(losses: Output): Output {
  return withScope(undefined, 'num_elements', [losses], (scope) => cast(size(losses, scope), baseDType(losses.dtype)));
}

/**
 * `_num_present(losses, weights, per_batch)`: the number of losses whose (broadcast) weight is
 * not 0, in all or (`perBatch`) per entry of the first dimension.
 */
function numPresent(losses: Output, weights: Output, perBatch = false): Output {
  return withScope(undefined, 'num_present', [losses, weights], (scope) => {
    const w = cast(weights, DType.float32);
    const present = broadcastWeights(where(equal(w, 0), zerosLike(w), onesLike(w)), losses);
    if (perBatch) return reduceSum(present, { axis: range(1, rank(present)), keepDims: true, name: scope });
    return reduceSum(present, { name: scope });
  });
}

/** `_safe_mean`: the sum over `numPresent` (0 for none), named `value`. */
function safeMean(losses: Output, count: Output): Output {
  return divNoNan(reduceSum(losses), count, 'value');
}

/**
 * `tf.losses.compute_weighted_loss(losses, weights, scope, loss_collection, reduction)`: the
 * losses times the weights, reduced, cast back to the losses' dtype and added to `lossCollection`.
 */
export function computeWeightedLoss(losses: InputValue, options: LossOptions = {}): Output {
  const reduction = options.reduction ?? Reduction.SUM_BY_NONZERO_WEIGHTS;
  validateReduction(reduction);
  const weights = options.weights ?? 1.0;
  return withScope(options.scope, 'weighted_loss', [losses, weights], (_scope, graph) =>
    controlDependencies([assertBroadcastable(weights, losses)], () => {
      const l0 = convertToTensor(losses, { graph });
      const l = cast(l0, DType.float32);
      const w = cast(weights, DType.float32);
      const weighted = mul(l, w);
      let loss = weighted;
      if (reduction !== Reduction.NONE) {
        loss = reduceSum(weighted);
        if (reduction === Reduction.MEAN) loss = safeMean(loss, reduceSum(mul(onesLike(l), w, 'mul')));
        else if (reduction === Reduction.SUM_BY_NONZERO_WEIGHTS) loss = safeMean(loss, numPresent(l, w));
        else if (reduction === Reduction.SUM_OVER_BATCH_SIZE) loss = safeMean(loss, numElements(l));
      }
      loss = cast(loss, baseDType(l0.dtype));
      addLoss(loss, options.lossCollection);
      return loss;
    }));
}

function notNone(value: InputValue | undefined | null, what: string): void {
  if (value === undefined || value === null) throw new ValueError(`Argument \`${what}\` must not be None.`);
}

/**
 * A loss of `labels` and `predictions` cast to float32 (`absolute_difference`, `huber_loss`,
 * ...): in scope `defaultName`, `perElement` of the two, weighed and reduced.
 */
function floatLoss(defaultName: string, labels: InputValue, predictions: InputValue, options: LossOptions,
  perElement: (labels: Output, predictions: Output) => Output, names: [string, string] = ['labels', 'predictions']): Output {
  notNone(labels, names[0]);
  notNone(predictions, names[1]);
  return withScope(options.scope, defaultName, [predictions, labels, options.weights], (scope) => {
    const p = cast(predictions, DType.float32);
    const l = cast(labels, DType.float32);
    assertShapesCompatible(p.shape, l.shape);
    return computeWeightedLoss(perElement(l, p), { ...options, scope });
  });
}

/** `tf.losses.absolute_difference(labels, predictions)`: `|predictions - labels|`. */
export function absoluteDifference(labels: InputValue, predictions: InputValue, options: LossOptions = {}): Output {
  return floatLoss('absolute_difference', labels, predictions, options, (l, p) => abs(sub(p, l)));
}

/** `tf.losses.mean_squared_error(labels, predictions)`: `(predictions - labels)^2`. */
export function meanSquaredError(labels: InputValue, predictions: InputValue, options: LossOptions = {}): Output {
  return floatLoss('mean_squared_error', labels, predictions, options, (l, p) => squaredDifference(p, l));
}

/**
 * `tf.losses.cosine_distance(labels, predictions, axis)`: `1 - sum(labels * predictions)` along
 * `axis` (of unit vectors).
 */
export function cosineDistance(labels: InputValue, predictions: InputValue, options: LossOptions & { axis?: number } = {}):
  Output {
  if (options.axis === undefined) throw new ValueError('You must specify argument `axis`.');
  const axis = options.axis;
  return floatLoss('cosine_distance_loss', labels, predictions, options,
    (l, p) => sub(1, reduceSum(mul(p, l), { axis: [axis], keepDims: true }), 'sub'));
}

/** `tf.losses.hinge_loss(labels, logits)`: `relu(1 - (2 * labels - 1) * logits)` for labels in {0, 1}. */
export function hingeLoss(labels: InputValue, logits: InputValue, options: LossOptions = {}): Output {
  return floatLoss('hinge_loss', labels, logits, options, (l, x) => {
    const allOnes = onesLike(l);
    const signs = sub(mul(2, l, 'mul'), allOnes);
    return relu(sub(allOnes, mul(signs, x)));
  }, ['labels', 'logits']);
}

/**
 * `tf.losses.huber_loss(labels, predictions, delta=1)`: `0.5 * e^2` where `|e| <= delta`, else
 * `0.5 * delta^2 + delta * (|e| - delta)`.
 */
export function huberLoss(labels: InputValue, predictions: InputValue, options: LossOptions & { delta?: number } = {}):
  Output {
  const delta = options.delta ?? 1.0;
  return floatLoss('huber_loss', labels, predictions, options, (l, p) => {
    const absError = abs(sub(p, l));
    const quadratic = minimum(absError, delta);
    const linear = sub(absError, quadratic);
    const half = convertToTensor(0.5, { dtype: baseDType(quadratic.dtype), graph: quadratic.graph });
    return add(mul(half, mul(quadratic, quadratic)), mul(delta, linear));
  });
}

/**
 * `tf.losses.log_loss(labels, predictions, epsilon=1e-7)`: `-labels * log(predictions + eps) -
 * (1 - labels) * log(1 - predictions + eps)`.
 */
export function logLoss(labels: InputValue, predictions: InputValue, options: LossOptions & { epsilon?: number } = {}):
  Output {
  const epsilon = options.epsilon ?? 1e-7;
  return floatLoss('log_loss', labels, predictions, options, (l, p) => {
    const positive = neg(mul(l, log(add(p, epsilon, 'add'))));
    const negative = mul(sub(1, l, 'sub'), log(add(sub(1, p, 'sub'), epsilon, 'add')));
    return sub(positive, negative, 'sub');
  });
}

/**
 * `tf.losses.mean_pairwise_squared_error(labels, predictions, weights)`: per entry of the batch,
 * the mean of the squared differences of all pairs of `predictions - labels`, weighed and summed.
 */
export function meanPairwiseSquaredError(labels: InputValue, predictions: InputValue,
  options: Omit<LossOptions, 'reduction'> = {}): Output {
  notNone(labels, 'labels');
  notNone(predictions, 'predictions');
  const weights0 = options.weights ?? 1.0;
  return withScope(options.scope, 'mean_pairwise_squared_error', [predictions, labels, weights0], () => {
    const weights = cast(weights0, DType.float32);
    const l = cast(labels, DType.float32);
    return controlDependencies([assertBroadcastable(weights, l)], () => {
      const p = cast(predictions, DType.float32);
      assertShapesCompatible(p.shape, l.shape);
      const diffs = sub(p, l);
      const axis = range(1, rank(diffs));
      const sumSquaresDiffPerBatch = reduceSum(square(diffs), { axis, keepDims: true });
      const numPresentPerBatch = numPresent(diffs, weights, true);
      const term1 = mul(2.0, divNoNan(sumSquaresDiffPerBatch, maximum(sub(numPresentPerBatch, 1, 'sub'), 0), 'value'), 'mul');
      const sumDiff = reduceSum(diffs, { axis, keepDims: true });
      const term2 = mul(2.0, divNoNan(square(sumDiff), maximum(mul(numPresentPerBatch, sub(numPresentPerBatch, 1, 'sub')), 0),
        'value'), 'mul');
      const loss = reduceSum(mul(sub(term1, term2, 'sub'), weights));
      const meanLoss = where(greater(reduceSum(numPresentPerBatch), 0, 'Greater'), loss, zerosLike(loss), 'value');
      addLoss(meanLoss, options.lossCollection);
      return meanLoss;
    });
  });
}

/**
 * `tf.losses.sigmoid_cross_entropy(multi_class_labels, logits, label_smoothing=0)`: labels
 * smoothed towards 1/2 by `labelSmoothing`.
 */
export function sigmoidCrossEntropy(multiClassLabels: InputValue, logits: InputValue,
  options: LossOptions & { labelSmoothing?: number } = {}): Output {
  notNone(multiClassLabels, 'multi_class_labels');
  notNone(logits, 'logits');
  return withScope(options.scope, 'sigmoid_cross_entropy_loss', [logits, multiClassLabels, options.weights], (scope) => {
    const x = convertToTensor(logits);
    let labels = cast(multiClassLabels, baseDType(x.dtype));
    assertShapesCompatible(x.shape, labels.shape);
    const smoothing = options.labelSmoothing ?? 0;
    if (smoothing > 0) labels = add(mul(labels, 1 - smoothing, 'mul'), 0.5 * smoothing, 'add');
    const losses = sigmoidCrossEntropyWithLogits({ labels, logits: x, name: 'xentropy' });
    return computeWeightedLoss(losses, { ...options, scope });
  });
}

/**
 * `tf.losses.softmax_cross_entropy(onehot_labels, logits, label_smoothing=0)`: labels smoothed
 * towards 1/classes by `labelSmoothing`, with no gradient to them.
 */
export function softmaxCrossEntropy(onehotLabels: InputValue, logits: InputValue,
  options: LossOptions & { labelSmoothing?: number } = {}): Output {
  notNone(onehotLabels, 'onehot_labels');
  notNone(logits, 'logits');
  return withScope(options.scope, 'softmax_cross_entropy_loss', [logits, onehotLabels, options.weights], (scope) => {
    const x = convertToTensor(logits);
    const dtype = baseDType(x.dtype);
    let labels = cast(onehotLabels, dtype);
    assertShapesCompatible(x.shape, labels.shape);
    const smoothing = options.labelSmoothing ?? 0;
    if (smoothing > 0) {
      const numClasses = cast(sliceOf(shape(labels), [-1]), dtype);
      const smoothNegatives = truediv(smoothing, numClasses);
      labels = add(mul(labels, 1.0 - smoothing, 'mul'), smoothNegatives, 'add');
    }
    labels = stopGradient(labels, 'labels_stop_gradient');
    const losses = softmaxCrossEntropyWithLogitsV2({ labels, logits: x, name: 'xentropy' });
    return computeWeightedLoss(losses, { ...options, scope });
  });
}

/**
 * The losses' `_remove_squeezable_dimensions(labels, predictions, weights, expected_rank_diff)`:
 * also weights one rank above the labels squeezed.
 */
function removeSqueezable(labels: InputValue, predictions: InputValue, weights: InputValue, expectedRankDiff: number):
  [Output, Output, Output] {
  const [l, p] = removeSqueezableDimensions(labels, predictions, expectedRankDiff);
  const w = convertToTensor(weights);
  const [lr, ws] = [l.shape?.length, w.shape];
  if (lr !== undefined && ws !== null) return [l, p, ws.length - lr === 1 ? squeeze(w, [-1]) : w];
  const rankDiff = sub(rank(w), rank(l), 'sub');
  if (ws === null || (ws.length > 0 && lastDimMayBeOne(ws))) {
    return [l, p, cond(equal(1, rankDiff), () => squeeze(w, [-1]), () => w)];
  }
  return [l, p, w];
}

/** `tf.losses.sparse_softmax_cross_entropy(labels, logits)`: `labels` are class indices. */
export function sparseSoftmaxCrossEntropy(labels: InputValue, logits: InputValue, options: LossOptions = {}): Output {
  notNone(labels, 'labels');
  notNone(logits, 'logits');
  return withScope(options.scope, 'sparse_softmax_cross_entropy_loss', [logits, labels, options.weights], (scope) => {
    const [l, x, w] = removeSqueezable(labels, logits, options.weights ?? 1.0, 1);
    const losses = sparseSoftmaxCrossEntropyWithLogits({ labels: l, logits: x, name: 'xentropy' });
    return computeWeightedLoss(losses, { ...options, weights: w, scope });
  });
}

/**
 * `tf.contrib.layers.l2_regularizer(scale)`: a regularizer giving `scale * l2_loss(weights)`
 * (named `l2_regularizer`), or null for a zero scale.
 */
export function l2Regularizer(scale: number): (weights: InputValue) => Output | null {
  if (scale < 0) throw new ValueError(`Setting a scale less than 0 on a regularizer: ${scale}`);
  return (weights) => {
    if (scale === 0) return null;
    return withScope(undefined, 'l2_regularizer', [weights], (scope, graph) => {
      const w = convertToTensor(weights, { graph });
      const s = convertToTensor(scale, { dtype: baseDType(w.dtype), name: 'scale', graph });
      return applyOp('Mul', { x: s, y: applyOp('L2Loss', { t: w }, {}).output(0) }, {}, scope).output(0);
    });
  };
}

/** `tf.losses.add_loss(loss, loss_collection)`: `loss` added to the collection (none for null). */
export function addLoss(loss: Output, lossCollection: string | null = GraphKeys.LOSSES): void {
  if (lossCollection) loss.graph.addToCollection(lossCollection, loss);
}

/** `tf.losses.get_losses(scope, loss_collection)`. */
export function getLosses(scope?: string, lossCollection: string = GraphKeys.LOSSES,
  graph: Graph = getDefaultGraph()): Output[] {
  return graph.getCollection<Output>(lossCollection, scope);
}

/** `tf.losses.get_regularization_losses(scope)`. */
export function getRegularizationLosses(scope?: string, graph: Graph = getDefaultGraph()): Output[] {
  return graph.getCollection<Output>(GraphKeys.REGULARIZATION_LOSSES, scope);
}

/**
 * `tf.losses.get_regularization_loss(scope=None, name='total_regularization_loss')`: the sum of
 * the regularization losses, or a constant 0 when there are none.
 */
export function getRegularizationLoss(scope?: string, name = 'total_regularization_loss',
  graph: Graph = getDefaultGraph()): Output {
  const losses = getRegularizationLosses(scope, graph);
  return graph.asDefault(() => (losses.length > 0 ? addN(losses, name) : constant(0, { dtype: DType.float32 })));
}

/**
 * `tf.losses.get_total_loss(add_regularization_losses=True, name='total_loss', scope=None)`: the
 * sum of the losses (and regularization losses) of `scope`.
 */
export function getTotalLoss(options: { addRegularizationLosses?: boolean; name?: string; scope?: string; graph?: Graph } = {}):
  Output {
  const graph = options.graph ?? getDefaultGraph();
  const all = [...getLosses(options.scope, GraphKeys.LOSSES, graph),
    ...(options.addRegularizationLosses ?? true ? getRegularizationLosses(options.scope, graph) : [])];
  if (all.length === 0) {
    throw new ValueError('Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.');
  }
  return graph.asDefault(() => addN(all, options.name ?? 'total_loss'));
}
