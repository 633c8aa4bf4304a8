/**
 * TF1's `input_layer`, `linear_model` and `make_parse_example_spec` (`feature_column.py`): the
 * columns sorted by name, each built in a variable scope of its name (`input_layer/age_bucketized`,
 * `linear_model/price/weights`), their variables in the weight collections, the batch sizes the
 * graph knows checked equal.
 */
import { ValueError } from '../errors';
import { GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { Layer } from '../layers/base';
import { concat, reshape, shape, sliceOf } from '../ops/array_ops';
import { zerosInitializer } from '../ops/init_ops';
import { addN, matmul } from '../ops/math_ops';
import { biasAdd, safeEmbeddingLookupSparse } from '../ops/nn_ops';
import { pythonType } from '../ops/python_type';
import { sparseReshape } from '../ops/sparse_ops';
import { VariableScope, getVariableScope, variableScope } from '../ops/variable_scope';
import { Variable } from '../ops/variables';
import { isPlainObject, pyStr } from '../util/python_repr';
import {
  CategoricalColumn, Combiner, DenseColumn, FeatureColumn, FeatureValue, LazyBuilder, ParseSpec, columnType, isCategoricalColumn,
  isDenseColumn, sortedByName, sparseShape,
} from './feature_column';

const numElements = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** `_normalize_feature_columns`: a list of distinctly named columns. */
function normalizeFeatureColumns(featureColumns: FeatureColumn | Iterable<FeatureColumn>): FeatureColumn[] {
  if (isPlainObject(featureColumns)) throw new ValueError('Expected feature_columns to be iterable, found dict.');
  const columns = featureColumns instanceof FeatureColumn ? [featureColumns] : [...featureColumns];
  for (const c of columns) {
    if (!(c instanceof FeatureColumn) || !c.isV1Column) {
      const type = c instanceof FeatureColumn ? columnType(c) : pythonType(c);
      throw new ValueError(`Items of feature_columns must be a _FeatureColumn. Given (type ${type}): ${pyStr(c)}.`);
    }
  }
  if (columns.length === 0) throw new ValueError('feature_columns must not be empty.');
  const byName = new Map<string, FeatureColumn>();
  for (const c of columns) {
    const seen = byName.get(c.name);
    if (seen) {
      throw new ValueError(`Duplicate feature column name found for columns: ${c} and ${seen}. This usually means that ` +
        'these columns refer to same base feature. Either one must be discarded or a duplicated but renamed item ' +
        'must be inserted in features dict.');
    }
    byName.set(c.name, c);
  }
  return columns;
}

/** The weight collections given, with the global and model variables. */
function withModelCollections(weightCollections: string[] | undefined): string[] {
  const collections = [...(weightCollections ?? [])];
  for (const c of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]) if (!collections.includes(c)) collections.push(c);
  return collections;
}

/** `_verify_static_batch_size_equality`. */
function verifyStaticBatchSizeEquality(tensors: Output[], columns: FeatureColumn[]): void {
  let expected: number | null = null;
  let at = 0;
  tensors.forEach((t, i) => {
    const batchSize = t.shape![0];
    if (batchSize === null) return;
    if (expected === null) {
      [expected, at] = [batchSize, i];
    } else if (expected !== batchSize) {
      throw new ValueError('Batch size (first dimension) of each feature must be same. Batch size of columns ' +
        `(${columns[at].name}, ${columns[i].name}): (${expected}, ${batchSize})`);
    }
  });
}

/** `tensor` as `[batch, numElements]` (`reshape(tensor, (shape(tensor)[0], n))`). */
function flattenBatch(tensor: Output, n: number): Output {
  return reshape(tensor, [sliceOf(shape(tensor), [0]), n]);
}

/** Options of `inputLayer`. */
export interface InputLayerOptions {
  /** Collections the variables go to, besides the global and model variables. */
  weightCollections?: string[];
  /** Whether the variables are trainable (default true). */
  trainable?: boolean;
  /** Filled with each column's variables (those of its variable scope). */
  colsToVars?: Map<FeatureColumn, Variable[]>;
  /** Filled with each column's `[batch, n]` tensor. */
  colsToOutputTensors?: Map<FeatureColumn, Output>;
}

/**
 * `tf.compat.v1.feature_column.input_layer(features, feature_columns, ...)`: the dense columns'
 * tensors of `features` (by key: tensors or SparseTensors), each `[batch, n]`, concatenated in the
 * order of the columns' names, in variable scope `input_layer`.
 */
export function inputLayer(features: Record<string, FeatureValue>, featureColumns: FeatureColumn | Iterable<FeatureColumn>,
  options: InputLayerOptions = {}): Output {
  const columns = normalizeFeatureColumns(featureColumns);
  for (const column of columns) {
    if (!isDenseColumn(column)) {
      throw new ValueError('Items of feature_columns must be a _DenseColumn. You can wrap a categorical column with an ' +
        `embedding_column or indicator_column. Given: ${column}`);
    }
  }
  const weightCollections = withModelCollections(options.weightCollections);
  const trainable = options.trainable ?? true;
  return variableScope(null, { defaultName: 'input_layer' }, () => {
    const builder = new LazyBuilder(features);
    const outputs: Output[] = [];
    const ordered = sortedByName(columns as DenseColumn[]);
    for (const column of ordered) {
      variableScope(null, { defaultName: column.varScopeName }, (scope) => {
        const tensor = column.getDenseTensor(builder, weightCollections, trainable);
        const output = flattenBatch(tensor, numElements(column.variableShape));
        outputs.push(output);
        options.colsToVars?.set(column, getDefaultGraph().getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES, scope.name));
        options.colsToOutputTensors?.set(column, output);
      });
    }
    verifyStaticBatchSizeEquality(outputs, ordered);
    return concat(outputs, 1);
  });
}

/** `_add_to_collections`: the variable to each weight collection but the global variables (it is there already). */
function addToCollections(v: Variable, weightCollections: string[]): void {
  for (const c of weightCollections) if (c !== GraphKeys.GLOBAL_VARIABLES) getDefaultGraph().addToCollection(c, v);
}

/**
 * `_create_categorical_column_weighted_sum`: the sum (or mean, sqrtn) of the weights of each
 * example's ids, as a lookup of the ids (reshaped to `[batch, n]`) in the weights.
 */
function categoricalWeightedSum(column: CategoricalColumn, builder: LazyBuilder, combiner: Combiner,
  weightCollections: string[], trainable: boolean, weight: Variable): Output {
  const ids = column.getSparseTensors(builder, weightCollections, trainable);
  const asRows = (sp: typeof ids.idTensor) => sparseReshape(sp, [sliceOf(sparseShape(sp), [0]), -1]);
  const idTensor = asRows(ids.idTensor);
  const weightTensor = ids.weightTensor && asRows(ids.weightTensor);
  return safeEmbeddingLookupSparse(weight, idTensor, weightTensor, { combiner, name: 'weighted_sum' });
}

/** `_FCLinearWrapper`: a column's `weights` (zeros) and its weighted sum, in a layer of the column's name. */
class FCLinearWrapper extends Layer<LazyBuilder, Output, []> {
  private weight: Variable | null = null;

  constructor(readonly column: DenseColumn | CategoricalColumn, private readonly units: number,
    private readonly combiner: Combiner, private readonly weightCollections: string[], trainable: boolean, name: string) {
    super({ trainable, name });
  }

  build(): void {
    const column = this.column;
    const rows = isCategoricalColumn(column) ? column.numBuckets : numElements(column.variableShape);
    this.weight = this.addWeight('weights', [rows, this.units], { initializer: zerosInitializer(), trainable: this.trainable }) as
      Variable;
    addToCollections(this.weight, this.weightCollections);
    this.built = true;
  }

  /** `_create_weighted_sum`: a categorical column by its ids (a bucketized one too), a dense one by a matmul. */
  call(builder: LazyBuilder): Output {
    const column = this.column;
    if (isCategoricalColumn(column)) {
      return categoricalWeightedSum(column, builder, this.combiner, this.weightCollections, this.trainable, this.weight!);
    }
    const tensor = column.getDenseTensor(builder, this.weightCollections, this.trainable);
    return matmul(flattenBatch(tensor, numElements(column.variableShape)), this.weight!, { name: 'weighted_sum' });
  }
}

/** `_BiasLayer`: the `bias_weights` (zeros), called in the model's variable scope. */
class BiasLayer extends Layer<LazyBuilder, Variable, []> {
  bias: Variable | null = null;

  constructor(private readonly units: number, trainable: boolean, private readonly weightCollections: string[]) {
    super({ trainable, name: 'bias_layer' });
  }

  build(): void {
    this.bias = this.addWeight('bias_weights', [this.units], { initializer: zerosInitializer(), trainable: this.trainable }) as
      Variable;
    addToCollections(this.bias, this.weightCollections);
    this.built = true;
  }

  call(): Variable {
    return this.bias!;
  }

  /** `layer(builder, scope=scope)`. */
  applyIn(builder: LazyBuilder, scope: VariableScope): Variable {
    return this.callLayer(builder, [], scope);
  }
}

/** Options of `linearModel`. */
export interface LinearModelOptions {
  /** The output's width (default 1). */
  units?: number;
  /** How a categorical column's weights of one example combine (default 'sum'). */
  sparseCombiner?: Combiner;
  /** Collections the variables go to, besides the global and model variables. */
  weightCollections?: string[];
  /** Whether the variables are trainable (default true). */
  trainable?: boolean;
  /** Filled with each column's variables, and the bias (`'bias'`). */
  colsToVars?: Map<FeatureColumn | 'bias', Variable[]>;
}

/**
 * `tf.compat.v1.feature_column.linear_model(features, feature_columns, units, sparse_combiner, ...)`:
 * the sum over the columns of their weighted sums (`[batch, units]`), plus a bias. Categorical
 * columns count as their indicator columns; each column's `weights` start at zero, in variable
 * scope `linear_model/<column>`.
 */
export function linearModel(features: Record<string, FeatureValue>, featureColumns: FeatureColumn | Iterable<FeatureColumn>,
  options: LinearModelOptions = {}): Output {
  const modelName = variableScope(null, { defaultName: 'linear_model' }, (vs) => vs.name.split('/').pop()!);
  const units = options.units ?? 1;
  const combiner = options.sparseCombiner ?? 'sum';
  const trainable = options.trainable ?? true;
  // `_LinearModel.__init__`: a layer per column, named as a variable scope of the column's would be.
  const columns = normalizeFeatureColumns(featureColumns);
  const weightCollections = withModelCollections(options.weightCollections);
  const layers = sortedByName(columns).map((column) => {
    const name = variableScope(null, { defaultName: column.varScopeName }, (vs) => vs.name.split('/').pop()!);
    return new FCLinearWrapper(column as DenseColumn | CategoricalColumn, units, combiner, weightCollections, trainable, name);
  });
  const biasLayer = new BiasLayer(units, trainable, weightCollections);
  // The keras-style layer's call: in a name scope of its name, then its variable scope.
  return getDefaultGraph().nameScope(modelName, () => variableScope(modelName, () => {
    for (const column of columns) {
      if (!isDenseColumn(column) && !isCategoricalColumn(column)) {
        throw new ValueError(`Items of feature_columns must be either a _DenseColumn or _CategoricalColumn. Given: ${column}`);
      }
    }
    const builder = new LazyBuilder(features);
    const sums: Output[] = [];
    const ordered = sortedByName(layers);
    for (const layer of ordered) {
      sums.push(layer.apply(builder));
      options.colsToVars?.set(layer.column, getDefaultGraph().getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES,
        layer.scopeName));
    }
    verifyStaticBatchSizeEquality(sums, ordered.map((l) => l.column));
    const noBias = addN(sums, 'weighted_sum_no_bias');
    const predictions = biasAdd(noBias, biasLayer.applyIn(builder, getVariableScope()), { name: 'weighted_sum' });
    options.colsToVars?.set('bias', [biasLayer.bias!]);
    return predictions;
  }));
}

/**
 * `tf.compat.v1.feature_column.make_parse_example_spec(feature_columns)`: the parsing config of
 * every feature the columns read, for `ops.parseExample`.
 */
export function makeParseExampleSpec(featureColumns: Iterable<FeatureColumn>): ParseSpec {
  const result: ParseSpec = {};
  for (const column of featureColumns) {
    if (!(column instanceof FeatureColumn) || !column.isV1Column) {
      throw new ValueError(`All feature_columns must be _FeatureColumn instances. Given: ${pyStr(column)}`);
    }
    const config = column.parseExampleSpec;
    for (const [key, value] of Object.entries(config)) {
      if (key in result && String(value) !== String(result[key])) {
        throw new ValueError(`feature_columns contain different parse_spec for key ${key}. Given ${value} and ${result[key]}`);
      }
    }
    Object.assign(result, config);
  }
  return result;
}
