"""TF1's queues and queue-based input pipelines (data_flow_ops.py, training/input.py) built and run
with TF 2.21's tf.compat.v1, for test/input_pipelines.test.ts to build and run the same in TypeScript:
graphs recorded op by op as names.py records them, the ValueErrors of bad arguments, and the
values deterministic pipelines give under a MonitoredSession until their epochs run out.

Writes test/fixtures/graph_layer/input_pipelines.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/input_pipelines.py
"""
import json
import os
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

from names import record

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'graph_layer', 'input_pipelines.json')


def queues():
    q = tf.FIFOQueue(10, [tf.float32, tf.int32], shapes=[[2], []], names=['a', 'b'])
    q.enqueue({'a': [1.0, 2.0], 'b': 3})
    q.enqueue_many({'a': [[1.0, 2.0], [3.0, 4.0]], 'b': [5, 6]})
    q.dequeue()
    q.dequeue_many(3)
    q.dequeue_up_to(2)
    q.close()
    q.close(cancel_pending_enqueues=True)
    q.size()
    q.is_closed()
    x = tf.placeholder(tf.float32, [None], name='x')
    with tf.name_scope('scoped'), tf.control_dependencies([x]):
        s = tf.FIFOQueue(4, tf.float32, shapes=[[]], name='inside')
        s.enqueue_many([x])
        s.enqueue(1.5, name='one')
    r = tf.RandomShuffleQueue(10, 2, tf.string, seed=3)
    r.enqueue(['a'])
    r.dequeue_many(2)
    tf.RandomShuffleQueue(10, 2, tf.int64, shared_name='shared')
    p = tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None]])
    p.enqueue([[1, 2, 3]])
    p.dequeue_many(2)


def queues_seeded():
    tf.set_random_seed(11)
    tf.RandomShuffleQueue(10, 2, tf.string)
    tf.RandomShuffleQueue(10, 2, tf.string, shared_name='shared')
    tf.RandomShuffleQueue(10, 2, tf.string, seed=4, shared_name='shared')


def producers():
    tf.train.string_input_producer(['a', 'b', 'c'], num_epochs=2, shuffle=False)
    tf.train.string_input_producer(tf.constant(['x']), seed=5, capacity=8)
    tf.train.range_input_producer(7, num_epochs=1, name='ranges')
    tf.train.slice_input_producer([tf.constant([[1, 2], [3, 4], [5, 6]]), tf.constant([1, 2, 3])], num_epochs=3,
                                  shuffle=False)
    tf.train.input_producer(tf.constant([[1.0, 2.0], [3.0, 4.0]]), seed=1, summary_name='full')
    tf.train.limit_epochs(tf.constant([1, 2]), num_epochs=4)
    tf.train.match_filenames_once('/nonexistent/*.none')


def batching():
    x = tf.placeholder(tf.float32, [3], name='x')
    y = tf.placeholder(tf.int64, [], name='y')
    xs = tf.placeholder(tf.float32, [None, 3], name='xs')
    v = tf.placeholder(tf.int32, [None], name='v')
    keep = tf.placeholder(tf.bool, [None], name='keep')
    tf.train.batch([x, y], 4)
    tf.train.batch({'y': y, 'x': x}, 2, allow_smaller_final_batch=True, num_threads=2, capacity=10)
    tf.train.batch([xs], 3, enqueue_many=True)
    tf.train.batch([v], 2, dynamic_pad=True)
    tf.train.shuffle_batch([x], 4, 20, 10, seed=7, num_threads=3)
    tf.train.batch_join([[x, y], [x + 1.0, y]], 2)
    tf.train.shuffle_batch_join([{'x': x}, {'x': x * 2.0}], 5, 30, 3, allow_smaller_final_batch=True)
    tf.train.maybe_batch([x], True, 2)
    tf.train.maybe_batch([xs], keep, 2, enqueue_many=True)
    tf.train.maybe_shuffle_batch([xs], 2, 10, 1, keep, enqueue_many=True)
    tf.train.maybe_batch_join([[x], [x]], False, 2)


def errors():
    out = {}
    cases = {
        'limit_epochs_zero': lambda: tf.train.limit_epochs(tf.constant(1), num_epochs=0),
        'string_producer_empty': lambda: tf.train.string_input_producer([]),
        'slice_producer_empty': lambda: tf.train.slice_input_producer([]),
        'input_producer_shape': lambda: tf.train.input_producer(tf.placeholder(tf.float32, [None, None])),
        'shuffle_capacity': lambda: tf.train.shuffle_batch([tf.constant(1)], 2, 10, 10),
        'batch_empty': lambda: tf.train.batch([], 2),
        'keep_vector': lambda: tf.train.maybe_batch([tf.constant(1)], tf.constant([True]), 2),
        'keep_matrix': lambda: tf.train.maybe_batch([tf.constant([[1]])], tf.constant([[True]]), 2, enqueue_many=True),
        'join_types': lambda: tf.train.batch_join([[tf.constant(1)], [tf.constant(1.0)]], 2),
        'unknown_rank': lambda: tf.train.batch([tf.placeholder(tf.float32)], 2),
        'queue_names': lambda: tf.FIFOQueue(2, [tf.int32], names=['a', 'b']),
        'queue_shapes': lambda: tf.FIFOQueue(2, [tf.int32], shapes=[[None]]),
        'padding_shapes': lambda: tf.PaddingFIFOQueue(2, [tf.int32], shapes=[1, 2]),
        'enqueue_dict': lambda: tf.FIFOQueue(2, [tf.int32]).enqueue({'a': 1}),
        'enqueue_list_named': lambda: tf.FIFOQueue(2, [tf.int32], names=['a']).enqueue([1]),
        'enqueue_keys': lambda: tf.FIFOQueue(2, [tf.int32], names=['a']).enqueue({'b': 1}),
        'enqueue_shape': lambda: tf.FIFOQueue(2, [tf.int32], shapes=[[2]]).enqueue([[1, 2, 3]]),
    }
    for name, fn in cases.items():
        with tf.Graph().as_default():
            try:
                fn()
                out[name] = None
            except (ValueError, TypeError) as e:
                out[name] = [type(e).__name__, str(e)]
    return out


def run_until_done(fetch):
    """The values of `fetch` run under a MonitoredSession until the pipeline's input runs out."""
    values = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            values.append(sess.run(fetch))
    return values


def to_json(x):
    if isinstance(x, dict):
        return {k: to_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_json(v) for v in x]
    if isinstance(x, bytes):
        return x.decode()
    if isinstance(x, np.ndarray):
        return to_json(x.tolist())
    if isinstance(x, np.generic):
        return x.item()
    return x


DATA = np.arange(20, dtype=np.float32).reshape(10, 2)
LABELS = np.arange(10, dtype=np.int64) * 10


def runs():
    out = {}
    with tf.Graph().as_default():
        row, label = tf.train.slice_input_producer([DATA, LABELS], num_epochs=2, shuffle=False)
        out['slice_batch_smaller'] = run_until_done(tf.train.batch([row, label], 3, allow_smaller_final_batch=True))
    with tf.Graph().as_default():
        row, label = tf.train.slice_input_producer([DATA, LABELS], num_epochs=1, shuffle=False)
        out['slice_batch_dict'] = run_until_done(tf.train.batch({'row': row, 'label': label}, 4))
    with tf.Graph().as_default():
        q = tf.train.string_input_producer(['a', 'b', 'c', 'd', 'e'], num_epochs=3, seed=42)
        out['strings_shuffled'] = run_until_done(q.dequeue())
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        q = tf.train.range_input_producer(6, num_epochs=2)
        out['range_graph_seed'] = run_until_done(q.dequeue_many(3))
    with tf.Graph().as_default():
        xs = tf.constant(DATA)
        keep = tf.constant([i % 3 != 0 for i in range(10)])
        limited = tf.train.limit_epochs(xs, num_epochs=1)
        keep1 = tf.train.limit_epochs(keep, num_epochs=1)
        out['maybe_batch_many'] = run_until_done(
            tf.train.maybe_batch([limited], keep1, 2, enqueue_many=True, allow_smaller_final_batch=True))
    with tf.Graph().as_default():
        v = tf.train.limit_epochs(tf.constant([[1, 2, 0], [3, 0, 0], [4, 5, 6]]), num_epochs=1)
        lengths = tf.constant([2, 1, 3])
        row, n = tf.train.slice_input_producer([v, lengths], num_epochs=1, shuffle=False)
        out['padded'] = run_until_done(tf.train.batch([row[:n]], 2, dynamic_pad=True, allow_smaller_final_batch=True))
    out['train_linear'] = train_linear()
    return to_json(out)


def train_linear():
    """A linear model trained on batches of a slice producer until its 3 epochs run out."""
    with tf.Graph().as_default():
        row, label = tf.train.slice_input_producer([DATA, np.arange(10, dtype=np.float32)], num_epochs=3,
                                                  shuffle=False)
        xb, yb = tf.train.batch([row, label], 4)
        w = tf.Variable(tf.zeros([2, 1]), name='w')
        loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - tf.reshape(yb, [-1, 1])))
        gs = tf.train.get_or_create_global_step()
        train_op = tf.train.GradientDescentOptimizer(0.001).minimize(loss, global_step=gs)
        return train_to_end(train_op, loss, lambda ckpt_dir: {
            'checkpoint': os.path.basename(tf.train.latest_checkpoint(ckpt_dir)),
            'w': tf.train.load_variable(ckpt_dir, 'w'), 'global_step': tf.train.load_variable(ckpt_dir, 'global_step')})


def train_to_end(train_op, loss, saved):
    """Runs `train_op` in a MonitoredTrainingSession until its input runs out: {'losses': each step's loss,
    **saved(checkpoint dir)}."""
    ckpt_dir = tempfile.mkdtemp()
    try:
        losses = []
        with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt_dir, save_checkpoint_steps=100,
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                losses.append(sess.run([train_op, loss])[1])
        return {'losses': losses, **saved(ckpt_dir)}
    finally:
        shutil.rmtree(ckpt_dir)


if __name__ == '__main__':
    fixture = {}
    for fn in (queues, queues_seeded, producers, batching):
        g = tf.Graph()
        with g.as_default():
            fn()
        fixture[fn.__name__] = record(g)
    fixture['errors'] = errors()
    fixture['runs'] = runs()
    with open(OUT, 'w') as f:
        json.dump(fixture, f, indent=1)
    print('wrote', OUT)
