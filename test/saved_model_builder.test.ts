/**
 * savedModel.Builder: writes a TF1 SavedModel (saved_model.pb + variables) that libtensorflow's
 * loader restores with its signatures, main op and assets; TF1's errors for misuse. Loading in
 * Python TF is checked in test/interop/graph_interop.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromBinary } from '@bufbuild/protobuf';
import { AssertionError, DType, Graph, Session, ops, savedModel } from '../lib';
import { SavedModelSchema } from '../lib/proto';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-builder-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function model() {
  const g = new Graph();
  const parts = g.asDefault(() => {
    const x = ops.placeholder(DType.float32, [null, 2], 'x');
    const w = new ops.Variable([[1], [2]], { name: 'w' });
    const b = new ops.Variable(0.5, { name: 'b', useResource: true });
    const y = ops.add(ops.matmul(x, w), b, 'y');
    const counter = new ops.Variable(0, { name: 'counter', trainable: false, collections: ['local_variables'] });
    // The assign waits for the initializer: in one group their order would be TF's choice.
    const set42 = g.controlDependencies([counter.initializer], () => ops.assign(counter, 42));
    const mainOp = ops.group([set42], 'main_op');
    return { x, y, w, mainOp };
  });
  return { g, ...parts };
}

test('exports variables and signatures that the loader restores and serves', async () => {
  const { g, x, y, w, mainOp } = model();
  const sess = new Session(g);
  await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
  await sess.run(g.asDefault(() => ops.assign(w, [[3], [4]])));
  const dir = path.join(tmp, 'export');
  const builder = new savedModel.Builder(dir);
  await builder.addMetaGraphAndVariables(sess, [savedModel.tagConstants.SERVING], {
    signatureDefMap: { serving_default: savedModel.predictSignatureDef({ x }, { y }) },
    mainOp,
  });
  const file = builder.save();
  await sess.close();
  expect(file).toBe(path.join(dir, 'saved_model.pb'));
  expect(fs.readdirSync(path.join(dir, 'variables')).sort()).toEqual(['variables.data-00000-of-00001', 'variables.index']);

  const sm = fromBinary(SavedModelSchema, fs.readFileSync(file));
  expect(sm.metaGraphs).toHaveLength(1);
  const meta = sm.metaGraphs[0];
  expect(meta.metaInfoDef!.tags).toEqual(['serve']);
  expect(meta.saverDef!.restoreOpName).not.toBe('');
  const sig = meta.signatureDef.serving_default;
  expect(sig.methodName).toBe('tensorflow/serving/predict');
  expect(sig.inputs.x.encoding.value).toBe('x:0');
  expect(sig.inputs.x.tensorShape!.dim.map((d) => d.size)).toEqual([-1n, 2n]);
  expect(meta.collectionDef.saved_model_main_op.kind.value!.value).toEqual(['main_op']);

  const loaded = await savedModel.load(['serve'], dir);
  try {
    const out = await loaded.session.run(sig.outputs.y.encoding.value as `${string}:${number}`, { 'x:0': [[1, 1]] });
    expect(out.toArray()).toEqual([[7.5]]);
    // libtensorflow's loader ran the main op after restoring.
    expect((await loaded.session.run('counter:0')).item()).toBe(42);
  } finally {
    await loaded.session.close();
  }
});

test('assets are copied and recorded', async () => {
  const { g } = model();
  const asset = path.join(tmp, 'vocab.txt');
  fs.writeFileSync(asset, 'a\nb\n');
  const t = g.asDefault(() => ops.constant(asset, { name: 'vocab' }));
  const sess = new Session(g);
  await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
  const dir = path.join(tmp, 'export');
  const builder = new savedModel.Builder(dir);
  await builder.addMetaGraphAndVariables(sess, ['serve'], { assetsCollection: [t] });
  builder.save();
  await sess.close();
  expect(fs.readFileSync(path.join(dir, 'assets', 'vocab.txt'), 'utf8')).toBe('a\nb\n');
  const meta = fromBinary(SavedModelSchema, fs.readFileSync(path.join(dir, 'saved_model.pb'))).metaGraphs[0];
  expect(meta.assetFileDef.map((a) => [a.filename, a.tensorInfo!.encoding.value])).toEqual([['vocab.txt', 'vocab:0']]);
});

test('TF1 errors: non-empty export dir, adding variables twice, meta graph before variables', async () => {
  fs.writeFileSync(path.join(tmp, 'x'), '');
  expect(() => new savedModel.Builder(tmp)).toThrow(new AssertionError(
    "Export directory already exists, and isn't empty. Please choose a different export directory, or delete all " +
    `the contents of the specified directory: ${tmp}`));
  const { g } = model();
  const sess = new Session(g);
  await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
  const builder = new savedModel.Builder(path.join(tmp, 'e'));
  expect(() => builder.addMetaGraph(['x'], { session: sess })).toThrow(/^Graph state including variables and assets has not been saved yet/);
  await builder.addMetaGraphAndVariables(sess, ['serve']);
  await expect(builder.addMetaGraphAndVariables(sess, ['serve'])).rejects.toThrow(
    /^Graph state including variables and assets has already been saved/);
  builder.addMetaGraph(['eval'], { session: sess });
  builder.save();
  await sess.close();
  const sm = fromBinary(SavedModelSchema, fs.readFileSync(path.join(tmp, 'e', 'saved_model.pb')));
  expect(sm.metaGraphs.map((m) => m.metaInfoDef!.tags)).toEqual([['serve'], ['eval']]);
});
