"""TF1's string ops (tf.compat.v1.strings and the v1 top-level string functions) built with TF 2.21 in
graph mode, for test/string_ops.test.ts: splitting into SparseTensors (strings.split, string_split),
joins and reduce_join, lengths and substrings by byte and by UTF-8 character, regexes (the Static ops
for Python-string patterns), case and whitespace, numbers to and from strings, hash buckets, base64,
format and Unicode scripts and transcoding.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), the static shapes of its fetches (a SparseTensor's dense shape)
and what session runs of them give for each feed (a SparseTensorValue as [indices, values,
dense_shape]; bytes as latin-1 text). Then: the errors some runs give, the token ids of a text
pipeline (lines split into tokens and hashed to buckets, through tf.data), and the errors bad
arguments raise while building.

Writes test/fixtures/graph_layer/string_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/string_ops.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
# Its shapes_of gives a SparseTensor's dense shape too (tf.nest keeps it whole).
from image_ops import shapes_of
from io_ops import error_json, errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'string_ops.json')

# Fed as Python str: TF feeds them UTF-8 encoded, as the tests' JS strings are.
LINES = ['hello world', ' a  b ', '', 'héllo wörld,ß', 'x,,y', '🙂 tf1']
WORDS = ['hello', 'héllo', '', 'ab', '🙂x']
TEXTS = ['  Hello World  ', 'héllo ÉCOLE', '', 'foo bar']


def lines():
    return tf.placeholder(tf.string, [None], name='lines')


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def split_v1():
    """tf.strings.split (v1: a SparseTensor): by whitespace, by a separator, limited, of a scalar."""
    x = lines()
    out = {
        'whitespace': tf.strings.split(x),
        'comma': tf.strings.split(x, sep=','),
        'limited': tf.strings.split(x, sep=' ', maxsplit=1, name='limited'),
        'scalar': tf.strings.split('a  b c'),
        'multi_char': tf.strings.split(['1<>2<><>3', '<>'], sep='<>'),
        'sep_tensor': tf.strings.split(x, sep=tf.constant('l')),
    }
    return out, feeds(a={'lines': LINES}, empty={'lines': np.array([], str)})


def string_split():
    """TF1's tf.string_split: single-byte delimiters (each byte of sep one), empty tokens kept or not."""
    x = lines()
    out = {
        'default': tf.string_split(x),
        'delimiter': tf.string_split(x, delimiter=','),
        'keep_empty': tf.string_split(x, ',', skip_empty=False),
        'bytes': tf.string_split(['héllo', ''], sep=''),
        'delimiter_set': tf.string_split(x, sep=' ,'),
        'named': tf.string_split(x, name='words'),
    }
    return out, feeds(a={'lines': LINES})


def joins():
    a = tf.placeholder(tf.string, [2], name='a')
    b = tf.placeholder(tf.string, [2], name='b')
    m = tf.placeholder(tf.string, [2, 3], name='m')
    u = tf.placeholder(tf.string, name='u')
    out = {
        'join': tf.strings.join([a, b], separator='-'),
        'join_scalar': tf.strings.join([a, 'x']),
        'string_join': tf.string_join([a, b, a], name='sj'),
        'reduce_all': tf.strings.reduce_join(m),
        'reduce_axis': tf.strings.reduce_join(m, axis=1, separator=' '),
        'reduce_keep': tf.reduce_join(m, reduction_indices=0, keep_dims=True, separator=','),
        'reduce_keepdims': tf.strings.reduce_join(m, -1, keepdims=True, name='rj'),
        'reduce_unknown': tf.strings.reduce_join(u, separator='/'),
        'reduce_tensor_axis': tf.strings.reduce_join(m, axis=tf.constant([0, 1])),
        'segments': tf.strings.unsorted_segment_join(m, [1, 0], 3, separator='+'),
        'segments_flat': tf.strings.unsorted_segment_join(['this', 'a', 'test', 'is'], [0, 1, 1, 0], 2,
                                                          separator=' ', name='usj'),
    }
    m_value = [['a', 'b', 'é'], ['', 'd', 'e']]
    return out, feeds(a={'a': ['x', 'ü'], 'b': ['', 'z'], 'm': m_value, 'u': m_value},
                      b={'a': ['', ''], 'b': ['1', '2'], 'm': m_value, 'u': ['p', 'q', '']})


def lengths():
    w = tf.placeholder(tf.string, [5], name='words')
    t = tf.placeholder(tf.string, [4], name='texts')
    out = {
        'length': tf.strings.length(w),
        'length_utf8': tf.strings.length(w, unit='UTF8_CHAR'),
        'length_named': tf.strings.length(w, 'len'),
        'substr': tf.strings.substr(t, 1, 2),
        'substr_utf8': tf.strings.substr(t, 1, 2, unit='UTF8_CHAR', name='chars'),
        'substr_vector': tf.substr(t, [0, 1, 0, 2], [1, 1, 3, 1]),
        'substr_negative': tf.strings.substr(t, -2, 2),
        'substr_int64': tf.strings.substr(t, tf.constant(0, tf.int64), tf.constant(3, tf.int64)),
    }
    return out, feeds(a={'words': WORDS, 'texts': ['hello', 'héllo', 'ab', '🙂x']})


def regexes():
    t = tf.placeholder(tf.string, [4], name='texts')
    pattern = tf.placeholder(tf.string, [], name='pattern')
    rewrite = tf.placeholder(tf.string, [], name='rewrite')
    out = {
        'replace': tf.strings.regex_replace(t, 'l+', 'L'),
        'replace_first': tf.regex_replace(t, '[aeiou]', '_', replace_global=False),
        'replace_groups': tf.strings.regex_replace(t, r'(\w+) (\w+)', r'\2 \1', name='swap'),
        'replace_pattern': tf.strings.regex_replace(t, pattern, 'X'),
        'replace_rewrite': tf.strings.regex_replace(t, 'o', rewrite, replace_global=False),
        'full_match': tf.strings.regex_full_match(t, r'\s*h.*'),
        'full_match_tensor': tf.strings.regex_full_match(t, pattern, name='fm'),
        'strip': tf.strings.strip(t),
        'string_strip': tf.string_strip(t),
        'lower': tf.strings.lower(t),
        'upper': tf.strings.upper(t),
        'upper_utf8': tf.strings.upper(t, encoding='utf-8', name='up'),
        'lower_utf8': tf.strings.lower(t, 'utf-8'),
    }
    return out, feeds(a={'texts': TEXTS, 'pattern': '[lo]', 'rewrite': '0'},
                      b={'texts': TEXTS, 'pattern': r'\s+', 'rewrite': ''})


def numbers():
    s = tf.placeholder(tf.string, [3], name='floats')
    i = tf.placeholder(tf.string, [3], name='ints')
    x = tf.placeholder(tf.float32, [3], name='x')
    n = tf.placeholder(tf.int32, [3], name='n')
    out = {
        'to_float': tf.strings.to_number(s),
        'to_float64': tf.string_to_number(s, out_type=tf.float64, name='f64'),
        'to_int32': tf.strings.to_number(i, tf.int32),
        'to_int64': tf.string_to_number(string_tensor=i, out_type=tf.int64),
        'as_string': tf.as_string(x),
        'precision': tf.strings.as_string(x, precision=2),
        'scientific': tf.as_string(x, precision=3, scientific=True),
        'shortest': tf.as_string(x, shortest=True),
        'width': tf.as_string(n, width=5, fill='0', name='padded'),
        'width_space': tf.as_string(n, width=4),
        'bool': tf.as_string(tf.constant([True, False])),
        'string': tf.strings.as_string(['é', '']),
    }
    return out, feeds(a={'floats': ['1.5', '-2', '1e3'], 'ints': ['7', '-12', '0'], 'x': [1.5, -0.25, 1234.5678],
                         'n': [7, -12, 0]})


def hashing():
    w = tf.placeholder(tf.string, [None], name='tokens')
    out = {
        'fast': tf.strings.to_hash_bucket_fast(w, 10),
        'fast_top': tf.string_to_hash_bucket_fast(w, 1000, name='h'),
        'strong': tf.strings.to_hash_bucket_strong(w, 10, [1, 2]),
        'strong_top': tf.string_to_hash_bucket_strong(w, 2 ** 40, [7, 11], name='hs'),
        'legacy': tf.strings.to_hash_bucket(w, 7),
        'legacy_top': tf.string_to_hash_bucket(string_tensor=w, num_buckets=5),
    }
    return out, feeds(a={'tokens': WORDS + ['TensorFlow']})


def base64_format():
    t = tf.placeholder(tf.string, [4], name='texts')
    x = tf.placeholder(tf.int32, [2], name='x')
    y = tf.placeholder(tf.float32, [], name='y')
    r = tf.placeholder(tf.int32, [10], name='r')
    out = {
        'encode': tf.io.encode_base64(t),
        'encode_pad': tf.encode_base64(t, pad=True),
        'round_trip': tf.io.decode_base64(tf.io.encode_base64(t)),
        'decode': tf.decode_base64(['aGVsbG8', 'w6k_', ''], name='decoded'),
        'format': tf.strings.format('x={} y={}', [x, y]),
        'format_single': tf.strings.format('r: {}', r),
        'format_placeholder': tf.strings.format('a=%s, r=%s', (x, r), placeholder='%s', summarize=-1, name='fmt'),
        'format_summarize': tf.strings.format('{}', [r], summarize=2),
        'format_none': tf.strings.format('no tensors', []),
    }
    return out, feeds(a={'texts': TEXTS, 'x': [3, -4], 'y': 0.5, 'r': list(range(10))})


def unicode():
    c = tf.placeholder(tf.int32, [5], name='codepoints')
    t = tf.placeholder(tf.string, [4], name='texts')
    out = {
        'script': tf.strings.unicode_script(c),
        'to_utf16': tf.strings.unicode_transcode(t, 'UTF-8', 'UTF-16-BE'),
        'from_latin1': tf.strings.unicode_transcode([b'caf\xe9', b''], 'ISO-8859-1', 'UTF-8'),
        'replace': tf.strings.unicode_transcode([b'ab\xffc'], 'UTF-8', 'UTF-8', replacement_char=ord('?'), name='tc'),
        'ignore': tf.strings.unicode_transcode([b'ab\xffc'], 'UTF-8', 'UTF-32-BE', errors='ignore'),
        'control': tf.strings.unicode_transcode(['a\x01b'], 'UTF-8', 'UTF-8', replace_control_characters=True),
    }
    return out, feeds(a={'codepoints': [65, 0x3b1, 0x416, 0x4e2d, 0x1f642], 'texts': TEXTS})


GRAPHS = [split_v1, string_split, joins, lengths, regexes, numbers, hashing, base64_format, unicode]


# --- run errors: TF's kernels refusing their input -----------------------------------------------

def run_errors():
    cases = {
        'to_number': lambda: tf.strings.to_number(['1.5', 'abc']),
        'to_int32_overflow': lambda: tf.strings.to_number(['3000000000'], tf.int32),
        'substr_pos': lambda: tf.strings.substr(['abc', 'de'], 3, 1),
        'decode_base64': lambda: tf.io.decode_base64(['a$b']),
        'transcode_strict': lambda: tf.strings.unicode_transcode([b'ab\xff'], 'UTF-8', 'UTF-8', errors='strict'),
        'strong_key': lambda: tf.strings.to_hash_bucket_strong(['a'], 3, [1]),
        'regex': lambda: tf.strings.regex_full_match(['a'], '('),
    }
    out = {}
    for name, fn in cases.items():
        with tf.Graph().as_default():
            y = fn()
            with tf.Session() as sess:
                try:
                    sess.run(y)
                    raise AssertionError(name + ' ran')
                except tf.errors.OpError as e:
                    out[name] = error_json(e)
    return out


# --- a text pipeline: lines split into tokens and hashed to buckets, through tf.data ---------------

def pipeline():
    """The token ids of each line, as a one-shot iterator of a map over the lines gives them."""
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices(LINES).map(
            lambda line: tf.strings.to_hash_bucket_fast(tf.strings.split(line).values, 64))
        ids = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            return [value_json(sess.run(ids)) for _ in LINES]


# --- errors while building -------------------------------------------------------------------

def build_errors():
    cases = {
        'split_result_type': lambda: tf.strings.split(['a'], result_type='Dense'),
        'string_split_result_type': lambda: tf.string_split(['a'], result_type='list'),
        'split_sep_rank': lambda: tf.strings.split(['a b'], sep=tf.constant(['a', 'b'])),
        'split_int_input': lambda: tf.strings.split(tf.constant([1, 2])),
        'string_split_sep_and_delimiter': lambda: tf.string_split(['a'], sep=' ', delimiter=','),
        'string_split_sep_rank': lambda: tf.string_split(['a'], sep=tf.constant(['a', 'b'])),
        'string_split_rank2': lambda: tf.string_split([['a']]),
        'string_split_scalar': lambda: tf.string_split('a b'),
        'string_split_int_input': lambda: tf.string_split(tf.constant([1])),
        'length_int': lambda: tf.strings.length(tf.constant([1, 2])),
        'length_unit': lambda: tf.strings.length(['ab'], unit='CHAR'),
        'substr_unit': lambda: tf.strings.substr(['abc'], 0, 1, unit='BYTES'),
        'substr_float_pos': lambda: tf.strings.substr(['abc'], tf.constant(0.5), 1),
        'substr_pos_len_types': lambda: tf.strings.substr(['abc'], tf.constant(0), tf.constant(1, tf.int64)),
        'join_int': lambda: tf.strings.join([tf.constant(['a']), tf.constant([1])]),
        'join_shapes': lambda: tf.strings.join([tf.constant(['a', 'b']), tf.constant(['a', 'b', 'c'])]),
        'reduce_join_keep_dims_twice': lambda: tf.strings.reduce_join([['a']], keep_dims=True, keepdims=True),
        'reduce_join_axis_twice': lambda: tf.strings.reduce_join([['a']], axis=1, reduction_indices=1),
        'reduce_join_axis_range': lambda: tf.strings.reduce_join([['a']], axis=2),
        'regex_int': lambda: tf.strings.regex_full_match(tf.constant([1]), 'a'),
        'regex_replace_int': lambda: tf.strings.regex_replace(tf.constant([1]), 'a', 'b'),
        'format_count': lambda: tf.strings.format('{} and {}', [tf.constant(1)]),
        'format_count_single': lambda: tf.strings.format('{}', tf.constant(1), placeholder='%'),
        'to_number_type': lambda: tf.strings.to_number(['1'], out_type=tf.string),
        'hash_buckets_zero': lambda: tf.strings.to_hash_bucket_fast(['a'], 0),
        'hash_int': lambda: tf.strings.to_hash_bucket_fast(tf.constant([1]), 3),
        'transcode_output': lambda: tf.strings.unicode_transcode(['a'], 'UTF-8', 'LATIN1'),
        'transcode_errors': lambda: tf.strings.unicode_transcode(['a'], 'UTF-8', 'UTF-8', errors='skip'),
        'script_string': lambda: tf.strings.unicode_script(tf.constant(['a'])),
        'segment_float_ids': lambda: tf.strings.unsorted_segment_join(['a'], tf.constant([0.0]), 1),
        'decode_base64_int': lambda: tf.io.decode_base64(tf.constant([1])),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    write_fixture({'graphs': recorded, 'values': values, 'run_errors': run_errors(), 'pipeline': pipeline(),
                   'build_errors': build_errors()}, OUT, compact=True)


if __name__ == '__main__':
    main()
