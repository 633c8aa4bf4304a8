/**
 * Checkpointed input pipelines and the remaining tf.data.experimental names against TF 2.21 Python
 * (scripts/graph_fixtures/data_checkpoint.py): makeSaveableFromIterator with train.Saver (default, var list,
 * sharded) and MonitoredTrainingSession, restoring Python's checkpoint of an iterator; snapshot,
 * mapAndBatchWithLegacyFunction, SqlDataset and the *Structure aliases: the same graphs op for op, the same
 * elements (before a save, after it and after a restore in a new session), the same checkpoint keys, the same
 * specs and errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, GraphKeys, Operation, Output, Session, Tensor, data, errors, ops, train } from '../lib';
import { describeDatasetGraphs, fetchAll, graphJson, jsonOf, runAll, withSession } from './helpers/datasets';
import { fixturePath } from './helpers/core';
import { itThrowsTF1Errors } from './helpers/fixture_values';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';

interface Fixture {
  graphs: Record<string, RecordedAll & { functions: Record<string, string[]> }>;
  values: Record<string, unknown>;
  specs: Record<string, unknown>;
  python_checkpoint: unknown[];
  monitored: unknown[][];
  structures: unknown[];
  sql_error: { error: string; message: string };
  errors: Record<string, { class: string; message: string }>;
}
const fixture = loadGraphFixture<Fixture>('data_checkpoint.json');
const DATA = fixturePath('graph_layer', 'data_checkpoint');
const DB = path.join(DATA, 'people.db');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'data_checkpoint-'));
const { Dataset, experimental: x } = data;
type Dataset = data.Dataset;

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** `v` with this test's directories as the script has its own: `<data>`, `<tmp>`. */
function strip(v: unknown): unknown {
  if (typeof v === 'string') return v.split(DATA).join('<data>').split(TMP).join('<tmp>');
  if (Array.isArray(v)) return v.map(strip);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, y]) => [k, strip(y)]));
  return v;
}

async function times(sess: Session, fetch: unknown, n: number): Promise<unknown[]> {
  const out = [];
  for (let i = 0; i < n; i++) out.push(jsonOf(await sess.run(fetch as Output)));
  return out;
}

type Run = () => Promise<[unknown, unknown]>;

/**
 * The script's save_restore: `steps` elements, saved, `more` elements; in a new session (initialized) restored,
 * the elements to the end; with the checkpoint's keys.
 */
function saveRestore(g: Graph, fetch: unknown, saver: train.Saver, init: Operation | null, steps = 3, more = 2): Run {
  const prefix = path.join(fs.mkdtempSync(path.join(TMP, 'ckpt-')), 'model.ckpt');
  const initVars = g.asDefault(() => ops.globalVariablesInitializer());
  return async () => {
    const [before, after] = await withSession(g, async (sess) => {
      await sess.run(initVars);
      if (init) await sess.run(init);
      const b = await times(sess, fetch, steps);
      await saver.save(sess, prefix);
      return [b, await times(sess, fetch, more)];
    });
    const restored = await withSession(g, async (sess) => {
      if (init) await sess.run(init);
      await saver.restore(sess, prefix);
      return runAll(sess, fetch);
    });
    // Not the shapes: a serialized iterator's size varies from run to run.
    return [[before, after, restored], train.listVariables(prefix).map(([n]) => n)];
  };
}

/** The pipeline the checkpoint cases read: shuffled (seeded), batched. */
const pipeline = () => Dataset.range(10).shuffle(5, { seed: 7 }).batch(2);

const graphs: Record<string, (g: Graph) => Run> = {
  saveable_initializable: (g) => g.asDefault(() => {
    const it = data.makeInitializableIterator(pipeline());
    const next = it.getNext();
    ops.addToCollection(GraphKeys.SAVEABLE_OBJECTS, x.makeSaveableFromIterator(it));
    return saveRestore(g, next, new train.Saver(), it.initializer);
  }),
  saveable_one_shot: (g) => g.asDefault(() => {
    const v = new ops.Variable(3.0, { name: 'v' });
    const it = data.makeOneShotIterator(Dataset.range(6).map((e: Output) => ops.mul(e, 2, 'mul')));
    const next = it.getNext() as Output;
    const saveable = g.nameScope('ckpt', () => x.makeSaveableFromIterator(it, x.ExternalStatePolicy.WARN));
    return saveRestore(g, ops.add(next, ops.cast(v, DType.int64), 'add'), new train.Saver({ varList: [v, saveable] }), null, 2);
  }),
  saveable_ignore: (g) => g.asDefault(() => {
    const it = data.makeInitializableIterator(Dataset.fromTensorSlices([
      Tensor.from([1, 2, 3, 4], { dtype: DType.int32 }), ['a', 'b', 'c', 'd']]));
    const next = it.getNext();
    ops.addToCollection(GraphKeys.SAVEABLE_OBJECTS, x.makeSaveableFromIterator(it, 'ignore'));
    return saveRestore(g, next, new train.Saver({ sharded: true }), it.initializer, 1, 1);
  }),
  // The second pass over a snapshot reads it (sorted: the order of the shards' reads is not the input's).
  snapshot: (g) => {
    const run = fetchAll(g, () => {
      const r = Dataset.range(6).map((v: Output) => ops.mul(v, v, 'mul'));
      const plain = r.apply(x.snapshot(path.join(TMP, 'snap')));
      const gz = r.apply(x.snapshot(path.join(TMP, 'snap_gz'), 'GZIP', (ds) => ds.interleave((d: Dataset) => d, { cycleLength: 1 }),
        (v: Output) => ops.floormod(v, 2, 'mod')));
      return [plain, gz, plain];
    });
    return async () => {
      const [values, specs] = await run();
      (values[2] as number[]).sort((a, b) => a - b);
      return [values, specs.slice(0, 2)];
    };
  },
  legacy_map_and_batch: (g) => fetchAll(g, () => {
    const r = Dataset.range(7);
    return [
      r.apply(x.mapAndBatchWithLegacyFunction((v: Output) => ops.mul(v, 2, 'mul'), 3)),
      r.apply(x.mapAndBatchWithLegacyFunction((v: Output) => [v, ops.div(ops.cast(v, DType.float32), 2, 'truediv')], 2,
        { numParallelBatches: 2, dropRemainder: true })),
    ];
  }),
  sql: (g) => fetchAll(g, () => [
    x.SqlDataset('sqlite', DB, 'SELECT name, age, height FROM people ORDER BY id', [DType.string, DType.int32, DType.float64]),
    x.SqlDataset('sqlite', DB, 'SELECT age FROM people WHERE age > 40', DType.int64).map((a: Output) => ops.add(a, 1, 'add')),
  ]),
};

describeDatasetGraphs(graphs, fixture, (g) => strip(graphJson(g)));

it("SqlDataset's bad query fails at run time with the kernel's error", async () => {
  const g = new Graph();
  const next = g.asDefault(() => data.makeOneShotIterator(x.SqlDataset('sqlite', DB, 'SELECT nothing FROM people',
    [DType.string])).getNext());
  const error = await withSession(g, (sess) => sess.run(next as Output[])).catch((e: Error) => e);
  expect(error).toBeInstanceOf(errors.UnknownError);
  expect((error as Error).message.split('\n').filter((l) => l && l[0] !== '\t').pop()).toBe(fixture.sql_error.message);
});

it('snapshot writes its files under its path on the first pass', () => {
  for (const dir of ['snap', 'snap_gz']) expect(fs.readdirSync(path.join(TMP, dir)).length).toBeGreaterThan(0);
});

describe('checkpoints of iterators', () => {
  it("restores Python's checkpoint of an iterator (after 3 elements) and reads on as Python does", async () => {
    const g = new Graph();
    const { it, next, saver } = g.asDefault(() => {
      const iterator = data.makeInitializableIterator(pipeline());
      const n = iterator.getNext();
      ops.addToCollection(GraphKeys.SAVEABLE_OBJECTS, x.makeSaveableFromIterator(iterator));
      return { it: iterator, next: n, saver: new train.Saver() };
    });
    const rest = await withSession(g, async (sess) => {
      await sess.run(it.initializer);
      await saver.restore(sess, path.join(DATA, 'ckpt'));
      return runAll(sess, next);
    });
    expect(rest).toEqual(fixture.python_checkpoint);
  });

  it('MonitoredTrainingSession checkpoints the iterator (CheckpointSaverHook) and resumes where it was', async () => {
    const dir = fs.mkdtempSync(path.join(TMP, 'mts-'));
    // Quiet: the MetaGraph export warns that it cannot serialize saveable_objects, as Python's does.
    const stopLogs = train.addLogHandler(() => {});
    const runs: unknown[][] = [];
    for (const steps of [3, 2]) {
      const g = new Graph();
      const fetch = g.asDefault(() => {
        const step = train.getOrCreateGlobalStep();
        const it = data.makeOneShotIterator(pipeline());
        const next = it.getNext();
        ops.addToCollection(GraphKeys.SAVEABLE_OBJECTS, x.makeSaveableFromIterator(it));
        return [next, ops.assignAdd(step, 1)];
      });
      await g.asDefault(() => train.withMonitoredSession(train.MonitoredTrainingSession({
        checkpointDir: dir, saveCheckpointSteps: 2, saveSummariesSteps: null, logStepCountSteps: 0,
      }), async (sess) => {
        runs.push(await times(sess as unknown as Session, fetch, steps));
      }));
    }
    stopLogs();
    expect(runs).toEqual(fixture.monitored);
  });
});

describe('the deprecated *Structure names', () => {
  it('make the specs Python makes', () => {
    expect([...[
      x.TensorArrayStructure(DType.int32, [2], true, false), x.RaggedTensorStructure(DType.float32, [null, null, 3], 1),
      new x.OptionalStructure(new data.TensorSpec([2], DType.int32)), new x.OptionalStructure([new data.TensorSpec([], DType.string)]),
    ].map(String), new x.OptionalStructure(null as never) instanceof x.Structure]).toEqual(fixture.structures);
  });
});

describe('errors', () => {
  itThrowsTF1Errors(JSON.parse(JSON.stringify(fixture.errors).split('<tmp>').join(TMP)), {
    policy: () => x.makeSaveableFromIterator(data.makeInitializableIterator(Dataset.range(3)), 'never'),
    ragged_rank: () => x.RaggedTensorStructure(DType.float32, [2], 1),
    legacy_both: () => Dataset.range(3).apply(x.mapAndBatchWithLegacyFunction((v: Output) => v, 2,
      { numParallelBatches: 1, numParallelCalls: 2 })),
    shard_func_float: () => Dataset.range(3).apply(x.snapshot(TMP, 'AUTO', undefined, (v: Output) => ops.cast(v, DType.float32))),
    shard_func_vector: () => Dataset.range(3).apply(x.snapshot(TMP, 'AUTO', undefined, (v: Output) => ops.stack([v, v]))),
  });
});
