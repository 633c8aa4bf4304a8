/**
 * MetaGraph import/export: a model trained in TF1 Python and exported (MetaGraph + checkpoint,
 * and SavedModel) continues training here with Python's losses; graphs exported here round-trip
 * with their collections, variables and saver.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromBinary } from '@bufbuild/protobuf';
import { DType, Graph, GraphKeys, Operation, Output, Session, Tensor, ops, savedModel, train } from '../lib';
import { MetaGraphDefSchema } from '../lib/proto';

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
    const loaded = await savedModel.loadRaw(['serve'], dir);
    try {
      const meta = fromBinary(MetaGraphDefSchema, loaded.metaGraphDef);
      train.restoreCollections(loaded.graph, meta);
      expect(meta.signatureDef.serving_default.inputs.x.encoding.value).toBe('x:0');
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
