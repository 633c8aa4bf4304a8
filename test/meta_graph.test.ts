/**
 * MetaGraph import/export: a model trained in TF1 Python and exported (MetaGraph + checkpoint,
 * and SavedModel) continues training here with Python's losses; graphs exported here round-trip
 * with their collections, variables and saver.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toBinary } from '@bufbuild/protobuf';
import { DType, Graph, GraphKeys, Operation, Output, Session, Tensor, ops, savedModel, train } from '../lib';
import { GraphDefSchema } from '../lib/proto';

const fixtures = path.join(__dirname, 'fixtures', 'graph_layer');
const models = JSON.parse(fs.readFileSync(path.join(fixtures, 'models.json'), 'utf8'));
const feed = { 'x:0': models.data.lx, 'y:0': models.data.ly };

function closeTo(actual: number[], expected: number[], tol = 1e-5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]))));
}

async function continueTraining(sess: Session, g: Graph): Promise<number[]> {
  const trainOp = g.getCollection<Operation>(GraphKeys.TRAIN_OP)[0];
  const losses: number[] = [];
  for (let i = 0; i < 5; i++) {
    losses.push((await sess.run('loss:0', feed)).item() as number);
    await sess.run(trainOp, feed);
  }
  return losses;
}

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'meta-graph-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a MetaGraph exported by Python TF1', () => {
  test('imports with its collections as Variables and ops, restores, and continues training', async () => {
    const g = new Graph();
    const saver = train.importMetaGraph(g, path.join(fixtures, 'py_linear', 'model.ckpt-3.meta'));
    expect(saver).not.toBeNull();
    expect(g.collections.sort()).toEqual(models.python_export.collections);
    const vars = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES);
    expect(vars.map((v) => v.name)).toEqual(['w:0', 'b:0', 'global_step:0']);
    expect(vars.every((v) => v instanceof ops.Variable)).toBe(true);
    // One object per variable across collections, as TF1.
    expect(g.getCollection(GraphKeys.TRAINABLE_VARIABLES)[0]).toBe(vars[0]);
    expect(train.getGlobalStep(g)).toBe(vars[2]);
    expect(vars[0].initializer.name).toBe('w/Assign');
    expect(g.getCollection<Output>(GraphKeys.SUMMARIES).map((s) => s.name)).toEqual(['loss_1:0']);

    const sess = new Session(g);
    try {
      await saver!.restore(sess, path.join(fixtures, 'py_linear', 'model.ckpt-3'));
      expect((await sess.run(vars[0])).toArray()).toEqual(models.python_export.values_at_3.w.map((r: number[]) =>
        r.map((v) => Math.fround(v))));
      closeTo(await continueTraining(sess, g), models.python_export.continue_losses);
      expect(await train.globalStep(sess, train.getGlobalStep(g)!)).toBe(models.python_export.final_step);
    } finally {
      await sess.close();
    }
  });

  test('a Python SavedModel loads, gets its collections, and continues training', async () => {
    const dir = path.join(fixtures, 'py_linear', 'saved_model');
    const loaded = await savedModel.load(['serve'], dir);
    try {
      expect(loaded.signatureDefs.serving_default.inputs.x.encoding.value).toBe('x:0');
      expect(loaded.graph.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.name))
        .toEqual(['w:0', 'b:0', 'global_step:0']);
      closeTo(await continueTraining(loaded.session, loaded.graph), models.python_export.continue_losses);
    } finally {
      await loaded.session.close();
    }
  });
});

describe('exportMetaGraph', () => {
  function buildModel(g: Graph) {
    return g.asDefault(() => {
      const x = ops.placeholder(DType.float32, [null, 3], 'x');
      const y = ops.placeholder(DType.float32, [null, 1], 'y');
      const w = new ops.Variable([[0.1], [0.2], [-0.1]], { name: 'w' });
      const b = new ops.Variable(0.0, { name: 'b', useResource: true });
      const pred = ops.add(ops.matmul(x, w), b, 'pred');
      const loss = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'loss' });
      const gs = train.getOrCreateGlobalStep();
      new train.GradientDescentOptimizer(0.05).minimize(loss, { globalStep: gs });
      g.addToCollection('my_ints', 7);
      g.addToCollection('my_floats', 0.25);
      g.addToCollection('my_strings', 'hello');
      return { x, loss };
    });
  }

  test('collections become node, bytes, int64 and float lists', () => {
    const g = new Graph();
    buildModel(g);
    const meta = train.exportMetaGraph(g);
    const kinds = Object.fromEntries(Object.entries(meta.collectionDef).map(([k, v]) => [k, v.kind.case]));
    expect(kinds).toEqual({
      variables: 'bytesList', trainable_variables: 'bytesList', global_step: 'bytesList', train_op: 'nodeList',
      my_ints: 'int64List', my_floats: 'floatList', my_strings: 'bytesList',
    });
    expect(meta.collectionDef.train_op.kind.value!.value).toEqual(['GradientDescent']);
    expect(meta.metaInfoDef!.strippedOpList!.op.map((o) => o.name)).toContain('ApplyGradientDescent');
    expect(meta.metaInfoDef!.tensorflowVersion).not.toBe('');
  });

  test('round-trips through a file into a new graph that trains with the same losses', async () => {
    const g1 = new Graph();
    buildModel(g1);
    const file = path.join(tmp, 'model.meta');
    train.exportMetaGraph(g1, file);
    const run = async (g: Graph) => {
      const sess = new Session(g);
      try {
        await sess.run(g.operation('init'));
        return await continueTraining(sess, g);
      } finally {
        await sess.close();
      }
    };
    g1.asDefault(() => ops.globalVariablesInitializer());
    const g2 = new Graph();
    expect(train.importMetaGraph(g2, file)).not.toBeNull();
    g2.asDefault(() => ops.variablesInitializer(ops.globalVariables(undefined, g2)));
    expect(g2.getCollection('my_ints')).toEqual([7]);
    expect(g2.getCollection('my_floats')).toEqual([0.25]);
    expect(g2.getCollection('my_strings')).toEqual(['hello']);
    const b = g2.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)[1];
    expect(b.isResource).toBe(true);
    expect(b.toString()).toBe("<tf.Variable 'b:0' shape=() dtype=float32>");
    expect(await run(g2)).toEqual(await run(g1));
  });

  test('importScope prefixes names, and VariableDefs resolve under it', () => {
    const g1 = new Graph();
    buildModel(g1);
    const meta = train.exportMetaGraph(g1);
    const g2 = new Graph();
    train.importMetaGraph(g2, meta, { importScope: 'imported' });
    expect(g2.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.name))
      .toEqual(['imported/w:0', 'imported/b:0', 'imported/global_step:0']);
    expect(g2.getCollection<Operation>(GraphKeys.TRAIN_OP)[0].name).toBe('imported/GradientDescent');
    const v = g2.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)[0];
    expect(v.toVariableDef('imported')!.variableName).toBe('w:0');
  });

  test('stripDefaultAttrs leaves out attrs at their defaults, and the graph still imports', () => {
    const g1 = new Graph();
    buildModel(g1);
    const meta = train.exportMetaGraph(g1, null, { stripDefaultAttrs: true });
    expect(meta.metaInfoDef!.strippedDefaultAttrs).toBe(true);
    const mm = meta.graphDef!.node.find((n) => n.name === 'MatMul')!;
    expect(Object.keys(mm.attr)).toEqual(['T']);
    const g2 = new Graph();
    train.importMetaGraph(g2, meta);
    expect(g2.operation('MatMul').getAttr('transpose_a')).toBe(false);
  });

  test('a graph without variables or saver gives no Saver', () => {
    const g1 = new Graph();
    g1.asDefault(() => ops.constant(Tensor.from([1, 2]), { name: 'c' }));
    expect(train.importMetaGraph(new Graph(), train.exportMetaGraph(g1))).toBeNull();
  });
});

describe('the shared Python fixtures (test/fixtures/{linear,linear_resource,mlp,saved_model_tf1})', () => {
  const load = (d: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', d, 'expected.json'), 'utf8'));
  const rel = (a: number[], b: number[], rtol: number) =>
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(rtol * Math.max(1e-6, Math.abs(b[i]))));

  test.each(['linear', 'linear_resource'])('%s: collections as VariableDefs, fresh and restored training', async (dir) => {
    const want = load(dir);
    const g = new Graph();
    const saver = train.importMetaGraph(g, path.join(__dirname, 'fixtures', dir, want.files.meta_graph));
    const vars = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES);
    // The VariableDefs (proto3: false fields are absent from the expected JSON).
    const fields = (d: Record<string, unknown>) => ({
      variable_name: d.variable_name, initial_value_name: d.initial_value_name, initializer_name: d.initializer_name,
      snapshot_name: d.snapshot_name, is_resource: d.is_resource ?? false, trainable: d.trainable ?? false,
    });
    expect(vars.map((v) => {
      const d = v.toVariableDef()!;
      return fields({ variable_name: d.variableName, initial_value_name: d.initialValueName,
        initializer_name: d.initializerName, snapshot_name: d.snapshotName, is_resource: d.isResource, trainable: d.trainable });
    })).toEqual(want.collections.variables.value.map(fields));
    expect(g.getCollection<Operation>(GraphKeys.TRAIN_OP).map((o) => o.name)).toEqual(want.collections.train_op.value);
    const feedDict = { 'x:0': want.data.x, 'y:0': want.data.y };
    const step = async (sess: Session) => {
      const l = (await sess.run(want.names.loss as string, feedDict) as Tensor).item() as number;
      await sess.run(want.names.train_op, feedDict);
      return l;
    };
    const fresh = new Session(g);
    await fresh.run(want.names.init_op);
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) losses.push(await step(fresh));
    rel(losses, want.train_losses.value, want.tolerance.rtol);
    rel(flat2((await fresh.run(vars[0])).toArray()), flat2(want.after_fresh_steps.w), want.tolerance.rtol);
    await fresh.close();
    const restored = new Session(g);
    await saver!.restore(restored, path.join(__dirname, 'fixtures', dir, want.checkpoint.prefix));
    const again: number[] = [];
    for (let i = 0; i < 5; i++) again.push(await step(restored));
    rel(again, want.restored_train_losses.value, want.tolerance.rtol);
    expect(await train.globalStep(restored, train.getGlobalStep(g)!)).toBe(want.restored_train_losses.global_step_after);
    await restored.close();
  });

  test('mlp: seeded initial values and the first losses', async () => {
    const want = load('mlp');
    const g = new Graph();
    train.importMetaGraph(g, path.join(__dirname, 'fixtures', 'mlp', want.files.meta_graph));
    expect(g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.op.name)).toEqual(want.names.variables);
    const x = new Float32Array(128 * 784).map((_, k) => ((k * 7919) % 1000) / 1000 - 0.5);
    const y = new Float32Array(128 * 10).map((_, k) => (k % 10 === Math.floor(k / 10) % 10 ? 1 : 0));
    const feedDict = { 'x:0': Tensor.from(x, { shape: [128, 784] }), 'y:0': Tensor.from(y, { shape: [128, 10] }) };
    const sess = new Session(g);
    await sess.run(want.names.init_op);
    for (const v of g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)) {
      const t = await sess.run(v);
      const exp = want.initial_variables.value[v.op.name];
      expect(t.shape).toEqual(exp.shape);
      expect(Array.from(t.data as Float32Array).slice(0, 4).map(Number)).toEqual(exp.first);
    }
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      losses.push((await sess.run(want.names.loss as string, feedDict) as Tensor).item() as number);
      await sess.run(want.names.train_op, feedDict);
    }
    rel(losses, want.train_losses.value, want.tolerance.rtol);
    await sess.close();
  });

  test('saved_model_tf1: collections attached after loading, signatures served', async () => {
    const want = load('saved_model_tf1');
    const dir = path.join(__dirname, 'fixtures', 'saved_model_tf1');
    const loaded = await savedModel.load(want.tags, dir);
    try {
      const meta = loaded.metaGraphDef;
      // restoreCollections (which load uses) gives the rebuilt variables by name.
      const again = new Graph();
      again.importGraphDef(toBinary(GraphDefSchema, meta.graphDef!), { prefix: '' });
      expect([...train.restoreCollections(again, meta).keys()]).toEqual(['a:0', 'b:0']);
      expect(loaded.graph.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.name)).toEqual(['a:0', 'b:0']);
      expect(loaded.graph.getCollection<Output>('my_collection').map((t) => t.name)).toEqual(want.collection_my_collection_after_load);
      expect(loaded.graph.getCollection('my_numbers')).toEqual(want.collections.my_numbers.value);
      const sig = meta.signatureDef.times_a;
      const out = await loaded.session.run(sig.outputs.ax.encoding.value as `${string}:${number}`,
        { [sig.inputs.x.encoding.value as string]: want.run.x });
      expect(out.toArray()).toEqual(want.run.times_a.ax);
    } finally {
      await loaded.session.close();
    }
  });
});

function flat2(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat2) : [Number(v)];
}
