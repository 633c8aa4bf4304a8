/**
 * `tf.linalg` (TF1's `tf.compat.v1.linalg`, after TF 2.21's linalg_ops.py, linalg_impl.py,
 * array_ops' matrix ops and special_math_ops' einsum): each function builds the ops TF1 Python
 * builds, with the same names, Consts and static-shape shortcuts. TF1's top-level names
 * (`tf.matrix_inverse`, `tf.cholesky`, ...) are exported from ops.ts as aliases of these.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, dtypeRepr, isFloatingDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { Dimension, isCompatible } from '../framework/tensor_shape';
import {
  broadcastTo, cast, concat, constant, ellipsis, expandDims, fill, gather, getItem, identity, invertPermutation,
  matrixTranspose, newaxis, ones, pad, reshape, shape, size, sliceOf, squeeze, stack, tensorScatterUpdate, tile, where, whereV2,
  withScope, zeros,
} from './array_ops';
import { assertLess, assertLessEqual, pyInt } from './check_ops';
import { controlDependencies } from './control_flow_ops';
import { cond } from './cond';
import * as raw from './gen/raw_ops';
import {
  abs, add, conj, equal, floor, greater, greaterEqual, less, lessEqual, log, logicalAnd, logicalNot, matmul, maximum, minimum,
  mul, neg, pow, range, real, reduceAny, reduceMax, reduceMin, reduceSum, sqrt, square, sub, truediv,
} from './math_ops';
import { statelessNormal } from './stateless_random_ops';
import { whileLoop } from './while_loop';

export { matmul, tensordot } from './math_ops';
export type { MatmulOptions } from './math_ops';
export { diagPart as tensorDiagPart, matrixTranspose, matrixTranspose as transpose } from './array_ops';
export { l2Normalize } from './nn_ops';
export { globalNorm } from './clip_ops';

/** `tf.linalg.matvec(a, b, transpose_a, adjoint_a)`: `a` times the vectors `b` (scope `MatVec`). */
export function matvec(a: InputValue, b: InputValue,
  options: { transposeA?: boolean; adjointA?: boolean; name?: string } = {}): Output {
  return withScope(options.name, 'MatVec', [a, b], () => squeeze(matmul(a, expandDims(b, -1),
    { transposeA: options.transposeA, adjointA: options.adjointA }), [-1]));
}

/** `tf.linalg.adjoint(matrix)`: the conjugate transpose of the last two dimensions (scope `adjoint`). */
export function adjoint(matrix: InputValue, name?: string): Output {
  return withScope(name, 'adjoint', [matrix], (_scope, graph) =>
    matrixTranspose(convertToTensor(matrix, { name: 'matrix', graph })));
}

/** `tf.linalg.band_part(input, num_lower, num_upper)` (TF1's `tf.matrix_band_part`, `MatrixBandPart`). */
export function bandPart(input: InputValue, numLower: InputValue, numUpper: InputValue, name?: string): Output {
  // Host numbers convert to int32, as TF converts them; a tensor bound gives its own type.
  const tindex = [numLower, numUpper].find((x): x is Output => x instanceof Output)?.dtype ?? DType.int32;
  return raw.matrixBandPart({ input, numLower, numUpper, Tindex: baseDType(tindex) }, name ?? 'MatrixBandPart');
}

/** A diagonal offset: one diagonal, or the band `[low, high]`. */
export type DiagK = number | [number, number] | Output;
/** How diagonals shorter than the longest are aligned. */
export type DiagAlign = 'RIGHT_LEFT' | 'LEFT_RIGHT' | 'LEFT_LEFT' | 'RIGHT_RIGHT';

/**
 * `tf.linalg.diag(diagonal, name='diag', k=0, num_rows=-1, num_cols=-1, padding_value=0,
 * align='RIGHT_LEFT')` (TF1's `tf.matrix_diag`, the same function): `MatrixDiagV3`.
 */
export function diag(diagonal: InputValue, options: { k?: DiagK; numRows?: InputValue; numCols?: InputValue;
  paddingValue?: number | boolean; align?: DiagAlign; name?: string } = {}): Output {
  return raw.matrixDiagV3({ diagonal, k: options.k ?? 0, numRows: options.numRows ?? -1,
    numCols: options.numCols ?? -1, paddingValue: padding(diagonal, options.paddingValue),
    align: options.align ?? 'RIGHT_LEFT' }, options.name ?? 'diag');
}

/** The padding value, a bool for a bool tensor (as TF makes it); the op converts it to the tensor's dtype. */
function padding(t: InputValue, value: number | boolean = 0): number | boolean {
  return t instanceof Output && baseDType(t.dtype) === DType.bool ? Boolean(value) : value;
}

/**
 * `tf.linalg.diag_part(input, name='diag_part', k=0, padding_value=0, align='RIGHT_LEFT')` (TF1's
 * `tf.matrix_diag_part`): `MatrixDiagPartV3`.
 */
export function diagPart(input: InputValue, options: { k?: DiagK; paddingValue?: number | boolean; align?: DiagAlign;
  name?: string } = {}): Output {
  return raw.matrixDiagPartV3({ input, k: options.k ?? 0, paddingValue: padding(input, options.paddingValue),
    align: options.align ?? 'RIGHT_LEFT' }, options.name ?? 'diag_part');
}

/**
 * `tf.linalg.set_diag(input, diagonal, name='set_diag', k=0, align='RIGHT_LEFT')` (TF1's
 * `tf.matrix_set_diag`): `MatrixSetDiagV3`.
 */
export function setDiag(input: InputValue, diagonal: InputValue, options: { k?: DiagK; align?: DiagAlign; name?: string } = {}):
  Output {
  return raw.matrixSetDiagV3({ input, diagonal, k: options.k ?? 0, align: options.align ?? 'RIGHT_LEFT' },
    options.name ?? 'set_diag');
}

/** `tf.linalg.tensor_diag(diagonal)` (TF1's `tf.diag`, `Diag`). */
export function tensorDiag(diagonal: InputValue, name?: string): Output {
  return raw.diag({ diagonal }, name ?? 'Diag');
}

/** `tf.linalg.trace(x)` (TF1's `tf.trace`): the sum of each matrix's diagonal, in scope `Trace`. */
export function trace(x: InputValue, name?: string): Output {
  return withScope(name, 'Trace', [x], (scope, graph) =>
    reduceSum(diagPart(convertToTensor(x, { name: 'x', graph })), { axis: [-1], name: scope }));
}

/**
 * `tf.linalg.eye(num_rows, num_columns, batch_shape, dtype=float32)` (TF1's `tf.eye`): identity
 * matrices, as `MatrixDiagV3` of ones (`MatrixSetDiagV3` on zeros when not square).
 */
export function eye(numRows: number | Output, options: { numColumns?: number | Output; batchShape?: number[] | Output;
  dtype?: DType; name?: string } = {}): Output {
  const { dtype = DType.float32 } = options;
  return withScope(options.name, 'eye', [numRows, options.numColumns, options.batchShape], (_scope, graph) => {
    const numColumns = options.numColumns ?? numRows;
    let isSquare = options.numColumns === undefined;
    let diagShape: InputValue;
    let matrixShape: InputValue | undefined;
    if (numRows instanceof Output || numColumns instanceof Output) {
      const diagSize = minimum(numRows, numColumns, 'Minimum');
      const batch = convertToTensor(options.batchShape ?? [], { name: 'shape', dtype: DType.int32, graph });
      diagShape = concat([batch, [diagSize]], 0);
      if (!isSquare) matrixShape = concat([batch, [numRows, numColumns]], 0);
    } else {
      if (!Number.isInteger(numRows) || !Number.isInteger(numColumns)) {
        throw new TypeError('Arguments `num_rows` and `num_columns` must be positive integer values. Received: ' +
          `num_rows=${numRows}, num_columns=${numColumns}`);
      }
      isSquare = numRows === numColumns;
      const diagSize = Math.min(numRows, numColumns);
      const batch = options.batchShape ?? [];
      if (batch instanceof Output) {
        diagShape = concat([convertToTensor(batch, { name: 'shape', dtype: DType.int32, graph }), [diagSize]], 0);
        if (!isSquare) matrixShape = concat([batch, [numRows, numColumns]], 0);
      } else {
        diagShape = [...batch, diagSize];
        if (!isSquare) matrixShape = [...batch, numRows, numColumns];
      }
    }
    const diagOnes = ones(diagShape, dtype);
    return isSquare ? diag(diagOnes) : setDiag(zeros(matrixShape!, dtype), diagOnes);
  });
}

/** `tf.linalg.det(input)` (TF1's `tf.matrix_determinant`, `MatrixDeterminant`). */
export function det(input: InputValue, name?: string): Output {
  return raw.matrixDeterminant({ input }, name ?? 'MatrixDeterminant');
}

/**
 * `tf.linalg.slogdet(input)` (`tf.linalg.logdet`'s sign-keeping sibling, `LogMatrixDeterminant`):
 * `[sign, log_abs_determinant]`.
 */
export function slogdet(input: InputValue, name?: string): [Output, Output] {
  const { sign, logAbsDeterminant } = raw.logMatrixDeterminant({ input }, name ?? 'LogMatrixDeterminant');
  return [sign, logAbsDeterminant];
}

/** `tf.linalg.logdet(matrix)`: the log determinant of Hermitian positive definite matrices, by Cholesky. */
export function logdet(matrix: InputValue, name?: string): Output {
  return withScope(name, 'logdet', [matrix], () => {
    const chol = raw.cholesky({ input: matrix }, 'Cholesky');
    return mul(2.0, reduceSum(log(diagPart(chol)), { axis: [-1] }), 'mul');
  });
}

/** `tf.linalg.inv(input, adjoint=False)` (TF1's `tf.matrix_inverse`, `MatrixInverse`). */
export function inv(input: InputValue, options: { adjoint?: boolean; name?: string } = {}): Output {
  return raw.matrixInverse({ input, adjoint: options.adjoint ?? false }, options.name ?? 'MatrixInverse');
}

/** `tf.linalg.cholesky(input)` (TF1's `tf.cholesky`, `Cholesky`). */
export function cholesky(input: InputValue, name?: string): Output {
  return raw.cholesky({ input }, name ?? 'Cholesky');
}

/** `tf.linalg.sqrtm(input)` (TF1's `tf.matrix_square_root`, `MatrixSquareRoot`). */
export function sqrtm(input: InputValue, name?: string): Output {
  return raw.matrixSquareRoot({ input }, name ?? 'MatrixSquareRoot');
}

/**
 * `tf.linalg.cholesky_solve(chol, rhs)` (TF1's `tf.cholesky_solve`): two triangular solves in
 * scope `cholesky_solve`.
 */
export function choleskySolve(chol: InputValue, rhs: InputValue, name?: string): Output {
  return withScope(name, 'cholesky_solve', [chol, rhs], () => {
    const y = raw.matrixTriangularSolve({ matrix: chol, rhs, adjoint: false, lower: true });
    return raw.matrixTriangularSolve({ matrix: chol, rhs: y, adjoint: true, lower: true });
  });
}

/** `tf.linalg.solve(matrix, rhs, adjoint=False)` (TF1's `tf.matrix_solve`, `MatrixSolve`). */
export function solve(matrix: InputValue, rhs: InputValue, options: { adjoint?: boolean; name?: string } = {}): Output {
  return raw.matrixSolve({ matrix, rhs, adjoint: options.adjoint ?? false }, options.name ?? 'MatrixSolve');
}

/**
 * `tf.linalg.triangular_solve(matrix, rhs, lower=True, adjoint=False)` (TF1's
 * `tf.matrix_triangular_solve`): `MatrixTriangularSolve` in scope `triangular_solve`.
 */
export function triangularSolve(matrix: InputValue, rhs: InputValue,
  options: { lower?: boolean; adjoint?: boolean; name?: string } = {}): Output {
  return withScope(options.name, 'triangular_solve', [matrix, rhs], () =>
    raw.matrixTriangularSolve({ matrix, rhs, lower: options.lower ?? true, adjoint: options.adjoint ?? false }));
}

/**
 * `linalg_ops._RegularizedGramianCholesky`: the Cholesky factor of `A^H A` (`first_kind`) or
 * `A A^H`, plus `l2_regularizer` times the identity when that is a tensor or not 0.
 */
export function regularizedGramianCholesky(matrix: Output, l2Regularizer: number | Output, firstKind: boolean): Output {
  let gramian = matmul(matrix, matrix, { adjointA: firstKind, adjointB: !firstKind });
  if (l2Regularizer instanceof Output || l2Regularizer !== 0) {
    const matrixShape = shape(matrix);
    const batchShape = sliceOf(matrixShape, [[null, -2]]);
    const smallDim = sliceOf(matrixShape, [firstKind ? -1 : -2]);
    const identity = eye(smallDim, { batchShape, dtype: baseDType(matrix.dtype) });
    const s = matrix.shape;
    if (s) {
      const small = s[s.length + (firstKind ? -1 : -2)];
      identity.setShape([...s.slice(0, -2), small, small]);
    }
    gramian = add(gramian, mul(l2Regularizer, identity, 'mul'), 'add');
  }
  return raw.cholesky({ input: gramian }, 'Cholesky');
}

/**
 * `tf.linalg.lstsq(matrix, rhs, l2_regularizer=0.0, fast=True)` (TF1's `tf.matrix_solve_ls`): with
 * `fast` (and unless the batch is large and I/O bound) the regularized normal equations solved by
 * Cholesky in scope `matrix_solve_ls`, a `cond` on the shape when the matrices' is unknown;
 * otherwise the `MatrixSolveLs` op.
 */
export function lstsq(matrix: InputValue, rhs: InputValue,
  options: { l2Regularizer?: number | Output; fast?: boolean; name?: string } = {}): Output {
  const { l2Regularizer = 0.0, fast = true } = options;
  const m = convertToTensor(matrix, { name: 'matrix' });
  const s = m.shape;
  const useComposite = (() => {
    if (!fast) return false;
    if (s === null || s.some((d) => d === null)) return true;
    const dims = s as number[];
    const elements = dims.reduce((p, d) => p * d, 1);
    const batch = dims.slice(0, -2).reduce((p, d) => p * d, 1);
    const bytes = elements * (DTYPE_SIZE[baseDType(m.dtype)] ?? 4);
    return !(bytes > 256000 && batch > Math.min(...dims.slice(-2)));
  })();
  if (!useComposite) {
    return raw.matrixSolveLs({ matrix: m, rhs, l2Regularizer, fast }, options.name ?? 'MatrixSolveLs');
  }
  return withScope(options.name, 'matrix_solve_ls', [m, rhs, l2Regularizer], () => {
    const over = () => choleskySolve(regularizedGramianCholesky(m, l2Regularizer, true),
      matmul(m, rhs, { adjointA: true }));
    const under = () => matmul(m, choleskySolve(regularizedGramianCholesky(m, l2Regularizer, false), rhs),
      { adjointA: true });
    const inner = s?.slice(-2);
    if (inner && inner.length === 2 && inner[0] !== null && inner[1] !== null) {
      return inner[0] >= inner[1] ? over() : under();
    }
    const dims = sliceOf(shape(m), [[-2, null]]);
    return cond(greaterEqual(sliceOf(dims, [-2]), sliceOf(dims, [-1]), 'GreaterEqual'), over, under) as Output;
  });
}

/** Bytes per element of the float types lstsq's size heuristic weighs. */
const DTYPE_SIZE: Partial<Record<DType, number>> = {
  [DType.float16]: 2, [DType.float32]: 4, [DType.float64]: 8, [DType.complex64]: 8, [DType.complex128]: 16,
};

/** `tf.linalg.qr(input, full_matrices=False)` (TF1's `tf.qr`, `Qr`): `[q, r]`. */
export function qr(input: InputValue, options: { fullMatrices?: boolean; name?: string } = {}): [Output, Output] {
  const { q, r } = raw.qr({ input, fullMatrices: options.fullMatrices ?? false }, options.name ?? 'Qr');
  return [q, r];
}

/**
 * `tf.linalg.svd(tensor, full_matrices=False, compute_uv=True)` (TF1's `tf.svd`, `Svd`): `[s, u, v]`,
 * or `s` alone without `computeUv`.
 */
export function svd(tensor: InputValue, options: { fullMatrices?: boolean; computeUv?: true; name?: string }):
  [Output, Output, Output];
export function svd(tensor: InputValue, options: { fullMatrices?: boolean; computeUv: false; name?: string }): Output;
export function svd(tensor: InputValue): [Output, Output, Output];
export function svd(tensor: InputValue, options: { fullMatrices?: boolean; computeUv?: boolean; name?: string } = {}):
  [Output, Output, Output] | Output {
  const computeUv = options.computeUv ?? true;
  const { s, u, v } = raw.svd({ input: tensor, computeUv, fullMatrices: options.fullMatrices ?? false },
    options.name ?? 'Svd');
  return computeUv ? [s, u, v] : s;
}

/** `tf.linalg.eigh(tensor)` (TF1's `tf.self_adjoint_eig`, `SelfAdjointEigV2`): `[e, v]`. */
export function eigh(tensor: InputValue, name?: string): [Output, Output] {
  const { e, v } = raw.selfAdjointEigV2({ input: tensor, computeV: true }, name ?? 'SelfAdjointEigV2');
  return [e, v];
}

/** `tf.linalg.eigvalsh(tensor)` (TF1's `tf.self_adjoint_eigvals`): the eigenvalues alone. */
export function eigvalsh(tensor: InputValue, name?: string): Output {
  return raw.selfAdjointEigV2({ input: tensor, computeV: false }, name ?? 'SelfAdjointEigV2').e;
}

/** `tf.linalg.lu(input, output_idx_type=int32)` (`Lu`): `[lu, p]`. */
export function lu(input: InputValue, options: { outputIdxType?: DType; name?: string } = {}): [Output, Output] {
  const r = raw.lu({ input, outputIdxType: options.outputIdxType ?? DType.int32 }, options.name ?? 'Lu');
  return [r.lu, r.p];
}

/** The Padé coefficients of `_matrix_exp_pade3` ... `_matrix_exp_pade13`, by degree. */
const PADE: Record<number, number[]> = {
  3: [120.0, 60.0, 12.0],
  5: [30240.0, 15120.0, 3360.0, 420.0, 30.0],
  7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0],
  9: [17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0, 110880.0, 3960.0, 90.0],
  13: [64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
    10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0],
};

/**
 * `_matrix_exp_padeN`: the numerator's odd part U and even part V of the degree-N Padé
 * approximant, with its powers of the matrix made as TF makes them (in Python's evaluation order).
 */
function padeUV(matrix: Output, degree: number): [Output, Output] {
  const dtype = baseDType(matrix.dtype);
  const b = PADE[degree].map((x) => constant(x, { dtype }));
  const ident = eye(sliceOf(shape(matrix), [-2]), { batchShape: sliceOf(shape(matrix), [[null, -2]]), dtype });
  // matrix^2, ^4 = (^2)(^2), ^6 = (^4)(^2), ^8 = (^6)(^2): as many as the degree uses.
  const powers = [matmul(matrix, matrix)];
  const count = degree === 13 ? 3 : (degree - 1) / 2;
  while (powers.length < count) powers.push(matmul(powers[powers.length - 1], powers[0]));
  // sum_j coef[j] * powers[j] + coef[last] * ident, left to right as Python adds it.
  const series = (first: Output, terms: Array<[Output, Output]>) =>
    terms.reduce((acc, [c, t]) => add(acc, mul(c, t, 'mul'), 'add'), first);
  const m2 = powers[0];
  if (degree === 13) {
    const [, m4, m6] = powers;
    const inner = series(m6, [[b[11], m4], [b[9], m2]]);
    const tmpU = series(matmul(m6, inner), [[b[7], m6], [b[5], m4], [b[3], m2], [b[1], ident]]);
    const u = matmul(matrix, tmpU);
    const tmpV = series(mul(b[12], m6, 'mul'), [[b[10], m4], [b[8], m2]]);
    const v = series(matmul(m6, tmpV), [[b[6], m6], [b[4], m4], [b[2], m2], [b[0], ident]]);
    return [u, v];
  }
  const n = powers.length;  // the highest power is matrix^(2n)
  const high = powers[n - 1];
  const uTerms: Array<[Output, Output]> = [];
  for (let j = n - 2; j >= 0; j--) uTerms.push([b[2 * j + 3], powers[j]]);
  uTerms.push([b[1], ident]);
  const u = matmul(matrix, series(high, uTerms));
  const vTerms: Array<[Output, Output]> = [];
  for (let j = n - 2; j >= 0; j--) vTerms.push([b[2 * j + 2], powers[j]]);
  vTerms.push([b[0], ident]);
  const v = series(mul(b[2 * n], high, 'mul'), vTerms);
  return [u, v];
}

/** `x[..., i, :]`: row `i` of each matrix. */
const rowOf = (x: Output, i: number) => getItem(x, [ellipsis, i, ':']);

/**
 * `tf.linalg.expm(input)`: the matrix exponential by scaling and squaring with Padé approximants
 * (degrees 3, 5, 7 for 16- and 32-bit floats; 3 to 13 for 64-bit), chosen per matrix by its
 * 1-norm, the squarings in a while loop; NaNs for a non-finite norm. In scope `matrix_exponential`.
 */
export function expm(input: InputValue, name?: string): Output {
  return withScope(name, 'matrix_exponential', [input], (_scope, graph) => {
    let matrix = convertToTensor(input, { name: 'input', graph });
    const s0 = matrix.shape;
    if (s0 && s0.length >= 2 && s0[s0.length - 2] === 0 && s0[s0.length - 1] === 0) return matrix;
    const staticBatch = s0?.slice(0, -2);
    const batchShape: Array<number | null> | Output = staticBatch && staticBatch.every((d) => d !== null) ? staticBatch
      : sliceOf(shape(matrix), [[null, -2]]);
    matrix = reshape(matrix, concat([[-1], sliceOf(shape(matrix), [[-2, null]])], 0));
    const absSum = reduceSum(abs(matrix), { axis: sub(size(shape(matrix)), 2, 'sub') });
    const l1Norm = getItem(reduceMax(absSum, { axis: -1 }), [ellipsis, newaxis, newaxis]);
    const dtype = baseDType(matrix.dtype);
    const c = (x: number) => constant(x, { dtype: baseDType(l1Norm.dtype) });
    const nestWhere = (vals: number[], cases: Output[]): Output => {
      const pred = less(l1Norm, c(vals[0]), 'Less');
      const other = vals.length === 1 ? cases[1] : nestWhere(vals.slice(1), cases.slice(1));
      return raw.selectV2({ condition: pred, t: cases[0], e: other }, 'SelectV2');
    };
    const scaled = (squarings: Output) => truediv(matrix, cast(pow(c(2.0), squarings), dtype));
    let squarings: Output;
    let u: Output;
    let v: Output;
    const half = [DType.float16, DType.float32, DType.complex64].includes(dtype);
    if (half || [DType.float64, DType.complex128].includes(dtype)) {
      const maxnorm = c(half ? 3.925724783138660 : 5.371920351148152);
      squarings = maximum(floor(truediv(log(truediv(l1Norm, maxnorm)), log(c(2.0)))), 0);
      const degrees = half ? [3, 5] : [3, 5, 7, 9];
      const parts = degrees.map((d) => padeUV(matrix, d));
      parts.push(padeUV(scaled(squarings), half ? 7 : 13));
      const conds = half ? [4.258730016922831e-001, 1.880152677804762e+000]
        : [1.495585217958292e-002, 2.539398330063230e-001, 9.504178996162932e-001, 2.097847961257068e+000];
      u = nestWhere(conds, parts.map((p) => p[0]));
      v = nestWhere(conds, parts.map((p) => p[1]));
    } else {
      throw new ValueError(`tf.linalg.expm does not support matrices of type ${dtypeRepr(dtype)}`);
    }
    const isFinite = raw.isFinite({ x: reduceMax(l1Norm) }, 'IsFinite');
    const nan = constant(NaN, { dtype });
    const result = cond(isFinite, () => solve(add(neg(u), v, 'add'), add(u, v, 'add')),
      () => fill(shape(matrix), nan)) as Output;
    const maxSquarings = reduceMax(squarings);
    const i0 = c(0.0);
    const [, squared] = whileLoop(
      (i) => cond(isFinite, () => less(i as Output, maxSquarings, 'Less'), () => constant(false)) as Output,
      (i, r) => [add(i as Output, 1, 'add'),
        raw.selectV2({ condition: less(i as Output, squarings, 'Less'), t: matmul(r as Output, r as Output),
          e: r as Output }, 'SelectV2')],
      [i0, result]) as Output[];
    const ms = matrix.shape;
    if (!ms || ms.some((d) => d === null)) {
      return reshape(squared, concat([batchShape as InputValue, sliceOf(shape(squared), [[-2, null]])], 0));
    }
    return reshape(squared, [...(batchShape as number[]), ...squared.shape!.slice(-2) as number[]]);
  });
}

/**
 * The LU factors and permutation converted as TF names them, with the static checks of
 * `lu_reconstruct_assertions` (TF's run-time ones need `validate_args`).
 */
function luInputs(lowerUpper: InputValue, perm: InputValue, graph: Graph): [Output, Output] {
  const lu = convertToTensor(lowerUpper, { name: 'lower_upper', graph, preferredDtype: DType.float32 });
  const p = convertToTensor(perm, { name: 'perm', graph, preferredDtype: DType.int32 });
  const s = lu.shape;
  if (s && s.length < 2) throw new ValueError('Input `lower_upper` must have at least 2 dimensions.');
  if (s && p.shape && s.length !== p.shape.length + 1) {
    throw new ValueError('`rank(lower_upper)` must equal `rank(perm) + 1`');
  }
  if (s && s.slice(0, -2).every((d) => d !== null) && s[s.length - 2] !== s[s.length - 1]) {
    throw new ValueError('`lower_upper` must be square.');
  }
  return [lu, p];
}

/**
 * LU's unit lower triangle: `set_diag(band_part(lu, -1, 0), ones(shape(lu)[:-1]))`, the shape
 * made after the band unless given.
 */
function unitLower(lowerUpper: Output, luShape?: Output): Output {
  const band = bandPart(lowerUpper, -1, 0);
  return setDiag(band, ones(sliceOf(luShape ?? shape(lowerUpper), [[null, -1]]), baseDType(lowerUpper.dtype)));
}

/** Batches of LU factors need TF's `map_fn` and broadcasting paths, not here. */
function checkUnbatched(what: string, lowerUpper: Output): void {
  if (lowerUpper.shape?.length !== 2) {
    throw new NotImplementedError(`${what} of a batch of matrices (or of unknown rank) is not supported.`);
  }
}

/**
 * `tf.linalg.lu_solve(lower_upper, perm, rhs)` for one matrix (`lu`'s outputs) and a matrix of
 * right-hand sides: the rows of `rhs` permuted, then two triangular solves, in scope `lu_solve`.
 */
export function luSolve(lowerUpper: InputValue, perm: InputValue, rhs: InputValue, name?: string): Output {
  return withScope(name, 'lu_solve', [], (_scope, graph) => {
    const [lu, p] = luInputs(lowerUpper, perm, graph);
    const r = convertToTensor(rhs, { name: 'rhs', graph, preferredDtype: baseDType(lu.dtype) });
    const rs = r.shape;
    if (rs && rs.length < 2) throw new ValueError('Input `rhs` must have at least 2 dimensions.');
    const ls = lu.shape;
    const luCols = ls?.[ls.length - 1] ?? null;
    const rhsRows = rs?.[rs.length - 2] ?? null;
    if (luCols !== null && rhsRows !== null && luCols !== rhsRows) {
      throw new ValueError('`lower_upper.shape[-1]` must equal `rhs.shape[-1]`.');
    }
    checkUnbatched('lu_solve', lu);
    if (rs?.length !== 2) throw new NotImplementedError('lu_solve of a batch of right-hand sides is not supported.');
    const permuted = gather(r, p, -2);
    const lower = unitLower(lu);
    return triangularSolve(lu, triangularSolve(lower, permuted), { lower: false });
  });
}

/** `tf.linalg.lu_reconstruct(lower_upper, perm)` for one matrix: P^-1 L U, in scope `lu_reconstruct`. */
export function luReconstruct(lowerUpper: InputValue, perm: InputValue, name?: string): Output {
  return withScope(name, 'lu_reconstruct', [], (_scope, graph) => {
    const [lu, p] = luInputs(lowerUpper, perm, graph);
    checkUnbatched('lu_reconstruct', lu);
    const luShape = shape(lu);
    const lower = unitLower(lu, luShape);
    const upper = bandPart(lu, 0, -1);
    const x = gather(matmul(lower, upper), invertPermutation(p));
    if (lu.shape) x.setShape(lu.shape);
    return x;
  });
}

/** `tf.linalg.lu_matrix_inverse(lower_upper, perm)` for one matrix: `lu_solve` against the identity. */
export function luMatrixInverse(lowerUpper: InputValue, perm: InputValue, name?: string): Output {
  return withScope(name, 'lu_matrix_inverse', [], (_scope, graph) => {
    const [lu, p] = luInputs(lowerUpper, perm, graph);
    checkUnbatched('lu_matrix_inverse', lu);
    const luShape = shape(lu);
    const rows = sliceOf(luShape, [-1]);
    return luSolve(lu, p, eye(rows, { batchShape: sliceOf(luShape, [[null, -2]]), dtype: baseDType(lu.dtype) }));
  });
}

/**
 * `tf.linalg.matrix_rank(a, tol=None)`: the number of singular values above `tol` (by default
 * eps * max(m, n) * the largest), in scope `matrix_rank`.
 */
export function matrixRank(a: InputValue, options: { tol?: number | Output; name?: string } = {}): Output {
  return withScope(options.name, 'matrix_rank', [], (_scope, graph) => {
    const at = convertToTensor(a, { name: 'a', graph, preferredDtype: DType.float32 });
    checkFloatMatrix(at);
    const dtype = baseDType(at.dtype);
    const s = svd(at, { computeUv: false });
    let tol = options.tol;
    if (tol === undefined) {
      const inner = at.shape?.slice(-2);
      // A static size is NumPy's int64 there.
      const m = inner && inner.length === 2 && inner.every((d) => d !== null)
        ? Tensor.from(BigInt(Math.max(...(inner as number[]))), { dtype: DType.int64 })
        : reduceMax(sliceOf(shape(at), [[-2, null]]));
      tol = mul(mul(epsOf(dtype), cast(m, dtype), 'mul'), reduceMax(s, { axis: -1, keepDims: true }), 'mul');
    }
    return reduceSum(cast(raw.greater({ x: s, y: tol }, 'Greater'), DType.int32), { axis: -1 });
  });
}

/** `np.finfo(dtype).eps` of the float types. */
function epsOf(dtype: DType): number {
  return dtype === DType.float64 ? 2.220446049250313e-16 : dtype === DType.float16 ? 0.0009765625 : 1.1920928955078125e-7;
}

/** `tf.linalg.cross(a, b)` (TF1's `tf.cross`, `Cross`): pairwise cross products of 3-vectors. */
export function cross(a: InputValue, b: InputValue, name?: string): Output {
  return raw.cross({ a, b }, name ?? 'Cross');
}

/** What `norm` takes as `ord`. */
export type NormOrd = 'euclidean' | 'fro' | number;

/** Python's repr of an `ord` or `axis` in norm's messages. */
function pyRepr(v: unknown, tuple = false): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Array.isArray(v)) {
    const items = v.map((x) => pyRepr(x));
    return tuple ? `(${items.join(', ')}${items.length === 1 ? ',' : ''})` : `[${items.join(', ')}]`;
  }
  return String(v);
}

/**
 * `tf.norm(tensor, ord='euclidean', axis=None, keepdims=None, keep_dims=None)` (`tf.linalg.norm`):
 * vector norms (ord 'euclidean', 1, 2, inf or any p > 0) over all or one axis, matrix norms
 * ('fro', 'euclidean', 1, inf) over two axes, in scope `norm`. (The matrix 2-norm, which TF builds
 * with `map_fn` loops around an SVD, is left out: NotImplementedError.)
 */
export function norm(tensor: InputValue, options: { ord?: NormOrd; axis?: number | number[]; keepdims?: boolean;
  keepDims?: boolean; name?: string } = {}): Output {
  const ord = options.ord ?? 'euclidean';
  if (options.keepdims !== undefined && options.keepDims !== undefined) {
    throw new ValueError('Cannot specify both \'keepdims\' and \'keep_dims\'');
  }
  const keepdims = options.keepdims ?? options.keepDims ?? false;
  const axisIn = options.axis;
  const isMatrixNorm = Array.isArray(axisIn) && axisIn.length === 2;
  let axis: number[] | undefined;
  if (isMatrixNorm) {
    if (!axisIn.every(Number.isInteger) || axisIn[0] === axisIn[1]) {
      throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got ${pyRepr(axisIn, true)}`);
    }
    if (!['euclidean', 'fro', 1, 2, Infinity].includes(ord)) {
      throw new ValueError(`'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got ${
        typeof ord === 'string' ? ord : pyRepr(ord)}`);
    }
    if (ord === 2) throw new NotImplementedError('tf.norm: the matrix 2-norm (ord=2 over two axes) is not supported.');
    axis = axisIn;
  } else {
    if (!(axisIn === undefined || typeof axisIn === 'number')) {
      throw new ValueError(`'axis' must be None, an integer, or a tuple of 2 unique integers, got ${pyRepr(axisIn)}`);
    }
    if (typeof ord === 'string' ? ord !== 'euclidean' : ord <= 0) {
      throw new ValueError(`'ord' must be a supported vector norm, got ${typeof ord === 'string' ? ord : pyRepr(ord)}`);
    }
    if (axisIn !== undefined) axis = [axisIn];
  }
  return withScope(options.name, 'norm', [tensor], () => {
    const t = convertToTensor(tensor);
    let result: Output;
    if (ord === 'fro' || ord === 'euclidean' || ord === 2) {
      result = sqrt(reduceSum(mul(t, t, 'mul'), { axis, keepDims: true }));
    } else {
      result = abs(t);
      if (ord === 1) {
        result = reduceSum(result, { axis: axis?.[0], keepDims: true });
        if (isMatrixNorm) result = reduceMax(result, { axis: axis![1], keepDims: true });
      } else if (ord === Infinity) {
        if (isMatrixNorm) result = reduceSum(result, { axis: axis![1], keepDims: true });
        result = reduceMax(result, { axis: axis?.[0], keepDims: true });
      } else {
        result = pow(reduceSum(pow(result, ord), { axis, keepDims: true }), 1.0 / ord);
      }
    }
    return keepdims ? result : squeeze(result, axis ?? []);
  });
}

/**
 * `tf.linalg.normalize(tensor, ord='euclidean', axis=None)`: `[tensor / norm, norm]`, the norm
 * kept as `norm`'s `keepdims` gives it, in scope `normalize`.
 */
export function normalize(tensor: InputValue, options: { ord?: NormOrd; axis?: number | number[]; name?: string } = {}):
  [Output, Output] {
  return withScope(options.name, 'normalize', [tensor], () => {
    const t = convertToTensor(tensor);
    const n = cast(norm(t, { ord: options.ord, axis: options.axis, keepdims: true }), baseDType(t.dtype));
    return [truediv(t, n), n];
  });
}

/** `tf.linalg.pinv(a, rcond=None)`: the Moore-Penrose pseudo-inverse, by SVD, in scope `pinv`. */
export function pinv(a: InputValue, options: { rcond?: number | Output; name?: string } = {}): Output {
  return withScope(options.name, 'pinv', [a], (_scope, graph) => {
    const at = convertToTensor(a, { name: 'a', graph });
    const dtype = baseDType(at.dtype);
    checkFloatMatrix(at);
    let rcond = options.rcond;
    if (rcond === undefined) {
      const s = at.shape;
      const dim = (i: number): number | Output => s?.[s.length + i] ?? sliceOf(shape(at), [i]);
      const [rows, cols] = [dim(-2), dim(-1)];
      rcond = typeof rows === 'number' && typeof cols === 'number' ? 10 * Math.max(rows, cols) * epsOf(dtype)
        : mul(mul(10, cast(raw.maximum({ x: rows, y: cols }, 'Maximum'), dtype), 'mul'), epsOf(dtype), 'mul');
    }
    const rcondT = convertToTensor(rcond, { dtype, name: 'rcond', graph });
    const [s, u, v] = svd(at, { fullMatrices: false, computeUv: true });
    const cutoff = mul(rcondT, reduceMax(s, { axis: -1 }), 'mul');
    const kept = raw.selectV2({ condition: raw.greater({ x: s, y: expandDims(cutoff, -1) }, 'Greater'), t: s,
      e: Infinity }, 'SelectV2');
    const out = matmul(truediv(v, expandDims(kept, -2)), u, { adjointB: true });
    const as = at.shape;
    if (as) out.setShape([...as.slice(0, -2), as[as.length - 1], as[as.length - 2]]);
    return out;
  });
}

/** `_maybe_validate_matrix` without run-time checks: a float matrix (batch) of rank 2 or more. */
function checkFloatMatrix(a: Output): void {
  if (!isFloatingDType(baseDType(a.dtype))) {
    throw new TypeError(`Input \`a\` must have \`float\`-like \`dtype\` (saw ${dtypeName(baseDType(a.dtype))}).`);
  }
  if (a.shape && a.shape.length < 2) {
    throw new ValueError(`Input \`a\` must have at least 2 dimensions (saw: ${a.shape.length}).`);
  }
}

/**
 * `tf.einsum(equation, *inputs)` (`tf.linalg.einsum`) of one or two inputs: the equation checked
 * and resolved as TF 2.21's `_einsum_v2` does (an implicit output made of the labels seen once),
 * then one `Einsum` op in scope `einsum`. (Three or more inputs need opt_einsum's contraction
 * order: NotImplementedError.)
 */
export function einsum(equation: string, inputs: InputValue[], name?: string): Output {
  return withScope(name, 'einsum', inputs, () => {
    let resolved = equation.replace(/ /g, '');
    let ellipsisLabel: string | null = null;
    if (equation.includes('...')) {
      ellipsisLabel = '0';
      if (resolved.includes(ellipsisLabel)) throw new ValueError(`Invalid character "${ellipsisLabel}" in equation: ${equation}.`);
      resolved = resolved.split('...').join(ellipsisLabel);
    }
    const labels = `a-zA-Z${ellipsisLabel ?? ''}`;
    const match = new RegExp(`^([${labels},]*)(->[${labels}]*)?$`).exec(resolved);
    if (!match) throw new ValueError(`Subscripts have incorrect format: ${resolved}`);
    const inputLabels = match[1].split(',');
    let outputLabels = match[2] ? match[2].slice(2) : '';
    if (inputs.length !== inputLabels.length) {
      throw new ValueError(`Got ${inputs.length} inputs for equation "${equation}", expecting ${inputLabels.length}`);
    }
    if (!resolved.includes('->')) {
      const counts = new Map<string, number>();
      for (const c of match[1]) counts.set(c, (counts.get(c) ?? 0) + 1);
      outputLabels = [...counts.keys()].filter((c) => c !== ',' && counts.get(c) === 1).sort().join('');
      resolved += `->${outputLabels}`;
    }
    if (new Set(outputLabels).size !== outputLabels.length) {
      throw new ValueError(`Output subscripts contain a label appearing more than once: ${equation}`);
    }
    for (const c of outputLabels) {
      if (c !== ellipsisLabel && !match[1].includes(c)) {
        throw new ValueError(`Output subscripts contain the label ${c} not present in the input subscripts.`);
      }
    }
    if (ellipsisLabel && outputLabels.split(ellipsisLabel).length > 2) {
      throw new ValueError(`Output subscripts contain multiple ellipsis: ${equation}`);
    }
    if (inputs.length > 2) {
      throw new NotImplementedError('einsum of more than two inputs (an opt_einsum contraction path) is not supported.');
    }
    if (ellipsisLabel) resolved = resolved.split(ellipsisLabel).join('...');
    return raw.einsum({ inputs, equation: resolved });
  });
}

/**
 * `tf.linalg.tridiagonal_matmul(diagonals, rhs, diagonals_format='compact')`: the tridiagonal
 * matrices times `rhs` (`TridiagonalMatMul`), the diagonals `[..., 3, M]` (super, main, sub),
 * a sequence of the three, or the `[..., M, M]` matrices.
 */
export function tridiagonalMatmul(diagonals: InputValue | [InputValue, InputValue, InputValue], rhs: InputValue,
  options: { diagonalsFormat?: 'compact' | 'sequence' | 'matrix'; name?: string } = {}): Output {
  const format = options.diagonalsFormat ?? 'compact';
  let diags: InputValue[];
  if (format === 'sequence') {
    diags = diagonals as InputValue[];
  } else if (format === 'compact' || format === 'matrix') {
    let d = convertToTensor(diagonals as InputValue);
    if (format === 'matrix') {
      const s = d.shape;
      const [m1, m2] = [s?.[s.length - 1] ?? null, s?.[s.length - 2] ?? null];
      if (m1 && m2 && m1 !== m2) {
        throw new ValueError(`Expected last two dimensions of diagonals to be same, got ${m1} and ${m2}`);
      }
      d = diagPart(d, { k: [-1, 1], paddingValue: 0, align: 'LEFT_RIGHT' });
    }
    diags = [0, 1, 2].map((i) => rowOf(d, i));
  } else {
    throw new ValueError(`Unrecognized diagonals_format: ${format}`);
  }
  const [superdiag, maindiag, subdiag] = diags.map((t) => expandDims(t, -2));
  return raw.tridiagonalMatMul({ superdiag, maindiag, subdiag, rhs }, options.name ?? 'TridiagonalMatMul');
}

/** The options of `tridiagonalSolve`. */
export interface TridiagonalSolveOptions {
  diagonalsFormat?: 'compact' | 'sequence' | 'matrix';
  transposeRhs?: boolean;
  conjugateRhs?: boolean;
  partialPivoting?: boolean;
  perturbSingular?: boolean;
  name?: string;
}

/** A static shape as Python prints a TensorShape: `(2, 3)`, `(None, 3)`, `(3,)`, `<unknown>`. */
function pyShape(s: Array<number | null> | null): string {
  if (s === null) return '<unknown>';
  const dims = s.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

const lastDim = (t: Output, i = 1) => t.shape?.[t.shape.length - i] ?? null;

/**
 * `tf.linalg.tridiagonal_solve(diagonals, rhs, diagonals_format='compact', transpose_rhs=False,
 * conjugate_rhs=False, partial_pivoting=True, perturb_singular=False)`: the diagonals `[..., 3, M]`
 * (super, main, sub), a sequence of the three (the outer ones `M - 1` long padded), or `[..., M, M]`
 * matrices; `[..., M, K]` right-hand sides, or `[..., M]` ones (solved as a column).
 */
export function tridiagonalSolve(diagonals: InputValue | [InputValue, InputValue, InputValue], rhs: InputValue,
  options: TridiagonalSolveOptions = {}): Output {
  const { partialPivoting = true, perturbSingular = false } = options;
  if (perturbSingular && !partialPivoting) throw new ValueError('partial_pivoting must be True if perturb_singular is.');
  const format = options.diagonalsFormat ?? 'compact';
  let compact: Output;
  if (format === 'compact') {
    compact = convertToTensor(diagonals as InputValue);
  } else if (format === 'sequence') {
    if (!Array.isArray(diagonals) || diagonals.length !== 3) {
      throw new ValueError('Expected diagonals to be a sequence of length 3.');
    }
    const [superIn, main, subIn] = (diagonals as InputValue[]).map((d) => convertToTensor(d));
    const batch = (t: Output) => t.shape?.slice(0, -1) ?? null;
    if (!isCompatible(batch(subIn), batch(main)) || !isCompatible(batch(superIn), batch(main))) {
      throw new ValueError('Tensors representing the three diagonals must have the same shape,except for the last ' +
        `dimension, got ${pyShape(subIn.shape)}, ${pyShape(main.shape)}, ${pyShape(superIn.shape)}`);
    }
    const m = lastDim(main);
    const padded = (t: Output, what: string, last: [number, number]) => {
      const n = lastDim(t);
      if (!n || n === m) return t;
      if (m === null) throw new TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'");
      if (n === m - 1) return pad(t, [...t.shape!.slice(0, -1).map(() => [0, 0]), last]);
      throw new ValueError(`Expected ${what} to be have length ${m} or ${m - 1}, got ${n}.`);
    };
    const sub = padded(subIn, 'subdiagonal', [1, 0]);
    const sup = padded(superIn, 'superdiagonal', [0, 1]);
    compact = stack([sup, main, sub], -2);
  } else if (format === 'matrix') {
    const d = convertToTensor(diagonals as InputValue);
    const [m1, m2] = [lastDim(d), lastDim(d, 2)];
    if (m1 && m2 && m1 !== m2) throw new ValueError(`Expected last two dimensions of diagonals to be same, got ${m1} and ${m2}`);
    compact = diagPart(d, { k: [-1, 1], paddingValue: 0, align: 'LEFT_RIGHT' });
  } else {
    throw new ValueError(`Unrecognized diagonals_format: ${format}`);
  }
  return tridiagonalSolveCompact(compact, convertToTensor(rhs), options.transposeRhs ?? false, partialPivoting,
    perturbSingular, options.name);
}

/** `_tridiagonal_solve_compact_format` of real tensors (the conjugations are no-ops). */
function tridiagonalSolveCompact(diagonals: Output, rhs: Output, transposeRhs: boolean, partialPivoting: boolean,
  perturbSingular: boolean, name: string | undefined): Output {
  const [dr, rr] = [diagonals.shape?.length, rhs.shape?.length];
  if (dr) {
    if (dr < 2) throw new ValueError(`Expected diagonals to have rank at least 2, got ${dr}`);
    if (rr && rr !== dr && rr !== dr - 1) throw new ValueError(`Expected the rank of rhs to be ${dr - 1} or ${dr}, got ${rr}`);
    if (rr && !isCompatible(diagonals.shape!.slice(0, -2), rhs.shape!.slice(0, dr - 2))) {
      throw new ValueError(`Batch shapes ${pyShape(diagonals.shape!.slice(0, -2))} and ${pyShape(rhs.shape!.slice(0, dr - 2))} ` +
        'are incompatible');
    }
  }
  const numDiags = lastDim(diagonals, 2);
  if (numDiags && numDiags !== 3) throw new ValueError(`Expected 3 diagonals got ${numDiags}`);
  const checkSides = (r: Output) => {
    const [lhs, rhsRows] = [lastDim(diagonals), lastDim(r, 2)];
    if (lhs && rhsRows && lhs !== rhsRows) {
      throw new ValueError('Expected number of left-hand sided and right-hand sides to be equal, got ' +
        `${lhs} and ${rhsRows}`);
    }
  };
  const solveOp = (r: Output) => raw.tridiagonalSolve({ diagonals, rhs: r, partialPivoting, perturbSingular },
    name ?? 'TridiagonalSolve');
  if (rr && dr && rr === dr - 1) {
    const column = expandDims(rhs, -1);
    checkSides(column);
    return squeeze(solveOp(column), [-1]);
  }
  const r = transposeRhs ? matrixTranspose(rhs) : rhs;
  checkSides(r);
  return solveOp(r);
}

/** `tf.linalg.logm(input, name=None)`: the matrix logarithm of complex square matrices (`MatrixLogarithm`). */
export function logm(input: InputValue, name?: string): Output {
  return applyOp('MatrixLogarithm', { input }, {}, name ?? 'MatrixLogarithm').output(0);
}

/** numpy's `finfo` of the real dtypes `eigh_tridiagonal` reads. */
const FINFO: Partial<Record<DType, { max: number; eps: number; tiny: number; nmant: number; round: (x: number) => number }>> = {
  [DType.float32]: { max: 3.4028234663852886e38, eps: 1.1920928955078125e-7, tiny: 1.1754943508222875e-38, nmant: 23,
    round: Math.fround },
  [DType.float64]: { max: Number.MAX_VALUE, eps: Number.EPSILON, tiny: 2.2250738585072014e-308, nmant: 52, round: (x) => x },
};

/** Options of `eighTridiagonal`. */
export interface EighTridiagonalOptions {
  /** Only the eigenvalues (the default), else `[eigenvalues, eigenvectors]` (TF's inverse iteration). */
  eigvalsOnly?: boolean;
  /** `'a'` all eigenvalues, `'i'` those of indices `selectRange` (inclusive), `'v'` those in (`selectRange`]. */
  select?: 'a' | 'i' | 'v';
  selectRange?: [number, number];
  /** The absolute tolerance of the eigenvalues (at least machine epsilon times the norm). */
  tol?: number;
  name?: string;
}

/**
 * `_sturm`: per point of `x`, how many eigenvalues lie below it, by the Sturm sequence recurrence
 * (unrolled by 16 in a while loop, as TF does).
 */
function sturm(alpha: Output, betaSq: Output, pivmin: Output, alpha0Perturbation: Output, x: Output, n: number): Output {
  return withScope(undefined, 'sturm', [], () => {
    const zerosT = zeros(shape(x), DType.int32);
    const onesT = ones(shape(x), DType.int32);
    let q = sub(sliceOf(alpha, [0]), x, 'sub');
    let count = where(less(q, 0), onesT, zerosT);
    q = where(equal(sliceOf(alpha, [0]), x), alpha0Perturbation, q);
    const step = (i: number | Output, qIn: Output, countIn: Output): [Output, Output] => {
      const ai = sliceOf(alpha, [i]);
      const previous = typeof i === 'number' ? i - 1 : sub(i, 1, 'sub');
      const qOut = sub(sub(ai, truediv(sliceOf(betaSq, [previous]), qIn), 'sub'), x, 'sub');
      const countOut = where(lessEqual(qOut, pivmin), add(countIn, 1, 'add'), countIn);
      return [where(lessEqual(qOut, pivmin), minimum(qOut, neg(pivmin)), qOut), countOut];
    };
    const unrolled = (steps: number) => (start: number | Output, qIn: Output, countIn: Output): [number | Output, Output, Output] => {
      let [qs, cs] = [qIn, countIn];
      for (let j = 0; j < steps; j++) [qs, cs] = step(typeof start === 'number' ? start + j : add(start, j, 'add'), qs, cs);
      return [typeof start === 'number' ? start + steps : add(start, steps, 'add'), qs, cs];
    };
    const [i, q1, count1] = unrolled((n - 1) % 16)(1, q, count);
    // Python's counter is a Dimension here (`1 + (n - 1) % 16` of the static length): a `shape_as_tensor` Const.
    const loopVars: unknown[] = [new Dimension(i as number), q1, count1];
    const body = unrolled(16) as (...vars: unknown[]) => unknown;
    return (whileLoop((iv: Output) => less(iv, n), body, loopVars, { backProp: false }) as Output[])[2];
  });
}

/**
 * `_compute_eigenvectors`: the eigenvectors of `eigvals` by inverse iteration from seeded normal
 * vectors (TF's stateless seed [7, 42]), those of close eigenvalues orthogonalized by QR.
 */
function tridiagonalEigenvectors(alphaIn: Output, betaIn: Output, eigvals: Output): Output {
  return withScope(undefined, 'compute_eigenvectors', [], () => {
    const k = size(eigvals);
    const n = size(alphaIn);
    const alpha = cast(alphaIn, betaIn.dtype);
    const gap = sub(sliceOf(eigvals, [[1, null]]), sliceOf(eigvals, [[null, -1]]), 'sub');
    const eps = FINFO[baseDType(eigvals.dtype)]!.eps;
    const tNorm = maximum(abs(sliceOf(eigvals, [0])), abs(sliceOf(eigvals, [-1])));
    const close = less(gap, mul(Math.sqrt(eps), tNorm, 'mul'));
    const leftNeighborClose = concat([[false], close], 0);
    const rightNeighborClose = concat([close, [false]], 0);
    const orthoIntervalStart = squeeze(whereV2(logicalAnd(logicalNot(leftNeighborClose), rightNeighborClose)), [-1]);
    const orthoIntervalEnd = add(squeeze(whereV2(logicalAnd(leftNeighborClose, logicalNot(rightNeighborClose))), [-1]), 1,
      'add');
    const numClusters = size(orthoIntervalEnd);
    let v0 = cast(statelessNormal([k, n] as unknown as number[], [7, 42]), betaIn.dtype);
    const nrmV = norm(v0, { axis: 1 });
    v0 = truediv(v0, getItem(nrmV, [[null, null], newaxis]));
    const zeroNrm = constant(0, { shape: nrmV.shape as number[], dtype: nrmV.dtype });
    const eigvalsCast = cast(eigvals, betaIn.dtype);
    const alphaShifted = sub(getItem(alpha, [newaxis, [null, null]]), getItem(eigvalsCast, [[null, null], newaxis]), 'sub');
    const beta = tile(getItem(betaIn, [newaxis, [null, null]]), [k, 1]);
    const diags: [Output, Output, Output] = [beta, alphaShifted, conj(beta)];
    const orthogonalizeCluster = (clusterIdx: Output, eigenvectors: Output) => {
      const start = sliceOf(orthoIntervalStart, [clusterIdx]);
      const end = sliceOf(orthoIntervalEnd, [clusterIdx]);
      // Python's range of int64 bounds casts its int32 delta.
      const indices = withScope(undefined, 'range', [], (scope, graph) => applyOp('Range', { start, limit: end,
        delta: cast(convertToTensor(1, { dtype: DType.int32, name: 'delta', graph }), DType.int64) }, {}, scope).output(0));
      const updateIndices = expandDims(indices, -1);
      const vectorsInCluster = getItem(eigenvectors, [[start, end], [null, null]]);
      const [q] = qr(matrixTranspose(vectorsInCluster));
      const updated = tensorScatterUpdate(eigenvectors, updateIndices, matrixTranspose(q));
      return [add(clusterIdx, 1, 'add'), updated];
    };
    const step = (i: Output, vIn: Output, nrmIn: Output) => {
      let v = tridiagonalSolve(diags, vIn, { diagonalsFormat: 'sequence', partialPivoting: true, perturbSingular: true });
      const nrm = norm(v, { axis: 1 });
      v = truediv(v, getItem(nrm, [[null, null], newaxis]));
      const clusterVars: unknown[] = [pyInt(0), v];
      v = (whileLoop((c: Output) => less(c, numClusters), orthogonalizeCluster as (...vars: unknown[]) => unknown,
        clusterVars) as Output[])[1];
      return [add(i, 1, 'add'), v, nrm, nrmIn];
    };
    const growing = (i: Output, _v: Output, nrm: Output, nrmOld: Output) => {
      const growthFactor = constant(1 + 0.1, { dtype: nrm.dtype });
      return logicalAnd(less(i, 5), reduceAny(greaterEqual(real(nrm), real(mul(growthFactor, nrmOld, 'mul')))));
    };
    const loopVars: unknown[] = [pyInt(0), v0, nrmV, zeroNrm];
    const v = (whileLoop(growing as (...vars: unknown[]) => Output, step as (...vars: unknown[]) => unknown,
      loopVars) as Output[])[1];
    return matrixTranspose(v);
  });
}

/**
 * `tf.linalg.eigh_tridiagonal(alpha, beta, eigvals_only=True, select='a', select_range=None, tol=None)`:
 * the eigenvalues of the Hermitian tridiagonal matrix of diagonal `alpha` and off-diagonal `beta`, by
 * bisection on Sturm sequence counts (TF's graph op for op); with `eigvalsOnly: false` also the
 * eigenvectors (as columns).
 */
export function eighTridiagonal(alpha: InputValue, beta: InputValue, options?: EighTridiagonalOptions & { eigvalsOnly?: true }):
  Output;
export function eighTridiagonal(alpha: InputValue, beta: InputValue, options: EighTridiagonalOptions & { eigvalsOnly: false }):
  [Output, Output];
export function eighTridiagonal(alpha: InputValue, beta: InputValue, options: EighTridiagonalOptions = {}):
  Output | [Output, Output] {
  return withScope(options.name ?? 'eigh_tridiagonal', 'eigh_tridiagonal', [], (_scope, graph) => {
    let a = convertToTensor(alpha, { name: 'alpha', graph });
    const n = a.shape?.[0];
    if (n === null || n === undefined) throw new ValueError('eigh_tridiagonal needs the static length of `alpha`.');
    if (n <= 1) return real(a);
    const b = convertToTensor(beta, { name: 'beta', graph });
    if (a.dtype !== b.dtype) throw new ValueError("'alpha' and 'beta' must have the same type.");
    const eigvals = withScope(undefined, 'compute_eigenvalues', [], () => {
      let betaSq: Output;
      let betaAbs: Output;
      if (baseDType(a.dtype) === DType.complex64 || baseDType(a.dtype) === DType.complex128) {
        a = real(a);
        betaSq = real(mul(conj(b), b, 'mul'));
        betaAbs = sqrt(betaSq);
      } else {
        betaSq = square(b);
        betaAbs = abs(b);
      }
      const f = FINFO[baseDType(a.dtype)];
      // Python's np.finfo(alpha.dtype.as_numpy_dtype) of an integer dtype.
      if (f === undefined) throw new ValueError(`data type <class 'numpy.${dtypeName(a.dtype)}'> not inexact`);
      const offDiagAbsRowSum = concat([sliceOf(betaAbs, [[null, 1]]),
        add(sliceOf(betaAbs, [[null, -1]]), sliceOf(betaAbs, [[1, null]]), 'add'), sliceOf(betaAbs, [[-1, null]])], 0);
      const lambdaEstMax = minimum(f.max, reduceMax(add(a, offDiagAbsRowSum, 'add')));
      const lambdaEstMin = maximum(-f.max, reduceMin(sub(a, offDiagAbsRowSum, 'sub')));
      const tNorm = maximum(abs(lambdaEstMin), abs(lambdaEstMax));
      const safemin = Math.max(f.round(1 / f.max), f.round(f.round(1 + f.eps) * f.tiny));
      let pivmin = mul(safemin, maximum(1, reduceMax(betaSq)), 'mul');
      let alpha0Perturbation = square(mul(f.eps, sliceOf(betaAbs, [0]), 'mul'));
      let absTol = mul(f.eps, tNorm, 'mul');
      if (options.tol) absTol = maximum(options.tol, absTol);
      const maxIt = f.nmant + 1;
      const select = options.select ?? 'a';
      const range_ = options.selectRange;
      let asserts: Operation | undefined;
      let targetCounts: Output | undefined;
      if (select === 'a') {
        targetCounts = range(0, n);
      } else if (select === 'i') {
        asserts = assertLessEqual(pyInt(range_![0]), pyInt(range_![1]), { message: 'Got empty index range in select_range.' });
        targetCounts = range(range_![0], range_![1] + 1);
      } else if (select === 'v') {
        // Python's floats: float32 where nothing else gives the dtype.
        const [lo, hi] = range_!.map((v) => Tensor.from(v, { dtype: DType.float32 }));
        asserts = assertLess(lo, hi, { message: 'Got empty interval in select_range.' });
      } else {
        throw new ValueError("'select must have a value in {'a', 'i', 'v'}.");
      }
      if (asserts) a = controlDependencies([asserts], () => identity(a));
      const fudge = 2.1;
      const normSlack = mul(mul(mul(cast(pyInt(n), a.dtype), fudge, 'mul'), f.eps, 'mul'), tNorm, 'mul');
      let lower: Output;
      let upper: Output;
      if (select !== 'v') {
        lower = sub(sub(lambdaEstMin, normSlack, 'sub'), mul(2 * fudge, pivmin, 'mul'), 'sub');
        upper = add(add(lambdaEstMax, normSlack, 'add'), mul(fudge, pivmin, 'mul'), 'add');
      } else {
        lower = sub(sub(range_![0], normSlack, 'sub'), mul(2 * fudge, pivmin, 'mul'), 'sub');
        upper = add(add(range_![1], normSlack, 'add'), mul(fudge, pivmin, 'mul'), 'add');
        const first = sturm(a, betaSq, pivmin, alpha0Perturbation, lower, n);
        const last = sturm(a, betaSq, pivmin, alpha0Perturbation, upper, n);
        targetCounts = range(first, last);
      }
      upper = minimum(upper, f.max);
      lower = maximum(lower, -f.max);
      const targetShape = shape(targetCounts!);
      lower = broadcastTo(lower, targetShape);
      upper = broadcastTo(upper, targetShape);
      pivmin = broadcastTo(pivmin, targetShape);
      alpha0Perturbation = broadcastTo(alpha0Perturbation, targetShape);
      const midpoint = (lo: Output, hi: Output) => add(mul(0.5, lo, 'mul'), mul(0.5, hi, 'mul'), 'add');
      const search = (i: Output, l: Output, u: Output) => {
        const mid = midpoint(l, u);
        const counts = sturm(a, betaSq, pivmin, alpha0Perturbation, mid, n);
        const newLower = where(lessEqual(counts, targetCounts!), mid, l);
        const newUpper = where(greater(counts, targetCounts!), mid, u);
        return [add(i, 1, 'add'), newLower, newUpper];
      };
      const loopVars: unknown[] = [pyInt(0), lower, upper];
      const [, lo, hi] = whileLoop(
        (i: Output, l: Output, u: Output) => logicalAnd(less(i, maxIt), less(absTol, reduceMax(sub(u, l, 'sub')))),
        search as (...vars: unknown[]) => unknown, loopVars) as Output[];
      return midpoint(lo, hi);
    });
    return options.eigvalsOnly === false ? [eigvals, tridiagonalEigenvectors(a, b, eigvals)] as [Output, Output] : eigvals;
  });
}
