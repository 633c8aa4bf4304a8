/**
 * Gradients of the array ops (TF's `array_grad.py`) that libtensorflow's C++ registry lacks: the
 * tensor scatters other than TensorScatterUpdate and ExtractImagePatches, after TF 2.21's Python
 * functions; registered with the others in gradients.ts.
 */
import { DType, baseDType } from '../framework/dtypes';
import { denseGradient as dense } from '../framework/indexed_slices';
import { InputValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { gatherNd, identity, reshape, scatterNd, shape, sliceOf, transpose, unstack } from './array_ops';
import { op1 } from './grad_util';
import type { GradFn } from './gradients';

const castTo = (x: Output, dtype: DType) => op1('Cast', { x }, { DstT: dtype });

/** `_TensorScatterAddGrad` and `_TensorScatterSubGrad`: the gradient itself, and its values at the indices (negated for Sub). */
const scatterAddSubGrad = (negate: boolean): GradFn => (op, grads) => {
  const grad = dense(grads[0]!);
  const updatesGrad = gatherNd(grad, op.inputs[1]);
  return [identity(grad), null, negate ? op1('Neg', { x: updatesGrad }) : updatesGrad];
};

/** `_TensorScatterMinOrMaxGrad`: the gradient split among the elements equal to the result. */
const scatterMinMaxGrad: GradFn = (op, grads) => {
  const grad = dense(grads[0]!);
  const [x, indices, y] = op.inputs;
  const output = op.outputs[0];
  const gdt = baseDType(grad.dtype);
  const xIndicators = castTo(op1('Equal', { x, y: output }), gdt);
  const yOutput = gatherNd(output, indices);
  const yIndicators = castTo(op1('Equal', { x: y, y: yOutput }), gdt);
  const ysIndicators = scatterNd(indices, yIndicators, shape(x, undefined, baseDType(indices.dtype)));
  const indicators = op1('AddV2', { x: xIndicators, y: ysIndicators });
  const xGrad = op1('RealDiv', { x: op1('Mul', { x: grad, y: xIndicators }), y: indicators });
  const yGrad = op1('Mul', { x: gatherNd(op1('RealDiv', { x: grad, y: indicators }), indices), y: yIndicators });
  return [xGrad, null, yGrad];
};

/**
 * `_ExtractImagePatchesGrad`: the patches of an image of 1-based pixel numbers tell where each
 * patch element came from; the gradient is summed back there (`UnsortedSegmentSum`, padding's 0 dropped).
 */
const extractImagePatchesGrad: GradFn = (op, grads) => {
  const [batchSize, rowsIn, colsIn, channels] = unstack(shape(op.inputs[0], undefined, DType.int64));
  const [rowsOut, colsOut] = unstack(sliceOf(shape(op.outputs[0], undefined, DType.int64), [[1, 3]]));
  const ksizes = op.getAttr('ksizes') as number[];
  const mul = (x: InputValue, y: InputValue) => op1('Mul', { x, y });
  const inputIndicesNum = mul(rowsIn, colsIn);
  const range = op1('Range', { start: 1.0, limit: castTo(op1('AddV2', { x: inputIndicesNum, y: 1 }), DType.float32), delta: 1.0 });
  const inputIdx = reshape(range, [1, rowsIn, colsIn, 1]);
  const patched = castTo(op1('ExtractImagePatches', { images: inputIdx }, {
    ksizes, strides: op.getAttr('strides'), rates: op.getAttr('rates'), padding: op.getAttr('padding'),
  }), DType.int64);
  const gradExpanded = transpose(reshape(dense(grads[0]!), [batchSize, rowsOut, colsOut, ksizes[1], ksizes[2], channels]),
    [1, 2, 3, 4, 0, 5]);
  const gradFlat = reshape(gradExpanded, [-1, mul(batchSize, channels)]);
  const segmentIds = op1('Sub', { x: reshape(patched, [-1]), y: 1 });
  const gradOut = op1('UnsortedSegmentSum', { data: gradFlat, segment_ids: segmentIds, num_segments: inputIndicesNum });
  return [transpose(reshape(gradOut, [rowsIn, colsIn, batchSize, channels]), [2, 0, 1, 3])];
};

/** The array ops' Python gradients, for gradients.ts's PYTHON_GRADIENTS. */
export const ARRAY_GRADIENTS: Array<[string, GradFn | null]> = [
  ['TensorScatterAdd', scatterAddSubGrad(false)], ['TensorScatterSub', scatterAddSubGrad(true)],
  ['TensorScatterMax', scatterMinMaxGrad], ['TensorScatterMin', scatterMinMaxGrad],
  ['ExtractImagePatches', extractImagePatchesGrad],
];
