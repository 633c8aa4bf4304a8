/**
 * `tf.io.RaggedFeature` (`parsing_config.py`): a feature parsed into a RaggedTensor, its values
 * (and the partitions that nest them) read from keys of the Example. Used by parsing_ops'
 * parseExample / parseSingleExample.
 */
import { NotImplementedError, ValueError } from '../../errors';
import { DType, dtypeRepr } from '../../framework/dtypes';
import { applyOp, convertToTensor } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { RaggedTensor } from '../../framework/ragged_tensor';
import { Tensor } from '../../framework/tensor';
import { StaticShape } from '../../framework/tensor_shape';
import { pyRepr } from '../../util/python_repr';
import { cast, concat, gather, getItem, reshape, shape, withScope } from '../array_ops';
import { add, floordiv, minimum } from '../math_ops';
import { asDtype, repeat } from '../misc_ops';
import { range as raggedRange } from './ragged_math_ops';
import { pythonType } from '../python_type';

/** A partition read from the int64 values under `key`; Python's repr names its class. */
export abstract class KeyPartition {
  constructor(readonly key: string) {}
  toString(): string {
    return `${this.constructor.name}(key=${pyRepr(this.key)})`;
  }
}
/** `RaggedFeature.RowSplits(key)`. */
export class RowSplits extends KeyPartition {}
/** `RaggedFeature.RowLengths(key)`. */
export class RowLengths extends KeyPartition {}
/** `RaggedFeature.RowStarts(key)`. */
export class RowStarts extends KeyPartition {}
/** `RaggedFeature.RowLimits(key)`. */
export class RowLimits extends KeyPartition {}
/** `RaggedFeature.ValueRowIds(key)`. */
export class ValueRowIds extends KeyPartition {}
/** `RaggedFeature.UniformRowLength(length)`: rows of `length` values each, read from no key. */
export class UniformRowLength {
  constructor(readonly length: number) {}
  toString(): string {
    return `UniformRowLength(length=${this.length})`;
  }
}

/** A RaggedFeature's partition of its values. */
export type RaggedPartition = KeyPartition | UniformRowLength;

/** Options of `RaggedFeature`. */
export interface RaggedFeatureOptions {
  /** The key of the values (default: the feature's own key). */
  valueKey?: string;
  /** The partitions, outermost first. */
  partitions?: RaggedPartition[];
  /** int32 (default) or int64. */
  rowSplitsDtype?: DType | string;
  /** Check the partitions with asserts (default false). */
  validate?: boolean;
}

/**
 * `tf.io.RaggedFeature(dtype, value_key=None, partitions=(), row_splits_dtype=tf.int32,
 * validate=False)`: values (int64, float32 or string) parsed into a RaggedTensor, nested by the
 * partitions (`RaggedFeature.RowSplits('key')`, `RowLengths`, `RowStarts`, `RowLimits`,
 * `ValueRowIds`, `UniformRowLength(n)`); a batch of Examples adds the batch dimension.
 */
export class RaggedFeature {
  static readonly RowSplits = RowSplits;
  static readonly RowLengths = RowLengths;
  static readonly RowStarts = RowStarts;
  static readonly RowLimits = RowLimits;
  static readonly ValueRowIds = ValueRowIds;
  static readonly UniformRowLength = UniformRowLength;

  readonly dtype: DType;
  readonly valueKey: string | null;
  readonly partitions: RaggedPartition[];
  readonly rowSplitsDtype: DType;
  readonly validate: boolean;

  constructor(dtype: DType | string, options: RaggedFeatureOptions = {}) {
    const { valueKey, partitions = [], validate = false } = options;
    if (valueKey !== undefined && valueKey !== null) {
      if (typeof valueKey !== 'string') throw new ValueError(`Argument \`value_key\` must be a string; got ${valueKey}`);
      if (!valueKey) throw new ValueError('Argument `value_key` must not be empty');
    }
    this.dtype = asDtype(dtype);
    if (![DType.int64, DType.float32, DType.string].includes(this.dtype)) {
      throw new ValueError(`Argument \`dtype\` must be int64, float32, or bytes; got ${pyDtype(this.dtype)}`);
    }
    const rowSplitsDtype = asDtype(options.rowSplitsDtype ?? DType.int32);
    if (![DType.int32, DType.int64].includes(rowSplitsDtype)) {
      throw new ValueError(`Argument \`row_splits_dtype\` must be int32 or int64; got${pyDtype(rowSplitsDtype)}`);
    }
    if (!Array.isArray(partitions)) {
      throw new TypeError(`Argument \`partitions\` must be a list or tuple. Receivedpartitions=${partitions} of type ` +
        `${pythonType(partitions).slice(8, -2)}.`);
    }
    for (const p of partitions) {
      if (!(p instanceof KeyPartition || p instanceof UniformRowLength)) {
        throw new TypeError('Argument `partitions` cannot be cast to any of the partition types in ' +
          `${PARTITION_TYPES}; got: ${pyRepr(p)} with type ${pythonType(p)}`);
      }
    }
    if (typeof validate !== 'boolean') throw new TypeError(`Argument \`validate\` must be a bool; got ${pyRepr(validate)}`);
    this.valueKey = valueKey ?? null;
    this.partitions = [...partitions];
    this.rowSplitsDtype = rowSplitsDtype;
    this.validate = validate;
  }

  /** As Python's repr, which TF's error messages quote. */
  toString(): string {
    return `RaggedFeature(dtype=${pyDtype(this.dtype)}, value_key=${pyRepr(this.valueKey)}, ` +
      `partitions=(${this.partitions.join(', ')}${this.partitions.length === 1 ? ',' : ''}), ` +
      `row_splits_dtype=${pyDtype(this.rowSplitsDtype)}, validate=${this.validate ? 'True' : 'False'})`;
  }
}

/** Python's `repr` of a DType: `tf.int64`. */
const pyDtype = (d: DType) => dtypeRepr(d).replace(/^<dtype: '(.*)'>$/u, 'tf.$1');

const PARTITION_TYPES = "(<class 'tensorflow.python.ops.parsing_config.RowSplits'>, " +
  "<class 'tensorflow.python.ops.parsing_config.RowLengths'>, <class 'tensorflow.python.ops.parsing_config.RowStarts'>, " +
  "<class 'tensorflow.python.ops.parsing_config.RowLimits'>, <class 'tensorflow.python.ops.parsing_config.ValueRowIds'>, " +
  "<class 'tensorflow.python.ops.parsing_config.UniformRowLength'>)";

/** The ragged keys of `_ParseOpParams`, with their value and splits dtypes. */
export interface RaggedParams {
  raggedKeys: string[];
  raggedValueTypes: DType[];
  raggedSplitTypes: DType[];
}

/** `_add_ragged_key`: a key and its dtypes, once; the same key with other dtypes is a ValueError. */
function addRaggedKey(params: RaggedParams, key: string, valueType: DType, splitType: DType): void {
  const at = params.raggedKeys.indexOf(key);
  if (at < 0) {
    params.raggedKeys.push(key);
    params.raggedValueTypes.push(valueType);
    params.raggedSplitTypes.push(splitType);
    return;
  }
  if (params.raggedValueTypes[at] !== valueType) {
    throw new ValueError(`Conflicting type ${dtypeRepr(params.raggedValueTypes[at])} vs ${dtypeRepr(valueType)} for feature ${key}.`);
  }
  if (params.raggedSplitTypes[at] !== splitType) {
    throw new ValueError(`Conflicting partition type ${dtypeRepr(params.raggedSplitTypes[at])} vs ${dtypeRepr(splitType)} ` +
      `for feature ${key}.`);
  }
}

/** `_add_ragged_feature`: the values' key, then each partition's (int64 values). */
export function addRaggedFeature(params: RaggedParams, key: string, feature: RaggedFeature): void {
  addRaggedKey(params, feature.valueKey ?? key, feature.dtype, feature.rowSplitsDtype);
  for (const p of feature.partitions) {
    if (p instanceof KeyPartition) addRaggedKey(params, p.key, DType.int64, feature.rowSplitsDtype);
  }
}

/** `_build_ragged_tensors`: a batch's values split into its examples' rows; one example's as they are. */
export function buildRaggedTensors(serializedShape: StaticShape, values: Output[], splits: Output[]): Array<Output | RaggedTensor> {
  if (serializedShape !== null && serializedShape.length === 0) return values;
  return values.map((v, i) => RaggedTensor.fromRowSplits(v, splits[i], { validate: false }));
}

/** `values` reshaped into rows of `length` (`[-1, length, ...values.shape[1:]]`). */
function reshapeRows(values: Output, length: number): Output {
  return reshape(values, concat([[-1, length], getItem(shape(values), [[1, null]])], 0));
}

/** `_add_ragged_partition`: one Example's values (or RaggedTensor) nested by a partition. */
function addPartition(values: Output | RaggedTensor, partition: RaggedPartition, parsed: Record<string, unknown>,
  dtype: DType, validate: boolean): Output | RaggedTensor {
  if (partition instanceof UniformRowLength) {
    if (!(values instanceof RaggedTensor)) return reshapeRows(values, partition.length);
    return RaggedTensor.fromUniformRowLength(values, convertToTensor(partition.length, { dtype }), { validate });
  }
  const t = cast(parsed[partition.key] as Output, dtype);
  if (partition instanceof RowLengths) return RaggedTensor.fromRowLengths(values, t, { validate });
  if (partition instanceof RowStarts) return RaggedTensor.fromRowStarts(values, t, { validate });
  if (partition instanceof RowLimits) return RaggedTensor.fromRowLimits(values, t, { validate });
  if (partition instanceof ValueRowIds) return RaggedTensor.fromValueRowids(values, t, { validate });
  return RaggedTensor.fromRowSplits(values, t, { validate });
}

/**
 * `rt[:, 1:]` of a RaggedTensor of rank 2 (`RaggedGetItem`): each row without its first value, the
 * values gathered by a `ragged.range` of the new starts and the limits.
 */
function dropFirstColumn(rt: RaggedTensor): RaggedTensor {
  return withScope(undefined, 'RaggedGetItem', [rt.flatValues], (_s, graph) => {
    const dtype = rt.rowSplits.dtype;
    const starts = getItem(rt.rowSplits, [[null, -1]]);
    const limits = getItem(rt.rowSplits, [[1, null]]);
    // `math_ops.cast(1, dtype)`: the Python int an int32 Const `Cast/x`, cast when the splits are int64.
    const offset = withScope(undefined, 'Cast', [], (scope) => {
      const x = convertToTensor(Tensor.from(1, { dtype: DType.int32 }), { name: 'x', graph });
      return dtype === DType.int32 ? x : applyOp('Cast', { x }, { DstT: dtype, Truncate: false }, scope).output(0);
    });
    const innerStarts = minimum(add(starts, offset, 'add'), limits);
    const step = cast(convertToTensor(Tensor.from(1, { dtype: DType.int32 }), { name: 'step', graph }), dtype);
    const indices = raggedRange(innerStarts, limits, step, { rowSplitsDtype: dtype });
    return indices.withValues(gather(rt.values as Output, indices.values as Output));
  });
}

/**
 * `_add_batched_ragged_partition` of a batch's RaggedTensor (examples as rows): each example's
 * values nested by the partition, its row starts or limits moved by where the example's values
 * start. ValueRowIds (which TF adjusts by a ragged reduce_max) is a NotImplementedError here.
 */
function addBatchedPartition(rt: RaggedTensor, partition: RaggedPartition, parsed: Record<string, unknown>,
  validate: boolean): RaggedTensor {
  const dtype = rt.rowSplits.dtype;
  if (partition instanceof UniformRowLength) {
    if (rt.raggedRank > 1) {
      const length = convertToTensor(partition.length, { dtype });
      return RaggedTensor.fromRowSplits(RaggedTensor.fromUniformRowLength(rt.values, length, { validate }),
        floordiv(rt.rowSplits, length), { validate });
    }
    const values = rt.values as Output;
    return RaggedTensor.fromRowSplits(reshapeRows(values, partition.length), floordiv(rt.rowSplits, partition.length),
      { validate });
  }
  if (partition instanceof ValueRowIds) {
    throw new NotImplementedError('ValueRowIds partitions of a batch of Examples: TF adjusts them by a ragged ' +
      'reduce_max, which tf1-node does not have; use another partition, or parseSingleExample.');
  }
  let t = parsed[partition.key] as RaggedTensor;
  if (t.flatValues.dtype !== dtype) t = t.withFlatValues(cast(t.flatValues, dtype));
  if (partition instanceof RowLengths) return t.withValues(RaggedTensor.fromRowLengths(rt.values, t.values as Output, { validate }));
  if (partition instanceof RowSplits) t = dropFirstColumn(t);
  const rowStarts = withScope(undefined, 'RaggedRowStarts', [rt.flatValues], () => getItem(rt.rowSplits, [[null, -1]]));
  const adjusted = add(t.values as Output, repeat(rowStarts, t.rowLengths()), 'add');
  return t.withValues(partition instanceof RowStarts ? RaggedTensor.fromRowStarts(rt.values, adjusted, { validate })
    : RaggedTensor.fromRowLimits(rt.values, adjusted, { validate }));
}

/**
 * `_construct_tensors_for_composite_features` of a RaggedFeature: its values (`valueKey`'s) nested
 * by its partitions, innermost first.
 */
export function raggedFeatureTensor(key: string, feature: RaggedFeature, parsed: Record<string, unknown>): Output | RaggedTensor {
  let rt = parsed[feature.valueKey ?? key] as Output | RaggedTensor;
  for (const p of [...feature.partitions].reverse()) {
    rt = rt instanceof RaggedTensor && parsed[feature.valueKey ?? key] instanceof RaggedTensor
      ? addBatchedPartition(rt, p, parsed, feature.validate)
      : addPartition(rt, p, parsed, feature.rowSplitsDtype, feature.validate);
  }
  return rt;
}

/** Whether parsing must know the rank of `serialized` (TF's ValueError when ragged keys meet an unknown one). */
export function checkRaggedRank(params: RaggedParams, serialized: Output): void {
  if (params.raggedKeys.length > 0 && serialized.shape === null) {
    throw new ValueError('serialized must have statically-known rank to parse ragged features.');
  }
}
