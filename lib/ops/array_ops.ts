/**
 * Tensor-making and reshaping helpers (TF1's `array_ops` / `constant_op`), named as TF1 names
 * them: `constant` makes `Const`, `zeros([2])` a `zeros` Const, `fill` a `Fill` with `Fill/dims`.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import {
  InputValue, applyOp, checkOpName, constantValue, convertToTensor, graphFromInputs, groupedOutputs, makeConst,
} from '../framework/op_def_library';
import { Graph, Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor, SparseTensorValue } from '../framework/sparse_tensor';
import { Tensor, TensorLike } from '../framework/tensor';
import { assertShapesCompatible, shapeString, withRank } from '../framework/tensor_shape';
import { pyRepr, pyStr } from '../util/python_repr';

/** A static shape: null for an unknown dimension. */
export type ShapeLike = (number | null)[];

/**
 * Runs `fn` in name scope `name` (or `defaultName`) of the graph the `values` belong to; `fn`
 * gets the scope with its trailing '/', which as an op name means "exactly this name".
 */
export function withScope<T>(name: string | undefined, defaultName: string, values: unknown[],
  fn: (scope: string, graph: Graph) => T): T {
  checkOpName(name);
  const graph = graphFromInputs(values);
  return graph.nameScope(name ?? defaultName, (scope) => fn(scope, graph));
}

/**
 * `tf.placeholder(dtype, shape, name)`: a value fed at run time. `shape` undefined means any
 * shape; null entries are unknown dimensions.
 */
export function placeholder(dtype: DType, shape?: ShapeLike | null, name?: string): Output {
  return applyOp('Placeholder', {}, { dtype, shape: shape ?? null }, { name: name ?? 'Placeholder',
    graph: getDefaultGraph() }).output(0);
}

/** `tf.placeholder_with_default(input, shape, name)`. */
export function placeholderWithDefault(input: InputValue, shape: ShapeLike | null, name?: string): Output {
  return applyOp('PlaceholderWithDefault', { input }, { shape }, name ?? 'PlaceholderWithDefault').output(0);
}

/**
 * `tf.constant(value, dtype, shape, name='Const')`. Numbers become float32 unless `dtype` says
 * otherwise; a scalar broadcasts to `shape`.
 */
export function constant(value: TensorLike, options: { dtype?: DType; shape?: number[]; name?: string } = {}): Output {
  const t = Tensor.from(value, { dtype: options.dtype, shape: options.shape });
  return makeConst(getDefaultGraph(), t, options.name ?? 'Const');
}

/** `tf.identity(input, name)`. */
export function identity(input: InputValue, name?: string): Output {
  return applyOp('Identity', { input }, {}, name ?? 'Identity').output(0);
}

/** `tf.fill(dims, value, name)`. */
export function fill(dims: InputValue, value: InputValue, name?: string): Output {
  return applyOp('Fill', { dims, value }, {}, name ?? 'Fill').output(0);
}

function filled(kind: 'zeros' | 'ones', shape: InputValue, dtype: DType, name: string | undefined): Output {
  return withScope(name, kind, [shape], (scope, graph) => {
    const one = kind === 'ones' ? 1 : 0;
    const value = dtype === DType.bool ? !!one : dtype === DType.string ? '' : dtype === DType.int64 ? BigInt(one) : one;
    // TF1 makes a Const for small static shapes and a Fill otherwise.
    const isStatic = Array.isArray(shape) && (shape as unknown[]).every((d) => typeof d === 'number');
    if (isStatic) {
      const dims = shape as number[];
      if (dims.reduce((a, b) => a * b, 1) < 1000) {
        return makeConst(graph, Tensor.from(value as TensorLike, { dtype, shape: dims }), scope);
      }
    }
    // A static shape converts as a TensorShape (`shape_as_tensor`); a list holding tensors autopacks
    // (`packed`); a tensor is taken as it is, of any int type, and a scalar or one of unknown rank
    // is made a vector.
    let dimsT = shape instanceof Output ? shape
      : convertToTensor(shape, { dtype: DType.int32, name: isStatic ? 'shape_as_tensor' : undefined, graph });
    if (!dimsT.shapeView?.length) dimsT = reshape(dimsT, [-1]);
    const v = makeConst(graph, Tensor.from(value as TensorLike, { dtype }), 'Const');
    return fill(dimsT, v, scope);
  });
}

/** `tf.zeros(shape, dtype=float32, name='zeros')`. */
export function zeros(shape: number[] | InputValue, dtype: DType = DType.float32, name?: string): Output {
  return filled('zeros', shape as InputValue, dtype, name);
}

/** `tf.ones(shape, dtype=float32, name='ones')`. */
export function ones(shape: number[] | InputValue, dtype: DType = DType.float32, name?: string): Output {
  return filled('ones', shape as InputValue, dtype, name);
}

/** `tf.zeros_like(tensor, dtype, name)`. */
export function zerosLike(tensor: InputValue, dtype?: DType, name?: string): Output {
  return withScope(name, 'zeros_like', [tensor], (scope, graph) => {
    const t = convertToTensor(tensor, { name: 'tensor', graph });
    const shape = t.shape;
    if (shape && shape.every((d) => d !== null) && (dtype === undefined || dtype === t.dtype)) {
      return zeros(shape as number[], dtype ?? t.dtype, scope);
    }
    if (dtype !== undefined && dtype !== t.dtype) return zeros(shapeOf(t), dtype, scope);
    return applyOp('ZerosLike', { x: t }, {}, scope).output(0);
  });
}

/** `tf.ones_like(tensor, dtype, name)`. */
export function onesLike(tensor: InputValue, dtype?: DType, name?: string): Output {
  return withScope(name, 'ones_like', [tensor], (scope, graph) => {
    const t = convertToTensor(tensor, { name: 'tensor', graph });
    return ones(shapeOf(t), dtype ?? t.dtype, scope);
  });
}

/** `tf.shape(input, name, out_type=int32)`: a Const for a static shape, else a `Shape` op. */
export function shape(input: InputValue, name?: string, outType: DType = DType.int32): Output {
  return withScope(name, 'Shape', [input], (scope, graph) => {
    const t = convertToTensor(input, { name: 'input', graph });
    const s = t.shape;
    if (s && s.every((d) => d !== null)) {
      return makeConst(graph, Tensor.from(s as number[], { dtype: outType, shape: [s.length] }), scope);
    }
    return applyOp('Shape', { input: t }, { out_type: outType }, scope).output(0);
  });
}

/** The shape of `t` as a tensor: a `Shape/shape_as_tensor` Const when static (TF1's `shape_internal`). */
function shapeOf(t: Output): Output {
  const s = t.shape;
  if (s && s.every((d) => d !== null)) {
    return t.graph.nameScope('Shape', () => makeConst(t.graph, Tensor.from(s as number[], { dtype: DType.int32,
      shape: [s.length] }), 'shape_as_tensor'));
  }
  return shape(t);
}

/** `tf.reshape(tensor, shape, name)`. */
export function reshape(tensor: InputValue, shape: InputValue, name?: string): Output {
  return applyOp('Reshape', { tensor, shape }, {}, name ?? 'Reshape').output(0);
}

/**
 * `tf.reshape(tensor, [])` with the list literal `[]`: TF converts it to float32 first (a Const the op
 * does not take), then to the op's int32. (A TensorShape `[]` converts straight to int32: `reshape`.)
 */
export function reshapeToScalar(tensor: InputValue, name?: string): Output {
  return withScope(name, 'Reshape', [tensor], (scope, graph) => {
    makeConst(graph, Tensor.from([], { dtype: DType.float32, shape: [0] }), 'shape');
    return applyOp('Reshape', { tensor, shape: Tensor.from([], { dtype: DType.int32, shape: [0] }) }, {}, scope).output(0);
  });
}

/** `tf.cast(x, dtype, name)`: x itself when it already has `dtype`. */
export function cast(x: InputValue, dtype: DType, name?: string): Output {
  if (x instanceof Output && x.dtype === dtype) return x;
  return withScope(name, 'Cast', [x], (scope, graph) => {
    const t = convertToTensor(x, { name: 'x', graph });
    if (t.dtype === dtype) return t;
    return applyOp('Cast', { x: t }, { DstT: dtype }, scope).output(0);
  });
}

/** `tf.concat(values, axis, name='concat')`. */
export function concat(values: InputValue[], axis: number, name?: string): Output {
  // Python wraps a single value in a list.
  if (!Array.isArray(values)) values = [values];
  if (values.length === 1) {
    // TF converts `axis` only to check it, and names the Identity inside the scope it opens.
    return withScope(name, 'concat', values, (_scope, graph) => {
      convertToTensor(axis, { name: 'concat_dim', dtype: DType.int32, graph });
      return identity(values[0], name ?? 'concat');
    });
  }
  return applyOp('ConcatV2', { values, axis }, {}, name ?? 'concat').output(0);
}

/** `tf.stack(values, axis=0, name='stack')` (the `Pack` op). */
export function stack(values: InputValue[], axis = 0, name?: string): Output {
  // As TF, along axis 0 a list holding tensors converts by autopacking: its numbers become Consts named by position.
  // A list that cannot (tensors of several dtypes) goes to Pack, which raises TF1's error for it.
  if (axis === 0 && values.some((v) => v instanceof Output)) {
    try {
      return convertToTensor(values, { name: name ?? 'stack' });
    } catch (e) {
      if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
    }
  }
  return applyOp('Pack', { values }, { axis }, name ?? 'stack').output(0);
}

/** `tf.expand_dims(input, axis, name)`. */
export function expandDims(input: InputValue, axis: number, name?: string): Output {
  return applyOp('ExpandDims', { input, dim: axis }, {}, name ?? 'ExpandDims').output(0);
}

/** `tf.squeeze(input, axis, name)`. */
export function squeeze(input: InputValue, axis: number[] = [], name?: string): Output {
  return applyOp('Squeeze', { input }, { squeeze_dims: axis }, name ?? 'Squeeze').output(0);
}

/** `tf.transpose(a, perm, name='transpose')`; reverses the dimensions when `perm` is omitted. */
export function transpose(a: InputValue, perm?: number[] | Output, name?: string): Output {
  return withScope(name, 'transpose', [a], (scope, graph) => {
    const t = convertToTensor(a, { name: 'a', graph });
    if (!perm) {
      if (!t.shape) throw new ValueError('transpose without perm needs a tensor of known rank');
      perm = t.shape.map((_, i) => t.shape!.length - 1 - i);
    }
    return applyOp('Transpose', { x: t, perm }, {}, scope).output(0);
  });
}

/** `tf.rank(input)`: a `Rank` Const when the rank is static, else a `Rank` op. */
export function rank(input: InputValue | SparseTensor, name?: string): Output {
  // A SparseTensor's rank is the size of its dense shape, a Size op named `Rank`.
  if (input instanceof SparseTensor) {
    return withScope(name, 'Rank', [input.denseShape], (scope) =>
      applyOp('Size', { input: input.denseShape }, { out_type: DType.int32 }, scope).output(0));
  }
  return withScope(name, 'Rank', [input], (scope, graph) => {
    const x = convertToTensor(input, { graph });
    return x.shape ? makeConst(graph, Tensor.from(x.shape.length, { dtype: DType.int32 }), scope)
      : applyOp('Rank', { input: x }, {}, scope).output(0);
  });
}

/**
 * `tf.gather(params, indices, axis=batch_dims, name, batch_dims=0)`: `GatherV2`, or on axis 0 of a
 * resource variable its `sparseRead` (ResourceGather), as TF1 reads it. `axis` may be a tensor.
 */
export function gather(params: InputValue, indices: InputValue, axis?: InputValue, name?: string, batchDims = 0): Output {
  const ax = axis ?? batchDims;
  const c = ax instanceof Output ? constantValue(ax) : null;
  const axis0 = ax instanceof Output ? c !== null && Number(c.item()) === 0 : Number(ax) === 0;
  const sparse = params as { isResource?: unknown; sparseRead?: (i: InputValue, n?: string) => Output };
  if (axis0 && sparse?.isResource === true && sparse.sparseRead) return sparse.sparseRead(indices, name);
  return applyOp('GatherV2', { params, indices, axis: ax }, axis0 ? {} : { batch_dims: batchDims }, name ?? 'GatherV2')
    .output(0);
}

/**
 * `tf.compat.v1.where(condition, x, y, name)`: `Select` (x and y of the condition's shape, or its first
 * dimension); without x and y, the coordinates of the true elements (`Where`).
 */
export function where(condition: InputValue, x?: InputValue, y?: InputValue, name?: string): Output {
  if (x === undefined && y === undefined) return whereIndices(condition, name);
  if (x === undefined || y === undefined) throw new ValueError('x and y must both be non-None or both be None.');
  return applyOp('Select', { condition, t: x, e: y }, {}, name ?? 'Select').output(0);
}

/** `where(condition)`: a `Where` op in a `Where` scope, the condition converted as bool. */
function whereIndices(condition: InputValue, name?: string): Output {
  return withScope(name, 'Where', [condition], (scope, graph) => {
    const c = convertToTensor(condition, { preferredDtype: DType.bool, name: 'condition', graph });
    return applyOp('Where', { input: c }, {}, scope).output(0);
  });
}

/** `tf.where(condition, x, y, name)` (`where_v2`): `SelectV2`, which broadcasts. */
export function whereV2(condition: InputValue, x?: InputValue, y?: InputValue, name?: string): Output {
  if (x === undefined && y === undefined) return whereIndices(condition, name);
  if (x === undefined || y === undefined) throw new ValueError('x and y must both be non-None or both be None.');
  return applyOp('SelectV2', { condition, t: x, e: y }, {}, name ?? 'SelectV2').output(0);
}

/** `tf.tile(input, multiples, name)`. */
export function tile(input: InputValue, multiples: InputValue, name?: string): Output {
  return applyOp('Tile', { input, multiples }, {}, name ?? 'Tile').output(0);
}

/** `tf.stop_gradient(input, name)`. */
export function stopGradient(input: InputValue, name?: string): Output {
  return applyOp('StopGradient', { input }, {}, name ?? 'StopGradient').output(0);
}

/** `tf.compat.v1.diag_part(input, name)` (`DiagPart`). */
export function diagPart(input: InputValue, name?: string): Output {
  return applyOp('DiagPart', { input }, {}, name ?? 'DiagPart').output(0);
}

/** `tf.size(input, name, out_type=int32)`: a `Size` Const when the shape is static (or has a 0), else a `Size` op. */
export function size(input: InputValue, name?: string, outType: DType = DType.int32): Output {
  return withScope(name, 'Size', [input], (scope, graph) => {
    const x = convertToTensor(input, { graph });
    const s = x.shape;
    if (s && (s.every((d) => d !== null) || s.includes(0))) {
      const n = s.every((d) => d !== null) ? (s as number[]).reduce((a, b) => a * b, 1) : 0;
      return makeConst(graph, Tensor.from(n, { dtype: outType }), scope);
    }
    return applyOp('Size', { input: x }, { out_type: outType }, scope).output(0);
  });
}

/** Python's `tf.newaxis` (None) in a subscript: a new dimension of size 1. */
export const newaxis = null;
/** Python's `...` (Ellipsis) in a subscript: as many `:` as the dimensions not otherwise indexed. */
export const ellipsis = '...';

/** A slice bound: an int, a scalar int tensor, or null where Python leaves it out. */
export type SliceBound = number | Output | null;

/**
 * One entry of a Python subscript (`x[a, b, ...]`): an int or scalar int tensor (drops its
 * dimension), a slice as `[start, stop]` or `[start, stop, step]` (null where Python omits one, so
 * `[1, null, 2]` is `1::2`) or as Python's own text (`':'`, `'1:-1'`, `'::-1'`), `ellipsis`
 * (`'...'`) or `newaxis` (null).
 */
export type SliceSpec = number | Output | null | string | [SliceBound, SliceBound] | [SliceBound, SliceBound, SliceBound];

/** A whole subscript: its entries (Python's tuple), one entry alone, or a bool tensor (`boolean_mask`). */
export type Subscript = SliceSpec | SliceSpec[];

const SLICE_TYPE_ERROR = 'Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar ' +
  'tf.int32/tf.int64 tensors are valid indices';

/** The begin, end, strides and masks of a subscript's StridedSlice, and its scope (`strided_slice/`). */
export interface StridedSliceParts {
  begin: Output;
  end: Output;
  strides: Output;
  attrs: { begin_mask: number; end_mask: number; ellipsis_mask: number; new_axis_mask: number; shrink_axis_mask: number };
  scope: string;
}

/** `_check_index`: an int, or a scalar (or unknown-rank) int16/int32/int64 tensor. */
function checkIndex(idx: unknown): void {
  if (typeof idx === 'number' && Number.isInteger(idx)) return;
  if (idx instanceof Output && [DType.int16, DType.int32, DType.int64].includes(baseDType(idx.dtype)) &&
    idx.shape?.length !== 1) return;
  throw new TypeError(`${SLICE_TYPE_ERROR}, got ${pyRepr(idx)}`);
}

/** A slice's text (`'1:-1:2'`) as `[start, stop, step]`; null when the text is no slice. */
function parseSlice(s: string): SliceBound[] | null {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  const bounds = parts.map((p) => (p.trim() === '' ? null : /^\s*[-+]?\d+\s*$/.test(p) ? Number(p) : NaN));
  return bounds.some((b) => Number.isNaN(b)) ? null : bounds;
}

/**
 * `_slice_helper(tensor, slice_spec)`: the StridedSlice of `x[spec]` with the Consts, `add`s and
 * Packs TF builds for it; also what a Variable's slice assignment needs.
 */
export function stridedSliceOf(x: InputValue, spec: Subscript): { output: Output; parts?: StridedSliceParts } {
  const tensor = convertToTensor(x);
  const graph = tensor.graph;
  if (spec instanceof Output && baseDType(spec.dtype) === DType.bool) return { output: booleanMask(tensor, spec) };
  const entries = Array.isArray(spec) ? spec as SliceSpec[] : [spec];
  const begin: Array<number | Output> = [];
  const end: Array<number | Output> = [];
  const strides: Array<number | Output> = [];
  const masks = { begin_mask: 0, end_mask: 0, ellipsis_mask: 0, new_axis_mask: 0, shrink_axis_mask: 0 };
  // Made where `x[...]` is, before the `strided_slice` scope, as TF's `constant_op.constant` and `s + 1`.
  const constOf = (v: number, dtype: DType) => makeConst(graph, Tensor.from(dtype === DType.int64 ? BigInt(v) : v,
    { dtype }), 'Const');
  entries.forEach((entry, index) => {
    const s = typeof entry === 'string' && entry !== ellipsis ? parseSlice(entry) ?? entry : entry;
    if (Array.isArray(s)) {
      // The widest int dtype of the slice's tensors types the bounds it leaves out.
      const dtypes = s.filter((t): t is Output => t instanceof Output).map((t) => baseDType(t.dtype));
      const dtype = dtypes.includes(DType.int64) ? DType.int64 : dtypes.includes(DType.int32) ? DType.int32
        : dtypes.includes(DType.int16) ? DType.int16 : null;
      const [start = null, stop = null, step = null] = s;
      const bound = (b: SliceBound, list: Array<number | Output>, missing: number, mask?: 'begin_mask' | 'end_mask') => {
        if (b !== null) {
          checkIndex(b);
          list.push(b);
          return;
        }
        list.push(dtype === null ? missing : constOf(missing, dtype));
        if (mask) masks[mask] |= 1 << index;
      };
      bound(start, begin, 0, 'begin_mask');
      bound(stop, end, 0, 'end_mask');
      bound(step, strides, 1);
    } else if (s === ellipsis || s === newaxis) {
      begin.push(0);
      end.push(0);
      strides.push(1);
      masks[s === null ? 'new_axis_mask' : 'ellipsis_mask'] |= 1 << index;
    } else {
      checkIndex(s);
      const idx = s as number | Output;
      begin.push(idx);
      end.push(typeof idx === 'number' ? idx + 1 : applyOp('AddV2', { x: idx, y: 1 }, {}, 'add').output(0));
      const wide = idx instanceof Output && [DType.int16, DType.int64].includes(baseDType(idx.dtype));
      strides.push(wide ? constOf(1, baseDType((idx as Output).dtype)) : 1);
      masks.shrink_axis_mask |= 1 << index;
    }
  });
  return withScope(undefined, 'strided_slice', [tensor], (scope) => {
    let packed: Output[];
    if (begin.length) {
      // `stack` of a list: a Const of ints, a Pack of the list's tensors with its ints as Consts.
      packed = [begin, end, strides].map((v) => convertToTensor(v, { name: 'stack', graph,
        dtype: v.some((t) => t instanceof Output) ? undefined : DType.int32 }));
      // TF casts all three to int64 when any of them is.
      if (packed.some((p) => baseDType(p.dtype) === DType.int64)) {
        packed = packed.map((p) => (baseDType(p.dtype) === DType.int64 ? p
          : applyOp('Cast', { x: p }, { DstT: DType.int64 }, 'Cast').output(0)));
      }
    } else {
      const empty = makeConst(graph, Tensor.from([], { dtype: DType.int32, shape: [0] }), 'Const');
      packed = [empty, empty, empty];
    }
    const [b, e, st] = packed;
    const output = applyOp('StridedSlice', { input: tensor, begin: b, end: e, strides: st }, masks, scope).output(0);
    return { output, parts: { begin: b, end: e, strides: st, attrs: masks, scope } };
  });
}

/**
 * `tensor[spec]` (TF1's `Tensor.__getitem__`, `_slice_helper`): a StridedSlice of `x`, its begin, end
 * and strides packed as `stack` Consts (Packs where a tensor index is); a bool tensor subscript is
 * `tf.boolean_mask(x, spec)`. `spec` lists the entries of Python's subscript (a single entry may
 * stand alone): `ops.getItem(x, [0, ':', [1, null, 2], ops.newaxis, ops.ellipsis, [t, -1]])` is
 * `x[0, :, 1::2, tf.newaxis, ..., t:-1]`.
 */
export function getItem(x: InputValue, spec: Subscript): Output {
  return stridedSliceOf(x, spec).output;
}

/** `x[spec]` of an Output: `getItem` as the ops of this library use it (slices as `[start, stop]`). */
export function sliceOf(x: Output, spec: SliceSpec[]): Output {
  return getItem(x, spec);
}

/** `shape[0]` of a shape tensor. */
export function firstDim(shape: Output): Output {
  return sliceOf(shape, [0]);
}

/** `shape_internal(input)` as the ops below use it: a `Shape/shape_as_tensor` Const when static, else a `Shape` op. */
function shapeInternal(input: InputValue): Output {
  return withScope(undefined, 'Shape', [input], (scope, graph) => {
    const t = convertToTensor(input, { graph });
    const s = t.shape;
    if (s && s.every((d) => d !== null)) {
      return makeConst(graph, Tensor.from(s as number[], { dtype: DType.int32, shape: [s.length] }), 'shape_as_tensor');
    }
    return applyOp('Shape', { input: t }, { out_type: DType.int32 }, scope).output(0);
  });
}

/** `ops.convert_to_tensor(value, dtype_hint=hint)`: the hint where the value fits it, else the value's own dtype. */
function convertHinted(value: InputValue, hint: DType | undefined, name: string | undefined, graph: Graph): Output {
  if (hint !== undefined && !(value instanceof Output)) {
    try {
      return convertToTensor(value, { dtype: hint, name, graph });
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
    }
  }
  return convertToTensor(value, { name, graph });
}

/** Python's `<dtype: 'float32'>`. */
const dtypeRepr = (d: DType) => `<dtype: '${dtypeName(d)}'>`;

/** `tf.slice(input_, begin, size, name)` (`Slice`; -1 in `size` takes the rest of a dimension). */
export function slice(input: InputValue, begin: InputValue, size: InputValue, name?: string): Output {
  return applyOp('Slice', { input, begin, size }, {}, name ?? 'Slice').output(0);
}

/** Masks and name of `stridedSlice`. */
export interface StridedSliceOptions {
  beginMask?: number;
  endMask?: number;
  ellipsisMask?: number;
  newAxisMask?: number;
  shrinkAxisMask?: number;
  name?: string;
}

/**
 * `tf.strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
 * new_axis_mask=0, shrink_axis_mask=0, name)`; strides of 1 (a `ones_like(begin)`) when omitted.
 */
export function stridedSlice(input: InputValue, begin: InputValue, end: InputValue, strides?: InputValue,
  options: StridedSliceOptions = {}): Output {
  // Python ints convert to int32, as `ones_like(begin)` converts them.
  const hostInts = Array.isArray(begin) && !(begin as unknown[]).some((b) => b instanceof Output);
  const ones = strides ?? onesLike(hostInts ? Tensor.from(begin as number[], { dtype: DType.int32 }) : begin);
  return applyOp('StridedSlice', { input, begin, end, strides: ones }, {
    begin_mask: options.beginMask ?? 0, end_mask: options.endMask ?? 0, ellipsis_mask: options.ellipsisMask ?? 0,
    new_axis_mask: options.newAxisMask ?? 0, shrink_axis_mask: options.shrinkAxisMask ?? 0,
  }, options.name ?? 'StridedSlice').output(0);
}

/** Options of `split`. */
export interface SplitOptions {
  axis?: InputValue;
  /** The number of pieces when `numOrSizeSplits` is a tensor of unknown length. */
  num?: number;
  name?: string;
}

/**
 * `tf.split(value, num_or_size_splits, axis=0, num=None, name='split')`: `Split` into a number of
 * equal pieces, or `SplitV` into pieces of the given sizes (one may be -1).
 */
export function split(value: InputValue, numOrSizeSplits: number | InputValue, options: SplitOptions = {}): Output[] {
  const axis = options.axis ?? 0;
  const name = options.name ?? 'split';
  if (typeof numOrSizeSplits === 'number') {
    return groupedOutputs(applyOp('Split', { split_dim: axis, value }, { num_split: numOrSizeSplits }, name))[0] as Output[];
  }
  const sizeSplits = convertToTensor(numOrSizeSplits, { graph: graphFromInputs([value, numOrSizeSplits]) });
  const sizesShape = sizeSplits.shape;
  if (sizesShape?.length === 0) {
    throw new ValueError('Rank-0 tensors are not supported as the num_or_size_splits argument to split. Argument ' +
      `provided: ${pyStr(numOrSizeSplits)}`);
  }
  const num = options.num ?? sizesShape?.[0] ?? null;
  if (num === null) throw new ValueError(`Cannot infer argument \`num\` from shape ${pyStr(numOrSizeSplits)}`);
  return groupedOutputs(applyOp('SplitV', { value, size_splits: sizeSplits, split_dim: axis }, { num_split: num },
    name))[0] as Output[];
}

/** `tf.unstack(value, num=None, axis=0, name='unstack')` (`Unpack`): `num` from the static shape when omitted. */
export function unstack(value: InputValue, options: { num?: number; axis?: number; name?: string } = {}): Output[] {
  const axis = options.axis ?? 0;
  let num = options.num;
  let v = value;
  if (num === undefined) {
    const t = convertToTensor(value);
    v = t;
    const s = t.shape;
    if (s) {
      if (axis < -s.length || axis >= s.length) throw new ValueError(`Argument \`axis\` = ${axis} not in range [${-s.length}, ${s.length})`);
      num = s[axis < 0 ? axis + s.length : axis] ?? undefined;
    }
    if (num === undefined) throw new ValueError(`Cannot infer argument \`num\` from shape ${shapeString(s)}`);
  }
  return groupedOutputs(applyOp('Unpack', { value: v }, { num, axis }, options.name ?? 'unstack'))[0] as Output[];
}

/** Options of `pad`. */
export interface PadOptions {
  /** 'CONSTANT' (default), 'REFLECT' or 'SYMMETRIC', in any case. */
  mode?: string;
  name?: string;
  /** The value of the padding in CONSTANT mode (0). */
  constantValues?: InputValue;
}

/**
 * `tf.pad(tensor, paddings, mode='CONSTANT', name, constant_values=0)`: `Pad` (`PadV2` for another
 * constant) or `MirrorPad`; the static shape restored where the paddings are constant.
 */
export function pad(tensor: InputValue, paddings: InputValue, options: PadOptions = {}): Output {
  const mode = (options.mode ?? 'CONSTANT').toUpperCase();
  const cv = options.constantValues ?? 0;
  let result: Output;
  if (mode === 'CONSTANT') {
    const zero = typeof cv === 'number' ? cv === 0 : typeof cv === 'boolean' ? !cv : typeof cv === 'bigint' ? cv === 0n : false;
    result = zero ? applyOp('Pad', { input: tensor, paddings }, {}, options.name ?? 'Pad').output(0)
      : applyOp('PadV2', { input: tensor, paddings, constant_values: cv }, {}, options.name ?? 'PadV2').output(0);
  } else if (mode === 'REFLECT' || mode === 'SYMMETRIC') {
    result = applyOp('MirrorPad', { input: tensor, paddings }, { mode }, options.name ?? 'MirrorPad').output(0);
  } else {
    throw new ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". ' +
      `Received \`mode\` = ${mode}`);
  }
  // `_get_paddings_constant`: a tensor's constant value, or the host value.
  const padsT = paddings instanceof Output ? constantValue(paddings) : null;
  const pads = paddings instanceof Output ? (padsT ? (padsT.toArray() as number[][]) : null)
    : Array.isArray(paddings) && (paddings as unknown[]).every((p) => Array.isArray(p)) ? paddings as number[][] : null;
  const inputShape = tensor instanceof Output ? tensor.shape : result.op.inputs[0].shape;
  const rs = result.shape;
  if (inputShape && pads && !(rs && rs.every((d) => d !== null))) {
    result.setShape(inputShape.map((d, i) => {
      const p = pads[i];
      return d === null || !p || p.some((x) => typeof x !== 'number') ? null : d + Number(p[0]) + Number(p[1]);
    }));
  }
  return result;
}

/** Options of `oneHot`. */
export interface OneHotOptions {
  onValue?: InputValue;
  offValue?: InputValue;
  axis?: number;
  dtype?: DType;
  name?: string;
}

/**
 * `tf.one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name)`: the
 * dtype from `dtype`, else on_value's or off_value's, else float32; 1 and 0 by default.
 */
export function oneHot(indices: InputValue, depth: InputValue, options: OneHotOptions = {}): Output {
  const { onValue, offValue } = options;
  return withScope(options.name, 'one_hot', [indices, depth, onValue, offValue], (scope, graph) => {
    let dtype = options.dtype;
    const on = onValue === undefined ? undefined : convertHinted(onValue, dtype, undefined, graph);
    const off = offValue === undefined ? undefined : convertHinted(offValue, dtype, undefined, graph);
    if (on || off) {
      if (dtype !== undefined) {
        if (on && baseDType(on.dtype) !== dtype) {
          throw new TypeError(`dtype ${dtypeRepr(baseDType(on.dtype))} of on_value does not match dtype parameter ${dtypeRepr(dtype)}`);
        }
        if (off && baseDType(off.dtype) !== dtype) {
          throw new TypeError(`dtype ${dtypeRepr(baseDType(off.dtype))} of off_value does not match dtype parameter ${dtypeRepr(dtype)}`);
        }
      } else {
        dtype = baseDType((on ?? off)!.dtype);
      }
    }
    const dt = dtype ?? DType.float32;
    const onT = on ?? convertToTensor(1, { dtype: dt, name: 'on_value', graph });
    const offT = off ?? convertToTensor(0, { dtype: dt, name: 'off_value', graph });
    if (baseDType(onT.dtype) !== baseDType(offT.dtype)) {
      throw new TypeError(`dtype ${dtypeRepr(baseDType(onT.dtype))} of on_value does not match dtype ` +
        `${dtypeRepr(baseDType(offT.dtype))} of off_value`);
    }
    return applyOp('OneHot', { indices, depth, on_value: onT, off_value: offT }, { axis: options.axis ?? -1 }, scope)
      .output(0);
  });
}

/**
 * `tf.boolean_mask(tensor, mask, name='boolean_mask', axis=None)`: the elements (or slices along
 * `axis`) where `mask` is true, the masked dimensions flattened into one.
 */
export function booleanMask(tensor: InputValue, mask: InputValue, options: { name?: string; axis?: number } = {}): Output {
  return withScope(options.name, 'boolean_mask', [tensor, mask], (_scope, graph) => {
    const t = convertToTensor(tensor, { name: 'tensor', graph });
    let m = convertToTensor(mask, { name: 'mask', graph });
    const maskShape = m.shape;
    if (maskShape?.length === 0) throw new ValueError('mask cannot be scalar.');
    if (!maskShape) {
      throw new ValueError('Number of mask dimensions must be specified, even if some dimensions are None.  E.g. ' +
        'shape=[None] is ok, but shape=None is not.');
    }
    const n = maskShape.length;
    const axis = options.axis ?? 0;
    const tShape = t.shape;
    const masked = tShape ? tShape.slice(axis, axis + n) : null;
    assertShapesCompatible(masked, maskShape);
    const leading = applyOp('Prod', { input: sliceOf(shape(t), [[axis, axis + n]]), reduction_indices: [0] }, {}, 'Prod')
      .output(0);
    const flat = reshape(t, concat([sliceOf(shape(t), [[null, axis]]), [leading], sliceOf(shape(t), [[axis + n, null]])], 0));
    if (tShape) {
      const first = masked!.every((d) => d !== null) ? (masked as number[]).reduce((a, b) => a * b, 1) : null;
      flat.setShape([...tShape.slice(0, axis), first, ...tShape.slice(axis + n)]);
    }
    m = reshape(m, [-1]);
    return gather(flat, squeeze(whereV2(m), [1]), axis);
  });
}

/**
 * `tf.sequence_mask(lengths, maxlen=None, dtype=bool, name)`: `range(maxlen) < lengths[..., None]`,
 * maxlen the largest length when omitted.
 */
export function sequenceMask(lengths: InputValue, options: { maxlen?: InputValue; dtype?: DType; name?: string } = {}):
  Output {
  return withScope(options.name, 'SequenceMask', [lengths, options.maxlen], (_scope, graph) => {
    const len = convertToTensor(lengths, { graph });
    let maxlen: Output;
    if (options.maxlen === undefined) {
      const r = len.shape?.length;
      const dims = r !== undefined ? makeConst(graph, Tensor.from(Array.from({ length: r }, (_, i) => i),
        { dtype: DType.int32, shape: [r] }), 'Const')
        : applyOp('Range', { start: 0, limit: rank(len), delta: 1 }, {}, 'range').output(0);
      const max = applyOp('Max', { input: len, reduction_indices: dims }, {}, 'Max').output(0);
      maxlen = applyOp('Maximum', { x: makeConst(graph, Tensor.from(0, { dtype: max.dtype }), 'Const'), y: max }, {},
        'Maximum').output(0);
    } else {
      maxlen = convertToTensor(options.maxlen, { graph });
    }
    const ms = maxlen.shape;
    if (ms && ms.length !== 0) {
      throw new ValueError('Argument `maxlen` must be scalar for sequence_mask, received `maxlen` = ' +
        `${pyStr(maxlen)} with shape '${shapeString(ms)}' instead`);
    }
    const md = baseDType(maxlen.dtype);
    const row = applyOp('Range', { start: makeConst(graph, Tensor.from(0, { dtype: md }), 'Const'), limit: maxlen,
      delta: makeConst(graph, Tensor.from(1, { dtype: md }), 'Const') }, {}, 'Range').output(0);
    const matrix = applyOp('Cast', { x: expandDims(len, -1) }, { DstT: md }, 'Cast').output(0);
    const result = applyOp('Less', { x: row, y: matrix }, {}, 'Less').output(0);
    const dtype = options.dtype ?? DType.bool;
    return dtype === DType.bool ? result : applyOp('Cast', { x: result }, { DstT: dtype }, 'Cast').output(0);
  });
}

/**
 * `tf.gather_nd(params, indices, name, batch_dims=0)`: `GatherNd` (of a resource variable, its
 * `gather_nd`: a `ResourceGatherNd` read through an Identity); with batch dimensions, Python's
 * `batch_gather_nd` (the batch coordinates prepended to the indices).
 */
export function gatherNd(params: InputValue, indices: InputValue, name?: string, batchDims = 0): Output {
  if (batchDims !== 0) return batchGatherNd(params, indices, batchDims, name);
  const v = params as { isResource?: unknown; handle?: Output; dtype?: DType };
  if (v?.isResource === true && v.handle instanceof Output) {
    const handle = v.handle;
    const value = withScope(name, 'GatherNd', [handle, indices], (scope) =>
      applyOp('ResourceGatherNd', { resource: handle, indices }, { dtype: v.dtype }, scope).output(0));
    return identity(value);
  }
  return applyOp('GatherNd', { params, indices }, {}, name ?? 'GatherNd').output(0);
}

/** `batch_gather_nd`: a `GatherNd` of indices prefixed by each batch entry's coordinates, reshaped back to the batch. */
function batchGatherNd(params: InputValue, indices: InputValue, batchDims: number, name?: string): Output {
  return withScope(name, 'BatchGatherND', [params, indices], (_scope, graph) => {
    const ind = convertToTensor(indices, { name: 'indices', graph });
    const par = convertToTensor(params, { name: 'params', graph });
    if (!Number.isInteger(batchDims)) throw new TypeError(`Argument \`batch_dims\` must be an int; got ${batchDims}`);
    if (batchDims < 0) throw new ValueError('tf.gather_nd does not allow negative batch_dims.');
    const [pr, ir] = [par.shape?.length, ind.shape?.length];
    if (ir !== undefined && batchDims >= ir) {
      throw new ValueError(`Argument \`batch_dims\` = ${batchDims} must be less than rank(\`indices\`) = ${ir}`);
    }
    if (pr !== undefined && batchDims >= pr) {
      throw new ValueError(`Argument \`batch_dims\` = ${batchDims} must be less than rank(\`params\`) = ${pr}`);
    }
    const sub = (x: InputValue, y: number) => applyOp('Sub', { x, y }, {}, 'sub').output(0);
    const paramsShape = shape(par);
    const indicesShape = shape(ind);
    const batchShape = sliceOf(paramsShape, [[null, batchDims]]);
    const batchSize = applyOp('Prod', { input: batchShape, reduction_indices: [0] }, {}, 'Prod').output(0);
    const indexInternalNdims = sub(sub(rank(ind), batchDims), 1);
    const indicesInternalShape = sliceOf(indicesShape, [[batchDims, -1]]);
    const dimRanges = unstack(batchShape, { axis: 0 }).map((x) => {
      const r = applyOp('Range', { start: 0, limit: applyOp('Cast', { x }, { DstT: DType.int32 }, 'Cast').output(0),
        delta: 1 }, {}, 'Range').output(0);
      return applyOp('Cast', { x: r }, { DstT: baseDType(ind.dtype) }, 'Cast').output(0);
    });
    const meshList = dimRanges.length ? meshgrid(dimRanges, { indexing: 'ij' }) : [];
    let indexGrid = transpose(stack(meshList.map((x) => reshape(x, [-1])), 0));
    const gridShape = shape(indexGrid);
    indexGrid = reshape(indexGrid, concat([sliceOf(gridShape, [[null, 1]]), ones(indexInternalNdims, gridShape.dtype),
      sliceOf(gridShape, [[1, null]])], 0));
    indexGrid = tile(indexGrid, concat([[1], indicesInternalShape, [1]], 0));
    const flatIndices = reshape(ind, concat([[batchSize], sliceOf(indicesShape, [[batchDims, null]])], 0));
    const out = applyOp('GatherNd', { params: par, indices: concat([indexGrid, flatIndices], -1) }, {}, 'GatherNd').output(0);
    return reshape(out, concat([batchShape, sliceOf(shape(out), [[1, null]])], 0));
  });
}

/** `tf.scatter_nd(indices, updates, shape, name)`: `updates` summed into zeros of `shape` at `indices`. */
export function scatterNd(indices: InputValue, updates: InputValue, shape: InputValue, name?: string): Output {
  return applyOp('ScatterNd', { indices, updates, shape }, {}, name ?? 'ScatterNd').output(0);
}

/** The `tf.tensor_scatter_*(tensor, indices, updates, name)` wrapper of op `type`, named as the op by default. */
const tensorScatter = (type: string) => (tensor: InputValue, indices: InputValue, updates: InputValue, name?: string):
  Output => applyOp(type, { tensor, indices, updates }, {}, name ?? type).output(0);

/** `tf.tensor_scatter_update(tensor, indices, updates, name)` (also `tf.tensor_scatter_nd_update`). */
export const tensorScatterUpdate = tensorScatter('TensorScatterUpdate');
/** `tf.tensor_scatter_add(tensor, indices, updates, name)` (also `tf.tensor_scatter_nd_add`). */
export const tensorScatterAdd = tensorScatter('TensorScatterAdd');
/** `tf.tensor_scatter_sub(tensor, indices, updates, name)` (also `tf.tensor_scatter_nd_sub`). */
export const tensorScatterSub = tensorScatter('TensorScatterSub');
/** `tf.tensor_scatter_nd_max(tensor, indices, updates, name)` (`ops.tensorScatterNdMax`): each element's max with its updates. */
export const tensorScatterMax = tensorScatter('TensorScatterMax');
/** `tf.tensor_scatter_nd_min(tensor, indices, updates, name)` (`ops.tensorScatterNdMin`): each element's min with its updates. */
export const tensorScatterMin = tensorScatter('TensorScatterMin');

/** `tf.reverse(tensor, axis, name)` (`ReverseV2`). */
export function reverse(tensor: InputValue, axis: InputValue, name?: string): Output {
  return applyOp('ReverseV2', { tensor, axis }, {}, name ?? 'ReverseV2').output(0);
}

/**
 * `tf.reverse_sequence(input, seq_lengths, seq_axis, batch_axis=0, name)`: each batch entry's first
 * `seq_lengths` elements along `seq_axis` reversed.
 */
export function reverseSequence(input: InputValue, seqLengths: InputValue,
  options: { seqAxis: number; batchAxis?: number; name?: string }): Output {
  return applyOp('ReverseSequence', { input, seq_lengths: seqLengths },
    { seq_dim: options.seqAxis, batch_dim: options.batchAxis ?? 0 }, options.name ?? 'ReverseSequence').output(0);
}

/** `tf.roll(input, shift, axis, name)`. */
export function roll(input: InputValue, shift: InputValue, axis: InputValue, name?: string): Output {
  return applyOp('Roll', { input, shift, axis }, {}, name ?? 'Roll').output(0);
}

/** `tf.broadcast_to(input, shape, name)`. */
export function broadcastTo(input: InputValue, shape: InputValue, name?: string): Output {
  return applyOp('BroadcastTo', { input, shape }, {}, name ?? 'BroadcastTo').output(0);
}

/** `tf.broadcast_dynamic_shape(shape_x, shape_y)` (`BroadcastArgs`). */
export function broadcastDynamicShape(shapeX: InputValue, shapeY: InputValue): Output {
  return applyOp('BroadcastArgs', { s0: shapeX, s1: shapeY }, {}, 'BroadcastArgs').output(0);
}

/** `tf.broadcast_static_shape(shape_x, shape_y)`: the static shape both broadcast to (null for unknown rank). */
export function broadcastStaticShape(shapeX: ShapeLike | null, shapeY: ShapeLike | null): ShapeLike | null {
  if (shapeX === null || shapeY === null) return null;
  const n = Math.max(shapeX.length, shapeY.length);
  const pad1 = (s: ShapeLike) => [...new Array<number>(n - s.length).fill(1), ...s];
  const [a, b] = [pad1(shapeX), pad1(shapeY)];
  // `_broadcast_shape_helper`: an unknown dimension takes the other's when that is above 1.
  return a.map((x, i) => {
    const y = b[i];
    if (x === null || y === null) return x !== null && x > 1 ? x : y !== null && y > 1 ? y : null;
    if (x === 1 || x === y) return y;
    if (y === 1) return x;
    throw new ValueError('Incompatible shapes for broadcasting. Two shapes are compatible if for each dimension pair ' +
      `they are either equal or one of them is 1. Received: ${shapeString(shapeX)} and ${shapeString(shapeY)}.`);
  });
}

/**
 * `tf.meshgrid(*args, indexing='xy', name='meshgrid')`: N-D coordinate arrays of the 1-D `args`,
 * the first two dimensions swapped for 'xy' indexing.
 */
export function meshgrid(args: InputValue[], options: { indexing?: 'xy' | 'ij'; name?: string } = {}): Output[] {
  const indexing = options.indexing ?? 'xy';
  if (indexing !== 'xy' && indexing !== 'ij') {
    throw new ValueError(`Argument \`indexing\` parameter must be either 'xy' or 'ij', got '${String(indexing)}'`);
  }
  return withScope(options.name, 'meshgrid', args, (_scope, graph) => {
    const ndim = args.length;
    if (!ndim) return [];
    const shapeWith = (i: number) => Array.from({ length: ndim }, (_, j) => (j === i ? -1 : 1));
    const output = args.map((x, i) => reshape(x instanceof Output ? x : convertToTensor(x, { name: 'stack', graph }),
      shapeWith(i)));
    const shapes = args.map((x) => size(x));
    const dtype = baseDType(convertToTensor(args[0], { graph }).dtype);
    if (indexing === 'xy' && ndim > 1) {
      const rest = new Array<number>(ndim - 2).fill(1);
      output[0] = reshape(output[0], [1, -1, ...rest]);
      output[1] = reshape(output[1], [-1, 1, ...rest]);
      [shapes[0], shapes[1]] = [shapes[1], shapes[0]];
    }
    const multFact = ones(shapes, dtype);
    return output.map((x) => applyOp('Mul', { x, y: multFact }, {}, 'mul').output(0));
  });
}

/** `tf.unique(x, out_idx=int32, name)`: `[y, idx]`, y the distinct values in order of appearance. */
export function unique(x: InputValue, outIdx: DType = DType.int32, name?: string): [Output, Output] {
  const op = applyOp('Unique', { x }, { out_idx: outIdx }, name ?? 'Unique');
  return [op.output(0), op.output(1)];
}

/** `tf.unique_with_counts(x, out_idx=int32, name)`: `[y, idx, count]`. */
export function uniqueWithCounts(x: InputValue, outIdx: DType = DType.int32, name?: string): [Output, Output, Output] {
  const op = applyOp('UniqueWithCounts', { x }, { out_idx: outIdx }, name ?? 'UniqueWithCounts');
  return [op.output(0), op.output(1), op.output(2)];
}

/** `tf.setdiff1d(x, y, index_dtype=int32, name)` (`ListDiff`): `[out, idx]`, the values of x not in y and where they are. */
export function setdiff1d(x: InputValue, y: InputValue, indexDtype: DType = DType.int32, name?: string): [Output, Output] {
  const op = applyOp('ListDiff', { x, y }, { out_idx: indexDtype }, name ?? 'ListDiff');
  return [op.output(0), op.output(1)];
}

/** `tf.invert_permutation(x, name)`. */
export function invertPermutation(x: InputValue, name?: string): Output {
  return applyOp('InvertPermutation', { x }, {}, name ?? 'InvertPermutation').output(0);
}

/** `tf.unravel_index(indices, dims, name)`. */
export function unravelIndex(indices: InputValue, dims: InputValue, name?: string): Output {
  return applyOp('UnravelIndex', { indices, dims }, {}, name ?? 'UnravelIndex').output(0);
}

/**
 * `tf.searchsorted(sorted_sequence, values, side='left', out_type=int32, name)`: `LowerBound` or
 * `UpperBound` over the innermost dimension, through 2-D reshapes.
 */
export function searchsorted(sortedSequence: InputValue, values: InputValue,
  options: { side?: 'left' | 'right'; outType?: DType; name?: string } = {}): Output {
  const sequenceSize = sliceOf(shapeInternal(sortedSequence), [-1]);
  const valuesSize = sliceOf(shapeInternal(values), [-1]);
  const sorted2d = reshape(sortedSequence, [-1, sequenceSize]);
  const values2d = reshape(values, [-1, valuesSize]);
  const side = options.side ?? 'left';
  if (side !== 'left' && side !== 'right') {
    throw new ValueError(`Argument \`side\` must be either 'right' or 'left'. Received: \`side\` = '${String(side)}'.`);
  }
  const out = applyOp(side === 'right' ? 'UpperBound' : 'LowerBound', { sorted_inputs: sorted2d, values: values2d },
    { out_type: options.outType ?? DType.int32 }, options.name ?? (side === 'right' ? 'UpperBound' : 'LowerBound'));
  return reshape(out.output(0), shapeInternal(values));
}

/** `tf.space_to_batch_nd(input, block_shape, paddings, name)`. */
export function spaceToBatchND(input: InputValue, blockShape: InputValue, paddings: InputValue, name?: string): Output {
  return applyOp('SpaceToBatchND', { input, block_shape: blockShape, paddings }, {}, name ?? 'SpaceToBatchND').output(0);
}

/** `tf.batch_to_space_nd(input, block_shape, crops, name)`. */
export function batchToSpaceND(input: InputValue, blockShape: InputValue, crops: InputValue, name?: string): Output {
  return applyOp('BatchToSpaceND', { input, block_shape: blockShape, crops }, {}, name ?? 'BatchToSpaceND').output(0);
}

/** The int64 `[b, b]` block shape TF1's 4-D `space_to_batch`/`batch_to_space` give the ND ops. */
const squareBlock = (b: number) => Tensor.from([BigInt(b), BigInt(b)], { dtype: DType.int64, shape: [2] });

/** `tf.space_to_batch(input, paddings, block_size, name)`: `SpaceToBatchND` with a square block, of rank 4. */
export function spaceToBatch(input: InputValue, paddings: InputValue, blockSize: number, name?: string): Output {
  const result = spaceToBatchND(input, squareBlock(blockSize), paddings, name);
  result.setShape(withRank(result.shape, 4));
  return result;
}

/** `tf.batch_to_space(input, crops, block_size, name)`: `BatchToSpaceND` with a square block, of rank 4. */
export function batchToSpace(input: InputValue, crops: InputValue, blockSize: number, name?: string): Output {
  const result = batchToSpaceND(input, squareBlock(blockSize), crops, name);
  result.setShape(withRank(result.shape, 4));
  return result;
}

/** `tf.depth_to_space(input, block_size, name, data_format='NHWC')`. */
export function depthToSpace(input: InputValue, blockSize: number, options: { name?: string; dataFormat?: string } = {}):
  Output {
  return applyOp('DepthToSpace', { input }, { block_size: blockSize, data_format: options.dataFormat ?? 'NHWC' },
    options.name ?? 'DepthToSpace').output(0);
}

/** `tf.space_to_depth(input, block_size, name, data_format='NHWC')`. */
export function spaceToDepth(input: InputValue, blockSize: number, options: { name?: string; dataFormat?: string } = {}):
  Output {
  return applyOp('SpaceToDepth', { input }, { block_size: blockSize, data_format: options.dataFormat ?? 'NHWC' },
    options.name ?? 'SpaceToDepth').output(0);
}

/** `tf.shape_n(input, out_type=int32, name)`: the shapes of several tensors (`ShapeN`). */
export function shapeN(input: InputValue[], outType: DType = DType.int32, name?: string): Output[] {
  return groupedOutputs(applyOp('ShapeN', { input }, { out_type: outType }, name ?? 'ShapeN'))[0] as Output[];
}

/** `tf.parallel_stack(values, name='parallel_stack')`: a `ParallelConcat` of the values each given a leading dimension. */
export function parallelStack(values: InputValue[], name = 'parallel_stack'): Output {
  return withScope(name, name, values, (_scope, graph) => {
    const first = convertToTensor(values[0], { graph });
    const s = first.shape;
    return applyOp('ParallelConcat', { values: values.map((v) => expandDims(v, 0)) },
      { shape: s === null ? null : [values.length, ...s] }, 'ParallelConcat').output(0);
  });
}

/** `tf.bitcast(input, type, name)`: the same bytes as another dtype. */
export function bitcast(input: InputValue, type: DType, name?: string): Output {
  return applyOp('Bitcast', { input }, { type }, name ?? 'Bitcast').output(0);
}

/** `tf.identity_n(input, name)`: `IdentityN` of a list of tensors. */
export function identityN(input: InputValue[], name?: string): Output[] {
  return groupedOutputs(applyOp('IdentityN', { input }, {}, name ?? 'IdentityN'))[0] as Output[];
}

/** `tf.ensure_shape(x, shape, name)`: x, checked at run time to have a shape compatible with `shape`. */
export function ensureShape(x: InputValue, shape: ShapeLike | null, name?: string): Output {
  return applyOp('EnsureShape', { input: x }, { shape }, name ?? 'EnsureShape').output(0);
}

/**
 * `tf.matrix_transpose(a, name='matrix_transpose', conjugate=False)`: the last two dimensions
 * swapped; of unknown rank, the permutation is computed from its `Rank`.
 */
export function matrixTranspose(a: InputValue, name?: string): Output {
  return withScope(name, 'matrix_transpose', [a], (_scope, graph) => {
    const t = convertToTensor(a, { name: 'a', graph });
    const s = t.shape;
    if (s) {
      if (s.length < 2) {
        throw new ValueError(`Argument \`a\` should be a (batch) matrix with rank >= 2.  Received \`a\` = ${pyStr(t)} ` +
          `with shape: ${shapeString(s)}`);
      }
      return transpose(t, [...Array.from({ length: s.length - 2 }, (_, i) => i), s.length - 1, s.length - 2]);
    }
    const r = rank(t);
    const sub = (y: number) => applyOp('Sub', { x: r, y }, {}, 'sub').output(0);
    const head = applyOp('Range', { start: 0, limit: sub(2), delta: 1 }, {}, 'Range').output(0);
    return transpose(t, concat([head, [sub(1), sub(2)]], 0));
  });
}

/**
 * `tf.edit_distance(hypothesis, truth, normalize=True, name='edit_distance')`: the Levenshtein
 * distances of two SparseTensors (or SparseTensorValues) of sequences.
 */
export function editDistance(hypothesis: SparseTensor | SparseTensorValue, truth: SparseTensor | SparseTensorValue,
  options: { normalize?: boolean; name?: string } = {}): Output {
  const isSparse = (x: unknown) => x instanceof SparseTensor || x instanceof SparseTensorValue;
  if (!isSparse(hypothesis)) throw new TypeError('Hypothesis must be a SparseTensor.');
  if (!isSparse(truth)) throw new TypeError('Truth must be a SparseTensor.');
  return applyOp('EditDistance', {
    hypothesis_indices: hypothesis.indices, hypothesis_values: hypothesis.values, hypothesis_shape: hypothesis.denseShape,
    truth_indices: truth.indices, truth_values: truth.values, truth_shape: truth.denseShape,
  }, { normalize: options.normalize ?? true }, options.name ?? 'edit_distance').output(0);
}

/**
 * `tf.dynamic_partition(data, partitions, num_partitions, name)`: `data` split into
 * `num_partitions` tensors by the partition index of each of its slices.
 */
export function dynamicPartition(data: InputValue, partitions: InputValue, numPartitions: number, name?: string): Output[] {
  return groupedOutputs(applyOp('DynamicPartition', { data, partitions }, { num_partitions: numPartitions },
    name ?? 'DynamicPartition'))[0] as Output[];
}

/** `tf.dynamic_stitch(indices, data, name)`: the `data` slices interleaved into one tensor at `indices`. */
export function dynamicStitch(indices: InputValue[], data: InputValue[], name?: string): Output {
  return applyOp('DynamicStitch', { indices, data }, {}, name ?? 'DynamicStitch').output(0);
}

/** `tf.check_numerics(tensor, message, name)`: the tensor, an InvalidArgumentError at run time when it holds a NaN or Inf. */
export function checkNumerics(tensor: InputValue, message: string, name?: string): Output {
  return applyOp('CheckNumerics', { tensor }, { message }, name ?? 'CheckNumerics').output(0);
}

/**
 * `tf.extract_image_patches(images, ksizes, strides, rates, padding, name)`: the `ksizes` patches of
 * NHWC images, each flattened into the depth dimension.
 */
export function extractImagePatches(images: InputValue, ksizes: number[], strides: number[], rates: number[],
  padding: 'VALID' | 'SAME', name?: string): Output {
  return applyOp('ExtractImagePatches', { images }, { ksizes, strides, rates, padding }, name ?? 'ExtractImagePatches')
    .output(0);
}
