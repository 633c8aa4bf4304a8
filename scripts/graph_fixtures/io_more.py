"""tf.train's Example protos, TFRecord files (plain and compressed) and TF1's tf.io graph ops, built
with TF 2.21, for test/io_more.test.ts.

- protos: Examples and SequenceExamples as Python builds them, their deterministic serialization
  (map entries by key: Python's default order is seeded per process) and, for those of one key per
  map, the default serialization and str().
- records: the TFRecord files Python's TFRecordWriter writes for the same records, uncompressed,
  GZIP and ZLIB (written to test/fixtures/graph_layer/io_more/).
- graphs: serialize/parse of tensors and SparseTensors, file ops, decode_compressed,
  decode_json_example, parse_sequence_example / parse_single_sequence_example and
  FixedLenSequenceFeature in parse_example, decode_proto / encode_proto, match_filenames_once: ops (as io_ops.py records them),
  static shapes and run values.
- build_errors: what bad arguments raise.

Writes test/fixtures/graph_layer/io_more.json (compact) and the files under io_more/.
Run: .venv-tf/bin/python scripts/graph_fixtures/io_more.py
"""
import base64
import os
import zlib

import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'io_more.json')
# Relative, as the graphs hold it: the test runs from the repository root too.
DATA = os.path.join('test', 'fixtures', 'graph_layer', 'io_more')

train = tf.train


def b64(b):
    return base64.b64encode(b).decode()


# --- protos ------------------------------------------------------------------------------------

def protos():
    """name -> the message, as the test builds it too."""
    floats = train.Feature(float_list=train.FloatList(value=[1.5, -2.25, 0.1, 3e38, 1e-45]))
    ints = train.Feature(int64_list=train.Int64List(value=[-1, 0, 300, 2 ** 40, 2 ** 63 - 1, -2 ** 63]))
    strs = train.Feature(bytes_list=train.BytesList(value=[b'', b'abc', b'\xff\x00\x80', 'h\u00e9llo'.encode()]))
    token = lambda *v: train.Feature(int64_list=train.Int64List(value=list(v)))  # noqa: E731
    return {
        'empty': train.Example(),
        'empty_features': train.Example(features=train.Features()),
        'one_float': train.Example(features=train.Features(feature={'x': floats})),
        'one_int': train.Example(features=train.Features(feature={'n': ints})),
        'one_bytes': train.Example(features=train.Features(feature={'s': strs})),
        'empty_lists': train.Example(features=train.Features(feature={
            'b': train.Feature(bytes_list=train.BytesList()), 'f': train.Feature(float_list=train.FloatList()),
            'i': train.Feature(int64_list=train.Int64List()), 'none': train.Feature()})),
        # Keys whose byte order is not their insertion order, nor JS's integer-key order.
        'many': train.Example(features=train.Features(feature={
            'b': floats, 'a': ints, 'B': strs, '10': token(10), '2': token(2), '\u00e4': token(3), '': token(4)})),
        'sequence': train.SequenceExample(
            context=train.Features(feature={'id': token(7), 'w': floats}),
            feature_lists=train.FeatureLists(feature_list={
                'tokens': train.FeatureList(feature=[token(1), token(3), token(-4)]),
                'words': train.FeatureList(feature=[strs]),
                'empty': train.FeatureList()})),
        'sequence_lists_only': train.SequenceExample(feature_lists=train.FeatureLists(feature_list={
            'f': train.FeatureList(feature=[floats, floats])})),
    }


def proto_records():
    out = {}
    for name, m in protos().items():
        rec = {'type': type(m).__name__, 'deterministic': b64(m.SerializeToString(deterministic=True))}
        maps = [m.features] if isinstance(m, train.Example) else [m.context, m.feature_lists]
        if all(len(getattr(x, 'feature', getattr(x, 'feature_list', {}))) <= 1 for x in maps):
            rec['plain'] = b64(m.SerializeToString())
            rec['text'] = str(m)
        out[name] = rec
    return out


# --- TFRecord files ----------------------------------------------------------------------------

def records():
    """The records of the files: Examples, an empty record and a long compressible one."""
    ps = protos()
    return [ps['one_float'].SerializeToString(), b'', ps['many'].SerializeToString(deterministic=True),
            b'abc' * 400, ps['sequence'].SerializeToString(deterministic=True)]


def write_records():
    os.makedirs(os.path.join(ROOT, DATA), exist_ok=True)
    files = {}
    for kind in ('', 'GZIP', 'ZLIB'):
        name = 'records.tfrecord' + {'': '', 'GZIP': '.gz', 'ZLIB': '.zz'}[kind]
        with tf.io.TFRecordWriter(os.path.join(ROOT, DATA, name), tf.io.TFRecordOptions(kind or None)) as w:
            for r in records():
                w.write(r)
        files[kind or 'NONE'] = name
    with open(os.path.join(ROOT, DATA, 'a.txt'), 'wb') as f:
        f.write(b'first file\n')
    with open(os.path.join(ROOT, DATA, 'b.txt'), 'wb') as f:
        f.write(b'second\x00file')
    # What Python's iterator reads back of each file.
    read = {k: [b64(r) for r in tf.io.tf_record_iterator(os.path.join(ROOT, DATA, n), k if k != 'NONE' else None)]
            for k, n in files.items()}
    return {'records': [b64(r) for r in records()], 'files': files, 'read': read}


# --- graphs ------------------------------------------------------------------------------------

COMPRESSED = zlib.compress(b'hello hello hello, tf.io!')
JSON_EXAMPLE = '{"features": {"feature": {"x": {"floatList": {"value": [1.5, 2]}}}}}'


def seq_examples():
    return [p.SerializeToString(deterministic=True) for p in
            (protos()['sequence'], train.SequenceExample(context=train.Features(feature={
                'w': train.Feature(float_list=train.FloatList(value=[9, 8, 7, 6, 5]))}), feature_lists=train.FeatureLists(
                feature_list={'tokens': train.FeatureList(feature=[train.Feature(int64_list=train.Int64List(value=[5]))] * 4),
                              'pairs': train.FeatureList(feature=[train.Feature(int64_list=train.Int64List(
                                  value=[i, -i])) for i in range(3)])})))]


def serialized_tensors():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    s = tf.io.serialize_tensor(x)
    back = tf.io.parse_tensor(s, tf.float32, name='back')
    ints = tf.io.serialize_tensor(tf.constant([[1, 2]], tf.int64), name='ints')
    return {'s': s, 'back': back, 'ints': ints, 'ints_back': tf.io.parse_tensor(ints, tf.int64)}, feeds(
        a={'x': [[1.0, -2.5, 3.0], [0.0, 4.0, 1e-3]]})


def serialized_sparse():
    sp = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [1.0, 2.0, 3.0], [3, 4])
    one = tf.io.serialize_sparse(sp)
    named = tf.serialize_sparse(sp, name='ser', out_type=tf.string)
    many = tf.io.serialize_many_sparse(sp)
    back = tf.io.deserialize_many_sparse(many, tf.float32, rank=2)
    unranked = tf.deserialize_many_sparse(tf.serialize_many_sparse(sp, name='again'), tf.float32, name='des')
    return {'one': one, 'named': named, 'many': many, 'back': back, 'unranked': unranked}, feeds(a={})


def files():
    name = tf.placeholder(tf.string, [], name='name')
    write = tf.io.write_file(name, tf.constant(b'written\x01bytes'))
    with tf.control_dependencies([write]):
        again = tf.read_file(name, name='again')
    return {
        'a': tf.io.read_file(os.path.join(DATA, 'a.txt')),
        'b': tf.read_file(os.path.join(DATA, 'b.txt'), name='rb'),
        'matches': tf.io.matching_files(os.path.join(DATA, '*.txt')),
        'several': tf.matching_files([os.path.join(DATA, 'b.*'), os.path.join(DATA, 'records.*')], name='several'),
        'again': again,
    }, feeds(a={'name': '/tmp/io_more_written.bin'})


def decoders():
    c = tf.constant(COMPRESSED)
    j = tf.placeholder(tf.string, [None], name='j')
    decoded = tf.io.decode_json_example(j)
    return {
        'inflated': tf.io.decode_compressed(c, 'ZLIB'),
        'plain': tf.decode_compressed(tf.constant([b'as is', b'']), name='plain'),
        'json': decoded,
        'parsed': tf.io.parse_example(decoded, {'x': tf.io.FixedLenFeature([2], tf.float32, default_value=[0, -1])}),
    }, feeds(a={'j': [JSON_EXAMPLE, '{}']})


def sequence_batch():
    s = tf.constant(seq_examples())
    ctx, lists, lengths = tf.io.parse_sequence_example(s, context_features={
        'id': tf.io.FixedLenFeature([], tf.int64, default_value=-1),
        'w': tf.io.FixedLenFeature([5], tf.float32),
    }, sequence_features={
        'tokens': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
        'words': tf.io.VarLenFeature(tf.string),
    })
    ctx2, lists2, lengths2 = tf.io.parse_sequence_example(s[:1], sequence_features={
        'tokens': tf.io.VarLenFeature(tf.int64),
        'f': tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
    }, example_names=['first'], name='seq')
    return {'ctx': ctx, 'lists': lists, 'lengths': lengths, 'lists2': lists2, 'lengths2': lengths2}, feeds(a={})


def sequence_single():
    s = tf.constant(seq_examples()[0])
    ctx, lists = tf.io.parse_single_sequence_example(s, context_features={
        'w': tf.io.FixedLenFeature([5], tf.float32), 'id': tf.io.VarLenFeature(tf.int64),
    }, sequence_features={
        'tokens': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
    })
    # Of unknown rank: checked to be a scalar at run time.
    unknown = tf.reshape(seq_examples()[1], tf.placeholder(tf.int32, None, name='shp'))
    ctx2, lists2 = tf.parse_single_sequence_example(unknown, sequence_features={
        'pairs': tf.io.FixedLenSequenceFeature([2], tf.int64)}, example_name='ex', name='named')
    return {'ctx': ctx, 'lists': lists, 'ctx2': ctx2, 'lists2': lists2}, feeds(
        a={'shp': []})


def example_steps():
    """FixedLenSequenceFeature in parse_example: steps padded with the default."""
    ex = [train.Example(features=train.Features(feature={'v': train.Feature(
        int64_list=train.Int64List(value=list(range(n * 2))))})).SerializeToString() for n in (2, 0, 1)]
    s = tf.constant(ex)
    return {
        'padded': tf.io.parse_example(s, {'v': tf.io.FixedLenSequenceFeature([2], tf.int64, True, default_value=-1)}),
        'zeros': tf.parse_example(s, {'v': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}, name='z'),
        'single': tf.io.parse_single_example(s[0], {'v': tf.io.FixedLenSequenceFeature([], tf.int64, True)}),
    }, feeds(a={})


def proto_ops():
    """decode_proto / encode_proto of Int64Lists, through TF's own descriptors."""
    lists = tf.constant([p.SerializeToString() for p in (train.Int64List(value=[5, -6]), train.Int64List())])
    sizes, values = tf.io.decode_proto(lists, 'tensorflow.Int64List', ['value'], [tf.int64])
    encoded = tf.io.encode_proto(sizes, values, ['value'], 'tensorflow.Int64List', name='enc')
    return {'sizes': sizes, 'values': values, 'encoded': encoded}, feeds(a={})


GRAPHS = [serialized_tensors, serialized_sparse, files, decoders, sequence_batch, sequence_single, example_steps,
          proto_ops]


def shapes_of(fetch):
    """Static shapes of the fetches; of a SparseTensor, its dense shape's."""
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def match_once():
    """match_filenames_once: a local variable, so run after the local variables' initializer."""
    with tf.Graph().as_default() as g:
        v = tf.train.match_filenames_once(os.path.join(DATA, '*.txt'))
        named = tf.io.match_filenames_once(os.path.join(DATA, 'records.*'), name='recs')
        rec = control_flow.record_all(g)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            values = [x.decode() for x in sess.run(v)], [x.decode() for x in sess.run(named)]
        return {'graph': rec, 'values': values, 'names': [v.name, named.name]}


def build_errors():
    fls = tf.io.FixedLenSequenceFeature
    seq = train.SequenceExample().SerializeToString()
    return errors_of({
        'no_features': lambda: tf.io.parse_sequence_example([seq]),
        'no_features_single': lambda: tf.io.parse_single_sequence_example(seq, {}, {}),
        'context_sequence_feature': lambda: tf.io.parse_sequence_example(
            [seq], context_features={'a': fls([2], tf.float32)}),
        'sequence_fixed_feature': lambda: tf.io.parse_sequence_example(
            [seq], sequence_features={'a': tf.io.FixedLenFeature([2], tf.float32)}),
        'sequence_default': lambda: tf.io.parse_sequence_example(
            [seq], sequence_features={'a': fls([], tf.float32, default_value=1.0)}),
        'sequence_no_shape': lambda: tf.io.parse_sequence_example([seq], sequence_features={'a': fls(None, tf.int64)}),
        'single_not_scalar': lambda: tf.io.parse_single_sequence_example(
            [seq], sequence_features={'a': fls([], tf.int64)}),
        'example_not_missing': lambda: tf.io.parse_example([seq], {'a': fls([], tf.int64)}),
        'bad_compression': lambda: tf.io.TFRecordWriter('/tmp/io_more_never.tfrecord', 'BZ2'),
        'bad_compression_options': lambda: tf.io.tf_record_iterator('/tmp/x', tf.io.TFRecordOptions('LZ4')),
    })


def main():
    tfrecord = write_records()  # also the files the graphs read
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'protos': proto_records(), 'tfrecord': tfrecord, 'compressed': b64(COMPRESSED),
           'graphs': recorded, 'values': values, 'match_once': match_once(), 'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
