/**
 * TF 2.21's linear_operator_util.py and property_hint_util.py: the helpers the LinearOperators
 * build with (shape Consts, solves broadcasting batch dimensions, the assertions on diagonals) and
 * the rules combining the hints of two operators.
 */
import { ValueError } from '../../errors';
import { DType, baseDType } from '../../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../../framework/op_def_library';
import { Tensor } from '../../framework/tensor';
import { Operation, Output } from '../../framework/ops';
import { isFullyDefined } from '../../framework/tensor_shape';
import {
  broadcastDynamicShape, broadcastStaticShape, broadcastTo, concat, matrixTranspose, reshape, shape, sliceOf, withScope,
} from '../array_ops';
import { assertEqual, assertLess } from '../check_ops';
import { noOp } from '../control_flow_ops';
import { solve } from '../linalg_ops';
import { abs, add, imag, mul } from '../math_ops';
import type { LinearOperator } from './linear_operator';

/** A static shape: its dimensions (null where unknown), or null for an unknown rank. */
export type StaticShapeList = Array<number | null> | null;

/** `[..., N]` to `[..., N, N]`: the static shape of the square matrices a batch of vectors defines. */
export function squareMatrixShape(vectorShape: StaticShapeList): StaticShapeList {
  return vectorShape === null ? null : [...vectorShape, vectorShape[vectorShape.length - 1]];
}

/** `squareMatrixShape` of a shape tensor (`array_ops.concat((shape, shape[-1:]), 0)`). */
export function squareMatrixShapeTensor(vectorShape: Output): Output {
  return concat([vectorShape, [sliceOf(vectorShape, [-1])]], 0);
}

/** `linear_operator_util.shape_tensor(shape)`: the int32 Const of a static shape. */
export function shapeTensor(dims: number[] | number | Output, name?: string): Output {
  if (dims instanceof Output) return dims;
  // Python ints (and `[]`) make int32; other numbers float32, which the identity operators reject.
  const ints = (Array.isArray(dims) ? dims : [dims]).every((d) => Number.isInteger(d));
  return convertToTensor(dims, { dtype: ints ? DType.int32 : DType.float32, name: name ?? 'Const' });
}

/** `dtype.is_complex`. */
export function isComplex(dtype: DType): boolean {
  return [DType.complex64, DType.complex128].includes(baseDType(dtype));
}

/** The real dtype of `dtype` (`DType.real_dtype`). */
export function realDType(dtype: DType): DType {
  const base = baseDType(dtype);
  return base === DType.complex64 ? DType.float32 : base === DType.complex128 ? DType.float64 : base;
}

/** `assert_no_entries_with_modulus_zero(x, message)`: `0 < |x|` everywhere. */
export function assertNoEntriesWithModulusZero(x: InputValue, message: string,
  name = 'assert_no_entries_with_modulus_zero'): Operation {
  return withScope(name, name, [x], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    const shouldBeNonzero = abs(xt);
    const zero = convertToTensor(0, { dtype: realDType(xt.dtype), graph });
    return assertLess(zero, shouldBeNonzero, { message });
  });
}

/** `assert_zero_imag_part(x, message)`: a NoOp for real `x`, else `0 == imag(x)` everywhere. */
export function assertZeroImagPart(x: InputValue, message: string, name = 'assert_zero_imag_part'): Operation {
  return withScope(name, name, [x], (_scope, graph) => {
    const xt = convertToTensor(x, { name: 'x', graph });
    if (!isComplex(xt.dtype)) return noOp();
    const zero = convertToTensor(0, { dtype: realDType(xt.dtype), graph });
    return assertEqual(zero, imag(xt), { message });
  });
}

/** The static batch shape (all but the last two dimensions) of `shape`. */
function batchOf(s: StaticShapeList): StaticShapeList {
  return s === null ? null : s.slice(0, -2);
}

function sameShape(a: StaticShapeList, b: StaticShapeList): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * `broadcast_matrix_batch_dims(batch_matrices)`: the matrices broadcast to their common batch
 * shape, statically where it is known (only those not of it then change).
 */
export function broadcastMatrixBatchDims(batchMatrices: Output[], name?: string): Output[] {
  return withScope(name, 'broadcast_matrix_batch_dims', batchMatrices, (_scope, graph) => {
    const mats = batchMatrices.map((m) => convertToTensor(m, { graph }));
    for (const m of mats) {
      if (m.shape !== null && m.shape.length < 2) {
        throw new ValueError(`Expected [batch] matrix to have at least two dimensions. Found: ${m}.`);
      }
    }
    if (mats.length < 2) return mats;
    let bcast = batchOf(mats[0].shape);
    for (const m of mats.slice(1)) bcast = broadcastStaticShape(bcast, batchOf(m.shape)) as StaticShapeList;
    if (isFullyDefined(bcast)) {
      const full = bcast;
      return mats.map((m) => (sameShape(batchOf(m.shape), full) ? m
        : broadcastTo(m, concat([full, sliceOf(shape(m), [[-2, null]])], 0))));
    }
    let dynamic = sliceOf(shape(mats[0]), [[null, -2]]);
    for (const m of mats.slice(1)) dynamic = broadcastDynamicShape(dynamic, sliceOf(shape(m), [[null, -2]]));
    return mats.map((m) => broadcastTo(m, concat([dynamic, sliceOf(shape(m), [[-2, null]])], 0)));
  });
}

/** `tf.transpose(x, perm)` of a numpy (int64) permutation, as `_reshape_for_efficiency` makes them. */
export function transposeInt64(x: Output, perm: number[]): Output {
  return withScope(undefined, 'transpose', [x], (scope) =>
    applyOp('Transpose', { x, perm: Tensor.from(perm.map(BigInt), { dtype: DType.int64 }) }, {}, scope).output(0));
}

/**
 * `_reshape_for_efficiency(a, b, adjoint_a)`: when `b` has more batch dimensions than `a`, they
 * moved to its end and folded into its columns (one solve instead of many), with the function
 * undoing that; and whether the adjoint is still to be taken.
 */
function reshapeForEfficiency(a: Output, b: Output, adjointA: boolean):
[Output, Output, (y: Output) => Output, boolean] {
  const same = (y: Output) => y;
  if (a.shape === null || b.shape === null || a.shape.length >= b.shape.length) return [a, b, same, true];
  const bExtraNdims = b.shape.length - a.shape.length;
  // TF slices b's shape before deciding, and again after transposing: both pairs are in its graph.
  sliceOf(shape(b), [[null, bExtraNdims]]);
  sliceOf(shape(b), [[bExtraNdims, null]]);
  const aDomain = a.shape[adjointA ? a.shape.length - 2 : a.shape.length - 1];
  const bEq = b.shape[b.shape.length - 1];
  const extra = b.shape.slice(0, bExtraNdims);
  const bExtraSize = isFullyDefined(extra) ? extra.reduce((p, d) => p * d, 1) : null;
  if (aDomain !== null && bEq !== null && bExtraSize !== null && (bExtraSize < 2 || aDomain <= bEq)) {
    return [a, b, same, true];
  }
  const at = adjointA ? matrixTranspose(a) : a;
  const bExtraSh = sliceOf(shape(b), [[null, bExtraNdims]]);
  const bMainSh = sliceOf(shape(b), [[bExtraNdims, null]]);
  const rank = b.shape.length;
  const perm = [...Array.from({ length: rank - bExtraNdims }, (_, i) => i + bExtraNdims),
    ...Array.from({ length: bExtraNdims }, (_, i) => i)];
  const bExtraOnEnd = transposeInt64(b, perm);
  const bSquashedEnd = reshape(bExtraOnEnd, concat([sliceOf(bMainSh, [[null, -1]]), [-1]], 0));
  const reshapeInv = (y: Output) => {
    const yExtraShape = concat([sliceOf(shape(y), [[null, -1]]), [sliceOf(bMainSh, [-1])], bExtraSh], 0);
    const yExtraOnEnd = reshape(y, yExtraShape);
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return transposeInt64(yExtraOnEnd, inverse);
  };
  return [at, bSquashedEnd, reshapeInv, false];
}

/** `matrix_solve_with_broadcast(matrix, rhs, adjoint)`: `MatrixSolve` after broadcasting batch dimensions. */
export function matrixSolveWithBroadcast(matrix: InputValue, rhs: InputValue, adjoint = false, name?: string): Output {
  return withScope(name, 'MatrixSolveWithBroadcast', [matrix, rhs], (_scope, graph) => {
    const m = convertToTensor(matrix, { name: 'matrix', graph });
    const r = convertToTensor(rhs, { name: 'rhs', graph, dtype: baseDType(m.dtype) });
    const [a, b, reshapeInv, stillNeedToTranspose] = reshapeForEfficiency(m, r, adjoint);
    const [ab, bb] = broadcastMatrixBatchDims([a, b]);
    return reshapeInv(solve(ab, bb, { adjoint: adjoint && stillNeedToTranspose }));
  });
}

/** Python's `result = f(ops[0]); for o in ops[1:]: result *= f(o)` (or `+=`): the factors' values combined. */
export function foldOperators(operators: LinearOperator[], f: (o: LinearOperator) => Output, op: 'mul' | 'add'): Output {
  let result = f(operators[0]);
  for (const o of operators.slice(1)) result = op === 'mul' ? mul(result, f(o), 'mul') : add(result, f(o), 'add');
  return result;
}

/** `is_adjoint_pair(x, y)`: `y` is known to be the adjoint of `x`. */
export function isAdjointPair(x: LinearOperator, y: LinearOperator): boolean {
  if (x === y) {
    if (x.isSelfAdjoint === false) return false;
    if (x.isSelfAdjoint) return true;
  }
  return x.H === y || y.H === x;
}

/** `is_aat_form(operators)`: the operators are of the form `A1 A2 ... A2^H A1^H`. */
export function isAatForm(operators: LinearOperator[]): boolean {
  if (operators.length === 0) throw new ValueError('AAT form is undefined for empty operators');
  if (operators.length % 2) return false;
  return operators.slice(0, operators.length / 2).every((op, i) => isAdjointPair(op, operators[operators.length - 1 - i]));
}

/** A hint: known true or false, or null (Python's None) when unknown. */
export type Hint = boolean | null;

/** `use_operator_or_provided_hint_unless_contradicting`: the operator's hint or the one given; ValueError when they differ. */
function combineHint(operatorHint: Hint, provided: Hint, message: string): Hint {
  if (operatorHint === false && provided) throw new ValueError(message);
  if (operatorHint && provided === false) throw new ValueError(message);
  if (operatorHint || provided) return true;
  if (operatorHint === false || provided === false) return false;
  return null;
}

/**
 * The hints of the adjoint or inverse of `operator` (LinearOperatorAdjoint's and Inversion's): each
 * the operator's or the one given, ValueError when they contradict.
 */
export function hintsOfAdjointOrInverse(operator: LinearOperator, given: { isNonSingular?: Hint; isSelfAdjoint?: Hint;
  isPositiveDefinite?: Hint; isSquare?: Hint }, its: 'adjoint' | 'inverse'): { isNonSingular: Hint; isSelfAdjoint: Hint;
  isPositiveDefinite: Hint; isSquare: Hint } {
  const one = (op: Hint, g: Hint | undefined, what: string) =>
    combineHint(op, g ?? null, `An operator is ${what} if and only if its ${its} is ${what}.`);
  const isSquare = one(operator.isSquare, given.isSquare, 'square');
  const isNonSingular = one(operator.isNonSingular, given.isNonSingular, 'non-singular');
  const isSelfAdjoint = one(operator.isSelfAdjoint, given.isSelfAdjoint, 'self-adjoint');
  const isPositiveDefinite = one(operator.isPositiveDefinite, given.isPositiveDefinite, 'positive-definite');
  return { isNonSingular, isSelfAdjoint, isPositiveDefinite, isSquare };
}

/** `property_hint_util.combined_commuting_self_adjoint_hint(a, b)`. */
export function combinedCommutingSelfAdjointHint(a: LinearOperator, b: LinearOperator): Hint {
  if (a.isSelfAdjoint && b.isSelfAdjoint) return true;
  if ((a.isSelfAdjoint === true && b.isSelfAdjoint === false) || (a.isSelfAdjoint === false && b.isSelfAdjoint === true)) {
    return false;
  }
  return null;
}

/** `property_hint_util.is_square(a, b)`: whether the product `a b` is square. */
export function isSquareProduct(a: LinearOperator, b: LinearOperator): Hint {
  if (a.isSquare && b.isSquare) return true;
  if (a.isSquare === false && b.isSquare === false) {
    const m = a.rangeDimension;
    const l = b.domainDimension;
    if (m !== null && l !== null) return m === l;
  }
  if (a.isSquare !== b.isSquare && a.isSquare !== null && b.isSquare !== null) return false;
  return null;
}

/** `property_hint_util.combined_commuting_positive_definite_hint(a, b)`. */
export function combinedCommutingPositiveDefiniteHint(a: LinearOperator, b: LinearOperator): Hint {
  return a.isPositiveDefinite === true && a.isSelfAdjoint === true && b.isPositiveDefinite === true &&
    b.isSelfAdjoint === true ? true : null;
}

/** The hints of the product of two commuting operators (Diag and ScaledIdentity products and solves). */
export function commutingHints(a: LinearOperator, b: LinearOperator): { isNonSingular: Hint; isSelfAdjoint: Hint;
  isPositiveDefinite: Hint } {
  return { isNonSingular: combinedNonSingularHint(a, b), isSelfAdjoint: combinedCommutingSelfAdjointHint(a, b),
    isPositiveDefinite: combinedCommutingPositiveDefiniteHint(a, b) };
}

/** `property_hint_util.combined_non_singular_hint(a, b)` (Python's `a and b` of two hints). */
export function combinedNonSingularHint(a: LinearOperator, b: LinearOperator): Hint {
  if (a.isNonSingular === false || b.isNonSingular === false) return false;
  return a.isNonSingular ? b.isNonSingular : a.isNonSingular;
}
