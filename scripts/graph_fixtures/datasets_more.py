"""More of TF1's tf.data (tf.compat.v1.data, graph mode) built and run with TF 2.21, for
test/datasets_more.test.ts to build and run the same in TypeScript: enumerate, apply, take_while,
ignore_errors, interleave, window (flat-mapped), reduce, scan, group_by_window, list_files,
tf.data.experimental's map_and_batch, parallel_interleave, choose_from_datasets,
sample_from_datasets, bucket_by_sequence_length, the readers' num_parallel_reads, and padded_batch's
defaults.

Each graph as datasets.py records it (ops, attrs, function bodies' op types), the elements a session
gets until OutOfRangeError, the element specs as Python prints them; the errors of bad arguments;
the losses of a model trained on windows of a series.

Writes test/fixtures/graph_layer/datasets_more.json (reads the data files datasets.py writes).
Run: .venv-tf/bin/python scripts/graph_fixtures/datasets_more.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from datasets import DATA, TEXT, TFRECORD, losses_until_end, record_graphs, run_all, write_data
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'datasets_more.json')


def fetch_all(datasets):
    """One-shot iterators' get_next of each dataset; the run gives each one's elements and the specs."""
    fetch = [tf.data.make_one_shot_iterator(ds).get_next() for ds in datasets]
    specs = [str(ds.element_spec) for ds in datasets]
    return lambda: ([run_all(t) for t in fetch], specs)


def simple():
    r = tf.data.Dataset.range(6)
    inv = tf.data.Dataset.from_tensor_slices(np.array([1, 0, 4], np.float32)).map(
        lambda x: tf.debugging.check_numerics(1 / x, 'inf'))
    return fetch_all([
        r.enumerate(start=2),
        r.apply(lambda d: d.skip(1).take(2)),
        r.take_while(lambda x: x < 3),
        inv.ignore_errors(),
        inv.apply(tf.data.experimental.ignore_errors()),
        tf.data.Dataset.zip({'a': r, 'b': r.map(lambda x: x * 10)}).enumerate(),
    ])


def interleaves():
    r = tf.data.Dataset.range(1, 4)
    rows = lambda x: tf.data.Dataset.from_tensors(x).repeat(x)  # noqa: E731
    auto = r.interleave(rows)  # cycle_length AUTOTUNE: the order depends on the cores, so only its graph
    tf.data.make_one_shot_iterator(auto).get_next()
    run = fetch_all([
        r.interleave(rows, cycle_length=2, block_length=1),
        r.interleave(rows, cycle_length=2, block_length=2),
        r.interleave(rows, cycle_length=3, num_parallel_calls=2, deterministic=True),
        r.apply(tf.data.experimental.parallel_interleave(rows, cycle_length=2)),
        r.apply(tf.data.experimental.parallel_interleave(rows, cycle_length=2, block_length=2, sloppy=None,
                                                         buffer_output_elements=3, prefetch_input_elements=1)),
    ])

    def go():
        values, specs = run()
        return values, specs + [str(auto.element_spec)]
    return go


def windows():
    r = tf.data.Dataset.range(7)
    z = tf.data.Dataset.zip((r, r.map(lambda x: x * 10)))
    win = r.window(3, shift=2)
    return fetch_all([
        win.flat_map(lambda w: w.batch(3)),
        r.window(3, shift=2, stride=2, drop_remainder=True).flat_map(lambda w: w.batch(3)),
        z.window(2).flat_map(lambda a, b: tf.data.Dataset.zip((a.batch(2), b))),
        tf.data.Dataset.zip({'x': r}).window(4).flat_map(lambda d: d['x'].batch(4)),
        r.window(2).interleave(lambda w: w.batch(2), cycle_length=2),
    ])


def windows_spec():
    r = tf.data.Dataset.range(3)
    specs = [str(r.window(2).element_spec), str(tf.data.Dataset.zip((r, {'k': r})).window(2).element_spec)]
    return lambda: (None, specs)


def reductions():
    r = tf.data.Dataset.range(1, 6)
    total = r.reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
    pair = r.map(lambda x: tf.cast(x, tf.float32)).reduce((0.0, 1.0), lambda s, x: (s[0] + x, s[1] * x))
    grown = r.reduce(tf.constant([], tf.int64), lambda s, x: tf.concat([s, [x]], 0))
    fetch = [total, pair, grown]
    scanned = r.scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s * x))
    exp_scan = r.apply(tf.data.experimental.scan(tf.constant([0], tf.int64), lambda s, x: (tf.concat([s, [x]], 0), tf.size(s))))
    nested = r.scan((0, 1.0), lambda s, x: ((s[0] + 1, s[1] * 2), {'i': s[0], 'p': s[1], 'x': x}))
    run = fetch_all([scanned, exp_scan, nested])

    def go():
        with tf.Session() as sess:
            reduced = [value_json(v) for v in sess.run(fetch)]
        values, specs = run()
        return [reduced] + values, specs + [str(grown.shape)]
    return go


def experimental():
    r = tf.data.Dataset.range(10)
    choice = tf.data.Dataset.from_tensor_slices(tf.constant([0, 1, 1, 0, 2], tf.int64))
    return fetch_all([
        r.apply(tf.data.experimental.map_and_batch(lambda x: x * 2, 4)),
        r.apply(tf.data.experimental.map_and_batch(lambda x: (x, -x), 3, num_parallel_batches=2, drop_remainder=True)),
        tf.data.experimental.choose_from_datasets([r, r.map(lambda x: x + 100), tf.data.Dataset.range(2)], choice),
        r.group_by_window(lambda x: x % 3, lambda k, w: w.batch(2).map(lambda b: (k, b)), window_size=2),
        r.apply(tf.data.experimental.group_by_window(lambda x: x % 2, lambda k, w: w.batch(5),
                                                     window_size_func=lambda k: k + 2)),
    ])


def readers():
    two = [TFRECORD, TFRECORD]
    auto = tf.data.TextLineDataset([TEXT], num_parallel_reads=tf.data.AUTOTUNE)
    tf.data.make_one_shot_iterator(auto).get_next()
    return fetch_all([
        tf.data.TFRecordDataset(two, num_parallel_reads=2).map(lambda s: tf.strings.length(s)),
        tf.data.TextLineDataset([TEXT, TEXT], num_parallel_reads=2),
        tf.data.Dataset.list_files(os.path.join(DATA, '*.t*'), shuffle=False),
        tf.data.Dataset.list_files([os.path.join(DATA, '*.bin'), os.path.join(DATA, 'lines.*')], seed=4),
    ])


def sampling():
    a = tf.data.Dataset.range(5)
    b = tf.data.Dataset.range(100, 105)
    return fetch_all([
        tf.data.experimental.sample_from_datasets([a, b], [0.3, 0.7], seed=4),
        tf.data.experimental.sample_from_datasets([a, b], seed=2, stop_on_empty_dataset=True),
        tf.data.experimental.sample_from_datasets([a, b, tf.data.Dataset.range(3)], [0.5, 0.0, 0.5], seed=1),
        tf.data.experimental.sample_from_datasets([a, b], tf.constant([1.0, 3.0], tf.float64), seed=3),
        tf.data.experimental.sample_from_datasets([a], [2.0]),
    ])


def padded():
    """padded_batch's defaults: each component's own shape padded to the longest, with 0 or ''."""
    seqs = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x))
    return fetch_all([
        tf.data.Dataset.from_tensor_slices((np.array([[1, 2], [3, 4], [5, 6]], np.int32), ['a', 'b', 'c'])).padded_batch(2),
        seqs.padded_batch(2, drop_remainder=True),
        seqs.padded_batch(2, padded_shapes=[4], padding_values=tf.constant(-1, tf.int64)),
    ])


def buckets():
    seqs = tf.data.Dataset.range(1, 8).map(lambda x: tf.fill([x], x))
    pairs = seqs.map(lambda s: {'len': tf.size(s), 'seq': s})
    length = lambda s: tf.shape(s)[0]  # noqa: E731
    return fetch_all([
        seqs.bucket_by_sequence_length(length, [3, 5], [2, 2, 3]),
        seqs.apply(tf.data.experimental.bucket_by_sequence_length(length, [4], [3, 2], no_padding=False,
                                                                  drop_remainder=True, padded_shapes=[8],
                                                                  padding_values=tf.constant(-1, tf.int64))),
        pairs.bucket_by_sequence_length(lambda d: d['len'], [3], [2, 4]),
        seqs.map(lambda s: s[:1]).bucket_by_sequence_length(length, [2], [2, 2], no_padding=True),
    ])


GRAPHS = (simple, interleaves, windows, windows_spec, reductions, experimental, readers, sampling, padded, buckets)


def errors():
    r = lambda: tf.data.Dataset.range(3)  # noqa: E731
    i32 = lambda: tf.data.Dataset.range(3, output_type=tf.int32)  # noqa: E731
    return errors_of({
        'apply_not_dataset': lambda: r().apply(lambda d: 1),
        'take_while_not_bool': lambda: r().take_while(lambda x: x),
        'scan_not_pair': lambda: r().scan(tf.constant(0, tf.int64), lambda s, x: s + x),
        'scan_types': lambda: r().scan(tf.constant(0, tf.int32), lambda s, x: (x, x)),
        'reduce_types': lambda: r().reduce(tf.constant(0, tf.int32), lambda s, x: x),
        'choose_empty': lambda: tf.data.experimental.choose_from_datasets([], r()),
        'choose_int32': lambda: tf.data.experimental.choose_from_datasets([r()], i32()),
        'choose_incompatible': lambda: tf.data.experimental.choose_from_datasets(
            [r(), tf.data.Dataset.from_tensors('a')], r()),
        'group_by_window_sizes': lambda: r().group_by_window(lambda x: x, lambda k, w: w),
        'group_by_window_not_dataset': lambda: r().group_by_window(lambda x: x, lambda k, w: k, window_size=2),
        'map_and_batch_both': lambda: tf.data.experimental.map_and_batch(
            lambda x: x, 2, num_parallel_batches=1, num_parallel_calls=2),
        'range_args': lambda: tf.data.Dataset.range(1, 2, 3, 4),
        'bucket_sizes': lambda: r().bucket_by_sequence_length(lambda x: x, [1, 2], [1, 2]),
        'sample_empty': lambda: tf.data.experimental.sample_from_datasets([]),
        'sample_weights_length': lambda: tf.data.experimental.sample_from_datasets([r(), r()], [1.0]),
        'sample_weights_shape': lambda: tf.data.experimental.sample_from_datasets([r(), r()], tf.constant([1.0, 2, 3])),
        'sample_weights_int': lambda: tf.data.experimental.sample_from_datasets([r(), r()], [1, 2]),
    })


def train_windows():
    """A linear model predicting the next value of a series from windows of 3, batched and shuffled."""
    with tf.Graph().as_default():
        series = tf.data.Dataset.range(12).map(lambda x: tf.cast(x, tf.float32) / 10)
        ds = series.window(4, shift=1, drop_remainder=True).flat_map(lambda w: w.batch(4)).map(
            lambda w: (w[:3], w[3:])).shuffle(10, seed=2).batch(3)
        xb, yb = tf.data.make_one_shot_iterator(ds).get_next()
        w = tf.Variable(tf.zeros([3, 1]), name='w')
        loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - yb))
        train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        return losses_until_end(train_op, loss, w)


def strip_data(x):
    """`x` with the data directory as `<data>`, as graph_json has it."""
    if isinstance(x, str):
        return x.replace(DATA, '<data>')
    return [strip_data(v) for v in x] if isinstance(x, list) else x


def main():
    write_data()
    out = record_graphs(GRAPHS, values=strip_data)
    out['errors'] = errors()
    out['train_windows'] = train_windows()
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
