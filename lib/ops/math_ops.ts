/**
 * Math helpers (TF1's `math_ops`), named as TF1 names them: `add` makes an `AddV2` op named
 * `Add`, `reduceSum(x)` a `Const` of all axes and a `Sum`, `reduceMean(x, 1)` a `Mean` with
 * `Mean/reduction_indices`.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, isTensorConvertible, makeConst } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { rank, withScope } from './array_ops';

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

/**
 * TF1's `_ReductionDims(x, None)`, made before (outside) the reduction's scope: a `Const` of every
 * axis, or `range(0, rank(x))` when the rank is unknown or 0 (TF tests the rank for truth).
 */
function reductionDims(x: Output): Output {
  const n = x.shape?.length;
  if (n) return makeConst(x.graph, Tensor.from(Array.from({ length: n }, (_, i) => i), { dtype: DType.int32, shape: [n] }));
  return range(0, rank(x));
}

/** `tf.range(start, limit, delta=1)` (`Range`, named `range`); `limit` may be an int tensor. */
export function range(start: number, limit: number | Output, delta = 1, dtype: DType = DType.int32, name?: string): Output {
  return withScope(name, 'range', [], (scope, graph) => applyOp('Range', {
    start: convertToTensor(start, { dtype, name: 'start', graph }),
    limit: convertToTensor(limit, { dtype, name: 'limit', graph }),
    delta: convertToTensor(delta, { dtype, name: 'delta', graph }),
  }, {}, scope).output(0));
}
