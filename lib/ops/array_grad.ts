/**
 * Gradients of the array ops (TF's `array_grad.py`) that libtensorflow's C++ registry lacks or gets
 * wrong: the gathers (IndexedSlices on axis 0; GatherV2 on another axis or with batch_dims, which
 * C++'s mishandles), the tensor scatters other than TensorScatterUpdate and ExtractImagePatches,
 * after TF 2.21's Python functions; registered with the others in gradients.ts.
 */
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { Gradient, IndexedSlices, denseGradient as dense } from '../framework/indexed_slices';
import { InputValue, constantValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { pyStr } from '../util/python_repr';
import {
  cast, concat, expandDims, gather, gatherNd, getItem, identity, ones, rank, reshape, scatterNd, shape, size, sliceOf, tile,
  transpose, unstack,
} from './array_ops';
import { int32, op1 } from './grad_util';
import type { GradFn } from './gradients';
import { add, mul, range, sub, unsortedSegmentSum } from './math_ops';

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

/**
 * A gather's gradient on axis 0 (`_GatherGrad`, `_GatherV2Grad`): IndexedSlices of the incoming
 * gradient's rows, one per index, in a tensor of the params' shape.
 */
function gatheredRows(grad: Gradient, indices: Output, paramsShape: Output): IndexedSlices {
  const indicesSize = expandDims(op1('Size', { input: indices }, { out_type: DType.int32 }), 0);
  const rowShape = op1('StridedSlice', { input: paramsShape, begin: [1], end: [0], strides: [1] }, { end_mask: 1 });
  const values = reshape(dense(grad), concat([indicesSize, rowShape], 0));
  return new IndexedSlices(values, reshape(indices, indicesSize), paramsShape);
}

/**
 * `_GatherGrad` of ResourceGather (`embedding_lookup` on a resource variable): rows of the variable.
 * As TF's, it ignores batch_dims (its Reshape then fails as TF's does).
 */
const resourceGatherGrad: GradFn = (op, [grad]) => {
  const [handle, indices] = op.inputs;
  return [gatheredRows(grad!, indices, op1('VariableShape', { input: handle }, { out_type: DType.int32 })), null];
};

/** `_GatherGrad` of the v1 Gather op: rows of the params. */
const gatherGrad: GradFn = (op, [grad]) => {
  const [params, indices] = op.inputs;
  return [gatheredRows(grad!, indices, op.graph.colocateWith(params, () => shape(params))), null];
};

/** `_GetBatchIndices`: the indices offset by their batch's place in the flattened batch dimensions. */
function batchIndices(paramsShape: Output, indices: Output, batchDims: number): Output {
  const dtype = baseDType(indices.dtype);
  const castShape = cast(paramsShape, dtype);
  let accum = ones([], dtype);
  let out = indices;
  for (let dim = batchDims; dim > 0; dim--) {
    const dimValue = getItem(castShape, dim - 1);
    accum = mul(accum, getItem(castShape, dim));
    const dimIndices = mul(range(0, dimValue, 1, dtype), accum);
    const dimShape = concat([tile(int32([1]), int32([dim - 1])), [dimValue], tile(int32([1]), [sub(rank(indices), dim)])], 0);
    out = add(out, reshape(dimIndices, dimShape));
  }
  return out;
}

/**
 * `_BatchGatherGrad`: the gradient of a gather on the first non-batch axis, the values summed into
 * the gathered rows (`UnsortedSegmentSum`), batches flattened and restored.
 */
function batchGatherGrad(paramsShape: Output, values: Output, indices: Output, batchDims: number,
  gatherDimSize: Output): Output {
  const indicesSize = expandDims(size(indices), 0);
  if (!batchDims) return unsortedSegmentSum(values, reshape(indices, indicesSize), gatherDimSize);
  const valuesShape = shape(values);
  const outerShape = getItem(valuesShape, [[null, batchDims]]);
  const innerShape = getItem(getItem(valuesShape, [[batchDims, null]]), [[1, null]]);
  const batchSize = op1('Prod', { input: outerShape, reduction_indices: [0] }, { keep_dims: false });
  const flatValuesShape = concat([[-1], innerShape], 0);
  const segments = mul(gatherDimSize, batchSize);
  const offsetIndices = batchIndices(paramsShape, indices, batchDims);
  const flatValues = reshape(values, flatValuesShape);
  const grad = unsortedSegmentSum(flatValues, reshape(offsetIndices, indicesSize), segments);
  return reshape(grad, concat([outerShape, flatValuesShape], 0));
}

/**
 * `_GatherV2Grad`: on a constant axis 0 (`tf.gather`, `embedding_lookup` of a ref variable) rows of
 * the params; on another axis (negative or a tensor too) the gathered axis moved after the batch
 * dimensions, `_BatchGatherGrad` there and moved back, dense.
 */
const gatherV2Grad: GradFn = (op, [grad]) => {
  const [params, indices, axis] = op.inputs;
  const paramsShape = op.graph.colocateWith(params, () => shape(params));
  let batchDims = Number(op.getAttr('batch_dims'));
  if (batchDims < 0) {
    if (indices.shape === null) {
      throw new ValueError('Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 and ' +
        'the rank of the indices is unknown. Please pass a positive batch_dims or use tf.ensure_shape to update the ' +
        `shape of indices when calling tf.gather. Got batch_dims=${batchDims} and indices=${pyStr(indices)}`);
    }
    batchDims += indices.shape.length;
  }
  const axisStatic = constantValue(axis);
  if (axisStatic !== null && Number(axisStatic.item()) === 0) return [gatheredRows(grad!, indices, paramsShape), null, null];
  // Python's params_shape[:axis] and params_shape[axis:][1:], with the axis tensor.
  const outerShape = getItem(paramsShape, [[null, axis]]);
  const innerShape = getItem(getItem(paramsShape, [[axis, null]]), [[1, null]]);
  const valuesShape = concat([outerShape, [-1], innerShape], 0);
  const valuesDims = size(valuesShape);
  const axisDims = size(outerShape);
  const outerBatches = range(0, batchDims);
  const batchAxes = range(batchDims, axisDims);
  const innerAxes = range(add(axisDims, 1), valuesDims);
  const values = reshape(dense(grad!), valuesShape);
  // values[axis] moved up to values[batch_dims].
  const transposeDims = concat([outerBatches, [axisDims], batchAxes, innerAxes], 0);
  const valuesTranspose = transpose(values, transposeDims);
  const paramsGrad = batchGatherGrad(gather(paramsShape, transposeDims), valuesTranspose, indices, batchDims,
    getItem(paramsShape, axis));
  const invertDims = concat([outerBatches, add(batchAxes, 1), [batchDims], innerAxes], 0);
  // Reshaped to the params' shape against mismatches where some dimensions are zero.
  return [reshape(transpose(paramsGrad, invertDims), shape(params)), null, null];
};

/** The array ops' Python gradients, for gradients.ts's PYTHON_GRADIENTS. */
export const ARRAY_GRADIENTS: Array<[string, GradFn | null]> = [
  ['ResourceGather', resourceGatherGrad], ['Gather', gatherGrad], ['GatherV2', gatherV2Grad],
  ['TensorScatterAdd', scatterAddSubGrad(false)], ['TensorScatterSub', scatterAddSubGrad(true)],
  ['TensorScatterMax', scatterMinMaxGrad], ['TensorScatterMin', scatterMinMaxGrad],
  ['ExtractImagePatches', extractImagePatchesGrad],
];
