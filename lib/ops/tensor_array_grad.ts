/**
 * Gradients of the v1 TensorArray ops (TF1's `tensor_array_grad`). The gradient of an array is
 * another array, its TensorArrayGradV3 for the `tf.gradients` call at hand (the `source`): a
 * read's gradient is written into it, a write's read back from it, and so on, their flows
 * ordering those ops as the forward flows order the forward ones.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { Operation, Output } from '../framework/ops';
import { identity } from './array_ops';
import type { GradFn } from './gradients';
import { TensorArray } from './tensor_array_ops';

/**
 * `_GetGradSource`: the name scope of the `tf.gradients` call a gradient belongs to (up to its
 * last `gradients*` part), so that each call accumulates into its own gradient array.
 */
function gradSource(t: { name: string }): string {
  const tokens = t.name.split('/');
  const last = tokens.map((x, i) => (x.startsWith('gradients') ? i : -1)).filter((i) => i >= 0).pop();
  if (last === undefined) {
    throw new ValueError('Expected op/tensor name to start with gradients (excluding scope), got: ' +
      `${t.name}. This means that a tf.gradients op with this op in its dependency path has a custom name that does ` +
      "not start with 'gradients'. Please make sure all calls to tf.gradients that have non-empty `name` arguments " +
      "use names that start with 'gradients'.");
  }
  return tokens.slice(0, last + 1).join('/');
}

/** The gradient array, for `source`, of the array `op` works on, made once `flow` is ready. */
function gradArray(op: Operation, dtypeAttr: string, flow: Output, source: string): TensorArray {
  const ta = new TensorArray(op.getAttr(dtypeAttr) as DType, { handle: op.inputs[0], flow,
    colocateWithFirstWriteCall: false });
  return ta.grad(source, flow);
}

/**
 * A write-like op's gradient array and the flow it is read after: the incoming gradient flow,
 * once the op's own flow is out (so that the gradient array is not made before the last write).
 */
function writtenGradArray(op: Operation, flow: Output): [TensorArray, Output] {
  const source = gradSource(flow);
  const flowOut = identity(op.output(0), 'flow_out');
  const barrier = op.graph.controlDependencies([flowOut], () => identity(flow, 'write_barrier'));
  return [gradArray(op, 'T', barrier, source), barrier];
}

/** `_TensorArrayReadGrad`: the gradient written into the gradient array at the index read. */
const readGrad: GradFn = (op, [grad]) => {
  const [, index, flow] = op.inputs;
  const g = gradArray(op, 'dtype', flow, gradSource(grad!));
  return [null, null, g.write(index, grad!).flow];
};

/** `_TensorArrayWriteGrad`: the value's gradient read from the gradient array at the index written. */
const writeGrad: GradFn = (op, [flow]) => {
  const [g, barrier] = writtenGradArray(op, flow as Output);
  return [null, null, g.read(op.inputs[1]), barrier];
};

/** `_TensorArrayGatherGrad`: the gradient scattered into the gradient array at the indices gathered. */
const gatherGrad: GradFn = (op, [grad]) => {
  const [, indices, flow] = op.inputs;
  const g = gradArray(op, 'dtype', flow, gradSource(grad!));
  return [null, null, g.scatter(indices, grad!).flow];
};

/** `_TensorArrayScatterGrad`: the value's gradient gathered from the gradient array at the indices scattered. */
const scatterGrad: GradFn = (op, [flow]) => {
  const [g, barrier] = writtenGradArray(op, flow as Output);
  return [null, null, g.gather(op.inputs[1]), barrier];
};

/** `_TensorArrayConcatGrad`: the gradient split into the gradient array by the lengths concatenated. */
const concatGrad: GradFn = (op, [grad]) => {
  const flow = op.inputs[1];
  const g = gradArray(op, 'dtype', flow, gradSource(grad!));
  return [null, g.split(grad!, op.output(1)).flow];
};

/** `_TensorArraySplitGrad`: the value's gradient concatenated from the gradient array. */
const splitGrad: GradFn = (op, [flow]) => {
  const [g, barrier] = writtenGradArray(op, flow as Output);
  return [null, g.concat(), null, barrier];
};

/** The TensorArray ops' gradient functions for the gradient walk; null for those TF1 declares not differentiable. */
export const TENSOR_ARRAY_GRADIENTS: Array<[string, GradFn | null]> = [
  ['TensorArrayReadV3', readGrad], ['TensorArrayWriteV3', writeGrad], ['TensorArrayGatherV3', gatherGrad],
  ['TensorArrayScatterV3', scatterGrad], ['TensorArrayConcatV3', concatGrad], ['TensorArraySplitV3', splitGrad],
  ['TensorArrayV3', null], ['TensorArrayGradV3', null], ['TensorArrayGradWithShape', null], ['TensorArraySizeV3', null],
  ['TensorArrayCloseV3', null],
];
