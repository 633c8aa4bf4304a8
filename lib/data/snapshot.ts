/**
 * TF1's `tf.data.experimental.snapshot` (`data/experimental/ops/snapshot.py`, `data/ops/snapshot_op.py`): a
 * dataset's elements written to files on its first pass and read back from them on later ones.
 */
import * as os from 'os';
import { DType } from '../framework/dtypes';
import { applyOp } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { isCompatible } from '../framework/tensor_shape';
import { floormod } from '../ops/math_ops';
import { AUTOTUNE, Dataset, traceDatasetFunction } from './dataset_ops';
import type { Transformation } from './experimental';
import { DatasetSpec, TensorSpec, flatAttrs, specString } from './structure';
import { elementOutputs, traceFunction } from './structured_function';

/** `multiprocessing.cpu_count()`, which the default shard and reader functions fold in as Python does. */
function cpuCount(): number {
  return os.cpus().length;
}

/** `_SnapshotDataset`: SnapshotDatasetV2 of `dataset` with its reader and shard functions. */
function snapshotDataset(dataset: Dataset, path: string | Output, compression: string,
  readerFunc: ((datasets: Dataset) => Dataset) | undefined, shardFunc: (...args: never[]) => unknown): Dataset {
  const reader = readerFunc ?? ((datasets: Dataset) => datasets.interleave((d: Dataset) => d,
    { cycleLength: cpuCount(), numParallelCalls: AUTOTUNE }));
  // The reader takes the dataset of the shards' datasets.
  const readerFn = traceDatasetFunction(new Dataset(dataset.variantTensor, new DatasetSpec(new DatasetSpec(dataset.elementSpec))),
    'Dataset_snapshot_reader_func', reader as (...args: never[]) => Dataset);
  const shardFn = traceFunction(dataset.graph, 'Dataset_snapshot_shard_func', dataset.elementSpec, shardFunc, elementOutputs);
  const out = shardFn.returned;
  if (!(out instanceof TensorSpec) || out instanceof DatasetSpec || (out.dtype !== DType.int32 && out.dtype !== DType.int64) ||
    !isCompatible(out.shape, [])) {
    throw new TypeError('Invalid `shard_func`. `shard_func` must return `tf.int64` scalar tensor but its return type is ' +
      `${specString(out)}.`);
  }
  const op = applyOp('SnapshotDatasetV2', {
    input_dataset: dataset.variantTensor, path, reader_func_other_args: readerFn.captured,
    shard_func_other_args: shardFn.captured,
  }, {
    ...flatAttrs(dataset.elementSpec), compression, reader_func: readerFn.name, shard_func: shardFn.name, metadata: '',
  });
  return new Dataset(op.output(0), dataset.elementSpec);
}

/**
 * `tf.data.experimental.snapshot(path, compression='AUTO', reader_func=None, shard_func=None)` (`Dataset.snapshot`):
 * the first pass writes the elements under `path` (compressed 'AUTO', 'GZIP', 'SNAPPY' or ''), the next ones read
 * them. `shardFunc` gives an element's shard (an int64 scalar; default: its index modulo the CPU count);
 * `readerFunc` makes the elements of the dataset of the shards' datasets (default: their interleave).
 */
export function snapshot(path: string | Output, compression = 'AUTO', readerFunc?: (datasets: Dataset) => Dataset,
  shardFunc?: (...args: never[]) => unknown): Transformation {
  return (dataset) => {
    if (shardFunc !== undefined) return snapshotDataset(dataset, path, compression, readerFunc, shardFunc);
    // Sharded by index, then the index dropped.
    const n = cpuCount();
    const shards = snapshotDataset(dataset.enumerate(), path, compression, readerFunc,
      ((index: Output) => floormod(index, n, 'mod')) as (...args: never[]) => unknown);
    return shards.map(((_: Output, element: unknown) => element) as (...args: never[]) => unknown, {}, 'Dataset_map_project', true);
  };
}
