"""TF1's SparseTensors, sparse ops, VarLenFeature and SparseFeature parsing and sparse embedding
lookups, built with TF1 Python, for test/sparse_ops.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values), the static dense shapes of its SparseTensors, and what a session run of its
fetches gives (a SparseTensorValue as indices, values and dense_shape). Then: gradients through
the sparse ops (their values, the errors of those TF gives none, and the ops the sparse gradient
functions add), a model on sparse features trained for a few steps, the serialized Examples the
SparseFeatures parse, and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/sparse_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/sparse_ops.py (after io_ops.py, whose Examples it parses)
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from io_ops import errors_of, example, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'sparse_ops.json')

SV = tf.SparseTensorValue


def static(shape):
    return None if shape.ndims is None else shape.as_list()


def run_json(v):
    if isinstance(v, SV):
        return {'indices': value_json(v.indices), 'values': value_json(v.values),
                'dense_shape': value_json(v.dense_shape)}
    if isinstance(v, (list, tuple)):
        return [run_json(x) for x in v]
    if isinstance(v, dict):
        return {k: run_json(x) for k, x in sorted(v.items())}
    return value_json(v)


def shapes_of(fetch):
    out = {}
    for k, v in fetch.items():
        if isinstance(v, tf.SparseTensor):
            out[k] = static(v.shape)
        elif isinstance(v, (list, tuple)) and all(isinstance(x, tf.SparseTensor) for x in v):
            out[k] = [static(x.shape) for x in v]
    return out


# --- graphs: each builds in the default graph and returns (fetches, feeds) ---------------------

def placeholders():
    a = tf.sparse_placeholder(tf.float32, [3, 4], name='sp')
    b = tf.sparse_placeholder(tf.int64)
    c = tf.sparse.placeholder(tf.string, [None, 2])
    d = tf.sparse_placeholder(tf.float32, [2, -1], name='d')
    # A sum's dense shape is a Const where broadcasting tells every dimension: here (3, ?) + (3, 4).
    partial = tf.sparse_add(tf.sparse_placeholder(tf.float32, [3, None]), a)
    fetch = {'dense': tf.sparse_tensor_to_dense(a), 'sum': tf.sparse_reduce_sum(a, axis=1), 'a': a, 'b': b, 'c': c}
    feed = {a: SV([[0, 1], [2, 3]], [5.0, 7.0], [3, 4]), b: SV([[1], [4]], [10, -3], [6]),
            c: ([[0, 1]], [b'x'], [1, 2])}
    return fetch, feed, {'d': static(d.shape), 'partial': [static(partial.shape), partial.dense_shape.op.type]}


def st():
    return tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])


def st2():
    return tf.SparseTensor(indices=[[0, 1], [1, 2], [2, 0]], values=[3.0, 4.0, 5.0], dense_shape=[3, 4])


def constants():
    a, b = st(), st2()
    dense = tf.constant([[0.0, 1.5], [0.0, 0.0], [-2.0, 0.0]])
    fill, empty = tf.sparse_fill_empty_rows(a, -1.0)
    fetch = {
        'a': a, 'from_dense': tf.sparse.from_dense(dense),
        'to_dense': tf.sparse_tensor_to_dense(a), 'to_dense_default': tf.sparse.to_dense(a, default_value=-1.0),
        'sparse_to_dense': tf.sparse_to_dense([[0], [2]], [4], [9, 8], default_value=1),
        'add': tf.sparse_add(a, b), 'add_dense': tf.sparse_add(a, tf.ones([3, 4])),
        'matmul': tf.sparse_tensor_dense_matmul(a, tf.ones([4, 2])),
        'matmul_dense_sparse': tf.sparse_tensor_dense_matmul(tf.ones([2, 3]), a),
        'matmul_adjoint': tf.sparse_tensor_dense_matmul(a, tf.ones([3, 2]), adjoint_a=True),
        'reduce_all': tf.sparse_reduce_sum(a), 'reduce_keep': tf.sparse_reduce_sum(a, axis=0, keepdims=True),
        'reduce_sparse': tf.sparse_reduce_sum_sparse(a, axis=1),
        'retain': tf.sparse_retain(a, [True, False]), 'fill': fill, 'empty': empty,
        'slice': tf.sparse_slice(a, [1, 0], [2, 4]), 'split': tf.sparse_split(sp_input=b, num_split=2, axis=1),
        'softmax': tf.sparse_softmax(b), 'concat': tf.sparse_concat(1, [a, b]),
        'reorder': tf.sparse_reorder(tf.SparseTensor([[1, 0], [0, 1]], [1, 2], [2, 2])),
        'reshape': tf.sparse_reshape(a, [4, -1]), 'reshape_2': tf.sparse_reshape(a, [2, 6]),
    }
    return fetch, {}, {}


def dynamic():
    sp = tf.sparse_placeholder(tf.float32)
    fetch = {'reorder': tf.sparse_reorder(sp), 'reshape': tf.sparse_reshape(sp, [-1]),
             'concat': tf.sparse_concat(0, [sp, sp]), 'sum': tf.sparse_reduce_sum(sp),
             'dense': tf.sparse_tensor_to_dense(sp, validate_indices=False)}
    return fetch, {sp: SV([[1, 0], [0, 2]], [3.0, 4.0], [2, 3])}, {}


def parse():
    batch = tf.parse_example([example(i) for i in range(4)], {
        'x': tf.FixedLenFeature([3], tf.float32), 's': tf.VarLenFeature(tf.string), 'y': tf.VarLenFeature(tf.int64)})
    single = tf.parse_single_example(example(0), {'s': tf.VarLenFeature(tf.string),
                                                  'odd key!': tf.VarLenFeature(tf.int64)}, name='one')
    return {'batch': batch, 'single': single}, {}, {
        'batch_s': static(batch['s'].shape), 'single_s': static(single['s'].shape)}


def sp3():
    return tf.SparseTensor([[0, 0, 1], [0, 2, 0], [1, 1, 3]], [1.0, 2.0, 3.0], [2, 3, 4])


def words():
    return tf.SparseTensor([[0, 0], [1, 0], [1, 1]], [b'a', b'b', b'c'], [3, 2])


def more():
    """The ops added after the first set: maximum/minimum, concat expanding the other dimensions,
    merge, transpose, reset_shape, cross and cross_hashed, the SparseTensor operators, mask,
    reduce_max and to_indicator."""
    a, b = st(), st2()
    c = tf.SparseTensor([[0, 1], [3, 2]], [3.0, 1.0], [4, 3])
    codes = tf.SparseTensor([[0, 0], [2, 0], [2, 1]], tf.constant([7, 8, 9]), [3, 2])
    dense = tf.constant([[b'x'], [b'y'], [b'z']])
    ids2 = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], tf.constant([0, 6, 2, 5]), [4, 2])
    fetch = {
        'maximum': tf.sparse_maximum(a, b), 'minimum': tf.sparse.minimum(a, b, name='least'),
        'concat_expand': tf.sparse_concat(1, [a, c], expand_nonconcat_dim=True),
        'concat_expand_0': tf.sparse.concat(0, [a, c], expand_nonconcat_dim=True),
        'concat_expand_last': tf.sparse_concat(-1, [a, c], name='cat', expand_nonconcat_dim=True),
        'transpose': tf.sparse_transpose(sp3()), 'transpose_perm': tf.sparse.transpose(sp3(), [0, 2, 1]),
        'transpose_named': tf.sparse_transpose(a, [1, 0], name='t'),
        'reset_shape': tf.sparse_reset_shape(sp3()), 'reset_shape_new': tf.sparse.reset_shape(a, [5, 6]),
        'merge': tf.sparse_merge(ids(), weights(), 6),
        'merge_many': tf.sparse.merge([ids(), ids2], weights(), [6, 7], name='mm', already_sorted=True),
        'merge_tensor_size': tf.sparse_merge(ids2, weights(), tf.constant(8, tf.int64)),
        'cross': tf.sparse.cross([words(), dense, codes]),
        'cross_sep': tf.sparse.cross([dense, words()], name='cs', separator='#'),
        'cross_hashed': tf.sparse.cross_hashed([words(), dense, codes], num_buckets=100),
        'cross_hashed_key': tf.sparse.cross_hashed([codes, words()], hash_key=7, name='hx'),
        'mul': a * tf.constant([1.0, 2.0, 3.0, 4.0]), 'truediv': a / tf.constant([[2.0], [4.0], [8.0]]),
        'div': a.__div__(tf.constant(2.0)), 'mul_host': b * 3.0,
        'truediv_int': codes / tf.constant(2),
        'mask': tf.sparse.mask(tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                                                tf.constant([0, 4, 7]), tf.constant([10, 2])), tf.constant([4])),
        'reduce_max': tf.sparse_reduce_max(a, axis=1), 'reduce_max_all': tf.sparse.reduce_max(b),
        'reduce_max_sparse': tf.sparse_reduce_max_sparse(b, axis=0, keepdims=True),
        'to_indicator': tf.sparse_to_indicator(ids(), 5),
    }
    fetch['mask'] = {'values': fetch['mask'].values, 'indices': fetch['mask'].indices}
    return fetch, {}, {}


def dynamic_more():
    """The new ops on SparseTensors of unknown rank or dimensions."""
    sp = tf.sparse_placeholder(tf.float32)
    part = tf.sparse_placeholder(tf.float32, [None, 3], name='part')
    known = tf.sparse_placeholder(tf.float32, [2, 3], name='known')
    sp_ids = tf.sparse_placeholder(tf.int64, name='ids')
    fetch = {
        'transpose': tf.sparse_transpose(sp), 'transpose_part': tf.sparse_transpose(part, [1, 0]),
        'reset_shape': tf.sparse_reset_shape(sp), 'reset_shape_new': tf.sparse_reset_shape(part, [5, 6]),
        'reset_shape_tensor': tf.sparse_reset_shape(known, tf.constant([4, 4], tf.int64) + 1),
        'concat_expand': tf.sparse_concat(0, [part, known], expand_nonconcat_dim=True),
        'concat_expand_unknown': tf.sparse_concat(1, [sp, known], expand_nonconcat_dim=True),
        'merge': tf.sparse_merge(sp_ids, sp, 10), 'maximum': tf.sparse_maximum(sp, sp),
        'cross_hashed': tf.sparse.cross_hashed([sp_ids, tf.constant([[1], [2]], tf.int64)], num_buckets=10),
    }
    feed = {sp: SV([[1, 0], [0, 2]], [3.0, 4.0], [2, 3]), part: SV([[0, 1], [1, 2]], [1.0, 2.0], [2, 3]),
            known: SV([[1, 1]], [5.0], [2, 3]), sp_ids: SV([[0, 0], [1, 0]], [4, 7], [2, 2])}
    return fetch, feed, {}


def sparse_example(ix, jx, val):
    f = {'ix': tf.train.Feature(int64_list=tf.train.Int64List(value=ix)),
         'jx': tf.train.Feature(int64_list=tf.train.Int64List(value=jx)),
         'val': tf.train.Feature(float_list=tf.train.FloatList(value=val))}
    return tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString(deterministic=True)


SPARSE_EXAMPLES = [sparse_example([3, 1], [0, 2], [0.5, -1.0]), sparse_example([], [], []),
                   sparse_example([4], [1], [2.0])]


def parse_sparse():
    """SparseFeatures: parsed as their index and value keys, then merged (sparse_merge)."""
    batch = tf.parse_example(SPARSE_EXAMPLES, {
        'sp': tf.SparseFeature('ix', 'val', tf.float32, 5),
        'grid': tf.SparseFeature(['jx', 'ix'], 'val', tf.float32, [3, 5], already_sorted=True),
        'ix': tf.VarLenFeature(tf.int64)})
    single = tf.parse_single_example(SPARSE_EXAMPLES[0], {
        'sp': tf.io.SparseFeature(index_key=['jx'], value_key='val', dtype=tf.float32, size=[3]),
        'val': tf.SparseFeature('ix', 'val', tf.float32, tf.constant(6, tf.int64))}, name='one')
    return {'batch': batch, 'single': single}, {}, {
        'batch_sp': static(batch['sp'].shape), 'batch_grid': static(batch['grid'].shape),
        'single_sp': static(single['sp'].shape), 'single_val': static(single['val'].shape)}


def ids():
    return tf.SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], tf.constant([1, 3, 4, 1], tf.int64), [4, 2])


def weights():
    return tf.SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0]], [0.5, 2.0, 1.0, -1.0], [4, 2])


def embedding():
    table = tf.Variable(np.arange(15, dtype=np.float32).reshape(5, 3), name='table')
    parts = [tf.Variable(np.arange(9, dtype=np.float32).reshape(3, 3), name='p0'),
             tf.Variable(-np.arange(6, dtype=np.float32).reshape(2, 3), name='p1')]
    i, w = ids(), weights()
    with_neg = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([2, -1, 0], tf.int64), [3, 2])
    rank3 = tf.SparseTensor([[0, 0, 0], [1, 1, 1]], tf.constant([2, 4], tf.int64), [2, 2, 2])
    fetch = {
        'mean': tf.nn.embedding_lookup_sparse(table, i, None),
        'sum_weighted': tf.nn.embedding_lookup_sparse(table, i, w, combiner='sum'),
        'sqrtn_weighted': tf.nn.embedding_lookup_sparse(table, i, w, combiner='sqrtn'),
        'mean_weighted': tf.nn.embedding_lookup_sparse(table, i, w),
        'parts': tf.nn.embedding_lookup_sparse(parts, i, None, combiner='sum'),
        'safe': tf.nn.safe_embedding_lookup_sparse(table, with_neg),
        'safe_weighted': tf.nn.safe_embedding_lookup_sparse(table, i, w),
        'safe_default': tf.nn.safe_embedding_lookup_sparse(table, with_neg, default_id=4, combiner='sum'),
        'safe_rank3': tf.nn.safe_embedding_lookup_sparse(table, rank3),
    }
    return fetch, {}, {}


def eye_expand():
    """sparse.eye (static and tensor sizes) and sparse.expand_dims (int and tensor axes, unknown rank)."""
    n = tf.placeholder(tf.int32, [], name='n')
    sp = tf.sparse_placeholder(tf.float32, [None, None], name='sp')
    axis = tf.placeholder(tf.int32, [], name='axis')
    fetch = {
        'eye': tf.sparse.eye(3), 'eye_rect': tf.sparse.eye(2, 4, dtype=tf.int32, name='rect'),
        'eye_tensor': tf.sparse.eye(n, tf.constant(5, tf.int64)),
        'expand_last': tf.sparse.expand_dims(st()), 'expand_0': tf.sparse.expand_dims(st(), 0, name='e0'),
        'expand_neg': tf.sparse.expand_dims(sp3(), -2), 'expand_tensor_axis': tf.sparse.expand_dims(st2(), axis),
        'expand_known_rank': tf.sparse.expand_dims(sp, 1),
    }
    feed = {n: 2, axis: -1, sp: SV([[1, 0], [0, 2]], [3.0, 4.0], [2, 3])}
    return fetch, feed, {}


GRAPHS = (placeholders, constants, dynamic, parse, more, dynamic_more, parse_sparse, embedding, eye_expand)


def graphs():
    recorded, values = {}, {}
    for fn in GRAPHS:
        g = tf.Graph()
        with g.as_default():
            fetch, feed, extra = fn()
            shapes = dict(shapes_of(fetch), **extra)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                values[fn.__name__] = run_json(sess.run(fetch, feed))
        recorded[fn.__name__] = dict(record_all(g), shapes=shapes)
    return recorded, values


def gradient_values():
    """d/dx of a weighted sum of each op's output, x the values of a SparseTensor (and a dense operand)."""
    g = tf.Graph()
    out = {}
    with g.as_default():
        x = tf.constant([1.0, 2.0, 3.0])
        m = tf.constant([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0], [-1.0, 1.0]])
        sp = tf.SparseTensor([[0, 1], [2, 0], [1, 3]], x, [3, 4])
        scale = tf.reshape(tf.range(1.0, 13.0), [3, 4])
        sorted_sp = tf.SparseTensor([[0, 1], [0, 3], [2, 0]], x, [3, 4])
        cases = {
            'to_dense': lambda: tf.sparse_tensor_to_dense(sp) * scale,
            'matmul': lambda: tf.sparse_tensor_dense_matmul(sp, m) * tf.constant([[1.0, 2.0]]),
            'matmul_adjoint': lambda: tf.sparse_tensor_dense_matmul(sp, m[:3], adjoint_a=True),
            'reduce_sum': lambda: tf.sparse_reduce_sum(sp, axis=1) * tf.constant([1.0, 2.0, 3.0]),
            'add_dense': lambda: tf.sparse_add(sp, scale) * scale,
            'add_sparse': lambda: tf.square(tf.sparse_add(sp, st2()).values),
            'reorder': lambda: tf.sparse_reorder(sp).values * tf.constant([1.0, 10.0, 100.0]),
            'fill_empty': lambda: tf.sparse_fill_empty_rows(
                tf.SparseTensor([[0, 1], [2, 0], [2, 3]], x, [4, 4]), 0.5)[0].values * tf.range(1.0, 6.0),
            'slice': lambda: tf.sparse_slice(sp, [1, 0], [2, 4]).values * tf.constant([2.0, 3.0]),
            'softmax': lambda: tf.sparse_softmax(sorted_sp).values * tf.constant([1.0, 2.0, 3.0]),
            'dense_mul': lambda: (sp * m[:, 0]).values * tf.constant([1.0, 2.0, 3.0]),
            'dense_div': lambda: (sp / (m[:, 1] + 3.0)).values * tf.constant([1.0, 2.0, 3.0]),
            'dense_mul_full': lambda: (sp * tf.reshape(tf.concat([m, m[:2]], 0), [3, 4])).values,
            'concat': lambda: tf.sparse_concat(0, [sp, st2()]).values,
            'merge': lambda: tf.sparse_merge(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 0], tf.int64),
                                                             [3, 2]), sp, 4).values * tf.constant([1.0, 10.0, 100.0]),
            'transpose': lambda: tf.sparse_transpose(sp).values * tf.constant([1.0, 10.0, 100.0]),
            'reset_shape': lambda: tf.sparse_reset_shape(sp, [4, 5]).values * 2.0,
        }
        with tf.Session() as sess:
            for name, fn in cases.items():
                y = tf.reduce_sum(fn())
                grads = tf.gradients(y, [x, m])
                out[name] = [None if gr is None else value_json(sess.run(tf.convert_to_tensor(gr))) for gr in grads]
            for name, op in (('maximum', tf.sparse_maximum), ('minimum', tf.sparse_minimum)):
                try:
                    tf.gradients(op(sorted_sp, sorted_sp).values, x)
                    raise AssertionError(name + ' has a gradient')
                except (NotImplementedError, TypeError) as e:
                    out[name] = {'class': type(e).__name__, 'message': str(e)}
            # Softmax's gradient adds a SparseDenseCwiseAdd, which has none.
            first = tf.gradients(tf.reduce_sum(tf.sparse_softmax(sorted_sp).values * tf.constant([1.0, 2.0, 3.0])), x)[0]
            try:
                tf.gradients(first, x)
                raise AssertionError('SparseDenseCwiseAdd has a gradient')
            except NotImplementedError as e:
                out['softmax_second_order'] = {'class': type(e).__name__, 'message': str(e)}
            table = tf.Variable(np.arange(15, dtype=np.float32).reshape(5, 3), name='table')
            sess.run(table.initializer)
            for combiner in ('mean', 'sqrtn', 'sum'):
                e = tf.nn.embedding_lookup_sparse(table, ids(), None, combiner=combiner)
                gr = tf.gradients(tf.reduce_sum(e * tf.constant([1.0, 2.0, 3.0])), table)[0]
                out['embedding_' + combiner] = {
                    'type': type(gr).__name__, 'values': value_json(sess.run(tf.convert_to_tensor(gr)))}
            e = tf.nn.embedding_lookup_sparse(table, ids(), weights(), combiner='sqrtn')
            gr = tf.gradients(tf.reduce_sum(e), table)[0]
            out['embedding_weighted'] = {'type': type(gr).__name__, 'values': value_json(sess.run(tf.convert_to_tensor(gr)))}
    return out


SPARSE_GRAD_TYPES = {'SparseReorder', 'SparseAdd', 'SparseTensorDenseAdd', 'SparseReduceSum', 'SparseSlice',
                     'SparseTensorDenseMatMul', 'SparseDenseCwiseMul', 'SparseDenseCwiseDiv', 'SparseSoftmax',
                     'SparseFillEmptyRows', 'SparseToDense'}


def gradient_graph():
    """The ops the sparse gradient functions add, each under its op's gradients/<op>_grad scope
    (name, type, inputs), for one loss through all of them."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0, 3.0])
        m = tf.constant([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0], [-1.0, 1.0]])
        sp = tf.SparseTensor([[0, 1], [2, 0], [1, 3]], x, [3, 4])
        sorted_sp = tf.SparseTensor([[0, 1], [0, 3], [2, 0]], x, [3, 4])
        parts = [tf.sparse_softmax(sorted_sp).values, (sp * m[:, 0]).values, (sp / (m[:, 1] + 3.0)).values,
                 tf.sparse_slice(sp, [1, 0], [2, 4]).values, tf.sparse_reduce_sum(sp, 1), tf.sparse_reorder(sp).values,
                 tf.sparse_tensor_to_dense(sp), tf.sparse_tensor_dense_matmul(sp, m), tf.sparse_add(sp, st2()).values,
                 tf.sparse_add(sp, tf.ones([3, 4])), tf.sparse_fill_empty_rows(sp, 0.5)[0].values]
        y = tf.add_n([tf.reduce_sum(p) for p in parts])
        scopes = tuple('gradients/%s_grad/' % op.name for op in g.get_operations() if op.type in SPARSE_GRAD_TYPES)
        n = len(g.get_operations())
        tf.gradients(y, [x, m])
        return [[op.name, op.type, [i.name for i in op.inputs]] for op in g.get_operations()[n:]
                if op.name.startswith(scopes)]


def training():
    """A linear model on a sparse bag of ids and a sparse float feature, trained with SGD."""
    g = tf.Graph()
    with g.as_default():
        sp_ids = tf.sparse_placeholder(tf.int64, [4, 3], name='ids')
        sp_x = tf.sparse_placeholder(tf.float32, [4, 2], name='x')
        y = tf.constant([[1.0], [-1.0], [0.5], [2.0]])
        emb = tf.get_variable('emb', [6, 1], initializer=tf.constant_initializer(0.1))
        w = tf.get_variable('w', [2, 1], initializer=tf.constant_initializer(-0.2))
        logits = tf.nn.embedding_lookup_sparse(emb, sp_ids, None, combiner='sum') + tf.sparse_tensor_dense_matmul(sp_x, w)
        loss = tf.reduce_mean(tf.square(logits - y))
        train_op = tf.train.AdagradOptimizer(0.5).minimize(loss)
        feed = {sp_ids: SV([[0, 0], [0, 1], [1, 0], [2, 2], [3, 0], [3, 1], [3, 2]], [0, 5, 2, 2, 1, 3, 5], [4, 3]),
                sp_x: SV([[0, 1], [1, 0], [3, 0], [3, 1]], [1.0, -2.0, 0.5, 1.5], [4, 2])}
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                losses.append(float(sess.run([loss, train_op], feed)[0]))
            final = sess.run({'emb': emb, 'w': w})
    return {'losses': losses, 'final': run_json(final)}


def batching():
    """SparseTensors through the batching queues: each graph recorded before its MonitoredSession
    adds to it, then the batches it gives (graph only where the batch depends on the threads' timing:
    a shuffle among what is queued so far, two enqueue threads)."""
    def parsed():
        serialized = tf.train.slice_input_producer([tf.constant([example(i) for i in range(4)])], shuffle=False)[0]
        return tf.parse_single_example(serialized, {'s': tf.VarLenFeature(tf.string),
                                                    'x': tf.FixedLenFeature([3], tf.float32)})

    def sp():
        return tf.SparseTensor([[0, 0], [1, 1], [2, 0], [2, 1]], [1.0, 2.0, 3.0, 4.0], [3, 2])

    cases = {
        'batch_dict': (lambda: tf.train.batch(parsed(), 2), 2),
        'batch_many': (lambda: tf.train.batch([sp(), tf.constant([10, 20, 30])], 2, enqueue_many=True), 1),
        'maybe_batch_many': (lambda: tf.train.maybe_batch([sp()], [True, False, True], 2, enqueue_many=True), 1),
        'shuffle_batch': (lambda: tf.train.shuffle_batch([sp()], 2, 10, 0, enqueue_many=True, seed=3), 0),
        'batch_join': (lambda: tf.train.batch_join([[sp()], [sp()]], 2, enqueue_many=True), 0),
    }
    out = {}
    for name, (fn, steps) in cases.items():
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(1)
            b = fn()
            rec = record_all(g)
            runs = []
            if steps:
                with tf.train.MonitoredSession() as sess:
                    runs = [run_json(sess.run(b)) for _ in range(steps)]
        out[name] = {'graph': rec, 'runs': runs}
    return out


def build_errors():
    cases = {
        'add_dense': lambda: tf.sparse_add(tf.ones([2]), tf.ones([2])),
        'indices_rank': lambda: tf.SparseTensor([0, 1], [1.0], [2]),
        'indices_values': lambda: tf.SparseTensor([[0]], [1.0, 2.0], [3]),
        'indices_shape': lambda: tf.SparseTensor([[0, 1]], [1.0], [3]),
        'reshape_size': lambda: tf.sparse_reshape(st(), [5, -1]),
        'reshape_two_inferred': lambda: tf.sparse_reshape(st(), [-1, -1]),
        'combiner': lambda: tf.nn.embedding_lookup_sparse(tf.ones([3, 2]), ids(), None, combiner='max'),
        'varlen_no_dtype': lambda: tf.parse_example([example(0)], {'s': tf.VarLenFeature(None)}),
        'split_no_axis': lambda: tf.sparse_split(sp_input=st(), num_split=2),
        'retain_rank': lambda: tf.sparse_retain(st(), [[True, False]]),
        'retain_length': lambda: tf.sparse_retain(st(), [True]),
        'merge_vocab_list': lambda: tf.sparse_merge(ids(), weights(), [6]),
        'merge_vocab_int': lambda: tf.sparse_merge([ids()], weights(), 6),
        'merge_vocab_float': lambda: tf.sparse_merge([ids()], weights(), [6.5]),
        'merge_lengths': lambda: tf.sparse_merge([ids(), ids()], weights(), [6]),
        'merge_ids': lambda: tf.sparse_merge(3, weights(), 6),
        'reset_shape_small': lambda: tf.sparse_reset_shape(st(), [2, 4]),
        'reset_shape_rank': lambda: tf.sparse_reset_shape(st(), [3, 4, 5]),
        'reset_shape_matrix': lambda: tf.sparse_reset_shape(st(), [[3, 4]]),
        'cross_not_list': lambda: tf.sparse.cross(st()),
        'cross_bad_input': lambda: tf.sparse.cross([words(), [[b'a']]]),
        'cross_hashed_bad_input': lambda: tf.sparse.cross_hashed([words(), [[b'a']]]),
        'truediv_bool': lambda: tf.SparseTensor([[0]], [True], [2]) / tf.constant(True),
        'sparse_feature_no_index': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature(None, 'val', tf.float32, 5)}),
        'sparse_feature_no_value': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature(['ix'], '', tf.float32, [5])}),
        'sparse_feature_no_dtype': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature('ix', 'val', None, 5)}),
        'sparse_feature_conflict': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature('ix', 'val', tf.float32, 5), 'ix': tf.VarLenFeature(tf.float32)}),
        'sparse_feature_dense': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature('ix', 'val', tf.float32, 5), 'val': tf.FixedLenFeature([1], tf.float32)}),
        'sparse_feature_size': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature('ix', 'val', tf.float32, [5])}),
        'sparse_feature_sizes': lambda: tf.parse_example(SPARSE_EXAMPLES, {
            'sp': tf.SparseFeature(['ix', 'jx'], 'val', tf.float32, [5])}),
        'safe_none': lambda: tf.nn.safe_embedding_lookup_sparse(None, ids()),
        'expand_dims_float_axis': lambda: tf.sparse.expand_dims(st(), 1.5),
        'eye_float_rows': lambda: tf.sparse.eye(2.5),
        # TF1's shapes make the unknown rank a Dimension(None), not None: its check misses it.
        'expand_dims_unknown_rank': lambda: tf.sparse.expand_dims(tf.sparse_placeholder(tf.float32), 1),
    }
    return errors_of(cases)


def main():
    recorded, values = graphs()
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(), 'training': training(),
           'batching': batching(), 'sparse_examples': [value_json(e) for e in SPARSE_EXAMPLES],
           'gradient_graph': gradient_graph(),
           'build_errors': build_errors()}
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
