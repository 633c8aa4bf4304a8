/**
 * TF1's `tf.compat.v1.data.Dataset` in graph mode (`data/ops/dataset_ops.py` and its `*_op.py`):
 * each dataset is the variant tensor of a dataset op, made with the names, inputs and attrs
 * Python gives it, and the structure (TensorSpecs) of its elements.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor, getOpDef } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { StaticShape, assertDimsCompatible, withRank } from '../framework/tensor_shape';
import { Tensor } from '../framework/tensor';
import { whereV2 } from '../ops/array_ops';
import { equal, logicalAnd } from '../ops/math_ops';
import { getSeed } from '../ops/random_ops';
import { Nested, assertSameStructure, flatten, packSequenceAs } from '../util/nest';
import { isPlainObject } from '../util/python_repr';
import { Iterator } from './iterator_ops';
import {
  ElementSpec, TensorSpec, flatAttrs, flattenUpTo, mapSpec, normalizeElement, specOf, specString,
} from './structure';
import { elementOutputs, predicateOutputs, traceFunction } from './structured_function';

/** `tf.data.AUTOTUNE`. */
export const AUTOTUNE = -1;
const MAXINT32 = 2 ** 31 - 1;

/** An int64 (or `dtype`) scalar argument of a dataset op, as a Const named `name` unless a tensor. */
function scalarArg(value: InputValue, name: string, dtype: DType = DType.int64): Output {
  return convertToTensor(value, { dtype, name });
}

/** `data/util/random_seed.get_seed`: the seed and seed2 tensors of a random dataset. */
function datasetSeeds(seed: number | undefined): [Output, Output] {
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
    const flat = flatten(components);
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

  /** `Dataset.range(stop)`, `range(start, stop)`, `range(start, stop, step)`; `outputType` int64 unless given. */
  static range(...args: Array<number | { outputType: DType }>): Dataset {
    const last = args[args.length - 1];
    const outputType = typeof last === 'object' ? last.outputType : DType.int64;
    const nums = args.filter((a): a is number => typeof a === 'number');
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

  /** `Dataset.zip(datasets)`: a nested structure (arrays, objects) of datasets, zipped element by element. */
  static zip(datasets: Nested<Dataset>): Dataset {
    const flat = flatten(datasets);
    for (const ds of flat) {
      if (!(ds instanceof Dataset)) {
        throw new TypeError('Invalid input to `zip`. Inputs are expected to be (nested) structures of ' +
          `\`tf.data.Dataset\` objects but encountered object of type ${pyType(ds)}.`);
      }
    }
    const spec = packSequenceAs(datasets, flat.map((d) => d.elementSpec)) as ElementSpec;
    const op = applyOp('ZipDataset', { input_datasets: flat.map((d) => d.variantTensor) }, { ...flatAttrs(spec), metadata: '' });
    return new Dataset(op.output(0), spec);
  }

  /** `batch(batch_size, drop_remainder=False)`: the leading dimension is unknown unless `dropRemainder` is a constant true. */
  batch(batchSize: number | Output, options: BatchOptions = {}): Dataset {
    const size = scalarArg(batchSize, 'batch_size');
    const drop = scalarArg(options.dropRemainder ?? false, 'drop_remainder', DType.bool);
    const dim = batchDim(size, drop);
    const spec = mapSpec(this.elementSpec, (s) => new TensorSpec(s.shape === null ? null : [dim, ...s.shape], s.dtype));
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
      return new TensorSpec(commonShape(s.shape, other[i].shape), s.dtype);
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

  /** `unbatch()`: the slices of each element along its first dimension. */
  unbatch(): Dataset {
    const flat = flatten(this.elementSpec);
    if (flat.some((s) => s.shape !== null && s.shape.length === 0)) throw new ValueError('Cannot unbatch an input with scalar components.');
    let known: number | null = null;
    for (const s of flat) {
      const d = s.shape === null ? null : s.shape[0];
      if (known !== null && d !== null && known !== d) {
        throw new ValueError('`unbatch()` is only supported for datasets of elements whose components have a matching ' +
          `leading dimension. Encountered both ${known} and ${d}.`);
      }
      known = known ?? d;
    }
    // As Python, through `normalize_to_dense`'s map (an identity on dense components).
    const normalized = this.map((...args: unknown[]) => (Array.isArray(this.elementSpec) ? args : args[0]), {}, 'Dataset_map_normalize');
    const spec = mapSpec(this.elementSpec, (s) => new TensorSpec(s.shape === null ? null : s.shape.slice(1), s.dtype));
    return normalized.unary('UnbatchDataset', {}, {}, spec);
  }

  /**
   * `map(map_func, num_parallel_calls=None)`: `fn` called on each element (its components as
   * arguments when the element is an array), traced into a function; MapDataset, or
   * ParallelMapDatasetV2 with `numParallelCalls`.
   */
  map(fn: (...args: never[]) => unknown, options: MapOptions = {}, name = 'Dataset_map_fn'): Dataset {
    const f = traceFunction(this.graph, name, this.elementSpec, fn, elementOutputs);
    const common = { f: f.name, ...this.common(f.returned), use_inter_op_parallelism: true, preserve_cardinality: false };
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
    const f = traceFunction(this.graph, name, this.elementSpec, fn, (returned) => {
      if (!(returned instanceof Dataset)) {
        throw new TypeError(`The \`map_func\` argument must return a \`Dataset\` object. Got ${pyType(returned)}.`);
      }
      return { returned: returned.elementSpec, outputs: [returned.variantTensor] };
    });
    return this.unary('FlatMapDataset', { other_arguments: f.captured }, { f: f.name }, f.returned);
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
    const def = graph.native.toFunction('_make_dataset', true, body.map((o) => o.native), [], [this.variantTensor.endpoint],
      null, 'Factory function for a dataset.');
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

/** The TensorSliceDataset of `components` (sliced along dimension 0). */
export function tensorSlices(components: Nested<Output>, isFiles: boolean): Dataset {
  const flat = flatten(components);
  if (flat.length === 0) throw new ValueError('Invalid `element`. `element` should not be empty.');
  const spec = packSequenceAs(components, flat.map((t) => {
    if (t.shape !== null && t.shape.length === 0) throw new ValueError('Unbatching a tensor is only supported for rank >= 1');
    return new TensorSpec(t.shape === null ? null : t.shape.slice(1), t.dtype);
  }));
  const first = flat[0].shape?.[0] ?? null;
  for (const t of flat.slice(1)) assertDimsCompatible(first, t.shape?.[0] ?? null);
  const op = applyOp('TensorSliceDataset', { components: flat },
    { output_shapes: flatAttrs(spec).output_shapes, is_files: isFiles, metadata: '' });
  return new Dataset(op.output(0), spec);
}

/** The batch dimension of `batch`: the constant batch size with a constant true `drop_remainder`, else unknown. */
function batchDim(size: Output, drop: Output): number | null {
  const dropValue = constantValue(drop);
  if (!dropValue || !dropValue.item()) return null;
  const sizeValue = constantValue(size);
  return sizeValue ? Number(sizeValue.item()) : null;
}

/** The most specific shape both shapes are (`TensorShape.most_specific_common_supertype`). */
function commonShape(a: StaticShape, b: StaticShape): StaticShape {
  if (a === null || b === null || a.length !== b.length) return null;
  return a.map((d, i) => (d === b[i] ? d : null));
}

/**
 * The ops `t` depends on, through data and control inputs, in graph order: what Defun copies by
 * value, which refuses placeholders and stateful ops other than dataset ops (a copy's state would
 * not be the graph's).
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
    stack.push(...[...op.inputs.map((i) => i.op), ...op.controlInputs].reverse());
  }
  return t.graph.operations().filter((o) => seen.has(o.name));
}

/** `type(x)` as Python prints it in tf.data's messages. */
function pyType(x: unknown): string {
  if (x instanceof Output) return "<class 'tensorflow.python.framework.ops.SymbolicTensor'>";
  if (typeof x === 'number') return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === 'string') return "<class 'str'>";
  if (x === null || x === undefined) return "<class 'NoneType'>";
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
