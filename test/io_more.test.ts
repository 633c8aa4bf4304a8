/**
 * tf.train's Example protos, TFRecord files and TF1's tf.io graph ops against TF1 Python
 * (scripts/graph_fixtures/io_more.py): the protos built here serialize to Python's bytes and print
 * as Python's str(); TFRecordWriter writes Python's files, tfRecordIterator reads Python's plain,
 * GZIP and ZLIB files and TF reads the compressed ones written here; the graphs, built with the
 * same calls, have the same ops, static shapes and run values; bad arguments raise TF1's errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Output, Session, SparseTensor, data, ops, train } from '../lib';
import { DataLossError } from '../lib/errors';
import { DecodeError } from '../lib/io';
import { FixtureGraph, Json, describeTF1Graphs, expectClose, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';
import { loadGraphFixture, recordAll } from './helpers/graph_record';

interface Fixture {
  protos: Record<string, { type: string; deterministic: string; plain?: string; text?: string }>;
  tfrecord: { records: string[]; files: Record<'NONE' | 'GZIP' | 'ZLIB', string>; read: Record<string, string[]> };
  compressed: string;
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  match_once: { graph: Json; values: [string[], string[]]; names: string[] };
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('io_more.json');
const { io } = ops;
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
/** Relative, as the graphs hold it: jest runs from the repository root, as the script does. */
const DATA = path.join('test', 'fixtures', 'graph_layer', 'io_more');
const RECORDS = fixture.tfrecord.records.map(bytes);

// --- protos ------------------------------------------------------------------------------------

function protos(): Record<string, train.Example | train.SequenceExample> {
  const floats = new train.Feature({ floatList: new train.FloatList({ value: [1.5, -2.25, 0.1, 3e38, 1e-45] }) });
  const ints = new train.Feature({
    int64List: new train.Int64List({ value: [-1, 0, 300, 2 ** 40, 2n ** 63n - 1n, -(2n ** 63n)] }),
  });
  const strs = new train.Feature({ bytesList: new train.BytesList({ value: ['', 'abc', Uint8Array.of(0xff, 0, 0x80), 'h\u00e9llo'] }) });
  const token = (...v: number[]) => new train.Feature({ int64List: new train.Int64List({ value: v }) });
  return {
    empty: new train.Example(),
    empty_features: new train.Example({ features: new train.Features() }),
    one_float: new train.Example({ features: new train.Features({ feature: { x: floats } }) }),
    one_int: new train.Example({ features: new train.Features({ feature: { n: ints } }) }),
    one_bytes: new train.Example({ features: new train.Features({ feature: { s: strs } }) }),
    empty_lists: new train.Example({ features: new train.Features({ feature: {
      b: new train.Feature({ bytesList: new train.BytesList() }), f: new train.Feature({ floatList: new train.FloatList() }),
      i: new train.Feature({ int64List: new train.Int64List() }), none: new train.Feature(),
    } }) }),
    many: new train.Example({ features: new train.Features({ feature: {
      b: floats, a: ints, B: strs, 10: token(10), 2: token(2), '\u00e4': token(3), '': token(4),
    } }) }),
    sequence: new train.SequenceExample({
      context: new train.Features({ feature: { id: token(7), w: floats } }),
      featureLists: new train.FeatureLists({ featureList: {
        tokens: new train.FeatureList({ feature: [token(1), token(3), token(-4)] }),
        words: new train.FeatureList({ feature: [strs] }),
        empty: new train.FeatureList(),
      } }),
    }),
    sequence_lists_only: new train.SequenceExample({ featureLists: new train.FeatureLists({
      featureList: { f: new train.FeatureList({ feature: [floats, floats] }) },
    }) }),
  };
}

describe('tf.train.Example protos', () => {
  const built = protos();

  it.each(Object.keys(fixture.protos))('%s: Python\'s bytes and str()', (name) => {
    const want = fixture.protos[name];
    const m = built[name];
    expect(m.constructor.name).toBe(want.type);
    expect(b64(m.serializeToString())).toBe(want.deterministic);
    if (want.plain !== undefined) expect(b64(m.serializeToString())).toBe(want.plain);
    if (want.text !== undefined) expect(m.toString()).toBe(want.text);
    // Parsed back, the same message.
    const parsed = m instanceof train.Example ? train.Example.fromString(bytes(want.deterministic))
      : train.SequenceExample.fromString(bytes(want.deterministic));
    expect(b64(parsed.serializeToString())).toBe(want.deterministic);
  });

  it('parses back values, kinds and int64 past 2^53', () => {
    const e = train.Example.fromString(bytes(fixture.protos.many.deterministic));
    expect(Object.keys(e.features!.feature).sort()).toEqual(['', '10', '2', 'B', 'a', 'b', '\u00e4']);
    expect(e.features!.feature.a.kind).toBe('int64List');
    expect(e.features!.feature.a.int64List!.value).toEqual([-1, 0, 300, 2 ** 40, 2n ** 63n - 1n, -(2n ** 63n)]);
    expect(e.features!.feature.b.floatList!.value).toEqual([1.5, -2.25, Math.fround(0.1), Math.fround(3e38), Math.fround(1e-45)]);
    expect(Buffer.from(e.features!.feature.B.bytesList!.value[3]).toString()).toBe('h\u00e9llo');
    expect(new train.Feature().kind).toBeUndefined();
  });

  it('raises DecodeError on bytes that are not the message, ValueError past int64', () => {
    expect(() => train.Example.fromString(Uint8Array.of(0x0a, 0x05, 0x61))).toThrow(DecodeError);
    expect(() => train.Example.fromString(Uint8Array.of(0x0a, 0x05, 0x61)))
      .toThrow("Error parsing message with type 'tensorflow.Example'");
    expect(() => new train.Int64List({ value: [2n ** 63n] })).toThrow('Value out of range: 9223372036854775808');
    expect(() => new train.Int64List({ value: [1.5] })).toThrow(new TypeError("'float' object cannot be interpreted as an integer"));
  });
});

// --- TFRecord files ----------------------------------------------------------------------------

describe('TFRecord files', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'io_more-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pythonFile = (kind: 'NONE' | 'GZIP' | 'ZLIB') => path.join(DATA, fixture.tfrecord.files[kind]);

  it('TFRecordWriter writes the bytes Python writes', () => {
    const file = path.join(dir, 'plain.tfrecord');
    const w = new io.TFRecordWriter(file);
    for (const r of RECORDS) w.write(r);
    w.close();
    expect(fs.readFileSync(file).equals(fs.readFileSync(pythonFile('NONE')))).toBe(true);
  });

  it.each([['NONE', undefined], ['GZIP', 'GZIP'], ['ZLIB', io.TFRecordCompressionType.ZLIB],
    ['GZIP', new io.TFRecordOptions('GZIP')]] as const)('tfRecordIterator reads Python\'s %s file', (kind, options) => {
    const read = [...io.tfRecordIterator(pythonFile(kind), options)].map(b64);
    expect(read).toEqual(fixture.tfrecord.read[kind]);
    expect(read).toEqual(fixture.tfrecord.records);
  });

  it.each(['GZIP', 'ZLIB'] as const)('writes %s files that TF inflates to Python\'s records', async (kind) => {
    const file = path.join(dir, `records.${kind}`);
    const w = new io.TFRecordWriter(file, new io.TFRecordOptions(kind, { compressionLevel: 9 }));
    for (const r of RECORDS) w.write(r);
    w.flush();
    w.close();
    expect([...io.tfRecordIterator(file, kind)].map(b64)).toEqual(fixture.tfrecord.records);
    const g = new Graph();
    const inflated = g.asDefault(() => io.decodeCompressed(io.readFile(file), kind));
    const sess = new Session(g);
    try {
      const got = (await sess.run(inflated)).toArray() as Uint8Array;
      expect(Buffer.from(got).equals(fs.readFileSync(pythonFile('NONE')))).toBe(true);
    } finally {
      await sess.close();
    }
  });

  it('Examples written GZIP-compressed are what tf.data and parseSingleExample read', async () => {
    const file = path.join(dir, 'examples.tfrecord.gz');
    const w = new io.TFRecordWriter(file, 'GZIP');
    for (let i = 0; i < 3; i++) {
      w.write(new train.Example({ features: new train.Features({ feature: {
        x: new train.Feature({ floatList: new train.FloatList({ value: [i, i / 4] }) }),
        label: new train.Feature({ bytesList: new train.BytesList({ value: [`r${i}`] }) }),
      } }) }).serializeToString());
    }
    w.close();
    const g = new Graph();
    const next = g.asDefault(() => {
      const features = { x: new io.FixedLenFeature([2], DType.float32), label: new io.FixedLenFeature([], DType.string) };
      const ds = data.TFRecordDataset(file, { compressionType: 'GZIP' })
        .map((s: Output) => io.parseSingleExample(s, features)).batch(3);
      return data.makeOneShotIterator(ds).getNext();
    });
    const sess = new Session(g);
    try {
      expect(jsonOf(await sess.run(next as Record<string, Output>))).toEqual(
        { x: [[0, 0], [1, 0.25], [2, 0.5]], label: ['r0', 'r1', 'r2'] });
    } finally {
      await sess.close();
    }
  });

  it('writes strings as UTF-8, refuses writes after close, and finds corrupt compressed files', () => {
    const file = path.join(dir, 'text.tfrecord');
    const w = new io.TFRecordWriter(file, 'ZLIB');
    w.write('h\u00e9');
    w.close();
    w.close();
    expect(() => w.write('x')).toThrow('closed');
    expect([...io.tfRecordIterator(file, 'ZLIB')].map((r) => Buffer.from(r).toString())).toEqual(['h\u00e9']);
    expect(() => [...io.tfRecordIterator(file, 'GZIP')]).toThrow(DataLossError);
  });
});

// --- graphs ------------------------------------------------------------------------------------

const sp = () => new SparseTensor([[0, 0], [1, 2], [2, 1]], Float32Array.of(1, 2, 3), [3, 4]);
const SEQ = [fixture.protos.sequence.deterministic].map(bytes);

/** seq_examples() of the script: the `sequence` proto and a second one. */
function seqExamples(): Uint8Array[] {
  const ints = (v: number[]) => new train.Feature({ int64List: new train.Int64List({ value: v }) });
  const second = new train.SequenceExample({
    context: new train.Features({ feature: { w: new train.Feature({ floatList: new train.FloatList({ value: [9, 8, 7, 6, 5] }) }) } }),
    featureLists: new train.FeatureLists({ featureList: {
      tokens: new train.FeatureList({ feature: [ints([5]), ints([5]), ints([5]), ints([5])] }),
      pairs: new train.FeatureList({ feature: [0, 1, 2].map((i) => ints([i, -i])) }),
    } }),
  });
  return [SEQ[0], second.serializeToString()];
}

const GRAPHS: Record<string, () => unknown> = {
  serialized_tensors: () => {
    const x = ops.placeholder(DType.float32, [2, 3], 'x');
    const s = io.serializeTensor(x);
    const back = io.parseTensor(s, DType.float32, 'back');
    const ints = io.serializeTensor(ops.constant([[1, 2]], { dtype: DType.int64 }), 'ints');
    return { s, back, ints, ints_back: io.parseTensor(ints, DType.int64) };
  },
  serialized_sparse: () => {
    const st = sp();
    const one = io.serializeSparse(st);
    const named = ops.serializeSparse(st, { name: 'ser', outType: DType.string });
    const many = io.serializeManySparse(st);
    const back = io.deserializeManySparse(many, DType.float32, { rank: 2 });
    const unranked = ops.deserializeManySparse(ops.serializeManySparse(st, { name: 'again' }), DType.float32, { name: 'des' });
    return { one, named, many, back, unranked };
  },
  files: () => {
    const name = ops.placeholder(DType.string, [], 'name');
    const write = io.writeFile(name, ops.constant(Uint8Array.from(Buffer.from('written\x01bytes', 'latin1'))));
    const again = ops.controlDependencies([write], () => ops.readFile(name, 'again'));
    return {
      a: io.readFile(path.join(DATA, 'a.txt')),
      b: ops.readFile(path.join(DATA, 'b.txt'), 'rb'),
      matches: io.matchingFiles(path.join(DATA, '*.txt')),
      several: ops.matchingFiles([path.join(DATA, 'b.*'), path.join(DATA, 'records.*')], 'several'),
      again,
    };
  },
  decoders: () => {
    const c = ops.constant(bytes(fixture.compressed));
    const j = ops.placeholder(DType.string, [null], 'j');
    const decoded = io.decodeJsonExample(j);
    return {
      inflated: io.decodeCompressed(c, 'ZLIB'),
      plain: ops.decodeCompressed(ops.constant(['as is', '']), '', 'plain'),
      json: decoded,
      parsed: io.parseExample(decoded, { x: new io.FixedLenFeature([2], DType.float32, [0, -1]) }),
    };
  },
  sequence_batch: () => {
    const s = ops.constant(seqExamples());
    const [ctx, lists, lengths] = io.parseSequenceExample(s, {
      contextFeatures: {
        id: new io.FixedLenFeature([], DType.int64, -1),
        w: new io.FixedLenFeature([5], DType.float32),
      },
      sequenceFeatures: {
        tokens: new io.FixedLenSequenceFeature([], DType.int64, true),
        words: new io.VarLenFeature(DType.string),
      },
    });
    const [, lists2, lengths2] = io.parseSequenceExample(ops.getItem(s, [[null, 1]]), {
      sequenceFeatures: {
        tokens: new io.VarLenFeature(DType.int64),
        f: new io.FixedLenSequenceFeature([2], DType.float32, true),
      },
      exampleNames: ['first'], name: 'seq',
    });
    return { ctx, lists, lengths, lists2, lengths2 };
  },
  sequence_single: () => {
    const [first, second] = seqExamples();
    const [ctx, lists] = io.parseSingleSequenceExample(ops.constant(first), {
      contextFeatures: { w: new io.FixedLenFeature([5], DType.float32), id: new io.VarLenFeature(DType.int64) },
      sequenceFeatures: { tokens: new io.FixedLenSequenceFeature([], DType.int64, true) },
    });
    const unknown = ops.reshape(second, ops.placeholder(DType.int32, null, 'shp'));
    const [ctx2, lists2] = ops.parseSingleSequenceExample(unknown, {
      sequenceFeatures: { pairs: new io.FixedLenSequenceFeature([2], DType.int64) }, exampleName: 'ex', name: 'named',
    });
    return { ctx, lists, ctx2, lists2 };
  },
  example_steps: () => {
    const ex = [2, 0, 1].map((n) => new train.Example({ features: new train.Features({ feature: {
      v: new train.Feature({ int64List: new train.Int64List({ value: Array.from({ length: n * 2 }, (_, i) => i) }) }),
    } }) }).serializeToString());
    const s = ops.constant(ex);
    return {
      padded: io.parseExample(s, { v: new io.FixedLenSequenceFeature([2], DType.int64, true, -1) }),
      zeros: ops.parseExample(s, { v: new io.FixedLenSequenceFeature([], DType.int64, true) }, { name: 'z' }),
      single: io.parseSingleExample(ops.getItem(s, 0), { v: new io.FixedLenSequenceFeature([], DType.int64, true) }),
    };
  },
  proto_ops: () => {
    const lists = ops.constant([new train.Int64List({ value: [5, -6] }), new train.Int64List()].map((l) => l.serializeToString()));
    const [sizes, values] = io.decodeProto(lists, 'tensorflow.Int64List', ['value'], [DType.int64]);
    const encoded = io.encodeProto(sizes, values, ['value'], 'tensorflow.Int64List', { name: 'enc' });
    return { sizes, values, encoded };
  },
};

describe('tf.io graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);

  it('matchFilenamesOnce: a local variable of the sorted matches', async () => {
    const g = new Graph();
    const [v, named] = g.asDefault(() => [train.matchFilenamesOnce(path.join(DATA, '*.txt')),
      io.matchFilenamesOnce(path.join(DATA, 'records.*'), 'recs')]);
    expect(recordAll(g, jsonOf)).toEqual(fixture.match_once.graph);
    expect([v.name, named.name]).toEqual(fixture.match_once.names);
    const sess = new Session(g);
    try {
      await sess.run(g.asDefault(() => ops.localVariablesInitializer()));
      const got = await sess.run([v.value(), named.value()]);
      expectClose(jsonOf(got), fixture.match_once.values);
    } finally {
      await sess.close();
    }
  });
});

// --- errors ------------------------------------------------------------------------------------

describe('TF1\'s errors', () => {
  const fls = (shape: number[] | null, dtype: DType, allowMissing = false, defaultValue: number | null = null) =>
    new io.FixedLenSequenceFeature(shape, dtype, allowMissing, defaultValue);
  const seq = [new train.SequenceExample().serializeToString()];
  itThrowsTF1Errors(fixture.build_errors, {
    no_features: () => io.parseSequenceExample(seq),
    no_features_single: () => io.parseSingleSequenceExample(seq[0], { contextFeatures: {}, sequenceFeatures: {} }),
    context_sequence_feature: () => io.parseSequenceExample(seq, { contextFeatures: { a: fls([2], DType.float32) } }),
    sequence_fixed_feature: () => io.parseSequenceExample(seq, {
      sequenceFeatures: { a: new io.FixedLenFeature([2], DType.float32) },
    }),
    sequence_default: () => io.parseSequenceExample(seq, { sequenceFeatures: { a: fls([], DType.float32, false, 1.0) } }),
    sequence_no_shape: () => io.parseSequenceExample(seq, { sequenceFeatures: { a: fls(null, DType.int64) } }),
    single_not_scalar: () => io.parseSingleSequenceExample(seq, { sequenceFeatures: { a: fls([], DType.int64) } }),
    example_not_missing: () => io.parseExample(seq, { a: fls([], DType.int64) }),
    bad_compression: () => new io.TFRecordWriter('/tmp/io_more_never.tfrecord', 'BZ2'),
    bad_compression_options: () => io.tfRecordIterator('/tmp/x', new io.TFRecordOptions('LZ4')).next(),
  });
});
