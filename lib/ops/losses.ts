/**
 * TF1's `tf.losses` (`losses_impl.py`) for the common case of a scalar weight and the default
 * reduction SUM_BY_NONZERO_WEIGHTS: the loss is `sum(weight * losses) / count`, where count is
 * the number of elements (0 when the weight is 0, giving 0, as `div_no_nan`). Each loss is
 * added to collection `losses`; `getTotalLoss` sums them with the regularization losses.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { constant, withScope } from './array_ops';
import { addN } from './math_ops';
import { sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogits, sparseSoftmaxCrossEntropyWithLogits } from './nn_ops';

/** Options of the losses. */
export interface LossOptions {
  /** A scalar weight (default 1). */
  weights?: number;
  /** The name scope (default: the loss's TF1 name). */
  scope?: string;
  /** Where the loss is added (default `losses`). */
  lossCollection?: string | null;
}

/**
 * `tf.losses.compute_weighted_loss(losses, weights)`: `sum(weights * losses) / count`, named
 * `value`, added to `lossCollection`.
 */
export function computeWeightedLoss(losses: Output, options: LossOptions = {}): Output {
  return withScope(options.scope, 'weighted_loss', [losses], (_scope, graph) => {
    const dtype = baseDType(losses.dtype);
    const w = options.weights ?? 1;
    const shape = losses.shape;
    const weighted = applyOp('Mul', { x: losses, y: Tensor.from(w, { dtype }) }, {}).output(0);
    const axes = shape ? shape.map((_, i) => i) : null;
    if (!axes) throw new ValueError('losses of unknown rank are not supported');
    const total = applyOp('Sum', { input: weighted, reduction_indices: Tensor.from(axes, { dtype: DType.int32, shape: [axes.length] }) },
      { keep_dims: false }).output(0);
    const count = shape!.every((d) => d !== null)
      ? convertToTensor(Tensor.from(w === 0 ? 0 : (shape as number[]).reduce((a, b) => a * b, 1), { dtype }),
        { name: 'num_present', graph })
      : applyOp('Cast', { x: applyOp('Size', { input: losses }, {}).output(0) }, { DstT: dtype }, 'num_present').output(0);
    const value = applyOp('DivNoNan', { x: total, y: count }, {}, 'value').output(0);
    if (options.lossCollection !== null) graph.addToCollection(options.lossCollection ?? GraphKeys.LOSSES, value);
    return value;
  });
}

/** `tf.losses.mean_squared_error(labels, predictions)`. */
export function meanSquaredError(labels: InputValue, predictions: InputValue, options: LossOptions = {}): Output {
  return withScope(options.scope, 'mean_squared_error', [labels, predictions], (scope, graph) => {
    const p = convertToTensor(predictions, { graph });
    const l = convertToTensor(labels, { dtype: p.dtype, graph });
    const sq = applyOp('SquaredDifference', { x: p, y: l }, {}).output(0);
    return computeWeightedLoss(sq, { ...options, scope });
  });
}

/** `tf.losses.absolute_difference(labels, predictions)`. */
export function absoluteDifference(labels: InputValue, predictions: InputValue, options: LossOptions = {}): Output {
  return withScope(options.scope, 'absolute_difference', [labels, predictions], (scope, graph) => {
    const p = convertToTensor(predictions, { graph });
    const l = convertToTensor(labels, { dtype: p.dtype, graph });
    const d = applyOp('Abs', { x: applyOp('Sub', { x: p, y: l }, {}).output(0) }, {}).output(0);
    return computeWeightedLoss(d, { ...options, scope });
  });
}

/** `tf.losses.sparse_softmax_cross_entropy(labels, logits)`: labels are class indices. */
export function sparseSoftmaxCrossEntropy(labels: InputValue, logits: InputValue, options: LossOptions = {}): Output {
  return withScope(options.scope, 'sparse_softmax_cross_entropy_loss', [labels, logits], (scope) =>
    computeWeightedLoss(sparseSoftmaxCrossEntropyWithLogits({ labels, logits, name: 'xentropy' }), { ...options, scope }));
}

/** `tf.losses.softmax_cross_entropy(onehot_labels, logits)` (no label smoothing). */
export function softmaxCrossEntropy(onehotLabels: InputValue, logits: InputValue, options: LossOptions = {}): Output {
  return withScope(options.scope, 'softmax_cross_entropy_loss', [onehotLabels, logits], (scope) =>
    computeWeightedLoss(softmaxCrossEntropyWithLogits({ labels: onehotLabels, logits }), { ...options, scope }));
}

/** `tf.losses.sigmoid_cross_entropy(multi_class_labels, logits)` (no label smoothing). */
export function sigmoidCrossEntropy(labels: InputValue, logits: InputValue, options: LossOptions = {}): Output {
  return withScope(options.scope, 'sigmoid_cross_entropy_loss', [labels, logits], (scope) =>
    computeWeightedLoss(sigmoidCrossEntropyWithLogits({ labels, logits }), { ...options, scope }));
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

/** `tf.losses.add_loss(loss)`. */
export function addLoss(loss: Output, lossCollection: string = GraphKeys.LOSSES): void {
  loss.graph.addToCollection(lossCollection, loss);
}

/** `tf.losses.get_losses(scope)`. */
export function getLosses(scope?: string, graph: Graph = getDefaultGraph()): Output[] {
  return graph.getCollection<Output>(GraphKeys.LOSSES, scope);
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

/** `tf.losses.get_total_loss(add_regularization_losses=True, name='total_loss')`: the sum of the losses. */
export function getTotalLoss(options: { addRegularizationLosses?: boolean; name?: string; graph?: Graph } = {}): Output {
  const graph = options.graph ?? getDefaultGraph();
  const all = [...getLosses(undefined, graph),
    ...(options.addRegularizationLosses ?? true ? getRegularizationLosses(undefined, graph) : [])];
  if (all.length === 0) throw new ValueError('No losses found in collections.');
  return graph.asDefault(() => addN(all, options.name ?? 'total_loss'));
}
