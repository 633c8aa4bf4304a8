/**
 * TF1's lookup tables (`tf.compat.v1.lookup`, `lookup_ops.py`) in graph mode: the initializable
 * tables (StaticHashTable, HashTable, StaticVocabularyTable, IdTableWithHashBuckets) with their
 * key/value and text-file initializers, the mutable tables (MutableHashTable, DenseHashTable)
 * saved by the Saver, tf.contrib.lookup's `index_table_from_*` / `index_to_string_table_from_*`,
 * and `tf.tables_initializer`, built op for op as TF 2.21 builds them.
 */
import { randomUUID } from 'crypto';
import { ValueError } from '../errors';
import { DType, dtypeRepr, isIntegerDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph, initScope } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { mergeShapes } from '../framework/tensor_shape';
import type { SaveableObject } from '../training/saver';
import { pyStr } from '../util/python_repr';
import { cast, size as sizeOf, whereV2 } from './array_ops';
import { group, noOp } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { add, notEqual, range } from './math_ops';
import { pythonNumber, pythonType } from './python_type';
import { asString, toHashBucket, toHashBucketFast, toHashBucketStrong } from './string_ops';

const isStringOrInteger = (d: DType) => d === DType.string || isIntegerDType(d);

/** `tf.tables_initializer(name='init_all_tables')`: a group of collection `table_initializer` (a NoOp when empty). */
export function tablesInitializer(name = 'init_all_tables', graph: Graph = getDefaultGraph()): Operation {
  const initializers = graph.getCollection<Operation>(GraphKeys.TABLE_INITIALIZERS);
  return graph.asDefault(() => (initializers.length > 0 ? group(initializers, name) : noOp(name)));
}

/** `check_table_dtypes`. */
function checkTableDtypes(table: LookupInterface, keyDtype: DType, valueDtype: DType): void {
  if (keyDtype !== table.keyDtype) {
    throw new TypeError(`Invalid key dtype for table, expected ${dtypeRepr(table.keyDtype)} but got ${dtypeRepr(keyDtype)}.`);
  }
  if (valueDtype !== table.valueDtype) {
    throw new TypeError(`Invalid value dtype for table, expected ${dtypeRepr(table.valueDtype)} but got ${dtypeRepr(valueDtype)}.`);
  }
}

/** What a lookup of `K` gives: a SparseTensor of the same indices for sparse keys, else a tensor. */
export type LookupResult<K> = K extends SparseTensor ? SparseTensor : Output;

/** `LookupInterface`: a table from keys of `keyDtype` to values of `valueDtype`. */
export abstract class LookupInterface {
  constructor(readonly keyDtype: DType, readonly valueDtype: DType) {}

  /** The table's name (its table op's, or the one it was given). */
  abstract get name(): string | null;

  /** The table resource (null for a table of hash buckets only). */
  abstract get resourceHandle(): Output | null;

  /** A scalar int64 tensor: the number of entries. */
  abstract size(name?: string): Output;
}

// --------------------------------------------------------------------------------- initializers

/** `TableInitializerBase`: what fills an initializable table, and the key and value dtypes it has. */
export abstract class TableInitializerBase {
  constructor(readonly keyDtype: DType, readonly valueDtype: DType) {}

  /** The op that fills `table`, added to collection `table_initializer`. */
  abstract initialize(table: InitializableLookupTableBase): Operation;

  /** @internal The table's shared name (`_shared_name`): '' when it has none of its own. */
  get sharedName(): string {
    return '';
  }
}

/** Runs `fn` out of any control-flow context (`init_scope`) when there is one, as TF1's tables make their state. */
function outOfControlFlow<T>(fn: () => T): T {
  return getDefaultGraph().getControlFlowContext() !== null ? initScope(fn) : fn();
}

/** `tf.lookup.KeyValueTensorInitializer(keys, values, key_dtype, value_dtype, name)`. */
export class KeyValueTensorInitializer extends TableInitializerBase {
  readonly keys: Output;
  readonly values: Output;
  private readonly name: string;

  /** Host keys and values convert as Python's do (whole numbers to int32) unless their dtype is given. */
  constructor(keys: InputValue, values: InputValue, options: { keyDtype?: DType; valueDtype?: DType; name?: string } = {}) {
    const convert = (v: InputValue, dtype: DType | undefined, name: string) =>
      convertToTensor((dtype === undefined ? pythonNumber(v) : v) as InputValue, { dtype, name });
    const [k, v] = outOfControlFlow(() => [convert(keys, options.keyDtype, 'keys'), convert(values, options.valueDtype, 'values')]);
    super(k.dtype, v.dtype);
    this.keys = k;
    this.values = v;
    this.name = options.name ?? 'key_value_init';
  }

  initialize(table: InitializableLookupTableBase): Operation {
    checkTableDtypes(table, this.keys.dtype, this.values.dtype);
    const init = getDefaultGraph().nameScope(this.name, () =>
      raw.lookupTableImportV2({ tableHandle: table.resourceHandle, keys: this.keys, values: this.values }));
    init.graph.addToCollection(GraphKeys.TABLE_INITIALIZERS, init);
    return init;
  }
}

/** `tf.lookup.TextFileIndex`: a line's key or value is its number or the whole line (else a column index >= 0). */
export const TextFileIndex = { WHOLE_LINE: -2, LINE_NUMBER: -1 } as const;

export interface TextFileInitializerOptions {
  /** The number of lines to read (all when not given). */
  vocabSize?: number;
  delimiter?: string;
  name?: string;
  /** Added to the values a column or line number gives. */
  valueIndexOffset?: number;
}

/**
 * `tf.lookup.TextFileInitializer(filename, key_dtype, key_index, value_dtype, value_index, ...)`:
 * one entry per line of a text file. A file name given as a string becomes a Const (`asset_path`),
 * which SavedModel export copies as an asset (collection `asset_filepaths`).
 */
export class TextFileInitializer extends TableInitializerBase {
  private readonly filenameArg: string | Output;
  private readonly filename: Output;
  private readonly vocabSize: number | undefined;
  private readonly delimiter: string;
  private readonly name: string | undefined;
  private readonly offset: number;

  constructor(filename: string | Output, keyDtype: DType, readonly keyIndex: number, valueDtype: DType,
    readonly valueIndex: number, options: TextFileInitializerOptions = {}) {
    if (!(filename instanceof Output) && !filename) {
      throw new ValueError('`filename` argument required for tf.lookup.TextFileInitializer');
    }
    const { WHOLE_LINE, LINE_NUMBER } = TextFileIndex;
    if (keyIndex < -2) throw new ValueError(`\`key_index\` should be >= -2, received: ${keyIndex}.`);
    if (keyIndex === LINE_NUMBER && keyDtype !== DType.int64) {
      throw new ValueError(`\`key_dtype\` must be int64 if \`key_index\` is ${LINE_NUMBER}, received: ${dtypeRepr(keyDtype)}`);
    }
    if (keyIndex === WHOLE_LINE && !isStringOrInteger(keyDtype)) {
      throw new ValueError(`\`key_dtype\` should be either integer or string for \`key_index\` ${WHOLE_LINE}, ` +
        `received: ${dtypeRepr(keyDtype)}`);
    }
    if (valueIndex < -2) throw new ValueError(`\`value_index\` should be >= -2, received: ${valueIndex}`);
    if (valueIndex === LINE_NUMBER && valueDtype !== DType.int64) {
      throw new ValueError(`\`value_dtype\` must be int64 for \`value_index\` ${LINE_NUMBER}, received: ${dtypeRepr(valueDtype)}`);
    }
    if (valueIndex === WHOLE_LINE && !isStringOrInteger(valueDtype)) {
      throw new ValueError(`\`value_dtype\` should be either integer or string for \`value_index\` ${WHOLE_LINE}, ` +
        `received: ${dtypeRepr(valueDtype)}`);
    }
    const { vocabSize } = options;
    if (vocabSize !== undefined && vocabSize <= 0) throw new ValueError(`\`vocab_size\` should be > 0, received: ${vocabSize}`);
    super(keyDtype, valueDtype);
    this.filenameArg = filename;
    this.vocabSize = vocabSize;
    this.delimiter = options.delimiter ?? '\t';
    this.name = options.name;
    this.offset = options.valueIndexOffset ?? 0;
    // As TF's `Asset(filename)`: its path as a string tensor, made on the CPU outside control dependencies.
    const graph = getDefaultGraph();
    this.filename = filename instanceof Output ? filename
      : initScope(() => graph.device('CPU', () => convertToTensor(filename, { dtype: DType.string, name: 'asset_path' })));
  }

  initialize(table: InitializableLookupTableBase): Operation {
    checkTableDtypes(table, this.keyDtype, this.valueDtype);
    const graph = getDefaultGraph();
    const init = graph.nameScope(this.name ?? 'text_file_init', () => raw.initializeTableFromTextFileV2({
      tableHandle: table.resourceHandle, filename: this.filename, keyIndex: this.keyIndex, valueIndex: this.valueIndex,
      vocabSize: this.vocabSize ?? -1, delimiter: this.delimiter, offset: this.offset,
    }));
    graph.addToCollection(GraphKeys.TABLE_INITIALIZERS, init);
    // A file named by anything but a constant (a placeholder) is no asset.
    if (this.filename.op.type === 'Const') graph.addToCollection(GraphKeys.ASSET_FILEPATHS, this.filename);
    return init;
  }

  /** `hash_table_<filename>[_<vocab_size>]_<key_index>_<value_index>[_<offset>]`, so that tables of one file share. */
  override get sharedName(): string {
    const parts = [pyStr(this.filenameArg), ...(this.vocabSize ? [this.vocabSize] : []), this.keyIndex, this.valueIndex,
      ...(this.offset ? [this.offset] : [])];
    return `hash_table_${parts.join('_')}`;
  }
}

/** Options of the text-file initializers of one key and one value column. */
export interface TextFileColumnsOptions {
  keyColumnIndex?: number;
  valueColumnIndex?: number;
  vocabSize?: number;
  delimiter?: string;
  name?: string;
}

/** `TextFileStringTableInitializer(filename, ...)`: int64 ids (line numbers) to strings (whole lines) by default. */
export class TextFileStringTableInitializer extends TextFileInitializer {
  constructor(filename: string | Output, options: TextFileColumnsOptions = {}) {
    super(filename, DType.int64, options.keyColumnIndex ?? TextFileIndex.LINE_NUMBER, DType.string,
      options.valueColumnIndex ?? TextFileIndex.WHOLE_LINE, { vocabSize: options.vocabSize, delimiter: options.delimiter,
        name: options.name ?? 'text_file_string_table_init' });
  }
}

/** `TextFileIdTableInitializer(filename, ...)`: strings (whole lines) to int64 ids (line numbers) by default. */
export class TextFileIdTableInitializer extends TextFileInitializer {
  constructor(filename: string | Output, options: TextFileColumnsOptions & { keyDtype?: DType } = {}) {
    super(filename, options.keyDtype ?? DType.string, options.keyColumnIndex ?? TextFileIndex.WHOLE_LINE, DType.int64,
      options.valueColumnIndex ?? TextFileIndex.LINE_NUMBER, { vocabSize: options.vocabSize, delimiter: options.delimiter,
        name: options.name ?? 'text_file_id_table_init' });
  }
}

// ---------------------------------------------------------------------------- initializable tables

/**
 * `InitializableLookupTableBase` (v1): a table filled once by its initializer, whose op
 * (`initializer`) is in collection `table_initializer`; missing keys give `defaultValue`.
 */
export abstract class InitializableLookupTableBase extends LookupInterface {
  readonly defaultValue: Output;
  readonly resourceHandle: Output;
  /** The op that fills the table (run by `tablesInitializer()`). */
  readonly initializer: Operation;

  protected constructor(defaultValue: InputValue, init: TableInitializerBase, create: () => Output) {
    super(init.keyDtype, init.valueDtype);
    this.defaultValue = convertToTensor(defaultValue, { dtype: this.valueDtype });
    // One default for all keys: a scalar (TF's ValueError otherwise).
    mergeShapes(this.defaultValue.shape, []);
    this.resourceHandle = initScope(create);
    this.initializer = outOfControlFlow(() => init.initialize(this));
  }

  size(name?: string): Output {
    return getDefaultGraph().nameScope(name ?? `${this.name}_Size`, () =>
      raw.lookupTableSizeV2({ tableHandle: this.resourceHandle }));
  }

  /** The values of `keys` (a tensor, or a SparseTensor whose values are the keys); `defaultValue` for missing ones. */
  lookup<K extends Output | SparseTensor>(keys: K, name?: string): LookupResult<K> {
    const keyTensor = keys instanceof SparseTensor ? keys.values : keys as Output;
    checkKeys(keys.dtype, this.keyDtype);
    const values = getDefaultGraph().nameScope(name ?? `${this.name}_Lookup`, () => raw.lookupTableFindV2({
      tableHandle: this.resourceHandle, keys: keyTensor, defaultValue: this.defaultValue,
    }));
    values.setShape(keyTensor.shape);
    return withKeysOf(keys, values);
  }
}

/** A table's name: its table op's, without the scope. */
const tableNameOf = (handle: Output) => handle.op.name.split('/').pop()!;

/** The TypeError of a lookup with keys of another dtype than the table's. */
function checkKeys(dtype: DType, keyDtype: DType): void {
  if (dtype !== keyDtype) throw new TypeError(`Dtype of argument \`keys\` must be ${dtypeRepr(keyDtype)}, received: ${dtypeRepr(dtype)}`);
}

/** The looked-up `values` as the keys were: a SparseTensor of their indices and dense shape, or as they are. */
function withKeysOf<K extends Output | SparseTensor>(keys: K, values: Output): LookupResult<K> {
  return (keys instanceof SparseTensor ? new SparseTensor(keys.indices, values, keys.denseShape) : values) as LookupResult<K>;
}

/**
 * `tf.compat.v1.lookup.StaticHashTable(initializer, default_value, name)` (StaticHashTableV1): an
 * immutable `HashTableV2`, filled by `initializer` when `tablesInitializer()` runs.
 */
export class StaticHashTable extends InitializableLookupTableBase {
  constructor(initializer: TableInitializerBase, defaultValue: InputValue, name = 'hash_table') {
    // Shared by name, so that every kernel of the table finds the same resource.
    const sharedName = initializer.sharedName || `hash_table_${randomUUID()}`;
    super(defaultValue, initializer, () =>
      raw.hashTableV2({ sharedName, keyDtype: initializer.keyDtype, valueDtype: initializer.valueDtype }, name));
  }

  get name(): string {
    return tableNameOf(this.resourceHandle);
  }

  /** `[keys, values]`: every entry of the table. */
  export(name?: string): [Output, Output] {
    const { keys, values } = getDefaultGraph().nameScope(name ?? `${this.name}_Export`, () =>
      raw.lookupTableExportV2({ tableHandle: this.resourceHandle, Tkeys: this.keyDtype, Tvalues: this.valueDtype }));
    const [keysShape, valueShape] = [keys.shape, this.defaultValue.shape];
    values.setShape(keysShape === null || valueShape === null ? null : [...keysShape, ...valueShape]);
    return [keys, values];
  }
}

/** `tf.contrib.lookup.HashTable`: TF1's name of StaticHashTable (`init` is its `initializer`). */
export class HashTable extends StaticHashTable {
  get init(): Operation {
    return this.initializer;
  }
}

// ------------------------------------------------------------------------------------ hash buckets

/** `HasherSpec(hasher, key)`: the hash of out-of-vocabulary buckets: 'fasthash', 'legacy' or 'stronghash' (keyed). */
export class HasherSpec {
  constructor(readonly hasher: string, readonly key: readonly number[] | null) {}
}

/** `FastHashSpec`: Fingerprint64 buckets (`StringToHashBucketFast`). */
export const FastHashSpec = new HasherSpec('fasthash', null);

/** `StrongHashSpec(key)`: keyed SipHash buckets (`StringToHashBucketStrong`); `key` is two unsigned integers. */
export class StrongHashSpec extends HasherSpec {
  constructor(key: readonly number[]) {
    if (key.length !== 2) throw new ValueError(`\`key\` must have size 2, received ${key.length}`);
    if (!key.every(Number.isInteger)) throw new TypeError(`Invalid key ${pyStr([...key])}. Must be unsigned integer values.`);
    super('stronghash', key);
  }
}

function checkHasherSpec(spec: unknown): asserts spec is HasherSpec {
  if (!(spec instanceof HasherSpec)) throw new TypeError(`\`hasher_spec\` must be of type HasherSpec, got ${pythonType(spec)}.`);
}

/**
 * What IdTableWithHashBuckets and StaticVocabularyTable share: an optional int64-valued table,
 * and keys it does not have hashed to one of `numOovBuckets` buckets after its ids.
 */
abstract class HashBucketTable extends LookupInterface {
  protected readonly tableName: string | null;

  protected constructor(protected readonly table: StaticHashTable | null, protected readonly numOovBuckets: number,
    keyDtype: DType, name: string | null, protected readonly hasherSpec: HasherSpec) {
    super(keyDtype, DType.int64);
    this.tableName = name ? name.split('/').pop()! : null;
  }

  get name(): string | null {
    return this.tableName;
  }

  get resourceHandle(): Output | null {
    return this.table?.resourceHandle ?? null;
  }

  /** The table's initializer; without one, a new NoOp in scope `init`. */
  get initializer(): Operation {
    return this.table?.initializer ?? getDefaultGraph().nameScope('init', () => noOp());
  }

  size(name?: string): Output {
    const graph = getDefaultGraph();
    return graph.nameScope(name ?? `${this.name}_Size`, () => {
      const tableSize = this.table ? this.table.size() : convertToTensor(0, { dtype: DType.int64 });
      return add(tableSize, this.numOovBuckets, 'add');
    });
  }

  /** `string_to_hash_bucket*` of the spec's hasher. */
  private hashBuckets(input: Output): Output {
    const spec = this.hasherSpec;
    const numBuckets = this.numOovBuckets;
    if (spec.hasher === 'fasthash') return toHashBucketFast(input, numBuckets, 'hash_bucket');
    if (spec.hasher === 'legacy') return toHashBucket(input, numBuckets, 'hash_bucket');
    if (spec.hasher === 'stronghash') return toHashBucketStrong(input, numBuckets, [...spec.key!], 'hash_bucket');
    throw new ValueError(`Found unknown hasher ${spec.hasher} in \`hasher_spec\``);
  }

  /** The table's id of each key; keys it does not have (or all without a table) get `size + hash % numOovBuckets`. */
  lookup<K extends Output | SparseTensor>(keys: K, name?: string): LookupResult<K> {
    checkKeys(keys.dtype, this.keyDtype);
    let values = keys instanceof SparseTensor ? keys.values : keys as Output;
    if (this.table && this.table.keyDtype === DType.int64) values = cast(values, DType.int64);
    if (this.numOovBuckets === 0) return withKeysOf(keys, this.table!.lookup(values, name));
    const ids = getDefaultGraph().nameScope(name ?? `${this.name}_Lookup`, () => {
      // `_as_string`: integer keys hash as their decimal strings.
      let buckets = this.hashBuckets(values.dtype === DType.string ? values : asString(values));
      if (!this.table) return buckets;
      const found = this.table.lookup(values);
      buckets = add(buckets, this.table.size());
      return whereV2(notEqual(found, this.table.defaultValue), found, buckets);
    });
    return withKeysOf(keys, ids);
  }
}

export interface IdTableWithHashBucketsOptions {
  hasherSpec?: HasherSpec;
  name?: string;
  /** The dtype of the keys to look up (default: the table's, else string); integer when the table's is. */
  keyDtype?: DType;
}

/**
 * `IdTableWithHashBuckets(table, num_oov_buckets, hasher_spec, name, key_dtype)`: the ids of an
 * int64-valued table, keys it misses hashed to buckets `size .. size + num_oov_buckets - 1`
 * (with no table, buckets only).
 */
export class IdTableWithHashBuckets extends HashBucketTable {
  constructor(table: StaticHashTable | null, numOovBuckets: number, options: IdTableWithHashBucketsOptions = {}) {
    // A name ending in '/' names a scope: the table takes its last part.
    let name = options.name ? options.name.replace(/\/+$/, '') : options.name;
    let keyDtype = options.keyDtype;
    if (table) {
      keyDtype ??= table.keyDtype;
      if (table.keyDtype !== DType.int64 && table.keyDtype !== DType.string) {
        throw new TypeError(`Invalid \`key_dtype\`, expected one of (tf.int64, tf.string), received ${dtypeRepr(keyDtype)}.`);
      }
      if (isIntegerDType(table.keyDtype) !== isIntegerDType(keyDtype)) {
        throw new TypeError(`Invalid \`key dtype\`, expected ${isIntegerDType(keyDtype) ? 'integer' : 'non-integer'} but ` +
          `got ${dtypeRepr(table.keyDtype)}.`);
      }
      if (table.valueDtype !== DType.int64) {
        throw new TypeError(`Invalid \`value_dtype\`: expected int64 but got ${dtypeRepr(table.valueDtype)}.`);
      }
      name ||= table.name;
    } else {
      if (numOovBuckets <= 0) throw new ValueError('`oov_buckets` must be > 0 if no `table` is supplied.');
      keyDtype ??= DType.string;
      name ||= 'hash_bucket';
    }
    if (!isStringOrInteger(keyDtype)) {
      throw new TypeError(`Invalid \`key_dtype\`, expected integer or string, got ${dtypeRepr(keyDtype)}.`);
    }
    const hasherSpec = options.hasherSpec ?? FastHashSpec;
    checkHasherSpec(hasherSpec);
    super(table, numOovBuckets, keyDtype, name, hasherSpec);
  }

  /** TF1's deprecated name of `initializer`. */
  get init(): Operation {
    return this.initializer;
  }
}

/**
 * `tf.compat.v1.lookup.StaticVocabularyTable(initializer, num_oov_buckets, lookup_key_dtype, name)`
 * (StaticVocabularyTableV1): the int64 ids of an initializer's HashTable, keys it misses hashed
 * (Fingerprint64) to buckets after them; with no initializer, buckets only.
 */
export class StaticVocabularyTable extends HashBucketTable {
  constructor(initializer: TableInitializerBase | null, numOovBuckets: number,
    options: { lookupKeyDtype?: DType; name?: string } = {}) {
    if (numOovBuckets <= 0) throw new ValueError('`num_oov_buckets` must be > 0; use StaticHashTable.');
    let name = options.name ? options.name.replace(/\/+$/, '') : options.name;
    let keyDtype = options.lookupKeyDtype;
    let table: StaticHashTable | null = null;
    if (initializer) {
      keyDtype ??= initializer.keyDtype;
      if (initializer.keyDtype !== DType.int64 && initializer.keyDtype !== DType.string) {
        throw new TypeError(`Invalid \`key_dtype\`, expected one of (tf.int64, tf.string), but got ${dtypeRepr(initializer.keyDtype)}.`);
      }
      if (isIntegerDType(initializer.keyDtype) !== isIntegerDType(keyDtype)) {
        throw new TypeError(`Invalid \`key_dtype\`, expected ${isIntegerDType(keyDtype) ? 'integer' : 'non-integer'} but ` +
          `got ${dtypeRepr(initializer.keyDtype)}.`);
      }
      if (initializer.valueDtype !== DType.int64) {
        throw new TypeError(`Invalid \`value_dtype\`, expected ${dtypeRepr(DType.int64)} but got ${dtypeRepr(initializer.valueDtype)}.`);
      }
      table = new HashTable(initializer, -1);
      name ||= table.name;
    } else {
      keyDtype = DType.string;
      name ||= 'hash_bucket';
    }
    if (!isStringOrInteger(keyDtype)) throw new TypeError(`Invalid \`key_dtype\`, expected integer or string, got ${dtypeRepr(keyDtype)}`);
    super(table, numOovBuckets, keyDtype, name, FastHashSpec);
  }
}

// ------------------------------------------------------------------------ index tables (contrib)

export interface IndexTableOptions {
  numOovBuckets?: number;
  /** The id of keys not in the vocabulary when there are no OOV buckets. */
  defaultValue?: number;
  hasherSpec?: HasherSpec;
  name?: string;
}

/** `IdTableWithHashBuckets` over `table` when there are OOV buckets, else `table`. */
function withBuckets(table: StaticHashTable, options: IndexTableOptions, keyDtype: DType): StaticHashTable | IdTableWithHashBuckets {
  return options.numOovBuckets ? new IdTableWithHashBuckets(table, options.numOovBuckets,
    { hasherSpec: options.hasherSpec ?? FastHashSpec, keyDtype }) : table;
}

/**
 * `index_table_from_tensor(vocabulary_list, num_oov_buckets, default_value, hasher_spec, dtype, name)`:
 * a table from each key of a 1-D vocabulary to its index (int64). Host numbers convert as Python
 * ints do (int32, cast to int64).
 */
export function indexTableFromTensor(vocabularyList: InputValue | null,
  options: IndexTableOptions & { dtype?: DType } = {}): StaticHashTable | IdTableWithHashBuckets {
  if (vocabularyList === null || vocabularyList === undefined) throw new ValueError('`vocabulary_list` must be specified.');
  const numOov = options.numOovBuckets ?? 0;
  if (numOov < 0) throw new ValueError(`\`num_oov_buckets\` must be greater or equal than 0, got ${numOov}.`);
  const dtype = options.dtype ?? DType.string;
  if (!isStringOrInteger(dtype)) throw new TypeError('`dtype` must either be integer or string.');
  const graph = getDefaultGraph();
  return graph.nameScope(options.name ?? 'string_to_index', () => {
    const keys = convertToTensor(pythonNumber(vocabularyList) as InputValue);
    if (isIntegerDType(keys.dtype) !== isIntegerDType(dtype)) {
      throw new ValueError(`Invalid \`dtype\`: Expected ${isIntegerDType(dtype) ? 'integer' : 'non-integer'}, got ${dtypeRepr(keys.dtype)}.`);
    }
    if (!isIntegerDType(dtype) && keys.dtype !== dtype) {
      throw new ValueError(`Invalid \`dtype\`: Expected ${dtypeRepr(dtype)}, got ${dtypeRepr(keys.dtype)}.`);
    }
    const values = cast(range(0, sizeOf(keys)), DType.int64);
    const table = graph.nameScope('hash_table', () => {
      const tableKeys = isIntegerDType(keys.dtype) ? cast(keys, DType.int64) : keys;
      const init = new KeyValueTensorInitializer(tableKeys, values,
        { keyDtype: tableKeys.dtype, valueDtype: DType.int64, name: 'table_init' });
      return new StaticHashTable(init, options.defaultValue ?? -1);
    });
    return withBuckets(table, options, dtype);
  });
}

export interface IndexTableFromFileOptions extends IndexTableOptions, TextFileColumnsOptions {
  /** The dtype of the keys (string, or an integer: the file's keys are int64). */
  keyDtype?: DType;
}

/** The name of a vocabulary file in TF's messages: a constant's bytes as Python prints them, '?' for another tensor. */
function vocabFileName(file: string | Output): string {
  if (!(file instanceof Output)) return file;
  const value = constantValue(file);
  return value ? `b'${Buffer.from((value.data as Uint8Array[])[0]).toString()}'` : '?';
}

/** The ValueError of an empty or missing vocabulary file name. */
function checkVocabFile(file: string | Output | null): asserts file is string | Output {
  if (file === null || file === undefined || file === '') {
    throw new ValueError('`vocabulary_file` must be specified and must not be empty.');
  }
}

/**
 * `index_table_from_file(vocabulary_file, num_oov_buckets, vocab_size, default_value, hasher_spec,
 * key_dtype, name, key_column_index, value_column_index, delimiter)`: a table from each line's key
 * (the whole line by default) to its line number (int64), missing keys hashed to OOV buckets when
 * there are any.
 */
export function indexTableFromFile(vocabularyFile: string | Output | null,
  options: IndexTableFromFileOptions = {}): StaticHashTable | IdTableWithHashBuckets {
  checkVocabFile(vocabularyFile);
  const numOov = options.numOovBuckets ?? 0;
  if (numOov < 0) throw new ValueError(`num_oov_buckets must be greater or equal than 0, got ${numOov}.`);
  const { vocabSize } = options;
  if (vocabSize !== undefined && vocabSize < 1) {
    throw new ValueError(`\`vocab_size\` must be greater than 0, got ${vocabSize} for vocabulary_file: ` +
      `${vocabFileName(vocabularyFile)}.`);
  }
  const keyDtype = options.keyDtype ?? DType.string;
  if (!isStringOrInteger(keyDtype)) throw new TypeError('Dtype for `keys` should be either integer or string.');
  const graph = getDefaultGraph();
  return graph.nameScope(options.name ?? 'string_to_index', () => {
    const table = graph.nameScope('hash_table', () => new StaticHashTable(new TextFileIdTableInitializer(vocabularyFile, {
      vocabSize, keyDtype: isIntegerDType(keyDtype) ? DType.int64 : keyDtype, name: 'table_init',
      keyColumnIndex: options.keyColumnIndex, valueColumnIndex: options.valueColumnIndex, delimiter: options.delimiter,
    }), options.defaultValue ?? -1));
    return withBuckets(table, options, keyDtype);
  });
}

/**
 * `index_to_string_table_from_tensor(vocabulary_list, default_value='UNK', name)`: a table from
 * int64 indices to the strings of a 1-D vocabulary.
 */
export function indexToStringTableFromTensor(vocabularyList: InputValue | null,
  options: { defaultValue?: string; name?: string } = {}): StaticHashTable {
  if (vocabularyList === null || vocabularyList === undefined) {
    throw new ValueError('`vocabulary_list` argument must be specified.');
  }
  return getDefaultGraph().nameScope(options.name ?? 'index_to_string', () => {
    const vocabulary = convertToTensor(vocabularyList, { dtype: DType.string });
    const keys = cast(range(0, sizeOf(vocabulary)), DType.int64);
    const init = new KeyValueTensorInitializer(keys, vocabulary,
      { keyDtype: DType.int64, valueDtype: DType.string, name: 'table_init' });
    return new StaticHashTable(init, options.defaultValue ?? 'UNK');
  });
}

/**
 * `index_to_string_table_from_file(vocabulary_file, vocab_size, default_value='UNK', name,
 * key_column_index, value_column_index, delimiter)`: a table from line numbers (int64) to lines.
 */
export function indexToStringTableFromFile(vocabularyFile: string | Output | null,
  options: TextFileColumnsOptions & { defaultValue?: string } = {}): StaticHashTable {
  checkVocabFile(vocabularyFile);
  const { vocabSize } = options;
  if (vocabSize !== undefined && vocabSize < 1) throw new ValueError(`\`vocab_size\` must be greater than 0, got ${vocabSize}.`);
  return getDefaultGraph().nameScope(options.name ?? 'index_to_string', () => {
    const init = new TextFileStringTableInitializer(vocabularyFile, { vocabSize, name: 'table_init',
      keyColumnIndex: options.keyColumnIndex, valueColumnIndex: options.valueColumnIndex, delimiter: options.delimiter });
    return new StaticHashTable(init, options.defaultValue ?? 'UNK');
  });
}

// ---------------------------------------------------------------------------------- mutable tables

/**
 * A mutable table's `SaveableObject`: its export saved as `<name>-keys` and `<name>-values`,
 * restored by a `LookupTableImportV2` (in scope `<name>_table_restore`, with the table).
 */
class TableSaveable implements SaveableObject {
  readonly specs: Array<{ tensor: Output; name: string }>;

  constructor(private readonly table: MutableTableBase, readonly name: string) {
    const [keys, values] = table.export();
    this.specs = [{ tensor: keys, name: `${name}-keys` }, { tensor: values, name: `${name}-values` }];
  }

  restore([keys, values]: Output[]): Operation {
    const handle = this.table.resourceHandle;
    return handle.graph.nameScope(`${this.name}_table_restore`, () => handle.graph.colocateWith(handle, () =>
      raw.lookupTableImportV2({ tableHandle: handle, keys, values })));
  }
}

/** What MutableHashTable and DenseHashTable share: insert, export, size, and the Saver's saveable. */
abstract class MutableTableBase extends LookupInterface {
  readonly defaultValue: Output;
  readonly resourceHandle: Output;

  protected constructor(keyDtype: DType, valueDtype: DType, defaultValue: Output, name: string, checkpoint: boolean,
    create: (useNodeNameSharing: boolean) => Output) {
    super(keyDtype, valueDtype);
    this.defaultValue = defaultValue;
    // Checkpointed tables are shared by node name, so that every worker restores the same one.
    this.resourceHandle = create(checkpoint);
    if (checkpoint) this.resourceHandle.graph.addToCollection(GraphKeys.SAVEABLE_OBJECTS, new TableSaveable(this, name));
  }

  get name(): string {
    return tableNameOf(this.resourceHandle);
  }

  /** An op in scope `name` (default `<table>_<suffix>`), colocated with the table when `colocate`. */
  protected tableOp<T>(name: string | undefined, suffix: string, colocate: boolean, fn: () => T): T {
    const graph = this.resourceHandle.graph;
    return graph.nameScope(name ?? `${this.name}_${suffix}`, () => (colocate ? graph.colocateWith(this.resourceHandle, fn) : fn()));
  }

  size(name?: string): Output {
    return this.tableOp(name, 'Size', true, () =>
      raw.lookupTableSizeV2({ tableHandle: this.resourceHandle }));
  }

  /** Sets the values of `keys` (of the table's key dtype) to `values`. */
  insert(keys: InputValue, values: InputValue, name?: string): Operation {
    return this.tableOp(name, 'lookup_table_insert', false, () => {
      const k = convertToTensor(keys, { dtype: this.keyDtype, name: 'keys' });
      const v = convertToTensor(values, { dtype: this.valueDtype, name: 'values' });
      return this.resourceHandle.graph.colocateWith(this.resourceHandle, () =>
        raw.lookupTableInsertV2({ tableHandle: this.resourceHandle, keys: k, values: v }));
    });
  }

  /** `[keys, values]`: every entry of the table. */
  export(name?: string): [Output, Output] {
    const { keys, values } = this.tableOp(name, 'lookup_table_export_values', true, () => raw.lookupTableExportV2(
      { tableHandle: this.resourceHandle, Tkeys: this.keyDtype, Tvalues: this.valueDtype }));
    return [keys, values];
  }

  /** A `LookupTableFindV2` of `keys` (converted to the key dtype) with `defaultValues` for missing ones. */
  protected find(keys: InputValue, name: string | undefined, defaultValues: InputValue): Output {
    return this.tableOp(name, 'lookup_table_find', false, () => {
      const k = convertToTensor(keys, { dtype: this.keyDtype, name: 'keys' });
      return this.resourceHandle.graph.colocateWith(this.resourceHandle, () => raw.lookupTableFindV2(
        { tableHandle: this.resourceHandle, keys: k, defaultValue: defaultValues }));
    });
  }

  /** A `LookupTableRemoveV2` of `keys`, a tensor of the key dtype. */
  protected removeOp(keys: Output, name: string | undefined): Operation {
    return this.tableOp(name, 'lookup_table_remove', false, () =>
      raw.lookupTableRemoveV2({ tableHandle: this.resourceHandle, keys }));
  }
}

export interface MutableTableOptions {
  name?: string;
  /** Save and restore the table's entries with the Saver (collection `saveable_objects`); default true. */
  checkpoint?: boolean;
}

/**
 * `tf.lookup.experimental.MutableHashTable(key_dtype, value_dtype, default_value, name, checkpoint)`
 * (TF1's tf.contrib.lookup.MutableHashTable): a table that `insert` and `remove` change; a
 * non-scalar default value makes it a table of tensors of that shape.
 */
export class MutableHashTable extends MutableTableBase {
  constructor(keyDtype: DType, valueDtype: DType, defaultValue: InputValue, options: MutableTableOptions = {}) {
    const name = options.name ?? 'MutableHashTable';
    const dflt = convertToTensor(defaultValue, { dtype: valueDtype });
    super(keyDtype, valueDtype, dflt, name, options.checkpoint ?? true, (useNodeNameSharing) => {
      const args = { useNodeNameSharing, keyDtype, valueDtype };
      return dflt.shape?.length === 0 ? raw.mutableHashTableV2(args, name)
        : raw.mutableHashTableOfTensorsV2({ ...args, valueShape: dflt.shape }, name);
    });
  }

  /** The values of `keys`; missing ones get `dynamicDefaultValues` (one per key, or one for all) or the default value. */
  lookup(keys: InputValue, name?: string, dynamicDefaultValues?: InputValue): Output {
    return this.find(keys, name, dynamicDefaultValues ?? this.defaultValue);
  }

  /** Removes `keys` (a tensor of the key dtype); missing ones are ignored. */
  remove(keys: Output, name?: string): Operation {
    checkKeys(keys.dtype, this.keyDtype);
    return this.removeOp(keys, name);
  }
}

export interface DenseHashTableOptions extends MutableTableOptions {
  /** The initial number of buckets, a power of 2 (TF's default: 2^17). */
  initialNumBuckets?: number;
}

/**
 * `tf.lookup.experimental.DenseHashTable(key_dtype, value_dtype, default_value, empty_key,
 * deleted_key, initial_num_buckets, name, checkpoint)` (TF1's tf.contrib.lookup.MutableDenseHashTable):
 * a mutable table with open addressing; `emptyKey` and `deletedKey` mark free buckets and are no keys.
 */
export class DenseHashTable extends MutableTableBase {
  constructor(keyDtype: DType, valueDtype: DType, defaultValue: InputValue, emptyKey: InputValue, deletedKey: InputValue,
    options: DenseHashTableOptions = {}) {
    const name = options.name ?? 'MutableDenseHashTable';
    const dflt = convertToTensor(defaultValue, { dtype: valueDtype, name: 'default_value' });
    super(keyDtype, valueDtype, dflt, name, options.checkpoint ?? true, (useNodeNameSharing) => raw.mutableDenseHashTableV2({
      emptyKey: convertToTensor(emptyKey, { dtype: keyDtype, name: 'empty_key' }),
      deletedKey: convertToTensor(deletedKey, { dtype: keyDtype, name: 'deleted_key' }),
      useNodeNameSharing, valueDtype, valueShape: dflt.shape, initialNumBuckets: options.initialNumBuckets,
    }, name));
  }

  /** The values of `keys`; missing ones get the default value. */
  lookup(keys: InputValue, name?: string): Output {
    return this.find(keys, name, this.defaultValue);
  }

  /** `insert_or_assign`: the same as `insert`. */
  insertOrAssign(keys: InputValue, values: InputValue, name?: string): Operation {
    return this.insert(keys, values, name);
  }

  /** Removes `keys` (a tensor of the key dtype); missing ones are ignored. */
  erase(keys: Output, name?: string): Operation {
    if (keys.dtype !== this.keyDtype) {
      throw new TypeError(`Signature mismatch. Keys must be dtype ${dtypeRepr(this.keyDtype)}, got ${dtypeRepr(keys.dtype)}.`);
    }
    return this.removeOp(keys, name);
  }

  /** The same as `erase`. */
  remove(keys: Output, name?: string): Operation {
    return this.erase(keys, name);
  }
}

/** tf.contrib.lookup's name of DenseHashTable. */
export const MutableDenseHashTable = DenseHashTable;
