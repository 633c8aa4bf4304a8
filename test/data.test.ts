/**
 * TF1's tf.data (tf.compat.v1.data, graph mode) against TF 2.21 Python
 * (scripts/graph_fixtures/datasets.py): the same graphs op for op (names, inputs, attrs, Const
 * values, colocation; the op types of each function body), the same elements a session gets until
 * OutOfRangeError, the same errors for bad arguments, and the same losses from a model trained by
 * a MonitoredTrainingSession until its dataset runs out.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Output, Tensor, ValueError, data, errors, ops, train } from '../lib';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import { DATA, graphJson, jsonOf, runAll, withSession } from './helpers/datasets';
import { expectClose, itThrowsTF1Errors } from './helpers/fixture_values';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';

type Json = unknown;
interface Fixture {
  graphs: Record<string, RecordedAll & { functions: Record<string, string[]> }>;
  values: Record<string, Json>;
  shapes: Record<string, Json>;
  errors: Record<string, { class: string; message: string }>;
  train_linear: { losses: number[]; w: number[][]; global_step: number };
}
const fixture = loadGraphFixture<Fixture>('datasets.json');

const TFRECORD = path.join(DATA, 'records.tfrecord');
const TEXT = path.join(DATA, 'lines.txt');
const FIXED = path.join(DATA, 'fixed.bin');

const X = Tensor.from(Array.from({ length: 6 }, (_, i) => [2 * i, 2 * i + 1]), { dtype: DType.float32 });
const Y = Tensor.from(Array.from({ length: 6 }, (_, i) => i * 10), { dtype: DType.int32 });

/** Each graph of datasets.py: built in a new graph, then run in a session of it: [values, static shapes]. */
const graphs: Record<string, (g: Graph) => Promise<[unknown, unknown]>> = {
  pipeline: async (g) => {
    const [ds, it, x, y] = g.asDefault(() => {
      const d = data.Dataset.fromTensorSlices([X, Y]).shuffle(10, { seed: 3 }).batch(4).repeat(2);
      const i = data.makeInitializableIterator(d);
      const [a, b] = i.getNext() as Output[];
      i.stringHandle();
      return [d, i, a, b] as const;
    });
    expect(ds.outputTypes).toEqual([DType.float32, DType.int32]);
    expect(ds.outputShapes).toEqual([[null, 2], [null]]);
    return withSession(g, async (sess) => [await runAll(sess, [x, y], it.initializer, 2), [x.shape, y.shape]]);
  },
  sources: async (g) => {
    const built = g.asDefault(() => {
      const a = data.Dataset.fromTensors({ a: Int32Array.of(1, 2), b: 'x' });
      const r = data.Dataset.range(10);
      const r2 = data.Dataset.range(2, 10, 3, { outputType: DType.int32 });
      const z = data.Dataset.zip([r, r2]);
      const chained = z.take(3).skip(1).prefetch(2).cache().cache('').shard(2, 0);
      const joined = z.concatenate(z);
      const dropped = r.batch(3, { dropRemainder: true });
      const padded = data.Dataset.fromTensorSlices(Tensor.from([[1, 2, 3], [4, 5, 6], [7, 8, 9]], { dtype: DType.int32 }))
        .paddedBatch(2, [5]);
      const repeated = r.repeat(2).take(12);
      const fetch: Record<string, unknown> = {};
      for (const [name, ds] of Object.entries({ a, chained, joined, dropped, padded, repeated })) {
        fetch[name] = data.makeOneShotIterator(ds).getNext();
      }
      return { fetch, shapes: { dropped: dropped.outputShapes, padded: padded.outputShapes, types: z.outputTypes } };
    });
    const { types, ...shapes } = built.shapes;
    return withSession(g, async (sess) => {
      const values: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(built.fetch)) values[name] = await runAll(sess, t);
      return [values, { ...shapes, types: (types as DType[]).map((t) => DType[t]) }];
    });
  },
  seeded: async (g) => {
    const [fetch, it] = g.asDefault(() => {
      ops.setRandomSeed(5);
      const a = data.Dataset.range(8).shuffle(8);
      const b = data.Dataset.range(8).shuffle(8, { seed: 7, reshuffleEachIteration: false });
      const first = data.makeOneShotIterator(a.batch(8)).getNext();
      const c = data.Dataset.range(8).shuffle(8);
      const i = data.makeInitializableIterator(c.batch(8));
      const rest = i.getNext();
      const bn = data.makeOneShotIterator(b.batch(8)).getNext();
      return [[first, rest, bn], i] as const;
    });
    return withSession(g, async (sess) => {
      await sess.run(it.initializer);
      const values = [];
      for (const t of fetch) values.push(jsonOf(await sess.run(t as Output)));
      return [values, null];
    });
  },
  feedable: async (g) => {
    const b = g.asDefault(() => {
      const trainIt = data.Dataset.range(100).makeOneShotIterator();
      const val = data.Dataset.range(100, 200).makeOneShotIterator();
      const handle = ops.placeholder(DType.string, [], 'handle');
      const it = data.Iterator.fromStringHandle(handle, trainIt.outputTypes, trainIt.outputShapes);
      const nxt = it.getNext('next') as Output;
      const shared = data.Iterator.fromStructure({ v: DType.int64 }, { v: [] }, 'common');
      const initA = shared.makeInitializer(data.Dataset.fromTensors({ v: ops.constant(7, { dtype: DType.int64 }) }));
      const initB = shared.makeInitializer(data.Dataset.range(3).map((v: Output) => ({ v })), 'from_range');
      return { trainIt, val, handle, nxt, initA, initB, v: shared.getNext(), shared };
    });
    expect(b.shared.outputShapes).toEqual({ v: [] });
    return withSession(g, async (sess) => {
      const [th, vh] = await sess.run([b.trainIt.stringHandle(), b.val.stringHandle()]);
      const steps = [];
      for (const h of [th, th, vh, th, vh]) steps.push(jsonOf(await sess.run(b.nxt, new Map([[b.handle, h]]))));
      await sess.run(b.initA);
      const a = jsonOf(await sess.run(b.v as never));
      await sess.run(b.initB);
      const fromRange = [];
      for (let i = 0; i < 3; i++) fromRange.push(jsonOf(await sess.run(b.v as never)));
      return [[steps, a, fromRange], null];
    });
  },
  functions: async (g) => {
    const built = g.asDefault(() => {
      const r = data.Dataset.range(6);
      const unbatched = r.batch(3, { dropRemainder: true }).unbatch();
      const doubled = r.map((x: Output) => ops.mul(x, 2));
      const pairs = data.Dataset.fromTensorSlices([X, Y])
        .map((x: Output, y: Output) => [ops.reduceSum(x), ops.add(y, 1)], { numParallelCalls: 2 });
      const evens = r.filter((x: Output) => ops.equal(ops.gen.floorMod({ x, y: 2 }), 0));
      const fetch = [unbatched, doubled, pairs, evens].map((ds) => data.makeOneShotIterator(ds).getNext());
      return { fetch, shapes: [unbatched.outputShapes, pairs.outputShapes] };
    });
    return withSession(g, async (sess) => {
      const values = [];
      for (const t of built.fetch) values.push(await runAll(sess, t));
      return [values, built.shapes];
    });
  },
  readers: async (g) => {
    const fetch = g.asDefault(() => {
      const features = { x: new ops.FixedLenFeature([2], DType.float32), y: new ops.FixedLenFeature([], DType.int64) };
      const records = data.TFRecordDataset(TFRECORD).map((s: Output) => ops.parseSingleExample(s, features)).batch(2);
      const lines = data.TextLineDataset([TEXT, TEXT], { bufferSize: 64 });
      const fixed = data.FixedLengthRecordDataset(FIXED, 4, { headerBytes: 2, footerBytes: 1 });
      return [records, lines, fixed].map((ds) => data.makeOneShotIterator(ds).getNext());
    });
    return withSession(g, async (sess) => {
      const values = [];
      for (const t of fetch) values.push(await runAll(sess, t));
      return [values, null];
    });
  },
  captures: async (g) => {
    const { it, next, offset, oneShot } = g.asDefault(() => {
      const scale = ops.constant(3, { dtype: DType.int64, name: 'scale' });
      const offset = ops.placeholder(DType.int64, [], 'offset');
      const limit = ops.constant(5, { dtype: DType.int64, name: 'limit' });
      const ds = data.Dataset.range(4).map((x: Output) => ops.add(ops.mul(x, scale), offset))
        .filter((x: Output) => ops.greater(x, limit));
      const it = data.makeInitializableIterator(ds);
      const next = it.getNext() as Output;
      const rows = data.Dataset.range(2).flatMap((x: Output) => data.Dataset.fromTensors(ops.add(x, scale)).repeat(2));
      return { it, next, offset, oneShot: data.makeOneShotIterator(rows).getNext() };
    });
    return withSession(g, async (sess) => {
      const values: unknown[] = [];
      for (const fed of [1, 10]) {
        values.push(await runAll(sess, next, it.initializer, 0, new Map([[offset, Tensor.from(BigInt(fed))]])));
      }
      return [[...values, await runAll(sess, oneShot)], null];
    });
  },
};

describe.each(Object.keys(graphs))('%s', (name) => {
  const g = new Graph();
  let got: [unknown, unknown];

  beforeAll(async () => {
    got = await graphs[name](g);
  });

  it('has the ops, attrs, collections and function bodies TF1 Python makes', () => {
    expect(graphJson(g)).toEqual(fixture.graphs[name]);
  });

  it('gives the elements TF1 Python gives, with its static shapes', () => {
    expectClose(got[0], fixture.values[name]);
    expect(got[1]).toEqual(fixture.shapes[name]);
  });
});

describe('bad arguments', () => {
  const r = () => data.Dataset.range(3);
  itThrowsTF1Errors(fixture.errors, {
    slices_dims: () => data.Dataset.fromTensorSlices([Tensor.from([0, 0, 0]), Tensor.from([0, 0])]),
    slices_scalar: () => data.Dataset.fromTensorSlices(1.0),
    concatenate_types: () => r().concatenate(data.Dataset.fromTensors('a')),
    concatenate_structure: () => data.Dataset.zip([r(), r()]).concatenate(r()),
    zip_not_dataset: () => data.Dataset.zip([r(), 1 as never]),
    one_shot_initializer: () => data.makeOneShotIterator(r()).initializer,
    initializer_types: () => data.Iterator.fromStructure(DType.int32).makeInitializer(r()),
    initializer_shapes: () => data.Iterator.fromStructure(DType.int64, [2]).makeInitializer(r()),
    unbatch_scalar: () => r().unbatch(),
    filter_not_bool: () => r().filter((x: Output) => x),
    one_shot_placeholder: () => data.makeOneShotIterator(data.Dataset.fromTensorSlices(ops.placeholder(DType.float32, [null], 'xs'))),
    one_shot_variable: () => data.makeOneShotIterator(data.Dataset.fromTensors(new ops.Variable(Tensor.from([1, 2]), { name: 'v' }))),
  });

  test('a function that uses a tensor of a third graph is a ValueError', () => {
    const elsewhere = new Graph().asDefault(() => ops.constant(2, { dtype: DType.int64, name: 'two' }));
    new Graph().asDefault(() => {
      expect(() => r().map((x: Output) => ops.add(x, elsewhere))).toThrow(
        new ValueError('The function of Dataset_map_fn uses two:0, a tensor of neither its graph nor the dataset\'s.'));
    });
  });

  test('getNext on an exhausted iterator is an OutOfRangeError, and re-initializing restarts it', async () => {
    const g = new Graph();
    const [it, next] = g.asDefault(() => {
      const i = data.Dataset.range(2).makeInitializableIterator();
      return [i, i.getNext() as Output] as const;
    });
    await withSession(g, async (sess) => {
      await sess.run(it.initializer);
      expect(Number((await sess.run(next)).item())).toBe(0);
      expect(Number((await sess.run(next)).item())).toBe(1);
      await expect(sess.run(next)).rejects.toThrow(errors.OutOfRangeError);
      await sess.run(it.initializer);
      expect(Number((await sess.run(next)).item())).toBe(0);
    });
  });
});

test('MonitoredTrainingSession trains on shuffled batches until the dataset runs out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-train-'));
  const expected = fixture.train_linear;
  try {
    const losses: number[] = [];
    await new Graph().asDefault(async () => {
      const labels = Tensor.from([0, 1, 2, 3, 4, 5], { dtype: DType.float32 });
      const ds = data.Dataset.fromTensorSlices([X, labels]).shuffle(6, { seed: 1 }).batch(4).repeat(2);
      const [xb, yb] = data.makeOneShotIterator(ds).getNext() as Output[];
      const w = new ops.Variable(ops.zeros([2, 1]), { name: 'w' });
      const loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(xb, w), ops.reshape(yb, [-1, 1]))));
      const gs = train.getOrCreateGlobalStep();
      const trainOp = new train.GradientDescentOptimizer(0.01).minimize(loss, { globalStep: gs });
      await train.withMonitoredSession(train.MonitoredTrainingSession({
        checkpointDir: dir, saveCheckpointSteps: 100, saveSummariesSteps: null, logStepCountSteps: 0,
      }), async (sess) => {
        while (!sess.shouldStop()) losses.push(Number(((await sess.run([trainOp, loss]))[1] as Tensor).item()));
      });
    });
    expectClose(losses, expected.losses);
    const reader = train.loadCheckpoint(train.latestCheckpoint(dir)!);
    expectClose(jsonOf(reader.getTensor('w')), expected.w);
    expect(Number(reader.getTensor('global_step').item())).toBe(expected.global_step);
  } finally {
    await FileWriterCache.clear();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
