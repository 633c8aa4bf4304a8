/**
 * Gradients of the sparse ops (TF's `sparse_grad.py`), which libtensorflow's C++ registry lacks:
 * each as TF 2.21 builds it, registered with the others in gradients.ts. null marks the ops TF
 * declares not differentiable; the ones whose TF gradient raises raise the same error here.
 */
import { NotImplementedError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { denseGradient as dense } from '../framework/indexed_slices';
import { InputValue, constantValue } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { SparseTensor, numbers } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import {
  cast, concat, expandDims, firstDim, gather, ones, reshape, shape, size, sliceOf, squeeze, transpose, zerosLike,
} from './array_ops';
import * as raw from './gen/raw_ops';
import type { GradFn } from './gradients';
import { mul, neg, range, reduceSum, square, sub, truediv } from './math_ops';
import { sparseAdd, sparseReduceSum, sparseReorder } from './sparse_ops';

/** Python's `x // y` on tensors (`floordiv`). */
const floordiv = (x: InputValue, y: InputValue) => raw.floorDiv({ x, y }, 'floordiv');

/** `_SparseReorderGrad`: the values' gradient put back in the input's order. */
const sparseReorderGrad: GradFn = (op, grads) => {
  const [indices, , denseShape] = op.inputs;
  const entries = range(0, firstDim(shape(indices)));
  const ordered = sparseReorder(new SparseTensor(indices, entries, denseShape));
  return [null, gather(dense(grads[1]!), raw.invertPermutation({ x: ordered.values })), null];
};

/** `_SparseAddGrad`: each operand's values' share of the sum's. */
const sparseAddGrad: GradFn = (op, grads) => {
  const { aValGrad, bValGrad } = raw.sparseAddGrad({
    backpropValGrad: dense(grads[1]!), aIndices: op.inputs[0], bIndices: op.inputs[3], sumIndices: op.outputs[0],
  });
  aValGrad.setShape(op.inputs[1].shape);
  bValGrad.setShape(op.inputs[4].shape);
  return [null, aValGrad, null, null, bValGrad, null, null];
};

/** `_SparseTensorDenseAddGrad`: the dense gradient at the sparse entries, and all of it to the dense operand. */
const sparseTensorDenseAddGrad: GradFn = (op, [grad]) =>
  [null, raw.gatherNd({ params: dense(grad!), indices: op.inputs[0] }), null, grad];

/** `math_ops.reduced_shape`: `inputShape` with the reduced axes set to 1; a host value when both are constant. */
function reducedShape(inputShape: Output, axes: Output): InputValue {
  const [dims, ax] = [constantValue(inputShape), constantValue(axes)];
  if (dims !== null && ax !== null) {
    const kept = numbers(dims);
    for (const a of numbers(ax)) kept[a < 0 ? a + kept.length : a] = 1;
    return Tensor.from(kept, { dtype: DType.int32, shape: [kept.length] });
  }
  const rank = size(inputShape);
  const wrapped = raw.floorMod({ x: raw.addV2({ x: axes, y: rank }, 'add'), y: rank }, 'mod');
  return raw.dynamicStitch({
    indices: [range(0, rank), wrapped], data: [inputShape, ones(shape(wrapped), inputShape.dtype)],
  });
}

/** `_SparseReduceSumGrad`: the output gradient broadcast back to each entry. */
const sparseReduceSumGrad: GradFn = (op, [grad]) => {
  const [spIndices, , spShape, axes] = op.inputs;
  const kept = reducedShape(spShape, axes);
  const reshaped = reshape(dense(grad!), kept);
  const scale = floordiv(spShape, cast(kept, DType.int64));
  return [null, raw.gatherNd({ params: reshaped, indices: floordiv(spIndices, scale) }), null, null];
};

/** `_SparseSliceGrad`: the sliced values' gradient put back at the input's entries (zeros elsewhere). */
const sparseSliceGrad: GradFn = (op, grads) => {
  const valGrad = raw.sparseSliceGrad({
    backpropValGrad: dense(grads[1]!), inputIndices: op.inputs[0], inputStart: op.inputs[3], outputIndices: op.outputs[0],
  });
  valGrad.setShape(op.inputs[1].shape);
  return [null, valGrad, null, null, null];
};

/** `_SparseTensorDenseMatMulGrad`: the values' gradient at their (row, column) and the dense operand's. */
const sparseTensorDenseMatMulGrad: GradFn = (op, [outGrad]) => {
  const grad = dense(outGrad!);
  const [aIndices, aValues, aShape, b] = op.inputs;
  const adjA = op.getAttr('adjoint_a') as boolean;
  const adjB = op.getAttr('adjoint_b') as boolean;
  if (baseDType(aValues.dtype) !== baseDType(b.dtype)) {
    throw new TypeError('SparseTensorDenseMatMul op received operands with different types: ' +
      `\`${dtypeName(baseDType(aValues.dtype))}\` and \`${dtypeName(baseDType(b.dtype))}\`.`);
  }
  let bGrad = raw.sparseTensorDenseMatMul({ aIndices, aValues, aShape, b: grad, adjointA: !adjA });
  if (adjB) bGrad = op.graph.nameScope('matrix_transpose', () => transpose(bGrad, [1, 0]));
  const rows = sliceOf(aIndices, [[null, null], 0]);
  const cols = sliceOf(aIndices, [[null, null], 1]);
  const partsA = gather(grad, adjA ? cols : rows);
  const partsB = gather(adjB ? transpose(b) : b, adjA ? rows : cols);
  // Python's four cases: an outer product of each entry's row of grad and column of b.
  const prod = raw.batchMatMulV2({
    x: expandDims(partsA, adjA ? -1 : -2), y: expandDims(partsB, adjA === adjB ? -2 : -1), adjX: adjA, adjY: adjA === adjB,
  }, 'MatMul');
  return [null, squeeze(prod, [-2, -1]), null, bGrad];
};

/**
 * `_SparseDenseCwiseMulOrDivGrad`: the values' gradient from the dense operand at their places,
 * and the dense operand's summed at the places each broadcast entry read (indices repeat there).
 */
const sparseDenseCwiseGrad = (isMul: boolean): GradFn => (op, [outGrad]) => {
  const grad = dense(outGrad!);
  const [xIndices, xValues, xShape, y] = op.inputs;
  const yShape = cast(shape(y), DType.int64);
  const addedDims = expandDims(sub(size(xShape), size(yShape), 'sub'), 0);
  const augmentedYShape = concat([ones(addedDims, DType.int64), yShape], 0);
  const scaling = floordiv(xShape, augmentedYShape);
  const scaled = raw.slice({ input: floordiv(xIndices, scaling), begin: concat([[0], addedDims], 0), size: [-1, -1] });
  const denseVals = raw.gatherNd({ params: y, indices: scaled });
  const [dx, dyVal] = isMul ? [mul(grad, denseVals, 'mul'), mul(grad, xValues, 'mul')]
    : [truediv(grad, denseVals), mul(grad, truediv(neg(xValues), square(denseVals)), 'mul')];
  const dy = sparseAdd(zerosLike(y), new SparseTensor(scaled, dyVal, yShape));
  return [null, dx, null, dy];
};

/** `_SparseDenseCwiseAddGrad`: TF has none. */
const sparseDenseCwiseAddGrad: GradFn = () => {
  throw new NotImplementedError('Gradient for SparseDenseCwiseAdd is not implemented.');
};

/**
 * `_SparseSoftmaxGrad`: as SoftmaxGrad over each row's entries only:
 * (grad - sum(grad * softmax)) * softmax.
 */
const sparseSoftmaxGrad: GradFn = (op, [outGrad]) => {
  const [indices, , denseShape] = op.inputs;
  const spOutput = new SparseTensor(indices, op.outputs[0], denseShape);
  const spGrad = new SparseTensor(indices, dense(outGrad!), denseShape);
  const spProduct = new SparseTensor(indices, mul(spOutput.values, spGrad.values, 'mul'), denseShape);
  const sumReduced = neg(sparseReduceSum(spProduct, { axis: [-1], keepDims: true }));
  // sparse_ops.sparse_dense_cwise_add: the row sums broadcast to the entries.
  const spSum = raw.sparseDenseCwiseAdd({ spIndices: indices, spValues: spGrad.values, spShape: denseShape, dense: sumReduced });
  return [null, mul(spSum, spOutput.values, 'mul'), null];
};

/**
 * `_SparseSparseMaximumGrad`/`MinimumGrad`: TF 2.21 means them to raise NotImplementedError, but
 * they take one output gradient of the op's two, so what Python raises is this TypeError.
 */
const sparseSparseCwiseGrad = (kind: 'Maximum' | 'Minimum'): GradFn => () => {
  throw new TypeError(`_SparseSparse${kind}Grad() takes 2 positional arguments but 3 were given`);
};

/** `_SparseFillEmptyRowsGrad`: the values' gradient through the reverse index map; the rest to the default. */
const sparseFillEmptyRowsGrad: GradFn = (op, grads) => {
  const { dValues, dDefaultValue } = raw.sparseFillEmptyRowsGrad({
    reverseIndexMap: op.outputs[3], gradValues: dense(grads[1]!),
  });
  return [null, dValues, null, dDefaultValue];
};

/** `_SparseToDenseGrad`: the values' gradient gathered at their indices; the default's is the rest. */
const sparseToDenseGrad: GradFn = (op, [outGrad]) => {
  const grad = dense(outGrad!);
  const [sparseIndices, outputShape] = op.inputs;
  const valuesGrad = raw.gatherNd({ params: grad, indices: sparseIndices });
  const defaultGrad = sub(reduceSum(grad), reduceSum(valuesGrad), 'sub');
  return [zerosLike(sparseIndices), zerosLike(outputShape), valuesGrad, defaultGrad];
};

/** sparse_grad.py's registrations, in its order. */
export const SPARSE_GRADIENTS: Array<[string, GradFn | null]> = [
  ['SparseAddGrad', null], ['SparseConcat', null],
  ['SparseReorder', sparseReorderGrad], ['SparseAdd', sparseAddGrad],
  ['SparseTensorDenseAdd', sparseTensorDenseAddGrad], ['SparseReduceSum', sparseReduceSumGrad],
  ['SparseSlice', sparseSliceGrad], ['SparseTensorDenseMatMul', sparseTensorDenseMatMulGrad],
  ['SparseDenseCwiseAdd', sparseDenseCwiseAddGrad], ['SparseDenseCwiseMul', sparseDenseCwiseGrad(true)],
  ['SparseDenseCwiseDiv', sparseDenseCwiseGrad(false)], ['SparseSoftmax', sparseSoftmaxGrad],
  ['SparseSparseMaximum', sparseSparseCwiseGrad('Maximum')], ['SparseSparseMinimum', sparseSparseCwiseGrad('Minimum')],
  ['SparseFillEmptyRows', sparseFillEmptyRowsGrad], ['SparseToDense', sparseToDenseGrad],
];
