/**
 * Saver and checkpoint management: what a user sees on disk and in the restored variables.
 */
import { fromBinary } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session } from '../lib/client/session';
import { InvalidArgumentError, NotFoundError, ValueError } from '../lib/errors';
import { DType } from '../lib/framework/dtypes';
import { importMetaGraph } from '../lib/framework/meta_graph';
import { Graph } from '../lib/framework/ops';
import { Tensor } from '../lib/framework/tensor';
import { Variable, globalVariablesInitializer } from '../lib/ops/variables';
import { MetaGraphDefSchema } from '../lib/proto';
import {
  Saver, checkpointExists, getCheckpointState, latestCheckpoint, listVariables, loadCheckpoint,
} from '../lib/train';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'saver-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A graph with a float vector `w`, an int64 `count` and, optionally, a resource variable `r`. */
function model(options: { resource?: boolean } = {}) {
  const graph = new Graph();
  return graph.asDefault(() => {
    const w = new Variable(Tensor.from([1, 2, 3], { dtype: DType.float32 }), { name: 'w' });
    const count = new Variable(Tensor.from(7n), { name: 'count', trainable: false });
    const r = options.resource ? new Variable(Tensor.from(0.25, { dtype: DType.float32 }), { name: 'r', useResource: true }) : null;
    const init = globalVariablesInitializer();
    return { graph, w, count, r, init, set: w.assign(Tensor.from([9, 8, 7], { dtype: DType.float32 })) };
  });
}

async function session(m: ReturnType<typeof model>): Promise<Session> {
  const sess = new Session(m.graph);
  await sess.run(m.init);
  return sess;
}

const values = (t: unknown) => Array.from((t as Tensor).data as Float32Array);

describe('Saver', () => {
  it('names its ops as TF1 does (what TF 2.21 builds for one ref variable w)', () => {
    const graph = new Graph();
    graph.asDefault(() => {
      new Variable(Tensor.from(1, { dtype: DType.float32 }), { name: 'w' });
      new Saver();
    });
    expect(graph.operations().map((o) => o.name).filter((n) => n.startsWith('save/'))).toEqual([
      'save/filename/input', 'save/filename', 'save/Const', 'save/SaveV2/tensor_names', 'save/SaveV2/shape_and_slices',
      'save/SaveV2', 'save/control_dependency', 'save/RestoreV2/tensor_names', 'save/RestoreV2/shape_and_slices',
      'save/RestoreV2', 'save/Assign', 'save/restore_all',
    ]);
  });

  it('saves V2 checkpoints, writes the state file and restores the values', async () => {
    const m = model();
    const saver = m.graph.asDefault(() => new Saver());
    const sess = await session(m);
    const prefix = path.join(dir, 'model.ckpt');
    expect(await saver.save(sess, prefix, { globalStep: 3 })).toBe(`${prefix}-3`);
    expect(fs.readdirSync(dir).sort()).toEqual(['checkpoint', 'model.ckpt-3.data-00000-of-00001', 'model.ckpt-3.index',
      'model.ckpt-3.meta']);
    expect(fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8')).toBe(
      `model_checkpoint_path: "${prefix}-3"\nall_model_checkpoint_paths: "${prefix}-3"\n`);
    await sess.run(m.set);
    await saver.restore(sess, `${prefix}-3`);
    expect(values(await sess.run(m.w))).toEqual([1, 2, 3]);
    expect(latestCheckpoint(dir)).toBe(`${prefix}-3`);
    expect(checkpointExists(`${prefix}-3`)).toBe(true);
    expect(listVariables(dir)).toEqual([['count', []], ['w', [3]]]);
    const reader = loadCheckpoint(`${prefix}-3`);
    expect(reader.getTensor('count').item()).toBe(7n);
    expect(reader.getVariableToDtypeMap()).toEqual({ count: DType.int64, w: DType.float32 });
    reader.close();
    await sess.close();
  });

  it('writes the .meta of the graph as it is at each save, finalized or not', async () => {
    const m = model();
    const saver = m.graph.asDefault(() => new Saver());
    const sess = await session(m);
    const meta = (step: number) => fromBinary(MetaGraphDefSchema, fs.readFileSync(path.join(dir, `model.ckpt-${step}.meta`)));
    const nodes = (step: number) => meta(step).graphDef!.node.map((n) => n.name);
    m.graph.finalize();
    await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 1 });
    await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 2 });
    expect(fs.readFileSync(path.join(dir, 'model.ckpt-2.meta'))).toEqual(fs.readFileSync(path.join(dir, 'model.ckpt-1.meta')));
    // A collection changed while finalized, then an op added after unfinalizing: both show.
    m.graph.getCollectionRef('extra').push(m.w);
    await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 3 });
    expect(Object.keys(meta(3).collectionDef)).toContain('extra');
    expect(Object.keys(meta(2).collectionDef)).not.toContain('extra');
    m.graph.unsafeUnfinalize();
    m.graph.asDefault(() => m.w.assign(Tensor.from([0, 0, 0], { dtype: DType.float32 }), { name: 'late' }));
    m.graph.finalize();
    await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 4 });
    expect(nodes(4)).toContain('late');
    expect(nodes(3)).not.toContain('late');
    await sess.close();
  });

  it('keeps maxToKeep checkpoints, deleting one per save, oldest first', async () => {
    const m = model();
    const saver = m.graph.asDefault(() => new Saver({ maxToKeep: 2 }));
    const sess = await session(m);
    const prefix = path.join(dir, 'model.ckpt');
    for (const step of [1, 2, 3]) await saver.save(sess, prefix, { globalStep: step });
    expect(saver.lastCheckpoints).toEqual([`${prefix}-2`, `${prefix}-3`]);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('model.ckpt-1'))).toEqual([]);
    expect(getCheckpointState(dir)!.allModelCheckpointPaths).toEqual([`${prefix}-2`, `${prefix}-3`]);
    await sess.close();
  });

  it('keepCheckpointEveryNHours preserves one pushed-out checkpoint per period', async () => {
    const m = model();
    const t0 = 1_700_000_000_000;
    const hour = 3600_000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(t0);
    try {
      const saver = m.graph.asDefault(() => new Saver({ maxToKeep: 1, keepCheckpointEveryNHours: 1 }));
      const sess = await session(m);
      for (const [step, at] of [[1, 0.5], [2, 1.5], [3, 2], [4, 2.5]]) {
        now.mockReturnValue(t0 + at * hour);
        await saver.save(sess, path.join(dir, 'm'), { globalStep: step, writeMetaGraph: false });
      }
      await sess.close();
    } finally {
      now.mockRestore();
    }
    // 1 and 3 fell out of the window before the period was up; 2 was the first one after it.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.index')).sort()).toEqual(['m-2.index', 'm-4.index']);
    expect(getCheckpointState(dir)!.allModelCheckpointPaths).toEqual([path.join(dir, 'm-4')]);
  });

  it('with maxToKeep 0 keeps every file and lists only the latest', async () => {
    const m = model();
    const saver = m.graph.asDefault(() => new Saver({ maxToKeep: 0 }));
    const sess = await session(m);
    for (const step of [1, 2]) await saver.save(sess, path.join(dir, 'm'), { globalStep: step, writeMetaGraph: false });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.index')).sort()).toEqual(['m-1.index', 'm-2.index']);
    expect(getCheckpointState(dir)!.allModelCheckpointPaths).toEqual([path.join(dir, 'm-2')]);
    await sess.close();
  });

  it('sharded (the default Scaffold saver) writes the same files and no temp directory', async () => {
    const m = model({ resource: true });
    const saver = m.graph.asDefault(() => new Saver({ sharded: true }));
    const sess = await session(m);
    await saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 0 });
    expect(fs.readdirSync(dir).sort()).toEqual(['checkpoint', 'model.ckpt-0.data-00000-of-00001', 'model.ckpt-0.index',
      'model.ckpt-0.meta']);
    expect(listVariables(dir).map(([n]) => n)).toEqual(['count', 'r', 'w']);
    await sess.run(m.set);
    await saver.restore(sess, path.join(dir, 'model.ckpt-0'));
    expect(values(await sess.run(m.w))).toEqual([1, 2, 3]);
    expect(values(await sess.run(m.r!))).toEqual([0.25]);
    await sess.close();
  });

  it('writes relative paths in the state file when the directory is relative', async () => {
    const m = model();
    const saver = m.graph.asDefault(() => new Saver());
    const sess = await session(m);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await saver.save(sess, path.join('rel', 'model.ckpt'), { globalStep: 5 });
      expect(fs.readFileSync(path.join('rel', 'checkpoint'), 'utf8')).toBe(
        'model_checkpoint_path: "model.ckpt-5"\nall_model_checkpoint_paths: "model.ckpt-5"\n');
      expect(latestCheckpoint('rel')).toBe(path.join('rel', 'model.ckpt-5'));
    } finally {
      process.chdir(cwd);
    }
    await sess.close();
  });

  it('resumes deleting the checkpoints listed in the state file (recoverLastCheckpoints)', async () => {
    const m = model();
    const sess = await session(m);
    const prefix = path.join(dir, 'model.ckpt');
    const first = m.graph.asDefault(() => new Saver({ maxToKeep: 2 }));
    for (const step of [1, 2]) await first.save(sess, prefix, { globalStep: step });
    const second = m.graph.asDefault(() => new Saver({ maxToKeep: 2 }));
    second.recoverLastCheckpoints(getCheckpointState(dir)!.allModelCheckpointPaths);
    await second.save(sess, prefix, { globalStep: 3 });
    expect(checkpointExists(`${prefix}-1`)).toBe(false);
    expect(second.lastCheckpoints).toEqual([`${prefix}-2`, `${prefix}-3`]);
    await sess.close();
  });

  it('raises TF1 errors for bad paths and missing variables', async () => {
    const m = model();
    const saver = m.graph.asDefault(() => new Saver());
    const sess = await session(m);
    await expect(saver.restore(sess, path.join(dir, 'nope'))).rejects.toThrow(
      new ValueError(`The passed save_path is not a valid checkpoint: ${path.join(dir, 'nope')}`));
    await expect(saver.save(sess, path.join(dir, 'x'), { latestFilename: 'a/b' })).rejects.toThrow(
      "'latest_filename' must not contain path components");
    // A checkpoint of another graph lacks `count`: TF1's wrapped NotFoundError.
    const other = new Graph();
    const otherSaver = other.asDefault(() => {
      new Variable(Tensor.from([0, 0, 0], { dtype: DType.float32 }), { name: 'w' });
      return new Saver();
    });
    const otherSess = new Session(other);
    await otherSess.run(other.asDefault(() => globalVariablesInitializer()));
    const p = await otherSaver.save(otherSess, path.join(dir, 'other'));
    const err = await saver.restore(sess, p!).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/^Restoring from checkpoint failed\. This is most likely due to a Variable name or other graph key that is missing from the checkpoint\./);
    await otherSess.close();
    await sess.close();
  });

  it('reshape: restores into variables of another shape with as many elements (TF1 reshape=True)', async () => {
    const m = model({ resource: true });
    const sess = await session(m);
    const p = (await m.graph.asDefault(() => new Saver()).save(sess, path.join(dir, 'flat')))!;
    await sess.close();
    for (const useResource of [false, true]) {
      const graph = new Graph();
      const build = (reshape: boolean) => graph.asDefault(() => new Saver({ reshape }));
      const [vars, plain, reshaping] = graph.asDefault(() => [[
        new Variable(Tensor.from([[0], [0], [0]], { dtype: DType.float32 }), { name: 'w', useResource }),
        new Variable(Tensor.from(0n), { name: 'count', useResource }),
        new Variable(Tensor.from([0], { dtype: DType.float32 }), { name: 'r', useResource }),
      ], build(false), build(true)] as const);
      const restored = new Session(graph);
      if (useResource) {
        // As in TF 2.21: AssignVariableOp does not check shapes, the variable takes the saved one.
        await plain.restore(restored, p);
        expect((await restored.run(vars[0]) as Tensor).shape).toEqual([3]);
      } else {
        const err = await plain.restore(restored, p).catch((e) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect(err.message).toMatch(/^Restoring from checkpoint failed\. This is most likely due to a mismatch between the current graph and the graph from the checkpoint\./);
      }
      await reshaping.restore(restored, p);
      const [w, count, r] = await restored.run(vars) as Tensor[];
      expect(w.shape).toEqual([3, 1]);
      expect(w.toArray()).toEqual([[1], [2], [3]]);
      expect(count.item()).toBe(7n);
      expect(r.toArray()).toEqual([0.25]);
      await restored.close();
    }
  });

  it('validates construction as TF1 does', () => {
    const empty = new Graph();
    expect(() => empty.asDefault(() => new Saver())).toThrow(new ValueError('No variables to save'));
    const saver = empty.asDefault(() => new Saver({ allowEmpty: true }));
    expect(saver.asSaverDef()).toBeNull();
    expect(() => new Saver({ deferBuild: true, varList: [] as unknown[] })).not.toThrow();
    expect(() => new Saver({ deferBuild: true, varList: [{}] })).toThrow(
      'If `var_list` is provided then build cannot be deferred. Either set defer_build=False or var_list=None.');
  });

  it('restores a checkpoint written by Python through the SaverDef of its MetaGraph', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'linear');
    const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')).checkpoint.variables;
    const graph = new Graph();
    const saver = importMetaGraph(graph, path.join(fixture, 'model.meta'))!;
    expect(saver.asSaverDef()!.restoreOpName).toBe('save/restore_all');
    const sess = new Session(graph);
    await saver.restore(sess, latestCheckpoint(path.join(fixture, 'ckpt'))!);
    const [w, b, gs] = await sess.run(['w:0', 'b:0', 'global_step:0']) as Tensor[];
    expect(Array.from(w.data as Float32Array)).toEqual(expected.w.value.flat());
    expect(Array.from(b.data as Float32Array)).toEqual(expected.b.value);
    expect(gs.item()).toBe(BigInt(expected.global_step.value));
    await sess.close();
  });
});
