/**
 * TF1's linear algebra against TF1 Python (scripts/graph_fixtures/linalg_ops.py): `ops.linalg` and
 * the top-level `ops.matrixInverse`, `ops.cholesky`, `ops.norm`, ... built here with the same calls
 * must make the same ops (names, types, inputs, attrs, Const values) in the same order, the same
 * static shapes, and session runs of them the same values; gradients through the ops whose
 * gradient only Python has, and a Cholesky-solve fit trained by GradientDescent, Python's values;
 * bad arguments TF1's errors.
 */
import { DType, Output, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: { losses: number[]; w: Json };
}
/** expm's NaN Const, which JSON cannot hold, is "NaN" in the fixture. */
function nans(x: unknown): unknown {
  if (x === 'NaN') return NaN;
  if (Array.isArray(x)) return x.map(nans);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, nans(v)]));
  return x;
}
const fixture = nans(loadGraphFixture<Fixture>('linalg_ops.json')) as Fixture;
const { linalg } = ops;

const f32 = DType.float32;
const ph = (name: string, shape: Array<number | null> | null = null, dtype = f32) => ops.placeholder(dtype, shape, name);
const mats = () => [ph('m', [3, 3]), ph('spd', [3, 3]), ph('rhs', [3, 2])];
/** Python's `x[..., begin:end]`-style subscripts (slices as [start, stop], null open). */
const at = sliceOf;

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  products: () => {
    const [m, , rhs] = mats();
    const batch = ph('batch', [2, 3, 3]);
    const v = ph('v', [2, 3]);
    const anything = ph('any');
    return {
      matvec: linalg.matvec(m, at(v, [0])),
      matvec_batch: linalg.matvec(batch, v, { transposeA: true, name: 'mv' }),
      einsum: ops.einsum('ij,jk->ik', [m, rhs]),
      einsum_implicit: ops.einsum('ij,jk', [m, rhs]),
      einsum_batch: ops.einsum('...ij,...jk->...ik', [batch, batch], 'bmm'),
      einsum_one: linalg.einsum('ij->ji', [rhs]),
      einsum_outer: ops.einsum('i,j', [at(v, [0]), at(v, [1])]),
      cross: ops.cross(v, ops.reverse(v, [0])),
      adjoint: linalg.adjoint(rhs),
      transpose: ops.matrixTranspose(batch),
      transpose_any: linalg.transpose(anything, 't'),
      tensordot: linalg.tensordot(m, rhs, 1),
      matmul: linalg.matmul(m, rhs, { transposeA: true }),
      matmul_batch: linalg.matmul(batch, batch, { adjointB: true, name: 'bmatmul' }),
      matmul_host: linalg.matmul([[1.0, 2.0]], rhs, { transposeB: true }),
    };
  },
  diagonals: () => {
    const [m] = mats();
    const v = ph('v', [2, 3]);
    const n = ph('n', [], DType.int32);
    return {
      matrix_diag: ops.matrixDiag(v),
      diag_band: linalg.diag(v, { k: [-1, 0], numRows: 4, numCols: 3, paddingValue: 9, align: 'LEFT_RIGHT' }),
      diag_bool: linalg.diag(ops.constant([true, false])),
      diag_part: ops.matrixDiagPart(m),
      diag_part_k: linalg.diagPart(m, { k: [0, 1], paddingValue: -1, name: 'parts' }),
      set_diag: ops.matrixSetDiag(m, at(v, [0])),
      set_diag_k: linalg.setDiag(m, at(v, [[null, null], [null, 2]]), { k: [1, 2] }),
      band: ops.matrixBandPart(m, 1, 0),
      band_named: linalg.bandPart(m, -1, 1, 'band'),
      tensor_diag: ops.diag(at(v, [0])),
      tensor_diag_part: linalg.tensorDiagPart(m),
      trace: ops.trace(m),
      trace_batch: linalg.trace(ops.stack([m, ops.mul(m, 2.0, 'mul')]), 'tr'),
      eye: ops.eye(3),
      eye_rect: ops.eye(2, { numColumns: 4, batchShape: [2], dtype: DType.float64 }),
      eye_named: linalg.eye(2, { name: 'I' }),
      eye_dynamic: ops.eye(n, { batchShape: [2] }),
      eye_dynamic_rect: ops.eye(n, { numColumns: 3 }),
    };
  },
  solvers: () => {
    const [m, spd, rhs] = mats();
    const chol = ops.cholesky(spd);
    const tri = () => ops.constant([[1.0, 2.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 2.0]]);
    return {
      det: ops.matrixDeterminant(m),
      logdet: linalg.logdet(spd),
      slogdet: linalg.slogdet(m),
      inv: ops.matrixInverse(m),
      inv_adjoint: linalg.inv(m, { adjoint: true, name: 'inv_h' }),
      cholesky: chol,
      cholesky_solve: ops.choleskySolve(chol, rhs),
      solve: ops.matrixSolve(m, rhs),
      solve_adjoint: linalg.solve(m, rhs, { adjoint: true }),
      triangular: ops.matrixTriangularSolve(chol, rhs),
      triangular_upper: linalg.triangularSolve(ops.transpose(chol), rhs, { lower: false, adjoint: true }),
      sqrtm: linalg.sqrtm(spd),
      tridiagonal: linalg.tridiagonalSolve(tri(), rhs),
      tridiagonal_vector: linalg.tridiagonalSolve(tri(), at(rhs, [[null, null], 0])),
      tri_sequence: linalg.tridiagonalSolve([ops.constant([1.0, 2.0]), ops.add(at(m, [0]), 3.0, 'add'),
        ops.constant([0.5, 1.0, 0.0])], rhs, { diagonalsFormat: 'sequence', name: 'tseq' }),
      tri_matrix: linalg.tridiagonalSolve(m, ops.transpose(rhs), { diagonalsFormat: 'matrix', transposeRhs: true,
        partialPivoting: false }),
      normalize: linalg.normalize(m),
      normalize_axis: linalg.normalize(m, { ord: 1, axis: 0, name: 'unit' }),
      tri_matmul: linalg.tridiagonalMatmul(tri(), rhs),
      tri_matmul_sequence: linalg.tridiagonalMatmul([ops.constant([1.0, 2.0, 0.0]), at(m, [0]), ops.constant([0.0, 1.0, 2.0])],
        rhs, { diagonalsFormat: 'sequence', name: 'tmm' }),
      tri_matmul_matrix: linalg.tridiagonalMatmul(m, rhs, { diagonalsFormat: 'matrix' }),
    };
  },
  least_squares: () => {
    const tall = ph('tall', [4, 3]);
    const wide = ph('wide', [2, 3]);
    const b4 = ph('b4', [4, 2]);
    const b2 = ph('b2', [2, 2]);
    const l2 = ph('l2', []);
    return {
      over: ops.matrixSolveLs(tall, b4),
      under: linalg.lstsq(wide, b2),
      regularized: linalg.lstsq(tall, b4, { l2Regularizer: 0.5 }),
      regularized_tensor: linalg.lstsq(wide, b2, { l2Regularizer: l2 }),
      slow: ops.matrixSolveLs(tall, b4, { fast: false, name: 'slow' }),
      pinv: linalg.pinv(tall),
      pinv_rcond: linalg.pinv(wide, { rcond: 0.1, name: 'pseudo' }),
    };
  },
  least_squares_dynamic: () => {
    const a = ph('a', [null, null]);
    return { x: linalg.lstsq(a, ph('b', [null, 2])), pinv: linalg.pinv(a), rank: linalg.matrixRank(a) };
  },
  decompositions: () => {
    const [m, spd] = mats();
    const tall = ph('tall', [4, 3]);
    return {
      qr: ops.qr(tall),
      qr_full: linalg.qr(tall, { fullMatrices: true, name: 'qr_full' }),
      svd: ops.svd(tall),
      svd_full: linalg.svd(tall, { fullMatrices: true }),
      svd_s: ops.svd(m, { computeUv: false, name: 's' }),
      eigh: ops.selfAdjointEig(spd),
      eigvalsh: linalg.eigvalsh(spd),
      eigvals_v1: ops.selfAdjointEigvals(spd, 'ev'),
      lu: linalg.lu(m),
      lu_int64: linalg.lu(m, { outputIdxType: DType.int64, name: 'lu64' }),
      lu_solve: linalg.luSolve(...linalg.lu(m), ops.constant([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]])),
      lu_reconstruct: linalg.luReconstruct(...linalg.lu(m), 'rebuilt'),
      lu_inverse: linalg.luMatrixInverse(...linalg.lu(spd)),
      rank: linalg.matrixRank(tall),
      rank_tol: linalg.matrixRank(m, { tol: 0.5, name: 'r' }),
    };
  },
  norms: () => {
    const [m] = mats();
    const batch = ph('batch', [2, 3, 3]);
    return {
      default: ops.norm(m),
      axis: ops.norm(m, { axis: 1 }),
      keep: ops.norm(m, { axis: -1, keepDims: true }),
      keepdims: linalg.norm(m, { ord: 1, axis: 0, keepdims: true }),
      l1: ops.norm(m, { ord: 1 }),
      inf: ops.norm(m, { ord: Infinity, axis: 1 }),
      p3: ops.norm(m, { ord: 3, axis: 0, name: 'p3' }),
      p_half: ops.norm(m, { ord: 0.5 }),
      fro: ops.norm(batch, { ord: 'fro', axis: [1, 2] }),
      matrix_1: ops.norm(batch, { ord: 1, axis: [-2, -1] }),
      matrix_inf: ops.norm(batch, { ord: Infinity, axis: [1, 2], keepdims: true }),
      l2_normalize: linalg.l2Normalize(m, 1),
      global_norm: linalg.globalNorm([m, batch]),
    };
  },
  expm: () => {
    const [m] = mats();
    const batch = ph('batch', [2, 3, 3], DType.float64);
    const dyn = ph('dyn', [null, null]);
    return { m: linalg.expm(ops.mul(m, 0.25, 'mul')), batch: linalg.expm(batch, 'exp64'), dyn: linalg.expm(dyn) };
  },
};

describeTF1Graphs(GRAPHS, fixture);

const W = [[-0.5, -0.25], [0, 0.25], [0.5, 0.75]];
const weights = () => ops.constant(W);
const sum = (x: Output) => ops.reduceSum(x);

const GRAD_CASES: Record<string, () => [Output, Output[]]> = {
  sqrtm_grad: () => {
    const [, spd] = mats();
    return [sum(ops.mul(linalg.sqrtm(spd), ops.constant([[4.0, 1.0, -2.0], [0.5, 3.0, 1.0], [-1.0, 2.0, 5.0]]))), [spd]];
  },
  tridiagonal_grad: () => {
    const d = ph('d', [3, 3]);
    const [, , rhs] = mats();
    const y = ops.add(ops.mul(linalg.tridiagonalSolve(d, rhs), weights()), linalg.tridiagonalMatmul(d, rhs));
    return [sum(ops.mul(y, y)), [d, rhs]];
  },
  solve_ls_op_grad: () => {
    const [tall, wide, b4, b2] = [ph('tall', [4, 3]), ph('wide', [2, 3]), ph('b4', [4, 2]), ph('b2', [2, 2])];
    const x = ops.gen.matrixSolveLs({ matrix: tall, rhs: b4, l2Regularizer: ops.constant(0.1, { dtype: DType.float64 }),
      fast: true });
    const y = ops.gen.matrixSolveLs({ matrix: wide, rhs: b2, l2Regularizer: ops.constant(0.2, { dtype: DType.float64 }),
      fast: true });
    return [ops.add(sum(ops.mul(x, weights())), sum(ops.mul(y, y))), [tall, b4, wide, b2]];
  },
  expm_grad: () => {
    const [m] = mats();
    const weightsM = ops.constant([[4.0, 1.0, -2.0], [0.5, 3.0, 1.0], [-1.0, 2.0, 5.0]]);
    return [sum(ops.mul(linalg.expm(ops.mul(m, 0.3, 'mul')), weightsM)), [m]];
  },
  solve_grad: () => {
    const [m, , rhs] = mats();
    return [ops.add(sum(ops.mul(ops.matrixSolve(m, rhs), weights())), sum(linalg.solve(m, rhs, { adjoint: true }))),
      [m, rhs]];
  },
  triangular_grad: () => {
    const [, spd, rhs] = mats();
    const chol = ops.cholesky(spd);
    const y = ops.add(ops.mul(ops.matrixTriangularSolve(chol, rhs), weights()),
      linalg.triangularSolve(ops.transpose(chol), rhs, { lower: false, adjoint: true }));
    return [sum(ops.mul(y, y)), [spd, rhs]];
  },
  cholesky_solve_grad: () => {
    const [, spd, rhs] = mats();
    return [sum(ops.mul(ops.choleskySolve(ops.cholesky(spd), rhs), weights())), [spd, rhs]];
  },
  determinant_grad: () => {
    const [m, spd] = mats();
    const [, logabs] = linalg.slogdet(m);
    return [ops.addN([logabs, ops.matrixDeterminant(m), linalg.logdet(spd), sum(ops.matrixInverse(m))]), [m, spd]];
  },
  eigh_grad: () => {
    const [, spd] = mats();
    const [e, v] = ops.selfAdjointEig(spd);
    return [ops.addN([sum(ops.mul(e, ops.constant([1.0, 2.0, 3.0]))), sum(ops.square(at(v, [0]))),
      sum(linalg.eigvalsh(ops.mul(spd, 2.0)))]), [spd]];
  },
  svd_grad: () => {
    const [m] = mats();
    const tall = ph('tall', [4, 3]);
    const [s, u, v] = ops.svd(tall);
    const s2 = ops.svd(m, { computeUv: false });
    const uv = ops.mul(at(u, [[null, null], 0]), at(at(v, [[null, null], 0]), [0]));
    return [ops.addN([sum(ops.mul(s, ops.constant([1.0, -1.0, 0.5]))), sum(ops.square(uv)), sum(s2)]), [tall, m]];
  },
  qr_grad: () => {
    const tall = ph('tall', [4, 3]);
    const wide = ph('wide', [2, 3]);
    const [q, r] = ops.qr(tall);
    const [q2, r2] = ops.qr(wide);
    const iota = (n: number, shape: number[]) => ops.reshape(ops.range(0, n, 1, f32), shape);
    return [ops.addN([sum(ops.mul(q, iota(12, [4, 3]))), sum(ops.mul(r, r)), sum(ops.mul(q2, 2.0)),
      sum(ops.mul(r2, iota(6, [2, 3])))]), [tall, wide]];
  },
  lstsq_grad: () => {
    const tall = ph('tall', [4, 3]);
    const b = ph('b', [4, 2]);
    return [sum(ops.mul(linalg.lstsq(tall, b, { l2Regularizer: 0.1 }), weights())), [tall, b]];
  },
  cross_grad: () => {
    const a = ph('a', [2, 3]);
    const b = ph('b', [2, 3]);
    return [sum(ops.mul(ops.cross(a, b), ops.constant([1.0, 2.0, -1.0]))), [a, b]];
  },
  misc_grad: () => {
    const [m, , rhs] = mats();
    return [ops.addN([ops.trace(m), sum(ops.einsum('ij,jk->ik', [m, rhs])), ops.norm(m), sum(linalg.pinv(rhs)),
      sum(linalg.diagPart(m, { k: [0, 1] }))]), [m, rhs]];
  },
};

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

describe('training through a Cholesky solve', () => {
  it('GradientDescent gives the losses and weights of TF1 Python', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [3, 3], initializer: ops.constantInitializer(
        [[1.0, 0.2, 0.0], [0.1, 0.8, 0.3], [-0.2, 0.0, 1.2]]) });
      const a = ops.add(ops.matmul(w, w, { transposeB: true }), ops.eye(3));
      const x = ops.choleskySolve(ops.cholesky(a), ops.constant([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]]));
      const target = ops.constant([[0.3, -0.2], [0.5, 0.1], [-0.1, 0.4]]);
      const loss = ops.add(sum(ops.square(ops.sub(x, target))), ops.mul(0.1, linalg.logdet(a)));
      return { loss, fetch: w };
    }, 0.1, 6);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    transpose_rank1: () => ops.matrixTranspose(z(3)),
    norm_axis_same: () => ops.norm(z(2, 2), { axis: [0, 0] }),
    norm_axis_three: () => ops.norm(z(2, 2, 2), { axis: [0, 1, 2] }),
    norm_matrix_ord: () => ops.norm(z(2, 2), { ord: 3, axis: [0, 1] }),
    norm_matrix_ord_str: () => ops.norm(z(2, 2), { ord: 'nuc' as 'fro', axis: [0, 1] }),
    norm_vector_ord: () => ops.norm(z(2), { ord: -1 }),
    norm_vector_fro: () => ops.norm(z(2), { ord: 'fro' }),
    einsum_format: () => ops.einsum('ij,jk->i.k', [z(2, 2), z(2, 2)]),
    einsum_inputs: () => ops.einsum('ij,jk->ik', [z(2, 2)]),
    einsum_repeated: () => ops.einsum('ij,jk->ii', [z(2, 2), z(2, 2)]),
    einsum_unknown_label: () => ops.einsum('ij,jk->iz', [z(2, 2), z(2, 2)]),
    eye_float: () => ops.eye(2.5),
    pinv_int: () => linalg.pinv(ops.zeros([2, 2], DType.int32)),
    pinv_rank1: () => linalg.pinv(z(2)),
    matmul_transpose_adjoint: () => linalg.matmul(z(2, 2), z(2, 2), { transposeA: true, adjointA: true }),
    tridiagonal_rank: () => linalg.tridiagonalSolve(z(3), z(3, 1)),
    tridiagonal_rhs_rank: () => linalg.tridiagonalSolve(z(3, 3), z(1, 3, 1, 1)),
    tridiagonal_pivoting: () => linalg.tridiagonalSolve(z(3, 3), z(3, 1), { partialPivoting: false, perturbSingular: true }),
    cholesky_rank1: () => ops.cholesky(z(3)),
    solve_shapes: () => ops.matrixSolve(z(3, 3), z(2, 1)),
    inv_not_square: () => ops.matrixInverse(z(2, 3)),
    cross_not_3: () => ops.cross(z(2), z(2)),
    lu_solve_rhs_rank: () => linalg.luSolve(z(3, 3), ops.zeros([3], DType.int32), z(3)),
    lu_solve_rhs_rows: () => linalg.luSolve(z(3, 3), ops.zeros([3], DType.int32), z(2, 1)),
    lu_perm_rank: () => linalg.luReconstruct(z(3, 3), ops.zeros([1, 3], DType.int32)),
    lu_not_square: () => linalg.luMatrixInverse(z(3, 2), ops.zeros([3], DType.int32)),
    rank_int: () => linalg.matrixRank(ops.zeros([2, 2], DType.int32)),
    expm_int: () => linalg.expm(ops.zeros([2, 2], DType.int32)),
    tri_sequence_length: () => linalg.tridiagonalSolve([z(3), z(3)] as unknown as [Output, Output, Output], z(3, 1),
      { diagonalsFormat: 'sequence' }),
    tri_sequence_shapes: () => linalg.tridiagonalSolve([z(2, 3), z(3), z(3)], z(3, 1), { diagonalsFormat: 'sequence' }),
    tri_sequence_pad: () => linalg.tridiagonalSolve([z(1), z(3), z(3)], z(3, 1), { diagonalsFormat: 'sequence' }),
    tri_matrix_square: () => linalg.tridiagonalSolve(z(3, 2), z(3, 1), { diagonalsFormat: 'matrix' }),
    tri_format: () => linalg.tridiagonalSolve(z(3, 3), z(3, 1), { diagonalsFormat: 'banded' as 'matrix' }),
    tri_three: () => linalg.tridiagonalSolve(z(4, 3), z(3, 1)),
    tri_sides: () => linalg.tridiagonalSolve(z(3, 3), z(2, 1)),
    tri_batch: () => linalg.tridiagonalSolve(z(2, 3, 3), z(4, 3, 1)),
    tri_matmul_format: () => linalg.tridiagonalMatmul(z(3, 3), z(3, 1), { diagonalsFormat: 'banded' as 'matrix' }),
    tri_matmul_not_square: () => linalg.tridiagonalMatmul(z(3, 2), z(3, 1), { diagonalsFormat: 'matrix' }),
  });
});
