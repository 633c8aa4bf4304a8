"""TF1's top-level array ops (tf.compat.v1's tf.slice, strided_slice, split, unstack, pad, one_hot,
boolean_mask, gather_nd, scatter_nd, reverse, meshgrid, unique, space_to_batch, ...) built with TF 2.21
in graph mode, for test/array_ops.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, attrs, Const values), the
static shapes of its fetches and what session runs of them give for each feed. Then: the gradients
through the differentiable ones (values), a short GradientDescent training through several of
them, and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/array_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/array_ops.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'array_ops.json')

# A 3x4x2 float tensor of distinct small values, and a 4x6 matrix.
X = (np.arange(24, dtype=np.float32) * 0.5 - 3.0).reshape(3, 4, 2)
M = (np.arange(24, dtype=np.float32) % 7 - 2.5).reshape(4, 6)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def slicing():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    dyn = tf.placeholder(tf.float32, None, name='dyn')
    b = tf.placeholder(tf.int32, [3], name='b')
    out = {
        'slice': tf.slice(x, [1, 0, 0], [2, -1, 1]),
        'slice_dyn': tf.slice(dyn, b, [1, 2, -1], name='cut'),
        'strided': tf.strided_slice(x, [0, 1, 0], [3, 4, 2], [2, 2, 1]),
        'strided_masks': tf.strided_slice(x, [1, 0, 1], [0, 3, 2], begin_mask=1, end_mask=1, shrink_axis_mask=4),
        'strided_no_strides': tf.strided_slice(x, [0, 0], [2, 2]),
        'strided_ellipsis': tf.strided_slice(x, [0, 1], [0, 2], [1, 1], ellipsis_mask=1, new_axis_mask=0),
        'strided_new_axis': tf.strided_slice(x, [0, 0, 1], [0, 2, 3], [1, 1, 1], new_axis_mask=1,
                                             name='grow'),
        'strided_reverse': tf.strided_slice(x, [-1], [0], [-1], end_mask=1),
    }
    return out, feeds(a={'x': X, 'dyn': X, 'b': [0, 1, 0]}, b={'x': X * 2, 'dyn': X, 'b': [2, 2, 1]})


def splitting():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    m = tf.placeholder(tf.float32, [4, 6], name='m')
    dyn = tf.placeholder(tf.float32, [None, 6], name='dyn')
    out = {
        'split': tf.split(m, 2),
        'split_axis': tf.split(m, 3, axis=1, name='thirds'),
        'split_sizes': tf.split(m, [1, 2, 3], 1),
        'split_infer': tf.split(m, [3, -1]),
        'split_tensor_sizes': tf.split(dyn, tf.constant([2, 4]), axis=1),
        'split_num': tf.split(m, tf.placeholder_with_default([1, 3], None, name='sizes'), num=2),
        'unstack': tf.unstack(x),
        'unstack_axis': tf.unstack(x, axis=-1, name='parts'),
        'unstack_num': tf.unstack(dyn, num=2),
    }
    return out, feeds(a={'x': X, 'm': M, 'dyn': M[:2]})


def padding():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    m = tf.placeholder(tf.float32, [4, 6], name='m')
    dyn = tf.placeholder(tf.float32, [None, 6], name='dyn')
    p = tf.placeholder(tf.int32, [2, 2], name='p')
    out = {
        'pad': tf.pad(m, [[1, 0], [2, 1]]),
        'pad_values': tf.pad(m, [[0, 1], [1, 1]], constant_values=-1.5),
        'pad_named': tf.pad(x, [[0, 0], [1, 1], [0, 2]], name='border'),
        'reflect': tf.pad(m, [[1, 2], [2, 0]], 'REFLECT'),
        'symmetric': tf.pad(m, [[2, 1], [0, 3]], mode='symmetric'),
        'pad_dyn': tf.pad(dyn, [[1, 1], [0, 2]]),
        'pad_tensor': tf.pad(m, p),
        'pad_int': tf.pad(tf.constant([[1, 2]]), [[1, 1], [0, 0]], constant_values=7),
    }
    return out, feeds(a={'x': X, 'm': M, 'dyn': M[:3], 'p': [[0, 1], [2, 0]]})


def one_hots():
    i = tf.placeholder(tf.int32, [4], name='i')
    i64 = tf.placeholder(tf.int64, [2, 2], name='i64')
    out = {
        'default': tf.one_hot(i, 3),
        'values': tf.one_hot(i, 4, on_value=5.0, off_value=-1.0),
        'axis': tf.one_hot(i64, 3, axis=0, name='hot'),
        'dtype': tf.one_hot(i, 3, dtype=tf.int32),
        'on_int': tf.one_hot(i, 3, on_value=7),
        'off_only': tf.one_hot(i64, 2, off_value=0.5, axis=-1),
        'both_dtype': tf.one_hot(i, 3, on_value=2, off_value=1, dtype=tf.int64),
    }
    return out, feeds(a={'i': [0, 2, -1, 1], 'i64': [[1, 0], [2, 5]]})


def masks():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    mask = tf.placeholder(tf.bool, [3], name='mask')
    mask2 = tf.placeholder(tf.bool, [3, 4], name='mask2')
    dyn = tf.placeholder(tf.float32, [None, 4], name='dyn')
    lengths = tf.placeholder(tf.int32, [3], name='lengths')
    out = {
        'boolean_mask': tf.boolean_mask(x, mask),
        'boolean_mask_2d': tf.boolean_mask(x, mask2, name='picked'),
        'boolean_mask_axis': tf.boolean_mask(x, [True, False, True, True], axis=1),
        'boolean_mask_dyn': tf.boolean_mask(dyn, [False, True, True, False], axis=1),
        'sequence_mask': tf.sequence_mask(lengths),
        'sequence_mask_maxlen': tf.sequence_mask(lengths, 5, dtype=tf.float32),
        'sequence_mask_2d': tf.sequence_mask([[1, 3], [2, 0]], maxlen=4, name='seq'),
    }
    return out, feeds(a={'x': X, 'mask': [True, False, True], 'mask2': np.arange(12).reshape(3, 4) % 3 == 0,
                         'dyn': M[:3, :4], 'lengths': [2, 0, 3]})


def gather_scatter():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    idx = tf.placeholder(tf.int32, [2, 2], name='idx')
    u = tf.placeholder(tf.float32, [2, 2], name='u')
    out = {
        'gather_nd': tf.gather_nd(x, idx),
        'gather_nd_full': tf.gather_nd(x, [[0, 1, 1], [2, 3, 0]], name='picks'),
        'gather_axis': tf.gather(x, [3, 0], axis=1),
        'scatter_nd': tf.scatter_nd(idx, u, [3, 4, 2]),
        'scatter_nd_named': tf.scatter_nd([[1], [0]], [5.0, 6.0], tf.constant([3]), name='put'),
        'update': tf.tensor_scatter_update(x, idx, u),
        'add': tf.tensor_scatter_add(x, idx, u),
        'sub': tf.tensor_scatter_sub(x, idx, u, name='minus'),
        'nd_update': tf.tensor_scatter_nd_update(x, [[0, 0, 0]], [100.0]),
    }
    return out, feeds(a={'x': X, 'idx': [[1, 2], [0, 3]], 'u': [[1.0, 2.0], [3.0, 4.0]]})


def reversing():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    lengths = tf.placeholder(tf.int64, [3], name='lengths')
    out = {
        'reverse': tf.reverse(x, [1]),
        'reverse_axes': tf.reverse(x, [0, -1], name='flip'),
        'reverse_sequence': tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0),
        'reverse_sequence_dims': tf.reverse_sequence(x, [1, 2], seq_dim=0, batch_dim=2, name='rs'),
        'roll': tf.roll(x, 1, 1),
        'roll_axes': tf.roll(x, [2, -1], [0, 2], name='rot'),
    }
    return out, feeds(a={'x': X, 'lengths': [4, 1, 2]})


def broadcasting():
    x = tf.placeholder(tf.float32, [3, 1, 2], name='x')
    v = tf.placeholder(tf.float32, [3], name='v')
    w = tf.placeholder(tf.float32, [2], name='w')
    s = tf.placeholder(tf.int32, [None], name='s')
    out = {
        'broadcast_to': tf.broadcast_to(x, [2, 3, 4, 2]),
        'broadcast_to_tensor': tf.broadcast_to(v, tf.stack([2, tf.size(v)]), name='wide'),
        'dynamic_shape': tf.broadcast_dynamic_shape(s, tf.constant([3, 1, 2])),
        'meshgrid': tf.meshgrid(v, w),
        'meshgrid_ij': tf.meshgrid(v, w, [1.0, 2.0], indexing='ij', name='grid'),
        'tile': tf.tile(x, [2, 3, 1]),
    }
    return out, feeds(a={'x': X[:, :1, :], 'v': [1.0, 2.0, 3.0], 'w': [4, 5], 's': [4, 1]})


def sets():
    v = tf.placeholder(tf.int32, [6], name='v')
    f = tf.placeholder(tf.float32, [5], name='f')
    srt = tf.placeholder(tf.float32, [2, 4], name='srt')
    out = {
        'unique': list(tf.unique(v)),
        'unique_int64': list(tf.unique(f, out_idx=tf.int64, name='uniq')),
        'unique_with_counts': list(tf.unique_with_counts(v)),
        'setdiff1d': list(tf.setdiff1d(v, [3, 1])),
        'setdiff1d_int64': list(tf.setdiff1d(f, tf.constant([2.0]), index_dtype=tf.int64, name='diff')),
        'invert_permutation': tf.invert_permutation([2, 0, 3, 1]),
        'unravel_index': tf.unravel_index(v, [3, 4]),
        'searchsorted': tf.searchsorted(srt, [[2.5, 0.0], [7.0, 9.0]]),
        'searchsorted_right': tf.searchsorted(tf.constant([1.0, 2.0, 2.0, 3.0]), f, side='right',
                                              out_type=tf.int64, name='ss'),
    }
    return out, feeds(a={'v': [3, 1, 3, 0, 7, 1], 'f': [2.0, 1.0, 2.0, 0.5, 3.0],
                         'srt': [[0.0, 1.0, 2.0, 3.0], [5.0, 7.0, 7.0, 9.0]]})


def space():
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    b = tf.placeholder(tf.float32, [4, 2, 2, 1], name='b')
    out = {
        'space_to_batch_nd': tf.space_to_batch_nd(img, [2, 2], [[0, 0], [0, 0]]),
        'space_to_batch_nd_pad': tf.space_to_batch_nd(img, [2, 1], [[1, 1], [0, 2]], name='s2b'),
        'batch_to_space_nd': tf.batch_to_space_nd(b, [2, 2], [[0, 0], [1, 0]]),
        'space_to_batch': tf.space_to_batch(img, [[0, 0], [0, 2]], 2),
        'batch_to_space': tf.batch_to_space(b, [[0, 0], [0, 1]], block_size=2, name='b2s'),
        'depth_to_space': tf.depth_to_space(tf.reshape(img, [1, 2, 2, 8]), 2),
        'space_to_depth': tf.space_to_depth(img, 2, name='s2d'),
    }
    return out, feeds(a={'img': np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2),
                         'b': np.arange(16, dtype=np.float32).reshape(4, 2, 2, 1)})


def misc():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    dyn = tf.placeholder(tf.float32, [None, None], name='dyn')
    c = tf.placeholder(tf.bool, [3], name='c')
    out = {
        'shape_n': tf.shape_n([x, dyn]),
        'shape_n_int64': tf.shape_n([dyn], out_type=tf.int64, name='shapes'),
        'identity_n': tf.identity_n([x, dyn]),
        'ensure_shape': tf.ensure_shape(dyn, [None, 3]),
        'matrix_transpose': tf.matrix_transpose(x),
        'matrix_transpose_dyn': tf.matrix_transpose(tf.placeholder_with_default(M, None, name='any'), name='mt'),
        'bitcast': tf.bitcast(x, tf.int32),
        'bitcast_narrow': tf.bitcast(tf.constant([1, 256], tf.int32), tf.uint8, name='bytes'),
        'rank': tf.rank(x),
        'rank_dyn': tf.rank(tf.placeholder_with_default(X, None, name='r')),
        'size': tf.size(x),
        'size_dyn': tf.size(dyn, out_type=tf.int64),
        'where': tf.where(c, [1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]),
        'where_indices': tf.where(c),
        'where_v2': tf.where_v2(c, 1.0, x[:, 0, 0]),
        'stop_gradient': tf.stop_gradient(x),
        'diag_part': tf.diag_part(tf.reshape(x[:2, :, :], [4, 4])),
        'parallel_stack': tf.parallel_stack([x[0], x[1]]),
    }
    return out, feeds(a={'x': X, 'dyn': M[:2, :3], 'c': [True, False, True]})


def edit_distances():
    hyp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ['a', 'b', 'c'], [2, 2])
    truth = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ['a', 'c', 'd'], [2, 2])
    h = tf.sparse_placeholder(tf.int64, name='h')
    out = {
        'normalized': tf.edit_distance(hyp, truth),
        'raw': tf.edit_distance(hyp, truth, normalize=False, name='ed'),
        'fed': tf.edit_distance(h, tf.SparseTensor([[0, 1]], tf.constant([4], tf.int64), [1, 3])),
        'values': tf.edit_distance(tf.SparseTensorValue([[0, 0], [0, 1]], [1.0, 2.0], [1, 2]),
                                   tf.SparseTensorValue([[0, 0]], [2.0], [1, 1]), name='ev'),
    }
    return out, feeds(a={'h/indices': [[0, 0], [0, 1]], 'h/values': [4, 2], 'h/shape': [1, 3]})


def batch_gathers():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    dyn = tf.placeholder(tf.float32, [None, 4, 2], name='dyn')
    idx = tf.placeholder(tf.int32, [3, 2], name='idx')
    nd = tf.placeholder(tf.int64, [3, 2, 1], name='nd')
    out = {
        'gather_batch': tf.gather(x, idx, batch_dims=1),
        'gather_batch_axis': tf.gather(x, [[1, 0], [0, 0], [1, 1]], axis=2, batch_dims=1, name='g'),
        'gather_nd_batch': tf.gather_nd(x, nd, batch_dims=1),
        'gather_nd_batch_dyn': tf.gather_nd(dyn, [[[1, 0]], [[3, 1]], [[0, 0]]], name='picks', batch_dims=1),
    }
    return out, feeds(a={'x': X, 'dyn': X, 'idx': [[3, 0], [1, 1], [2, 3]], 'nd': [[[1]], [[3]], [[0]]] * np.ones((3, 2, 1),
                                                                                                     np.int64)})


def variables():
    w = tf.get_variable('w', initializer=X[0])
    r = tf.get_variable('r', initializer=X[1], use_resource=True)
    out = {
        'ref': tf.gather_nd(w, [[0, 1], [3, 0]]),
        'resource': tf.gather_nd(r, [[1], [2]]),
        'resource_named': tf.gather_nd(r, [[0, 0]], name='picks'),
        'resource_gather': tf.gather(r, [2, 0]),
    }
    return out, feeds(a={})


def checks():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    out = {
        'check_numerics': tf.check_numerics(x, 'bad x'),
        'patches': tf.extract_image_patches(img, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
        'patches_same': tf.extract_image_patches(img, ksizes=[1, 3, 2, 1], strides=[1, 1, 2, 1], rates=[1, 2, 1, 1],
                                                 padding='SAME', name='p'),
    }
    return out, feeds(a={'x': X, 'img': np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2)})


def partitions():
    x = tf.placeholder(tf.float32, [3, 4, 2], name='x')
    p = tf.placeholder(tf.int32, [3], name='p')
    parts = tf.dynamic_partition(x, p, 2)
    out = {
        'partition': parts,
        'partition_named': tf.dynamic_partition(x[0], [[0, 2], [1, 1], [2, 0], [0, 0]], 3, name='dp'),
        'stitch': tf.dynamic_stitch([[0, 2], [1]], [[[1.0], [2.0]], [[3.0]]]),
        'stitch_back': tf.dynamic_stitch(tf.dynamic_partition(tf.range(3), p, 2), parts, name='ds'),
        'scatter_max': tf.tensor_scatter_nd_max(x, [[0, 1], [2, 2]], [[0.0, 0.0], [5.0, -5.0]]),
        'scatter_min': tf.tensor_scatter_nd_min(x, [[1, 3]], [[0.0, 9.0]], name='low'),
        'reverse_v2': tf.reverse_v2(x, [2]),
    }
    return out, feeds(a={'x': X, 'p': [1, 0, 1]})


GRAPHS = [partitions, batch_gathers, variables, checks, slicing, splitting, padding, one_hots, masks, gather_scatter, reversing, broadcasting, sets, space, misc,
          edit_distances]


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: each builds in the default graph."""
    def weighted(y):
        # Weights differing per element, so that each element's gradient shows where it went; y itself
        # when its shape is not static.
        if not y.shape.is_fully_defined():
            return tf.reduce_sum(y * y)
        n = int(np.prod(y.shape.as_list()))
        return tf.reduce_sum(y * tf.constant(np.linspace(-1.0, 2.0, n).astype(np.float32).reshape(y.shape.as_list())))

    def case(fn, shape=(3, 4, 2), value=X):
        def build():
            x = tf.placeholder(tf.float32, list(shape), name='x')
            return weighted(fn(x)), [x], feeds(a={'x': value})
        return build

    img = np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2) * 0.1
    return {
        'slice': case(lambda x: tf.slice(x, [1, 1, 0], [2, 2, 1])),
        'strided_slice': case(lambda x: tf.strided_slice(x, [2, 0, 1], [0, 4, 2], [-1, 2, 1], end_mask=1,
                                                         shrink_axis_mask=4)),
        'subscript': case(lambda x: x[1:, ::2, 0]),
        'split': case(lambda x: tf.split(x, 2, axis=1)[1] * tf.split(x, 2, axis=1)[0]),
        'split_sizes': case(lambda x: tf.split(x, [1, 3], axis=1)[1]),
        'unstack': case(lambda x: tf.unstack(x, axis=1)[2] * 3.0 + tf.unstack(x, axis=1)[0]),
        'pad': case(lambda x: tf.pad(x, [[1, 0], [0, 2], [1, 1]])),
        'pad_values': case(lambda x: tf.pad(x, [[1, 0], [0, 0], [0, 1]], constant_values=2.0)),
        'reflect': case(lambda x: tf.pad(x, [[1, 1], [2, 0], [0, 1]], 'REFLECT')),
        'symmetric': case(lambda x: tf.pad(x, [[0, 2], [1, 1], [1, 0]], 'SYMMETRIC')),
        'gather_nd': case(lambda x: tf.gather_nd(x, [[0, 1], [2, 3], [0, 1]])),
        'scatter_nd': case(lambda x: tf.scatter_nd([[1], [0], [1]], x[:, 0], [2, 2])),
        'tensor_scatter_update': case(lambda x: tf.tensor_scatter_update(x * x, [[1, 2]], x[:1, 0])),
        'tensor_scatter_add': case(lambda x: tf.tensor_scatter_add(x * x, [[1, 2], [0, 0]], x[:2, 1])),
        'tensor_scatter_sub': case(lambda x: tf.tensor_scatter_sub(x * 2.0, [[0, 1]], x[1:2, 2] * x[1:2, 2])),
        'tensor_scatter_max': case(lambda x: tf.tensor_scatter_nd_max(x, [[1, 2], [2, 0]], x[:2, 0] * 0.5 + 1.0)),
        'tensor_scatter_min': case(lambda x: tf.tensor_scatter_nd_min(x, [[0, 3]], tf.fill([1, 2], -1.0))),
        'gather_batch': case(lambda x: tf.gather(x, [[3, 0], [1, 1], [2, 3]], batch_dims=1)),
        'gather_nd_batch': case(lambda x: tf.gather_nd(x, [[[1, 0]], [[3, 1]], [[0, 0]]], batch_dims=1)),
        'check_numerics': case(lambda x: tf.check_numerics(x * x, 'bad')),
        'extract_image_patches': case(lambda x: tf.extract_image_patches(x, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1],
                                                                         'VALID'), (1, 4, 4, 2), img),
        'dynamic_partition': case(lambda x: tf.dynamic_partition(x, [1, 0, 1], 2)[1] * 2.0),
        'dynamic_stitch': case(lambda x: tf.dynamic_stitch([[2, 0], [1, 3]], [x[0, :2], x[2, 1:3] * x[2, 1:3]])),
        'reverse': case(lambda x: tf.reverse(x, [0, 2])),
        'reverse_sequence': case(lambda x: tf.reverse_sequence(x, [2, 4, 1], seq_axis=1, batch_axis=0)),
        'roll': case(lambda x: tf.roll(x, [1, -1], [0, 1])),
        'tile': case(lambda x: tf.tile(x, [1, 2, 3])),
        'broadcast_to': case(lambda x: tf.broadcast_to(x, [2, 3, 4, 2])),
        'boolean_mask': case(lambda x: tf.boolean_mask(x, [True, False, True])),
        'matrix_transpose': case(lambda x: tf.matrix_transpose(x) * tf.matrix_transpose(x)),
        'space_to_batch_nd': case(lambda x: tf.space_to_batch_nd(x, [2, 2], [[0, 0], [1, 1]]), (1, 4, 4, 2), img),
        'batch_to_space_nd': case(lambda x: tf.batch_to_space_nd(x, [2, 1], [[0, 1], [0, 0]]), (4, 2, 2, 2),
                                  img.reshape(4, 2, 2, 2)),
        'depth_to_space': case(lambda x: tf.depth_to_space(x, 2), (1, 2, 2, 8), img.reshape(1, 2, 2, 8)),
        'space_to_depth': case(lambda x: tf.space_to_depth(x, 2), (1, 4, 4, 2), img),
        'meshgrid': case(lambda x: tf.meshgrid(x[0, :, 0], x[:, 0, 1])[0] * tf.meshgrid(x[0, :, 0], x[:, 0, 1])[1]),
    }


# --- training ----------------------------------------------------------------------------------

W0 = (np.arange(12, dtype=np.float32).reshape(4, 3) % 5 - 2.0) * 0.3


def training():
    """A loss made of padding, gathers, masks, one_hot and split minimised by GradientDescent: its
    losses and the weights after 5 steps."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', [4, 3], initializer=tf.constant_initializer(W0))
        padded = tf.pad(w, [[1, 0], [0, 1]], 'REFLECT')
        picked = tf.gather_nd(padded, [[1, 1], [2, 3], [4, 0]])
        rows = tf.boolean_mask(w, [True, False, True, True])
        labels = tf.one_hot([2, 0, 1], 3, on_value=0.9, off_value=0.05)
        first, rest = tf.split(rows, [1, 2], axis=1)
        loss = (tf.reduce_sum(tf.square(picked - 0.5)) + tf.reduce_sum(tf.square(rows - labels)) +
                tf.reduce_sum(first * tf.reduce_sum(rest, 1, keepdims=True)))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(5)]
            return {'w0': W0.tolist(), 'losses': losses, 'w': sess.run(w).tolist()}


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'boolean_mask_scalar': lambda: tf.boolean_mask(z(3), True),
        'boolean_mask_unknown_rank': lambda: tf.boolean_mask(z(3), tf.placeholder(tf.bool)),
        'boolean_mask_shape': lambda: tf.boolean_mask(z(3, 2), [True, False]),
        'pad_mode': lambda: tf.pad(z(2), [[1, 1]], mode='WRAP'),
        'one_hot_on_dtype': lambda: tf.one_hot([0], 2, on_value=1.0, dtype=tf.int32),
        'one_hot_off_dtype': lambda: tf.one_hot([0], 2, off_value=1.5, dtype=tf.int32),
        'one_hot_mixed': lambda: tf.one_hot([0], 2, on_value=1.0, off_value=0),
        'meshgrid_indexing': lambda: tf.meshgrid(z(2), z(3), indexing='xx'),
        'unstack_unknown': lambda: tf.unstack(tf.placeholder(tf.float32, [None, 2])),
        'unstack_no_rank': lambda: tf.unstack(tf.placeholder(tf.float32)),
        'unstack_axis': lambda: tf.unstack(z(2, 3), axis=2),
        'split_scalar_sizes': lambda: tf.split(z(4), tf.constant(2)),
        'split_unknown_num': lambda: tf.split(z(4), tf.placeholder(tf.int32, [None])),
        'split_uneven': lambda: tf.split(z(5), 2),
        'sequence_mask_maxlen': lambda: tf.sequence_mask([1, 2], [3, 4]),
        'searchsorted_side': lambda: tf.searchsorted(z(3), z(2), side='middle'),
        'matrix_transpose_rank': lambda: tf.matrix_transpose(z(3)),
        'edit_distance_dense': lambda: tf.edit_distance(z(2), tf.SparseTensor([[0]], [1.0], [1])),
        'edit_distance_truth': lambda: tf.edit_distance(tf.SparseTensor([[0]], [1.0], [1]), z(2)),
        'reverse_sequence_dtype': lambda: tf.reverse_sequence(z(2, 3), [1.0, 2.0], seq_axis=1, batch_axis=0),
        'slice_size_length': lambda: tf.slice(z(2, 3), [0, 0], [1]),
        'strided_slice_length': lambda: tf.strided_slice(z(2, 3), [0, 0], [1]),
        'gather_nd_depth': lambda: tf.gather_nd(z(2, 3), [[0, 1, 2]]),
        'broadcast_to_shape': lambda: tf.broadcast_to(z(3), [2, 2]),
        'space_to_depth_block': lambda: tf.space_to_depth(z(1, 3, 3, 1), 2),
        'gather_nd_batch_negative': lambda: tf.gather_nd(z(2, 3), [[0]], batch_dims=-1),
        'gather_nd_batch_indices_rank': lambda: tf.gather_nd(z(2, 3, 4), [[0], [1]], batch_dims=2),
        'gather_nd_batch_params_rank': lambda: tf.gather_nd(z(2), [[[0]], [[1]]], batch_dims=1),
        'where_x_only': lambda: tf.where([True], [1.0]),
        'patches_padding': lambda: tf.extract_image_patches(z(1, 4, 4, 1), [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1],
                                                            'FULL'),
    }
    return errors_of(cases)


def static_shapes():
    """tf.broadcast_static_shape of pairs of static shapes (None for unknown rank), or its error."""
    pairs = [([2, 1, 3], [4, 1]), ([None, 3], [2, 1, 1]), ([None, 1], [5, None]), ([0, None], [None, None]),
             ([2, 3], [4]), (None, [2]), ([], [3, 1])]
    out = []
    for a, b in pairs:
        try:
            r = tf.broadcast_static_shape(tf.TensorShape(a), tf.TensorShape(b))
            out.append({'x': a, 'y': b, 'shape': r.as_list() if r.dims is not None else None})
        except ValueError as e:
            out.append({'x': a, 'y': b, 'error': str(e)})
    return out


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': control_flow.gradient_values(grad_cases()),
           'training': training(), 'static_shapes': static_shapes(), 'build_errors': build_errors()}
    # Compact: the op-by-op records would make it several times larger.
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
