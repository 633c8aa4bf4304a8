"""TF1's tf.data with SparseTensor elements and Example parsing datasets (tf.compat.v1.data, graph
mode) built and run with TF 2.21, for test/data_sparse.test.ts to build and run the same in
TypeScript: from_tensor_slices / from_tensors of SparseTensors, map to and from them, batch and
unbatch of them, dense_to_sparse_batch, parse_example_dataset and make_batched_features_dataset
over a TFRecord file of tf.train.Examples.

Each graph as datasets.py records it (ops, attrs, function bodies' op types), the elements a session
gets until OutOfRangeError (a SparseTensorValue as [indices, values, dense_shape]), the element specs
as Python prints them; the errors of bad arguments; a model trained on parsed batches.

Writes test/fixtures/graph_layer/data_sparse.json and the TFRecord file under
test/fixtures/graph_layer/data_sparse/ (its path relative: jest runs from the repository root too).
Run: .venv-tf/bin/python scripts/graph_fixtures/data_sparse.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from datasets import losses_until_end, record_graphs, run_all
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'data_sparse.json')
DATA = os.path.join('test', 'fixtures', 'graph_layer', 'data_sparse')
EXAMPLES = os.path.join(DATA, 'examples.tfrecord')

SP = tf.SparseTensorValue(indices=[[0, 0], [1, 1], [2, 0], [2, 1]], values=np.array([1., 2., 3., 4.], np.float32),
                          dense_shape=[3, 2])
FEATURES = lambda: {  # noqa: E731
    'x': tf.FixedLenFeature([2], tf.float32),
    'label': tf.FixedLenFeature([], tf.int64, default_value=-1),
    'words': tf.VarLenFeature(tf.string),
}


def example(i):
    f = {'x': tf.train.Feature(float_list=tf.train.FloatList(value=[i, i / 2])),
         'words': tf.train.Feature(bytes_list=tf.train.BytesList(value=[b'w%d' % j for j in range(i % 3)])),
         'ix': tf.train.Feature(int64_list=tf.train.Int64List(value=[j for j in range(i % 3)])),
         'v': tf.train.Feature(float_list=tf.train.FloatList(value=[10. * i + j for j in range(i % 3)]))}
    if i % 4 != 3:
        f['label'] = tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 2]))
    return tf.train.Example(features=tf.train.Features(feature=f))


def write_data():
    os.makedirs(DATA, exist_ok=True)
    with tf.io.TFRecordWriter(EXAMPLES) as w:
        for i in range(5):
            w.write(example(i).SerializeToString(deterministic=True))


def fetch_all(datasets):
    """One-shot iterators' get_next of each dataset; the run gives each one's elements and the specs."""
    fetch = [tf.data.make_one_shot_iterator(ds).get_next() for ds in datasets]
    specs = [str(ds.element_spec) for ds in datasets]
    return lambda: ([run_all(t) for t in fetch], specs)


def slices():
    return fetch_all([
        tf.data.Dataset.from_tensor_slices(SP),
        tf.data.Dataset.from_tensor_slices((SP, np.array([10, 20, 30], np.int32))),
        tf.data.Dataset.from_tensors(SP),
        tf.data.Dataset.from_tensors({'d': 1.5, 's': tf.SparseTensor([[1]], ['a'], [4])}),
    ])


def batches():
    sp = tf.data.Dataset.from_tensor_slices(SP)
    return fetch_all([
        sp.batch(2),
        sp.batch(2, drop_remainder=True),
        sp.batch(2).unbatch(),
        tf.data.Dataset.zip((sp, tf.data.Dataset.range(3))).batch(3).unbatch(),
    ])


def maps():
    sp = tf.data.Dataset.from_tensor_slices(SP)
    seqs = tf.data.Dataset.range(4).map(lambda x: tf.fill([x], x))
    return fetch_all([
        seqs.map(lambda s: tf.sparse.from_dense(s)),
        sp.map(lambda s: tf.sparse.reduce_sum(s)),
        sp.map(lambda s: (s, tf.SparseTensor(s.indices, s.values * 2, s.dense_shape))),
        seqs.map(lambda s: {'n': tf.size(s), 'sp': tf.sparse.from_dense(s)}).batch(2),
    ])


def dense_to_sparse():
    seqs = tf.data.Dataset.range(1, 6).map(lambda x: tf.fill([x], x))
    grid = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x, 2], tf.cast(x, tf.float32)))
    return fetch_all([
        seqs.apply(tf.data.experimental.dense_to_sparse_batch(2, [5])),
        grid.apply(tf.data.experimental.dense_to_sparse_batch(3, [4, 3])),
    ])


def initializable():
    ds = tf.data.Dataset.from_tensor_slices(SP).batch(2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    return lambda: (run_all(nxt, it.initializer, reinit=1), [str(ds.element_spec)])


def fed():
    """Slices of a fed sparse placeholder, through an initializable iterator."""
    ph = tf.sparse_placeholder(tf.float32, shape=[None, 2], name='sp')
    ds = tf.data.Dataset.from_tensor_slices(ph).batch(2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    return lambda: (run_all(nxt, it.initializer, feed={ph: SP}), [str(ds.element_spec)])


def structures():
    """A reinitializable iterator of SparseTensors (output_classes), and Dataset.sparse_batch."""
    ds = tf.data.Dataset.from_tensor_slices(SP).batch(2)
    it = tf.data.Iterator.from_structure(tf.float32, [None, 2], output_classes=tf.SparseTensor)
    init = it.make_initializer(ds)
    nxt = it.get_next()
    seqs = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).sparse_batch(2, [3])
    nxt2 = tf.data.make_one_shot_iterator(seqs).get_next()
    return lambda: ([run_all(nxt, init), run_all(nxt2)], [str(ds.element_spec), str(seqs.element_spec)])


def optional():
    """Optionals of SparseTensors: an iterator's next element and one made from a value."""
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(SP))
    opt = it.get_next_as_optional()
    fetch = [opt.has_value(), opt.get_value()]
    made = tf.data.experimental.Optional.from_value({'s': tf.SparseTensor([[0]], [7], [3]), 'd': tf.constant(1)})
    made_value = made.get_value()

    def run():
        with tf.Session() as sess:
            sess.run(it.initializer)
            values = [value_json(sess.run(fetch)) for _ in range(3)] + [value_json(sess.run(opt.has_value()))]
            return values + [value_json(sess.run(made_value))], [str(made.element_spec)]
    return run


def parse():
    records = tf.data.TFRecordDataset(EXAMPLES)
    composite = dict(FEATURES(), sp=tf.io.SparseFeature('ix', 'v', tf.float32, 4))
    return fetch_all([
        records.batch(2).apply(tf.data.experimental.parse_example_dataset(FEATURES())),
        records.batch(3).apply(tf.data.experimental.parse_example_dataset(
            {'x': tf.FixedLenFeature([2], tf.float32)}, num_parallel_calls=2, deterministic=True)),
        records.batch(2).apply(tf.data.experimental.parse_example_dataset(composite, deterministic=False)),
    ])


def batched_features():
    return fetch_all([
        tf.data.experimental.make_batched_features_dataset(EXAMPLES, 2, FEATURES(), num_epochs=1, shuffle=False),
        tf.data.experimental.make_batched_features_dataset(
            [EXAMPLES], 3, FEATURES(), label_key='label', num_epochs=2, shuffle_seed=5, shuffle_buffer_size=4,
            reader_num_threads=2, parser_num_threads=1, drop_final_batch=True),
    ])


def batched_features_forever():
    """Forever (num_epochs None): batches of exactly batch_size; its graph and a few batches."""
    tf.set_random_seed(7)
    ds = tf.data.experimental.make_batched_features_dataset(EXAMPLES, 2, FEATURES(), prefetch_buffer_size=1)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()

    def run():
        with tf.Session() as sess:
            return [value_json(sess.run(nxt)) for _ in range(4)], [str(ds.element_spec)]
    return run


GRAPHS = (slices, batches, maps, dense_to_sparse, initializable, fed, structures, optional, parse, batched_features, batched_features_forever)


def errors():
    scalar = lambda: tf.SparseTensor(np.zeros([0, 0], np.int64), tf.constant([], tf.float32), np.zeros([0], np.int64))  # noqa: E731
    return errors_of({
        'slices_scalar': lambda: tf.data.Dataset.from_tensor_slices(scalar()),
        'unbatch_scalar': lambda: tf.data.Dataset.from_tensors(scalar()).unbatch(),
        'parse_none': lambda: tf.data.experimental.parse_example_dataset(None),
        'parse_not_strings': lambda: tf.data.Dataset.range(3).batch(2).apply(
            tf.data.experimental.parse_example_dataset(FEATURES())),
        'parse_scalar_strings': lambda: tf.data.TFRecordDataset(EXAMPLES).apply(
            tf.data.experimental.parse_example_dataset(FEATURES())),
        'parse_unknown_shape': lambda: tf.data.TFRecordDataset(EXAMPLES).batch(2).apply(
            tf.data.experimental.parse_example_dataset({'x': tf.FixedLenFeature(None, tf.float32)})),
        'batched_features_label': lambda: tf.data.experimental.make_batched_features_dataset(
            EXAMPLES, 2, FEATURES(), label_key='y'),
        'dense_to_sparse_tuple': lambda: tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(3))).apply(
            tf.data.experimental.dense_to_sparse_batch(2, [2])),
        'padded_batch_sparse': lambda: tf.data.Dataset.from_tensor_slices(SP).padded_batch(2),
        'initializer_classes': lambda: tf.data.Iterator.from_structure(tf.float32, [None, 2]).make_initializer(
            tf.data.Dataset.from_tensor_slices(SP).batch(2)),
    })


def run_errors():
    """The error a session gives: an element longer than dense_to_sparse_batch's row shape."""
    out = {}
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).apply(
            tf.data.experimental.dense_to_sparse_batch(2, [2]))
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            sess.run(nxt)
            try:
                sess.run(nxt)
            except tf.errors.OpError as e:
                # The kernel's own line: Python's message adds where the node was defined around it.
                out['dense_to_sparse_too_long'] = {'class': type(e).__name__, 'message': e.message.split('\n')[-2]}
    return out


def train_parsed():
    """A linear model on the parsed examples' x, labels as targets, a few epochs of batches of 2."""
    with tf.Graph().as_default():
        ds = tf.data.experimental.make_batched_features_dataset(
            EXAMPLES, 2, FEATURES(), label_key='label', num_epochs=3, shuffle=False)
        feats, label = tf.data.make_one_shot_iterator(ds).get_next()
        w = tf.Variable(tf.zeros([2, 1]), name='w')
        pred = tf.matmul(feats['x'], w) + tf.cast(tf.sparse.reduce_sum(
            tf.SparseTensor(feats['words'].indices, tf.ones_like(feats['words'].values, tf.float32),
                            feats['words'].dense_shape), axis=1, keepdims=True), tf.float32)
        loss = tf.reduce_mean(tf.square(pred - tf.cast(tf.reshape(label, [-1, 1]), tf.float32)))
        train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        return losses_until_end(train_op, loss, w)


def main():
    write_data()
    out = record_graphs(GRAPHS)
    out['errors'] = errors()
    out['run_errors'] = run_errors()
    out['train_parsed'] = train_parsed()
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
