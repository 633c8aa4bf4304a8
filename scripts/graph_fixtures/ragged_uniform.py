"""Uniform row lengths of TF1's RaggedTensor and what builds on them, built with TF 2.21 in graph
mode, for test/ragged_uniform.test.ts: RaggedTensor.from_uniform_row_length (with and without its
validating asserts), uniform_row_length, from_tensor (whole rows, lengths, padding, ragged_rank > 1,
nested lengths), from_sparse, from_nested_row_lengths, to_tensor / to_sparse of uniform
partitions, tf.strings.ngrams, unicode_split(_with_offsets), the raw ragged_fill_empty_rows(_grad)
and tf.io.RaggedFeature (its partitions) in parse_example / parse_single_example.

For each graph: its ops, the static shapes of its fetches and what session runs of them give (a
RaggedTensorValue as its to_list()), as ragged.py records them. Also gradients through from_tensor /
to_tensor, a short GradientDescent training through them, and the errors bad arguments raise.

Writes test/fixtures/graph_layer/ragged_uniform.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/ragged_uniform.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
import ragged
from control_flow import feeds
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'ragged_uniform.json')

V = np.arange(1, 13, dtype=np.float32)
DENSE = np.array([[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 6, 0]], np.float32)


def uniform():
    v = tf.placeholder(tf.float32, [None], name='v')
    n = tf.placeholder(tf.int64, [], name='n')
    rt = tf.RaggedTensor.from_uniform_row_length(v, 3)
    out = {
        'rt': rt, 'url': rt.uniform_row_length, 'nrows': rt.nrows(), 'lengths': rt.row_lengths(),
        'dense': rt.to_tensor(), 'sparse': rt.to_sparse(),
        'tensor_len': tf.RaggedTensor.from_uniform_row_length(v, n),
        'with_nrows': tf.RaggedTensor.from_uniform_row_length(tf.constant(V), 2, nrows=6, name='wn'),
        'unchecked': tf.RaggedTensor.from_uniform_row_length(v, n, validate=False),
        'zero': tf.RaggedTensor.from_uniform_row_length(tf.zeros([0]), 0, nrows=4),
    }
    return out, feeds(a={'v': V, 'n': 4}, b={'v': V[:6], 'n': 2})


def uniform_nrows():
    v = tf.placeholder(tf.float32, [None], name='v')
    return {'rt': tf.RaggedTensor.from_uniform_row_length(v, 2, nrows=3)}, feeds(a={'v': V[:6]})


def uniform_consts():
    inner = tf.ragged.constant([[1.0, 2.0, 3.0], [4.0], [5.0, 6.0], [7.0, 8.0, 9.0, 10.0]])
    rt = tf.RaggedTensor.from_uniform_row_length(inner, 2)
    out = {
        'rt': rt, 'flat': rt.flat_values, 'dense': rt.to_tensor(), 'sparse': rt.to_sparse(),
        'bbox': rt.bounding_shape(), 'consts': tf.RaggedTensor.from_uniform_row_length([1.0, 2.0, 3.0, 4.0], 2),
        'int32': tf.RaggedTensor.from_uniform_row_length([[1.0], [2.0]], tf.constant(1, tf.int32)),
        'outer_splits': tf.RaggedTensor.from_row_splits(rt, [0, 1, 2]),
        'nested_lengths': tf.RaggedTensor.from_nested_row_lengths([1.0, 2.0, 3.0], [[2, 1], [1, 0, 2]]),
    }
    return out, [{}]


def from_tensor():
    t = tf.placeholder(tf.float32, [None, None], name='t')
    lengths = tf.placeholder(tf.int64, [None], name='l')
    out = {
        'whole': tf.RaggedTensor.from_tensor(t),
        'lengths': tf.RaggedTensor.from_tensor(t, lengths=lengths),
        'const_lengths': tf.RaggedTensor.from_tensor(DENSE, lengths=[2, 0, 3], name='cl'),
        'padding': tf.RaggedTensor.from_tensor(t, padding=0.0),
        'static': tf.RaggedTensor.from_tensor(DENSE, row_splits_dtype=tf.int32),
    }
    out['roundtrip'] = out['padding'].to_tensor()
    return out, feeds(a={'t': DENSE, 'l': [1, 4, 2]}, b={'t': DENSE[:2, :2], 'l': [0, 5]})


def from_tensor_deep():
    t3 = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    p = tf.placeholder(tf.float32, [None, None, 2], name='p')
    out = {
        'rank2': tf.RaggedTensor.from_tensor(t3, ragged_rank=2),
        'rank2_lengths': tf.RaggedTensor.from_tensor(t3, lengths=[1, 2, 3, 4, 0, 1], ragged_rank=2),
        'vector_padding': tf.RaggedTensor.from_tensor(p, padding=[0.0, 0.0]),
        'unknown_rank2': tf.RaggedTensor.from_tensor(p, ragged_rank=2),
        'nested': tf.RaggedTensor.from_tensor(t3, lengths=([2, 1], [1, 3, 0])),
    }
    pv = np.array([[[1, 2], [0, 0], [0, 0]], [[3, 0], [4, 0], [0, 0]]], np.float32)
    return out, feeds(a={'p': pv})


def from_sparse():
    st = tf.SparseTensor([[0, 0], [0, 1], [2, 0], [3, 0], [3, 1], [3, 2]], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [5, 3])
    sp = tf.sparse_placeholder(tf.float32, [None, None], name='sp')
    out = {'rt': tf.RaggedTensor.from_sparse(st), 'placeholder': tf.RaggedTensor.from_sparse(sp, row_splits_dtype=tf.int32),
           'roundtrip': tf.RaggedTensor.from_sparse(st).to_sparse()}
    return out, feeds(a={'sp/indices': np.array([[0, 0], [1, 0], [1, 1]], np.int64), 'sp/values': [1.0, 2.0, 3.0],
                         'sp/shape': np.array([3, 2], np.int64)})


def ngrams():
    texts = tf.ragged.constant([['a', 'b', 'c', 'd'], [], ['e', 'f'], ['g']])
    dense = tf.constant([['a', 'b', 'c'], ['d', 'e', 'f']])
    out = {
        'bigrams': tf.strings.ngrams(texts, 2),
        'widths': tf.strings.ngrams(texts, [1, 3], separator='_', name='w'),
        'padded': tf.strings.ngrams(texts, 3, pad_values=('<s>', '</s>'), padding_width=1),
        'pad_all': tf.strings.ngrams(texts, 3, pad_values='#'),
        'short': tf.strings.ngrams(texts, 3, preserve_short_sequences=True),
        'vector': tf.strings.ngrams(tf.constant(['x', 'y', 'z']), 2),
        'dense': tf.strings.ngrams(dense, 2),
        'nested': tf.strings.ngrams(tf.ragged.constant([[['a', 'b'], ['c']], [['d', 'e', 'f']]]), 2),
    }
    return out, [{}]


def unicode_split():
    s = tf.constant(['h\u00e9llo', '', 'tf\U0001f642', 'ab'])
    chars, offsets = tf.strings.unicode_split_with_offsets(s, 'UTF-8')
    out = {
        'split': tf.strings.unicode_split(s, 'UTF-8'),
        'chars': chars, 'offsets': offsets,
        'ragged': tf.strings.unicode_split(tf.ragged.constant([['ab', 'c'], []]), 'UTF-8', name='r'),
        'scalar': tf.strings.unicode_split('h\u00e9', 'UTF-8'),
        'matrix': tf.strings.unicode_split(tf.reshape(s, [2, 2]), 'UTF-8'),
        'split_matrix': tf.strings.split(tf.reshape(s, [2, 2]), result_type='RaggedTensor'),
        'decode_matrix': tf.strings.unicode_decode(tf.reshape(s, [2, 2]), 'UTF-8'),
        'encode_matrix': tf.strings.unicode_encode(tf.constant([[65, 66], [67, 68]]), 'UTF-8'),
        'bytes_scalar': tf.strings.bytes_split('ab'),
        'bytes_matrix': tf.strings.bytes_split(tf.reshape(s, [2, 2])),
        'encode_cube': tf.strings.unicode_encode(tf.constant([[[65], [66]], [[67], [68]]]), 'UTF-8'),
    }
    return out, [{}]


def fill_empty_rows():
    r = tf.ragged_fill_empty_rows(tf.constant([0, 0, 2], tf.int64), [1.0, 2.0, 3.0], tf.constant(4, tf.int64), -1.0)
    g = tf.ragged_fill_empty_rows_grad(r.reverse_index_map, [10.0, 20.0, 30.0, 40.0, 50.0])
    return {'rows': list(r), 'grad': list(g)}, [{}]


def example(**features):
    """A serialized tf.train.Example of int64 (ints) and float (floats) lists."""
    f = {k: tf.train.Feature(float_list=tf.train.FloatList(value=v)) if any(isinstance(x, float) for x in v)
         else tf.train.Feature(int64_list=tf.train.Int64List(value=v)) for k, v in features.items()}
    return tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString(deterministic=True)


EXAMPLES = np.array([
    example(r=[1.5, 2.5], v=[1, 2, 3, 4, 5, 6], l=[2, 0, 4], sp=[0, 2, 2, 6], ids=[0, 0, 2, 2, 2, 2], st=[0, 2, 2],
            li=[2, 2, 6], x=[7]),
    example(v=[7, 8], l=[2], sp=[0, 2], ids=[0, 0], st=[0], li=[2]),
], object)


def parse_ragged():
    s = tf.placeholder(tf.string, [None], name='s')
    one = tf.placeholder(tf.string, [], name='one')
    rf = tf.io.RaggedFeature
    batch = {
        'r': rf(tf.float32),
        'lens': rf(tf.int64, value_key='v', partitions=[rf.RowLengths('l')]),
        'uni': rf(tf.int64, value_key='v', partitions=[rf.UniformRowLength(2)]),
        'both': rf(tf.int64, value_key='v', partitions=[rf.RowLengths('l'), rf.UniformRowLength(1)], validate=True),
        'x': tf.io.FixedLenFeature([], tf.int64, default_value=0),
        'splits': rf(tf.int64, value_key='v', partitions=[rf.RowSplits('sp')], validate=True),
        'starts': rf(tf.int64, value_key='v', partitions=[rf.RowStarts('st')]),
        'limits': rf(tf.int64, value_key='v', partitions=[rf.RowLimits('li')]),
    }
    single = {
        'r': rf(tf.float32),
        'splits': rf(tf.int64, value_key='v', partitions=[rf.RowSplits('sp')], validate=True),
        'rowids': rf(tf.int64, value_key='v', partitions=[rf.ValueRowIds('ids')]),
        'starts': rf(tf.int64, value_key='v', partitions=[rf.RowStarts('st')]),
        'limits': rf(tf.int64, value_key='v', partitions=[rf.RowLimits('li')]),
        'nested': rf(tf.int64, value_key='v', partitions=[rf.UniformRowLength(1), rf.RowLengths('l')]),
        'uni': rf(tf.int64, value_key='v', partitions=[rf.UniformRowLength(2)]),
    }
    out = {'batch': tf.io.parse_example(s, batch), 'single': tf.io.parse_single_example(one, single)}
    return out, [{'s': EXAMPLES, 'one': EXAMPLES[0]}, {'s': EXAMPLES[1:], 'one': EXAMPLES[1]}]


GRAPHS = [uniform, uniform_nrows, uniform_consts, from_tensor, from_tensor_deep, from_sparse, ngrams, unicode_split, fill_empty_rows, parse_ragged]


def grad_cases():
    def tensor_roundtrip():
        t = tf.placeholder(tf.float32, [3, 4], name='t')
        w = tf.reshape(tf.range(1.0, 13.0), [3, 4])
        rt = tf.RaggedTensor.from_tensor(t * t, lengths=[2, 0, 3])
        return tf.reduce_sum(rt.to_tensor(shape=[3, 4]) * w), [t], [{'t': DENSE}]

    def uniform_to_tensor():
        v = tf.placeholder(tf.float32, [None], name='v')
        rt = tf.RaggedTensor.from_uniform_row_length(v, 3)
        return tf.reduce_sum(rt.to_tensor() * tf.constant([1.0, 2.0, 3.0])), [v], [{'v': V}]

    return {'tensor_roundtrip': tensor_roundtrip, 'uniform_to_tensor': uniform_to_tensor}


def training():
    """A dense weight matrix, its rows cut to lengths, fitted to targets by GradientDescent."""
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(tf.ones([3, 4]), name='w')
        rt = tf.RaggedTensor.from_tensor(w * DENSE, lengths=[2, 1, 3])
        loss = tf.reduce_mean(tf.square(rt.to_tensor() - 1.0))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(5)]
            return {'losses': losses, 'w': value_json(sess.run(w))}


def build_errors():
    cases = {
        'url_negative': lambda: tf.RaggedTensor.from_uniform_row_length([1.0, 2.0], -1, nrows=2),
        'url_mismatch': lambda: tf.RaggedTensor.from_uniform_row_length([1.0, 2.0, 3.0], 2, nrows=2),
        'url_rank1': lambda: tf.RaggedTensor.from_uniform_row_length([1.0, 2.0], [2]),
        'url_float': lambda: tf.RaggedTensor.from_uniform_row_length([1.0, 2.0], tf.constant(2.0)),
        'url_validate': lambda: tf.RaggedTensor.from_uniform_row_length([1.0], 1, validate=1),
        'tensor_rank1': lambda: tf.RaggedTensor.from_tensor([1.0, 2.0]),
        'tensor_both': lambda: tf.RaggedTensor.from_tensor([[1.0]], lengths=[1], padding=0.0),
        'tensor_ragged_rank0': lambda: tf.RaggedTensor.from_tensor([[1.0]], ragged_rank=0),
        'tensor_ragged_rank_high': lambda: tf.RaggedTensor.from_tensor([[1.0]], ragged_rank=2),
        'tensor_lengths_float': lambda: tf.RaggedTensor.from_tensor([[1.0]], lengths=tf.constant([1.0])),
        'tensor_nested_rank': lambda: tf.RaggedTensor.from_tensor(np.zeros([2, 2, 2], np.float32),
                                                                  lengths=([1, 1], [1, 1]), ragged_rank=3),
        'tensor_padding_shape': lambda: tf.RaggedTensor.from_tensor(np.zeros([2, 2, 2], np.float32), padding=[0.0] * 3),
        'sparse_not_sparse': lambda: tf.RaggedTensor.from_sparse(tf.constant([1.0])),
        'sparse_rank3': lambda: tf.RaggedTensor.from_sparse(tf.SparseTensor([[0, 0, 0]], [1.0], [1, 1, 1])),
        'ngrams_width0': lambda: tf.strings.ngrams(tf.constant([['a']]), 0),
        'ngrams_pad_type': lambda: tf.strings.ngrams(tf.constant(['a']), 2, pad_values=1),
        'ngrams_pad_width': lambda: tf.strings.ngrams(tf.constant(['a']), 2, pad_values='x', padding_width=0),
        'ngrams_width_no_pad': lambda: tf.strings.ngrams(tf.constant(['a']), 2, padding_width=1),
        'ngrams_scalar': lambda: tf.strings.ngrams(tf.constant('a'), 2),
        'ngrams_unknown_rank': lambda: tf.strings.ngrams(tf.placeholder(tf.string), 2),
        'feature_dtype': lambda: tf.io.RaggedFeature(tf.int32),
        'feature_dtype_none': lambda: tf.io.RaggedFeature(None),
        'feature_dtype_name': lambda: tf.io.RaggedFeature('int32'),
        'feature_splits_dtype': lambda: tf.io.RaggedFeature(tf.int64, row_splits_dtype=tf.float32),
        'feature_value_key': lambda: tf.io.RaggedFeature(tf.int64, value_key=''),
        'feature_validate': lambda: tf.io.RaggedFeature(tf.int64, validate=1),
        'feature_partition': lambda: tf.io.RaggedFeature(tf.int64, partitions=['x']),
        'parse_conflict': lambda: tf.io.parse_example(
            ['a'], {'a': tf.io.RaggedFeature(tf.int64, value_key='v'), 'b': tf.io.RaggedFeature(tf.float32, value_key='v')}),
        'parse_conflict_splits': lambda: tf.io.parse_example(['a'], {
            'a': tf.io.RaggedFeature(tf.int64, value_key='v'),
            'b': tf.io.RaggedFeature(tf.int64, value_key='v', row_splits_dtype=tf.int64)}),
        'parse_dense_ragged': lambda: tf.io.parse_example(
            ['a'], {'a': tf.io.RaggedFeature(tf.int64), 'b': tf.io.RaggedFeature(tf.int64, partitions=[
                tf.io.RaggedFeature.RowLengths('c')]), 'c': tf.io.FixedLenFeature([], tf.int64)}),
        'parse_ragged_sparse': lambda: tf.io.parse_example(
            ['a'], {'a': tf.io.RaggedFeature(tf.int64, value_key='b'), 'b': tf.io.VarLenFeature(tf.int64)}),
        'parse_unknown_rank': lambda: tf.io.parse_example(tf.placeholder(tf.string), {'a': tf.io.RaggedFeature(tf.int64)}),
    }
    return errors_of(cases)


def main():
    # ragged.graphs() records each of its GRAPHS list, a RaggedTensorValue as its to_list().
    ragged.GRAPHS = GRAPHS
    recorded, values = ragged.graphs()
    out = {'graphs': recorded, 'values': values, 'gradients': control_flow.gradient_values(grad_cases()),
           'training': training(), 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
