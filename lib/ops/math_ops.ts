/**
 * Math helpers (TF1's `math_ops`), named as TF1 names them: `add` makes an `AddV2` op named
 * `Add`, `reduceSum(x)` a `Const` of all axes and a `Sum`, `reduceMean(x, 1)` a `Mean` with
 * `Mean/reduction_indices`.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, dtypeRepr, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { IndexedSlices } from '../framework/indexed_slices';
import { InputValue, applyOp, convertToTensor, isTensorConvertible, makeConst } from '../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { isFullyDefined, mergeShapes, shapeString } from '../framework/tensor_shape';
import { deprecatedArgumentLookup } from '../util/deprecation';
import { pyStr } from '../util/python_repr';
import {
  cast, checkNumerics, concat, expandDims, gather, ones, onesLike, rank, reshape, shape, size, sliceOf, stack, stopGradient, transpose, where,
  whereV2, withScope, zeros, zerosLike,
} from './array_ops';
import { group, withDependencies } from './control_flow_ops';

/**
 * A binary elementwise op: `y` converts to `x`'s dtype, both in the op's name scope (its inputs
 * `args` when the op names them otherwise).
 */
function binary(type: string, defaultName = type, args: [string, string] = ['x', 'y']) {
  return (x: InputValue, y: InputValue, name?: string): Output =>
    applyOp(type, { [args[0]]: x, [args[1]]: y }, {}, name ?? defaultName).output(0);
}

/** A unary elementwise op on input `x` (or the op's input `arg`). */
function unary(type: string, arg = 'x') {
  return (x: InputValue, name?: string): Output => applyOp(type, { [arg]: x }, {}, name ?? type).output(0);
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

/** `_TRUEDIV_TABLE`: integers are cast to a float before a true division (float64 for 32 and 64 bits). */
function truedivCast(x: Output, y: Output): [Output, Output] {
  const dtype = baseDType(x.dtype);
  if (!isIntegerDType(dtype)) return [x, y];
  const to = [DType.int32, DType.int64, DType.uint32, DType.uint64].includes(dtype) ? DType.float64 : DType.float32;
  return [cast(x, to), cast(y, to)];
}

/**
 * `tf.truediv(x, y)` / `tf.divide`, Python's `x / y` (`_truediv_python3`, `RealDiv` named
 * `truediv`): a host `x` takes `y`'s dtype, a host `y` takes `x`'s, and the two must then agree;
 * integers are divided as floats.
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
    const [xf, yf] = truedivCast(xt, yt);
    return applyOp('RealDiv', { x: xf, y: yf }, {}, scope).output(0);
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
    [xt, yt] = truedivCast(xt, yt);
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
/** `tf.abs(x)` in scope `Abs`: `Abs`, or for a complex `x` its magnitude (`ComplexAbs` of the parts' dtype). */
export function abs(x: InputValue, name?: string): Output {
  return withScope(name, 'Abs', [x], (scope, graph) => {
    const t = convertToTensor(x, { name: 'x', graph });
    const real = COMPLEX_PARTS.get(baseDType(t.dtype));
    return (real === undefined ? applyOp('Abs', { x: t }, {}, scope)
      : applyOp('ComplexAbs', { x: t }, { Tout: real }, scope)).output(0);
  });
}
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

/** `tf.floor(x)`. */
export const floor = unary('Floor');
/** `tf.ceil(x)`. */
export const ceil = unary('Ceil');
/** `tf.rint(x)`: rounded half to even. */
export const rint = unary('Rint');
/** `tf.log1p(x)`. */
export const log1p = unary('Log1p');
/** `tf.expm1(x)`. */
export const expm1 = unary('Expm1');
/** `tf.sin(x)`. */
export const sin = unary('Sin');
/** `tf.cos(x)`. */
export const cos = unary('Cos');
/** `tf.tan(x)`. */
export const tan = unary('Tan');
/** `tf.asin(x)`. */
export const asin = unary('Asin');
/** `tf.acos(x)`. */
export const acos = unary('Acos');
/** `tf.atan(x)`. */
export const atan = unary('Atan');
/** `tf.sinh(x)`. */
export const sinh = unary('Sinh');
/** `tf.cosh(x)`. */
export const cosh = unary('Cosh');
/** `tf.asinh(x)`. */
export const asinh = unary('Asinh');
/** `tf.acosh(x)`. */
export const acosh = unary('Acosh');
/** `tf.atanh(x)`. */
export const atanh = unary('Atanh');
/** `tf.erf(x)`. */
export const erf = unary('Erf');
/** `tf.erfc(x)`. */
export const erfc = unary('Erfc');
/** `tf.lgamma(x)`. */
export const lgamma = unary('Lgamma');
/** `tf.digamma(x)`. */
export const digamma = unary('Digamma');
/** `tf.is_nan(x)`. */
export const isNan = unary('IsNan');
/** `tf.is_inf(x)`. */
export const isInf = unary('IsInf');
/** `tf.is_finite(x)`. */
export const isFinite = unary('IsFinite');
/** `tf.math.softplus(features)` (`Softplus`), as `tf.nn.softplus`. */
export const softplus = unary('Softplus', 'features');
/** `tf.negative(x)` (`Neg`). */
export const negative = neg;
/** `tf.multiply(x, y)` (`Mul`). */
export const multiply = mul;
/** `tf.subtract(x, y)` (`Sub`). */
export const subtract = sub;

/** `tf.round(x)`: half to even (`Round`); an integer `x` comes back as it is. */
export function round(x: InputValue, name?: string): Output {
  const t = convertToTensor(x, { name: 'x' });
  return isIntegerDType(t.dtype) ? t : applyOp('Round', { x: t }, {}, name ?? 'Round').output(0);
}

/** `tf.log_sigmoid(x)`: `-softplus(-x)`, in scope `LogSigmoid`. */
export function logSigmoid(x: InputValue, name?: string): Output {
  return withScope(name, 'LogSigmoid', [x], (scope, graph) => {
    const t = convertToTensor(x, { name: 'x', graph });
    return neg(softplus(neg(t)), scope);
  });
}

/** `tf.floor_div(x, y)` (`FloorDiv`). */
export const floorDiv = binary('FloorDiv', 'FloorDiv');
/** `tf.floormod(x, y)` (`FloorMod`): the remainder of a flooring division. */
export const floormod = binary('FloorMod', 'FloorMod');
/** `tf.mod(x, y)` (`FloorMod`), as TF1's top-level `tf.mod`. */
export const mod = floormod;
/** `tf.truncatediv(x, y)` (`TruncateDiv`): rounded toward zero. */
export const truncatediv = binary('TruncateDiv', 'TruncateDiv');
/** `tf.truncatemod(x, y)` (`TruncateMod`). */
export const truncatemod = binary('TruncateMod', 'TruncateMod');
/** `tf.math.xlogy(x, y)` (`Xlogy`). */
export const xlogy = binary('Xlogy', 'Xlogy');
/** `tf.math.xlog1py(x, y)` (`Xlog1py`): x · log(1 + y), 0 where x is. */
export const xlog1py = binary('Xlog1py', 'Xlog1py');
/** `tf.atan2(y, x)` (`Atan2`). */
export const atan2 = binary('Atan2', 'Atan2', ['y', 'x']);
/** `tf.igamma(a, x)`: the lower regularized incomplete gamma function. */
export const igamma = binary('Igamma', 'Igamma', ['a', 'x']);
/** `tf.igammac(a, x)`: the upper regularized incomplete gamma function. */
export const igammac = binary('Igammac', 'Igammac', ['a', 'x']);
/** `tf.zeta(x, q)`: the Hurwitz zeta function. */
export const zeta = binary('Zeta', 'Zeta', ['x', 'q']);
/** `tf.polygamma(a, x)`. */
export const polygamma = binary('Polygamma', 'Polygamma', ['a', 'x']);

/** `tf.betainc(a, b, x)`: the regularized incomplete beta function. */
export function betainc(a: InputValue, b: InputValue, x: InputValue, name?: string): Output {
  return applyOp('Betainc', { a, b, x }, {}, name ?? 'Betainc').output(0);
}

/** `tf.floordiv(x, y)` (`FloorDiv` named `floordiv`): `x / y` rounded toward -infinity. */
export function floordiv(x: InputValue, y: InputValue, name?: string): Output {
  return withScope(name, 'floordiv', [x, y], (scope) => applyOp('FloorDiv', { x, y }, {}, scope).output(0));
}

/** `tf.math.xdivy(x, y)` (`Xdivy`, in scope `xdivy`): 0 where `x` is 0. */
export function xdivy(x: InputValue, y: InputValue, name?: string): Output {
  return withScope(name, 'xdivy', [x], () => applyOp('Xdivy', { x, y }, {}).output(0));
}

/** `tf.logical_xor(x, y)`: `(x | y) & ~(x & y)`, the last `LogicalAnd` named `LogicalXor`. */
export function logicalXor(x: InputValue, y: InputValue, name = 'LogicalXor'): Output {
  const either = logicalOr(x, y);
  return logicalAnd(either, logicalNot(logicalAnd(x, y)), name);
}

/**
 * `tf.scalar_mul(scalar, x)` (v1: no scope): `Mul` of a 0-D `scalar` (converted to `x`'s dtype,
 * named `scalar`) and `x`; an IndexedSlices `x` has its values scaled.
 */
export function scalarMul(scalar: InputValue, x: Output, name?: string): Output;
export function scalarMul(scalar: InputValue, x: IndexedSlices, name?: string): IndexedSlices;
export function scalarMul(scalar: InputValue, x: Output | IndexedSlices, name?: string): Output | IndexedSlices {
  const s = convertToTensor(scalar, { dtype: baseDType(x.dtype), name: 'scalar', graph: x.graph });
  if (s.shape?.length !== 0) {
    throw new ValueError(`The input scalar must be a 0-D value. Received shape ${shapeString(s.shape)}.`);
  }
  if (x instanceof IndexedSlices) {
    return new IndexedSlices(mul(s, x.values, name ?? 'Mul'), x.indices, x.denseShape);
  }
  return mul(s, x, name ?? 'Mul');
}

/** Options of the matrix products: transposes (or adjoints, the same for real matrices) and a name. */
export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  adjointA?: boolean;
  adjointB?: boolean;
  name?: string;
}

/**
 * `tf.matmul(a, b, transpose_a, transpose_b, adjoint_a, adjoint_b)` (`tf.linalg.matmul`) as TF 2.21
 * builds it in scope `MatMul`: `MatMul` for matrices, `BatchMatMulV2` (adjoints) when either has
 * more than two dimensions or an unknown rank.
 */
export function matmul(a: InputValue, b: InputValue, options: MatmulOptions = {}): Output {
  const { transposeA = false, transposeB = false, adjointA = false, adjointB = false } = options;
  return withScope(options.name, 'MatMul', [a, b], (scope, graph) => {
    if (transposeA && adjointA) {
      throw new ValueError(`Only one of \`transpose_a\` and \`adjoint_a\` can be True. Received \`transpose_a\`=True, ` +
        '`adjoint_a`=True.');
    }
    if (transposeB && adjointB) {
      throw new ValueError(`Only one of \`transpose_b\` and \`adjoint_b\` can be True. Received \`transpose_b\`=True, ` +
        '`adjoint_b`=True.');
    }
    const at = convertToTensor(a, { name: 'a', graph });
    const bt = convertToTensor(b, { name: 'b', graph, preferredDtype: baseDType(at.dtype) });
    const batch = (t: Output) => t.shape === null || t.shape.length > 2;
    if (batch(at) || batch(bt)) {
      return applyOp('BatchMatMulV2', { x: at, y: bt }, { adj_x: transposeA || adjointA, adj_y: transposeB || adjointB },
        scope).output(0);
    }
    return applyOp('MatMul', { a: at, b: bt }, { transpose_a: transposeA || adjointA, transpose_b: transposeB || adjointB },
      scope).output(0);
  });
}

/** `tf.add_n(inputs)` (`AddN`); a single input comes back as is, or through an Identity when named, as TF1. */
export function addN(inputs: InputValue[], name?: string): Output {
  if (inputs === undefined || inputs === null) throw new TypeError("'NoneType' object is not iterable");
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ValueError('Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.');
  }
  if (inputs.length === 1) {
    return name ? applyOp('Identity', { input: inputs[0] }, {}, name).output(0) : convertToTensor(inputs[0]);
  }
  return applyOp('AddN', { inputs }, {}, name ?? 'AddN').output(0);
}

/** Options of the reductions (`axis`, `keepdims`, `name`, and TF1's deprecated spellings). */
export interface ReduceOptions {
  /** Axes to reduce (numbers or an int tensor); all when omitted. */
  axis?: number | number[] | Output;
  /** TF1's `keep_dims`: keep the reduced axes, of size 1. */
  keepDims?: boolean;
  /** The later `keepdims` spelling of `keepDims`. */
  keepdims?: boolean;
  /** TF1's deprecated `reduction_indices` (`axis`). */
  reductionIndices?: number | number[] | Output;
  name?: string;
}

/** The reduction options as TF1's `*_v1` reductions read them: axis and keepdims through their old names. */
function reduceOptions(options: ReduceOptions | number | number[] | Output): { axis?: number | number[] | Output;
  keepDims: boolean; name?: string; } {
  const o = typeof options === 'number' || Array.isArray(options) || options instanceof Output
    ? { axis: options } : options;
  return {
    axis: deprecatedArgumentLookup('axis', o.axis, 'reduction_indices', o.reductionIndices),
    keepDims: deprecatedArgumentLookup('keepdims', o.keepdims, 'keep_dims', o.keepDims) ?? false,
    name: o.name,
  };
}

/**
 * `_may_reduce_to_scalar`: a reduction over all axes (none given) without keepdims is a scalar,
 * whatever shape inference made of it.
 */
function mayReduceToScalar(keepDims: boolean, axis: unknown, output: Output): Output {
  if (!isFullyDefined(output.shape) && !keepDims && axis === undefined) output.setShape([]);
  return output;
}

function reduction(type: string) {
  return (input: InputValue, options: ReduceOptions | number | number[] | Output = {}): Output => {
    const o = reduceOptions(options);
    let axis: InputValue | undefined = o.axis;
    if (axis === undefined) {
      input = convertToTensor(input);
      axis = reductionDims(input);
    }
    return mayReduceToScalar(o.keepDims, o.axis, applyOp(type, { input, reduction_indices: axis },
      { keep_dims: o.keepDims }, o.name ?? type).output(0));
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
/** `tf.reduce_any(input_tensor, axis, keepdims)` (`Any`). */
export const reduceAny = reduction('Any');
/** `tf.math.reduce_euclidean_norm(input_tensor, axis, keepdims)` (`EuclideanNorm`). */
export const reduceEuclideanNorm = reduction('EuclideanNorm');

/** `tf.argmax(input, axis=0, output_type=int64)` (`ArgMax`). */
export function argmax(input: InputValue, axis = 0, outputType: DType = DType.int64, name?: string): Output {
  return applyOp('ArgMax', { input, dimension: axis }, { output_type: outputType }, name ?? 'ArgMax').output(0);
}

/** `tf.argmin(input, axis=0, output_type=int64)` (`ArgMin`). */
export function argmin(input: InputValue, axis = 0, outputType: DType = DType.int64, name?: string): Output {
  return applyOp('ArgMin', { input, dimension: axis }, { output_type: outputType }, name ?? 'ArgMin').output(0);
}

/** Options of the cumulative ops. */
export interface CumulativeOptions {
  axis?: number | Output;
  exclusive?: boolean;
  reverse?: boolean;
  name?: string;
}

/** A cumulative op as math_ops builds them: `x` converted in the op's scope, its axis `<op>/axis`. */
function cumulative(type: string) {
  return (x: InputValue, options: CumulativeOptions = {}): Output =>
    withScope(options.name, type, [x], (scope, graph) => applyOp(type, {
      x: convertToTensor(x, { name: 'x', graph }), axis: options.axis ?? 0,
    }, { exclusive: options.exclusive ?? false, reverse: options.reverse ?? false }, scope).output(0));
}

/** `tf.cumsum(x, axis=0, exclusive=False, reverse=False)` (`Cumsum`, its axis `Cumsum/axis`). */
export const cumsum = cumulative('Cumsum');
/** `tf.cumprod(x, axis=0, exclusive=False, reverse=False)` (`Cumprod`). */
export const cumprod = cumulative('Cumprod');
/** `tf.math.cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False)` (`CumulativeLogsumexp`). */
export const cumulativeLogsumexp = cumulative('CumulativeLogsumexp');

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

/**
 * `tf.reduce_logsumexp(input_tensor, axis, keepdims)` in scope `ReduceLogSumExp`: the max (0 where
 * not finite, no gradient through it) taken out before the `Exp` and added back after the `Log`.
 */
export function reduceLogsumexp(input: InputValue, options: ReduceOptions | number | number[] | Output = {}): Output {
  const { axis, keepDims, name } = reduceOptions(options);
  return withScope(name, 'ReduceLogSumExp', [input], (scope) => {
    const rawMax = reduceMax(input, { axis, keepDims: true });
    let myMax = stopGradient(whereV2(isFinite(rawMax), rawMax, 0));
    const result = log(reduceSum(exp(sub(input, myMax)), { axis, keepDims }));
    if (!keepDims) myMax = reshape(myMax, applyOp('Shape', { input: result }, {}).output(0));
    return mayReduceToScalar(keepDims, axis, add(result, myMax, scope));
  });
}

/** Options of `reduceVariance` / `reduceStd` (TF 2's signature, as TF1 has them). */
export interface MomentOptions {
  axis?: number | number[] | Output;
  keepdims?: boolean;
  name?: string;
}

/** `tf.math.reduce_variance(input_tensor, axis, keepdims)` in scope `reduce_variance`: mean squared deviation. */
export function reduceVariance(input: InputValue, options: MomentOptions = {}): Output {
  return withScope(options.name || undefined, 'reduce_variance', [input], (_, graph) => {
    const x = convertToTensor(input, { graph });
    const means = reduceMean(x, { axis: options.axis, keepDims: true });
    if (isIntegerDType(means.dtype)) {
      throw new TypeError(`Input must be either real or complex. Received integer type ${dtypeRepr(means.dtype)}.`);
    }
    const diff = sub(x, means, 'sub');
    const complexOf = COMPLEX_PARTS.get(baseDType(diff.dtype));
    const squared = complexOf === undefined ? square(diff)
      : applyOp('Real', { input: mul(applyOp('Conj', { input: diff }, {}).output(0), diff) }, { Tout: complexOf }).output(0);
    return reduceMean(squared, { axis: options.axis, keepDims: options.keepdims ?? false });
  });
}

/** `tf.math.reduce_std(input_tensor, axis, keepdims)` in scope `reduce_std`: the `Sqrt` of `reduceVariance`. */
export function reduceStd(input: InputValue, options: MomentOptions = {}): Output {
  return withScope(options.name || undefined, 'reduce_std', [input], (_, graph) =>
    sqrt(reduceVariance(convertToTensor(input, { graph }), { axis: options.axis, keepdims: options.keepdims })));
}

/** `tf.count_nonzero(input_tensor, axis, keepdims, dtype=int64)` in scope `count_nonzero`. */
export function countNonzero(input: InputValue, options: ReduceOptions & { dtype?: DType } = {}): Output {
  const { axis, keepDims, name } = reduceOptions(options);
  return withScope(name, 'count_nonzero', [input], (scope, graph) => {
    const x = convertToTensor(input, { name: 'input', graph });
    const predicate = x.dtype === DType.bool ? x : notEqual(x, zeros([], x.dtype));
    return cast(reduceSum(cast(predicate, DType.int64), { axis, keepDims }), options.dtype ?? DType.int64);
  });
}

/** A segment reduction of the sorted `segmentIds` (`SegmentSum`...). */
function segmentOp(type: string) {
  return (data: InputValue, segmentIds: InputValue, name?: string): Output =>
    applyOp(type, { data, segment_ids: segmentIds }, {}, name ?? type).output(0);
}

/** `tf.segment_sum(data, segment_ids)`. */
export const segmentSum = segmentOp('SegmentSum');
/** `tf.segment_mean(data, segment_ids)`. */
export const segmentMean = segmentOp('SegmentMean');
/** `tf.segment_max(data, segment_ids)`. */
export const segmentMax = segmentOp('SegmentMax');
/** `tf.segment_min(data, segment_ids)`. */
export const segmentMin = segmentOp('SegmentMin');
/** `tf.segment_prod(data, segment_ids)`. */
export const segmentProd = segmentOp('SegmentProd');

/** An unsorted segment reduction into `numSegments` rows (`UnsortedSegmentSum`...). */
function unsortedSegmentOp(type: string) {
  return (data: InputValue, segmentIds: InputValue, numSegments: InputValue, name?: string): Output =>
    applyOp(type, { data, segment_ids: segmentIds, num_segments: numSegments }, {}, name ?? type).output(0);
}

/** `tf.unsorted_segment_sum(data, segment_ids, num_segments)`. */
export const unsortedSegmentSum = unsortedSegmentOp('UnsortedSegmentSum');
/** `tf.unsorted_segment_max(data, segment_ids, num_segments)`. */
export const unsortedSegmentMax = unsortedSegmentOp('UnsortedSegmentMax');
/** `tf.unsorted_segment_min(data, segment_ids, num_segments)`. */
export const unsortedSegmentMin = unsortedSegmentOp('UnsortedSegmentMin');
/** `tf.unsorted_segment_prod(data, segment_ids, num_segments)`. */
export const unsortedSegmentProd = unsortedSegmentOp('UnsortedSegmentProd');

/**
 * `_unsorted_segment_N`: each segment's count (at least 1), shaped to broadcast against the
 * segment sums of `data`.
 */
function unsortedSegmentN(data: Output, segmentIds: Output, numSegments: InputValue): Output {
  const graph = data.graph;
  const n = convertToTensor(numSegments, { preferredDtype: DType.int32, graph });
  const s = segmentIds.shape;
  // `shape_internal`: a Const of a static shape.
  const idsShape = isFullyDefined(s) ? graph.nameScope('Shape', () => makeConst(graph,
    Tensor.from(s, { dtype: DType.int32, shape: [s.length] }), 'shape_as_tensor')) : shape(segmentIds);
  const counts = unsortedSegmentSum(ones(idsShape, data.dtype), segmentIds, n);
  // `num_segments[array_ops.newaxis]`.
  const nVector = stridedSlice(n, { begin: [0], end: [0], strides: [1] }, { new_axis_mask: 1 });
  const broadcastable = concat([nVector, ones([sub(rank(data), rank(segmentIds), 'sub')], n.dtype)], 0);
  return maximum(reshape(counts, broadcastable), 1);
}

/** `tf.unsorted_segment_mean(data, segment_ids, num_segments)`: segment sums over their counts. */
export function unsortedSegmentMean(data: InputValue, segmentIds: InputValue, numSegments: InputValue, name?: string): Output {
  return withScope(name, 'UnsortedSegmentMean', [], (_, graph) => {
    const d = convertToTensor(data, { graph });
    const ids = convertToTensor(segmentIds, { preferredDtype: DType.int32, graph });
    const n = unsortedSegmentN(d, ids, numSegments);
    return truediv(unsortedSegmentSum(d, ids, numSegments), n);
  });
}

/** `tf.unsorted_segment_sqrt_n(data, segment_ids, num_segments)`: segment sums over the roots of their counts. */
export function unsortedSegmentSqrtN(data: InputValue, segmentIds: InputValue, numSegments: InputValue, name?: string): Output {
  return withScope(name, 'UnsortedSegmentSqrtN', [], (_, graph) => {
    const d = convertToTensor(data, { graph });
    const ids = convertToTensor(segmentIds, { preferredDtype: DType.int32, graph });
    const n = unsortedSegmentN(d, ids, numSegments);
    const summed = unsortedSegmentSum(d, ids, numSegments);
    return truediv(summed, sqrt(n));
  });
}

/** Options of the sparse segment reductions. */
export interface SparseSegmentOptions {
  name?: string;
  /** The number of output rows (`...WithNumSegments`); the last id + 1 when omitted. */
  numSegments?: InputValue;
  /** Whether the gradient is an IndexedSlices. */
  sparseGradient?: boolean;
}

/** A sparse segment reduction of `data`'s rows `indices` (`SparseSegmentSum`, or `...WithNumSegments`). */
function sparseSegmentOp(type: string) {
  return (data: InputValue, indices: InputValue, segmentIds: InputValue, options: SparseSegmentOptions = {}): Output => {
    const withN = options.numSegments !== undefined;
    const opType = withN ? `${type}WithNumSegments` : type;
    return applyOp(opType, { data, indices, segment_ids: segmentIds, ...(withN ? { num_segments: options.numSegments! } : {}) },
      { sparse_gradient: options.sparseGradient ?? false }, options.name ?? opType).output(0);
  };
}

/** `tf.sparse.segment_sum(data, indices, segment_ids, num_segments=None)` (TF1's `tf.sparse_segment_sum`). */
export const sparseSegmentSum = sparseSegmentOp('SparseSegmentSum');
/** `tf.sparse_segment_mean(data, indices, segment_ids, num_segments=None)`. */
export const sparseSegmentMean = sparseSegmentOp('SparseSegmentMean');
/** `tf.sparse_segment_sqrt_n(data, indices, segment_ids, num_segments=None)`. */
export const sparseSegmentSqrtN = sparseSegmentOp('SparseSegmentSqrtN');

/** Options of `bincount`. */
export interface BincountOptions {
  /** Each value's weight (a tensor of `arr`'s shape); counts of 1 when omitted. */
  weights?: InputValue;
  minlength?: InputValue;
  maxlength?: InputValue;
  /** The counts' dtype when there are no weights. */
  dtype?: DType;
}

/**
 * `tf.bincount(arr, weights, minlength, maxlength, dtype=int32)` (`bincount_v1`): how often each value
 * in `[0, max(arr)]` occurs (or its summed weights), a `DenseBincount` in scope `bincount`.
 */
export function bincount(arr: InputValue, options: BincountOptions = {}): Output {
  return withScope(undefined, 'bincount', [], (scope, graph) => {
    let a = convertToTensor(arr, { name: 'arr', graph });
    let weights = options.weights === undefined ? undefined : convertToTensor(options.weights, { name: 'weights', graph });
    if (!isIntegerDType(a.dtype)) a = cast(a, DType.int32);
    const nonEmpty = greater(size(a), 0);
    let outputSize = mul(cast(nonEmpty, a.dtype), add(reduceMax(a), 1, 'add'), 'mul');
    if (options.minlength !== undefined) {
      outputSize = maximum(convertToTensor(options.minlength, { name: 'minlength', dtype: a.dtype, graph }), outputSize);
    }
    if (options.maxlength !== undefined) {
      outputSize = minimum(convertToTensor(options.maxlength, { name: 'maxlength', dtype: a.dtype, graph }), outputSize);
    }
    if (weights !== undefined) weights = reshape(weights, [-1]);
    a = reshape(a, [-1]);
    weights ??= makeConst(graph, Tensor.from([], { dtype: options.dtype ?? DType.int32, shape: [0] }));
    return applyOp('DenseBincount', { input: a, size: outputSize, weights }, { binary_output: false }).output(0);
  });
}

/**
 * `tf.histogram_fixed_width(values, value_range, nbins=100, dtype=int32)`: counts of `values` in
 * `nbins` equal bins over `value_range` (outside values in the end bins).
 */
export function histogramFixedWidth(values: InputValue, valueRange: InputValue,
  options: { nbins?: InputValue; dtype?: DType; name?: string } = {}): Output {
  const nbins = options.nbins ?? 100;
  return withScope(options.name, 'histogram_fixed_width', [values, valueRange, nbins], (scope) => applyOp(
    'HistogramFixedWidth', { values, value_range: valueRange, nbins }, { dtype: options.dtype ?? DType.int32 }, scope,
  ).output(0));
}

/**
 * `tf.accumulate_n(inputs, shape=None, tensor_dtype=None)` (deprecated for `add_n`, which it now
 * is): tensors of one dtype and compatible shapes summed.
 */
export function accumulateN(inputs: InputValue[],
  options: { shape?: (number | null)[]; tensorDtype?: DType; name?: string } = {}): Output {
  const inputError = () => new ValueError('inputs must be a list of at least one Tensor with the same dtype and shape');
  if (!Array.isArray(inputs) || inputs.length === 0) throw inputError();
  const ts = inputs.map((x) => convertToTensor(x));
  if (!ts.every((t) => t.dtype === ts[0].dtype)) throw inputError();
  ts.reduce<(number | null)[] | null>((s, t) => mergeShapes(s, t.shape), options.shape ?? null);
  if (options.tensorDtype !== undefined && options.tensorDtype !== ts[0].dtype) {
    throw new TypeError(`The \`tensor_dtype\` argument is ${dtypeRepr(options.tensorDtype)}, but \`input\` is of type ` +
      `${dtypeRepr(ts[0].dtype)}. These must be equal. Try casting the input to the desired type.`);
  }
  return addN(ts, options.name);
}

/** `tf.to_float(x, name='ToFloat')` (deprecated for `tf.cast`). */
export const toFloat = (x: InputValue, name = 'ToFloat'): Output => cast(x, DType.float32, name);
/** `tf.to_double(x, name='ToDouble')`. */
export const toDouble = (x: InputValue, name = 'ToDouble'): Output => cast(x, DType.float64, name);
/** `tf.to_int32(x, name='ToInt32')`. */
export const toInt32 = (x: InputValue, name = 'ToInt32'): Output => cast(x, DType.int32, name);
/** `tf.to_int64(x, name='ToInt64')`. */
export const toInt64 = (x: InputValue, name = 'ToInt64'): Output => cast(x, DType.int64, name);
/** `tf.to_bfloat16(x, name='ToBFloat16')`. */
export const toBfloat16 = (x: InputValue, name = 'ToBFloat16'): Output => cast(x, DType.bfloat16, name);

/** The complex dtypes and the dtype of their parts. */
const COMPLEX_PARTS = new Map([[DType.complex64, DType.float32], [DType.complex128, DType.float64]]);

/** `dtype.is_numeric`: an integer, float or complex type. */
function isNumeric(dtype: DType): boolean {
  return isIntegerDType(dtype) || isFloatingDType(dtype) || COMPLEX_PARTS.has(baseDType(dtype));
}

/** `tf.complex(real, imag)` (`Complex`): complex64 of float32 parts, complex128 of float64 ones. */
export function complex(real: InputValue, imag: InputValue, name?: string): Output {
  const re = convertToTensor(real, { name: 'real' });
  const im = convertToTensor(imag, { name: 'imag', graph: re.graph });
  return withScope(name, 'Complex', [re, im], (scope) => {
    const [a, b] = [baseDType(re.dtype), baseDType(im.dtype)];
    const tout = a === b ? [...COMPLEX_PARTS].find(([, part]) => part === a)?.[0] : undefined;
    if (tout === undefined) {
      throw new TypeError(`The \`real\` and \`imag\` components have incorrect types: ${dtypeName(a)} ${dtypeName(b)}. ` +
        'They must be consistent, and one of [tf.float32, tf.float64]');
    }
    return applyOp('Complex', { real: re, imag: im }, { Tout: tout }, scope).output(0);
  });
}

/** A complex part (`Real`, `Imag`, `Angle`) of `input` in scope `type`, or `otherwise` of a real one. */
function complexPart(type: string, input: InputValue, name: string | undefined, otherwise: (t: Output) => Output): Output {
  return withScope(name, type, [input], (scope, graph) => {
    const t = convertToTensor(input, { name: 'input', graph });
    const part = COMPLEX_PARTS.get(baseDType(t.dtype));
    return part !== undefined ? applyOp(type, { input: t }, { Tout: part }, scope).output(0) : otherwise(t);
  });
}

/** `tf.real(input)`: the real part of a complex tensor; a real one as it is. */
export function real(input: InputValue, name?: string): Output {
  return complexPart('Real', input, name, (t) => {
    if (isNumeric(t.dtype)) return t;
    throw new TypeError(`input must be a numeric tensor, but got tensor with dtype ${dtypeRepr(t.dtype)}`);
  });
}

/** `tf.imag(input)`: the imaginary part of a complex tensor; zeros for a real one. */
export function imag(input: InputValue, name?: string): Output {
  return complexPart('Imag', input, name, (t) => zerosLike(t));
}

/** `tf.angle(input)`: the argument of a complex tensor; π where a real one is negative, else 0. */
export function angle(input: InputValue, name?: string): Output {
  return complexPart('Angle', input, name, (t) =>
    where(less(t, 0), mul(Math.PI, onesLike(t), 'mul'), zerosLike(t)));
}

/** `tf.conj(x)`: the complex conjugate; a real tensor as it is. */
export function conj(x: InputValue, name?: string): Output {
  if (x instanceof Output && (isIntegerDType(x.dtype) || isFloatingDType(x.dtype))) return x;
  return withScope(name, 'Conj', [x], (scope, graph) => {
    const t = convertToTensor(x, { name: 'x', graph });
    if (COMPLEX_PARTS.has(baseDType(t.dtype)) || t.dtype === DType.variant) {
      return applyOp('Conj', { input: t }, {}, scope).output(0);
    }
    if (isIntegerDType(t.dtype) || isFloatingDType(t.dtype)) return t;
    throw new TypeError(`Expected numeric or variant tensor, got dtype tf.${dtypeName(t.dtype)}.`);
  });
}

/**
 * `tf.nn.top_k(input, k=1, sorted=True, index_type=int32)` (`TopKV2`): the `k` largest entries of
 * the last dimension and their indices.
 */
export function topK(input: InputValue, k: InputValue = 1,
  options: { sorted?: boolean; indexType?: DType; name?: string } = {}): { values: Output; indices: Output } {
  const op = applyOp('TopKV2', { input, k }, { sorted: options.sorted ?? true, index_type: options.indexType ?? DType.int32 },
    options.name ?? 'TopKV2');
  return { values: op.output(0), indices: op.output(1) };
}

/** `tf.nn.in_top_k(predictions, targets, k)` (`InTopKV2`, in scope `in_top_k`): whether each target is among the top k. */
export function inTopK(predictions: InputValue, targets: InputValue, k: InputValue, name?: string): Output {
  return withScope(name, 'in_top_k', [], () =>
    applyOp('InTopKV2', { predictions, targets, k }, {}, name ?? 'InTopKV2').output(0));
}

/**
 * `tf.verify_tensor_all_finite(t, msg)` (`tf.debugging.assert_all_finite`): `t` through an Identity
 * run after a CheckNumerics of it, in scope `VerifyFinite`.
 */
export function verifyTensorAllFinite(t: InputValue, message: string, name?: string): Output {
  return withScope(name, 'VerifyFinite', [t], (scope, graph) => {
    const x = convertToTensor(t, { name: 'x', graph });
    return graph.colocateWith(x, () => withDependencies([checkNumerics(x, message)], x));
  });
}

/**
 * `tf.add_check_numerics_ops()`: a CheckNumerics of every half, float and double output of the
 * default graph (each run after the one before), grouped.
 */
export function addCheckNumericsOps(): Operation {
  const graph = getDefaultGraph();
  let checks: Operation[] = [];
  for (const op of graph.operations()) {
    for (const output of op.outputs) {
      if (![DType.float16, DType.float32, DType.float64].includes(output.dtype)) continue;
      if (op.controlFlowContext !== null) {
        throw new ValueError('`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow operations ' +
          'such as `tf.cond()` or `tf.while_loop()`.');
      }
      checks = [graph.controlDependencies(checks, () => checkNumerics(output, `${op.name}:${output.index}`).op)];
    }
  }
  return group(checks);
}

/**
 * `x[begin:end:strides]` as `_slice_helper` builds it when a bound is a tensor: one StridedSlice
 * in scope `strided_slice`, its begin, end and strides `stack`ed (Packs where tensors are).
 */
function stridedSlice(x: Output, spec: { begin: Array<number | Output>; end: Array<number | Output>;
  strides: Array<number | Output> }, masks: Record<string, number>): Output {
  return withScope(undefined, 'strided_slice', [x], (scope, graph) => {
    const [b, e, s] = [spec.begin, spec.end, spec.strides].map((v) => convertToTensor(v, { dtype: DType.int32, name: 'stack',
      graph }));
    return applyOp('StridedSlice', { input: x, begin: b, end: e, strides: s }, masks, scope).output(0);
  });
}

/**
 * `tf.linspace(start, stop, num, axis=0)` (`tf.lin_space`, TF 2.21's `linspace_nd`): `num` evenly
 * spaced values from `start` to `stop` (both included) along `axis`, built of broadcasts, a range
 * and a Slice in scope `linspace`.
 */
export function linspace(start: InputValue, stop: InputValue, num: InputValue, name?: string, axis = 0): Output {
  return withScope(name, 'linspace', [start, stop], (scope, graph) => {
    const startT = convertToTensor(start, { name: 'start', graph });
    const stopT = convertToTensor(stop, { name: 'stop', dtype: startT.dtype, graph });
    const numRaw = convertToTensor(num, { name: 'num', preferredDtype: DType.int32, graph });
    if (!isIntegerDType(numRaw.dtype)) {
      throw new TypeError(`Argument \`tensor\` (name: num) must be of type integer. Received \`tensor\` = ${pyStr(numRaw)} ` +
        `of dtype: ${dtypeRepr(numRaw.dtype)}`);
    }
    const numInt = applyOp('Cast', { x: numRaw }, { DstT: DType.int32 }).output(0);
    cast(numInt, startT.dtype); // TF makes it and leaves it unused.
    const broadcastShape = applyOp('BroadcastArgs', { s0: shape(startT), s1: shape(stopT) }, {}).output(0);
    const [startB, stopB] = [startT, stopT].map((input) =>
      applyOp('BroadcastTo', { input, shape: broadcastShape }, {}).output(0));
    const expandedStart0 = expandDims(startB, axis);
    const expandedStop0 = expandDims(stopB, axis);
    const startShape = shape(expandedStart0);
    const ndims = sliceOf(shape(startShape), [0]);
    const axisOk = add(ndims, axis, 'add');
    const axisT = whereV2(axis >= 0, axis, axisOk);
    const numFill = maximum(sub(numInt, 2, 'sub'), 0);
    const nSteps = maximum(sub(numInt, 1, 'sub'), 1);
    const delta = truediv(sub(expandedStop0, expandedStart0, 'sub'), cast(nSteps, expandedStop0.dtype));
    const expandedStart = cast(expandedStart0, delta.dtype);
    const expandedStop = cast(expandedStop0, delta.dtype);
    const rangeEnd = whereV2(greaterEqual(numInt, 0), nSteps, -1);
    // `range(1, range_end, dtype=int64)`: the int32 end cast in the range's scope.
    const steps = withScope(undefined, 'range', [], (rangeScope) => {
      const first = convertToTensor(1, { dtype: DType.int64, name: 'start', graph });
      const step = convertToTensor(1, { dtype: DType.int64, name: 'delta', graph });
      return applyOp('Range', { start: first, limit: cast(rangeEnd, DType.int64), delta: step }, {}, rangeScope).output(0);
    });
    const desiredRange = cast(steps, delta.dtype);
    const mask = equal(axisT, range(0, ndims));
    const desiredShape = whereV2(mask, numFill, 1);
    const res = add(expandedStart, mul(delta, reshape(desiredRange, desiredShape), 'mul'), 'add');
    const concatenated = applyOp('ConcatV2', { values: [expandedStart, res, expandedStop], axis: axisT }, {}, 'concat')
      .output(0);
    const begin = zerosLike(startShape);
    const int32 = (v: number) => makeConst(graph, Tensor.from(v, { dtype: DType.int32 }));
    const head = stridedSlice(startShape, { begin: [0], end: [axisT], strides: [int32(1)] }, {});
    const numVector = reshape(numInt, [1]);
    const tailStart = add(axisT, 1, 'add');
    const tail = stridedSlice(startShape, { begin: [tailStart], end: [int32(0)], strides: [int32(1)] }, { end_mask: 1 });
    const sizes = concat([head, numVector, tail], 0);
    return applyOp('Slice', { input: concatenated, begin, size: sizes }, {}, 'Slice').output(0);
  });
}
