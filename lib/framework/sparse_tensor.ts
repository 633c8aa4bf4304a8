/**
 * `tf.SparseTensor` and `tf.compat.v1.SparseTensorValue` (`framework/sparse_tensor.py`): a tensor
 * given by the `values` at `indices` (int64 `[N, rank]`) of a dense shape `denseShape` (int64
 * `[rank]`). Sessions fetch one as a SparseTensorValue and feed one from a SparseTensorValue or an
 * `[indices, values, denseShape]` triple, as TF1's do.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from './dtypes';
import { InputValue, applyOp, constantValue, convertToTensor, graphFromInputs } from './op_def_library';
import { Graph, Operation, Output, runInSession } from './ops';
import type { FeedDict, Session } from '../client/session';
import { Tensor, TensorLike } from './tensor';
import { StaticShape, assertDimsCompatible, mergeShapes, withRank } from './tensor_shape';

export type { StaticShape };

export class SparseTensor {
  readonly indices: Output;
  readonly values: Output;
  readonly denseShape: Output;
  /** The dense shape as far as the graph tells it (`_dense_shape_default`). */
  private staticShape: StaticShape;

  /** `SparseTensor.from_value`: a SparseTensor as is, a SparseTensorValue's tensors as Consts. */
  static fromValue(value: SparseTensor | SparseTensorValue): SparseTensor {
    if (value instanceof SparseTensor) return new SparseTensor(value.indices, value.values, value.denseShape);
    if (!(value instanceof SparseTensorValue)) {
      throw new TypeError(`Argument sparse_tensor_value=${String(value)} is neither a SparseTensor nor SparseTensorValue.`);
    }
    return new SparseTensor(value.indices, value.values, value.denseShape);
  }

  constructor(indices: InputValue, values: InputValue, denseShape: InputValue) {
    const graph = graphFromInputs([indices, values, denseShape]);
    // TF1 opens the scope even when nothing needs converting: the name is used up either way.
    [this.indices, this.values, this.denseShape] = graph.nameScope('SparseTensor', () => [
      convertToTensor(indices, { name: 'indices', dtype: DType.int64, graph }),
      convertToTensor(values, { name: 'values', graph }),
      convertToTensor(denseShape, { name: 'dense_shape', dtype: DType.int64, graph }),
    ]);
    this.staticShape = constantValueAsShape(this.denseShape);
    const ix = withRank(this.indices.shape, 2);
    const vals = withRank(this.values.shape, 1);
    const ds = withRank(this.denseShape.shape, 1);
    assertDimsCompatible(ix[0], vals[0]);
    assertDimsCompatible(ix[1], ds[0]);
  }

  /** The dense tensor's static shape (`get_shape()`). */
  get shape(): StaticShape {
    return this.staticShape === null ? null : [...this.staticShape];
  }

  get dtype(): DType {
    return this.values.dtype;
  }

  /**
   * `SparseTensor.eval(feed_dict=None, session=None)`: its value, run in `session` or the default
   * session; TF1's ValueErrors without one or for one of another graph.
   */
  eval(feedDict?: FeedDict | null, session?: Session | null): Promise<SparseTensorValue> {
    return runInSession('tensor', this, feedDict, session) as Promise<SparseTensorValue>;
  }

  /** The op that makes `values`. */
  get op(): Operation {
    return this.values.op;
  }

  get graph(): Graph {
    return this.indices.graph;
  }

  /** The same indices and dense shape with other values. */
  withValues(newValues: InputValue): SparseTensor {
    return new SparseTensor(this.indices, newValues, this.denseShape);
  }

  /** `sp * y` (`__mul__`): the values times `y` (broadcast to the dense shape) at their places. */
  mul(y: InputValue): SparseTensor {
    return this.cwise('mul', 'SparseDenseCwiseMul', y);
  }

  /** `__div__` (Python 2's `sp / y`): the values over `y` at their places. */
  div(y: InputValue): SparseTensor {
    return this.cwise('div', 'SparseDenseCwiseDiv', y);
  }

  /** `sp / y` (`__truediv__`): as `div`, integer values and `y` first cast to floats as `tf.truediv` does. */
  truediv(y: InputValue): SparseTensor {
    return this.cwise('truediv', 'SparseDenseCwiseDiv', y);
  }

  /** `binary_op_wrapper_sparse`: `y` converted to the values' dtype, the op named as the operator's scope. */
  private cwise(opName: string, type: string, y: InputValue): SparseTensor {
    const graph = this.graph;
    return graph.nameScope(opName, (scope) => {
      let values = this.values;
      let dense = convertToTensor(y, { dtype: baseDType(this.dtype), name: 'y', graph });
      if (opName === 'truediv') {
        const to = TRUEDIV.get(baseDType(this.dtype));
        if (to === undefined) {
          throw new TypeError(`Invalid dtype tf.${dtypeName(baseDType(this.dtype))} in __truediv__. Expected one of ` +
            `{${[...TRUEDIV.keys()].map((d) => `tf.${dtypeName(d)}`).join(', ')}}.`);
        }
        if (to !== null) {
          const castTo = (x: Output) => applyOp('Cast', { x }, { DstT: to }, { name: 'Cast', graph }).output(0);
          values = castTo(values);
          dense = castTo(dense);
        }
      }
      const out = applyOp(type, { sp_indices: this.indices, sp_values: values, sp_shape: this.denseShape, dense },
        {}, { name: scope, graph }).output(0);
      return new SparseTensor(this.indices, out, this.denseShape);
    });
  }

  /** Merges `shape` into the static dense shape; a conflict is a ValueError. */
  setShape(shape: StaticShape): void {
    this.staticShape = mergeShapes(this.staticShape, shape);
  }

  toString(): string {
    return `SparseTensor(indices=${this.indices}, values=${this.values}, dense_shape=${this.denseShape})`;
  }
}

/** `_TRUEDIV_TABLE`: the float type `/` casts integer values to (null: none), in TF's order. */
const TRUEDIV = new Map<DType, DType | null>([
  [DType.uint8, DType.float32], [DType.int8, DType.float32], [DType.uint16, DType.float32],
  [DType.int16, DType.float32], [DType.uint32, DType.float64], [DType.int32, DType.float64],
  [DType.uint64, DType.float64], [DType.int64, DType.float64], [DType.bfloat16, null], [DType.float16, null],
  [DType.float32, null], [DType.float64, null], [DType.complex64, null], [DType.complex128, null],
]);

/** A fetched SparseTensor, or one to feed (`tf.compat.v1.SparseTensorValue`). */
export class SparseTensorValue {
  readonly indices: Tensor;
  readonly values: Tensor;
  readonly denseShape: Tensor;

  constructor(indices: TensorLike, values: TensorLike, denseShape: TensorLike) {
    this.indices = indices instanceof Tensor ? indices : Tensor.from(indices, { dtype: DType.int64 });
    this.values = values instanceof Tensor ? values : Tensor.from(values);
    this.denseShape = denseShape instanceof Tensor ? denseShape : Tensor.from(denseShape, { dtype: DType.int64 });
  }

  /** The dense array: `values` at `indices`, zeros (or `defaultValue`) elsewhere. */
  toDense(defaultValue: unknown = 0): unknown[] {
    const shape = Array.from(this.denseShape.data as BigInt64Array, Number);
    const make = (d: number): unknown[] => Array.from({ length: shape[d] },
      () => (d + 1 < shape.length ? make(d + 1) : defaultValue));
    const out = make(0);
    const ix = this.indices.data as BigInt64Array;
    const vals = this.values.toArray() as unknown[];
    const rank = shape.length;
    for (let i = 0; i < vals.length; i++) {
      let row = out;
      for (let d = 0; d + 1 < rank; d++) row = row[Number(ix[i * rank + d])] as unknown[];
      row[Number(ix[i * rank + rank - 1])] = vals[i];
    }
    return out;
  }
}

/** `_convert_to_sparse_tensor`: a SparseTensor as is, a SparseTensorValue as Consts; anything else a TypeError. */
export function convertToSparseTensor(x: SparseTensor | SparseTensorValue): SparseTensor {
  if (x instanceof SparseTensorValue) return SparseTensor.fromValue(x);
  if (!(x instanceof SparseTensor)) throw new TypeError('Input must be a SparseTensor.');
  return x;
}

/** A constant's values as numbers (int64 ones are small here: shapes). */
export function numbers(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

/**
 * `tensor_util.constant_value_as_shape`: the shape a 1-D int tensor stands for, as far as the
 * graph tells it (Consts, Shape, Pack, ConcatV2, Cast), -1 being unknown.
 */
export function constantValueAsShape(t: Output): StaticShape {
  const s = t.shape;
  if (s !== null && s.length === 0) {
    const v = constantValue(t);
    if (v === null) {
      throw new ValueError('Received a scalar with unknown value as shape; require a statically known scalar with ' +
        "value '-1' to describe an unknown shape.");
    }
    if (Number(v.item()) !== -1) {
      throw new ValueError(`Received a scalar value '${v.item()}' as shape; require a statically known scalar with ` +
        "value '-1' to describe an unknown shape.");
    }
    return null;
  }
  const dim0 = withRank(s, 1)[0];
  if (dim0 === 0) return [];
  const op = t.op;
  switch (op.type) {
    case 'Cast': {
      const pre = constantValueAsShape(op.inputs[0]);
      const to = op.getAttr('DstT') as DType;
      if (pre === null) return pre;
      return to === DType.int32 || to === DType.int64 ? pre : new Array<null>(dim0 ?? 0).fill(null);
    }
    case 'Shape':
      return op.inputs[0].shape;
    case 'Pack':
      return op.inputs.map((i) => {
        const v = constantValue(i);
        const d = v === null ? -1 : Number(v.item());
        return d < 0 ? null : d;
      });
    case 'ConcatV2': {
      const parts = op.inputs.slice(0, -1).map(constantValueAsShape);
      return parts.some((p) => p === null) ? null : parts.flatMap((p) => p!);
    }
    case 'StridedSlice': {
      const sliced = stridedSliceOfShape(op);
      if (sliced !== undefined) return sliced;
      break;
    }
  }
  const v = constantValue(t);
  if (v !== null) return numbers(v).map((d) => (d >= 0 ? d : null));
  return dim0 === null ? null : new Array<null>(dim0).fill(null);
}

/**
 * A simple slice (`shape[a:b:c]`, no other masks) of a shape known as far as the graph tells it;
 * undefined where TF gives up on it (other masks, a zero step, a shape of unknown rank).
 */
function stridedSliceOfShape(op: Operation): StaticShape | undefined {
  const [begin, end, strides] = op.inputs.slice(1, 4).map(constantValue);
  if (begin === null || end === null || strides === null) return undefined;
  const mask = (name: string) => op.getAttr(name) as number;
  const [beginMask, endMask] = [mask('begin_mask'), mask('end_mask')];
  if (mask('ellipsis_mask') || mask('new_axis_mask') || mask('shrink_axis_mask') || beginMask > 1 || endMask > 1) {
    return undefined;
  }
  const step = numbers(strides)[0];
  const prev = constantValueAsShape(op.inputs[0]);
  if (prev === null || step === 0) return undefined;
  return pySlice(prev, beginMask ? null : numbers(begin)[0], endMask ? null : numbers(end)[0], step);
}

/** Python's `a[start:stop:step]`. */
function pySlice<T>(a: readonly T[], start: number | null, stop: number | null, step: number): T[] {
  const n = a.length;
  const clamp = (i: number | null, dflt: number, lo: number, hi: number) =>
    (i === null ? dflt : Math.min(Math.max(i < 0 ? i + n : i, lo), hi));
  const out: T[] = [];
  if (step > 0) {
    for (let i = clamp(start, 0, 0, n), e = clamp(stop, n, 0, n); i < e; i += step) out.push(a[i]);
  } else {
    for (let i = clamp(start, n - 1, -1, n - 1), e = clamp(stop, -1, -1, n - 1); i > e; i += step) out.push(a[i]);
  }
  return out;
}
