"""TF1's sequence feature columns (tf.compat.v1.feature_column.sequence_*), the v1 metric aliases
sparse_precision_at_k / sparse_average_precision_at_k, tf.compat.v1.summary.audio and
get_summary_description, and the v1 saved_model helpers (simple_save, signature defs, main_op),
built with TF 2.21 in graph mode, for test/columns_metrics_more.test.ts.

Sequence columns have no v1 input layer in TF 2.21 (tf.contrib's sequence_input_layer is gone, Keras'
SequenceFeatures is Keras'): TF1 graph code reads them through the columns themselves, an embedding
or indicator column's `_get_sequence_dense_tensor(_LazyBuilder(features))` (variables in the caller's
variable scope) and a sequence numeric column's `get_sequence_dense_tensor` (v2 only). Each graph: its
ops as io_ops.py records them, the static shapes of its fetches and the values of runs on its feeds
(the tables initialized, random table names as 'hash_table_<uuid>'). The metrics: graphs and streamed
values as metrics.py records them. Then the audio summary's graph and serialized Summary, the signature
defs, simple_save's SavedModel (tags, signatures, collections, node names), and build errors.

Writes test/fixtures/graph_layer/columns_metrics_more.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/columns_metrics_more.py
"""
import base64
import os
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import text_format
from tensorflow.python.feature_column import feature_column as fc_old
from tensorflow.python.feature_column import feature_column_v2 as fc2

import control_flow
import metrics
from control_flow import feeds
from feature_column import NUMBERS_FILE, VOCAB_FILE, placeless, shapes_of, sparse_feed, spec_json
from io_ops import errors_of, record_all, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'columns_metrics_more.json')
fc = tf.feature_column


def pair(p):
    return [p.dense_tensor, p.sequence_length]


# --- sequence columns: each graph returns (fetches, feeds) -------------------------------------

def seq_identity():
    """Identity ids through an embedding and an indicator column (one builder: the ids transformed once);
    the last example empty (its length padded with 0)."""
    features = {'ids': tf.sparse_placeholder(tf.int64, [None, None], name='ids'),
                'dflt': tf.sparse_placeholder(tf.int64, [None, None], name='dflt')}
    ids = fc.sequence_categorical_column_with_identity('ids', 5)
    dflt = fc.sequence_categorical_column_with_identity('dflt', 3, default_value=0)
    builder = fc_old._LazyBuilder(features)
    with tf.variable_scope('emb'):
        emb = fc.embedding_column(ids, 3, initializer=tf.constant_initializer(np.arange(15) / 10.0))
        e = emb._get_sequence_dense_tensor(builder)
    ind = fc.indicator_column(ids)._get_sequence_dense_tensor(builder)
    with tf.variable_scope('sum'):
        d = fc.embedding_column(dflt, 2, combiner='sum', initializer=tf.ones_initializer())._get_sequence_dense_tensor(
            builder)
    run = dict(**sparse_feed('ids', [[0, 0], [0, 1], [1, 0]], [1, 4, 3], [3, 2]),
               **sparse_feed('dflt', [[0, 0], [1, 0], [1, 1], [1, 2]], [2, 7, 1, -1], [2, 3]))
    return {'emb': pair(e), 'ind': pair(ind), 'dflt': pair(d)}, feeds(a=run)


def seq_hash():
    """Hashed strings: a dense feature (its '' dropped) and a 3-D sparse one (ids reshaped to [batch, steps, n])."""
    features = {'tok': tf.placeholder(tf.string, [None, 3], name='tok'),
                'multi': tf.sparse_placeholder(tf.string, [None, None, None], name='multi')}
    tok = fc.sequence_categorical_column_with_hash_bucket('tok', 7)
    multi = fc.sequence_categorical_column_with_hash_bucket('multi', 4)
    builder = fc_old._LazyBuilder(features)
    ind = fc.indicator_column(tok)._get_sequence_dense_tensor(builder)
    with tf.variable_scope('m'):
        m = fc.embedding_column(multi, 2, initializer=tf.constant_initializer(np.arange(8) - 2.0))
        me = m._get_sequence_dense_tensor(builder)
    run = dict(tok=np.array([[b'a', b'b', b''], [b'c', b'', b'']]),
               **sparse_feed('multi', [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]], [b'x', b'y', b'z', b'x'], [2, 2, 2]))
    return {'ind': pair(ind), 'multi': pair(me)}, feeds(a=run)


def seq_numeric():
    """Sequence numeric columns (get_sequence_dense_tensor): a scalar per step, a [2] vector per step padded with
    its default value, an int feature normalized."""
    features = {'temp': tf.sparse_placeholder(tf.float32, [None, None], name='temp'),
                'vec': tf.sparse_placeholder(tf.float32, [None, None], name='vec'),
                'cnt': tf.sparse_placeholder(tf.int64, [None, None], name='cnt')}
    cache = fc2.FeatureTransformationCache(features)
    temp = fc.sequence_numeric_column('temp')
    vec = fc.sequence_numeric_column('vec', shape=[2], default_value=-1.0)
    cnt = fc.sequence_numeric_column('cnt', dtype=tf.int64, default_value=0,
                                     normalizer_fn=lambda sp: tf.SparseTensor(sp.indices, sp.values * 2, sp.dense_shape))
    out = {k: pair(c.get_sequence_dense_tensor(cache, None)) for k, c in (('temp', temp), ('vec', vec), ('cnt', cnt))}
    run = dict(**sparse_feed('temp', [[0, 0], [0, 1], [1, 0]], np.float32([1.5, 2.5, 3.5]), [3, 2]),
               **sparse_feed('vec', [[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1]], np.float32([1, 2, 3, 4, 5, 6]),
                             [2, 4]),
               **sparse_feed('cnt', [[0, 0], [1, 0], [1, 1]], [3, 4, 5], [2, 2]))
    return out, feeds(a=run)


def seq_vocabulary():
    """Vocabulary columns (list and file, strings and ints) as sequences, through indicator columns."""
    features = {'w': tf.sparse_placeholder(tf.string, [None, None], name='w'),
                'n': tf.sparse_placeholder(tf.int64, [None, None], name='n'),
                'f': tf.sparse_placeholder(tf.string, [None, None], name='f')}
    builder = fc_old._LazyBuilder(features)
    cols = {
        'w': fc.sequence_categorical_column_with_vocabulary_list('w', ['a', 'b', 'c'], num_oov_buckets=2),
        'n': fc.sequence_categorical_column_with_vocabulary_file('n', NUMBERS_FILE, dtype=tf.int64, default_value=0),
        'f': fc.sequence_categorical_column_with_vocabulary_file('f', VOCAB_FILE, vocabulary_size=2, num_oov_buckets=1),
    }
    out = {k: pair(fc.indicator_column(c)._get_sequence_dense_tensor(builder)) for k, c in cols.items()}
    run = dict(**sparse_feed('w', [[0, 0], [0, 1], [1, 0]], [b'b', b'q', b'c'], [2, 2]),
               **sparse_feed('n', [[0, 0], [1, 0], [1, 1]], [200, 100, 9], [2, 2]),
               **sparse_feed('f', [[0, 0], [0, 1], [1, 0]], [b'z', b'y', b'x'], [2, 2]))
    return out, feeds(a=run)


def sequence_graphs():
    recorded, values = control_flow.graphs([seq_identity, seq_hash, seq_numeric], shapes_of)
    tables, table_values = control_flow.graphs(
        [seq_vocabulary], shapes_of, initializer=lambda: tf.group(tf.global_variables_initializer(),
                                                                 tf.tables_initializer()))
    recorded['seq_vocabulary'] = placeless(tables['seq_vocabulary'])
    values.update(table_values)
    return recorded, values


def parse_specs():
    return spec_json(fc.make_parse_example_spec([
        fc.embedding_column(fc.sequence_categorical_column_with_identity('ids', 5), 2),
        fc.indicator_column(fc.sequence_categorical_column_with_hash_bucket('tok', 3, dtype=tf.int32))]))


def training():
    """A sequence embedding trained by GradientDescent(0.1): each step's summed embedding fitted to a target where
    the example has the step (tf.sequence_mask of the lengths); the losses of 5 steps and the table after."""
    with tf.Graph().as_default():
        ids = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [2, 0], [2, 1]], tf.constant([1, 3, 2, 0, 3, 3], tf.int64),
                              [3, 3])
        col = fc.sequence_categorical_column_with_identity('ids', 4)
        with tf.variable_scope('seq'):
            emb = fc.embedding_column(col, 2, initializer=tf.constant_initializer(np.arange(8) * 0.1))
            dense, length = emb._get_sequence_dense_tensor(fc_old._LazyBuilder({'ids': ids}))
        mask = tf.sequence_mask(length, 3, dtype=tf.float32)
        target = tf.constant([[1.0, -1.0, 0.5], [2.0, 0.0, 0.0], [0.5, 1.5, 0.0]])
        loss = tf.reduce_sum(tf.square(tf.reduce_sum(dense, -1) - target) * mask)
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(5)]
            return {'losses': losses, 'table': sess.run(tf.global_variables()[0]).tolist()}


# --- metrics -----------------------------------------------------------------------------------

def sparse_at_k_graph():
    """The v1 names of precision_at_k and average_precision_at_k: the same graphs, streamed."""
    labels = tf.placeholder(tf.int64, [None], 'labels')
    sl = tf.sparse_placeholder(tf.int64, [None, None], 'sl')
    logits = tf.placeholder(tf.float32, [None, 4], 'logits')
    w = tf.placeholder(tf.float32, [None], 'w')
    out = {
        'precision': tf.metrics.sparse_precision_at_k(labels, logits, 2),
        'precision_class': tf.metrics.sparse_precision_at_k(sl, logits, 1, class_id=2, weights=w, name='pc'),
        'ap': tf.metrics.sparse_average_precision_at_k(labels, logits, 2, metrics_collections=['my_metrics']),
        'ap_sparse': tf.metrics.sparse_average_precision_at_k(sl, logits, 3, weights=w),
    }
    rng = np.random.RandomState(3)
    batches = []
    for n in (3, 4):
        rows = [sorted(rng.permutation(4)[:rng.randint(1, 3)].tolist()) for _ in range(n)]
        indices = [[i, j] for i, r in enumerate(rows) for j in range(len(r))]
        batches.append({'labels': rng.randint(0, 4, n).astype(np.int64),
                        'sl/indices': np.array(indices, np.int64), 'sl/values': np.array(sum(rows, []), np.int64),
                        'sl/shape': np.array([n, max(map(len, rows))], np.int64),
                        'logits': np.round(rng.uniform(-1, 1, (n, 4)), 2).astype(np.float32),
                        'w': np.float32(rng.randint(0, 3, n) * 0.5)})
    return out, batches


def metric_graphs():
    metrics.GRAPHS = [sparse_at_k_graph]
    return metrics.graphs()


# --- summary -----------------------------------------------------------------------------------

def audio():
    """tf.summary.audio of [batch, frames] and [batch, frames, channels] clips; a tensor sample rate; the
    serialized Summary each gives."""
    g = tf.Graph()
    with g.as_default():
        clip = tf.placeholder(tf.float32, [None, 8], 'clip')
        stereo = tf.placeholder(tf.float32, [None, 4, 2], 'stereo')
        rate = tf.placeholder(tf.float32, [], 'rate')
        fetch = {'mono': tf.summary.audio('sound', clip, 8000.0),
                 'stereo': tf.summary.audio('st', stereo, rate, max_outputs=1, family='fam', collections=['mine'])}
        run = {'clip': np.float32(np.linspace(-1, 1, 16).reshape(2, 8)),
               'stereo': np.float32(np.linspace(-0.5, 0.5, 16).reshape(2, 4, 2)), 'rate': np.float32(16000)}
        record = record_all(g)
        with tf.Session() as sess:
            out = sess.run(fetch, {k + ':0': v for k, v in run.items()})
    summary = tf.summary.Summary.FromString(out['mono'])
    return dict(record, feed={k: v.tolist() for k, v in run.items()},
                values={k: base64.b64encode(v).decode() for k, v in out.items()},
                mono_tags=[v.tag for v in summary.value])


def summary_description():
    """get_summary_description of a TensorSummary node's `description`."""
    g = tf.Graph()
    with g.as_default():
        op = tf.raw_ops.TensorSummary(tensor=tf.constant(1.0), description='{"typeHint": "scalar"}', name='ts')
    return text_format.MessageToString(tf.summary.get_summary_description(op.op.node_def))


# --- saved_model -------------------------------------------------------------------------------

def signatures():
    g = tf.Graph()
    with g.as_default():
        ex = tf.placeholder(tf.string, [None], 'ex')
        cls = tf.placeholder(tf.string, [None, 2], 'cls')
        scores = tf.placeholder(tf.float32, [None, 2], 'scores')
        pred = tf.placeholder(tf.float32, [None, 1], 'pred')
        sm = tf.saved_model
        defs = {'classify': sm.classification_signature_def(ex, cls, scores),
                'classify_scores': sm.classification_signature_def(ex, None, scores),
                'regress': sm.regression_signature_def(ex, pred)}
        out = {k: text_format.MessageToString(v) for k, v in defs.items()}
        predict = sm.predict_signature_def({'x': scores}, {'y': pred})
        out['valid'] = {k: sm.is_valid_signature(v) for k, v in dict(defs, predict=predict).items()}
        bad = sm.build_signature_def({'x': sm.build_tensor_info(scores)}, {'y': sm.build_tensor_info(pred)},
                                    sm.CLASSIFY_METHOD_NAME)
        out['valid']['bad_classify'] = sm.is_valid_signature(bad)
        out['tensor_from_info'] = sm.get_tensor_from_tensor_info(sm.build_tensor_info(scores)).name
    return out


def main_op_graph():
    g = tf.Graph()
    with g.as_default():
        tf.Variable(1.0, name='v')
        tf.saved_model.main_op_with_restore(tf.no_op(name='restore'))
        return record_all(g)


def saved_model_summary(d):
    from tensorflow.core.protobuf import saved_model_pb2
    sm = saved_model_pb2.SavedModel()
    with open(os.path.join(d, 'saved_model.pb'), 'rb') as f:
        sm.ParseFromString(f.read())
    meta = sm.meta_graphs[0]
    return {'tags': list(meta.meta_info_def.tags),
            'signatures': {k: text_format.MessageToString(v) for k, v in meta.signature_def.items()},
            'collections': sorted(meta.collection_def.keys()), 'nodes': [n.name for n in meta.graph_def.node],
            'saver': [meta.saver_def.filename_tensor_name, meta.saver_def.save_tensor_name,
                      meta.saver_def.restore_op_name, meta.saver_def.sharded]}


def simple_save_model():
    d = os.path.join(tempfile.mkdtemp(), 'm')
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], 'x')
        w = tf.Variable([[1.0], [2.0]], name='w')
        y = tf.matmul(x, w, name='y')
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, d, {'x': x}, {'y': y})
    try:
        return dict(saved_model_summary(d), contains=tf.saved_model.contains_saved_model(d),
                    maybe=tf.saved_model.maybe_saved_model_directory(d),
                    empty=tf.saved_model.contains_saved_model(os.path.dirname(d)),
                    files=sorted(os.listdir(d)), variables=sorted(os.listdir(os.path.join(d, 'variables'))))
    finally:
        shutil.rmtree(os.path.dirname(d))


# --- errors while building ---------------------------------------------------------------------

def build_errors():
    ids = fc.sequence_categorical_column_with_identity('ids', 4)
    plain = fc.categorical_column_with_identity('p', 4)

    def features():
        return {'ids': tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 2]),
                'p': tf.constant([[1]], tf.int64), 'temp': tf.SparseTensor([[0, 0]], [1.0], [1, 2])}

    def seq_dense(col):
        return lambda: col._get_sequence_dense_tensor(fc_old._LazyBuilder(features()))

    x = tf.placeholder(tf.string, [None])
    y = tf.placeholder(tf.float32, [None, 2])
    sm = tf.saved_model
    cases = {
        'seq_numeric_dtype': lambda: fc.sequence_numeric_column('t', dtype=tf.string),
        'seq_numeric_shape': lambda: fc.sequence_numeric_column('t', shape=[0]),
        'seq_numeric_shape_float': lambda: fc.sequence_numeric_column('t', shape=[1.5]),
        'seq_numeric_normalizer': lambda: fc.sequence_numeric_column('t', normalizer_fn=3),
        'seq_identity_buckets': lambda: fc.sequence_categorical_column_with_identity('ids', 0),
        'seq_hash_dtype': lambda: fc.sequence_categorical_column_with_hash_bucket('s', 3, dtype=tf.float32),
        'seq_vocab_empty': lambda: fc.sequence_categorical_column_with_vocabulary_list('w', []),
        'seq_vocab_file_size': lambda: fc.sequence_categorical_column_with_vocabulary_file('w', VOCAB_FILE,
                                                                                           vocabulary_size=0),
        'input_layer_seq_embedding': lambda: fc.input_layer(features(), [fc.embedding_column(ids, 2)]),
        'input_layer_seq_indicator': lambda: fc.input_layer(features(), [fc.indicator_column(ids)]),
        'input_layer_seq_numeric': lambda: fc.input_layer(features(), [fc.sequence_numeric_column('temp')]),
        'parse_spec_seq_numeric': lambda: fc.make_parse_example_spec([fc.sequence_numeric_column('temp')]),
        'seq_dense_of_plain_embedding': seq_dense(fc.embedding_column(plain, 2)),
        'seq_dense_of_plain_indicator': seq_dense(fc.indicator_column(plain)),
        'classify_no_outputs': lambda: sm.classification_signature_def(x, None, None),
        'classify_examples': lambda: sm.classification_signature_def(y, None, y),
        'classify_classes': lambda: sm.classification_signature_def(x, y, None),
        'classify_scores': lambda: sm.classification_signature_def(x, None, x),
        'regress_examples': lambda: sm.regression_signature_def(None, y),
        'regress_examples_dtype': lambda: sm.regression_signature_def(y, y),
        'regress_predictions': lambda: sm.regression_signature_def(x, None),
        'regress_predictions_dtype': lambda: sm.regression_signature_def(x, x),
        'main_op_with_restore_name': lambda: sm.main_op_with_restore('save/restore_all'),
        'summary_description_op': lambda: tf.summary.get_summary_description(
            tf.summary.tensor_summary('t', tf.constant(1.0)).op.node_def),
    }
    return errors_of(cases)


def main():
    os.chdir(ROOT)
    recorded, values = sequence_graphs()
    metric_recorded, metric_values = metric_graphs()
    out = {'graphs': recorded, 'values': values, 'parse_spec': parse_specs(), 'training': training(),
           'metric_graphs': metric_recorded, 'metric_values': metric_values,
           'audio': audio(), 'summary_description': summary_description(), 'signatures': signatures(),
           'main_op': main_op_graph(), 'simple_save': simple_save_model(), 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
