/**
 * Checkpoint interop with Python TF (the reference venv, TF1_NODE_PYTHON): every checkpoint
 * written here is read by `tf.train.load_checkpoint` (and its `.meta` restores it in Python);
 * checkpoints written by Python restore here. Run with `npm run test:interop`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session } from '../../lib/client/session';
import { DType } from '../../lib/framework/dtypes';
import { importMetaGraph } from '../../lib/framework/meta_graph';
import { Graph, GraphKeys, Output } from '../../lib/framework/ops';
import { addToCollection } from '../../lib/ops/misc_ops';
import * as data from '../../lib/data';
import { Tensor } from '../../lib/framework/tensor';
import { group } from '../../lib/ops/control_flow_ops';
import { Variable, globalVariablesInitializer } from '../../lib/ops/variables';
import { FileWriterCache } from '../../lib/summary/writer/writer_cache';
import {
  MonitoredTrainingSession, Saver, StopAtStepHook, addLogHandler, getOrCreateGlobalStep, incrementGlobalStep,
  latestCheckpoint, withMonitoredSession,
} from '../../lib/train';

const PYTHON = process.env.TF1_NODE_PYTHON;
if (!PYTHON) throw new Error('TF1_NODE_PYTHON is not set: run this suite with `npm run test:interop`');

/** Runs Python code (argv[1:] = args) in the reference venv; parses its last stdout line as JSON. */
function python(code: string, ...args: string[]): any {
  const out = execFileSync(PYTHON!, ['-c', `import os, sys, json\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'\n${code}`, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Python's view of a checkpoint: every variable's dtype, shape and values, plus the state file. */
const READ_CHECKPOINT = `
import tensorflow as tf
d, prefix = sys.argv[1], sys.argv[2]
r = tf.train.load_checkpoint(prefix)
state = tf.compat.v1.train.get_checkpoint_state(d)
print(json.dumps({
  'latest': tf.train.latest_checkpoint(d),
  'all': list(state.all_model_checkpoint_paths),
  'vars': {n: {'dtype': r.get_variable_to_dtype_map()[n].name, 'value': r.get_tensor(n).tolist()}
           for n in sorted(r.get_variable_to_shape_map())}}))
`;

let dir: string;
let stopLogs: () => void;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-interop-')));
  stopLogs = addLogHandler(() => {});
});
afterEach(async () => {
  stopLogs();
  await FileWriterCache.clear();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** w (float32 [2]), r (resource float32 scalar), count (int64), global step; `train` bumps all. */
function model() {
  const graph = new Graph();
  return graph.asDefault(() => {
    getOrCreateGlobalStep();
    const w = new Variable(Tensor.from([1.5, -2], { dtype: DType.float32 }), { name: 'w' });
    const r = new Variable(Tensor.from(0.25, { dtype: DType.float32 }), { name: 'scope/r', useResource: true });
    const count = new Variable(Tensor.from(7n), { name: 'count', trainable: false });
    const train = group([incrementGlobalStep(1), w.assignAdd(Tensor.from([1, 1], { dtype: DType.float32 })),
      r.assignAdd(Tensor.from(1, { dtype: DType.float32 }))], 'train');
    return { graph, w, r, count, train };
  });
}

describe('checkpoints written here, read by Python TF', () => {
  for (const sharded of [false, true]) {
    it(`Saver(sharded=${sharded}): values, state file and latest_checkpoint agree`, async () => {
      const m = model();
      const saver = m.graph.asDefault(() => new Saver({ sharded, maxToKeep: 2 }));
      const sess = new Session(m.graph);
      await sess.run(m.graph.asDefault(() => globalVariablesInitializer()));
      for (let i = 0; i < 3; i++) {
        await sess.run(m.train);
        await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: i + 1 });
      }
      await sess.close();
      const py = python(READ_CHECKPOINT, dir, path.join(dir, 'model.ckpt-3'));
      expect(py.latest).toBe(path.join(dir, 'model.ckpt-3'));
      expect(py.all).toEqual([path.join(dir, 'model.ckpt-2'), path.join(dir, 'model.ckpt-3')]);
      expect(py.vars).toEqual({
        count: { dtype: 'int64', value: 7 },
        global_step: { dtype: 'int64', value: 3 },
        'scope/r': { dtype: 'float32', value: 3.25 },
        w: { dtype: 'float32', value: [4.5, 1] },
      });
    });
  }

  it('MonitoredTrainingSession checkpoints (and their .meta) restore in Python TF1', async () => {
    const m = model();
    await m.graph.asDefault(() => withMonitoredSession(MonitoredTrainingSession({
      checkpointDir: dir, saveCheckpointSteps: 2, hooks: [new StopAtStepHook({ lastStep: 5 })],
    }), async (s) => {
      while (!s.shouldStop()) await s.run(m.train);
    }));
    const latest = latestCheckpoint(dir)!;
    expect(latest).toBe(path.join(dir, 'model.ckpt-5'));
    const py = python(`
import tensorflow as tf
tf1 = tf.compat.v1
tf1.disable_v2_behavior()
prefix = sys.argv[1]
saver = tf1.train.import_meta_graph(prefix + '.meta')
with tf1.Session() as sess:
  saver.restore(sess, prefix)
  g = tf1.get_default_graph()
  print(json.dumps({'gs': int(sess.run(tf1.train.get_global_step())),
                    'w': sess.run(g.get_tensor_by_name('w:0')).tolist(),
                    'vars': sorted(v.op.name for v in tf1.global_variables())}))
`, latest);
    expect(py).toEqual({ gs: 5, w: [6.5, 3], vars: ['count', 'global_step', 'scope/r', 'w'] });
  });

  it("an input pipeline's iterator state (makeSaveableFromIterator) restores in Python, which reads on", async () => {
    const graph = new Graph();
    const { it, next, saver } = graph.asDefault(() => {
      const iterator = data.makeInitializableIterator(data.Dataset.range(10).shuffle(5, { seed: 7 }).batch(2));
      const n = iterator.getNext();
      addToCollection(GraphKeys.SAVEABLE_OBJECTS, data.experimental.makeSaveableFromIterator(iterator));
      return { it: iterator, next: n, saver: new Saver() };
    });
    const sess = new Session(graph);
    await sess.run(it.initializer);
    for (let i = 0; i < 3; i++) await sess.run(next as Output);
    await saver.save(sess, path.join(dir, 'model.ckpt'));
    const rest: number[][] = [];
    for (let i = 0; i < 2; i++) rest.push(Array.from((await sess.run(next as Output) as Tensor).data as BigInt64Array, Number));
    await sess.close();
    const py = python(`
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
it = tf.data.make_initializable_iterator(tf.data.Dataset.range(10).shuffle(5, seed=7).batch(2))
nxt = it.get_next()
tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS, tf.data.experimental.make_saveable_from_iterator(it))
saver = tf.train.Saver()
with tf.Session() as sess:
  sess.run(it.initializer)
  saver.restore(sess, sys.argv[1])
  print(json.dumps([sess.run(nxt).tolist() for _ in range(2)]))
`, path.join(dir, 'model.ckpt'));
    expect(py).toEqual(rest);
  });

  it('a relative checkpoint directory gives relative paths Python resolves', async () => {
    const m = model();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const saver = m.graph.asDefault(() => new Saver());
      const sess = new Session(m.graph);
      await sess.run(m.graph.asDefault(() => globalVariablesInitializer()));
      await saver.save(sess, path.join('rel', 'model.ckpt'), { globalStep: 0 });
      await sess.close();
    } finally {
      process.chdir(cwd);
    }
    const py = python(READ_CHECKPOINT, path.join(dir, 'rel'), path.join(dir, 'rel', 'model.ckpt-0'));
    expect(py.latest).toBe(path.join(dir, 'rel', 'model.ckpt-0'));
  });
});

describe('checkpoints written by Python TF, restored here', () => {
  const fixture = path.join(__dirname, '..', 'fixtures', 'linear');
  const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8'));

  it('the fixture checkpoint restores through its MetaGraph\'s SaverDef and trains on identically', async () => {
    const graph = new Graph();
    const saver = importMetaGraph(graph, path.join(fixture, 'model.meta'))!;
    const sess = new Session(graph);
    await saver.restore(sess, path.join(fixture, 'ckpt', 'model.ckpt-5'));
    const feed = new Map([[graph.tensor('x:0'), Tensor.from(expected.data.x, { dtype: DType.float32 })],
      [graph.tensor('y:0'), Tensor.from(expected.data.y, { dtype: DType.float32 })]]);
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [, loss] = await sess.run([graph.operation('train_op'), graph.tensor('mse:0')], feed);
      losses.push(Number((loss as Tensor).item()));
    }
    losses.forEach((l, i) => expect(l).toBeCloseTo(expected.restored_train_losses.value[i], 5));
    await sess.close();
  });

  it('MonitoredTrainingSession resumes from a checkpoint directory Python\'s MonitoredTrainingSession wrote', async () => {
    python(`
import tensorflow as tf
tf1 = tf.compat.v1
tf1.disable_v2_behavior()
gs = tf1.train.get_or_create_global_step()
w = tf1.get_variable('w', initializer=[1.5, -2.0])
train = tf.group(tf1.assign_add(gs, 1), tf1.assign_add(w, [1.0, 1.0]))
with tf1.train.MonitoredTrainingSession(checkpoint_dir=sys.argv[1], save_checkpoint_steps=2,
    hooks=[tf1.train.StopAtStepHook(last_step=3)]) as sess:
  while not sess.should_stop():
    sess.run(train)
print(json.dumps(True))
`, dir);
    const graph = new Graph();
    const w = graph.asDefault(() => {
      getOrCreateGlobalStep();
      return new Variable(Tensor.from([0, 0], { dtype: DType.float32 }), { name: 'w' });
    });
    const train = graph.asDefault(() => group([incrementGlobalStep(1)], 'train'));
    const seen: number[][] = [];
    await graph.asDefault(() => withMonitoredSession(MonitoredTrainingSession({
      checkpointDir: dir, saveCheckpointSteps: 100, hooks: [new StopAtStepHook({ numSteps: 1 })],
    }), async (s) => {
      seen.push(Array.from((await s.run(w) as Tensor).data as Float32Array));
      while (!s.shouldStop()) await s.run(train);
    }));
    expect(seen).toEqual([[4.5, 1]]);
    expect(latestCheckpoint(dir)).toBe(path.join(dir, 'model.ckpt-4'));
  });
});
