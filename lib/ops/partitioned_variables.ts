/**
 * Partitioned variables (TF1's `partitioned_variables.py` and `PartitionedVariable`): a variable
 * `getVariable` made in parts (`emb/part_0`, ...) split along one axis by a partitioner, each
 * part carrying where it lies in the whole (its SaveSliceInfo), so the Saver writes whole tables
 * and `embeddingLookup` reads the parts.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, dtypeInfo } from '../framework/dtypes';
import { Graph, Output } from '../framework/ops';
import { concat, identity } from './array_ops';
import { Variable } from './variables';

/** A partitioner: how many parts along each axis of a variable of `shape` and `dtype`. */
export type Partitioner = (shape: number[], dtype: DType) => number[];

/** `tf.fixed_size_partitioner(num_shards, axis=0)`: `numShards` parts (at most one per row). */
export function fixedSizePartitioner(numShards: number, axis = 0): Partitioner {
  return (shape) => {
    const partitions = shape.map(() => 1);
    partitions[axis] = Math.min(numShards, shape[axis]);
    return partitions;
  };
}

/** Bytes of one element of `dtype`; strings count `bytesPerStringElement`. */
function elementBytes(dtype: DType, bytesPerStringElement: number): number {
  const info = dtypeInfo(dtype);
  return dtype === DType.string || !info ? bytesPerStringElement : info.array.BYTES_PER_ELEMENT * info.lanes;
}

/**
 * `tf.min_max_variable_partitioner(max_partitions=1, axis=0, min_slice_size=256K,
 * bytes_per_string_element=16)`: as many parts as slices of at least `minSliceSize` bytes, at most
 * `maxPartitions` (and one per row).
 */
export function minMaxVariablePartitioner(maxPartitions = 1, axis = 0, minSliceSize = 256 << 10,
  bytesPerStringElement = 16): Partitioner {
  return (shape, dtype) => {
    if (axis >= shape.length) {
      throw new ValueError(`Can not partition variable along axis ${axis} when shape is only ${shape.length}`);
    }
    const partitions = shape.reduce((a, b) => a * b, 1) * elementBytes(dtype, bytesPerStringElement) / minSliceSize;
    const list = shape.map(() => 1);
    list[axis] = Math.max(1, Math.min(shape[axis], maxPartitions, Math.ceil(partitions)));
    return list;
  };
}

/**
 * `tf.variable_axis_size_partitioner(max_shard_bytes, axis=0, bytes_per_string_element=16,
 * max_shards=None)`: parts along `axis` of at most `maxShardBytes` each where whole slices allow
 * (one slice a part at least), and no more than `maxShards` parts when given.
 */
export function variableAxisSizePartitioner(maxShardBytes: number, axis = 0, bytesPerStringElement = 16,
  maxShards: number | null = null): Partitioner {
  if (maxShardBytes < 1 || bytesPerStringElement < 1) {
    // TF's message, its missing space included.
    throw new ValueError('Both max_shard_bytes and bytes_per_string_element must be positive. ' +
      `Currently, max_shard_bytes is ${maxShardBytes} andbytes_per_string_element is ${bytesPerStringElement}`);
  }
  if (maxShards && maxShards < 1) throw new ValueError('max_shards must be positive.');
  return (shape, dtype) => {
    const bytesPerSlice = (shape.reduce((a, b) => a * b, 1) / shape[axis]) * elementBytes(dtype, bytesPerStringElement);
    const slicesPerShard = Math.max(1, Math.floor(maxShardBytes / bytesPerSlice));
    let axisShards = Math.ceil(shape[axis] / slicesPerShard);
    if (maxShards) axisShards = Math.min(maxShards, axisShards);
    const partitions = shape.map(() => 1);
    partitions[axis] = axisShards;
    return partitions;
  };
}

/**
 * `_get_slice_dim_and_num_slices` and `_iter_slices`: the offset and shape of each part, the
 * first parts one row longer when the axis does not divide evenly.
 */
export function slicesOf(shape: number[], partitions: number[]): Array<{ offset: number[]; shape: number[] }> {
  if (partitions.length !== shape.length) {
    throw new ValueError(`Partitioner returned a partition list that does not match the Variable's rank: ` +
      `[${partitions.join(', ')}] vs. [${shape.join(', ')}]`);
  }
  const sliced = partitions.map((p, i) => [p, i]).filter(([p]) => p > 1);
  if (sliced.length > 1) {
    throw new ValueError(`Can only slice a variable along one dimension: shape: [${shape.join(', ')}], ` +
      `partitioning: [${partitions.join(', ')}]`);
  }
  const [num, dim] = sliced[0] ?? [1, 0];
  const out: Array<{ offset: number[]; shape: number[] }> = [];
  const offset = shape.map(() => 0);
  for (let i = 0; i < num; i++) {
    const s = [...shape];
    s[dim] = Math.floor(shape[dim] / num) + (i < shape[dim] % num ? 1 : 0);
    out.push({ offset: [...offset], shape: s });
    offset[dim] += s[dim];
  }
  return out;
}

/** `tf.PartitionedVariable`: the parts of one variable; as an op input, their concatenation. */
export class PartitionedVariable {
  constructor(readonly name: string, readonly shape: number[], readonly dtype: DType, readonly parts: Variable[],
    readonly partitions: number[]) {}

  get graph(): Graph {
    return this.parts[0].graph;
  }

  [Symbol.iterator](): Iterator<Variable> {
    return this.parts[Symbol.iterator]();
  }

  get length(): number {
    return this.parts.length;
  }

  /**
   * The whole value (`_concat`): the parts concatenated along their axis in `name/ConcatPartitions/`,
   * through an Identity named `name`.
   */
  toOutput(): Output {
    const g = this.graph;
    if (this.parts.length === 1) return g.nameScope(null, () => identity(this.parts[0], this.name));
    const axes = this.partitions.map((p, i) => [p, i]).filter(([p]) => p > 1).map(([, i]) => i);
    if (axes.length > 1) throw new NotImplementedError(`Cannot concatenate along more than one dimension: ${axes}.`);
    const whole = g.nameScope(null, () => g.nameScope(`${this.name}/ConcatPartitions/`, () => concat(this.parts, axes[0])));
    return g.nameScope(null, () => identity(whole, this.name));
  }

  toString(): string {
    return `<tf.PartitionedVariable '${this.name}' shape=(${this.shape.join(', ')}) parts=${this.parts.length}>`;
  }
}
