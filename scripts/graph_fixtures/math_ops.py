"""TF1's math ops (tf.compat.v1's math_ops, sort_ops, numerics and nn's top_k/in_top_k) built with TF
2.21 in graph mode, for test/math_ops.test.ts: unary and binary elementwise ops, the reductions,
cumulative and segment ops, bincount/histogram/linspace, the deprecated casts, complex parts, sort,
top_k, and the numerics checks.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed. Then: gradient values through the differentiable ops, a short
training run, the run-time error of a failed numerics check, and the errors bad arguments raise while
building.

Writes test/fixtures/graph_layer/math_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/math_ops.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from image_ops import shapes_of
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'math_ops.json')

# Values in (0, 1), all different, so that every unary op (and its gradient) is defined.
X = np.array([[0.1, 0.25, 0.4], [0.55, 0.7, 0.85]], np.float32)
Y = np.array([[-1.5, 2.25, 3.0], [-0.5, 4.0, -2.75]], np.float32)
I = np.array([[7, -7, 9], [-9, 12, 5]], np.int32)
J = np.array([[2, 2, -4], [4, 5, -3]], np.int32)
IDS = np.array([0, 0, 1, 3], np.int32)
DATA = np.array([[1.0, -2.0], [3.0, 4.0], [-5.0, 6.5], [0.5, 2.0]], np.float32)


def xy():
    return tf.placeholder(tf.float32, [2, 3], name='x'), tf.placeholder(tf.float32, [2, 3], name='y')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def unary():
    x, _ = xy()
    out = {
        'floor': tf.floor(x * 4.0), 'ceil': tf.ceil(x * 4.0), 'round': tf.round(x * 4.0), 'rint': tf.rint(x * 4.0),
        'round_int': tf.round(tf.constant([1, 2])), 'log1p': tf.log1p(x), 'expm1': tf.expm1(x), 'sin': tf.sin(x),
        'cos': tf.cos(x), 'tan': tf.tan(x), 'asin': tf.asin(x), 'acos': tf.acos(x), 'atan': tf.atan(x),
        'sinh': tf.sinh(x), 'cosh': tf.cosh(x), 'asinh': tf.asinh(x), 'acosh': tf.acosh(x + 1.0),
        'atanh': tf.atanh(x), 'erf': tf.erf(x), 'erfc': tf.erfc(x), 'lgamma': tf.lgamma(x),
        'digamma': tf.digamma(x, name='psi'), 'softplus': tf.math.softplus(x), 'log_sigmoid': tf.log_sigmoid(x),
        'log_sigmoid_named': tf.math.log_sigmoid(x, name='ls'), 'negative': tf.negative(x),
        'round_host': tf.round([1.5, 2.5]), 'floor_host': tf.floor([1.5, -2.5], name='fl'),
    }
    special = tf.constant([0.0, 1.0, -1.0]) / 0.0
    out.update({'is_nan': tf.is_nan(special), 'is_inf': tf.is_inf(special), 'is_finite': tf.is_finite(special)})
    return out, feeds(a={'x': X})


def binary():
    x, y = xy()
    i = tf.placeholder(tf.int32, [2, 3], name='i')
    j = tf.placeholder(tf.int32, [2, 3], name='j')
    p = tf.placeholder(tf.bool, [4], name='p')
    out = {
        'floordiv': tf.floordiv(y, x), 'floordiv_int': tf.floordiv(i, j, name='fd'), 'floor_div': tf.floor_div(i, j),
        'mod': tf.mod(i, j), 'floormod': tf.floormod(y, 2.0), 'truncatediv': tf.truncatediv(i, j),
        'truncatemod': tf.truncatemod(i, j), 'atan2': tf.atan2(y, x), 'xor': tf.logical_xor(p, [True, False, True, False]),
        'xor_named': tf.math.logical_xor(p, p, name='xo'), 'xdivy': tf.math.xdivy(x, y),
        'xdivy_named': tf.math.xdivy(x, 2.0, name='xd'), 'xlogy': tf.math.xlogy(x, x + 1.0), 'igamma': tf.igamma(x + 1.0, x),
        'igammac': tf.igammac(x + 1.0, x), 'zeta': tf.zeta(x + 2.0, x), 'polygamma': tf.polygamma(tf.ones([2, 3]), x),
        'betainc': tf.betainc(x + 1.0, x + 0.5, x), 'scalar_mul': tf.scalar_mul(2.5, x),
        'scalar_mul_named': tf.scalar_mul(tf.constant(3.0), y, name='sm'), 'multiply': tf.multiply(x, y),
        'subtract': tf.subtract(x, y), 'add': tf.add(x, y), 'add_host': tf.add(1.0, x, name='plus'),
        'multiply_host': tf.multiply(2, i),
    }
    return out, feeds(a={'x': X, 'y': Y, 'i': I, 'j': J, 'p': [True, True, False, False]})


def reductions():
    x, y = xy()
    b = tf.placeholder(tf.bool, [2, 3], name='b')
    u = tf.placeholder(tf.float32, name='u')
    out = {
        'any': tf.reduce_any(b), 'any_axis': tf.reduce_any(b, axis=1), 'any_v1': tf.reduce_any(b, reduction_indices=[0],
                                                                                              keep_dims=True),
        'any_unknown': tf.reduce_any(u > 0.0), 'logsumexp': tf.reduce_logsumexp(y),
        'logsumexp_axis': tf.reduce_logsumexp(y, axis=1, name='lse'), 'logsumexp_keep': tf.reduce_logsumexp(y, 0, keepdims=True),
        'logsumexp_unknown': tf.reduce_logsumexp(u), 'std': tf.math.reduce_std(y), 'std_axis': tf.math.reduce_std(y, axis=0),
        'variance': tf.math.reduce_variance(y, axis=[1], keepdims=True), 'variance_named': tf.math.reduce_variance(y, name='var'),
        'euclidean': tf.math.reduce_euclidean_norm(y), 'euclidean_axis': tf.math.reduce_euclidean_norm(y, 1, keepdims=True),
        'count_nonzero': tf.count_nonzero(tf.floor(y)), 'count_nonzero_axis': tf.count_nonzero(b, axis=1, dtype=tf.int32),
        'count_nonzero_v1': tf.count_nonzero(y, reduction_indices=0, keep_dims=True, name='cnz'),
        'sum_unknown': tf.reduce_sum(u), 'sum_v1': tf.reduce_sum(y, reduction_indices=[1], keep_dims=True),
    }
    return out, feeds(a={'x': X, 'y': Y, 'b': [[True, False, False], [False, False, False]], 'u': Y})


def cumulative():
    x, y = xy()
    out = {
        'cumprod': tf.cumprod(y), 'cumprod_axis': tf.cumprod(y, axis=1, exclusive=True, reverse=True, name='cp'),
        'cumulative_logsumexp': tf.math.cumulative_logsumexp(y, axis=1),
        'cumulative_logsumexp_rev': tf.math.cumulative_logsumexp(x, reverse=True, name='cl'),
    }
    return out, feeds(a={'x': X, 'y': Y})


def segments():
    data = tf.placeholder(tf.float32, [4, 2], name='data')
    ids = tf.placeholder(tf.int32, [4], name='ids')
    out = {
        'segment_sum': tf.segment_sum(data, ids), 'segment_mean': tf.segment_mean(data, ids),
        'segment_max': tf.segment_max(data, ids), 'segment_min': tf.segment_min(data, ids, name='smin'),
        'segment_prod': tf.segment_prod(data, ids), 'unsorted_sum': tf.unsorted_segment_sum(data, ids, 5),
        'unsorted_max': tf.unsorted_segment_max(data, ids, 4), 'unsorted_min': tf.unsorted_segment_min(data, ids, 4),
        'unsorted_prod': tf.unsorted_segment_prod(data, ids, 4),
        'unsorted_mean': tf.unsorted_segment_mean(data, ids, 4),
        'unsorted_sqrt_n': tf.unsorted_segment_sqrt_n(data, ids, 4, name='usq'),
        'sparse_sum': tf.sparse_segment_sum(data, [0, 2, 3], [0, 0, 1]),
        'sparse_sum_n': tf.sparse_segment_sum(data, [0, 2, 3], [0, 0, 1], num_segments=3),
        'sparse_mean': tf.sparse_segment_mean(data, [1, 2], [0, 1], name='ssm'),
        'sparse_mean_n': tf.sparse_segment_mean(data, [1, 2], [0, 2], num_segments=4),
        'sparse_sqrt_n': tf.sparse_segment_sqrt_n(data, [0, 1, 3], [0, 0, 0]),
        'sparse_sqrt_n_n': tf.sparse_segment_sqrt_n(data, [0, 1, 3], [0, 1, 1], num_segments=2),
    }
    return out, feeds(a={'data': DATA, 'ids': IDS})


def counting():
    i = tf.placeholder(tf.int32, [5], name='i')
    v = tf.placeholder(tf.float32, [5], name='v')
    out = {
        'bincount': tf.bincount(i), 'bincount_weights': tf.bincount(i, weights=v, minlength=7),
        'bincount_max': tf.math.bincount(i, maxlength=3, dtype=tf.int64),
        'histogram': tf.histogram_fixed_width(v, [0.0, 5.0], nbins=5),
        'histogram_named': tf.histogram_fixed_width(v, [-1.0, 1.0], dtype=tf.int64, name='hist'),
        'accumulate_n': tf.accumulate_n([v, v * 2.0, v]), 'accumulate_one': tf.accumulate_n([v]),
        'accumulate_named': tf.accumulate_n([v, v], shape=[5], tensor_dtype=tf.float32, name='acc'),
        'linspace': tf.linspace(0.0, 1.0, 5), 'lin_space': tf.lin_space(-1.0, 3.0, 3, name='ls'),
        'linspace_tensor': tf.linspace(v[0], v[1], i[0]),
    }
    return out, feeds(a={'i': [3, 1, 1, 0, 4], 'v': [0.5, 4.5, 2.0, 1.0, 9.0]})


def casts():
    x, _ = xy()
    i = tf.placeholder(tf.int32, [2, 3], name='i')
    out = {
        'to_float': tf.to_float(i), 'to_double': tf.to_double(x), 'to_int32': tf.to_int32(x * 10.0),
        'to_int64': tf.to_int64(i, name='i64'), 'to_bfloat16_back': tf.to_float(tf.to_bfloat16(x)),
        'same': tf.to_float(x),
    }
    return out, feeds(a={'x': X, 'i': I})


def complex_parts():
    x, y = xy()
    c = tf.complex(x, y)
    d = tf.complex(tf.cast(x, tf.float64), tf.cast(y, tf.float64), name='c128')
    out = {
        'real': tf.real(c), 'imag': tf.imag(c), 'angle': tf.angle(c), 'conj_imag': tf.imag(tf.conj(c)),
        'real128': tf.math.real(d, name='re'), 'real_of_real': tf.real(x), 'imag_of_real': tf.imag(x),
        'angle_of_real': tf.angle(y), 'conj_of_real': tf.conj(x), 'conj_host': tf.conj([1.0, 2.0]),
    }
    return out, feeds(a={'x': X, 'y': Y})


def sorting():
    x, y = xy()
    i = tf.placeholder(tf.int32, [2, 3], name='i')
    u8 = tf.placeholder(tf.uint8, [4], name='u8')
    t = tf.placeholder(tf.float32, [3, 2, 2], name='t')
    out = {
        'sort': tf.sort(y), 'sort_desc': tf.sort(y, direction='DESCENDING', name='sd'), 'sort_axis0': tf.sort(y, axis=0),
        'sort_int': tf.sort(i), 'sort_uint8': tf.sort(u8), 'argsort': tf.argsort(y),
        'argsort_desc_axis0': tf.argsort(y, axis=0, direction='DESCENDING'), 'argsort_int': tf.argsort(i, stable=True),
        'sort_3d_axis1': tf.sort(t, axis=1), 'argsort_3d_axis0': tf.argsort(t, axis=-3),
        'top_k': list(tf.nn.top_k(y, 2)), 'top_k_named': list(tf.math.top_k(i, k=3, sorted=True, name='tk')),
        'top_k_int64': list(tf.nn.top_k(x, index_type=tf.int64)),
        'in_top_k': tf.nn.in_top_k(y, [1, 2], 1), 'in_top_k_named': tf.math.in_top_k(y, [0, 0], 2, name='itk'),
    }
    return out, feeds(a={'x': X, 'y': Y, 'i': I, 'u8': [3, 255, 0, 7], 't': np.arange(12, dtype=np.float32)[::-1].reshape(3, 2, 2) % 5})


def numerics():
    x, y = xy()
    out = {
        'check': tf.check_numerics(x, 'x is bad'), 'check_named': tf.debugging.check_numerics(y, 'y', name='cy'),
        'verify': tf.verify_tensor_all_finite(x, 'not finite'), 'verify_named': tf.debugging.assert_all_finite(y, 'y bad', name='vf'),
        'verify_v1': tf.verify_tensor_all_finite(t=x * 2.0, msg='m'),
    }
    return out, feeds(a={'x': X, 'y': Y})


def check_numerics_ops():
    x, y = xy()
    z = tf.matmul(x, y, transpose_b=True)
    w = tf.cast(z, tf.float64) * 2.0
    check = tf.add_check_numerics_ops()
    with tf.control_dependencies([check]):
        checked = tf.identity(w, name='checked')
    return {'z': z, 'checked': checked}, feeds(a={'x': X, 'y': Y})


def raw_literals():
    """Raw ops given host literals for type attrs with a default and allowed types: the literal's own dtype
    when allowed (int32 bounds, an int32 seed, float32 rates), else the default."""
    x, _ = xy()
    out = {
        'band': tf.raw_ops.MatrixBandPart(input=x, num_lower=1, num_upper=-1, name='band'),
        'uniform': tf.raw_ops.StatelessRandomUniform(shape=[2], seed=[1, 2], dtype=tf.float32, name='uniform'),
        'poisson': tf.raw_ops.StatelessRandomPoisson(shape=[2], seed=[3, 4], lam=[1.5, 2.5], dtype=tf.float32,
                                                     name='poisson'),
        'one_hot': tf.raw_ops.OneHot(indices=[0, 2], depth=3, on_value=1.0, off_value=0.0, name='one_hot'),
        'cumsum': tf.raw_ops.Cumsum(x=x, axis=1, name='cumsum'),
    }
    return out, feeds(a={'x': X})


GRAPHS = [unary, binary, reductions, cumulative, segments, counting, casts, complex_parts, sorting, numerics,
          check_numerics_ops, raw_literals]


# --- gradients --------------------------------------------------------------------------------

def grad_cases():
    def unary_grad():
        x, _ = xy()
        terms = [tf.log1p(x), tf.expm1(x), tf.sin(x), tf.cos(x), tf.tan(x), tf.asin(x), tf.acos(x), tf.atan(x),
                 tf.sinh(x), tf.cosh(x), tf.asinh(x), tf.acosh(x + 1.0), tf.atanh(x), tf.erf(x), tf.erfc(x),
                 tf.lgamma(x), tf.digamma(x), tf.math.softplus(x), tf.log_sigmoid(x), tf.floor(x) * x]
        return tf.add_n([tf.reduce_sum(t * (k + 1.0)) for k, t in enumerate(terms)]), [x], feeds(a={'x': X})

    def binary_grad():
        x, y = xy()
        loss = tf.reduce_sum(tf.atan2(y, x) + tf.math.xdivy(x, y) * 2.0 + tf.math.xlogy(x, x + 1.0) +
                             tf.scalar_mul(3.0, x) * y + tf.igamma(x + 1.0, x) + tf.floormod(y, 1.5) * x)
        return loss, [x, y], feeds(a={'x': X, 'y': Y})

    def special_grad():
        x, _ = xy()
        loss = tf.reduce_sum(tf.igammac(x + 1.0, x) + tf.zeta(x + 2.0, x) * 2.0 + tf.polygamma(tf.ones([2, 3]), x) * 3.0 +
                             tf.betainc(x + 1.0, x + 0.5, x) * 4.0)
        return loss, [x], feeds(a={'x': X})

    def reduction_grad():
        x, y = xy()
        loss = (tf.reduce_logsumexp(y * 2.0) + tf.reduce_sum(tf.reduce_logsumexp(y, axis=1) * [1.0, 3.0]) +
                tf.math.reduce_std(y) * 3.0 + tf.reduce_sum(tf.math.reduce_variance(x, axis=0) * [1.0, 2.0, 3.0]) +
                tf.math.reduce_euclidean_norm(x * y))
        return loss, [x, y], feeds(a={'x': X, 'y': Y})

    def cumulative_grad():
        x, y = xy()
        loss = tf.reduce_sum(tf.cumprod(y, axis=1) * x + tf.cumprod(x, exclusive=True, reverse=True) * 2.0 +
                             tf.math.cumulative_logsumexp(y, axis=1) * x)
        return loss, [x, y], feeds(a={'x': X, 'y': Y})

    def segment_grad():
        data = tf.placeholder(tf.float32, [4, 2], name='data')
        w = tf.constant([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0], [-1.0, 0.25]])
        terms = [tf.segment_sum(data, IDS), tf.segment_mean(data, IDS), tf.segment_max(data, IDS),
                 tf.segment_min(data, IDS), tf.segment_prod(data, IDS), tf.unsorted_segment_sum(data, IDS, 4),
                 tf.unsorted_segment_max(data, IDS, 4), tf.unsorted_segment_min(data, IDS, 4),
                 tf.unsorted_segment_prod(data, IDS, 4), tf.unsorted_segment_mean(data, IDS, 4),
                 tf.unsorted_segment_sqrt_n(data, IDS, 4), tf.sparse_segment_sum(data, [0, 2, 3], [0, 0, 1], num_segments=4),
                 tf.sparse_segment_mean(data, [1, 2, 3], [0, 1, 3]), tf.sparse_segment_sqrt_n(data, [0, 1, 3], [0, 0, 3])]
        return tf.add_n([tf.reduce_sum(t * w) for t in terms]), [data], feeds(a={'data': DATA})

    def negative_ids_grad():
        """Unsorted segments with an id of -1: its row left out."""
        data = tf.placeholder(tf.float32, [4, 2], name='data')
        ids = [0, -1, 2, 2]
        w = tf.constant([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0]])
        terms = [tf.unsorted_segment_prod(data, ids, 3), tf.unsorted_segment_max(data, ids, 3),
                 tf.unsorted_segment_mean(data, ids, 3), tf.unsorted_segment_sqrt_n(data, ids, 3)]
        return tf.add_n([tf.reduce_sum(t * w) for t in terms]), [data], feeds(a={'data': DATA})

    def sort_grad():
        x, y = xy()
        values, _ = tf.nn.top_k(y, 2)
        loss = (tf.reduce_sum(tf.sort(y) * [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) +
                tf.reduce_sum(tf.sort(x, axis=0, direction='DESCENDING') * x) + tf.reduce_sum(values * [3.0, -1.0]))
        return loss, [x, y], feeds(a={'x': X, 'y': Y})

    def misc_grad():
        x, y = xy()
        loss = tf.reduce_sum(tf.accumulate_n([x, y * 2.0, x]) * y + tf.verify_tensor_all_finite(x, 'm') * y +
                             tf.check_numerics(y, 'c') * x + tf.to_float(tf.to_double(x) * 2.0))
        return loss, [x, y], feeds(a={'x': X, 'y': Y})

    return {'unary': unary_grad, 'binary': binary_grad, 'special': special_grad, 'reductions': reduction_grad, 'cumulative': cumulative_grad,
            'segments': segment_grad, 'negative_ids': negative_ids_grad, 'sort': sort_grad, 'misc': misc_grad}


# --- training -------------------------------------------------------------------------------------

def training():
    """A softmax-free classifier: logits scored by reduce_logsumexp, with a reduce_std penalty, trained
    with GradientDescent."""
    with tf.Graph().as_default():
        x = tf.constant(X)
        w = tf.get_variable('w', [3, 4], initializer=tf.constant_initializer(np.arange(12).reshape(3, 4) * 0.1 - 0.5))
        logits = tf.matmul(x, w)
        labels = tf.constant([1, 3])
        picked = tf.reduce_sum(logits * tf.one_hot(labels, 4), axis=1)
        loss = tf.reduce_mean(tf.reduce_logsumexp(logits, axis=1) - picked) + 0.1 * tf.math.reduce_std(w)
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(5)]
            return {'losses': losses, 'w': sess.run(w).tolist()}


def run_errors():
    """What a failed check_numerics / verify_tensor_all_finite raises at run time."""
    out = {}
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2], name='x')
        for name, t in {'check': tf.check_numerics(tf.log(x), 'log of x'),
                        'verify': tf.verify_tensor_all_finite(x / 0.0, 'x over 0')}.items():
            with tf.Session() as sess:
                try:
                    sess.run(t, {x: [1.0, -1.0]})
                    raise AssertionError(name + ' did not fail')
                except tf.errors.OpError as e:
                    # The message's line of the check (the rest is where Python built the node).
                    out[name] = {'class': type(e).__name__,
                                 'message': next(m for m in e.message.split('\n') if 'Tensor had' in m)}
    return out


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'scalar_mul_vector': lambda: tf.scalar_mul([1.0, 2.0], z(2)),
        'sort_direction': lambda: tf.sort(z(3), direction='UP'),
        'sort_axis_tensor': lambda: tf.sort(z(3), axis=tf.placeholder(tf.int32, [])),
        'argsort_direction': lambda: tf.argsort(z(3), direction='descending'),
        'complex_types': lambda: tf.complex(z(2), tf.zeros([2], tf.float64)),
        'complex_ints': lambda: tf.complex(tf.zeros([2], tf.int32), tf.zeros([2], tf.int32)),
        'real_string': lambda: tf.real(tf.constant(['a'])),
        'conj_string': lambda: tf.conj(tf.constant(['a'])),
        'accumulate_empty': lambda: tf.accumulate_n([]),
        'accumulate_dtypes': lambda: tf.accumulate_n([z(2), tf.zeros([2], tf.int32)]),
        'accumulate_shapes': lambda: tf.accumulate_n([z(2), z(3)]),
        'accumulate_tensor_dtype': lambda: tf.accumulate_n([z(2)], tensor_dtype=tf.float64),
        'variance_int': lambda: tf.math.reduce_variance(tf.constant([1, 2])),
        'std_int': lambda: tf.math.reduce_std(tf.constant([1, 2])),
        'top_k_negative': lambda: tf.nn.top_k(z(3), -1),
        'top_k_too_big': lambda: tf.nn.top_k(z(3), 4),
        'floor_int': lambda: tf.floor(tf.constant([1])),
        'floordiv_types': lambda: tf.floordiv(z(2), tf.constant([1, 2])),
        'segment_rank': lambda: tf.segment_sum(z(2, 2), [[0, 0], [0, 0]]),
        'linspace_float_num': lambda: tf.linspace(0.0, 1.0, 2.5),
        'reduce_axis_twice': lambda: tf.reduce_any(tf.zeros([2], tf.bool), axis=0, reduction_indices=0),
        'reduce_keepdims_twice': lambda: tf.reduce_logsumexp(z(2), keepdims=True, keep_dims=True),
        'check_numerics_ops_cond': lambda: (tf.cond(tf.constant(True), lambda: z(2), lambda: z(2) + 1.0),
                                            tf.add_check_numerics_ops()),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(grad_cases()), 'training': training(),
           'run_errors': run_errors(), 'build_errors': build_errors()}
    # Compact: the op-by-op records would make it several times larger.
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
