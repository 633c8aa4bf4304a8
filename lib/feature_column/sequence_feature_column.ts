/**
 * TF1's sequence feature columns (`tf.compat.v1.feature_column.sequence_*`,
 * `sequence_feature_column.py`): categorical columns whose examples are sequences of ids, read
 * through an embedding or indicator column's `getSequenceDenseTensor`, and the sequence numeric
 * column. TF 2.21 has no v1 layer for them (tf.contrib's `sequence_input_layer` is gone): TF1 graph
 * code asks the columns themselves, with a `LazyBuilder` of its features.
 */
import { ValueError } from '../errors';
import { DType, dtypeRepr, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { SparseTensor } from '../framework/sparse_tensor';
import { concat, reshape, sliceOf, shape } from '../ops/array_ops';
import { VarLenFeature } from '../ops/parsing_ops';
import { sparseTensorToDense } from '../ops/sparse_ops';
import { pyStr } from '../util/python_repr';
import { categoricalColumnWithHashBucket, categoricalColumnWithIdentity, checkShape } from './columns';
import {
  FeatureColumn, Field, LazyBuilder, ParseSpec, SequenceCategoricalColumn, SequenceDense, pyFloat,
  sequenceLengthFromSparseTensor, tfDType,
} from './feature_column';
import { VocabularyOptions, categoricalColumnWithVocabularyFile, categoricalColumnWithVocabularyList } from './vocabulary';

/** `tf.feature_column.sequence_categorical_column_with_identity(key, num_buckets, default_value)`. */
export function sequenceCategoricalColumnWithIdentity(key: string, numBuckets: number,
  defaultValue: number | null = null): SequenceCategoricalColumn {
  return new SequenceCategoricalColumn(categoricalColumnWithIdentity(key, numBuckets, defaultValue));
}

/** `tf.feature_column.sequence_categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=tf.string)`. */
export function sequenceCategoricalColumnWithHashBucket(key: string, hashBucketSize: number,
  dtype: DType = DType.string): SequenceCategoricalColumn {
  return new SequenceCategoricalColumn(categoricalColumnWithHashBucket(key, hashBucketSize, dtype));
}

/** `tf.feature_column.sequence_categorical_column_with_vocabulary_list(key, vocabulary_list, dtype, default_value, num_oov_buckets)`. */
export function sequenceCategoricalColumnWithVocabularyList(key: string, vocabularyList: Array<string | number>,
  options: VocabularyOptions = {}): SequenceCategoricalColumn {
  return new SequenceCategoricalColumn(categoricalColumnWithVocabularyList(key, vocabularyList, options));
}

/** `tf.feature_column.sequence_categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size, ...)`. */
export function sequenceCategoricalColumnWithVocabularyFile(key: string, vocabularyFile: string,
  options: VocabularyOptions & { vocabularySize?: number } = {}): SequenceCategoricalColumn {
  return new SequenceCategoricalColumn(categoricalColumnWithVocabularyFile(key, vocabularyFile, options));
}

/** Options of `sequenceNumericColumn`. */
export interface SequenceNumericColumnOptions {
  /** The shape of one step's value (default [1]). */
  shape?: number | number[];
  /** The value padding the steps an example lacks (default 0). */
  defaultValue?: number;
  /** An integer or float dtype (default float32). */
  dtype?: DType;
  /** Applied to the feature's SparseTensor. */
  normalizerFn?: ((x: SparseTensor) => SparseTensor) | null;
}

/**
 * `sequence_numeric_column`'s column (`SequenceNumericColumn`): a sequence of numbers (or of
 * `shape` values) per example, a v2-only column (TF1's `input_layer` and `make_parse_example_spec`
 * refuse it).
 */
export class SequenceNumericColumn extends FeatureColumn {
  constructor(readonly key: string, readonly shape: number[], readonly defaultValue: number, readonly dtype: DType,
    readonly normalizerFn: ((x: SparseTensor) => SparseTensor) | null) {
    super();
  }

  get isV1Column(): boolean {
    return false;
  }

  get name(): string {
    return this.key;
  }

  get parseExampleSpec(): ParseSpec {
    return { [this.key]: new VarLenFeature(this.dtype) };
  }

  transformFeature(builder: LazyBuilder): SparseTensor {
    const input = builder.get(this.key) as SparseTensor;
    return this.normalizerFn ? this.normalizerFn(input) : input;
  }

  get variableShape(): number[] {
    return [...this.shape];
  }

  /**
   * `get_sequence_dense_tensor`: the values padded with the default, `[batch, steps, ...shape]`,
   * and each example's length in steps.
   */
  getSequenceDenseTensor(builder: LazyBuilder): SequenceDense {
    const sp = builder.get(this) as SparseTensor;
    let denseTensor = sparseTensorToDense(sp, { defaultValue: this.defaultValue });
    const denseShape = concat([sliceOf(shape(denseTensor), [[null, 1]]), [-1], this.shape], 0);
    denseTensor = reshape(denseTensor, denseShape);
    const numElements = sp.shape?.length === 2 ? this.shape.reduce((a, b) => a * b, 1) : 1;
    return { denseTensor, sequenceLength: sequenceLengthFromSparseTensor(sp, numElements) };
  }

  protected fields(): Array<[string, Field]> {
    return [['key', this.key], ['shape', this.shape], ['default_value', pyFloat(this.defaultValue)],
      ['dtype', tfDType(this.dtype)], ['normalizer_fn', this.normalizerFn]];
  }
}

/** `tf.feature_column.sequence_numeric_column(key, shape=(1,), default_value=0., dtype=tf.float32, normalizer_fn)`. */
export function sequenceNumericColumn(key: string, options: SequenceNumericColumnOptions = {}): SequenceNumericColumn {
  const shapeDims = checkShape(options.shape ?? [1], key);
  const dtype = options.dtype ?? DType.float32;
  if (!(isIntegerDType(dtype) || isFloatingDType(dtype))) {
    throw new ValueError(`dtype must be convertible to float. dtype: ${dtypeRepr(dtype)}, key: ${key}`);
  }
  const fn = options.normalizerFn ?? null;
  if (fn !== null && typeof fn !== 'function') throw new TypeError(`normalizer_fn must be a callable. Given: ${pyStr(fn)}`);
  return new SequenceNumericColumn(key, shapeDims, options.defaultValue ?? 0, dtype, fn);
}
