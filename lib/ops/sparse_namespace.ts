/** `tf.sparse.*`: the sparse ops under the names TF1 also exports them by (`tf.sparse.to_dense`, ...). */
export {
  sparsePlaceholder as placeholder, fromDense, sparseTensorToDense as toDense, sparseReorder as reorder,
  sparseReshape as reshape, sparseConcat as concat, sparseAdd as add, sparseTensorDenseMatmul as sparseDenseMatmul,
  sparseReduceSum as reduceSum, sparseReduceSumSparse as reduceSumSparse, sparseRetain as retain,
  sparseFillEmptyRows as fillEmptyRows, sparseSlice as slice, sparseSplit as split, sparseSoftmax as softmax,
} from './sparse_ops';
