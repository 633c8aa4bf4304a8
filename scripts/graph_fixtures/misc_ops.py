"""TF1's remaining check_ops assertions, tf.print / tf.Print, and top-level utilities (tf.repeat,
tf.batch_gather, tf.histogram_fixed_width_bins, tf.fingerprint, tf.sparse_matmul, ...) built with
TF 2.21 in graph mode, for test/misc_ops.test.ts.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what
session runs give for each feed; the first line of what a failed assertion raises at run time;
tf.get_static_value / tf.is_tensor of a few tensors; and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/misc_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/misc_ops.py
"""
import re
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'misc_ops.json')

X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def after(deps, x):
    """x through an Identity run after deps (the asserts are ops: a session fetches them as None)."""
    with tf.control_dependencies(deps):
        return tf.identity(x)


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def asserts():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    d = tf.placeholder(tf.float32, None, name='d')
    i = tf.placeholder(tf.int32, [None], name='i')
    checks = [
        tf.assert_near(x, x + 1e-7),
        tf.debugging.assert_near(x, x * 1.01, rtol=0.05, atol=0.0, message='close', name='near'),
        tf.assert_near(tf.cast(x, tf.float64), tf.cast(x, tf.float64)),
        tf.assert_integer(i),
        tf.assert_rank_at_least(x, 1),
        tf.assert_rank_at_least(d, 2, message='deep'),
        tf.debugging.assert_shapes([(x, ('N', 'C')), (i, ('C',))]),
        tf.debugging.assert_shapes([(d, (Ellipsis, 'N')), (x, [2, None]), (i, '.')]),
        tf.debugging.assert_shapes([(x, [2, 3])], name='fixed'),
    ]
    s = tf.assert_scalar(tf.constant(3.0))
    return {'x': after(checks, x), 's': s, 'i': after(checks, i)}, feeds(
        a={'x': X, 'd': [[1.0, 2.0, 3.0]], 'i': [1, 2, 3]})


def printing():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    sp = tf.SparseTensor([[0, 1]], [2.0], [2, 2])
    prints = [
        tf.print(x),
        tf.print('x is', x, 3, {'b': x, 'a': [1, 'y']}, output_stream=sys.stdout),
        tf.print(tf.constant('just this'), name='just'),
        tf.print('{}', x, sep=', ', end='|', summarize=1, name='named'),
        tf.print(sp, [x, 'z'], output_stream=tf.logging.info),
    ]
    p = tf.Print(x, [x, x * 2.0], message='x: ', first_n=2, summarize=4)
    t = tf.timestamp()
    return {'x': after(prints, x), 'p': p, 'positive': tf.greater(t, 0.0)}, feeds(a={'x': X})


def utilities():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    i = tf.placeholder(tf.int32, [2, 2], name='i')
    r = tf.placeholder(tf.int32, [3], name='r')
    v = tf.placeholder(tf.float32, [1, 2, 2, 2, 1], name='v')
    out = {
        'repeat_flat': tf.repeat(x, 2),
        'repeat_axis0': tf.repeat(x, [1, 3], axis=0),
        'repeat_axis1': tf.repeat(x, r, axis=1),
        'repeat_scalar_axis1': tf.repeat(x, 2, axis=-1, name='rep'),
        'repeat_0d': tf.repeat(tf.constant(5), 3),
        'bins': tf.histogram_fixed_width_bins(x, [0.0, 5.0], nbins=4),
        'bins_default': tf.histogram_fixed_width_bins(x * 10.0, [0.0, 60.0]),
        'fingerprint': tf.fingerprint(tf.constant([[1, 2], [3, 4]])),
        'guarantee': tf.guarantee_const(x),
        'sparse_matmul': tf.sparse_matmul(x, x, transpose_b=True, a_is_sparse=True),
        'volume': tf.extract_volume_patches(v, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], 'VALID'),
        'batch_gather': tf.batch_gather(x, i - i),
        'batch_gather_3d': tf.batch_gather(tf.reshape(tf.range(24), [2, 3, 4]), tf.constant([[2, 0], [1, 1]])),
        'complex64': tf.to_complex64(x),
        'complex128': tf.to_complex128(x, name='c128'),
    }
    out = {k: tf.real(t) if t.dtype.is_complex else t for k, t in out.items()}
    return out, feeds(a={'x': X, 'i': [[0, 2], [1, 1]], 'r': [0, 2, 1],
                         'v': np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2, 1)})


def variables():
    a = tf.get_local_variable('a', [2], initializer=tf.ones_initializer())
    b = tf.get_variable('b', [3], regularizer=tf.no_regularizer)
    tf.add_to_collection('mine', a)
    tf.add_to_collections(['mine', 'yours'], b)
    with tf.device('/cpu:0'):
        c = tf.constant(1.0, name='on_cpu')
    with tf.name_scope(None, 'Default', [c]) as scope:
        d = tf.identity(c, name=scope + 'd')
    parts = tf.create_partitioned_variables([4, 3], [2, 1], tf.ones_initializer(), name='pv')
    tf.create_partitioned_variables([2], [2], tf.zeros_initializer(), dtype=tf.float64, trainable=False)
    ready = tf.assert_variables_initialized()
    init = tf.initialize_all_variables()
    init_local = tf.initialize_local_variables()
    init_some = tf.initialize_variables([b], name='init_b')
    tables = tf.initialize_all_tables()
    return {'ready': ready, 'd': after([init, init_local, init_some, tables], d), 'parts': parts}, feeds(a={})


GRAPHS = [asserts, printing, utilities, variables]


def run_errors():
    """The error (class, node, TF's message) of each failing assertion run."""
    out = {}
    cases = {
        'near': lambda x: tf.assert_near(x, x + 1.0),
        'rank_at_least': lambda x: tf.assert_rank_at_least(x, 3),
        'shapes_rank': lambda x: tf.debugging.assert_shapes([(x, ('N', 'M', 'K'))]),
        'shapes_size': lambda x: tf.debugging.assert_shapes([(x, ('N', 'N'))]),
        'shapes_fixed': lambda x: tf.debugging.assert_shapes([(x, (3, None))]),
        'not_initialized': lambda x: tf.assert_variables_initialized([tf.Variable(x, validate_shape=False)]),
    }
    for name, fn in cases.items():
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, None, name='x')
            check = fn(x)
            with tf.Session() as sess:
                try:
                    sess.run(check, {x: X})
                    raise AssertionError(name + ' did not fail')
                except tf.errors.OpError as e:
                    # io_ops.error_json's form; e.op is None here, the node is the message's.
                    node = re.search("Node: '([^']*)'\n", e.message).group(1)
                    out[name] = {'class': type(e).__name__, 'node': node,
                                 'message': e.message.split("Node: '%s'\n" % node, 1)[-1].split('\n\t [[')[0]}
    return out


def static_values():
    """tf.get_static_value and tf.is_tensor of a few values."""
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [2, 3])
        u = tf.placeholder(tf.float32, [None, 3])
        c = tf.constant([[1, 2], [3, 4]], tf.int64)
        vals = {
            'const': c, 'shape': tf.shape(p), 'shape_unknown': tf.shape(u), 'size': tf.size(p), 'rank': tf.rank(u),
            'range': tf.range(1, 10, 3), 'cast': tf.cast(c, tf.float32), 'stack': tf.stack([tf.constant(1), tf.constant(2)]),
            'concat': tf.concat([c, c * 1], 1), 'concat0': tf.concat([c, tf.constant([[5, 6]], tf.int64)], 0),
            'fill': tf.fill([2, 2], 7.0), 'identity': tf.identity(tf.constant(3.5)), 'placeholder': p,
        }
        static = {k: value_json(tf.get_static_value(t)) if tf.get_static_value(t) is not None else None
                  for k, t in vals.items()}
        var = tf.Variable(1.0)
        kinds = {'tensor': p, 'sparse': tf.SparseTensor([[0]], [1.0], [2]), 'variable': var, 'number': 3.0,
                 'list': [p]}
        is_tensor = {k: tf.is_tensor(v) for k, v in kinds.items()}
        return {'static': static, 'is_tensor': is_tensor,
                'float_dtype': [str(tf.assert_same_float_dtype([p, None])), str(tf.assert_same_float_dtype()),
                                str(tf.assert_same_float_dtype(None, tf.float64))]}


def build_errors():
    def z(*shape, dtype=tf.float32):
        return tf.zeros(shape, dtype)
    cases = {
        'integer_float': lambda: tf.assert_integer(z(2), message='ints'),
        'scalar_vector': lambda: tf.assert_scalar(z(2), message='one'),
        'scalar_unknown': lambda: tf.assert_scalar(tf.placeholder(tf.float32)),
        'rank_at_least_static': lambda: tf.assert_rank_at_least(z(2), 2, message='deep'),
        'rank_at_least_vector': lambda: tf.assert_rank_at_least(z(2), [1, 2]),
        'near_int': lambda: tf.assert_near(z(2, dtype=tf.int32), z(2, dtype=tf.int32)),
        'same_float_mixed': lambda: tf.assert_same_float_dtype([z(2), z(2, dtype=tf.float64)]),
        'same_float_expected': lambda: tf.assert_same_float_dtype([z(2)], tf.float64),
        'same_float_int': lambda: tf.assert_same_float_dtype([z(2, dtype=tf.int32)]),
        'proper_tensor': lambda: tf.assert_proper_iterable(z(2)),
        'proper_string': lambda: tf.assert_proper_iterable('abc'),
        'proper_number': lambda: tf.assert_proper_iterable(3),
        'shapes_size': lambda: tf.debugging.assert_shapes([(z(2, 3), ('N', 'N'))], message='square'),
        'shapes_explicit': lambda: tf.debugging.assert_shapes([(z(2, 3), (2, 4))]),
        'shapes_across': lambda: tf.debugging.assert_shapes([(z(2, 3), ('N', 'C')), (z(4), ('C',))]),
        'shapes_rank': lambda: tf.debugging.assert_shapes([(z(2, 3), ('N',))]),
        'shapes_ellipsis': lambda: tf.debugging.assert_shapes([(z(2, 3), ('N', '*'))]),
        'shapes_not_iterable': lambda: tf.debugging.assert_shapes([(z(2, 3), 3)]),
        'repeat_float': lambda: tf.repeat(z(2), 1.5),
        'repeat_rank2': lambda: tf.repeat(z(2), [[1, 2]]),
        'repeat_axis': lambda: tf.repeat(z(2, 3), 2, axis=2),
        'repeat_mismatch': lambda: tf.repeat(z(2, 3), [1, 2], axis=1),
        'print_stream': lambda: tf.print(z(2), output_stream='nowhere'),
        'batch_gather_rank': lambda: tf.batch_gather(z(2), tf.zeros([2, 1], tf.int32)),
        'partitioned_slicing': lambda: tf.create_partitioned_variables([4, 3], [2], tf.ones_initializer()),
    }
    return errors_of(cases)


def training():
    """A weight regressed by GradientDescent under an assert_near of its input and a tf.print."""
    with tf.Graph().as_default():
        w = tf.Variable([0.5, -0.5], name='w')
        x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        target = tf.repeat(tf.constant([1.0]), 2)
        with tf.control_dependencies([tf.assert_near(x, x), tf.print('w', w, output_stream='file:///dev/null')]):
            loss = tf.reduce_mean(tf.square(tf.linalg.matvec(x, w) - target))
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(5)]
            return {'losses': losses, 'w': sess.run(w).tolist()}


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of, initializer=lambda: tf.group(
        tf.global_variables_initializer(), tf.local_variables_initializer()))
    out = {'graphs': recorded, 'values': values, 'run_errors': run_errors(), 'static_values': static_values(),
           'build_errors': build_errors(), 'training': training()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
