"""TF1's queue-based readers and Example parsing, built with TF1 Python, for test/io_ops.test.ts.

For each graph: its ops (name, type, inputs, sorted control inputs), collections and placement as
names.py records them, plus every non-Const op's attrs (proto3 JSON) and every Const's value. For
the pipelines: what running them on the data files gives, step by step, up to the end of input.
Also the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/io_ops.json and the data files under test/fixtures/io_ops/
(examples.tfrecord, examples.tfrecord.gz, data.csv, records.bin).
Run: .venv-tf/bin/python scripts/graph_fixtures/io_ops.py
"""
import json
import os
import struct

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import json_format
from tensorflow.python.ops import gen_io_ops, io_ops

from names import record

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'io_ops.json')
DATA = os.path.normpath(os.path.join(ROOT, 'test', 'fixtures', 'io_ops'))
TFRECORD = os.path.join(DATA, 'examples.tfrecord')
TFRECORD_GZ = os.path.join(DATA, 'examples.tfrecord.gz')
CSV = os.path.join(DATA, 'data.csv')
BIN = os.path.join(DATA, 'records.bin')
# Python adds this to ops used in control_dependencies, for usage statistics; nothing reads it.
TELEMETRY_ATTR = '_has_manual_control_dependencies'


# --- data files ------------------------------------------------------------------------------

def example(i):
    """Record i: x always; y, s and 'odd key!' left out of some, so that defaults show."""
    f = {'x': tf.train.Feature(float_list=tf.train.FloatList(value=[i, i + 0.5, -i]))}
    if i != 2:
        f['y'] = tf.train.Feature(int64_list=tf.train.Int64List(value=[10 * i]))
    if i % 2 == 0:
        f['s'] = tf.train.Feature(bytes_list=tf.train.BytesList(value=[b'r%d' % i, b'z']))
    if i != 1:
        f['odd key!'] = tf.train.Feature(int64_list=tf.train.Int64List(value=[i * i]))
    # Deterministic: map entries in key order, so that the files come out the same each time.
    return tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString(deterministic=True)


def write_data():
    os.makedirs(DATA, exist_ok=True)
    for path, options in ((TFRECORD, None), (TFRECORD_GZ, tf.io.TFRecordOptions('GZIP'))):
        with tf.io.TFRecordWriter(path, options) as w:
            for i in range(4):
                w.write(example(i))
    with open(CSV, 'w', newline='') as f:
        f.write('name,count,score,tag\n"alpha, a",3,1.5,x\nbeta,,2.25,\ngamma,7,,"q""uoted"\n')
    with open(BIN, 'wb') as f:
        f.write(b'HDR!' + b''.join(struct.pack('>ff', i + 0.25, -2.0 * i) for i in range(3)) + b'\xff\xfe')


# --- recording -------------------------------------------------------------------------------

def value_json(v):
    """A host value as JSON: bytes as latin-1 text (so any bytes round-trip), int64 as numbers
    (all small here), arrays as nested lists."""
    if isinstance(v, np.ndarray):
        return [value_json(x) for x in v] if v.ndim else value_json(v.item())
    if isinstance(v, (list, tuple)):
        return [value_json(x) for x in v]
    if isinstance(v, dict):
        return {k: value_json(x) for k, x in sorted(v.items())}
    if isinstance(v, bytes):
        return v.decode('latin-1').replace(DATA, '<data>')
    if isinstance(v, np.generic):
        return v.item()
    return v


def const_json(op):
    arr = tf.make_ndarray(op.get_attr('value'))
    return {'dtype': op.get_attr('dtype').name, 'shape': list(arr.shape), 'value': value_json(arr.flatten())}


def attrs_json(op):
    node = op.node_def
    return {k: json_format.MessageToDict(node.attr[k]) for k in sorted(node.attr)
            if k not in ('_class', TELEMETRY_ATTR)}


def record_all(g):
    """names.py's record, with every non-Const op's attrs and every Const's value."""
    out = record(g)
    out['attrs'] = {op.name: attrs_json(op) for op in g.get_operations() if op.type != 'Const'}
    out['consts'] = {op.name: const_json(op) for op in g.get_operations() if op.type == 'Const'}
    return out


def error_json(e):
    """A run error: its class, node and TF's message without what Python adds around it (where
    the node was defined) and TF's node line after it."""
    message = e.message.split("Node: '%s'\n" % e.op.name, 1)[-1].split('\n\t [[')[0]
    return {'class': type(e).__name__, 'node': e.op.name, 'message': message}


# --- graphs ----------------------------------------------------------------------------------

FEATURES = {
    'x': tf.FixedLenFeature([3], tf.float32),
    'y': tf.FixedLenFeature([], tf.int64, default_value=7),
    's': tf.FixedLenFeature([2], tf.string, default_value=['a', 'b']),
    'odd key!': tf.FixedLenFeature([1], tf.int64, default_value=[-1]),
}
CSV_DEFAULTS = [['?'], np.array([-1], np.int32), [0.5], ['none']]


def readers():
    q = tf.FIFOQueue(10, tf.string)
    r = tf.TFRecordReader()
    r.read(q)
    r.read(q.queue_ref, name='read_from_handle')
    r.read_up_to(q, 4)
    r.num_records_produced()
    r.num_work_units_completed(name='done')
    r.restore_state(r.serialize_state())
    r.reset()
    tf.TFRecordReader(name='gz', options='GZIP')
    tf.TFRecordReader(options=tf.io.TFRecordOptions('ZLIB'))
    tf.TextLineReader(skip_header_lines=1).read(q)
    tf.TextLineReader().read_up_to(q, 2, name='lines')
    tf.WholeFileReader(name='whole').read(q)
    tf.FixedLengthRecordReader(8, header_bytes=4, footer_bytes=2, hop_bytes=4).read(q)
    tf.FixedLengthRecordReader(16, encoding='ZLIB', name='fixed_z')
    ident = tf.IdentityReader()
    ident.read(q)
    ident.reset(name='again')
    # A reader of the old string-ref kind reads through a FakeQueue.
    legacy = io_ops.ReaderBase(gen_io_ops.whole_file_reader(name='legacy'))
    legacy.read(q)
    legacy.read_up_to(q, 3)
    legacy.num_records_produced()
    legacy.reset()


def parse_single():
    q = tf.FIFOQueue(10, tf.string)
    _, serialized = tf.TFRecordReader().read(q)
    tf.parse_single_example(serialized, FEATURES)
    tf.parse_single_example(serialized, {'m': tf.FixedLenFeature([2, 2], tf.float32, [[1, 2], [3, 4]])},
                            name='matrix')
    tf.parse_single_example(serialized, {'d': tf.FixedLenFeature([], tf.float32, tf.constant(0.5, name='dflt'))},
                            example_names='ex0')
    # Of unknown rank: a scalar is asserted at run time.
    tf.parse_single_example(tf.placeholder(tf.string, name='any'), {'x': FEATURES['x']}, name='named')
    tf.parse_single_example(example(0), {'y': FEATURES['y']})


def parse_batch():
    batch = tf.placeholder(tf.string, [None], name='batch')
    tf.parse_example(batch, FEATURES)
    tf.parse_example(batch, {'x': FEATURES['x'], 'y': FEATURES['y']}, name='named', example_names=['a', 'b'])
    tf.parse_example([example(1), example(2)], {'s': FEATURES['s']})


def decode():
    raw = tf.placeholder(tf.string, name='raw')
    tf.decode_raw(raw, tf.int16)
    tf.decode_raw(raw, tf.float32, little_endian=False, name='big')
    line = tf.placeholder(tf.string, name='line')
    tf.decode_csv(line, CSV_DEFAULTS)
    tf.decode_csv(line, [[''], []], field_delim=';', use_quote_delim=False, na_value='NA', select_cols=[0, 2],
                  name='csv')
    tf.decode_csv(line, [tf.constant([2], tf.int64, name='two'), tf.constant('s')])


# --- pipelines: graphs run on the data files --------------------------------------------------

def queue_of(files):
    """A string FIFOQueue and the ops that fill and close it (made after the readers' ops)."""
    q = tf.FIFOQueue(10, tf.string)
    return q, lambda: [q.enqueue_many([files]), q.close()]


def run_to_end(g, fill, fetch, after=None):
    """Fills the queue (then closes it), runs `fetch` until OutOfRangeError, then `after`."""
    with tf.Session(graph=g) as sess:
        for op in fill:
            sess.run(op)
        steps = []
        try:
            while True:
                steps.append(value_json(sess.run(fetch)))
        except tf.errors.OutOfRangeError as e:
            end = error_json(e)
        return {'steps': steps, 'end': end, 'after': value_json(sess.run(after)) if after is not None else None}


def tfrecord_single(g):
    q, fill = queue_of([TFRECORD, TFRECORD])
    reader = tf.TFRecordReader()
    key, serialized = reader.read(q)
    features = tf.parse_single_example(serialized, FEATURES)
    return run_to_end(g, fill(), [key, features], [reader.num_records_produced(), reader.num_work_units_completed()])


def tfrecord_gzip_batch(g):
    q, fill = queue_of([TFRECORD_GZ])
    keys, values = tf.TFRecordReader(options='GZIP').read_up_to(q, 3)
    return run_to_end(g, fill(), [keys, tf.parse_example(values, FEATURES)])


def csv_lines(g):
    q, fill = queue_of([CSV])
    key, line = tf.TextLineReader(skip_header_lines=1).read(q)
    return run_to_end(g, fill(), [key, line, tf.decode_csv(line, CSV_DEFAULTS)])


def fixed_length(g):
    q, fill = queue_of([BIN])
    key, value = tf.FixedLengthRecordReader(8, header_bytes=4, footer_bytes=2).read(q)
    return run_to_end(g, fill(), [key, tf.decode_raw(value, tf.float32, little_endian=False),
                                  tf.decode_raw(value, tf.int16)])


def whole_file(g):
    q, fill = queue_of([CSV, BIN])
    return run_to_end(g, fill(), tf.WholeFileReader().read(q))


def legacy_whole_file(g):
    q, fill = queue_of([BIN])
    reader = io_ops.ReaderBase(gen_io_ops.whole_file_reader(name='legacy'))
    return run_to_end(g, fill(), reader.read(q), reader.num_records_produced())


def identity_state(g):
    """Reads, saves the state, reads on, resets, restores: each step's result in order."""
    q = tf.FIFOQueue(10, tf.string)
    reader = tf.IdentityReader()
    read = reader.read(q)
    state = reader.serialize_state()
    counts = [reader.num_records_produced(), reader.num_work_units_completed()]
    saved = tf.placeholder(tf.string, [], name='saved')
    restore = reader.restore_state(saved)
    reset = reader.reset()
    fill = [q.enqueue_many([['w0', 'w1', 'w2']]), q.close()]
    with tf.Session(graph=g) as sess:
        for op in fill:
            sess.run(op)
        steps = [['read', sess.run(read)]]
        s = sess.run(state)
        steps.append(['state', list(s)])
        steps.append(['read', sess.run(read)])
        steps.append(['counts', sess.run(counts)])
        sess.run(reset)
        steps.append(['counts', sess.run(counts)])
        sess.run(restore, {saved: s})
        steps.append(['counts', sess.run(counts)])
        steps.append(['read', sess.run(read)])
        try:
            sess.run(read)
        except tf.errors.OutOfRangeError as e:
            steps.append(['end', error_json(e)])
    return {'steps': value_json(steps)}


def run_errors(g):
    """Failures at run time: a required feature missing, a reader that cannot serialize."""
    q, fill = queue_of([TFRECORD])
    _, serialized = tf.TFRecordReader().read(q)
    missing = tf.parse_single_example(serialized, {'missing': tf.FixedLenFeature([1], tf.float32)})
    text_state = tf.TextLineReader().serialize_state()
    out = {}
    with tf.Session(graph=g) as sess:
        for op in fill():
            sess.run(op)
        for name, t in (('missing_feature', missing), ('text_line_serialize', text_state)):
            try:
                sess.run(t)
            except tf.errors.OpError as e:
                out[name] = error_json(e)
    return out


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def s():
        return tf.constant(example(0))
    cases = {
        'empty_single': lambda: tf.parse_single_example(s(), {}),
        'empty_batch': lambda: tf.parse_example([example(0)], {}),
        'not_scalar': lambda: tf.parse_single_example(tf.placeholder(tf.string, [2]), FEATURES),
        'no_shape': lambda: tf.parse_single_example(s(), {'x': tf.FixedLenFeature(None, tf.float32)}),
        'no_dtype': lambda: tf.parse_single_example(s(), {'x': tf.FixedLenFeature([2], None)}),
        'first_dim_unknown': lambda: tf.parse_single_example(s(), {'x': tf.FixedLenFeature([None, 2], tf.float32)}),
        'dim_unknown': lambda: tf.parse_single_example(s(), {'x': tf.FixedLenFeature([2, None], tf.float32)}),
        'bad_dtype': lambda: tf.parse_single_example(s(), {'x': tf.FixedLenFeature([2], tf.int32)}),
        'default_wrong_size': lambda: tf.parse_single_example(
            s(), {'x': tf.FixedLenFeature([2], tf.float32, [1.0, 2.0, 3.0])}),
        'csv_cols_not_increasing': lambda: tf.decode_csv('a,b', [[''], ['']], select_cols=[1, 1]),
        'csv_cols_negative': lambda: tf.decode_csv('a,b', [[''], ['']], select_cols=[-1, 1]),
        'csv_cols_length': lambda: tf.decode_csv('a,b', [[''], ['']], select_cols=[0]),
        'bad_compression': lambda: tf.TFRecordReader(options='LZ4'),
    }
    return errors_of(cases)


def errors_of(cases):
    """{name: the ValueError, TypeError, AttributeError or OpError (a check made while building) its function raises
    in a new graph (class, message)}."""
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            try:
                fn()
                raise AssertionError(name + ' did not raise')
            except (ValueError, TypeError, AttributeError, tf.errors.OpError) as e:
                out[name] = {'class': type(e).__name__, 'message': str(e)}
    return out


def write_fixture(out, path, compact=False):
    """Writes a fixture as the scripts importing this one do: JSON indented by one (compact where
    op-by-op records would make it several times larger), a final newline."""
    with open(path, 'w') as f:
        json.dump(out, f, **({'separators': (',', ':')} if compact else {'indent': 1}))
        f.write('\n')
    print('wrote', path)


def main():
    write_data()
    out = {'graphs': {}, 'runs': {}}
    for fn in (readers, parse_single, parse_batch, decode):
        g = tf.Graph()
        with g.as_default():
            fn()
        out['graphs'][fn.__name__] = record_all(g)
    for fn in (tfrecord_single, tfrecord_gzip_batch, csv_lines, fixed_length, whole_file, legacy_whole_file,
               identity_state, run_errors):
        g = tf.Graph()
        with g.as_default():
            out['runs'][fn.__name__] = fn(g)
        out['graphs'][fn.__name__] = record_all(g)
    out['build_errors'] = build_errors()
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
