/**
 * The `ops` namespace: graph-building helpers (placeholders, constants, variables, math, state
 * and control-flow ops), as TF1 Python's `tf.*` graph functions, plus `applyOp` for any op of
 * libtensorflow's registry and the generated wrappers under `ops.gen`.
 */
export { applyOp, convertToTensor, getOpDef, groupedOutputs } from './framework/op_def_library';
export { colocateWith, initScope } from './framework/ops';
export type { InputValue, TensorConvertible, ApplyOpOptions, ConvertOptions } from './framework/op_def_library';
export {
  placeholder, placeholderWithDefault, constant, identity, fill, zeros, ones, zerosLike, onesLike, shape, reshape, cast,
  concat, stack, expandDims, squeeze, transpose, gather, rank, where, whereV2, tile, size, stopGradient, diagPart, slice,
  stridedSlice, split, unstack, pad, oneHot, booleanMask, sequenceMask, gatherNd, scatterNd, tensorScatterUpdate,
  tensorScatterAdd, tensorScatterSub, tensorScatterUpdate as tensorScatterNdUpdate, tensorScatterAdd as tensorScatterNdAdd,
  tensorScatterSub as tensorScatterNdSub, reverse, reverseSequence, roll, broadcastTo, broadcastDynamicShape,
  broadcastStaticShape, meshgrid, unique, uniqueWithCounts, setdiff1d, invertPermutation, unravelIndex, searchsorted,
  spaceToBatchND, batchToSpaceND, spaceToBatch, batchToSpace, depthToSpace, spaceToDepth, shapeN, parallelStack, bitcast,
  identityN, ensureShape, matrixTranspose, editDistance, checkNumerics, extractImagePatches,
  tensorScatterMax as tensorScatterNdMax, tensorScatterMin as tensorScatterNdMin, reverse as reverseV2,
  dynamicPartition, dynamicStitch, getItem, newaxis, ellipsis,
} from './ops/array_ops';
export type { SliceSpec, SliceBound, Subscript } from './ops/array_ops';
export type { ShapeLike, StridedSliceOptions, SplitOptions as ArraySplitOptions, PadOptions, OneHotOptions } from './ops/array_ops';
export * from './ops/math_ops';
export { sort, argsort } from './ops/sort_ops';
export type { SortOptions } from './ops/sort_ops';
export * as nn from './ops/nn_ops';
/** `tf.math` (TF1's `tf.compat.v1.math`): the math functions under their namespace names. */
export * as math from './ops/math_namespace';
/** `tf.debugging` (TF1's `tf.compat.v1.debugging`): assertions and numeric checks. */
export * as debugging from './ops/debugging_namespace';
/** `tf.image` (TF1's `tf.compat.v1.image`): decoding, resizing, cropping, flips and color adjustments. */
export * as image from './ops/image_ops';
/** `tf.lookup` (TF1's `tf.compat.v1.lookup` and `tf.contrib.lookup`): lookup tables and their initializers. */
export * as lookup from './ops/lookup_ops';
export { tablesInitializer } from './ops/lookup_ops';
/** `tf.strings` (TF1's `tf.compat.v1.strings`), with `tf.string_split` and `tf.io`'s base64 ops. */
export * as strings from './ops/string_ops';
/** `tf.ragged` (TF1's `tf.compat.v1.ragged`). */
export * as ragged from './ops/ragged';
export { raggedFillEmptyRows, raggedFillEmptyRowsGrad } from './ops/ragged/ragged_math_ops';
/** TF1's top-level names of the string ops. */
export {
  stringSplit, join as stringJoin, toNumber as stringToNumber, toHashBucket as stringToHashBucket,
  toHashBucketFast as stringToHashBucketFast, toHashBucketStrong as stringToHashBucketStrong, strip as stringStrip, substr,
  regexReplace, asString, reduceJoin, encodeBase64, decodeBase64,
} from './ops/string_ops';
export type {
  SplitOptions, StringSplitOptions, ReduceJoinOptions, FormatOptions, AsStringOptions, UnicodeTranscodeOptions,
} from './ops/string_ops';
export { noOp, group, controlDependencies, withDependencies, tuple, assertMessages } from './ops/control_flow_ops';
export type { Groupable } from './ops/control_flow_ops';
export { cond } from './ops/cond';
export type { CondOptions, CondResult, CondLeaf } from './ops/cond';
export { whileLoop } from './ops/while_loop';
export { mapFn, foldl, foldr, scan } from './ops/functional_ops';
export { hessians, gradPassThrough } from './ops/gradients_impl';
export { makeTemplate } from './ops/template';
export type { Template, MakeTemplateOptions } from './ops/template';
export type { MapFnOptions, FoldOptions, ScanOptions, LoopOptions } from './ops/functional_ops';
export { case_ as case } from './ops/control_flow_case';
export type { CaseOptions } from './ops/control_flow_case';
export { switchCase } from './ops/switch_case';
export type { BranchFns, SwitchCaseOptions } from './ops/switch_case';
export { Assert } from './ops/control_flow_assert';
export type { WhileLoopOptions, LoopTensor, LoopTensors, ShapeInvariant } from './ops/while_loop';
export { TensorArray } from './ops/tensor_array_ops';
export type { TensorArrayOptions } from './ops/tensor_array_ops';
export * from './ops/state_ops';
export * from './ops/random_ops';
/** `tf.random` (TF1's `tf.compat.v1.random`), with the stateless ops. */
export * as random from './ops/random_namespace';
/** `tf.random_crop`: TF1's top-level name of `tf.image.random_crop`. */
export { randomCrop } from './ops/image_ops';
export * from './ops/init_ops';
/** `tf.initializers` (TF1's `tf.compat.v1.initializers`): the initializers by their namespace names. */
export * as initializers from './ops/initializers_namespace';
/** Fake quantization and quantize / dequantize (`tf.fake_quant_with_min_max_vars`, `tf.quantize`, ...). */
export {
  fakeQuantWithMinMaxArgs, fakeQuantWithMinMaxArgsGradient, fakeQuantWithMinMaxVars, fakeQuantWithMinMaxVarsGradient,
  fakeQuantWithMinMaxVarsPerChannel, fakeQuantWithMinMaxVarsPerChannelGradient, quantize, quantizeV2, dequantize,
} from './ops/quantization_ops';
export type {
  FakeQuantOptions, FakeQuantArgsOptions, QuantizeOptions, QuantizeResult, DequantizeOptions,
} from './ops/quantization_ops';
export * from './ops/variables';
export * from './ops/variable_scope';
export {
  PartitionedVariable, fixedSizePartitioner, minMaxVariablePartitioner, variableAxisSizePartitioner,
} from './ops/partitioned_variables';
export type { Partitioner } from './ops/partitioned_variables';
export * as gen from './ops/gen/raw_ops';
export {
  QueueBase, FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue, PriorityQueue, ConditionalAccumulatorBase,
  ConditionalAccumulator, SparseConditionalAccumulator,
} from './ops/data_flow_ops';
export type {
  QueueOptions, RandomShuffleQueueOptions, QueueValues, DequeuedValues, AccumulatorOptions, TakenSparseGrad,
} from './ops/data_flow_ops';
export {
  ReaderBase, TFRecordReader, TextLineReader, WholeFileReader, FixedLengthRecordReader, IdentityReader, readFile, writeFile,
  matchingFiles, serializeSparse, serializeManySparse, deserializeManySparse,
} from './ops/io_ops';
export type { QueueLike, TFRecordCompressionType } from './ops/io_ops';
export {
  FixedLenFeature, VarLenFeature, SparseFeature, parseExample, parseSingleExample, decodeRaw, decodeCSV,
  FixedLenSequenceFeature, parseSingleSequenceExample, serializeTensor, parseTensor, decodeCompressed, decodeJsonExample,
} from './ops/parsing_ops';
/** `tf.io` (TF1's `tf.compat.v1.io`): TFRecords, Example parsing, serialized tensors, file ops and codecs. */
export * as io from './ops/io_namespace';
export type { Features, ParsedFeatures, ParseExampleOptions, DecodeCSVOptions } from './ops/parsing_ops';
export {
  sparsePlaceholder, sparseTensorToDense, sparseToDense, sparseReorder, sparseReshape, sparseConcat, sparseAdd,
  sparseTensorDenseMatmul, sparseReduceSum, sparseReduceSumSparse, sparseRetain, sparseFillEmptyRows, sparseSlice,
  sparseSplit, sparseSoftmax, sparseMerge, sparseTranspose, sparseResetShape, sparseMaximum, sparseMinimum, sparseMask,
  sparseReduceMax, sparseReduceMaxSparse, sparseToIndicator,
} from './ops/sparse_ops';
export type {
  SparseInput, SparseToDenseOptions, SparseConcatOptions, SparseMatmulOptions, SparseReduceOptions, SparseMergeOptions,
} from './ops/sparse_ops';
/** `tf.sparse`: the same sparse ops by their TF2-style names. */
export * as sparse from './ops/sparse_namespace';
export * from './ops/gradients';
export { TensorShape, Dimension, dimensionValue, dimensionAtIndex } from './framework/tensor_shape';
export { DeviceSpec } from './framework/device_spec';
export * from './ops/custom_gradient';
export * as losses from './ops/losses';
export * as metrics from './ops/metrics_impl';
export { confusionMatrix } from './ops/confusion_matrix';
export {
  assertEqual, assertNoneEqual, assertLess, assertLessEqual, assertGreater, assertGreaterEqual, assertNegative,
  assertPositive, assertNonNegative, assertNonPositive, assertType, assertRank, assertRankIn, assertNear, assertInteger,
  assertScalar, assertRankAtLeast, assertSameFloatDtype, assertProperIterable, assertVariablesInitialized,
} from './ops/check_ops';
export type { AssertOptions, AssertNearOptions, ShapeSymbol } from './ops/check_ops';
/** TF1's printing ops and remaining top-level utilities (`tf.print`, `tf.repeat`, `tf.get_static_value`, ...). */
export { print, Print, timestamp } from './ops/logging_ops';
export type { PrintOptions, PrintOpOptions } from './ops/logging_ops';
export * from './ops/misc_ops';
export { isNumericTensor } from './ops/debugging_namespace';
export { lbeta, divide, isNonDecreasing, isStrictlyIncreasing } from './ops/math_namespace';
export { saturateCast } from './ops/image_ops';
/** TF1's deprecated aliases of the initializers and variable lists. */
export {
  globalVariablesInitializer as initializeAllVariables, variablesInitializer as initializeVariables,
  localVariablesInitializer as initializeLocalVariables, globalVariables as allVariables,
} from './ops/variables';
export { tablesInitializer as initializeAllTables } from './ops/lookup_ops';
export type { ConfusionMatrixOptions } from './ops/confusion_matrix';
export { clipByValue, clipByNorm, globalNorm, clipByGlobalNorm, clipByAverageNorm } from './ops/clip_ops';
/** `tf.linalg` (TF1's `tf.compat.v1.linalg`): products, diagonals, eye, decompositions, solvers, norms, LinearOperators. */
export * as linalg from './ops/linalg/linear_operators';
/** `tf.signal` (TF1's `tf.compat.v1.signal`): FFTs, frames, windows, STFTs, mel matrices, MFCCs and DCTs. */
export * as signal from './ops/signal';
/** `tf.spectral` (TF1's `tf.compat.v1.spectral`): the FFTs and DCTs by their older namespace. */
export * as spectral from './ops/signal/spectral';
/** TF1's top-level names of the complex FFTs (`tf.fft`, `tf.ifft2d`, ...). */
export { fft, ifft, fft2d, ifft2d, fft3d, ifft3d } from './ops/signal/fft_ops';
/** TF1's top-level names of the linear-algebra functions (`tf.matrix_inverse`, `tf.cholesky`, `tf.norm`, ...). */
export {
  inv as matrixInverse, det as matrixDeterminant, cholesky, choleskySolve, solve as matrixSolve, lstsq as matrixSolveLs,
  triangularSolve as matrixTriangularSolve, bandPart as matrixBandPart, diag as matrixDiag, diagPart as matrixDiagPart,
  setDiag as matrixSetDiag, trace, norm, svd, qr, eigh as selfAdjointEig, eigvalsh as selfAdjointEigvals, eye, einsum,
  cross, sqrtm as matrixSquareRoot, tensorDiag as diag,
} from './ops/linalg_ops';
export type { ClipByNormOptions, ClipByGlobalNormOptions } from './ops/clip_ops';
/** JS functions inside the graph (`tf.py_func`, `tf.numpy_function`, `tf.py_function`). */
export { pyFunc, numpyFunction, pyFunction } from './ops/script_ops';
export type { ScriptFn, PyFuncOptions } from './ops/script_ops';
/** TF1's sessions and graphs as protos: `tf.import_graph_def`, `tf.make_tensor_proto`, `tf.container`, the default session. */
export { importGraphDef } from './framework/importer';
export type { ImportGraphDefOptions } from './framework/importer';
export { makeTensorProto, makeNdarray, TensorProto } from './framework/tensor_util';
export type { MakeTensorProtoOptions } from './framework/tensor_util';
export { container } from './framework/ops';
export { getDefaultSession } from './client/session';
export { getSessionHandle, getSessionTensor, deleteSessionTensor, TensorHandle } from './ops/session_ops';
