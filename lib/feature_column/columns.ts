/**
 * The feature column constructors of `tf.compat.v1.feature_column` (`feature_column_v2.py`'s, and
 * the v1 `shared_embedding_columns`), with TF's checks of their arguments.
 */
import { AttributeError, ValueError } from '../errors';
import { DType, dtypeRepr, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { Output } from '../framework/ops';
import { Initializer, truncatedNormalInitializer } from '../ops/init_ops';
import { pyStr } from '../util/python_repr';
import {
  BucketizedColumn, CategoricalColumn, Combiner, CrossedColumn, EmbeddingColumn, HashedCategoricalColumn,
  IdentityCategoricalColumn, IndicatorColumn, NestedNumbers, NumericColumn, SharedEmbeddingColumn,
  WeightedCategoricalColumn, assertKeyIsString, assertStringOrInt, columnType, isCategoricalColumn, render, sortedByName,
} from './feature_column';

/** `_check_shape`: a number or list of positive integers. */
export function checkShape(shape: number | number[], key: string): number[] {
  const dims = Array.isArray(shape) ? shape : [shape];
  for (const d of dims) {
    if (!Number.isInteger(d)) throw new TypeError(`shape dimensions must be integer. shape: ${render(dims, String)}, key: ${key}`);
    if (d < 1) throw new ValueError(`shape dimensions must be greater than 0. shape: ${render(dims, String)}, key: ${key}`);
  }
  return [...dims];
}

/**
 * `fc_utils.check_default_value`: a number filled into `shape`, or nested arrays of that shape; JS
 * integers stand for Python ints (fine for any dtype), others for floats (a floating dtype only).
 */
function checkDefaultValue(shape: number[], v: NestedNumbers | null | undefined, dtype: DType,
  key: string): NestedNumbers | null {
  if (v === null || v === undefined) return null;
  const filled = (s: number[], x: number): NestedNumbers => (s.length ? Array.from({ length: s[0] }, () => filled(s.slice(1), x))
    : x);
  if (typeof v === 'number' && (Number.isInteger(v) || isFloatingDType(dtype))) return filled(shape, v);
  if (Array.isArray(v)) {
    const fits = (x: NestedNumbers, s: number[]): boolean => (Array.isArray(x) !== (s.length > 0) ? false
      : !Array.isArray(x) || (x.length === s[0] && x.every((y) => fits(y, s.slice(1)))));
    if (!fits(v, shape)) {
      throw new ValueError(`The shape of default_value must be equal to given shape. default_value: ${pyStr(v)}, shape: ${
        render(shape, String)}, key: ${key}`);
    }
    const flat = (v as unknown[]).flat(Infinity);
    if (flat.every((x) => Number.isInteger(x))) return v;
    if (flat.some((x) => typeof x === 'number' && !Number.isInteger(x)) && isFloatingDType(dtype)) return v;
  }
  throw new TypeError(`default_value must be compatible with dtype. default_value: ${pyStr(v)}, dtype: ${
    dtypeRepr(dtype)}, key: ${key}`);
}

/** Options of `numericColumn`. */
export interface NumericColumnOptions {
  /** The shape of one example's value (default [1]). */
  shape?: number | number[];
  /** The value of an example without the feature, when parsing: a number, or nested arrays of `shape`. */
  defaultValue?: NestedNumbers | null;
  /** An integer or float dtype (default float32); the column gives float32. */
  dtype?: DType;
  /** Applied to the feature before the cast to float32. */
  normalizerFn?: ((x: Output) => Output) | null;
}

/** `tf.feature_column.numeric_column(key, shape, default_value, dtype, normalizer_fn)`. */
export function numericColumn(key: string, options: NumericColumnOptions = {}): NumericColumn {
  const shape = checkShape(options.shape ?? [1], key);
  const dtype = options.dtype ?? DType.float32;
  if (!(isIntegerDType(dtype) || isFloatingDType(dtype))) {
    throw new ValueError(`dtype must be convertible to float. dtype: ${dtypeRepr(dtype)}, key: ${key}`);
  }
  const defaultValue = checkDefaultValue(shape, options.defaultValue, dtype, key);
  const fn = options.normalizerFn ?? null;
  if (fn !== null && typeof fn !== 'function') throw new TypeError(`normalizer_fn must be a callable. Given: ${pyStr(fn)}`);
  assertKeyIsString(key);
  return new NumericColumn(key, shape, defaultValue, dtype, fn);
}

/** `tf.feature_column.bucketized_column(source_column, boundaries)`: `boundaries` strictly increasing. */
export function bucketizedColumn(sourceColumn: NumericColumn, boundaries: number[]): BucketizedColumn {
  if (!(sourceColumn instanceof NumericColumn)) {
    throw new ValueError(`source_column must be a column generated with numeric_column(). Given: ${pyStr(sourceColumn)}`);
  }
  if (sourceColumn.shape.length > 1) throw new ValueError(`source_column must be one-dimensional column. Given: ${sourceColumn}`);
  if (!boundaries || boundaries.length === 0) throw new ValueError('boundaries must not be empty.');
  if (!Array.isArray(boundaries) || boundaries.some((b, i) => i > 0 && boundaries[i - 1] >= b)) {
    throw new ValueError('boundaries must be a sorted list.');
  }
  return new BucketizedColumn(sourceColumn, [...boundaries]);
}

/** `tf.feature_column.categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=tf.string)`. */
export function categoricalColumnWithHashBucket(key: string, hashBucketSize: number,
  dtype: DType = DType.string): HashedCategoricalColumn {
  if (hashBucketSize === null || hashBucketSize === undefined) throw new ValueError(`hash_bucket_size must be set. key: ${key}`);
  if (hashBucketSize < 1) {
    throw new ValueError(`hash_bucket_size must be at least 1. hash_bucket_size: ${hashBucketSize}, key: ${key}`);
  }
  assertKeyIsString(key);
  assertStringOrInt(dtype, `column_name: ${key}`);
  return new HashedCategoricalColumn(key, hashBucketSize, dtype);
}

/** `tf.feature_column.categorical_column_with_identity(key, num_buckets, default_value)`. */
export function categoricalColumnWithIdentity(key: string, numBuckets: number,
  defaultValue: number | null = null): IdentityCategoricalColumn {
  if (numBuckets < 1) throw new ValueError(`num_buckets ${numBuckets} < 1, column_name ${key}`);
  if (defaultValue !== null && (defaultValue < 0 || defaultValue >= numBuckets)) {
    throw new ValueError(`default_value ${defaultValue} not in range [0, ${numBuckets}), column_name ${key}`);
  }
  assertKeyIsString(key);
  return new IdentityCategoricalColumn(key, numBuckets, defaultValue);
}

/** `tf.feature_column.indicator_column(categorical_column)`. */
export function indicatorColumn(categoricalColumn: CategoricalColumn): IndicatorColumn {
  if (!isCategoricalColumn(categoricalColumn)) {
    throw new ValueError(`Unsupported input type. Input must be a CategoricalColumn. Given: ${pyStr(categoricalColumn)}`);
  }
  return new IndicatorColumn(categoricalColumn);
}

/** `tf.feature_column.weighted_categorical_column(categorical_column, weight_feature_key, dtype=tf.float32)`. */
export function weightedCategoricalColumn(categoricalColumn: CategoricalColumn, weightFeatureKey: string,
  dtype: DType = DType.float32): WeightedCategoricalColumn {
  if (dtype === null || dtype === undefined || !(isIntegerDType(dtype) || isFloatingDType(dtype))) {
    throw new ValueError(`dtype ${dtype === null || dtype === undefined ? 'None' : dtypeRepr(dtype)} is not convertible to float.`);
  }
  return new WeightedCategoricalColumn(categoricalColumn, weightFeatureKey, dtype);
}

/** Options of `embeddingColumn` and `sharedEmbeddingColumns`. */
export interface EmbeddingColumnOptions {
  /** How the rows of an example's ids combine (default 'mean'). */
  combiner?: Combiner;
  /** The table's initializer (default truncated normal, mean 0, stddev 1/sqrt(dimension)). */
  initializer?: Initializer;
  /** A checkpoint to initialize the table from (`initFromCheckpoint`), with `tensorNameInCkpt`. */
  ckptToLoadFrom?: string | null;
  tensorNameInCkpt?: string | null;
  /** Rows of a larger L2 norm are scaled down to it. */
  maxNorm?: number | null;
  trainable?: boolean;
  /** false looks rows up with `embeddingLookupSparse` when the ids are of rank 2 or less (default true: the safe lookup). */
  useSafeEmbeddingLookup?: boolean;
}

/** The checks and defaults `embedding_column` and `shared_embedding_columns` share. */
function embeddingArgs(dimension: number, options: EmbeddingColumnOptions, initializerMessage: string) {
  if (dimension === null || dimension === undefined || dimension < 1) throw new ValueError(`Invalid dimension ${pyStr(dimension)}.`);
  const ckpt = options.ckptToLoadFrom ?? null;
  const tensorName = options.tensorNameInCkpt ?? null;
  if ((ckpt === null) !== (tensorName === null)) {
    throw new ValueError('Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them.');
  }
  if (options.initializer !== undefined && options.initializer !== null && typeof options.initializer !== 'function') {
    throw new ValueError(initializerMessage);
  }
  const initializer = options.initializer ?? truncatedNormalInitializer({ mean: 0.0, stddev: 1 / Math.sqrt(dimension) });
  return [options.combiner ?? 'mean', initializer, ckpt, tensorName, options.maxNorm ?? null, options.trainable ?? true,
    options.useSafeEmbeddingLookup ?? true] as const;
}

/** `tf.feature_column.embedding_column(categorical_column, dimension, ...)`. */
export function embeddingColumn(categoricalColumn: CategoricalColumn, dimension: number,
  options: EmbeddingColumnOptions = {}): EmbeddingColumn {
  const [combiner, initializer, ckpt, tensorName, maxNorm, trainable, safe] = embeddingArgs(dimension, options,
    `initializer must be callable if specified. Embedding of column_name: ${categoricalColumn.name}`);
  return new EmbeddingColumn(categoricalColumn, dimension, combiner, initializer, ckpt, tensorName, maxNorm, trainable, safe);
}


/**
 * `tf.compat.v1.feature_column.shared_embedding_columns(categorical_columns, dimension, ...,
 * shared_embedding_collection_name)`: one embedding column per categorical column (of one type and
 * bucket count), all looking up one table; its collection (and variable scope) is named after the
 * sorted column names unless `sharedEmbeddingCollectionName` is given.
 */
export function sharedEmbeddingColumns(categoricalColumns: CategoricalColumn[], dimension: number,
  options: EmbeddingColumnOptions & { sharedEmbeddingCollectionName?: string } = {}): SharedEmbeddingColumn[] {
  const [combiner, initializer, ckpt, tensorName, maxNorm, trainable, safe] = embeddingArgs(dimension, options,
    'initializer must be callable if specified.');
  const sorted = sortedByName(categoricalColumns);
  let c0 = sorted[0];
  // TF reads the bucket count before it checks the type.
  if (!isCategoricalColumn(c0)) throw new AttributeError(`'${(c0 as object).constructor.name}' object has no attribute '_num_buckets'`);
  const numBuckets = c0.numBuckets;
  const unweighted = (c: CategoricalColumn) => {
    while (c instanceof WeightedCategoricalColumn) c = c.categoricalColumn;
    return c;
  };
  c0 = unweighted(c0);
  for (const column of sorted.slice(1)) {
    const c = unweighted(column);
    if (!(c instanceof c0.constructor)) {
      throw new ValueError('To use shared_embedding_column, all categorical_columns must have the same type, or be ' +
        'weighted_categorical_column or sequence column of the same type. Given column: ' +
        `${c0} of type: ${columnType(c0)} does not match given column: ${c} of type: ${columnType(c)}`);
    }
    if (numBuckets !== c.numBuckets) {
      throw new ValueError('To use shared_embedding_column, all categorical_columns must have the same number of ' +
        `buckets. ven column: ${c0} with buckets: ${numBuckets} does  not match column: ${c} with buckets: ${c.numBuckets}`);
    }
  }
  const collection = options.sharedEmbeddingCollectionName || `${sorted.map((c) => c.name).join('_')}_shared_embedding`;
  return categoricalColumns.map((c) => new SharedEmbeddingColumn(c, dimension, combiner, initializer, collection, ckpt,
    tensorName, maxNorm, trainable, safe));
}

/**
 * `tf.feature_column.crossed_column(keys, hash_bucket_size, hash_key)`: `keys` are feature names
 * (string features) and categorical columns, hashed columns excepted.
 */
export function crossedColumn(keys: Array<string | CategoricalColumn>, hashBucketSize: number,
  hashKey: number | null = null): CrossedColumn {
  if (!hashBucketSize || hashBucketSize < 1) {
    throw new ValueError(`hash_bucket_size must be > 1. hash_bucket_size: ${pyStr(hashBucketSize)}`);
  }
  if (!keys || keys.length < 2) throw new ValueError(`keys must be a list with length > 1. Given: ${pyStr(keys)}`);
  for (const key of keys) {
    if (typeof key !== 'string' && !isCategoricalColumn(key)) {
      throw new ValueError('Unsupported key type. All keys must be either string, or categorical column except ' +
        `HashedCategoricalColumn. Given: ${pyStr(key)}`);
    }
    if (key instanceof HashedCategoricalColumn) {
      throw new ValueError('categorical_column_with_hash_bucket is not supported for crossing. Hashing before ' +
        `crossing will increase probability of collision. Instead, use the feature name as a string. Given: ${key}`);
    }
  }
  return new CrossedColumn([...keys], hashBucketSize, hashKey);
}
