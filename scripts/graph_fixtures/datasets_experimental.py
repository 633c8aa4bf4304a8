"""TF1's tf.data.experimental (tf.compat.v1.data.experimental, graph mode) built and run with TF 2.21,
for test/datasets_experimental.test.ts to build and run the same in TypeScript: cardinality,
assert_cardinality, pad_to_cardinality, get_single_element, unique, Counter, RandomDataset, shuffle_and_repeat,
from_list, take_while/unbatch/enumerate_dataset, group_by_reducer, CsvDataset, make_csv_dataset,
table_from_dataset/index_table_from_dataset, TFRecordWriter, to_variant/from_variant,
get_structure, get_next_as_optional
and Optional, get_output_types/shapes/classes, Dataset.with_options/options (Options, ThreadingOptions).

Each graph as datasets.py records it (ops, attrs, function bodies' op types), the elements a session
gets until OutOfRangeError (or the run-time error), the element specs as Python prints them; the
errors of bad arguments; the losses of a model trained on a CSV file.

Writes test/fixtures/graph_layer/datasets_experimental.json and the CSV files under
test/fixtures/graph_layer/datasets_experimental/.
Run: .venv-tf/bin/python scripts/graph_fixtures/datasets_experimental.py
"""
import base64
import os

import numpy as np
import tensorflow.compat.v1 as tf

from datasets import graph_json, record_graphs, run_all
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'datasets_experimental.json')
DATA = os.path.normpath(os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'datasets_experimental'))
CSV = os.path.join(DATA, 'rows.csv')
HEADED = os.path.join(DATA, 'headed.csv')
WRITTEN = os.path.join(DATA, 'written.tfrecord')


def write_data():
    os.makedirs(DATA, exist_ok=True)
    with open(CSV, 'w') as f:
        f.write('1,2.5,a,10\n2,,"b,c",20\n3,-1e3,d,\n4,0.25,"e ""q""",40\n')
    with open(HEADED, 'w') as f:
        f.write('x1;x2;y\n1;0.5;3\n2;1;5\n3;-1;1\n0;2;4\n1.5;1;4.5\n')


def run_until_end(fetch, limit=None, sess=None):
    """The values of `fetch` (in `sess`, else a new session) until OutOfRangeError (at most `limit`),
    then the run-time error if another ends the run."""
    if sess is None:
        with tf.Session() as new:
            return run_until_end(fetch, limit, new)
    values = []
    try:
        while limit is None or len(values) < limit:
            values.append(value_json(sess.run(fetch)))
    except tf.errors.OutOfRangeError:
        pass
    except tf.errors.OpError as e:
        values.append(run_error(e))
    return values


def run_error(e):
    """A run-time error as its class and the kernel's message (the last line but the node's)."""
    return {'error': type(e).__name__, 'message': [l for l in e.message.split('\n') if l and l[0] != '\t'][-1]}


def fetch_all(datasets):
    """One-shot iterators' get_next of each dataset; the run gives each one's elements and the specs."""
    fetch = [tf.data.make_one_shot_iterator(ds).get_next() for ds in datasets]
    specs = [str(ds.element_spec) for ds in datasets]
    return lambda: ([run_until_end(t) for t in fetch], specs)


def fetch_tensors(tensors):
    """Tensors run once each (or their run-time error)."""
    return lambda: ([run_until_end(t, 1) for t in tensors], None)


def cardinalities():
    r = tf.data.Dataset.range(42)
    x = tf.data.experimental
    return fetch_tensors([
        x.cardinality(r), x.cardinality(r.repeat()), x.cardinality(r.filter(lambda v: v > 2)),
        x.cardinality(r.batch(5)), x.cardinality(tf.data.TextLineDataset(CSV).apply(x.assert_cardinality(4))),
        x.cardinality(r.apply(x.unique())),
    ])


def singles():
    x = tf.data.experimental
    return fetch_tensors([
        x.get_single_element(tf.data.Dataset.from_tensors((tf.constant([1, 2]), 'a'))),
        x.get_single_element(tf.data.Dataset.range(3).batch(3)),
        x.get_single_element(tf.data.Dataset.range(2)),
        x.get_single_element(tf.data.Dataset.range(0)),
        tf.data.Dataset.from_tensors({'k': 1.5}).get_single_element(),
    ])


def transformations():
    x = tf.data.experimental
    r = tf.data.Dataset.range(6)
    return fetch_all([
        tf.data.Dataset.from_tensor_slices([1, 3, 1, 2, 3, 4]).apply(x.unique()),
        tf.data.Dataset.from_tensor_slices(['a', 'b', 'a']).unique(),
        tf.data.TextLineDataset(CSV).apply(x.assert_cardinality(3)),
        r.apply(x.assert_cardinality(6)),
        r.apply(x.take_while(lambda v: v < 4)),
        r.batch(4).apply(x.unbatch()),
        r.apply(x.enumerate_dataset(start=5)),
        r.apply(x.shuffle_and_repeat(3, count=2, seed=7)),
        r.apply(x.shuffle_and_repeat(tf.constant(2, tf.int64))).take(4).map(lambda v: v * 0),
        tf.data.Dataset.zip({'a': r, 'b': r.map(lambda v: tf.fill([2], v))}).apply(x.pad_to_cardinality(8)),
        tf.data.Dataset.zip({'k': r}).take(2).apply(x.pad_to_cardinality(3, mask_key='ok')),
    ])


def sources():
    x = tf.data.experimental
    return fetch_all([
        x.Counter().take(4),
        x.Counter(start=10, step=-3, dtype=tf.int32).take(3),
        x.RandomDataset(seed=3).take(3),
        x.from_list([(1, 'a'), (2, 'b'), (3, 'c')]),
        x.from_list([np.array([1.0, 2.0]), np.array([3.0])]),
        x.from_list([{'k': [1, 2]}, {'k': [3, 4]}]),
    ])


def reducers():
    x = tf.data.experimental
    r = tf.data.Dataset.range(10)
    sums = x.Reducer(lambda k: tf.constant(0, tf.int64), lambda s, v: s + v, lambda s: s)
    means = x.Reducer(lambda k: (k, 0.0, 0.0), lambda s, v: (s[0], s[1] + tf.cast(v, tf.float32), s[2] + 1),
                      lambda k, total, n: {'key': k, 'mean': total / n})
    grown = x.Reducer(lambda k: tf.constant([], tf.int64), lambda s, v: tf.concat([s, [v]], 0), lambda s: s)
    scale = tf.constant(10, tf.int64)
    return fetch_all([
        r.apply(x.group_by_reducer(lambda v: v % 3, sums)),
        r.apply(x.group_by_reducer(lambda v: v % 2, means)),
        r.apply(x.group_by_reducer(lambda v: v // 4, grown)),
        r.apply(x.group_by_reducer(lambda v: v % 2, x.Reducer(lambda k: k * scale, lambda s, v: s + v, lambda s: s))),
    ])


def csv():
    x = tf.data.experimental
    return fetch_all([
        x.CsvDataset(CSV, [tf.int32, [0.0], tf.string, tf.constant([-1], tf.int64)]),
        x.CsvDataset([CSV, CSV], [tf.int64, tf.string], select_cols=[0, 2]),
        x.CsvDataset(CSV, [[0.0], [7]], select_cols=[1, 3], buffer_size=16),
        x.CsvDataset(HEADED, [tf.float32, tf.float32, tf.float64], header=True, field_delim=';'),
        x.CsvDataset(CSV, [tf.int32, tf.float64, tf.string, [0]], use_quote_delim=False, na_value='2.5').take(1),
        x.CsvDataset(CSV, [tf.int32, tf.float32, tf.string, tf.int64]),
    ])


def optionals():
    x = tf.data.experimental
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(2).map(lambda v: (v, tf.cast(v, tf.float32) * 2)))
    opt = x.get_next_as_optional(it)
    it2 = tf.data.make_one_shot_iterator(tf.data.Dataset.range(1))
    opt2 = it2.get_next_as_optional()
    v = tf.constant([1, 2])
    made = x.Optional.from_value((v, {'s': tf.constant('a')}))
    none = x.Optional.empty(tf.TensorSpec([], tf.int32))
    fetch = [opt.has_value(), opt.get_value(), opt2.has_value(name='has')]
    once = [made.has_value(), made.get_value(), none.has_value(), opt2.get_value(name='got')]
    none_value = none.get_value()

    def go():
        values = []
        with tf.Session() as sess:
            sess.run(it.initializer)
            for _ in range(3):
                values.append(value_json(sess.run(fetch[0])))
                try:
                    values.append(value_json(sess.run(fetch[1])))
                except tf.errors.OpError as e:
                    values.append(run_error(e))
            values.append(value_json(sess.run(once[:3])))
        values.append(run_until_end(none_value))
        return values, [str(opt.element_spec), str(made.element_spec)]
    return go


def make_csv():
    """make_csv_dataset's batches (its element specs print OrderedDicts, so none are recorded)."""
    x = tf.data.experimental
    names = ['a', 'b', 'c', 'd']
    run = fetch_all([
        x.make_csv_dataset(os.path.join(DATA, 'head*.csv'), 2, field_delim=';', num_epochs=1, shuffle=False),
        x.make_csv_dataset(HEADED, 2, field_delim=';', label_name='y', num_epochs=2, shuffle_seed=3),
        x.make_csv_dataset(CSV, 3, column_names=names, header=False, num_epochs=1, shuffle=False,
                           select_columns=['c', 0]),
        x.make_csv_dataset(CSV, 2, column_names=names, column_defaults=[tf.int32, [0.0], tf.string, [0]],
                           header=False, num_epochs=1, shuffle=False, num_parallel_reads=tf.data.AUTOTUNE,
                           label_name='d'),
        x.make_csv_dataset([HEADED, HEADED], 4, field_delim=';', shuffle=False, num_parallel_reads=2,
                           ignore_errors=True).take(3),
    ])
    return lambda: (run()[0], None)


def tables():
    """Lookup tables filled from datasets, looked up after tables_initializer."""
    x = tf.data.experimental
    words = tf.data.Dataset.from_tensor_slices(['a', 'b', 'c'])
    pairs = tf.data.Dataset.zip((words, tf.data.Dataset.range(10, 13)))
    keys = tf.constant(['c', 'a', 'z'])
    t1 = x.table_from_dataset(pairs)
    t2 = x.index_table_from_dataset(words, num_oov_buckets=2, name='vocab')
    t3 = x.index_table_from_dataset(words, vocab_size=2, default_value=-5)
    t4 = x.table_from_dataset(pairs.map(lambda k, v: (v, tf.cast(v, tf.float32) / 2)), key_dtype=tf.int64,
                              default_value=0.5)
    fetch = [t1.lookup(keys), t2.lookup(keys), t3.lookup(keys), t4.lookup(tf.constant([11, 3], tf.int64))]
    bad = x.index_table_from_dataset(words, vocab_size=5)
    init = tf.group([t.initializer for t in (t1, t2, t3, t4)])

    def go():
        with tf.Session() as sess:
            sess.run(init)
            values = value_json(sess.run(fetch))
            try:
                sess.run(bad.initializer)
            except tf.errors.OpError as e:
                values.append(run_error(e))
        return values, None
    return go


def variants():
    """TFRecordWriter (its file read back), to_variant/from_variant, get_structure."""
    x = tf.data.experimental
    r = tf.data.Dataset.range(3)
    write = x.TFRecordWriter(WRITTEN).write(r.map(lambda v: tf.strings.as_string(v * 7)))
    gz = x.TFRecordWriter(tf.constant(WRITTEN + '.gz'), 'GZIP').write(tf.data.Dataset.from_tensor_slices(['p', 'q']))
    back = tf.data.make_initializable_iterator(tf.data.TFRecordDataset(WRITTEN))
    back_gz = tf.data.make_initializable_iterator(tf.data.TFRecordDataset(WRITTEN + '.gz', 'GZIP'))
    def pair(v):
        return v, -v
    again = x.from_variant(x.to_variant(r.map(pair)), x.get_structure(r.map(pair)))
    fetch = [tf.data.make_one_shot_iterator(again.batch(3)).get_next(), back.get_next(), back_gz.get_next()]

    def go():
        with tf.Session() as sess:
            sess.run([write, gz])
        values = [run_until_end(fetch[0]), run_all(fetch[1], back.initializer), run_all(fetch[2], back_gz.initializer)]
        return values, [str(x.get_structure(again)), str(x.get_structure(back))]
    return go


def output_info():
    r = tf.data.Dataset.range(3)
    ds = tf.data.Dataset.zip((r, {'w': r.window(2), 's': r.map(lambda v: tf.fill([v], 'a'))}))
    it = tf.data.make_initializable_iterator(ds)
    out = [tf.data.get_output_types(ds), tf.data.get_output_shapes(it), tf.data.get_output_classes(ds)]
    return lambda: (None, [str(o) for o in out])


def options():
    o = tf.data.Options()
    o.deterministic = False
    o.threading.private_threadpool_size = 2
    o2 = tf.data.Options()
    o2.experimental_slack = True
    o2.threading.max_intra_op_parallelism = 1
    o2.deterministic = True
    o3 = tf.data.Options()
    o3.experimental_external_state_policy = tf.data.experimental.ExternalStatePolicy.IGNORE
    o3.threading.private_threadpool_size = 300
    o4 = tf.data.Options()
    o4.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    o4.experimental_distribute.num_devices = 2
    o4.experimental_optimization.map_parallelization = False
    o4.experimental_optimization.inject_prefetch = True
    o4.experimental_optimization.seq_interleave_prefetch = False
    o4.autotune.enabled = True
    o4.autotune.ram_budget = 3 << 30
    o4.autotune.autotune_algorithm = tf.data.experimental.AutotuneAlgorithm.STAGE_BASED
    o4.experimental_warm_start = True
    r = tf.data.Dataset.range(4)
    a = r.with_options(o).map(lambda v: v * 2)
    b = a.with_options(o2)
    c = tf.data.Dataset.zip((a, r.with_options(o3)))
    d = r.with_options(tf.data.Options())
    e = b.with_options(o4)
    datasets = [a, b, c, d, e]
    run = fetch_all(datasets)

    def of(ds):
        opts = ds.options()
        policy = opts.experimental_external_state_policy
        algorithm = opts.autotune.autotune_algorithm
        return [opts.deterministic, opts.experimental_slack, opts.threading.private_threadpool_size,
                opts.threading.max_intra_op_parallelism, None if policy is None else policy.value,
                opts.experimental_distribute.auto_shard_policy.value, opts.experimental_optimization.map_parallelization,
                opts.experimental_optimization.inject_prefetch, opts.autotune.ram_budget,
                None if algorithm is None else algorithm.value, opts.experimental_warm_start]

    def go():
        values, specs = run()
        return values, specs + [of(ds) for ds in datasets]
    return go


GRAPHS = (cardinalities, singles, transformations, sources, reducers, csv, make_csv, tables, variants, optionals,
          output_info, options)


def errors():
    x = tf.data.experimental
    r = lambda: tf.data.Dataset.range(3)  # noqa: E731
    return errors_of({
        'unique_float': lambda: tf.data.Dataset.from_tensors(1.0).apply(x.unique()),
        'single_not_dataset': lambda: x.get_single_element([1]),
        'from_list_empty': lambda: x.from_list([]),
        'from_list_structure': lambda: x.from_list([(1, 2), (3,)]),
        'from_list_nesting': lambda: x.from_list([(1, (2,)), (3, 4)]),
        'from_list_keys': lambda: x.from_list([{'a': 1}, {'b': 1}]),
        'from_list_kinds': lambda: x.from_list([(1, 2), {'a': 1}]),
        'reducer_key_shape': lambda: r().apply(x.group_by_reducer(lambda v: tf.stack([v, v]), x.Reducer(
            lambda k: k, lambda s, v: s, lambda s: s))),
        'reducer_key_type': lambda: r().apply(x.group_by_reducer(lambda v: tf.cast(v, tf.int32), x.Reducer(
            lambda k: k, lambda s, v: s, lambda s: s))),
        'reducer_state_types': lambda: r().apply(x.group_by_reducer(lambda v: v, x.Reducer(
            lambda k: k, lambda s, v: tf.cast(s, tf.float32), lambda s: s))),
        'csv_bad_default': lambda: x.CsvDataset(CSV, [tf.bool]),
        'writer_not_dataset': lambda: x.TFRecordWriter(WRITTEN).write([1]),
        'writer_not_strings': lambda: x.TFRecordWriter(WRITTEN).write(r().batch(2)),
        'structure_not_dataset': lambda: x.get_structure(1),
        'debug_mode': lambda: x.enable_debug_mode(),
        'pad_not_dict': lambda: r().apply(x.pad_to_cardinality(5)),
        'table_components': lambda: x.table_from_dataset(r()),
        'table_rank': lambda: x.table_from_dataset(tf.data.Dataset.from_tensors(([1], 2))),
        'table_default': lambda: x.table_from_dataset(tf.data.Dataset.from_tensors(('a', 'b'))),
        'table_oov': lambda: x.index_table_from_dataset(r().map(lambda v: tf.as_string(v)), num_oov_buckets=-1),
        'table_vocab': lambda: x.index_table_from_dataset(r().map(lambda v: tf.as_string(v)), vocab_size=0),
        'table_key_dtype': lambda: x.index_table_from_dataset(r(), key_dtype=tf.float32),
        'make_csv_no_files': lambda: x.make_csv_dataset(os.path.join(DATA, '*.none'), 2),
        'make_csv_no_names': lambda: x.make_csv_dataset(CSV, 2, header=False),
        'make_csv_duplicates': lambda: x.make_csv_dataset(CSV, 2, column_names=['a', 'b', 'a', 'c'], header=False),
        'make_csv_label': lambda: x.make_csv_dataset(HEADED, 2, field_delim=';', label_name='z'),
        'make_csv_headers': lambda: x.make_csv_dataset([HEADED, CSV], 2),
        'make_csv_select_index': lambda: x.make_csv_dataset(HEADED, 2, field_delim=';', select_columns=[5]),
        'make_csv_select_name': lambda: x.make_csv_dataset(HEADED, 2, field_delim=';', select_columns=['q']),
        'make_csv_select_twice': lambda: x.make_csv_dataset(HEADED, 2, field_delim=';', select_columns=[0, 'x1']),
        'make_csv_fields': lambda: x.make_csv_dataset(CSV, 2, column_names=['a', 'b', 'c'], header=False),
    })


def train_csv():
    """A linear model of y from (x1, x2) of a CSV file with a header, shuffled and repeated, in batches of 2."""
    with tf.Graph().as_default():
        ds = tf.data.experimental.CsvDataset(HEADED, [tf.float32, tf.float32, tf.float32], header=True, field_delim=';')
        ds = ds.map(lambda a, b, y: (tf.stack([a, b]), y)).apply(
            tf.data.experimental.shuffle_and_repeat(5, count=3, seed=1)).batch(2)
        xb, yb = tf.data.make_one_shot_iterator(ds).get_next()
        w = tf.Variable(tf.zeros([2]), name='w')
        b = tf.Variable(0.0, name='b')
        loss = tf.reduce_mean(tf.square(tf.reduce_sum(xb * w, 1) + b - yb))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [v[1] for v in run_until_end([train_op, loss], sess=sess)]
            return {'losses': losses, 'w': value_json(sess.run(w)), 'b': value_json(sess.run(b))}


def strip_data(x):
    """`x` with this script's data directory as `<data>` (graph_json has it as datasets.py's `<data>`, then
    `_experimental`)."""
    if isinstance(x, str):
        return x.replace(DATA, '<data>').replace('<data>_experimental', '<data>')
    if isinstance(x, list):
        return [strip_data(v) for v in x]
    if isinstance(x, dict):
        return {k: strip_data(v) for k, v in x.items()}
    return x


def without_table_names(graph):
    """`graph` (graph_json's) with the tables' random shared names (hash_table_<uuid4>) as 'hash_table_<uuid>'."""
    for attrs in graph['attrs'].values():
        name = attrs.get('shared_name', {}).get('s')
        if name and base64.b64decode(name).startswith(b'hash_table_'):
            attrs['shared_name'] = 'hash_table_<uuid>'
    return graph


def main():
    write_data()
    out = record_graphs(GRAPHS, record=lambda g: without_table_names(graph_json(g)))
    out['errors'] = errors()
    out['train_csv'] = train_csv()
    write_fixture(strip_data(out), OUT, compact=True)


if __name__ == '__main__':
    main()
