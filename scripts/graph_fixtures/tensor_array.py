"""TF1's v1 TensorArray (tf.compat.v1.TensorArray with v2 control flow off: _GraphTensorArray and the
TensorArrayV3 ops), TensorArrays through v1 while loops, their gradients (tensor_array_grad.py) and
tf.compat.v1.nn.dynamic_rnn with user cells, built with TF1 Python, for test/tensor_array.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections) and what session runs of its fetches give for each feed. Then:
gradients through TensorArrays (values), short trainings of models built on dynamic_rnn, and the
errors bad arguments raise while building.

Writes test/fixtures/graph_layer/tensor_array.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/tensor_array.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.ops import rnn_cell_impl, tensor_array_ops

import control_flow
from control_flow import feeds
from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'tensor_array.json')

X = np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1.0


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def ta_write_read():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    ta = tf.TensorArray(tf.float32, size=2, clear_after_read=False)
    # TF 2.21 with v2 behaviour off builds TF1's v1 TensorArray.
    assert isinstance(ta._implementation, tensor_array_ops._GraphTensorArray)
    ta = ta.write(0, x[0]).write(1, x[1] * 2.0)
    # A host value converts to the array's dtype; a named read and stack.
    ta3 = tf.TensorArray(tf.float32, size=3, name='three').write(0, [1.0, 2.0, 3.0]).write(1, x[0], name='w')
    ta3 = ta3.write(2, x[1])
    return {'stack': ta.stack(), 'read': ta.read(1), 'named': ta3.stack(name='stacked'),
            'read_named': ta.read(0, name='r'), 'size': ta3.size()}, feeds(a={'x': X})


def ta_dynamic():
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    n = tf.placeholder(tf.int32, [], name='n')
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[None])
    ta = ta.unstack(x)
    sized = tf.TensorArray(tf.float32, size=n, clear_after_read=False, tensor_array_name='sized')
    sized = sized.unstack(x, name='unstacked')
    return {'concat': ta.concat(), 'size': ta.size(), 'stack': sized.stack(), 'first': sized.read(0),
            'again': sized.read(0), 'gather': sized.gather([1, 0], name='g'), 'sized_size': sized.size(name='sz')}, feeds(
        a={'x': X, 'n': 2})


def ta_scatter_split():
    x = tf.placeholder(tf.float32, [4, 2], name='x')
    ta = tf.TensorArray(tf.float32, size=3, infer_shape=False)
    ta = ta.scatter([2, 0], x[:2])
    parts = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [1, 3])
    even = tf.TensorArray(tf.float32, size=2, clear_after_read=False).split(x, tf.constant([2, 2], tf.int64), name='even')
    concat = parts.concat()
    with tf.control_dependencies([concat]):
        closed = parts.close()
    with tf.control_dependencies([closed]):
        done = tf.identity(x, name='done')
    return {'gather': ta.gather([0, 2]), 'concat': concat, 'even': even.stack(), 'even_concat': even.concat(),
            'done': done}, feeds(a={'x': np.arange(8, dtype=np.float32).reshape(4, 2)})


def ta_grad_identity():
    x = tf.placeholder(tf.float32, [3], name='x')
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[3]).write(0, x)
    same = ta.identity()
    g = same.grad('gradients', name='g')
    g2 = ta.grad('other', flow=same.flow)
    g = g.write(0, x * 3.0)
    return {'read': same.write(1, x + 1.0).stack(), 'grad': g.read(0), 'size': g2.size(),
            'flow': [same.flow, g2.flow]}, feeds(a={'x': [1.0, 2.0, 3.0]})


def ta_placement():
    with tf.device('/cpu:0'):
        x = tf.placeholder(tf.float32, [2], name='x')
    with tf.device('/device:CPU:0'):
        ta = tf.TensorArray(tf.float32, size=2)
        fixed = tf.TensorArray(tf.float32, size=2, colocate_with_first_write_call=False)
    y = x * 2.0
    ta = ta.write(0, y).write(1, x)
    fixed = fixed.write(0, y).write(1, x)
    i = tf.TensorArray(tf.int32, size=2, element_shape=tf.TensorShape(None)).write(0, [1, 2]).write(1, [3, 4])
    return {'stack': ta.stack(), 'fixed': fixed.stack(), 'ints': i.stack()}, feeds(a={'x': [1.0, -1.0]})


def while_ta_write():
    x = tf.placeholder(tf.float32, [2], name='x')
    ta = tf.TensorArray(tf.float32, size=3)
    _, out = tf.while_loop(lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, x * tf.cast(i, tf.float32))), [0, ta])
    return {'stack': out.stack()}, feeds(a={'x': [1.0, -2.0]})


def while_ta_read_write():
    seq = tf.placeholder(tf.float32, [4, 2], name='seq')
    inputs = tf.TensorArray(tf.float32, size=4).unstack(seq)
    outputs = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

    def body(t, acc, out):
        acc = acc + inputs.read(t)
        return t + 1, acc, out.write(t, acc * 2.0)

    t, acc, out = tf.while_loop(lambda t, acc, out: t < 4, body, (0, tf.zeros([2]), outputs), maximum_iterations=3)
    # A dict of loop variables with a TensorArray, and return_same_structure.
    d = tf.while_loop(lambda d: d['i'] < 2, lambda d: [{'i': d['i'] + 1, 'ta': d['ta'].write(d['i'], d['i'] * 10)}],
                      [{'i': 0, 'ta': tf.TensorArray(tf.int32, size=2)}], return_same_structure=True)
    return {'t': t, 'acc': acc, 'out': out.stack(), 'size': out.size(), 'ints': d[0]['ta'].stack()}, feeds(
        a={'seq': np.arange(8, dtype=np.float32).reshape(4, 2)})


# --- dynamic_rnn with user cells ---------------------------------------------------------------
# TF 2.21's tf.nn.rnn_cell needs Keras 2: the cells are plain classes of the duck type
# assert_like_rnncell checks, their variables made by tf.get_variable when the cell is made.

def weights(shape, scale, offset=0.0):
    """Deterministic weights: a saw of `scale` steps around `offset`."""
    n = int(np.prod(shape))
    return ((np.arange(n, dtype=np.float32) * 7 % 11) / 10.0 - 0.5 + offset).reshape(shape) * scale


# The cells' initial weights, by input depth and units (the test reads them from the fixture).
INIT = {
    'tanh_4_5': {'w': weights([4, 5], 0.6), 'u': weights([5, 5], 0.4)},
    'tanh_4_3': {'w': weights([4, 3], 0.6), 'u': weights([3, 3], 0.4)},
    'lstm_3_4': {'kernel': weights([7, 16], 0.5)},
}


class TanhCell:
    """h = tanh(x W + h U + b), the output the new state; RNNCell's zero_state."""

    def __init__(self, depth, units, name='tanh_cell', use_resource=None):
        self.units = units
        init = INIT['tanh_%d_%d' % (depth, units)]
        with tf.variable_scope(name, use_resource=use_resource):
            self.w = tf.get_variable('w', [depth, units], initializer=tf.constant_initializer(init['w']))
            self.u = tf.get_variable('u', [units, units], initializer=tf.constant_initializer(init['u']))
            self.b = tf.get_variable('b', [units], initializer=tf.zeros_initializer())

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def zero_state(self, batch_size, dtype):
        # RNNCell.zero_state, in graph mode.
        with tf.name_scope(type(self).__name__ + 'ZeroState'):
            return rnn_cell_impl._zero_state_tensors(self.state_size, batch_size, dtype)

    def __call__(self, x, h):
        h = tf.tanh(tf.matmul(x, self.w) + tf.matmul(h, self.u) + self.b)
        return h, h


class PairLSTMCell:
    """An LSTM on a pair of inputs, its state the tuple (c, h); its own zero_state."""

    def __init__(self, depth, units, name='lstm_cell', use_resource=None):
        self.units = units
        init = INIT['lstm_%d_%d' % (depth, units)]
        with tf.variable_scope(name, use_resource=use_resource):
            self.kernel = tf.get_variable('kernel', [depth + units, 4 * units], initializer=tf.constant_initializer(init['kernel']))
            self.bias = tf.get_variable('bias', [4 * units], initializer=tf.constant_initializer(0.1))

    @property
    def state_size(self):
        return (self.units, self.units)

    @property
    def output_size(self):
        return self.units

    def zero_state(self, batch_size, dtype):
        return (tf.zeros([batch_size, self.units], dtype, name='c0'), tf.zeros([batch_size, self.units], dtype, name='h0'))

    def __call__(self, inputs, state):
        a, b = inputs
        c, h = state
        gates = tf.matmul(tf.concat([a, b, h], 1), self.kernel) + self.bias
        i, j, f, o = tf.split(gates, 4, axis=1)
        c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
        h = tf.tanh(c) * tf.sigmoid(o)
        return h, (c, h)


SEQ = np.sin(np.arange(24, dtype=np.float32) * 0.7).reshape(2, 3, 4)


def rnn_basic():
    x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
    out, state = tf.nn.dynamic_rnn(TanhCell(4, 5), x, dtype=tf.float32)
    return {'out': out, 'state': state}, feeds(a={'x': SEQ})


def rnn_sequence_length():
    x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
    n = tf.placeholder(tf.int32, [2], name='n')
    h0 = tf.placeholder(tf.float32, [2, 3], name='h0')
    out, state = tf.nn.dynamic_rnn(TanhCell(4, 3), x, sequence_length=n, initial_state=h0, parallel_iterations=4,
                                   swap_memory=True, scope='enc')
    # A second RNN in the same graph; lengths as a Python list.
    out2, _ = tf.nn.dynamic_rnn(TanhCell(4, 3, name='other'), x, sequence_length=[1, 3], dtype=tf.float32)
    return {'out': out, 'state': state, 'out2': out2}, feeds(
        a={'x': SEQ, 'n': [2, 3], 'h0': np.full([2, 3], 0.25, np.float32)}, b={'x': SEQ, 'n': [0, 1], 'h0': np.zeros([2, 3])})


def rnn_lstm_time_major():
    a = tf.placeholder(tf.float32, [3, None, 2], name='a')
    b = tf.placeholder(tf.float32, [3, None, 1], name='b')
    out, (c, h) = tf.nn.dynamic_rnn(PairLSTMCell(3, 4), (a, b), dtype=tf.float32, time_major=True)
    return {'out': out, 'c': c, 'h': h}, feeds(
        a={'a': SEQ[:, :, :2].transpose(1, 0, 2), 'b': SEQ[:, :, 3:].transpose(1, 0, 2)})


GRAPHS = [ta_write_read, ta_dynamic, ta_scatter_split, ta_grad_identity, ta_placement, while_ta_write,
          while_ta_read_write, rnn_basic, rnn_sequence_length, rnn_lstm_time_major]


def graphs():
    # With the static shapes of the fetches (None: unknown rank).
    return control_flow.graphs(GRAPHS, lambda fetch: tf.nest.map_structure(
        lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch))


# --- gradients --------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: each builds in the default graph."""
    def write_stack_grad():
        x = tf.placeholder(tf.float32, [3], name='x')
        ta = tf.TensorArray(tf.float32, size=2).write(0, x * 2.0).write(1, x * x)
        return tf.reduce_sum(ta.stack() * tf.constant([[1.0], [3.0]])), [x], feeds(a={'x': [1.0, -2.0, 0.5]})

    def unstack_read_grad():
        x = tf.placeholder(tf.float32, [2, 3], name='x')
        ta = tf.TensorArray(tf.float32, size=2).unstack(x)
        return tf.reduce_sum(ta.read(0) * ta.read(1)), [x], feeds(a={'x': X})

    def scatter_gather_grad():
        x = tf.placeholder(tf.float32, [2, 2], name='x')
        w = tf.placeholder(tf.float32, [2], name='w')
        ta = tf.TensorArray(tf.float32, size=3).scatter([2, 0], x * w).write(1, w)
        g = ta.gather([0, 1, 2])
        return tf.reduce_sum(tf.square(g)), [x, w], feeds(a={'x': [[1.0, 2.0], [3.0, 4.0]], 'w': [0.5, -1.0]})

    def split_concat_grad():
        x = tf.placeholder(tf.float32, [5, 2], name='x')
        ta = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [2, 3])
        c = ta.concat()
        return tf.reduce_sum(c * tf.constant([[1.0], [2.0], [3.0], [4.0], [5.0]])), [x], feeds(
            a={'x': np.arange(10, dtype=np.float32).reshape(5, 2)})

    def while_ta_grad():
        seq = tf.placeholder(tf.float32, [3, 2], name='seq')
        w = tf.placeholder(tf.float32, [], name='w')
        inputs = tf.TensorArray(tf.float32, size=3).unstack(seq)

        def body(t, h, out):
            h = tf.tanh(h * w + inputs.read(t))
            return t + 1, h, out.write(t, h)

        _, h, out = tf.while_loop(lambda t, h, out: t < 3, body, [0, tf.zeros([2]), tf.TensorArray(tf.float32, size=3)])
        loss = tf.reduce_sum(out.stack() * tf.constant([[1.0], [2.0], [3.0]])) + tf.reduce_sum(h)
        return loss, [seq, w], feeds(a={'seq': [[0.5, -1.0], [0.25, 0.75], [-0.5, 1.5]], 'w': 0.8})

    def while_ta_max_iterations_grad():
        x = tf.placeholder(tf.float32, [2], name='x')

        def body(i, ta):
            return i + 1, ta.write(i, x * tf.cast(i + 1, tf.float32) * x)

        _, out = tf.while_loop(lambda i, ta: i < 10, body, (0, tf.TensorArray(tf.float32, size=0, dynamic_size=True)),
                               maximum_iterations=3)
        return tf.reduce_sum(out.stack()), [x], feeds(a={'x': [1.5, -0.5]})

    def sliced_stack_grad():
        # tf.gather's gradient is IndexedSlices, which the stack's gradient scatters dense.
        x = tf.placeholder(tf.float32, [2, 3], name='x')
        ta = tf.TensorArray(tf.float32, size=2).unstack(x * x)
        return tf.reduce_sum(tf.gather(ta.stack(), [1, 0, 1])), [x], feeds(a={'x': X})

    def nested_while_ta_grad():
        x = tf.placeholder(tf.float32, [3, 2], name='x')
        inputs = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)

        def outer(i, acc, out):
            def inner(j, s):
                return j + 1, s + inputs.read(j) * tf.cast(i + 1, tf.float32)

            _, s = tf.while_loop(lambda j, s: j <= i, inner, [0, tf.zeros([2])])
            return i + 1, acc + s * s, out.write(i, s)

        _, acc, out = tf.while_loop(lambda i, acc, out: i < 3, outer, [0, tf.zeros([2]), tf.TensorArray(tf.float32, size=3)])
        loss = tf.reduce_sum(out.stack() * tf.constant([[1.0], [-1.0], [0.5]])) + tf.reduce_sum(acc)
        return loss, [x], feeds(a={'x': [[0.5, -1.0], [0.25, 0.75], [-0.5, 1.5]]})

    def dynamic_rnn_grad():
        x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
        n = tf.placeholder(tf.int32, [2], name='n')
        cell = TanhCell(4, 3)
        out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32)
        loss = tf.reduce_sum(out * out) + tf.reduce_sum(state)
        return loss, [x, cell.w, cell.u, cell.b], feeds(a={'x': SEQ, 'n': [3, 1]}, b={'x': SEQ, 'n': [2, 2]})

    return {f.__name__: f for f in (write_stack_grad, unstack_read_grad, scatter_gather_grad, split_concat_grad,
                                     sliced_stack_grad, while_ta_grad, while_ta_max_iterations_grad,
                                     nested_while_ta_grad, dynamic_rnn_grad)}


def tensor_array_record(g):
    """The ops, and the attrs of the TensorArray ops: the test compares those (libtensorflow's C++
    gradients make the rest otherwise)."""
    rec = record_all(g)
    return {'ops': rec['ops'],
            'attrs': {op.name: rec['attrs'][op.name] for op in g.get_operations() if op.type.startswith('TensorArray')}}


def gradient_values():
    return control_flow.gradient_values(grad_cases(), tensor_array_record)


# --- training -----------------------------------------------------------------------------------

TARGET = np.cos(np.arange(30, dtype=np.float32) * 0.3).reshape(2, 3, 5) * 0.5


def train_tanh(use_resource):
    """A TanhCell RNN over sequences of two lengths, its outputs and last state fit with GradientDescent."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
        target = tf.placeholder(tf.float32, [2, 3, 5], name='target')
        cell = TanhCell(4, 5, use_resource=use_resource)
        out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[3, 2], dtype=tf.float32)
        loss = tf.reduce_mean(tf.square(out - target)) + 0.1 * tf.reduce_mean(tf.square(state))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], {x: SEQ, target: TARGET})[0]) for _ in range(8)]
            return {'losses': losses, 'weights': value_json(sess.run([cell.w, cell.u, cell.b]))}


def train_lstm(use_resource):
    """A PairLSTMCell RNN, time-major, its last output fit with Adam."""
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, [3, None, 2], name='a')
        b = tf.placeholder(tf.float32, [3, None, 1], name='b')
        cell = PairLSTMCell(3, 4, use_resource=use_resource)
        out, (c, h) = tf.nn.dynamic_rnn(cell, (a, b), dtype=tf.float32, time_major=True)
        loss = tf.reduce_mean(tf.square(out[-1] - tf.constant([[0.5, -0.5, 0.25, 0.0], [0.0, 0.25, -0.25, 0.5]])))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        feed = {a: SEQ[:, :, :2].transpose(1, 0, 2), b: SEQ[:, :, 3:].transpose(1, 0, 2)}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], feed)[0]) for _ in range(6)]
            return {'losses': losses, 'weights': value_json(sess.run([cell.kernel, cell.bias]))}


def training():
    return {'target': value_json(TARGET), 'tanh': {'ref': train_tanh(False), 'resource': train_tanh(True)},
            'lstm': {'ref': train_lstm(False), 'resource': train_lstm(True)}}


# --- build errors -----------------------------------------------------------------------------

def build_errors():
    h = lambda: tf.TensorArray(tf.float32, size=1)

    def write_shape():
        tf.TensorArray(tf.float32, size=2, element_shape=[2]).write(0, [1.0, 2.0, 3.0])

    def write_inferred():
        tf.TensorArray(tf.float32, size=2).write(0, tf.zeros([2, 3])).write(1, tf.zeros([3]))

    def scatter_shape():
        tf.TensorArray(tf.float32, size=2, element_shape=[None, 2]).scatter([0, 1], tf.zeros([2, 3, 3]))

    def split_shape():
        tf.TensorArray(tf.float32, size=2, element_shape=[3, 3]).split(tf.zeros([4, 3]), [2, 2])

    class NoOutputSize:
        state_size = 3

        def zero_state(self, batch_size, dtype):
            return tf.zeros([batch_size, 3], dtype)

        def __call__(self, x, h):
            return h, h

        def __repr__(self):
            return '<NoOutputSize>'

    class NotCallable:
        state_size = 3
        output_size = 3

        def zero_state(self, batch_size, dtype):
            return tf.zeros([batch_size, 3], dtype)

        def __repr__(self):
            return '<NotCallable>'

    x = lambda shape: tf.placeholder(tf.float32, shape, name='x')
    rnn = lambda inputs, **kw: tf.nn.dynamic_rnn(TanhCell(4, 5), inputs, dtype=tf.float32, **kw)

    cases = {
        'rnn_no_output_size': lambda: tf.nn.dynamic_rnn(NoOutputSize(), x([2, 3, 4]), dtype=tf.float32),
        'rnn_not_callable': lambda: tf.nn.dynamic_rnn(NotCallable(), x([2, 3, 4]), dtype=tf.float32),
        'rnn_no_dtype': lambda: tf.nn.dynamic_rnn(TanhCell(4, 5), x([2, 3, 4])),
        'rnn_sequence_length_rank': lambda: rnn(x([2, 3, 4]), sequence_length=tf.placeholder(tf.int32, [2, 2], name='n')),
        'rnn_input_rank': lambda: rnn(x([2, 3])),
        'rnn_input_depth': lambda: rnn(x([2, 3, None])),
        'rnn_time_steps': lambda: rnn((x([2, 3, 4]), x([2, 4, 1]))),
        'rnn_batch_size': lambda: rnn((x([2, 3, 4]), x([1, 3, 1]))),
        'handle_and_name': lambda: tf.TensorArray(tf.float32, handle=h().handle, tensor_array_name='a'),
        'handle_not_tensor': lambda: tf.TensorArray(tf.float32, handle=1),
        'no_size': lambda: tf.TensorArray(tf.float32),
        'handle_and_size': lambda: tf.TensorArray(tf.float32, handle=h().handle, size=1),
        'handle_and_element_shape': lambda: tf.TensorArray(tf.float32, handle=h().handle, element_shape=[1]),
        'handle_and_dynamic_size': lambda: tf.TensorArray(tf.float32, handle=h().handle, dynamic_size=False),
        'handle_and_clear_after_read': lambda: tf.TensorArray(tf.float32, handle=h().handle, clear_after_read=True),
        'handle_no_flow': lambda: tf.TensorArray(tf.float32, handle=h().handle),
        'write_shape': write_shape,
        'write_inferred': write_inferred,
        'scatter_shape': scatter_shape,
        'split_shape': split_shape,
    }
    return errors_of(cases)


def main():
    recorded, values = graphs()
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(), 'init': value_json(INIT),
           'training': training(),
           'build_errors': build_errors()}
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
