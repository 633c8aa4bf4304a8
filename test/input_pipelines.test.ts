/**
 * TF1's queues and queue-based input pipelines against TF 2.21 Python
 * (scripts/graph_fixtures/input_pipelines.py): the same graphs op for op, the same ValueErrors,
 * and the same values from pipelines run under a MonitoredSession until their epochs run out.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Output, Tensor, getDefaultGraph, ops, train } from '../lib';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import { expectClose } from './helpers/fixture_values';
import { Recorded, build, loadGraphFixture, record } from './helpers/graph_record';

interface Fixture {
  queues: Recorded;
  queues_seeded: Recorded;
  producers: Recorded;
  batching: Recorded;
  errors: Record<string, [string, string] | null>;
  runs: Record<string, unknown[]>;
}
const fixture = loadGraphFixture<Fixture>('input_pipelines.json');

test('queues: FIFOQueue, RandomShuffleQueue, PaddingFIFOQueue and their ops', () => {
  const g = build(() => {
    const q = new ops.FIFOQueue(10, [DType.float32, DType.int32], { shapes: [[2], []], names: ['a', 'b'] });
    q.enqueue({ a: [1.0, 2.0], b: 3 });
    q.enqueueMany({ a: [[1.0, 2.0], [3.0, 4.0]], b: [5, 6] });
    q.dequeue();
    q.dequeueMany(3);
    q.dequeueUpTo(2);
    q.close();
    q.close(true);
    q.size();
    q.isClosed();
    const graph = getDefaultGraph();
    const x = ops.placeholder(DType.float32, [null], 'x');
    graph.nameScope('scoped', () => graph.controlDependencies([x], () => {
      const s = new ops.FIFOQueue(4, DType.float32, { shapes: [[]], name: 'inside' });
      s.enqueueMany([x]);
      s.enqueue(1.5, 'one');
    }));
    const r = new ops.RandomShuffleQueue(10, 2, DType.string, { seed: 3 });
    r.enqueue(['a']);
    r.dequeueMany(2);
    new ops.RandomShuffleQueue(10, 2, DType.int64, { sharedName: 'shared' });
    const p = new ops.PaddingFIFOQueue(5, [DType.int32], [[null]]);
    p.enqueue([[1, 2, 3]]);
    p.dequeueMany(2);
  });
  expect(record(g)).toEqual(fixture.queues);
  // Static shapes of what a dequeue gives, as TF1 sets them.
  g.asDefault(() => {
    const q = new ops.FIFOQueue(10, [DType.float32], { shapes: [[2]] });
    expect((q.dequeueMany(3) as Output).shape).toEqual([3, 2]);
    expect((q.dequeueUpTo(3) as Output).shape).toEqual([null, 2]);
    expect((q.dequeue() as Output).shape).toEqual([2]);
  });
});

test('a RandomShuffleQueue takes the graph seed, and a shared one without op seed a seed2 of its name', () => {
  const g = build(() => {
    ops.setRandomSeed(11);
    new ops.RandomShuffleQueue(10, 2, DType.string);
    new ops.RandomShuffleQueue(10, 2, DType.string, { sharedName: 'shared' });
    new ops.RandomShuffleQueue(10, 2, DType.string, { seed: 4, sharedName: 'shared' });
  });
  expect(record(g)).toEqual(fixture.queues_seeded);
  const seeds = g.operations().map((o) => [o.getAttr('seed'), o.getAttr('seed2')]);
  expect(seeds[1][1]).not.toBe(seeds[0][1]);
});

test('producers: string, range, slice and input producers, limitEpochs, matchFilenamesOnce', () => {
  const g = build(() => {
    train.stringInputProducer(['a', 'b', 'c'], { numEpochs: 2, shuffle: false });
    train.stringInputProducer(ops.constant(['x']), { seed: 5, capacity: 8 });
    train.rangeInputProducer(7, { numEpochs: 1, name: 'ranges' });
    train.sliceInputProducer([ops.constant([[1, 2], [3, 4], [5, 6]]), ops.constant([1, 2, 3])], { numEpochs: 3, shuffle: false });
    train.inputProducer(ops.constant([[1.0, 2.0], [3.0, 4.0]]), { seed: 1, summaryName: 'full' });
    train.limitEpochs(ops.constant([1, 2]), 4);
    train.matchFilenamesOnce('/nonexistent/*.none');
  });
  expect(record(g)).toEqual(fixture.producers);
});

test('batching: batch, shuffleBatch, their join and maybe forms, dynamic padding', () => {
  const g = build(() => {
    const x = ops.placeholder(DType.float32, [3], 'x');
    const y = ops.placeholder(DType.int64, [], 'y');
    const xs = ops.placeholder(DType.float32, [null, 3], 'xs');
    const v = ops.placeholder(DType.int32, [null], 'v');
    const keep = ops.placeholder(DType.bool, [null], 'keep');
    train.batch([x, y], 4);
    train.batch({ y, x }, 2, { allowSmallerFinalBatch: true, numThreads: 2, capacity: 10 });
    train.batch([xs], 3, { enqueueMany: true });
    train.batch([v], 2, { dynamicPad: true });
    train.shuffleBatch([x], 4, 20, 10, { seed: 7, numThreads: 3 });
    train.batchJoin([[x, y], [ops.add(x, 1.0, 'add'), y]], 2);
    train.shuffleBatchJoin([{ x }, { x: ops.mul(x, 2.0, 'mul') }], 5, 30, 3, { allowSmallerFinalBatch: true });
    train.maybeBatch([x], true, 2);
    train.maybeBatch([xs], keep, 2, { enqueueMany: true });
    train.maybeShuffleBatch([xs], 2, 10, 1, keep, { enqueueMany: true });
    train.maybeBatchJoin([[x], [x]], false, 2);
  });
  expect(record(g)).toEqual(fixture.batching);
  // The queue runners: one per queue, `batch` with numThreads enqueue loops of the same op.
  const runners = g.getCollection('queue_runners') as train.QueueRunner[];
  expect(runners.map((r) => r.enqueueOps.length)).toEqual([1, 2, 1, 1, 3, 2, 2, 1, 1, 1, 2]);
});

test('bad arguments raise TF1\'s errors', () => {
  const cases: Record<string, () => unknown> = {
    limit_epochs_zero: () => train.limitEpochs(ops.constant(1), 0),
    string_producer_empty: () => train.stringInputProducer([]),
    slice_producer_empty: () => train.sliceInputProducer([]),
    input_producer_shape: () => train.inputProducer(ops.placeholder(DType.float32, [null, null])),
    shuffle_capacity: () => train.shuffleBatch([ops.constant(1)], 2, 10, 10),
    batch_empty: () => train.batch([], 2),
    keep_vector: () => train.maybeBatch([ops.constant(1)], ops.constant([true]), 2),
    keep_matrix: () => train.maybeBatch([ops.constant([[1]])], ops.constant([[true]]), 2, { enqueueMany: true }),
    join_types: () => train.batchJoin([[ops.constant(1, { dtype: DType.int32 })], [ops.constant(1.0)]], 2),
    unknown_rank: () => train.batch([ops.placeholder(DType.float32)], 2),
    queue_names: () => new ops.FIFOQueue(2, [DType.int32], { names: ['a', 'b'] }),
    queue_shapes: () => new ops.FIFOQueue(2, [DType.int32], { shapes: [[null]] }),
    padding_shapes: () => new ops.PaddingFIFOQueue(2, [DType.int32], [1, 2]),
    enqueue_dict: () => new ops.FIFOQueue(2, [DType.int32]).enqueue({ a: 1 }),
    enqueue_list_named: () => new ops.FIFOQueue(2, [DType.int32], { names: ['a'] }).enqueue([1]),
    enqueue_keys: () => new ops.FIFOQueue(2, [DType.int32], { names: ['a'] }).enqueue({ b: 1 }),
    enqueue_shape: () => new ops.FIFOQueue(2, [DType.int32], { shapes: [[2]] }).enqueue([[1, 2, 3]]),
  };
  const seen: Record<string, [string, string] | null> = {};
  for (const [name, fn] of Object.entries(cases)) {
    try {
      build(() => fn());
      seen[name] = null;
    } catch (e) {
      seen[name] = [(e as Error).constructor.name, (e as Error).message];
    }
  }
  // Python names a tensor by its repr; here errors name it by its name.
  seen.unknown_rank![1] = seen.unknown_rank![1].replace('Placeholder:0', 'Tensor("Placeholder:0", dtype=float32)');
  expect(seen).toEqual(fixture.errors);
});

/** The values of `fetch` run under a MonitoredSession until the pipeline's input runs out. */
async function runUntilDone(fetch: unknown): Promise<unknown[]> {
  const values: unknown[] = [];
  await train.withMonitoredSession(train.MonitoredSession.create(), async (sess) => {
    while (!sess.shouldStop()) values.push(toJson(await sess.run(fetch as Output)));
  });
  return values;
}

function toJson(x: unknown): unknown {
  if (x instanceof Tensor) {
    const strings = (a: unknown): unknown => (Array.isArray(a) ? a.map(strings)
      : a instanceof Uint8Array ? Buffer.from(a).toString() : typeof a === 'bigint' ? Number(a) : a);
    return strings(x.dtype === DType.string || x.dtype === DType.int64 ? x.toArray() : x.toArray());
  }
  if (Array.isArray(x)) return x.map(toJson);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toJson(v)]));
  return x;
}

const DATA = Tensor.from(Array.from({ length: 10 }, (_, i) => [2 * i, 2 * i + 1]), { dtype: DType.float32 });
const LABELS = Tensor.from(Array.from({ length: 10 }, (_, i) => BigInt(i * 10)), { dtype: DType.int64 });

describe('pipelines give the values Python\'s give, and end on OutOfRange', () => {
  const inGraph = (fn: () => Promise<unknown[]>) => build(() => undefined).asDefault(fn);

  test('slice producer, batch with a smaller final batch', async () => {
    expect(await inGraph(() => {
      const [row, label] = train.sliceInputProducer([DATA, LABELS], { numEpochs: 2, shuffle: false });
      return runUntilDone(train.batch([row, label], 3, { allowSmallerFinalBatch: true }));
    })).toEqual(fixture.runs.slice_batch_smaller);
  });

  test('batch of an object, the last incomplete batch dropped', async () => {
    expect(await inGraph(() => {
      const [row, label] = train.sliceInputProducer([DATA, LABELS], { numEpochs: 1, shuffle: false });
      return runUntilDone(train.batch({ row, label }, 4));
    })).toEqual(fixture.runs.slice_batch_dict);
  });

  test('string producer shuffled with an op seed, three epochs', async () => {
    expect(await inGraph(() => {
      const q = train.stringInputProducer(['a', 'b', 'c', 'd', 'e'], { numEpochs: 3, seed: 42 });
      return runUntilDone(q.dequeue());
    })).toEqual(fixture.runs.strings_shuffled);
  });

  test('range producer shuffled with the graph seed', async () => {
    expect(await inGraph(() => {
      ops.setRandomSeed(7);
      const q = train.rangeInputProducer(6, { numEpochs: 2 });
      return runUntilDone(q.dequeueMany(3));
    })).toEqual(fixture.runs.range_graph_seed);
  });

  test('maybeBatch with a keep vector keeps only the rows marked', async () => {
    expect(await inGraph(() => {
      const limited = train.limitEpochs(ops.constant(DATA), 1);
      const keep = train.limitEpochs(ops.constant(Array.from({ length: 10 }, (_, i) => i % 3 !== 0)), 1);
      return runUntilDone(train.maybeBatch([limited], keep, 2, { enqueueMany: true, allowSmallerFinalBatch: true }));
    })).toEqual(fixture.runs.maybe_batch_many);
  });

  test('dynamic padding', async () => {
    expect(await inGraph(() => {
      const int32 = (v: number[] | number[][]) => ops.constant(v, { dtype: DType.int32 });
      const v = train.limitEpochs(int32([[1, 2, 0], [3, 0, 0], [4, 5, 6]]), 1);
      const [row, n] = train.sliceInputProducer([v, int32([2, 1, 3])], { numEpochs: 1, shuffle: false });
      // row[:n]
      const sliced = ops.gen.stridedSlice({ input: row, begin: int32([0]), end: ops.reshape(n, [1]), strides: int32([1]) });
      return runUntilDone(train.batch([sliced], 2, { dynamicPad: true, allowSmallerFinalBatch: true }));
    })).toEqual(fixture.runs.padded);
  });

  test('MonitoredTrainingSession trains on batches until the epochs run out, then saves the last step', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-train-'));
    const expected = fixture.runs.train_linear as unknown as { losses: number[]; checkpoint: string; w: number[][]; global_step: number };
    try {
      const losses: number[] = [];
      await build(() => undefined).asDefault(async () => {
        const [row, label] = train.sliceInputProducer([DATA, Tensor.from(Array.from({ length: 10 }, (_, i) => i), { dtype: DType.float32 })],
          { numEpochs: 3, shuffle: false });
        const [xb, yb] = train.batch([row, label], 4) as Output[];
        const w = new ops.Variable(ops.zeros([2, 1]), { name: 'w' });
        const loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(xb, w), ops.reshape(yb, [-1, 1]))));
        const gs = train.getOrCreateGlobalStep();
        const trainOp = new train.GradientDescentOptimizer(0.001).minimize(loss, { globalStep: gs });
        await train.withMonitoredSession(train.MonitoredTrainingSession({
          checkpointDir: dir, saveCheckpointSteps: 100, saveSummariesSteps: null, logStepCountSteps: null,
        }), async (sess) => {
          while (!sess.shouldStop()) losses.push(Number(((await sess.run([trainOp, loss]))[1] as Tensor).item()));
        });
      });
      // Close, not equal: oneDNN picks its matmul kernels by CPU, and their sums differ in the last bits
      // from one machine to another (Python's as much as these).
      expectClose(losses, expected.losses);
      expect(path.basename(train.latestCheckpoint(dir)!)).toBe(expected.checkpoint);
      const reader = train.loadCheckpoint(train.latestCheckpoint(dir)!);
      expectClose(Array.from(reader.getTensor('w').data as Float32Array), expected.w.flat());
      expect(Number(reader.getTensor('global_step').item())).toBe(expected.global_step);
    } finally {
      await FileWriterCache.clear();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
