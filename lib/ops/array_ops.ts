/**
 * Tensor-making and reshaping helpers (TF1's `array_ops` / `constant_op`), named as TF1 names
 * them: `constant` makes `Const`, `zeros([2])` a `zeros` Const, `fill` a `Fill` with `Fill/dims`.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, graphFromInputs, makeConst } from '../framework/op_def_library';
import { Graph, Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { Tensor, TensorLike } from '../framework/tensor';

/** A static shape: null for an unknown dimension. */
export type ShapeLike = (number | null)[];

/**
 * Runs `fn` in name scope `name` (or `defaultName`) of the graph the `values` belong to; `fn`
 * gets the scope with its trailing '/', which as an op name means "exactly this name".
 */
export function withScope<T>(name: string | undefined, defaultName: string, values: unknown[],
  fn: (scope: string, graph: Graph) => T): T {
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
 * `tf.gather(params, indices, axis=0, name)`: `GatherV2`, or on axis 0 of a resource variable its
 * `sparseRead` (ResourceGather), as TF1 reads it.
 */
export function gather(params: InputValue, indices: InputValue, axis = 0, name?: string): Output {
  const sparse = params as { isResource?: unknown; sparseRead?: (i: InputValue, n?: string) => Output };
  if (axis === 0 && sparse.isResource === true && sparse.sparseRead) return sparse.sparseRead(indices, name);
  return applyOp('GatherV2', { params, indices, axis }, {}, name ?? 'GatherV2').output(0);
}

/** `tf.compat.v1.where(condition, x, y, name)`: `Select` (x and y of the condition's shape, or its first dimension). */
export function where(condition: InputValue, x: InputValue, y: InputValue, name?: string): Output {
  return applyOp('Select', { condition, t: x, e: y }, {}, name ?? 'Select').output(0);
}

/** `tf.where(condition, x, y, name)` (`where_v2`): `SelectV2`, which broadcasts. */
export function whereV2(condition: InputValue, x: InputValue, y: InputValue, name?: string): Output {
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

/** `array_ops.size`: a `Size` Const when the shape is static (or has a 0), else a `Size` op. */
export function size(x: Output, name?: string): Output {
  return withScope(name, 'Size', [x], (scope, graph) => {
    const s = x.shape;
    if (s && (s.every((d) => d !== null) || s.includes(0))) {
      const n = s.every((d) => d !== null) ? (s as number[]).reduce((a, b) => a * b, 1) : 0;
      return makeConst(graph, Tensor.from(n, { dtype: DType.int32 }), scope);
    }
    return applyOp('Size', { input: x }, { out_type: DType.int32 }, scope).output(0);
  });
}

/** One dimension of a Python subscript: an index (an int32 tensor too), or a slice `[start, stop]` (null: open). */
export type SliceSpec = number | Output | [number | null, number | null];

/**
 * `x[spec...]` as Python's `_slice_helper` builds it: one StridedSlice (`strided_slice`) with its
 * begin, end and strides packed as `stack` Consts (Packs where a tensor index is, its end an `add`
 * made before the scope); an index drops its dimension.
 */
export function sliceOf(x: Output, spec: SliceSpec[]): Output {
  const begin: Array<number | Output> = [];
  const end: Array<number | Output> = [];
  let beginMask = 0;
  let endMask = 0;
  let shrinkMask = 0;
  spec.forEach((s, i) => {
    if (typeof s === 'number' || s instanceof Output) {
      begin.push(s);
      end.push(typeof s === 'number' ? s + 1 : applyOp('AddV2', { x: s, y: 1 }, {}, 'add').output(0));
      shrinkMask |= 1 << i;
      return;
    }
    begin.push(s[0] ?? 0);
    end.push(s[1] ?? 0);
    if (s[0] === null) beginMask |= 1 << i;
    if (s[1] === null) endMask |= 1 << i;
  });
  return withScope(undefined, 'strided_slice', [x], (scope, graph) => {
    const [b, e, strides] = [begin, end, spec.map(() => 1)].map((v) => convertToTensor(v, { dtype: DType.int32,
      name: 'stack', graph }));
    return applyOp('StridedSlice', { input: x, begin: b, end: e, strides }, {
      begin_mask: beginMask, end_mask: endMask, shrink_axis_mask: shrinkMask,
    }, scope).output(0);
  });
}

/** `shape[0]` of a shape tensor. */
export function firstDim(shape: Output): Output {
  return sliceOf(shape, [0]);
}
