"""TF1's RaggedTensor (tf.RaggedTensor, tf.compat.v1.ragged) built with TF 2.21 in graph mode, for
test/ragged.test.ts: the factories (row splits, lengths, starts, limits, value rowids, nested
splits) with and without their validating asserts, tf.ragged.constant, the row-partition accessors,
to_tensor, to_sparse, bounding_shape, with_flat_values, tf.ragged.range, segment_ids_to_row_splits and
map_flat_values, and the string functions giving
RaggedTensors or take them (strings.split, string_split, unicode_decode(_with_offsets), bytes_split,
unicode_encode).

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed (a RaggedTensorValue as its to_list()). Also the gradients through
to_tensor of the values, a short GradientDescent training through it, and the errors bad arguments
raise while building.

Writes test/fixtures/graph_layer/ragged.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/ragged.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'ragged.json')

V = np.array([3, 1, 4, 1, 5, 9, 2, 6], np.float32)
SPLITS = np.array([0, 4, 4, 7, 8, 8], np.int64)


def listed(v):
    """Fetched values with each RaggedTensorValue as its to_list()."""
    if isinstance(v, tf.ragged.RaggedTensorValue):
        return v.to_list()
    if isinstance(v, dict):
        return {k: listed(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [listed(x) for x in v]
    return v


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch,
                                 expand_composites=False)


def placeholders():
    return tf.placeholder(tf.float32, [None], name='v'), tf.placeholder(tf.int64, [None], name='s')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def from_splits():
    v, s = placeholders()
    rt = tf.RaggedTensor.from_row_splits(v, s)
    out = {'rt': rt, 'values': rt.values, 'row_splits': rt.row_splits, 'lengths': rt.row_lengths(),
           'nrows': rt.nrows(), 'nrows32': rt.nrows(out_type=tf.int32), 'dense': rt.to_tensor(),
           'padded': rt.to_tensor(default_value=-1.0, shape=[4, 3])}
    return out, feeds(a={'v': V, 's': SPLITS}, b={'v': V[:3], 's': [0, 1, 3]})


def from_consts():
    out = {
        'splits': tf.RaggedTensor.from_row_splits([1.0, 2.0, 3.0], [0, 2, 3]),
        'lengths': tf.RaggedTensor.from_row_lengths([1.0, 2.0, 3.0], [2, 0, 1]),
        'starts': tf.RaggedTensor.from_row_starts([1.0, 2.0, 3.0], [0, 1]),
        'limits': tf.RaggedTensor.from_row_limits([1.0, 2.0, 3.0], [1, 3], name='lim'),
        'splits32': tf.RaggedTensor.from_row_splits([[1.0, 2.0], [3.0, 4.0]], tf.constant([0, 1, 2], tf.int32)),
        'unchecked': tf.RaggedTensor.from_row_splits([1.0, 2.0, 3.0], [0, 1, 3], validate=False),
    }
    return out, [{}]


def from_lengths():
    v = tf.placeholder(tf.float32, [None], name='v')
    ln = tf.placeholder(tf.int64, [None], name='l')
    rt = tf.RaggedTensor.from_row_lengths(v, ln)
    starts = tf.RaggedTensor.from_row_starts(v, tf.placeholder(tf.int64, [None], name='st'))
    limits = tf.RaggedTensor.from_row_limits(v, tf.placeholder(tf.int64, [None], name='li'))
    out = {'rt': rt, 'lengths': rt.row_lengths(), 'dense': rt.to_tensor(), 'starts': starts, 'limits': limits}
    return out, feeds(a={'v': V, 'l': [4, 0, 3, 1, 0], 'st': [0, 4, 4, 7], 'li': [4, 4, 7, 8]})


def nested():
    v, s = placeholders()
    s2 = tf.placeholder(tf.int64, [None], name='s2')
    rt = tf.RaggedTensor.from_nested_row_splits(v, [s2, s])
    out = {'rt': rt, 'flat': rt.flat_values, 'inner': rt.values, 'dense': rt.to_tensor(),
           'bbox': rt.bounding_shape(), 'bbox32': rt.bounding_shape(out_type=tf.int32),
           'sparse': rt.to_sparse(), 'doubled': rt.with_flat_values(rt.flat_values * 2.0),
           'rowids': rt.value_rowids(), 'segment_ids': tf.ragged.row_splits_to_segment_ids(s)}
    return out, feeds(a={'v': V, 's': SPLITS, 's2': [0, 2, 5]})


def constants():
    out = {
        'floats': tf.ragged.constant([[1.0, 2.0], [3.0]]),
        'ints': tf.ragged.constant([[1, 2], [], [3, 4, 5]], dtype=tf.int32),
        'deep': tf.ragged.constant([[[1.0, 2.0]], [[3.0]], []], name='deep'),
        'strings': tf.ragged.constant([[b'a', b'bc'], [b'd']]),
        'splits32': tf.ragged.constant([[1.0], [2.0, 3.0]], row_splits_dtype=tf.int32),
        'flat': tf.ragged.constant([1.0, 2.0]),
    }
    out['dense'] = out['deep'].to_tensor()
    return out, [{}]


def from_rowids():
    v = tf.placeholder(tf.float32, [None], name='v')
    ids = tf.placeholder(tf.int64, [None], name='ids')
    rt = tf.RaggedTensor.from_value_rowids(v, ids)
    out = {'rt': rt, 'with_nrows': tf.RaggedTensor.from_value_rowids(v, ids, nrows=6),
           'consts': tf.RaggedTensor.from_value_rowids([1.0, 2.0, 3.0], [0, 0, 2]),
           'rowids': rt.value_rowids(), 'nrows': rt.nrows(), 'lengths': rt.row_lengths(), 'dense': rt.to_tensor()}
    return out, feeds(a={'v': V, 'ids': [0, 0, 0, 0, 2, 2, 2, 3]})


TEXTS = ['hello world', ' a  b ', '', 'h\u00e9llo,w\u00f6rld', '\U0001f642 tf1']


def strings():
    s = tf.placeholder(tf.string, [None], name='s')
    nested_texts = tf.ragged.constant([['a b', 'c'], [], ['d e f']])
    out = {
        'split': tf.strings.split(s, result_type='RaggedTensor'),
        'split_sep': tf.strings.split(s, sep='l', maxsplit=1, result_type='RaggedTensor'),
        'split_scalar': tf.strings.split('x y', result_type='RaggedTensor'),
        'string_split': tf.string_split(s, result_type='RaggedTensor'),
        'split_ragged': tf.strings.split(nested_texts, result_type='RaggedTensor'),
        'split_ragged_sparse': tf.strings.split(nested_texts, name='sparse'),
        'decode': tf.strings.unicode_decode(s, 'UTF-8'),
        'decode_scalar': tf.strings.unicode_decode(tf.placeholder(tf.string, [], name='s0'), 'UTF-8'),
        'decode_offsets': list(tf.strings.unicode_decode_with_offsets(s, 'UTF-8', errors='ignore')),
        'decode_ragged': tf.strings.unicode_decode(nested_texts, 'UTF-8', replacement_char=63, name='dr'),
        'bytes': tf.strings.bytes_split(s),
        'bytes_ragged': tf.strings.bytes_split(nested_texts),
        'encode': tf.strings.unicode_encode(tf.strings.unicode_decode(s, 'UTF-8'), 'UTF-16-BE'),
        'encode_vector': tf.strings.unicode_encode(tf.constant([104, 233, 128578]), 'UTF-8'),
        'encode_nested': tf.strings.unicode_encode(tf.ragged.constant([[[65, 66], []], [[67]]], dtype=tf.int32),
                                                   'UTF-8', errors='ignore', name='enc'),
    }
    return out, feeds(a={'s': [t.encode() for t in TEXTS], 's0': 'd\u00e9j\u00e0'.encode()},
                      b={'s': [b'ab\xffc', b''], 's0': b''})


def math():
    n = tf.placeholder(tf.int64, [None], name='n')
    v = tf.placeholder(tf.float32, [None], name='v')
    rt = tf.RaggedTensor.from_row_splits(v, SPLITS, validate=False)
    out = {
        'range_n': tf.ragged.range(n),
        'range': tf.ragged.range([0, 1, 2], [3, 3, 5], 2),
        'range_float': tf.ragged.range([0.0, 1.5], [1.25, 3.0], 0.5, row_splits_dtype=tf.int32, name='rf'),
        'segment_splits': tf.ragged.segment_ids_to_row_splits(tf.placeholder(tf.int64, [None], name='ids')),
        'segment_splits_n': tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=4),
        'mapped': tf.ragged.map_flat_values(tf.square, rt),
        'mapped2': tf.ragged.map_flat_values(tf.add, rt, rt.with_flat_values(rt.flat_values * 2.0)),
    }
    return out, feeds(a={'n': [3, 0, 2], 'ids': [0, 0, 1, 3], 'v': V})


GRAPHS = [from_splits, from_consts, from_lengths, nested, constants, from_rowids, strings, math]


def graphs():
    """control_flow.graphs with each RaggedTensorValue fetched as its to_list()."""
    recorded, values = {}, {}
    for fn in GRAPHS:
        g = tf.Graph()
        with g.as_default():
            fetch, runs = fn()
            recorded[fn.__name__] = dict(record_all(g), feeds=[value_json(f) for f in runs], shapes=shapes_of(fetch))
            with tf.Session() as sess:
                values[fn.__name__] = [value_json(listed(sess.run(fetch, {k + ':0': v for k, v in f.items()})))
                                       for f in runs]
    return recorded, values


# --- gradients and training ---------------------------------------------------------------------

def grad_cases():
    def to_tensor():
        v, s = placeholders()
        w = tf.reshape(tf.range(1.0, 21.0), [5, 4])
        loss = tf.reduce_sum(tf.RaggedTensor.from_row_splits(v, s).to_tensor() * w)
        return loss, [v], [{'v': V, 's': SPLITS}]

    def nested_to_tensor():
        v, s = placeholders()
        s2 = tf.placeholder(tf.int64, [None], name='s2')
        rt = tf.RaggedTensor.from_nested_row_splits(v * v, [s2, s])
        return tf.reduce_sum(rt.to_tensor(shape=[2, 3, 2]) * 3.0), [v], [{'v': V, 's': SPLITS, 's2': [0, 2, 5]}]

    return {'to_tensor': to_tensor, 'nested_to_tensor': nested_to_tensor}


def training():
    """A weight per value, its padded rows fitted to targets by GradientDescent."""
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(tf.ones([8]), name='w')
        rt = tf.RaggedTensor.from_row_splits(w * V, SPLITS)
        target = tf.constant(np.arange(20, dtype=np.float32).reshape(5, 4) / 4.0)
        loss = tf.reduce_mean(tf.square(rt.to_tensor() - target))
        train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(5)]
            return {'losses': losses, 'w': value_json(sess.run(w))}


# --- errors while building ---------------------------------------------------------------------

def build_errors():
    cases = {
        'validate_not_bool': lambda: tf.RaggedTensor.from_row_splits([1.0], [0, 1], validate='yes'),
        'splits_empty': lambda: tf.RaggedTensor.from_row_splits([1.0], []),
        'splits_float': lambda: tf.RaggedTensor.from_row_splits([1.0], tf.constant([0.0, 1.0])),
        'splits_rank2': lambda: tf.RaggedTensor.from_row_splits([1.0], [[0, 1]]),
        'lengths_float': lambda: tf.RaggedTensor.from_row_lengths([1.0], tf.constant([1.0])),
        'nested_tensor': lambda: tf.RaggedTensor.from_nested_row_splits([1.0], tf.constant([[0, 1]], tf.int64)),
        'splits_dtype_mismatch': lambda: tf.RaggedTensor.from_row_splits(
            tf.RaggedTensor.from_row_splits([1.0], tf.constant([0, 1], tf.int32)), tf.constant([0, 1], tf.int64)),
        'constant_depth': lambda: tf.ragged.constant([[1, 2], 3]),
        'constant_empty_nesting': lambda: tf.ragged.constant([[1], [[]]]),
        'segment_ids_float': lambda: tf.ragged.row_splits_to_segment_ids(tf.constant([0.0, 1.0])),
        'segment_ids_empty': lambda: tf.ragged.row_splits_to_segment_ids(tf.zeros([0], tf.int64)),
        'rowids_nrows_negative': lambda: tf.RaggedTensor.from_value_rowids([1.0], [0], nrows=-1),
        'rowids_nrows_small': lambda: tf.RaggedTensor.from_value_rowids([1.0, 2.0], [0, 3], nrows=2),
        'decode_unknown_rank': lambda: tf.strings.unicode_decode(tf.placeholder(tf.string), 'UTF-8'),
        'bytes_unknown_rank': lambda: tf.strings.bytes_split(tf.placeholder(tf.string)),
        'split_result_type': lambda: tf.strings.split(['a'], result_type='Ragged'),
        'encode_scalar': lambda: tf.strings.unicode_encode(tf.constant(65), 'UTF-8'),
        'segment_splits_float': lambda: tf.ragged.segment_ids_to_row_splits([0.5, 1.0]),
        'map_ragged_rank': lambda: tf.ragged.map_flat_values(
            tf.add, tf.ragged.constant([[1.0]]), tf.ragged.constant([[[1.0]]])),
    }
    return errors_of(cases)


def main():
    recorded, values = graphs()
    out = {'graphs': recorded, 'values': values, 'gradients': control_flow.gradient_values(grad_cases()),
           'training': training(), 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
