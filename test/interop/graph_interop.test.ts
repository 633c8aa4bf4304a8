/**
 * Graphs, checkpoints and SavedModels made here, loaded by TF1 Python (TF1_NODE_PYTHON, set by
 * `npm run test:interop`): the checkpoint of a TypeScript-trained model has Python's variable
 * names and our values, its MetaGraph imports and continues training in Python with the losses
 * we get here, and a SavedModel built here serves its signature in Python.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, GraphKeys, Session, ops, savedModel, train } from '../../lib';

const python = process.env.TF1_NODE_PYTHON ?? path.join(__dirname, '..', '..', '.venv-tf', 'bin', 'python');
const script = path.join(__dirname, '..', '..', 'scripts', 'graph_fixtures', 'check_graph_interop.py');
const models = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'graph_layer', 'models.json'), 'utf8'));

function py(...args: string[]): any {
  const r = spawnSync(python, [script, ...args], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [Number(v)]);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-interop-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function linear(useResource: boolean) {
  const g = new Graph();
  const parts = g.asDefault(() => {
    const x = ops.placeholder(DType.float32, [null, 3], 'x');
    const y = ops.placeholder(DType.float32, [null, 1], 'y');
    const w = new ops.Variable([[0.1], [0.2], [-0.1]], { name: 'w', useResource });
    const b = new ops.Variable(0.0, { name: 'b', useResource });
    const pred = ops.add(ops.matmul(x, w), b, 'pred');
    const loss = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'loss' });
    const gs = train.getOrCreateGlobalStep();
    const trainOp = new train.AdamOptimizer(0.05).minimize(loss, { globalStep: gs });
    const init = ops.globalVariablesInitializer();
    return { x, pred, loss, trainOp, init };
  });
  return { g, ...parts };
}

const feed = { 'x:0': models.data.lx, 'y:0': models.data.ly };

describe.each([['ref', false], ['resource', true]] as const)('%s variables', (_kind, useResource) => {
  test('the checkpoint loads in Python with TF1 names and our values; the MetaGraph trains on in Python', async () => {
    const { g, loss, trainOp, init } = linear(useResource);
    const sess = new Session(g);
    await sess.run(init);
    for (let i = 0; i < 3; i++) await sess.run(trainOp, feed);
    const saver = g.asDefault(() => new train.Saver());
    const prefix = await saver.save(sess, path.join(tmp, 'model.ckpt'), { globalStep: 3 });
    const values: Record<string, number[]> = {};
    for (const v of g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)) {
      values[v.op.name] = flat((await sess.run(v)).toArray());
    }
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) {
      losses.push((await sess.run(loss, feed)).item() as number);
      await sess.run(trainOp, feed);
    }
    await sess.close();

    const ckpt = py('checkpoint', prefix!);
    expect(Object.keys(ckpt.variables).sort()).toEqual(
      ['b', 'b/Adam', 'b/Adam_1', 'beta1_power', 'beta2_power', 'global_step', 'w', 'w/Adam', 'w/Adam_1']);
    for (const [name, v] of Object.entries(values)) expect(flat(ckpt.variables[name].value)).toEqual(v.map(Math.fround));

    const feedFile = path.join(tmp, 'feed.json');
    fs.writeFileSync(feedFile, JSON.stringify(feed));
    const res = py('meta_graph', `${prefix}.meta`, prefix!, feedFile, '4');
    expect(res.variables).toEqual(g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.name));
    expect(res.collections).toEqual([...g.collections].sort());
    expect(res.global_step).toBe(7);
    res.losses.forEach((l: number, i: number) => expect(l).toBeCloseTo(losses[i], 5));
  });
});

test.each(['Builder', 'simpleSave'])('a SavedModel built here (%s) serves its signature in Python', async (how) => {
  const { g, x, pred, init, trainOp } = linear(false);
  const sess = new Session(g);
  await sess.run(init);
  await sess.run(trainOp, feed);
  const want = (await sess.run(pred, { 'x:0': models.data.lx })).toArray();
  const dir = path.join(tmp, `sm_${how}`);
  if (how === 'simpleSave') {
    await savedModel.simpleSave(sess, dir, { x }, { pred });
  } else {
    const b = new savedModel.Builder(dir);
    await b.addMetaGraphAndVariables(sess, ['serve'], {
      signatureDefMap: { serving_default: savedModel.predictSignatureDef({ x }, { pred }) },
    });
    b.save();
  }
  await sess.close();
  const feedFile = path.join(tmp, 'in.json');
  fs.writeFileSync(feedFile, JSON.stringify({ x: models.data.lx }));
  const out = py('saved_model', dir, feedFile, 'pred').output as number[][];
  flat(out).forEach((v, i) => expect(v).toBeCloseTo(flat(want)[i], 5));
});
