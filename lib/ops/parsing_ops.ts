/**
 * Parsing ops (TF1's `parsing_ops.py`, `parsing_config.py`): `tf.train.Example` protos into dense
 * tensors (`FixedLenFeature`) and SparseTensors (`VarLenFeature`, `SparseFeature`) with
 * `parseExample` and `parseSingleExample`, raw bytes into numbers (`decodeRaw`) and CSV records
 * into columns (`decodeCSV`), built as TF 2.21 builds them. The sequence and ragged configs are
 * not here.
 */
import { ValueError } from '../errors';
import { DType, dtypeName } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { logger } from '../training/tf_logging';
import { ShapeLike, constant, rank, reshape, withScope } from './array_ops';
import { assertMessages, withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { equal } from './math_ops';
import { sparseMerge } from './sparse_ops';
import { pyRepr } from '../util/python_repr';

const logging = logger('parsing_config');

/**
 * `tf.FixedLenFeature(shape, dtype, default_value)`: a feature of a fully known `shape` and
 * dtype float32, int64 or string. An example without it takes `defaultValue` (reshaped to
 * `shape` unless it is a graph tensor), or fails to parse when there is none.
 */
export class FixedLenFeature {
  constructor(readonly shape: ShapeLike | null, readonly dtype: DType,
    readonly defaultValue: InputValue | null = null) {}

  /** As Python's repr, which TF's error messages quote. */
  toString(): string {
    const dtype = this.dtype ? `tf.${dtypeName(this.dtype)}` : 'None';
    return `FixedLenFeature(shape=${pyRepr(this.shape)}, dtype=${dtype}, default_value=${pyRepr(this.defaultValue)})`;
  }
}

/**
 * `tf.VarLenFeature(dtype)`: a feature of any number of values (float32, int64 or string), parsed
 * into a SparseTensor: `[batch, maxCount]` for a batch, `[maxCount]` for one example.
 */
export class VarLenFeature {
  constructor(readonly dtype: DType) {}

  toString(): string {
    return `VarLenFeature(dtype=${this.dtype ? `tf.${dtypeName(this.dtype)}` : 'None'})`;
  }
}

/**
 * `tf.SparseFeature(index_key, value_key, dtype, size, already_sorted)`: a SparseTensor whose
 * values are the example's `valueKey` feature (of `dtype`) and whose indices are its `indexKey`
 * features (int64, one per dimension, as many values each), in a dense shape of `size` (one per
 * index key; a number or int tensor). Parsed as those features, then merged as `sparseMerge`
 * merges them (entries reordered unless `alreadySorted`).
 */
export class SparseFeature {
  constructor(readonly indexKey: string | string[], readonly valueKey: string, readonly dtype: DType,
    readonly size: InputValue | InputValue[], readonly alreadySorted = false) {}

  toString(): string {
    return `SparseFeature(index_key=${pyRepr(this.indexKey)}, value_key=${pyRepr(this.valueKey)}, ` +
      `dtype=${this.dtype ? `tf.${dtypeName(this.dtype)}` : 'None'}, size=${pyRepr(this.size)}, ` +
      `already_sorted=${pyRepr(this.alreadySorted)})`;
  }
}

/** A feature spec: a FixedLenFeature, VarLenFeature or SparseFeature for each feature key. */
export type Features = Record<string, FixedLenFeature | VarLenFeature | SparseFeature>;

/** What parsing gives for each key: a tensor for a FixedLenFeature, a SparseTensor for a VarLenFeature or SparseFeature. */
export type ParsedFeatures<F extends Features = Features> = { [K in keyof F]: F[K] extends FixedLenFeature ? Output : SparseTensor };

/** `_ParseOpParams`: sparse and dense keys in sorted order, with their dtypes, and the dense shapes and defaults. */
interface ParseParams {
  sparseKeys: string[];
  sparseTypes: DType[];
  keys: string[];
  shapes: number[][];
  dtypes: DType[];
  defaults: Map<string, InputValue>;
}

/** `_add_sparse_key`: a sparse key and its dtype, once; the same key with another dtype is a ValueError. */
function addSparseKey(params: ParseParams, key: string, dtype: DType): void {
  const at = params.sparseKeys.indexOf(key);
  if (at < 0) {
    params.sparseKeys.push(key);
    params.sparseTypes.push(dtype);
  } else if (params.sparseTypes[at] !== dtype) {
    throw new ValueError(`Conflicting type <dtype: '${dtypeName(params.sparseTypes[at])}'> vs ` +
      `<dtype: '${dtypeName(dtype)}'> for feature ${key}.`);
  }
}

/** `_add_sparse_feature`: a SparseFeature's index keys (sorted, int64) and value key. */
function addSparseFeature(params: ParseParams, key: string, feature: SparseFeature): void {
  const indexKeys = typeof feature.indexKey === 'string' ? [feature.indexKey] : feature.indexKey;
  if (!feature.indexKey || indexKeys.length === 0) throw new ValueError(`Missing index_key for SparseFeature ${feature}.`);
  if (!feature.valueKey) throw new ValueError(`Missing value_key for SparseFeature ${feature}.`);
  if (!feature.dtype) throw new ValueError(`Missing type for feature ${key}. Received feature=${feature}.`);
  if (indexKeys.length > 1) {
    logging.warning('SparseFeature is a complicated feature config and should only be used after careful ' +
      'consideration of VarLenFeature.');
  }
  for (const indexKey of [...indexKeys].sort()) addSparseKey(params, indexKey, DType.int64);
  addSparseKey(params, feature.valueKey, feature.dtype);
}

/** `_ParseOpParams.from_features` for FixedLenFeatures, VarLenFeatures and SparseFeatures, with its checks and messages. */
function parseParams(features: Features): ParseParams {
  const params: ParseParams = { sparseKeys: [], sparseTypes: [], keys: [], shapes: [], dtypes: [], defaults: new Map() };
  for (const key of Object.keys(features).sort()) {
    const feature = features[key];
    if (feature instanceof VarLenFeature) {
      if (!feature.dtype) throw new ValueError(`Missing type for feature ${key}. Received feature=${feature}`);
      addSparseKey(params, key, feature.dtype);
      continue;
    }
    if (feature instanceof SparseFeature) {
      addSparseFeature(params, key, feature);
      continue;
    }
    if (!(feature instanceof FixedLenFeature)) {
      const kind = (feature as object | null)?.constructor?.name ?? typeof feature;
      throw new ValueError(`Unsupported ${kind} ${describe(feature)} for key '${key}'`);
    }
    if (!feature.dtype) throw new ValueError(`Missing type for feature ${key}. Received feature=${feature}.`);
    const shape = feature.shape;
    if (shape === null || shape === undefined) {
      throw new ValueError(`Missing shape for feature ${key}. Received feature=${feature}.`);
    }
    if (shape.length > 0 && shape[0] === null) {
      throw new ValueError(`First dimension of shape for feature ${key} unknown. Consider using ` +
        `FixedLenSequenceFeature. Received feature=${feature}.`);
    }
    if (shape.some((d) => d === null)) {
      throw new ValueError(`All dimensions of shape for feature ${key} need to be known but received ` +
        `${pyRepr(shape)}.`);
    }
    params.keys.push(key);
    params.shapes.push(shape as number[]);
    params.dtypes.push(feature.dtype);
    if (feature.defaultValue !== null && feature.defaultValue !== undefined) {
      params.defaults.set(key, feature.defaultValue);
    }
  }
  const both = params.keys.filter((k) => params.sparseKeys.includes(k));
  if (both.length > 0) {
    throw new ValueError(`Dense and sparse keys must not intersect; dense_keys: ${pyRepr(params.keys)}, sparse_keys: ` +
      `${pyRepr(params.sparseKeys)}, intersection: {${both.sort().map(pyRepr).join(', ')}}`);
  }
  return params;
}

/**
 * `_construct_tensors_for_composite_features`: each SparseFeature's index and value SparseTensors
 * merged into one under its key; keys parsed only for them left out.
 */
function compositeFeatures(features: Features, parsed: ParsedFeatures): ParsedFeatures {
  const out = { ...parsed };
  for (const key of Object.keys(features).sort()) {
    const feature = features[key];
    if (!(feature instanceof SparseFeature)) continue;
    const ids = typeof feature.indexKey === 'string' ? parsed[feature.indexKey] as SparseTensor
      : feature.indexKey.map((k) => parsed[k] as SparseTensor);
    out[key] = sparseMerge(ids, parsed[feature.valueKey] as SparseTensor, feature.size,
      { alreadySorted: feature.alreadySorted });
  }
  for (const key of Object.keys(out)) if (!(key in features)) delete out[key];
  return out;
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * `_make_dense_default` for a fully defined shape: an empty Const when there is no default, a
 * graph tensor as is, any other value converted (as `key_<key>`) and reshaped to the shape.
 */
function denseDefault(params: ParseParams, i: number): Output {
  const key = params.keys[i];
  const value = params.defaults.get(key);
  if (value === undefined) return constant([], { dtype: params.dtypes[i] });
  if (value instanceof Output) return value;
  const name = `key_${key.replace(/[^A-Za-z0-9_.\-/]/gu, '_')}`;
  return reshape(convertToTensor(value, { dtype: params.dtypes[i], name }), params.shapes[i]);
}

/** Options of `parseExample` and `parseSingleExample`. */
export interface ParseExampleOptions {
  name?: string;
  /** Names of the serialized protos for error messages: a vector for parseExample, a scalar for parseSingleExample. */
  exampleNames?: InputValue | null;
}

/** `_parse_example_raw`: one ParseExampleV2, its sparse outputs made SparseTensors. */
function parseExampleRaw(serialized: InputValue, names: InputValue | null | undefined, params: ParseParams,
  name: string | undefined): ParsedFeatures {
  if (params.keys.length + params.sparseKeys.length === 0) throw new ValueError('Must provide at least one feature key.');
  return withScope(name, 'ParseExample', [serialized, names], (_scope, graph) => {
    const s = convertToTensor(serialized, { name: 'serialized', graph });
    const out = raw.parseExampleV2({
      serialized: s, names: names ?? [], sparseKeys: params.sparseKeys, denseKeys: params.keys, raggedKeys: [],
      denseDefaults: params.keys.map((_, i) => denseDefault(params, i)), numSparse: params.sparseKeys.length,
      sparseTypes: params.sparseTypes, raggedValueTypes: [], raggedSplitTypes: [], denseShapes: params.shapes,
    }, name);
    const sparse = params.sparseKeys.map((_, i) =>
      new SparseTensor(out.sparseIndices[i], out.sparseValues[i], out.sparseShapes[i]));
    return Object.fromEntries([...params.sparseKeys.map((k, i) => [k, sparse[i]]),
      ...params.keys.map((k, i) => [k, out.denseValues[i]])]);
  });
}

/**
 * `tf.parse_example(serialized, features, name, example_names)`: a batch (string vector) of
 * serialized `Example` protos into a tensor for each feature, `[batch, ...shape]`.
 */
export function parseExample<F extends Features>(serialized: InputValue, features: F,
  options: ParseExampleOptions = {}): ParsedFeatures<F> {
  if (!features || Object.keys(features).length === 0) {
    throw new ValueError(`Argument \`features\` cannot be None or falsy. Got ${features ? '{}' : 'None'}`);
  }
  const parsed = parseExampleRaw(serialized, options.exampleNames, parseParams(features), options.name);
  return compositeFeatures(features, parsed) as ParsedFeatures<F>;
}

/**
 * `tf.parse_single_example(serialized, features, name, example_names)`: one serialized
 * `Example` (a string scalar) into a tensor of each feature's shape. A tensor of unknown rank
 * is checked to be a scalar at run time.
 */
export function parseSingleExample<F extends Features>(serialized: InputValue, features: F,
  options: ParseExampleOptions = {}): ParsedFeatures<F> {
  if (features === null || features === undefined) throw new ValueError('Invalid argument: features cannot be None.');
  if (Object.keys(features).length === 0) throw new ValueError('Invalid argument: features cannot be empty.');
  return withScope(options.name, 'ParseSingleExample', [serialized, options.exampleNames], (_scope, graph) => {
    const s = assertScalar(convertToTensor(serialized, { name: 'serialized', graph }), 'serialized');
    return parseExample(s, features, options);
  });
}

/** `_assert_scalar`: `value` if it is a scalar, else a ValueError; of unknown rank, through a run-time Assert. */
function assertScalar(value: Output, name: string): Output {
  const message = `Input ${name} must be a scalar`;
  if (value.shape === null) {
    const condition = equal(rank(value), 0);
    const scope = `${name[0].toUpperCase()}${name.slice(1).toLowerCase()}IsScalar`;
    const check = assertMessages(condition, [message], scope);
    const result = withDependencies([check], value, `${name}Dependencies`);
    result.setShape([]);
    return result;
  }
  if (value.shape.length === 0) return value;
  throw new ValueError(message);
}

/**
 * `tf.decode_raw(bytes, out_type, little_endian)` (v1): each string's bytes as numbers of
 * `outType`, one more dimension than `bytes`.
 */
export function decodeRaw(bytes: InputValue, outType: DType,
  options: { littleEndian?: boolean; name?: string } = {}): Output {
  return raw.decodeRaw({ bytes, outType, littleEndian: options.littleEndian ?? true }, options.name);
}

/** Options of `decodeCSV`. */
export interface DecodeCSVOptions {
  fieldDelim?: string;
  /** Whether double quotes delimit fields (RFC 4180); when false they are ordinary characters. */
  useQuoteDelim?: boolean;
  /** The string that stands for a missing value. */
  naValue?: string;
  /** The columns to parse, strictly increasing; `recordDefaults` then has one per selected column. */
  selectCols?: number[] | null;
  name?: string;
}

/**
 * `tf.io.decode_csv(records, record_defaults, ...)` (v1): CSV records into one tensor per
 * column, each of the records' shape. Each default is a one-element tensor (float32, float64,
 * int32, int64 or string) that fills empty fields, or an empty one for a required column.
 */
export function decodeCSV(records: InputValue, recordDefaults: InputValue[], options: DecodeCSVOptions = {}): Output[] {
  const cols = options.selectCols ?? null;
  if (cols !== null && cols.some((c, i) => i + 1 < cols.length && c >= cols[i + 1])) {
    throw new ValueError('select_cols is not strictly increasing.');
  }
  if (cols !== null && cols[0] < 0) throw new ValueError('select_cols contains negative values.');
  if (cols !== null && cols.length !== recordDefaults.length) {
    throw new ValueError('Length of select_cols and record_defaults do not match.');
  }
  return raw.decodeCSV({
    records, recordDefaults, fieldDelim: options.fieldDelim ?? ',', useQuoteDelim: options.useQuoteDelim ?? true,
    naValue: options.naValue ?? '', selectCols: cols ?? undefined,
  }, options.name);
}
