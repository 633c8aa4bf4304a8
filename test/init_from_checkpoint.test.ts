/**
 * train.initFromCheckpoint (tf.compat.v1.train.init_from_checkpoint) against TF1 Python on the
 * scenarios of scripts/fixtures/make_init_from_checkpoint.py: scope to scope, root to root,
 * names, Variable objects, partitioned variables by name and as their parts; the ops it adds
 * (op for op), each variable's initializer and initial value, the values the ordinary init op
 * then gives, and TF1's ValueErrors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Operation, Session, Tensor, ValueError, Variable, errors, ops, train } from '../lib';
import { expected, fixturePath, hasFixture } from './helpers/core';

const FIXTURE = 'init_from_checkpoint';
const maybe = hasFixture(FIXTURE) ? test : test.skip;

interface Scenario {
  model: 'pretrained' | 'new';
  checkpoint: 'dir' | 'prefix' | 'empty_dir';
  assignment_map: Array<[string, string | { variable: string } | { parts: string }]>;
  error?: string;
  ops?: unknown[];
  variables?: Record<string, { initializer: string; initial_value: string; initial_value_shape: number[] }>;
  values?: Record<string, unknown>;
}

/** The pretrained model of the fixture: its variables as getVariable makes them. */
function pretrainedModel(): void {
  ops.variableScope('enc', () => {
    ops.variableScope('dense', () => {
      ops.getVariable('kernel', { shape: [3, 4] });
      ops.getVariable('bias', { shape: [4] });
    });
    ops.getVariable('emb', { shape: [10, 2], partitioner: ops.fixedSizePartitioner(2) });
    ops.getVariable('res', { shape: [2], useResource: true });
  });
  ops.getVariable('head/w', { shape: [4, 1] });
}

/** The model to fine-tune: the encoder under model/, a new head, a plain Variable, a misfit. */
function newModel(): void {
  const zeros = ops.zerosInitializer();
  ops.variableScope('model', () => {
    ops.variableScope('dense', () => {
      ops.getVariable('kernel', { shape: [3, 4], initializer: zeros });
      ops.getVariable('bias', { shape: [4], initializer: zeros });
    });
    ops.getVariable('emb', { shape: [10, 2], initializer: zeros, partitioner: ops.fixedSizePartitioner(2) });
    ops.getVariable('res', { shape: [2], initializer: zeros, useResource: true });
  });
  ops.getVariable('out/w', { shape: [4, 1], initializer: zeros });
  new Variable(ops.zeros([4]), { name: 'plain' });
  ops.getVariable('bad/kernel', { shape: [4, 3], initializer: zeros });
}

const paths = () => {
  const dir = fixturePath(FIXTURE, 'ckpt');
  return { dir, prefix: path.join(dir, 'model.ckpt-7'), empty_dir: fixturePath(FIXTURE, 'empty') };
};

function opRecord(op: Operation, prefix: string) {
  const rec: Record<string, unknown> = {
    name: op.name, type: op.type, inputs: op.inputs.map((t) => t.name), control_inputs: op.controlInputs.map((c) => c.name),
    device: op.device, colocation: op.colocationGroups(),
  };
  if (op.type === 'Const') {
    const t = op.getAttr('value') as Tensor;
    rec.value = t.dtype === DType.string
      ? (t.data as Uint8Array[]).map((b) => Buffer.from(b).toString().replace(prefix, '<CKPT>'))
      : Array.from(t.data as ArrayLike<number>);
  }
  return rec;
}

describe('initFromCheckpoint, as TF1 Python', () => {
  const scenarios = hasFixture(FIXTURE) ? expected<{ scenarios: Record<string, Scenario> }>(FIXTURE).scenarios : {};

  maybe.each(Object.keys(scenarios).length ? Object.keys(scenarios) : ['none'])('%s', async (name) => {
    const sc = scenarios[name];
    const p = paths();
    const ckpt = p[sc.checkpoint];
    const g = new Graph();
    const outcome = await g.asDefault(async () => {
      (sc.model === 'new' ? newModel : pretrainedModel)();
      const before = new Set(g.operations().map((o) => o.name));
      const vars = g.getCollection<Variable>('variables');
      const target = (t: Scenario['assignment_map'][number][1]) => (typeof t === 'string' ? t
        : 'variable' in t ? vars.find((v) => v.op.name === t.variable)!
          : vars.filter((v) => v.saveSliceInfo?.fullName === t.parts));
      try {
        train.initFromCheckpoint(ckpt, sc.assignment_map.map(([k, t]) => [k, target(t)]));
      } catch (e) {
        return { error: e };
      }
      const added = g.operations().filter((o) => !before.has(o.name)).map((o) => opRecord(o, p.prefix));
      const variables = Object.fromEntries(vars.map((v) => [v.op.name, {
        initializer: v.initializer.name, initial_value: v.initialValue!.name, initial_value_shape: v.initialValue!.shape,
      }]));
      const sess = new Session(g);
      try {
        await sess.run(ops.globalVariablesInitializer());
        const values = Object.fromEntries(await Promise.all(vars.map(async (v) =>
          [v.op.name, (await sess.run(v) as Tensor).toArray()])));
        return { added, variables, values };
      } finally {
        await sess.close();
      }
    });
    if (sc.error !== undefined) {
      expect(outcome.error).toBeInstanceOf(ValueError);
      const message = (outcome.error as Error).message.replace(ckpt, '<CKPT>');
      // TF prints the checkpoint's shapes in its reader's hash order: compared as entries.
      const entries = (m: string) => [...m.matchAll(/'([^']+)': \[([^\]]*)\]/g)].map((x) => x[0]).sort();
      expect(message.split(' checkpoint {')[0]).toBe(sc.error.split(' checkpoint {')[0]);
      expect(entries(message)).toEqual(entries(sc.error));
      return;
    }
    expect(outcome.error).toBeUndefined();
    expect(outcome.added).toEqual(sc.ops);
    // TF1 makes a ref variable's initializer the assign's tensor ('Assign:0'); here it is the op.
    expect(outcome.variables).toEqual(Object.fromEntries(Object.entries(sc.variables!).map(([k, v]) =>
      [k, { ...v, initializer: v.initializer.replace(/:0$/, '') }])));
    expect(outcome.values).toEqual(sc.values);
  });
});

describe('initFromCheckpoint, in Node', () => {
  maybe('a PartitionedVariable stands for its parts; MonitoredTrainingSession then starts from the checkpoint', async () => {
    const g = new Graph();
    const p = paths();
    const pretrained = expected(FIXTURE).pretrained as Record<string, unknown>;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf1-node-init-'));
    try {
      await g.asDefault(async () => {
        const emb = ops.getVariable('emb', { shape: [10, 2], initializer: ops.zerosInitializer(),
          partitioner: ops.fixedSizePartitioner(3) });
        const k = ops.getVariable('k', { shape: [3, 4], initializer: ops.zerosInitializer() });
        train.getOrCreateGlobalStep();
        train.initFromCheckpoint(p.dir, { 'enc/emb': emb, 'enc/dense/kernel': 'k' });
        const whole = ops.convertToTensor(emb);
        const sess = await train.MonitoredTrainingSession({ checkpointDir: dir, saveSummariesSteps: null });
        try {
          expect((await sess.run(whole) as Tensor).toArray()).toEqual(pretrained['enc/emb']);
          expect((await sess.run(k) as Tensor).toArray()).toEqual(pretrained['enc/dense/kernel']);
        } finally {
          await sess.close();
        }
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  maybe('a missing prefix is a NotFoundError; a list that is not all parts of one tensor is refused', () => {
    const g = new Graph();
    g.asDefault(() => {
      const a = ops.getVariable('a', { shape: [10, 2], partitioner: ops.fixedSizePartitioner(2) });
      const b = ops.getVariable('b', { shape: [10, 2], partitioner: ops.fixedSizePartitioner(2) });
      expect(() => train.initFromCheckpoint(path.join(paths().dir, 'nope'), { 'enc/emb': 'a' }))
        .toThrow(errors.NotFoundError);
      expect(() => train.initFromCheckpoint(paths().prefix, { 'enc/emb': [a.parts[0], b.parts[1]] }))
        .toThrow(new ValueError('Slices must all be from the same tensor: a != b'));
    });
  });
});
