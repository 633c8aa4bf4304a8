/**
 * TF1's `tf.linalg.LinearOperator` classes against TF1 Python (scripts/graph_fixtures/linear_operator.py):
 * FullMatrix, Diag, Identity, ScaledIdentity, LowerTriangular, Composition, Adjoint, Inversion, Zeros,
 * Householder, Permutation, Tridiag, LowRankUpdate, Kronecker and BlockDiag built here with the same
 * calls must make the same ops (names, types, inputs, attrs, Const values) in the same order, the
 * same static shapes, hints and session values; the operators that products,
 * solves, adjoints, inverses and Cholesky factors of operators give the same; gradients through
 * them and a training of a diagonal operator Python's values; bad arguments TF1's errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType, Graph, Output, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { LinearOperator } from '../lib/ops/linalg/linear_operator';
import {
  describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';
import { OperatorFixture, ph, propsOf, ran } from './helpers/linear_operators';

/** ScaledIdentity's cond holds a NaN Const, which JSON cannot hold: "NaN" in the fixture, revived here. */
const fixture: OperatorFixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'graph_layer', 'linear_operator.json'),
  'utf8'), (_key, v: unknown) => (v === 'NaN' ? NaN : v));
const { linalg } = ops;

const f32 = DType.float32;
/** What a JS caller may pass where operators go, past the types (`null` for None). */
const notOperators = (x: unknown) => x as never;

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  full_matrix: () => {
    const [m, rhs, v] = [ph('m', [3, 3]), ph('rhs', [3, 2]), ph('v', [3])];
    const op = new linalg.LinearOperatorFullMatrix(m);
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj: op.matmul(rhs, { adjoint: true, name: 'mm' }),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjointArg: true }),
      matvec: op.matvec(v),
      matvec_adj: op.matvec(v, { adjoint: true }),
      solve: op.solve(rhs),
      solve_adj: op.solve(rhs, { adjoint: true }),
      solvevec: op.solvevec(v),
      log_abs_det: op.logAbsDeterminant(),
      det: op.determinant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      add: op.addToTensor(m),
      shape: op.shapeTensor(),
      batch_shape: op.batchShapeTensor(),
      domain: op.domainDimensionTensor(),
      range: op.rangeDimensionTensor(),
      rank: op.tensorRankTensor(),
      cond: op.cond(),
      assert_ns: ran(op.assertNonSingular()),
    };
  },
  full_matrix_spd: () => {
    const [spd, rhs] = [ph('spd', [3, 3]), ph('rhs', [3, 2])];
    const op = new linalg.LinearOperatorFullMatrix(spd, { isSelfAdjoint: true, isPositiveDefinite: true, name: 'A' });
    return {
      solve: op.solve(rhs),
      log_abs_det: op.logAbsDeterminant(),
      det: op.determinant(),
      eigvals: op.eigvals(),
      cond: op.cond(),
      chol: op.cholesky().toDense(),
      inv: op.inverse().toDense(),
      adjoint_is_self: op.adjoint().toDense(),
      assert_pd: ran(op.assertPositiveDefinite()),
      assert_ns: ran(op.assertNonSingular()),
      assert_sa: ran(op.assertSelfAdjoint()),
    };
  },
  full_matrix_shapes: () => {
    const [m, rhs] = [ph('m', [3, 3]), ph('rhs', [2, 3, 2])];
    const anym = ph('anym', [null, null]);
    const batch = ph('batch', [2, 3, 3]);
    const op = new linalg.LinearOperatorFullMatrix(m);
    const dyn = new linalg.LinearOperatorFullMatrix(anym);
    const bop = new linalg.LinearOperatorFullMatrix(batch);
    return {
      solve_bcast: op.solve(rhs),
      solve_bcast_adj: op.solve(rhs, { adjoint: true }),
      solve_batch_op: bop.solve(sliceOf(rhs, [0])),
      matmul_batch: bop.matmul(rhs),
      shape: dyn.shapeTensor(),
      batch_shape: dyn.batchShapeTensor(),
      domain: dyn.domainDimensionTensor(),
      range: dyn.rangeDimensionTensor(),
      solve_dyn: dyn.solve(sliceOf(rhs, [0])),
      bshape: bop.batchShapeTensor(),
      blog_abs_det: bop.logAbsDeterminant(),
    };
  },
  diag: () => {
    const [d, rhs, v, m] = [ph('d', [3]), ph('rhs', [3, 2]), ph('v', [3]), ph('m', [3, 3])];
    const op = new linalg.LinearOperatorDiag(d);
    const pd = new linalg.LinearOperatorDiag(ops.add(ops.abs(d), 1.0, 'add'), { isPositiveDefinite: true, name: 'pd' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjoint: true, adjointArg: true }),
      matvec: op.matvec(v),
      solve: op.solve(rhs),
      solve_adj_arg: op.solve(ops.transpose(rhs), { adjointArg: true }),
      solvevec: op.solvevec(v),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      add: op.addToTensor(m),
      eigvals: op.eigvals(),
      cond: op.cond(),
      inv: op.inverse().toDense(),
      adjoint: op.adjoint().toDense(),
      chol: pd.cholesky().toDense(),
      assert_ns: ran(op.assertNonSingular()),
      assert_pd: ran(pd.assertPositiveDefinite()),
      assert_sa: ran(op.assertSelfAdjoint()),
      shape: op.shapeTensor(),
    };
  },
  diag_batch: () => {
    const d = ph('bd', [2, 3]);
    const anyd = ph('anyd', null);
    const op = new linalg.LinearOperatorDiag(d);
    const dyn = new linalg.LinearOperatorDiag(anyd);
    return {
      dense: op.toDense(),
      log_abs_det: op.logAbsDeterminant(),
      shape: dyn.shapeTensor(),
      batch: dyn.batchShapeTensor(),
      domain: dyn.domainDimensionTensor(),
      rank: dyn.tensorRankTensor(),
      dyn_dense: dyn.toDense(),
    };
  },
  identity: () => {
    const [rhs, m, n] = [ph('rhs', [3, 2]), ph('m', [3, 3]), ph('n', [], DType.int32)];
    const op = new linalg.LinearOperatorIdentity(3);
    const batch = new linalg.LinearOperatorIdentity(3, { batchShape: [2], dtype: f32, name: 'I2' });
    const dyn = new linalg.LinearOperatorIdentity(n);
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      solve: op.solve(rhs, { adjointArg: false }),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      add: op.addToTensor(m),
      eigvals: op.eigvals(),
      cond: op.cond(),
      batch_matmul: batch.matmul(rhs),
      batch_dense: batch.toDense(),
      batch_trace: batch.trace(),
      dyn_shape: dyn.shapeTensor(),
      dyn_dense: dyn.toDense(),
      dyn_trace: dyn.trace(),
      asserts: [ran(op.assertNonSingular()), ran(op.assertPositiveDefinite()), ran(op.assertSelfAdjoint())],
    };
  },
  scaled_identity: () => {
    const [rhs, m, c, bc] = [ph('rhs', [3, 2]), ph('m', [3, 3]), ph('c', []), ph('bc', [2])];
    const op = new linalg.LinearOperatorScaledIdentity(3, c);
    const batch = new linalg.LinearOperatorScaledIdentity(3, bc, { name: 'S2' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjoint: true, adjointArg: true }),
      solve: op.solve(rhs),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      add: op.addToTensor(m),
      eigvals: op.eigvals(),
      cond: op.cond(),
      inv: op.inverse().toDense(),
      batch_dense: batch.toDense(),
      batch_matmul: batch.matmul(rhs),
      batch_trace: batch.trace(),
      assert_ns: ran(op.assertNonSingular()),
      shape: batch.shapeTensor(),
    };
  },
  lower_triangular: () => {
    const [m, rhs, v] = [ph('m', [3, 3]), ph('rhs', [3, 2]), ph('v', [3])];
    const op = new linalg.LinearOperatorLowerTriangular(m);
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj: op.matmul(rhs, { adjoint: true }),
      matvec: op.matvec(v),
      solve: op.solve(rhs),
      solve_adj: op.solve(rhs, { adjoint: true }),
      solvevec: op.solvevec(v),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      assert_ns: ran(op.assertNonSingular()),
      inv: op.inverse().toDense(),
    };
  },
  composition: () => {
    const [m, d, rhs, v] = [ph('m', [3, 3]), ph('d', [3]), ph('rhs', [3, 2]), ph('v', [3])];
    const a = new linalg.LinearOperatorFullMatrix(m);
    const b = new linalg.LinearOperatorDiag(d);
    const op = new linalg.LinearOperatorComposition([a, b]);
    const named = new linalg.LinearOperatorComposition([b, a, b], { name: 'ABA' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj: op.matmul(rhs, { adjoint: true }),
      matvec: op.matvec(v),
      solve: op.solve(rhs),
      solve_adj: op.solve(rhs, { adjoint: true }),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      shape: op.shapeTensor(),
      named_dense: named.toDense(),
      named_solvevec: named.solvevec(v),
    };
  },
  adjoint_inversion: () => {
    const [m, rhs, v] = [ph('m', [3, 3]), ph('rhs', [3, 2]), ph('v', [3])];
    const a = new linalg.LinearOperatorFullMatrix(m);
    const adj = new linalg.LinearOperatorAdjoint(a);
    const inv = new linalg.LinearOperatorInversion(a);
    return {
      adj_dense: adj.toDense(),
      adj_matmul: adj.matmul(rhs),
      adj_matvec: adj.matvec(v),
      adj_solve: adj.solve(rhs),
      adj_solvevec: adj.solvevec(v),
      adj_det: adj.determinant(),
      adj_log_abs_det: adj.logAbsDeterminant(),
      adj_trace: adj.trace(),
      adj_shape: adj.shapeTensor(),
      adj_adj: adj.adjoint().toDense(),
      H: a.H.matmul(rhs),
      inv_dense: inv.toDense(),
      inv_matmul: inv.matmul(rhs),
      inv_solve: inv.solve(rhs, { adjoint: true }),
      inv_det: inv.determinant(),
      inv_log_abs_det: inv.logAbsDeterminant(),
      inv_inv: inv.inverse().toDense(),
      inv_shape: inv.shapeTensor(),
      method_inv: a.inverse().matvec(v),
    };
  },
  algebra: () => {
    const [m, spd, d, c] = [ph('m', [3, 3]), ph('spd', [3, 3]), ph('d', [3]), ph('c', [])];
    const a = new linalg.LinearOperatorFullMatrix(m);
    const p = new linalg.LinearOperatorFullMatrix(spd, { isSelfAdjoint: true, isPositiveDefinite: true, name: 'P' });
    const dg = new linalg.LinearOperatorDiag(d);
    const dg2 = new linalg.LinearOperatorDiag(ops.mul(d, 2.0, 'mul'), { name: 'D2' });
    const ident = new linalg.LinearOperatorIdentity(3);
    const s = new linalg.LinearOperatorScaledIdentity(3, c, { isPositiveDefinite: true });
    const s2 = new linalg.LinearOperatorScaledIdentity(3, ops.add(c, 1.0, 'add'), { name: 'S2' });
    const tril = new linalg.LinearOperatorLowerTriangular(m);
    return {
      full_full: a.matmul(p).toDense(),
      full_diag_adj: a.matmul(dg, { adjoint: true }).toDense(),
      diag_diag: dg.matmul(dg2).toDense(),
      diag_scaled: dg.matmul(s).toDense(),
      diag_tril: dg.matmul(tril).toDense(),
      tril_diag: tril.matmul(dg).toDense(),
      scaled_scaled: s.matmul(s2).toDense(),
      scaled_diag: s.matmul(dg).toDense(),
      ident_full: ident.matmul(a).toDense(),
      full_ident: a.matmul(ident).toDense(),
      solve_full: a.solve(p).toDense(),
      solve_diag: dg.solve(dg2).toDense(),
      solve_diag_scaled: dg.solve(s).toDense(),
      solve_diag_tril: dg.solve(tril).toDense(),
      solve_scaled: s.solve(s2).toDense(),
      solve_scaled_diag: s.solve(dg).toDense(),
      solve_ident: a.solve(ident).toDense(),
      inv_solve: a.inverse().solve(p).toDense(),
      scaled_adjoint: s.adjoint().toDense(),
      scaled_chol: s.cholesky().toDense(),
      ident_chol: ident.cholesky().toDense(),
      comp_chol: new linalg.LinearOperatorComposition([p, p]).cholesky().toDense(),
    };
  },
  zeros: () => {
    const [rhs, m, n] = [ph('rhs', [3, 2]), ph('m', [3, 3]), ph('n', [], DType.int32)];
    const op = new linalg.LinearOperatorZeros(3);
    const batch = new linalg.LinearOperatorZeros(3, { batchShape: [2], name: 'Z2' });
    const wide = new linalg.LinearOperatorZeros(2, { numColumns: 3, isSquare: false, isSelfAdjoint: false });
    const dyn = new linalg.LinearOperatorZeros(n);
    const a = new linalg.LinearOperatorFullMatrix(m);
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjointArg: true }),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      add: op.addToTensor(m),
      eigvals: op.eigvals(),
      batch_matmul: batch.matmul(rhs),
      batch_dense: batch.toDense(),
      batch_trace: batch.trace(),
      batch_add: batch.addToTensor(m),
      wide_matmul: wide.matmul(rhs),
      wide_matmul_adj: wide.matmul(sliceOf(ops.transpose(rhs), [':', [null, 2]]), { adjoint: true, adjointArg: true }),
      wide_dense: wide.toDense(),
      dyn_shape: dyn.shapeTensor(),
      dyn_diag: dyn.diagPart(),
      full_zeros: a.matmul(op).toDense(),
      zeros_full: op.matmul(a).toDense(),
      assert_sa: ran(op.assertSelfAdjoint()),
    };
  },
  householder: () => {
    const [v, rhs, bv] = [ph('v', [3]), ph('rhs', [3, 2]), ph('bv', [2, 3])];
    const op = new linalg.LinearOperatorHouseholder(v);
    const batch = new linalg.LinearOperatorHouseholder(bv, { name: 'H2' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjoint: true, adjointArg: true }),
      matvec: op.matvec(v),
      solve: op.solve(rhs),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      eigvals: op.eigvals(),
      cond: op.cond(),
      adjoint: op.adjoint().matmul(rhs),
      inverse: op.inverse().matmul(rhs),
      batch_dense: batch.toDense(),
      batch_trace: batch.trace(),
      batch_eigvals: batch.eigvals(),
      assert_ns: ran(op.assertNonSingular()),
      assert_sa: ran(op.assertSelfAdjoint()),
    };
  },
  permutation: () => {
    const [rhs, v, p] = [ph('rhs', [3, 2]), ph('v', [3]), ph('p', [3], DType.int32)];
    const op = new linalg.LinearOperatorPermutation([2, 0, 1]);
    const fed = new linalg.LinearOperatorPermutation(p, { dtype: f32, name: 'P' });
    const batch = new linalg.LinearOperatorPermutation([[1, 0, 2], [2, 1, 0]], { isSelfAdjoint: true, name: 'B' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj: op.matmul(rhs, { adjoint: true }),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjointArg: true }),
      matvec: op.matvec(v),
      solve: op.solve(rhs),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      cond: op.cond(),
      fed_dense: fed.toDense(),
      fed_matmul: fed.matmul(rhs, { adjoint: true }),
      fed_shape: fed.shapeTensor(),
      fed_domain: fed.domainDimensionTensor(),
      batch_dense: batch.toDense(),
      batch_matmul: batch.matmul(rhs, { adjoint: true }),
      assert_ns: ran(op.assertNonSingular()),
    };
  },
  tridiag: () => {
    const [t, st, rhs, m] = [ph('t', [3, 3]), ph('st', [3, 3]), ph('rhs', [3, 2]), ph('m', [3, 3])];
    const seq: [Output, Output, Output] = [ph('sup', [3]), ph('dia', [3]), ph('sub', [3])];
    const all: Record<string, LinearOperator> = {
      compact: new linalg.LinearOperatorTridiag(t), matrix: new linalg.LinearOperatorTridiag(m, { diagonalsFormat: 'matrix' }),
      sequence: new linalg.LinearOperatorTridiag(seq, { diagonalsFormat: 'sequence', name: 'S' }),
    };
    const out: Record<string, Output> = {};
    for (const [k, op] of Object.entries(all)) {
      Object.assign(out, {
        [`${k}_dense`]: op.toDense(),
        [`${k}_matmul`]: op.matmul(rhs),
        [`${k}_matmul_adj`]: op.matmul(rhs, { adjoint: true }),
        [`${k}_matmul_adj_arg`]: op.matmul(ops.transpose(rhs), { adjointArg: true }),
        [`${k}_solve`]: op.solve(rhs),
        [`${k}_solve_adj`]: op.solve(ops.transpose(rhs), { adjoint: true, adjointArg: true }),
        [`${k}_diag_part`]: op.diagPart(),
        [`${k}_trace`]: op.trace(),
        [`${k}_log_abs_det`]: op.logAbsDeterminant(),
        [`${k}_shape`]: op.shapeTensor(),
      });
    }
    const sym = new linalg.LinearOperatorTridiag(st, { isSelfAdjoint: true });
    const symSeq = new linalg.LinearOperatorTridiag([sliceOf(st, [0]), sliceOf(st, [1]), sliceOf(st, [2])],
      { diagonalsFormat: 'sequence' });
    out.sym_assert = ran(sym.assertSelfAdjoint());
    out.sym_seq_assert = ran(symSeq.assertSelfAdjoint());
    out.sym_solve = sym.solve(rhs);
    return out;
  },
  low_rank_update: () => {
    const [m, , d, rhs] = [ph('m', [3, 3]), ph('spd', [3, 3]), ph('d', [3]), ph('rhs', [3, 2])];
    const [u, w] = [ph('u', [3, 2]), ph('w', [2])];
    const a = new linalg.LinearOperatorFullMatrix(m);
    const pd = new linalg.LinearOperatorDiag(ops.add(ops.abs(d), 1.0, 'add'), { isPositiveDefinite: true });
    const general = new linalg.LinearOperatorLowRankUpdate(a, u, { diagUpdate: w, v: ops.mul(u, 0.5, 'mul') });
    const chol = new linalg.LinearOperatorLowRankUpdate(pd, u);
    return {
      hints: [ops.constant(general.isSelfAdjoint === null), ops.constant(Boolean(chol.isPositiveDefinite))],
      dense: general.toDense(),
      matmul: general.matmul(rhs),
      matmul_adj: general.matmul(rhs, { adjoint: true }),
      solve: general.solve(rhs),
      solve_adj: general.solve(rhs, { adjoint: true }),
      det: general.determinant(),
      log_abs_det: general.logAbsDeterminant(),
      diag_part: general.diagPart(),
      shape: general.shapeTensor(),
      chol_dense: chol.toDense(),
      chol_solve: chol.solve(rhs),
      chol_det: chol.determinant(),
      chol_log_abs_det: chol.logAbsDeterminant(),
      chol_diag_part: chol.diagPart(),
      chol_assert_sa: ran(chol.assertSelfAdjoint()),
    };
  },
  kronecker: () => {
    const [a2, m, d, spd2, spd] = [ph('a2', [2, 2]), ph('m', [3, 3]), ph('d', [3]), ph('spd2', [2, 2]), ph('spd', [3, 3])];
    const [x, v] = [ph('x', [6, 2]), ph('x6', [6])];
    const a = new linalg.LinearOperatorFullMatrix(a2);
    const b = new linalg.LinearOperatorFullMatrix(m);
    const op = new linalg.LinearOperatorKronecker([a, b]);
    const op3 = new linalg.LinearOperatorKronecker([a, new linalg.LinearOperatorDiag(d)], { name: 'K' });
    const pd = new linalg.LinearOperatorKronecker([
      new linalg.LinearOperatorFullMatrix(spd2, { isSelfAdjoint: true, isPositiveDefinite: true, name: 'P2' }),
      new linalg.LinearOperatorFullMatrix(spd, { isSelfAdjoint: true, isPositiveDefinite: true, name: 'P3' })]);
    return {
      dense: op.toDense(),
      matmul: op.matmul(x),
      matmul_adj: op.matmul(x, { adjoint: true }),
      matmul_adj_arg: op.matmul(ops.transpose(x), { adjointArg: true }),
      matvec: op.matvec(v),
      solve: op.solve(x),
      solve_adj: op.solve(x, { adjoint: true }),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      diag_dense: op3.toDense(),
      diag_solve: op3.solve(x),
      diag_diag_part: op3.diagPart(),
      adjoint: op.adjoint().toDense(),
      inverse: op.inverse().toDense(),
      pd_chol: pd.cholesky().toDense(),
      pd_eigvals: pd.eigvals(),
      assert_ns: ran(pd.assertNonSingular()),
      shape: op.shapeTensor(),
    };
  },
  block_diag: () => {
    const [a2, d, m, x, v, anyd] = [ph('a2', [2, 2]), ph('d', [3]), ph('m', [3, 3]), ph('x', [5, 2]), ph('x5', [5]),
      ph('anyd', null)];
    const a = new linalg.LinearOperatorFullMatrix(a2);
    const dg = new linalg.LinearOperatorDiag(d);
    const op = new linalg.LinearOperatorBlockDiag([a, dg]);
    const other = new linalg.LinearOperatorBlockDiag([new linalg.LinearOperatorScaledIdentity(2, 2.0),
      new linalg.LinearOperatorFullMatrix(m)], { name: 'O' });
    const dyn = new linalg.LinearOperatorBlockDiag([a, new linalg.LinearOperatorDiag(anyd)], { name: 'Dyn' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(x),
      matmul_adj: op.matmul(x, { adjoint: true }),
      matmul_adj_arg: op.matmul(ops.transpose(x), { adjointArg: true }),
      matvec: op.matvec(v),
      solve: op.solve(x),
      solve_adj: op.solve(x, { adjoint: true }),
      solvevec: op.solvevec(v),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      adjoint: op.adjoint().toDense(),
      inverse: op.inverse().toDense(),
      product: op.matmul(other).toDense(),
      quotient: op.solve(other).toDense(),
      assert_sa: ran(other.assertNonSingular()),
      dyn_shape: dyn.shapeTensor(),
      dyn_dense: dyn.toDense(),
      dyn_matmul: dyn.matmul(x),
    };
  },
};

describeTF1Graphs(GRAPHS, fixture);

describe('hints and static shapes', () => {
  it.each(Object.keys(fixture.props))('%s: those of TF1 Python', (key) => {
    const want = fixture.props[key];
    const got = new Graph().asDefault(() => {
      const [m, d] = [ph('m', [3, 3]), ph('d', [2, 3])];
      const [anym, wide] = [ph('anym', null), ph('wide', [2, 3])];
      const a = new linalg.LinearOperatorFullMatrix(m);
      const p = new linalg.LinearOperatorFullMatrix(m, { isSelfAdjoint: true, isPositiveDefinite: true, name: 'P' });
      const w = new linalg.LinearOperatorFullMatrix(wide);
      const dg = new linalg.LinearOperatorDiag(d);
      const s = new linalg.LinearOperatorScaledIdentity(3, 2.0);
      const all: Record<string, () => LinearOperator> = {
        full: () => a, pd: () => p, wide: () => w, unknown: () => new linalg.LinearOperatorFullMatrix(anym),
        diag: () => dg, scaled: () => s, identity: () => new linalg.LinearOperatorIdentity(3, { batchShape: [4] }),
        tril: () => new linalg.LinearOperatorLowerTriangular(m), comp: () => new linalg.LinearOperatorComposition([a, dg]),
        comp_pd: () => new linalg.LinearOperatorComposition([p, p]),
        comp_aat: () => new linalg.LinearOperatorComposition([a, a.H]), adj: () => new linalg.LinearOperatorAdjoint(w),
        adj_pd: () => new linalg.LinearOperatorAdjoint(p), inv: () => new linalg.LinearOperatorInversion(p),
        wide_comp: () => w.matmul(a), diag_diag: () => dg.matmul(dg), scaled_diag: () => s.matmul(dg),
      };
      return propsOf(all[key]());
    });
    expect(got).toEqual(want);
  });
});

describe('gradients', () => {
  const feedsOf = (names: Array<[string, Array<number | null>]>) => names.map(([n, s]) => ph(n, s));
  itGivesTF1Gradients(fixture.gradients, {
    full_matmul: () => {
      const [m, rhs] = feedsOf([['m', [3, 3]], ['rhs', [3, 2]]]);
      const y = new linalg.LinearOperatorFullMatrix(m).matmul(rhs, { adjoint: true });
      return [ops.reduceSum(ops.mul(y, y, 'mul')), [m, rhs]];
    },
    full_solve: () => {
      const [m, rhs] = feedsOf([['m', [3, 3]], ['rhs', [3, 2]]]);
      const op = new linalg.LinearOperatorFullMatrix(m);
      return [ops.add(ops.reduceSum(ops.square(op.solve(rhs))), op.logAbsDeterminant(), 'add'), [m, rhs]];
    },
    spd_solve: () => {
      const [spd, rhs] = feedsOf([['spd', [3, 3]], ['rhs', [3, 2]]]);
      const op = new linalg.LinearOperatorFullMatrix(spd, { isSelfAdjoint: true, isPositiveDefinite: true });
      return [ops.add(ops.reduceSum(op.solve(rhs)), op.logAbsDeterminant(), 'add'), [spd, rhs]];
    },
    diag_ops: () => {
      const [d, rhs] = feedsOf([['d', [3]], ['rhs', [3, 2]]]);
      const op = new linalg.LinearOperatorDiag(d);
      const prod = ops.reduceSum(ops.mul(op.matmul(rhs), op.solve(rhs), 'mul'));
      return [ops.add(ops.add(prod, op.logAbsDeterminant(), 'add'), op.determinant(), 'add'), [d, rhs]];
    },
    composed: () => {
      const [m, d, rhs] = feedsOf([['m', [3, 3]], ['d', [3]], ['rhs', [3, 2]]]);
      const op = new linalg.LinearOperatorComposition([new linalg.LinearOperatorFullMatrix(m),
        new linalg.LinearOperatorDiag(d)]);
      return [ops.reduceSum(ops.square(op.solve(rhs))), [m, d]];
    },
  });
});

describe('training a diagonal operator', () => {
  it('GradientDescent gives the losses and diagonal of TF1 Python', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [3], initializer: ops.constantInitializer([1.0, 2.0, 0.5]) });
      const spd = ops.constant([[4.0, 1.0, 0.5], [1.0, 3.0, -0.5], [0.5, -0.5, 2.0]]);
      const op = new linalg.LinearOperatorComposition([new linalg.LinearOperatorDiag(w),
        new linalg.LinearOperatorFullMatrix(spd)]);
      const x = op.solve(ops.constant([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]]));
      return { loss: ops.reduceSum(ops.square(ops.sub(x, 0.25, 'sub'))), fetch: w };
    }, 0.5, 6);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  const full = (m: Output, o: ConstructorParameters<typeof linalg.LinearOperatorFullMatrix>[1] = {}) =>
    new linalg.LinearOperatorFullMatrix(m, o);
  itThrowsTF1Errors(fixture.build_errors, {
    pd_singular: () => full(z(2, 2), { isPositiveDefinite: true, isNonSingular: false }),
    ns_not_square: () => full(z(2, 2), { isNonSingular: true, isSquare: false }),
    sa_not_square: () => full(z(2, 2), { isSelfAdjoint: true, isSquare: false }),
    square_hint: () => full(z(2, 2), { isSquare: false }).isSquare,
    full_rank1: () => full(z(2)),
    full_int: () => full(ops.zeros([2, 2], DType.int32)),
    matmul_dims: () => full(z(2, 3)).matmul(z(2, 2)),
    matmul_adj_dims: () => full(z(2, 3)).matmul(z(3, 2), { adjoint: true }),
    matvec_dims: () => full(z(2, 3)).matvec(z(2)),
    solve_dims: () => full(z(3, 3)).solve(z(2, 2)),
    matmul_dtype: () => full(z(2, 2)).matmul(ops.zeros([2, 2], DType.float64)),
    det_not_square: () => full(z(2, 3)).determinant(),
    log_det_not_square: () => full(z(2, 3), { isSquare: false }).logAbsDeterminant(),
    solve_singular: () => full(z(2, 2), { isNonSingular: false }).solve(z(2, 2)),
    solve_not_square: () => full(z(2, 3)).solve(z(2, 2)),
    inverse_not_square: () => full(z(2, 3)).inverse(),
    inverse_singular: () => full(z(2, 2), { isNonSingular: false }).inverse(),
    cholesky_not_pd: () => full(z(2, 2)).cholesky(),
    eigvals_not_sa: () => full(z(2, 2)).eigvals(),
    matmul_operators: () => full(z(2, 3)).matmul(full(z(2, 2))),
    solve_operators: () => full(z(3, 3)).solve(full(z(2, 2))),
    diag_scalar: () => new linalg.LinearOperatorDiag(z()),
    diag_not_sa: () => new linalg.LinearOperatorDiag(z(2), { isSelfAdjoint: false }),
    diag_not_square: () => new linalg.LinearOperatorDiag(z(2), { isSquare: false }),
    identity_not_sa: () => new linalg.LinearOperatorIdentity(2, { isSelfAdjoint: false }),
    identity_singular: () => new linalg.LinearOperatorIdentity(2, { isNonSingular: false }),
    identity_not_pd: () => new linalg.LinearOperatorIdentity(2, { isPositiveDefinite: false }),
    identity_not_square: () => new linalg.LinearOperatorIdentity(2, { isSquare: false }),
    identity_negative: () => new linalg.LinearOperatorIdentity(-1),
    identity_float: () => new linalg.LinearOperatorIdentity(2.5),
    identity_batch_negative: () => new linalg.LinearOperatorIdentity(2, { batchShape: [-1] }),
    scaled_not_square: () => new linalg.LinearOperatorScaledIdentity(2, 1.0, { isSquare: false }),
    scaled_not_sa: () => new linalg.LinearOperatorScaledIdentity(2, 1.0, { isSelfAdjoint: false }),
    tril_not_square: () => new linalg.LinearOperatorLowerTriangular(z(2, 2), { isSquare: false }),
    tril_rank1: () => new linalg.LinearOperatorLowerTriangular(z(2)),
    comp_empty: () => new linalg.LinearOperatorComposition([]),
    comp_dtype: () => new linalg.LinearOperatorComposition([full(z(2, 2)), full(ops.zeros([2, 2], DType.float64))]),
    comp_not_ns: () => new linalg.LinearOperatorComposition([new linalg.LinearOperatorIdentity(2)], { isNonSingular: false }),
    comp_not_sa: () => new linalg.LinearOperatorComposition([new linalg.LinearOperatorIdentity(2)], { isSelfAdjoint: false }),
    comp_shapes: () => new linalg.LinearOperatorComposition([full(z(2, 3)), full(z(2, 2))]).shape,
    adj_hint: () => new linalg.LinearOperatorAdjoint(new linalg.LinearOperatorIdentity(2), { isSquare: false }),
    adj_hint_sa: () => new linalg.LinearOperatorAdjoint(full(z(2, 2), { isSelfAdjoint: false }), { isSelfAdjoint: true }),
    inv_singular: () => new linalg.LinearOperatorInversion(full(z(2, 2), { isNonSingular: false })),
    inv_not_square: () => new linalg.LinearOperatorInversion(full(z(2, 2)), { isSquare: false }),
    zeros_not_sa: () => new linalg.LinearOperatorZeros(2, { isSelfAdjoint: false }),
    zeros_ns: () => new linalg.LinearOperatorZeros(2, { isNonSingular: true }),
    zeros_pd: () => new linalg.LinearOperatorZeros(2, { isPositiveDefinite: true }),
    zeros_not_square: () => new linalg.LinearOperatorZeros(2, { numColumns: 3 }),
    zeros_columns_negative: () => new linalg.LinearOperatorZeros(2, { numColumns: -3, isSquare: false, isSelfAdjoint: false }),
    zeros_assert_ns: () => new linalg.LinearOperatorZeros(2).assertNonSingular(),
    zeros_matmul_wide: () => full(z(2, 2)).matmul(
      new linalg.LinearOperatorZeros(2, { numColumns: 3, isSquare: false, isSelfAdjoint: false })),
    householder_scalar: () => new linalg.LinearOperatorHouseholder(z()),
    householder_not_sa: () => new linalg.LinearOperatorHouseholder(z(2), { isSelfAdjoint: false }),
    householder_pd: () => new linalg.LinearOperatorHouseholder(z(2), { isPositiveDefinite: true }),
    householder_not_square: () => new linalg.LinearOperatorHouseholder(z(2), { isSquare: false }),
    householder_assert_pd: () => new linalg.LinearOperatorHouseholder(z(2)).assertPositiveDefinite(),
    perm_scalar: () => new linalg.LinearOperatorPermutation(ops.zeros([], DType.int32)),
    perm_float: () => new linalg.LinearOperatorPermutation(z(3)),
    perm_not_perm: () => new linalg.LinearOperatorPermutation([0, 0, 1]),
    perm_singular: () => new linalg.LinearOperatorPermutation([0, 1], { isNonSingular: false }),
    perm_not_square: () => new linalg.LinearOperatorPermutation([0, 1], { isSquare: false }),
    tridiag_format: () => new linalg.LinearOperatorTridiag(z(3, 3), { diagonalsFormat: 'banded' as 'matrix' }),
    lru_not_positive: () => new linalg.LinearOperatorLowRankUpdate(full(z(2, 2)), z(2, 1), { isDiagUpdatePositive: false }),
    lru_not_sa: () => new linalg.LinearOperatorLowRankUpdate(new linalg.LinearOperatorIdentity(2), z(2, 1),
      { isSelfAdjoint: false }),
    lru_not_pd: () => new linalg.LinearOperatorLowRankUpdate(new linalg.LinearOperatorIdentity(2), z(2, 1),
      { isPositiveDefinite: false }),
    lru_u_rows: () => new linalg.LinearOperatorLowRankUpdate(full(z(2, 2)), z(3, 1)),
    lru_diag_size: () => new linalg.LinearOperatorLowRankUpdate(full(z(2, 2)), z(2, 1), { diagUpdate: z(2) }),
    kron_empty: () => new linalg.LinearOperatorKronecker([]),
    kron_dtype: () => new linalg.LinearOperatorKronecker([full(z(2, 2)), full(ops.zeros([2, 2], DType.float64))]),
    kron_not_ns: () => new linalg.LinearOperatorKronecker([new linalg.LinearOperatorIdentity(2)], { isNonSingular: false }),
    kron_assert_ns: () => new linalg.LinearOperatorKronecker([full(z(2, 3))]).assertNonSingular(),
    block_empty: () => new linalg.LinearOperatorBlockDiag([]),
    block_not_ns: () => new linalg.LinearOperatorBlockDiag([new linalg.LinearOperatorIdentity(2)], { isNonSingular: false }),
    block_counts: () => new linalg.LinearOperatorBlockDiag([full(z(2, 2)), full(z(2, 2))]).matmul(
      new linalg.LinearOperatorBlockDiag([full(z(4, 4))])),
    block_dims: () => new linalg.LinearOperatorBlockDiag([full(z(2, 2)), full(z(3, 3))]).matmul(
      new linalg.LinearOperatorBlockDiag([full(z(3, 3)), full(z(2, 2))])),
    block_trace_wide: () => new linalg.LinearOperatorBlockDiag([full(z(2, 3))], { isSquare: null }).trace(),
    inv_hint_pd: () => new linalg.LinearOperatorInversion(new linalg.LinearOperatorIdentity(2), { isPositiveDefinite: false }),
    // Not operators where operators go.
    comp_none: () => new linalg.LinearOperatorComposition(notOperators(null)),
    comp_ints: () => new linalg.LinearOperatorComposition(notOperators([1, 2])),
    comp_tensor: () => new linalg.LinearOperatorComposition(notOperators([z(2, 2)])),
    kron_tensor: () => new linalg.LinearOperatorKronecker(notOperators([z(2, 2)])),
    block_tensor: () => new linalg.LinearOperatorBlockDiag(notOperators([new linalg.LinearOperatorIdentity(2), z(2, 2)])),
    adj_none: () => new linalg.LinearOperatorAdjoint(notOperators(null)),
    inv_none: () => new linalg.LinearOperatorInversion(notOperators(null)),
    lru_none: () => new linalg.LinearOperatorLowRankUpdate(notOperators(null), z(2, 1)),
  });
});

describe('BAD CALL - not operators where operators go', () => {
  it('a row of BlockLowerTriangular that is an operator, not a list: a TypeError, nothing built', () => {
    const g = new Graph();
    expect(() => g.asDefault(() => new linalg.LinearOperatorBlockLowerTriangular(
      notOperators([new linalg.LinearOperatorIdentity(2)])))).toThrow(new TypeError(
      'Expected argument "values" to be iterable.  Found: <class \'object\'>'));
  });
});
