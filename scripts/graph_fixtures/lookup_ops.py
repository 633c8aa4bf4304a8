"""TF1's lookup tables (tf.compat.v1.lookup, lookup_ops.py: the v1 tables, their initializers and the
index_table_from_* / index_to_string_table_* functions of tf.contrib.lookup) built with TF 2.21 in
graph mode, for test/lookup_ops.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), the static shapes of its fetches and what session runs of them
give for each feed, after its setup ops (tables_initializer, inserts) ran in order. The vocabulary
directory shows as '<data>' in Const values and attrs, and the random shared names of tables
without one (hash_table_<uuid4>) as 'hash_table_<uuid>'. Table exports come as [key, value] pairs
sorted by key (a hash table's order is its own). Also: a MonitoredTrainingSession's lookups (its
default init runs tables_initializer), the checkpoint a tf.train.Saver writes for mutable tables
(keys, shapes and dtypes as tf.train.load_checkpoint reads them, values as sorted pairs), and the
errors bad arguments raise while building.

Writes test/fixtures/graph_layer/lookup_ops.json and the vocabulary files under
test/fixtures/graph_layer/lookup_ops/ (words.txt, columns.txt, ids.txt).
Run: .venv-tf/bin/python scripts/graph_fixtures/lookup_ops.py
"""
import base64
import os
import re
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.ops import lookup_ops

from control_flow import feeds
from conv_layers import shapes_of
from image_ops import float32_attrs
from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'lookup_ops.json')
DATA = os.path.normpath(os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'lookup_ops'))
WORDS = os.path.join(DATA, 'words.txt')
COLUMNS = os.path.join(DATA, 'columns.txt')
IDS = os.path.join(DATA, 'ids.txt')
UUID = re.compile(r'hash_table_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')

WORD_KEYS = np.array([b'emerson', b'lake', b'king', b'palmer', b'crimson', b''])


def write_data():
    os.makedirs(DATA, exist_ok=True)
    with open(WORDS, 'w') as f:
        f.write('emerson\nlake\npalmer\n')
    with open(COLUMNS, 'w') as f:
        f.write('emerson 10 E\nlake 20 L\npalmer 30 P\n')
    with open(IDS, 'w') as f:
        f.write('42\n7\n1000\n')


def placeless(s):
    """A string as the fixture has it: the data directory as '<data>', a random table name as 'hash_table_<uuid>'."""
    return UUID.sub('hash_table_<uuid>', s.replace(DATA, '<data>'))


def graph_json(g):
    """record_all, float attrs as the float32 they hold, strings placeless (string attrs stay base64)."""
    out = record_all(g)
    out['attrs'] = float32_attrs(out['attrs'])
    for attrs in out['attrs'].values():
        for v in attrs.values():
            if 's' in v:
                v['s'] = base64.b64encode(placeless(base64.b64decode(v['s']).decode()).encode()).decode()
    for c in out['consts'].values():
        c['value'] = [placeless(v) if isinstance(v, str) else v for v in c['value']]
    return out


def fetch_json(fetched):
    """value_json of a run's fetches: a SparseTensorValue by its parts, an `export*` pair as [key, value] pairs
    sorted by key."""
    out = {}
    for k, v in fetched.items():
        if isinstance(v, tf.SparseTensorValue):
            out[k] = {'indices': value_json(v.indices), 'values': value_json(v.values),
                      'dense_shape': value_json(v.dense_shape)}
        elif k.startswith('export'):
            out[k] = sorted(value_json([[a, b] for a, b in zip(*v)]))
        else:
            out[k] = value_json(v)
    return out


def graphs(fns):
    """Each graph of `fns` recorded, then run: its setup ops in order, then its fetches on each feed."""
    recorded, values = {}, {}
    for fn in fns:
        g = tf.Graph()
        with g.as_default():
            fetch, runs, setup = fn()
            recorded[fn.__name__] = dict(graph_json(g), feeds=[value_json(f) for f in runs], shapes=shapes_of(fetch))
            with tf.Session() as sess:
                for op in setup:
                    sess.run(op)
                values[fn.__name__] = [fetch_json(sess.run(fetch, {k + ':0': v for k, v in feed.items()}))
                                       for feed in runs]
    return recorded, values


def words():
    return tf.placeholder(tf.string, [None], name='words')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name, setup ops) ----------

def from_tensor():
    w = words()
    ids = tf.placeholder(tf.int64, [None], name='ids')
    plain = lookup_ops.index_table_from_tensor(['emerson', 'lake', 'palmer'])
    oov = lookup_ops.index_table_from_tensor(tf.constant(['emerson', 'lake', 'palmer']), num_oov_buckets=3,
                                             default_value=-5, name='vocab')
    ints = lookup_ops.index_table_from_tensor([42, 7, 1000], num_oov_buckets=2, dtype=tf.int64)
    strong = lookup_ops.index_table_from_tensor(['a', 'b'], num_oov_buckets=4,
                                                hasher_spec=lookup_ops.StrongHashSpec([17, 23]))
    legacy = lookup_ops.index_table_from_tensor(['a', 'b'], num_oov_buckets=4,
                                                hasher_spec=lookup_ops.HasherSpec('legacy', None))
    out = {
        'plain': plain.lookup(w), 'oov': oov.lookup(w, name='ids_of'), 'ints': ints.lookup(ids),
        'strong': strong.lookup(w), 'legacy': legacy.lookup(w),
        'size_plain': plain.size(), 'size_oov': oov.size(name='vocab_size'),
    }
    return out, feeds(a={'words': WORD_KEYS, 'ids': [7, 42, 1000, 5, -1, 0]}), [tf.tables_initializer()]


def to_string():
    ids = tf.placeholder(tf.int64, [None], name='ids')
    names = lookup_ops.index_to_string_table_from_tensor(['emerson', 'lake', 'palmer'])
    named = lookup_ops.index_to_string_table_from_tensor(tf.constant(['x', 'y']), default_value='?', name='xy')
    out = {'names': names.lookup(ids), 'named': named.lookup(ids), 'size': named.size()}
    return out, feeds(a={'ids': [0, 2, 1, 3, -1]}, b={'ids': []}), [tf.tables_initializer(name='init_tables')]


def static_tables():
    w = words()
    sw = tf.placeholder(tf.string, [3], name='sparse_words')
    ids = tf.placeholder(tf.int64, [None, 2], name='ids')
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['emerson', 'lake', 'palmer'], [7, 8, 9]), -1)
    floats = lookup_ops.HashTable(tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2, 3], tf.int64), [0.5, 1.5, 2.5]),
                                  -1.0, name='floats')
    named = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer([10, 20], ['ten', 'twenty'], tf.int64, tf.string, name='kv'), 'none')
    sparse = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], sw, [3, 4])
    keys, values = table.export()
    out = {
        'found': table.lookup(w, name='find'), 'floats': floats.lookup(ids), 'named': named.lookup(ids),
        'sparse': table.lookup(sparse), 'size': table.size(), 'export': [keys, values],
    }
    return out, feeds(a={'words': WORD_KEYS, 'sparse_words': [b'lake', b'x', b'palmer'], 'ids': [[1, 3], [10, 20]]}), \
        [tf.tables_initializer()]


def vocabulary_tables():
    w = words()
    sw = tf.placeholder(tf.string, [2], name='sparse_words')
    n = tf.placeholder(tf.int32, [None], name='n')
    init = tf.lookup.KeyValueTensorInitializer(['emerson', 'lake', 'palmer'], tf.constant([0, 1, 2], tf.int64))
    vocab = tf.lookup.StaticVocabularyTable(init, 5)
    buckets = tf.lookup.StaticVocabularyTable(None, 3, name='only_buckets')
    ints = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([5, 6], tf.int64), tf.constant([0, 1], tf.int64)), 2,
        lookup_key_dtype=tf.int32)
    out = {
        'vocab': vocab.lookup(w), 'buckets': buckets.lookup(w), 'ints': ints.lookup(n, name='int_ids'),
        'sparse': vocab.lookup(tf.SparseTensor([[0, 1], [1, 0]], sw, [2, 2])),
        'size': vocab.size(), 'buckets_size': buckets.size(),
    }
    return out, feeds(a={'words': WORD_KEYS, 'sparse_words': [b'lake', b'tarkus'], 'n': [6, 5, 4, 0]}), \
        [tf.tables_initializer()]


def hash_buckets():
    w = words()
    n = tf.placeholder(tf.int32, [None], name='n')
    only = lookup_ops.IdTableWithHashBuckets(None, 4)
    table = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([5, 6], tf.int64), tf.constant([0, 1], tf.int64)), -1)
    ints = lookup_ops.IdTableWithHashBuckets(table, 2, key_dtype=tf.int32, name='ints/')
    no_buckets = lookup_ops.IdTableWithHashBuckets(table, 0)
    out = {'only': only.lookup(w), 'ints': ints.lookup(n), 'no_buckets': no_buckets.lookup(tf.cast(n, tf.int64)),
           'size': ints.size(), 'only_size': only.size()}
    return out, feeds(a={'words': WORD_KEYS, 'n': [6, 5, 4, 0]}), [tf.tables_initializer()]


def from_file():
    w = words()
    ids = tf.placeholder(tf.int64, [None], name='ids')
    plain = lookup_ops.index_table_from_file(WORDS)
    oov = lookup_ops.index_table_from_file(WORDS, num_oov_buckets=2, vocab_size=2, name='two')
    columns = lookup_ops.index_table_from_file(COLUMNS, key_column_index=0, value_column_index=1, delimiter=' ')
    ints = lookup_ops.index_table_from_file(IDS, num_oov_buckets=1, key_dtype=tf.int64)
    names = lookup_ops.index_to_string_table_from_file(WORDS, default_value='?')
    letters = lookup_ops.index_to_string_table_from_file(COLUMNS, vocab_size=3, key_column_index=1,
                                                         value_column_index=2, delimiter=' ', name='letters')
    offset = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        WORDS, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER,
        value_index_offset=10), -1)
    by_id = tf.lookup.StaticHashTable(lookup_ops.TextFileStringTableInitializer(WORDS, vocab_size=3), '')
    by_word = tf.lookup.StaticHashTable(lookup_ops.TextFileIdTableInitializer(WORDS, name='ids_init'), -1)
    fed = tf.lookup.StaticHashTable(lookup_ops.TextFileIdTableInitializer(tf.placeholder_with_default(WORDS, [])), -2)
    out = {
        'plain': plain.lookup(w), 'oov': oov.lookup(w), 'columns': columns.lookup(w), 'ints': ints.lookup(ids),
        'names': names.lookup(ids), 'letters': letters.lookup(ids), 'offset': offset.lookup(w),
        'by_id': by_id.lookup(ids), 'by_word': by_word.lookup(w), 'fed': fed.lookup(w), 'size': columns.size(),
    }
    return out, feeds(a={'words': WORD_KEYS, 'ids': [0, 2, 10, 30, 42, 7, 1000, 3]}), [tf.tables_initializer()]


def mutable():
    w = words()
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
    vectors = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, [-1.0, -2.0], name='vectors',
                                                      checkpoint=False)
    insert = table.insert(['emerson', 'lake', 'palmer'], tf.constant([1, 2, 3], tf.int64))
    remove = table.remove(tf.constant(['lake']))
    insert_vectors = vectors.insert(tf.constant([4, 5], tf.int64), [[0.5, 1.5], [2.5, 3.5]], name='put')
    keys, values = table.export()
    vkeys, vvalues = vectors.export(name='all')
    ids = tf.constant([5, 6], tf.int64)
    out = {
        'found': table.lookup(w), 'vectors': vectors.lookup(ids),
        'dynamic': vectors.lookup(ids, dynamic_default_values=[[9.0, 9.0], [8.0, 8.0]]),
        'size': table.size(), 'export': [keys, values], 'export_vectors': [vkeys, vvalues],
    }
    return out, feeds(a={'words': WORD_KEYS}), [tf.tables_initializer(), insert, remove, insert_vectors]


def dense():
    n = tf.placeholder(tf.int64, [None], name='n')
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, -1, empty_key=0, deleted_key=-1,
                                                  initial_num_buckets=8)
    words_table = tf.lookup.experimental.DenseHashTable(tf.string, tf.float32, [0.0, 0.0], empty_key='',
                                                        deleted_key='$', initial_num_buckets=4, name='words',
                                                        checkpoint=False)
    insert = table.insert(tf.constant([5, 6, 7], tf.int64), tf.constant([50, 60, 70], tf.int64))
    remove = table.remove(tf.constant([6], tf.int64), name='drop')
    insert_words = words_table.insert_or_assign(['a', 'b'], [[1.0, 2.0], [3.0, 4.0]])
    keys, values = table.export()
    out = {'found': table.lookup(n), 'words': words_table.lookup(['b', 'c', 'a']), 'size': table.size(),
           'export': [keys, values]}
    return out, feeds(a={'n': [5, 6, 7, 8]}), [insert, remove, insert_words]


def in_cond():
    """A table made in a cond branch: its keys, values, table op and initializer go out of the cond (init_scope)."""
    w = words()
    p = tf.placeholder(tf.bool, [], name='p')

    def branch():
        init = tf.lookup.KeyValueTensorInitializer(['emerson', 'lake'], [1, 2])
        return tf.lookup.StaticHashTable(init, -1).lookup(w)
    out = {'ids': tf.cond(p, branch, lambda: tf.zeros_like(w, tf.int32))}
    return out, feeds(t={'words': WORD_KEYS, 'p': True}, f={'words': WORD_KEYS, 'p': False}), [tf.tables_initializer()]


def with_saver():
    """Mutable tables in a variable's graph: what tf.train.Saver (plain and sharded) builds for them."""
    tf.Variable(1.5, name='v')
    tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1, name='words')
    tf.lookup.experimental.DenseHashTable(tf.int64, tf.float32, 0.0, empty_key=-1, deleted_key=-2,
                                          initial_num_buckets=4, name='counts')
    tf.train.Saver()
    tf.train.Saver(sharded=True)
    return {}, [], []


GRAPHS = [from_tensor, to_string, static_tables, vocabulary_tables, hash_buckets, from_file, mutable, dense, in_cond,
          with_saver]


# --- a MonitoredTrainingSession, a checkpoint -----------------------------------------------------------------------

def monitored():
    """A MonitoredTrainingSession's lookups: its Scaffold's default local init op runs tables_initializer."""
    with tf.Graph().as_default():
        tf.train.get_or_create_global_step()
        table = lookup_ops.index_table_from_tensor(['emerson', 'lake', 'palmer'], num_oov_buckets=1)
        out = table.lookup(tf.constant(WORD_KEYS))
        with tf.train.MonitoredTrainingSession() as sess:
            return value_json(sess.run(out))


def checkpoint():
    """A tf.train.Saver checkpoint of a variable and two mutable tables: its keys, shapes and dtypes, and the
    values (tables as [key, value] pairs sorted by key)."""
    with tf.Graph().as_default():
        v = tf.Variable(1.5, name='v')
        words_table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1, name='words')
        counts = tf.lookup.experimental.DenseHashTable(tf.int64, tf.float32, 0.0, empty_key=-1, deleted_key=-2,
                                                       initial_num_buckets=4, name='counts')
        fill = [words_table.insert(['emerson', 'lake'], tf.constant([1, 2], tf.int64)),
                counts.insert(tf.constant([3], tf.int64), [0.25])]
        saver = tf.train.Saver()
        with tf.Session() as sess, tempfile.TemporaryDirectory() as d:
            sess.run([v.initializer] + fill)
            reader = tf.train.load_checkpoint(saver.save(sess, os.path.join(d, 'model'), write_meta_graph=False))
            shapes = reader.get_variable_to_shape_map()
            dtypes = reader.get_variable_to_dtype_map()
            tensors = {k: reader.get_tensor(k) for k in shapes}
    pairs = lambda name: sorted(value_json([[a, b] for a, b in zip(tensors[name + '-keys'], tensors[name + '-values'])]))
    return {'keys': {k: {'shape': shapes[k], 'dtype': dtypes[k].name} for k in sorted(shapes)},
            'v': value_json(tensors['v']), 'words': pairs('words'), 'counts': pairs('counts')}


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def str_table():
        return tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a'], [1]), -1)

    def int_table(values=tf.int64):
        return tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
            tf.constant([1], tf.int64), tf.constant([1], values)), -1)

    def text(filename='vocab.txt', key_dtype=tf.string, key_index=-2, value_dtype=tf.int64, value_index=-1, **kw):
        return tf.lookup.TextFileInitializer(filename, key_dtype, key_index, value_dtype, value_index, **kw)

    def mutable():
        return tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)

    def dense():
        return tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, -1, empty_key=0, deleted_key=-1)

    cases = {
        'tensor_none': lambda: lookup_ops.index_table_from_tensor(None),
        'tensor_negative_oov': lambda: lookup_ops.index_table_from_tensor(['a'], num_oov_buckets=-1),
        'tensor_float_dtype': lambda: lookup_ops.index_table_from_tensor([1.0], dtype=tf.float32),
        'tensor_ints_as_strings': lambda: lookup_ops.index_table_from_tensor([1, 2]),
        'tensor_strings_as_ints': lambda: lookup_ops.index_table_from_tensor(['a'], dtype=tf.int64),
        'tensor_string_kind': lambda: lookup_ops.index_table_from_tensor(tf.constant([1.5]), dtype=tf.string),
        'file_empty': lambda: lookup_ops.index_table_from_file(''),
        'file_none': lambda: lookup_ops.index_table_from_file(None),
        'file_negative_oov': lambda: lookup_ops.index_table_from_file('vocab.txt', num_oov_buckets=-1),
        'file_vocab_size': lambda: lookup_ops.index_table_from_file('vocab.txt', vocab_size=0),
        'file_vocab_size_tensor': lambda: lookup_ops.index_table_from_file(tf.constant('v.txt'), vocab_size=-1),
        'file_float_keys': lambda: lookup_ops.index_table_from_file('vocab.txt', key_dtype=tf.float32),
        'to_string_file_empty': lambda: lookup_ops.index_to_string_table_from_file(''),
        'to_string_vocab_size': lambda: lookup_ops.index_to_string_table_from_file('vocab.txt', vocab_size=0),
        'to_string_tensor_none': lambda: lookup_ops.index_to_string_table_from_tensor(None),
        'text_empty_filename': lambda: text(''),
        'text_key_index': lambda: text(key_index=-3),
        'text_key_line_number': lambda: text(key_index=-1),
        'text_key_whole_line': lambda: text(key_dtype=tf.float32),
        'text_value_index': lambda: text(value_index=-4),
        'text_value_line_number': lambda: text(value_dtype=tf.int32),
        'text_value_whole_line': lambda: text(value_index=-2, value_dtype=tf.float64),
        'text_vocab_size': lambda: text(vocab_size=0),
        'default_not_scalar': lambda: tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(['a'], [1]), [-1, -2]),
        'lookup_key_dtype': lambda: str_table().lookup(tf.constant([1])),
        'vocabulary_no_buckets': lambda: tf.lookup.StaticVocabularyTable(None, 0),
        'vocabulary_value_dtype': lambda: tf.lookup.StaticVocabularyTable(
            tf.lookup.KeyValueTensorInitializer(['a'], [1]), 1),
        'vocabulary_key_dtype': lambda: tf.lookup.StaticVocabularyTable(
            tf.lookup.KeyValueTensorInitializer([1.5], tf.constant([1], tf.int64)), 1),
        'vocabulary_key_kind': lambda: tf.lookup.StaticVocabularyTable(
            tf.lookup.KeyValueTensorInitializer(tf.constant([1], tf.int64), tf.constant([1], tf.int64)), 1,
            lookup_key_dtype=tf.string),
        'vocabulary_lookup_dtype': lambda: tf.lookup.StaticVocabularyTable(None, 2).lookup(tf.constant([1])),
        'buckets_no_table': lambda: lookup_ops.IdTableWithHashBuckets(None, 0),
        'buckets_value_dtype': lambda: lookup_ops.IdTableWithHashBuckets(int_table(tf.int32), 1),
        'buckets_key_kind': lambda: lookup_ops.IdTableWithHashBuckets(int_table(), 1, key_dtype=tf.string),
        'buckets_float_keys': lambda: lookup_ops.IdTableWithHashBuckets(None, 1, key_dtype=tf.float32),
        'buckets_table_keys': lambda: lookup_ops.IdTableWithHashBuckets(tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(tf.constant([1]), tf.constant([1], tf.int64)), -1), 1),
        'buckets_unknown_hasher': lambda: lookup_ops.IdTableWithHashBuckets(
            None, 2, hasher_spec=lookup_ops.HasherSpec('murmur', None)).lookup(tf.constant(['a'])),
        'buckets_lookup_dtype': lambda: lookup_ops.IdTableWithHashBuckets(None, 2).lookup(tf.constant([1])),
        'strong_key_size': lambda: lookup_ops.StrongHashSpec([1]),
        'strong_key_type': lambda: lookup_ops.StrongHashSpec([1, 2.5]),
        'mutable_remove_dtype': lambda: mutable().remove(tf.constant([1])),
        'dense_remove_dtype': lambda: dense().remove(tf.constant([1])),
    }
    return errors_of(cases)


def main():
    write_data()
    recorded, values = graphs(GRAPHS)
    write_fixture({'graphs': recorded, 'values': values, 'monitored': monitored(), 'checkpoint': checkpoint(),
                   'build_errors': build_errors()}, OUT)


if __name__ == '__main__':
    main()
