/**
 * Clipping (TF1's `clip_ops`): `clipByValue`, `clipByNorm`, `globalNorm`, `clipByGlobalNorm` and
 * `clipByAverageNorm`, building the ops TF 2.21's `tf.compat.v1` builds in graph mode, with the
 * same names (Python's operators included: `values * values` is a `Mul` named `mul`), the same
 * colocation and the same build-time errors. IndexedSlices (gradients of gathers) are clipped by
 * their values and stay IndexedSlices, as in TF1.
 */
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, TensorConvertible, applyOp, convertToTensor, makeConst }
  from '../framework/op_def_library';
import { IndexedSlices } from '../framework/indexed_slices';
import { Graph, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { cast, identity, onesLike, rank, size, withScope } from './array_ops';
import { add, greater, maximum, minimum, mul, range, reduceSum, rsqrt, sqrt, sub, truediv } from './math_ops';
import { assertShapesCompatible } from '../framework/tensor_shape';
import { pythonType } from './python_type';

/** What clipping takes: a tensor (or value), or IndexedSlices. */
type Clippable = InputValue | IndexedSlices;

/** The values to clip: of IndexedSlices, their values. */
function valuesOf(t: Clippable, name: string, graph: Graph): Output {
  return convertToTensor(t instanceof IndexedSlices ? t.values : t, { name, graph });
}

/** `clipped` in the form of `t`: IndexedSlices at t's indices for IndexedSlices. */
function likeInput<T extends Clippable>(t: T, clipped: Output): T extends IndexedSlices ? IndexedSlices : Output;
function likeInput(t: Clippable, clipped: Output): Output | IndexedSlices {
  return t instanceof IndexedSlices ? new IndexedSlices(clipped, t.indices, t.denseShape) : clipped;
}

/** A list of tensors, as TF's `t_list` (any sequence but a string; here an array). */
function checkTList(tList: unknown): asserts tList is ReadonlyArray<Clippable | null> {
  if (!Array.isArray(tList)) {
    throw new TypeError(`\`t_list\` should be a sequence of tensors. Received ${pythonType(tList)}.`);
  }
}

/** `tf.clip_by_value(t, clip_value_min, clip_value_max)`: `Maximum(Minimum(t, max), min)`. */
export function clipByValue<T extends Clippable>(t: T, clipValueMin: InputValue, clipValueMax: InputValue, name?: string):
  T extends IndexedSlices ? IndexedSlices : Output {
  return withScope(name, 'clip_by_value', [t, clipValueMin, clipValueMax], (scope, graph) => {
    const values = valuesOf(t, 't', graph);
    const tMin = minimum(values, clipValueMax);
    assertShapesCompatible(values.shape, tMin.shape);
    const tMax = maximum(tMin, clipValueMin, scope);
    assertShapesCompatible(values.shape, tMax.shape);
    return likeInput(t, tMax);
  });
}

/** Options of `clipByNorm`. */
export interface ClipByNormOptions {
  /** The axes the L2 norm is taken over (default all). */
  axes?: number | number[] | Output;
  name?: string;
}

/**
 * `tf.clip_by_norm(t, clip_norm, axes)`: `t * clip_norm / max(l2norm(t), clip_norm)`, the norm taken
 * over `axes`. A negative number `clipNorm` counts as 0; a tensor one goes through
 * `cast(maximum(clip_norm, 0), t.dtype)`.
 */
export function clipByNorm<T extends Clippable>(t: T, clipNorm: InputValue, options: ClipByNormOptions = {}):
  T extends IndexedSlices ? IndexedSlices : Output {
  return withScope(options.name, 'clip_by_norm', [t, clipNorm], (scope, graph) => {
    const values = valuesOf(t, 't', graph);
    // A number is clipped in JS (`np.isscalar`), a tensor in the graph.
    const norm = typeof clipNorm === 'number' ? (clipNorm < 0 ? 0 : clipNorm)
      : cast(maximum(clipNorm, 0), baseDType(values.dtype));
    const squares = mul(values, values, 'mul');
    const l2sum = reduceSum(squares, { axis: options.axes, keepDims: true });
    const pred = greater(l2sum, 0);
    // The norm where the sum is positive, else the (zero) sum: no NaN gradient from sqrt(0).
    const l2sumSafe = applyOp('Select', { condition: pred, t: l2sum, e: onesLike(l2sum) }, {}).output(0);
    const l2norm = applyOp('Select', { condition: pred, t: sqrt(l2sumSafe), e: l2sum }, {}).output(0);
    const intermediate = mul(values, norm, 'mul');
    assertShapesCompatible(values.shape, intermediate.shape);
    return likeInput(t, identity(truediv(intermediate, maximum(l2norm, norm)), scope));
  });
}

/**
 * `tf.global_norm(t_list)`: `sqrt(sum(l2norm(t) ** 2 for t in t_list))`, null entries ignored;
 * each `L2Loss` is colocated with its tensor.
 */
export function globalNorm(tList: ReadonlyArray<Clippable | null>, name?: string): Output {
  checkTList(tList);
  const list = [...tList];
  return withScope(name, 'global_norm', list, (_scope, graph) => {
    const values = list.map((t, i) => (t == null ? null : valuesOf(t, `t_${i}`, graph)));
    const halfSquaredNorms = values.filter((v): v is Output => v !== null)
      .map((v) => graph.colocateWith(v, () => applyOp('L2Loss', { t: v }, {}).output(0)));
    const stacked = stack(graph, halfSquaredNorms);
    const halfSquaredNorm = reduceSum(stacked);
    const two = makeConst(graph, Tensor.from(2, { dtype: baseDType(halfSquaredNorm.dtype) }));
    return sqrt(mul(halfSquaredNorm, two, 'mul'), 'global_norm');
  });
}

/**
 * `array_ops_stack.stack` of the half squared norms: a `Pack` named `stack`, or for no tensors the
 * constant `[]` (float32), as TF converts an empty list.
 */
function stack(graph: Graph, values: Output[]): Output {
  if (values.length === 0) return makeConst(graph, Tensor.from([], { dtype: DType.float32, shape: [0] }), 'stack');
  return applyOp('Pack', { values }, { axis: 0 }, 'stack').output(0);
}

/** Options of `clipByGlobalNorm`. */
export interface ClipByGlobalNormOptions {
  /** The global norm to use instead of computing `globalNorm(tList)`. */
  useNorm?: Output | TensorConvertible;
  name?: string;
}

/**
 * `tf.clip_by_global_norm(t_list, clip_norm, use_norm)`: each tensor times
 * `clip_norm / max(global_norm, clip_norm)`, and the global norm. Null entries stay null; an
 * infinite global norm makes every value NaN (`scale + (norm - norm)`), as TF signals it.
 */
export function clipByGlobalNorm<T extends Clippable>(tList: ReadonlyArray<T | null>, clipNorm: InputValue,
  options: ClipByGlobalNormOptions = {}): [Array<(T extends IndexedSlices ? IndexedSlices : Output) | null>, Output] {
  checkTList(tList);
  const list = [...tList];
  const norm = options.useNorm == null ? globalNorm(list, options.name) : convertToTensor(options.useNorm);
  const clipped = withScope(options.name, 'clip_by_global_norm', [...list, clipNorm], (scope, graph) => {
    const invNorm = truediv(1, norm);
    const one = makeConst(graph, Tensor.from(1, { dtype: baseDType(norm.dtype) }));
    const scaleForFinite = mul(clipNorm, minimum(invNorm, truediv(one, clipNorm)), 'mul');
    const scale = add(scaleForFinite, sub(norm, norm, 'sub'), 'add');
    const values = list.map((t, i) => (t == null ? null : valuesOf(t, `t_${i}`, graph)));
    return values.map((v, i) => v && likeInput(list[i]!, graph.colocateWith(v, () =>
      identity(mul(v, cast(scale, baseDType(v.dtype)), 'mul'), `${scope}_${i}`))));
  });
  return [clipped, norm];
}

/**
 * `tf.clip_by_average_norm(t, clip_norm)` (deprecated in TF): `t * clip_norm / max(l2norm(t) /
 * size(t), clip_norm)`, in float32.
 */
export function clipByAverageNorm(t: InputValue, clipNorm: InputValue, name?: string): Output {
  return withScope(name, 'clip_by_average_norm', [t, clipNorm], (scope, graph) => {
    const values = convertToTensor(t, { name: 't', graph });
    const nElement = cast(size(values), DType.float32);
    const l2normInv = rsqrt(reduceSum(mul(values, values, 'mul'), range(0, rank(values))));
    const scaled = mul(values, clipNorm, 'mul');
    const factor = minimum(mul(l2normInv, nElement, 'mul'),
      truediv(makeConst(graph, Tensor.from(1, { dtype: DType.float32 })), clipNorm));
    return identity(mul(scaled, factor, 'mul'), scope);
  });
}
