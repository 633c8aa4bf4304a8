/**
 * TF1's queue-based readers and Example parsing against TF1 Python: the graphs of
 * scripts/graph_fixtures/io_ops.py, built here with the same calls, must have the same ops (name,
 * type, inputs, control inputs, placement, attrs, Const values) in the same order; the pipelines,
 * run on the data files Python wrote (test/fixtures/io_ops), must give what Python's runs gave,
 * step by step, and end with the same error; bad arguments raise TF1's errors.
 */
import * as path from 'path';
import { DType, Graph, Operation, Output, Session, Tensor, ValueError, errors, getDefaultGraph, ops } from '../lib';
import { dtypeName } from '../lib/framework/dtypes';
import { tfRecordIterator } from '../lib/io';
import { fixturePath } from './helpers/core';
import { RecordedAll, loadGraphFixture, recordAll as recordWith } from './helpers/graph_record';

interface RunError { class: string; node: string; message: string }
interface Run { steps: unknown[]; end: RunError; after: unknown }
interface Fixture {
  graphs: Record<string, RecordedAll>;
  runs: {
    identity_state: { steps: [string, unknown][] };
    run_errors: Record<'missing_feature' | 'text_line_serialize', RunError>;
  } & Record<'tfrecord_single' | 'tfrecord_gzip_batch' | 'csv_lines' | 'fixed_length' | 'whole_file' |
    'legacy_whole_file', Run>;
  build_errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('io_ops.json');

const DATA = fixturePath('io_ops');
const TFRECORD = path.join(DATA, 'examples.tfrecord');
const TFRECORD_GZ = path.join(DATA, 'examples.tfrecord.gz');
const CSV = path.join(DATA, 'data.csv');
const BIN = path.join(DATA, 'records.bin');
/** The serialized Examples of the TFRecord file, as Python wrote them (as plain bytes, not Buffers). */
const EXAMPLES = [...tfRecordIterator(TFRECORD)].map((b) => new Uint8Array(b));

const FEATURES: ops.Features = {
  x: new ops.FixedLenFeature([3], DType.float32),
  y: new ops.FixedLenFeature([], DType.int64, 7),
  s: new ops.FixedLenFeature([2], DType.string, ['a', 'b']),
  'odd key!': new ops.FixedLenFeature([1], DType.int64, [-1]),
};
const CSV_DEFAULTS = [['?'], Int32Array.of(-1), [0.5], ['none']];

/** A value as the fixture has it: strings as latin-1 text with the data directory as `<data>`, int64 as numbers. */
function jsonOf(v: unknown): unknown {
  if (v instanceof Tensor) return jsonOf(v.toArray());
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1').split(DATA).join('<data>');
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

/** graph_record's `recordAll`, strings as the fixture has them. */
const recordAll = (g: Graph) => recordWith(g, jsonOf);

function build<T>(fn: () => T): { g: Graph; out: T } {
  const g = new Graph();
  return { g, out: g.asDefault(fn) };
}

/** What `fn` throws when it builds in a new graph. */
function thrown(fn: () => unknown): Error {
  try {
    build(fn);
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing thrown');
}

/** `tf.FIFOQueue(10, tf.string)` as TF 2.21 makes it: the resource op, on any CPU. */
function fifoQueue(): Output {
  return getDefaultGraph().device('/device:CPU:*', () =>
    ops.gen.fIFOQueueV2({ componentTypes: [DType.string], capacity: 10 }, 'fifo_queue'));
}

/** A queue and what fills it with `files` and closes it: Python's `enqueue_many([files])` and `close()`. */
function queueOf(files: string[]): { q: Output; fill: () => Operation[] } {
  const q = fifoQueue();
  const fill = () => [
    getDefaultGraph().nameScope('fifo_queue_EnqueueMany', (scope) => ops.gen.queueEnqueueManyV2({
      handle: q, components: [ops.constant(files, { dtype: DType.string, name: 'component_0' })],
    }, scope)),
    ops.gen.queueCloseV2({ handle: q }, 'fifo_queue_Close'),
  ];
  return { q, fill };
}

/** A run error as the fixture has it: class, node, TF's message without its node line. */
function errorJson(e: unknown): RunError {
  if (!(e instanceof errors.OpError)) throw e;
  return { class: e.name, node: e.op!, message: e.message.split('\n\t [[')[0] };
}

/** The same error, but for the queue's run-time id (`'_3_fifo_queue'`), which counts the queues a process made. */
function expectError(got: RunError, want: RunError): void {
  const anyId = (r: RunError) => ({ ...r, message: r.message.replace(/'_\d+_fifo_queue'/, "'_N_fifo_queue'") });
  expect(anyId(got)).toEqual(anyId(want));
}

/** Fills the queue (then closes it), runs `fetch` until OutOfRangeError, then `after`. */
async function runToEnd(g: Graph, fill: Operation[], fetch: Array<Output | Output[] | Record<string, Output>>,
  after?: Output | Output[]):
  Promise<{ steps: unknown[]; end: RunError; after: unknown; endError: unknown }> {
  const sess = new Session(g);
  try {
    for (const op of fill) await sess.run(op);
    const steps: unknown[] = [];
    for (;;) {
      try {
        steps.push(jsonOf(await sess.run(fetch)));
      } catch (e) {
        return { steps, end: errorJson(e), after: after ? jsonOf(await sess.run(after)) : null, endError: e };
      }
    }
  } finally {
    await sess.close();
  }
}

describe('graphs: op for op as TF1 Python builds them', () => {
  test('readers: every kind, each method, a queue object or a queue handle, an old string-ref reader', () => {
    const { g } = build(() => {
      const q = fifoQueue();
      const queue = { queueRef: q };
      const r = new ops.TFRecordReader();
      r.read(queue);
      r.read(q, 'read_from_handle');
      r.readUpTo(queue, 4);
      r.numRecordsProduced();
      r.numWorkUnitsCompleted('done');
      r.restoreState(r.serializeState());
      r.reset();
      new ops.TFRecordReader({ name: 'gz', options: 'GZIP' });
      new ops.TFRecordReader({ options: 'ZLIB' });
      new ops.TextLineReader({ skipHeaderLines: 1 }).read(queue);
      new ops.TextLineReader().readUpTo(queue, 2, 'lines');
      new ops.WholeFileReader({ name: 'whole' }).read(queue);
      new ops.FixedLengthRecordReader(8, { headerBytes: 4, footerBytes: 2, hopBytes: 4 }).read(queue);
      new ops.FixedLengthRecordReader(16, { encoding: 'ZLIB', name: 'fixed_z' });
      const ident = new ops.IdentityReader();
      ident.read(queue);
      ident.reset('again');
      const legacy = new ops.ReaderBase(ops.gen.wholeFileReader({}, 'legacy'));
      legacy.read(queue);
      legacy.readUpTo(queue, 3);
      legacy.numRecordsProduced();
      legacy.reset();
    });
    expect(recordAll(g)).toEqual(fixture.graphs.readers);
  });

  test('parseSingleExample: defaults of every kind, names, a tensor of unknown rank, a host value', () => {
    const { g, out } = build(() => {
      const q = fifoQueue();
      const [, serialized] = new ops.TFRecordReader().read(q);
      const parsed = ops.parseSingleExample(serialized, FEATURES);
      ops.parseSingleExample(serialized, { m: new ops.FixedLenFeature([2, 2], DType.float32, [[1, 2], [3, 4]]) },
        { name: 'matrix' });
      const dflt = ops.constant(0.5, { name: 'dflt' });
      ops.parseSingleExample(serialized, { d: new ops.FixedLenFeature([], DType.float32, dflt) }, { exampleNames: 'ex0' });
      const named = ops.parseSingleExample(ops.placeholder(DType.string, undefined, 'any'), { x: FEATURES.x },
        { name: 'named' });
      ops.parseSingleExample(EXAMPLES[0], { y: FEATURES.y });
      return { parsed, named };
    });
    expect(recordAll(g)).toEqual(fixture.graphs.parse_single);
    expect(Object.keys(out.parsed)).toEqual(['odd key!', 's', 'x', 'y']);
    expect(Object.values(out.parsed).map((t) => [t.name, dtypeName(t.dtype), t.shape])).toEqual([
      ['ParseSingleExample/ParseExample/ParseExampleV2:0', 'int64', [1]],
      ['ParseSingleExample/ParseExample/ParseExampleV2:1', 'string', [2]],
      ['ParseSingleExample/ParseExample/ParseExampleV2:2', 'float32', [3]],
      ['ParseSingleExample/ParseExample/ParseExampleV2:3', 'int64', []],
    ]);
    expect(g.operation('named/serializedDependencies').output(0).shape).toEqual([]);
    expect(out.named.x.shape).toEqual([3]);
  });

  test('parseExample: a batch placeholder, names, example names, host values', () => {
    const { g, out } = build(() => {
      const batch = ops.placeholder(DType.string, [null], 'batch');
      const parsed = ops.parseExample(batch, FEATURES);
      ops.parseExample(batch, { x: FEATURES.x, y: FEATURES.y }, { name: 'named', exampleNames: ['a', 'b'] });
      ops.parseExample(Tensor.from([EXAMPLES[1], EXAMPLES[2]], { dtype: DType.string }), { s: FEATURES.s });
      return parsed;
    });
    expect(recordAll(g)).toEqual(fixture.graphs.parse_batch);
    expect(out.x.shape).toEqual([null, 3]);
  });

  test('decodeRaw and decodeCSV', () => {
    const { g } = build(() => {
      const rawBytes = ops.placeholder(DType.string, undefined, 'raw');
      ops.decodeRaw(rawBytes, DType.int16);
      ops.decodeRaw(rawBytes, DType.float32, { littleEndian: false, name: 'big' });
      const line = ops.placeholder(DType.string, undefined, 'line');
      ops.decodeCSV(line, CSV_DEFAULTS);
      ops.decodeCSV(line, [[''], Tensor.from([], { dtype: DType.float32 })],
        { fieldDelim: ';', useQuoteDelim: false, naValue: 'NA', selectCols: [0, 2], name: 'csv' });
      ops.decodeCSV(line, [ops.constant([2], { dtype: DType.int64, name: 'two' }), ops.constant('s')]);
    });
    expect(recordAll(g)).toEqual(fixture.graphs.decode);
  });
});

describe('pipelines on real files: the values Python got, then the end of input', () => {
  /** The graph (queue filling ops included) and the run of each pipeline, compared with Python's. */
  function check(name: keyof Fixture['runs'], g: Graph, run: Awaited<ReturnType<typeof runToEnd>>): void {
    const want = fixture.runs[name] as Run;
    expect(recordAll(g)).toEqual(fixture.graphs[name]);
    expect(run.steps).toEqual(want.steps);
    expect(run.endError).toBeInstanceOf(errors.OutOfRangeError);
    expectError(run.end, want.end);
    expect(run.after).toEqual(want.after);
  }

  test('TFRecordReader + parseSingleExample over two epochs of a file, then the reader counts', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([TFRECORD, TFRECORD]);
      const reader = new ops.TFRecordReader();
      const [key, serialized] = reader.read(q);
      const features = ops.parseSingleExample(serialized, FEATURES);
      const fillOps = fill();
      const after = [reader.numRecordsProduced(), reader.numWorkUnitsCompleted()];
      return { fill: fillOps, fetch: [key, features], after };
    });
    check('tfrecord_single', g, await runToEnd(g, out.fill, out.fetch, out.after));
  });

  test('a GZIP TFRecord file read 3 at a time, parsed as a batch', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([TFRECORD_GZ]);
      const [keys, values] = new ops.TFRecordReader({ options: 'GZIP' }).readUpTo(q, 3);
      return { fill: fill(), fetch: [keys, ops.parseExample(values, FEATURES)] };
    });
    check('tfrecord_gzip_batch', g, await runToEnd(g, out.fill, out.fetch));
  });

  test('TextLineReader past the header, lines through decodeCSV (quotes, empty fields)', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([CSV]);
      const [key, line] = new ops.TextLineReader({ skipHeaderLines: 1 }).read(q);
      return { fill: fill(), fetch: [key, line, ops.decodeCSV(line, CSV_DEFAULTS)] };
    });
    check('csv_lines', g, await runToEnd(g, out.fill, out.fetch));
  });

  test('FixedLengthRecordReader with header and footer, records through decodeRaw', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([BIN]);
      const [key, value] = new ops.FixedLengthRecordReader(8, { headerBytes: 4, footerBytes: 2 }).read(q);
      return {
        fill: fill(),
        fetch: [key, ops.decodeRaw(value, DType.float32, { littleEndian: false }), ops.decodeRaw(value, DType.int16)],
      };
    });
    check('fixed_length', g, await runToEnd(g, out.fill, out.fetch));
  });

  test('WholeFileReader: one record per file', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([CSV, BIN]);
      return { fill: fill(), fetch: new ops.WholeFileReader().read(q) };
    });
    check('whole_file', g, await runToEnd(g, out.fill, out.fetch));
  });

  test('an old string-ref WholeFileReader through a FakeQueue', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([BIN]);
      const reader = new ops.ReaderBase(ops.gen.wholeFileReader({}, 'legacy'));
      return { fill: fill(), fetch: reader.read(q), after: reader.numRecordsProduced() };
    });
    check('legacy_whole_file', g, await runToEnd(g, out.fill, out.fetch, out.after));
  });

  test('IdentityReader: serializeState, reset and restoreState between reads', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf(['w0', 'w1', 'w2']);
      const reader = new ops.IdentityReader();
      const read = reader.read(q);
      const state = reader.serializeState();
      const counts = [reader.numRecordsProduced(), reader.numWorkUnitsCompleted()];
      const saved = ops.placeholder(DType.string, [], 'saved');
      const restore = reader.restoreState(saved);
      const reset = reader.reset();
      return { reader, read, state, counts, saved, restore, reset, fill: fill() };
    });
    expect(recordAll(g)).toEqual(fixture.graphs.identity_state);
    expect(out.reader.supportsSerialize).toBe(true);
    const sess = new Session(g);
    try {
      for (const op of out.fill) await sess.run(op);
      const steps: [string, unknown][] = [['read', jsonOf(await sess.run(out.read))]];
      const s = await sess.run(out.state);
      steps.push(['state', Array.from(s.item() as Uint8Array)]);
      steps.push(['read', jsonOf(await sess.run(out.read))]);
      steps.push(['counts', jsonOf(await sess.run(out.counts))]);
      await sess.run(out.reset);
      steps.push(['counts', jsonOf(await sess.run(out.counts))]);
      await sess.run(out.restore, new Map([[out.saved, s]]));
      steps.push(['counts', jsonOf(await sess.run(out.counts))]);
      steps.push(['read', jsonOf(await sess.run(out.read))]);
      // The queue is closed and empty: reading on is the end of input.
      const end = await sess.run(out.read).then(() => null, (e: unknown) => e);
      expect(end).toBeInstanceOf(errors.OutOfRangeError);
      steps.push(['end', errorJson(end)]);
      const want = fixture.runs.identity_state.steps;
      expect(steps.slice(0, -1)).toEqual(want.slice(0, -1));
      expectError(steps[steps.length - 1][1] as RunError, want[want.length - 1][1] as RunError);
    } finally {
      await sess.close();
    }
  });

  test('run-time failures: a required feature missing, a reader that cannot serialize its state', async () => {
    const { g, out } = build(() => {
      const { q, fill } = queueOf([TFRECORD]);
      const [, serialized] = new ops.TFRecordReader().read(q);
      const missing = ops.parseSingleExample(serialized, { missing: new ops.FixedLenFeature([1], DType.float32) });
      const textLine = new ops.TextLineReader();
      const textState = textLine.serializeState();
      return { missing, textLine, textState, fill: fill() };
    });
    expect(recordAll(g)).toEqual(fixture.graphs.run_errors);
    expect(out.textLine.supportsSerialize).toBe(false);
    const sess = new Session(g);
    try {
      for (const op of out.fill) await sess.run(op);
      const missing = await sess.run(out.missing).then(() => null, (e: unknown) => e);
      expect(missing).toBeInstanceOf(errors.InvalidArgumentError);
      expectError(errorJson(missing), fixture.runs.run_errors.missing_feature);
      const state = await sess.run(out.textState).then(() => null, (e: unknown) => e);
      expect(state).toBeInstanceOf(errors.UnimplementedError);
      expectError(errorJson(state), fixture.runs.run_errors.text_line_serialize);
    } finally {
      await sess.close();
    }
  });
});

describe('errors while building, as TF1 raises them', () => {
  const serialized = () => ops.constant(EXAMPLES[0]);
  const cases: Record<string, () => unknown> = {
    empty_single: () => ops.parseSingleExample(serialized(), {}),
    empty_batch: () => ops.parseExample([EXAMPLES[0]], {}),
    not_scalar: () => ops.parseSingleExample(ops.placeholder(DType.string, [2]), FEATURES),
    no_shape: () => ops.parseSingleExample(serialized(), { x: new ops.FixedLenFeature(null, DType.float32) }),
    no_dtype: () => ops.parseSingleExample(serialized(), { x: new ops.FixedLenFeature([2], undefined as never) }),
    first_dim_unknown: () => ops.parseSingleExample(serialized(),
      { x: new ops.FixedLenFeature([null, 2], DType.float32) }),
    dim_unknown: () => ops.parseSingleExample(serialized(), { x: new ops.FixedLenFeature([2, null], DType.float32) }),
    default_wrong_size: () => ops.parseSingleExample(serialized(),
      { x: new ops.FixedLenFeature([2], DType.float32, [1, 2, 3]) }),
    csv_cols_not_increasing: () => ops.decodeCSV('a,b', [[''], ['']], { selectCols: [1, 1] }),
    csv_cols_negative: () => ops.decodeCSV('a,b', [[''], ['']], { selectCols: [-1, 1] }),
    csv_cols_length: () => ops.decodeCSV('a,b', [[''], ['']], { selectCols: [0] }),
    bad_compression: () => new ops.TFRecordReader({ options: 'LZ4' as never }),
  };
  test.each(Object.keys(cases))('%s', (name) => {
    const want = fixture.build_errors[name];
    const err = thrown(cases[name]);
    expect(err).toBeInstanceOf(want.class === 'ValueError' ? ValueError : TypeError);
    expect(err.message).toBe(want.message);
  });

  test('a dtype the parse op does not take: TypeError', () => {
    const err = thrown(() => ops.parseSingleExample(EXAMPLES[0], { x: new ops.FixedLenFeature([2], DType.int32) }));
    expect(err).toBeInstanceOf(TypeError);
    // Python names the input (dense_defaults) where op_def_library.ts names the attr (Tdense).
    const param = /^Value passed to parameter '\w+' /;
    expect(err.message.replace(param, '')).toBe(fixture.build_errors.bad_dtype.message.replace(param, ''));
  });

  test('a spec other than FixedLenFeature or VarLenFeature: ValueError', () => {
    const notAFeature = { dtype: DType.float32 } as unknown as ops.FixedLenFeature;
    expect(() => build(() => ops.parseSingleExample(EXAMPLES[0], { x: FEATURES.x, v: notAFeature })))
      .toThrow(new ValueError('Unsupported Object {"dtype":1} for key \'v\''));
    expect(() => build(() => ops.parseExample([EXAMPLES[0]], { v: null as unknown as ops.FixedLenFeature })))
      .toThrow(ValueError);
  });
});
