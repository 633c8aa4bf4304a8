"""The remaining TF1 top-level, tf.nn, tf.math, tf.linalg, tf.signal, tf.image and tf.train functions
built with TF 2.21 in graph mode, for test/misc_ops2.test.ts: the N-D FFTs (fftnd, rfftnd, ...),
the raw-op exports (tf.conv, the Conv2D backprop V2 ops, the quantized ops, random_index_shuffle,
sobol_sample, logm, generate_bounding_box_proposals, the SDCA ops), required_space_to_batch_paddings,
ctc_unique_labels, compute_average_loss, op_scope / variable_op_scope and a registered tensor
conversion function.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs give for each feed (complex values as [real, imag] pairs); as_dtype / is_symbolic_tensor of a
few values; the errors bad arguments raise while building; the error tf.gradients gives for ops TF
has no gradient for; and a regression trained with compute_average_loss.

Writes test/fixtures/graph_layer/misc_ops2.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/misc_ops2.py
"""
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.keras.layers.legacy_rnn import rnn_cell_impl as rnn_cell  # tf.nn.rnn_cell needs Keras 2

import control_flow
import signal_ops  # noqa: F401  (complex values and Consts as [real, imag] in the records)
from control_flow import feeds
from image_ops import float32_attrs
from io_ops import errors_of, write_fixture
from signal_ops import shapes_of

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'misc_ops2.json')

# A 2x3x4 signal of few digits, and a second one for the imaginary parts.
RE = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) % 7 - 3.0) * 0.5
IM = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) % 5 - 2.0) * 0.25
IMG = np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2) % 9 * 0.5
FILT = (np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2) % 3 - 1.0) * 0.5


def signal():
    re = tf.placeholder(tf.float32, [2, 3, 4], name='re')
    im = tf.placeholder(tf.float32, [2, 3, 4], name='im')
    x = tf.complex(re, im)
    w = tf.signal.rfftnd(re, fft_length=[4, 6], axes=[1, 2], norm='forward')
    out = {
        'fftnd': tf.signal.fftnd(x),
        'fftnd_ortho': tf.signal.fftnd(x, fft_length=[3, 5], axes=[-2, -1], norm='ortho'),
        'ifftnd': tf.signal.ifftnd(x, name='inv'),
        'ifftnd_forward': tf.signal.ifftnd(x, fft_length=[2, 4], axes=[0, 2], norm='forward'),
        'rfftnd': tf.signal.rfftnd(re),
        'rfftnd_forward': w,
        'irfftnd': tf.signal.irfftnd(w, fft_length=[4, 6], axes=[1, 2]),
        'irfftnd_default': tf.signal.irfftnd(w),
        'irfftnd_ortho': tf.signal.irfftnd(w, fft_length=[3, 5], axes=[1, 2], norm='ortho'),
        'raw_fftnd': tf.fftnd(x, [4], [2]),
        'raw_ifftnd': tf.ifftnd(x, fft_length=[2, 3], axes=[0, 1], name='raw_inv'),
        'raw_rfftnd': tf.rfftnd(re, [3, 4], [1, 2]),
        'raw_irfftnd': tf.irfftnd(x, [4], [2], Treal=tf.float64),
    }
    # TF 2.21 has no CPU kernels for the N-D FFTs: the graphs only (run_errors has what a run gives).
    return out, feeds()


def raw_ops():
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    filt = tf.placeholder(tf.float32, [2, 2, 2, 2], name='filt')
    q, qmin, qmax = tf.quantize(img, 0.0, 8.0, tf.quint8)
    qf, fmin, fmax = tf.quantize(filt, -1.0, 1.0, tf.quint8)
    qc, cmin, cmax = tf.quantized_concat(2, [q, q], [qmin, qmin], [qmax, qmax])
    ap, apmin, apmax = tf.nn.quantized_avg_pool(q, qmin, qmax, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
    mp, mpmin, mpmax = tf.nn.quantized_max_pool(q, qmin, qmax, ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1],
                                                padding='SAME', name='qmax')
    qconv, qcmin, qcmax = tf.nn.quantized_conv2d(q, qf, qmin, qmax, fmin, fmax, [1, 1, 1, 1], 'VALID')
    i = tf.placeholder(tf.int64, [4], name='i')
    out = {
        'conv': tf.conv(img, filt, [1, 1, 1, 1], 'VALID'),
        'conv_same': tf.conv(img, filt, strides=[1, 2, 2, 1], padding='SAME', dilations=[1, 1, 1, 1], name='conv_nd'),
        'quantized_concat': [tf.dequantize(qc, cmin, cmax), cmin, cmax],
        'quantized_avg_pool': [tf.dequantize(ap, apmin, apmax), apmin, apmax],
        'quantized_max_pool': [tf.dequantize(mp, mpmin, mpmax), mpmin, mpmax],
        'quantized_conv2d': [tf.dequantize(qconv, qcmin, qcmax), qcmin, qcmax],
        'shuffle': tf.random_index_shuffle(i, tf.constant([1, 2, 3], tf.int64), tf.constant(9, tf.int64)),
        'shuffle_rounds': tf.random_index_shuffle(tf.cast(i, tf.int32), [4, 5, 6], 20, rounds=6, name='shuffled'),
        'sobol': tf.math.sobol_sample(3, 5, skip=2),
        'sobol64': tf.math.sobol_sample(tf.constant(2), 3, dtype=tf.float64, name='s64'),
    }
    return out, feeds(a={'img': IMG, 'filt': FILT, 'i': [0, 3, 5, 9]})


def no_cpu_kernels():
    """The ops TF 2.21 has GPU kernels only for: their graphs (run_errors has what a run gives)."""
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    filt = tf.placeholder(tf.float32, [2, 2, 2, 2], name='filt')
    grad = tf.ones_like(tf.nn.conv2d(img, filt, [1, 1, 1, 1], 'VALID'))
    out = {
        'filter_v2': tf.conv2d_backprop_filter_v2(img, filt, grad, [1, 1, 1, 1], 'VALID'),
        'input_v2': tf.conv2d_backprop_input_v2(img, filt, grad, [1, 1, 1, 1], 'VALID', use_cudnn_on_gpu=False,
                                                dilations=[1, 1, 1, 1], name='input_grad'),
        'pinned': tf.check_pinned(img),
        'quantized_relu_x': tf.nn.quantized_relu_x(tf.quantize(img, 0.0, 8.0, tf.quint8).output, 6.0, 0.0, 8.0),
    }
    return out, feeds()


def run_errors():
    """The error (class, message up to the attrs) of a run of each op without a CPU kernel, each in its own graph."""
    cases = {
        'fftnd': lambda: tf.signal.fftnd(tf.complex(tf.ones([2, 3]), tf.ones([2, 3]))),
        'rfftnd': lambda: tf.signal.rfftnd(tf.ones([2, 3]), axes=[1]),
        'filter_v2': lambda: tf.conv2d_backprop_filter_v2(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]),
                                                          tf.ones([1, 2, 2, 1]), [1, 1, 1, 1], 'VALID'),
        'pinned': lambda: tf.check_pinned(tf.ones([2])),
        'relu_x': lambda: tf.nn.quantized_relu_x(tf.quantize(tf.ones([2]), 0.0, 1.0, tf.quint8).output, 6.0, 0.0, 1.0)[0],
    }
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            t = fn()
            with tf.Session() as sess:
                try:
                    sess.run(t)
                    raise AssertionError(name + ' ran')
                except tf.errors.OpError as e:
                    # The kernel-lookup line, up to its attrs (whose order varies from run to run).
                    line = re.search("Node: '[^']*'\n([^\n]*)", e.message).group(1)
                    out[name] = {'class': type(e).__name__, 'message': line.split(' with these attrs')[0]}
    return out


def paddings():
    s = tf.placeholder(tf.int32, [2], name='s')
    out = {
        'static': tf.required_space_to_batch_paddings([5, 6], [2, 4]),
        'base': tf.required_space_to_batch_paddings([5, 6], [3, 4], base_paddings=[[1, 0], [0, 2]], name='based'),
        'dynamic': tf.required_space_to_batch_paddings(s, [2, 3]),
        'dynamic_base': tf.required_space_to_batch_paddings(s, tf.constant([4, 2]), [[0, 1], [2, 2]]),
        'empty': tf.required_space_to_batch_paddings(tf.zeros([0], tf.int32), tf.zeros([0], tf.int32)),
    }
    return out, feeds(a={'s': [5, 7]}, b={'s': [8, 1]})


def linalg_nn():
    m = tf.placeholder(tf.float32, [2, 2], name='m')
    labels = tf.placeholder(tf.int32, [2, 5], name='labels')
    dyn_labels = tf.placeholder(tf.int32, [None, None], name='dyn_labels')
    loss = tf.placeholder(tf.float32, [4], name='loss')
    w = tf.placeholder(tf.float32, [4, 1], name='w')
    anyr = tf.placeholder(tf.float32, None, name='anyr')
    log = tf.linalg.logm(tf.complex(m, tf.zeros_like(m)))
    out = {
        'logm': [tf.real(log), tf.imag(log)],
        'unique': tf.nn.ctc_unique_labels(labels),
        'unique_dynamic': tf.nn.ctc_unique_labels(dyn_labels, name='uq'),
        'average': tf.nn.compute_average_loss(loss),
        'average_weighted': tf.nn.compute_average_loss(loss, sample_weight=w),
        'average_global': tf.nn.compute_average_loss(loss, sample_weight=[1.0, 0.0, 2.0, 1.0], global_batch_size=8),
        'average_any_rank': tf.nn.compute_average_loss(anyr),
    }
    lab = [[3, 3, 1, 0, 1], [2, 2, 2, 2, 5]]
    return out, feeds(a={'m': [[2.0, 0.5], [0.25, 3.0]], 'labels': lab, 'dyn_labels': lab, 'loss': [1.0, 2.0, 3.0, 4.0],
                         'w': [[1.0], [0.5], [0.0], [2.0]], 'anyr': [[1.0, 2.0], [3.0, 5.0]]})


def proposals():
    scores = tf.placeholder(tf.float32, [1, 2, 2, 1], name='scores')
    deltas = tf.placeholder(tf.float32, [1, 2, 2, 4], name='deltas')
    info = tf.constant([[32.0, 32.0, 1.0, 32.0, 32.0]])
    anchors = tf.constant([[[0.0, 0.0, 15.0, 15.0], [8.0, 0.0, 23.0, 15.0]], [[0.0, 8.0, 15.0, 23.0], [8.0, 8.0, 23.0, 23.0]]])
    rois, probs = tf.image.generate_bounding_box_proposals(scores, deltas, info, anchors, min_size=4,
                                                           post_nms_topn=3)
    rois2, probs2 = tf.image.generate_bounding_box_proposals(scores, deltas, info, anchors, nms_threshold=0.1,
                                                             pre_nms_topn=2, min_size=1.0, name='proposals')
    # A GPU-only op in TF 2.21: the graph only.
    return {'rois': rois, 'probs': probs, 'rois2': rois2, 'probs2': probs2}, feeds()


class Point:
    """A value a registered conversion function makes a tensor of."""
    def __init__(self, x, y):
        self.x, self.y = x, y


def point_to_tensor(value, dtype=None, name=None, as_ref=False):
    return tf.stack([tf.constant(value.x, dtype or tf.float32), tf.constant(value.y, dtype or tf.float32)], name=name)


tf.register_tensor_conversion_function(Point, point_to_tensor)


def scopes():
    x = tf.placeholder(tf.float32, [2], name='x')
    with tf.op_scope([x], None, 'my_op') as scope:
        a = tf.identity(x, name=scope + 'a')
    with tf.op_scope([x], 'named') as scope:
        b = tf.multiply(x, 2.0)
    with tf.variable_op_scope([x], None, 'layer', initializer=tf.ones_initializer()) as vs:
        v = tf.get_variable('v', [2])
        c = x + v
    with tf.variable_op_scope([x], vs, reuse=True):
        c = c + tf.get_variable('v', [2])
    p = tf.add(Point(1.0, 2.0), x)
    q = tf.convert_to_tensor(Point(3, 4), dtype=tf.float64, name='pt')
    sp = tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensorValue([[0]], [1.0], [2]))
    dense = tf.convert_to_tensor_or_sparse_tensor([1, 2], tf.int64, name='dense')
    return {'a': a, 'b': b, 'c': c, 'p': p, 'q': q, 'sp': tf.sparse.to_dense(sp), 'dense': dense}, feeds(
        a={'x': [1.0, -1.0]})


def sdca():
    # One example: the kernel updates examples on several threads at once, so more would race.
    n = 1
    x = tf.placeholder(tf.float32, [n, 1], name='feat')
    labels = tf.placeholder(tf.float32, [n], name='labels')
    state, _, dense_deltas = tf.train.sdca_optimizer(
        [], [], [], [x], tf.ones([n]), labels, [], [], [tf.zeros([1])], tf.zeros([n, 4]),
        loss_type='squared_loss', l1=0.0, l2=1.0, num_loss_partitions=1, num_inner_iterations=1, adaptative=False)
    w = tf.Variable([0.5, -2.0, 0.01], name='w')
    shrink = tf.train.sdca_shrink_l1([w], l1=0.1, l2=1.0)
    with tf.control_dependencies([shrink]):
        shrunk = tf.identity(w)
    fp = tf.train.sdca_fprint(tf.constant(['a', 'b']))
    return {'state': state, 'deltas': dense_deltas, 'shrunk': shrunk, 'fp_shape': tf.shape(fp)}, feeds(
        a={'feat': [[2.0]], 'labels': [3.0]})


def eigh():
    a = tf.placeholder(tf.float64, [4], name='a')
    b = tf.placeholder(tf.float64, [3], name='b')
    a32 = tf.placeholder(tf.float32, [5], name='a32')
    b32 = tf.placeholder(tf.float32, [4], name='b32')
    out = {
        'all': tf.linalg.eigh_tridiagonal(a, b),
        'index': tf.linalg.eigh_tridiagonal(a, b, select='i', select_range=[1, 2]),
        'value': tf.linalg.eigh_tridiagonal(a, b, select='v', select_range=[0.0, 3.0], name='by_value'),
        'float32_tol': tf.linalg.eigh_tridiagonal(a32, b32, tol=1e-3),
        'single': tf.linalg.eigh_tridiagonal(tf.constant([2.5]), tf.zeros([0])),
        'vectors': tf.linalg.eigh_tridiagonal(a, b, eigvals_only=False),
    }
    return out, feeds(a={'a': [1.0, 2.0, 3.0, 4.0], 'b': [0.5, 0.5, 0.5], 'a32': [2.0, -1.0, 0.5, 3.0, 1.0],
                         'b32': [1.0, 0.25, -0.5, 2.0]},
                      b={'a': [0.0, 0.0, 0.0, 0.0], 'b': [1.0, -2.0, 1.0], 'a32': [1.0, 1.0, 1.0, 1.0, 1.0],
                         'b32': [0.0, 0.0, 0.0, 0.0]})


class VariableStateSaver:
    """A state saver (TF1's duck type) keeping each state in a variable."""
    def __init__(self, shapes):
        self.vars = {k: tf.Variable(tf.zeros(s), name=k) for k, s in shapes.items()}

    def state(self, name):
        return self.vars[name].value()

    def save_state(self, name, value):
        return tf.assign(self.vars[name], value)


def state_saving_rnn():
    tf.set_random_seed(5)
    x = tf.placeholder(tf.float32, [2, 3, 2], name='x')
    inputs = tf.unstack(x, axis=1)
    saver = VariableStateSaver({'h': [2, 3]})
    cell = rnn_cell.BasicRNNCell(3, name='basic')
    outputs, state = tf.nn.static_state_saving_rnn(cell, inputs, saver, 'h')
    lstm_saver = VariableStateSaver({'c': [2, 2], 'm': [2, 2]})
    lstm = rnn_cell.LSTMCell(2, name='lstm')
    lstm_outputs, lstm_state = tf.nn.static_state_saving_rnn(lstm, inputs, lstm_saver, ('c', 'm'),
                                                             sequence_length=[3, 2], scope='lstm_rnn')
    return {'outputs': outputs, 'state': state, 'lstm_outputs': lstm_outputs, 'lstm_state': list(lstm_state),
            'saved': [saver.vars['h'].value(), lstm_saver.vars['m'].value()]}, feeds(
        a={'x': np.sin(np.arange(12, dtype=np.float32)).reshape(2, 3, 2)})


BOXES = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1],
                  [0, 100, 1, 101]], np.float32)
SCORES = np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)


def nms_padded():
    """non_max_suppression_padded, a tf.function in TF: the static shapes and values of its results only (its
    graph is a call of the traced function)."""
    with tf.Graph().as_default():
        boxes = tf.placeholder(tf.float32, [6, 4], name='boxes')
        scores = tf.placeholder(tf.float32, [6], name='scores')
        batch = tf.stack([boxes, boxes[::-1]])
        batch_scores = tf.stack([scores, scores[::-1]])
        out = {
            'unpadded': tf.image.non_max_suppression_padded(boxes, scores, 4),
            'padded': tf.image.non_max_suppression_padded(boxes, scores, 5, iou_threshold=0.2, score_threshold=0.55,
                                                          pad_to_max_output_size=True),
            'batched': tf.image.non_max_suppression_padded(batch, batch_scores, 3, pad_to_max_output_size=True,
                                                           tile_size=4),
            'flipped': tf.image.non_max_suppression_padded(tf.gather(boxes, [2, 3, 0, 1], axis=1), scores, 6,
                                                           tile_size=2, name='flip'),
            'sorted': tf.image.non_max_suppression_padded(boxes, tf.sort(scores, direction='DESCENDING'), 6,
                                                          sorted_input=True, canonicalized_coordinates=True),
        }
        runs = feeds(a={'boxes': BOXES, 'scores': SCORES}, b={'boxes': BOXES[::-1] * 2.0, 'scores': SCORES[::-1]})
        with tf.Session() as sess:
            values = [control_flow.value_json(sess.run(out, {k + ':0': v for k, v in f.items()})) for f in runs]
        return {'shapes': shapes_of(out), 'feeds': [control_flow.value_json(f) for f in runs], 'values': values}


GRAPHS = [signal, no_cpu_kernels, raw_ops, paddings, linalg_nn, eigh, state_saving_rnn, proposals, scopes, sdca]


def static_values():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32)
        kinds = {'tensor': p, 'variable': tf.Variable(1.0), 'sparse': tf.SparseTensor([[0]], [1.0], [2]),
                 'number': 1.0, 'list': [p]}
        dtypes = ['float32', 'float', 'double', 'half', 'int64_ref', 'string', 'qint8', 'complex128', 1, 109]
        return {'is_symbolic': {k: tf.is_symbolic_tensor(v) for k, v in kinds.items()},
                'as_dtype': [repr(tf.as_dtype(d)) for d in dtypes]}


def build_errors():
    def z(*shape, dtype=tf.float32):
        return tf.zeros(shape, dtype)
    cases = {
        'rfftnd_int': lambda: tf.signal.rfftnd(z(2, 2, dtype=tf.int32)),
        'irfftnd_float': lambda: tf.signal.irfftnd(z(2, 2), fft_length=[2, 2]),
        # TF1's TensorShape makes the FFT rank a Dimension, which the dynamic padding cannot negate.
        'rfftnd_dynamic': lambda: tf.signal.rfftnd(tf.placeholder(tf.float32, [None, 4]), fft_length=[3, 4], axes=[0, 1]),
        'fftnd_rank': lambda: tf.signal.fftnd(tf.complex(z(3), z(3)), axes=[0, 1]),
        'paddings_block_rank': lambda: tf.required_space_to_batch_paddings([4], [[2]]),
        'paddings_block_unknown': lambda: tf.required_space_to_batch_paddings(
            [4], tf.placeholder(tf.int32, [None])),
        'paddings_input': lambda: tf.required_space_to_batch_paddings([4, 4, 4], [2, 2]),
        'paddings_base': lambda: tf.required_space_to_batch_paddings([4, 4], [2, 2], base_paddings=[1, 2]),
        'average_scalar': lambda: tf.nn.compute_average_loss(3.0),
        'average_batch_float': lambda: tf.nn.compute_average_loss([1.0], global_batch_size=2.0),
        'average_batch_vector': lambda: tf.nn.compute_average_loss([1.0], global_batch_size=[2]),
        'as_dtype': lambda: tf.as_dtype('floaty'),
        'register_number': lambda: tf.register_tensor_conversion_function(float, point_to_tensor),
        'eigh_dtypes': lambda: tf.linalg.eigh_tridiagonal(z(3), z(2, dtype=tf.float64)),
        'eigh_select': lambda: tf.linalg.eigh_tridiagonal(z(3), z(2), select='x'),
        'eigh_int': lambda: tf.linalg.eigh_tridiagonal(z(3, dtype=tf.int32), z(2, dtype=tf.int32)),
        'fftnd_none': lambda: tf.signal.fftnd(None),
        'state_name_type': lambda: tf.nn.static_state_saving_rnn(rnn_cell.BasicRNNCell(2), [z(1, 2)],
                                                                 VariableStateSaver({'h': [1, 2]}), ['h']),
        'nms_batched_unpadded': lambda: tf.image.non_max_suppression_padded(z(2, 3, 4), z(2, 3), 2),
    }
    out = errors_of(cases)
    # A RuntimeError, which errors_of does not catch.
    with tf.Graph().as_default():
        try:
            tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensor([[0]], [1.0], [2]), tf.float64)
        except RuntimeError as e:
            out['sparse_dtype'] = {'class': type(e).__name__, 'message': str(e)}
    return out


def gradient_errors():
    """What tf.gradients raises through the ops TF has no gradient for."""
    cases = {
        'fftnd': lambda x: tf.abs(tf.signal.fftnd(tf.complex(x, x))),
        'rfftnd': lambda x: tf.abs(tf.signal.rfftnd(x)),
        'logm': lambda x: tf.abs(tf.linalg.logm(tf.complex(x, x))),
    }
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [2, 2], name='x')
            try:
                tf.gradients(tf.reduce_sum(fn(x)), x)
                raise AssertionError(name + ' has a gradient')
            except LookupError as e:
                out[name] = {'class': type(e).__name__, 'message': str(e)}
    return out


def training():
    """A linear regression minimised by GradientDescent on compute_average_loss with sample weights."""
    with tf.Graph().as_default():
        w = tf.Variable([[0.5], [-0.5]], name='w')
        x = tf.constant([[1.0, 2.0], [3.0, 4.0], [-1.0, 0.5]])
        y = tf.constant([1.0, 2.0, 0.0])
        per_example = tf.square(tf.squeeze(tf.matmul(x, w), 1) - y)
        loss = tf.nn.compute_average_loss(per_example, sample_weight=[1.0, 0.5, 2.0], global_batch_size=4)
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(5)]
            return {'losses': losses, 'w': sess.run(w).tolist()}


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    for g in recorded.values():
        g['attrs'] = float32_attrs(g['attrs'])
    out = {'graphs': recorded, 'values': values, 'static_values': static_values(), 'build_errors': build_errors(), 'run_errors': run_errors(),
           'gradient_errors': gradient_errors(), 'nms_padded': nms_padded(), 'training': training()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
