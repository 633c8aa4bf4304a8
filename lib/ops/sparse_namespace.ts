/** `tf.sparse.*`: the sparse ops under the names TF1 also exports them by (`tf.sparse.to_dense`, ...). */
export {
  sparsePlaceholder as placeholder, fromDense, sparseTensorToDense as toDense, sparseReorder as reorder,
  sparseReshape as reshape, sparseConcat as concat, sparseAdd as add, sparseTensorDenseMatmul as sparseDenseMatmul,
  sparseTensorDenseMatmul as matmul, sparseReduceSum as reduceSum, sparseReduceSumSparse as reduceSumSparse,
  sparseReduceMax as reduceMax, sparseReduceMaxSparse as reduceMaxSparse, sparseRetain as retain,
  sparseFillEmptyRows as fillEmptyRows, sparseSlice as slice, sparseSplit as split, sparseSoftmax as softmax,
  sparseMerge as merge, sparseTranspose as transpose, sparseResetShape as resetShape, sparseMaximum as maximum,
  sparseMinimum as minimum, sparseMask as mask, sparseToIndicator as toIndicator, sparseCross as cross,
  sparseCrossHashed as crossHashed, sparseExpandDims as expandDims, sparseEye as eye,
} from './sparse_ops';
export { sparseBincount as bincount } from './sparse_ops';
export { sparseSegmentSum as segmentSum, sparseSegmentMean as segmentMean, sparseSegmentSqrtN as segmentSqrtN } from './math_ops';
export { SparseTensor } from '../framework/sparse_tensor';
export { SparseConditionalAccumulator } from './data_flow_ops';
