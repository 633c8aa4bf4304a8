/**
 * Gradients of the linear-algebra ops (TF's `linalg_grad.py`, and `_CrossGrad` of math_grad.py)
 * that libtensorflow's C++ registry lacks, after TF 2.21's Python functions; registered with the
 * others in gradients.ts. Outputs no gradient reached count as zeros, as TF1 gives them.
 */
import { LookupError, NotImplementedError, ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { Gradient, denseGradient as dense } from '../framework/indexed_slices';
import { InputValue, applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { concat, expandDims, reshape, shape, sliceOf, stack, tile } from './array_ops';
import { int32, op1, scalarOf, zerosLike } from './grad_util';
import type { GradFn } from './gradients';
import { choleskySolve, diag, diagPart, eye, matrixTranspose, regularizedGramianCholesky, setDiag } from './linalg_ops';
import { matmul } from './math_ops';

const neg = (x: InputValue) => op1('Neg', { x });
const addT = (x: InputValue, y: InputValue) => op1('AddV2', { x, y });
const subT = (x: InputValue, y: InputValue) => op1('Sub', { x, y });
const mulT = (x: InputValue, y: InputValue) => op1('Mul', { x, y });
const bandPart = (input: InputValue, lower: number, upper: number) =>
  op1('MatrixBandPart', { input, num_lower: int32(lower), num_upper: int32(upper) });
const triangularSolve = (matrix: InputValue, rhs: InputValue, lower: boolean, adj: boolean) =>
  op1('MatrixTriangularSolve', { matrix, rhs }, { lower, adjoint: adj });

/** The gradient of `op`'s output `i`, zeros where none reached it (as TF1 fills them in). */
function gradOf(op: Operation, grads: Array<Gradient | null>, i: number): Output {
  const g = grads[i];
  return g ? dense(g) : zerosLike(op.output(i));
}

/** `_linalg.adjoint` of a real matrix (batch): its last two axes swapped. */
function adjoint(t: Output): Output {
  const rank = op1('Rank', { input: t });
  const lead = op1('Range', { start: int32(0), limit: subT(rank, int32(2)), delta: int32(1) });
  const last = op1('Pack', { values: [subT(rank, int32(1)), subT(rank, int32(2))] });
  return op1('Transpose', { x: t, perm: concat([lead, last], 0) });
}

/** `_SafeReciprocal`: x / (x² + 1e-20). */
function safeReciprocal(x: Output): Output {
  return mulT(x, op1('Reciprocal', { x: addT(mulT(x, x), scalarOf(1e-20, x)) }));
}

/** `_MatrixInverseGrad`: -A^-1' grad A^-1' (adjoints as the op's). */
const matrixInverseGrad: GradFn = (op, [grad]) => {
  const ainv = op.output(0);
  const adj = op.getAttr('adjoint') === true;
  const inner = op1('BatchMatMulV2', { x: grad!, y: ainv }, { adj_x: adj, adj_y: !adj });
  return [neg(op1('BatchMatMulV2', { x: ainv, y: inner }, { adj_x: !adj, adj_y: false }))];
};

/** `_MatrixDeterminantGrad`: grad * det(A) * A^-H, the scalars broadcast over each matrix. */
const matrixDeterminantGrad: GradFn = (op, [grad]) => {
  const c = op.output(0);
  const aAdjInv = op1('MatrixInverse', { input: op.inputs[0] }, { adjoint: true });
  const multipliers = reshape(mulT(grad!, c), concat([shape(c), int32([1, 1])], 0));
  return [mulT(multipliers, aAdjInv)];
};

/** `_LogMatrixDeterminantGrad`: the log-abs-determinant's gradient times A^-H (the sign has none). */
const logMatrixDeterminantGrad: GradFn = (op, grads) => {
  const c = op.output(1);
  const aAdjInv = op1('MatrixInverse', { input: op.inputs[0] }, { adjoint: true });
  const multipliers = reshape(gradOf(op, grads, 1), concat([shape(c), int32([1, 1])], 0));
  return [mulT(multipliers, aAdjInv)];
};

/**
 * `_CholeskyGrad`: L^-H ((L^H grad) with its diagonal halved, lower part) L^-1, made symmetric;
 * L^-1 by a triangular solve against the identity of L's shape.
 */
const choleskyGrad: GradFn = (op, [grad]) => {
  const l = op.output(0);
  const lShape = shape(l);
  const slice = (begin: number, end: number, mask: Record<string, number>) => op1('StridedSlice',
    { input: lShape, begin: int32([begin]), end: int32([end]), strides: int32([1]) }, mask);
  const numRows = slice(-1, 0, { end_mask: 1, shrink_axis_mask: 1 });
  const batchShape = slice(0, -2, { begin_mask: 1 });
  const diagOnes = op1('Fill', { dims: concat([batchShape, expandDims(numRows, 0)], 0), value: scalarOf(1, l) });
  const eye = op1('MatrixDiagV3', { diagonal: diagOnes, k: int32(0), num_rows: int32(-1), num_cols: int32(-1),
    padding_value: scalarOf(0, l) }, { align: 'RIGHT_LEFT' });
  const lInverse = triangularSolve(l, eye, true, false);
  let middle = op1('BatchMatMulV2', { x: l, y: grad! }, { adj_x: true });
  const halfDiag = mulT(scalarOf(0.5, l), op1('MatrixDiagPartV3', { input: middle, k: int32(0), padding_value: scalarOf(0, l) }));
  middle = op1('MatrixSetDiagV3', { input: middle, diagonal: halfDiag, k: int32(0) });
  middle = bandPart(middle, -1, 0);
  const gradA = op1('BatchMatMulV2', { x: op1('BatchMatMulV2', { x: lInverse, y: middle }, { adj_x: true }), y: lInverse });
  return [mulT(addT(gradA, adjoint(gradA)), scalarOf(0.5, l))];
};

/** `_MatrixDiagV3Grad`: the diagonals of the gradient. */
const matrixDiagGrad: GradFn = (op, [grad]) => [op1('MatrixDiagPartV3',
  { input: grad!, k: op.inputs[1], padding_value: scalarOf(0, op.output(0)) }, { align: op.getAttr('align') }),
null, null, null, null];

/**
 * `_MatrixDiagPartV3Grad`: the gradient set as those diagonals, in matrices of the input's shape
 * (MatrixDiagV3 when it is static, else MatrixSetDiagV3 on zeros).
 */
const matrixDiagPartGrad: GradFn = (op, [grad]) => {
  const [input, k] = op.inputs;
  const align = op.getAttr('align');
  const dims = input.shape?.slice(-2);
  if (dims && dims.length === 2 && dims.every((d) => d !== null)) {
    return [op1('MatrixDiagV3', { diagonal: grad!, k, num_rows: int32(dims[0]!), num_cols: int32(dims[1]!),
      padding_value: scalarOf(0, input) }, { align }), null, null];
  }
  return [op1('MatrixSetDiagV3', { input: zerosLike(input), diagonal: grad!, k }, { align }), null, null];
};

/**
 * `_MatrixSetDiagGradV3` for a diagonal of static shape: the gradient with zeros on those
 * diagonals, and the gradient's diagonals. (TF builds conds for a dynamic one; refused here.)
 */
const matrixSetDiagGrad: GradFn = (op, [grad]) => {
  const [, diagonal, k] = op.inputs;
  const diagShape = diagonal.shape;
  if (!diagShape || diagShape.some((d) => d === null)) {
    throw new LookupError(`Gradients of MatrixSetDiagV3 need the diagonal's static shape: '${op.name}'.`);
  }
  const align = op.getAttr('align');
  const zeros = applyOp('Fill', { dims: int32(diagShape as number[]), value: scalarOf(0, diagonal) }, {},
    { name: 'Fill', graph: op.graph }).output(0);
  return [op1('MatrixSetDiagV3', { input: grad!, diagonal: zeros, k }, { align }),
    op1('MatrixDiagPartV3', { input: grad!, k, padding_value: scalarOf(0, diagonal) }, { align }), null];
};

/** `_MatrixSolveGrad`: grad_b = A^-H grad (A^-1 grad with adjoint), grad_a = -grad_b x^H (or -x grad_b^H). */
const matrixSolveGrad: GradFn = (op, [grad]) => {
  const a = op.inputs[0];
  const adj = op.getAttr('adjoint') === true;
  const c = op.output(0);
  const gradB = op1('MatrixSolve', { matrix: a, rhs: grad! }, { adjoint: !adj });
  const gradA = neg(adj ? matmul(c, gradB, { adjointB: true }) : matmul(gradB, c, { adjointB: true }));
  return [gradA, gradB];
};

/**
 * `_MatrixTriangularSolveGrad`: as MatrixSolve's with a triangular solve, grad_a kept to A's
 * triangle, each summed over broadcast batch dimensions.
 */
const matrixTriangularSolveGrad: GradFn = (op, [grad]) => {
  const [a, b] = op.inputs;
  const adj = op.getAttr('adjoint') === true;
  const lower = op.getAttr('lower') === true;
  const c = op.output(0);
  const gradB = triangularSolve(a, grad!, lower, !adj);
  let gradA = neg(adj ? matmul(c, gradB, { adjointB: true }) : matmul(gradB, c, { adjointB: true }));
  gradA = lower ? bandPart(gradA, -1, 0) : bandPart(gradA, 0, -1);
  const [as, bs] = [a.shape, b.shape];
  const full = (s: typeof as): s is number[] => s !== null && s.every((d) => d !== null);
  if (full(as) && full(bs) && as.length === bs.length && as.slice(0, -2).every((d, i) => d === bs[i])) {
    return [gradA, gradB];
  }
  const [aShape, bShape] = [shape(a), shape(b)];
  const [ra, rb] = applyOp('BroadcastGradientArgs', { s0: sliceOf(aShape, [[null, -2]]), s1: sliceOf(bShape, [[null, -2]]) },
    {}).outputs;
  return [reshape(op1('Sum', { input: gradA, reduction_indices: ra }), aShape),
    reshape(op1('Sum', { input: gradB, reduction_indices: rb }), bShape)];
};

/**
 * `_SelfAdjointEigV2Grad`: V (diag(grad_e) + F ∘ V^H grad_v) V^H with F the reciprocal
 * eigenvalue gaps (just the first term without V), then its lower triangle doubled off-diagonal.
 */
const selfAdjointEigGrad: GradFn = (op, grads) => {
  const e = op.output(0);
  const [gradE, gradV] = [gradOf(op, grads, 0), gradOf(op, grads, 1)];
  return op.graph.controlDependencies([gradE, gradV], () => {
    let gradA: Output;
    if (op.getAttr('compute_v') === true) {
      const v = op.output(1);
      const f = setDiag(safeReciprocal(subT(expandDims(e, -2), expandDims(e, -1))), zerosLike(e));
      gradA = matmul(v, matmul(addT(diag(gradE), mulT(f, matmul(v, gradV, { adjointA: true }))), v,
        { adjointB: true }));
    } else {
      const v = op1('SelfAdjointEigV2', { input: op.inputs[0] }, { compute_v: true });
      const vecs = v.op.output(1);
      gradA = matmul(vecs, matmul(diag(gradE), vecs, { adjointB: true }));
    }
    gradA = bandPart(addT(gradA, adjoint(gradA)), -1, 0);
    return [setDiag(gradA, mulT(scalarOf(0.5, gradA), diagPart(gradA)))];
  });
};

/** Python's `x[..., :, begin:end]` of a matrix (batch) of known rank. */
function columns(x: Output, begin: number | null, end: number | null): Output {
  const lead = x.shape!.slice(0, -2).map((): [null, null] => [null, null]);
  return sliceOf(x, [...lead, [null, null], [begin, end]]);
}

/**
 * `_SvdGrad` (real matrices of static inner shape): the singular values' gradient alone without
 * `compute_uv`; else TF's formula with F the reciprocal gaps of the squared singular values, the
 * adjoint problem when m > n.
 */
const svdGrad: GradFn = (op, grads) => {
  const a = op.inputs[0];
  const gradS = gradOf(op, grads, 0);
  const gradSMat = diag(gradS);
  const aShape = a.shape;
  if (op.getAttr('compute_uv') !== true) {
    const full = applyOp('Svd', { input: a }, { compute_uv: true, full_matrices: false }, 'Svd').outputs;
    const gradA = matmul(full[1], matmul(gradSMat, full[2], { adjointB: true }));
    if (aShape) gradA.setShape(aShape);
    return [gradA];
  }
  const fullMatrices = op.getAttr('full_matrices') === true;
  let m = aShape?.[aShape.length - 2] ?? null;
  let n = aShape?.[aShape.length - 1] ?? null;
  if (m === null || n === null) {
    throw new NotImplementedError('SVD gradient has not been implemented for input with unknown inner matrix shape.');
  }
  const s = op.output(0);
  let [u, v] = [op.output(1), op.output(2)];
  let [gradU, gradV] = [gradOf(op, grads, 1), gradOf(op, grads, 2)];
  const useAdjoint = m > n;
  if (useAdjoint) {
    [m, n] = [n, m];
    [u, v] = [v, u];
    [gradU, gradV] = [gradV, gradU];
  }
  return op.graph.controlDependencies([gradS, gradU, gradV], () => {
    if (fullMatrices && Math.abs(m! - n!) > 1) {
      throw new NotImplementedError('svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. ' +
        `Received: m=${m} and n=${n} from op input=${a} with shape=${a.shape}.`);
    }
    const sMat = diag(s);
    const s2 = op1('Square', { x: s });
    const f = setDiag(safeReciprocal(subT(expandDims(s2, -2), expandDims(s2, -1))), zerosLike(s));
    const sInvMat = diag(safeReciprocal(s));
    const v1 = columns(v, null, m);
    const gradV1 = columns(gradV, null, m);
    const uGu = matmul(u, gradU, { adjointA: true });
    const vGv = matmul(v1, gradV1, { adjointA: true });
    const [fU, fV] = [mulT(f, uGu), mulT(f, vGv)];
    const term1Nouv = addT(addT(gradSMat, matmul(addT(fU, adjoint(fU)), sMat)), matmul(sMat, addT(fV, adjoint(fV))));
    let gradA = matmul(u, matmul(term1Nouv, v1, { adjointB: true }));
    if (m !== n) {
      const gv1t = adjoint(gradV1);
      let term2Nous = subT(gv1t, matmul(matmul(gv1t, v1), v1, { adjointB: true }));
      if (fullMatrices) {
        const v2 = columns(v, m, n);
        const gradV2 = columns(gradV, m, n);
        term2Nous = subT(term2Nous, matmul(matmul(v1, gradV2, { adjointA: true }), v2, { adjointB: true }));
      }
      gradA = addT(gradA, matmul(matmul(u, sInvMat), term2Nous));
    }
    if (useAdjoint) gradA = adjoint(gradA);
    if (aShape) gradA.setShape(aShape);
    return [gradA];
  });
};

/**
 * `_QrGrad` (real matrices of static shape, reduced QR or square): TF's formula for square and
 * deep matrices; a wide one split into its square part and the rest.
 */
const qrGrad: GradFn = (op, grads) => {
  const [q, r] = op.outputs;
  const [dq, dr] = [gradOf(op, grads, 0), gradOf(op, grads, 1)];
  const rs = r.shape;
  const qs = q.shape;
  if (!rs || rs[rs.length - 2] === null || rs[rs.length - 1] === null) {
    throw new NotImplementedError(`QrGrad not implemented with dynamic shapes. Received r.shape: ${r.shape}`);
  }
  const [rRows, rCols] = [rs[rs.length - 2]!, rs[rs.length - 1]!];
  const numRows = qs![qs!.length - 2]!;
  if (rRows > rCols && numRows === qs![qs!.length - 1]) {
    throw new NotImplementedError('QrGrad not implemented when nrows > ncols and full_matrices is true. Received ' +
      `r.shape=${r.shape} with nrows=${rRows}and ncols=${rCols}.`);
  }
  const solveR = (x: Output, rr: Output) => adjoint(triangularSolve(rr, adjoint(x), false, false));
  const squareAndDeep = (qq: Output, rr: Output, dqq: Output, drr: Output) => {
    const qdq = matmul(qq, dqq, { adjointA: true });
    const qdq_ = subT(qdq, adjoint(qdq));
    const rdr = matmul(rr, drr, { adjointB: true });
    const rdr_ = subT(rdr, adjoint(rdr));
    const tril = bandPart(addT(qdq_, rdr_), -1, 0);
    const gradA = matmul(qq, addT(drr, solveR(tril, rr)));
    const gradB = solveR(subT(dqq, matmul(qq, qdq)), rr);
    return addT(gradA, gradB);
  };
  if (numRows >= rCols) return [squareAndDeep(q, r, dq, dr)];
  const y = columns(op.inputs[0], numRows, null);
  const u = columns(r, null, numRows);
  const dv = columns(dr, numRows, null);
  const du = columns(dr, null, numRows);
  const dy = matmul(q, dv);
  const dx = squareAndDeep(q, u, addT(dq, matmul(y, dv, { adjointB: true })), du);
  return [concat([dx, dy], -1)];
};

/**
 * `_MatrixSolveLsGrad` for matrices of static inner shape (fast only): through the regularized
 * normal equations, overdetermined or underdetermined.
 */
const matrixSolveLsGrad: GradFn = (op, [grad]) => {
  if (op.getAttr('fast') === false) throw new ValueError('Gradient not defined for fast=False');
  const [a, b] = op.inputs;
  const g = grad!;
  const l2 = op1('Cast', { x: op.inputs[2] }, { DstT: baseDType(a.dtype) });
  const inner = a.shape?.slice(-2);
  if (!inner || inner.length < 2 || inner.some((d) => d === null)) {
    throw new LookupError(`Gradients of MatrixSolveLs need the matrices' static shape: '${op.name}'.`);
  }
  if (inner[0]! >= inner[1]!) {
    const x = op.output(0);
    const chol = regularizedGramianCholesky(a, l2, true);
    const z = choleskySolve(chol, g);
    const xzt = matmul(x, z, { adjointB: true });
    const zxSym = addT(xzt, matrixTranspose(xzt));
    const gradA = addT(neg(matmul(a, zxSym)), matmul(b, z, { adjointB: true }));
    return [gradA, matmul(a, z), null];
  }
  const chol = regularizedGramianCholesky(a, l2, false);
  const gradB = choleskySolve(chol, matmul(a, g));
  const tmp = choleskySolve(chol, b);
  const a1 = neg(matmul(gradB, matmul(tmp, a, { adjointA: true })));
  const a2 = matmul(tmp, subT(g, matmul(a, gradB, { adjointA: true })), { adjointB: true });
  return [addT(a1, a2), gradB, null];
};

/** `_CrossGrad`: (v × grad, grad × u). */
const crossGrad: GradFn = (op, [grad]) => {
  const [u, v] = op.inputs;
  return [op1('Cross', { a: v, b: grad! }), op1('Cross', { a: grad!, b: u })];
};

/**
 * `_MatrixSquareRootGrad`: dR from the Sylvester equation dA = R dR + dR R, solved vectorized with
 * Kronecker products (I ⊗ R^T + R ⊗ I) vec(dR) = vec(dA).
 */
const matrixSquareRootGrad: GradFn = (op, [grad]) => {
  const sqrtm = op.output(0);
  const s = shape(sqrtm);
  const order = expandDims(sliceOf(s, [-1]), 0);
  const batch = sliceOf(s, [[0, -2]]);
  const eyeFlat = reshape(eye(sliceOf(s, [-1]), { dtype: baseDType(sqrtm.dtype) }), int32([-1]));
  const eyeBatch = reshape(tile(eyeFlat, expandDims(op1('Prod', { input: batch, reduction_indices: int32(0) }), 0)), s);
  const one = int32([1]);
  const kron = (b1: Output, b2: Output) => {
    const r1 = reshape(b1, concat([batch, order, one, order, one], 0));
    const r2 = reshape(b2, concat([batch, one, order, one, order], 0));
    const n2 = mulT(order, order);
    return reshape(mulT(r1, r2), concat([batch, n2, n2], 0));
  };
  const ksum = addT(kron(eyeBatch, matrixTranspose(sqrtm)), kron(sqrtm, eyeBatch));
  const vecDa = reshape(matrixTranspose(grad!), concat([batch, mulT(order, order), one], 0));
  return [matrixTranspose(reshape(op1('MatrixSolve', { matrix: ksum, rhs: vecDa }), s))];
};

/** Python's `x[..., i, :]` (and `x[..., i, begin:end]`) of a tensor of known rank. */
function rowOfKnown(x: Output, i: number, cols: [number | null, number | null] = [null, null]): Output {
  return sliceOf(x, [...x.shape!.slice(0, -2).map((): [null, null] => [null, null]), i, cols]);
}

/** The static shape of `t`, or LookupError naming `op` (the gradients here need it). */
function staticShape(op: Operation, t: Output): number[] {
  if (!t.shape || t.shape.some((d) => d === null)) {
    throw new LookupError(`Gradients of ${op.type} need static shapes here: '${op.name}'.`);
  }
  return t.shape as number[];
}

/**
 * `_TridiagonalSolveGrad` (static shapes): the rhs' gradient solved against the transposed
 * tridiagonal matrix; the diagonals' the three diagonals of -grad_rhs x^T.
 */
const tridiagonalSolveGrad: GradFn = (op, [grad]) => {
  const diags = op.inputs[0];
  const x = op.output(0);
  const dShape = staticShape(op, diags);
  staticShape(op, x);
  const zeros = (dims: number[]) => op1('Fill', { dims: int32(dims), value: scalarOf(0, diags) });
  // `_TransposeTridiagonalMatrix`: super and sub diagonals swapped, each shifted by one.
  const zero = zeros([...dShape.slice(0, -2), 1]);
  const transposed = stack([concat([rowOfKnown(diags, 2, [1, null]), zero], -1), rowOfKnown(diags, 1),
    concat([zero, rowOfKnown(diags, 0, [null, -1])], -1)], -2);
  const gradRhs = op1('TridiagonalSolve', { diagonals: transposed, rhs: grad! },
    { partial_pivoting: op.getAttr('partial_pivoting'), perturb_singular: op.getAttr('perturb_singular') });
  // `_MatmulExtractingThreeDiagonals(grad_rhs, x)`.
  const xs = x.shape as number[];
  const zRow = zeros([...xs.slice(0, -2), 1, xs[xs.length - 1]]);
  const lead = xs.slice(0, -2).map((): [null, null] => [null, null]);
  const rowSum = (t: Output) => op1('Sum', { input: mulT(gradRhs, t), reduction_indices: int32(-1) });
  const superdiag = rowSum(concat([sliceOf(x, [...lead, [1, null], [null, null]]), zRow], -2));
  const subdiag = rowSum(concat([zRow, sliceOf(x, [...lead, [null, -1], [null, null]])], -2));
  return [neg(stack([superdiag, rowSum(x), subdiag], -2)), gradRhs];
};

/** `_LeftShift` / `_RightShift` of a tensor of known rank: its rows moved up (or down) by one, zero-filled. */
function shiftRows(x: Output, up: boolean): Output {
  const r = x.shape!.length;
  const lead = Array.from({ length: r - 2 }, (): [null, null] => [null, null]);
  const rows = sliceOf(x, [...lead, up ? [1, null] : [null, -1], [null, null]]);
  const pads = [...lead.map(() => [0, 0]), up ? [0, 1] : [1, 0], [0, 0]];
  return op1('Pad', { input: rows, paddings: Tensor.from(pads, { dtype: DType.int32 }) });
}

/** `_TridiagonalMatMulGrad` (real, known ranks): each diagonal's and the rhs' gradient. */
const tridiagonalMatMulGrad: GradFn = (op, [grad]) => {
  const [superdiag, maindiag, subdiag, rhs] = op.inputs;
  for (const t of op.inputs) if (!t.shape) throw new LookupError(`Gradients of TridiagonalMatMul need known ranks: '${op.name}'.`);
  const g = grad!;
  const rowSum = (t: Output) => expandDims(op1('Sum', { input: mulT(t, g), reduction_indices: int32(-1) }), -2);
  const rhsGrad = addT(addT(shiftRows(mulT(matrixTranspose(superdiag), g), false), mulT(matrixTranspose(maindiag), g)),
    shiftRows(mulT(matrixTranspose(subdiag), g), true));
  return [rowSum(shiftRows(rhs, true)), rowSum(rhs), rowSum(shiftRows(rhs, false)), rhsGrad];
};

/** The linear-algebra gradient functions, for gradients.ts' PYTHON_GRADIENTS. */
export const LINALG_GRADIENTS: Array<[string, GradFn | null]> = [
  ['MatrixInverse', matrixInverseGrad], ['MatrixDeterminant', matrixDeterminantGrad],
  ['LogMatrixDeterminant', logMatrixDeterminantGrad], ['Cholesky', choleskyGrad],
  ['MatrixDiagV3', matrixDiagGrad], ['MatrixDiagPartV3', matrixDiagPartGrad], ['MatrixSetDiagV3', matrixSetDiagGrad],
  ['MatrixSolve', matrixSolveGrad], ['MatrixTriangularSolve', matrixTriangularSolveGrad],
  ['SelfAdjointEigV2', selfAdjointEigGrad], ['Svd', svdGrad], ['Qr', qrGrad], ['MatrixSolveLs', matrixSolveLsGrad],
  ['Cross', crossGrad], ['MatrixSquareRoot', matrixSquareRootGrad], ['TridiagonalSolve', tridiagonalSolveGrad],
  ['TridiagonalMatMul', tridiagonalMatMulGrad],
];
