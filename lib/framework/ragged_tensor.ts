/**
 * `tf.RaggedTensor` and `tf.compat.v1.ragged.RaggedTensorValue` (`ops/ragged/ragged_tensor.py`,
 * `row_partition.py`): `values` (a tensor or a RaggedTensor) whose first dimension is split into rows
 * of varying length by int64 (or int32) `rowSplits`. The factories build TF's graphs, their
 * `validate` asserts included; sessions fetch a RaggedTensor as a RaggedTensorValue, as TF1's do.
 */
import { ValueError } from '../errors';
import {
  assertEqual, assertGreaterEqual, assertLess, assertLessEqual, assertNonNegative, assertRank, assertRankAtLeast,
} from '../ops/check_ops';
import {
  booleanMask, cast, concat, expandDims, getItem, ones, rank as rankOp, reshape, sequenceMask, shape as shapeOp, stack,
  where, withScope, zeros,
} from '../ops/array_ops';
import { cond } from '../ops/cond';
import { Assert } from '../ops/control_flow_assert';
import { withDependencies } from '../ops/control_flow_ops';
import {
  add, bincount, cumprod, cumsum, equal, floordiv, greater, logicalAnd, logicalNot, maximum, minimum, mul, notEqual,
  range as rangeOp, reduceAll, reduceAny, reduceMax, reduceSum, sub,
} from '../ops/math_ops';
import { repeat } from '../ops/misc_ops';
import { DType, baseDType, dtypeRepr, isIntegerDType } from './dtypes';
import { InputValue, applyOp, constantValue, convertToTensor, makeConst } from './op_def_library';
import { Graph, Output } from './ops';
import { SparseTensor, numbers } from './sparse_tensor';
import { Tensor } from './tensor';
import { StaticShape } from './tensor_shape';
import { pyStr } from '../util/python_repr';

/** What a RaggedTensor's values may be. */
export type RaggedValues = Output | RaggedTensor;
/** Values given to a factory: a tensor, a RaggedTensor, or a host value made a Const. */
export type RaggedValuesLike = RaggedValues | InputValue;

/** `x - y` (`__sub__`: an op named `sub`). */
const minus = (x: Output, y: InputValue) => sub(x, y, 'sub');

/** `_assert_monotonic_increasing`: `t[1:] - t[:-1] >= 0`. */
const assertMonotonic = (t: Output, message: string) =>
  assertNonNegative(minus(getItem(t, [[1, null]]), getItem(t, [[null, -1]])), { message });

/** `_assert_zero`: `t == 0`, the 0 a Const of `t`'s dtype. */
const assertZero = (t: Output, message: string) =>
  assertEqual(t, makeConst(t.graph, Tensor.from(0, { dtype: t.dtype })), { message });

/**
 * `RowPartition._convert_row_partition`: a tensor as is, a host value as a Const named `name`
 * (int64 unless `hint` says otherwise); not int32 or int64 is a ValueError.
 */
function convertPartition(partition: InputValue, name: string, graph: Graph, hint = DType.int64): Output {
  let t: Output;
  if (partition instanceof Output) t = partition;
  else {
    try {
      t = convertToTensor(partition, { dtype: hint, name, graph });
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      t = convertToTensor(partition, { name, graph });
    }
  }
  if (![DType.int32, DType.int64].includes(baseDType(t.dtype))) throw new ValueError(`${name} must have dtype int32 or int64`);
  return t;
}

/** Python's repr of a static shape's dimensions: `(2, None)`, `(3,)`. */
const shapeRepr = (s: Array<number | null>) => `(${s.map((d) => d ?? 'None').join(', ')}${s.length === 1 ? ',' : ''})`;

/** `shape.assert_has_rank(1)`. */
function assertHasRank(t: Output, rank: number): void {
  const s = t.shape;
  if (s !== null && s.length !== rank) throw new ValueError(`Shape ${shapeRepr(s)} must have rank ${rank}`);
}

/** `shape.with_rank_at_least(rank)`. */
function assertHasRankAtLeast(t: Output, rank: number): void {
  const s = t.shape;
  if (s !== null && s.length < rank) throw new ValueError(`Shape ${shapeRepr(s)} must have rank at least ${rank}`);
}

/** A scalar Const of `dtype` (`constant_op.constant(value, dtype)`). */
const scalarConst = (graph: Graph, value: number, dtype: DType) => makeConst(graph, Tensor.from(value, { dtype }));

/** A Python int of a constant scalar tensor, else null. */
function constInt(t: Output): number | null {
  const c = constantValue(t);
  return c === null ? null : Number(c.item());
}

/** Tensors a RowPartition was made from, kept for its accessors (and `toTensor`'s partition types). */
interface Cached {
  rowLengths?: Output;
  valueRowids?: Output;
  nrows?: Output;
  uniformRowLength?: Output;
}

/** TF's `RowPartition`: the row splits of one ragged dimension, with the tensors it was made from. */
class RowPartition {
  constructor(readonly rowSplits: Output, readonly cached: Cached = {}) {}

  get dtype(): DType {
    return baseDType(this.rowSplits.dtype);
  }

  /** `RowPartition.from_row_splits`. */
  static fromRowSplits(rowSplits: InputValue, validate: boolean, hint?: DType): RowPartition {
    if (Array.isArray(rowSplits) && rowSplits.length === 0) throw new ValueError('row_splits tensor may not be empty.');
    return withScope(undefined, 'RowPartitionFromRowSplits', [rowSplits], (_s, graph) => {
      let splits = convertPartition(rowSplits, 'row_splits', graph, hint);
      assertHasRank(splits, 1);
      if (validate) {
        const msg = 'Arguments to from_row_splits do not form a valid RaggedTensor:';
        splits = withDependencies([
          assertRank(splits, 1, { message: `${msg}rank` }),
          assertZero(getItem(splits, [0]), `${msg}zero`),
          assertMonotonic(splits, `${msg}monotonic`),
        ], splits);
      }
      return new RowPartition(splits);
    });
  }

  /** `RowPartition.from_row_lengths`. */
  static fromRowLengths(rowLengths: InputValue, validate: boolean, hint?: DType): RowPartition {
    return withScope(undefined, 'RowPartitionFromRowLengths', [rowLengths], (_s, graph) => {
      let lengths = convertPartition(rowLengths, 'row_lengths', graph, hint);
      assertHasRank(lengths, 1);
      if (validate) {
        const message = 'Arguments to from_row_lengths do not form a valid RowPartition';
        lengths = withDependencies([assertRank(lengths, 1, { message }), assertNonNegative(lengths, { message })], lengths);
      }
      const limits = cumsum(lengths);
      return new RowPartition(concat([[0], limits], 0), { rowLengths: lengths });
    });
  }

  /** `RowPartition.from_row_starts`. */
  static fromRowStarts(rowStarts: InputValue, nvals: Output, validate: boolean, hint?: DType): RowPartition {
    return withScope(undefined, 'RowPartitionFromRowStarts', [rowStarts], (_s, graph) => {
      let starts = convertPartition(rowStarts, 'row_starts', graph, hint);
      assertHasRank(starts, 1);
      const n = cast(nvals, starts.dtype);
      if (validate) {
        const message = 'Arguments to from_row_starts do not form a valid RaggedTensor';
        starts = withDependencies([
          assertRank(starts, 1, { message }),
          assertZero(getItem(starts, [[null, 1]]), message),
          assertMonotonic(starts, message),
          assertLessEqual(getItem(starts, [[-1, null]]), n, { message }),
        ], starts);
      }
      return new RowPartition(concat([starts, [n]], 0));
    });
  }

  /** `RowPartition.from_row_limits`. */
  static fromRowLimits(rowLimits: InputValue, validate: boolean, hint?: DType): RowPartition {
    return withScope(undefined, 'RowPartitionFromRowLimits', [rowLimits], (_s, graph) => {
      let limits = convertPartition(rowLimits, 'row_limits', graph, hint);
      assertHasRank(limits, 1);
      if (validate) {
        const message = 'Arguments to from_row_limits do not form a valid RaggedTensor';
        limits = withDependencies([
          assertRank(limits, 1, { message }),
          assertNonNegative(getItem(limits, [[null, 1]]), { message }),
          assertMonotonic(limits, message),
        ], limits);
      }
      return new RowPartition(concat([zeros([1], limits.dtype), limits], 0));
    });
  }

  /**
   * `RowPartition.from_value_rowids`: the row lengths a `bincount` of the rows (`nrows` of them: by
   * default the last row id + 1), the splits their `cumsum`.
   */
  static fromValueRowids(valueRowids: InputValue, nrows: InputValue | undefined, validate: boolean,
    hint?: DType): RowPartition {
    return withScope(undefined, 'RowPartitionFromValueRowIds', [valueRowids, nrows], (_s, graph) => {
      let rowids = convertPartition(valueRowids, 'value_rowids', graph, hint);
      const dtype = baseDType(rowids.dtype);
      let n: Output;
      let constNrows: number | null;
      if (nrows === undefined) {
        const ids = constantValue(rowids);
        if (ids === null) {
          n = add(getItem(concat([getItem(rowids, [[-1, null]]), [-1]], 0), [0]), 1, 'add');
          constNrows = null;
        } else {
          const v = numbers(ids);
          constNrows = v.length > 0 ? v[v.length - 1] + 1 : 0;
          n = convertToTensor(Tensor.from(constNrows, { dtype }), { name: 'nrows', graph });
        }
      } else {
        n = convertToTensor(nrows, { dtype, name: 'nrows', graph });
        const c = constantValue(n);
        constNrows = c === null ? null : Number(c.item());
        if (constNrows !== null) {
          if (constNrows < 0) throw new ValueError(`Expected nrows >= 0; got ${constNrows}`);
          const ids = constantValue(rowids);
          const v = ids === null ? [] : numbers(ids);
          if (v.length > 0 && !(constNrows >= v[v.length - 1] + 1)) {
            throw new ValueError(`Expected nrows >= value_rowids[-1] + 1; got nrows=${constNrows}, ` +
              `value_rowids[-1]=${v[v.length - 1]}`);
          }
        }
      }
      assertHasRank(rowids, 1);
      assertHasRank(n, 0);
      if (validate) {
        const message = 'Arguments to from_value_rowids do not form a valid RowPartition';
        rowids = withDependencies([
          assertRank(rowids, 1, { message }),
          assertRank(n, 0, { message }),
          assertNonNegative(getItem(rowids, [[null, 1]]), { message }),
          assertMonotonic(rowids, message),
          assertLess(getItem(rowids, [[-1, null]]), n, { message }),
        ], rowids);
      }
      const rowids32 = cast(rowids, DType.int32);
      const n32 = cast(n, DType.int32);
      const lengths = bincount(rowids32, { minlength: n32, maxlength: n32, dtype });
      const splits = concat([[0], cumsum(lengths)], 0);
      if (constNrows !== null) {
        lengths.setShape([constNrows]);
        splits.setShape([constNrows + 1]);
      }
      return new RowPartition(splits, { rowLengths: lengths, valueRowids: rowids, nrows: n });
    });
  }

  /**
   * `RowPartition.from_uniform_row_length`: `nrows` rows of `uniformRowLength` values each, `nrows`
   * by default `nvals // uniformRowLength`; the splits a Const when both are static, else a `range`.
   */
  static fromUniformRowLength(uniformRowLength: Output, nvals: Output, nrows: InputValue | undefined,
    validate: boolean): RowPartition {
    return withScope(undefined, 'RowPartitionFromUniformRowLength', [uniformRowLength, nrows], (_s, graph) => {
      const url = uniformRowLength;
      const dtype = baseDType(url.dtype);
      let n = nrows === undefined ? undefined : convertToTensor(nrows, { dtype, name: 'nrows', graph });
      assertHasRank(url, 0);
      const constLength = constInt(url);
      if (n === undefined) {
        // Division by a zero length (of zero values) gives zero rows.
        if (constLength === null) n = floordiv(nvals, maximum(url, scalarConst(graph, 1, dtype)));
        else n = constLength === 0 ? scalarConst(graph, 0, dtype) : floordiv(nvals, constLength);
      }
      const constNrows = constInt(n);
      let constNvals = constInt(nvals);
      const checks: Parameters<typeof withDependencies>[0] = [];
      if (constNvals === null && constNrows !== null && constLength !== null) {
        constNvals = constNrows * constLength;
        if (validate) checks.push(assertEqual(nvals, Tensor.from(constNvals, { dtype })));
        nvals = scalarConst(graph, constNvals, dtype);
      }
      let splits = constNrows !== null && constLength !== null
        ? makeConst(graph, Tensor.from(Array.from({ length: constNrows + 1 }, (_, i) => i * constLength),
          { dtype, shape: [constNrows + 1] }))
        : mul(rangeOp(0, add(n, 1, 'add'), 1, dtype), url, 'mul');
      if (validate) {
        if (constNrows === null || constLength === null || constNvals === null) {
          checks.push(assertEqual(mul(n, url, 'mul'), nvals, {
            data: ['uniform_row_length', url, 'times nrows', n, 'must equal nvals', nvals],
          }));
        } else if (constNrows * constLength !== constNvals) {
          throw new ValueError(`uniform_row_length=${constLength} times nrows=${constNrows} must equal nvals=${constNvals}`);
        }
        if (url.shape === null) checks.push(assertRank(url, 0, { message: 'uniform_row_length must be a scalar.' }));
        if (constLength === null) {
          checks.push(assertGreaterEqual(url, scalarConst(graph, 0, dtype), { message: 'uniform_row_length must be >= 0.' }));
        } else if (constLength < 0) {
          throw new ValueError('uniform_row_length must be >= 0.');
        }
        splits = withDependencies(checks, splits);
      }
      return new RowPartition(splits, { uniformRowLength: url, nrows: n });
    });
  }

  /** `static_uniform_row_length`. */
  staticUniformRowLength(): number | null {
    return this.cached.uniformRowLength === undefined ? null : constInt(this.cached.uniformRowLength);
  }

  /** `_with_dependencies`: the splits through a `control_dependency` Identity after `checks`. */
  withDependencies(checks: Parameters<typeof withDependencies>[0]): RowPartition {
    return new RowPartition(withDependencies(checks, this.rowSplits), this.cached);
  }

  /** `_get_row_partition_type_tensor_pairs`: how `RaggedTensorToTensor` takes this partition (`first`: the outermost). */
  typeTensorPairs(first: boolean): Array<[string, Output]> {
    const ids = this.cached.valueRowids;
    if (ids === undefined) return [['ROW_SPLITS', this.rowSplits]];
    return first ? [['FIRST_DIM_SIZE', this.nrows()], ['VALUE_ROWIDS', ids]] : [['VALUE_ROWIDS', ids]];
  }

  /** `nvals()`: `row_splits[-1]`. */
  nvals(): Output {
    return getItem(this.rowSplits, [-1]);
  }

  /** `nrows()`: a Const when the splits' length is static, else `shape(splits)[0] - 1`. */
  nrows(): Output {
    if (this.cached.nrows !== undefined) return this.cached.nrows;
    const n = this.rowSplits.shape?.[0] ?? null;
    if (n === null) return minus(getItem(shapeOp(this.rowSplits, undefined, this.dtype), [0]), 1);
    return makeConst(this.rowSplits.graph, Tensor.from(n - 1, { dtype: this.dtype }));
  }

  /** `static_nrows`. */
  staticNrows(): number | null {
    const n = this.rowSplits.shape?.[0] ?? null;
    if (n !== null) return n - 1;
    const lengths = this.cached.rowLengths?.shape?.[0] ?? null;
    if (lengths !== null || this.cached.nrows === undefined) return lengths;
    const c = constantValue(this.cached.nrows);
    return c === null ? null : Number(c.item());
  }

  /** `row_lengths()`: the lengths it was made from, else `splits[1:] - splits[:-1]`. */
  rowLengths(): Output {
    if (this.cached.rowLengths !== undefined) return this.cached.rowLengths;
    return minus(getItem(this.rowSplits, [[1, null]]), getItem(this.rowSplits, [[null, -1]]));
  }
}

/** `_nrows(values, out_type)`: a RaggedTensor's `nrows`, a tensor's `shape(values)[0]`. */
function nrowsOf(values: RaggedValues, dtype: DType): Output {
  if (values instanceof RaggedTensor) return values.nrows({ outType: dtype });
  return getItem(shapeOp(values, undefined, dtype), [0]);
}

/** `_nvals_uniform_row_length`: the values' static outer size as a Const, else their `nrows`. */
function nvalsOf(values: RaggedValues, dtype: DType): Output {
  const n = values.shape?.[0] ?? null;
  return n === null ? nrowsOf(values, dtype) : scalarConst(values.graph, n, dtype);
}

/**
 * `from_tensor`'s `ragged_rank > 1`: the tensor's outer `raggedRank` dimensions flattened into one,
 * made a RaggedTensor, then split back by uniform row lengths.
 */
function fromTensorRaggedRank(t: Output, inputShape: Output, raggedRank: number, options: FromTensorOptions): RaggedTensor {
  const dtype = options.rowSplitsDtype ?? DType.int64;
  const s = t.shape;
  let dimSize: (i: number) => InputValue;
  let newShape: InputValue;
  if (s !== null && s.every((d) => d !== null)) {
    const sizes = (s as number[]).map((_, i) => (s as number[]).slice(0, i + 1).reduce((p, d) => p * d, 1));
    // numpy's int64 products, converted as int64 (then to the splits' dtype).
    dimSize = (i) => Tensor.from(sizes[i], { dtype: DType.int64 });
    newShape = [sizes[raggedRank - 1], ...(s as number[]).slice(raggedRank)];
  } else {
    const sizes = cumprod(inputShape);
    dimSize = (i) => getItem(sizes, [i]);
    newShape = concat([[dimSize(raggedRank - 1)], getItem(inputShape, [[raggedRank, null]])], 0);
  }
  let result = RaggedTensor.fromTensor(reshape(t, newShape),
    { lengths: options.lengths, padding: options.padding, rowSplitsDtype: dtype });
  for (let axis = raggedRank - 1; axis > 0; axis--) {
    const d = s?.[axis] ?? null;
    const dimLen = d === null ? getItem(inputShape, [axis]) : scalarConst(t.graph, d, dtype);
    result = RaggedTensor.fromUniformRowLength(result, dimLen, { nrows: dimSize(axis - 1), validate: false });
  }
  return result;
}

/**
 * `_assert_sparse_indices_are_ragged_right`: an Assert that each index starts a row at column 0 or
 * follows the previous one's column.
 */
function assertRaggedRight(indices: Output) {
  const prefix = getItem(indices, [':', [null, -1]]);
  const suffix = getItem(indices, [':', -1]);
  const prefixChanged = reduceAny(notEqual(getItem(prefix, [[1, null]]), getItem(prefix, [[null, -1]])), { axis: 1 });
  const indexOk = where(prefixChanged, equal(getItem(suffix, [[1, null]]), 0),
    equal(getItem(suffix, [[1, null]]), add(getItem(suffix, [[null, -1]]), 1, 'add')));
  const ok = logicalAnd(reduceAll(equal(getItem(suffix, [[null, 1]]), 0)), reduceAll(indexOk));
  return Assert(ok, ['SparseTensor is not right-ragged', 'SparseTensor.indices =', indices]);
}

/** `_convert_to_ragged_tensor_values`: a RaggedTensor or tensor as is, a host value a Const named `values`. */
function toValues(values: RaggedValuesLike, graph: Graph): RaggedValues {
  if (values instanceof RaggedTensor || values instanceof Output) return values;
  return convertToTensor(values, { name: 'values', graph });
}

/** `_get_optional_partition_dtype`: the values' splits dtype, the hint for the new splits. */
const hintOf = (values: RaggedValuesLike) => (values instanceof RaggedTensor ? values.rowSplits.dtype : undefined);

function checkValidate(validate: unknown): boolean {
  if (typeof validate !== 'boolean') throw new TypeError(`Argument \`validate\` must have type bool. Received ${String(validate)}.`);
  return validate;
}

/** Options of the RaggedTensor factories. */
export interface RaggedFactoryOptions {
  name?: string;
  /** Check the arguments with asserts (default true). */
  validate?: boolean;
}

/** Options of `fromTensor`. */
export interface FromTensorOptions {
  /** Each row's length (or, an array of them, each ragged dimension's row lengths). */
  lengths?: InputValue | InputValue[];
  /** The value (of the tensor's inner shape) that pads the rows' ends, cut off. */
  padding?: InputValue;
  /** The number of ragged dimensions (default 1). */
  raggedRank?: number;
  name?: string;
  rowSplitsDtype?: DType;
}

/** Options of `toTensor`. */
export interface ToTensorOptions {
  /** The value of the padding (default 0 of the dtype). */
  defaultValue?: InputValue;
  /** The shape of the result (null dimensions: the bounding shape's). */
  shape?: StaticShape | Output;
  name?: string;
}

export class RaggedTensor {
  private constructor(readonly values: RaggedValues, private readonly partition: RowPartition) {}

  /** `_from_row_partition`: the values checked against the partition (`nvals == nrows(values)`) when `validate`. */
  private static fromPartition(values: RaggedValues, partition: RowPartition, validate: boolean): RaggedTensor {
    if (values instanceof RaggedTensor && values.partition.dtype !== partition.dtype) {
      throw new ValueError('Argument `row_partition` of RaggedTensor with name: partition must have same dtype as ' +
        `Argument \`values\`. (${dtypeRepr(partition.dtype)} vs. ${dtypeRepr(values.partition.dtype)}).`);
    }
    if (validate) {
      const message = 'Arguments to _from_row_partition do not form a valid RaggedTensor';
      const nvals = nrowsOf(values, partition.dtype);
      const checks = [assertEqual(cast(partition.nvals(), partition.dtype), nvals, { message })];
      if (!(values instanceof RaggedTensor)) checks.push(assertRankAtLeast(values, 1));
      partition = partition.withDependencies(checks);
    }
    return new RaggedTensor(values, partition);
  }

  /**
   * A factory: `validate` checked, the scope `defaultName` opened over the values and partition, the
   * values converted before the partition is made (`valuesFirst`, as some of TF's do) or after.
   */
  private static factory(name: string | undefined, defaultName: string, validate: unknown, inputs: unknown[],
    values: RaggedValuesLike, partition: (vals: RaggedValues | null, validate: boolean) => RowPartition,
    valuesFirst = false): RaggedTensor {
    const v = checkValidate(validate);
    return withScope(name, defaultName, [values, ...inputs].map((x) => (x instanceof RaggedTensor ? x.flatValues : x)),
      (_s, graph) => {
        const first = valuesFirst ? toValues(values, graph) : null;
        const p = partition(first, v);
        return RaggedTensor.fromPartition(first ?? toValues(values, graph), p, v);
      });
  }

  /** `tf.RaggedTensor.from_row_splits(values, row_splits, name=None, validate=True)`. */
  static fromRowSplits(values: RaggedValuesLike, rowSplits: InputValue, options: RaggedFactoryOptions = {}): RaggedTensor {
    return RaggedTensor.factory(options.name, 'RaggedFromRowSplits', options.validate ?? true, [rowSplits], values,
      (_vals, v) => RowPartition.fromRowSplits(rowSplits, v, hintOf(values)));
  }

  /** `tf.RaggedTensor.from_row_lengths(values, row_lengths, name=None, validate=True)`. */
  static fromRowLengths(values: RaggedValuesLike, rowLengths: InputValue, options: RaggedFactoryOptions = {}): RaggedTensor {
    return RaggedTensor.factory(options.name, 'RaggedFromRowLengths', options.validate ?? true, [rowLengths], values,
      (_vals, v) => RowPartition.fromRowLengths(rowLengths, v, hintOf(values)));
  }

  /** `tf.RaggedTensor.from_row_starts(values, row_starts, name=None, validate=True)`. */
  static fromRowStarts(values: RaggedValuesLike, rowStarts: InputValue, options: RaggedFactoryOptions = {}): RaggedTensor {
    return RaggedTensor.factory(options.name, 'RaggedFromRowStarts', options.validate ?? true, [rowStarts], values,
      (vals, v) => RowPartition.fromRowStarts(rowStarts, nrowsOf(vals!, DType.int32), v, hintOf(values)), true);
  }

  /** `tf.RaggedTensor.from_row_limits(values, row_limits, name=None, validate=True)`. */
  static fromRowLimits(values: RaggedValuesLike, rowLimits: InputValue, options: RaggedFactoryOptions = {}): RaggedTensor {
    return RaggedTensor.factory(options.name, 'RaggedFromRowLimits', options.validate ?? true, [rowLimits], values,
      (_vals, v) => RowPartition.fromRowLimits(rowLimits, v, hintOf(values)), true);
  }

  /** `tf.RaggedTensor.from_nested_row_splits(flat_values, nested_row_splits, name=None, validate=True)`. */
  static fromNestedRowSplits(flatValues: RaggedValuesLike, nestedRowSplits: InputValue[],
    options: RaggedFactoryOptions = {}): RaggedTensor {
    const validate = checkValidate(options.validate ?? true);
    if (!Array.isArray(nestedRowSplits)) {
      throw new TypeError(`Argument \`nested_row_splits\` must be a list of Tensors. Received ${pyStr(nestedRowSplits)}.`);
    }
    return withScope(options.name, 'RaggedFromNestedRowSplits', [flatValues, ...nestedRowSplits], () => {
      let result = flatValues;
      for (const splits of [...nestedRowSplits].reverse()) result = RaggedTensor.fromRowSplits(result, splits, { validate });
      return result as RaggedTensor;
    });
  }

  /** `_nested_row_partitions`, outermost first. */
  private partitions(): RowPartition[] {
    return [this.partition, ...(this.values instanceof RaggedTensor ? this.values.partitions() : [])];
  }

  /** `tf.RaggedTensor.from_value_rowids(values, value_rowids, nrows=None, name=None, validate=True)`. */
  static fromValueRowids(values: RaggedValuesLike, valueRowids: InputValue,
    options: RaggedFactoryOptions & { nrows?: InputValue } = {}): RaggedTensor {
    return RaggedTensor.factory(options.name, 'RaggedFromValueRowIds', options.validate ?? true,
      [valueRowids, options.nrows], values,
      (_vals, v) => RowPartition.fromValueRowids(valueRowids, options.nrows, v, hintOf(values)));
  }

  /**
   * `tf.RaggedTensor.from_uniform_row_length(values, uniform_row_length, nrows=None, validate=True,
   * name=None)`: rows of `uniformRowLength` values each (a uniform, not ragged, dimension).
   */
  static fromUniformRowLength(values: RaggedValuesLike, uniformRowLength: InputValue,
    options: RaggedFactoryOptions & { nrows?: InputValue } = {}): RaggedTensor {
    return RaggedTensor.factory(options.name, 'RaggedFromUniformRowLength', options.validate ?? true,
      [uniformRowLength, options.nrows], values, (vals, v) => {
        const url = convertPartition(uniformRowLength, 'UniformRowLength', vals!.graph, hintOf(values));
        return RowPartition.fromUniformRowLength(url, nvalsOf(vals!, baseDType(url.dtype)), options.nrows, v);
      }, true);
  }

  /** `tf.RaggedTensor.from_nested_row_lengths(flat_values, nested_row_lengths, name=None, validate=True)`. */
  static fromNestedRowLengths(flatValues: RaggedValuesLike, nestedRowLengths: InputValue[],
    options: RaggedFactoryOptions = {}): RaggedTensor {
    const validate = checkValidate(options.validate ?? true);
    if (nestedRowLengths instanceof Output) {
      throw new TypeError(`Argument \`nested_row_lengths\` must be a list of Tensors. Received ${pyStr(nestedRowLengths)}.`);
    }
    return withScope(options.name, 'RaggedFromNestedRowlengths', [flatValues, ...nestedRowLengths], () => {
      let result = flatValues;
      for (const lengths of [...nestedRowLengths].reverse()) result = RaggedTensor.fromRowLengths(result, lengths, { validate });
      return result as RaggedTensor;
    });
  }

  /**
   * `tf.RaggedTensor.from_tensor(tensor, lengths=None, padding=None, ragged_rank=1, name=None,
   * row_splits_dtype=int64)`: the rows of a dense tensor, cut to `lengths` (or before the trailing
   * `padding`), else whole (uniform rows); `raggedRank` > 1 splits the outer dimensions too.
   */
  static fromTensor(tensor: InputValue, options: FromTensorOptions = {}): RaggedTensor {
    const dtype = options.rowSplitsDtype ?? DType.int64;
    const { padding } = options;
    let lengths = options.lengths;
    const raggedRank = options.raggedRank ?? 1;
    if (lengths !== undefined && padding !== undefined) throw new ValueError('Specify argument `lengths` or `padding`, but not both.');
    if (!Number.isInteger(raggedRank)) throw new TypeError(`Argument \`ragged_rank\` must be an int. Received ${pyStr(raggedRank)}.`);
    if (raggedRank <= 0) throw new ValueError(`Argument \`ragged_rank\` must be greater than 0. Received ${raggedRank}.`);
    return withScope(options.name, 'RaggedFromTensor', [tensor, lengths, padding], (_s, graph) => {
      const t = convertToTensor(tensor, { name: 'tensor', graph });
      const rank = t.shape?.length ?? null;
      if (rank !== null && rank < 2) {
        throw new ValueError('The rank of a RaggedTensor must be greater than 1, i.e., a list of scalars won\'t have ' +
          `ragged dimensions. Received argument \`tensor\` with rank ${rank}.`);
      }
      assertHasRankAtLeast(t, raggedRank + 1);
      const inputShape = shapeOp(t, undefined, dtype);
      let ncols = getItem(inputShape, [1]);
      if (Array.isArray(lengths) && lengths.length > 0 && typeof lengths[0] !== 'number') {
        // Nested row lengths: a boolean mask of them, densified, picks the values.
        const nested = lengths as InputValue[];
        if (raggedRank !== 1 && raggedRank !== nested.length) {
          throw new ValueError('If Argument `lengths` is a tuple of row_lengths, argument `ragged_rank` must be ' +
            `len(lengths): ${nested.length}. Received ragged_rank: ${raggedRank}.`);
        }
        assertHasRankAtLeast(t, nested.length + 1);
        const last = nested[nested.length - 1];
        // TF's reduce_sum of a host list: its axes `range(0, rank(list))`, the list converted by the Sum.
        // (Python's ints: int32.)
        const ints = last instanceof Output ? last : Tensor.from(last as number[], { dtype: DType.int32 });
        const numTokens = ints instanceof Output ? reduceSum(ints) : reduceSum(ints, { axis: rangeOp(0, rankOp(ints)) });
        const mask = RaggedTensor.fromNestedRowLengths(ones([numTokens], DType.bool), nested, { validate: false });
        const masked = booleanMask(t, mask.toTensor({ defaultValue: false }));
        return RaggedTensor.fromNestedRowLengths(masked, nested, { validate: false });
      }
      if (raggedRank > 1) return fromTensorRaggedRank(t, inputShape, raggedRank, options);
      if (padding !== undefined) {
        const pad = convertToTensor(padding, { name: 'padding', dtype: t.dtype, graph });
        const inner = t.shape?.slice(2) ?? null;
        if (pad.shape !== null && inner !== null && (pad.shape.length !== inner.length ||
          pad.shape.some((d, i) => d !== null && inner[i] !== null && d !== inner[i]))) {
          throw new ValueError(`Shapes ${shapeRepr(pad.shape)} and ${shapeRepr(inner)} are incompatible`);
        }
        // Where the padding equals the tensor (across all inner dimensions when there are some).
        const hasDefaultValue = equal(pad, t);
        const tensorRank = rankOp(t);
        const reduceAxis = rangeOp(2, tensorRank);
        const hasDefault = cond(greater(tensorRank, 2), () => reduceAll(hasDefaultValue, { axis: reduceAxis }),
          () => hasDefaultValue, { strict: true }) as Output;
        hasDefault.setShape([null, null]);
        if (t.shape !== null) hasDefault.setShape(t.shape.slice(0, 2));
        // Each row's length: the last non-padding position + 1.
        const hasNondefault = cast(logicalNot(hasDefault), dtype);
        lengths = reduceMax(mul(hasNondefault, expandDims(pyRange(add(ncols, 1, 'add'), 1), 0), 'mul'), { axis: 1 });
      }
      if (lengths !== undefined) {
        let l = convertToTensor(lengths as InputValue, { name: 'lengths', preferredDtype: dtype, graph });
        if (!isIntegerDType(l.dtype)) {
          throw new TypeError(`Argument \`tensor\` (name: lengths) must be of type integer. Received \`tensor\` = ` +
            `${pyStr(l)} of dtype: ${dtypeRepr(baseDType(l.dtype))}`);
        }
        // `convert_to_int_tensor`: a Cast even to the same dtype.
        l = applyOp('Cast', { x: l }, { DstT: dtype, Truncate: false }, 'Cast').output(0);
        assertHasRank(l, 1);
        l = maximum(minimum(l, ncols), 0);
        const limits = cumsum(l);
        const splits = concat([zeros([1], dtype), limits], 0);
        const values = booleanMask(t, sequenceMask(l, { maxlen: ncols }));
        return RaggedTensor.fromRowSplits(values, splits, { validate: false });
      }
      // Whole rows: the values the tensor with its two outer dimensions merged.
      const valuesShape = concat([[mul(getItem(inputShape, [0]), getItem(inputShape, [1]), 'mul')],
        getItem(inputShape, [[2, null]])], 0);
      const values = reshape(t, valuesShape);
      const staticDim = (i: number) => {
        const d = t.shape?.[i] ?? null;
        return d === null ? getItem(inputShape, [i]) : scalarConst(graph, d, dtype);
      };
      const nrows = staticDim(0);
      ncols = staticDim(1);
      return RaggedTensor.fromUniformRowLength(values, ncols, { nrows, validate: false });
    });
  }

  /**
   * `tf.RaggedTensor.from_sparse(st_input, name=None, row_splits_dtype=int64)`: the rows of a 2-D
   * right-ragged SparseTensor (checked by an Assert): its values, rows from its indices' first column.
   */
  static fromSparse(stInput: SparseTensor, options: { name?: string; rowSplitsDtype?: DType } = {}): RaggedTensor {
    const dtype = options.rowSplitsDtype ?? DType.int64;
    if (!(stInput instanceof SparseTensor)) {
      throw new TypeError('Argument `st_input` must be of type SparseTensor, but is of type ' +
        `${(stInput as unknown) instanceof Output ? 'SymbolicTensor' : (stInput as object)?.constructor?.name ?? typeof stInput}.`);
    }
    return withScope(options.name, 'RaggedFromSparse', [stInput.indices, stInput.values, stInput.denseShape], (_s, graph) => {
      const fromShape = stInput.denseShape.shape?.[0] ?? null;
      const fromIndices = stInput.indices.shape?.[1] ?? null;
      if (fromShape !== 2 && fromIndices !== 2) throw new ValueError('rank(st_input) must be 2.');
      return graph.controlDependencies([assertRaggedRight(stInput.indices)], () => {
        const segmentIds = cast(getItem(stInput.indices, [':', 0]), dtype);
        const numSegments = cast(getItem(stInput.denseShape, [0]), dtype);
        return RaggedTensor.fromValueRowids(stInput.values, segmentIds, { nrows: numSegments, validate: false });
      });
    });
  }

  get rowSplits(): Output {
    return this.partition.rowSplits;
  }

  /** The innermost values: a tensor. */
  get flatValues(): Output {
    return this.values instanceof RaggedTensor ? this.values.flatValues : this.values;
  }

  /** The row splits of each ragged dimension, outermost first. */
  get nestedRowSplits(): Output[] {
    return [this.rowSplits, ...(this.values instanceof RaggedTensor ? this.values.nestedRowSplits : [])];
  }

  get raggedRank(): number {
    return this.values instanceof RaggedTensor ? this.values.raggedRank + 1 : 1;
  }

  get dtype(): DType {
    return this.values.dtype;
  }

  get graph(): Graph {
    return this.rowSplits.graph;
  }

  /** The static shape: `[nrows, null (the ragged dimension), ...values.shape[1:]]`. */
  get shape(): StaticShape {
    const inner = this.values.shape;
    return inner === null ? null : [this.partition.staticNrows(), this.partition.staticUniformRowLength(), ...inner.slice(1)];
  }

  /** `uniform_row_length`: the length of every row of a uniform partition (`fromUniformRowLength`), else null. */
  get uniformRowLength(): Output | null {
    return this.partition.cached.uniformRowLength ?? null;
  }

  /** `nrows(out_type=None, name=None)`: the number of rows, a scalar of the splits' dtype unless `outType`. */
  nrows(options: { outType?: DType; name?: string } = {}): Output {
    return withScope(options.name, 'RaggedNRows', [this.flatValues], () => {
      const n = this.partition.nrows();
      return options.outType === undefined ? n : cast(n, options.outType);
    });
  }

  /** `row_lengths(axis=1)`: each row's length (`splits[1:] - splits[:-1]` or the lengths the tensor was made from). */
  rowLengths(): Output {
    return this.partition.rowLengths();
  }

  /** `value_rowids(name=None)`: each value's row (`RaggedTensorToSparse`'s way: `row_splits_to_segment_ids`). */
  valueRowids(name?: string): Output {
    return withScope(name, 'RaggedValueRowIds', [this.flatValues], () =>
      this.partition.cached.valueRowids ?? rowSplitsToSegmentIds(this.rowSplits));
  }

  /** `bounding_shape(axis=None, name=None, out_type=None)`: the shape of the smallest dense tensor holding this one. */
  boundingShape(options: { name?: string; outType?: DType } = {}): Output {
    const outType = options.outType ?? this.partition.dtype;
    return withScope(options.name, 'RaggedBoundingBox', [this.flatValues], () => {
      const nested = this.nestedRowSplits;
      const splitsShape = shapeOp(this.rowSplits, undefined, outType);
      const flatShape = shapeOp(this.flatValues, undefined, outType);
      let dims = [minus(getItem(splitsShape, [0]), 1), ...nested.map((s) =>
        maximum(reduceMax(minus(getItem(s, [[1, null]]), getItem(s, [[null, -1]]))), 0))];
      const inner = getItem(flatShape, [[1, null]]);
      if (outType !== this.partition.dtype) dims = dims.map((d) => cast(d, outType));
      return concat([stack(dims), inner], 0);
    });
  }

  /**
   * `to_tensor(default_value=None, name=None, shape=None)`: the dense tensor (`RaggedTensorToTensor`),
   * rows padded with `defaultValue`, cut or padded to `shape` where given.
   */
  toTensor(options: ToTensorOptions = {}): Output {
    return withScope(options.name, 'RaggedToTensor', [this.flatValues], (_s, graph) => {
      let dflt = options.defaultValue === undefined ? undefined
        : convertToTensor(options.defaultValue, { name: 'default_value', dtype: this.dtype, graph });
      const pairs = this.partitions().flatMap((p, i) => p.typeTensorPairs(i === 0));
      if (dflt === undefined) dflt = zeros([], this.dtype);
      const dtype = pairs[0][1].dtype;
      const given = options.shape;
      const shapeTensor = given instanceof Output
        ? ([DType.int32, DType.int64].includes(baseDType(given.dtype)) ? given : cast(given, dtype))
        : makeConst(graph, given === undefined || given === null ? Tensor.from(-1, { dtype })
          : Tensor.from(given.map((d) => d ?? -1), { dtype, shape: [given.length] }));
      const out = applyOp('RaggedTensorToTensor', {
        shape: shapeTensor, values: this.flatValues, default_value: dflt, row_partition_tensors: pairs.map((p) => p[1]),
      }, { row_partition_types: pairs.map((p) => p[0]) }, 'RaggedTensorToTensor').output(0);
      const ragged = this.shape;
      if (ragged !== null && !(given instanceof Output)) {
        out.setShape(given === undefined || given === null ? ragged : given.map((d, i) => d ?? ragged[i]));
      }
      return out;
    });
  }

  /** `to_sparse(name=None)`: the SparseTensor of the same values (`RaggedTensorToSparse`). */
  toSparse(name?: string): SparseTensor {
    return withScope(name, 'RaggedToSparse', [this.flatValues], () => {
      const op = applyOp('RaggedTensorToSparse', { rt_nested_splits: this.nestedRowSplits, rt_dense_values: this.flatValues },
        {}, name ?? 'RaggedTensorToSparse');
      return new SparseTensor(op.output(0), op.output(1), op.output(2));
    });
  }

  /** `with_values(new_values)`: the same row splits over other values. */
  withValues(newValues: RaggedValuesLike): RaggedTensor {
    const v = toValues(newValues, this.graph);
    if (v.shape !== null && v.shape.length === 0) throw new ValueError('Shape () must have rank at least 1');
    return new RaggedTensor(v, this.partition);
  }

  /** `with_flat_values(new_values)`: the same nested row splits over other flat values. */
  withFlatValues(newValues: RaggedValuesLike): RaggedTensor {
    return this.withValues(this.values instanceof RaggedTensor ? this.values.withFlatValues(newValues) : newValues);
  }

  toString(): string {
    return `tf.RaggedTensor(values=${this.values}, row_splits=${this.rowSplits})`;
  }
}

/**
 * `tf.ragged.row_splits_to_segment_ids(splits, name=None, out_type=None)`: each value's row,
 * `repeat(range(nrows), row_lengths)`.
 */
export function rowSplitsToSegmentIds(splits: InputValue, options: { name?: string; outType?: DType } = {}): Output {
  return withScope(options.name, 'RaggedSplitsToSegmentIds', [splits], (_s, graph) => {
    const s = convertToTensor(splits, { name: 'splits', preferredDtype: DType.int64, graph });
    if (![DType.int32, DType.int64].includes(baseDType(s.dtype))) throw new ValueError('splits must have dtype int32 or int64');
    assertHasRank(s, 1);
    if (s.shape?.[0] === 0) throw new ValueError('Invalid row_splits: []');
    const outType = options.outType ?? baseDType(s.dtype);
    const lengths = minus(getItem(s, [[1, null]]), getItem(s, [[null, -1]]));
    const nrows = minus(getItem(shapeOp(s, undefined, outType), [-1]), 1);
    return repeat(pyRange(nrows), lengths, 0);
  });
}

/** `math_ops.range(start, limit)` of an int tensor: the int32 `start` and `delta` Consts cast to its dtype, as TF infers it. */
function pyRange(limit: Output, startValue = 0): Output {
  return withScope(undefined, 'range', [limit], (scope, graph) => {
    const dtype = baseDType(limit.dtype);
    const start = convertToTensor(startValue, { dtype: DType.int32, name: 'start', graph });
    const delta = convertToTensor(1, { dtype: DType.int32, name: 'delta', graph });
    const castTo = (t: Output) => (dtype === DType.int32 ? t : cast(t, dtype));
    return applyOp('Range', { start: castTo(start), limit, delta: castTo(delta) }, {}, scope).output(0);
  });
}

/** A fetched RaggedTensor (`tf.compat.v1.ragged.RaggedTensorValue`): `values` (a Tensor or RaggedTensorValue) split into rows. */
export class RaggedTensorValue {
  constructor(readonly values: Tensor | RaggedTensorValue, readonly rowSplits: Tensor) {}

  /** `_ragged_tensor_value_from_components`: the nested splits (outermost first) and the flat values. */
  static fromComponents(components: Tensor[]): RaggedTensorValue {
    let value: Tensor | RaggedTensorValue = components[components.length - 1];
    for (let i = components.length - 2; i >= 0; i--) value = new RaggedTensorValue(value, components[i]);
    return value as RaggedTensorValue;
  }

  get flatValues(): Tensor {
    return this.values instanceof RaggedTensorValue ? this.values.flatValues : this.values;
  }

  get nestedRowSplits(): Tensor[] {
    return [this.rowSplits, ...(this.values instanceof RaggedTensorValue ? this.values.nestedRowSplits : [])];
  }

  get raggedRank(): number {
    return this.values instanceof RaggedTensorValue ? this.values.raggedRank + 1 : 1;
  }

  get dtype(): DType {
    return this.flatValues.dtype;
  }

  /** `to_list()`: nested arrays, one per row. */
  toArray(): unknown[] {
    const inner = this.values instanceof RaggedTensorValue ? this.values.toArray() : asList(this.values);
    const splits = Array.from(this.rowSplits.data as ArrayLike<number | bigint>, Number);
    return splits.slice(1).map((end, i) => inner.slice(splits[i], end));
  }
}

/** A tensor's rows as an array (a scalar's none). */
function asList(t: Tensor): unknown[] {
  const a = t.toArray();
  return Array.isArray(a) ? a : [a];
}
