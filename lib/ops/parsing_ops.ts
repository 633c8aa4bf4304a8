/**
 * Parsing ops (TF1's `parsing_ops.py`, `parsing_config.py`): `tf.train.Example` protos into dense
 * tensors (`FixedLenFeature`) and SparseTensors (`VarLenFeature`, `SparseFeature`) with
 * `parseExample` and `parseSingleExample`, raw bytes into numbers (`decodeRaw`) and CSV records
 * into columns (`decodeCSV`), built as TF 2.21 builds them; `tf.train.SequenceExample` protos
 * with `parseSequenceExample` and `parseSingleSequenceExample` (`FixedLenSequenceFeature`). The
 * ragged config is not here.
 */
import { ValueError } from '../errors';
import { DType, dtypeName } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { logger } from '../training/tf_logging';
import { ShapeLike, constant, rank, reshape, reshapeToScalar, withScope } from './array_ops';
import { assertMessages, withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { equal } from './math_ops';
import { sparseMerge } from './sparse_ops';
import { pyRepr } from '../util/python_repr';
import { RaggedTensor } from '../framework/ragged_tensor';
import {
  RaggedFeature, RaggedParams, addRaggedFeature, buildRaggedTensors, checkRaggedRank, raggedFeatureTensor,
} from './ragged/ragged_feature';

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

/**
 * `tf.io.FixedLenSequenceFeature(shape, dtype, allow_missing, default_value)`: a feature of
 * any number of steps of `shape` each. In a SequenceExample's feature lists, a missing one is
 * empty when `allowMissing`; in an Example (where `allowMissing` must be true), the steps are
 * padded to the batch's longest with `defaultValue` (0 or '' when absent).
 */
export class FixedLenSequenceFeature {
  constructor(readonly shape: ShapeLike | null, readonly dtype: DType, readonly allowMissing = false,
    readonly defaultValue: InputValue | null = null) {}

  toString(): string {
    const dtype = this.dtype ? `tf.${dtypeName(this.dtype)}` : 'None';
    return `FixedLenSequenceFeature(shape=${pyRepr(this.shape)}, dtype=${dtype}, ` +
      `allow_missing=${pyRepr(this.allowMissing)}, default_value=${pyRepr(this.defaultValue)})`;
  }
}

/** Any feature config of this module. */
type FeatureConfig = FixedLenFeature | VarLenFeature | SparseFeature | FixedLenSequenceFeature | RaggedFeature;

/** A feature spec: a FixedLenFeature, VarLenFeature, SparseFeature or FixedLenSequenceFeature for each feature key. */
export type Features = Record<string, FeatureConfig>;

/** What parsing gives for each key: a tensor for a dense feature, a SparseTensor for a VarLenFeature or SparseFeature. */
export type ParsedFeatures<F extends Features = Features> = {
  [K in keyof F]: F[K] extends FixedLenFeature | FixedLenSequenceFeature ? Output
    : F[K] extends RaggedFeature ? RaggedTensor | Output : SparseTensor
};

/** `_ParseOpParams`: sparse and dense keys in sorted order, with their dtypes, and the dense shapes and defaults. */
export interface ParseParams extends RaggedParams {
  sparseKeys: string[];
  sparseTypes: DType[];
  keys: string[];
  shapes: (number | null)[][];
  dtypes: DType[];
  /** Defaults by dense key; null for a FixedLenSequenceFeature that may be missing. */
  defaults: Map<string, InputValue | null>;
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FeatureClass = new (...args: any[]) => FeatureConfig;

/** `_ParseOpParams.from_features(features, types)`, with its checks and messages. */
export function parseParams(features: Features | null | undefined,
  types: FeatureClass[] = [VarLenFeature, SparseFeature, FixedLenFeature, FixedLenSequenceFeature]): ParseParams {
  const params: ParseParams = {
    sparseKeys: [], sparseTypes: [], keys: [], shapes: [], dtypes: [], defaults: new Map(), raggedKeys: [],
    raggedValueTypes: [], raggedSplitTypes: [],
  };
  for (const key of Object.keys(features ?? {}).sort()) {
    const feature = features![key];
    if (!types.some((t) => feature instanceof t)) {
      const kind = (feature as object | null)?.constructor?.name ?? typeof feature;
      throw new ValueError(`Unsupported ${kind} ${describe(feature)} for key '${key}'`);
    }
    if (feature instanceof FixedLenSequenceFeature) {
      addFixedLenSequenceFeature(params, key, feature);
      continue;
    }
    if (feature instanceof VarLenFeature) {
      if (!feature.dtype) throw new ValueError(`Missing type for feature ${key}. Received feature=${feature}`);
      addSparseKey(params, key, feature.dtype);
      continue;
    }
    if (feature instanceof SparseFeature) {
      addSparseFeature(params, key, feature);
      continue;
    }
    if (feature instanceof RaggedFeature) {
      addRaggedFeature(params, key, feature);
      continue;
    }
    if (!(feature instanceof FixedLenFeature)) continue;
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
  const keysOf = (ks: string[]) => `{${[...ks].sort().map(pyRepr).join(', ')}}`;
  const denseRagged = params.keys.filter((k) => params.raggedKeys.includes(k));
  if (denseRagged.length > 0) {
    // TF gives the message as two arguments, so its str is their tuple.
    throw new ValueError(`('Dense and ragged keys must not intersect; dense_keys: ', "${pyRepr(params.keys)}, ` +
      `ragged_keys: ${pyRepr(params.raggedKeys)}, intersection: ${keysOf(denseRagged)}")`);
  }
  const raggedSparse = params.raggedKeys.filter((k) => params.sparseKeys.includes(k));
  if (raggedSparse.length > 0) {
    throw new ValueError(`Ragged and sparse keys must not intersect; ragged_keys: ${pyRepr(params.raggedKeys)}, ` +
      `sparse_keys: ${pyRepr(params.sparseKeys)}, intersection: ${keysOf(raggedSparse)}`);
  }
  return params;
}

/** `_add_fixed_len_sequence_feature`: a dense key of any number of steps. */
function addFixedLenSequenceFeature(params: ParseParams, key: string, feature: FixedLenSequenceFeature): void {
  if (!feature.dtype) throw new ValueError(`Missing type for feature ${key}. Received feature=${feature}.`);
  if (feature.shape === null || feature.shape === undefined) {
    throw new ValueError(`Missing shape for feature ${key}. Received feature=${feature}.`);
  }
  params.keys.push(key);
  params.shapes.push([...feature.shape]);
  params.dtypes.push(feature.dtype);
  if (feature.allowMissing) params.defaults.set(key, null);
  if (feature.defaultValue !== null && feature.defaultValue !== undefined) params.defaults.set(key, feature.defaultValue);
}

/**
 * `_prepend_none_dimension`: an Example's FixedLenSequenceFeatures (which must allow missing)
 * with an unknown first dimension, the steps.
 */
export function prependNoneDimension(features: Features): Features {
  const out: Features = { ...features };
  for (const [key, f] of Object.entries(features)) {
    if (!(f instanceof FixedLenSequenceFeature)) continue;
    if (!f.allowMissing) throw new ValueError('Unsupported: FixedLenSequenceFeature requires allow_missing to be True.');
    out[key] = new FixedLenSequenceFeature([null, ...(f.shape ?? [])], f.dtype, f.allowMissing, f.defaultValue);
  }
  return out;
}

/**
 * `_construct_tensors_for_composite_features`: each SparseFeature's index and value SparseTensors
 * merged into one under its key; keys parsed only for them left out.
 */
export function compositeFeatures(features: Features, parsed: ParsedFeatures): ParsedFeatures {
  const out = { ...parsed };
  for (const key of Object.keys(features).sort()) {
    const feature = features[key];
    if (feature instanceof RaggedFeature) {
      (out as Record<string, unknown>)[key] = raggedFeatureTensor(key, feature, parsed);
      continue;
    }
    if (!(feature instanceof SparseFeature)) continue;
    const ids = typeof feature.indexKey === 'string' ? parsed[feature.indexKey] as SparseTensor
      : feature.indexKey.map((k) => parsed[k] as SparseTensor);
    out[key] = sparseMerge(ids, parsed[feature.valueKey] as SparseTensor, feature.size,
      { alreadySorted: feature.alreadySorted });
  }
  for (const key of Object.keys(out)) if (!(key in features)) delete out[key];
  return out;
}

/** The feature as Python's `str` shows it in messages: a config's repr, anything else as JSON. */
function describe(v: unknown): string {
  if (v instanceof FixedLenFeature || v instanceof VarLenFeature || v instanceof SparseFeature ||
    v instanceof FixedLenSequenceFeature || v instanceof RaggedFeature) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * `_make_dense_default`: for steps of a FixedLenSequenceFeature (unknown first dimension), the
 * padding scalar (0 or '' when there is no default, converted as `padding_<key>`); else an empty
 * Const when there is no default, a graph tensor as is, any other value converted (as
 * `key_<key>`) and reshaped to the shape.
 */
export function denseDefault(params: ParseParams, i: number): Output {
  const key = params.keys[i];
  const dtype = params.dtypes[i];
  const value = params.defaults.get(key) ?? null;
  const safeKey = key.replace(/[^A-Za-z0-9_.\-/]/gu, '_');
  if (params.shapes[i].length > 0 && params.shapes[i][0] === null) {
    if (value === null) return convertToTensor(dtype === DType.string ? '' : 0, { dtype });
    const padding = convertToTensor(value, { dtype, name: `padding_${safeKey}` });
    return reshapeToScalar(padding);
  }
  if (value === null) return constant([], { dtype });
  if (value instanceof Output) return value;
  return reshape(convertToTensor(value, { dtype, name: `key_${safeKey}` }), params.shapes[i] as number[]);
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
  if (params.keys.length + params.sparseKeys.length + params.raggedKeys.length === 0) {
    throw new ValueError('Must provide at least one feature key.');
  }
  return withScope(name, 'ParseExample', [serialized, names], (_scope, graph) => {
    const s = convertToTensor(serialized, { name: 'serialized', graph });
    checkRaggedRank(params, s);
    const out = raw.parseExampleV2({
      serialized: s, names: names ?? [], sparseKeys: params.sparseKeys, denseKeys: params.keys, raggedKeys: params.raggedKeys,
      denseDefaults: params.keys.map((_, i) => denseDefault(params, i)), numSparse: params.sparseKeys.length,
      sparseTypes: params.sparseTypes, raggedValueTypes: params.raggedValueTypes, raggedSplitTypes: params.raggedSplitTypes,
      denseShapes: params.shapes,
    }, name);
    const ragged = buildRaggedTensors(s.shape, out.raggedValues, out.raggedRowSplits);
    const sparse = params.sparseKeys.map((_, i) =>
      new SparseTensor(out.sparseIndices[i], out.sparseValues[i], out.sparseShapes[i]));
    return Object.fromEntries([...params.sparseKeys.map((k, i) => [k, sparse[i]]),
      ...params.keys.map((k, i) => [k, out.denseValues[i]]), ...params.raggedKeys.map((k, i) => [k, ragged[i]])]);
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
  const withSteps = prependNoneDimension(features);
  const types = [VarLenFeature, SparseFeature, FixedLenFeature, FixedLenSequenceFeature, RaggedFeature];
  const parsed = parseExampleRaw(serialized, options.exampleNames, parseParams(withSteps, types), options.name);
  return compositeFeatures(withSteps, parsed) as ParsedFeatures<F>;
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

/** Options of `parseSequenceExample` and `parseSingleSequenceExample`. */
export interface ParseSequenceExampleOptions<C extends Features, S extends Features> {
  /** FixedLenFeatures and VarLenFeatures of the SequenceExample's context. */
  contextFeatures?: C | null;
  /** FixedLenSequenceFeatures and VarLenFeatures of its feature lists. */
  sequenceFeatures?: S | null;
  name?: string;
}

/** The context's and the feature lists' tensors, and each dense feature list's length (a batch's own, each). */
export type ParsedSequenceExample<C extends Features, S extends Features> =
  [ParsedFeatures<C>, ParsedFeatures<S>, Record<keyof S & string, Output>];

/** `_ParseOpParams.from_features` of a SequenceExample's context and feature lists, with Python's checks. */
function sequenceParams(context: Features | null | undefined, sequence: Features | null | undefined,
  noneMessage: string): [ParseParams, ParseParams] {
  const nonEmpty = (f: Features | null | undefined): boolean => !!f && Object.keys(f).length > 0;
  if (!nonEmpty(context) && !nonEmpty(sequence)) throw new ValueError(noneMessage);
  return [parseParams(context, [VarLenFeature, FixedLenFeature]),
    parseParams(sequence, [VarLenFeature, FixedLenSequenceFeature])];
}

/** `_parse_sequence_example_raw`: one ParseSequenceExampleV2, its sparse outputs made SparseTensors. */
function parseSequenceExampleRaw(serialized: InputValue, debugName: InputValue | null | undefined,
  context: ParseParams, featureList: ParseParams, name: string | undefined): [ParsedFeatures, ParsedFeatures, Record<string, Output>] {
  if (context.keys.length + context.sparseKeys.length + featureList.keys.length + featureList.sparseKeys.length === 0) {
    throw new ValueError('Must provide at least one feature key.');
  }
  return withScope(name, 'ParseSequenceExample', [serialized], (_scope, graph) => {
    const missingAssumedEmpty: string[] = [];
    for (const [k, v] of featureList.defaults) {
      if (v !== null) throw new ValueError(`Value feature_list.dense_defaults[${k}] must be None`);
      missingAssumedEmpty.push(k);
    }
    const s = convertToTensor(serialized, { name: 'serialized', graph });
    const out = raw.parseSequenceExampleV2({
      serialized: s, debugName: debugName ?? [], contextSparseKeys: context.sparseKeys, contextDenseKeys: context.keys,
      contextRaggedKeys: [], featureListSparseKeys: featureList.sparseKeys, featureListDenseKeys: featureList.keys,
      featureListRaggedKeys: [],
      featureListDenseMissingAssumedEmpty: featureList.keys.map((k) => missingAssumedEmpty.includes(k)),
      contextDenseDefaults: context.keys.map((_, i) => denseDefault(context, i)),
      NcontextSparse: context.sparseKeys.length, NfeatureListSparse: featureList.sparseKeys.length,
      NfeatureListDense: featureList.keys.length, contextSparseTypes: context.sparseTypes, contextRaggedValueTypes: [],
      contextRaggedSplitTypes: [], featureListDenseTypes: featureList.dtypes, featureListSparseTypes: featureList.sparseTypes,
      featureListRaggedValueTypes: [], featureListRaggedSplitTypes: [], contextDenseShapes: context.shapes,
      featureListDenseShapes: featureList.shapes,
    }, name);
    const sparse = (keys: string[], ix: Output[], vals: Output[], shapes: Output[]): [string, SparseTensor][] =>
      keys.map((k, i) => [k, new SparseTensor(ix[i], vals[i], shapes[i])]);
    return [
      Object.fromEntries([
        ...sparse(context.sparseKeys, out.contextSparseIndices, out.contextSparseValues, out.contextSparseShapes),
        ...context.keys.map((k, i) => [k, out.contextDenseValues[i]])]),
      Object.fromEntries([
        ...sparse(featureList.sparseKeys, out.featureListSparseIndices, out.featureListSparseValues,
          out.featureListSparseShapes),
        ...featureList.keys.map((k, i) => [k, out.featureListDenseValues[i]])]),
      Object.fromEntries(featureList.keys.map((k, i) => [k, out.featureListDenseLengths[i]])),
    ];
  });
}

/**
 * `tf.io.parse_sequence_example(serialized, context_features, sequence_features, example_names,
 * name)`: a batch (string vector) of serialized `SequenceExample` protos into its context's
 * tensors (`[batch, ...shape]`), its feature lists' tensors (`[batch, steps, ...shape]`, padded
 * to the longest) and each dense feature list's lengths (`[batch]`).
 */
export function parseSequenceExample<C extends Features, S extends Features>(serialized: InputValue,
  options: ParseSequenceExampleOptions<C, S> & { exampleNames?: InputValue | null } = {}): ParsedSequenceExample<C, S> {
  const [context, featureList] = sequenceParams(options.contextFeatures, options.sequenceFeatures,
    'Both `context_features` and `sequence_features` argument are None, but at least one should have values.');
  return withScope(options.name, 'ParseSequenceExample', [serialized, options.exampleNames], () =>
    parseSequenceExampleRaw(serialized, options.exampleNames, context, featureList, options.name)) as
    ParsedSequenceExample<C, S>;
}

/**
 * `tf.parse_single_sequence_example(serialized, context_features, sequence_features,
 * example_name, name)`: one serialized `SequenceExample` (a string scalar) into its context's
 * tensors and its feature lists' tensors (`[steps, ...shape]`).
 */
export function parseSingleSequenceExample<C extends Features, S extends Features>(serialized: InputValue,
  options: ParseSequenceExampleOptions<C, S> & { exampleName?: InputValue | null } = {},
): [ParsedFeatures<C>, ParsedFeatures<S>] {
  const [context, featureList] = sequenceParams(options.contextFeatures, options.sequenceFeatures,
    'Both context_features and sequence_features are None, but at least one should have values.');
  return withScope(options.name, 'ParseSingleSequenceExample', [serialized, options.exampleName], () => {
    const s = withScope(options.name, 'ParseSingleExample', [serialized, options.exampleName], (_scope, graph) =>
      assertScalar(convertToTensor(serialized, { name: 'serialized', graph }), 'serialized'));
    const [c, f] = parseSequenceExampleRaw(s, options.exampleName, context, featureList, options.name);
    return [c, f];
  }) as [ParsedFeatures<C>, ParsedFeatures<S>];
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

/** `tf.io.serialize_tensor(tensor, name)`: a tensor as a serialized `TensorProto` (a string scalar). */
export function serializeTensor(tensor: InputValue, name?: string): Output {
  return raw.serializeTensor({ tensor }, name);
}

/** `tf.io.parse_tensor(serialized, out_type, name)`: a serialized `TensorProto` of dtype `outType` as a tensor. */
export function parseTensor(serialized: InputValue, outType: DType, name?: string): Output {
  return raw.parseTensor({ serialized, outType }, name);
}

/**
 * `tf.io.decode_compressed(bytes, compression_type, name)`: each string inflated as
 * `compressionType` says ('' for none, 'ZLIB' or 'GZIP').
 */
export function decodeCompressed(bytes: InputValue, compressionType = '', name?: string): Output {
  return raw.decodeCompressed({ bytes, compressionType }, name);
}

/** `tf.io.decode_json_example(json_examples, name)`: `Example` protos in JSON as serialized (binary) ones. */
export function decodeJsonExample(jsonExamples: InputValue, name?: string): Output {
  return raw.decodeJSONExample({ jsonExamples }, name);
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
