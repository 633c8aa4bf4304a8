/**
 * TF1's string ops against TF1 Python (scripts/graph_fixtures/string_ops.py): splits into
 * SparseTensors, joins, lengths and substrings, regexes, case, numbers, hash buckets, base64,
 * format and Unicode, built here with the same calls, must have the same ops (names, types, inputs,
 * attrs, Const values) in the same order, the same static shapes, and session runs of them the same
 * values (unicode and empty strings among them); bad arguments TF1's build errors, bad input TF's
 * run errors. A text pipeline (lines split into tokens, hashed to buckets, through tf.data) gives
 * Python's token ids.
 */
import { DType, Graph, Output, Session, SparseTensor, data, errors, ops } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import { FixtureGraph, Json, describeTF1Graphs, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  run_errors: Record<string, { class: string; node: string; message: string }>;
  pipeline: number[][];
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('string_ops.json');
const { strings } = ops;

/** LINES of the fixture script. */
const LINES = ['hello world', ' a  b ', '', 'héllo wörld,ß', 'x,,y', '🙂 tf1'];
/** Bytes that are not UTF-8 (a JS string would be encoded). */
const bytes = (...b: number[]) => Uint8Array.from(b);

const lines = () => ops.placeholder(DType.string, [null], 'lines');
const int32 = (v: number | number[]) => ops.constant(v, { dtype: DType.int32 });

type Fetch = Record<string, Output | SparseTensor>;

const GRAPHS: Record<string, () => Fetch> = {
  split_v1: () => {
    const x = lines();
    return {
      whitespace: strings.split(x),
      comma: strings.split(x, { sep: ',' }),
      limited: strings.split(x, { sep: ' ', maxsplit: 1, name: 'limited' }),
      scalar: strings.split('a  b c'),
      multi_char: strings.split(['1<>2<><>3', '<>'], { sep: '<>' }),
      sep_tensor: strings.split(x, { sep: ops.constant('l') }),
    };
  },
  string_split: () => {
    const x = lines();
    return {
      default: ops.stringSplit(x),
      delimiter: ops.stringSplit(x, { delimiter: ',' }),
      keep_empty: ops.stringSplit(x, { sep: ',', skipEmpty: false }),
      bytes: ops.stringSplit(['héllo', ''], { sep: '' }),
      delimiter_set: ops.stringSplit(x, { sep: ' ,' }),
      named: ops.stringSplit(x, { name: 'words' }),
    };
  },
  joins: () => {
    const a = ops.placeholder(DType.string, [2], 'a');
    const b = ops.placeholder(DType.string, [2], 'b');
    const m = ops.placeholder(DType.string, [2, 3], 'm');
    const u = ops.placeholder(DType.string, undefined, 'u');
    return {
      join: strings.join([a, b], '-'),
      join_scalar: strings.join([a, 'x']),
      string_join: ops.stringJoin([a, b, a], '', 'sj'),
      reduce_all: strings.reduceJoin(m),
      reduce_axis: strings.reduceJoin(m, { axis: 1, separator: ' ' }),
      reduce_keep: ops.reduceJoin(m, { reductionIndices: 0, keepDims: true, separator: ',' }),
      reduce_keepdims: strings.reduceJoin(m, { axis: -1, keepdims: true, name: 'rj' }),
      reduce_unknown: strings.reduceJoin(u, { separator: '/' }),
      reduce_tensor_axis: strings.reduceJoin(m, { axis: int32([0, 1]) }),
      segments: strings.unsortedSegmentJoin(m, [1, 0], 3, '+'),
      segments_flat: strings.unsortedSegmentJoin(['this', 'a', 'test', 'is'], [0, 1, 1, 0], 2, ' ', 'usj'),
    };
  },
  lengths: () => {
    const w = ops.placeholder(DType.string, [5], 'words');
    const t = ops.placeholder(DType.string, [4], 'texts');
    return {
      length: strings.length(w),
      length_utf8: strings.length(w, { unit: 'UTF8_CHAR' }),
      length_named: strings.length(w, { name: 'len' }),
      substr: strings.substr(t, 1, 2),
      substr_utf8: strings.substr(t, 1, 2, { unit: 'UTF8_CHAR', name: 'chars' }),
      substr_vector: ops.substr(t, [0, 1, 0, 2], [1, 1, 3, 1]),
      substr_negative: strings.substr(t, -2, 2),
      substr_int64: strings.substr(t, ops.constant(0, { dtype: DType.int64 }), ops.constant(3, { dtype: DType.int64 })),
    };
  },
  regexes: () => {
    const t = ops.placeholder(DType.string, [4], 'texts');
    const pattern = ops.placeholder(DType.string, [], 'pattern');
    const rewrite = ops.placeholder(DType.string, [], 'rewrite');
    return {
      replace: strings.regexReplace(t, 'l+', 'L'),
      replace_first: ops.regexReplace(t, '[aeiou]', '_', false),
      replace_groups: strings.regexReplace(t, '(\\w+) (\\w+)', '\\2 \\1', true, 'swap'),
      replace_pattern: strings.regexReplace(t, pattern, 'X'),
      replace_rewrite: strings.regexReplace(t, 'o', rewrite, false),
      full_match: strings.regexFullMatch(t, '\\s*h.*'),
      full_match_tensor: strings.regexFullMatch(t, pattern, 'fm'),
      strip: strings.strip(t),
      string_strip: ops.stringStrip(t),
      lower: strings.lower(t),
      upper: strings.upper(t),
      upper_utf8: strings.upper(t, 'utf-8', 'up'),
      lower_utf8: strings.lower(t, 'utf-8'),
    };
  },
  numbers: () => {
    const s = ops.placeholder(DType.string, [3], 'floats');
    const i = ops.placeholder(DType.string, [3], 'ints');
    const x = ops.placeholder(DType.float32, [3], 'x');
    const n = ops.placeholder(DType.int32, [3], 'n');
    return {
      to_float: strings.toNumber(s),
      to_float64: ops.stringToNumber(s, DType.float64, 'f64'),
      to_int32: strings.toNumber(i, DType.int32),
      to_int64: ops.stringToNumber(i, DType.int64),
      as_string: ops.asString(x),
      precision: strings.asString(x, { precision: 2 }),
      scientific: ops.asString(x, { precision: 3, scientific: true }),
      shortest: ops.asString(x, { shortest: true }),
      width: ops.asString(n, { width: 5, fill: '0', name: 'padded' }),
      width_space: ops.asString(n, { width: 4 }),
      bool: ops.asString(ops.constant([true, false])),
      string: strings.asString(['é', '']),
    };
  },
  hashing: () => {
    const w = ops.placeholder(DType.string, [null], 'tokens');
    return {
      fast: strings.toHashBucketFast(w, 10),
      fast_top: ops.stringToHashBucketFast(w, 1000, 'h'),
      strong: strings.toHashBucketStrong(w, 10, [1, 2]),
      strong_top: ops.stringToHashBucketStrong(w, 2 ** 40, [7, 11], 'hs'),
      legacy: strings.toHashBucket(w, 7),
      legacy_top: ops.stringToHashBucket(w, 5),
    };
  },
  base64_format: () => {
    const t = ops.placeholder(DType.string, [4], 'texts');
    const x = ops.placeholder(DType.int32, [2], 'x');
    const y = ops.placeholder(DType.float32, [], 'y');
    const r = ops.placeholder(DType.int32, [10], 'r');
    return {
      encode: strings.encodeBase64(t),
      encode_pad: ops.encodeBase64(t, true),
      round_trip: strings.decodeBase64(strings.encodeBase64(t)),
      decode: ops.decodeBase64(['aGVsbG8', 'w6k_', ''], 'decoded'),
      format: strings.format('x={} y={}', [x, y]),
      format_single: strings.format('r: {}', r),
      format_placeholder: strings.format('a=%s, r=%s', [x, r], { placeholder: '%s', summarize: -1, name: 'fmt' }),
      format_summarize: strings.format('{}', [r], { summarize: 2 }),
      format_none: strings.format('no tensors', []),
    };
  },
  unicode: () => {
    const c = ops.placeholder(DType.int32, [5], 'codepoints');
    const t = ops.placeholder(DType.string, [4], 'texts');
    return {
      script: strings.unicodeScript(c),
      to_utf16: strings.unicodeTranscode(t, 'UTF-8', 'UTF-16-BE'),
      from_latin1: strings.unicodeTranscode([bytes(0x63, 0x61, 0x66, 0xe9), bytes()], 'ISO-8859-1', 'UTF-8'),
      replace: strings.unicodeTranscode([bytes(0x61, 0x62, 0xff, 0x63)], 'UTF-8', 'UTF-8', { replacementChar: 0x3f, name: 'tc' }),
      ignore: strings.unicodeTranscode([bytes(0x61, 0x62, 0xff, 0x63)], 'UTF-8', 'UTF-32-BE', { errors: 'ignore' }),
      control: strings.unicodeTranscode(['a\x01b'], 'UTF-8', 'UTF-8', { replaceControlCharacters: true }),
    };
  },
};

describe('string op graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

describe('string op run errors', () => {
  const CASES: Record<string, () => Output> = {
    to_number: () => strings.toNumber(['1.5', 'abc']),
    to_int32_overflow: () => strings.toNumber(['3000000000'], DType.int32),
    substr_pos: () => strings.substr(['abc', 'de'], 3, 1),
    decode_base64: () => strings.decodeBase64(['a$b']),
    transcode_strict: () => strings.unicodeTranscode([bytes(0x61, 0x62, 0xff)], 'UTF-8', 'UTF-8', { errors: 'strict' }),
    strong_key: () => strings.toHashBucketStrong(['a'], 3, [1]),
    regex: () => strings.regexFullMatch(['a'], '('),
  };
  it.each(Object.keys(fixture.run_errors))('%s: TF\'s run error', async (name) => {
    const graph = new Graph();
    const y = graph.asDefault(CASES[name]);
    const sess = new Session(graph);
    try {
      const e: unknown = await sess.run(y).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(errors.OpError);
      const err = e as errors.OpError;
      expect({ class: err.name, node: err.op, message: err.message.split('\n\t [[')[0] }).toEqual(fixture.run_errors[name]);
    } finally {
      await sess.close();
    }
  });
});

describe('a text pipeline', () => {
  it('splits lines into tokens and hashes them to Python\'s bucket ids, through tf.data', async () => {
    const graph = new Graph();
    const ids = graph.asDefault(() => {
      const ds = data.Dataset.fromTensorSlices(ops.constant(LINES))
        .map((line: Output) => strings.toHashBucketFast(strings.split(line).values, 64));
      return data.makeOneShotIterator(ds).getNext() as Output;
    });
    const sess = new Session(graph);
    try {
      const got = [];
      for (let i = 0; i < LINES.length; i++) got.push(jsonOf(await sess.run(ids)));
      expect(got).toEqual(fixture.pipeline);
      await expect(sess.run(ids)).rejects.toBeInstanceOf(errors.OutOfRangeError);
    } finally {
      await sess.close();
    }
  });
});

describe('string op build errors', () => {
  const i32 = (v: number[]) => int32(v);
  itThrowsTF1Errors(fixture.build_errors, {
    split_result_type: () => strings.split(['a'], { resultType: 'Dense' as never }),
    string_split_result_type: () => ops.stringSplit(['a'], { resultType: 'list' as never }),
    split_sep_rank: () => strings.split(['a b'], { sep: ops.constant(['a', 'b']) }),
    split_int_input: () => strings.split(i32([1, 2])),
    string_split_sep_and_delimiter: () => ops.stringSplit(['a'], { sep: ' ', delimiter: ',' }),
    string_split_sep_rank: () => ops.stringSplit(['a'], { sep: ops.constant(['a', 'b']) }),
    string_split_rank2: () => ops.stringSplit([['a']]),
    string_split_scalar: () => ops.stringSplit('a b'),
    string_split_int_input: () => ops.stringSplit(i32([1])),
    length_int: () => strings.length(i32([1, 2])),
    length_unit: () => strings.length(['ab'], { unit: 'CHAR' as never }),
    substr_unit: () => strings.substr(['abc'], 0, 1, { unit: 'BYTES' as never }),
    substr_float_pos: () => strings.substr(['abc'], ops.constant(0.5), 1),
    substr_pos_len_types: () => strings.substr(['abc'], int32(0), ops.constant(1, { dtype: DType.int64 })),
    join_int: () => strings.join([ops.constant(['a']), i32([1])]),
    join_shapes: () => strings.join([ops.constant(['a', 'b']), ops.constant(['a', 'b', 'c'])]),
    reduce_join_keep_dims_twice: () => strings.reduceJoin([['a']], { keepDims: true, keepdims: true }),
    reduce_join_axis_twice: () => strings.reduceJoin([['a']], { axis: 1, reductionIndices: 1 }),
    reduce_join_axis_range: () => strings.reduceJoin([['a']], { axis: 2 }),
    regex_int: () => strings.regexFullMatch(i32([1]), 'a'),
    regex_replace_int: () => strings.regexReplace(i32([1]), 'a', 'b'),
    format_count: () => strings.format('{} and {}', [int32(1)]),
    format_count_single: () => strings.format('{}', int32(1), { placeholder: '%' }),
    to_number_type: () => strings.toNumber(['1'], DType.string),
    hash_buckets_zero: () => strings.toHashBucketFast(['a'], 0),
    hash_int: () => strings.toHashBucketFast(i32([1]), 3),
    transcode_output: () => strings.unicodeTranscode(['a'], 'UTF-8', 'LATIN1' as never),
    transcode_errors: () => strings.unicodeTranscode(['a'], 'UTF-8', 'UTF-8', { errors: 'skip' as never }),
    script_string: () => strings.unicodeScript(ops.constant(['a'])),
    segment_float_ids: () => strings.unsortedSegmentJoin(['a'], ops.constant([0.0]), 1),
    decode_base64_int: () => strings.decodeBase64(i32([1])),
  });
});
