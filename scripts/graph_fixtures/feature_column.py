"""TF1's feature columns (tf.compat.v1.feature_column: the v2 column classes of TF 2.21 through the v1
input_layer and linear_model) built with TF1 Python in graph mode, for test/feature_column.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), the static shapes of its fetches, the variables cols_to_vars
gives (by column name) and what session runs of its fetches give for each feed; the graphs of
vocabulary columns (lookup tables, their random names as 'hash_table_<uuid>') run after
tf.tables_initializer. Then: the parse specs make_parse_example_spec makes, short GradientDescent
trainings (a linear_model, and parsed tf.Examples through input_layer and a dense layer: the
Examples as base64) with their losses, and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/feature_column.json, and the vocabulary files and checkpoint the
graphs read under test/fixtures/graph_layer/feature_column/.
Run: .venv-tf/bin/python scripts/graph_fixtures/feature_column.py
"""
import base64
import logging
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()
tf.get_logger().setLevel(logging.ERROR)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'feature_column.json')
# The vocabulary files and the checkpoint, by their paths from the repository root (the graphs hold
# them, so the tests, run from there, use the same): main runs there.
DATA = 'test/fixtures/graph_layer/feature_column'
VOCAB_FILE = DATA + '/vocab.txt'
NUMBERS_FILE = DATA + '/numbers.txt'
CKPT = DATA + '/ckpt/model'
UUID = re.compile(r'hash_table_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')

fc = tf.feature_column


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def sparse_feed(name, indices, values, shape):
    """The feeds of a sparse_placeholder `name`."""
    return {name + '/indices': np.array(indices, np.int64), name + '/values': np.array(values),
            name + '/shape': np.array(shape, np.int64)}


def vars_json(cols_to_vars):
    """cols_to_vars by column name ('bias' as it is), the variables by name."""
    return {getattr(k, 'name', k): [v.name for v in vs] for k, vs in cols_to_vars.items()}


# --- graphs: each builds in the default graph and returns (fetches, feeds, cols_to_vars) --------

def numeric():
    """Numeric columns: a rank-1 feature expanded, a [2, 2] one normalized, an int64 one cast."""
    features = {
        'age': tf.placeholder(tf.float32, [None], name='age'),
        'vec': tf.placeholder(tf.float32, [None, 2, 2], name='vec'),
        'count': tf.placeholder(tf.int64, [None, 1], name='count'),
    }
    cols = [fc.numeric_column('age'),
            fc.numeric_column('vec', shape=[2, 2], normalizer_fn=lambda x: (x - 3.0) / 2.0),
            fc.numeric_column('count', dtype=tf.int64, default_value=0)]
    outputs, cols_to_vars = {}, {}
    out = fc.input_layer(features, cols, weight_collections=['mine'], cols_to_vars=cols_to_vars,
                         cols_to_output_tensors=outputs)
    # One column: concat of one tensor.
    single = fc.input_layer(features, cols[0])
    fetch = {'out': out, 'parts': [outputs[c] for c in cols], 'single': single}
    run = {'age': [1.0, 2.5], 'vec': np.arange(8, dtype=np.float32).reshape(2, 2, 2), 'count': [[3], [-4]]}
    return fetch, feeds(a=run), vars_json(cols_to_vars)


CATEGORICAL_FEED = dict(
    {'age': [[-1.0, 12.0], [25.0, 10.0]], 'word': [['b', ''], ['a', 'zz']], 'code': [[7, -1], [-1, -1]]},
    **sparse_feed('id', [[0, 0], [0, 2], [1, 1]], [1, 9, 5], [2, 3]),
    **sparse_feed('wt', [[0, 0], [0, 2], [1, 1]], [0.5, 2.0, -1.5], [2, 3]))


def categorical_features():
    return {
        'age': tf.placeholder(tf.float32, [None, 2], name='age'),
        'word': tf.placeholder(tf.string, [None, 2], name='word'),
        'code': tf.placeholder(tf.int32, [None, 2], name='code'),
        'id': tf.sparse_placeholder(tf.int64, [None, 3], name='id'),
        'wt': tf.sparse_placeholder(tf.float32, [None, 3], name='wt'),
    }


def categorical():
    """input_layer over bucketized, indicator and embedding columns of dense and sparse features."""
    features = categorical_features()
    ident = fc.categorical_column_with_identity('id', 6, default_value=0)
    cols = [
        fc.bucketized_column(fc.numeric_column('age', shape=2), [0.0, 10.0, 20.0]),
        fc.indicator_column(fc.categorical_column_with_hash_bucket('word', 5)),
        fc.indicator_column(ident),
        fc.embedding_column(fc.categorical_column_with_hash_bucket('code', 4, dtype=tf.int32), 3, combiner='sqrtn',
                            initializer=tf.constant_initializer(np.arange(12) / 4.0)),
        fc.embedding_column(ident, 2, combiner='sum', max_norm=1.5,
                            initializer=tf.constant_initializer(np.arange(12) - 5.0)),
        fc.indicator_column(fc.weighted_categorical_column(ident, 'wt')),
    ]
    cols_to_vars = {}
    out = fc.input_layer(features, cols, cols_to_vars=cols_to_vars, trainable=False)
    return {'out': out}, feeds(a=CATEGORICAL_FEED), vars_json(cols_to_vars)


def embeddings():
    """Embedding columns: the default (truncated normal) initializer seeded by the graph, the mean
    combiner over a weighted column, and one not trainable."""
    tf.set_random_seed(5)
    features = categorical_features()
    ident = fc.categorical_column_with_identity('id', 10)
    cols = [
        fc.embedding_column(ident, 4),
        fc.embedding_column(fc.weighted_categorical_column(ident, 'wt'), 2,
                            initializer=tf.constant_initializer(np.arange(20) * 0.5)),
        fc.embedding_column(fc.categorical_column_with_hash_bucket('word', 3), 2, trainable=False),
        # Ids of rank 2: embedding_lookup_sparse, not the safe lookup.
        fc.embedding_column(fc.bucketized_column(fc.numeric_column('age', shape=2), [0.0, 10.0]), 2, combiner='sum',
                            use_safe_embedding_lookup=False, initializer=tf.constant_initializer(np.arange(12) - 3.0)),
    ]
    out = fc.input_layer(features, cols)
    return {'out': out}, feeds(a=CATEGORICAL_FEED), {}


def crossed():
    """Crossed columns of strings, bucketized and identity columns, one nested in another."""
    features = {
        'a': tf.placeholder(tf.string, [None, 2], name='a'),
        'b': tf.sparse_placeholder(tf.string, [None, 2], name='b'),
        'n': tf.placeholder(tf.float32, [None, 1], name='n'),
        'k': tf.sparse_placeholder(tf.int64, [None, 2], name='k'),
    }
    bn = fc.bucketized_column(fc.numeric_column('n'), [0.5])
    x1 = fc.crossed_column(['a', 'b'], 10)
    x2 = fc.crossed_column([bn, 'a', fc.categorical_column_with_identity('k', 4)], 7, hash_key=123)
    x3 = fc.crossed_column([x1, bn], 13)
    cols = [fc.indicator_column(x1), fc.embedding_column(x2, 2, initializer=tf.ones_initializer()),
            fc.indicator_column(x3)]
    out = fc.input_layer(features, cols)
    run = dict({'a': [['x', 'y'], ['z', 'x']], 'n': [[0.1], [0.9]]},
               **sparse_feed('b', [[0, 0], [1, 0], [1, 1]], ['p', 'q', 'r'], [2, 2]),
               **sparse_feed('k', [[0, 1], [1, 0]], [3, 1], [2, 2]))
    return {'out': out}, feeds(a=run), {}


def shared():
    """shared_embedding_columns: one variable for both columns, in two input_layers."""
    features = {
        'a': tf.sparse_placeholder(tf.int64, [None, 2], name='a'),
        'b': tf.placeholder(tf.int64, [None, 2], name='b'),
    }
    a, b = fc.categorical_column_with_identity('a', 5), fc.categorical_column_with_identity('b', 5)
    sb, sa = fc.shared_embedding_columns([b, a], 2, combiner='sum',
                                         initializer=tf.constant_initializer(np.arange(10) * 1.0))
    named = fc.shared_embedding_columns([a, b], 3, shared_embedding_collection_name='mine',
                                        initializer=tf.ones_initializer())
    cols_to_vars = {}
    out = fc.input_layer(features, [sa, sb], cols_to_vars=cols_to_vars)
    again = fc.input_layer(features, named)
    run = dict({'b': [[2, -1], [4, 0]]}, **sparse_feed('a', [[0, 0], [0, 1], [1, 0]], [1, 3, 4], [2, 2]))
    return {'out': out, 'again': again}, feeds(a=run), vars_json(cols_to_vars)


def checkpoint():
    """Embedding tables initialized from a checkpoint (init_from_checkpoint)."""
    features = {'id': tf.sparse_placeholder(tf.int64, [None, 3], name='id')}
    ident = fc.categorical_column_with_identity('id', 4)
    cols = [fc.embedding_column(ident, 2, ckpt_to_load_from=CKPT, tensor_name_in_ckpt='table')]
    cols += fc.shared_embedding_columns([ident], 2, combiner='sqrtn', ckpt_to_load_from=CKPT, tensor_name_in_ckpt='table')
    out = fc.input_layer(features, cols)
    return {'out': out}, feeds(a=sparse_feed('id', [[0, 0], [0, 2], [1, 1]], [1, 3, 2], [2, 3])), {}


def write_checkpoint():
    """The checkpoint `checkpoint` reads: a [4, 2] variable `table`."""
    with tf.Graph().as_default():
        table = tf.Variable(np.arange(8, dtype=np.float32).reshape(4, 2) / 4.0, name='table')
        with tf.Session() as sess:
            sess.run(table.initializer)
            tf.train.Saver([table]).save(sess, CKPT, write_meta_graph=False, write_state=False)


LINEAR_FEED = dict(
    {'price': [[1.5], [-2.0]], 'age': [[5.0, 15.0], [25.0, 12.0]], 'word': [['b', ''], ['a', 'c']]},
    **sparse_feed('id', [[0, 0], [0, 2], [1, 1]], [1, 3, 2], [2, 3]),
    **sparse_feed('wt', [[0, 0], [0, 2], [1, 1]], [0.5, 2.0, 1.5], [2, 3]))


def linear_columns():
    features = {
        'price': tf.placeholder(tf.float32, [None, 1], name='price'),
        'age': tf.placeholder(tf.float32, [None, 2], name='age'),
        'word': tf.placeholder(tf.string, [None, 2], name='word'),
        'id': tf.sparse_placeholder(tf.int64, [None, 3], name='id'),
        'wt': tf.sparse_placeholder(tf.float32, [None, 3], name='wt'),
    }
    age = fc.bucketized_column(fc.numeric_column('age', shape=2), [10.0, 20.0])
    ident = fc.categorical_column_with_identity('id', 4)
    cols = [fc.numeric_column('price'), age, fc.categorical_column_with_hash_bucket('word', 6),
            fc.weighted_categorical_column(ident, 'wt'), fc.crossed_column(['word', age], 9),
            fc.embedding_column(ident, 2, initializer=tf.ones_initializer())]
    return features, cols


def linear():
    """linear_model over dense and categorical columns: units 2, the mean combiner."""
    features, cols = linear_columns()
    cols_to_vars = {}
    out = fc.linear_model(features, cols, units=2, sparse_combiner='mean', cols_to_vars=cols_to_vars)
    return {'out': out}, feeds(a=LINEAR_FEED), vars_json(cols_to_vars)


def linear_twice():
    """Two linear_models in one graph (their scopes numbered), one not trainable, in weight collections."""
    features, cols = linear_columns()
    first = fc.linear_model(features, cols[:3])
    cols_to_vars = {}
    with tf.name_scope('outer'):
        second = fc.linear_model(features, cols[1:4], units=3, weight_collections=['mine'], trainable=False,
                                 cols_to_vars=cols_to_vars, sparse_combiner='sqrtn')
    return {'first': first, 'second': second}, feeds(a=LINEAR_FEED), vars_json(cols_to_vars)


def dynamic_rank():
    """Features of unknown rank: expanded in a cond when they turn out to be vectors."""
    features = {
        'x': tf.placeholder(tf.float32, name='x'),
        'id': tf.sparse_placeholder(tf.int64, name='id'),
    }
    cols = [fc.numeric_column('x'), fc.indicator_column(fc.categorical_column_with_identity('id', 3))]
    out = fc.input_layer(features, cols)
    lin = fc.linear_model(features, cols)
    run = dict({'x': [1.0, 2.0]}, **sparse_feed('id', [[0], [1]], [2, 0], [2]))
    return {'out': out, 'lin': lin}, feeds(a=run), {}


def example(i):
    """A tf.Example: one of several feature mixes, some features missing."""
    f = tf.train.Feature
    feature = {
        'price': f(float_list=tf.train.FloatList(value=[0.5 * i - 1.0])),
        'age': f(float_list=tf.train.FloatList(value=[10.0 * i + 3.0])),
        'word': f(bytes_list=tf.train.BytesList(value=[b'abcd'[j:j + 1] for j in range(i % 3 + 1)])),
        'label': f(float_list=tf.train.FloatList(value=[float(i % 2)])),
    }
    if i % 2:
        feature['id'] = f(int64_list=tf.train.Int64List(value=[i % 4, (i + 1) % 4]))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString(deterministic=True)


EXAMPLES = [example(i) for i in range(4)]


def parse_columns():
    age = fc.bucketized_column(fc.numeric_column('age'), [15.0, 25.0])
    cols = [fc.numeric_column('price'), age,
            fc.embedding_column(fc.categorical_column_with_hash_bucket('word', 5), 3,
                                initializer=tf.truncated_normal_initializer(seed=3)),
            fc.indicator_column(fc.categorical_column_with_identity('id', 4)),
            fc.indicator_column(fc.crossed_column(['word', age], 7))]
    return cols


def parse_graph():
    cols = parse_columns()
    spec = fc.make_parse_example_spec(cols + [fc.numeric_column('label')])
    features = tf.parse_example(tf.constant(EXAMPLES, name='serialized'), spec)
    net = fc.input_layer(features, cols)
    return net, features['label']


def parsed():
    """tf.Examples parsed with make_parse_example_spec, through input_layer."""
    net, label = parse_graph()
    return {'net': net, 'label': label}, [{}], {}


GRAPHS = [numeric, categorical, embeddings, crossed, shared, checkpoint, linear, linear_twice, dynamic_rank, parsed]


# --- graphs of lookup tables: run after tf.tables_initializer ---------------------------------

def vocabulary():
    """Vocabulary list and file columns of dense and sparse, string and integer features."""
    features = {
        'word': tf.placeholder(tf.string, [None, 2], name='word'),
        'code': tf.sparse_placeholder(tf.int32, [None, 2], name='code'),
        'fword': tf.placeholder(tf.string, [None, 2], name='fword'),
        'fnum': tf.sparse_placeholder(tf.int64, [None, 2], name='fnum'),
    }
    word = fc.categorical_column_with_vocabulary_list('word', ['a', 'b', 'c'], num_oov_buckets=2)
    fword = fc.categorical_column_with_vocabulary_file('fword', VOCAB_FILE)
    cols = [
        fc.indicator_column(word),
        fc.embedding_column(fc.categorical_column_with_vocabulary_list('code', [10, 20, 30, 40], default_value=0), 2,
                            initializer=tf.constant_initializer(np.arange(8) * 1.0)),
        fc.indicator_column(fword),
        fc.indicator_column(fc.categorical_column_with_vocabulary_file('fnum', NUMBERS_FILE, dtype=tf.int64,
                                                                       num_oov_buckets=1)),
    ]
    out = fc.input_layer(features, cols)
    lin = fc.linear_model(features, [word, fword], units=2)
    run = dict({'word': [['b', 'zz'], ['a', '']], 'fword': [['y', 'q'], ['x', 'z']]},
               **sparse_feed('code', [[0, 0], [1, 0], [1, 1]], np.array([30, 10, 99], np.int32), [2, 2]),
               **sparse_feed('fnum', [[0, 1], [1, 0]], [300, 7], [2, 2]))
    return {'out': out, 'lin': lin}, feeds(a=run), {}


def placeless(record):
    """A record_all with each random table name (a HashTableV2's base64 `shared_name`) as 'hash_table_<uuid>'."""
    for attrs in record['attrs'].values():
        for v in attrs.values():
            if 's' in v:
                v['s'] = base64.b64encode(UUID.sub('hash_table_<uuid>', base64.b64decode(v['s']).decode()).encode()).decode()
    return record


def table_graphs():
    """As control_flow.graphs, the tables initialized too before the runs and the table names placeless."""
    recorded, values = control_flow.graphs([vocabulary], shapes_of,
                                           initializer=lambda: [tf.global_variables_initializer(), tf.tables_initializer()])
    return {k: placeless(v) for k, v in recorded.items()}, values


# --- trainings: (loss, train op, feeds) built in a new graph --------------------------------------

def train_linear():
    features, cols = linear_columns()
    logits = fc.linear_model(features, cols, units=1)
    label = tf.constant([[1.0], [-1.0]])
    loss = tf.losses.mean_squared_error(label, logits)
    return loss, tf.train.GradientDescentOptimizer(0.1).minimize(loss), LINEAR_FEED


def train_parsed():
    net, label = parse_graph()
    # A dense layer by hand (tf.layers needs Keras 2).
    kernel = tf.get_variable('kernel', [net.shape[1], 1], initializer=tf.glorot_uniform_initializer(seed=1))
    logits = tf.matmul(net, kernel) + tf.get_variable('bias', [1], initializer=tf.zeros_initializer())
    loss = tf.losses.mean_squared_error(label, logits)
    return loss, tf.train.GradientDescentOptimizer(0.05).minimize(loss), {}


def trainings():
    out = {}
    for fn in (train_linear, train_parsed):
        with tf.Graph().as_default():
            loss, train, feed = fn()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                feed = {k + ':0': np.asarray(v) for k, v in feed.items()}
                out[fn.__name__] = [float(sess.run([loss, train], feed)[0]) for _ in range(5)]
    return out


# --- parse specs ------------------------------------------------------------------------------

def spec_json(spec):
    def one(s):
        if isinstance(s, tf.FixedLenFeature):
            return {'kind': 'FixedLenFeature', 'shape': list(s.shape), 'dtype': s.dtype.name,
                    'default_value': s.default_value}
        return {'kind': type(s).__name__, 'dtype': s.dtype.name}
    return {k: one(v) for k, v in sorted(spec.items())}


def parse_specs():
    ident = fc.categorical_column_with_identity('id', 4)
    return {
        'parse_columns': spec_json(fc.make_parse_example_spec(parse_columns())),
        'mixed': spec_json(fc.make_parse_example_spec([
            fc.numeric_column('n', shape=[2], default_value=1.5, dtype=tf.float64),
            fc.numeric_column('m', dtype=tf.int64, default_value=[4]),
            fc.weighted_categorical_column(ident, 'w', dtype=tf.int64),
            fc.embedding_column(fc.categorical_column_with_hash_bucket('h', 3, dtype=tf.int64), 2),
            fc.crossed_column(['s', ident], 5),
        ])),
    }


# --- errors while building -------------------------------------------------------------------

def build_errors():
    num = fc.numeric_column('n')
    ident = fc.categorical_column_with_identity('id', 4)
    hashed = fc.categorical_column_with_hash_bucket('s', 5)

    def dense():
        return {'n': tf.zeros([2, 1]), 's': tf.constant([['a'], ['b']]), 'id': tf.constant([[1], [2]], tf.int64)}

    def layer(features, cols):
        """input_layer of the features `features()` makes (in the case's graph)."""
        return lambda: fc.input_layer(features(), cols)

    cases = {
        'numeric_shape_zero': lambda: fc.numeric_column('n', shape=[2, 0]),
        'numeric_shape_float': lambda: fc.numeric_column('n', shape=[1.5]),
        'numeric_dtype': lambda: fc.numeric_column('n', dtype=tf.string),
        'numeric_default_shape': lambda: fc.numeric_column('n', shape=[2], default_value=[1.5, 2.5, 3.5]),
        'numeric_default_dtype': lambda: fc.numeric_column('n', dtype=tf.int32, default_value=1.5),
        'numeric_normalizer': lambda: fc.numeric_column('n', normalizer_fn=3),
        'numeric_key': lambda: fc.numeric_column(3),
        'bucketized_source': lambda: fc.bucketized_column(hashed, [1.0]),
        'bucketized_rank': lambda: fc.bucketized_column(fc.numeric_column('n', shape=[2, 2]), [1.0]),
        'bucketized_empty': lambda: fc.bucketized_column(num, []),
        'bucketized_unsorted': lambda: fc.bucketized_column(num, [1.0, 3.0, 2.0]),
        'bucketized_equal': lambda: fc.bucketized_column(num, [1.0, 1.0]),
        'hash_size': lambda: fc.categorical_column_with_hash_bucket('s', 0),
        'hash_dtype': lambda: fc.categorical_column_with_hash_bucket('s', 3, dtype=tf.float32),
        'identity_buckets': lambda: fc.categorical_column_with_identity('id', 0),
        'identity_default': lambda: fc.categorical_column_with_identity('id', 3, default_value=3),
        'indicator_dense': lambda: fc.indicator_column(num),
        'weighted_dtype': lambda: fc.weighted_categorical_column(ident, 'w', dtype=tf.string),
        'embedding_dimension': lambda: fc.embedding_column(ident, 0),
        'embedding_ckpt': lambda: fc.embedding_column(ident, 2, ckpt_to_load_from='/tmp/x'),
        'embedding_initializer': lambda: fc.embedding_column(ident, 2, initializer=1.0),
        'crossed_size': lambda: fc.crossed_column(['a', 'b'], 0),
        'crossed_one_key': lambda: fc.crossed_column(['a'], 5),
        'crossed_hashed_key': lambda: fc.crossed_column([hashed, 'a'], 5),
        'crossed_key_type': lambda: fc.crossed_column([num, 'a'], 5),
        'shared_types': lambda: fc.shared_embedding_columns([ident, hashed], 2),
        'shared_buckets': lambda: fc.shared_embedding_columns([ident, fc.categorical_column_with_identity('j', 5)], 2),
        'shared_dimension': lambda: fc.shared_embedding_columns([ident], 0),
        'input_empty': layer(dense, []),
        'input_categorical': layer(dense, [hashed]),
        'input_not_column': layer(dense, [num, 'n']),
        'input_dict': layer(dense, {'n': num}),
        'input_duplicate': layer(dense, [num, fc.numeric_column('n')]),
        'input_missing_key': layer(lambda: {'m': tf.zeros([2, 1])}, [num]),
        'input_rank0': layer(lambda: {'n': tf.constant(1.0)}, [num]),
        'input_batch_size': layer(lambda: {'n': tf.zeros([2, 1]), 'm': tf.zeros([3, 1])}, [num, fc.numeric_column('m')]),
        'input_numeric_sparse': layer(lambda: {'n': tf.SparseTensor([[0, 0]], [1.0], [2, 1])}, [num]),
        'input_hash_float': layer(lambda: {'s': tf.zeros([2, 1])}, [fc.indicator_column(hashed)]),
        'input_hash_int': layer(lambda: {'s': tf.constant([[1]], tf.int64)}, [fc.indicator_column(hashed)]),
        'input_identity_string': layer(lambda: {'id': tf.constant([['a']])}, [fc.indicator_column(ident)]),
        'input_weight_dtype': layer(lambda: {'id': tf.constant([[1]], tf.int64), 'w': tf.constant([[1]], tf.int64)},
                                    [fc.indicator_column(fc.weighted_categorical_column(ident, 'w'))]),
        'linear_not_column': lambda: fc.linear_model(dense(), [num, 3]),
        'linear_batch_size': lambda: fc.linear_model({'n': tf.zeros([2, 1]), 'id': tf.constant([[1], [2], [3]], tf.int64)},
                                                     [num, ident]),
        'vocab_list_empty': lambda: fc.categorical_column_with_vocabulary_list('w', []),
        'vocab_list_duplicate': lambda: fc.categorical_column_with_vocabulary_list('w', ['a', 'a']),
        'vocab_list_oov_default': lambda: fc.categorical_column_with_vocabulary_list('w', ['a'], default_value=0,
                                                                                     num_oov_buckets=1),
        'vocab_list_oov_negative': lambda: fc.categorical_column_with_vocabulary_list('w', ['a'], num_oov_buckets=-1),
        'vocab_list_float': lambda: fc.categorical_column_with_vocabulary_list('w', [1.5, 2.5]),
        'vocab_list_dtype': lambda: fc.categorical_column_with_vocabulary_list('w', [1, 2], dtype=tf.string),
        'vocab_file_missing': lambda: fc.categorical_column_with_vocabulary_file('w', DATA + '/missing.txt'),
        'vocab_file_empty_name': lambda: fc.categorical_column_with_vocabulary_file('w', ''),
        'vocab_file_size': lambda: fc.categorical_column_with_vocabulary_file('w', VOCAB_FILE, vocabulary_size=0),
        'vocab_file_oov_default': lambda: fc.categorical_column_with_vocabulary_file('w', VOCAB_FILE, num_oov_buckets=1,
                                                                                     default_value=0),
        'vocab_input_dtype': layer(lambda: {'w': tf.constant([['a']])},
                                   [fc.indicator_column(fc.categorical_column_with_vocabulary_list('w', [1, 2]))]),
        'spec_not_column': lambda: fc.make_parse_example_spec([num, 'x']),
        'spec_conflict': lambda: fc.make_parse_example_spec([hashed, fc.categorical_column_with_identity('s', 3)]),
        'spec_weight_key': lambda: fc.make_parse_example_spec([fc.weighted_categorical_column(ident, 'id')]),
    }
    return errors_of(cases)


def write_data():
    os.makedirs(os.path.dirname(CKPT), exist_ok=True)
    with open(VOCAB_FILE, 'w') as f:
        f.write('x\ny\nz\n')
    # No newline after the last line: it counts all the same.
    with open(NUMBERS_FILE, 'w') as f:
        f.write('100\n200\n300')
    write_checkpoint()


def main():
    os.chdir(ROOT)
    write_data()
    recorded, values = control_flow.graphs(GRAPHS, shapes_of, lambda cols_to_vars: {'cols_to_vars': cols_to_vars})
    table_recorded, table_values = table_graphs()
    out = {'examples': [base64.b64encode(e).decode() for e in EXAMPLES], 'graphs': recorded, 'values': values,
           'table_graphs': table_recorded, 'table_values': table_values, 'parse_specs': parse_specs(),
           'trainings': trainings(), 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
