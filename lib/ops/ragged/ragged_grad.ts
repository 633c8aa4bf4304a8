/**
 * Gradients of the ragged conversion ops (TF's `ragged_conversion_ops.py`, `ragged_tensor.py`),
 * which libtensorflow's C++ registry lacks; registered with the others in gradients.ts.
 */
import { NotImplementedError } from '../../errors';
import { IndexedSlices, denseGradient } from '../../framework/indexed_slices';
import { applyOp } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { booleanMask, getItem, rank, reshape, shape } from '../array_ops';
import type { GradFn } from '../gradients';
import { logicalNot, notEqual, range, reduceSum, sub } from '../math_ops';

/** `_rank_ignoring_leading_dims_with_size_1`, from the static shape. */
function rankIgnoringLeadingOnes(value: Output): number {
  const s = value.shape;
  const lead = s?.findIndex((d) => d !== 1) ?? -1;
  if (s === null || (lead >= 0 && s[lead] === null)) {
    throw new NotImplementedError('The gradient of RaggedTensorToTensor needs a default_value of static shape.');
  }
  return lead < 0 ? 0 : s.length - lead;
}

/**
 * `_ragged_tensor_to_tensor_grad`: the flat values' gradient (IndexedSlices) is the output's where a
 * value went, the default value's the sum of the rest.
 */
const raggedTensorToTensorGrad: GradFn = (op, grads) => {
  const grad = denseGradient(grads[0]!);
  const [, flatValues, defaultValue, ...partitions] = op.inputs;
  const types = op.getAttr('row_partition_types') as string[];
  const flatShape = shape(flatValues);
  const raggedRank = types.filter((t) => t !== 'FIRST_DIM_SIZE').length;
  const indices = applyOp('RaggedTensorToTensor', {
    shape: getItem(shape(grad), [[null, 1 + raggedRank]]), values: range(0, getItem(flatShape, [0])),
    default_value: -1, row_partition_tensors: partitions,
  }, { row_partition_types: types }, 'RaggedTensorToTensor').output(0);
  const mask = notEqual(indices, -1);
  const valuesGrad = new IndexedSlices(booleanMask(grad, mask), booleanMask(indices, mask), flatShape);
  const defaultGrads = booleanMask(grad, logicalNot(mask));
  const dims = range(0, sub(rank(defaultGrads), rankIgnoringLeadingOnes(defaultValue)));
  const defaultGrad = reshape(reduceSum(defaultGrads, { axis: dims }), shape(defaultValue));
  return [null, valuesGrad, defaultGrad, ...partitions.map(() => null)];
};

/** `_ragged_tensor_to_sparse_gradient`: the sparse values' gradient is the flat values'. */
const raggedTensorToSparseGrad: GradFn = (op, grads) => [...op.inputs.slice(0, -1).map(() => null), grads[1]];

export const RAGGED_GRADIENTS: Array<[string, GradFn | null]> = [
  ['RaggedTensorToTensor', raggedTensorToTensorGrad], ['RaggedTensorToSparse', raggedTensorToSparseGrad],
];
