"""TF1's RNN cells (tf.compat.v1.nn.rnn_cell.*), init_scope, and tf.compat.v1.nn's RNN functions
(dynamic_rnn, static_rnn, bidirectional_dynamic_rnn, static_bidirectional_rnn), built with TF1
Python, for test/rnn.test.ts.

TF 2.21's `tf.compat.v1.nn.rnn_cell` needs Keras 2, which TF 2.21 does not ship; but TF 2.21 still
ships TF1's cells themselves, unchanged, as its legacy copy
(tensorflow/python/keras/layers/legacy_rnn/rnn_cell_impl.py over the legacy `tf.layers.Layer` of
tensorflow/python/keras/legacy_tf_layers/base.py), which runs in graph mode: the cells below are
those classes, driven by TF 2.21's own tf.compat.v1.nn RNN functions.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections) and what session runs of its fetches give for each feed. Then:
gradients through the RNNs (values), short trainings of LSTM models (losses and weights, ref and
resource variables), a checkpoint of a trained model (its files, to restore by name), and the errors
bad arguments raise while building.

Writes test/fixtures/graph_layer/rnn.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/rnn.py
"""
import base64
import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.keras.layers.legacy_rnn import rnn_cell_impl as rnn_cell

import control_flow
from control_flow import feeds
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'rnn.json')

# The graph-level seed of every graph: the cells' default (glorot uniform) kernels are drawn from it.
SEED = 7
B, T, D = 2, 4, 3
SEQ = np.sin(np.arange(B * T * D, dtype=np.float32) * 0.7).reshape(B, T, D)
LENGTHS = np.array([4, 2], np.int32)


def seq(shape=(B, T, D), name='x'):
    tf.set_random_seed(SEED)
    return tf.placeholder(tf.float32, shape, name=name)


def lengths():
    return tf.placeholder(tf.int32, [B], name='n')


def run_feeds(**extra):
    return feeds(a=dict({'x': SEQ, 'n': LENGTHS}, **extra), b=dict({'x': SEQ[::-1] * 0.5, 'n': [1, 3]}, **extra))


# --- init_scope: a cell that makes its variables when called, inside the loop --------------------

class GetVariableCell:
    """h = tanh(x W + h U + b), W, U and b made by tf.get_variable at each call (shared after the
    first): TF1's init_scope lifts them out of the while loop."""

    def __init__(self, units, use_resource=None):
        self.units = units
        self.use_resource = use_resource

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def zero_state(self, batch_size, dtype):
        return tf.zeros([batch_size, self.units], dtype, name='h0')

    def __call__(self, x, h):
        with tf.variable_scope('cell', reuse=tf.AUTO_REUSE, use_resource=self.use_resource):
            w = tf.get_variable('w', [x.shape[-1], self.units], initializer=tf.constant_initializer(0.3))
            u = tf.get_variable('u', [self.units, self.units], initializer=tf.constant_initializer(-0.2))
            b = tf.get_variable('b', [self.units], initializer=tf.constant_initializer(0.1))
        h = tf.tanh(tf.matmul(x, w) + tf.matmul(h, u) + b)
        return h, h


def init_scope_ref():
    x, n = seq(), lengths()
    out, state = tf.nn.dynamic_rnn(GetVariableCell(3), x, sequence_length=n, dtype=tf.float32)
    return {'out': out, 'state': state}, run_feeds()


def init_scope_resource():
    x, n = seq(), lengths()
    out, state = tf.nn.dynamic_rnn(GetVariableCell(3, use_resource=True), x, sequence_length=n, dtype=tf.float32)
    return {'out': out, 'state': state}, run_feeds()


def init_scope_direct():
    """tf.init_scope in a while loop, a cond branch and under control dependencies."""
    x = seq([2], name='x')
    p = tf.placeholder(tf.bool, [], name='p')

    def body(i, acc):
        with tf.init_scope():
            c = tf.constant(2.0, name='c')
            v = tf.Variable(1.5, name='v')
        return i + 1, acc * c + v

    _, acc = tf.while_loop(lambda i, acc: i < 3, body, [0, x])

    def branch():
        g = tf.get_variable('g', [2], initializer=tf.constant_initializer(0.5))
        return x * g

    y = tf.cond(p, branch, lambda: x)
    with tf.control_dependencies([acc]):
        with tf.init_scope():
            free = tf.identity(x, name='free')
        held = tf.identity(x, name='held')
    return {'acc': acc, 'y': y, 'free': free, 'held': held}, feeds(t={'x': [1.0, -2.0], 'p': True},
                                                                   f={'x': [0.5, 3.0], 'p': False})


def functions_get_variable():
    """static_rnn (with and without lengths), bidirectional_dynamic_rnn and static_bidirectional_rnn of
    cells that make their variables when called."""
    x, n = seq(), lengths()
    inputs = tf.unstack(x, axis=1)
    out, state = tf.nn.static_rnn(GetVariableCell(3), inputs, sequence_length=n, dtype=tf.float32)
    out2, state2 = tf.nn.static_rnn(GetVariableCell(2), inputs, initial_state=tf.ones([B, 2]), scope='plain_static')
    (fw, bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(GetVariableCell(2), GetVariableCell(3), x,
                                                             sequence_length=n, dtype=tf.float32)
    (fw2, bw2), _ = tf.nn.bidirectional_dynamic_rnn(GetVariableCell(2), GetVariableCell(2), x, dtype=tf.float32,
                                                    scope='plain')
    out3, s3_fw, s3_bw = tf.nn.static_bidirectional_rnn(GetVariableCell(2), GetVariableCell(3), inputs,
                                                        sequence_length=n, dtype=tf.float32, scope='static_bi')
    return {'out': out, 'state': state, 'out2': out2, 'state2': state2, 'fw': fw, 'bw': bw, 's_fw': s_fw,
            's_bw': s_bw, 'fw2': fw2, 'bw2': bw2, 'out3': out3, 's3_fw': s3_fw, 's3_bw': s3_bw}, run_feeds()


# --- the cells through dynamic_rnn ---------------------------------------------------------------

def basic_rnn():
    x, n = seq(), lengths()
    out, state = tf.nn.dynamic_rnn(rnn_cell.BasicRNNCell(5), x, sequence_length=n, dtype=tf.float32)
    relu, relu_state = tf.nn.dynamic_rnn(rnn_cell.BasicRNNCell(2, activation=tf.nn.relu, name='relu_rnn'), x,
                                         dtype=tf.float32, scope='second')
    return {'out': out, 'state': state, 'relu': relu, 'relu_state': relu_state}, run_feeds()


def basic_lstm():
    x, n = seq(), lengths()
    out, (c, h) = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(4, forget_bias=0.5), x, sequence_length=n, dtype=tf.float32)
    return {'out': out, 'c': c, 'h': h}, run_feeds()


def basic_lstm_concat_state():
    x = seq()
    h0 = tf.placeholder(tf.float32, [B, 8], name='h0')
    out, state = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(4, state_is_tuple=False, activation=tf.nn.softsign), x,
                                   initial_state=h0, time_major=False)
    return {'out': out, 'state': state}, feeds(a={'x': SEQ, 'h0': np.linspace(-1, 1, B * 8, dtype=np.float32).reshape(B, 8)})


def lstm_cell():
    x, n = seq(), lengths()
    init = tf.random_uniform_initializer(-0.5, 0.5, seed=3)
    cell = rnn_cell.LSTMCell(4, use_peepholes=True, cell_clip=0.8, num_proj=3, proj_clip=0.5, initializer=init,
                             forget_bias=0.25)
    out, (c, h) = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32)
    plain = rnn_cell.LSTMCell(2, state_is_tuple=False)
    out2, state2 = tf.nn.dynamic_rnn(plain, x, dtype=tf.float32, scope='plain')
    return {'out': out, 'c': c, 'h': h, 'out2': out2, 'state2': state2}, run_feeds()


def gru():
    x, n = seq(), lengths()
    out, state = tf.nn.dynamic_rnn(rnn_cell.GRUCell(3), x, sequence_length=n, dtype=tf.float32)
    cell = rnn_cell.GRUCell(2, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(0.2),
                            bias_initializer=tf.constant_initializer(0.5), name='custom_gru')
    out2, state2 = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope='custom')
    return {'out': out, 'state': state, 'out2': out2, 'state2': state2}, run_feeds()


def multi_rnn():
    x, n = seq(), lengths()
    cell = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(4), rnn_cell.GRUCell(3)])
    out, ((c, h), g) = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32)
    concat = rnn_cell.MultiRNNCell([rnn_cell.BasicRNNCell(3), rnn_cell.BasicRNNCell(2)], state_is_tuple=False)
    out2, state2 = tf.nn.dynamic_rnn(concat, x, dtype=tf.float32, scope='concat')
    return {'out': out, 'c': c, 'h': h, 'g': g, 'out2': out2, 'state2': state2}, run_feeds()


def wrappers():
    x, n = seq(), lengths()
    keep = tf.placeholder(tf.float32, [], name='keep')
    cell = rnn_cell.MultiRNNCell([
        rnn_cell.ResidualWrapper(rnn_cell.BasicRNNCell(3)),
        rnn_cell.DropoutWrapper(rnn_cell.LSTMCell(3), input_keep_prob=keep, output_keep_prob=1.0, state_keep_prob=keep,
                                seed=5),
        rnn_cell.DeviceWrapper(rnn_cell.GRUCell(3), '/cpu:0'),
        rnn_cell.DropoutWrapper(rnn_cell.BasicRNNCell(2), output_keep_prob=0.75, seed=9),
    ])
    # One iteration at a time: the dropout masks of the steps are then drawn in the order of the steps.
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32, parallel_iterations=1)
    return {'out': out, 'state': state}, feeds(a={'x': SEQ, 'n': LENGTHS, 'keep': 1.0},
                                               b={'x': SEQ * 0.5, 'n': [1, 3], 'keep': 0.6})


def variational_dropout():
    """DropoutWrapper's variational dropout: one mask for every step, drawn with the wrapper."""
    x, n = seq(), lengths()
    cell = rnn_cell.DropoutWrapper(rnn_cell.BasicLSTMCell(3), input_keep_prob=0.8, output_keep_prob=0.7,
                                   state_keep_prob=0.6, variational_recurrent=True, input_size=D, dtype=tf.float32,
                                   seed=11)
    out, (c, h) = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32)
    return {'out': out, 'c': c, 'h': h}, run_feeds()


def dynamic_options():
    """Nested inputs, time-major, an initial state, a given scope object, parallel_iterations."""
    a = seq([T, B, 2], name='a')
    b = tf.placeholder(tf.float32, [T, B, 1], name='b')
    c0 = tf.placeholder(tf.float32, [B, 3], name='c0')
    with tf.variable_scope('enc') as scope:
        pass
    cell = rnn_cell.BasicLSTMCell(3)

    class PairInput(rnn_cell.RNNCell):
        """An RNNCell subclass that makes its variables in call() with tf.get_variable."""

        @property
        def state_size(self):
            return cell.state_size

        @property
        def output_size(self):
            return cell.output_size

        def call(self, inputs, state):
            w = tf.get_variable('mix', [1, 2], initializer=tf.constant_initializer(0.5))
            return cell(inputs[0] + tf.matmul(inputs[1], w), state)

    out, (c, h) = tf.nn.dynamic_rnn(PairInput(), (a, b), initial_state=rnn_cell.LSTMStateTuple(c0, c0 * 0.5),
                                    time_major=True, parallel_iterations=2, scope=scope)
    return {'out': out, 'c': c, 'h': h}, feeds(a={'a': SEQ[:, :, :2].transpose(1, 0, 2),
                                                   'b': SEQ[:, :, 2:].transpose(1, 0, 2),
                                                   'c0': np.full([B, 3], 0.25, np.float32)})


# --- cells called directly ---------------------------------------------------------------------

def cells_direct():
    x = seq([B, D])
    cell = rnn_cell.BasicLSTMCell(4)
    zero = cell.zero_state(B, tf.float32)
    out1, s1 = cell(x, zero)
    out2, s2 = cell(x * 2.0, s1)
    named = rnn_cell.GRUCell(2, name='my_gru')
    g = named(x, named.get_initial_state(inputs=x))
    scoped = rnn_cell.BasicRNNCell(2)
    r = scoped(x, scoped.zero_state(tf.shape(x)[0], tf.float32), scope='my_scope')
    with tf.variable_scope('outer'):
        inner = rnn_cell.BasicRNNCell(2)
        r2 = inner(x, tf.zeros([B, 2]))
    with tf.variable_scope('outer', reuse=True):
        shared = rnn_cell.BasicRNNCell(2, name='basic_rnn_cell')
        r3 = shared(x, tf.ones([B, 2]))
    multi = rnn_cell.MultiRNNCell([rnn_cell.BasicRNNCell(2), rnn_cell.BasicRNNCell(2)])
    m = multi(x, multi.zero_state(B, tf.float32))
    weights = {'lstm': [v.name for v in cell.trainable_weights], 'multi': [v.name for v in multi.trainable_weights],
               'gru': [v.name for v in named.variables]}
    return {'out1': out1, 's1': s1, 'out2': out2, 's2': s2, 'g': g, 'r': r, 'r2': r2, 'r3': r3, 'm': m}, feeds(
        a={'x': SEQ[:, 0]}), weights


# --- static_rnn and the bidirectional RNNs -----------------------------------------------------

def static_rnn():
    x = seq()
    inputs = tf.unstack(x, axis=1)
    out, (c, h) = tf.nn.static_rnn(rnn_cell.BasicLSTMCell(4), inputs, dtype=tf.float32)
    return {'out': out, 'c': c, 'h': h}, feeds(a={'x': SEQ})


def static_rnn_sequence_length():
    x, n = seq(), lengths()
    inputs = tf.unstack(x, axis=1)
    h0 = tf.placeholder(tf.float32, [B, 3], name='h0')
    out, state = tf.nn.static_rnn(rnn_cell.GRUCell(3), inputs, initial_state=h0, sequence_length=n)
    out2, (c, h) = tf.nn.static_rnn(rnn_cell.BasicLSTMCell(2), inputs, dtype=tf.float32, sequence_length=[3, 1],
                                    scope='lstm')
    return {'out': out, 'state': state, 'out2': out2, 'c': c, 'h': h}, run_feeds(h0=np.full([B, 3], 0.5, np.float32))


def bidirectional_dynamic():
    x, n = seq(), lengths()
    (fw, bw), ((c, h), g) = tf.nn.bidirectional_dynamic_rnn(rnn_cell.LSTMCell(3), rnn_cell.GRUCell(2), x,
                                                            sequence_length=n, dtype=tf.float32)
    tm = tf.transpose(x, [1, 0, 2])
    (fw2, bw2), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(rnn_cell.BasicRNNCell(2), rnn_cell.BasicRNNCell(2), tm,
                                                               dtype=tf.float32, time_major=True, scope='tm')
    return {'fw': fw, 'bw': bw, 'c': c, 'h': h, 'g': g, 'fw2': fw2, 'bw2': bw2, 's_fw': s_fw, 's_bw': s_bw}, run_feeds()


def static_bidirectional():
    x, n = seq(), lengths()
    inputs = tf.unstack(x, axis=1)
    out, s_fw, s_bw = tf.nn.static_bidirectional_rnn(rnn_cell.BasicRNNCell(3), rnn_cell.BasicRNNCell(2), inputs,
                                                     sequence_length=n, dtype=tf.float32)
    out2, (c, h), g = tf.nn.static_bidirectional_rnn(rnn_cell.BasicLSTMCell(2), rnn_cell.GRUCell(2), inputs,
                                                     dtype=tf.float32, scope='plain')
    return {'out': out, 's_fw': s_fw, 's_bw': s_bw, 'out2': out2, 'c': c, 'h': h, 'g': g}, run_feeds()


def raw_rnn():
    """raw_rnn as its docstring uses it (inputs read from a TensorArray until each row's length), and with
    an emit structure and a loop state."""
    x, n = seq(), lengths()
    inputs_ta = tf.TensorArray(tf.float32, size=T).unstack(tf.transpose(x, [1, 0, 2]))
    cell = rnn_cell.BasicLSTMCell(3)

    def loop_fn(time, cell_output, cell_state, loop_state):
        next_state = cell.zero_state(B, tf.float32) if cell_output is None else cell_state
        finished = time >= n
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([B, D]), lambda: inputs_ta.read(time))
        return finished, next_input, next_state, cell_output, None

    outputs_ta, (c, h), none = tf.nn.raw_rnn(cell, loop_fn)
    assert none is None
    gru = rnn_cell.GRUCell(2)

    def sums(time, cell_output, cell_state, loop_state):
        if cell_output is None:
            return (tf.zeros([B], tf.bool), x[:, 0], gru.zero_state(B, tf.float32), (tf.zeros([2]), tf.zeros([1])),
                    tf.constant(0.0))
        finished = time >= T
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([B, D]), lambda: tf.gather(x, tf.minimum(time, T - 1),
                                                                                                axis=1))
        emit = (cell_output * 2.0, tf.reduce_sum(cell_output, axis=1, keepdims=True))
        return finished, next_input, cell_state, emit, loop_state + tf.reduce_sum(cell_output)

    (doubled_ta, summed_ta), g, total = tf.nn.raw_rnn(gru, sums, parallel_iterations=1, scope='sums')
    return {'out': outputs_ta.stack(), 'c': c, 'h': h, 'doubled': doubled_ta.stack(), 'summed': summed_ta.stack(),
            'g': g, 'total': total}, run_feeds()


GRAPHS = [init_scope_ref, init_scope_resource, init_scope_direct, functions_get_variable, basic_rnn, basic_lstm,
          basic_lstm_concat_state, lstm_cell, gru, multi_rnn, wrappers, variational_dropout, dynamic_options, static_rnn,
          static_rnn_sequence_length, bidirectional_dynamic, static_bidirectional, raw_rnn]


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def graphs():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    # A graph whose builder also gives the cells' weights by name.
    weights = {}

    def direct():
        fetch, runs, w = cells_direct()
        weights.update(w)
        return fetch, runs

    direct.__name__ = 'cells_direct'
    more, more_values = control_flow.graphs([direct], shapes_of)
    more['cells_direct']['weights'] = weights
    recorded.update(more)
    values.update(more_values)
    return recorded, values


# --- gradients --------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: each builds in the default graph."""
    def var(name):
        return [v for v in tf.global_variables() if v.op.name == name][0]

    def lstm_grad():
        x, n = seq(), lengths()
        out, (c, h) = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(3), x, sequence_length=n, dtype=tf.float32)
        loss = tf.reduce_sum(out * out) + tf.reduce_sum(c * h)
        return loss, [x, var('rnn/basic_lstm_cell/kernel'), var('rnn/basic_lstm_cell/bias')], run_feeds()

    def init_scope_grad():
        x, n = seq(), lengths()
        out, state = tf.nn.dynamic_rnn(GetVariableCell(3, use_resource=True), x, sequence_length=n, dtype=tf.float32)
        loss = tf.reduce_sum(tf.square(out)) + tf.reduce_sum(state)
        return loss, [x, var('rnn/cell/w'), var('rnn/cell/u'), var('rnn/cell/b')], run_feeds()

    def static_gru_grad():
        x, n = seq(), lengths()
        out, state = tf.nn.static_rnn(rnn_cell.GRUCell(2), tf.unstack(x, axis=1), sequence_length=n, dtype=tf.float32)
        loss = tf.reduce_sum(tf.stack(out) * 1.5) + tf.reduce_sum(tf.square(state))
        return loss, [x, var('rnn/gru_cell/gates/kernel'), var('rnn/gru_cell/candidate/bias')], run_feeds()

    def bidirectional_grad():
        x, n = seq(), lengths()
        (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(rnn_cell.LSTMCell(2, num_proj=2), rnn_cell.BasicRNNCell(2), x,
                                                      sequence_length=n, dtype=tf.float32)
        loss = tf.reduce_sum(fw * bw) + tf.reduce_sum(tf.square(bw))
        return loss, [x, var('bidirectional_rnn/fw/lstm_cell/kernel'),
                      var('bidirectional_rnn/bw/basic_rnn_cell/kernel')], run_feeds()

    return {f.__name__: f for f in (lstm_grad, init_scope_grad, static_gru_grad, bidirectional_grad)}


# --- training ---------------------------------------------------------------------------------

TARGET = np.cos(np.arange(B * 2, dtype=np.float32)).reshape(B, 2) * 0.5


def lstm_model(use_resource):
    """A BasicLSTMCell over sequences of two lengths, a dense readout of its last h (by tf.matmul)."""
    x, n = seq(), lengths()
    target = tf.placeholder(tf.float32, [B, 2], name='target')
    with tf.variable_scope('model', use_resource=use_resource):
        cell = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(4), rnn_cell.LSTMCell(3, use_peepholes=True)])
        _, state = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32)
        w = tf.get_variable('readout', [3, 2])
        pred = tf.matmul(state[-1].h, w)
    loss = tf.reduce_mean(tf.square(pred - target))
    return x, n, target, pred, loss


def train_lstm(use_resource, checkpoint=False):
    g = tf.Graph()
    with g.as_default():
        x, n, target, pred, loss = lstm_model(use_resource)
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        names = [v.op.name for v in tf.trainable_variables()]
        feed = {x: SEQ, n: LENGTHS, target: TARGET}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], feed)[0]) for _ in range(6)]
            out = {'losses': losses, 'weights': dict(zip(names, value_json(sess.run(tf.trainable_variables()))))}
            if checkpoint:
                out['checkpoint'] = save_checkpoint(sess)
                out['prediction'] = value_json(sess.run(pred, feed))
            return out


def save_checkpoint(sess):
    """The trained model saved by tf.train.Saver: its files' bytes (base64) and the variables in it."""
    with tempfile.TemporaryDirectory() as d:
        prefix = tf.train.Saver().save(sess, os.path.join(d, 'model'), write_meta_graph=False)
        files = {}
        for f in sorted(os.listdir(d)):
            if f.startswith('model.'):
                with open(os.path.join(d, f), 'rb') as fh:
                    files[f] = base64.b64encode(fh.read()).decode()
        return {'files': files, 'variables': [[name, shape] for name, shape in tf.train.list_variables(prefix)]}


def training():
    return {'target': value_json(TARGET), 'ref': train_lstm(False, checkpoint=True), 'resource': train_lstm(True)}


# --- build errors -----------------------------------------------------------------------------

def build_errors():
    x = lambda shape, dtype=tf.float32: tf.placeholder(dtype, shape, name='x')
    zeros = lambda n: tf.zeros([B, n])

    class NotCallable:
        state_size = 3
        output_size = 3

        def zero_state(self, batch_size, dtype):
            return zeros(3)

        def __repr__(self):
            return '<NotCallable>'

    class NoOutputSize:
        state_size = 3

        def zero_state(self, batch_size, dtype):
            return zeros(3)

        def __call__(self, x, h):
            return h, h

        def __repr__(self):
            return '<NoOutputSize>'

    cases = {
        'cell_input_depth': lambda: rnn_cell.GRUCell(3)(x([B, None]), zeros(3)),
        'cell_int_inputs': lambda: rnn_cell.BasicRNNCell(3)(x([B, D], tf.int32), zeros(3)),
        'cell_int_dtype': lambda: rnn_cell.BasicRNNCell(3, dtype=tf.int32),
        'multi_empty': lambda: rnn_cell.MultiRNNCell([]),
        'multi_not_list': lambda: rnn_cell.MultiRNNCell(3),
        'multi_tuple_states': lambda: rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(3)], state_is_tuple=False),
        'multi_state_not_tuple': lambda: rnn_cell.MultiRNNCell([rnn_cell.BasicRNNCell(3)] * 2)(x([B, D]), zeros(6)),
        'dropout_keep_prob': lambda: rnn_cell.DropoutWrapper(rnn_cell.BasicRNNCell(3), input_keep_prob=1.5),
        'dropout_variational_dtype': lambda: rnn_cell.DropoutWrapper(rnn_cell.BasicRNNCell(3),
                                                                     variational_recurrent=True),
        'dropout_variational_input_size': lambda: rnn_cell.DropoutWrapper(
            rnn_cell.BasicRNNCell(3), input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32),
        'wrapper_not_cell': lambda: rnn_cell.ResidualWrapper(NotCallable()),
        'residual_shape': lambda: rnn_cell.ResidualWrapper(rnn_cell.BasicRNNCell(4))(x([B, D]), zeros(4)),
        'zero_state_no_dtype': lambda: rnn_cell.BasicRNNCell(3).get_initial_state(batch_size=2),
        'initial_state_batch': lambda: rnn_cell.BasicRNNCell(3).get_initial_state(inputs=x([B, D]), batch_size=5),
        'static_not_list': lambda: tf.nn.static_rnn(rnn_cell.BasicRNNCell(3), x([B, D])),
        'static_empty': lambda: tf.nn.static_rnn(rnn_cell.BasicRNNCell(3), []),
        'static_no_dtype': lambda: tf.nn.static_rnn(rnn_cell.BasicRNNCell(3), [x([B, D])]),
        'static_input_depth': lambda: tf.nn.static_rnn(rnn_cell.BasicRNNCell(3), [x([B, None])], dtype=tf.float32),
        'static_sequence_length_rank': lambda: tf.nn.static_rnn(
            rnn_cell.BasicRNNCell(3), [x([B, D])], dtype=tf.float32, sequence_length=[[1, 2]]),
        'bidirectional_not_cell': lambda: tf.nn.bidirectional_dynamic_rnn(rnn_cell.BasicRNNCell(3), NoOutputSize(),
                                                                          x([B, T, D]), dtype=tf.float32),
        'static_bidirectional_empty': lambda: tf.nn.static_bidirectional_rnn(
            rnn_cell.BasicRNNCell(3), rnn_cell.BasicRNNCell(3), [], dtype=tf.float32),
        'dynamic_state_size': lambda: tf.nn.dynamic_rnn(rnn_cell.BasicRNNCell(3), x([B, T, D]), initial_state=zeros(4)),
    }
    return errors_of(cases)


def main():
    recorded, values = graphs()
    out = {'graphs': recorded, 'values': values, 'gradients': control_flow.gradient_values(grad_cases()),
           'training': training(), 'build_errors': build_errors()}
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
