"""TF1's tf.linalg.LinearOperatorCirculant, Circulant2D, Circulant3D, Toeplitz and BlockLowerTriangular
built with TF 2.21 in graph mode, for test/linear_operator2.test.ts: their methods (FFT matmul and solve,
block substitution, determinants, trace, diag_part, convolution kernel, asserts, shape tensors), the
operators their algebra and inverses make, their hints and static shapes, gradients through matmul/solve
by value, a training of a circulant's kernel and the errors bad arguments raise. Complex
results are fetched as their real and imaginary parts (`ri`); complex Consts recorded as their
interleaved real and imaginary parts, as libtensorflow holds them.

Writes test/fixtures/graph_layer/linear_operator2.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/linear_operator2.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
import io_ops
from control_flow import feeds, gradient_values
from io_ops import errors_of
from linear_operator import dim, feed_of, fit, ph, ran, shapes_of, write

tf.disable_v2_behavior()
tf.get_logger().setLevel('ERROR')

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'linear_operator2.json')

la = tf.linalg
K = np.array([4.0, 1.0, 0.5, 1.0], np.float32)       # a symmetric kernel: a real symmetric circulant
KN = np.array([3.0, -1.0, 0.5, 2.0], np.float32)     # a non-symmetric one: Hermitian spectrum, real matrix
RHS = np.array([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0], [-1.0, 1.0]], np.float32)
V = np.array([1.0, -2.0, 0.5, 3.0], np.float32)
S = np.array([2.0, 3.0, 1.5, 4.0], np.float32)       # a real spectrum
S2 = np.array([[2.0, 1.0], [3.0, 0.5]], np.float32)
COL = np.array([3.0, 1.0, -0.5], np.float32)
ROW = np.array([3.0, 2.0, 0.25], np.float32)
M4 = (np.arange(16).reshape(4, 4) * 0.1 + np.eye(4)).astype(np.float32)
A2 = np.array([[2.0, 1.0], [0.5, 3.0]], np.float32)
D3 = np.array([2.0, -0.5, 4.0], np.float32)
M32 = np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 0.25]], np.float32)
RHS3 = np.array([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]], np.float32)


def complex_const_json(op):
    """io_ops.const_json, complex values as interleaved real and imaginary parts."""
    arr = tf.make_ndarray(op.get_attr('value'))
    if np.iscomplexobj(arr):
        flat = np.stack([arr.real.flatten(), arr.imag.flatten()], -1).flatten()
        return {'dtype': op.get_attr('dtype').name, 'shape': list(arr.shape), 'value': io_ops.value_json(flat)}
    return ORIGINAL_CONST_JSON(op)


ORIGINAL_CONST_JSON = io_ops.const_json
io_ops.const_json = complex_const_json


def ri(x):
    """A complex tensor's real and imaginary parts."""
    return [tf.math.real(x), tf.math.imag(x)]


def base_feed(**more):
    """The common values (and `more`) of the placeholders the default graph has."""
    return feed_of({'k': K, 'kn': KN, 'rhs': RHS, 'v': V, 's': S, 'col': COL, 'row': ROW, 'rhs3': RHS3}, more)


def kernel_spectrum(k):
    return tf.signal.fft(tf.cast(k, tf.complex64))


# --- graphs ----------------------------------------------------------------------------------------

def circulant():
    kn, rhs, v = ph('kn', [4]), ph('rhs', [4, 2]), ph('v', [4])
    op = la.LinearOperatorCirculant(kernel_spectrum(kn), input_output_dtype=tf.float32)
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'matmul_adj': op.matmul(rhs, adjoint=True),
        'matmul_adj_arg': op.matmul(tf.transpose(rhs), adjoint_arg=True),
        'matvec': op.matvec(v),
        'solve': op.solve(rhs),
        'solve_adj': op.solve(rhs, adjoint=True, name='s'),
        'solvevec': op.solvevec(v),
        'det': op.determinant(),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'kernel': op.convolution_kernel(),
        'cond': op.cond(),
        'shape': op.shape_tensor(),
        'block_shape': op.block_shape_tensor(),
        'inv': op.inverse().matmul(rhs),
        'adjoint': ri(op.adjoint().to_dense()),
        'assert_ns': ran(op.assert_non_singular()),
    }
    return out, feeds(a=base_feed())


def circulant_real_spectrum():
    s, rhs = ph('s', [4]), ph('rhs', [4, 2])
    op = la.LinearOperatorCirculant(s, is_positive_definite=True, name='R')
    crhs = tf.complex(rhs, -rhs)
    out = {
        'dense': ri(op.to_dense()),
        'matmul': ri(op.matmul(crhs)),
        'solve': ri(op.solve(crhs)),
        'det': ri(op.determinant()),
        'trace': ri(op.trace()),
        'eigvals': op.eigvals(),
        'chol': ri(op.cholesky().to_dense()),
        'adjoint_is_self': ri(op.adjoint().matmul(crhs)),
        'assert_pd': ran(op.assert_positive_definite()),
        'assert_sa': ran(op.assert_self_adjoint()),
    }
    return out, feeds(a=base_feed())


def circulant_batch():
    bk, rhs, anys = ph('bk', [2, 4]), ph('rhs', [4, 2]), ph('anys', None)
    op = la.LinearOperatorCirculant(kernel_spectrum(bk), input_output_dtype=tf.float32, name='B')
    dyn = la.LinearOperatorCirculant(anys, input_output_dtype=tf.float32, name='Dyn')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs),
        'solve': op.solve(rhs),
        'log_abs_det': op.log_abs_determinant(),
        'diag_part': op.diag_part(),
        'dyn_shape': dyn.shape_tensor(),
        'dyn_block_shape': dyn.block_shape_tensor(),
        'dyn_matmul': dyn.matmul(rhs),
        'dyn_trace': dyn.trace(),
        'dyn_diag': dyn.diag_part(),
    }
    return out, feeds(a=base_feed(bk=np.stack([K, KN]), anys=S))


def circulant_algebra():
    k, kn, s = ph('k', [4]), ph('kn', [4]), ph('s', [4])
    a = la.LinearOperatorCirculant(kernel_spectrum(k), input_output_dtype=tf.float32, is_self_adjoint=True)
    b = la.LinearOperatorCirculant(kernel_spectrum(kn), input_output_dtype=tf.float32, name='B')
    r = la.LinearOperatorCirculant(s, name='R')
    r2 = la.LinearOperatorCirculant(s * 2.0, name='R2')
    full = la.LinearOperatorFullMatrix(tf.constant(M4))
    out = {
        'product': ri(a.matmul(b).to_dense()),
        'quotient': ri(a.solve(b).to_dense()),
        'real_product': ri(r.matmul(r2).to_dense()),
        'real_quotient': ri(r2.solve(r).to_dense()),
        'inverse': r.inverse().eigvals(),
        'mixed': a.matmul(full).to_dense(),
    }
    return out, feeds(a=base_feed())


def circulant_2d_3d():
    k2, k3, x6, x8 = ph('k2', [2, 3]), ph('k3', [2, 2, 2]), ph('x6', [6, 2]), ph('x8', [8, 1])
    op2 = la.LinearOperatorCirculant2D(tf.signal.fft2d(tf.cast(k2, tf.complex64)), input_output_dtype=tf.float32)
    op3 = la.LinearOperatorCirculant3D(tf.signal.fft3d(tf.cast(k3, tf.complex64)), input_output_dtype=tf.float32)
    out = {
        'dense2': op2.to_dense(),
        'matmul2': op2.matmul(x6),
        'solve2': op2.solve(x6, adjoint=True),
        'log_abs_det2': op2.log_abs_determinant(),
        'trace2': op2.trace(),
        'kernel2': op2.convolution_kernel(),
        'block_shape2': op2.block_shape_tensor(),
        'dense3': op3.to_dense(),
        'matmul3': op3.matmul(x8),
        'solve3': op3.solve(x8),
        'det3': op3.determinant(),
        'shape3': op3.shape_tensor(),
        'product2': ri(op2.matmul(op2).to_dense()),
        'inverse3': op3.inverse().matmul(x8),
    }
    k2v = np.array([[4.0, 1.0, 1.0], [0.5, 0.25, 0.25]], np.float32)
    k3v = np.array([[[5.0, 1.0], [0.5, 0.2]], [[1.0, 0.1], [0.3, 0.05]]], np.float32)
    return out, feeds(a={'k2': k2v, 'k3': k3v, 'x6': np.arange(12, dtype=np.float32).reshape(6, 2) - 5.0,
                         'x8': np.arange(8, dtype=np.float32).reshape(8, 1) * 0.5})


def toeplitz():
    col, row, rhs3, bcol, brow = ph('col', [3]), ph('row', [3]), ph('rhs3', [3, 2]), ph('bcol', [2, 3]), ph('brow', [2, 3])
    anyc, anyr = ph('anyc', None), ph('anyr', [None])
    op = la.LinearOperatorToeplitz(col, row)
    sym = la.LinearOperatorToeplitz(col, col, is_self_adjoint=True, is_positive_definite=True, name='Sym')
    batch = la.LinearOperatorToeplitz(bcol, brow, name='Batch')
    dyn = la.LinearOperatorToeplitz(anyc, anyr, name='Dyn')
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(rhs3),
        'matmul_adj': op.matmul(rhs3, adjoint=True),
        'matvec': op.matvec(rhs3[:, 0]),
        'solve': op.solve(rhs3),
        'solvevec': op.solvevec(rhs3[:, 1], adjoint=True),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'shape': op.shape_tensor(),
        'sym_solve': sym.solve(rhs3),
        'sym_chol': sym.cholesky().to_dense(),
        'assert_sa': ran(sym.assert_self_adjoint()),
        'batch_dense': batch.to_dense(),
        'batch_matmul': batch.matmul(rhs3),
        'dyn_shape': dyn.shape_tensor(),
        'dyn_dense': dyn.to_dense(),
        'dyn_matmul': dyn.matmul(rhs3),
    }
    return out, feeds(a=base_feed(bcol=np.stack([COL, COL * 2.0]), brow=np.stack([ROW, ROW * 0.5]), anyc=COL,
                                  anyr=ROW))


def block_lower_triangular():
    a2, d, m, x5, v5 = ph('a2', [2, 2]), ph('d', [3]), ph('m', [3, 2]), ph('x5', [5, 2]), ph('v5', [5])
    anyd = ph('anyd', None)
    a = la.LinearOperatorFullMatrix(a2)
    dg = la.LinearOperatorDiag(d)
    off = la.LinearOperatorFullMatrix(m)
    op = la.LinearOperatorBlockLowerTriangular([[a], [off, dg]])
    three = la.LinearOperatorBlockLowerTriangular(
        [[la.LinearOperatorDiag(d[:2], name='D2')], [off, dg], [la.LinearOperatorFullMatrix(a2 * 0.5),
                                                               la.LinearOperatorFullMatrix(tf.transpose(m)), a]], name='Three')
    pd = la.LinearOperatorBlockLowerTriangular([[la.LinearOperatorDiag(tf.abs(d) + 1.0, is_positive_definite=True)]],
                                               name='PD')
    dyn = la.LinearOperatorBlockLowerTriangular([[a], [off, la.LinearOperatorDiag(anyd)]], name='Dyn')
    x7 = tf.concat([x5, x5[:2]], 0)
    out = {
        'dense': op.to_dense(),
        'matmul': op.matmul(x5),
        'matmul_adj': op.matmul(x5, adjoint=True),
        'matmul_adj_arg': op.matmul(tf.transpose(x5), adjoint_arg=True),
        'matvec': op.matvec(v5),
        'solve': op.solve(x5),
        'solve_adj': op.solve(x5, adjoint=True),
        'solvevec': op.solvevec(v5),
        'log_abs_det': op.log_abs_determinant(),
        'trace': op.trace(),
        'diag_part': op.diag_part(),
        'assert_ns': ran(op.assert_non_singular()),
        'three_matmul_adj': three.matmul(x7, adjoint=True),
        'three_solve': three.solve(x7),
        'inverse': op.inverse().to_dense(),
        'three_inverse': three.inverse().to_dense(),
        'pd_det': pd.determinant(),
        'pd_inverse': pd.inverse().to_dense(),
        'sa_eigvals': la.LinearOperatorBlockLowerTriangular([[dg]], is_self_adjoint=True, name='SA').eigvals(),
        'dyn_shape': dyn.shape_tensor(),
        'dyn_dense': dyn.to_dense(),
        'dyn_matmul': dyn.matmul(x5),
    }
    return out, feeds(a={'a2': A2, 'd': D3, 'm': M32, 'x5': np.arange(10, dtype=np.float32).reshape(5, 2) * 0.5 - 2.0,
                         'v5': np.arange(5, dtype=np.float32) - 1.5, 'anyd': D3})


GRAPHS = [circulant, circulant_real_spectrum, circulant_batch, circulant_algebra, circulant_2d_3d, toeplitz,
          block_lower_triangular]


# --- hints and static shapes -----------------------------------------------------------------------

def props():
    out = {}
    with tf.Graph().as_default():
        c, s, anys = ph('c', [2, 4], tf.complex64), ph('s', [4]), ph('anys', [None, 3])
        c2, c3 = ph('c2', [2, 3], tf.complex64), ph('c3', [1, 2, 2])
        a = la.LinearOperatorCirculant(c, input_output_dtype=tf.float32)
        r = la.LinearOperatorCirculant(s, is_positive_definite=True)
        ops_ = {
            'complex': a, 'real': r, 'unknown': la.LinearOperatorCirculant(anys),
            'c2': la.LinearOperatorCirculant2D(c2, is_non_singular=True),
            'c3': la.LinearOperatorCirculant3D(c3, input_output_dtype=tf.float64),
            'adjoint': a.adjoint(), 'inverse': r.inverse(), 'product': a.matmul(a), 'real_product': r.matmul(r),
        }
        col, brow, m = ph('col', [3]), ph('brow', [2, 3]), ph('m', [3, 3])
        full, dg = la.LinearOperatorFullMatrix(m), la.LinearOperatorDiag(col)
        more = {
            'toeplitz': la.LinearOperatorToeplitz(col, brow, is_self_adjoint=True),
            'toeplitz_unknown': la.LinearOperatorToeplitz(anys[0], anys[0]),
            'blt': la.LinearOperatorBlockLowerTriangular([[full], [full, dg]], is_non_singular=True),
            'blt_ns': la.LinearOperatorBlockLowerTriangular([[dg], [full, dg]], is_positive_definite=True),
            'blt_batch': la.LinearOperatorBlockLowerTriangular([[la.LinearOperatorDiag(brow)], [full, dg]]),
        }
        for k, o in dict(ops_, **more).items():
            out[k] = {'name': o.name, 'dtype': o.dtype.name,
                      'hints': [o.is_non_singular, o.is_self_adjoint, o.is_positive_definite, o.is_square],
                      'shape': o.shape.as_list() if o.shape.rank is not None else None,
                      'batch_shape': o.batch_shape.as_list() if o.batch_shape.rank is not None else None,
                      'block_shape': o.block_shape.as_list() if k in ops_ and o.block_shape.rank is not None else None,
                      'domain': dim(o.domain_dimension), 'range': dim(o.range_dimension), 'type': type(o).__name__}
    return out


# --- gradients -------------------------------------------------------------------------------------

def grad_cases():
    def circulant_matmul():
        kn, rhs = ph('kn', [4]), ph('rhs', [4, 2])
        y = la.LinearOperatorCirculant(kernel_spectrum(kn), input_output_dtype=tf.float32).matmul(rhs, adjoint=True)
        return tf.reduce_sum(y * y), [kn, rhs], feeds(a={'kn': KN, 'rhs': RHS})

    def circulant_solve():
        kn, rhs = ph('kn', [4]), ph('rhs', [4, 2])
        op = la.LinearOperatorCirculant(kernel_spectrum(kn), input_output_dtype=tf.float32)
        return (tf.reduce_sum(tf.square(op.solve(rhs))) + op.log_abs_determinant(), [kn, rhs],
                feeds(a={'kn': KN, 'rhs': RHS}))

    def toeplitz_ops():
        col, row, rhs3 = ph('col', [3]), ph('row', [3]), ph('rhs3', [3, 2])
        op = la.LinearOperatorToeplitz(col, row)
        loss = tf.reduce_sum(op.matmul(rhs3) * op.matmul(rhs3, adjoint=True)) + op.trace()
        return loss, [col, row, rhs3], feeds(a={'col': COL, 'row': ROW, 'rhs3': RHS3})

    def toeplitz_solve():
        col, row, rhs3 = ph('col', [3]), ph('row', [3]), ph('rhs3', [3, 2])
        op = la.LinearOperatorToeplitz(col, row)
        loss = tf.reduce_sum(tf.square(op.solve(rhs3))) + tf.reduce_sum(op.solvevec(rhs3[:, 1], adjoint=True)) + \
            op.log_abs_determinant()
        return loss, [col, row, rhs3], feeds(a={'col': COL, 'row': ROW, 'rhs3': RHS3})

    def block_lower_triangular_solve():
        a2, d, m, x5 = ph('a2', [2, 2]), ph('d', [3]), ph('m', [3, 2]), ph('x5', [5, 2])
        op = la.LinearOperatorBlockLowerTriangular([[la.LinearOperatorFullMatrix(a2)],
                                                    [la.LinearOperatorFullMatrix(m), la.LinearOperatorDiag(d)]])
        loss = tf.reduce_sum(tf.square(op.solve(x5))) + tf.reduce_sum(op.matmul(x5, adjoint=True)) + \
            op.log_abs_determinant()
        return loss, [a2, d, m, x5], feeds(a={'a2': A2, 'd': D3, 'm': M32,
                                              'x5': np.arange(10, dtype=np.float32).reshape(5, 2) * 0.5 - 2.0})

    return {'circulant_matmul': circulant_matmul, 'circulant_solve': circulant_solve, 'toeplitz_ops': toeplitz_ops,
            'toeplitz_solve': toeplitz_solve,
            'block_lower_triangular_solve': block_lower_triangular_solve}


def training():
    """A circulant operator's convolution kernel fitted by GradientDescent so that it maps RHS to TARGET."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', [4], initializer=tf.constant_initializer([1.0, 0.5, 0.0, 0.5]))
        op = la.LinearOperatorCirculant(kernel_spectrum(w), input_output_dtype=tf.float32)
        return fit(w, tf.reduce_sum(tf.square(op.matmul(tf.constant(RHS)) - tf.constant(RHS[::-1].copy()))), 0.02)


# --- errors while building -------------------------------------------------------------------------

def build_errors():
    circ = la.LinearOperatorCirculant
    full = la.LinearOperatorFullMatrix

    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'scalar_spectrum': lambda: circ(tf.zeros([], tf.complex64)),
        'rank1_2d': lambda: la.LinearOperatorCirculant2D(tf.zeros([3], tf.complex64)),
        'rank2_3d': lambda: la.LinearOperatorCirculant3D(tf.zeros([3, 2], tf.complex64)),
        'real_not_sa': lambda: circ(tf.zeros([3]), is_self_adjoint=False),
        'not_square': lambda: circ(tf.zeros([3], tf.complex64), is_square=False),
        'matmul_dtype': lambda: circ(tf.ones([3], tf.complex64)).matmul(tf.zeros([3, 2])),
        'adjoint_dtype': lambda: circ(tf.ones([3], tf.complex64), input_output_dtype=tf.float32).adjoint().matmul(
            tf.zeros([3, 2])),
        'matmul_dims': lambda: circ(tf.ones([3], tf.complex64)).matmul(tf.zeros([4, 2], tf.complex64)),
        'hermitian': lambda: circ(tf.ones([3], tf.complex64), input_output_dtype=tf.float32).assert_hermitian_spectrum(),
        'toeplitz_scalar_row': lambda: la.LinearOperatorToeplitz(tf.zeros([3]), tf.zeros([])),
        'toeplitz_scalar_col': lambda: la.LinearOperatorToeplitz(tf.zeros([]), tf.zeros([3])),
        'toeplitz_mismatch': lambda: la.LinearOperatorToeplitz(tf.zeros([3]), tf.zeros([2])),
        'toeplitz_not_square': lambda: la.LinearOperatorToeplitz(tf.zeros([3]), tf.zeros([3]), is_square=False),
        'toeplitz_matmul_dtype': lambda: la.LinearOperatorToeplitz(tf.zeros([3]), tf.zeros([3])).matmul(
            tf.zeros([3, 2], tf.float64)),
        'blt_empty': lambda: la.LinearOperatorBlockLowerTriangular([]),
        'blt_row_length': lambda: la.LinearOperatorBlockLowerTriangular([[full(z(2, 2))], [full(z(2, 2))]]),
        'blt_domain': lambda: la.LinearOperatorBlockLowerTriangular([[full(z(2, 2))], [full(z(3, 3)), full(z(3, 3))]]),
        'blt_range': lambda: la.LinearOperatorBlockLowerTriangular([[full(z(2, 2))], [full(z(2, 2)), full(z(3, 3))]]),
        'blt_not_square': lambda: la.LinearOperatorBlockLowerTriangular([[full(z(2, 2))]], is_square=False),
        'blt_diag_not_square': lambda: la.LinearOperatorBlockLowerTriangular([[full(z(2, 3))]]),
        'blt_ns': lambda: la.LinearOperatorBlockLowerTriangular([[la.LinearOperatorIdentity(2)]], is_non_singular=False),
        'blt_singular': lambda: la.LinearOperatorBlockLowerTriangular([[full(z(2, 2), is_non_singular=False)]],
                                                                      is_non_singular=True),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'props': props(), 'gradients': gradient_values(grad_cases()),
           'training': training(), 'build_errors': build_errors()}
    write(out, OUT)


if __name__ == '__main__':
    main()
