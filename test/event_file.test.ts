import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { crc32c, crc32cExtend, maskCrc, maskedCrc32c, unmaskCrc } from '../lib/io/crc32c';
import { decodeRecords, encodeRecord, tfRecordIterator, TFRecordWriter } from '../lib/io/tf_record';
import { EventSchema, GraphDefSchema, MetaGraphDefSchema, SessionLog_SessionStatus, SummarySchema, type Event } from '../lib/proto';
import { DataLossError, ValueError } from '../lib/errors';
import { FileWriter } from '../lib/summary/writer/writer';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import { summaryIterator } from '../lib/summary/summary_iterator';
import { addLogHandler } from '../lib/training/tf_logging';

const FIXTURES = path.join(__dirname, 'fixtures', 'events');
/** Written by tf.compat.v1.summary.FileWriter: see scripts/interop/gen_event_golden.py. */
const PYTHON_EVENTS = path.join(FIXTURES, 'python.tfevents');

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tf1-node-events-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

// FileWriter logs TF's deprecation warning for GraphDef arguments; keep test output clean.
let stopCapturingLogs: () => void;
beforeAll(() => {
  stopCapturingLogs = addLogHandler(() => {});
});
afterAll(() => stopCapturingLogs());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `cond` holds (writes land on the threadpool, so not synchronously). */
async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the condition');
    await sleep(10);
  }
}

function eventFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('tfevents')).sort().map((f) => path.join(dir, f));
}

/** The events on disk now (readers see what was handed to the OS). */
function eventsOnDisk(file: string): Event[] {
  return [...summaryIterator(file)];
}

/** Transpiled library sources, shared by the child processes (transpiling is most of their run time). */
let childCacheDir: string | undefined;

/**
 * Runs `body` (TypeScript; `FileWriter` is in scope) in a child node process,
 * transpiling the library sources on require.
 */
function runChild(dir: string, body: string) {
  childCacheDir ??= tmpDir();
  const script = path.join(dir, 'child.ts');
  const writerModule = path.join(__dirname, '..', 'lib', 'summary', 'writer', 'writer');
  fs.writeFileSync(script, `const { FileWriter } = require(${JSON.stringify(writerModule)});\n${body}`);
  const hook = `const fs = require('fs'), path = require('path');
    require.extensions['.ts'] = (m, f) => {
      const cached = path.join(${JSON.stringify(childCacheDir)}, f.replace(/[\\/]/g, '_') + '.js');
      if (!fs.existsSync(cached)) {
        const ts = require('typescript');
        fs.writeFileSync(cached, ts.transpileModule(fs.readFileSync(f, 'utf8'), { fileName: f, compilerOptions: {
          module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText);
      }
      m._compile(fs.readFileSync(cached, 'utf8'), f);
    };
    require(${JSON.stringify(script)});`;
  return spawnSync(process.execPath, ['-e', hook], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
}

function scalar(tag: string, value: number) {
  return { value: [{ tag, value: { case: 'simpleValue' as const, value } }] };
}

/** The simple values of the summary events: [step, tag, value]. */
function scalars(events: Event[]): [number, string, number][] {
  return events.flatMap((e) =>
    e.what.case === 'summary'
      ? e.what.value.value.flatMap((v) =>
          v.value.case === 'simpleValue' ? [[Number(e.step), v.tag, v.value.value] as [number, string, number]] : [],
        )
      : [],
  );
}

describe('CRC32C', () => {
  test('matches the standard check value and the RFC 3720 vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  test('agrees with a bitwise reference for every length and alignment, and extends', () => {
    const bitwise = (data: Uint8Array) => {
      let c = 0xffffffff;
      for (const b of data) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return ~c >>> 0;
    };
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) & 0xff);
    for (let start = 0; start < 8; start++) {
      for (let len = 0; len < 100; len++) {
        const slice = data.subarray(start, start + len);
        expect(crc32c(slice)).toBe(bitwise(slice));
      }
    }
    expect(crc32cExtend(crc32c(data.subarray(0, 123)), data.subarray(123))).toBe(crc32c(data));
  });

  test('masks as TF does', () => {
    // The CRCs TF stores for the record b"hello": masked CRC of its length field, and of the data.
    expect(maskedCrc32c(Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]))).toBe(0x3e04b2ea);
    expect(maskedCrc32c(Buffer.from('hello'))).toBe(0x191c1fbb);
    const crc = crc32c(Buffer.from('foo'));
    expect(maskCrc(crc)).not.toBe(crc);
    expect(maskCrc(maskCrc(crc))).not.toBe(crc);
    expect(unmaskCrc(maskCrc(crc))).toBe(crc);
    expect(unmaskCrc(unmaskCrc(maskCrc(maskCrc(crc))))).toBe(crc);
  });
});

describe('TFRecord framing', () => {
  const golden = fs.readFileSync(path.join(FIXTURES, 'hello_world.tfrecord'));

  test('frames records exactly as tf.io.TFRecordWriter', () => {
    expect(Buffer.concat([encodeRecord(Buffer.from('hello')), encodeRecord(Buffer.from('world!'))])).toEqual(golden);
    expect([...decodeRecords(golden)].map((r) => Buffer.from(r).toString())).toEqual(['hello', 'world!']);
  });

  test('round-trips empty, small and large records through a file', () => {
    const records = [new Uint8Array(0), Buffer.from('x'), Uint8Array.from({ length: 200_000 }, (_, i) => i % 251)];
    const file = path.join(tmpDir(), 'r.tfrecord');
    const writer = new TFRecordWriter(file);
    for (const r of records) writer.write(r);
    writer.close();
    expect(() => writer.write(records[1])).toThrow(/closed/);
    expect([...tfRecordIterator(file)].map((r) => Buffer.from(r))).toEqual(records.map((r) => Buffer.from(r)));
    expect([...decodeRecords(fs.readFileSync(file))].map((r) => r.length)).toEqual([0, 1, 200_000]);
  });

  // Outcomes and messages as Python's tf_record_iterator gives them for the same bytes.
  test.each([
    ['a header cut short ends the iteration', golden.subarray(0, 26), null],
    ['nothing but 3 bytes is an empty file', Buffer.from('abc'), null],
    ['a payload cut short', golden.subarray(0, 36), "truncated record at 21' failed with Read less bytes than requested"],
    ['a missing footer', golden.subarray(0, golden.length - 1), "truncated record at 21' failed with Read less bytes than requested"],
    ['a corrupted payload', flip(golden, 33), 'corrupted record at 33'],
    ['a corrupted first length', flip(golden, 0), 'corrupted record at 0 (Is this even a TFRecord file?)'],
    ['a corrupted later length', flip(golden, 21), 'corrupted record at 21'],
  ])('%s', (_, bytes, error) => {
    const file = path.join(tmpDir(), 'bad.tfrecord');
    fs.writeFileSync(file, bytes);
    const read = () => [...tfRecordIterator(file)].map((r) => Buffer.from(r).toString());
    if (error === null) {
      expect(read()).toEqual(bytes.length > 21 ? ['hello'] : []);
    } else {
      expect(read).toThrow(DataLossError);
      expect(read).toThrow(error);
    }
  });

  function flip(bytes: Buffer, at: number): Buffer {
    const copy = Buffer.from(bytes);
    copy[at] ^= 1;
    return copy;
  }
});

describe('event files written by Python TF', () => {
  const bytes = fs.readFileSync(PYTHON_EVENTS);
  const events = eventsOnDisk(PYTHON_EVENTS);

  test('summaryIterator reads them in order', () => {
    expect(events.map((e) => e.what.case)).toEqual([
      'fileVersion', 'graphDef', 'metaGraphDef', 'sessionLog', 'summary', 'summary', 'summary', 'summary', 'summary',
      'sessionLog', 'summary', 'summary', 'taggedRunMetadata', 'summary',
    ]);
    expect(events[0].what.value).toBe('brain.Event:2');
    expect(events[0].sourceMetadata?.writer).toBe('tensorflow.core.util.events_writer');
    const graph = fromBinary(GraphDefSchema, events[1].what.value as Uint8Array);
    expect(graph.node.map((n) => n.name)).toEqual(expect.arrayContaining(['x', 'one', 'y']));
    expect(scalars(events)).toEqual([
      [0, 'loss', 1], [1, 'loss', 0.5], [2, 'loss', 0.25], [3, 'loss', 0.125], [4, 'loss', 0.0625],
      [5, 'x_1', 5], [6, 'x_1', 6], [-1, 'neg', 7],
    ]);
    expect(events[9].what.value).toMatchObject({ status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: '/ckpt/model.ckpt' });
    expect(events[12]).toMatchObject({ step: 5n, what: { value: { tag: 'step_5' } } });
  });

  test('re-encoding every event and record reproduces the file byte for byte', () => {
    const records = [...decodeRecords(bytes)];
    for (const r of records) expect(Buffer.from(toBinary(EventSchema, fromBinary(EventSchema, r)))).toEqual(Buffer.from(r));
    expect(Buffer.concat(records.map((r) => encodeRecord(r)))).toEqual(bytes);
  });

  test('FileWriter.addEvent writes the same records as Python', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir);
    for (const e of events.slice(1)) writer.addEvent(e);
    await writer.close();
    const ours = [...decodeRecords(fs.readFileSync(eventFiles(dir)[0]))].slice(1).map((r) => Buffer.from(r));
    expect(ours).toEqual([...decodeRecords(bytes)].slice(1).map((r) => Buffer.from(r)));
  });
});

describe('FileWriter', () => {
  test('names the file events.out.tfevents.<secs>.<host><suffix> and starts it with the version event', async () => {
    const dir = path.join(tmpDir(), 'nested', 'logdir');
    const before = Math.floor(Date.now() / 1000);
    const writer = new FileWriter(dir, { filenameSuffix: '.v2' });
    // With a suffix the file exists at once (TF's InitWithSuffix).
    const [file] = eventFiles(dir);
    const m = /^events\.out\.tfevents\.(\d{10})\.(.+)\.v2$/.exec(path.basename(file));
    expect(m).not.toBeNull();
    const secs = Number(m![1]);
    expect(secs).toBeGreaterThanOrEqual(before);
    expect(secs).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(m![2]).toBe(os.hostname());
    const [first] = eventsOnDisk(file);
    expect(first.wallTime).toBe(secs);
    expect(first.step).toBe(0n);
    expect(first.what).toEqual({ case: 'fileVersion', value: 'brain.Event:2' });
    expect(first.sourceMetadata?.writer).toBe('tensorflow.core.util.events_writer');
    expect(writer.getLogdir()).toBe(dir);
    await writer.close();
  });

  test('creates the file at the first event when there is no suffix', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir);
    expect(eventFiles(dir)).toEqual([]);
    writer.addSessionLog({ status: SessionLog_SessionStatus.START }, 3);
    expect(eventFiles(dir)).toHaveLength(1);
    await writer.close();
  });

  test('stamps wall time and step, and writes what TensorBoard reads', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir);
    const t0 = Date.now() / 1000;
    writer.addSummary(toBinary(SummarySchema, create(SummarySchema, scalar('loss', 0.5))), 10);
    writer.addSummary(scalar('acc', 0.25), 11n);
    writer.addSummary(create(SummarySchema, scalar('lr', 0.125)), 12.9);
    writer.addSummary(scalar('nostep', 1));
    writer.addSessionLog({ status: SessionLog_SessionStatus.CHECKPOINT, checkpointPath: '/c/model.ckpt' }, 12);
    writer.addGraph(create(GraphDefSchema, { node: [{ name: 'a', op: 'NoOp' }] }));
    writer.addMetaGraph(create(MetaGraphDefSchema, { metaInfoDef: { tags: ['serve'] } }));
    writer.addRunMetadata({ stepStats: { devStats: [{ device: '/cpu:0' }] } }, 'step_12', 12);
    writer.addEvent({ wallTime: 5, step: 99n, what: { case: 'fileVersion', value: 'custom' } });
    await writer.close();
    const events = eventsOnDisk(eventFiles(dir)[0]).slice(1);
    expect(scalars(events)).toEqual([[10, 'loss', 0.5], [11, 'acc', 0.25], [12, 'lr', 0.125], [0, 'nostep', 1]]);
    for (const e of events.slice(0, -1)) {
      expect(e.wallTime).toBeGreaterThanOrEqual(t0);
      expect(e.wallTime).toBeLessThanOrEqual(Date.now() / 1000);
    }
    expect(events[4].what.value).toMatchObject({ checkpointPath: '/c/model.ckpt' });
    expect(fromBinary(GraphDefSchema, events[5].what.value as Uint8Array).node[0].name).toBe('a');
    expect(fromBinary(MetaGraphDefSchema, events[6].what.value as Uint8Array).metaInfoDef?.tags).toEqual(['serve']);
    expect(events[7]).toMatchObject({ step: 12n, what: { case: 'taggedRunMetadata', value: { tag: 'step_12' } } });
    // addEvent writes the event as given, without stamping it.
    expect(events[8]).toMatchObject({ wallTime: 5, step: 99n, what: { value: 'custom' } });
  });

  test('keeps summary metadata only on the first value of each tag', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir);
    const text = (s: string) =>
      create(SummarySchema, {
        value: [{ tag: 'note', metadata: { pluginData: { pluginName: 'text' } }, value: { case: 'simpleValue', value: s.length } }],
      });
    const first = text('a');
    writer.addSummary(first, 1);
    writer.addSummary(text('bb'), 2);
    await writer.close();
    const values = eventsOnDisk(eventFiles(dir)[0]).slice(1).map((e) => (e.what.value as { value: { metadata?: unknown }[] }).value[0]);
    expect(values[0].metadata).toMatchObject({ pluginData: { pluginName: 'text' } });
    expect(values[1].metadata).toBeUndefined();
    expect(first.value[0].metadata).toBeDefined(); // the caller's message is left alone
  });

  test('a summary op\'s bytes give the same events as the parsed message, metadata rules included', async () => {
    // Bytes without metadata to clear take a path that copies them into the event unparsed.
    const summary = (tag: string, withMetadata: boolean, v: number) => create(SummarySchema, {
      value: [
        { tag: 'loss', value: { case: 'simpleValue', value: v } },
        { tag, ...(withMetadata ? { metadata: { pluginData: { pluginName: 'text' } } } : {}), value: { case: 'simpleValue', value: 2 } },
      ],
    });
    const inputs: Array<[ReturnType<typeof summary>, number | bigint | undefined]> = [
      [summary('a', true, 1), 0], [summary('a', true, 2), 5], [summary('b', false, 3), 2n ** 40n],
      [summary('a', false, 4), -3], [summary('c', true, 5), undefined],
    ];
    const written = async (asBytes: boolean) => {
      const dir = tmpDir();
      const writer = new FileWriter(dir);
      const now = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_123);
      try {
        for (const [msg, step] of inputs) writer.addSummary(asBytes ? toBinary(SummarySchema, msg) : msg, step);
      } finally {
        now.mockRestore();
      }
      await writer.close();
      // Past the version record, whose wall time is the file's creation second.
      return [...tfRecordIterator(eventFiles(dir)[0])].slice(1).map((r) => Buffer.from(r).toString('hex'));
    };
    const fromBytes = await written(true);
    expect(fromBytes).toEqual(await written(false));
    expect(fromBytes).toHaveLength(inputs.length);
  });

  test('raises as TF on bad arguments', async () => {
    const writer = new FileWriter(tmpDir());
    const g = create(GraphDefSchema);
    expect(() => writer.addGraph(g, undefined, g)).toThrow(new ValueError('Please pass only graph, or graph_def (deprecated), but not both.'));
    expect(() => writer.addGraph({} as never)).toThrow(new TypeError('The passed graph must be an instance of `Graph` or the deprecated `GraphDef`'));
    expect(() => writer.addMetaGraph(g as never)).toThrow(new TypeError('meta_graph_def must be type MetaGraphDef, saw type: tensorflow.GraphDef'));
    writer.addRunMetadata(new Uint8Array(0), 'step_1');
    expect(() => writer.addRunMetadata(new Uint8Array(0), 'step_1')).toThrow(ValueError);
    expect(() => writer.addRunMetadata(new Uint8Array(0), 'step_1')).toThrow('The provided tag was already used for this event type');
    await writer.close();
  });

  test('writes a Graph as its GraphDef, asking for output shapes', async () => {
    const dir = tmpDir();
    const calls: unknown[] = [];
    const graph = {
      toGraphDef(options?: unknown) {
        calls.push(options);
        return toBinary(GraphDefSchema, create(GraphDefSchema, { node: [{ name: 'g', op: 'NoOp' }] }));
      },
    };
    const writer = new FileWriter(dir, { graph });
    await writer.close();
    const events = eventsOnDisk(eventFiles(dir)[0]);
    // A writer built with a graph starts with the graph and a MetaGraphDef of it, as in TF.
    expect(events.map((e) => e.what.case)).toEqual(['fileVersion', 'graphDef', 'metaGraphDef']);
    expect(calls).toEqual([{ addShapes: true }]);
    const meta = fromBinary(MetaGraphDefSchema, events[2].what.value as Uint8Array);
    expect(meta.graphDef?.node[0].name).toBe('g');
  });
});

describe('flushing', () => {
  test('flushes the first event at once, later ones only on a write after flushSecs, or on flush()', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir, { flushSecs: 0.5 });
    writer.addSummary(scalar('loss', 1), 1);
    const [file] = eventFiles(dir);
    await waitFor(() => eventsOnDisk(file).length === 2);
    writer.addSummary(scalar('loss', 2), 2);
    await sleep(700);
    // No timer flushes an idle writer: step 2 waits for the next write.
    expect(eventsOnDisk(file)).toHaveLength(2);
    writer.addSummary(scalar('loss', 3), 3);
    await waitFor(() => eventsOnDisk(file).length === 4);
    writer.addSummary(scalar('loss', 4), 4);
    await sleep(100);
    expect(eventsOnDisk(file)).toHaveLength(4);
    await writer.flush();
    expect(scalars(eventsOnDisk(file))).toEqual([[1, 'loss', 1], [2, 'loss', 2], [3, 'loss', 3], [4, 'loss', 4]]);
    await writer.close();
  });

  test('hands events to the OS once maxQueue of them wait, without waiting for flushSecs', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir, { maxQueue: 3, flushSecs: 1000 });
    writer.addSummary(scalar('a', 0), 0);
    const [file] = eventFiles(dir);
    await waitFor(() => eventsOnDisk(file).length === 2);
    writer.addSummary(scalar('a', 1), 1);
    writer.addSummary(scalar('a', 2), 2);
    await sleep(100);
    expect(eventsOnDisk(file)).toHaveLength(2);
    writer.addSummary(scalar('a', 3), 3);
    await waitFor(() => eventsOnDisk(file).length === 5);
    await writer.close();
  });

  test('close() writes everything; afterwards the writer drops events, and reopen() starts a new file', async () => {
    const dir = tmpDir();
    const writer = new FileWriter(dir, { flushSecs: 1000 });
    for (let i = 0; i < 25; i++) writer.addSummary(scalar('x', i), i);
    await writer.close();
    await writer.close(); // idempotent
    const [first] = eventFiles(dir);
    expect(eventsOnDisk(first)).toHaveLength(26);

    writer.addSummary(scalar('x', 100), 100); // dropped
    await writer.flush();
    expect(eventFiles(dir)).toEqual([first]);

    writer.reopen();
    writer.addSummary(scalar('x', 200), 200);
    await writer.close();
    const files = eventFiles(dir);
    expect(files).toHaveLength(2);
    expect(eventsOnDisk(first)).toHaveLength(26); // the first file is untouched
    const second = files.find((f) => f !== first)!;
    expect(eventsOnDisk(second)[0].what.case).toBe('fileVersion');
    expect(scalars(eventsOnDisk(second))).toEqual([[200, 'x', 200]]);
  });

  // Child processes end in different ways with events still buffered or in flight.
  test.each([
    ['the event loop empties', ''],
    ['user code throws', 'throw new Error("bug in the training loop");'],
    ['a promise rejects unhandled', 'Promise.reject(new Error("async bug"));'],
    ['process.exit() is called mid-write', 'process.exit(3);'],
  ])('no event is lost when %s without close()', (_, ending) => {
    const dir = tmpDir();
    const child = runChild(
      dir,
      `const writer = new FileWriter(${JSON.stringify(path.join(dir, 'logs'))}, { maxQueue: 10, flushSecs: 1000 });
       for (let i = 0; i < 1000; i++) {
         writer.addSummary({ value: [{ tag: 'loss', value: { case: 'simpleValue', value: i } }] }, i);
       }
       ${ending}`,
    );
    if (ending === '') expect(child.stderr).toBe('');
    expect(child.status).toBe(ending === '' ? 0 : ending.startsWith('process.exit') ? 3 : 1);
    const events = eventsOnDisk(eventFiles(path.join(dir, 'logs'))[0]);
    expect(events).toHaveLength(1001);
    expect(scalars(events).map(([step]) => step)).toEqual([...Array(1000).keys()]);
  });

  test('using a closed writer warns once, as Python\'s warnings module does', () => {
    const dir = tmpDir();
    const child = runChild(
      dir,
      `const writer = new FileWriter(${JSON.stringify(dir)});
       writer.close().then(() => {
         writer.addSummary({ value: [] }, 1);
         writer.addSessionLog({ status: 1 });
         return writer.flush();
       });`,
    );
    expect(child.status).toBe(0);
    const warnings = child.stderr.split('\n').filter((l) => l.includes('Warning'));
    expect(warnings).toEqual([
      `(node:${child.pid}) UserWarning: Attempting to use a closed FileWriter. The operation will be a noop unless the FileWriter is explicitly reopened.`,
    ]);
  });
});

describe('FileWriterCache', () => {
  afterEach(() => FileWriterCache.clear());

  test('keeps one writer per exact logdir string, writing the default graph first', async () => {
    const dir = tmpDir();
    const a = FileWriterCache.get(dir);
    expect(FileWriterCache.get(dir)).toBe(a);
    const b = FileWriterCache.get(dir + '/');
    expect(b).not.toBe(a);
    a.addSummary(scalar('s', 1), 1);
    b.addSummary(scalar('s', 2), 2);
    await FileWriterCache.clear(); // closes, so flushes, both
    const files = eventFiles(dir);
    expect(files).toHaveLength(2);
    const all = files.map(eventsOnDisk);
    for (const events of all) {
      expect(events.map((e) => e.what.case)).toEqual(['fileVersion', 'graphDef', 'metaGraphDef', 'summary']);
    }
    expect(all.flatMap(scalars).sort()).toEqual([[1, 's', 1], [2, 's', 2]]);
    expect(FileWriterCache.get(dir)).not.toBe(a);
  });
});
