/**
 * Gradients of the fake-quant ops (TF's `array_grad.py`), which libtensorflow's C++ registry lacks:
 * each the op's `*Gradient` op on the incoming gradient and the op's inputs and attributes, as TF
 * 2.21 builds them; registered with the others in gradients.ts.
 */
import { Operation, Output } from '../framework/ops';
import type { GradFn } from './gradients';
import {
  fakeQuantWithMinMaxArgsGradient, fakeQuantWithMinMaxVarsGradient, fakeQuantWithMinMaxVarsPerChannelGradient,
} from './quantization_ops';

const bits = (op: Operation) => ({ numBits: op.getAttr('num_bits') as number, narrowRange: op.getAttr('narrow_range') as boolean });

/** `_FakeQuantWithMinMaxArgsGradient`. */
const argsGrad: GradFn = (op, grads) => [fakeQuantWithMinMaxArgsGradient(grads[0] as Output, op.inputs[0], {
  min: op.getAttr('min') as number, max: op.getAttr('max') as number, ...bits(op) })];

/** `_FakeQuantWithMinMaxVarsGradient` and `_FakeQuantWithMinMaxVarsPerChannelGradient`: input, min and max. */
const varsGrad = (gradOp: typeof fakeQuantWithMinMaxVarsGradient): GradFn => (op, grads) =>
  gradOp(grads[0] as Output, op.inputs[0], op.inputs[1], op.inputs[2], bits(op));

export const QUANTIZATION_GRADIENTS: Array<[string, GradFn | null]> = [
  ['FakeQuantWithMinMaxArgs', argsGrad],
  ['FakeQuantWithMinMaxVars', varsGrad(fakeQuantWithMinMaxVarsGradient)],
  ['FakeQuantWithMinMaxVarsPerChannel', varsGrad(fakeQuantWithMinMaxVarsPerChannelGradient)],
];
