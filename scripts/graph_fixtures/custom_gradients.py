"""TF1's gradient registry built with TF 2.21 in graph mode, for test/custom_gradients.test.ts:
tf.RegisterGradient with g.gradient_override_map, tf.no_gradient, tf.custom_gradient (with and
without variables) and tf.nn.swish, which TF builds with it.

For each graph: its ops as io_ops.py records them (the gradients tf.gradients adds included), with
the process-global uid of each "CustomGradient-<uid>" masked, the static shapes of its fetches and
what session runs of them give for each feed. Then the gradients' values, a regression trained by
GradientDescent through a clipped-gradient identity, and the errors TF raises.

Writes test/fixtures/graph_layer/custom_gradients.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/custom_gradients.py
"""
import json
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values
from io_ops import errors_of, value_json

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'custom_gradients.json')

X = np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], np.float32)
V0 = np.array([1.0, -2.0, 0.5], np.float32)


@tf.RegisterGradient('TripleSquare')
def _triple_square_grad(op, grad):
    """Three times Square's gradient."""
    return grad * 6.0 * op.inputs[0]


@tf.RegisterGradient('Snapshot')
def _snapshot_grad(unused_op, grad):
    return -grad


tf.no_gradient('DeepCopy')


@tf.custom_gradient
def clip_gradient(x):
    """The identity, its gradient clipped to [-0.5, 0.5]."""
    return tf.identity(x), lambda dy: tf.clip_by_value(dy, -0.5, 0.5)


@tf.custom_gradient
def mul_add(a, b):
    """[a * b, a + b], its gradients doubled."""
    def grad(dp, ds):
        return [2.0 * (dp * b + ds), 2.0 * (dp * a + ds)]
    return [a * b, a + b], grad


@tf.custom_gradient
def log1pexp(x):
    """The documented example of tf.custom_gradient: a stable gradient of log(1 + exp(x))."""
    e = tf.exp(x)

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad


def scaled_by(v):
    @tf.custom_gradient
    def scaled(x):
        """x * v, with v a resource variable, its gradients the true ones times 2 and 3."""
        def grad(dy, variables=None):
            return dy * v * 2.0, [tf.reduce_sum(dy * x, 0) * 3.0]
        return x * v, grad
    return scaled


def ph(name='x'):
    return tf.placeholder(tf.float32, [2, 3], name=name)


def sum_of(*ts):
    return tf.add_n([tf.reduce_sum(t) for t in ts])


def grads_of(ys, xs):
    """tf.gradients of the ys given gradients fed for them: no op whose gradient libtensorflow's C++
    registry makes (named otherwise than Python's) lies between."""
    ys = ys if isinstance(ys, list) else [ys]
    dys = [tf.placeholder(y.dtype, y.shape, name='dy') for y in ys]
    return tf.gradients(ys, xs, grad_ys=dys)


DY = X[::-1] * -2.0


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --
# The gradients taken straight from the registered and custom functions' ops.

def override():
    x = ph()
    s1 = tf.square(x)
    with tf.get_default_graph().gradient_override_map({'Square': 'TripleSquare', 'Neg': 'NoSuchGradient'}):
        s2 = tf.square(x, name='s2')
        with tf.get_default_graph().gradient_override_map({'Square': 'Square'}):
            s3 = tf.square(x, name='s3')
        s4 = tf.square(x, name='s4')
    s5 = tf.square(x, name='s5')
    return {'s': [s1, s2, s3, s4, s5], 'g': grads_of(s2, x)}, feeds(a={'x': X, 'dy': DY})


def registered_type():
    x = ph()
    y = tf.raw_ops.Snapshot(input=x, name='snap')
    return {'y': y, 'g': grads_of(y, x)}, feeds(a={'x': X, 'dy': DY})


def not_differentiable():
    x = ph()
    y = tf.raw_ops.DeepCopy(x=x, name='copy')
    assert grads_of(y, x) == [None]
    return {'y': y}, feeds(a={'x': X})


def custom():
    x = ph()
    a = ph('a')
    c = clip_gradient(x)
    p, s = mul_add(x, a)
    l = log1pexp(x)
    g = grads_of(c, x) + grads_of([p, s], [x, a]) + grads_of(l, x)
    return {'c': c, 'p': p, 's': s, 'l': l, 'g': g}, feeds(
        a={'x': X, 'a': X[::-1] * 0.5, 'dy': DY * 2.0, 'dy_1': DY, 'dy_2': DY * 0.5, 'dy_3': -DY})


def custom_variables():
    x = ph()
    v = tf.get_variable('v', initializer=V0, use_resource=True)
    y = scaled_by(v)(x)
    return {'y': y, 'g': grads_of(y, [x, v])}, feeds(a={'x': X, 'dy': DY})


def custom_watched():
    """A function reading a trainable variable (w) and a non-trainable one (u) besides what its result uses."""
    x = ph()
    v = tf.get_variable('v', initializer=V0, use_resource=True)
    w = tf.get_variable('w', initializer=V0 * 2.0, use_resource=True)
    u = tf.get_variable('u', initializer=V0, use_resource=True, trainable=False)

    @tf.custom_gradient
    def f(a):
        w.read_value()
        u + 1.0

        def grad(dy, variables=None):
            assert [var.name for var in variables] == ['v:0', 'w:0']
            return dy * 0.5, [tf.reduce_sum(dy, 0), tf.reduce_sum(dy * a, 0)]
        return a * v, grad
    y = f(x)
    return {'y': y, 'g': grads_of(y, [x, v, w])}, feeds(a={'x': X, 'dy': DY})


def swish():
    x = ph()
    d = tf.placeholder(tf.float64, [3], name='d')
    out = {'swish': tf.nn.swish(x), 'beta': tf.nn.swish(x, 2.0), 'silu': tf.nn.silu(d, beta=0.5)}
    out['g'] = grads_of(out['swish'], x) + grads_of(out['silu'], d)
    return out, feeds(a={'x': X, 'd': [0.5, -1.0, 3.0], 'dy': DY, 'dy_1': [1.0, -0.5, 2.0]})


GRAPHS = [override, registered_type, not_differentiable, custom, custom_variables, custom_watched, swish]


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: gradients through the registered and custom functions."""
    fed = feeds(a={'x': X})
    fed2 = feeds(a={'x': X, 'a': X * -0.5})

    def override_grad():
        x = ph()
        with tf.get_default_graph().gradient_override_map({'Square': 'TripleSquare'}):
            s = tf.square(tf.sin(x))
        return tf.reduce_sum(s * x), [x], fed

    def custom_grad():
        x, a = ph(), ph('a')
        p, s = mul_add(tf.tanh(x), a)
        return tf.reduce_sum(clip_gradient(p * s) * 2.0), [x, a], fed2

    def variables_grad():
        x = ph()
        v = tf.get_variable('v', initializer=V0, use_resource=True)
        return tf.reduce_sum(tf.sin(scaled_by(v)(x))), [x, v], fed

    def swish_grad():
        x = ph()
        beta = tf.placeholder(tf.float32, [], name='beta')
        return tf.reduce_sum(tf.nn.swish(x, beta) * x), [x, beta], feeds(a={'x': X, 'beta': 1.5})

    return {f.__name__: f for f in [override_grad, custom_grad, variables_grad, swish_grad]}


# --- training ----------------------------------------------------------------------------------

W0 = np.array([[0.5], [-1.0], [2.0]], np.float32)
Y = np.array([[4.0], [-3.0]], np.float32)


def training():
    """A linear fit whose prediction's gradient is clipped, trained by GradientDescent."""
    g = tf.Graph()
    with g.as_default():
        w = tf.get_variable('w', initializer=W0)
        pred = clip_gradient(tf.matmul(tf.constant(X), w))
        loss = tf.reduce_mean(tf.square(pred - Y))
        train_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(6)]
            return {'losses': losses, 'w': value_json(sess.run(w))}


# --- errors ------------------------------------------------------------------------------------

def build_errors():
    def register_twice():
        tf.RegisterGradient('TripleSquare')(_triple_square_grad)

    def register_builtin():
        tf.RegisterGradient('GatherV2')(_triple_square_grad)

    def no_gradient_twice():
        tf.no_gradient('Snapshot')

    def override_not_dict():
        with tf.get_default_graph().gradient_override_map([('Square', 'TripleSquare')]):
            pass

    def override_not_string():
        with tf.get_default_graph().gradient_override_map({'Square': 3}):
            pass

    def override_unregistered():
        x = ph()
        with tf.get_default_graph().gradient_override_map({'Square': 'NoSuchGradient'}):
            s = tf.square(x, name='s')
        tf.gradients(s, x)

    def variables_not_declared():
        v = tf.get_variable('v', initializer=V0, use_resource=True)

        @tf.custom_gradient
        def f(x):
            return x * v, lambda dy: dy
        f(ph())

    def variable_grads_count():
        v = tf.get_variable('v', initializer=V0, use_resource=True)

        @tf.custom_gradient
        def f(x):
            return x * v, lambda dy, variables=None: (dy, [])
        tf.gradients(f(ph()), v)

    def input_grads_count():
        @tf.custom_gradient
        def f(x, y):
            return x * y, lambda dy: dy
        x = ph()
        tf.gradients(f(x, x), x)

    def ref_variable_inside():
        @tf.custom_gradient
        def f(x):
            w = tf.get_variable('w', initializer=V0, use_resource=False)
            return x * w, lambda dy, variables=None: (dy, [dy])
        f(ph())

    def register_not_string():
        tf.RegisterGradient(3)

    registry = [register_twice, register_builtin, no_gradient_twice, override_unregistered]
    out = {f.__name__: caught(f) for f in registry}
    out.update(errors_of({f.__name__: f for f in [
        override_not_dict, override_not_string, variables_not_declared, variable_grads_count, input_grads_count,
        ref_variable_inside, register_not_string]}))
    return out


def caught(fn):
    """The KeyError or LookupError `fn` raises in a new graph (class, message: a KeyError's argument, which
    str() would quote), which io_ops.py's errors_of leaves out."""
    with tf.Graph().as_default():
        try:
            fn()
        except (KeyError, LookupError) as e:
            return {'class': type(e).__name__, 'message': str(e.args[0])}
    raise AssertionError(fn.__name__ + ' did not raise')


def mask_uids(text):
    """The uid of each CustomGradient-<uid> (in _gradient_op_type attrs, base64, and in messages) as <uid>."""
    def attr(m):
        s = re.sub(r'CustomGradient-\d+', 'CustomGradient-<uid>', __import__('base64').b64decode(m.group(1)).decode())
        return '"_gradient_op_type":{"s":%s}' % json.dumps(s)
    text = re.sub(r'"_gradient_op_type":\{"s":"([^"]*)"\}', attr, text)
    return re.sub(r'CustomGradient-\d+', 'CustomGradient-<uid>', text)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(grad_cases()), 'training': training(),
           'build_errors': build_errors()}
    with open(OUT, 'w') as f:
        f.write(mask_uids(json.dumps(out, separators=(',', ':'))) + '\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
