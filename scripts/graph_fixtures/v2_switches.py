"""TF1's porting switches and type specs, built with TF 2.21 in graph mode, for test/v2_switches.test.ts:
graphs built after tf.enable_resource_variables() (Variable and get_variable make resource variables)
and after tf.enable_control_flow_v2() (cond and while_loop build If and While ops in the default
graph), their values, a few steps of GradientDescent on such a graph, and what the type specs
(tf.TensorSpec, tf.SparseTensorSpec, tf.RaggedTensorSpec, ...) print and answer.

Writes test/fixtures/graph_layer/v2_switches.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/v2_switches.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds

tf.disable_v2_behavior()
tf.get_logger().setLevel('ERROR')

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'v2_switches.json')

X = np.array([1.5, -2.0], np.float32)


def with_switch(enable, disable):
    """The graph function run with a switch on, and off again after."""
    def wrap(fn):
        def built():
            enable()
            try:
                return fn()
            finally:
                disable()
        built.__name__ = fn.__name__
        return built
    return wrap


resource_on = with_switch(tf.enable_resource_variables, tf.disable_resource_variables)
cfv2_on = with_switch(tf.enable_control_flow_v2, tf.disable_control_flow_v2)


@resource_on
def resource_variables():
    x = tf.placeholder(tf.float32, [2], name='x')
    v = tf.Variable([1.0, 2.0], name='v')
    w = tf.get_variable('w', [2], initializer=tf.ones_initializer())
    ref = tf.Variable(3.0, use_resource=False, name='ref')
    with tf.variable_scope('scoped'):
        s = tf.get_variable('s', [], initializer=tf.constant_initializer(0.5))
    # A scope's use_resource=False wins over the switch, for Variable as for get_variable.
    with tf.variable_scope('refs', use_resource=False):
        r = tf.Variable(1.0, name='r') + tf.get_variable('g', [], initializer=tf.ones_initializer())
    y = tf.add(tf.add(tf.multiply(x, v, name='mul'), tf.multiply(w, ref, name='mul'), name='add'), s, name='add')
    return {'y': y, 'r': r}, feeds(a={'x': X})


@cfv2_on
def cond_v2_default():
    x = tf.placeholder(tf.float32, [2], name='x')
    p = tf.placeholder(tf.bool, [], name='p')
    r = tf.cond(p, lambda: x * 2.0, lambda: x - 1.0)
    pair = tf.cond(p, lambda: (x, x + 1.0), lambda: (x * 3.0, x), name='pair')
    return {'r': r, 'pair': list(pair)}, feeds(t={'x': X, 'p': True}, f={'x': X, 'p': False})


@cfv2_on
def while_v2_default():
    x = tf.placeholder(tf.float32, [2], name='x')
    n = tf.placeholder(tf.int32, [], name='n')
    i, acc = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * 2.0 + x), [0, x])
    return {'i': i, 'acc': acc}, feeds(a={'x': X, 'n': 3}, b={'x': X, 'n': 0})


GRAPHS = [resource_variables, cond_v2_default, while_v2_default]


def training():
    """A resource variable trained by GradientDescent through a v2 cond and while loop: its loss each step."""
    with tf.Graph().as_default():
        tf.enable_resource_variables()
        tf.enable_control_flow_v2()
        try:
            w = tf.get_variable('w', [2], initializer=tf.constant_initializer([0.5, -1.0]))
            _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 0.9 + w), [0, tf.zeros([2])])
            loss = tf.cond(tf.reduce_sum(y) > 0.0, lambda: tf.reduce_sum(tf.square(y - 1.0)),
                           lambda: tf.reduce_sum(tf.square(y + 1.0)))
            train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        finally:
            tf.disable_resource_variables()
            tf.disable_control_flow_v2()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(4)]
            return {'losses': losses, 'w': sess.run(w).tolist()}


def specs():
    """What each spec expression (written here as the test writes it) gives: its repr, or the error."""
    a = tf.TensorSpec([2, None], tf.float32, name='x')
    b = tf.TensorSpec([2, 3], tf.float32)
    r = tf.RaggedTensorSpec([2, None, 3], tf.int32)
    cases = {
        'tensor': lambda: a,
        'tensor_default': lambda: tf.TensorSpec(None),
        'compatible': lambda: a.is_compatible_with(b),
        'compatible_dtype': lambda: b.is_compatible_with(tf.TensorSpec([2, 3], tf.int32)),
        'compatible_tensor': lambda: tf.TensorSpec([None], tf.float32).is_compatible_with(tf.zeros([3])),
        'compatible_sparse': lambda: tf.TensorSpec([None]).is_compatible_with(tf.SparseTensorSpec([2])),
        'common_named': lambda: a.most_specific_compatible_type(b),
        'common': lambda: tf.TensorSpec([2, None]).most_specific_compatible_type(b),
        'common_dims': lambda: b.most_specific_compatible_type(tf.TensorSpec([3, 3])),
        'common_rank': lambda: b.most_specific_compatible_type(tf.TensorSpec([3])),
        'common_dtype': lambda: b.most_specific_compatible_type(tf.TensorSpec([2, 3], tf.int32)),
        'common_kind': lambda: b.most_specific_compatible_type(tf.SparseTensorSpec([2, 3])),
        'supertype_none': lambda: tf.TensorSpec([2]).most_specific_common_supertype([tf.TensorSpec([3], tf.int32)]),
        'subtype': lambda: tf.TensorSpec([2]).is_subtype_of(tf.TensorSpec([None])),
        'not_subtype': lambda: tf.TensorSpec([None]).is_subtype_of(tf.TensorSpec([2])),
        'equal': lambda: a == tf.TensorSpec([2, None], tf.float32, name='x'),
        'equal_name': lambda: a == tf.TensorSpec([2, None], tf.float32),
        'equal_kind': lambda: tf.SparseTensorSpec([2]) == tf.TensorSpec([2]),
        'sparse': lambda: tf.SparseTensorSpec([2, None], tf.int32),
        'sparse_default': lambda: tf.SparseTensorSpec(),
        'sparse_common': lambda: tf.SparseTensorSpec([2]).most_specific_compatible_type(tf.SparseTensorSpec([3])),
        'ragged': lambda: r,
        'ragged_2d': lambda: tf.RaggedTensorSpec([2, None], tf.int32),
        'ragged_rank1': lambda: tf.RaggedTensorSpec([2, None, 3], tf.int32, ragged_rank=1, row_splits_dtype=tf.int32),
        'ragged_rank0': lambda: tf.RaggedTensorSpec([2], tf.int32),
        'ragged_common': lambda: r.most_specific_compatible_type(tf.RaggedTensorSpec([3, None, 3], tf.int32)),
        'ragged_compatible': lambda: tf.RaggedTensorSpec([2, None], tf.int32).is_compatible_with(
            tf.RaggedTensorSpec([None, None], tf.int32)),
        'ragged_no_rank': lambda: tf.RaggedTensorSpec(),
        'ragged_rank_big': lambda: tf.RaggedTensorSpec([2, None], tf.int32, ragged_rank=2),
        'tensor_array': lambda: tf.TensorArraySpec([2], tf.float32),
        'tensor_array_default': lambda: tf.TensorArraySpec(),
        'tensor_array_options': lambda: tf.TensorArraySpec([2], tf.float32, dynamic_size=True, infer_shape=False),
        'tensor_array_compatible': lambda: tf.TensorArraySpec([2]).is_compatible_with(
            tf.TensorArraySpec([None], infer_shape=False)),
        'tensor_array_common': lambda: tf.TensorArraySpec([2]).most_specific_compatible_type(
            tf.TensorArraySpec([None], infer_shape=False)),
        'indexed_slices': lambda: tf.IndexedSlicesSpec([2, 3], tf.float32),
        'indexed_slices_default': lambda: tf.IndexedSlicesSpec(),
        'indexed_slices_options': lambda: tf.IndexedSlicesSpec([2, 3], tf.float32, tf.int32, tf.int32, [3]),
        'indexed_slices_compatible': lambda: tf.IndexedSlicesSpec([2, 3]).is_compatible_with(
            tf.IndexedSlicesSpec([None, 3])),
        'optional': lambda: tf.OptionalSpec(tf.TensorSpec([], tf.int32)),
        'optional_nested': lambda: tf.OptionalSpec({'a': tf.TensorSpec([], tf.int32), 'b': (tf.TensorSpec([2]),)}),
        'optional_common': lambda: tf.OptionalSpec(tf.TensorSpec([], tf.int32)).most_specific_compatible_type(
            tf.OptionalSpec(tf.TensorSpec([2], tf.int32))),
        'optional_compatible': lambda: tf.OptionalSpec(tf.TensorSpec([], tf.int32)).is_compatible_with(
            tf.OptionalSpec(tf.TensorSpec(None, tf.int32))),
        'none': lambda: tf.NoneTensorSpec(),
        'none_equal': lambda: tf.NoneTensorSpec() == tf.NoneTensorSpec(),
        'from_tensor': lambda: tf.TensorSpec.from_tensor(tf.zeros([2, 3], name='z')),
        'from_spec': lambda: tf.TensorSpec.from_spec(a, name='y'),
        'value_tensor': lambda: tf.type_spec_from_value(tf.placeholder(tf.float32, [None, 2], name='p')),
        'value_sparse': lambda: tf.type_spec_from_value(tf.SparseTensor([[0]], [1.0], [3])),
        'value_ragged': lambda: tf.type_spec_from_value(tf.ragged.constant([[1], [2, 3]])),
        'value_slices': lambda: tf.type_spec_from_value(
            tf.IndexedSlices(tf.zeros([1, 4]), tf.constant([0]), tf.constant([5, 4]))),
        'value_int': lambda: tf.type_spec_from_value(3),
        'value_float_list': lambda: tf.type_spec_from_value([[1.5, 2.0]]),
        'value_string': lambda: tf.type_spec_from_value('abc'),
        'value_none': lambda: tf.type_spec_from_value(None),
    }
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            try:
                out[name] = repr(fn())
            except (ValueError, TypeError) as e:
                out[name] = '!%s: %s' % (type(e).__name__, e)
    return out


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'training': training(), 'specs': specs()}
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', OUT)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


if __name__ == '__main__':
    main()
