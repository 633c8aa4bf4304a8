"""TF1's convolution and pooling: the nn ops (tf.compat.v1.nn.convolution, conv1d, conv2d_transpose,
conv3d, depthwise_conv2d, separable_conv2d, pool, the 1-D and 3-D pools, atrous_conv2d, bias_add
with a data format) built with TF 2.21, and TF1's convolution and pooling layers
(tf.layers.conv2d, conv3d_transpose, max_pooling2d, ...) re-created step by step with the ops TF
1.15's layers build, for test/conv_layers.test.ts.

TF 1.15's tf.layers classes are Keras layers (tensorflow/python/layers/convolutional.py and
pooling.py over tensorflow/python/keras/layers/convolutional.py and pooling.py), which TF 2.21's
tf.compat.v1.layers no longer runs (it needs Keras 2). So each layer graph here is what TF 1.15's
source builds, made with the pieces of it TF 2.21 still runs (tf.variable_scope's default_name
uniquing, tf.get_variable, nn_ops.Convolution, tf.nn.bias_add, ...); each function cites the TF 1.15
function it re-creates.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), the static shapes of its fetches and what session runs of them
give for each feed. Then: gradients (values), a small CNN trained a few steps, the run errors of
NCHW convolutions and pools on CPU, and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/conv_layers.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/conv_layers.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.ops import nn_ops

import control_flow
from control_flow import feeds
from io_ops import error_json, errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'conv_layers.json')


def data(*shape, scale=0.37):
    """A deterministic float32 array: sin of its flat index times `scale`."""
    return np.sin(np.arange(np.prod(shape), dtype=np.float32) * scale).reshape(shape).astype(np.float32)


X4 = data(2, 7, 7, 3)
F4 = data(3, 3, 3, 4, scale=0.53)
X3 = data(2, 7, 3)
F3 = data(3, 3, 4, scale=0.53)
X5 = data(1, 4, 4, 4, 2)
F5 = data(2, 2, 2, 2, 3, scale=0.53)


def placeholders(**shapes):
    return [tf.placeholder(tf.float32, s, name=n) for n, s in shapes.items()]


# --- nn ops: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def nn_convolution():
    x, f, x1, f1, x3, f3 = placeholders(x=[2, 7, 7, 3], f=[3, 3, 3, 4], x1=[2, 7, 3], f1=[3, 3, 4], x3=[1, 4, 4, 4, 2],
                                        f3=[2, 2, 2, 2, 3])
    out = {
        'same': tf.nn.convolution(x, f, 'SAME'),
        'strided': tf.nn.convolution(x, f, 'VALID', strides=[2, 2], name='strided'),
        # A host filter converts in scope convolution_internal.
        'host_filter': tf.nn.convolution(x, F4[:, :, :, :2], 'VALID'),
        'one_d': tf.nn.convolution(x1, f1, 'SAME', strides=[2]),
        'three_d': tf.nn.convolution(x3, f3, 'VALID'),
        'conv1d': tf.nn.conv1d(x1, f1, 2, 'VALID'),
        'conv1d_dilated': tf.nn.conv1d(x1, f1, 1, 'SAME', dilations=2, name='dil'),
        'conv3d': tf.nn.conv3d(x3, f3, [1, 1, 1, 1, 1], 'SAME'),
        'conv3d_strided': tf.nn.conv3d(x3, f3, [1, 2, 2, 2, 1], 'VALID', name='c3'),
        'conv2d_dilations': tf.nn.conv2d(x, f, 1, 'SAME', dilations=2),
    }
    return out, feeds(a={'x': X4, 'f': F4, 'x1': X3, 'f1': F3, 'x3': X5, 'f3': F5})


def nn_dilated():
    x, f, x1, f1 = placeholders(x=[2, 7, 7, 3], f=[3, 3, 3, 4], x1=[2, 7, 3], f1=[3, 3, 4])
    dyn = tf.placeholder(tf.float32, [None, None, None, 3], name='dyn')
    out = {
        'same': tf.nn.convolution(x, f, 'SAME', dilation_rate=[2, 2]),
        'valid': tf.nn.convolution(x, f, 'VALID', dilation_rate=[2, 1]),
        'one_d': tf.nn.convolution(x1, f1, 'SAME', dilation_rate=[3]),
        'atrous': tf.nn.atrous_conv2d(x, f, 2, 'VALID'),
        # Unknown spatial dimensions: the paddings are computed by ops.
        'dynamic': tf.nn.convolution(dyn, f, 'SAME', dilation_rate=[2, 2], name='dyn_conv'),
        'dynamic_valid': tf.nn.convolution(dyn, f, 'VALID', dilation_rate=[2, 3]),
    }
    return out, feeds(a={'x': X4, 'f': F4, 'x1': X3, 'f1': F3, 'dyn': X4},
                      b={'x': X4, 'f': F4, 'x1': X3, 'f1': F3, 'dyn': data(1, 9, 8, 3)})


def nn_transpose():
    x, f, x1, f1, x3, f3 = placeholders(x=[2, 7, 7, 3], f=[3, 3, 5, 3], x1=[2, 7, 3], f1=[3, 4, 3], x3=[1, 4, 4, 4, 2],
                                        f3=[2, 2, 2, 3, 2])
    b = tf.placeholder(tf.float32, [None, 7, 7, 3], name='b')
    out = {
        'same': tf.nn.conv2d_transpose(x, f, [2, 14, 14, 5], [1, 2, 2, 1]),
        'valid': tf.nn.conv2d_transpose(x, f, [2, 15, 15, 5], 2, padding='VALID', name='up'),
        # An output shape holding a tensor is packed.
        'dynamic_batch': tf.nn.conv2d_transpose(b, f, [tf.shape(b)[0], 7, 7, 5], 1),
        'backprop_input': tf.nn.conv2d_backprop_input([2, 7, 7, 5], f, x, [1, 1, 1, 1], 'SAME'),
        'one_d': tf.nn.conv1d_transpose(x1, f1, [2, 14, 4], 2),
        'one_d_tensor_shape': tf.nn.conv1d_transpose(x1, f1, tf.constant([2, 9, 4]), 1, padding='VALID'),
        'three_d': tf.nn.conv3d_transpose(x3, f3, [1, 8, 8, 8, 3], [1, 2, 2, 2, 1]),
    }
    return out, feeds(a={'x': X4, 'f': data(3, 3, 5, 3, scale=0.53), 'x1': X3, 'f1': data(3, 4, 3, scale=0.53),
                         'x3': X5, 'f3': data(2, 2, 2, 3, 2, scale=0.53), 'b': X4})


def nn_depthwise():
    x, d, p = placeholders(x=[2, 7, 7, 3], d=[3, 3, 3, 2], p=[1, 1, 6, 4])
    bias = tf.placeholder(tf.float32, [3], name='bias')
    d_any = tf.placeholder(tf.float32, [None, None, 3, 2], name='d_any')
    out = {
        # A filter of unknown size: its shape is a Shape op.
        'depthwise_any_filter': tf.nn.depthwise_conv2d(x, d_any, [1, 1, 1, 1], 'VALID', rate=[2, 1]),
        'depthwise': tf.nn.depthwise_conv2d(x, d, [1, 1, 1, 1], 'SAME'),
        'depthwise_strided': tf.nn.depthwise_conv2d(x, d, [1, 2, 2, 1], 'VALID', name='dw'),
        'depthwise_rate': tf.nn.depthwise_conv2d(x, d, [1, 1, 1, 1], 'SAME', rate=[2, 2]),
        'native': tf.nn.depthwise_conv2d_native(x, d, [1, 1, 1, 1], 'VALID'),
        'separable': tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], 'SAME'),
        'separable_rate': tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], 'VALID', rate=[2, 1], name='sep'),
        'bias_add': tf.nn.bias_add(x, bias),
        'bias_add_nhwc': tf.nn.bias_add(x, bias, data_format='NHWC', name='nhwc'),
        # NCHW BiasAdd runs on CPU: the bias along the second dimension.
        'bias_add_nchw': tf.nn.bias_add(tf.transpose(x, [0, 3, 1, 2]), bias, data_format='NCHW'),
        'bias_add_ncw': tf.nn.bias_add(x[:, :, 0, :], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], data_format='NCW'),
    }
    return out, feeds(a={'x': X4, 'd': data(3, 3, 3, 2, scale=0.53), 'p': data(1, 1, 6, 4, scale=0.29),
                         'bias': [0.5, -1.0, 2.0], 'd_any': data(2, 2, 3, 2, scale=0.53)})


def nn_pools():
    x, x1, x3 = placeholders(x=[2, 7, 7, 3], x1=[2, 7, 3], x3=[1, 4, 4, 4, 2])
    out = {
        'max': tf.nn.pool(x, [2, 2], 'MAX', 'VALID', strides=[2, 2]),
        'avg_same': tf.nn.pool(x, [3, 3], 'AVG', 'SAME', strides=[2, 1], name='avg'),
        'max_dilated': tf.nn.pool(x, [2, 2], 'MAX', 'VALID', dilation_rate=[2, 2]),
        'avg_dilated': tf.nn.pool(x, [3, 2], 'AVG', 'VALID', dilation_rate=[1, 2]),
        'one_d': tf.nn.pool(x1, [2], 'AVG', 'SAME'),
        'one_d_dilated': tf.nn.pool(x1, [2], 'MAX', 'VALID', dilation_rate=[3]),
        'three_d': tf.nn.pool(x3, [2, 2, 2], 'MAX', 'VALID', strides=[2, 2, 2]),
        'max_pool1d': tf.nn.max_pool1d(x1, 2, 2, 'VALID'),
        'avg_pool1d': tf.nn.avg_pool1d(x1, [3], 1, 'SAME', name='ap1'),
        'max_pool3d': tf.nn.max_pool3d(x3, 2, 2, 'VALID'),
        'avg_pool3d': tf.nn.avg_pool3d(x3, [1, 2, 2, 2, 1], [1, 1, 2, 2, 1], 'SAME'),
        'max_pool': tf.nn.max_pool(x, 3, 2, 'SAME'),
        'avg_pool': tf.nn.avg_pool(x, [1, 2, 3, 1], [1, 2, 2, 1], 'VALID'),
    }
    return out, feeds(a={'x': X4, 'x1': X3, 'x3': X5})


def nn_dilated_nchw():
    """Dilated channels-first convolutions (built only: CPU kernels take NHWC), of known and unknown sizes."""
    x = tf.placeholder(tf.float32, [2, 3, 7, 7], name='x')
    dyn = tf.placeholder(tf.float32, [None, 3, None, None], name='dyn')
    f = tf.placeholder(tf.float32, [3, 3, 3, 4], name='f')
    return {
        'same': tf.nn.convolution(x, f, 'SAME', dilation_rate=[2, 2], data_format='NCHW'),
        'dynamic': tf.nn.convolution(dyn, f, 'VALID', dilation_rate=[1, 2], data_format='NCHW'),
    }, []


NN_GRAPHS = [nn_convolution, nn_dilated, nn_transpose, nn_depthwise, nn_pools, nn_dilated_nchw]


def shapes_of(fetch):
    """The static shapes of the fetches (None: unknown rank)."""
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


# --- gradients ----------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: each builds in the default graph."""
    def weighted(y):
        # sum(y * w) with w varying, so that every output's gradient differs.
        w = tf.constant(data(*y.shape.as_list(), scale=0.71))
        return tf.reduce_sum(y * w)

    def convolution_grad():
        x, f = placeholders(x=[2, 7, 7, 3], f=[3, 3, 3, 4])
        y = tf.nn.convolution(x, f, 'SAME', strides=[2, 2])
        return weighted(y), [x, f], feeds(a={'x': X4, 'f': F4})

    def dilated_grad():
        x, f = placeholders(x=[2, 7, 7, 3], f=[3, 3, 3, 4])
        y = tf.nn.convolution(x, f, 'SAME', dilation_rate=[2, 2])
        return weighted(y), [x, f], feeds(a={'x': X4, 'f': F4})

    def conv1d_grad():
        x, f = placeholders(x=[2, 7, 3], f=[3, 3, 4])
        return weighted(tf.nn.conv1d(x, f, 2, 'SAME')), [x, f], feeds(a={'x': X3, 'f': F3})

    def conv3d_grad():
        x, f = placeholders(x=[1, 4, 4, 4, 2], f=[2, 2, 2, 2, 3])
        return weighted(tf.nn.conv3d(x, f, [1, 1, 2, 1, 1], 'SAME')), [x, f], feeds(a={'x': X5, 'f': F5})

    def transpose_grad():
        x, f = placeholders(x=[2, 7, 7, 3], f=[3, 3, 5, 3])
        y = tf.nn.conv2d_transpose(x, f, [2, 14, 14, 5], 2)
        return weighted(y), [x, f], feeds(a={'x': X4, 'f': data(3, 3, 5, 3, scale=0.53)})

    def conv3d_transpose_grad():
        # Conv3DBackpropInputV2's gradients (nn_grad.py _Conv3DBackpropInputGrad): Conv3DBackpropFilterV2 and Conv3D.
        x, f = placeholders(x=[1, 4, 4, 4, 2], f=[2, 2, 2, 3, 2])
        loss = (weighted(tf.nn.conv3d_transpose(x, f, [1, 8, 8, 8, 3], [1, 2, 2, 2, 1])) +
                weighted(tf.nn.conv3d_transpose(x, f, [1, 5, 5, 5, 3], 1, padding='VALID', name='valid')))
        return loss, [x, f], feeds(a={'x': X5, 'f': data(2, 2, 2, 3, 2, scale=0.53)})

    def separable_grad():
        x, d, p = placeholders(x=[2, 7, 7, 3], d=[3, 3, 3, 2], p=[1, 1, 6, 4])
        y = tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], 'SAME', rate=[2, 2])
        return weighted(y), [x, d, p], feeds(a={'x': X4, 'd': data(3, 3, 3, 2, scale=0.53),
                                                'p': data(1, 1, 6, 4, scale=0.29)})

    def pool_grad():
        x, x1, x3 = placeholders(x=[2, 7, 7, 3], x1=[2, 7, 3], x3=[1, 4, 4, 4, 2])
        loss = (weighted(tf.nn.pool(x, [2, 2], 'MAX', 'VALID', dilation_rate=[2, 2])) +
                weighted(tf.nn.avg_pool1d(x1, 2, 1, 'SAME')) + weighted(tf.nn.max_pool3d(x3, 2, 2, 'VALID')) +
                weighted(tf.nn.avg_pool3d(x3, 2, 1, 'SAME')))
        return loss, [x, x1, x3], feeds(a={'x': X4, 'x1': X3, 'x3': X5})

    return {f.__name__: f for f in (convolution_grad, dilated_grad, conv1d_grad, conv3d_grad, transpose_grad,
                                     conv3d_transpose_grad, separable_grad, pool_grad)}


# --- run errors: NCHW on CPU --------------------------------------------------------------------

def nchw_errors():
    """What running channels-first convolutions and pools on CPU raises (TF's kernels take NHWC)."""
    cases = {
        'conv2d': lambda x: tf.nn.conv2d(x, tf.ones([3, 3, 2, 4]), 1, 'SAME', data_format='NCHW'),
        'max_pool': lambda x: tf.nn.max_pool(x, 2, 2, 'VALID', data_format='NCHW'),
        'avg_pool': lambda x: tf.nn.avg_pool(x, 2, 2, 'VALID', data_format='NCHW'),
        'depthwise': lambda x: tf.nn.depthwise_conv2d(x, tf.ones([3, 3, 2, 1]), [1, 1, 1, 1], 'SAME',
                                                      data_format='NCHW'),
    }
    out = {}
    for name, fn in cases.items():
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, [2, 2, 6, 6], name='x')
            y = fn(x)
            with tf.Session() as sess:
                try:
                    sess.run(y, {x: np.ones([2, 2, 6, 6], np.float32)})
                    raise AssertionError(name + ' ran')
                except tf.errors.OpError as e:
                    out[name] = error_json(e)
    return out


# --- build errors -------------------------------------------------------------------------------

def build_errors():
    x = lambda shape=(2, 7, 7, 3): tf.placeholder(tf.float32, shape, name='x')
    f = lambda shape=(3, 3, 3, 4): tf.placeholder(tf.float32, shape, name='f')
    cases = {
        'conv_strides_length': lambda: tf.nn.convolution(x(), f(), 'SAME', strides=[1, 1, 1]),
        'conv_dilation_and_strides': lambda: tf.nn.convolution(x(), f(), 'SAME', strides=[2, 2], dilation_rate=[2, 2]),
        'conv_dilation_negative': lambda: tf.nn.convolution(x(), f(), 'SAME', dilation_rate=[0, 1]),
        'conv_spatial_dims': lambda: tf.nn.convolution(x([2, 7, 7, 7, 7, 3]), f([3, 3, 3, 3, 3, 3, 4]), 'SAME'),
        'conv_channels': lambda: tf.nn.convolution(x([2, 7, 7, 5]), f(), 'SAME', dilation_rate=[2, 2]),
        'conv_input_rank': lambda: tf.nn.convolution(x([7, 3]), f(), 'SAME', dilation_rate=[2, 2]),
        'conv_shape_mismatch': lambda: tf.nn.convolution(x([2, 7, 7, 5]), f(), 'SAME'),
        'conv1d_format': lambda: tf.nn.conv1d(x([2, 7, 3]), f([3, 3, 4]), 1, 'SAME', data_format='NHC'),
        'conv1d_stride': lambda: tf.nn.conv1d(x([2, 7, 3]), f([3, 3, 4]), [1, 1], 'SAME'),
        'pool_window': lambda: tf.nn.pool(x(), [2, 2, 2, 2], 'MAX', 'VALID'),
        'pool_rank': lambda: tf.nn.pool(x([2, 7, 3]), [2, 2], 'MAX', 'VALID'),
        'pool_same_dilated': lambda: tf.nn.pool(x(), [2, 2], 'MAX', 'SAME', dilation_rate=[2, 2]),
        'pool_strides_window': lambda: tf.nn.pool(x(), [2, 2], 'AVG', 'VALID', strides=[3, 1]),
        'pool_type': lambda: tf.nn.pool(x(), [2, 2], 'MIN', 'VALID'),
        'pool_format': lambda: tf.nn.pool(x([2, 7, 3]), [2], 'MAX', 'VALID', data_format='NHC'),
        'separable_pointwise': lambda: tf.nn.separable_conv2d(x(), f([3, 3, 3, 2]), f([2, 1, 6, 4]), [1, 1, 1, 1],
                                                              'SAME'),
        'separable_rank': lambda: tf.nn.separable_conv2d(x(), f([3, 3, 3, 2]), f([6, 4]), [1, 1, 1, 1], 'SAME'),
        'bias_add_format': lambda: tf.nn.bias_add(x(), [1.0, 2.0, 3.0], data_format='HWC'),
        'transpose_channels': lambda: tf.nn.conv2d_transpose(x(), f([3, 3, 5, 4]), [2, 14, 14, 5], 2),
        'max_pool1d_ksize': lambda: tf.nn.max_pool1d(x([2, 7, 3]), [2, 2], 1, 'VALID'),
        'depthwise_any_filter_same': lambda: tf.nn.depthwise_conv2d(x(), f([None, None, 3, 2]), [1, 1, 1, 1], 'SAME',
                                                                    rate=[2, 2]),
        'dilated_any_filter_same': lambda: tf.nn.convolution(x(), f([None, 3, 3, 4]), 'SAME', dilation_rate=[2, 2]),
    }
    return errors_of(cases)


# --- TF 1.15's layers, re-created ---------------------------------------------------------------
# conv_utils (tensorflow/python/keras/utils/conv_utils.py, TF 1.15), with its messages.

def normalize_tuple(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    try:
        value_tuple = tuple(value)
    except TypeError:
        raise ValueError('The `' + name + '` argument must be a tuple of ' + str(n) + ' integers. Received: ' + str(value))
    if len(value_tuple) != n:
        raise ValueError('The `' + name + '` argument must be a tuple of ' + str(n) + ' integers. Received: ' + str(value))
    for single_value in value_tuple:
        try:
            int(single_value)
        except (ValueError, TypeError):
            raise ValueError('The `' + name + '` argument must be a tuple of ' + str(n) + ' integers. Received: ' +
                             str(value) + ' including element ' + str(single_value) + ' of type ' +
                             str(type(single_value)))
    return value_tuple


def normalize_padding(value):
    padding = value.lower()
    if padding not in {'valid', 'same', 'causal'}:
        raise ValueError('The `padding` argument must be a list/tuple or one of "valid", "same" (or "causal", only for '
                         '`Conv1D). Received: ' + str(padding))
    return padding


def normalize_data_format(value):
    data_format = value.lower()
    if data_format not in {'channels_first', 'channels_last'}:
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: ' +
                         str(value))
    return data_format


def convert_data_format(data_format, ndim):
    return {'channels_last': {3: 'NWC', 4: 'NHWC', 5: 'NDHWC'},
            'channels_first': {3: 'NCW', 4: 'NCHW', 5: 'NCDHW'}}[data_format][ndim]


def deconv_output_length(input_length, filter_size, padding, output_padding=None, stride=0, dilation=1):
    if input_length is None:
        return None
    filter_size = filter_size + (filter_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == 'valid':
            return input_length * stride + max(filter_size - stride, 0)
        return input_length * stride
    pad = filter_size // 2 if padding == 'same' else 0
    return (input_length - 1) * stride + filter_size - 2 * pad + output_padding


_LAYER_UIDS = {}


class LegacyLayer:
    """tf.layers.Layer (layers/base.py, TF 1.15) over keras' Layer (engine/base_layer.py): `name` is keras'
    unique object name (`conv2d_1`, counted per graph); the variable scope is `_scope` (the functional forms'
    `name`, captured now) or, on the first call, a new `variable_scope(None, default_name=base_name)`
    (`_set_scope`). `apply` (`__call__`) checks the input spec, enters the variable scope (reused once built,
    auxiliary_name_scope=False) and its original name scope, builds on the first call, calls, and adds the
    updates (none here) to UPDATE_OPS, which creates that collection."""
    base = None

    def __init__(self, name=None, trainable=True, _scope=None, _reuse=None):
        uids = _LAYER_UIDS.setdefault(tf.get_default_graph(), {})
        if name:
            self.name, self.base_name = name, name
        else:
            uids[self.base] = uids.get(self.base, 0) + 1
            self.name, self.base_name = '%s_%d' % (self.base, uids[self.base]), self.base
        self.trainable, self.reuse, self.built, self.scope = trainable, _reuse, False, None
        self.ndim, self.axes = None, {}
        if _scope:
            with tf.variable_scope(_scope) as captured:
                self.scope = captured

    def check_input(self, x):
        """input_spec.assert_input_compatibility (engine/input_spec.py) for an InputSpec(ndim, axes)."""
        prefix = 'Input 0 of layer ' + self.name + ' is incompatible with the layer: '
        if x.shape.ndims is None:
            raise ValueError(prefix + 'its rank is undefined, but the layer requires a defined rank.')
        if x.shape.ndims != self.ndim:
            raise ValueError(prefix + 'expected ndim=' + str(self.ndim) + ', found ndim=' + str(x.shape.ndims) +
                             '. Full shape received: ' + str(x.shape.as_list()))
        for axis, value in self.axes.items():
            if x.shape.as_list()[axis] not in {value, None}:
                raise ValueError(prefix.replace(' is incompatible', ' is incompatible') + 'expected axis ' + str(axis) +
                                 ' of input shape to have value ' + str(value) + ' but received input with shape ' +
                                 str(x.shape.as_list()))

    def add_weight(self, name, shape, initializer=None, regularizer=None, constraint=None):
        """base.Layer.add_weight: get_variable in the layer's scope (keras' default initializer for floats:
        glorot uniform), a regularizer's loss in `<name>/Regularizer` to REGULARIZATION_LOSSES."""
        v = tf.get_variable(name, shape, initializer=initializer or tf.glorot_uniform_initializer(),
                            trainable=self.trainable, constraint=constraint)
        if regularizer is not None:
            with tf.name_scope(name + '/Regularizer'):
                tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, regularizer(v))
        return v

    def apply(self, inputs):
        self.check_input(inputs)
        if self.scope is None:
            if self.reuse:
                with tf.variable_scope(self.base_name) as captured:
                    self.scope = captured
            else:
                with tf.variable_scope(None, default_name=self.base_name) as captured:
                    self.scope = captured
        with tf.variable_scope(self.scope, reuse=True if self.built else self.reuse, auxiliary_name_scope=False):
            with tf.name_scope(self.scope.original_name_scope):
                if not self.built:
                    self.check_input(inputs)
                    self.build(inputs.shape)
                    self.built = True
                outputs = self.call(inputs)
        tf.get_collection_ref(tf.GraphKeys.UPDATE_OPS)
        return outputs


class Conv(LegacyLayer):
    """keras.layers.convolutional.Conv (TF 1.15), as tf.layers.Conv1D/2D/3D make it."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding='valid', data_format='channels_last',
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.rank, self.filters = rank, filters
        self.kernel_size = normalize_tuple(kernel_size, rank, 'kernel_size')
        self.strides = normalize_tuple(strides, rank, 'strides')
        self.padding = normalize_padding(padding)
        if self.padding == 'causal' and not isinstance(self, (Conv1D, SeparableConv1D)):
            raise ValueError('Causal padding is only supported for `Conv1D`and ``SeparableConv1D`.')
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, rank, 'dilation_rate')
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.ndim = rank + 2

    def channel_axis(self):
        return 1 if self.data_format == 'channels_first' else -1

    def input_dim(self, input_shape):
        if input_shape.dims[self.channel_axis()].value is None:
            raise ValueError('The channel dimension of the inputs should be defined. Found `None`.')
        return int(input_shape[self.channel_axis()])

    def add_bias(self):
        self.bias = self.add_weight('bias', (self.filters,), self.bias_initializer, self.bias_regularizer,
                                    self.bias_constraint) if self.use_bias else None

    def build(self, input_shape):
        input_dim = self.input_dim(input_shape)
        kernel_shape = self.kernel_size + (input_dim, self.filters)
        self.kernel = self.add_weight('kernel', kernel_shape, self.kernel_initializer, self.kernel_regularizer,
                                      self.kernel_constraint)
        self.add_bias()
        self.axes = {self.channel_axis(): input_dim}
        op_padding = 'valid' if self.padding == 'causal' else self.padding
        self._convolution_op = nn_ops.Convolution(input_shape, filter_shape=self.kernel.shape,
                                                  dilation_rate=self.dilation_rate, strides=self.strides,
                                                  padding=op_padding.upper(),
                                                  data_format=convert_data_format(self.data_format, self.rank + 2))

    def bias_added(self, outputs, data_format):
        if self.bias is None:
            return outputs
        if self.data_format == 'channels_first' and self.rank == 1 and isinstance(self, Conv1D):
            return outputs + tf.reshape(self.bias, (1, self.filters, 1))
        return tf.nn.bias_add(outputs, self.bias, data_format=data_format)

    def call(self, inputs):
        outputs = self._convolution_op(inputs, self.kernel)
        outputs = self.bias_added(outputs, 'NCHW' if self.data_format == 'channels_first' else 'NHWC')
        return self.activation(outputs) if self.activation is not None else outputs

    def causal_padded(self, inputs):
        """Conv1D.call's `array_ops.pad(inputs, self._compute_causal_padding())`."""
        if self.padding != 'causal':
            return inputs
        left_pad = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        paddings = [[0, 0], [left_pad, 0], [0, 0]] if self.data_format == 'channels_last' else [[0, 0], [0, 0],
                                                                                                [left_pad, 0]]
        return tf.pad(inputs, paddings)


class Conv1D(Conv):
    base = 'conv1d'

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(1, filters, kernel_size, **kwargs)

    def call(self, inputs):
        return super().call(self.causal_padded(inputs))


class Conv2D(Conv):
    base = 'conv2d'

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(2, filters, kernel_size, **kwargs)


class Conv3D(Conv):
    base = 'conv3d'

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(3, filters, kernel_size, **kwargs)


class SeparableConv(Conv):
    """keras SeparableConv (TF 1.15): depthwise_kernel, pointwise_kernel, bias; nn.separable_conv2d."""

    def __init__(self, rank, filters, kernel_size, depth_multiplier=1, depthwise_initializer=None,
                 pointwise_initializer=None, depthwise_regularizer=None, pointwise_regularizer=None, **kwargs):
        super().__init__(rank, filters, kernel_size, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer, self.pointwise_initializer = depthwise_initializer, pointwise_initializer
        self.depthwise_regularizer, self.pointwise_regularizer = depthwise_regularizer, pointwise_regularizer

    def build(self, input_shape):
        input_dim = self.input_dim(input_shape)
        self.axes = {self.channel_axis(): input_dim}
        self.depthwise_kernel = self.add_weight('depthwise_kernel', self.kernel_size + (input_dim, self.depth_multiplier),
                                                self.depthwise_initializer, self.depthwise_regularizer)
        self.pointwise_kernel = self.add_weight('pointwise_kernel', (1,) * self.rank + (
            self.depth_multiplier * input_dim, self.filters), self.pointwise_initializer, self.pointwise_regularizer)
        self.add_bias()

    def separable(self, inputs, depthwise, pointwise, strides, rate, padding):
        data_format = convert_data_format(self.data_format, 4)
        outputs = tf.nn.separable_conv2d(inputs, depthwise, pointwise, strides=strides, padding=padding.upper(),
                                         rate=rate, data_format=data_format)
        return self.bias_added(outputs, data_format)


class SeparableConv1D(SeparableConv):
    base = 'separable_conv1d'

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(1, filters, kernel_size, **kwargs)

    def call(self, inputs):
        inputs = self.causal_padded(inputs)
        if self.data_format == 'channels_last':
            strides, spatial_start_dim = (1,) + self.strides * 2 + (1,), 1
        else:
            strides, spatial_start_dim = (1, 1) + self.strides * 2, 2
        outputs = self.separable(tf.expand_dims(inputs, spatial_start_dim), tf.expand_dims(self.depthwise_kernel, 0),
                                 tf.expand_dims(self.pointwise_kernel, 0), strides, (1,) + self.dilation_rate,
                                 'valid' if self.padding == 'causal' else self.padding)
        outputs = tf.squeeze(outputs, [spatial_start_dim])
        return self.activation(outputs) if self.activation is not None else outputs


class SeparableConv2D(SeparableConv):
    base = 'separable_conv2d'

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(2, filters, kernel_size, **kwargs)

    def call(self, inputs):
        strides = (1,) + self.strides + (1,) if self.data_format == 'channels_last' else (1, 1) + self.strides
        outputs = self.separable(inputs, self.depthwise_kernel, self.pointwise_kernel, strides, self.dilation_rate,
                                 self.padding)
        return self.activation(outputs) if self.activation is not None else outputs


class TransposeConv(Conv):
    """What keras' Conv2DTranspose and Conv3DTranspose (TF 1.15) check of `output_padding`."""

    def __init__(self, rank, filters, kernel_size, output_padding=None, **kwargs):
        super().__init__(rank, filters, kernel_size, **kwargs)
        self.output_padding = output_padding
        if self.output_padding is not None:
            self.output_padding = normalize_tuple(self.output_padding, rank, 'output_padding')
            for stride, out_pad in zip(self.strides, self.output_padding):
                if out_pad >= stride:
                    raise ValueError('Stride ' + str(self.strides) + ' must be greater than output padding ' +
                                     str(self.output_padding))


class Conv2DTranspose(TransposeConv):
    """keras Conv2DTranspose (TF 1.15) over backend.conv2d_transpose, which (with no GPU) transposes a
    channels-first input to NHWC and back."""
    base = 'conv2d_transpose'

    def __init__(self, filters, kernel_size, output_padding=None, **kwargs):
        super().__init__(2, filters, kernel_size, output_padding, **kwargs)

    def build(self, input_shape):
        input_dim = self.input_dim(input_shape)
        self.axes = {self.channel_axis(): input_dim}
        self.kernel = self.add_weight('kernel', self.kernel_size + (self.filters, input_dim), self.kernel_initializer,
                                      self.kernel_regularizer, self.kernel_constraint)
        self.add_bias()

    def call(self, inputs):
        inputs_shape = tf.shape(inputs)
        batch_size = inputs_shape[0]
        h_axis, w_axis = (2, 3) if self.data_format == 'channels_first' else (1, 2)
        height, width = inputs_shape[h_axis], inputs_shape[w_axis]
        out_pad_h, out_pad_w = self.output_padding or (None, None)
        out_height = deconv_output_length(height, self.kernel_size[0], self.padding, out_pad_h, self.strides[0],
                                          self.dilation_rate[0])
        out_width = deconv_output_length(width, self.kernel_size[1], self.padding, out_pad_w, self.strides[1],
                                         self.dilation_rate[1])
        if self.data_format == 'channels_first':
            output_shape = (batch_size, self.filters, out_height, out_width)
        else:
            output_shape = (batch_size, out_height, out_width, self.filters)
        output_shape = tf.stack(output_shape)
        # backend.conv2d_transpose (dilation_rate (1, 1)), no GPU: channels first through NHWC.
        x = inputs
        if self.data_format == 'channels_first':
            x = tf.transpose(x, (0, 2, 3, 1))
            output_shape = tf.stack([output_shape[0], output_shape[2], output_shape[3], output_shape[1]])
        outputs = tf.nn.conv2d_transpose(x, self.kernel, output_shape, (1,) + self.strides + (1,),
                                         padding=self.padding.upper(), data_format='NHWC')
        if self.data_format == 'channels_first':
            outputs = tf.transpose(outputs, (0, 3, 1, 2))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        outputs = self.bias_added(outputs, convert_data_format(self.data_format, 4))
        return self.activation(outputs) if self.activation is not None else outputs

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape.as_list())
        c_axis, h_axis, w_axis = (1, 2, 3) if self.data_format == 'channels_first' else (3, 1, 2)
        out_pad_h, out_pad_w = self.output_padding or (None, None)
        output_shape[c_axis] = self.filters
        output_shape[h_axis] = deconv_output_length(output_shape[h_axis], self.kernel_size[0], self.padding, out_pad_h,
                                                    self.strides[0], self.dilation_rate[0])
        output_shape[w_axis] = deconv_output_length(output_shape[w_axis], self.kernel_size[1], self.padding, out_pad_w,
                                                    self.strides[1], self.dilation_rate[1])
        return tf.TensorShape(output_shape)


class Conv3DTranspose(TransposeConv):
    """keras Conv3DTranspose (TF 1.15): a Conv3D whose kernel is [*kernel_size, filters, input_dim]; call stacks
    the output shape from the input's (conv_utils.deconv_output_length, no dilation) for nn.conv3d_transpose in
    the layer's own data format, sets the static shape, and adds the bias with a 4-D data format."""
    base = 'conv3d_transpose'

    def __init__(self, filters, kernel_size, output_padding=None, **kwargs):
        super().__init__(3, filters, kernel_size, output_padding, **kwargs)

    def build(self, input_shape):
        if input_shape.dims[self.channel_axis()].value is None:
            raise ValueError('The channel dimension of the inputs should be defined, found None: ' + str(input_shape))
        input_dim = int(input_shape[self.channel_axis()])
        self.axes = {self.channel_axis(): input_dim}
        self.kernel = self.add_weight('kernel', self.kernel_size + (self.filters, input_dim), self.kernel_initializer,
                                      self.kernel_regularizer, self.kernel_constraint)
        self.add_bias()

    def call(self, inputs):
        inputs_shape = tf.shape(inputs)
        batch_size = inputs_shape[0]
        axes = (2, 3, 4) if self.data_format == 'channels_first' else (1, 2, 3)
        lengths = [inputs_shape[a] for a in axes]
        out_pads = self.output_padding or (None, None, None)
        out_lengths = [deconv_output_length(n, k, self.padding, p, s)
                       for n, k, p, s in zip(lengths, self.kernel_size, out_pads, self.strides)]
        if self.data_format == 'channels_first':
            output_shape = (batch_size, self.filters) + tuple(out_lengths)
            strides = (1, 1) + self.strides
        else:
            output_shape = (batch_size,) + tuple(out_lengths) + (self.filters,)
            strides = (1,) + self.strides + (1,)
        outputs = tf.nn.conv3d_transpose(inputs, self.kernel, tf.stack(output_shape), strides,
                                         data_format=convert_data_format(self.data_format, 5),
                                         padding=self.padding.upper())
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        outputs = self.bias_added(outputs, convert_data_format(self.data_format, 4))
        return self.activation(outputs) if self.activation is not None else outputs

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape.as_list())
        c_axis, axes = (1, (2, 3, 4)) if self.data_format == 'channels_first' else (4, (1, 2, 3))
        out_pads = self.output_padding or (None, None, None)
        output_shape[c_axis] = self.filters
        for a, k, p, s in zip(axes, self.kernel_size, out_pads, self.strides):
            output_shape[a] = deconv_output_length(output_shape[a], k, self.padding, p, s)
        return tf.TensorShape(output_shape)


class Pooling(LegacyLayer):
    """keras Pooling1D/2D/3D (TF 1.15) as tf.layers.MaxPooling2D, ... make them (`strides` required)."""

    def __init__(self, rank, mode, pool_size, strides, padding='valid', data_format='channels_last', name=None):
        if strides is None:
            raise ValueError('Argument `strides` must not be None.')
        super().__init__(name=name)
        self.rank, self.mode = rank, mode
        self.pool_size = normalize_tuple(pool_size, rank, 'pool_size')
        self.strides = normalize_tuple(strides, rank, 'strides')
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.ndim = rank + 2

    def build(self, input_shape):
        pass

    def call(self, inputs):
        pool = tf.nn.max_pool if self.mode == 'max' else tf.nn.avg_pool
        if self.rank == 1:
            # Pooling1D.call over backend.pool2d (no GPU: channels first through NHWC).
            pad_axis = 2 if self.data_format == 'channels_last' else 3
            x = tf.expand_dims(inputs, pad_axis)
            if self.data_format == 'channels_first':
                x = tf.transpose(x, (0, 2, 3, 1))
            if self.padding not in ('same', 'valid'):
                raise ValueError('Invalid padding: ' + str(self.padding))
            x = pool(x, (1,) + self.pool_size + (1, 1), (1,) + self.strides + (1, 1), padding=self.padding.upper(),
                     data_format='NHWC')
            if self.data_format == 'channels_first':
                x = tf.transpose(x, (0, 3, 1, 2))
            return tf.squeeze(x, pad_axis)
        if self.rank == 2:
            last = self.data_format == 'channels_last'
            return pool(inputs, ksize=(1,) + self.pool_size + (1,) if last else (1, 1) + self.pool_size,
                        strides=(1,) + self.strides + (1,) if last else (1, 1) + self.strides,
                        padding=self.padding.upper(), data_format=convert_data_format(self.data_format, 4))
        pool = tf.nn.max_pool3d if self.mode == 'max' else tf.nn.avg_pool3d
        x = tf.transpose(inputs, (0, 2, 3, 4, 1)) if self.data_format == 'channels_first' else inputs
        x = pool(x, ksize=(1,) + self.pool_size + (1,), strides=(1,) + self.strides + (1,), padding=self.padding.upper())
        return tf.transpose(x, (0, 4, 1, 2, 3)) if self.data_format == 'channels_first' else x


def pooling_class(base, rank, mode):
    return type(base, (Pooling,), {'base': base, '__init__': lambda self, pool_size, strides, **kw: Pooling.__init__(
        self, rank, mode, pool_size, strides, **kw)})


MaxPooling1D = pooling_class('max_pooling1d', 1, 'max')
AveragePooling1D = pooling_class('average_pooling1d', 1, 'avg')
MaxPooling2D = pooling_class('max_pooling2d', 2, 'max')
AveragePooling2D = pooling_class('average_pooling2d', 2, 'avg')
MaxPooling3D = pooling_class('max_pooling3d', 3, 'max')
AveragePooling3D = pooling_class('average_pooling3d', 3, 'avg')


def functional(cls):
    """tf.layers.conv2d(inputs, ...) and the like: a new layer whose `name` is also its `_scope`, `reuse` its
    `_reuse`; the pooling forms pass only `name`."""
    def fn(inputs, *args, name=None, reuse=None, **kwargs):
        if issubclass(cls, Pooling):
            return cls(*args, name=name, **kwargs).apply(inputs)
        return cls(*args, name=name, _scope=name, _reuse=reuse, **kwargs).apply(inputs)
    return fn


conv1d, conv2d, conv3d = functional(Conv1D), functional(Conv2D), functional(Conv3D)
separable_conv1d, separable_conv2d = functional(SeparableConv1D), functional(SeparableConv2D)
conv2d_transpose, conv3d_transpose = functional(Conv2DTranspose), functional(Conv3DTranspose)
max_pooling1d, average_pooling1d = functional(MaxPooling1D), functional(AveragePooling1D)
max_pooling2d, average_pooling2d = functional(MaxPooling2D), functional(AveragePooling2D)
max_pooling3d, average_pooling3d = functional(MaxPooling3D), functional(AveragePooling3D)

SEED = 7


def l2(scale):
    return lambda w: tf.multiply(scale, tf.nn.l2_loss(w), name='l2')


# --- layer graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def layer_conv2d():
    tf.set_random_seed(SEED)
    x = tf.placeholder(tf.float32, [2, 7, 7, 3], name='x')
    a = conv2d(x, 4, 3)
    b = conv2d(x, 5, [3, 2], strides=2, padding='SAME', activation=tf.nn.relu, name='named')
    c = conv2d(x, 2, 3, padding='Same', dilation_rate=2, use_bias=False)
    d = conv2d(a, 3, 1, kernel_initializer=tf.constant_initializer(0.1), bias_initializer=tf.constant_initializer(0.5),
               kernel_regularizer=l2(0.01), bias_regularizer=l2(0.5), trainable=False)
    # One layer object called twice shares its variables; its second ops are numbered in its scope.
    shared = Conv2D(2, 3, padding='same', dilation_rate=(1, 2))
    e1, e2 = shared.apply(x), shared.apply(tf.nn.relu(x))
    # The functional form with a name and reuse shares the variables of that scope.
    f1 = conv2d(x, 4, 3, name='reused')
    f2 = conv2d(x * 2.0, 4, 3, name='reused', reuse=True)
    return {'a': a, 'b': b, 'c': c, 'd': d, 'e1': e1, 'e2': e2, 'f1': f1, 'f2': f2}, feeds(a={'x': X4})


def layer_conv1d_3d():
    tf.set_random_seed(SEED)
    x1 = tf.placeholder(tf.float32, [2, 7, 3], name='x1')
    x3 = tf.placeholder(tf.float32, [1, 4, 4, 4, 2], name='x3')
    return {
        'conv1d': conv1d(x1, 4, 3),
        'causal': conv1d(x1, 2, 3, padding='causal', dilation_rate=2, activation=tf.nn.tanh),
        'strided': conv1d(x1, 3, [2], strides=2, padding='same', name='c1'),
        'conv3d': conv3d(x3, 3, 2),
        'conv3d_same': conv3d(x3, 2, (2, 1, 2), strides=(2, 1, 1), padding='same', use_bias=False),
    }, feeds(a={'x1': X3, 'x3': X5})


def layer_transpose_separable():
    tf.set_random_seed(SEED)
    x = tf.placeholder(tf.float32, [2, 7, 7, 3], name='x')
    dyn = tf.placeholder(tf.float32, [None, None, None, 3], name='dyn')
    x1 = tf.placeholder(tf.float32, [2, 7, 3], name='x1')
    return {
        'transpose': conv2d_transpose(x, 4, 3, strides=2, padding='same'),
        'transpose_valid': conv2d_transpose(dyn, 2, [3, 2], strides=(2, 1), activation=tf.nn.relu, name='up'),
        'transpose_output_padding': Conv2DTranspose(3, 3, strides=2, padding='same', output_padding=1).apply(x),
        'transpose_channels_first': conv2d_transpose(tf.transpose(x, [0, 3, 1, 2]), 2, 3, strides=2,
                                                     data_format='channels_first'),
        'separable': separable_conv2d(x, 4, 3, depth_multiplier=2, padding='same'),
        'separable_dilated': separable_conv2d(x, 2, 3, dilation_rate=2, use_bias=False, name='sep'),
        'separable1d': separable_conv1d(x1, 3, 2, padding='causal', depth_multiplier=2),
        'separable1d_strided': separable_conv1d(x1, 2, 3, strides=2),
    }, feeds(a={'x': X4, 'dyn': X4, 'x1': X3}, b={'x': X4, 'dyn': data(1, 5, 4, 3), 'x1': X3})


def layer_conv3d_transpose():
    tf.set_random_seed(SEED)
    x3 = tf.placeholder(tf.float32, [1, 4, 4, 4, 2], name='x3')
    dyn3 = tf.placeholder(tf.float32, [None, None, None, None, 2], name='dyn3')
    return {
        'transpose3d': conv3d_transpose(x3, 3, 2),
        'strided_same': conv3d_transpose(x3, 2, (2, 1, 2), strides=(2, 1, 2), padding='same', activation=tf.nn.relu),
        'output_padding': Conv3DTranspose(2, 3, strides=2, padding='same', output_padding=(1, 0, 1),
                                          use_bias=False).apply(x3),
        'dynamic': conv3d_transpose(dyn3, 2, 2, strides=2, name='up3', kernel_regularizer=l2(0.01)),
        'reused': conv3d_transpose(x3 * 2.0, 2, 2, strides=2, name='up3', reuse=True),
    }, feeds(a={'x3': X5, 'dyn3': X5}, b={'x3': X5, 'dyn3': data(2, 3, 2, 3, 2)})


def layer_pools():
    x, x1, x3 = placeholders(x=[2, 7, 7, 3], x1=[2, 7, 3], x3=[1, 4, 4, 4, 2])
    return {
        'max1d': max_pooling1d(x1, 2, 2),
        'avg1d': average_pooling1d(x1, 3, 1, padding='same', name='avg1'),
        'max1d_channels_first': max_pooling1d(x1, 2, 1, data_format='channels_first'),
        'max2d': max_pooling2d(x, 2, 2),
        'avg2d': average_pooling2d(x, [3, 2], [2, 1], padding='SAME'),
        'max2d_named': MaxPooling2D(3, 2, padding='same', name='pool').apply(x),
        'max3d': max_pooling3d(x3, 2, 2),
        'avg3d': average_pooling3d(x3, (1, 2, 2), 1, padding='same'),
        'avg3d_channels_first': average_pooling3d(x3, 2, 1, data_format='channels_first'),
    }, feeds(a={'x': X4, 'x1': X3, 'x3': X5})


def layer_channels_first():
    """channels_first layers whose CPU kernels take NHWC only: built as TF1 builds them."""
    tf.set_random_seed(SEED)
    x = tf.placeholder(tf.float32, [2, 3, 7, 7], name='x')
    x1 = tf.placeholder(tf.float32, [2, 3, 7], name='x1')
    out = {
        'conv2d': conv2d(x, 4, 3, data_format='channels_first'),
        'conv1d': conv1d(x1, 2, 3, data_format='channels_first'),
        'max2d': max_pooling2d(x, 2, 2, data_format='channels_first'),
        'separable': separable_conv2d(x, 2, 3, data_format='channels_first'),
    }
    # Conv3DTranspose keeps the channels-first format (NCDHW), which its CPU kernel refuses.
    x3 = tf.placeholder(tf.float32, [1, 2, 4, 4, 4], name='x3')
    out['conv3d_transpose'] = conv3d_transpose(x3, 2, 2, strides=2, data_format='channels_first')
    return out, []


LAYER_GRAPHS = [layer_conv2d, layer_conv1d_3d, layer_transpose_separable, layer_conv3d_transpose, layer_pools,
                layer_channels_first]
CHANNELS_FIRST_INPUT = {'conv1d': 'x1:0', 'conv3d_transpose': 'x3:0'}


def channels_first_errors():
    """What running each fetch of layer_channels_first raises."""
    out = {}
    g = tf.Graph()
    with g.as_default():
        fetch, _ = layer_channels_first()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for name, t in fetch.items():
                x = CHANNELS_FIRST_INPUT.get(name, 'x:0')
                try:
                    sess.run(t, {x: np.ones(g.get_tensor_by_name(x).shape.as_list(), np.float32)})
                    raise AssertionError(name + ' ran')
                except tf.errors.OpError as e:
                    out[name] = error_json(e)
    return out


# --- a small CNN trained ------------------------------------------------------------------------

TRAIN_X = data(4, 8, 8, 1, scale=0.61)
TRAIN_Y = np.array([0, 2, 1, 2], np.int64)


def train_cnn():
    """conv2d (relu) -> max_pooling2d -> flatten by reshape -> dense by matmul -> sparse softmax cross-entropy,
    trained with Adam: the losses and the weights after."""
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(SEED)
        x = tf.placeholder(tf.float32, [4, 8, 8, 1], name='x')
        y = tf.placeholder(tf.int64, [4], name='y')
        h = conv2d(x, 4, 3, padding='same', activation=tf.nn.relu)
        h = max_pooling2d(h, 2, 2)
        h = tf.reshape(h, [-1, 4 * 4 * 4])
        w = tf.get_variable('dense/kernel', [64, 3], initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable('dense/bias', [3], initializer=tf.zeros_initializer())
        logits = tf.matmul(h, w) + b
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], {x: TRAIN_X, y: TRAIN_Y})[0]) for _ in range(6)]
            weights = {v.op.name: value_json(sess.run(v)) for v in tf.trainable_variables()}
            return {'losses': losses, 'weights': weights}


# --- layer build errors -------------------------------------------------------------------------

def layer_errors():
    x = lambda shape=(2, 7, 7, 3): tf.placeholder(tf.float32, shape, name='x')
    cases = {
        'kernel_size_length': lambda: conv2d(x(), 4, [3, 3, 3]),
        'kernel_size_float': lambda: conv2d(x(), 4, 2.5),
        'strides_element': lambda: Conv2D(4, 3, strides=[1, 'a']),
        'padding': lambda: conv2d(x(), 4, 3, padding='full'),
        'data_format': lambda: conv2d(x(), 4, 3, data_format='NHWC'),
        'causal_conv2d': lambda: conv2d(x(), 4, 3, padding='causal'),
        'input_rank': lambda: conv2d(x((2, 7, 3)), 4, 3),
        'unknown_rank': lambda: conv1d(tf.placeholder(tf.float32, name='u'), 4, 3),
        'channels_unknown': lambda: conv2d(x((2, 7, 7, None)), 4, 3),
        'channels_changed': lambda: (lambda layer: (layer.apply(x()), layer.apply(x((2, 7, 7, 5)))))(Conv2D(2, 3)),
        'output_padding': lambda: Conv2DTranspose(2, 3, strides=2, output_padding=2),
        'output_padding_3d': lambda: Conv3DTranspose(2, 3, strides=(2, 2, 1), output_padding=(1, 1, 1)),
        'transpose3d_rank': lambda: conv3d_transpose(x(), 2, 2),
        'transpose3d_channels_unknown': lambda: conv3d_transpose(x((1, 4, 4, 4, None)), 2, 2),
        'pool_strides': lambda: max_pooling2d(x(), 2, None),
        'pool_size': lambda: max_pooling2d(x(), [2, 2, 2], 1),
        'pool_rank': lambda: max_pooling1d(x(), 2, 2),
    }
    return errors_of(cases)


def check_against_tf_layers():
    """TF 2.21 still runs its own copy of tf.layers (tensorflow.python.layers, over a frozen keras): the
    re-created conv2d, conv2d_transpose, conv3d_transpose, separable_conv2d and pooling layers make the same
    variables and compute the same values as those (a check of this script, not recorded)."""
    from tensorflow.python.layers import convolutional as real_conv, pooling as real_pool

    def run(conv2d_fn, transpose_fn, separable_fn, pool_fn, transpose3d_fn):
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, [2, 7, 7, 3], name='x')
            x3 = tf.placeholder(tf.float32, [1, 4, 4, 4, 2], name='x3')
            init = tf.constant_initializer(data(12, scale=0.3))
            outs = [conv2d_fn(x, 4, 3, padding='same', kernel_initializer=tf.constant_initializer(0.1),
                              bias_initializer=tf.constant_initializer(0.2), dilation_rate=2),
                    transpose_fn(x, 2, 3, strides=2, kernel_initializer=tf.constant_initializer(0.3)),
                    separable_fn(x, 2, 3, depth_multiplier=2, depthwise_initializer=tf.constant_initializer(0.2),
                                 pointwise_initializer=init),
                    pool_fn(x, 2, 2, padding='same'),
                    transpose3d_fn(x3, 3, (2, 1, 2), strides=(2, 1, 2), padding='same', kernel_initializer=init,
                                   bias_initializer=tf.constant_initializer(0.1)),
                    transpose3d_fn(x3, 2, 3, kernel_initializer=tf.constant_initializer(0.2))]
            variables = [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                return variables, sess.run(outs, {x: X4, x3: X5})

    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        want = run(real_conv.conv2d, real_conv.conv2d_transpose, real_conv.separable_conv2d, real_pool.max_pooling2d,
                   real_conv.conv3d_transpose)
    got = run(conv2d, conv2d_transpose, separable_conv2d, max_pooling2d, conv3d_transpose)
    assert got[0] == want[0], (got[0], want[0])
    for a, b in zip(got[1], want[1]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def main():
    check_against_tf_layers()
    recorded, values = control_flow.graphs(NN_GRAPHS + LAYER_GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values,
           'gradients': control_flow.gradient_values(grad_cases()),
           'nchw_errors': nchw_errors(),
           'channels_first_errors': channels_first_errors(),
           'training': train_cnn(),
           'build_errors': build_errors(),
           'layer_errors': layer_errors()}
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
