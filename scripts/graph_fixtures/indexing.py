"""TF1's tensor indexing (`x[...]`, Tensor.__getitem__ / `_slice_helper`) and Variable slicing and
slice assignment (`v[...]`, `v[...].assign(value)`) built with TF 2.21 in graph mode, for
test/indexing.test.ts: ints (negative too), slices with steps, Ellipsis, tf.newaxis, scalar int32 and
int64 tensor indices, bool tensor masks, on static and unknown shapes, in a name scope; the tf.math
functions written for the `tf.math` namespace (divide, multiply_no_nan, erfinv, bessel_*, lbeta, ...).

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed. Then gradients through the slices (C++ StridedSliceGrad) and those
tf.math functions, a GradientDescent training of a ref and of a resource variable through slices of
them, and the errors bad subscripts raise.

Writes test/fixtures/graph_layer/indexing.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/indexing.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'indexing.json')

X = np.arange(4 * 5 * 6, dtype=np.float32).reshape(4, 5, 6)
M = np.arange(12, dtype=np.float32).reshape(3, 4)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def x3():
    return tf.placeholder(tf.float32, [4, 5, 6], name='x')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def static_ints():
    x = x3()
    out = {
        'first': x[1],
        'last': x[-1],
        'range': x[1:3],
        'column': x[:, 2],
        'ellipsis_last': x[..., 1],
        'newaxis': x[tf.newaxis],
        'mixed': x[:, None, 1:4:2],
        'reverse': x[::-1],
        'three': x[1:-1, ::2, 3],
        'empty': x[()],
        'ellipsis_mid': x[2, ..., None, -2],
        'open_stop': x[2:, :-1],
        'negative_step': x[3:0:-2, 4],
        'element': x[1, 2, 3],
    }
    return out, feeds(a={'x': X})


def tensor_indices():
    x = x3()
    i = tf.placeholder(tf.int32, [], name='i')
    j = tf.placeholder(tf.int64, [], name='j')
    out = {
        'index': x[i],
        'index64': x[j],
        'from': x[i:],
        'to_step': x[:i, ::i],
        'int64_slice': x[1:j],
        'int64_with_int': x[j, 1:3],
        'two': x[i, 1, i],
        'mask_with_tensor': x[:, i:i + 2],
    }
    return out, feeds(a={'x': X, 'i': 1, 'j': 2}, b={'x': X, 'i': 2, 'j': 3})


def unknown_shape():
    u = tf.placeholder(tf.float32, [None, None], name='u')
    r = tf.placeholder(tf.float32, None, name='r')
    out = {'row': u[0], 'last_col': u[:, -1], 'unknown_rank': r[1:, 0], 'newaxis': r[tf.newaxis, ..., 0]}
    return out, feeds(a={'u': M, 'r': M})


def bool_mask():
    x = x3()
    m = tf.placeholder(tf.bool, [4], name='m')
    m2 = tf.placeholder(tf.bool, [4, 5], name='m2')
    return {'rows': x[m], 'cells': x[m2]}, feeds(a={'x': X, 'm': [True, False, True, True],
                                                  'm2': (np.arange(20).reshape(4, 5) % 3 == 0)})


def scoped():
    x = x3()
    with tf.name_scope('outer'):
        a = x[1:2]
        b = x[0]
    return {'a': a, 'b': b, 'again': x[3]}, feeds(a={'x': X})


def ref_variable():
    # Reads and assignments of different variables, so that one run's values do not depend on op order.
    v = tf.Variable(M, name='v')
    u = tf.Variable(M, name='u')
    w = tf.Variable(M, name='w')
    out = {
        'row': v[1],
        'block': v[:2, 1:3],
        'assign': u[1:3, ::2].assign(tf.constant([[-1.0, -2.0], [-3.0, -4.0]])),
        'assign_named': w[0].assign([9.0, 8.0, 7.0, 6.0], name='set_row'),
    }
    return out, feeds(a={})


def resource_variable():
    r = tf.Variable(M, name='r', use_resource=True)
    q = tf.Variable(M, name='q', use_resource=True)
    s = tf.Variable(M, name='s', use_resource=True)
    out = {
        'row': r[-1],
        'block': r[:, 2:],
        'assign': q[0, :2].assign([-1.0, -2.0]),
        'assign_named': s[..., 3].assign(tf.zeros([3]), name='set_col'),
    }
    return out, feeds(a={})


def scoped_assign():
    v = tf.Variable(M, name='v')
    with tf.name_scope('outer'):
        a = v[2].assign([1.0, 2.0, 3.0, 4.0])
    return {'a': a}, feeds(a={})


def math_divide():
    x = tf.placeholder(tf.float32, [3], name='xf')
    return {'named': tf.math.divide(x, 2.0, name='half'), 'host_x': tf.math.divide(6.0, x),
            'tensors': tf.math.divide(x, x)}, feeds(a={'xf': [1.0, 2.0, 4.0]})


def math_extras():
    p = tf.placeholder(tf.float32, [3], name='p')
    x = tf.placeholder(tf.float32, [2, 3], name='xm')
    out = {
        'multiply_no_nan': tf.math.multiply_no_nan(x, tf.constant([0.0, 1.0, 2.0])),
        'reciprocal_no_nan': tf.math.reciprocal_no_nan(x - 1.0, name='rnn'),
        'erfinv': tf.math.erfinv(p * 0.5),
        'ndtri': tf.math.ndtri(p, name='q'),
        'erfcinv': tf.math.erfcinv(p),
        'bessel_i0': tf.math.bessel_i0(x),
        'bessel_i0e': tf.math.bessel_i0e(x),
        'bessel_i1': tf.math.bessel_i1(x),
        'bessel_i1e': tf.math.bessel_i1e(x),
        'nextafter': tf.math.nextafter(p, tf.constant([0.0, 1.0, 0.0])),
        'lbeta': tf.math.lbeta(x + 1.0),
        'polyval': tf.math.polyval([1.0, -2.0, tf.constant(0.5)], x),
        'polyval_empty': tf.math.polyval([], p),
    }
    return out, feeds(a={'p': [0.25, 0.5, 0.75], 'xm': [[0.5, 1.0, 2.0], [1.0, -1.5, 3.0]]})


def monotonic():
    p = tf.placeholder(tf.float32, [3], name='p')
    m = tf.placeholder(tf.int32, [2, 2], name='m')
    one = tf.placeholder(tf.float32, [None], name='one')
    out = {'non_decreasing': tf.math.is_non_decreasing(p), 'strictly': tf.math.is_strictly_increasing(m, name='inc'),
           'short': tf.debugging.is_non_decreasing(one)}
    return out, feeds(a={'p': [1.0, 1.0, 2.0], 'm': [[1, 2], [3, 4]], 'one': [5.0]},
                      b={'p': [1.0, 0.5, 2.0], 'm': [[1, 2], [2, 4]], 'one': [5.0, 6.0]})


GRAPHS = [static_ints, tensor_indices, unknown_shape, bool_mask, scoped, ref_variable, resource_variable,
          scoped_assign, math_divide, math_extras, monotonic]


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: StridedSlice's C++ gradient, through static and tensor subscripts."""
    def slices():
        x = tf.placeholder(tf.float32, [3, 4], name='x')
        y = x[1:, ::2] * tf.constant([[1.0, 2.0], [3.0, 4.0]])
        return tf.reduce_sum(y) + tf.reduce_sum(tf.square(x[0])) + tf.reduce_sum(x[..., -1, tf.newaxis]), [x], feeds(
            a={'x': M})

    def tensor_index():
        x = tf.placeholder(tf.float32, [3, 4], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        return tf.reduce_sum(tf.exp(x[i] * 0.1)) + tf.reduce_sum(x[:, i:]), [x], feeds(a={'x': M, 'i': 1},
                                                                                       b={'x': M, 'i': 2})

    def variable_slice():
        v = tf.Variable(M, name='v')
        r = tf.Variable(M, name='r', use_resource=True)
        return tf.reduce_sum(tf.square(v[1:, 2])) + tf.reduce_sum(r[::-1, 0] * tf.constant([1.0, 2.0, 3.0])), [v, r], \
            feeds(a={})
    def math_extras():
        p = tf.placeholder(tf.float32, [3], name='p')
        x = tf.placeholder(tf.float32, [2, 3], name='xm')
        loss = (tf.reduce_sum(tf.math.erfinv(p * 0.5)) + tf.reduce_sum(tf.math.ndtri(p)) +
                tf.reduce_sum(tf.math.erfcinv(p)) +
                tf.reduce_sum(tf.math.multiply_no_nan(x, tf.constant([0.0, 1.0, 2.0]))) +
                tf.reduce_sum(tf.math.reciprocal_no_nan(x + 2.0)) + tf.reduce_sum(tf.math.lbeta(x + 3.0)) +
                tf.reduce_sum(tf.math.polyval([1.0, -2.0, 0.5], x)) + tf.reduce_sum(tf.math.bessel_i0e(x)) +
                tf.reduce_sum(tf.math.bessel_i1e(x)) + tf.reduce_sum(tf.math.bessel_i0(x)) +
                tf.reduce_sum(tf.math.bessel_i1(x)))
        # At x = 0 the I1 gradients are imputed (1 and 0.5).
        return loss, [p, x], feeds(a={'p': [0.25, 0.5, 0.75], 'xm': [[0.5, 1.0, 2.0], [1.0, -1.5, 3.0]]},
                                   b={'p': [0.1, 0.2, 0.9], 'xm': [[0.0, -0.5, 2.0], [0.0, 1.5, -2.5]]})
    return {'slices': slices, 'tensor_index': tensor_index, 'variable_slice': variable_slice,
            'math_extras': math_extras}


# --- training ---------------------------------------------------------------------------------

TARGET = np.array([[1.0, -1.0], [0.5, 2.0]], np.float32)


def training(use_resource):
    """A variable fitted through two slices of it by GradientDescent, then a slice of it reset by assignment."""
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(M * 0.1, name='w', use_resource=use_resource)
        loss = tf.reduce_sum(tf.square(w[1:, :2] - TARGET)) + tf.reduce_sum(tf.square(w[0, ::3]))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        reset = w[2, 1:].assign([0.0, 0.0, 0.0])
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                losses.append(float(sess.run([loss, train_op])[0]))
            trained = sess.run(w)
            sess.run(reset)
            final = sess.run(w)
    return {'losses': losses, 'trained': value_json(trained), 'reset': value_json(final)}


# --- errors while building ---------------------------------------------------------------------

def build_errors():
    def x():
        return tf.zeros([4, 5, 6])
    cases = {
        'float_index': lambda: x()[1.5],
        'string_index': lambda: x()['a'],
        'vector_index': lambda: x()[tf.constant([1, 2])],
        'float_tensor_index': lambda: x()[tf.constant(1.0)],
        'float_slice_bound': lambda: x()[1:2.5],
        'too_many_indices': lambda: x()[0, 0, 0, 0],
        'index_out_of_range': lambda: x()[4],
        'negative_out_of_range': lambda: x()[:, -6],
        'two_ellipses': lambda: x()[..., 1, ...],
        'zero_step': lambda: x()[::0],
        'mask_scalar': lambda: x()[tf.constant(True)],
        'non_decreasing_string': lambda: tf.math.is_non_decreasing(tf.constant(['a', 'b'])),
        'variable_mask_assign': lambda: tf.Variable(M)[tf.constant([True, False, True])].assign(tf.zeros([2, 4])),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(grad_cases()),
           'training': {'ref': training(False), 'resource': training(True)}, 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
