/**
 * Gradients of gradient ops that libtensorflow's C++ registry lacks, after TF 2.21's Python
 * functions (math_grad.py's `_TanhGradGrad`, `_SigmoidGradGrad`, `_SqrtGradGrad`, `_RsqrtGradGrad`,
 * `_ReciprocalGradGrad`; nn_grad.py's `_ReluGradGrad`, `_Relu6GradGrad`, `_EluGradGrad`,
 * `_SeluGradGrad`, `_SoftplusGradGrad`; array_grad.py's `_StridedSliceGradGrad`): second
 * derivatives (`hessians`, gradients of gradients) go through them. Registered with the others in
 * gradients.ts.
 */
import { denseGradient as dense } from '../framework/indexed_slices';
import { Operation, Output } from '../framework/ops';
import { stridedSlice, where, zerosLike } from './array_ops';
import * as raw from './gen/raw_ops';
import type { GradFn } from './gradients';
import { add, conj, exp, less, mul, neg, square, sub, truediv } from './math_ops';

/** `fn` of the incoming gradient, under `ops.control_dependencies([grad])` as TF's functions run. */
const afterGrad = (fn: (op: Operation, grad: Output) => Array<Output | null>): GradFn => (op, [g]) => {
  const grad = dense(g!);
  return op.graph.controlDependencies([grad], () => fn(op, grad));
};

/** `_ReciprocalGradGrad` (and `_InvGradGrad`): of y = -b * conj(a)^2. */
const reciprocalGradGrad = afterGrad((op, grad) => {
  const ca = conj(op.inputs[0]);
  return [mul(mul(mul(conj(grad), -2.0), op.inputs[1]), ca), raw.reciprocalGrad({ y: ca, dy: grad })];
});

/** `_SqrtGradGrad`: of y = 0.5 * b / conj(a). */
const sqrtGradGrad = afterGrad((op, grad) => {
  const ga = truediv(grad, op.inputs[0]);
  return [mul(neg(conj(ga)), op.outputs[0]), mul(ga, 0.5)];
});

/** `_RsqrtGradGrad`: of y = -0.5 * b * conj(a)^3. */
const rsqrtGradGrad = afterGrad((op, grad) => {
  const ca = conj(op.inputs[0]);
  return [mul(mul(mul(conj(grad), -1.5), op.inputs[1]), square(ca)), raw.rsqrtGrad({ y: ca, dy: grad })];
});

/** `_TanhGradGrad`: of y = b * (1 - a^2). */
const tanhGradGrad = afterGrad((op, grad) => {
  const [a, b] = [conj(op.inputs[0]), conj(op.inputs[1])];
  return [mul(mul(mul(grad, -2.0), b), a), raw.tanhGrad({ y: a, dy: grad })];
});

/** `_SigmoidGradGrad`: of y = b * a * (1 - a). */
const sigmoidGradGrad = afterGrad((op, grad) => {
  const [a, b] = [conj(op.inputs[0]), conj(op.inputs[1])];
  const gb = mul(grad, b);
  return [sub(gb, mul(mul(gb, 2.0), a)), raw.sigmoidGrad({ y: a, dy: grad })];
});

/** `_SoftplusGradGrad`: of dx = dy / (1 + exp(-x)). */
const softplusGradGrad = afterGrad((op, grad) => {
  const [dy, x] = op.inputs;
  const ddy = raw.softplusGrad({ gradients: grad, features: x });
  return [ddy, truediv(mul(grad, dy), add(add(exp(neg(x)), 2.0), exp(x)))];
});

/** `_ReluGradGrad` and `_Relu6GradGrad`: the forward op's gradient again; none for the features. */
const reluGradGrad = (grad6: boolean): GradFn => (op, [g]) => {
  const x = op.inputs[1];
  const args = { gradients: dense(g!), features: x };
  return [grad6 ? raw.relu6Grad(args) : raw.reluGrad(args), zerosLike(x)];
};

/** `_EluGradGrad` and `_SeluGradGrad`: of the gradient where the output is negative. */
const expLinearGradGrad = (selu: boolean): GradFn => (op, [g]) => {
  const grad = dense(g!);
  const outputs = op.inputs[1];
  const args = { gradients: grad, outputs };
  return [selu ? raw.seluGrad(args) : raw.eluGrad(args),
    where(less(outputs, 0), mul(grad, op.inputs[0]), zerosLike(outputs))];
};

/** `_StridedSliceGradGrad`: the incoming gradient sliced as the forward slice was; none for shape, begin, end, strides. */
const stridedSliceGradGrad: GradFn = (op, [grad]) => {
  const [, begin, end, strides] = op.inputs;
  const mask = (name: string) => op.getAttr(name) as number;
  return [null, null, null, null, stridedSlice(dense(grad!), begin, end, strides, {
    beginMask: mask('begin_mask'), endMask: mask('end_mask'), ellipsisMask: mask('ellipsis_mask'),
    newAxisMask: mask('new_axis_mask'), shrinkAxisMask: mask('shrink_axis_mask'),
  })];
};

export const SECOND_ORDER_GRADIENTS: Array<[string, GradFn | null]> = [
  ['InvGrad', reciprocalGradGrad], ['ReciprocalGrad', reciprocalGradGrad], ['SqrtGrad', sqrtGradGrad],
  ['RsqrtGrad', rsqrtGradGrad], ['TanhGrad', tanhGradGrad], ['SigmoidGrad', sigmoidGradGrad],
  ['SoftplusGrad', softplusGradGrad], ['ReluGrad', reluGradGrad(false)], ['Relu6Grad', reluGradGrad(true)],
  ['EluGrad', expLinearGradGrad(false)], ['SeluGrad', expLinearGradGrad(true)], ['StridedSliceGrad', stridedSliceGradGrad],
];
