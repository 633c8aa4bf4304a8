/**
 * TF1's vocabulary columns (`categorical_column_with_vocabulary_list` / `_file`): string or integer
 * values as their index in a vocabulary, looked up in a table of `ops.lookup` (`index_table_from_*`,
 * made in init scope and filled by `ops.tablesInitializer()`); values out of it get `defaultValue`
 * or, with OOV buckets, a bucket hashed after the vocabulary.
 */
import * as fs from 'fs';
import { NotImplementedError, ValueError } from '../errors';
import { DType, dtypeRepr, isIntegerDType } from '../framework/dtypes';
import { initScope } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { IdTableWithHashBuckets, StaticHashTable, indexTableFromFile, indexTableFromTensor } from '../ops/lookup_ops';
import { pyStr } from '../util/python_repr';
import {
  Field, KeyedIdsColumn, LazyBuilder, assertKeyIsString, assertStringOrInt, castSparse, checkDtypesCompatible,
  tfDType, toSparseInput,
} from './feature_column';

/** What both vocabulary columns are: a key, a dtype, and a table from their vocabulary. */
abstract class VocabularyColumn extends KeyedIdsColumn {
  abstract readonly dtype: DType;

  /** The table (`index_table_from_*`, named `name`) of keys of `keyDtype`. */
  protected abstract makeTable(keyDtype: DType, name: string): StaticHashTable | IdTableWithHashBuckets;

  protected get featureDtype(): DType {
    return this.dtype;
  }

  /** `_transform_input_tensor`: integer values as int64 keys, looked up in the table (made in init scope). */
  transformFeature(builder: LazyBuilder): SparseTensor {
    let input = toSparseInput(builder.get(this.key));
    checkDtypesCompatible(this.key, this.dtype, input.dtype);
    assertStringOrInt(input.dtype, `column_name: ${this.key} input_tensor`);
    let keyDtype = this.dtype;
    if (isIntegerDType(input.dtype)) {
      keyDtype = DType.int64;
      input = castSparse(input, DType.int64);
    }
    return initScope(() => this.makeTable(keyDtype, `${this.key}_lookup`)).lookup(input);
  }
}

/** `categorical_column_with_vocabulary_list`'s column (`VocabularyListCategoricalColumn`). */
export class VocabularyListCategoricalColumn extends VocabularyColumn {
  constructor(readonly key: string, readonly vocabularyList: Array<string | number>, readonly dtype: DType,
    readonly defaultValue: number, readonly numOovBuckets: number) {
    super();
  }

  get numBuckets(): number {
    return this.vocabularyList.length + this.numOovBuckets;
  }

  protected makeTable(keyDtype: DType, name: string): StaticHashTable | IdTableWithHashBuckets {
    return indexTableFromTensor(this.vocabularyList, {
      defaultValue: this.defaultValue, numOovBuckets: this.numOovBuckets, dtype: keyDtype, name,
    });
  }

  protected fields(): Array<[string, Field]> {
    return [['key', this.key], ['vocabulary_list', this.vocabularyList], ['dtype', tfDType(this.dtype)],
      ['default_value', this.defaultValue], ['num_oov_buckets', this.numOovBuckets]];
  }
}

/** `categorical_column_with_vocabulary_file`'s column (`VocabularyFileCategoricalColumn`): a key per line. */
export class VocabularyFileCategoricalColumn extends VocabularyColumn {
  constructor(readonly key: string, readonly vocabularyFile: string, readonly vocabularySize: number,
    readonly numOovBuckets: number, readonly dtype: DType, readonly defaultValue: number) {
    super();
  }

  get numBuckets(): number {
    return this.vocabularySize + this.numOovBuckets;
  }

  protected makeTable(keyDtype: DType, name: string): StaticHashTable | IdTableWithHashBuckets {
    return indexTableFromFile(this.vocabularyFile, {
      numOovBuckets: this.numOovBuckets, vocabSize: this.vocabularySize, defaultValue: this.defaultValue, keyDtype, name,
    });
  }

  protected fields(): Array<[string, Field]> {
    return [['key', this.key], ['vocabulary_file', this.vocabularyFile], ['vocabulary_size', this.vocabularySize],
      ['num_oov_buckets', this.numOovBuckets], ['dtype', tfDType(this.dtype)], ['default_value', this.defaultValue],
      ['file_format', null]];
  }
}

/** The checks of `num_oov_buckets` both constructors make (`hasDefault`: a default value was given). */
function checkOovBuckets(numOovBuckets: number, hasDefault: boolean, key: string): void {
  if (!numOovBuckets) return;
  if (hasDefault) throw new ValueError(`Can't specify both num_oov_buckets and default_value in ${key}.`);
  if (numOovBuckets < 0) throw new ValueError(`Invalid num_oov_buckets ${numOovBuckets} in ${key}.`);
}

/** Options of `categoricalColumnWithVocabularyList` and `categoricalColumnWithVocabularyFile`. */
export interface VocabularyOptions {
  /** The features' dtype: string or an integer (default: the vocabulary's for a list, string for a file). */
  dtype?: DType;
  /** The id of values out of the vocabulary (default -1: dropped). */
  defaultValue?: number;
  /** Buckets after the vocabulary that values out of it hash to (not with `defaultValue`). */
  numOovBuckets?: number;
}

/**
 * `tf.feature_column.categorical_column_with_vocabulary_list(key, vocabulary_list, dtype,
 * default_value=-1, num_oov_buckets=0)`: the vocabulary's dtype is numpy's of the list (string, or
 * int64 for integers).
 */
export function categoricalColumnWithVocabularyList(key: string, vocabularyList: Array<string | number>,
  options: VocabularyOptions = {}): VocabularyListCategoricalColumn {
  if (!vocabularyList || vocabularyList.length < 1) {
    throw new ValueError(`vocabulary_list ${pyStr(vocabularyList)} must be non-empty, column_name: ${key}`);
  }
  if (new Set(vocabularyList).size !== vocabularyList.length) {
    throw new ValueError(`Duplicate keys in vocabulary_list ${pyStr(vocabularyList)}, column_name: ${key}`);
  }
  const vocabularyDtype = vocabularyList.some((v) => typeof v === 'string') ? DType.string
    : vocabularyList.every((v) => Number.isInteger(v)) ? DType.int64 : DType.float64;
  const defaultValue = options.defaultValue ?? -1;
  const numOovBuckets = options.numOovBuckets ?? 0;
  checkOovBuckets(numOovBuckets, defaultValue !== -1, key);
  assertStringOrInt(vocabularyDtype, `column_name: ${key} vocabulary`);
  const dtype = options.dtype ?? vocabularyDtype;
  if (isIntegerDType(dtype) !== isIntegerDType(vocabularyDtype)) {
    throw new ValueError(`dtype ${dtypeRepr(dtype)} and vocabulary dtype ${dtypeRepr(vocabularyDtype)} do not match, ` +
      `column_name: ${key}`);
  }
  assertStringOrInt(dtype, `column_name: ${key}`);
  assertKeyIsString(key);
  return new VocabularyListCategoricalColumn(key, [...vocabularyList], dtype, defaultValue, numOovBuckets);
}

/**
 * `tf.compat.v1.feature_column.categorical_column_with_vocabulary_file(key, vocabulary_file,
 * vocabulary_size, num_oov_buckets=0, default_value, dtype=tf.string)`: without `vocabularySize`,
 * the file's line count. Text files only (TF's `tfrecord.gz` vocabularies are not read here).
 */
export function categoricalColumnWithVocabularyFile(key: string, vocabularyFile: string,
  options: VocabularyOptions & { vocabularySize?: number } = {}): VocabularyFileCategoricalColumn {
  if (!vocabularyFile) throw new ValueError(`Missing vocabulary_file in ${key}.`);
  if (vocabularyFile.endsWith('tfrecord.gz')) throw new NotImplementedError('tfrecord_gzip vocabulary files are not supported.');
  let vocabularySize = options.vocabularySize;
  if (vocabularySize === undefined) {
    if (!fs.existsSync(vocabularyFile)) throw new ValueError(`vocabulary_file in ${key} does not exist.`);
    // Python's count of a file's lines: the last one need not end in a newline.
    const text = fs.readFileSync(vocabularyFile);
    vocabularySize = text.filter((b) => b === 0x0a).length + (text.length > 0 && text[text.length - 1] !== 0x0a ? 1 : 0);
  }
  if (vocabularySize < 1) throw new ValueError(`Invalid vocabulary_size in ${key}.`);
  const numOovBuckets = options.numOovBuckets ?? 0;
  checkOovBuckets(numOovBuckets, options.defaultValue !== undefined, key);
  const dtype = options.dtype ?? DType.string;
  assertStringOrInt(dtype, `column_name: ${key}`);
  assertKeyIsString(key);
  return new VocabularyFileCategoricalColumn(key, vocabularyFile, vocabularySize, numOovBuckets, dtype,
    options.defaultValue ?? -1);
}
