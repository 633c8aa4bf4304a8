"""Checkpointed input pipelines and the remaining tf.data.experimental names (tf.compat.v1, graph mode) built and
run with TF 2.21, for test/data_checkpoint.test.ts to build and run the same in TypeScript:
make_saveable_from_iterator with train.Saver (and MonitoredTrainingSession), snapshot,
map_and_batch_with_legacy_function, SqlDataset and the deprecated *Structure names.

Each graph as datasets.py records it; what its run gives (elements before a save, after it, and after a restore
in a new session; the checkpoint's keys); the errors of bad arguments. Also a checkpoint of an iterator (DATA/ckpt)
for the test to restore, and the SQLite database SqlDataset reads (DATA/people.db).

Writes test/fixtures/graph_layer/data_checkpoint.json and test/fixtures/graph_layer/data_checkpoint/.
Run: .venv-tf/bin/python scripts/graph_fixtures/data_checkpoint.py
"""
import os
import shutil
import sqlite3
import tempfile

import tensorflow.compat.v1 as tf

from datasets import record_graphs
from datasets_experimental import fetch_all, run_error, run_until_end
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'data_checkpoint.json')
DATA = os.path.normpath(os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'data_checkpoint'))
DB = os.path.join(DATA, 'people.db')
# Where the runs write checkpoints and snapshots (as `<tmp>` in the fixture).
TMP = tempfile.mkdtemp(prefix='data_checkpoint-')


def write_data():
    shutil.rmtree(DATA, ignore_errors=True)
    os.makedirs(DATA)
    with sqlite3.connect(DB) as db:
        db.execute('CREATE TABLE people (id INTEGER, name TEXT, age INTEGER, height REAL)')
        db.executemany('INSERT INTO people VALUES (?, ?, ?, ?)',
                       [(1, 'ada', 36, 1.65), (2, 'alan', 41, 1.75), (3, 'grace', 85, 1.6)])


def pipeline():
    """The pipeline the checkpoint cases read: shuffled (seeded), batched."""
    return tf.data.Dataset.range(10).shuffle(5, seed=7).batch(2)


def keys_of(prefix):
    # Not the shapes: a serialized iterator's size varies from run to run.
    return [n for n, _ in tf.train.list_variables(prefix)]


def save_restore(fetch, saver, init=None, steps=3, more=2):
    """The run of a checkpoint case: `steps` elements, saved, `more` elements; in a new session (initialized)
    restored, the elements to the end; with the checkpoint's keys."""
    prefix = os.path.join(TMP, 'model.ckpt')
    init_vars = tf.global_variables_initializer()

    def run():
        with tf.Session() as sess:
            sess.run(init_vars)
            if init is not None:
                sess.run(init)
            before = [value_json(sess.run(fetch)) for _ in range(steps)]
            saver.save(sess, prefix)
            after = [value_json(sess.run(fetch)) for _ in range(more)]
        with tf.Session() as sess:
            # An initializable iterator restores once initialized (to be replaced by the checkpoint's state).
            if init is not None:
                sess.run(init)
            saver.restore(sess, prefix)
            restored = run_until_end(fetch, sess=sess)
        return [before, after, restored], keys_of(prefix)
    return run


def saveable_initializable():
    it = tf.data.make_initializable_iterator(pipeline())
    nxt = it.get_next()
    tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS, tf.data.experimental.make_saveable_from_iterator(it))
    return save_restore(nxt, tf.train.Saver(), it.initializer)


def saveable_one_shot():
    # A variable saved with the iterator; the policy as an enum; the saveable given to the Saver in its var_list.
    v = tf.Variable(3.0, name='v')
    ds = tf.data.Dataset.range(6).map(lambda x: x * 2)
    it = tf.data.make_one_shot_iterator(ds)
    nxt = it.get_next()
    with tf.name_scope('ckpt'):
        saveable = tf.data.experimental.make_saveable_from_iterator(
            it, external_state_policy=tf.data.experimental.ExternalStatePolicy.WARN)
    return save_restore(nxt + tf.cast(v, tf.int64), tf.train.Saver([v, saveable]), steps=2)


def saveable_ignore():
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(([1, 2, 3, 4], ['a', 'b', 'c', 'd'])))
    nxt = it.get_next()
    tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS,
                         tf.data.experimental.make_saveable_from_iterator(it, 'ignore'))
    return save_restore(nxt, tf.train.Saver(sharded=True), it.initializer, steps=1, more=1)


def snapshot():
    x = tf.data.experimental
    r = tf.data.Dataset.range(6).map(lambda v: v * v)
    plain = r.apply(x.snapshot(os.path.join(TMP, 'snap')))
    gz = r.apply(x.snapshot(os.path.join(TMP, 'snap_gz'), compression='GZIP',
                            reader_func=lambda ds: ds.interleave(lambda d: d, cycle_length=1),
                            shard_func=lambda v: v % 2))
    fetch = [tf.data.make_one_shot_iterator(ds).get_next() for ds in [plain, gz, plain]]
    specs = [str(ds.element_spec) for ds in [plain, gz]]

    # The second pass over a snapshot reads it (sorted: the order of the shards' reads is not the input's).
    def run():
        first = [run_until_end(t) for t in fetch[:2]]
        return first + [sorted(run_until_end(fetch[2]))], specs
    return run


def legacy_map_and_batch():
    x = tf.data.experimental
    r = tf.data.Dataset.range(7)
    return fetch_all([
        r.apply(x.map_and_batch_with_legacy_function(lambda v: v * 2, 3)),
        r.apply(x.map_and_batch_with_legacy_function(lambda v: (v, tf.cast(v, tf.float32) / 2), 2,
                                                     num_parallel_batches=2, drop_remainder=True)),
    ])


def sql():
    x = tf.data.experimental
    return fetch_all([
        x.SqlDataset('sqlite', DB, 'SELECT name, age, height FROM people ORDER BY id', (tf.string, tf.int32, tf.float64)),
        x.SqlDataset('sqlite', DB, 'SELECT age FROM people WHERE age > 40', tf.int64).map(lambda a: a + 1),
    ])


GRAPHS = [saveable_initializable, saveable_one_shot, saveable_ignore, snapshot, legacy_map_and_batch, sql]


def python_checkpoint():
    """A checkpoint of saveable_initializable's pipeline after 3 elements (in DATA), and the elements after it."""
    with tf.Graph().as_default():
        it = tf.data.make_initializable_iterator(pipeline())
        nxt = it.get_next()
        tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS, tf.data.experimental.make_saveable_from_iterator(it))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(it.initializer)
            for _ in range(3):
                sess.run(nxt)
            saver.save(sess, os.path.join(DATA, 'ckpt'), write_meta_graph=False, write_state=False)
            return run_until_end(nxt, sess=sess)


def monitored():
    """MonitoredTrainingSession's checkpoints (CheckpointSaverHook, default Saver) of a pipeline's iterator with a
    global step: 3 steps, stopped (saved at its end); resumed, the 2 elements left: the elements and steps of each
    run."""
    ckpt_dir = os.path.join(TMP, 'mts')
    runs = []
    for steps in [3, 2]:
        with tf.Graph().as_default():
            step = tf.train.get_or_create_global_step()
            it = tf.data.make_one_shot_iterator(pipeline())
            nxt = it.get_next()
            tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS, tf.data.experimental.make_saveable_from_iterator(it))
            train = tf.assign_add(step, 1)
            with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt_dir, save_checkpoint_steps=2,
                                                   save_summaries_steps=None, log_step_count_steps=None) as sess:
                runs.append([value_json(sess.run([nxt, train])) for _ in range(steps)])
    return runs


def structures():
    """The deprecated *Structure names' specs, as Python prints them."""
    x = tf.data.experimental
    return [str(s) for s in [
        x.TensorArrayStructure(tf.int32, [2], True, False), x.RaggedTensorStructure(tf.float32, [None, None, 3], 1),
        x.OptionalStructure(tf.TensorSpec([2], tf.int32)), x.OptionalStructure((tf.TensorSpec([], tf.string),)),
    ]] + [issubclass(x.OptionalStructure, x.Structure)]


def sql_error():
    """The run-time error of a bad query."""
    with tf.Graph().as_default():
        ds = tf.data.experimental.SqlDataset('sqlite', DB, 'SELECT nothing FROM people', (tf.string,))
        with tf.Session() as sess:
            try:
                sess.run(tf.data.make_one_shot_iterator(ds).get_next())
            except tf.errors.OpError as e:
                return run_error(e)


def errors():
    x = tf.data.experimental
    it = lambda: tf.data.make_initializable_iterator(tf.data.Dataset.range(3))  # noqa: E731
    r = lambda: tf.data.Dataset.range(3)  # noqa: E731
    return errors_of({
        'policy': lambda: x.make_saveable_from_iterator(it(), 'never'),
        'ragged_rank': lambda: x.RaggedTensorStructure(tf.float32, [2], 1),
        'legacy_both': lambda: r().apply(x.map_and_batch_with_legacy_function(lambda v: v, 2, num_parallel_batches=1,
                                                                               num_parallel_calls=2)),
        'shard_func_float': lambda: r().apply(x.snapshot(TMP, shard_func=lambda v: tf.cast(v, tf.float32))),
        'shard_func_vector': lambda: r().apply(x.snapshot(TMP, shard_func=lambda v: tf.stack([v, v]))),
    })


def strip(x):
    """`x` with this script's directories as `<data>` and `<tmp>`."""
    if isinstance(x, str):
        return x.replace(DATA, '<data>').replace(TMP, '<tmp>')
    if isinstance(x, list):
        return [strip(v) for v in x]
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items()}
    return x


def main():
    write_data()
    out = record_graphs(GRAPHS)
    out['python_checkpoint'] = python_checkpoint()
    out['monitored'] = monitored()
    out['sql_error'] = sql_error()
    out['structures'] = structures()
    out['errors'] = errors()
    out['cpu_count'] = os.cpu_count()
    write_fixture(strip(out), OUT, compact=True)
    shutil.rmtree(TMP)


if __name__ == '__main__':
    main()
