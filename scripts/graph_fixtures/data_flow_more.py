"""TF1's accumulators and PriorityQueue (tf.compat.v1's ConditionalAccumulator,
SparseConditionalAccumulator, PriorityQueue) and tf.sparse's bincount and segment_* built with
TF 2.21 in graph mode, for test/data_flow_more.test.ts.

Stateless graphs as control_flow.graphs records them (ops, fetch shapes, a run per feed). Stateful
ones (`sequences`) run step after step in one session: each step's fetch value, or for a failing
step its error class and the kernel's message (stale gradients dropped, averages over the
count, a closed queue's OutOfRange). Also the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/data_flow_more.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/data_flow_more.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'data_flow_more.json')


def shapes_of(fetch):
    """Static shapes of the fetches (a SparseTensor's: its dense shape's value as far as known)."""
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


# --- stateless graphs: (fetches, feeds by placeholder name) -----------------------------------

def sparse_segments():
    data = tf.placeholder(tf.float32, [4, 2], name='data')
    idx = tf.constant([0, 1, 3, 3])
    seg = tf.constant([0, 0, 1, 3])
    return {
        'sum': tf.sparse.segment_sum(data, idx, seg),
        'sum_n': tf.sparse.segment_sum(data, idx, seg, num_segments=5, name='sum_n'),
        'mean': tf.sparse.segment_mean(data, idx, seg),
        'mean_n': tf.sparse.segment_mean(data, idx, seg, num_segments=4),
        'sqrt_n': tf.sparse.segment_sqrt_n(data, idx, seg),
        'sqrt_n_n': tf.sparse.segment_sqrt_n(data, idx, seg, num_segments=6),
    }, feeds(a={'data': [[1, 2], [3, 4], [5, 6], [7, 8]]})


def sparse_bincounts():
    v = tf.placeholder(tf.int32, [2, 3], name='v')
    w = tf.placeholder(tf.float32, [2, 3], name='w')
    st = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], tf.constant([1, 3, 1], tf.int64), [2, 4])
    sw = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [0.5, 2.0, 1.5], [2, 4])
    same_w = tf.SparseTensor(st.indices, [2.0, 3.0, 4.0], st.dense_shape)
    return {
        'dense': tf.sparse.bincount(v),
        'weighted': tf.sparse.bincount(v, weights=w, name='weighted'),
        'rows': tf.sparse.bincount(v, axis=-1, minlength=6),
        'binary': tf.sparse.bincount(v, axis=-1, binary_output=True, maxlength=3),
        'sparse': tf.sparse.bincount(st),
        'sparse_weighted': tf.sparse.bincount(st, weights=sw, axis=-1),
        'sparse_same': tf.sparse.bincount(st, weights=same_w),
    }, feeds(a={'v': [[1, 2, 2], [0, 5, 1]], 'w': [[1.0, 0.5, 0.25], [2.0, 3.0, 4.0]]})


GRAPHS = [sparse_segments, sparse_bincounts]


# --- stateful graphs: (steps, runs): each run a list of (step name, feed) run in one session ----

def accumulator():
    g = tf.placeholder(tf.float32, [2], name='g')
    ls = tf.placeholder(tf.int64, [], name='ls')
    acc = tf.ConditionalAccumulator(tf.float32, shape=[2], name='acc')
    total = tf.ConditionalAccumulator(tf.float32, reduction_type='SUM')
    steps = {
        'apply': acc.apply_grad(g, local_step=ls),
        'apply0': acc.apply_grad([1.0, 2.0]),
        'num': acc.num_accumulated(),
        'take': acc.take_grad(2),
        'take0': acc.take_grad(0, name='take0'),
        'set5': acc.set_global_step(5),
        'total_apply': total.apply_grad(g, 0, name='total_apply'),
        'total_take': total.take_grad(2),
        'total_num': total.num_accumulated('total_num'),
    }
    runs = [[('apply0', {}), ('apply', {'g': [3.0, 4.0], 'ls': 0}), ('num', {}), ('take', {}),
             # Stale (local step 0 < the global step 1): dropped.
             ('apply', {'g': [10.0, 10.0], 'ls': 0}), ('num', {}),
             ('apply', {'g': [5.0, 6.0], 'ls': 1}), ('apply', {'g': [7.0, 9.0], 'ls': 3}), ('take', {}),
             ('set5', {}), ('apply', {'g': [1.0, 1.0], 'ls': 4}), ('num', {}), ('take0', {}),
             ('total_apply', {'g': [1.0, 2.0]}), ('total_apply', {'g': [3.0, 5.0]}), ('total_num', {}),
             ('total_take', {})]]
    return steps, runs


def sparse_accumulator():
    vals = tf.placeholder(tf.float32, [None, 2], name='vals')
    idx = tf.placeholder(tf.int32, [None], name='idx')
    acc = tf.SparseConditionalAccumulator(tf.float32, shape=[4, 2])
    free = tf.sparse.SparseConditionalAccumulator(tf.float32, name='free', reduction_type='SUM')
    slices = acc.take_indexed_slices_grad(2)
    steps = {
        'apply_slices': acc.apply_indexed_slices_grad(tf.IndexedSlices(vals, idx, tf.constant([4, 2]))),
        'apply': acc.apply_grad(idx, vals, local_step=tf.constant(0, tf.int64)),
        'num': acc.num_accumulated(),
        'take': [slices.indices, slices.values, slices.dense_shape],
        'take_grad': list(acc.take_grad(1, name='take_grad')),
        'set1': acc.set_global_step(1, name='set1'),
        'free_apply': free.apply_grad([0, 3], vals, grad_shape=[5, 2]),
        'free_take': list(free.take_grad(2)),
    }
    runs = [[('apply_slices', {'vals': [[1, 2], [3, 4]], 'idx': [0, 2]}), ('apply', {'vals': [[5, 6]], 'idx': [2]}),
             ('num', {}), ('take', {}), ('set1', {}), ('apply', {'vals': [[9, 9]], 'idx': [1]}), ('num', {}),
             ('free_apply', {'vals': [[1, 1], [2, 2]]}), ('free_apply', {'vals': [[3, 3], [4, 4]]}),
             ('free_take', {})]]
    return steps, runs


def priority_queue():
    q = tf.PriorityQueue(4, [tf.string, tf.int32], shapes=[[], [2]])
    named = tf.queue.PriorityQueue(3, tf.float32, [[]], names=['p', 'x'], name='named')
    steps = {
        'enqueue': q.enqueue((tf.constant(5, tf.int64), 'e', [5, 5])),
        'enqueue_many': q.enqueue_many(([3, 1, 7], ['c', 'a', 'g'], [[3, 3], [1, 1], [7, 7]])),
        'size': q.size(),
        'dequeue': list(q.dequeue()),
        'dequeue_many': list(q.dequeue_many(2)),
        'close': q.close(),
        'closed': q.is_closed(),
        'named_enqueue': named.enqueue({'p': 2, 'x': 2.5}),
        'named_dequeue': named.dequeue(),
    }
    runs = [[('enqueue', {}), ('enqueue_many', {}), ('size', {}), ('dequeue', {}), ('dequeue_many', {}),
             # Closed: enqueues fail, a dequeue drains it, then dequeues raise OutOfRange.
             ('close', {}), ('closed', {}), ('enqueue', {}), ('dequeue', {}), ('dequeue_many', {}), ('size', {}),
             ('named_enqueue', {}), ('named_dequeue', {})]]
    return steps, runs


def accumulated_training():
    """Two workers' gradients of sum((w * x - 1)^2), averaged by an accumulator and applied by
    GradientDescent (what SyncReplicasOptimizer does): stale ones are left out of the mean."""
    x = tf.placeholder(tf.float32, [2], name='x')
    w = tf.Variable([1.0, -1.0], name='w')
    step = tf.train.get_or_create_global_step()
    grad = 2.0 * x * (w * x - 1.0)
    acc = tf.ConditionalAccumulator(tf.float32, shape=[2])
    steps = {
        'init': tf.global_variables_initializer(),
        'apply': acc.apply_grad(grad, local_step=step),
        'stale': acc.apply_grad(grad, local_step=step - 1, name='stale'),
        'train': tf.train.GradientDescentOptimizer(0.1).apply_gradients([(acc.take_grad(2), w)], global_step=step),
        'sync': acc.set_global_step(step),
        'w': tf.identity(w, name='w_value'),
    }
    one_step = [('apply', {'x': [1.0, 2.0]}), ('stale', {'x': [9.0, 9.0]}), ('apply', {'x': [0.5, -1.0]}),
                ('train', {}), ('sync', {}), ('w', {})]
    return steps, [[('init', {})] + one_step * 3]


SEQUENCES = [accumulator, sparse_accumulator, priority_queue, accumulated_training]


def run_step(sess, fetch, feed):
    try:
        return value_json(sess.run(fetch, {k + ':0': np.asarray(v) for k, v in feed.items()}))
    except tf.errors.OpError as e:
        # The kernel's message: the line before the `[[{{node ...}}]]` one.
        lines = e.message.split('\n')
        return {'error': type(e).__name__, 'message': lines[[l.startswith('\t [[') for l in lines].index(True) - 1]}


def sequences():
    recorded, values = {}, {}
    for fn in SEQUENCES:
        g = tf.Graph()
        with g.as_default():
            steps, runs = fn()
            recorded[fn.__name__] = dict(record_all(g), runs=runs, shapes=shapes_of(
                {k: v for k, v in steps.items() if not isinstance(v, tf.Operation)}))
            values[fn.__name__] = []
            for run in runs:
                with tf.Session() as sess:
                    values[fn.__name__].append([run_step(sess, steps[name], feed) for name, feed in run])
    return recorded, values


def build_errors():
    def acc_apply():
        tf.ConditionalAccumulator(tf.float32, shape=[2]).apply_grad([1.0, 2.0, 3.0])

    def pq_names():
        tf.PriorityQueue(3, [tf.float32], [[]], names=['x'])

    def pq_enqueue_dict():
        tf.PriorityQueue(3, [tf.float32], [[]]).enqueue({'x': 1.0})

    cases = {
        'acc_apply_shape': acc_apply,
        # The op's shapes attr has no default: TF1's PriorityQueue needs shapes.
        'pq_no_shapes': lambda: tf.PriorityQueue(3, [tf.float32]),
        'pq_partial_shape': lambda: tf.PriorityQueue(3, [tf.float32], shapes=[[None]]),
        'pq_names': pq_names,
        'pq_enqueue_dict': pq_enqueue_dict,
        'pq_enqueue_shape': lambda: tf.PriorityQueue(3, tf.int32, shapes=[[2]]).enqueue((1, [1, 2, 3])),
        'bincount_binary_weights': lambda: tf.sparse.bincount([1, 2], weights=[1.0, 2.0], binary_output=True),
        'bincount_axis': lambda: tf.sparse.bincount([[1, 2]], axis=1),
        'bincount_dense_sparse_weights': lambda: tf.sparse.bincount(
            tf.SparseTensor([[0]], [1], [2]), weights=[1.0]),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    seq_recorded, seq_values = sequences()
    out = {'graphs': recorded, 'values': values, 'sequences': seq_recorded, 'sequence_values': seq_values,
           'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
