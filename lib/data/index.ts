/** TF1's tf.data (`tf.compat.v1.data`) in graph mode: datasets, iterators, file datasets. */
export {
  AUTOTUNE, Dataset, getOutputClasses, getOutputShapes, getOutputTypes, makeInitializableIterator, makeOneShotIterator,
} from './dataset_ops';
export type {
  BatchOptions, BucketOptions, GroupByWindowOptions, InterleaveOptions, MapOptions, ShuffleOptions, WindowOptions,
} from './dataset_ops';
export * as experimental from './experimental';
export { GLOBAL_ITERATORS, Iterator } from './iterator_ops';
export { Options, ThreadingOptions } from './options';
export { FixedLengthRecordDataset, TFRecordDataset, TextLineDataset } from './readers';
export type { FixedLengthOptions, ReaderOptions } from './readers';
export { DatasetSpec, SparseTensorSpec, TensorSpec, specString } from './structure';
export type { ElementSpec } from './structure';
