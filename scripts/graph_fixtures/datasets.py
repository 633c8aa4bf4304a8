"""TF1's tf.data input pipelines (tf.compat.v1.data, graph mode) built and run with TF 2.21, for
test/data.test.ts to build and run the same in TypeScript.

For each graph: io_ops.py's record_all (ops, collections, placement, attrs, Const values), each
function attr as '<fn>' (function names carry a hash) and, per op that takes a function, the
distinct op types of the function's body (but the Identity and NoOp nodes tf.function adds on
returns and for automatic control dependencies; Defun's capture by value copies a Const once per
use). For the pipelines: the elements a session gets until OutOfRangeError. Also the errors of bad arguments,
and the losses of a linear model trained by a MonitoredTrainingSession until its dataset runs out.

Writes test/fixtures/graph_layer/datasets.json and the data files under
test/fixtures/graph_layer/datasets/ (records.tfrecord, lines.txt, fixed.bin).
Run: .venv-tf/bin/python scripts/graph_fixtures/datasets.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from input_pipelines import train_to_end
from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'datasets.json')
DATA = os.path.normpath(os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'datasets'))
TFRECORD = os.path.join(DATA, 'records.tfrecord')
TEXT = os.path.join(DATA, 'lines.txt')
FIXED = os.path.join(DATA, 'fixed.bin')

X = np.arange(12, dtype=np.float32).reshape(6, 2)
Y = np.arange(6, dtype=np.int32) * 10


def write_data():
    os.makedirs(DATA, exist_ok=True)
    with tf.io.TFRecordWriter(TFRECORD) as w:
        for i in range(3):
            f = {'x': tf.train.Feature(float_list=tf.train.FloatList(value=[i, i + 0.5])),
                 'y': tf.train.Feature(int64_list=tf.train.Int64List(value=[10 * i]))}
            w.write(tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString(deterministic=True))
    with open(TEXT, 'w') as f:
        f.write('first line\nsecond\n\nlast')
    with open(FIXED, 'wb') as f:
        f.write(b'HD' + b'abcdefghijkl' + b'F')


# --- graphs: each builder returns what runs it, after the graph is recorded ----------------------------------------------------------

def graph_json(g):
    out = record_all(g)
    functions = {}
    lib = {f.signature.name: f for f in g.as_graph_def().library.function}
    for op in g.get_operations():
        for k, v in out['attrs'].get(op.name, {}).items():
            if 'func' in v:
                out['attrs'][op.name][k] = '<fn>'
                functions[op.name] = sorted({n.op for n in lib[v['func']['name']].node_def} - {'Identity', 'NoOp'})
    out['functions'] = functions
    for c in out['consts'].values():
        c['value'] = [v.replace(DATA, '<data>') if isinstance(v, str) else v for v in c['value']]
    return out


def run_all(fetch, init=None, reinit=0, feed=None):
    """The values of `fetch` in a new session until OutOfRangeError (after `init` if given, run with `feed`); with
    `reinit`, `init` again and that many more."""
    with tf.Session() as sess:
        if init is not None:
            sess.run(init, feed)
        values = []
        try:
            while True:
                values.append(value_json(sess.run(fetch)))
        except tf.errors.OutOfRangeError:
            pass
        if reinit:
            sess.run(init)
            values.append([value_json(sess.run(fetch)) for _ in range(reinit)])
        return values


def pipeline():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).shuffle(10, seed=3).batch(4).repeat(2)
    it = tf.data.make_initializable_iterator(ds)
    x, y = it.get_next()
    it.string_handle()
    return lambda: (run_all([x, y], it.initializer, reinit=2), [x.shape.as_list(), y.shape.as_list()])


def sources():
    a = tf.data.Dataset.from_tensors({'a': [1, 2], 'b': 'x'})
    r = tf.data.Dataset.range(10)
    r2 = tf.data.Dataset.range(2, 10, 3, output_type=tf.int32)
    z = tf.data.Dataset.zip((r, r2))
    chained = z.take(3).skip(1).prefetch(2).cache().cache('').shard(2, 0)
    joined = z.concatenate(z)
    dropped = r.batch(3, drop_remainder=True)
    padded = tf.data.Dataset.from_tensor_slices(np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], np.int32)).padded_batch(
        2, padded_shapes=[5])
    repeated = r.repeat(2).take(12)
    fetch = {}
    for name, ds in (('a', a), ('chained', chained), ('joined', joined), ('dropped', dropped), ('padded', padded),
                     ('repeated', repeated)):
        fetch[name] = tf.data.make_one_shot_iterator(ds).get_next()
    shapes = {'dropped': dropped.output_shapes.as_list(), 'padded': padded.output_shapes.as_list(),
              'types': [t.name for t in z.output_types]}
    return lambda: ({name: run_all(t) for name, t in fetch.items()}, shapes)


def seeded():
    tf.set_random_seed(5)
    a = tf.data.Dataset.range(8).shuffle(8)
    b = tf.data.Dataset.range(8).shuffle(8, seed=7, reshuffle_each_iteration=False)
    first = tf.data.make_one_shot_iterator(a.batch(8)).get_next()
    c = tf.data.Dataset.range(8).shuffle(8)
    it = tf.data.make_initializable_iterator(c.batch(8))
    rest = it.get_next()
    bn = tf.data.make_one_shot_iterator(b.batch(8)).get_next()

    def run():
        with tf.Session() as sess:
            sess.run(it.initializer)
            return [value_json(sess.run(t)) for t in (first, rest, bn)], None
    return run


def feedable():
    train = tf.data.Dataset.range(100).make_one_shot_iterator()
    val = tf.data.Dataset.range(100, 200).make_one_shot_iterator()
    handle = tf.placeholder(tf.string, [], name='handle')
    it = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    nxt = it.get_next(name='next')
    shared = tf.data.Iterator.from_structure({'v': tf.int64}, {'v': []}, shared_name='common')
    init_a = shared.make_initializer(tf.data.Dataset.from_tensors({'v': tf.constant(7, tf.int64)}))
    init_b = shared.make_initializer(tf.data.Dataset.range(3).map(lambda v: {'v': v}), name='from_range')
    v = shared.get_next()

    def run():
        with tf.Session() as sess:
            th, vh = sess.run([train.string_handle(), val.string_handle()])
            steps = [value_json(sess.run(nxt, {handle: h})) for h in (th, th, vh, th, vh)]
            sess.run(init_a)
            a = value_json(sess.run(v))
            sess.run(init_b)
            b = [value_json(sess.run(v)) for _ in range(3)]
        return [steps, a, b], None
    return run


def functions():
    r = tf.data.Dataset.range(6)
    unbatched = r.batch(3, drop_remainder=True).unbatch()
    doubled = r.map(lambda x: x * 2)
    pairs = tf.data.Dataset.from_tensor_slices((X, Y)).map(lambda x, y: (tf.reduce_sum(x), y + 1), num_parallel_calls=2)
    evens = r.filter(lambda x: tf.equal(x % 2, 0))
    fetch = [tf.data.make_one_shot_iterator(ds).get_next() for ds in (unbatched, doubled, pairs, evens)]
    shapes = [unbatched.output_shapes.as_list(), [s.as_list() for s in pairs.output_shapes]]
    return lambda: ([run_all(t) for t in fetch], shapes)


FEATURES = {'x': tf.FixedLenFeature([2], tf.float32), 'y': tf.FixedLenFeature([], tf.int64)}


def readers():
    records = tf.data.TFRecordDataset(TFRECORD).map(lambda s: tf.parse_single_example(s, FEATURES)).batch(2)
    lines = tf.data.TextLineDataset([TEXT, TEXT], buffer_size=64)
    fixed = tf.data.FixedLengthRecordDataset(FIXED, 4, header_bytes=2, footer_bytes=1)
    fetch = [tf.data.make_one_shot_iterator(ds).get_next() for ds in (records, lines, fixed)]
    return lambda: ([run_all(t) for t in fetch], None)


def captures():
    """Functions that read tensors of the outer graph: the tensors become the ops' other_arguments, fed when the
    iterator starts (a fed placeholder too, through an initializable iterator)."""
    scale = tf.constant(3, tf.int64, name='scale')
    offset = tf.placeholder(tf.int64, [], name='offset')
    limit = tf.constant(5, tf.int64, name='limit')
    ds = tf.data.Dataset.range(4).map(lambda x: x * scale + offset).filter(lambda x: x > limit)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    rows = tf.data.Dataset.range(2).flat_map(lambda x: tf.data.Dataset.from_tensors(x + scale).repeat(2))
    one_shot = tf.data.make_one_shot_iterator(rows).get_next()

    return lambda: ([run_all(nxt, it.initializer, feed={offset: fed}) for fed in (1, 10)] + [run_all(one_shot)], None)


GRAPHS = (pipeline, sources, seeded, feedable, functions, readers, captures)


def errors():
    r = lambda: tf.data.Dataset.range(3)  # noqa: E731
    return errors_of({
        'slices_dims': lambda: tf.data.Dataset.from_tensor_slices((np.zeros([3]), np.zeros([2]))),
        'slices_scalar': lambda: tf.data.Dataset.from_tensor_slices(1.0),
        'concatenate_types': lambda: r().concatenate(tf.data.Dataset.from_tensors('a')),
        'concatenate_structure': lambda: tf.data.Dataset.zip((r(), r())).concatenate(r()),
        'zip_not_dataset': lambda: tf.data.Dataset.zip((r(), 1)),
        'one_shot_initializer': lambda: tf.data.make_one_shot_iterator(r()).initializer,
        'initializer_types': lambda: tf.data.Iterator.from_structure(tf.int32).make_initializer(r()),
        'initializer_shapes': lambda: tf.data.Iterator.from_structure(tf.int64, [2]).make_initializer(r()),
        'unbatch_scalar': lambda: r().unbatch(),
        'filter_not_bool': lambda: r().filter(lambda x: x),
        # A one-shot iterator's function copies the dataset's ops by value: no placeholders, no state.
        'one_shot_placeholder': lambda: tf.data.make_one_shot_iterator(
            tf.data.Dataset.from_tensor_slices(tf.placeholder(tf.float32, [None], 'xs'))),
        'one_shot_variable': lambda: tf.data.make_one_shot_iterator(
            tf.data.Dataset.from_tensors(tf.Variable([1.0, 2.0], name='v'))),
    })


def train_linear():
    """A linear model trained on shuffled batches of 2 epochs until the dataset runs out."""
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices((X, np.arange(6, dtype=np.float32))).shuffle(6, seed=1).batch(4).repeat(2)
        xb, yb = tf.data.make_one_shot_iterator(ds).get_next()
        w = tf.Variable(tf.zeros([2, 1]), name='w')
        loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - tf.reshape(yb, [-1, 1])))
        gs = tf.train.get_or_create_global_step()
        train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss, global_step=gs)
        result = train_to_end(train_op, loss, lambda ckpt_dir: {
            'w': tf.train.load_variable(ckpt_dir, 'w'), 'global_step': tf.train.load_variable(ckpt_dir, 'global_step')})
        return {k: [value_json(l) for l in v] if k == 'losses' else value_json(v) for k, v in result.items()}


def record_graphs(graphs, record=graph_json, values=lambda v: v):
    """{'graphs', 'values', 'specs'} of the graph functions in `graphs`: each graph recorded before its run (a
    session adds empty collections to it), then the (values, specs) of the run function it returns."""
    out = {'graphs': {}, 'values': {}, 'specs': {}}
    for fn in graphs:
        with tf.Graph().as_default() as g:
            run = fn()
            out['graphs'][fn.__name__] = record(g)
            v, out['specs'][fn.__name__] = run()
            out['values'][fn.__name__] = values(v)
    return out


def losses_until_end(train_op, loss, w):
    """{'losses', 'w'}: `train_op` run in a plain session until its input runs out, then w's value."""
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        try:
            while True:
                losses.append(value_json(sess.run([train_op, loss])[1]))
        except tf.errors.OutOfRangeError:
            pass
        return {'losses': losses, 'w': value_json(sess.run(w))}


def main():
    write_data()
    out = {'graphs': {}, 'values': {}, 'shapes': {}}
    for fn in GRAPHS:
        g = tf.Graph()
        with g.as_default():
            run = fn()
            # Recorded before running: a session adds empty collections to the graph.
            out['graphs'][fn.__name__] = graph_json(g)
            out['values'][fn.__name__], out['shapes'][fn.__name__] = run()
    out['errors'] = errors()
    out['train_linear'] = train_linear()
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
