/**
 * `featureColumn`: TF1's `tf.compat.v1.feature_column` — columns describing how raw features
 * (tensors and SparseTensors by key) become model inputs, `inputLayer` and `linearModel` building
 * them in the graph, and `makeParseExampleSpec` parsing them from `tf.Example`s; the sequence
 * columns, read through `getSequenceDenseTensor` with a `LazyBuilder` (TF1's `_LazyBuilder`) of the features.
 */
export {
  numericColumn, bucketizedColumn, categoricalColumnWithHashBucket, categoricalColumnWithIdentity, indicatorColumn,
  weightedCategoricalColumn, embeddingColumn, sharedEmbeddingColumns, crossedColumn,
} from './columns';
export type { NumericColumnOptions, EmbeddingColumnOptions } from './columns';
export {
  FeatureColumn, NumericColumn, BucketizedColumn, HashedCategoricalColumn, IdentityCategoricalColumn,
  WeightedCategoricalColumn, CrossedColumn, IndicatorColumn, EmbeddingColumn, SharedEmbeddingColumn,
} from './feature_column';
export type {
  DenseColumn, CategoricalColumn, ParseSpec, FeatureValue, Combiner, NestedNumbers, IdWeightPair,
} from './feature_column';
export {
  categoricalColumnWithVocabularyList, categoricalColumnWithVocabularyFile, VocabularyListCategoricalColumn,
  VocabularyFileCategoricalColumn,
} from './vocabulary';
export type { VocabularyOptions } from './vocabulary';
export { inputLayer, linearModel, makeParseExampleSpec } from './input_layer';
export {
  sequenceCategoricalColumnWithIdentity, sequenceCategoricalColumnWithHashBucket, sequenceCategoricalColumnWithVocabularyList,
  sequenceCategoricalColumnWithVocabularyFile, sequenceNumericColumn, SequenceNumericColumn,
} from './sequence_feature_column';
export type { SequenceNumericColumnOptions } from './sequence_feature_column';
export { LazyBuilder, SequenceCategoricalColumn, sequenceLengthFromSparseTensor } from './feature_column';
export type { SequenceDense } from './feature_column';
export type { InputLayerOptions, LinearModelOptions } from './input_layer';
