"""TF1's tf.initializers (orthogonal, identity, uniform_unit_scaling, he_*/lecun_*, ...), the rest of
tf.nn (relu_layer, xw_plus_b, pool v2 / 2d, conv backprops, conv_transpose, atrous_conv2d_transpose,
the nn aliases of array ops, collapse_repeated, ctc_loss_v2 with SparseTensor labels,
ctc_beam_search_decoder_v2) and fake quantization (fake_quant_with_min_max_* and their gradients, quantize / dequantize)
built with TF 2.21 in graph mode, for test/init_nn_quant.test.ts.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give (seeded initializers included); the gradients of the fake-quant and pooling ops; a
quantization-aware training (fake-quant weights and activations minimised by GradientDescent); and the
errors bad arguments raise while building.

Writes test/fixtures/graph_layer/init_nn_quant.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/init_nn_quant.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from image_ops import float32_attrs
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'init_nn_quant.json')

X = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) * 0.7
W = (np.arange(12, dtype=np.float32).reshape(3, 4) % 5 - 2.0) * 0.4
B = np.array([0.1, -0.2, 0.3, -0.4], np.float32)
IMG = np.sin(np.arange(32, dtype=np.float32)).reshape(1, 4, 4, 2)
SEQ = np.cos(np.arange(10, dtype=np.float32)).reshape(1, 5, 2)
VOL = np.sin(np.arange(64, dtype=np.float32) * 0.3).reshape(1, 4, 4, 4, 1)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def initializers():
    i = tf.initializers
    part = tf.fixed_size_partitioner(2)
    out = {
        'orthogonal': tf.get_variable('orth', [4, 3], initializer=tf.orthogonal_initializer(seed=1)),
        'orthogonal_wide': tf.get_variable('orth_wide', [2, 2, 5], initializer=i.orthogonal(gain=2.0, seed=2)),
        'identity': tf.get_variable('eye', [3, 4], initializer=i.identity(gain=0.5)),
        'uniform_unit_scaling': tf.get_variable('uus', [3, 2, 4],
                                                initializer=tf.uniform_unit_scaling_initializer(1.5, seed=3)),
        'he_normal': tf.get_variable('he_n', [4, 5], initializer=i.he_normal(seed=4)),
        'he_uniform': tf.get_variable('he_u', [4, 5], initializer=i.he_uniform(seed=5)),
        'lecun_normal': tf.get_variable('lecun_n', [2, 3, 4], initializer=i.lecun_normal(seed=6)),
        'lecun_uniform': tf.get_variable('lecun_u', [4, 5], initializer=i.lecun_uniform(seed=7)),
        'glorot_normal': tf.get_variable('glorot_n', [4, 5], initializer=i.glorot_normal(seed=8)),
        'glorot_uniform': tf.get_variable('glorot_u', [4, 5], initializer=i.glorot_uniform(seed=9)),
        'variance_scaling': tf.get_variable('vs', [4, 5], initializer=i.variance_scaling(
            2.0, 'fan_out', 'untruncated_normal', seed=10)),
        'zeros': tf.get_variable('z', [2, 2], initializer=i.zeros()),
        'ones': tf.get_variable('o', [2, 2], initializer=i.ones()),
        'constant': tf.get_variable('c', [2, 2], initializer=i.constant(3.5)),
        'random_uniform': tf.get_variable('ru', [2, 2], initializer=i.random_uniform(-2.0, 2.0, seed=11)),
        'random_normal': tf.get_variable('rn', [2, 2], initializer=i.random_normal(1.0, 0.5, seed=12)),
        'truncated_normal': tf.get_variable('tn', [2, 2], initializer=i.truncated_normal(0.0, 2.0, seed=13)),
        'identity_parts': list(tf.get_variable('eye_p', [6, 3], initializer=i.identity(), partitioner=part)),
        'uus_parts': list(tf.get_variable('uus_p', [6, 3], initializer=i.uniform_unit_scaling(seed=14),
                                          partitioner=part)),
        'orthogonal_parts': list(tf.get_variable('orth_p', [6, 3], initializer=i.orthogonal(seed=15),
                                                 partitioner=part)),
    }
    return out, feeds(a={})


def initializer_ops():
    """The namespace's variable initializers: global, local, of a list, and tables."""
    tf.get_variable('g', [2], initializer=tf.initializers.ones())
    loc = tf.get_variable('l', [2], initializer=tf.initializers.zeros(), collections=[tf.GraphKeys.LOCAL_VARIABLES])
    fetch = tf.constant(1.0)
    with tf.control_dependencies([tf.initializers.global_variables(), tf.initializers.local_variables(),
                                  tf.initializers.variables([loc], name='some'), tf.initializers.tables_initializer()]):
        out = {'after': tf.identity(fetch)}
    return out, feeds(a={})


def layers():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    w = tf.placeholder(tf.float32, [3, 4], name='w')
    b = tf.placeholder(tf.float32, [4], name='b')
    out = {
        'relu_layer': tf.nn.relu_layer(x, w, b),
        'relu_layer_named': tf.nn.relu_layer(x, w, b, name='rl'),
        'xw_plus_b': tf.nn.xw_plus_b(x, w, b),
        'xw_plus_b_named': tf.nn.xw_plus_b(x, w, b, name='dense'),
        'scale_regularization_loss': tf.nn.scale_regularization_loss(x),
    }
    return out, feeds(a={'x': X, 'w': W, 'b': B})


def pools():
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    seq = tf.placeholder(tf.float32, [1, 5, 2], name='seq')
    vol = tf.placeholder(tf.float32, [1, 4, 4, 4, 1], name='vol')
    out = {
        'avg_pool2d': tf.nn.avg_pool2d(img, 2, 2, 'VALID'),
        'max_pool2d': tf.nn.max_pool2d(img, [2, 2], [1, 1], 'SAME'),
        'max_pool2d_named': tf.nn.max_pool2d(img, 3, 1, 'VALID', name='mp'),
        'avg_pool_v2': tf.nn.avg_pool_v2(img, 2, 2, 'SAME'),
        'avg_pool_v2_1d': tf.nn.avg_pool_v2(seq, 2, 1, 'VALID'),
        'avg_pool_v2_3d': tf.nn.avg_pool_v2(vol, 2, 2, 'VALID', name='ap3'),
        'max_pool_v2': tf.nn.max_pool_v2(img, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'),
        'max_pool_v2_1d': tf.nn.max_pool_v2(seq, 3, 2, 'SAME'),
        'max_pool_v2_3d': tf.nn.max_pool_v2(vol, [2, 2, 2], 1, 'VALID'),
    }
    return out, feeds(a={'img': IMG, 'seq': SEQ, 'vol': VOL})


def conv_backprops():
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    dy = tf.placeholder(tf.float32, [1, 4, 4, 3], name='dy')
    ddy = tf.placeholder(tf.float32, [1, 4, 4, 4], name='ddy')
    vol = tf.placeholder(tf.float32, [1, 4, 4, 4, 1], name='vol')
    dvol = tf.placeholder(tf.float32, [1, 3, 3, 3, 2], name='dvol')
    f = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 2, 2, 3) / 8)
    fd = tf.constant(np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2) / 8)
    seq_dy = tf.placeholder(tf.float32, [1, 5, 3], name='seq_dy')
    out = {
        'conv2d_filter': tf.nn.conv2d_backprop_filter(img, [2, 2, 2, 3], dy, [1, 1, 1, 1], 'SAME'),
        'depthwise_filter': tf.nn.depthwise_conv2d_backprop_filter(img, [2, 2, 2, 2], ddy, [1, 1, 1, 1], 'SAME'),
        'depthwise_native_filter': tf.nn.depthwise_conv2d_native_backprop_filter(
            img, [2, 2, 2, 2], ddy, [1, 1, 1, 1], 'SAME', name='dwf'),
        'depthwise_input': tf.nn.depthwise_conv2d_backprop_input([1, 4, 4, 2], fd, ddy, [1, 1, 1, 1], 'SAME'),
        'depthwise_native_input': tf.nn.depthwise_conv2d_native_backprop_input(
            [1, 4, 4, 2], fd, ddy, [1, 1, 1, 1], 'SAME'),
        'conv3d_filter': tf.nn.conv3d_backprop_filter(vol, [2, 2, 2, 1, 2], dvol, [1, 1, 1, 1, 1], 'VALID'),
        'conv3d_filter_v2': tf.nn.conv3d_backprop_filter_v2(vol, [2, 2, 2, 1, 2], dvol, [1, 1, 1, 1, 1], 'VALID',
                                                            name='c3f'),
        'conv_transpose': tf.nn.conv_transpose(dy, f, [1, 4, 4, 2], 1),
        'conv_transpose_1d': tf.nn.conv_transpose(seq_dy, f[0], [1, 5, 2], 1, padding='SAME', name='ct1'),
        'conv_transpose_3d': tf.nn.conv_transpose(dvol, tf.ones([2, 2, 2, 1, 2]), [1, 4, 4, 4, 1], [1, 1, 1],
                                                  padding='VALID'),
        'atrous_transpose_same': tf.nn.atrous_conv2d_transpose(dy, tf.ones([3, 3, 2, 3]) * 0.5, [1, 4, 4, 2], 2, 'SAME'),
        'atrous_transpose_valid': tf.nn.atrous_conv2d_transpose(dy, f, [1, 6, 6, 2], 2, 'VALID', name='atv'),
        'atrous_transpose_rate1': tf.nn.atrous_conv2d_transpose(dy, f, [1, 4, 4, 2], 1, 'SAME'),
        'depth_to_space': tf.nn.depth_to_space(ddy, 2),
        'space_to_depth': tf.nn.space_to_depth(img, 2, name='s2d'),
        'space_to_batch': tf.nn.space_to_batch(img, [[0, 0], [1, 1]], 2),
    }
    rng = np.random.RandomState(0)
    return out, feeds(a={'img': IMG, 'dy': rng.randn(1, 4, 4, 3).astype(np.float32),
                         'ddy': rng.randn(1, 4, 4, 4).astype(np.float32), 'vol': VOL,
                         'dvol': rng.randn(1, 3, 3, 3, 2).astype(np.float32),
                         'seq_dy': rng.randn(1, 5, 3).astype(np.float32)})


def ctc_labels():
    labels = tf.placeholder(tf.int32, [3, 5], name='labels')
    seq = tf.placeholder(tf.int32, [3], name='seq')
    dyn = tf.placeholder(tf.int64, [None, None], name='dyn')
    logits = tf.placeholder(tf.float32, [4, 2, 5], name='logits')
    sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 3, 2], tf.int32), [2, 2])
    beam, beam_p = tf.nn.ctc_beam_search_decoder_v2(logits, [4, 3], beam_width=3, top_paths=2)
    out = {
        'ctc_loss_v2_last_blank': tf.nn.ctc_loss_v2(sp, logits, None, [4, 3], blank_index=-1),
        'ctc_loss_v2_first_blank': tf.nn.ctc_loss_v2(sp, logits, None, [4, 3], blank_index=0),
        'ctc_loss_v2_batch_major': tf.nn.ctc_loss_v2(sp, tf.transpose(logits, [1, 0, 2]), None, [4, 3],
                                                     logits_time_major=False, blank_index=2),
        'beam_v2': [beam[0].indices, beam[0].values, beam[0].dense_shape, beam[1].values, beam_p],
        'collapse': list(tf.nn.collapse_repeated(labels, seq)),
        'collapse_dynamic': list(tf.nn.collapse_repeated(dyn, tf.constant([2, 4], tf.int64), name='cr')),
    }
    return out, feeds(a={'labels': [[1, 1, 2, 2, 1], [1, 2, 3, 4, 5], [3, 3, 3, 0, 0]], 'seq': [5, 4, 2],
                         'dyn': np.array([[4, 4, 1, 1], [2, 2, 2, 3]], np.int64),
                         'logits': np.sin(np.arange(40, dtype=np.float32)).reshape(4, 2, 5)})


QX = np.array([[-7.0, -1.3, -0.02, 0.0], [0.4, 1.26, 2.9, 6.5]], np.float32)


def fake_quant():
    x = tf.placeholder(tf.float32, [2, 4], name='x')
    g = tf.placeholder(tf.float32, [2, 4], name='g')
    mn = tf.placeholder(tf.float32, [], name='mn')
    mx = tf.placeholder(tf.float32, [], name='mx')
    mnc = tf.placeholder(tf.float32, [4], name='mnc')
    mxc = tf.placeholder(tf.float32, [4], name='mxc')
    out = {
        'args': tf.fake_quant_with_min_max_args(x),
        'args_custom': tf.fake_quant_with_min_max_args(x, min=-1.0, max=2.0, num_bits=4, narrow_range=True, name='fq'),
        'vars': tf.fake_quant_with_min_max_vars(x, mn, mx),
        'vars_narrow': tf.fake_quant_with_min_max_vars(x, mn, mx, num_bits=5, narrow_range=True),
        'per_channel': tf.fake_quant_with_min_max_vars_per_channel(x, mnc, mxc, num_bits=3),
        'args_grad': tf.fake_quant_with_min_max_args_gradient(g, x, min=-1.0, max=1.0),
        'vars_grad': list(tf.fake_quant_with_min_max_vars_gradient(g, x, mn, mx, num_bits=6)),
        'per_channel_grad': list(tf.fake_quant_with_min_max_vars_per_channel_gradient(g, x, mnc, mxc,
                                                                                      narrow_range=True)),
    }
    return out, feeds(a={'x': QX, 'g': QX * 0.5 + 1.0, 'mn': -1.0, 'mx': 2.0, 'mnc': [-1.0, -2.0, 0.0, -0.5],
                         'mxc': [1.0, 2.0, 3.0, 0.5]},
                      b={'x': QX[::-1], 'g': QX, 'mn': -0.3, 'mx': 0.7, 'mnc': [-6.0, -0.1, -2.0, 0.0],
                         'mxc': [6.0, 0.1, 2.0, 0.2]})


def quantize():
    x = tf.placeholder(tf.float32, [2, 4], name='x')
    q = tf.quantize(x, -1.0, 2.0, tf.quint8)
    q2 = tf.quantize_v2(x, -1.0, 2.0, tf.qint8, mode='SCALED', name='qv2')
    q3 = tf.quantization.quantize(x, -1.0, 2.0, tf.quint8, mode='MIN_FIRST', ensure_minimum_range=0.02)
    q4 = tf.quantize(x, [-1.0, -2.0], [1.0, 2.0], tf.qint8, mode='SCALED', axis=-2, narrow_range=True,
                     round_mode='HALF_TO_EVEN')
    out = {
        'min_max': [q.output_min, q.output_max, q2.output_min, q2.output_max, q3.output_min, q4.output_max],
        'dequantize': tf.dequantize(q.output, q.output_min, q.output_max),
        'dequantize_scaled': tf.dequantize(q2.output, q2.output_min, q2.output_max, mode='SCALED', name='deq'),
        'dequantize_min_first': tf.quantization.dequantize(q3.output, q3.output_min, q3.output_max, mode='MIN_FIRST'),
        'dequantize_axis': tf.dequantize(q4.output, q4.output_min, q4.output_max, mode='SCALED', axis=0,
                                         narrow_range=True),
    }
    return out, feeds(a={'x': QX * 0.3}, b={'x': QX[::-1] * 0.2})


GRAPHS = [initializers, initializer_ops, layers, pools, conv_backprops, ctc_labels, fake_quant, quantize]


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: each builds in the default graph."""
    def weighted(y):
        n = int(np.prod(y.shape.as_list()))
        return tf.reduce_sum(y * tf.constant(np.linspace(-1.0, 2.0, n).astype(np.float32).reshape(y.shape.as_list())))

    def quant(fn):
        def build():
            x = tf.placeholder(tf.float32, [2, 4], name='x')
            mn = tf.placeholder(tf.float32, [4], name='mn')
            mx = tf.placeholder(tf.float32, [4], name='mx')
            return weighted(fn(x, mn, mx)), [x, mn, mx], feeds(
                a={'x': QX, 'mn': [-1.0, -2.0, 0.0, -0.5], 'mx': [1.0, 2.0, 3.0, 0.5]},
                b={'x': QX * 0.1, 'mn': [-0.5, -0.2, -1.0, -0.5], 'mx': [0.5, 0.3, 1.0, 0.1]})
        return build

    def image(fn, shape=(1, 4, 4, 2), value=IMG):
        def build():
            x = tf.placeholder(tf.float32, list(shape), name='x')
            return weighted(fn(x)), [x], feeds(a={'x': value})
        return build

    f = np.linspace(-1.0, 1.0, 24).astype(np.float32).reshape(2, 2, 2, 3)
    return {
        'fake_quant_args': quant(lambda x, mn, mx: tf.fake_quant_with_min_max_args(x, min=-1.0, max=1.0) * mn + mx),
        'fake_quant_vars': quant(lambda x, mn, mx: tf.fake_quant_with_min_max_vars(x, mn[0], mx[1], num_bits=4)),
        'fake_quant_per_channel': quant(lambda x, mn, mx: tf.fake_quant_with_min_max_vars_per_channel(
            x, mn, mx, narrow_range=True)),
        'relu_layer': quant(lambda x, mn, mx: tf.nn.relu_layer(x, tf.reshape(tf.concat([mn, mx, mn], 0), [4, 3]),
                                                               mx[:3])),
        'ctc_loss_v2': image(lambda x: tf.nn.ctc_loss_v2(tf.SparseTensor([[0, 0], [0, 1], [1, 0]],
                                                                         tf.constant([1, 3, 2], tf.int32), [2, 2]),
                                                         x, None, [4, 3], blank_index=1), (4, 2, 5),
                             np.sin(np.arange(40, dtype=np.float32)).reshape(4, 2, 5)),
        'max_pool2d': image(lambda x: tf.nn.max_pool2d(x, 2, 1, 'VALID')),
        'avg_pool_v2': image(lambda x: tf.nn.avg_pool_v2(x, 2, 2, 'SAME')),
        'max_pool_v2_1d': image(lambda x: tf.nn.max_pool_v2(x, 2, 1, 'VALID'), (1, 5, 2), SEQ),
        'conv_transpose': image(lambda x: tf.nn.conv_transpose(x, f, [1, 8, 8, 2], 2), (1, 4, 4, 3),
                                np.cos(np.arange(48, dtype=np.float32)).reshape(1, 4, 4, 3)),
        'atrous_conv2d_transpose': image(lambda x: tf.nn.atrous_conv2d_transpose(x, f, [1, 4, 4, 2], 2, 'SAME'),
                                         (1, 4, 4, 3), np.cos(np.arange(48, dtype=np.float32)).reshape(1, 4, 4, 3)),
    }


# --- training ----------------------------------------------------------------------------------

W0 = (np.arange(12, dtype=np.float32).reshape(3, 4) % 5 - 2.0) * 0.3
TX = np.sin(np.arange(15, dtype=np.float32)).reshape(5, 3)
TY = np.cos(np.arange(20, dtype=np.float32) * 0.7).reshape(5, 4)


def training():
    """Quantization-aware training: weights through fake_quant_with_min_max_vars (its min and max
    trained too), activations through fake_quant_with_min_max_args, minimised by GradientDescent."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', [3, 4], initializer=tf.constant_initializer(W0))
        b = tf.get_variable('b', [4], initializer=tf.initializers.zeros())
        lo = tf.get_variable('lo', [], initializer=tf.initializers.constant(-0.5))
        hi = tf.get_variable('hi', [], initializer=tf.initializers.constant(0.5))
        wq = tf.fake_quant_with_min_max_vars(w, lo, hi, num_bits=4)
        h = tf.fake_quant_with_min_max_args(tf.nn.xw_plus_b(TX, wq, b), min=-2.0, max=2.0)
        loss = tf.reduce_mean(tf.square(h - TY))
        train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(6)]
            return {'w0': W0.tolist(), 'x': TX.tolist(), 'y': TY.tolist(), 'losses': losses,
                    'fetched': [v.tolist() for v in sess.run([w, b, lo, hi])]}


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'orthogonal_rank1': lambda: tf.orthogonal_initializer()([3]),
        'orthogonal_dtype': lambda: tf.orthogonal_initializer(dtype=tf.int32),
        'identity_rank3': lambda: tf.initializers.identity()([2, 2, 2]),
        'identity_dtype': lambda: tf.initializers.identity(dtype=tf.string),
        'uniform_unit_scaling_dtype': lambda: tf.uniform_unit_scaling_initializer(dtype=tf.int64),
        'avg_pool_v2_rank': lambda: tf.nn.avg_pool_v2(z(1, 2, 2, 2, 2, 1), 2, 2, 'VALID'),
        'max_pool_v2_rank': lambda: tf.nn.max_pool_v2(z(2, 2), 2, 2, 'VALID'),
        'max_pool_v2_ksize': lambda: tf.nn.max_pool_v2(z(1, 4, 4, 1), [2, 2, 2], 2, 'VALID'),
        'ctc_loss_v2_blank': lambda: tf.nn.ctc_loss_v2(tf.SparseTensor([[0, 0]], [1], [1, 1]), z(2, 1, 3), None, [2]),
        'atrous_transpose_rate': lambda: tf.nn.atrous_conv2d_transpose(z(1, 4, 4, 3), z(2, 2, 2, 3), [1, 4, 4, 2], 0,
                                                                       'SAME'),
        'atrous_transpose_channels': lambda: tf.nn.atrous_conv2d_transpose(z(1, 4, 4, 3), z(2, 2, 2, 5), [1, 4, 4, 2],
                                                                           2, 'SAME'),
        'conv_transpose_length': lambda: tf.nn.conv_transpose(z(1, 2), z(1, 1), [1, 2], 1),
        'quantize_axis_rank': lambda: tf.quantize(tf.placeholder(tf.float32), -1.0, 1.0, tf.quint8, axis=-1),
        'dequantize_axis_rank': lambda: tf.dequantize(tf.placeholder(tf.quint8), -1.0, 1.0, axis=-2),
        'fake_quant_min_rank': lambda: tf.fake_quant_with_min_max_vars(z(2, 3), z(2), z()),
        'per_channel_min_size': lambda: tf.fake_quant_with_min_max_vars_per_channel(z(2, 3), z(2), z(3)),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    for g in recorded.values():
        g['attrs'] = float32_attrs(g['attrs'])
    out = {'graphs': recorded, 'values': values, 'gradients': control_flow.gradient_values(grad_cases()),
           'training': training(), 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
