"""TF1's tf.py_func, tf.numpy_function and tf.py_function built with TF 2.21 in graph mode, for
test/script_ops.test.ts: the PyFunc / PyFuncStateless / EagerPyFunc ops (token, Tin, Tout), the
unknown static shapes of their outputs, name scopes, the values session runs give (numbers,
strings, several outputs, inside a tf.data map), the errors runs raise (a function's exception by
class, wrong dtype or count of results, StopIteration ending a tf.data pipeline), their
non-differentiability, and the errors bad arguments raise while building.

Tokens are numbered per process (`pyfunc_<n>`): the records number them per graph from 0, in the
order of their ops, and the test does the same with its own.

Writes test/fixtures/graph_layer/script_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/script_ops.py
"""
import base64
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import error_json, errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'script_ops.json')
X = np.array([1.5, -2.0, 3.0], np.float32)


def shapes_of(fetch):
    return tf.nest.map_structure(
        lambda t: None if isinstance(t, tf.Operation) else t.shape.as_list() if t.shape.dims is not None else None, fetch)


def renumber(text, tokens):
    """`text` with each token replaced by its number among the graph's (first seen, first)."""
    def sub(m):
        tokens.setdefault(m.group(0), 'pyfunc_%d' % len(tokens))
        return tokens[m.group(0)]
    return re.sub(r'pyfunc_\d+', sub, text)


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def basic():
    x = tf.placeholder(tf.float32, [3], name='x')
    out = {
        'double': tf.py_func(lambda a: a * 2, [x], tf.float32),
        'stateless': tf.py_func(lambda a: a + 1, [x], tf.float32, stateful=False),
        'named': tf.py_func(lambda a: -a, [x], tf.float32, name='negate'),
        'numpy': tf.numpy_function(lambda a: a * a, [x], tf.float32),
        'eager': tf.py_function(lambda a: a * 3, [x], tf.float32),
    }
    return out, feeds(a={'x': X})


def lists():
    x = tf.placeholder(tf.float32, [3], name='x')
    n = tf.placeholder(tf.int32, [], name='n')
    pair = tf.py_func(lambda a, b: [a - 1, np.int32(b * 2)], [x, n], [tf.float32, tf.int32])
    single = tf.py_func(lambda a: [a], [x], [tf.float32])
    eager = tf.py_function(lambda a, b: [a, b + 1], [x, n], [tf.float32, tf.int32], name='both')
    none = tf.py_func(lambda a: None, [x], [])
    # Two inputs of one dtype, and a Python number input (a Const).
    mixed = tf.py_func(lambda a, b, c: a + b + c, [x, x, np.float32(1.0)], tf.float32)
    out = {'pair': pair, 'single': single, 'eager': eager, 'mixed': mixed}
    with tf.control_dependencies([none]):
        out['after'] = tf.identity(x)
    return out, feeds(a={'x': X, 'n': 4})


def strings():
    s = tf.placeholder(tf.string, [2], name='s')
    upper = tf.py_func(lambda a: np.array([v.upper() for v in a], dtype=object), [s], tf.string)
    length = tf.py_func(lambda a: np.int64(sum(len(v) for v in a)), [s], tf.int64)
    scalar = tf.py_func(lambda a: a[0] + b'!', [s], tf.string)
    return {'upper': upper, 'length': length, 'scalar': scalar}, feeds(a={'s': [b'ab', b'xyz']})


def scopes():
    x = tf.placeholder(tf.float32, [3], name='x')
    with tf.name_scope('outer'):
        a = tf.py_func(lambda v: v, [x], tf.float32)
        b = tf.py_func(lambda v: v, [x], tf.float32, name='f')
        c = tf.py_function(lambda v: v, [x], tf.float32, name='f')
    return {'a': a, 'b': b, 'c': c}, feeds(a={'x': X})


def chained():
    # A function of a function's output, and math on the unknown-shaped result.
    x = tf.placeholder(tf.float32, [3], name='x')
    y = tf.py_func(lambda a: a * 2, [x], tf.float32)
    z = tf.py_func(lambda a: a + 1, [y], tf.float32)
    return {'z': z, 'sum': tf.reduce_sum(z) + 1.0}, feeds(a={'x': X})


GRAPHS = [basic, lists, strings, scopes, chained]


# --- runs that fail: each builds a graph and returns the fetch ---------------------------------

def raise_(e):
    raise e


RUN_ERRORS = {
    'value_error': lambda x: tf.py_func(lambda a: raise_(ValueError('bad value')), [x], tf.float32),
    'type_error': lambda x: tf.py_func(lambda a: raise_(TypeError('bad type')), [x], tf.float32),
    'not_implemented': lambda x: tf.py_func(lambda a: raise_(NotImplementedError('later')), [x], tf.float32),
    'other_error': lambda x: tf.py_func(lambda a: raise_(KeyError('k')), [x], tf.float32),
    'wrong_dtype': lambda x: tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32),
    'too_many': lambda x: tf.py_func(lambda a: [a, a], [x], tf.float32),
    'none_for_one': lambda x: tf.py_func(lambda a: None, [x], tf.float32),
    'second_dtype': lambda x: tf.py_func(lambda a: [a, a], [x], [tf.float32, tf.int32]),
    'eager_wrong_count': lambda x: tf.py_function(lambda a: None, [x], tf.float32),
}


def run_errors():
    out = {}
    for name, build in RUN_ERRORS.items():
        with tf.Graph().as_default():
            x = tf.constant(X, name='x')
            fetch = build(x)
            with tf.Session() as sess:
                try:
                    sess.run(fetch)
                    raise AssertionError(name + ' did not fail')
                except tf.errors.OpError as e:
                    err = error_json(e)
                    # A Python exception's message goes on with its traceback: its first line.
                    err['message'] = renumber(err['message'].split('\n')[0], {})
                    out[name] = err
    return out


def dataset():
    """A tf.data map through py_func: the elements, then the OutOfRangeError its StopIteration gives."""
    with tf.Graph().as_default():
        def fn(v):
            if v >= 3:
                raise StopIteration('no more')
            return v * 10
        ds = tf.data.Dataset.range(6).map(lambda i: tf.py_func(fn, [i], tf.int64))
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        shape = shapes_of(nxt)
        got = []
        with tf.Session() as sess:
            try:
                while True:
                    got.append(value_json(sess.run(nxt)))
            except tf.errors.OutOfRangeError as e:
                return {'values': got, 'shape': shape, 'error': type(e).__name__}


def gradients():
    """PyFunc and PyFuncStateless are not differentiable: their inputs get no gradient."""
    with tf.Graph().as_default():
        x = tf.constant(X)
        y = tf.py_func(lambda a: a, [x], tf.float32)
        z = tf.py_func(lambda a: a, [x], tf.float32, stateful=False)
        return {'py_func': tf.gradients(y, x), 'stateless': tf.gradients(z, x)}


BUILD_ERRORS = {
    'not_callable': lambda: tf.py_func(3, [tf.constant(1.0)], tf.float32),
}


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of=shapes_of)
    for graph in recorded.values():
        tokens = {}
        for attrs in graph['attrs'].values():
            if 'token' in attrs:  # AttrValue JSON: bytes in base64
                token = base64.b64decode(attrs['token']['s']).decode()
                attrs['token']['s'] = base64.b64encode(renumber(token, tokens).encode()).decode()
    grads = gradients()
    out = {
        'graphs': recorded, 'values': values, 'run_errors': run_errors(), 'dataset': dataset(),
        'gradients': {k: [g is None for g in v] for k, v in grads.items()},
        'build_errors': errors_of(BUILD_ERRORS),
    }
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
