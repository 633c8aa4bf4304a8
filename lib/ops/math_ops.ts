/**
 * Math helpers (TF1's `math_ops`), named as TF1 names them: `add` makes an `AddV2` op named
 * `Add`, `reduceSum(x)` a `Const` of all axes and a `Sum`, `reduceMean(x, 1)` a `Mean` with
 * `Mean/reduction_indices`.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, isTensorConvertible, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { cast, concat, gather, ones, rank, reshape, shape, size, stack, transpose, withScope } from './array_ops';

/** A binary elementwise op: `y` converts to `x`'s dtype, both in the op's name scope. */
function binary(type: string, defaultName: string) {
  return (x: InputValue, y: InputValue, name?: string): Output =>
    applyOp(type, { x, y }, {}, name ?? defaultName).output(0);
}

/** A unary elementwise op on input `x`. */
function unary(type: string) {
  return (x: InputValue, name?: string): Output => applyOp(type, { x }, {}, name ?? type).output(0);
}

/** `tf.add(x, y)` (`AddV2`, named `Add`). */
export const add = binary('AddV2', 'Add');
/** `tf.subtract(x, y)` (`Sub`). */
export const sub = binary('Sub', 'Sub');
/** `tf.multiply(x, y)` (`Mul`). */
export const mul = binary('Mul', 'Mul');
/** `tf.realdiv(x, y)` (`RealDiv`). */
export const realDiv = binary('RealDiv', 'RealDiv');
/** `tf.maximum(x, y)`. */
export const maximum = binary('Maximum', 'Maximum');
/** `tf.minimum(x, y)`. */
export const minimum = binary('Minimum', 'Minimum');
/** `tf.pow(x, y)`. */
export const pow = binary('Pow', 'Pow');
/** `tf.squared_difference(x, y)`. */
export const squaredDifference = binary('SquaredDifference', 'SquaredDifference');
/** `tf.equal(x, y)`. */
export const equal = binary('Equal', 'Equal');
/** `tf.less(x, y)`. */
export const less = binary('Less', 'Less');
/** `tf.greater(x, y)`. */
export const greater = binary('Greater', 'Greater');
/** `tf.greater_equal(x, y)`. */
export const greaterEqual = binary('GreaterEqual', 'GreaterEqual');
/** `tf.less_equal(x, y)`. */
export const lessEqual = binary('LessEqual', 'LessEqual');
/** `tf.not_equal(x, y)`. */
export const notEqual = binary('NotEqual', 'NotEqual');
/** `tf.logical_and(x, y)`. */
export const logicalAnd = binary('LogicalAnd', 'LogicalAnd');
/** `tf.logical_or(x, y)`. */
export const logicalOr = binary('LogicalOr', 'LogicalOr');

/**
 * `tf.div(x, y)` (TF1's Python 2 division, named `div`): `RealDiv` for floats, `FloorDiv` for
 * integers.
 */
export function div(x: InputValue, y: InputValue, name?: string): Output {
  return withScope(name, 'div', [x, y], (scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const yt = convertToTensor(y, { name: 'y', dtype: xt.dtype, graph });
    return applyOp(isIntegerDType(xt.dtype) ? 'FloorDiv' : 'RealDiv', { x: xt, y: yt }, {}, scope).output(0);
  });
}

/**
 * `tf.truediv(x, y)` / `tf.divide`, Python's `x / y` (`_truediv_python3`, `RealDiv` named
 * `truediv`): a host `x` takes `y`'s dtype, a host `y` takes `x`'s, and the two must then agree.
 */
export function truediv(x: InputValue, y: InputValue, name?: string): Output {
  return withScope(name, 'truediv', [x, y], (scope, graph) => {
    const yDtype = y instanceof Output || isTensorConvertible(y) ? baseDType(y.dtype) : undefined;
    const xt = convertToTensor(x, { name: 'x', graph, preferredDtype: yDtype });
    const yt = convertToTensor(y, { name: 'y', graph, preferredDtype: baseDType(xt.dtype) });
    if (baseDType(xt.dtype) !== baseDType(yt.dtype)) {
      throw new TypeError(`\`x\` and \`y\` must have the same dtype, got tf.${dtypeName(baseDType(xt.dtype))} != ` +
        `tf.${dtypeName(baseDType(yt.dtype))}.`);
    }
    return applyOp('RealDiv', { x: xt, y: yt }, {}, scope).output(0);
  });
}

/**
 * `tf.math.divide_no_nan(x, y)` (`DivNoNan`, named `div_no_nan`): 0 where `y` is 0; integers are
 * cast to floats first (`_TRUEDIV_TABLE`).
 */
export function divNoNan(x: InputValue, y: InputValue, name?: string): Output {
  return withScope(name, 'div_no_nan', [x, y], (scope, graph) => {
    let xt: Output;
    let yt: Output;
    if (!(x instanceof Output || isTensorConvertible(x)) && (y instanceof Output || isTensorConvertible(y))) {
      yt = convertToTensor(y, { name: 'y', graph });
      xt = convertToTensor(x, { dtype: baseDType(yt.dtype), name: 'x', graph });
    } else {
      xt = convertToTensor(x, { name: 'x', graph });
      yt = convertToTensor(y, { preferredDtype: baseDType(xt.dtype), name: 'y', graph });
    }
    const dtype = baseDType(xt.dtype);
    if (dtype !== baseDType(yt.dtype)) {
      throw new TypeError(`\`x\` and \`y\` must have the same dtype, got tf.${dtypeName(dtype)} != ` +
        `tf.${dtypeName(baseDType(yt.dtype))}.`);
    }
    if (isIntegerDType(dtype)) {
      const to = [DType.int32, DType.int64, DType.uint32, DType.uint64].includes(dtype) ? DType.float64 : DType.float32;
      [xt, yt] = [cast(xt, to), cast(yt, to)];
    }
    return applyOp('DivNoNan', { x: xt, y: yt }, {}, scope).output(0);
  });
}

/** `tf.square(x)`. */
export const square = unary('Square');
/** `tf.sqrt(x)`. */
export const sqrt = unary('Sqrt');
/** `tf.rsqrt(x)`. */
export const rsqrt = unary('Rsqrt');
/** `tf.exp(x)`. */
export const exp = unary('Exp');
/** `tf.log(x)`. */
export const log = unary('Log');
/** `tf.abs(x)`. */
export const abs = unary('Abs');
/** `tf.negative(x)`. */
export const neg = unary('Neg');
/** `tf.sigmoid(x)`. */
export const sigmoid = unary('Sigmoid');
/** `tf.tanh(x)`. */
export const tanh = unary('Tanh');
/** `tf.sign(x)`. */
export const sign = unary('Sign');
/** `tf.reciprocal(x)`. */
export const reciprocal = unary('Reciprocal');
/** `tf.logical_not(x)`. */
export const logicalNot = unary('LogicalNot');

/** `tf.matmul(a, b, transpose_a, transpose_b)` (`MatMul`). */
export function matmul(a: InputValue, b: InputValue,
  options: { transposeA?: boolean; transposeB?: boolean; name?: string } = {}): Output {
  return applyOp('MatMul', { a, b }, { transpose_a: options.transposeA ?? false,
    transpose_b: options.transposeB ?? false }, options.name ?? 'MatMul').output(0);
}

/** `tf.add_n(inputs)` (`AddN`); a single input comes back as is, or through an Identity when named, as TF1. */
export function addN(inputs: InputValue[], name?: string): Output {
  if (inputs.length === 0) {
    throw new ValueError('inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape');
  }
  if (inputs.length === 1) {
    return name ? applyOp('Identity', { input: inputs[0] }, {}, name).output(0) : convertToTensor(inputs[0]);
  }
  return applyOp('AddN', { inputs }, {}, name ?? 'AddN').output(0);
}

/** Options of the reductions (`axis`, `keepdims`, `name`). */
export interface ReduceOptions {
  /** Axes to reduce (numbers or an int tensor); all when omitted. */
  axis?: number | number[] | Output;
  keepDims?: boolean;
  name?: string;
}

function reduction(type: string) {
  return (input: InputValue, options: ReduceOptions | number | number[] | Output = {}): Output => {
    const o = typeof options === 'number' || Array.isArray(options) || options instanceof Output
      ? { axis: options } : options;
    let axis: InputValue | undefined = o.axis;
    if (axis === undefined) {
      input = convertToTensor(input);
      axis = reductionDims(input);
    }
    return applyOp(type, { input, reduction_indices: axis }, { keep_dims: o.keepDims ?? false },
      o.name ?? type).output(0);
  };
}

/** `tf.reduce_sum(input, axis, keepdims)` (`Sum`). */
export const reduceSum = reduction('Sum');
/** `tf.reduce_mean(input, axis, keepdims)` (`Mean`). */
export const reduceMean = reduction('Mean');
/** `tf.reduce_max` (`Max`). */
export const reduceMax = reduction('Max');
/** `tf.reduce_min` (`Min`). */
export const reduceMin = reduction('Min');
/** `tf.reduce_prod` (`Prod`). */
export const reduceProd = reduction('Prod');
/** `tf.reduce_all` (`All`). */
export const reduceAll = reduction('All');

/** `tf.argmax(input, axis=0, output_type=int64)` (`ArgMax`). */
export function argmax(input: InputValue, axis = 0, outputType: DType = DType.int64, name?: string): Output {
  return applyOp('ArgMax', { input, dimension: axis }, { output_type: outputType }, name ?? 'ArgMax').output(0);
}

/** `tf.argmin(input, axis=0, output_type=int64)` (`ArgMin`). */
export function argmin(input: InputValue, axis = 0, outputType: DType = DType.int64, name?: string): Output {
  return applyOp('ArgMin', { input, dimension: axis }, { output_type: outputType }, name ?? 'ArgMin').output(0);
}

/** `tf.cumsum(x, axis=0, exclusive=False, reverse=False)` (`Cumsum`, its axis `Cumsum/axis`). */
export function cumsum(x: InputValue, options: { axis?: number; exclusive?: boolean; reverse?: boolean; name?: string } = {}):
  Output {
  return withScope(options.name, 'Cumsum', [x], (scope, graph) => applyOp('Cumsum', {
    x: convertToTensor(x, { name: 'x', graph }), axis: options.axis ?? 0,
  }, { exclusive: options.exclusive ?? false, reverse: options.reverse ?? false }, scope).output(0));
}

/**
 * `math_ops.reduced_shape(input_shape, axes)`: `input_shape` with the `axes` set to 1, by a
 * DynamicStitch (TF's build-time shortcut for two constants is left out: the metrics never have both).
 */
export function reducedShape(inputShape: Output, axes: Output): Output {
  const graph = inputShape.graph;
  const inputRank = size(inputShape);
  const wrapped = applyOp('FloorMod', { x: add(axes, inputRank, 'add'), y: inputRank }, {}, 'mod').output(0);
  const axesShape = shape(wrapped);
  return applyOp('DynamicStitch', { indices: [range(0, inputRank), wrapped],
    data: [inputShape, ones(axesShape, baseDType(inputShape.dtype))] }, {}, { name: 'DynamicStitch', graph }).output(0);
}

/**
 * TF1's `_ReductionDims(x, None)`, made before (outside) the reduction's scope: a `Const` of every
 * axis, or `range(0, rank(x))` when the rank is unknown or 0 (TF tests the rank for truth).
 */
function reductionDims(x: Output): Output {
  const n = x.shape?.length;
  if (n) return makeConst(x.graph, Tensor.from(Array.from({ length: n }, (_, i) => i), { dtype: DType.int32, shape: [n] }));
  return range(0, rank(x));
}

/** `tf.range(start, limit, delta=1)` (`Range`, named `range`); `start` and `limit` may be int tensors. */
export function range(start: number | Output, limit: number | Output, delta = 1, dtype: DType = DType.int32, name?: string): Output {
  return withScope(name, 'range', [], (scope, graph) => applyOp('Range', {
    start: convertToTensor(start, { dtype, name: 'start', graph }),
    limit: convertToTensor(limit, { dtype, name: 'limit', graph }),
    delta: convertToTensor(delta, { dtype, name: 'delta', graph }),
  }, {}, scope).output(0));
}

/**
 * `_tensordot_reshape`: `a` transposed (free axes first, or the contracted ones when `flipped`) and
 * reshaped to a matrix, with its free dimensions (numbers when its shape is static, else a tensor
 * gathered from its `Shape`) and their static values.
 */
function tensordotReshape(a: Output, axes: number[], flipped: boolean): [Output, number[] | Output, (number | null)[]] {
  const s = a.shape;
  if (s === null) throw new NotImplementedError('tensordot of a tensor of unknown rank is not supported.');
  const ax = axes.map((i) => (i >= 0 ? i : i + s.length));
  const free = s.map((_, i) => i).filter((i) => !ax.includes(i));
  const freeDims = free.map((i) => s[i]);
  if (s.every((d) => d !== null)) {
    const prod = (idx: number[]) => idx.reduce((p, i) => p * s[i]!, 1);
    const perm = flipped ? [...ax, ...free] : [...free, ...ax];
    const newShape = flipped ? [prod(ax), prod(free)] : [prod(free), prod(ax)];
    const t = perm.some((p, i) => p !== i) ? transpose(a, perm) : a;
    const ts = t.shape!;
    const reshaped = ts.length === 2 && ts[0] === newShape[0] && ts[1] === newShape[1] ? t : reshape(t, newShape);
    return [reshaped, freeDims as number[], freeDims];
  }
  const int32 = (v: number[], name: string) => convertToTensor(Tensor.from(v, { dtype: DType.int32, shape: [v.length] }),
    { name });
  const axesT = int32(ax, 'axes');
  const freeT = int32(free, 'free');
  const shapeA = shape(a);
  const freeDimsT = gather(shapeA, freeT);
  const axesDimsT = gather(shapeA, axesT);
  const prodFree = reduceProd(freeDimsT);
  const prodAxes = reduceProd(axesDimsT);
  const perm = concat(flipped ? [axesT, freeT] : [freeT, axesT], 0);
  const newShape = stack(flipped ? [prodAxes, prodFree] : [prodFree, prodAxes]);
  return [reshape(transpose(a, perm), newShape), freeDimsT, freeDims];
}

/**
 * `tf.tensordot(a, b, axes)` for tensors of known rank: the sum over `a`'s axes `axes[0]` and `b`'s
 * `axes[1]` (or `a`'s last `axes` and `b`'s first `axes`), as TF 2.21 builds it in scope
 * `Tensordot`: each side transposed and reshaped to a matrix only where needed, one MatMul, and a
 * Reshape named `Tensordot` to the free dimensions unless the product already has them.
 */
export function tensordot(a: InputValue, b: InputValue, axes: number | [number | number[], number | number[]],
  name?: string): Output {
  return withScope(name, 'Tensordot', [a, b], (scope, graph) => {
    const at = convertToTensor(a, { name: 'a', graph });
    const bt = convertToTensor(b, { name: 'b', graph });
    let aAxes: number[];
    let bAxes: number[];
    if (typeof axes === 'number') {
      if (axes < 0) throw new ValueError(`\`axes\` must be at least 0. Received: ${axes}.`);
      const r = at.shape?.length;
      if (r === undefined) throw new NotImplementedError('tensordot of a tensor of unknown rank is not supported.');
      if (axes > r) {
        throw new ValueError(`\`axes\` must not be larger than the number of dimensions of tensor ${at}.  Received ` +
          `${axes}, vs tensor dimensions ${r}.`);
      }
      aAxes = Array.from({ length: axes }, (_, i) => r - axes + i);
      bAxes = Array.from({ length: axes }, (_, i) => i);
    } else {
      if (axes.length !== 2) throw new ValueError(`\`axes\` must be an integer or have length 2. Received ${JSON.stringify(axes)}.`);
      [aAxes, bAxes] = axes.map((x) => (typeof x === 'number' ? [x] : x));
      if (aAxes.length !== bAxes.length) {
        throw new ValueError(`Different number of contraction axes \`a\` and \`b\`, ${aAxes.length} != ${bAxes.length}.`);
      }
    }
    const [aMatrix, aFree, aFreeStatic] = tensordotReshape(at, aAxes, false);
    const [bMatrix, bFree, bFreeStatic] = tensordotReshape(bt, bAxes, true);
    const product = matmul(aMatrix, bMatrix);
    if (Array.isArray(aFree) && Array.isArray(bFree)) {
      const dims = [...aFree, ...bFree];
      const s = product.shape;
      if (s && s.length === dims.length && s.every((d, i) => d === dims[i])) return product;
      return reshape(product, dims, scope);
    }
    const asTensor = (d: number[] | Output) => (d instanceof Output ? d : convertToTensor(d, { dtype: DType.int32, graph }));
    const out = reshape(product, concat([asTensor(aFree), asTensor(bFree)], 0), scope);
    out.setShape([...aFreeStatic, ...bFreeStatic]);
    return out;
  });
}
