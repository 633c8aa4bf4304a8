/**
 * TF1's `tf.compat.v1.data.Dataset` in graph mode (`data/ops/dataset_ops.py` and its `*_op.py`):
 * each dataset is the variant tensor of a dataset op, made with the names, inputs and attrs
 * Python gives it, and the structure (TensorSpecs) of its elements.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { DType, dtypeName, dtypeRepr } from '../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor, getOpDef } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { StaticShape, assertDimsCompatible, isCompatible, shapeString, withRank } from '../framework/tensor_shape';
import { SparseTensor } from '../framework/sparse_tensor';
import { Tensor } from '../framework/tensor';
import { expandDims, getItem, identity, shape, squeeze, where, whereV2 } from '../ops/array_ops';
import { Assert } from '../ops/control_flow_assert';
import { equal, greater, less, lessEqual, log, logicalAnd, maximum, reduceMin } from '../ops/math_ops';
import { reduceJoin } from '../ops/string_ops';
import { getSeed } from '../ops/random_ops';
import { GraphDefSchema } from '../proto';
import { Nested, assertSameStructure, flatten, packSequenceAs } from '../util/nest';
import { isPlainObject } from '../util/python_repr';
import { Iterator } from './iterator_ops';
import { Options } from './options';
import {
  Component, DatasetSpec, ElementSpec, SparseTensorSpec, TensorSpec, batchedSpec, flatAttrs, flattenUpTo, fromTensorList,
  mapSpec, normalizeElement, packSpec, specOf, specString, toBatchedTensorList, toTensorList, unbatchedSpec, withShape,
} from './structure';
import { TracedFunction, elementOutputs, predicateOutputs, scalarOutputs, traceFunction } from './structured_function';

/** `tf.data.AUTOTUNE`. */
export const AUTOTUNE = -1;
const MAXINT32 = 2 ** 31 - 1;
const MAXINT64 = 2n ** 63n - 1n;

/** An int64 (or `dtype`) scalar argument of a dataset op, as a Const named `name` unless a tensor. */
function scalarArg(value: InputValue, name: string, dtype: DType = DType.int64): Output {
  return convertToTensor(value, { dtype, name });
}

/** `data/util/random_seed.get_seed`: the seed and seed2 tensors of a random dataset. */
export function datasetSeeds(seed: number | undefined): [Output, Output] {
  const [s, s2] = getSeed(seed);
  // getSeed's (0, 0) is Python's (None, None): neither a graph nor an op seed.
  if (s === 0 && s2 === 0) return [scalarArg(0, 'seed'), scalarArg(0, 'seed2')];
  const seedT = scalarArg(s, 'seed');
  const graph = getDefaultGraph();
  const seed2T = graph.nameScope('seed2', (scope) => {
    const given = convertToTensor(s2, { dtype: DType.int64 });
    return whereV2(logicalAnd(equal(seedT, 0), equal(given, 0)), convertToTensor(MAXINT32, { dtype: DType.int64 }),
      given, scope);
  });
  return [seedT, seed2T];
}

/** Options of `Dataset.batch` and `Dataset.paddedBatch`. */
export interface BatchOptions {
  dropRemainder?: boolean | Output;
}

/** Options of `Dataset.shuffle`. */
export interface ShuffleOptions {
  seed?: number;
  reshuffleEachIteration?: boolean;
}

/** Options of `Dataset.map`. */
export interface MapOptions {
  numParallelCalls?: number | Output;
  deterministic?: boolean;
}

/** Options of `Dataset.interleave`. */
export interface InterleaveOptions {
  /** Default AUTOTUNE. */
  cycleLength?: number | Output;
  blockLength?: number | Output;
  numParallelCalls?: number | Output;
  deterministic?: boolean;
}

/** Options of `Dataset.window`. */
export interface WindowOptions {
  /** Default the window size. */
  shift?: number | Output;
  stride?: number | Output;
  dropRemainder?: boolean | Output;
}

/** Options of `Dataset.groupByWindow`: one of `windowSize` and `windowSizeFunc`. */
export interface GroupByWindowOptions {
  windowSize?: number | Output;
  windowSizeFunc?: (key: Output) => unknown;
}

/** Options of `Dataset.bucketBySequenceLength`. */
export interface BucketOptions {
  /** Nested as the element; default each component's shape, its unknown dimensions padded to the longest. */
  paddedShapes?: unknown;
  paddingValues?: unknown;
  /** Batches without padding (`batch`). */
  noPadding?: boolean;
  dropRemainder?: boolean;
}

/** The Options each OptionsDataset of a graph was made with, by op name. */
const optionsOfOps = new WeakMap<Graph, Map<string, Options>>();

/** `tf.compat.v1.data.Dataset`: a graph's dataset, the variant tensor of its op and its element structure. */
export class Dataset {
  constructor(readonly variantTensor: Output, readonly elementSpec: ElementSpec) {}

  /** The dataset's graph. */
  get graph(): Graph {
    return this.variantTensor.graph;
  }

  /** `output_types`: the dtype of each component, nested as the element. */
  get outputTypes(): Nested<DType> {
    return mapSpec(this.elementSpec, (s) => s.dtype);
  }

  /** `output_shapes`: the static shape of each component, nested as the element. */
  get outputShapes(): Nested<StaticShape> {
    return mapSpec(this.elementSpec, (s) => s.shape);
  }

  /** The `output_types`, `output_shapes` and `metadata` attrs of the dataset ops that keep this structure. */
  private common(spec: ElementSpec = this.elementSpec): Record<string, unknown> {
    return { ...flatAttrs(spec), metadata: '' };
  }

  private unary(type: string, inputs: Record<string, InputValue | InputValue[]>, attrs: Record<string, unknown> = {},
    spec: ElementSpec = this.elementSpec): Dataset {
    const op = applyOp(type, { input_dataset: this.variantTensor, ...inputs }, { ...this.common(spec), ...attrs });
    return new Dataset(op.output(0), spec);
  }

  /** `Dataset.from_tensors(element)`: one element. */
  static fromTensors(element: unknown): Dataset {
    const components = normalizeElement(element);
    const spec = specOf(components);
    const flat = toTensorList(spec, components);
    const op = applyOp('TensorDataset', { components: flat }, { output_shapes: flatAttrs(spec).output_shapes, metadata: '' });
    return new Dataset(op.output(0), spec);
  }

  /**
   * `Dataset.from_tensor_slices(element)`: the slices of its components along their first
   * dimension. Arrays of plain values are one tensor (Python's lists); other arrays are tuples.
   */
  static fromTensorSlices(element: unknown): Dataset {
    return tensorSlices(normalizeElement(element), false);
  }

  /**
   * `Dataset.range(stop)`, `range(start, stop)`, `range(start, stop, step)` (numbers or scalar
   * tensors); `outputType` int64 unless given.
   */
  static range(...args: Array<number | bigint | Output | { outputType: DType }>): Dataset {
    const isOptions = (a: unknown): a is { outputType: DType } => typeof a === 'object' && !(a instanceof Output);
    const last = args[args.length - 1];
    const outputType = isOptions(last) ? last.outputType : DType.int64;
    const nums = args.filter((a): a is number | bigint | Output => !isOptions(a));
    if (nums.length < 1 || nums.length > 3) {
      throw new ValueError(`Invalid \`args\`. The length of \`args\` should be between 1 and 3 but was ${nums.length}.`);
    }
    const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
    const spec = new TensorSpec([], outputType);
    const op = applyOp('RangeDataset', {
      start: scalarArg(start, 'start'), stop: scalarArg(stop, 'stop'), step: scalarArg(step, 'step'),
    }, { ...flatAttrs(spec), metadata: '' });
    return new Dataset(op.output(0), spec);
  }

  /**
   * `Dataset.list_files(file_pattern, shuffle=None, seed=None)`: the files matching the patterns
   * (an error at run time when none match), shuffled unless `shuffle` is false.
   */
  static listFiles(filePattern: string | string[] | Output, options: { shuffle?: boolean; seed?: number } = {}): Dataset {
    return getDefaultGraph().nameScope('list_files', () => {
      const pattern = convertToTensor(filePattern, { dtype: DType.string, name: 'file_pattern' });
      let matching = applyOp('MatchingFiles', { pattern }).output(0);
      const condition = greater(getItem(shape(matching), [0]), 0, 'match_not_empty');
      const message = applyOp('Add', { x: 'No files matched pattern: ', y: reduceJoin(pattern, { separator: ', ' }) }, {},
        'message').output(0);
      const assertNotEmpty = Assert(condition, [message], { summarize: 1, name: 'assert_not_empty' });
      matching = matching.graph.controlDependencies([assertNotEmpty], () => identity(matching));
      const files = tensorSlices(matching, true);
      if (options.shuffle === false) return files;
      return files.shuffle(maximum(getItem(shape(matching, undefined, DType.int64), [0]), 1), { seed: options.seed });
    });
  }

  /** `Dataset.random(seed=None)`: pseudorandom int64 scalars, seeded as TF1 seeds random ops. */
  static random(seed?: number): Dataset {
    const [s, s2] = datasetSeeds(seed);
    const spec = new TensorSpec([], DType.int64);
    return new Dataset(applyOp('RandomDataset', { seed: s, seed2: s2 }, { ...flatAttrs(spec), metadata: '' }).output(0), spec);
  }

  /** `Dataset.zip(datasets)`: a nested structure (arrays, objects) of datasets, zipped element by element. */
  static zip(datasets: Nested<Dataset>): Dataset {
    const flat = flatten(datasets);
    for (const ds of flat) {
      if (!(ds instanceof Dataset)) {
        throw new TypeError('Invalid input to `zip`. Inputs are expected to be (nested) structures of ' +
          `\`tf.data.Dataset\` objects but encountered object of type ${pyType(ds)}.`);
      }
    }
    const spec = packSpec(datasets, flat.map((d) => d.elementSpec)) as ElementSpec;
    const op = applyOp('ZipDataset', { input_datasets: flat.map((d) => d.variantTensor) }, { ...flatAttrs(spec), metadata: '' });
    return new Dataset(op.output(0), spec);
  }

  /** `batch(batch_size, drop_remainder=False)`: the leading dimension is unknown unless `dropRemainder` is a constant true. */
  batch(batchSize: number | Output, options: BatchOptions = {}): Dataset {
    const size = scalarArg(batchSize, 'batch_size');
    const drop = scalarArg(options.dropRemainder ?? false, 'drop_remainder', DType.bool);
    const dim = batchDim(size, drop);
    const spec = mapSpec(this.elementSpec, (s) => batchedSpec(s, dim));
    return this.unary('BatchDatasetV2', { batch_size: size, drop_remainder: drop }, { parallel_copy: false }, spec);
  }

  /**
   * `padded_batch(batch_size, padded_shapes=None, padding_values=None, drop_remainder=False)`:
   * shapes nested as the element (null or -1 for the longest in the batch; default each
   * component's own shape), padding values a scalar or nested as the element (default 0 or '').
   */
  paddedBatch(batchSize: number | Output, paddedShapes?: unknown, paddingValues?: unknown,
    options: BatchOptions = {}): Dataset {
    const size = scalarArg(batchSize, 'batch_size');
    const flatSpec = flatten(this.elementSpec);
    const sparse = flatSpec.find((s) => s instanceof SparseTensorSpec);
    if (sparse) {
      throw new TypeError('`padded_batch` is only supported for datasets that produce tensor elements but type spec of ' +
        `elements in the input dataset is not a subclass of TensorSpec: \`${sparse}\`.`);
    }
    const shapes = paddedShapes === undefined ? flatSpec.map((s) => s.shape)
      : flattenUpTo(this.elementSpec, paddedShapes) as StaticShape[];
    const shapeTensors = shapes.map((shape, i) => {
      if (shape === null) {
        throw new ValueError('The padded shape null is not compatible with the shape ' +
          `${String(flatSpec[i].shape)} of the corresponding input component.`);
      }
      return convertToTensor(Tensor.from(shape.map((d) => (d === null ? -1 : d)), { dtype: DType.int64, shape: [shape.length] }));
    });
    const values = paddingValues === undefined || !Array.isArray(paddingValues) && !isPlainObject(paddingValues)
      ? flatSpec.map(() => paddingValues) : flattenUpTo(this.elementSpec, paddingValues);
    const padTensors = values.map((v, i) => {
      const dtype = flatSpec[i].dtype;
      const t = convertToTensor((v ?? (dtype === DType.string ? '' : dtype === DType.bool ? false : 0)) as InputValue,
        { name: 'padding_value', preferredDtype: dtype });
      if (t.dtype !== dtype) {
        throw new TypeError(`Invalid \`padding_values\`. \`padding_values\` values type <dtype: '${DType[t.dtype]}'> does not ` +
          `match type <dtype: '${DType[dtype]}'> of the corresponding input component.`);
      }
      return t;
    });
    const drop = scalarArg(options.dropRemainder ?? false, 'drop_remainder', DType.bool);
    const dim = batchDim(size, drop);
    const spec = packSequenceAs(this.elementSpec, flatSpec.map((s, i) =>
      new TensorSpec([dim, ...withRank(shapes[i], shapes[i]!.length).map((d) => (d === -1 ? null : d))], s.dtype)));
    const op = applyOp('PaddedBatchDatasetV2', {
      input_dataset: this.variantTensor, batch_size: size, padded_shapes: shapeTensors, padding_values: padTensors,
      drop_remainder: drop,
    }, { output_shapes: flatAttrs(spec).output_shapes, metadata: '', parallel_copy: false });
    return new Dataset(op.output(0), spec);
  }

  /**
   * `sparse_batch(batch_size, row_shape)` (and `tf.data.experimental.dense_to_sparse_batch`):
   * batches of up to `batchSize` elements of one tensor each (of rank `rowShape.length`, no larger
   * than `rowShape`; null dimensions take the batch's largest) as SparseTensors of dense shape
   * `[batch, ...rowShape]`.
   */
  sparseBatch(batchSize: number | Output, rowShape: Array<number | null>): Dataset {
    const spec = this.elementSpec;
    if (!(spec instanceof TensorSpec)) {
      throw new TypeError('`dense_to_sparse_batch` requires an input dataset whose elements have a single component, ' +
        `but the given dataset has the following component types: ${specString(spec, (s) => `tf.${dtypeName(s.dtype)}`)}.`);
    }
    const outSpec = new SparseTensorSpec([null, ...rowShape], spec.dtype);
    const row = convertToTensor(Tensor.from(rowShape.map((d) => d ?? -1), { dtype: DType.int64, shape: [rowShape.length] }));
    return new Dataset(applyOp('DenseToSparseBatchDataset', {
      input_dataset: this.variantTensor, batch_size: batchSize, row_shape: row,
    }, flatAttrs(outSpec)).output(0), outSpec);
  }

  /** `repeat(count=None)`: `count` times, forever when not given (or -1). */
  repeat(count?: number | Output): Dataset {
    return this.unary('RepeatDataset', { count: scalarArg(count ?? -1, 'count') });
  }

  /**
   * `shuffle(buffer_size, seed=None, reshuffle_each_iteration=None)`: seeded from the graph and op
   * seeds as TF1 seeds random ops.
   */
  shuffle(bufferSize: number | Output, options: ShuffleOptions = {}): Dataset {
    const buffer = scalarArg(bufferSize, 'buffer_size');
    const [seed, seed2] = datasetSeeds(options.seed);
    return this.unary('ShuffleDataset', { buffer_size: buffer, seed, seed2 },
      { reshuffle_each_iteration: options.reshuffleEachIteration ?? true });
  }

  /** `take(count)`: at most `count` elements (all for -1). */
  take(count: number | Output): Dataset {
    return this.unary('TakeDataset', { count: scalarArg(count, 'count') });
  }

  /** `skip(count)`: all but the first `count` elements. */
  skip(count: number | Output): Dataset {
    return this.unary('SkipDataset', { count: scalarArg(count, 'count') });
  }

  /** `prefetch(buffer_size)`: made next to its input; AUTOTUNE (-1) tunes the buffer. */
  prefetch(bufferSize: number | Output): Dataset {
    const buffer = scalarArg(bufferSize, 'buffer_size');
    return this.graph.colocateWith(this.variantTensor, () => this.unary('PrefetchDataset', { buffer_size: buffer },
      { legacy_autotune: bufferSize === AUTOTUNE }));
  }

  /** `cache(filename='')`: in memory, or in files of that prefix. */
  cache(filename: string | Output = ''): Dataset {
    return this.unary('CacheDataset', { filename: scalarArg(filename, 'filename', DType.string) });
  }

  /** `concatenate(dataset)`: this dataset's elements, then those of `dataset` (of the same structure and dtypes). */
  concatenate(dataset: Dataset): Dataset {
    const incompatible = () => new TypeError('Incompatible dataset elements:\n' +
      `  ${specString(this.elementSpec)} vs.   ${specString(dataset.elementSpec)}`);
    try {
      assertSameStructure(this.elementSpec, dataset.elementSpec);
    } catch {
      throw incompatible();
    }
    const other = flatten(dataset.elementSpec);
    const spec = packSequenceAs(this.elementSpec, flatten(this.elementSpec).map((s, i) => {
      if (s.dtype !== other[i].dtype) throw incompatible();
      return withShape(s, commonShape(s.shape, other[i].shape));
    }));
    const op = applyOp('ConcatenateDataset', { input_dataset: this.variantTensor, another_dataset: dataset.variantTensor },
      this.common(spec));
    return new Dataset(op.output(0), spec);
  }

  /** `shard(num_shards, index)`: every `numShards`-th element from `index`. */
  shard(numShards: number | Output, index: number | Output): Dataset {
    return this.unary('ShardDataset', { num_shards: scalarArg(numShards, 'num_shards'), index: scalarArg(index, 'index') },
      { require_non_empty: false });
  }

  /**
   * `unbatch()`: the slices of each element along its first dimension. `preserveCardinality` as
   * the map of Python's DatasetV2 (inside tf.data's own transformations) makes it.
   */
  unbatch(preserveCardinality = false): Dataset {
    // As Python, through `normalize_to_dense`'s map: each component as its batched flat tensor.
    const unpack = Array.isArray(this.elementSpec);
    const normalized = this.map((...args: unknown[]) => toBatchedTensorList(this.elementSpec, (unpack ? args : args[0]) as Nested<Component>),
      {}, 'Dataset_map_normalize', preserveCardinality);
    const flat = flatAttrs(this.elementSpec).output_shapes;
    if (flat.some((s) => s !== null && s.length === 0)) throw new ValueError('Cannot unbatch an input with scalar components.');
    let known: number | null = null;
    for (const s of flat) {
      const d = s === null ? null : s[0];
      if (known !== null && d !== null && known !== d) {
        throw new ValueError('`unbatch()` is only supported for datasets of elements whose components have a matching ' +
          `leading dimension. Encountered both ${known} and ${d}.`);
      }
      known = known ?? d;
    }
    const spec = mapSpec(this.elementSpec, unbatchedSpec);
    return new Dataset(normalized.variantTensor, this.elementSpec).unary('UnbatchDataset', {}, {}, spec);
  }

  /**
   * `map(map_func, num_parallel_calls=None)`: `fn` called on each element (its components as
   * arguments when the element is an array), traced into a function; MapDataset, or
   * ParallelMapDatasetV2 with `numParallelCalls`. `preserveCardinality` as the maps of Python's
   * DatasetV2 (inside tf.data's own transformations) make them.
   */
  map(fn: (...args: never[]) => unknown, options: MapOptions = {}, name = 'Dataset_map_fn', preserveCardinality = false): Dataset {
    const f = traceFunction(this.graph, name, this.elementSpec, fn, elementOutputs);
    const common = {
      f: f.name, ...this.common(f.returned), use_inter_op_parallelism: true, preserve_cardinality: preserveCardinality,
    };
    if (options.numParallelCalls === undefined) {
      return new Dataset(applyOp('MapDataset', { input_dataset: this.variantTensor, other_arguments: f.captured }, common)
        .output(0), f.returned);
    }
    const calls = scalarArg(options.numParallelCalls, 'num_parallel_calls');
    const deterministic = options.deterministic === undefined ? 'default' : String(options.deterministic);
    return new Dataset(applyOp('ParallelMapDatasetV2', {
      input_dataset: this.variantTensor, other_arguments: f.captured, num_parallel_calls: calls,
    }, { ...common, deterministic }).output(0), f.returned);
  }

  /** `filter(predicate)`: the elements for which `predicate` (a scalar bool) is true. */
  filter(predicate: (...args: never[]) => unknown): Dataset {
    const f = traceFunction(this.graph, 'Dataset_filter_predicate', this.elementSpec, predicate, predicateOutputs);
    return this.unary('FilterDataset', { other_arguments: f.captured }, { predicate: f.name });
  }

  /** `flat_map(map_func)`: the elements of the dataset `fn` makes of each element. */
  flatMap(fn: (...args: never[]) => Dataset, name = 'Dataset_flat_map_fn'): Dataset {
    const f = traceDatasetFunction(this, name, fn);
    return this.unary('FlatMapDataset', { other_arguments: f.captured }, { f: f.name }, f.returned);
  }

  /** `apply(transformation_func)`: `fn` of this dataset, which must be a dataset. */
  apply(fn: (dataset: Dataset) => Dataset): Dataset {
    const dataset: unknown = fn(this);
    if (!(dataset instanceof Dataset)) {
      throw new TypeError(`\`transformation_func\` must return a \`tf.data.Dataset\` object. Got ${pyType(dataset)}.`);
    }
    return dataset;
  }

  /**
   * `with_options(options)`: this dataset with `options` (an OptionsDataset), merged over those of
   * its inputs.
   */
  withOptions(options: Options): Dataset {
    const ds = this.graph.colocateWith(this.variantTensor, () =>
      this.unary('OptionsDataset', {}, { serialized_options: options.toProto() }));
    const graph = this.graph;
    if (!optionsOfOps.has(graph)) optionsOfOps.set(graph, new Map());
    optionsOfOps.get(graph)!.set(ds.variantTensor.op.name, options);
    return ds;
  }

  /** `options()`: the options of this dataset: those given its input datasets, merged in order. */
  options(): Options {
    const given = optionsOfOps.get(this.graph);
    const memo = new Map<string, Options>();
    const of = (op: Operation): Options => {
      let out = memo.get(op.name);
      if (out) return out;
      out = op.inputs.filter((i) => i.dtype === DType.variant).reduce((o, i) => o.merge(of(i.op)), new Options());
      const own = given?.get(op.name);
      if (own) out = out.merge(own);
      memo.set(op.name, out);
      return out;
    };
    return of(this.variantTensor.op);
  }

  /** `cardinality()`: an int64 scalar, the number of elements if known (-1 infinite, -2 unknown). */
  cardinality(): Output {
    return applyOp('DatasetCardinality', { input_dataset: this.variantTensor }).output(0);
  }

  /** `unique()`: the elements not seen before (of int32, int64 or string components). */
  unique(): Dataset {
    for (const s of flatten(this.elementSpec)) {
      if (![DType.int32, DType.int64, DType.string].includes(s.dtype)) {
        throw new TypeError(`\`tf.data.Dataset.unique\` does not support type ${dtypeRepr(s.dtype)} -- only \`tf.int32\`, ` +
          '`tf.int64`, and `tf.string` are supported.');
      }
    }
    return this.unary('UniqueDataset', {});
  }

  /** `get_single_element()`: the dataset's only element (an InvalidArgumentError at run time otherwise). */
  getSingleElement(): Nested<Component> {
    const op = applyOp('DatasetToSingleElement', { dataset: this.variantTensor }, this.common());
    return fromTensorList(this.elementSpec, op.outputs);
  }

  /** `enumerate(start=0)`: (index, element) pairs, the index counted from `start`. */
  enumerate(start: number | bigint = 0): Dataset {
    const range = applyRewrite(Dataset.range(start, MAXINT64), 'replicate_on_split');
    return Dataset.zip([range, this]);
  }

  /** `take_while(predicate)`: the elements until `predicate` (a scalar bool) is first false. */
  takeWhile(predicate: (...args: never[]) => unknown): Dataset {
    const f = traceFunction(this.graph, 'Dataset_take_while_predicate', this.elementSpec, predicate, scalarOutputs(
      DType.bool, 'Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor but its return type is'));
    return this.unary('TakeWhileDataset', { other_arguments: f.captured }, { predicate: f.name });
  }

  /** `ignore_errors(log_warning=False)` (and `tf.data.experimental.ignore_errors()`): the elements that are not errors. */
  ignoreErrors(logWarning = false): Dataset {
    return new Dataset(applyOp('IgnoreErrorsDataset', { input_dataset: this.variantTensor },
      { ...flatAttrs(this.elementSpec), log_warning: logWarning }).output(0), this.elementSpec);
  }

  /**
   * `interleave(map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
   * deterministic=None)`: the elements of the datasets `fn` makes, `cycleLength` datasets at a
   * time, `blockLength` elements from each in turn; ParallelInterleaveDatasetV4 with `numParallelCalls`.
   */
  interleave(fn: (...args: never[]) => Dataset, options: InterleaveOptions = {}): Dataset {
    const f = traceDatasetFunction(this, 'Dataset_interleave_fn', fn);
    const inputs = {
      other_arguments: f.captured, cycle_length: scalarArg(options.cycleLength ?? AUTOTUNE, 'cycle_length'),
      block_length: scalarArg(options.blockLength ?? 1, 'block_length'),
    };
    if (options.numParallelCalls === undefined) return this.unary('InterleaveDataset', inputs, { f: f.name }, f.returned);
    return this.unary('ParallelInterleaveDatasetV4', {
      ...inputs, buffer_output_elements: scalarArg(AUTOTUNE, 'buffer_output_elements'),
      prefetch_input_elements: scalarArg(AUTOTUNE, 'prefetch_input_elements'),
      num_parallel_calls: scalarArg(options.numParallelCalls, 'num_parallel_calls'),
    }, { f: f.name, deterministic: options.deterministic === undefined ? 'default' : String(options.deterministic) },
    f.returned);
  }

  /**
   * `window(size, shift=None, stride=1, drop_remainder=False)`: windows of `size` elements, every
   * `shift` elements; each component of an element is a dataset (a DatasetSpec), e.g. to `flatMap`
   * with `(w) => w.batch(size)`.
   */
  window(size: number | Output, options: WindowOptions = {}): Dataset {
    return this.unary('WindowDataset', {
      size: scalarArg(size, 'size'), shift: scalarArg(options.shift ?? size, 'shift'),
      stride: scalarArg(options.stride ?? 1, 'stride'),
      drop_remainder: scalarArg(options.dropRemainder ?? false, 'drop_remainder', DType.bool),
    }, {}, mapSpec(this.elementSpec, (s) => new DatasetSpec(s)));
  }

  /**
   * `reduce(initial_state, reduce_func)`: the state `fn(state, element)` gives after the last
   * element, as tensors nested as the state.
   */
  reduce(initialState: unknown, fn: (state: never, element: never) => unknown): Nested<Output> {
    const initial = this.graph.nameScope('initial_state', () => normalizeElement(initialState));
    const [stateSpec, f] = traceWithState(this, 'reduce_fn', specOf(initial), fn, (returned) => returned,
      (expected, got) => `The element types for the new state must match the initial state. Expected ${expected} but got ${got}.`);
    const op = applyOp('ReduceDataset', {
      input_dataset: this.variantTensor, initial_state: toTensorList(specOf(initial), initial), other_arguments: f.captured,
    }, { f: f.name, ...this.common(stateSpec) });
    return packSequenceAs(stateSpec, op.outputs);
  }

  /**
   * `scan(initial_state, scan_func)` (and `tf.data.experimental.scan`): `fn(state, element)` gives
   * [new state, output element]; the outputs.
   */
  scan(initialState: unknown, fn: (state: never, element: never) => unknown): Dataset {
    const initial = normalizeElement(initialState);
    const [, f] = traceWithState(this, 'Dataset_scan_fn', specOf(initial), fn, (returned, spec) => {
      if (!Array.isArray(returned) || returned.length !== 2) {
        throw new TypeError('Invalid `scan_func`. `scan_func` should return a pair consisting of new state and the ' +
          `output value but its return type is ${specString(spec)}.`);
      }
      return returned[0];
    }, (expected, got) => `Invalid \`scan_func\`. The element types for the new state must match the initial state. Expected ${expected}, got ${got}.`);
    return this.unary('ScanDataset', { initial_state: toTensorList(specOf(initial), initial), other_arguments: f.captured },
      { f: f.name, preserve_cardinality: true }, (f.returned as ElementSpec[])[1]);
  }

  /**
   * `group_by_window(key_func, reduce_func, window_size=None, window_size_func=None)` (and
   * `tf.data.experimental.group_by_window`): elements grouped by the int64 `keyFunc(element)`, each
   * group's windows of up to `windowSize` elements made a dataset by `reduceFunc(key, window)`.
   */
  groupByWindow(keyFunc: (...args: never[]) => unknown, reduceFunc: (key: Output, window: Dataset) => Dataset,
    options: GroupByWindowOptions = {}): Dataset {
    const { windowSize, windowSizeFunc } = options;
    if ((windowSize !== undefined) === (windowSizeFunc !== undefined)) {
      throw new ValueError('Either the `window_size` argument or the `window_size_func` argument must be specified.');
    }
    const sizeFunc = windowSizeFunc ?? (() => windowSize);
    const keySpec = new TensorSpec([], DType.int64);
    const key = traceFunction(this.graph, 'Dataset_group_by_window_key_func', this.elementSpec, keyFunc, scalarOutputs(DType.int64,
      'Invalid `key_func`. `key_func` must return a single `tf.int64` scalar tensor but its return type is ', true));
    const reduce = traceFunction(this.graph, 'Dataset_group_by_window_reduce_func', [keySpec, new DatasetSpec(this.elementSpec)],
      reduceFunc, (returned) => {
        if (!(returned instanceof Dataset)) {
          throw new TypeError('Invalid `reduce_func`. `reduce_func` must return a single `tf.data.Dataset` object but ' +
            `its return type is ${returned instanceof Output ? new TensorSpec(returned.shape, returned.dtype) : pyType(returned)}.`);
        }
        return { returned: returned.elementSpec, outputs: [returned.variantTensor] };
      });
    const size = traceFunction(this.graph, 'Dataset_group_by_window_window_size_func', keySpec, sizeFunc, scalarOutputs(DType.int64,
      'Invalid `window_size_func`. `window_size_func` must return a single `tf.int64` scalar tensor but its return type is ', true));
    return this.unary('GroupByWindowDataset', {
      key_func_other_arguments: key.captured, reduce_func_other_arguments: reduce.captured,
      window_size_func_other_arguments: size.captured,
    }, { key_func: key.name, reduce_func: reduce.name, window_size_func: size.name }, reduce.returned);
  }

  /**
   * `bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes,
   * padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False, no_padding=False,
   * drop_remainder=False)` (and `tf.data.experimental.bucket_by_sequence_length`): elements grouped
   * by the bucket of their length (`lengthFunc`, int32), batched `bucketBatchSizes[bucket]` at a time,
   * padded to the longest (`pad_to_bucket_boundary` is not supported).
   */
  bucketBySequenceLength(lengthFunc: (...args: never[]) => unknown, bucketBoundaries: number[], bucketBatchSizes: number[],
    options: BucketOptions = {}): Dataset {
    if (bucketBatchSizes.length !== bucketBoundaries.length + 1) {
      throw new ValueError('`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` but ' +
        `\`len(bucket_batch_sizes)=${bucketBatchSizes.length}\` and \`len(bucket_boundaries)=${bucketBoundaries.length}\`.`);
    }
    const batchSizes = convertToTensor(Tensor.from(bucketBatchSizes, { dtype: DType.int64 }));
    const bucketOf = (...args: never[]) => {
      const length = lengthFunc(...args) as InputValue;
      const inBucket = logicalAnd(lessEqual([-MAXINT32 - 1, ...bucketBoundaries], length),
        less(length, [...bucketBoundaries, MAXINT32]));
      return reduceMin(where(inBucket));
    };
    const windowSize = (bucket: Output) => getItem(batchSizes, bucket);
    const batching = (bucket: Output, group: Dataset) => {
      const size = windowSize(bucket);
      if (options.noPadding) return group.batch(size, { dropRemainder: options.dropRemainder });
      return group.paddedBatch(size, options.paddedShapes ?? group.outputShapes, options.paddingValues,
        { dropRemainder: options.dropRemainder });
    };
    return this.groupByWindow(bucketOf, batching, { windowSizeFunc: windowSize });
  }

  /**
   * `make_one_shot_iterator()`: an iterator that makes the dataset itself on first use, from a
   * function holding copies of the ops that make it (Python's `Defun` with capture_by_value).
   */
  makeOneShotIterator(): Iterator {
    const graph = this.graph;
    // As Python, which takes (and so counts) an op seed here for the function's graph seed.
    getSeed(undefined, graph);
    // As Python's Defun, which shares the variable collections with its function graph (making the empty ones).
    for (const key of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES,
      GraphKeys.MODEL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES, GraphKeys.MOVING_AVERAGE_VARIABLES,
      GraphKeys.CONCATENATED_VARIABLES, 'trainable_resource_variables']) graph.getCollectionRef(key);
    const body = opsMaking(this.variantTensor);
    const inBody = new Set(body.map((o) => o.name));
    // Defun's copies have no control inputs; TF_GraphToFunction refuses those from outside the body.
    const source = body.some((o) => o.controlInputs.some((c) => !inBody.has(c.name))) ? bodyGraph(graph, inBody) : graph;
    const def = source.native.toFunction('_make_dataset', true, body.map((o) => source.operation(o.name).native), [],
      [source.operation(this.variantTensor.op.name).output(this.variantTensor.index).endpoint], null,
      'Factory function for a dataset.');
    const name = graph.native.addFunction(def);
    return graph.colocateWith(this.variantTensor, () => {
      const it = applyOp('OneShotIterator', {}, { dataset_factory: name, ...flatAttrs(this.elementSpec) }, { graph });
      return new Iterator(it.output(0), null, this.elementSpec);
    });
  }

  /** `make_initializable_iterator(shared_name=None)`: an iterator to run `initializer` on before use. */
  makeInitializableIterator(sharedName = ''): Iterator {
    const graph = this.graph;
    return graph.colocateWith(this.variantTensor, () => {
      const resource = applyOp('IteratorV2', {}, { container: '', shared_name: sharedName, ...flatAttrs(this.elementSpec) },
        { graph }).output(0);
      const init = applyOp('MakeIterator', { dataset: this.variantTensor, iterator: resource });
      return new Iterator(resource, init, this.elementSpec);
    });
  }
}

/** `fn` of each element of `dataset` traced into a function that returns a dataset (flat_map's, interleave's). */
export function traceDatasetFunction(dataset: Dataset, name: string, fn: (...args: never[]) => Dataset): TracedFunction<ElementSpec> {
  return traceFunction(dataset.graph, name, dataset.elementSpec, fn, (returned) => {
    if (!(returned instanceof Dataset)) {
      throw new TypeError(`The \`map_func\` argument must return a \`Dataset\` object. Got ${pyType(returned)}.`);
    }
    return { returned: returned.elementSpec, outputs: [returned.variantTensor] };
  });
}

/**
 * `fn(state, element)` of `dataset` traced as reduce and scan trace it: again with the state's
 * shapes relaxed to those of the new state until they hold (`stateOf` picks the new state of what
 * `fn` returns); a TypeError of `message(expected, got)` for new state dtypes. Gives the state's
 * spec and the function, added to the graph. `initial` is the spec of the initial state.
 */
export function traceWithState(dataset: Dataset, name: string, initial: ElementSpec, fn: (state: never, element: never) => unknown,
  stateOf: (returned: unknown, spec: ElementSpec) => unknown, message: (expected: string, got: string) => string,
): [ElementSpec, TracedFunction<ElementSpec>] {
  // As Python formats them: a DType by its str, a structure of them by their reprs.
  const types = (s: ElementSpec) => (s instanceof TensorSpec ? dtypeRepr(s.dtype)
    : specString(s, (t) => `tf.${dtypeName(t.dtype)}`));
  let stateSpec = initial;
  for (;;) {
    const f = traceFunction(dataset.graph, name, [stateSpec, dataset.elementSpec], fn, elementOutputs, false);
    const newState = stateOf(f.returned, f.returned) as ElementSpec;
    const flatOld = flatten(stateSpec);
    const flatNew = flatten(newState);
    if (flatNew.length !== flatOld.length || flatNew.some((s, i) => s.dtype !== flatOld[i].dtype)) {
      throw new TypeError(message(types(stateSpec), types(newState)));
    }
    const weakened = flatOld.map((s, i) => commonShape(s.shape, flatNew[i].shape));
    if (flatOld.every((s, i) => s.shape === null || weakened[i]?.every((d, j) => d === s.shape![j]))) {
      return [stateSpec, { ...f, name: dataset.graph.native.addFunction(f.def) }];
    }
    stateSpec = packSequenceAs(stateSpec, flatOld.map((s, i) => new TensorSpec(weakened[i], s.dtype)));
  }
}

/** `dataset_ops.apply_rewrite`: `dataset` through a RewriteDataset of `rewrite`. */
function applyRewrite(dataset: Dataset, rewrite: string): Dataset {
  return new Dataset(applyOp('RewriteDataset', { input_dataset: dataset.variantTensor, rewrite_name: rewrite },
    flatAttrs(dataset.elementSpec)).output(0), dataset.elementSpec);
}

/**
 * `tf.compat.v1.data.experimental.choose_from_datasets(datasets, choice_dataset,
 * stop_on_empty_dataset=False)`: each element from the dataset of index the next element of
 * `choiceDataset` (scalar int64s).
 */
export function chooseFromDatasets(datasets: Dataset[], choiceDataset: Dataset, stopOnEmptyDataset = false): Dataset {
  if (datasets.length === 0) throw new ValueError('Invalid `datasets`. `datasets` should not be empty.');
  if (!(choiceDataset instanceof Dataset)) {
    throw new TypeError(`Invalid \`choice_dataset\`. \`choice_dataset\` should be a \`tf.data.Dataset\` but is ${pyType(choiceDataset)}.`);
  }
  const choice = choiceDataset.elementSpec;
  if (!(choice instanceof TensorSpec) || choice.dtype !== DType.int64 || (choice.shape !== null && choice.shape.length !== 0)) {
    throw new TypeError('Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar `tf.int64` tensors but ' +
      `are ${specString(choice)}.`);
  }
  return directedInterleave(applyRewrite(choiceDataset, 'replicate_on_split'), datasets, stopOnEmptyDataset);
}

/** Options of `sampleFromDatasets`. */
export interface SampleOptions {
  seed?: number;
  stopOnEmptyDataset?: boolean;
}

/**
 * `tf.compat.v1.data.experimental.sample_from_datasets(datasets, weights=None, seed=None,
 * stop_on_empty_dataset=False)`: each element from a dataset drawn at random with probabilities
 * `weights` (float32 or float64, one per dataset; equal if not given; a dataset of them, one per element).
 */
export function sampleFromDatasets(datasets: Dataset[], weights?: number[] | Tensor | Output | Dataset,
  options: SampleOptions = {}): Dataset {
  if (datasets.length === 0) throw new ValueError('Invalid `datasets`. `datasets` should not be empty.');
  if (weights instanceof Dataset) {
    // `select_dataset_varying_logits`: the logits of each element of `weights`, with a pair of seeds.
    const logitsDs = weights.map((...p: never[]) => log(p as never, 'logits'), {}, 'Dataset_map_lambda', true);
    const logitsAndSeeds = Dataset.zip([logitsDs, Dataset.random(options.seed).batch(2)]);
    const f = traceFunction(logitsAndSeeds.graph, 'Dataset_map_select_dataset_varying_logits', logitsAndSeeds.elementSpec,
      (logits: Output, seed: Output) => squeeze(applyOp('StatelessMultinomial', { logits, num_samples: 1, seed }).output(0), [0, 1]),
      elementOutputs);
    return directedInterleave(unsharedMap(logitsAndSeeds, f), datasets, options.stopOnEmptyDataset ?? false);
  }
  let logits: InputValue = [Array.from({ length: datasets.length }, () => 1.0)];
  if (weights !== undefined) {
    if (weights instanceof Output) {
      if (!isCompatible(weights.shape, [datasets.length])) {
        throw new ValueError('Invalid `weights`. The shape of `weights` should be compatible with `[len(datasets)]` but ' +
          `is ${shapeString(weights.shape)}.`);
      }
    } else {
      const given = weights instanceof Tensor ? (weights.toArray() as unknown[]).map(Number) : weights;
      if (given.length !== datasets.length) {
        throw new ValueError('Invalid `weights`. `weights` should have the same length as `datasets` but got ' +
          `\`len(weights)=${given.length}\` vs. \`len(datasets)=${datasets.length}\`.`);
      }
      // Datasets of weight 0 are left out (all: none of the first), as a list of the weights left.
      const kept = datasets.map((d, i) => [d, given[i]] as const).filter(([, w]) => w > 0);
      const dtype = weights instanceof Tensor ? weights.dtype : undefined;
      [datasets, weights] = kept.length > 0 ? [kept.map(([d]) => d), Tensor.from(kept.map(([, w]) => w), { dtype })]
        : [[datasets[0].take(0)], [1.0]];
    }
    const w = convertToTensor(weights, { name: 'weights' });
    if (w.dtype !== DType.float32 && w.dtype !== DType.float64) {
      throw new TypeError(`Invalid \`weights\`. \`weights\` type must be either \`tf.float32\` or \`tf.float64\` but is ${dtypeRepr(w.dtype)}.`);
    }
    logits = expandDims(log(w, 'logits'), 0);
  }
  if (datasets.length === 1) return datasets[0];
  const seeds = Dataset.random(options.seed).batch(2);
  const f = traceFunction(seeds.graph, 'Dataset_map_select_dataset_constant_logits', seeds.elementSpec, (seed: Output) =>
    squeeze(applyOp('StatelessMultinomial', { logits, num_samples: 1, seed }).output(0), [0, 1]), elementOutputs);
  return directedInterleave(unsharedMap(seeds, f), datasets, options.stopOnEmptyDataset ?? false);
}

/** `map_op._MapDataset(dataset, f, use_inter_op_parallelism=False)` of a traced function. */
function unsharedMap(dataset: Dataset, f: TracedFunction<ElementSpec>): Dataset {
  return new Dataset(applyOp('MapDataset', { input_dataset: dataset.variantTensor, other_arguments: f.captured }, {
    f: f.name, ...flatAttrs(f.returned), metadata: '', use_inter_op_parallelism: false, preserve_cardinality: true,
  }).output(0), f.returned);
}

/** `_DirectedInterleaveDataset`: the elements of `datasets` picked by `selector`, of their common spec. */
function directedInterleave(selector: Dataset, datasets: Dataset[], stopOnEmptyDataset: boolean): Dataset {
  let spec = datasets[0].elementSpec;
  datasets.slice(1).forEach((d, i) => {
    try {
      assertSameStructure(spec, d.elementSpec);
      const other = flatten(d.elementSpec);
      spec = packSequenceAs(spec, flatten(spec).map((s, j) => {
        if (s.dtype !== other[j].dtype) throw new TypeError();
        return withShape(s, commonShape(s.shape, other[j].shape));
      }));
    } catch {
      throw new TypeError('Invalid `datasets`. `datasets` must have compatible element specs.\n Dataset 0 ' +
        `element_spec=${specString(datasets[0].elementSpec)}.\nDataset ${i + 1} element_spec=${specString(d.elementSpec)}.`);
    }
  });
  const op = applyOp('DirectedInterleaveDataset', {
    selector_input_dataset: selector.variantTensor, data_input_datasets: datasets.map((d) => d.variantTensor),
  }, { ...flatAttrs(spec), stop_on_empty_dataset: stopOnEmptyDataset });
  return new Dataset(op.output(0), spec);
}

/** The TensorSliceDataset of `components` (sliced along dimension 0). */
export function tensorSlices(components: Nested<Component>, isFiles: boolean): Dataset {
  const batched = specOf(components);
  const flat = toBatchedTensorList(batched, components);
  // Python's file names go through `normalize_element` too: its name scope, taken with no ops in it.
  if (isFiles && flat.length > 0) flat[0].graph.nameScope('normalize_element', () => undefined);
  if (flat.length === 0) throw new ValueError('Invalid `element`. `element` should not be empty.');
  const spec = mapSpec(batched, unbatchedSpec);
  const first = flat[0].shape?.[0] ?? null;
  for (const t of flat.slice(1)) assertDimsCompatible(first, t.shape?.[0] ?? null);
  const op = applyOp('TensorSliceDataset', { components: flat },
    { output_shapes: flatAttrs(spec).output_shapes, is_files: isFiles, metadata: '' });
  return new Dataset(op.output(0), spec);
}

/** The batch dimension of `batch`: the constant batch size with a constant true `drop_remainder`, else unknown. */
export function batchDim(size: Output, drop: Output): number | null {
  const dropValue = constantValue(drop);
  if (!dropValue || !dropValue.item()) return null;
  const sizeValue = constantValue(size);
  return sizeValue ? Number(sizeValue.item()) : null;
}

/** The most specific shape both shapes are (`TensorShape.most_specific_common_supertype`). */
export function commonShape(a: StaticShape, b: StaticShape): StaticShape {
  if (a === null || b === null || a.length !== b.length) return null;
  return a.map((d, i) => (d === b[i] ? d : null));
}

/**
 * The ops `t` depends on through data inputs (Defun leaves control inputs out, e.g. list_files'
 * Assert), in graph order: what Defun copies by value, which refuses placeholders and stateful ops
 * other than dataset ops (a copy's state would not be the graph's).
 */
function opsMaking(t: Output): Operation[] {
  const seen = new Set<string>();
  const stack = [t.op];
  while (stack.length > 0) {
    const op = stack.pop()!;
    if (seen.has(op.name)) continue;
    if (op.type === 'Placeholder' || op.type === 'PlaceholderV2') {
      throw new ValueError(`Cannot capture a placeholder (name:${op.name}, type:${op.type}) by value.`);
    }
    // Dataset ops are stateful (so that TF does not constant-fold them); tf.data lets Defun copy
    // those (`traverse.obtain_capture_by_value_ops`: ops making a variant, and the iteration counter).
    const datasetOp = op.type === 'DummyIterationCounter' || (op.numOutputs > 0 && op.output(0).dtype === DType.variant);
    if (!datasetOp && getOpDef(op.type, t.graph).isStateful) {
      throw new ValueError(`Cannot capture a stateful node (name:${op.name}, type:${op.type}) by value.: A likely ` +
        'cause of this error is that the dataset for which you are calling `make_one_shot_iterator()` captures a ' +
        'stateful object, such as a `tf.Variable` or `tf.lookup.StaticHashTable`, which is not supported. Use ' +
        '`make_initializable_iterator()` instead.');
    }
    seen.add(op.name);
    // Reversed, so that inputs are visited first to last, as Defun recurses into them.
    stack.push(...op.inputs.map((i) => i.op).reverse());
  }
  return t.graph.operations().filter((o) => seen.has(o.name));
}

/** A new graph of `graph`'s ops named in `names` (and its functions), without control inputs from other ops. */
function bodyGraph(graph: Graph, names: Set<string>): Graph {
  const def = fromBinary(GraphDefSchema, graph.toGraphDef());
  def.node = def.node.filter((n) => names.has(n.name));
  for (const n of def.node) n.input = n.input.filter((i) => !i.startsWith('^') || names.has(i.slice(1)));
  const copy = new Graph();
  copy.importGraphDef(toBinary(GraphDefSchema, def), { prefix: '' });
  return copy;
}

/** `type(x)` as Python prints it in tf.data's messages. */
export function pyType(x: unknown): string {
  if (x instanceof Output) return "<class 'tensorflow.python.framework.ops.SymbolicTensor'>";
  if (typeof x === 'number') return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === 'string') return "<class 'str'>";
  if (x === null || x === undefined) return "<class 'NoneType'>";
  if (Array.isArray(x)) return "<class 'list'>";
  if (isPlainObject(x)) return "<class 'dict'>";
  return `<class '${(x as object).constructor?.name ?? typeof x}'>`;
}

/** `tf.compat.v1.data.make_one_shot_iterator(dataset)`. */
export function makeOneShotIterator(dataset: Dataset): Iterator {
  return dataset.makeOneShotIterator();
}

/** `tf.compat.v1.data.make_initializable_iterator(dataset, shared_name=None)`. */
export function makeInitializableIterator(dataset: Dataset, sharedName?: string): Iterator {
  return dataset.makeInitializableIterator(sharedName);
}

/** `tf.compat.v1.data.get_output_types(dataset_or_iterator)`: the dtypes, nested as the element. */
export function getOutputTypes(datasetOrIterator: Dataset | Iterator): Nested<DType> {
  return datasetOrIterator.outputTypes;
}

/** `tf.compat.v1.data.get_output_shapes(dataset_or_iterator)`: the static shapes, nested as the element. */
export function getOutputShapes(datasetOrIterator: Dataset | Iterator): Nested<StaticShape> {
  return datasetOrIterator.outputShapes;
}

/**
 * `tf.compat.v1.data.get_output_classes(dataset_or_iterator)`: the class of each component, nested
 * as the element: Output (Python's `tf.Tensor`), SparseTensor, or DatasetSpec for a dataset component.
 */
export function getOutputClasses(datasetOrIterator: Dataset | Iterator):
  Nested<typeof Output | typeof DatasetSpec | typeof SparseTensor> {
  return mapSpec(datasetOrIterator.elementSpec, (s) => (s instanceof DatasetSpec ? DatasetSpec
    : s instanceof SparseTensorSpec ? SparseTensor : Output));
}
