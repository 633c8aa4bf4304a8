/**
 * TF1's `tf.data.experimental` transformations (`data/experimental/ops/*.py`): functions that
 * give a transformation for `Dataset.apply`, or a dataset of datasets.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { mul } from '../ops/math_ops';
import { BucketOptions, Dataset, GroupByWindowOptions, batchDim, traceDatasetFunction } from './dataset_ops';
import { elementOutputs, traceFunction } from './structured_function';
import { TensorSpec, flatAttrs, mapSpec } from './structure';

export { chooseFromDatasets, sampleFromDatasets } from './dataset_ops';
export type { SampleOptions } from './dataset_ops';

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
    const spec = mapSpec(f.returned, (s) => new TensorSpec(s.shape === null ? null : [dim, ...s.shape], s.dtype));
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
