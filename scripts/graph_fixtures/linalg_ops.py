"""TF1's linear algebra (tf.linalg and the top-level tf.matrix_*, tf.cholesky, tf.svd, ...) built with
TF 2.21 in graph mode, for test/linalg_ops.test.ts: products (matvec, einsum, cross, transposes),
diagonals and bands, eye, decompositions and solvers (det, inv, Cholesky, LU, QR, SVD, eigh,
least squares, pinv), norms.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed. Then the gradients through the ops whose gradient only Python has
(their values), a small training through a Cholesky solve, and the errors bad arguments raise.

Writes test/fixtures/graph_layer/linalg_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/linalg_ops.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from io_ops import errors_of, value_json

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'linalg_ops.json')

# Well-conditioned matrices of few digits: M square, SPD symmetric positive definite, TALL 4x3, WIDE 2x3.
M = np.array([[4.0, 1.0, -2.0], [0.5, 3.0, 1.0], [-1.0, 2.0, 5.0]], np.float32)
SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -0.5], [0.5, -0.5, 2.0]], np.float32)
TALL = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, -1.0], [2.0, -1.0, 1.0], [1.0, 1.0, 3.0]], np.float32)
WIDE = np.array([[1.0, -2.0, 0.5], [3.0, 1.0, 1.0]], np.float32)
RHS = np.array([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]], np.float32)
BATCH = np.stack([M, SPD])
W = np.arange(6, dtype=np.float32).reshape(3, 2) * 0.25 - 0.5
V3 = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], np.float32)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def mats():
    return (tf.placeholder(tf.float32, [3, 3], name='m'), tf.placeholder(tf.float32, [3, 3], name='spd'),
            tf.placeholder(tf.float32, [3, 2], name='rhs'))


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def products():
    m, _, rhs = mats()
    batch = tf.placeholder(tf.float32, [2, 3, 3], name='batch')
    v = tf.placeholder(tf.float32, [2, 3], name='v')
    anything = tf.placeholder(tf.float32, name='any')
    out = {
        'matvec': tf.linalg.matvec(m, v[0]),
        'matvec_batch': tf.linalg.matvec(batch, v, transpose_a=True, name='mv'),
        'einsum': tf.einsum('ij,jk->ik', m, rhs),
        'einsum_implicit': tf.einsum('ij,jk', m, rhs),
        'einsum_batch': tf.einsum('...ij,...jk->...ik', batch, batch, name='bmm'),
        'einsum_one': tf.linalg.einsum('ij->ji', rhs),
        'einsum_outer': tf.einsum('i,j', v[0], v[1]),
        'cross': tf.cross(v, tf.reverse(v, [0])),
        'adjoint': tf.linalg.adjoint(rhs),
        'transpose': tf.matrix_transpose(batch),
        'transpose_any': tf.linalg.transpose(anything, name='t'),
        'tensordot': tf.linalg.tensordot(m, rhs, 1),
        'matmul': tf.linalg.matmul(m, rhs, transpose_a=True),
        'matmul_batch': tf.linalg.matmul(batch, batch, adjoint_b=True, name='bmatmul'),
        'matmul_host': tf.linalg.matmul([[1.0, 2.0]], rhs, transpose_b=True),
    }
    return out, feeds(a={'m': M, 'rhs': RHS, 'batch': BATCH, 'v': V3, 'any': BATCH})


def diagonals():
    m, _, rhs = mats()
    v = tf.placeholder(tf.float32, [2, 3], name='v')
    n = tf.placeholder(tf.int32, [], name='n')
    out = {
        'matrix_diag': tf.matrix_diag(v),
        'diag_band': tf.linalg.diag(v, k=(-1, 0), num_rows=4, num_cols=3, padding_value=9, align='LEFT_RIGHT'),
        'diag_bool': tf.linalg.diag(tf.constant([True, False])),
        'diag_part': tf.matrix_diag_part(m),
        'diag_part_k': tf.linalg.diag_part(m, k=(0, 1), padding_value=-1, name='parts'),
        'set_diag': tf.matrix_set_diag(m, v[0]),
        'set_diag_k': tf.linalg.set_diag(m, v[:, :2], k=(1, 2)),
        'band': tf.matrix_band_part(m, 1, 0),
        'band_named': tf.linalg.band_part(m, -1, 1, name='band'),
        'tensor_diag': tf.diag(v[0]),
        'tensor_diag_part': tf.linalg.tensor_diag_part(m),
        'trace': tf.trace(m),
        'trace_batch': tf.linalg.trace(tf.stack([m, m * 2.0]), name='tr'),
        'eye': tf.eye(3),
        'eye_rect': tf.eye(2, 4, batch_shape=[2], dtype=tf.float64),
        'eye_named': tf.linalg.eye(2, name='I'),
        'eye_dynamic': tf.eye(n, batch_shape=[2]),
        'eye_dynamic_rect': tf.eye(n, 3),
    }
    return out, feeds(a={'m': M, 'v': V3, 'n': 2}, b={'m': M, 'v': V3, 'n': 4})


def solvers():
    m, spd, rhs = mats()
    chol = tf.cholesky(spd)
    out = {
        'det': tf.matrix_determinant(m),
        'logdet': tf.linalg.logdet(spd),
        'slogdet': list(tf.linalg.slogdet(m)),
        'inv': tf.matrix_inverse(m),
        'inv_adjoint': tf.linalg.inv(m, adjoint=True, name='inv_h'),
        'cholesky': chol,
        'cholesky_solve': tf.cholesky_solve(chol, rhs),
        'solve': tf.matrix_solve(m, rhs),
        'solve_adjoint': tf.linalg.solve(m, rhs, adjoint=True),
        'triangular': tf.matrix_triangular_solve(chol, rhs),
        'triangular_upper': tf.linalg.triangular_solve(tf.transpose(chol), rhs, lower=False, adjoint=True),
        'sqrtm': tf.linalg.sqrtm(spd),
        'tridiagonal': tf.linalg.tridiagonal_solve(tf.constant([[1.0, 2.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 2.0]]),
                                                   rhs),
        'tridiagonal_vector': tf.linalg.tridiagonal_solve(
            tf.constant([[1.0, 2.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 2.0]]), rhs[:, 0]),
        'tri_sequence': tf.linalg.tridiagonal_solve([tf.constant([1.0, 2.0]), m[0] + 3.0, tf.constant([0.5, 1.0, 0.0])],
                                                    rhs, diagonals_format='sequence', name='tseq'),
        'tri_matrix': tf.linalg.tridiagonal_solve(m, tf.transpose(rhs), diagonals_format='matrix', transpose_rhs=True,
                                                  partial_pivoting=False),
        'normalize': list(tf.linalg.normalize(m)),
        'normalize_axis': list(tf.linalg.normalize(m, ord=1, axis=0, name='unit')),
        'tri_matmul': tf.linalg.tridiagonal_matmul(tf.constant([[1.0, 2.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 2.0]]),
                                                   rhs),
        'tri_matmul_sequence': tf.linalg.tridiagonal_matmul(
            [tf.constant([1.0, 2.0, 0.0]), m[0], tf.constant([0.0, 1.0, 2.0])], rhs, diagonals_format='sequence',
            name='tmm'),
        'tri_matmul_matrix': tf.linalg.tridiagonal_matmul(m, rhs, diagonals_format='matrix'),
    }
    return out, feeds(a={'m': M, 'spd': SPD, 'rhs': RHS})


def least_squares():
    tall = tf.placeholder(tf.float32, [4, 3], name='tall')
    wide = tf.placeholder(tf.float32, [2, 3], name='wide')
    b4 = tf.placeholder(tf.float32, [4, 2], name='b4')
    b2 = tf.placeholder(tf.float32, [2, 2], name='b2')
    l2 = tf.placeholder(tf.float32, [], name='l2')
    out = {
        'over': tf.matrix_solve_ls(tall, b4),
        'under': tf.linalg.lstsq(wide, b2),
        'regularized': tf.linalg.lstsq(tall, b4, l2_regularizer=0.5),
        'regularized_tensor': tf.linalg.lstsq(wide, b2, l2_regularizer=l2),
        'slow': tf.matrix_solve_ls(tall, b4, fast=False, name='slow'),
        'pinv': tf.linalg.pinv(tall),
        'pinv_rcond': tf.linalg.pinv(wide, rcond=0.1, name='pseudo'),
    }
    return out, feeds(a={'tall': TALL, 'wide': WIDE, 'b4': TALL[:, :2], 'b2': WIDE[:, 1:], 'l2': 0.25})


def least_squares_dynamic():
    """Matrices of unknown shape: lstsq picks the normal equations' side by a cond on the shape."""
    a = tf.placeholder(tf.float32, [None, None], name='a')
    b = tf.placeholder(tf.float32, [None, 2], name='b')
    return {'x': tf.linalg.lstsq(a, b), 'pinv': tf.linalg.pinv(a), 'rank': tf.linalg.matrix_rank(a)}, feeds(tall={'a': TALL, 'b': TALL[:, :2]}, wide={'a': WIDE, 'b': WIDE[:, 1:]})


def decompositions():
    m, spd, _ = mats()
    tall = tf.placeholder(tf.float32, [4, 3], name='tall')
    out = {
        'qr': list(tf.qr(tall)),
        'qr_full': list(tf.linalg.qr(tall, full_matrices=True, name='qr_full')),
        'svd': list(tf.svd(tall)),
        'svd_full': list(tf.linalg.svd(tall, full_matrices=True)),
        'svd_s': tf.svd(m, compute_uv=False, name='s'),
        'eigh': list(tf.self_adjoint_eig(spd)),
        'eigvalsh': tf.linalg.eigvalsh(spd),
        'eigvals_v1': tf.self_adjoint_eigvals(spd, name='ev'),
        'lu': list(tf.linalg.lu(m)),
        'lu_int64': list(tf.linalg.lu(m, output_idx_type=tf.int64, name='lu64')),
        'lu_solve': tf.linalg.lu_solve(*tf.linalg.lu(m), tf.constant(RHS)),
        'lu_reconstruct': tf.linalg.lu_reconstruct(*tf.linalg.lu(m), name='rebuilt'),
        'lu_inverse': tf.linalg.lu_matrix_inverse(*tf.linalg.lu(spd)),
        'rank': tf.linalg.matrix_rank(tall),
        'rank_tol': tf.linalg.matrix_rank(m, tol=0.5, name='r'),
    }
    return out, feeds(a={'m': M, 'spd': SPD, 'tall': TALL})


def norms():
    m, _, _ = mats()
    batch = tf.placeholder(tf.float32, [2, 3, 3], name='batch')
    out = {
        'default': tf.norm(m),
        'axis': tf.norm(m, axis=1),
        'keep': tf.norm(m, axis=-1, keep_dims=True),
        'keepdims': tf.linalg.norm(m, ord=1, axis=0, keepdims=True),
        'l1': tf.norm(m, ord=1),
        'inf': tf.norm(m, ord=np.inf, axis=1),
        'p3': tf.norm(m, ord=3, axis=0, name='p3'),
        'p_half': tf.norm(m, ord=0.5),
        'fro': tf.norm(batch, ord='fro', axis=[1, 2]),
        'matrix_1': tf.norm(batch, ord=1, axis=(-2, -1)),
        'matrix_inf': tf.norm(batch, ord=np.inf, axis=[1, 2], keepdims=True),
        'l2_normalize': tf.linalg.l2_normalize(m, axis=1),
        'global_norm': tf.linalg.global_norm([m, batch]),
    }
    return out, feeds(a={'m': M, 'batch': BATCH})


def expm():
    """Matrix exponentials: Padé approximants picked by norm, squarings in a while loop (one matrix
    of large norm, so that it squares)."""
    m, _, _ = mats()
    batch = tf.placeholder(tf.float64, [2, 3, 3], name='batch')
    dyn = tf.placeholder(tf.float32, [None, None], name='dyn')
    out = {'m': tf.linalg.expm(m * 0.25), 'batch': tf.linalg.expm(batch, name='exp64'), 'dyn': tf.linalg.expm(dyn)}
    return out, feeds(a={'m': M, 'batch': np.stack([M * 0.05, SPD * 0.3]), 'dyn': M * 0.5},
                      b={'m': -M * 0.5, 'batch': np.stack([M * 0.001, SPD * 0.1]), 'dyn': SPD[:2, :2]})


GRAPHS = [products, diagonals, solvers, least_squares, least_squares_dynamic, decompositions, norms, expm]


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: the ops whose gradient libtensorflow's C++ registry lacks."""
    def inputs():
        m = tf.placeholder(tf.float32, [3, 3], name='m')
        spd = tf.placeholder(tf.float32, [3, 3], name='spd')
        rhs = tf.placeholder(tf.float32, [3, 2], name='rhs')
        return m, spd, rhs
    fed = feeds(a={'m': M, 'spd': SPD, 'rhs': RHS})
    def weights():
        return tf.constant(W)

    def solve_grad():
        m, _, rhs = inputs()
        return tf.reduce_sum(tf.matrix_solve(m, rhs) * weights()) + tf.reduce_sum(tf.linalg.solve(m, rhs, adjoint=True)), \
            [m, rhs], fed

    def triangular_grad():
        _, spd, rhs = inputs()
        chol = tf.cholesky(spd)
        y = tf.matrix_triangular_solve(chol, rhs) * weights() + tf.linalg.triangular_solve(
            tf.transpose(chol), rhs, lower=False, adjoint=True)
        return tf.reduce_sum(y * y), [spd, rhs], fed

    def cholesky_solve_grad():
        _, spd, rhs = inputs()
        return tf.reduce_sum(tf.cholesky_solve(tf.cholesky(spd), rhs) * weights()), [spd, rhs], fed

    def determinant_grad():
        m, spd, _ = inputs()
        sign, logabs = tf.linalg.slogdet(m)
        return logabs + tf.matrix_determinant(m) + tf.linalg.logdet(spd) + tf.reduce_sum(tf.matrix_inverse(m)), \
            [m, spd], fed

    def eigh_grad():
        _, spd, _ = inputs()
        e, v = tf.self_adjoint_eig(spd)
        return tf.reduce_sum(e * tf.constant([1.0, 2.0, 3.0])) + tf.reduce_sum(tf.square(v[0])) + \
            tf.reduce_sum(tf.linalg.eigvalsh(spd * 2.0)), [spd], fed

    def svd_grad():
        m, _, _ = inputs()
        tall = tf.placeholder(tf.float32, [4, 3], name='tall')
        s, u, v = tf.svd(tall)
        s2 = tf.svd(m, compute_uv=False)
        loss = tf.reduce_sum(s * tf.constant([1.0, -1.0, 0.5])) + tf.reduce_sum(tf.square(u[:, 0] * v[:, 0][0])) + \
            tf.reduce_sum(s2)
        return loss, [tall, m], feeds(a={'m': M, 'tall': TALL})

    def qr_grad():
        tall = tf.placeholder(tf.float32, [4, 3], name='tall')
        wide = tf.placeholder(tf.float32, [2, 3], name='wide')
        q, r = tf.qr(tall)
        q2, r2 = tf.qr(wide)
        loss = tf.reduce_sum(q * tf.reshape(tf.range(12.0), [4, 3])) + tf.reduce_sum(r * r) + \
            tf.reduce_sum(q2 * 2.0) + tf.reduce_sum(r2 * tf.reshape(tf.range(6.0), [2, 3]))
        return loss, [tall, wide], feeds(a={'tall': TALL, 'wide': WIDE})

    def lstsq_grad():
        tall = tf.placeholder(tf.float32, [4, 3], name='tall')
        b = tf.placeholder(tf.float32, [4, 2], name='b')
        x = tf.linalg.lstsq(tall, b, l2_regularizer=0.1)
        return tf.reduce_sum(x * weights()), [tall, b], feeds(a={'tall': TALL, 'b': TALL[:, :2]})

    def cross_grad():
        a = tf.placeholder(tf.float32, [2, 3], name='a')
        b = tf.placeholder(tf.float32, [2, 3], name='b')
        return tf.reduce_sum(tf.cross(a, b) * tf.constant([1.0, 2.0, -1.0])), [a, b], feeds(a={'a': V3, 'b': V3[::-1]})

    def misc_grad():
        m, _, rhs = inputs()
        loss = tf.trace(m) + tf.reduce_sum(tf.einsum('ij,jk->ik', m, rhs)) + tf.norm(m) + \
            tf.reduce_sum(tf.linalg.pinv(rhs)) + tf.reduce_sum(tf.linalg.diag_part(m, k=(0, 1)))
        return loss, [m, rhs], fed

    def sqrtm_grad():
        _, spd, _ = inputs()
        return tf.reduce_sum(tf.linalg.sqrtm(spd) * tf.constant(M)), [spd], fed

    def tridiagonal_grad():
        d = tf.placeholder(tf.float32, [3, 3], name='d')
        _, _, rhs = inputs()
        y = tf.linalg.tridiagonal_solve(d, rhs) * weights() + tf.linalg.tridiagonal_matmul(d, rhs)
        return tf.reduce_sum(y * y), [d, rhs], feeds(a={'d': [[1.0, 2.0, 0.0], [4.0, 5.0, 6.0], [0.0, 1.0, 2.0]],
                                                           'rhs': RHS})

    def solve_ls_op_grad():
        tall = tf.placeholder(tf.float32, [4, 3], name='tall')
        wide = tf.placeholder(tf.float32, [2, 3], name='wide')
        b4 = tf.placeholder(tf.float32, [4, 2], name='b4')
        b2 = tf.placeholder(tf.float32, [2, 2], name='b2')
        x = tf.raw_ops.MatrixSolveLs(matrix=tall, rhs=b4, l2_regularizer=tf.constant(0.1, tf.float64), fast=True)
        y = tf.raw_ops.MatrixSolveLs(matrix=wide, rhs=b2, l2_regularizer=tf.constant(0.2, tf.float64), fast=True)
        return tf.reduce_sum(x * weights()) + tf.reduce_sum(y * y), [tall, b4, wide, b2], feeds(
            a={'tall': TALL, 'b4': TALL[:, :2], 'wide': WIDE, 'b2': WIDE[:, 1:]})

    def expm_grad():
        m, _, _ = inputs()
        return tf.reduce_sum(tf.linalg.expm(m * 0.3) * tf.constant(M)), [m], fed

    return {f.__name__: f for f in [sqrtm_grad, tridiagonal_grad, solve_ls_op_grad, expm_grad, solve_grad, triangular_grad, cholesky_solve_grad, determinant_grad, eigh_grad,
                                    svd_grad, qr_grad, lstsq_grad, cross_grad, misc_grad]}


# --- training ----------------------------------------------------------------------------------

W0 = np.array([[1.0, 0.2, 0.0], [0.1, 0.8, 0.3], [-0.2, 0.0, 1.2]], np.float32)
TARGET = np.array([[0.3, -0.2], [0.5, 0.1], [-0.1, 0.4]], np.float32)


def training():
    """A = W W^T + I solved for RHS by Cholesky, fitted to TARGET (plus logdet A) by GradientDescent."""
    g = tf.Graph()
    with g.as_default():
        w = tf.get_variable('w', [3, 3], initializer=tf.constant_initializer(W0))
        a = tf.matmul(w, w, transpose_b=True) + tf.eye(3)
        x = tf.cholesky_solve(tf.cholesky(a), tf.constant(RHS))
        loss = tf.reduce_sum(tf.square(x - TARGET)) + 0.1 * tf.linalg.logdet(a)
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(6):
                losses.append(float(sess.run([loss, train_op])[0]))
            final = sess.run(w)
    return {'losses': losses, 'w': value_json(final)}


# --- errors while building ---------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'transpose_rank1': lambda: tf.matrix_transpose(z(3)),
        'norm_axis_same': lambda: tf.norm(z(2, 2), axis=[0, 0]),
        'norm_axis_three': lambda: tf.norm(z(2, 2, 2), axis=[0, 1, 2]),
        'norm_matrix_ord': lambda: tf.norm(z(2, 2), ord=3, axis=[0, 1]),
        'norm_matrix_ord_str': lambda: tf.norm(z(2, 2), ord='nuc', axis=[0, 1]),
        'norm_vector_ord': lambda: tf.norm(z(2), ord=-1),
        'norm_vector_fro': lambda: tf.norm(z(2), ord='fro'),
        'einsum_format': lambda: tf.einsum('ij,jk->i.k', z(2, 2), z(2, 2)),
        'einsum_inputs': lambda: tf.einsum('ij,jk->ik', z(2, 2)),
        'einsum_repeated': lambda: tf.einsum('ij,jk->ii', z(2, 2), z(2, 2)),
        'einsum_unknown_label': lambda: tf.einsum('ij,jk->iz', z(2, 2), z(2, 2)),
        'eye_float': lambda: tf.eye(2.5),
        'pinv_int': lambda: tf.linalg.pinv(tf.zeros([2, 2], tf.int32)),
        'pinv_rank1': lambda: tf.linalg.pinv(z(2)),
        'matmul_transpose_adjoint': lambda: tf.matmul(z(2, 2), z(2, 2), transpose_a=True, adjoint_a=True),
        'tridiagonal_rank': lambda: tf.linalg.tridiagonal_solve(z(3), z(3, 1)),
        'tridiagonal_rhs_rank': lambda: tf.linalg.tridiagonal_solve(z(3, 3), z(1, 3, 1, 1)),
        'tridiagonal_pivoting': lambda: tf.linalg.tridiagonal_solve(z(3, 3), z(3, 1), partial_pivoting=False,
                                                                    perturb_singular=True),
        'cholesky_rank1': lambda: tf.cholesky(z(3)),
        'solve_shapes': lambda: tf.matrix_solve(z(3, 3), z(2, 1)),
        'inv_not_square': lambda: tf.matrix_inverse(z(2, 3)),
        'cross_not_3': lambda: tf.cross(z(2), z(2)),
        'lu_solve_rhs_rank': lambda: tf.linalg.lu_solve(z(3, 3), tf.zeros([3], tf.int32), z(3)),
        'lu_solve_rhs_rows': lambda: tf.linalg.lu_solve(z(3, 3), tf.zeros([3], tf.int32), z(2, 1)),
        'lu_perm_rank': lambda: tf.linalg.lu_reconstruct(z(3, 3), tf.zeros([1, 3], tf.int32)),
        'lu_not_square': lambda: tf.linalg.lu_matrix_inverse(z(3, 2), tf.zeros([3], tf.int32)),
        'rank_int': lambda: tf.linalg.matrix_rank(tf.zeros([2, 2], tf.int32)),
        'expm_int': lambda: tf.linalg.expm(tf.zeros([2, 2], tf.int32)),
        'tri_sequence_length': lambda: tf.linalg.tridiagonal_solve([z(3), z(3)], z(3, 1), diagonals_format='sequence'),
        'tri_sequence_shapes': lambda: tf.linalg.tridiagonal_solve([z(2, 3), z(3), z(3)], z(3, 1),
                                                                   diagonals_format='sequence'),
        'tri_sequence_pad': lambda: tf.linalg.tridiagonal_solve([z(1), z(3), z(3)], z(3, 1), diagonals_format='sequence'),
        'tri_matrix_square': lambda: tf.linalg.tridiagonal_solve(z(3, 2), z(3, 1), diagonals_format='matrix'),
        'tri_format': lambda: tf.linalg.tridiagonal_solve(z(3, 3), z(3, 1), diagonals_format='banded'),
        'tri_three': lambda: tf.linalg.tridiagonal_solve(z(4, 3), z(3, 1)),
        'tri_sides': lambda: tf.linalg.tridiagonal_solve(z(3, 3), z(2, 1)),
        'tri_batch': lambda: tf.linalg.tridiagonal_solve(z(2, 3, 3), z(4, 3, 1)),
        'tri_matmul_format': lambda: tf.linalg.tridiagonal_matmul(z(3, 3), z(3, 1), diagonals_format='banded'),
        'tri_matmul_not_square': lambda: tf.linalg.tridiagonal_matmul(z(3, 2), z(3, 1), diagonals_format='matrix'),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(grad_cases()), 'training': training(),
           'build_errors': build_errors()}
    # pinv's Const inf written as 1e999, which JSON.parse (and Python's json) read as Infinity; expm's nan as "NaN".
    with open(OUT, 'w') as f:
        f.write(json.dumps(out, separators=(',', ':')).replace('Infinity', '1e999').replace('NaN', '"NaN"') + '\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
