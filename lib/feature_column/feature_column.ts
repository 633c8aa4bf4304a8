/**
 * TF1's feature columns (`tf.compat.v1.feature_column`): the column classes (TF 2.21's constructors
 * make the v2 classes of `feature_column_v2.py`, `shared_embedding_columns` the v1
 * `_SharedEmbeddingColumn`) with the transformations TF1's `input_layer` and `linear_model` ask of
 * them through the deprecated `_transform_feature` / `_get_dense_tensor` / `_get_sparse_tensors`
 * paths, built op for op as TF 2.21 builds them, and the builder (`_LazyBuilder`) that caches them.
 * A column is an immutable value: equal columns (namedtuple equality, functions by identity) share
 * one transformation in a builder, as in TF.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName, dtypeRepr, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { InputValue, convertToTensor } from '../framework/op_def_library';
import { GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor, SparseTensorValue } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { formatPythonFloat } from '../proto';
import {
  cast, concat, expandDims, fill, onesLike, rank, reshape, shape, sliceOf, stack, tile, transpose, whereV2, withScope,
  zeros,
} from '../ops/array_ops';
import { assertPositive, pyInt } from '../ops/check_ops';
import { cond } from '../ops/cond';
import * as raw from '../ops/gen/raw_ops';
import { Initializer } from '../ops/init_ops';
import {
  add, ceil, equal, greaterEqual, less, logicalOr, mul, notEqual, range, reduceProd, reduceSum, segmentMax, sub, truediv,
} from '../ops/math_ops';
import { EmbeddingLookupSparseOptions, embeddingLookupSparse, safeEmbeddingLookupSparse } from '../ops/nn_ops';
import { FixedLenFeature, VarLenFeature } from '../ops/parsing_ops';
import { pythonType } from '../ops/python_type';
import { sparseCrossHashed, sparseMerge, sparseReshape, sparseSlice, sparseTensorToDense } from '../ops/sparse_ops';
import { asString, toHashBucketFast } from '../ops/string_ops';
import { getVariable } from '../ops/variable_scope';
import { Variable } from '../ops/variables';
import { initFromCheckpoint } from '../training/checkpoint_utils';
import { pyRepr, pyStr } from '../util/python_repr';

/** What `makeParseExampleSpec` gives: the parsing config of each feature key. */
export type ParseSpec = Record<string, FixedLenFeature | VarLenFeature>;
/** A raw feature: a tensor (or a value made one) or a SparseTensor. */
export type FeatureValue = InputValue | SparseTensor | SparseTensorValue;
/** What a builder gives for a key or column: a tensor, a SparseTensor, or ids with their weights. */
export type Transformed = Output | SparseTensor | [SparseTensor, SparseTensor];
/** How the embeddings of a row's ids combine. */
export type Combiner = 'mean' | 'sqrtn' | 'sum';
/** A categorical column's ids (`[batch, ...]` int64 SparseTensor) and their weights, or null for all ones. */
export interface IdWeightPair { idTensor: SparseTensor; weightTensor: SparseTensor | null }

/** `str(dtype)`, as TF's messages print a dtype. */

// --- Python reprs of the columns (their namedtuple fields), which TF's messages quote --------------

/** Python text standing for itself in a repr: a dtype as `tf.float32`, a float as `1.0`. */
class PyText {
  constructor(readonly text: string) {}
}
/** A field of a column: arrays are tuples, functions print by `fnText`. */
export type Field = string | number | boolean | null | PyText | FeatureColumn | ((...a: never[]) => unknown) | Field[];

/** Python's repr of a field (`fnText` for functions: a name, or an identity for column equality). */
export function render(f: Field, fnText: (f: object) => string): string {
  if (f instanceof PyText) return f.text;
  if (f instanceof FeatureColumn) return f.repr(fnText);
  if (typeof f === 'function') return fnText(f);
  if (Array.isArray(f)) return f.length === 1 ? `(${render(f[0], fnText)},)` : `(${f.map((x) => render(x, fnText)).join(', ')})`;
  return pyRepr(f);
}

const functionIds = new WeakMap<object, number>();
let functionCount = 0;
/** A function by identity, for column equality (`normalizer_fn`, `initializer` compare by identity in Python). */
function functionKey(f: object): string {
  let id = functionIds.get(f);
  if (id === undefined) functionIds.set(f, (id = ++functionCount));
  return `<function #${id}>`;
}

/** A feature column (TF1's `_FeatureColumn`): how a feature becomes a model input. */
export abstract class FeatureColumn {
  /** The column's name: its variable scope in `inputLayer` and `linearModel`, its key in `colsToVars`. */
  abstract get name(): string;

  /** @internal An instance of TF1's `_FeatureColumn` (all but the v2-only sequence numeric column). */
  get isV1Column(): boolean {
    return true;
  }

  /** `_var_scope_name`: the variable scope of the column's variables (its name, but for shared embeddings). */
  get varScopeName(): string {
    return this.name;
  }

  /** `_parse_example_spec`: how `parseExample` parses the features the column reads. */
  abstract get parseExampleSpec(): ParseSpec;

  /** @internal `_transform_feature(inputs)`: the column's transformation of what `builder` has. */
  abstract transformFeature(builder: LazyBuilder): Transformed;

  /** The namedtuple fields, for the repr. */
  protected abstract fields(): Array<[string, Field]>;

  /** The Python class the repr names. */
  protected get className(): string {
    return this.constructor.name;
  }

  /** @internal The namedtuple's repr, functions printed by `fnText`. */
  repr(fnText: (f: object) => string): string {
    return `${this.className}(${this.fields().map(([k, v]) => `${k}=${render(v, fnText)}`).join(', ')})`;
  }

  /** @internal Equal for equal columns (namedtuple equality): a builder's cache key. */
  get cacheKey(): string {
    return this.repr(functionKey);
  }

  /** Python's repr (functions as `<function name>`). */
  toString(): string {
    return this.repr((f) => `<function ${(f as { name?: string }).name || '<lambda>'}>`);
  }
}

/** A column that gives a dense tensor (`_DenseColumn`): numeric, bucketized, indicator and embedding columns. */
export interface DenseColumn extends FeatureColumn {
  /** The shape of one example's tensor (`_variable_shape`). */
  readonly variableShape: number[];
  /** @internal `_get_dense_tensor(inputs, weight_collections, trainable)`. */
  getDenseTensor(builder: LazyBuilder, weightCollections?: string[], trainable?: boolean): Output;
}

/** A column of ids (`_CategoricalColumn`): identity, hashed, vocabulary, weighted, crossed and bucketized columns. */
export interface CategoricalColumn extends FeatureColumn {
  /** How many ids there are (`_num_buckets`). */
  readonly numBuckets: number;
  /** @internal `_get_sparse_tensors(inputs, weight_collections, trainable)`. */
  getSparseTensors(builder: LazyBuilder, weightCollections?: string[], trainable?: boolean): IdWeightPair;
}

/** `isinstance(x, _DenseColumn)`. */
export function isDenseColumn(x: unknown): x is DenseColumn {
  return x instanceof FeatureColumn && 'getDenseTensor' in x;
}

/** `isinstance(x, _CategoricalColumn)`. */
export function isCategoricalColumn(x: unknown): x is CategoricalColumn {
  return x instanceof FeatureColumn && 'getSparseTensors' in x;
}

/** A categorical column whose transformation is its ids (no weights): hashed, identity, vocabulary and crossed columns. */
export abstract class IdsColumn extends FeatureColumn implements CategoricalColumn {
  abstract get numBuckets(): number;

  abstract transformFeature(builder: LazyBuilder): SparseTensor;

  getSparseTensors(builder: LazyBuilder): IdWeightPair {
    return { idTensor: sparseOf(builder.get(this)), weightTensor: null };
  }
}

/** An ids column of one feature, `key` (a VarLenFeature of `featureDtype` when parsed): hashed, identity and vocabulary columns. */
export abstract class KeyedIdsColumn extends IdsColumn {
  abstract readonly key: string;
  protected abstract get featureDtype(): DType;

  get name(): string {
    return this.key;
  }

  get parseExampleSpec(): ParseSpec {
    return { [this.key]: new VarLenFeature(this.featureDtype) };
  }
}

// --- the builder ----------------------------------------------------------------------------

/** `str(SparseTensor)` or `str(Tensor)`. */
function featureStr(t: Output | SparseTensor): string {
  return t instanceof SparseTensor
    ? `SparseTensor(indices=${pyStr(t.indices)}, values=${pyStr(t.values)}, dense_shape=${pyStr(t.denseShape)})` : pyStr(t);
}

/** `array_ops.shape` of a SparseTensor: its dense shape cast to int32 in scope `Shape`. */
export function sparseShape(sp: SparseTensor): Output {
  return withScope(undefined, 'Shape', [sp.denseShape], () => cast(sp.denseShape, DType.int32));
}

/**
 * TF1's `_LazyBuilder`: the features by key, each converted once (a vector made a one-column
 * matrix), and each column's transformation, made once and shared by the columns that use it.
 */
export class LazyBuilder {
  private readonly raw = new Map<string, Output | SparseTensor>();
  private readonly transformed = new Map<string, Transformed>();

  constructor(private readonly features: Record<string, FeatureValue>) {}

  /** The feature `key` (as a tensor), or the transformation of a column. */
  get(key: string): Output | SparseTensor;
  get(key: FeatureColumn): Transformed;
  get(key: string | FeatureColumn): Transformed {
    if (typeof key === 'string') {
      let t = this.raw.get(key);
      if (t !== undefined) return t;
      if (!Object.prototype.hasOwnProperty.call(this.features, key)) {
        throw new ValueError(`Feature ${key} is not in features dictionary.`);
      }
      this.raw.set(key, (t = this.rawFeatureAsTensor(key)));
      return t;
    }
    if (!(key instanceof FeatureColumn)) {
      throw new TypeError(`"key" must be either a "str" or "_FeatureColumn". Provided: ${pyStr(key)}`);
    }
    let t = this.transformed.get(key.cacheKey);
    if (t === undefined) this.transformed.set(key.cacheKey, (t = key.transformFeature(this)));
    return t;
  }

  /** `_get_raw_feature_as_tensor`: rank 1 expanded to 2 (in a cond when the rank is unknown), rank 0 refused. */
  private rawFeatureAsTensor(key: string): Output | SparseTensor {
    const value = this.features[key];
    const t = value instanceof SparseTensor ? value
      : value instanceof SparseTensorValue ? SparseTensor.fromValue(value) : convertToTensor(value);
    const message = () => `Feature (key: ${key}) cannot have rank 0. Given: ${featureStr(t)}`;
    const expand = (x: Output | SparseTensor) => (x instanceof SparseTensor
      ? sparseReshape(x, [sliceOf(sparseShape(x), [0]), 1]) : expandDims(x, -1));
    if (t.shape !== null) {
      if (t.shape.length === 0) throw new ValueError(message());
      return t.shape.length === 1 ? expand(t) : t;
    }
    const graph = getDefaultGraph();
    return graph.controlDependencies([assertPositive(rank(t), { message: message() })], () => {
      const isVector = equal(pyInt(1), rank(t));
      if (!(t instanceof SparseTensor)) return cond(isVector, () => expand(t), () => t) as Output;
      // A cond merges a SparseTensor by its parts.
      const parts = (s: SparseTensor) => [s.indices, s.values, s.denseShape];
      const [indices, values, denseShape] = cond(isVector, () => parts(expand(t) as SparseTensor), () => parts(t)) as Output[];
      return new SparseTensor(indices, values, denseShape);
    });
  }
}

/** The builder's result for a column that gives a dense tensor. */
const denseOf = (t: Transformed) => t as Output;
/** The builder's result for a column that gives ids. */
const sparseOf = (t: Transformed) => t as SparseTensor;

/**
 * `_to_sparse_input_and_drop_ignore_values`: a dense tensor as a SparseTensor of its entries but
 * `ignoreValue` ('' for strings, -1 for integers, zero otherwise); a SparseTensor as it is.
 */
export function toSparseInput(input: Output | SparseTensor, ignoreValue?: number): SparseTensor {
  if (input instanceof SparseTensor) return input;
  return withScope(undefined, 'to_sparse_input', [input], () => {
    // A Python value, as TF converts it before the cast: an int as int32, a float as float32.
    const value = ignoreValue !== undefined ? Tensor.from(ignoreValue)
      : input.dtype === DType.string ? Tensor.from('') : isIntegerDType(input.dtype) ? Tensor.from(-1, { dtype: DType.int32 })
        : Tensor.from(0, { dtype: input.dtype });
    const indices = raw.where({ input: notEqual(input, cast(value, input.dtype, 'ignore_value')) }, 'indices');
    return new SparseTensor(indices, raw.gatherNd({ params: input, indices }, 'values'),
      shape(input, 'dense_shape', DType.int64));
  });
}

/** `math_ops.cast` of a SparseTensor: its values cast in scope `Cast`. */
export function castSparse(sp: SparseTensor, dtype: DType): SparseTensor {
  return withScope(undefined, 'Cast', [sp.values], (scope) => new SparseTensor(sp.indices, cast(sp.values, dtype, scope),
    sp.denseShape));
}

/** `fc_utils.assert_string_or_int`. */
export function assertStringOrInt(dtype: DType, prefix: string): void {
  if (dtype !== DType.string && !isIntegerDType(dtype)) {
    throw new ValueError(`${prefix} dtype must be string or integer. dtype: ${dtypeRepr(dtype)}.`);
  }
}

/** `fc_utils.assert_key_is_string`. */
export function assertKeyIsString(key: unknown): void {
  if (typeof key !== 'string') {
    throw new ValueError(`key must be a string. Got: type ${pythonType(key)}. Given key: ${pyStr(key)}.`);
  }
}

/** `array_ops.one_hot(indices, depth, on_value=1., off_value=0.)`. */
function oneHot(indices: Output, depth: number): Output {
  return withScope(undefined, 'one_hot', [indices], (scope, graph) => raw.oneHot({
    indices, depth, onValue: convertToTensor(1.0, { graph }), offValue: convertToTensor(0.0, { graph }),
  }, scope));
}

/** A number as Python's float repr shows it (`0.0`). */
export const pyFloat = (x: number) => new PyText(formatPythonFloat(x));

/** A dtype as a namedtuple's repr shows it (`tf.float32`). */
export const tfDType = (d: DType) => new PyText(`tf.${dtypeName(d)}`);

// --- the columns ----------------------------------------------------------------------------

/** `numeric_column`'s column (`NumericColumn`): a dense float feature of a fixed shape. */
export class NumericColumn extends FeatureColumn implements DenseColumn {
  constructor(readonly key: string, readonly shape: number[], readonly defaultValue: NestedNumbers | null,
    readonly dtype: DType, readonly normalizerFn: ((x: Output) => Output) | null) {
    super();
  }

  get name(): string {
    return this.key;
  }

  get parseExampleSpec(): ParseSpec {
    return { [this.key]: new FixedLenFeature(this.shape, this.dtype, this.defaultValue) };
  }

  transformFeature(builder: LazyBuilder): Output {
    let input = builder.get(this.key);
    if (input instanceof SparseTensor) {
      throw new ValueError('The corresponding Tensor of numerical column must be a Tensor. SparseTensor is not ' +
        `supported. key: ${this.key}`);
    }
    if (this.normalizerFn) input = this.normalizerFn(input);
    return cast(input, DType.float32);
  }

  get variableShape(): number[] {
    return [...this.shape];
  }

  getDenseTensor(builder: LazyBuilder): Output {
    return denseOf(builder.get(this));
  }

  protected fields(): Array<[string, Field]> {
    return [['key', this.key], ['shape', this.shape], ['default_value', this.defaultValue], ['dtype', tfDType(this.dtype)],
      ['normalizer_fn', this.normalizerFn]];
  }
}

/** `bucketized_column`'s column: the bucket of each value of a numeric column, as a one-hot vector or as ids. */
export class BucketizedColumn extends FeatureColumn implements DenseColumn, CategoricalColumn {
  constructor(readonly sourceColumn: NumericColumn, readonly boundaries: number[]) {
    super();
  }

  get name(): string {
    return `${this.sourceColumn.name}_bucketized`;
  }

  get parseExampleSpec(): ParseSpec {
    return this.sourceColumn.parseExampleSpec;
  }

  transformFeature(builder: LazyBuilder): Output {
    return raw.bucketize({ input: denseOf(builder.get(this.sourceColumn)), boundaries: this.boundaries });
  }

  get variableShape(): number[] {
    return [...this.sourceColumn.shape, this.boundaries.length + 1];
  }

  getDenseTensor(builder: LazyBuilder): Output {
    return oneHot(cast(denseOf(builder.get(this)), DType.int64), this.boundaries.length + 1);
  }

  get numBuckets(): number {
    return (this.boundaries.length + 1) * this.sourceColumn.shape[0];
  }

  /** Each example's buckets as ids, the i-th value's offset by i times the bucket count. */
  getSparseTensors(builder: LazyBuilder): IdWeightPair {
    const input = denseOf(builder.get(this));
    const batchSize = sliceOf(shape(input), [0]);
    const sourceDimension = this.sourceColumn.shape[0];
    const i1 = reshape(tile(expandDims(range(0, batchSize), 1), [1, sourceDimension]), [-1]);
    const i2 = tile(range(0, sourceDimension), [batchSize]);
    // `reshape(input, (-1,)) + (len(boundaries) + 1) * i2`, Python's operators.
    const flat = reshape(input, [-1]);
    const bucketIndices = add(flat, mul(pyInt(this.boundaries.length + 1), i2, 'mul'), 'add');
    const indices = cast(transpose(stack([i1, i2])), DType.int64);
    const denseShape = cast(stack([batchSize, sourceDimension]), DType.int64);
    return { idTensor: new SparseTensor(indices, bucketIndices, denseShape), weightTensor: null };
  }

  protected fields(): Array<[string, Field]> {
    return [['source_column', this.sourceColumn], ['boundaries', this.boundaries.map((b) => new PyText(formatPythonFloat(b)))]];
  }
}

/** `Column dtype and SparseTensors dtype must be compatible`: an integer column of integer features, or neither. */
export function checkDtypesCompatible(key: string, dtype: DType, inputDtype: DType): void {
  if (isIntegerDType(dtype) !== isIntegerDType(inputDtype)) {
    throw new ValueError(`Column dtype and SparseTensors dtype must be compatible. key: ${key}, column dtype: ${
      dtypeRepr(dtype)}, tensor dtype: ${dtypeRepr(inputDtype)}`);
  }
}

/** `categorical_column_with_hash_bucket`'s column: string (or integer, as strings) values hashed to ids. */
export class HashedCategoricalColumn extends KeyedIdsColumn {
  constructor(readonly key: string, readonly hashBucketSize: number, readonly dtype: DType) {
    super();
  }

  protected get featureDtype(): DType {
    return this.dtype;
  }

  transformFeature(builder: LazyBuilder): SparseTensor {
    const input = toSparseInput(builder.get(this.key));
    assertStringOrInt(input.dtype, `column_name: ${this.key} input_tensor`);
    checkDtypesCompatible(this.key, this.dtype, input.dtype);
    const values = this.dtype === DType.string ? input.values : asString(input.values);
    const ids = toHashBucketFast(values, this.hashBucketSize, 'lookup');
    return new SparseTensor(input.indices, ids, input.denseShape);
  }

  get numBuckets(): number {
    return this.hashBucketSize;
  }

  protected fields(): Array<[string, Field]> {
    return [['key', this.key], ['hash_bucket_size', this.hashBucketSize], ['dtype', tfDType(this.dtype)]];
  }
}

/** `categorical_column_with_identity`'s column: integer values as ids, those out of range the default (or dropped). */
export class IdentityCategoricalColumn extends KeyedIdsColumn {
  constructor(readonly key: string, readonly numberBuckets: number, readonly defaultValue: number | null) {
    super();
  }

  protected get featureDtype(): DType {
    return DType.int64;
  }

  transformFeature(builder: LazyBuilder): SparseTensor {
    const input = toSparseInput(builder.get(this.key));
    if (!isIntegerDType(input.dtype)) {
      throw new ValueError(`Invalid input, not integer. key: ${this.key} dtype: ${dtypeRepr(input.dtype)}`);
    }
    let values = input.values;
    if (values.dtype !== DType.int64) values = cast(values, DType.int64, 'values');
    if (this.defaultValue !== null) {
      values = cast(input.values, DType.int64, 'values');
      const numBuckets = cast(pyInt(this.numberBuckets), DType.int64, 'num_buckets');
      const zero = cast(pyInt(0), DType.int64, 'zero');
      const outOfRange = logicalOr(less(values, zero), greaterEqual(values, numBuckets), 'out_of_range');
      values = whereV2(outOfRange, fill(shape(values), cast(pyInt(this.defaultValue), DType.int64), 'default_values'),
        values);
    }
    return new SparseTensor(input.indices, values, input.denseShape);
  }

  get numBuckets(): number {
    return this.numberBuckets;
  }

  protected fields(): Array<[string, Field]> {
    return [['key', this.key], ['number_buckets', this.numberBuckets], ['default_value', this.defaultValue]];
  }
}

/** `weighted_categorical_column`'s column: a categorical column's ids with the weights of another feature. */
export class WeightedCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly categoricalColumn: CategoricalColumn, readonly weightFeatureKey: string, readonly dtype: DType) {
    super();
  }

  get name(): string {
    return `${this.categoricalColumn.name}_weighted_by_${this.weightFeatureKey}`;
  }

  get parseExampleSpec(): ParseSpec {
    const config = { ...this.categoricalColumn.parseExampleSpec };
    if (this.weightFeatureKey in config) {
      throw new ValueError(`Parse config ${config[this.weightFeatureKey]} already exists for ${this.weightFeatureKey}.`);
    }
    config[this.weightFeatureKey] = new VarLenFeature(this.dtype);
    return config;
  }

  get numBuckets(): number {
    return this.categoricalColumn.numBuckets;
  }

  transformFeature(builder: LazyBuilder): [SparseTensor, SparseTensor] {
    const weight = builder.get(this.weightFeatureKey);
    if (this.dtype !== baseDType(weight.dtype)) {
      throw new ValueError(`Bad dtype, expected ${dtypeRepr(this.dtype)}, but got ${dtypeRepr(weight.dtype)}.`);
    }
    let weights = weight instanceof SparseTensor ? weight : toSparseInput(weight, 0.0);
    if (!isFloatingDType(weights.dtype)) weights = castSparse(weights, DType.float32);
    return [sparseOf(builder.get(this.categoricalColumn)), weights];
  }

  getSparseTensors(builder: LazyBuilder): IdWeightPair {
    const [idTensor, weightTensor] = builder.get(this) as [SparseTensor, SparseTensor];
    return { idTensor, weightTensor };
  }

  protected fields(): Array<[string, Field]> {
    return [['categorical_column', this.categoricalColumn], ['weight_feature_key', this.weightFeatureKey],
      ['dtype', tfDType(this.dtype)]];
  }
}

/** `crossed_column`'s column: the hashed cross of string features and categorical columns. */
export class CrossedColumn extends IdsColumn {
  constructor(readonly keys: Array<string | CategoricalColumn>, readonly hashBucketSize: number,
    readonly hashKey: number | null) {
    super();
  }

  /** `_collect_leaf_level_keys`: the keys, those of crossed columns among them in their place. */
  private leafKeys(): Array<string | CategoricalColumn> {
    return this.keys.flatMap((k) => (k instanceof CrossedColumn ? k.leafKeys() : [k]));
  }

  get name(): string {
    return this.leafKeys().map((k) => (typeof k === 'string' ? k : k.name)).sort().join('_X_');
  }

  get parseExampleSpec(): ParseSpec {
    const config: ParseSpec = {};
    for (const key of this.keys) {
      Object.assign(config, typeof key === 'string' ? { [key]: new VarLenFeature(DType.string) } : key.parseExampleSpec);
    }
    return config;
  }

  transformFeature(builder: LazyBuilder): SparseTensor {
    const tensors = this.leafKeys().map((key) => {
      if (typeof key === 'string') return builder.get(key);
      const ids = key.getSparseTensors(builder);
      if (ids.weightTensor !== null) {
        throw new ValueError('crossed_column does not support weight_tensor, but the given column populates ' +
          `weight_tensor. Given column: ${key.name}`);
      }
      return ids.idTensor;
    });
    return sparseCrossHashed(tensors, { numBuckets: this.hashBucketSize, hashKey: this.hashKey ?? undefined });
  }

  get numBuckets(): number {
    return this.hashBucketSize;
  }

  protected fields(): Array<[string, Field]> {
    return [['keys', this.keys], ['hash_bucket_size', this.hashBucketSize], ['hash_key', this.hashKey]];
  }
}

/** `indicator_column`'s column: a categorical column as a multi-hot vector (weights summed where given). */
export class IndicatorColumn extends FeatureColumn implements DenseColumn {
  constructor(readonly categoricalColumn: CategoricalColumn) {
    super();
  }

  get name(): string {
    return `${this.categoricalColumn.name}_indicator`;
  }

  get parseExampleSpec(): ParseSpec {
    return this.categoricalColumn.parseExampleSpec;
  }

  transformFeature(builder: LazyBuilder): Output {
    const { idTensor, weightTensor } = this.categoricalColumn.getSparseTensors(builder);
    const size = this.categoricalColumn.numBuckets;
    if (weightTensor !== null) {
      const weighted = sparseMerge(idTensor, weightTensor, size);
      const sliced = sparseSlice(weighted, [0, 0], weighted.denseShape);
      return raw.scatterNd({ indices: sliced.indices, updates: sliced.values, shape: sliced.denseShape });
    }
    const denseIds = sparseTensorToDense(idTensor, { defaultValue: -1 });
    return reduceSum(oneHot(denseIds, size), { axis: [-2] });
  }

  get variableShape(): number[] {
    return [1, this.categoricalColumn.numBuckets];
  }

  getDenseTensor(builder: LazyBuilder): Output {
    refuseSequence('indicator_column', this);
    return denseOf(builder.get(this));
  }

  /**
   * `_get_sequence_dense_tensor(inputs)` of a sequence column's indicator: each step's multi-hot
   * vector (`[batch, steps, numBuckets]`) and each example's length.
   */
  getSequenceDenseTensor(builder: LazyBuilder): SequenceDense {
    requireSequence('indicator_column', this, '_SequenceCategoricalColumn');
    const denseTensor = denseOf(builder.get(this));
    const ids = this.categoricalColumn.getSparseTensors(builder);
    return { denseTensor, sequenceLength: sequenceLengthFromSparseTensor(ids.idTensor) };
  }

  protected fields(): Array<[string, Field]> {
    return [['categorical_column', this.categoricalColumn]];
  }
}

/** What embedding columns (plain and shared) have in common: a categorical column's ids as rows of a table. */
abstract class EmbeddingColumnBase extends FeatureColumn implements DenseColumn {
  abstract readonly categoricalColumn: CategoricalColumn;
  abstract readonly dimension: number;
  abstract readonly combiner: Combiner;
  abstract readonly initializer: Initializer;
  abstract readonly ckptToLoadFrom: string | null;
  abstract readonly tensorNameInCkpt: string | null;
  abstract readonly maxNorm: number | null;
  abstract readonly trainable: boolean;
  abstract readonly useSafeEmbeddingLookup: boolean;

  abstract getDenseTensor(builder: LazyBuilder, weightCollections?: string[], trainable?: boolean): Output;

  get parseExampleSpec(): ParseSpec {
    return this.categoricalColumn.parseExampleSpec;
  }

  transformFeature(builder: LazyBuilder): Transformed {
    return builder.get(this.categoricalColumn);
  }

  get variableShape(): number[] {
    return [this.dimension];
  }

  /** A new table `embedding_weights` in the current variable scope. */
  protected newTable(weightCollections: string[] | undefined, trainable: boolean | undefined): Variable {
    return getVariable('embedding_weights', {
      shape: [this.categoricalColumn.numBuckets, this.dimension], dtype: DType.float32, initializer: this.initializer,
      trainable: this.trainable && (trainable ?? true), collections: weightCollections,
    });
  }

  /**
   * `_get_dense_tensor_internal_helper`: the table restored from a checkpoint when asked, then each
   * row's combined embedding (by `embeddingLookupSparse` for ids of rank 2 or less when not safe).
   */
  protected lookUp(ids: IdWeightPair, table: Variable): Output {
    if (this.ckptToLoadFrom !== null) initFromCheckpoint(this.ckptToLoadFrom, { [this.tensorNameInCkpt!]: table });
    const idRank = ids.idTensor.denseShape.shape?.[0] ?? null;
    const options: EmbeddingLookupSparseOptions = {
      combiner: this.combiner, name: `${this.name}_weights`, maxNorm: this.maxNorm ?? undefined,
    };
    return !this.useSafeEmbeddingLookup && idRank !== null && idRank <= 2
      ? embeddingLookupSparse(table, ids.idTensor, ids.weightTensor, options)
      : safeEmbeddingLookupSparse(table, ids.idTensor, ids.weightTensor, options);
  }
}

/** `embedding_column`'s column: each example's ids as the combination of their rows of a trained table. */
export class EmbeddingColumn extends EmbeddingColumnBase {
  constructor(readonly categoricalColumn: CategoricalColumn, readonly dimension: number, readonly combiner: Combiner,
    readonly initializer: Initializer, readonly ckptToLoadFrom: string | null, readonly tensorNameInCkpt: string | null,
    readonly maxNorm: number | null, readonly trainable: boolean, readonly useSafeEmbeddingLookup: boolean) {
    super();
  }

  get name(): string {
    return `${this.categoricalColumn.name}_embedding`;
  }

  /** The table made in the current variable scope, then the lookup. */
  getDenseTensor(builder: LazyBuilder, weightCollections?: string[], trainable?: boolean): Output {
    refuseSequence('embedding_column', this);
    return this.tableLookUp(this.categoricalColumn.getSparseTensors(builder, weightCollections, trainable),
      weightCollections, trainable);
  }

  /**
   * `_get_sequence_dense_tensor(inputs, weight_collections, trainable)` of a sequence column's
   * embedding: each step's embedding (`[batch, steps, dimension]`, the table made in the current
   * variable scope) and each example's length.
   */
  getSequenceDenseTensor(builder: LazyBuilder, weightCollections?: string[], trainable?: boolean): SequenceDense {
    requireSequence('embedding_column', this, 'SequenceCategoricalColumn');
    const ids = this.categoricalColumn.getSparseTensors(builder);
    const denseTensor = this.tableLookUp(ids, weightCollections, trainable);
    return { denseTensor, sequenceLength: sequenceLengthFromSparseTensor(ids.idTensor) };
  }

  /** `_old_get_dense_tensor_internal`: the caller's collections get the global one (as TF), then the table and lookup. */
  private tableLookUp(ids: IdWeightPair, weightCollections?: string[], trainable?: boolean): Output {
    if (weightCollections && weightCollections.length && !weightCollections.includes(GraphKeys.GLOBAL_VARIABLES)) {
      weightCollections.push(GraphKeys.GLOBAL_VARIABLES);
    }
    return this.lookUp(ids, this.newTable(weightCollections, trainable));
  }

  protected fields(): Array<[string, Field]> {
    return [['categorical_column', this.categoricalColumn], ['dimension', this.dimension], ['combiner', this.combiner],
      ['initializer', this.initializer], ['ckpt_to_load_from', this.ckptToLoadFrom],
      ['tensor_name_in_ckpt', this.tensorNameInCkpt], ['max_norm', this.maxNorm], ['trainable', this.trainable],
      ['use_safe_embedding_lookup', this.useSafeEmbeddingLookup]];
  }
}

/**
 * `shared_embedding_columns`' columns (TF1's `_SharedEmbeddingColumn`): embedding columns of one
 * table, the variable kept in the graph collection `sharedEmbeddingCollectionName`.
 */
export class SharedEmbeddingColumn extends EmbeddingColumnBase {
  constructor(readonly categoricalColumn: CategoricalColumn, readonly dimension: number, readonly combiner: Combiner,
    readonly initializer: Initializer, readonly sharedEmbeddingCollectionName: string,
    readonly ckptToLoadFrom: string | null, readonly tensorNameInCkpt: string | null, readonly maxNorm: number | null,
    readonly trainable: boolean, readonly useSafeEmbeddingLookup: boolean) {
    super();
  }

  protected get className(): string {
    return '_SharedEmbeddingColumn';
  }

  get name(): string {
    return `${this.categoricalColumn.name}_shared_embedding`;
  }

  get varScopeName(): string {
    return this.sharedEmbeddingCollectionName;
  }

  /** In a name scope of the column's name: the collection's table (made by the first column), then the lookup. */
  getDenseTensor(builder: LazyBuilder, weightCollections?: string[], trainable?: boolean): Output {
    const graph = getDefaultGraph();
    return graph.nameScope(this.name, () => {
      const ids = this.categoricalColumn.getSparseTensors(builder, weightCollections, trainable);
      const shared = graph.getCollection<Variable>(this.sharedEmbeddingCollectionName);
      if (shared.length === 0) {
        const table = this.newTable(weightCollections, trainable);
        graph.addToCollection(this.sharedEmbeddingCollectionName, table);
        return this.lookUp(ids, table);
      }
      const fix = 'Suggested fix A: Choose a unique name for this collection. Suggested fix B: Do not add any ' +
        'variables to this collection. The feature_column library already adds a variable under the hood.';
      if (shared.length > 1) throw new ValueError(`Collection ${pyStr(shared)} can only contain one variable. ${fix}`);
      const tableShape = [this.categoricalColumn.numBuckets, this.dimension];
      const found = shared[0].shape;
      if (!found || found.length !== 2 || found.some((d, i) => d !== tableShape[i])) {
        throw new ValueError(`Shared embedding collection ${this.sharedEmbeddingCollectionName} contains variable ${
          shared[0].name} of unexpected shape ${shapeString(found)}. Expected shape is ${shapeString(tableShape)}. ${fix}`);
      }
      return this.lookUp(ids, shared[0]);
    });
  }

  protected fields(): Array<[string, Field]> {
    return [['categorical_column', this.categoricalColumn], ['dimension', this.dimension], ['combiner', this.combiner],
      ['initializer', this.initializer], ['shared_embedding_collection_name', this.sharedEmbeddingCollectionName],
      ['ckpt_to_load_from', this.ckptToLoadFrom], ['tensor_name_in_ckpt', this.tensorNameInCkpt],
      ['max_norm', this.maxNorm], ['trainable', this.trainable], ['use_safe_embedding_lookup', this.useSafeEmbeddingLookup]];
  }
}

/** Sorted by name (`sorted(columns, key=lambda x: x.name)`). */
export function sortedByName<T extends { name: string }>(columns: readonly T[]): T[] {
  return [...columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A number, or nested arrays of them (a default value of a numeric column). */
export type NestedNumbers = number | NestedNumbers[];

/** What a sequence column gives (`TensorSequenceLengthPair`): `[batch, steps, ...]` values and each example's length. */
export interface SequenceDense { denseTensor: Output; sequenceLength: Output }

/** `type(column)` of a v2 column, as TF's messages print it (the sequence numeric column is sequence_feature_column's). */
export const columnType = (c: FeatureColumn) => `<class 'tensorflow.python.feature_column.${
  c.isV1Column ? 'feature_column_v2' : 'sequence_feature_column'}.${c.constructor.name}'>`;

/** `_get_dense_tensor`'s refusal of a sequence column's embedding or indicator. */
function refuseSequence(kind: string, column: IndicatorColumn | EmbeddingColumn): void {
  const c = column.categoricalColumn;
  if (!(c instanceof SequenceCategoricalColumn)) return;
  throw new ValueError(`In ${kind}: ${column.name}. categorical_column must not be of type _SequenceCategoricalColumn. ` +
    'Suggested fix A: If you wish to use DenseFeatures, use a non-sequence categorical_column_with_*. Suggested fix B: ' +
    `If you wish to create sequence input, use SequenceFeatures instead of DenseFeatures. Given (type ${columnType(c)}): ${c}`);
}

/** `_get_sequence_dense_tensor`'s demand of a sequence column (`typeName` as each column's message names it). */
function requireSequence(kind: string, column: IndicatorColumn | EmbeddingColumn, typeName: string): void {
  const c = column.categoricalColumn;
  if (c instanceof SequenceCategoricalColumn) return;
  throw new ValueError(`In ${kind}: ${column.name}. categorical_column must be of type ${typeName} to use ` +
    `SequenceFeatures. Suggested fix: Use one of sequence_categorical_column_with_*. Given (type ${columnType(c)}): ${c}`);
}

/**
 * `fc_utils.sequence_length_from_sparse_tensor`: per example, one past its last step's index (of
 * groups of `numElements` values), 0 for the examples at the end without any.
 */
export function sequenceLengthFromSparseTensor(sp: SparseTensor, numElements = 1): Output {
  return withScope(undefined, 'sequence_length', [], (scope) => {
    const rowIds = sliceOf(sp.indices, [[null, null], 0]);
    let columnIds = sliceOf(sp.indices, [[null, null], 1]);
    columnIds = add(columnIds, onesLike(columnIds), 'add');
    let seqLength = segmentMax(columnIds, rowIds);
    seqLength = cast(ceil(truediv(seqLength, numElements)), DType.int64);
    const nPad = sub(sliceOf(sparseShape(sp), [[null, 1]]), sliceOf(shape(seqLength), [[null, 1]]), 'sub');
    return concat([seqLength, zeros(nPad, seqLength.dtype)], 0, scope);
  });
}

/**
 * The `sequence_categorical_column_with_*` columns' column (`SequenceCategoricalColumn`): a
 * categorical column whose ids, `[batch, steps, ...]`, are reshaped to `[batch, steps, n]` so that
 * an embedding or indicator of it combines each step's ids apart.
 */
export class SequenceCategoricalColumn extends FeatureColumn implements CategoricalColumn {
  constructor(readonly categoricalColumn: CategoricalColumn) {
    super();
  }

  get name(): string {
    return this.categoricalColumn.name;
  }

  get parseExampleSpec(): ParseSpec {
    return this.categoricalColumn.parseExampleSpec;
  }

  get numBuckets(): number {
    return this.categoricalColumn.numBuckets;
  }

  /** The categorical column's transformation (made directly, as TF). */
  transformFeature(builder: LazyBuilder): Transformed {
    return this.categoricalColumn.transformFeature(builder);
  }

  /** `_get_sparse_tensors`: the ids (and weights) reshaped to `[batch, steps, prod(rest)]`. */
  getSparseTensors(builder: LazyBuilder): IdWeightPair {
    const { idTensor, weightTensor } = this.categoricalColumn.getSparseTensors(builder);
    const idShape = sparseShape(idTensor);
    const targetShape = [sliceOf(idShape, [0]), sliceOf(idShape, [1]), reduceProd(sliceOf(idShape, [[2, null]]))];
    return { idTensor: sparseReshape(idTensor, targetShape),
      weightTensor: weightTensor === null ? null : sparseReshape(weightTensor, targetShape) };
  }

  protected fields(): Array<[string, Field]> {
    return [['categorical_column', this.categoricalColumn]];
  }
}
