/** TF1's `tf.data.experimental.map_and_batch_with_legacy_function` (`data/experimental/ops/batching.py`). */
import { ValueError } from '../errors';
import { Output } from '../framework/ops';
import { MapAndBatchOptions, Transformation, mapAndBatch } from './experimental';

/**
 * `tf.data.experimental.map_and_batch_with_legacy_function(map_func, batch_size, num_parallel_batches=None,
 * drop_remainder=False, num_parallel_calls=None)` (deprecated): `mapAndBatch`, whose MapAndBatchDataset it makes.
 * Python traces `map_func` as a legacy Defun; the dataset op and its elements are the same.
 */
export function mapAndBatchWithLegacyFunction(fn: (...args: never[]) => unknown, batchSize: number | Output,
  options: MapAndBatchOptions = {}): Transformation {
  const { numParallelBatches, numParallelCalls } = options;
  if (numParallelBatches !== undefined && numParallelCalls !== undefined) {
    throw new ValueError('`map_and_batch_with_legacy_function` allows only one of `num_parallel_batches` and ' +
      `\`num_parallel_calls\` to be set, but \`num_parallel_batches\` was set to ${numParallelBatches} and ` +
      `\`num_parallel_calls\` as set to ${numParallelCalls}.`);
  }
  return mapAndBatch(fn, batchSize, options);
}
