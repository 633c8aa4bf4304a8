"""TF1's functional ops (tf.compat.v1.map_fn, foldl, foldr, scan), tf.hessians, tf.grad_pass_through and
tf.make_template, built with TF 2.21 in graph mode (v2 control flow off: v1 while loops over
TensorArrays), for test/functional_ops.test.ts.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed. Then gradients through the loops (their values), a small training of a
model applied row by row with map_fn, and the errors bad arguments raise.

Writes test/fixtures/graph_layer/functional_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/functional_ops.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'functional_ops.json')

X = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 2.0]], np.float32)
V = np.array([1.0, 2.0, -3.0, 0.5], np.float32)
FED = feeds(a={'x': X})


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def x32(shape=(3, 2)):
    return tf.placeholder(tf.float32, shape, name='x')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def map_basic():
    x = x32()
    doubled = tf.map_fn(lambda r: r * 2.0 + 1.0, x)
    sums = tf.map_fn(lambda r: tf.reduce_sum(r), x, name='sums')
    counts = tf.map_fn(lambda r: tf.cast(tf.reduce_sum(r), tf.int32), x, dtype=tf.int32)
    return {'doubled': doubled, 'sums': sums, 'counts': counts}, FED


def map_nested():
    x = x32()
    y = tf.placeholder(tf.float32, [3], name='y')
    pair = tf.map_fn(lambda e: (e[0] * e[1], e[1] + 1.0), (x, y))
    mixed = tf.map_fn(lambda e: {'n': tf.reduce_sum(e['a']) > e['b'], 's': e['a'][0]}, {'a': x, 'b': y},
                      fn_output_signature={'n': tf.bool, 's': tf.float32})
    return {'pair': list(pair), 'mixed': mixed}, feeds(a={'x': X, 'y': [1.0, -2.0, 0.0]})


def map_options():
    x = x32([None, 2])
    out = tf.map_fn(lambda r: tf.square(r), x, parallel_iterations=4, back_prop=False, swap_memory=True,
                    infer_shape=False, name='sq')
    host = tf.map_fn(lambda r: r + 1, np.array([[1, 2], [3, 4]], np.int32))
    return {'out': out, 'host': host}, feeds(a={'x': X}, b={'x': X[:1]})


def folds():
    v = tf.placeholder(tf.float32, [4], name='v')
    left = tf.foldl(lambda a, e: a * 0.5 + e, v)
    left_init = tf.foldl(lambda a, e: a - e, v, initializer=10.5, name='left')
    right = tf.foldr(lambda a, e: a * 0.5 + e, v)
    right_init = tf.foldr(lambda a, e: a - e, v, initializer=tf.constant(10.0), parallel_iterations=2)
    return {'left': left, 'left_init': left_init, 'right': right, 'right_init': right_init}, feeds(a={'v': V})


def folds_nested():
    x = x32([None, 2])
    y = tf.placeholder(tf.float32, [None], name='y')
    left = tf.foldl(lambda a, e: (a[0] + e[0], a[1] * e[1]), (x, y), initializer=(tf.zeros([2]), 1.5))
    right = tf.foldr(lambda a, e: a + e[0] * e[1], (x, y), initializer=tf.zeros([2]), back_prop=False)
    right_self = tf.foldr(lambda a, e: a * e, y)
    return {'left': list(left), 'right': right, 'right_self': right_self}, feeds(
        a={'x': X, 'y': [1.0, -2.0, 0.5]}, b={'x': X[:2], 'y': [3.0, 4.0]})


def scans():
    v = tf.placeholder(tf.float32, [4], name='v')
    cum = tf.scan(lambda a, e: a + e, v)
    init = tf.scan(lambda a, e: a * e, v, initializer=2.5, name='prod')
    rev = tf.scan(lambda a, e: a + e, v, reverse=True)
    rev_init = tf.scan(lambda a, e: a - e, v, initializer=tf.constant(1.0), reverse=True, infer_shape=False)
    return {'cum': cum, 'init': init, 'rev': rev, 'rev_init': rev_init}, feeds(a={'v': V})


def scans_nested():
    x = x32([None, 2])
    y = tf.placeholder(tf.float32, [None], name='y')
    pair = tf.scan(lambda a, e: (a[0] + e[0], a[1] * e[1]), (x, y))
    fib = tf.scan(lambda a, _: (a[1], a[0] + a[1]), y, initializer=(tf.constant(0.0), tf.constant(1.0)))
    rev = tf.scan(lambda a, e: a + e[0] * e[1], (x, y), initializer=tf.zeros([2]), reverse=True,
                  parallel_iterations=1)
    return {'pair': list(pair), 'fib': list(fib), 'rev': rev}, feeds(
        a={'x': X, 'y': [1.0, -2.0, 0.5]}, b={'x': X[:2], 'y': [3.0, 4.0]})


def dense(x, units=2):
    w = tf.get_variable('w', [2, units], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable('b', [units], initializer=tf.zeros_initializer())
    return tf.matmul(x, w) + b


def frozen(getter, name, *args, **kwargs):
    kwargs['trainable'] = False
    return getter(name, *args, **kwargs)


def templates():
    x = x32()
    t = tf.make_template('dense', dense)
    a = t(x)
    b = t(x * 2.0)
    c = tf.make_template('dense', dense)(x)
    now = tf.make_template('now', dense, create_scope_now_=True)
    with tf.name_scope('outer'):
        d = now(x)
        e = now(x)
    f = tf.make_template('ignored', dense, unique_name_='fixed', units=3)(x)
    with tf.variable_scope('vs'):
        inner = tf.make_template('inner', dense, custom_getter_=frozen)
        g = inner(x)
        h = inner(x + 1.0)
    mapped = tf.map_fn(lambda r: t(r[None])[0], x)
    return {'a': a, 'b': b, 'c': c, 'd': d, 'e': e, 'f': f, 'g': g, 'h': h, 'mapped': mapped}, FED


def map_variables():
    """Variables made in fn: outside the loop, read where their reader runs (the caching device map_fn sets)."""
    x = x32()
    with tf.variable_scope('layer'):
        y = tf.map_fn(lambda r: dense(r[None])[0], x)
    z = tf.foldl(lambda a, r: a + dense(r[None])[0], x, initializer=tf.zeros([2]), name='fold')
    return {'y': y, 'z': z}, FED


GRAPHS = [map_basic, map_nested, map_options, folds, folds_nested, scans, scans_nested, templates, map_variables]


def template_props():
    """What a template tells of its scope and variables, before and after its first call."""
    with tf.Graph().as_default():
        x = x32()
        t = tf.make_template('dense', dense)
        made = tf.make_template('made', dense, create_scope_now_=True)
        inner = tf.make_template('inner', dense, custom_getter_=frozen)

        def props(tm):
            return {'name': tm.name, 'scope': tm.variable_scope_name,
                    'variables': [v.name for v in tm.variables],
                    'trainable': [v.name for v in tm.trainable_variables],
                    'non_trainable': [v.name for v in tm.non_trainable_variables],
                    'global': [v.name for v in tm.global_variables], 'local': [v.name for v in tm.local_variables]}
        before = [props(t), props(made), props(inner)]
        t(x)
        made(x)
        inner(x)
        return {'before': before, 'after': [props(t), props(made), props(inner)]}


def template_errors():
    """The errors of templates (the message up to the trace of where the template was made)."""
    def new_variable(x):
        return x * tf.Variable(1.0, name='v')

    def grows(x, n=[0]):
        n[0] += 1
        return x * tf.get_variable('v%d' % n[0], [], initializer=tf.ones_initializer())

    def fails_first(x, n=[0]):
        n[0] += 1
        if n[0] == 1:
            raise ValueError('first call fails')
        return dense(x)
    def twice(name, fn):
        t = tf.make_template(name, fn)
        return [t(tf.ones([2])) for _ in range(2)]
    cases = {
        'trainable_after_first': lambda: twice('nv', new_variable),
        'new_get_variable': lambda: twice('grows', grows),
    }
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            try:
                fn()
            except ValueError as e:
                msg = str(e)
                out[name] = {'class': type(e).__name__, 'message': msg[:msg.index('\n\noriginally defined at:')]}
    with tf.Graph().as_default():
        t = tf.make_template('retry', fails_first)
        try:
            t(x32())
        except ValueError as e:
            out['first_call'] = {'class': type(e).__name__, 'message': str(e).split('\n\n')[0]}
        # A failed first call leaves the template to make its variables on the next one.
        t(tf.ones([3, 2]))
        out['retried'] = [v.name for v in t.trainable_variables]
    with tf.Graph().as_default():
        try:
            tf.make_template(None, dense)
        except ValueError as e:
            out['no_name'] = {'class': type(e).__name__, 'message': str(e)}
    return out


def hessian_values():
    """tf.hessians of placeholders and of a variable (their values: the gradients' ops differ by design)."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [3], name='x')
        w = tf.placeholder(tf.float32, [2, 2], name='w')
        v = tf.get_variable('v', [2], initializer=tf.constant_initializer([0.5, -1.5]))
        y = tf.reduce_sum(x * x * x) + x[0] * x[1]
        z = tf.reduce_sum(tf.tanh(tf.matmul(tf.reshape(x[:2], [1, 2]), w))) * x[2]
        p = tf.placeholder(tf.float32, [4], name='p')
        # Through the gradient ops' own gradients (second_order_grad.ts).
        acts = tf.reduce_sum(tf.sigmoid(p) * p) + tf.reduce_sum(tf.sqrt(p)) + tf.reduce_sum(tf.rsqrt(p)) + \
            tf.reduce_sum(tf.reciprocal(p)) + tf.reduce_sum(tf.nn.relu(p - 1.0) * p) + \
            tf.reduce_sum(tf.nn.relu6(p) * p) + tf.reduce_sum(tf.nn.elu(p - 1.0) * p) + \
            tf.reduce_sum(tf.nn.selu(p - 1.0) * p) + tf.reduce_sum(tf.nn.softplus(p) * p)
        hs = tf.hessians(y, x) + tf.hessians(z, [x, w]) + tf.hessians(tf.reduce_sum(v * v * v) * x[0], v) + \
            tf.hessians(acts, p)
        runs = feeds(a={'x': [1.0, -2.0, 0.5], 'w': [[0.5, -1.0], [0.25, 2.0]], 'p': [0.5, 1.5, 2.0, 7.0]})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return {'feeds': [value_json(f) for f in runs],
                    'values': [value_json(sess.run(hs, {k + ':0': val for k, val in f.items()})) for f in runs]}


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: through the loops, to what they read."""
    def w_of():
        return tf.placeholder(tf.float32, [2], name='w')
    fed = feeds(a={'x': X, 'w': [0.5, -1.0]})

    def map_grad():
        x, w = x32(), w_of()
        y = tf.map_fn(lambda r: tf.tanh(r * w), x)
        return tf.reduce_sum(y * tf.constant([[1.0], [2.0], [3.0]])), [x, w], fed

    def map_nested_grad():
        x, w = x32(), w_of()
        a, b = tf.map_fn(lambda e: (e[0] * w, tf.reduce_sum(e[0] * e[1])), (x, x * 2.0))
        return tf.reduce_sum(a * a) + tf.reduce_sum(b), [x, w], fed

    def foldl_grad():
        x, w = x32(), w_of()
        y = tf.foldl(lambda a, r: a * w + r, x)
        return tf.reduce_sum(y * y), [x, w], fed

    def foldr_grad():
        x, w = x32(), w_of()
        y = tf.foldr(lambda a, r: tf.sin(a) * w + r, x, initializer=tf.ones([2]))
        return tf.reduce_sum(y), [x, w], fed

    def scan_grad():
        x, w = x32(), w_of()
        y = tf.scan(lambda a, r: a * w + r, x)
        z = tf.scan(lambda a, r: a + r * r, x, initializer=tf.zeros([2]), reverse=True)
        return tf.reduce_sum(y * tf.constant([[1.0], [2.0], [3.0]])) + tf.reduce_sum(z), [x, w], fed

    def pass_through_grad():
        x, w = x32(), w_of()
        y = tf.grad_pass_through(lambda t: tf.round(t * w))(x)
        return tf.reduce_sum(y * tf.constant([[1.0], [2.0], [3.0]])), [x], fed

    def pass_through_variable_grad():
        x = x32()
        v = tf.get_variable('pv', [2], initializer=tf.constant_initializer([2.0, -1.0]), use_resource=True)
        y = tf.grad_pass_through(lambda t: tf.square(t * v))(x)
        return tf.reduce_sum(y * x), [x], FED

    return {f.__name__: f for f in [map_grad, map_nested_grad, foldl_grad, foldr_grad, scan_grad, pass_through_grad,
                                    pass_through_variable_grad]}


# --- training ----------------------------------------------------------------------------------

TARGET = np.array([0.5, -0.25, 1.0], np.float32)


def training():
    """A dense layer applied row by row with map_fn, fitted by GradientDescent."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', [2], initializer=tf.constant_initializer([0.3, -0.2]))
        b = tf.get_variable('b', [], initializer=tf.zeros_initializer())
        y = tf.map_fn(lambda r: tf.tanh(tf.reduce_sum(r * w) + b), tf.constant(X))
        loss = tf.reduce_mean(tf.square(y - TARGET))
        train_op = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return {'losses': [float(sess.run([loss, train_op])[0]) for _ in range(6)],
                    'w': value_json(sess.run(w)), 'b': value_json(sess.run(b))}


# --- errors while building ---------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'map_not_callable': lambda: tf.map_fn(3, z(2)),
        'map_empty': lambda: tf.map_fn(lambda e: e, []),
        'map_scalar': lambda: tf.map_fn(lambda e: e, z()),
        'map_second_scalar': lambda: tf.map_fn(lambda e: e[0], (z(2), z())),
        'map_counts': lambda: tf.map_fn(lambda e: e[0], (z(2), z(3))),
        'map_structure': lambda: tf.map_fn(lambda e: [e, e], z(2)),
        'foldl_not_callable': lambda: tf.foldl(None, z(2)),
        'foldl_structure': lambda: tf.foldl(lambda a, e: [a, e], z(2)),
        'scan_not_callable': lambda: tf.scan('f', z(2)),
        'scan_structure': lambda: tf.scan(lambda a, e: [a, e], z(2)),
        'scan_counts': lambda: tf.scan(lambda a, e: a, (z(2), z(3))),
    }
    out = errors_of(cases)
    try:
        tf.foldl(lambda a, e: a, tf.zeros([]))
    except IndexError as e:
        out['foldl_scalar'] = {'class': type(e).__name__, 'message': str(e)}
    return out


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(grad_cases()), 'training': training(),
           'build_errors': build_errors(), 'template_props': template_props(), 'template_errors': template_errors(),
           'hessians': hessian_values()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
