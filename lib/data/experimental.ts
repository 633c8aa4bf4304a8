/**
 * TF1's `tf.data.experimental` transformations (`data/experimental/ops/*.py`): functions that
 * give a transformation for `Dataset.apply`, or a dataset of datasets.
 */
import { ValueError } from '../errors';
import { DType, dtypeRepr } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { constant, zeros } from '../ops/array_ops';
import { add, mul } from '../ops/math_ops';
import { Nested, flatten, packSequenceAs } from '../util/nest';
import { isPlainObject } from '../util/python_repr';
import {
  BucketOptions, Dataset, GroupByWindowOptions, batchDim, commonShape, datasetSeeds, pyType, traceDatasetFunction,
  traceWithState,
} from './dataset_ops';
import type { Iterator } from './iterator_ops';
import { Optional } from './optional_ops';
import { elementOutputs, traceFunction } from './structured_function';
import {
  Component, ElementSpec, TensorSpec, assertSameSpecStructure, batchedSpec, flatAttrs, mapSpec,
  normalizeElement, specOf, specString, toTensorList, withShape,
} from './structure';

export { Optional } from './optional_ops';
export {
  DatasetSpec as DatasetStructure, SparseTensorSpec as SparseTensorStructure, TensorSpec as TensorStructure,
} from './structure';
export { makeBatchedFeaturesDataset, parseExampleDataset } from './parsing_ops';
export type { MakeBatchedFeaturesOptions } from './parsing_ops';
export {
  AutoShardPolicy, AutotuneAlgorithm, AutotuneOptions, DistributeOptions, ExternalStatePolicy, OptimizationOptions,
  ThreadingOptions,
} from './options';
export { CsvDataset } from './readers';
export { makeCsvDataset } from './make_csv';
export { DatasetInitializer, indexTableFromDataset, tableFromDataset } from './lookup_ops';
export type { TableFromDatasetOptions } from './lookup_ops';
export type { MakeCsvOptions } from './make_csv';
export type { CsvOptions } from './readers';

export { chooseFromDatasets, sampleFromDatasets } from './dataset_ops';
export { rejectionResample } from './resampling';
export type { RejectionResampleOptions } from './resampling';
export type { SampleOptions } from './dataset_ops';
export { makeSaveableFromIterator } from './iterator_saveable';
export { snapshot } from './snapshot';
export { SqlDataset } from './sql_dataset';
export { mapAndBatchWithLegacyFunction } from './batching_legacy';
export { OptionalStructure, RaggedTensorStructure, Structure, TensorArrayStructure } from './structure_aliases';

/** A dataset transformation, for `Dataset.apply`. */
export type Transformation = (dataset: Dataset) => Dataset;

/** `tf.data.experimental.scan(initial_state, scan_func)`. */
export function scan(initialState: unknown, fn: (state: never, element: never) => unknown): Transformation {
  return (dataset) => dataset.scan(initialState, fn);
}

/** `tf.data.experimental.ignore_errors(log_warning=False)`. */
export function ignoreErrors(logWarning = false): Transformation {
  return (dataset) => dataset.ignoreErrors(logWarning);
}

/** `tf.data.experimental.group_by_window(key_func, reduce_func, window_size=None, window_size_func=None)`. */
export function groupByWindow(keyFunc: (...args: never[]) => unknown, reduceFunc: (key: Output, window: Dataset) => Dataset,
  options: GroupByWindowOptions = {}): Transformation {
  return (dataset) => dataset.groupByWindow(keyFunc, reduceFunc, options);
}

/**
 * `tf.data.experimental.bucket_by_sequence_length(element_length_func, bucket_boundaries,
 * bucket_batch_sizes, padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False,
 * no_padding=False, drop_remainder=False)` (but `pad_to_bucket_boundary`).
 */
export function bucketBySequenceLength(lengthFunc: (...args: never[]) => unknown, bucketBoundaries: number[],
  bucketBatchSizes: number[], options: BucketOptions = {}): Transformation {
  return (dataset) => dataset.bucketBySequenceLength(lengthFunc, bucketBoundaries, bucketBatchSizes, options);
}

/** `tf.data.experimental.dense_to_sparse_batch(batch_size, row_shape)`: `Dataset.sparseBatch`. */
export function denseToSparseBatch(batchSize: number | Output, rowShape: Array<number | null>): Transformation {
  return (dataset) => dataset.sparseBatch(batchSize, rowShape);
}

/** Options of `mapAndBatch`: at most one of `numParallelBatches` and `numParallelCalls` (default `batchSize`). */
export interface MapAndBatchOptions {
  numParallelBatches?: number;
  dropRemainder?: boolean | Output;
  numParallelCalls?: number | Output;
}

/**
 * `tf.data.experimental.map_and_batch(map_func, batch_size, num_parallel_batches=None,
 * drop_remainder=False, num_parallel_calls=None)`: `map` then `batch` in one MapAndBatchDataset.
 */
export function mapAndBatch(fn: (...args: never[]) => unknown, batchSize: number | Output,
  options: MapAndBatchOptions = {}): Transformation {
  const { numParallelBatches, numParallelCalls } = options;
  if (numParallelBatches !== undefined && numParallelCalls !== undefined) {
    throw new ValueError('`map_and_batch` allows only one of `num_parallel_batches` and `num_parallel_calls` to be set, ' +
      `but \`num_parallel_batches\` was set to ${numParallelBatches} and \`num_parallel_calls\` as set to ${numParallelCalls}.`);
  }
  return (dataset) => {
    const f = traceFunction(dataset.graph, 'tf_data_experimental_map_and_batch_fn', dataset.elementSpec, fn, elementOutputs);
    const size = convertToTensor(batchSize, { dtype: DType.int64, name: 'batch_size' });
    const calls = numParallelCalls ?? (numParallelBatches === undefined ? batchSize
      : typeof batchSize === 'number' ? batchSize * numParallelBatches : mul(batchSize, numParallelBatches, 'mul'));
    const callsT = convertToTensor(calls, { dtype: DType.int64, name: 'num_parallel_calls' });
    const drop = convertToTensor(options.dropRemainder ?? false, { dtype: DType.bool, name: 'drop_remainder' });
    const dim = batchDim(size, drop);
    const spec = mapSpec(f.returned, (s) => batchedSpec(s, dim));
    const op = applyOp('MapAndBatchDataset', {
      input_dataset: dataset.variantTensor, other_arguments: f.captured, batch_size: size, num_parallel_calls: callsT,
      drop_remainder: drop,
    }, { f: f.name, ...flatAttrs(spec), preserve_cardinality: true, metadata: '' });
    return new Dataset(op.output(0), spec);
  };
}

/** Options of `parallelInterleave`. */
export interface ParallelInterleaveOptions {
  blockLength?: number;
  /** Whether elements may come out of order; default false. */
  sloppy?: boolean | null;
  bufferOutputElements?: number;
  prefetchInputElements?: number;
}

/**
 * `tf.data.experimental.parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
 * buffer_output_elements=None, prefetch_input_elements=None)`: `interleave` reading the
 * `cycleLength` datasets in parallel (LegacyParallelInterleaveDatasetV2).
 */
export function parallelInterleave(fn: (...args: never[]) => Dataset, cycleLength: number,
  options: ParallelInterleaveOptions = {}): Transformation {
  return (dataset) => legacyParallelInterleave(dataset, fn, cycleLength, options, 'tf_data_experimental_parallel_interleave_fn');
}

/** `readers.ParallelInterleaveDataset`, of the function traced as `name`. */
export function legacyParallelInterleave(dataset: Dataset, fn: (...args: never[]) => Dataset, cycleLength: number,
  options: ParallelInterleaveOptions, name: string): Dataset {
  const f = traceDatasetFunction(dataset, name, fn);
  const blockLength = options.blockLength ?? 1;
  const int64 = (value: number, argName: string) => convertToTensor(value, { dtype: DType.int64, name: argName });
  const sloppy = options.sloppy === undefined ? false : options.sloppy;
  const op = applyOp('LegacyParallelInterleaveDatasetV2', {
    input_dataset: dataset.variantTensor, other_arguments: f.captured, cycle_length: int64(cycleLength, 'cycle_length'),
    block_length: int64(blockLength, 'block_length'),
    buffer_output_elements: int64(options.bufferOutputElements ?? 2 * blockLength, 'buffer_output_elements'),
    prefetch_input_elements: int64(options.prefetchInputElements ?? 2 * cycleLength, 'prefetch_input_elements'),
  }, { f: f.name, deterministic: sloppy === null ? 'default' : sloppy ? 'false' : 'true', ...flatAttrs(f.returned), metadata: '' });
  return new Dataset(op.output(0), f.returned);
}

/** `tf.data.experimental.INFINITE_CARDINALITY`. */
export const INFINITE_CARDINALITY = -1;
/** `tf.data.experimental.UNKNOWN_CARDINALITY`. */
export const UNKNOWN_CARDINALITY = -2;

/** `tf.data.experimental.cardinality(dataset)`: an int64 scalar, the number of elements if known (else the constants above). */
export function cardinality(dataset: Dataset): Output {
  return dataset.cardinality();
}

/**
 * `tf.data.experimental.assert_cardinality(expected_cardinality)`: the dataset, failing at run time
 * (FailedPreconditionError) when it has another number of elements.
 */
export function assertCardinality(expectedCardinality: number | Output): Transformation {
  return (dataset) => {
    const expected = convertToTensor(expectedCardinality, { dtype: DType.int64, name: 'expected_cardinality' });
    return new Dataset(applyOp('AssertCardinalityDataset', { input_dataset: dataset.variantTensor, cardinality: expected },
      flatAttrs(dataset.elementSpec)).output(0), dataset.elementSpec);
  };
}

/** `tf.data.experimental.get_single_element(dataset)`: the only element of `dataset`, nested as it. */
export function getSingleElement(dataset: Dataset): Nested<Component> {
  if (!(dataset instanceof Dataset)) {
    throw new TypeError(`Invalid \`dataset\`. Expected a \`tf.data.Dataset\` object but got ${pyType(dataset)}.`);
  }
  return dataset.getSingleElement();
}

/** `tf.data.experimental.unique()`: the elements not seen before. */
export function unique(): Transformation {
  return (dataset) => dataset.unique();
}

/** `tf.data.experimental.take_while(predicate)`. */
export function takeWhile(predicate: (...args: never[]) => unknown): Transformation {
  return (dataset) => dataset.takeWhile(predicate);
}

/** `tf.data.experimental.unbatch()`. */
export function unbatch(): Transformation {
  return (dataset) => dataset.unbatch();
}

/** `tf.data.experimental.enumerate_dataset(start=0)`. */
export function enumerateDataset(start: number | bigint = 0): Transformation {
  return (dataset) => dataset.enumerate(start);
}

/** `tf.data.experimental.Counter(start=0, step=1, dtype=tf.int64)`: `start`, `start + step`, ... forever. */
export function Counter(start: number | Output = 0, step: number | Output = 1, dtype: DType = DType.int64): Dataset {
  return getDefaultGraph().nameScope('counter', () => {
    const startT = convertToTensor(start, { dtype, name: 'start' });
    const stepT = convertToTensor(step, { dtype, name: 'step' });
    // Python's 0 is an int32.
    return Dataset.fromTensors(Tensor.from(0, { dtype: DType.int32 })).repeat().scan(startT, (state: Output) => [add(state, stepT), state]);
  });
}

/** `tf.data.experimental.RandomDataset(seed=None)`: pseudorandom int64 scalars (`Dataset.random`). */
export function RandomDataset(seed?: number): Dataset {
  return Dataset.random(seed);
}

/**
 * `tf.data.experimental.shuffle_and_repeat(buffer_size, count=None, seed=None)`: shuffled `count`
 * times (forever if not given), reshuffled each time (ShuffleAndRepeatDataset).
 */
export function shuffleAndRepeat(bufferSize: number | Output, count?: number | Output, seed?: number): Transformation {
  return (dataset) => {
    const buffer = convertToTensor(bufferSize, { dtype: DType.int64, name: 'buffer_size' });
    const countT = count === undefined ? constant(-1, { dtype: DType.int64, name: 'count' })
      : convertToTensor(count, { dtype: DType.int64, name: 'count' });
    const [s, s2] = datasetSeeds(seed);
    return new Dataset(applyOp('ShuffleAndRepeatDataset', {
      input_dataset: dataset.variantTensor, buffer_size: buffer, seed: s, seed2: s2, count: countT,
    }, { ...flatAttrs(dataset.elementSpec), reshuffle_each_iteration: true, metadata: '' }).output(0), dataset.elementSpec);
  };
}

/**
 * `tf.data.experimental.from_list(elements)`: a dataset of the elements (of the same structure; each
 * component's shape the most specific of theirs), in order.
 */
export function fromList(elements: unknown[]): Dataset {
  if (!Array.isArray(elements)) throw new ValueError('Invalid `elements`. `elements` must be a list.');
  if (elements.length === 0) {
    throw new ValueError('Invalid `elements`. `elements` should not be empty. If you want an empty dataset, use ' +
      '`tf.data.Dataset.range(0)`.');
  }
  const normalized = elements.map((e) => normalizeElement(e));
  const specs = normalized.map(specOf);
  for (const s of specs.slice(1)) assertSameSpecStructure(specs[0], s);
  const flatSpecs = specs.map((s) => flatten(s));
  const spec = packSequenceAs(specs[0], flatSpecs[0].map((first, i) => withShape(first,
    flatSpecs.slice(1).reduce((shape, other) => commonShape(shape, other[i].shape), first.shape))));
  const op = applyOp('ListDataset', { tensors: normalized.flatMap((e, i) => toTensorList(specs[i], e)) }, { ...flatAttrs(spec), metadata: '' });
  return new Dataset(op.output(0), spec);
}

/** `tf.data.experimental.get_next_as_optional(iterator)`: an Optional of the iterator's next element. */
export function getNextAsOptional(iterator: Iterator): Optional {
  return iterator.getNextAsOptional();
}

/**
 * `tf.data.experimental.Reducer(init_func, reduce_func, finalize_func)`: the initial state of a
 * key, the new state of a state and an element, and the output of a final state.
 */
export class Reducer {
  constructor(readonly initFunc: (key: Output) => unknown, readonly reduceFunc: (state: never, element: never) => unknown,
    readonly finalizeFunc: (...state: never[]) => unknown) {}
}

/**
 * `tf.data.experimental.group_by_reducer(key_func, reducer)`: elements grouped by the int64 scalar
 * `keyFunc(element)`, each group reduced by `reducer` to one element at the end of the input.
 */
export function groupByReducer(keyFunc: (...args: never[]) => unknown, reducer: Reducer): Transformation {
  return (dataset) => {
    const graph = dataset.graph;
    const prefix = 'tf_data_experimental_group_by_reducer';
    const keySpec = new TensorSpec([], DType.int64);
    const key = traceFunction(graph, `${prefix}_key_func`, dataset.elementSpec, keyFunc, (returned, scratch) => {
      const { returned: spec, outputs } = elementOutputs(returned, scratch);
      if (!(spec instanceof TensorSpec) || spec.dtype !== DType.int64 || (spec.shape !== null && spec.shape.length !== 0)) {
        throw new ValueError('Invalid `key_func`. Expected `key_func` to return a scalar tf.int64 tensor, but instead ' +
          `\`key_func\` has output types=${specString(spec, (t) => dtypeRepr(t.dtype))} and ` +
          `shapes=${specString(spec, (t) => shapeString(t.shape))}.`);
      }
      return { returned: spec, outputs };
    });
    const init = traceFunction(graph, `${prefix}_init_func`, keySpec, reducer.initFunc, elementOutputs);
    const [stateSpec, reduce] = traceWithState(dataset, `${prefix}_reduce_func`, init.returned, reducer.reduceFunc,
      (returned) => returned, (expected, got) => `Invalid \`reducer\`. The element types for the new state ${got} do not ` +
        `match the element types of the old state ${expected}.`);
    const finalize = traceFunction(graph, `${prefix}_finalize_func`, stateSpec, reducer.finalizeFunc, elementOutputs);
    const op = applyOp('ExperimentalGroupByReducerDataset', {
      input_dataset: dataset.variantTensor, key_func_other_arguments: key.captured, init_func_other_arguments: init.captured,
      reduce_func_other_arguments: reduce.captured, finalize_func_other_arguments: finalize.captured,
    }, {
      key_func: key.name, init_func: init.name, reduce_func: reduce.name, finalize_func: finalize.name,
      ...flatAttrs(finalize.returned),
    });
    return new Dataset(op.output(0), finalize.returned);
  };
}

/** `tf.data.experimental.TFRecordWriter(filename, compression_type=None)`: writes a dataset of strings to a TFRecord file. */
export class TFRecordWriter {
  private readonly filename: Output;
  private readonly compressionType: Output;

  constructor(filename: string | Output, compressionType?: string | Output) {
    this.filename = convertToTensor(filename, { dtype: DType.string, name: 'filename' });
    this.compressionType = convertToTensor(compressionType ?? '', { dtype: DType.string, name: 'compression_type' });
  }

  /** `write(dataset)`: the op that writes each element of `dataset` (scalar strings) as a record. */
  write(dataset: Dataset): Operation {
    if (!(dataset instanceof Dataset)) {
      throw new TypeError(`Invalid \`dataset.\` Expected a \`tf.data.Dataset\` object but got ${pyType(dataset)}.`);
    }
    const spec = dataset.elementSpec;
    if (!(spec instanceof TensorSpec) || spec.dtype !== DType.string || (spec.shape !== null && spec.shape.length !== 0)) {
      throw new TypeError('Invalid `dataset`. Expected a`dataset` that produces scalar `tf.string` elements, but got a ' +
        `dataset which produces elements with shapes ${specString(spec, (s) => shapeString(s.shape))} and types ` +
        `${specString(spec, (s) => dtypeRepr(s.dtype))}.`);
    }
    return applyOp('DatasetToTFRecord', {
      input_dataset: dataset.variantTensor, filename: this.filename, compression_type: this.compressionType,
    });
  }
}

/** `tf.data.experimental.get_structure(dataset_or_iterator)`: the element spec. */
export function getStructure(datasetOrIterator: Dataset | Iterator): ElementSpec {
  const spec = (datasetOrIterator as { elementSpec?: ElementSpec } | null)?.elementSpec;
  if (spec === undefined) {
    throw new TypeError('Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a `tf.data.Dataset` or ' +
      `tf.data.Iterator object, but got ${pyType(datasetOrIterator)}.`);
  }
  return spec;
}

/** `tf.data.experimental.to_variant(dataset)`: the dataset's variant tensor. */
export function toVariant(dataset: Dataset): Output {
  return dataset.variantTensor;
}

/** `tf.data.experimental.from_variant(variant, structure)`: the dataset of a variant tensor, of that element spec. */
export function fromVariant(variant: Output, structure: ElementSpec): Dataset {
  return new Dataset(variant, structure);
}

/** `tf.data.experimental.enable_debug_mode()`: a ValueError, in graph mode as in TF1. */
export function enableDebugMode(): never {
  throw new ValueError('`enable_debug_mode() is only supported in eager mode.');
}

/**
 * `tf.data.experimental.pad_to_cardinality(cardinality, mask_key='valid')`: a dataset of objects
 * padded to `cardinality` elements with zeros, each element's `maskKey` true but in the padding.
 */
export function padToCardinality(cardinality: number, maskKey = 'valid'): Transformation {
  return (dataset) => {
    const spec = dataset.elementSpec;
    if (!isPlainObject(spec)) throw new ValueError('`pad_to_cardinality` requires its input dataset to be a dictionary.');
    const graph = dataset.graph;
    const known = dataset.cardinality();
    // Python's `cardinality - ds.cardinality()`: the int converted to the tensor's dtype in the op's scope.
    const padding = graph.nameScope('sub', (scope) => applyOp('Sub', {
      x: convertToTensor(cardinality, { dtype: DType.int64, name: 'x' }), y: known,
    }, {}, scope).output(0));
    const filler = { ...mapSpec(spec, (s) => zeros(s.shape as number[], s.dtype)) as Record<string, Output>, [maskKey]: false };
    const fillerDataset = Dataset.fromTensors(filler).repeat(padding);
    return dataset.map((x: Record<string, Output>) => ({ ...x, [maskKey]: true }), {}, 'Dataset_map_apply_valid_mask')
      .concatenate(fillerDataset);
  };
}
