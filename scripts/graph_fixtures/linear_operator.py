"""TF1's tf.linalg.LinearOperator and its subclasses (FullMatrix, Diag, Identity, ScaledIdentity,
LowerTriangular, Composition, Adjoint, Inversion, Zeros, Householder, Permutation, Tridiag, LowRankUpdate,
Kronecker, BlockDiag) built with TF 2.21 in graph mode, for
test/linear_operator.test.ts: their methods (to_dense, matmul, matvec, solve, solvevec, determinants,
trace, diag_part, add_to_tensor, eigvals, cond, asserts, shape tensors), their hints, and the operators
the algebra of pairs picks (matmul, solve, adjoint, inverse, cholesky of operators). Assertions are fetched
through `ran` (a Const depending on them), so that every fetch is a tensor.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed. Then each operator's hints and static shapes, gradients through
matmul/solve/log_abs_determinant, a small training of a diagonal operator, and the errors bad
arguments raise.

Writes test/fixtures/graph_layer/linear_operator.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/linear_operator.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from io_ops import value_json

tf.disable_v2_behavior()
tf.get_logger().setLevel('ERROR')

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'linear_operator.json')

la = tf.linalg
M = np.array([[4.0, 1.0, -2.0], [0.5, 3.0, 1.0], [-1.0, 2.0, 5.0]], np.float32)
SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -0.5], [0.5, -0.5, 2.0]], np.float32)
RHS = np.array([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]], np.float32)
D = np.array([2.0, -0.5, 4.0], np.float32)
V = np.array([1.0, -2.0, 0.5], np.float32)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def ph(name, shape, dtype=tf.float32):
    return tf.placeholder(dtype, shape, name=name)


def ran(assertion):
    """True once `assertion` ran (a Const depending on it): fetches hold tensors only."""
    with tf.control_dependencies([assertion]):
        return tf.constant(True)


def feed_of(values, more):
    """`values` and `more` by name, those of the placeholders the default graph has."""
    names = {op.name for op in tf.get_default_graph().get_operations()}
    return {k: x for k, x in dict(values, **more).items() if k in names}


def base_feed(**more):
    """The common values (and `more`) of the placeholders the default graph has."""
    return feed_of({'m': M, 'spd': SPD, 'rhs': RHS, 'd': D, 'v': V}, more)


def fit(w, loss, rate, steps=6):
    """`steps` GradientDescent(rate) steps on `loss` in the default graph: the losses and `w` after them."""
    train_op = tf.train.GradientDescentOptimizer(rate).minimize(loss)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            losses.append(float(sess.run([loss, train_op])[0]))
        final = sess.run(w)
    return {'losses': losses, 'w': value_json(final)}


def write(out, path):
    """Compact JSON; infinities (log|det| of zeros) as 1e999, which JSON.parse reads as Infinity, and NaNs
    (ScaledIdentity's cond) as "NaN"."""
    with open(path, 'w') as f:
        f.write(json.dumps(out, separators=(',', ':')).replace('Infinity', '1e999').replace('NaN', '"NaN"') + '\n')
    print('wrote', path)


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def full_matrix():
    m, rhs, v = ph('m', [3, 3]), ph('rhs', [3, 2]), ph('v', [3])
    op = la.LinearOperatorFullMatrix(m)
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj': op.matmul(rhs, adjoint=True, name='mm'),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint_arg=True),
        'matvec': op.matvec(v),
        'matvec_adj': op.matvec(v, adjoint=True),
        'solve': op.solve(rhs),
        'solve_adj': op.solve(rhs, adjoint=True),
        'solvevec': op.solvevec(v),
        'log_abs_det': op.log_abs_determinant(),
        'det': op.determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'add': op.add_to_tensor(m),
        'shape': op.shape_tensor(),
        'batch_shape': op.batch_shape_tensor(),
        'domain': op.domain_dimension_tensor(),
        'range': op.range_dimension_tensor(),
        'rank': op.tensor_rank_tensor(),
        'cond': op.cond(),
        'assert_ns': ran(op.assert_non_singular()),
    }
    return out, feeds(a=base_feed())


def full_matrix_spd():
    spd, rhs = ph('spd', [3, 3]), ph('rhs', [3, 2])
    op = la.LinearOperatorFullMatrix(spd, is_self_adjoint=True, is_positive_definite=True, name='A')
    out = {
        'solve': op.solve(rhs),
        'log_abs_det': op.log_abs_determinant(),
        'det': op.determinant(),
        'eigvals': op.eigvals(),
        'cond': op.cond(),
        'chol': op.cholesky().to_dense(),
        'inv': op.inverse().to_dense(),
        'adjoint_is_self': op.adjoint().to_dense(),
        'assert_pd': ran(op.assert_positive_definite()),
        'assert_ns': ran(op.assert_non_singular()),
        'assert_sa': ran(op.assert_self_adjoint()),
    }
    return out, feeds(a=base_feed())


def full_matrix_shapes():
    m, rhs = ph('m', [3, 3]), ph('rhs', [2, 3, 2])
    anym = ph('anym', [None, None])
    batch = ph('batch', [2, 3, 3])
    op = la.LinearOperatorFullMatrix(m)
    dyn = la.LinearOperatorFullMatrix(anym)
    bop = la.LinearOperatorFullMatrix(batch)
    out = {
        'solve_bcast': op.solve(rhs),
        'solve_bcast_adj': op.solve(rhs, adjoint=True),
        'solve_batch_op': bop.solve(rhs[0]),
        'matmul_batch': bop.matmul(rhs),
        'shape': dyn.shape_tensor(),
        'batch_shape': dyn.batch_shape_tensor(),
        'domain': dyn.domain_dimension_tensor(),
        'range': dyn.range_dimension_tensor(),
        'solve_dyn': dyn.solve(rhs[0]),
        'bshape': bop.batch_shape_tensor(),
        'blog_abs_det': bop.log_abs_determinant(),
    }
    return out, feeds(a={'m': M, 'rhs': np.stack([RHS, -RHS]), 'anym': M, 'batch': np.stack([M, SPD])})


def diag():
    d, rhs, v, m = ph('d', [3]), ph('rhs', [3, 2]), ph('v', [3]), ph('m', [3, 3])
    op = la.LinearOperatorDiag(d)
    pd = la.LinearOperatorDiag(tf.abs(d) + 1.0, is_positive_definite=True, name='pd')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint=True, adjoint_arg=True),
        'matvec': op.matvec(v),
        'solve': op.solve(rhs),
        'solve_adj_arg': op.solve(tf.transpose(rhs), adjoint_arg=True),
        'solvevec': op.solvevec(v),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'add': op.add_to_tensor(m),
        'eigvals': op.eigvals(),
        'cond': op.cond(),
        'inv': op.inverse().to_dense(),
        'adjoint': op.adjoint().to_dense(),
        'chol': pd.cholesky().to_dense(),
        'assert_ns': ran(op.assert_non_singular()),
        'assert_pd': ran(pd.assert_positive_definite()),
        'assert_sa': ran(op.assert_self_adjoint()),
        'shape': op.shape_tensor(),
    }
    return out, feeds(a=base_feed())


def diag_batch():
    d = ph('bd', [2, 3])
    anyd = ph('anyd', None)
    op = la.LinearOperatorDiag(d)
    dyn = la.LinearOperatorDiag(anyd)
    out = {
        'dense': op.to_dense(),
        'log_abs_det': op.log_abs_determinant(),
        'shape': dyn.shape_tensor(),
        'batch': dyn.batch_shape_tensor(),
        'domain': dyn.domain_dimension_tensor(),
        'rank': dyn.tensor_rank_tensor(),
        'dyn_dense': dyn.to_dense(),
    }
    return out, feeds(a={'bd': np.stack([D, V]), 'anyd': D})


def identity():
    rhs, m, n = ph('rhs', [3, 2]), ph('m', [3, 3]), ph('n', [], tf.int32)
    op = la.LinearOperatorIdentity(3)
    batch = la.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float32, name='I2')
    dyn = la.LinearOperatorIdentity(n)
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'solve': op.solve(rhs, adjoint_arg=False),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'add': op.add_to_tensor(m),
        'eigvals': op.eigvals(),
        'cond': op.cond(),
        'batch_matmul': batch.matmul(rhs),
        'batch_dense': batch.to_dense(),
        'batch_trace': batch.trace(),
        'dyn_shape': dyn.shape_tensor(),
        'dyn_dense': dyn.to_dense(),
        'dyn_trace': dyn.trace(),
        'asserts': [ran(op.assert_non_singular()), ran(op.assert_positive_definite()), ran(op.assert_self_adjoint())],
    }
    return out, feeds(a=base_feed(n=3))


def scaled_identity():
    rhs, m, c, bc = ph('rhs', [3, 2]), ph('m', [3, 3]), ph('c', []), ph('bc', [2])
    op = la.LinearOperatorScaledIdentity(3, c)
    batch = la.LinearOperatorScaledIdentity(3, bc, name='S2')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint=True, adjoint_arg=True),
        'solve': op.solve(rhs),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'add': op.add_to_tensor(m),
        'eigvals': op.eigvals(),
        'cond': op.cond(),
        'inv': op.inverse().to_dense(),
        'batch_dense': batch.to_dense(),
        'batch_matmul': batch.matmul(rhs),
        'batch_trace': batch.trace(),
        'assert_ns': ran(op.assert_non_singular()),
        'shape': batch.shape_tensor(),
    }
    return out, feeds(a=base_feed(c=2.5, bc=[2.0, -1.0]))


def lower_triangular():
    m, rhs, v = ph('m', [3, 3]), ph('rhs', [3, 2]), ph('v', [3])
    op = la.LinearOperatorLowerTriangular(m)
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj': op.matmul(rhs, adjoint=True),
        'matvec': op.matvec(v),
        'solve': op.solve(rhs),
        'solve_adj': op.solve(rhs, adjoint=True),
        'solvevec': op.solvevec(v),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'assert_ns': ran(op.assert_non_singular()),
        'inv': op.inverse().to_dense(),
    }
    return out, feeds(a=base_feed())


def composition():
    m, d, rhs, v = ph('m', [3, 3]), ph('d', [3]), ph('rhs', [3, 2]), ph('v', [3])
    a = la.LinearOperatorFullMatrix(m)
    b = la.LinearOperatorDiag(d)
    op = la.LinearOperatorComposition([a, b])
    named = la.LinearOperatorComposition([b, a, b], name='ABA')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj': op.matmul(rhs, adjoint=True),
        'matvec': op.matvec(v),
        'solve': op.solve(rhs),
        'solve_adj': op.solve(rhs, adjoint=True),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'shape': op.shape_tensor(),
        'named_dense': named.to_dense(),
        'named_solvevec': named.solvevec(v),
    }
    return out, feeds(a=base_feed())


def adjoint_inversion():
    m, rhs, v = ph('m', [3, 3]), ph('rhs', [3, 2]), ph('v', [3])
    a = la.LinearOperatorFullMatrix(m)
    adj = la.LinearOperatorAdjoint(a)
    inv = la.LinearOperatorInversion(a)
    out = {
        'adj_dense': adj.to_dense(),
        'adj_matmul': adj.matmul(rhs),
        'adj_matvec': adj.matvec(v),
        'adj_solve': adj.solve(rhs),
        'adj_solvevec': adj.solvevec(v),
        'adj_det': adj.determinant(),
        'adj_log_abs_det': adj.log_abs_determinant(),
        'adj_trace': adj.trace(),
        'adj_shape': adj.shape_tensor(),
        'adj_adj': adj.adjoint().to_dense(),
        'H': a.H.matmul(rhs),
        'inv_dense': inv.to_dense(),
        'inv_matmul': inv.matmul(rhs),
        'inv_solve': inv.solve(rhs, adjoint=True),
        'inv_det': inv.determinant(),
        'inv_log_abs_det': inv.log_abs_determinant(),
        'inv_inv': inv.inverse().to_dense(),
        'inv_shape': inv.shape_tensor(),
        'method_inv': a.inverse().matvec(v),
    }
    return out, feeds(a=base_feed())


def algebra():
    m, spd, d = ph('m', [3, 3]), ph('spd', [3, 3]), ph('d', [3])
    c = ph('c', [])
    a = la.LinearOperatorFullMatrix(m)
    p = la.LinearOperatorFullMatrix(spd, is_self_adjoint=True, is_positive_definite=True, name='P')
    dg = la.LinearOperatorDiag(d)
    dg2 = la.LinearOperatorDiag(d * 2.0, name='D2')
    ident = la.LinearOperatorIdentity(3)
    s = la.LinearOperatorScaledIdentity(3, c, is_positive_definite=True)
    s2 = la.LinearOperatorScaledIdentity(3, c + 1.0, name='S2')
    tril = la.LinearOperatorLowerTriangular(m)
    out = {
        'full_full': a.matmul(p).to_dense(),
        'full_diag_adj': a.matmul(dg, adjoint=True).to_dense(),
        'diag_diag': dg.matmul(dg2).to_dense(),
        'diag_scaled': dg.matmul(s).to_dense(),
        'diag_tril': dg.matmul(tril).to_dense(),
        'tril_diag': tril.matmul(dg).to_dense(),
        'scaled_scaled': s.matmul(s2).to_dense(),
        'scaled_diag': s.matmul(dg).to_dense(),
        'ident_full': ident.matmul(a).to_dense(),
        'full_ident': a.matmul(ident).to_dense(),
        'solve_full': a.solve(p).to_dense(),
        'solve_diag': dg.solve(dg2).to_dense(),
        'solve_diag_scaled': dg.solve(s).to_dense(),
        'solve_diag_tril': dg.solve(tril).to_dense(),
        'solve_scaled': s.solve(s2).to_dense(),
        'solve_scaled_diag': s.solve(dg).to_dense(),
        'solve_ident': a.solve(ident).to_dense(),
        'inv_solve': a.inverse().solve(p).to_dense(),
        'scaled_adjoint': s.adjoint().to_dense(),
        'scaled_chol': s.cholesky().to_dense(),
        'ident_chol': ident.cholesky().to_dense(),
        'comp_chol': la.LinearOperatorComposition([p, p]).cholesky().to_dense(),
    }
    return out, feeds(a=base_feed(c=2.5))


def zeros():
    rhs, m, n = ph('rhs', [3, 2]), ph('m', [3, 3]), ph('n', [], tf.int32)
    op = la.LinearOperatorZeros(3)
    batch = la.LinearOperatorZeros(3, batch_shape=[2], name='Z2')
    wide = la.LinearOperatorZeros(2, num_columns=3, is_square=False, is_self_adjoint=False)
    dyn = la.LinearOperatorZeros(n)
    a = la.LinearOperatorFullMatrix(m)
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint_arg=True),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'add': op.add_to_tensor(m),
        'eigvals': op.eigvals(),
        'batch_matmul': batch.matmul(rhs),
        'batch_dense': batch.to_dense(),
        'batch_trace': batch.trace(),
        'batch_add': batch.add_to_tensor(m),
        'wide_matmul': wide.matmul(rhs),
        'wide_matmul_adj': wide.matmul(tf.transpose(rhs)[:, :2], adjoint=True, adjoint_arg=True),
        'wide_dense': wide.to_dense(),
        'dyn_shape': dyn.shape_tensor(),
        'dyn_diag': dyn.diag_part(),
        'full_zeros': a.matmul(op).to_dense(),
        'zeros_full': op.matmul(a).to_dense(),
        'assert_sa': ran(op.assert_self_adjoint()),
    }
    return out, feeds(a=base_feed(n=3))


def householder():
    v, rhs, bv = ph('v', [3]), ph('rhs', [3, 2]), ph('bv', [2, 3])
    op = la.LinearOperatorHouseholder(v)
    batch = la.LinearOperatorHouseholder(bv, name='H2')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint=True, adjoint_arg=True),
        'matvec': op.matvec(v),
        'solve': op.solve(rhs),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'eigvals': op.eigvals(),
        'cond': op.cond(),
        'adjoint': op.adjoint().matmul(rhs),
        'inverse': op.inverse().matmul(rhs),
        'batch_dense': batch.to_dense(),
        'batch_trace': batch.trace(),
        'batch_eigvals': batch.eigvals(),
        'assert_ns': ran(op.assert_non_singular()),
        'assert_sa': ran(op.assert_self_adjoint()),
    }
    return out, feeds(a=base_feed(bv=np.stack([V, D])))


def permutation():
    rhs, v, p = ph('rhs', [3, 2]), ph('v', [3]), ph('p', [3], tf.int32)
    op = la.LinearOperatorPermutation([2, 0, 1])
    fed = la.LinearOperatorPermutation(p, dtype=tf.float32, name='P')
    batch = la.LinearOperatorPermutation([[1, 0, 2], [2, 1, 0]], is_self_adjoint=True, name='B')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj': op.matmul(rhs, adjoint=True),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint_arg=True),
        'matvec': op.matvec(v),
        'solve': op.solve(rhs),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'cond': op.cond(),
        'fed_dense': fed.to_dense(),
        'fed_matmul': fed.matmul(rhs, adjoint=True),
        'fed_shape': fed.shape_tensor(),
        'fed_domain': fed.domain_dimension_tensor(),
        'batch_dense': batch.to_dense(),
        'batch_matmul': batch.matmul(rhs, adjoint=True),
        'assert_ns': ran(op.assert_non_singular()),
    }
    return out, feeds(a=base_feed(p=[1, 2, 0]))


TRI = np.array([[1.0, -0.5, 0.0], [4.0, 3.0, 5.0], [0.0, 2.0, 1.0]], np.float32)
SYM_TRI = np.array([[1.0, 0.5, 0.0], [4.0, 3.0, 5.0], [0.0, 1.0, 0.5]], np.float32)


def tridiag():
    t, st, rhs, m = ph('t', [3, 3]), ph('st', [3, 3]), ph('rhs', [3, 2]), ph('m', [3, 3])
    seq = [ph('sup', [3]), ph('dia', [3]), ph('sub', [3])]
    ops_ = {'compact': la.LinearOperatorTridiag(t), 'matrix': la.LinearOperatorTridiag(m, diagonals_format='matrix'),
            'sequence': la.LinearOperatorTridiag(seq, diagonals_format='sequence', name='S')}
    out = {}
    for k, op in ops_.items():
        out.update({
            k + '_dense': op.to_dense(),
            k + '_matmul': op.matmul(rhs),
            k + '_matmul_adj': op.matmul(rhs, adjoint=True),
            k + '_matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint_arg=True),
            k + '_solve': op.solve(rhs),
            k + '_solve_adj': op.solve(tf.transpose(rhs), adjoint=True, adjoint_arg=True),
            k + '_diag_part': op.diag_part(),
            k + '_trace': op.trace(),
            k + '_log_abs_det': op.log_abs_determinant(),
            k + '_shape': op.shape_tensor(),
        })
    sym = la.LinearOperatorTridiag(st, is_self_adjoint=True)
    sym_seq = la.LinearOperatorTridiag([st[0], st[1], st[2]], diagonals_format='sequence')
    out['sym_assert'] = ran(sym.assert_self_adjoint())
    out['sym_seq_assert'] = ran(sym_seq.assert_self_adjoint())
    out['sym_solve'] = sym.solve(rhs)
    return out, feeds(a=base_feed(t=TRI, st=SYM_TRI, sup=TRI[0], dia=TRI[1], sub=TRI[2]))


U = np.array([[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0]], np.float32)


def low_rank_update():
    m, spd, d, rhs, u, w = ph('m', [3, 3]), ph('spd', [3, 3]), ph('d', [3]), ph('rhs', [3, 2]), ph('u', [3, 2]), ph('w', [2])
    a = la.LinearOperatorFullMatrix(m)
    pd = la.LinearOperatorDiag(tf.abs(d) + 1.0, is_positive_definite=True)
    general = la.LinearOperatorLowRankUpdate(a, u, diag_update=w, v=u * 0.5)
    chol = la.LinearOperatorLowRankUpdate(pd, u)
    out = {
        'hints': [tf.constant(general.is_self_adjoint is None), tf.constant(bool(chol.is_positive_definite))],
        'dense': general.to_dense(),
        'matmul': general.matmul(rhs),
        'matmul_adj': general.matmul(rhs, adjoint=True),
        'solve': general.solve(rhs),
        'solve_adj': general.solve(rhs, adjoint=True),
        'det': general.determinant(),
        'log_abs_det': general.log_abs_determinant(),
        'diag_part': general.diag_part(),
        'shape': general.shape_tensor(),
        'chol_dense': chol.to_dense(),
        'chol_solve': chol.solve(rhs),
        'chol_det': chol.determinant(),
        'chol_log_abs_det': chol.log_abs_determinant(),
        'chol_diag_part': chol.diag_part(),
        'chol_assert_sa': ran(chol.assert_self_adjoint()),
    }
    return out, feeds(a=base_feed(u=U, w=[2.0, 0.5]))


A2 = np.array([[2.0, 1.0], [0.5, 3.0]], np.float32)
SPD2 = np.array([[2.0, 0.5], [0.5, 1.0]], np.float32)


def kronecker():
    a2, m, d, spd2, spd = ph('a2', [2, 2]), ph('m', [3, 3]), ph('d', [3]), ph('spd2', [2, 2]), ph('spd', [3, 3])
    x, v = ph('x', [6, 2]), ph('x6', [6])
    a = la.LinearOperatorFullMatrix(a2)
    b = la.LinearOperatorFullMatrix(m)
    op = la.LinearOperatorKronecker([a, b])
    op3 = la.LinearOperatorKronecker([a, la.LinearOperatorDiag(d)], name='K')
    pd = la.LinearOperatorKronecker([
        la.LinearOperatorFullMatrix(spd2, is_self_adjoint=True, is_positive_definite=True, name='P2'),
        la.LinearOperatorFullMatrix(spd, is_self_adjoint=True, is_positive_definite=True, name='P3')])
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(x),
        'matmul_adj': op.matmul(x, adjoint=True),
        'matmul_adj_arg': op.matmul(tf.transpose(x), adjoint_arg=True),
        'matvec': op.matvec(v),
        'solve': op.solve(x),
        'solve_adj': op.solve(x, adjoint=True),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'diag_dense': op3.to_dense(),
        'diag_solve': op3.solve(x),
        'diag_diag_part': op3.diag_part(),
        'adjoint': op.adjoint().to_dense(),
        'inverse': op.inverse().to_dense(),
        'pd_chol': pd.cholesky().to_dense(),
        'pd_eigvals': pd.eigvals(),
        'assert_ns': ran(pd.assert_non_singular()),
        'shape': op.shape_tensor(),
    }
    return out, feeds(a=base_feed(a2=A2, spd2=SPD2, x=np.arange(12, dtype=np.float32).reshape(6, 2) * 0.25 - 1.0,
                                  x6=np.arange(6, dtype=np.float32) - 2.5))


def block_diag():
    a2, d, m, x, v, anyd = ph('a2', [2, 2]), ph('d', [3]), ph('m', [3, 3]), ph('x', [5, 2]), ph('x5', [5]), ph('anyd', None)
    a = la.LinearOperatorFullMatrix(a2)
    dg = la.LinearOperatorDiag(d)
    op = la.LinearOperatorBlockDiag([a, dg])
    other = la.LinearOperatorBlockDiag([la.LinearOperatorScaledIdentity(2, 2.0), la.LinearOperatorFullMatrix(m)], name='O')
    dyn = la.LinearOperatorBlockDiag([a, la.LinearOperatorDiag(anyd)], name='Dyn')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(x),
        'matmul_adj': op.matmul(x, adjoint=True),
        'matmul_adj_arg': op.matmul(tf.transpose(x), adjoint_arg=True),
        'matvec': op.matvec(v),
        'solve': op.solve(x),
        'solve_adj': op.solve(x, adjoint=True),
        'solvevec': op.solvevec(v),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'adjoint': op.adjoint().to_dense(),
        'inverse': op.inverse().to_dense(),
        'product': op.matmul(other).to_dense(),
        'quotient': op.solve(other).to_dense(),
        'assert_sa': ran(other.assert_non_singular()),
        'dyn_shape': dyn.shape_tensor(),
        'dyn_dense': dyn.to_dense(),
        'dyn_matmul': dyn.matmul(x),
    }
    return out, feeds(a=base_feed(a2=A2, x=np.arange(10, dtype=np.float32).reshape(5, 2) * 0.5 - 2.0,
                                  x5=np.arange(5, dtype=np.float32) - 1.5, anyd=D))


GRAPHS = [full_matrix, full_matrix_spd, full_matrix_shapes, diag, diag_batch, identity, scaled_identity,
          lower_triangular, composition, adjoint_inversion, algebra, zeros, householder, permutation, tridiag, low_rank_update, kronecker, block_diag]


# --- hints and static shapes of operators --------------------------------------------------------

def dim(d):
    return tf.compat.dimension_value(d)


def props():
    """Each operator's name, hints (non-singular, self-adjoint, positive-definite, square), shape,
    batch shape, domain and range dimension."""
    out = {}
    with tf.Graph().as_default():
        m, d = ph('m', [3, 3]), ph('d', [2, 3])
        anym, wide = ph('anym', None), ph('wide', [2, 3])
        a = la.LinearOperatorFullMatrix(m)
        p = la.LinearOperatorFullMatrix(m, is_self_adjoint=True, is_positive_definite=True, name='P')
        w = la.LinearOperatorFullMatrix(wide)
        dg = la.LinearOperatorDiag(d)
        s = la.LinearOperatorScaledIdentity(3, 2.0)
        ops_ = {
            'full': a, 'pd': p, 'wide': w, 'unknown': la.LinearOperatorFullMatrix(anym), 'diag': dg, 'scaled': s,
            'identity': la.LinearOperatorIdentity(3, batch_shape=[4]), 'tril': la.LinearOperatorLowerTriangular(m),
            'comp': la.LinearOperatorComposition([a, dg]), 'comp_pd': la.LinearOperatorComposition([p, p]),
            'comp_aat': la.LinearOperatorComposition([a, a.H]), 'adj': la.LinearOperatorAdjoint(w),
            'adj_pd': la.LinearOperatorAdjoint(p), 'inv': la.LinearOperatorInversion(p),
            'wide_comp': w.matmul(a), 'diag_diag': dg.matmul(dg), 'scaled_diag': s.matmul(dg),
        }
        for k, o in ops_.items():
            out[k] = {'name': o.name, 'dtype': o.dtype.name,
                      'hints': [o.is_non_singular, o.is_self_adjoint, o.is_positive_definite, o.is_square],
                      'shape': o.shape.as_list() if o.shape.rank is not None else None,
                      'batch_shape': o.batch_shape.as_list() if o.batch_shape.rank is not None else None,
                      'domain': dim(o.domain_dimension), 'range': dim(o.range_dimension), 'type': type(o).__name__}
    return out


# --- gradients and training ----------------------------------------------------------------------

def grad_cases():
    def full_matmul():
        m, rhs = ph('m', [3, 3]), ph('rhs', [3, 2])
        y = la.LinearOperatorFullMatrix(m).matmul(rhs, adjoint=True)
        return tf.reduce_sum(y * y), [m, rhs], feeds(a={'m': M, 'rhs': RHS})

    def full_solve():
        m, rhs = ph('m', [3, 3]), ph('rhs', [3, 2])
        op = la.LinearOperatorFullMatrix(m)
        return (tf.reduce_sum(tf.square(op.solve(rhs))) + op.log_abs_determinant(), [m, rhs],
                feeds(a={'m': M, 'rhs': RHS}))

    def spd_solve():
        spd, rhs = ph('spd', [3, 3]), ph('rhs', [3, 2])
        op = la.LinearOperatorFullMatrix(spd, is_self_adjoint=True, is_positive_definite=True)
        return tf.reduce_sum(op.solve(rhs)) + op.log_abs_determinant(), [spd, rhs], feeds(a={'spd': SPD, 'rhs': RHS})

    def diag_ops():
        d, rhs = ph('d', [3]), ph('rhs', [3, 2])
        op = la.LinearOperatorDiag(d)
        loss = tf.reduce_sum(op.matmul(rhs) * op.solve(rhs)) + op.log_abs_determinant() + op.determinant()
        return loss, [d, rhs], feeds(a={'d': D, 'rhs': RHS})

    def composed():
        m, d, rhs = ph('m', [3, 3]), ph('d', [3]), ph('rhs', [3, 2])
        op = la.LinearOperatorComposition([la.LinearOperatorFullMatrix(m), la.LinearOperatorDiag(d)])
        return tf.reduce_sum(tf.square(op.solve(rhs))), [m, d], feeds(a={'m': M, 'd': D, 'rhs': RHS})

    return {'full_matmul': full_matmul, 'full_solve': full_solve, 'spd_solve': spd_solve, 'diag_ops': diag_ops,
            'composed': composed}


def training():
    """A diagonal operator's diagonal fitted by GradientDescent so that it solves RHS to TARGET."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', [3], initializer=tf.constant_initializer([1.0, 2.0, 0.5]))
        op = la.LinearOperatorComposition([la.LinearOperatorDiag(w), la.LinearOperatorFullMatrix(tf.constant(SPD))])
        return fit(w, tf.reduce_sum(tf.square(op.solve(tf.constant(RHS)) - 0.25)), 0.5)


# --- errors while building -----------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    full = la.LinearOperatorFullMatrix
    cases = {
        'pd_singular': lambda: full(z(2, 2), is_positive_definite=True, is_non_singular=False),
        'ns_not_square': lambda: full(z(2, 2), is_non_singular=True, is_square=False),
        'sa_not_square': lambda: full(z(2, 2), is_self_adjoint=True, is_square=False),
        'square_hint': lambda: full(z(2, 2), is_square=False).is_square,
        'full_rank1': lambda: full(z(2)),
        'full_int': lambda: full(tf.zeros([2, 2], tf.int32)),
        'matmul_dims': lambda: full(z(2, 3)).matmul(z(2, 2)),
        'matmul_adj_dims': lambda: full(z(2, 3)).matmul(z(3, 2), adjoint=True),
        'matvec_dims': lambda: full(z(2, 3)).matvec(z(2)),
        'solve_dims': lambda: full(z(3, 3)).solve(z(2, 2)),
        'matmul_dtype': lambda: full(z(2, 2)).matmul(tf.zeros([2, 2], tf.float64)),
        'det_not_square': lambda: full(z(2, 3)).determinant(),
        'log_det_not_square': lambda: full(z(2, 3), is_square=False).log_abs_determinant(),
        'solve_singular': lambda: full(z(2, 2), is_non_singular=False).solve(z(2, 2)),
        'solve_not_square': lambda: full(z(2, 3)).solve(z(2, 2)),
        'inverse_not_square': lambda: full(z(2, 3)).inverse(),
        'inverse_singular': lambda: full(z(2, 2), is_non_singular=False).inverse(),
        'cholesky_not_pd': lambda: full(z(2, 2)).cholesky(),
        'eigvals_not_sa': lambda: full(z(2, 2)).eigvals(),
        'matmul_operators': lambda: full(z(2, 3)).matmul(full(z(2, 2))),
        'solve_operators': lambda: full(z(3, 3)).solve(full(z(2, 2))),
        'diag_scalar': lambda: la.LinearOperatorDiag(z()),
        'diag_not_sa': lambda: la.LinearOperatorDiag(z(2), is_self_adjoint=False),
        'diag_not_square': lambda: la.LinearOperatorDiag(z(2), is_square=False),
        'identity_not_sa': lambda: la.LinearOperatorIdentity(2, is_self_adjoint=False),
        'identity_singular': lambda: la.LinearOperatorIdentity(2, is_non_singular=False),
        'identity_not_pd': lambda: la.LinearOperatorIdentity(2, is_positive_definite=False),
        'identity_not_square': lambda: la.LinearOperatorIdentity(2, is_square=False),
        'identity_negative': lambda: la.LinearOperatorIdentity(-1),
        'identity_float': lambda: la.LinearOperatorIdentity(2.5),
        'identity_batch_negative': lambda: la.LinearOperatorIdentity(2, batch_shape=[-1]),
        'scaled_not_square': lambda: la.LinearOperatorScaledIdentity(2, 1.0, is_square=False),
        'scaled_not_sa': lambda: la.LinearOperatorScaledIdentity(2, 1.0, is_self_adjoint=False),
        'tril_not_square': lambda: la.LinearOperatorLowerTriangular(z(2, 2), is_square=False),
        'tril_rank1': lambda: la.LinearOperatorLowerTriangular(z(2)),
        'comp_empty': lambda: la.LinearOperatorComposition([]),
        'comp_dtype': lambda: la.LinearOperatorComposition([full(z(2, 2)), full(tf.zeros([2, 2], tf.float64))]),
        'comp_not_ns': lambda: la.LinearOperatorComposition([la.LinearOperatorIdentity(2)], is_non_singular=False),
        'comp_not_sa': lambda: la.LinearOperatorComposition([la.LinearOperatorIdentity(2)], is_self_adjoint=False),
        'comp_shapes': lambda: la.LinearOperatorComposition([full(z(2, 3)), full(z(2, 2))]).shape,
        'adj_hint': lambda: la.LinearOperatorAdjoint(la.LinearOperatorIdentity(2), is_square=False),
        'adj_hint_sa': lambda: la.LinearOperatorAdjoint(full(z(2, 2), is_self_adjoint=False), is_self_adjoint=True),
        'inv_singular': lambda: la.LinearOperatorInversion(full(z(2, 2), is_non_singular=False)),
        'inv_not_square': lambda: la.LinearOperatorInversion(full(z(2, 2)), is_square=False),
        'zeros_not_sa': lambda: la.LinearOperatorZeros(2, is_self_adjoint=False),
        'zeros_ns': lambda: la.LinearOperatorZeros(2, is_non_singular=True),
        'zeros_pd': lambda: la.LinearOperatorZeros(2, is_positive_definite=True),
        'zeros_not_square': lambda: la.LinearOperatorZeros(2, num_columns=3),
        'zeros_columns_negative': lambda: la.LinearOperatorZeros(2, num_columns=-3, is_square=False,
                                                                 is_self_adjoint=False),
        'zeros_assert_ns': lambda: la.LinearOperatorZeros(2).assert_non_singular(),
        'zeros_matmul_wide': lambda: full(z(2, 2)).matmul(
            la.LinearOperatorZeros(2, num_columns=3, is_square=False, is_self_adjoint=False)),
        'householder_scalar': lambda: la.LinearOperatorHouseholder(z()),
        'householder_not_sa': lambda: la.LinearOperatorHouseholder(z(2), is_self_adjoint=False),
        'householder_pd': lambda: la.LinearOperatorHouseholder(z(2), is_positive_definite=True),
        'householder_not_square': lambda: la.LinearOperatorHouseholder(z(2), is_square=False),
        'householder_assert_pd': lambda: la.LinearOperatorHouseholder(z(2)).assert_positive_definite(),
        'perm_scalar': lambda: la.LinearOperatorPermutation(tf.zeros([], tf.int32)),
        'perm_float': lambda: la.LinearOperatorPermutation(z(3)),
        'perm_not_perm': lambda: la.LinearOperatorPermutation([0, 0, 1]),
        'perm_singular': lambda: la.LinearOperatorPermutation([0, 1], is_non_singular=False),
        'perm_not_square': lambda: la.LinearOperatorPermutation([0, 1], is_square=False),
        'tridiag_format': lambda: la.LinearOperatorTridiag(z(3, 3), diagonals_format='banded'),
        'lru_not_positive': lambda: la.LinearOperatorLowRankUpdate(full(z(2, 2)), z(2, 1), is_diag_update_positive=False),
        'lru_not_sa': lambda: la.LinearOperatorLowRankUpdate(la.LinearOperatorIdentity(2), z(2, 1), is_self_adjoint=False),
        'lru_not_pd': lambda: la.LinearOperatorLowRankUpdate(la.LinearOperatorIdentity(2), z(2, 1),
                                                             is_positive_definite=False),
        'lru_u_rows': lambda: la.LinearOperatorLowRankUpdate(full(z(2, 2)), z(3, 1)),
        'lru_diag_size': lambda: la.LinearOperatorLowRankUpdate(full(z(2, 2)), z(2, 1), diag_update=z(2)),
        'kron_empty': lambda: la.LinearOperatorKronecker([]),
        'kron_dtype': lambda: la.LinearOperatorKronecker([full(z(2, 2)), full(tf.zeros([2, 2], tf.float64))]),
        'kron_not_ns': lambda: la.LinearOperatorKronecker([la.LinearOperatorIdentity(2)], is_non_singular=False),
        'kron_assert_ns': lambda: la.LinearOperatorKronecker([full(z(2, 3))]).assert_non_singular(),
        'block_empty': lambda: la.LinearOperatorBlockDiag([]),
        'block_not_ns': lambda: la.LinearOperatorBlockDiag([la.LinearOperatorIdentity(2)], is_non_singular=False),
        'block_counts': lambda: la.LinearOperatorBlockDiag([full(z(2, 2)), full(z(2, 2))]).matmul(
            la.LinearOperatorBlockDiag([full(z(4, 4))])),
        'block_dims': lambda: la.LinearOperatorBlockDiag([full(z(2, 2)), full(z(3, 3))]).matmul(
            la.LinearOperatorBlockDiag([full(z(3, 3)), full(z(2, 2))])),
        'block_trace_wide': lambda: la.LinearOperatorBlockDiag([full(z(2, 3))], is_square=None).trace(),
        'inv_hint_pd': lambda: la.LinearOperatorInversion(la.LinearOperatorIdentity(2), is_positive_definite=False),
        # Not operators where operators go.
        'comp_none': lambda: la.LinearOperatorComposition(None),
        'comp_ints': lambda: la.LinearOperatorComposition([1, 2]),
        'comp_tensor': lambda: la.LinearOperatorComposition([z(2, 2)]),
        'kron_tensor': lambda: la.LinearOperatorKronecker([z(2, 2)]),
        'block_tensor': lambda: la.LinearOperatorBlockDiag([la.LinearOperatorIdentity(2), z(2, 2)]),
        'adj_none': lambda: la.LinearOperatorAdjoint(None),
        'inv_none': lambda: la.LinearOperatorInversion(None),
        'lru_none': lambda: la.LinearOperatorLowRankUpdate(None, z(2, 1)),
    }
    # io_ops.errors_of's loop, which does not catch the NotImplementedError of some operators' methods.
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            try:
                fn()
                raise AssertionError(name + ' did not raise')
            except (ValueError, TypeError, AttributeError, NotImplementedError, tf.errors.InvalidArgumentError) as e:
                out[name] = {'class': type(e).__name__, 'message': str(e)}
    return out


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'props': props(), 'gradients': gradient_values(grad_cases()),
           'training': training(), 'build_errors': build_errors()}
    write(out, OUT)


if __name__ == '__main__':
    main()
