/**
 * `tf.ragged.range`, `tf.ragged.segment_ids_to_row_splits` (`ragged_math_ops.py`,
 * `segment_id_ops.py`) and `tf.ragged.map_flat_values` (`ragged_functional_ops.py`).
 */
import { NotImplementedError, ValueError } from '../../errors';
import { DType, baseDType, dtypeRepr, isIntegerDType } from '../../framework/dtypes';
import { InputValue, applyOp, constantValue, convertToTensor } from '../../framework/op_def_library';
import { Graph, Output } from '../../framework/ops';
import { RaggedTensor } from '../../framework/ragged_tensor';
import { pyStr } from '../../util/python_repr';
import { cast, concat, withScope } from '../array_ops';
import { bincount, cumsum } from '../math_ops';
import * as raw from '../gen/raw_ops';

/** Options of `range`. */
export interface RaggedRangeOptions {
  /** The dtype of starts, limits and deltas (default: the widest of theirs). */
  dtype?: DType;
  rowSplitsDtype?: DType;
  name?: string;
}

/** `_infer_matching_dtype`'s order. */
const RANGE_DTYPES = [DType.int32, DType.int64, DType.float32, DType.float64];

/**
 * `tf.ragged.range(starts, limits=None, deltas=1, dtype=None, name=None, row_splits_dtype=int64)`:
 * row i is `range(starts[i], limits[i], deltas[i])` (`RaggedRange`); one argument is the limits.
 */
export function range(starts: InputValue, limits?: InputValue, deltas: InputValue = 1,
  options: RaggedRangeOptions = {}): RaggedTensor {
  if (limits === undefined) [starts, limits] = [0, starts];
  return withScope(options.name, 'RaggedRange', [starts, limits, deltas], (scope, graph) => {
    const dtype = options.dtype;
    // Whole numbers stand for Python's ints (int32), as TF infers them.
    const isInts = (v: unknown): boolean => (Array.isArray(v) ? v.every(isInts) : Number.isInteger(v));
    let parts = ([[starts, 'starts'], [limits, 'limits'], [deltas, 'deltas']] as const)
      .map(([v, name]) => convertToTensor(v, { dtype: dtype ?? (isInts(v) ? DType.int32 : undefined), name, graph }));
    if (dtype === undefined) {
      const widest = RANGE_DTYPES[Math.max(...parts.map((p) => RANGE_DTYPES.indexOf(baseDType(p.dtype))))];
      parts = parts.map((p) => cast(p, widest));
    }
    const op = applyOp('RaggedRange', { starts: parts[0], limits: parts[1], deltas: parts[2] },
      { Tsplits: options.rowSplitsDtype ?? DType.int64 }, scope);
    return RaggedTensor.fromRowSplits(op.output(1), op.output(0), { validate: false });
  });
}

/** `convert_to_int_tensor`: an integer tensor (a host value int32 by preference) cast to `dtype` by a plain `Cast`. */
function intTensor(value: InputValue, name: string, graph: Graph): Output {
  const t = convertToTensor(value, { name, preferredDtype: DType.int32, graph });
  if (!isIntegerDType(t.dtype)) {
    throw new TypeError(`Argument \`tensor\` (name: ${name}) must be of type integer. Received \`tensor\` = ${pyStr(t)} ` +
      `of dtype: ${dtypeRepr(baseDType(t.dtype))}`);
  }
  return applyOp('Cast', { x: t }, { DstT: DType.int32, Truncate: false }, 'Cast').output(0);
}

/**
 * `tf.ragged.segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None)`:
 * the row splits of sorted segment ids (a `bincount` of them, `cumsum`med).
 */
export function segmentIdsToRowSplits(segmentIds: InputValue,
  options: { numSegments?: InputValue; outType?: DType; name?: string } = {}): Output {
  const outType = options.outType ?? (segmentIds instanceof Output ? baseDType(segmentIds.dtype)
    : options.numSegments instanceof Output ? baseDType(options.numSegments.dtype) : DType.int64);
  return withScope(options.name, 'SegmentIdsToRaggedSplits', [segmentIds], (_s, graph) => {
    const ids = intTensor(segmentIds, 'segment_ids', graph);
    if (ids.shape !== null && ids.shape.length !== 1) throw new ValueError(`Shape (${ids.shape.join(', ')}) must have rank 1`);
    let n: Output | undefined;
    if (options.numSegments !== undefined) {
      n = intTensor(options.numSegments, 'num_segments', graph);
      if (n.shape !== null && n.shape.length !== 0) throw new ValueError(`Shape (${n.shape.join(', ')}) must have rank 0`);
    }
    const lengths = bincount(ids, { minlength: n, maxlength: n, dtype: outType });
    const splits = concat([[0], cumsum(lengths)], 0);
    const c = n === undefined ? null : constantValue(n);
    if (c !== null) splits.setShape([Number(c.item()) + 1]);
    return splits;
  });
}

/**
 * `tf.ragged.map_flat_values(op, *args)`: `op` of the arguments with each RaggedTensor (at any
 * depth of arrays and plain objects) replaced by its flat values, given the first one's row
 * partitions. RaggedTensors with other partition tensors (which TF merges with asserts) are a
 * NotImplementedError.
 */
export function mapFlatValues(op: (...args: never[]) => Output, ...args: unknown[]): RaggedTensor | Output {
  const call = op as (...a: unknown[]) => Output;
  const ragged: RaggedTensor[] = [];
  const replace = (v: unknown): unknown => {
    if (v instanceof RaggedTensor) {
      ragged.push(v);
      return v.flatValues;
    }
    if (Array.isArray(v)) return v.map(replace);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    }
    return v;
  };
  const inner = args.map(replace);
  if (ragged.length === 0) return call(...args);
  const nrows = [...new Set(ragged.map((r) => r.flatValues.shape?.[0] ?? null).filter((n) => n !== null))];
  if (nrows.length > 1) {
    throw new ValueError("Input RaggedTensors' flat_values must all have the same outer-dimension size.  Got sizes: " +
      `{${nrows.join(', ')}}`);
  }
  const [first, ...rest] = ragged;
  for (const r of rest) {
    if (r.raggedRank !== first.raggedRank) throw new ValueError('All ragged inputs must have the same ragged_rank.');
    if (r.nestedRowSplits.some((s, i) => s !== first.nestedRowSplits[i])) {
      throw new NotImplementedError('map_flat_values of RaggedTensors with different row splits tensors: TF merges them ' +
        'with asserts, which tf1-node does not; build them from the same splits (withFlatValues).');
    }
  }
  const out = call(...inner);
  const d0 = out.shape?.[0] ?? null;
  if (nrows.length === 1 && d0 !== null && d0 !== nrows[0]) {
    throw new ValueError('tf.ragged.map_flat_values requires that the output of `op` have the same outer-dimension ' +
      `size as flat_values of any ragged inputs. (output shape: (${out.shape!.join(', ')}${out.shape!.length === 1 ? ',' : ''}); ` +
      `expected outer dimension size: ${nrows[0]})`);
  }
  return first.withFlatValues(out);
}

/**
 * `tf.compat.v1.ragged_fill_empty_rows(value_rowids, values, nrows, default_value)` (the raw op):
 * each empty row of a RaggedTensor (by value rowids) given one `defaultValue`.
 */
export function raggedFillEmptyRows(valueRowids: InputValue, values: InputValue, nrows: InputValue,
  defaultValue: InputValue, name?: string) {
  return raw.raggedFillEmptyRows({ valueRowids, values, nrows, defaultValue }, name);
}

/**
 * `tf.compat.v1.ragged_fill_empty_rows_grad(reverse_index_map, grad_values)` (the raw op): the
 * gradients of `raggedFillEmptyRows`' values and default value.
 */
export function raggedFillEmptyRowsGrad(reverseIndexMap: InputValue, gradValues: InputValue, name?: string) {
  return raw.raggedFillEmptyRowsGrad({ reverseIndexMap, gradValues }, name);
}
