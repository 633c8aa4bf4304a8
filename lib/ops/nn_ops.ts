/**
 * Neural-network helpers (TF1's `tf.nn`): activations, bias add and the cross-entropy losses.
 */
import { ValueError } from '../errors';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { withScope } from './array_ops';

/** `tf.nn.relu(features)`. */
export function relu(features: InputValue, name?: string): Output {
  return applyOp('Relu', { features }, {}, name ?? 'Relu').output(0);
}

/** `tf.nn.softmax(logits)` over the last axis. */
export function softmax(logits: InputValue, name?: string): Output {
  return applyOp('Softmax', { logits }, {}, name ?? 'Softmax').output(0);
}

/** `tf.nn.log_softmax(logits)` over the last axis. */
export function logSoftmax(logits: InputValue, name?: string): Output {
  return applyOp('LogSoftmax', { logits }, {}, name ?? 'LogSoftmax').output(0);
}

/** `tf.nn.bias_add(value, bias)` (NHWC). */
export function biasAdd(value: InputValue, bias: InputValue, name?: string): Output {
  return applyOp('BiasAdd', { value, bias }, {}, name ?? 'BiasAdd').output(0);
}

/** `tf.nn.sigmoid(x)` (the same op as `tf.sigmoid`). */
export { sigmoid, tanh } from './math_ops';

function checkRank2(t: Output, what: string): void {
  if (t.shape && t.shape.length !== 2) {
    throw new ValueError(`${what} must be of rank 2 here (got shape [${t.shape.map((d) => d ?? '?').join(', ')}]); ` +
      'reshape to [batch, classes] first');
  }
}

/**
 * `tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits)`: the per-example loss of
 * rank-2 `[batch, classes]` inputs. The op is named `softmax_cross_entropy_with_logits` (TF1
 * also wraps it in reshapes for other ranks).
 */
export function softmaxCrossEntropyWithLogits(options: { labels: InputValue; logits: InputValue; name?: string }): Output {
  return withScope(options.name, 'softmax_cross_entropy_with_logits', [options.logits, options.labels],
    (scope, graph) => {
      const logits = convertToTensor(options.logits, { name: 'logits', graph });
      const labels = convertToTensor(options.labels, { name: 'labels', dtype: logits.dtype, graph });
      checkRank2(logits, 'logits');
      return applyOp('SoftmaxCrossEntropyWithLogits', { features: logits, labels }, {}, scope).output(0);
    });
}

/**
 * `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)`: `labels` are class indices
 * (int32/int64) of shape `[batch]`, `logits` `[batch, classes]`.
 */
export function sparseSoftmaxCrossEntropyWithLogits(options: { labels: InputValue; logits: InputValue;
  name?: string }): Output {
  return withScope(options.name, 'SparseSoftmaxCrossEntropyWithLogits', [options.labels, options.logits],
    (_scope, graph) => {
      const labels = convertToTensor(options.labels, { name: 'labels', graph });
      const logits = convertToTensor(options.logits, { name: 'logits', graph });
      checkRank2(logits, 'logits');
      if (labels.shape && logits.shape && labels.shape.length !== logits.shape.length - 1) {
        throw new ValueError(`Rank mismatch: Rank of labels (received ${labels.shape.length}) should equal rank of ` +
          `logits minus 1 (received ${logits.shape.length}).`);
      }
      const [loss, backprop] = applyOp('SparseSoftmaxCrossEntropyWithLogits', { features: logits, labels }, {}).outputs;
      return withPythonGradient(loss, backprop, logits);
    });
}

/**
 * `loss` with the gradient TF1's Python registers for the cross-entropy ops (`backprop * dloss`),
 * which libtensorflow's C++ gradient registry lacks: `sg(loss) + (a - sg(a))` with
 * `a = sum(sg(backprop) * logits, -1)` has the value of `loss` exactly (a - a is 0) and the
 * gradient `backprop` with respect to `logits`.
 */
function withPythonGradient(loss: Output, backprop: Output, logits: Output): Output {
  const sg = (t: Output) => applyOp('StopGradient', { input: t }, {}).output(0);
  const a = applyOp('Sum', { input: applyOp('Mul', { x: sg(backprop), y: logits }, {}).output(0), reduction_indices: [-1] },
    { keep_dims: false }).output(0);
  return applyOp('AddV2', { x: sg(loss), y: applyOp('Sub', { x: a, y: sg(a) }, {}).output(0) }, {}, 'loss').output(0);
}

/** `tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)`: max(x,0) - x*z + log(1+exp(-|x|)). */
export function sigmoidCrossEntropyWithLogits(options: { labels: InputValue; logits: InputValue; name?: string }): Output {
  return withScope(options.name, 'logistic_loss', [options.logits, options.labels], (scope, graph) => {
    const logits = convertToTensor(options.logits, { name: 'logits', graph });
    const labels = convertToTensor(options.labels, { name: 'labels', dtype: logits.dtype, graph });
    const zeros = applyOp('ZerosLike', { x: logits }, {}, 'zeros_like').output(0);
    const cond = applyOp('GreaterEqual', { x: logits, y: zeros }, {}).output(0);
    const reluLogits = applyOp('Select', { condition: cond, t: logits, e: zeros }, {}).output(0);
    const negAbs = applyOp('Select', { condition: cond, t: applyOp('Neg', { x: logits }, {}).output(0), e: logits }, {})
      .output(0);
    const a = applyOp('Sub', { x: reluLogits, y: applyOp('Mul', { x: logits, y: labels }, {}, 'mul').output(0) }, {},
      'sub').output(0);
    const b = applyOp('Log1p', { x: applyOp('Exp', { x: negAbs }, {}).output(0) }, {}).output(0);
    return applyOp('AddV2', { x: a, y: b }, {}, scope).output(0);
  });
}

/** `tf.nn.l2_loss(t)`: sum(t ** 2) / 2. */
export function l2Loss(t: InputValue, name?: string): Output {
  return applyOp('L2Loss', { t }, {}, name ?? 'L2Loss').output(0);
}
