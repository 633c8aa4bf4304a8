"""tf.gradients' options (name, grad_ys, stop_gradients, unconnected_gradients, aggregation_method,
gate_gradients, colocate_gradients_with_ops) and tf.TensorShape / tf.Dimension / tf.DeviceSpec,
built with TF 2.21 in graph mode, for test/gradient_options.test.ts.

Graphs (`graphs`): gradients through ops whose gradients tf1-node builds op by op as TF1 Python
(Identity, IdentityN), recorded op for op, with their values on feeds. Value cases (`values`):
gradients through ops of libtensorflow's C++ gradients (named differently by design), their
values only. Build errors of bad options, and what TensorShape, Dimension and DeviceSpec give.

Writes test/fixtures/graph_layer/gradient_options.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/gradient_options.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'graph_layer',
                   'gradient_options.json')
X = np.array([1.5, -2.0], np.float32)
ADD_N = tf.AggregationMethod.ADD_N


def x2(name='x'):
    return tf.placeholder(tf.float32, [2], name=name)


def three_ys(method):
    x = x2()
    ys = [tf.identity(x, name='y%d' % i) for i in range(3)]
    return tf.gradients(ys, x, aggregation_method=method), feeds(a={'x': X})


def aggregate_add_n():
    return three_ys(ADD_N)


def aggregate_tree():
    return three_ys(tf.AggregationMethod.EXPERIMENTAL_TREE)


def aggregate_accumulate_n():
    return three_ys(tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)


def named_scope():
    x = x2()
    with tf.name_scope('outer'):
        g = tf.gradients([tf.identity(x, name='y'), tf.identity(x, name='z')], x, name='my_grads',
                         aggregation_method=ADD_N)
    return g, feeds(a={'x': X})


def with_grad_ys():
    x = x2()
    dy = x2('dy')
    g = tf.gradients([tf.identity(x, name='y'), tf.identity(x, name='z')], x, grad_ys=[dy, None],
                     aggregation_method=ADD_N)
    return g, feeds(a={'x': X, 'dy': X * 3})


def stop_gradients():
    x = x2()
    a = tf.identity(x, name='a')
    b = tf.identity(a, name='b')
    c = tf.identity(x, name='c')
    return tf.gradients([b, c], [x, a], stop_gradients=[a]), feeds(a={'x': X})


def gate_gradients():
    a, b = x2('a'), x2('b')
    ys = tf.identity_n([a, b], name='idn')
    return tf.gradients(ys, [a, b], gate_gradients=True), feeds(a={'a': X, 'b': -X})


def colocate_gradients():
    x = x2()
    ys = [tf.identity(x, name='y'), tf.identity(x, name='z')]
    return tf.gradients(ys, x, colocate_gradients_with_ops=True), feeds(a={'x': X})


def unconnected_zero():
    x, z = x2(), x2('z')
    w = tf.placeholder(tf.float32, [None, 2], name='w')
    return (tf.gradients(tf.identity(x, name='y'), [x, z, w], unconnected_gradients='zero',
                         aggregation_method=ADD_N),
            feeds(a={'x': X, 'z': X, 'w': [X, X, X]}))


GRAPHS = [aggregate_add_n, aggregate_tree, aggregate_accumulate_n, named_scope, with_grad_ys, stop_gradients,
          gate_gradients, colocate_gradients, unconnected_zero]


# --- value cases: ops with C++ gradients here ------------------------------------------------------

def value_cases():
    """{name: (gradients, feeds)}: each builds in the default graph."""
    def stop_product():
        x = x2()
        a = x * x
        return tf.gradients(a * x + tf.sin(x), x, stop_gradients=[a]), feeds(a={'x': X})

    def tree_sum():
        x = x2()
        y = x * 2.0
        return tf.gradients(y + y + y + y, [x, y], aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE), \
            feeds(a={'x': X})

    def gate_matmul():
        a = tf.placeholder(tf.float32, [2, 2], name='a')
        b = tf.placeholder(tf.float32, [2, 2], name='b')
        return tf.gradients(tf.reduce_sum(tf.matmul(a, b) ** 2), [a, b], gate_gradients=True,
                            colocate_gradients_with_ops=True), \
            feeds(a={'a': [[1, 2], [3, 4]], 'b': [[0.5, -1], [2, 0.25]]})

    def unconnected_variables():
        x = x2()
        v = tf.Variable([[1.0, 2.0, 3.0]], name='v')
        r = tf.Variable([4.0], name='r', use_resource=True)
        return tf.gradients(tf.square(x), [v, r, x], unconnected_gradients=tf.UnconnectedGradients.ZERO), \
            feeds(a={'x': X})

    def unreachable_zero():
        x, z = x2(), x2('z')
        return tf.gradients(tf.sin(x), [z], unconnected_gradients='zero'), feeds(a={'x': X, 'z': X})

    def stop_in_loss():
        x = x2()
        w = tf.placeholder(tf.float32, [2], name='w')
        h = tf.tanh(x * w)
        loss = tf.reduce_sum(h * h + x)
        return tf.gradients(loss, [x, w], stop_gradients=[h], unconnected_gradients='zero'), \
            feeds(a={'x': X, 'w': X * 0.5})

    def hessians_options():
        x = x2()
        y = tf.reduce_sum(x * x * x) + x[0] * x[1]
        return tf.hessians(y, x, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE,
                           colocate_gradients_with_ops=True, gate_gradients=True), feeds(a={'x': X})

    return {f.__name__: f for f in [stop_product, tree_sum, gate_matmul, unconnected_variables, unreachable_zero,
                                     stop_in_loss, hessians_options]}


def values_of(cases):
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            grads, runs = fn()
            init = tf.global_variables_initializer()
            with tf.Session() as sess:
                sess.run(init)
                out[name] = [{'feed': value_json(f),
                              'grads': value_json(sess.run(grads, {k + ':0': v for k, v in f.items()}))}
                             for f in runs]
    return out


def build_errors():
    def y_x():
        x = x2()
        return tf.identity(x, name='y'), x
    cases = {
        'bad_aggregation': lambda: tf.gradients(*y_x(), aggregation_method=7),
        'bad_unconnected': lambda: tf.gradients(*y_x(), unconnected_gradients='foo'),
        'grad_ys_length': lambda: tf.gradients(*y_x(), grad_ys=[x2('a'), x2('b')]),
    }
    return errors_of(cases)


# --- TensorShape, Dimension, DeviceSpec ------------------------------------------------------------

def err(fn):
    try:
        fn()
    except (ValueError, TypeError) as e:
        return {'class': type(e).__name__, 'message': str(e)}
    raise AssertionError('did not raise')


def shapes():
    S, D = tf.TensorShape, tf.Dimension
    a, b, u = S([2, None]), S([None, 3]), S(None)
    return {
        'str': [str(a), str(b), str(u), str(S([])), str(S([4]))],
        'repr': [repr(a), repr(u), repr(S([]))],
        'as_list': [a.as_list(), S([]).as_list()],
        'ndims': [a.ndims, u.ndims, S([]).ndims],
        'rank': [len(a), a.rank],
        'dims': [d.value for d in a.dims],
        'fully_defined': [a.is_fully_defined(), S([2, 3]).is_fully_defined(), u.is_fully_defined()],
        'num_elements': [a.num_elements(), S([2, 3]).num_elements(), u.num_elements(), S([]).num_elements()],
        'merge_with': [a.merge_with(b).as_list(), u.merge_with(a).as_list(), a.merge_with(u).as_list()],
        'concatenate': [a.concatenate(b).as_list(), a.concatenate([5]).as_list(), str(a.concatenate(u))],
        'compatible': [a.is_compatible_with(b), a.is_compatible_with(S([3, 3])), a.is_compatible_with(u),
                       a.is_compatible_with([2, 7]), a.is_compatible_with(S([2]))],
        'most_specific': [str(a.most_specific_compatible_shape(b)), str(S([2, 3]).most_specific_compatible_shape(
            S([2, 4]))), str(a.most_specific_compatible_shape(S([2]))), str(u.most_specific_compatible_shape(a))],
        'with_rank': [a.with_rank(2).as_list(), u.with_rank(3).as_list()],
        'with_rank_at_least': [a.with_rank_at_least(1).as_list()],
        'index': [a[0].value, a[1].value, a[-1].value, a[0:1].as_list(), str(u[0:1])],
        'equal': [a == S([2, None]), S([2, 3]) == S([2, 3]), S([2, 3]) == [2, 3], a != b],
        'dimension': [str(D(3)), str(D(None)), repr(D(3)), D(3).value, D(None).value,
                      D(3).merge_with(None).value, D(None).merge_with(4).value, D(3).is_compatible_with(D(None)),
                      D(3).is_compatible_with(4), D(3) == 3, (D(3) + 2).value, (D(3) * D(None)).value,
                      (D(7) // 2).value, (D(7) - 2).value],
        'dimension_value': [tf.dimension_value(a[0]), tf.dimension_value(a[1]), tf.dimension_value(5)],
        'dimension_at_index': [tf.dimension_at_index(a, 0).value, tf.dimension_at_index(u, 2).value],
        'errors': {
            'merge': err(lambda: a.merge_with(S([3, 3]))),
            'merge_rank': err(lambda: a.merge_with(S([2]))),
            'as_list_unknown': err(lambda: u.as_list()),
            'with_rank': err(lambda: a.with_rank(3)),
            'with_rank_at_least': err(lambda: a.with_rank_at_least(3)),
            'dim_merge': err(lambda: D(2).merge_with(3)),
            'dim_negative': err(lambda: D(-1)),
            'dim_float': err(lambda: D(1.5)),
            'len_unknown': err(lambda: len(u)),
            'assert_compatible': err(lambda: a.assert_is_compatible_with(S([3, 3]))),
            'assert_fully_defined': err(lambda: a.assert_is_fully_defined()),
        },
    }


def devices():
    P = tf.DeviceSpec
    s = P.from_string('/job:ps/replica:1/task:2/device:GPU:3')
    t = P.from_string('/cpu:0')
    m = P.from_string('/job:worker')
    m.merge_from(t)
    return {
        'parts': [s.job, s.replica, s.task, s.device_type, s.device_index],
        'to_string': [s.to_string(), t.to_string(), P(job='ps', device_type='CPU').to_string(),
                      P(device_type='GPU', device_index=1).to_string(), P().to_string()],
        'merged': [m.to_string(), s.make_merged_spec(t).to_string(), t.make_merged_spec(s).to_string()],
        'replace': [s.replace(job='w', device_index=0).to_string()],
        'parse': [P.from_string('/task:1/gpu:*').to_string(), P.from_string('/device:CPU:*').to_string()],
        'errors': {
            'unknown': err(lambda: P.from_string('/foo:1')),
            'multiple': err(lambda: P.from_string('/cpu:0/gpu:1')),
        },
    }


def training():
    """w after each of 3 GradientDescent steps of a loss reaching w along several paths, summed by the
    tree method, gradients colocated with their ops."""
    with tf.Graph().as_default():
        w = tf.Variable([0.5, -1.0], name='w')
        x = tf.constant(X)
        loss = tf.reduce_sum(w * w * x + tf.sin(w) + w * x)
        step = tf.train.GradientDescentOptimizer(0.1).minimize(
            loss, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE, colocate_gradients_with_ops=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out = []
            for _ in range(3):
                sess.run(step)
                out.append(value_json(sess.run(w)))
            return out


def main():
    recorded, values = control_flow.graphs(GRAPHS)
    out = {'graphs': recorded, 'values': values, 'gradient_values': values_of(value_cases()),
           'build_errors': build_errors(), 'shapes': shapes(), 'devices': devices(),
           'training': training()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
