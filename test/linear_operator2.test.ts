/**
 * TF1's `tf.linalg.LinearOperatorCirculant`, `Circulant2D`, `Circulant3D`, `Toeplitz` and
 * `BlockLowerTriangular` against TF1 Python (scripts/graph_fixtures/linear_operator2.py): built here
 * with the same calls they must make the same ops (names, types, inputs, attrs, Const values) in the
 * same order, the same static shapes, hints and session values; the operators their algebra and
 * inverses make the same; gradients through them and a training of a circulant's kernel Python's
 * values; bad arguments TF1's errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType, Graph, Output, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { LinearOperator } from '../lib/ops/linalg/linear_operator';
import { LinearOperatorCirculantBase } from '../lib/ops/linalg/linear_operator_circulant';
import {
  Json, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';
import { OperatorFixture, OperatorProps, ph, propsOf, ran } from './helpers/linear_operators';

const fixture: OperatorFixture<OperatorProps & { block_shape: Json }> = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'graph_layer',
  'linear_operator2.json'), 'utf8'));
const { linalg, signal } = ops;

const f32 = DType.float32;
const c64 = DType.complex64;
/** A complex tensor's real and imaginary parts, as the fixture fetches them. */
const ri = (x: Output) => [ops.real(x), ops.imag(x)];
const kernelSpectrum = (k: Output) => signal.fft(ops.cast(k, c64));
const M4 = [[1.0, 0.1, 0.2, 0.3], [0.4, 1.5, 0.6, 0.7], [0.8, 0.9, 2.0, 1.1], [1.2, 1.3, 1.4, 2.5]];

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  circulant: () => {
    const [kn, rhs, v] = [ph('kn', [4]), ph('rhs', [4, 2]), ph('v', [4])];
    const op = new linalg.LinearOperatorCirculant(kernelSpectrum(kn), { inputOutputDtype: f32 });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      matmul_adj: op.matmul(rhs, { adjoint: true }),
      matmul_adj_arg: op.matmul(ops.transpose(rhs), { adjointArg: true }),
      matvec: op.matvec(v),
      solve: op.solve(rhs),
      solve_adj: op.solve(rhs, { adjoint: true, name: 's' }),
      solvevec: op.solvevec(v),
      det: op.determinant(),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      kernel: op.convolutionKernel(),
      cond: op.cond(),
      shape: op.shapeTensor(),
      block_shape: op.blockShapeTensor(),
      inv: op.inverse().matmul(rhs),
      adjoint: ri(op.adjoint().toDense()),
      assert_ns: ran(op.assertNonSingular()),
    };
  },
  circulant_real_spectrum: () => {
    const [s, rhs] = [ph('s', [4]), ph('rhs', [4, 2])];
    const op = new linalg.LinearOperatorCirculant(s, { isPositiveDefinite: true, name: 'R' });
    const crhs = ops.complex(rhs, ops.neg(rhs));
    return {
      dense: ri(op.toDense()),
      matmul: ri(op.matmul(crhs)),
      solve: ri(op.solve(crhs)),
      det: ri(op.determinant()),
      trace: ri(op.trace()),
      eigvals: op.eigvals(),
      chol: ri(op.cholesky().toDense()),
      adjoint_is_self: ri(op.adjoint().matmul(crhs)),
      assert_pd: ran(op.assertPositiveDefinite()),
      assert_sa: ran(op.assertSelfAdjoint()),
    };
  },
  circulant_batch: () => {
    const [bk, rhs, anys] = [ph('bk', [2, 4]), ph('rhs', [4, 2]), ph('anys', null)];
    const op = new linalg.LinearOperatorCirculant(kernelSpectrum(bk), { inputOutputDtype: f32, name: 'B' });
    const dyn = new linalg.LinearOperatorCirculant(anys, { inputOutputDtype: f32, name: 'Dyn' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs),
      solve: op.solve(rhs),
      log_abs_det: op.logAbsDeterminant(),
      diag_part: op.diagPart(),
      dyn_shape: dyn.shapeTensor(),
      dyn_block_shape: dyn.blockShapeTensor(),
      dyn_matmul: dyn.matmul(rhs),
      dyn_trace: dyn.trace(),
      dyn_diag: dyn.diagPart(),
    };
  },
  circulant_algebra: () => {
    const [k, kn, s] = [ph('k', [4]), ph('kn', [4]), ph('s', [4])];
    const a = new linalg.LinearOperatorCirculant(kernelSpectrum(k), { inputOutputDtype: f32, isSelfAdjoint: true });
    const b = new linalg.LinearOperatorCirculant(kernelSpectrum(kn), { inputOutputDtype: f32, name: 'B' });
    const r = new linalg.LinearOperatorCirculant(s, { name: 'R' });
    const r2 = new linalg.LinearOperatorCirculant(ops.mul(s, 2.0, 'mul'), { name: 'R2' });
    const full = new linalg.LinearOperatorFullMatrix(ops.constant(M4));
    return {
      product: ri(a.matmul(b).toDense()),
      quotient: ri(a.solve(b).toDense()),
      real_product: ri(r.matmul(r2).toDense()),
      real_quotient: ri(r2.solve(r).toDense()),
      inverse: r.inverse().eigvals(),
      mixed: a.matmul(full).toDense(),
    };
  },
  circulant_2d_3d: () => {
    const [k2, k3, x6, x8] = [ph('k2', [2, 3]), ph('k3', [2, 2, 2]), ph('x6', [6, 2]), ph('x8', [8, 1])];
    const op2 = new linalg.LinearOperatorCirculant2D(signal.fft2d(ops.cast(k2, c64)), { inputOutputDtype: f32 });
    const op3 = new linalg.LinearOperatorCirculant3D(signal.fft3d(ops.cast(k3, c64)), { inputOutputDtype: f32 });
    return {
      dense2: op2.toDense(),
      matmul2: op2.matmul(x6),
      solve2: op2.solve(x6, { adjoint: true }),
      log_abs_det2: op2.logAbsDeterminant(),
      trace2: op2.trace(),
      kernel2: op2.convolutionKernel(),
      block_shape2: op2.blockShapeTensor(),
      dense3: op3.toDense(),
      matmul3: op3.matmul(x8),
      solve3: op3.solve(x8),
      det3: op3.determinant(),
      shape3: op3.shapeTensor(),
      product2: ri(op2.matmul(op2).toDense()),
      inverse3: op3.inverse().matmul(x8),
    };
  },
  toeplitz: () => {
    const [col, row, rhs3, bcol, brow] = [ph('col', [3]), ph('row', [3]), ph('rhs3', [3, 2]), ph('bcol', [2, 3]),
      ph('brow', [2, 3])];
    const [anyc, anyr] = [ph('anyc', null), ph('anyr', [null])];
    const op = new linalg.LinearOperatorToeplitz(col, row);
    const sym = new linalg.LinearOperatorToeplitz(col, col, { isSelfAdjoint: true, isPositiveDefinite: true, name: 'Sym' });
    const batch = new linalg.LinearOperatorToeplitz(bcol, brow, { name: 'Batch' });
    const dyn = new linalg.LinearOperatorToeplitz(anyc, anyr, { name: 'Dyn' });
    return {
      dense: op.toDense(),
      matmul: op.matmul(rhs3),
      matmul_adj: op.matmul(rhs3, { adjoint: true }),
      matvec: op.matvec(sliceOf(rhs3, [':', 0])),
      solve: op.solve(rhs3),
      solvevec: op.solvevec(sliceOf(rhs3, [':', 1]), { adjoint: true }),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      shape: op.shapeTensor(),
      sym_solve: sym.solve(rhs3),
      sym_chol: sym.cholesky().toDense(),
      assert_sa: ran(sym.assertSelfAdjoint()),
      batch_dense: batch.toDense(),
      batch_matmul: batch.matmul(rhs3),
      dyn_shape: dyn.shapeTensor(),
      dyn_dense: dyn.toDense(),
      dyn_matmul: dyn.matmul(rhs3),
    };
  },
  block_lower_triangular: () => {
    const [a2, d, m, x5, v5] = [ph('a2', [2, 2]), ph('d', [3]), ph('m', [3, 2]), ph('x5', [5, 2]), ph('v5', [5])];
    const anyd = ph('anyd', null);
    const a = new linalg.LinearOperatorFullMatrix(a2);
    const dg = new linalg.LinearOperatorDiag(d);
    const off = new linalg.LinearOperatorFullMatrix(m);
    const op = new linalg.LinearOperatorBlockLowerTriangular([[a], [off, dg]]);
    const three = new linalg.LinearOperatorBlockLowerTriangular([
      [new linalg.LinearOperatorDiag(sliceOf(d, [[null, 2]]), { name: 'D2' })], [off, dg],
      [new linalg.LinearOperatorFullMatrix(ops.mul(a2, 0.5, 'mul')), new linalg.LinearOperatorFullMatrix(ops.transpose(m)),
        a]], { name: 'Three' });
    const pd = new linalg.LinearOperatorBlockLowerTriangular([[new linalg.LinearOperatorDiag(ops.add(ops.abs(d), 1.0, 'add'),
      { isPositiveDefinite: true })]], { name: 'PD' });
    const dyn = new linalg.LinearOperatorBlockLowerTriangular([[a], [off, new linalg.LinearOperatorDiag(anyd)]],
      { name: 'Dyn' });
    const x7 = ops.concat([x5, sliceOf(x5, [[null, 2]])], 0);
    return {
      dense: op.toDense(),
      matmul: op.matmul(x5),
      matmul_adj: op.matmul(x5, { adjoint: true }),
      matmul_adj_arg: op.matmul(ops.transpose(x5), { adjointArg: true }),
      matvec: op.matvec(v5),
      solve: op.solve(x5),
      solve_adj: op.solve(x5, { adjoint: true }),
      solvevec: op.solvevec(v5),
      log_abs_det: op.logAbsDeterminant(),
      trace: op.trace(),
      diag_part: op.diagPart(),
      assert_ns: ran(op.assertNonSingular()),
      three_matmul_adj: three.matmul(x7, { adjoint: true }),
      three_solve: three.solve(x7),
      inverse: op.inverse().toDense(),
      three_inverse: three.inverse().toDense(),
      pd_det: pd.determinant(),
      pd_inverse: pd.inverse().toDense(),
      sa_eigvals: new linalg.LinearOperatorBlockLowerTriangular([[dg]], { isSelfAdjoint: true, name: 'SA' }).eigvals(),
      dyn_shape: dyn.shapeTensor(),
      dyn_dense: dyn.toDense(),
      dyn_matmul: dyn.matmul(x5),
    };
  },
};

describeTF1Graphs(GRAPHS, fixture);

describe('hints and static shapes', () => {
  it.each(Object.keys(fixture.props))('%s: those of TF1 Python', (key) => {
    const want = fixture.props[key];
    const got = new Graph().asDefault(() => {
      const [c, s, anys] = [ph('c', [2, 4], c64), ph('s', [4]), ph('anys', [null, 3])];
      const [c2, c3] = [ph('c2', [2, 3], c64), ph('c3', [1, 2, 2])];
      const a = new linalg.LinearOperatorCirculant(c, { inputOutputDtype: f32 });
      const r = new linalg.LinearOperatorCirculant(s, { isPositiveDefinite: true });
      const all: Record<string, () => LinearOperator> = {
        complex: () => a, real: () => r, unknown: () => new linalg.LinearOperatorCirculant(anys),
        c2: () => new linalg.LinearOperatorCirculant2D(c2, { isNonSingular: true }),
        c3: () => new linalg.LinearOperatorCirculant3D(c3, { inputOutputDtype: DType.float64 }),
        adjoint: () => a.adjoint(), inverse: () => r.inverse(), product: () => a.matmul(a), real_product: () => r.matmul(r),
      };
      const [col, brow, m] = [ph('col', [3]), ph('brow', [2, 3]), ph('m', [3, 3])];
      const [full, dg] = [new linalg.LinearOperatorFullMatrix(m), new linalg.LinearOperatorDiag(col)];
      const more: Record<string, () => LinearOperator> = {
        toeplitz: () => new linalg.LinearOperatorToeplitz(col, brow, { isSelfAdjoint: true }),
        toeplitz_unknown: () => new linalg.LinearOperatorToeplitz(sliceOf(anys, [0]), sliceOf(anys, [0])),
        blt: () => new linalg.LinearOperatorBlockLowerTriangular([[full], [full, dg]], { isNonSingular: true }),
        blt_ns: () => new linalg.LinearOperatorBlockLowerTriangular([[dg], [full, dg]], { isPositiveDefinite: true }),
        blt_batch: () => new linalg.LinearOperatorBlockLowerTriangular([[new linalg.LinearOperatorDiag(brow)], [full, dg]]),
      };
      const o = (all[key] ?? more[key])();
      return { ...propsOf(o), block_shape: o instanceof LinearOperatorCirculantBase ? o.blockShape : null };
    });
    expect(got).toEqual(want);
  });
});

describe('gradients', () => {
  itGivesTF1Gradients(fixture.gradients, {
    circulant_matmul: () => {
      const [kn, rhs] = [ph('kn', [4]), ph('rhs', [4, 2])];
      const y = new linalg.LinearOperatorCirculant(kernelSpectrum(kn), { inputOutputDtype: f32 })
        .matmul(rhs, { adjoint: true });
      return [ops.reduceSum(ops.mul(y, y, 'mul')), [kn, rhs]];
    },
    circulant_solve: () => {
      const [kn, rhs] = [ph('kn', [4]), ph('rhs', [4, 2])];
      const op = new linalg.LinearOperatorCirculant(kernelSpectrum(kn), { inputOutputDtype: f32 });
      return [ops.add(ops.reduceSum(ops.square(op.solve(rhs))), op.logAbsDeterminant(), 'add'), [kn, rhs]];
    },
    toeplitz_ops: () => {
      const [col, row, rhs3] = [ph('col', [3]), ph('row', [3]), ph('rhs3', [3, 2])];
      const op = new linalg.LinearOperatorToeplitz(col, row);
      const prod = ops.mul(op.matmul(rhs3), op.matmul(rhs3, { adjoint: true }), 'mul');
      return [ops.add(ops.reduceSum(prod), op.trace(), 'add'), [col, row, rhs3]];
    },
    // Through to_dense's gather on axis -1 (Python's _GatherV2Grad).
    toeplitz_solve: () => {
      const [col, row, rhs3] = [ph('col', [3]), ph('row', [3]), ph('rhs3', [3, 2])];
      const op = new linalg.LinearOperatorToeplitz(col, row);
      const sq = ops.reduceSum(ops.square(op.solve(rhs3)));
      const vec = ops.reduceSum(op.solvevec(sliceOf(rhs3, [':', 1]), { adjoint: true }));
      return [ops.add(ops.add(sq, vec, 'add'), op.logAbsDeterminant(), 'add'), [col, row, rhs3]];
    },
    block_lower_triangular_solve: () => {
      const [a2, d, m, x5] = [ph('a2', [2, 2]), ph('d', [3]), ph('m', [3, 2]), ph('x5', [5, 2])];
      const op = new linalg.LinearOperatorBlockLowerTriangular([[new linalg.LinearOperatorFullMatrix(a2)],
        [new linalg.LinearOperatorFullMatrix(m), new linalg.LinearOperatorDiag(d)]]);
      const sq = ops.reduceSum(ops.square(op.solve(x5)));
      const loss = ops.add(ops.add(sq, ops.reduceSum(op.matmul(x5, { adjoint: true })), 'add'), op.logAbsDeterminant(), 'add');
      return [loss, [a2, d, m, x5]];
    },
  });
});

describe('training a circulant operator', () => {
  it('GradientDescent gives the losses and convolution kernel of TF1 Python', async () => {
    const rhs = [[1.0, 0.0], [2.0, -1.0], [0.5, 3.0], [-1.0, 1.0]];
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [4], initializer: ops.constantInitializer([1.0, 0.5, 0.0, 0.5]) });
      const op = new linalg.LinearOperatorCirculant(kernelSpectrum(w.value()), { inputOutputDtype: f32 });
      const y = op.matmul(ops.constant(rhs));
      return { loss: ops.reduceSum(ops.square(ops.sub(y, ops.constant([...rhs].reverse()), 'sub'))), fetch: w };
    }, 0.02, 6);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('build errors', () => {
  const circ = (s: Output, o: ConstructorParameters<typeof linalg.LinearOperatorCirculant>[1] = {}) =>
    new linalg.LinearOperatorCirculant(s, o);
  const full = (m: Output, o: ConstructorParameters<typeof linalg.LinearOperatorFullMatrix>[1] = {}) =>
    new linalg.LinearOperatorFullMatrix(m, o);
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    scalar_spectrum: () => circ(ops.zeros([], c64)),
    rank1_2d: () => new linalg.LinearOperatorCirculant2D(ops.zeros([3], c64)),
    rank2_3d: () => new linalg.LinearOperatorCirculant3D(ops.zeros([3, 2], c64)),
    real_not_sa: () => circ(ops.zeros([3]), { isSelfAdjoint: false }),
    not_square: () => circ(ops.zeros([3], c64), { isSquare: false }),
    matmul_dtype: () => circ(ops.ones([3], c64)).matmul(ops.zeros([3, 2])),
    adjoint_dtype: () => circ(ops.ones([3], c64), { inputOutputDtype: f32 }).adjoint().matmul(ops.zeros([3, 2])),
    matmul_dims: () => circ(ops.ones([3], c64)).matmul(ops.zeros([4, 2], c64)),
    hermitian: () => circ(ops.ones([3], c64), { inputOutputDtype: f32 }).assertHermitianSpectrum(),
    toeplitz_scalar_row: () => new linalg.LinearOperatorToeplitz(ops.zeros([3]), ops.zeros([])),
    toeplitz_scalar_col: () => new linalg.LinearOperatorToeplitz(ops.zeros([]), ops.zeros([3])),
    toeplitz_mismatch: () => new linalg.LinearOperatorToeplitz(ops.zeros([3]), ops.zeros([2])),
    toeplitz_not_square: () => new linalg.LinearOperatorToeplitz(ops.zeros([3]), ops.zeros([3]), { isSquare: false }),
    toeplitz_matmul_dtype: () => new linalg.LinearOperatorToeplitz(ops.zeros([3]), ops.zeros([3]))
      .matmul(ops.zeros([3, 2], DType.float64)),
    blt_empty: () => new linalg.LinearOperatorBlockLowerTriangular([]),
    blt_row_length: () => new linalg.LinearOperatorBlockLowerTriangular([[full(z(2, 2))], [full(z(2, 2))]]),
    blt_domain: () => new linalg.LinearOperatorBlockLowerTriangular([[full(z(2, 2))], [full(z(3, 3)), full(z(3, 3))]]),
    blt_range: () => new linalg.LinearOperatorBlockLowerTriangular([[full(z(2, 2))], [full(z(2, 2)), full(z(3, 3))]]),
    blt_not_square: () => new linalg.LinearOperatorBlockLowerTriangular([[full(z(2, 2))]], { isSquare: false }),
    blt_diag_not_square: () => new linalg.LinearOperatorBlockLowerTriangular([[full(z(2, 3))]]),
    blt_ns: () => new linalg.LinearOperatorBlockLowerTriangular([[new linalg.LinearOperatorIdentity(2)]],
      { isNonSingular: false }),
    blt_singular: () => new linalg.LinearOperatorBlockLowerTriangular([[full(z(2, 2), { isNonSingular: false })]],
      { isNonSingular: true }),
  });
});
