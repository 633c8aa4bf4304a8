/**
 * Gradients of the tf.nn ops that only TF1 Python registers (libtensorflow's C++ registry lacks
 * them), each as TF 2.21 builds it; registered with the others in gradients.ts.
 */
import { denseGradient as dense } from '../framework/indexed_slices';
import { expandDims } from './array_ops';
import * as raw from './gen/raw_ops';
import type { GradFn } from './gradients';
import { mul } from './math_ops';

/**
 * `_CTCLossGrad`: the loss's gradient (CTCLoss's second output, behind a PreventGradient since it
 * has no second derivative) scaled by the incoming gradient of each batch entry (`_BroadcastMul`).
 */
const ctcLossGrad: GradFn = (op, [gradLoss]) => {
  const gradWithoutGradient = raw.preventGradient({
    input: op.outputs[1],
    message: "Currently there is no way to take the second  derivative of ctc_loss due to the fused implementation's " +
      'interaction  with tf.gradients()',
  });
  return [mul(expandDims(dense(gradLoss!), -1), gradWithoutGradient, 'mul'), null, null, null];
};

/**
 * `_LRNGrad`: LRNGrad with the op's depth_radius, bias, alpha and beta (libtensorflow's C++
 * gradient leaves them at their defaults).
 */
const lrnGrad: GradFn = (op, [grad]) => [raw.lRNGrad({
  inputGrads: dense(grad!), inputImage: op.inputs[0], outputImage: op.outputs[0],
  depthRadius: op.getAttr('depth_radius') as number, bias: op.getAttr('bias') as number,
  alpha: op.getAttr('alpha') as number, beta: op.getAttr('beta') as number,
})];

/** The tf.nn gradient functions for gradients.ts's PYTHON_GRADIENTS. */
export const NN_GRADIENTS: Array<[string, GradFn | null]> = [
  ['LRN', lrnGrad], ['CTCLoss', ctcLossGrad], ['CTCLossV2', ctcLossGrad],
  ['CTCGreedyDecoder', null], ['CTCBeamSearchDecoder', null],
];
