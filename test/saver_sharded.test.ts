/**
 * Saver(sharded=True), the default Scaffold saver: the graph TF 2.21 builds (one shard per
 * device), the files it writes, and checkpoints Python wrote with it (fixture
 * test/fixtures/sharded_saver, made by scripts/fixtures/make_sharded_saver.py).
 */
import { create, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session } from '../lib/client/session';
import { DType, dtypeName } from '../lib/framework/dtypes';
import { Graph, Operation } from '../lib/framework/ops';
import { Tensor } from '../lib/framework/tensor';
import { group } from '../lib/ops/control_flow_ops';
import { Variable, globalVariablesInitializer } from '../lib/ops/variables';
import { AttrValueSchema, ConfigProtoSchema, NodeDefSchema, SaverDef_CheckpointFormatVersion } from '../lib/proto';
import {
  MonitoredTrainingSession, Saver, StopAtStepHook, addLogHandler, getOrCreateGlobalStep, incrementGlobalStep,
  latestCheckpoint, listVariables, loadCheckpoint, withMonitoredSession,
} from '../lib/train';
import { FileWriterCache } from '../lib/summary/writer/writer_cache';
import { expected, fixturePath } from './helpers/core';

interface VarSpec {
  name: string;
  dtype: keyof typeof DType;
  value: number | number[];
  resource: boolean;
  device: string | null;
}
interface TypedJson { dtype: string; shape: number[]; value: unknown }
interface Case {
  id: string;
  variables: VarSpec[];
  sharded: boolean;
  op_names: string[];
  ops: Record<string, unknown>;
  saver_def: Record<string, unknown>;
  save?: { files: string[]; list_variables: Array<[string, number[]]>; values: Record<string, TypedJson> };
  checkpoint?: { prefix: string; files: string[]; values: Record<string, TypedJson> };
}

const FIXTURE = 'sharded_saver';
const cases: Case[] = expected(FIXTURE).cases;
const fixtureCase = (id: string) => cases.find((c) => c.id === id)!;
const TWO_CPUS = toBinary(ConfigProtoSchema, create(ConfigProtoSchema, { deviceCount: { CPU: 2 } }));

/** The case's variables, made as the fixture made them, then its Saver. */
function build(c: Case) {
  const graph = new Graph();
  return graph.asDefault(() => {
    const vars: Record<string, Variable> = {};
    for (const v of c.variables) {
      const make = () =>
        new Variable(Tensor.from(v.value, { dtype: DType[v.dtype] }), { name: v.name, useResource: v.resource });
      vars[v.name] = v.device === null ? make() : graph.device(v.device, make);
    }
    const saver = new Saver({ sharded: c.sharded });
    return { graph, vars, saver, init: globalVariablesInitializer() };
  });
}

/**
 * A host tensor of rank 0 or 1 (all the fixture holds) as typed_json: int64 as decimal strings,
 * strings as byte lists.
 */
function typedJson(t: Tensor): TypedJson {
  const flat = Array.from(t.data as ArrayLike<unknown>, (x) =>
    (x instanceof Uint8Array ? Array.from(x) : typeof x === 'bigint' ? String(x) : x));
  return { dtype: dtypeName(t.dtype), shape: t.shape, value: t.shape.length === 0 ? flat[0] : flat };
}

/**
 * Python's graph layer marks every op used in `control_dependencies` with this attr, for TF's
 * usage statistics ("go/manual-control-dependencies-bridge"); nothing reads it at run time.
 */
const TELEMETRY_ATTR = '_has_manual_control_dependencies';

/** An op's description in the fixture: every NodeDef attr, a tensor attr by its value. */
function describeOp(op: Operation) {
  const attr = fromBinary(NodeDefSchema, op.toNodeDef()).attr;
  return {
    type: op.type,
    inputs: op.inputs.map((i) => i.name),
    control_inputs: op.controlInputs.map((o) => o.name),
    device: op.device,
    attrs: Object.fromEntries(Object.keys(attr).sort().map((k) => [k, attr[k].value.case === 'tensor'
      ? { tensor: typedJson(op.getAttr(k) as Tensor) } : toJson(AttrValueSchema, attr[k])])),
  };
}

function withoutTelemetry(ops: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ops).map(([name, { attrs, ...rest }]) => {
    const { [TELEMETRY_ATTR]: _, ...kept } = attrs;
    return [name, { ...rest, attrs: kept }];
  }));
}

let dir: string;
let stopLogs: () => void;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'saver-sharded-')));
  stopLogs = addLogHandler(() => {});
});
afterEach(() => {
  stopLogs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Saver graph: what TF 2.21 builds', () => {
  for (const c of cases) {
    it(`${c.id}: the ops under save/ (names, types, inputs, control inputs, devices, attrs) and the SaverDef`, () => {
      const { graph, saver } = build(c);
      const ops = graph.operations().filter((o) => o.name.startsWith('save/'));
      expect(ops.map((o) => o.name)).toEqual(c.op_names);
      expect(Object.fromEntries(ops.map((o) => [o.name, describeOp(o)]))).toEqual(withoutTelemetry(c.ops));
      const def = saver.asSaverDef()!;
      expect({
        filename_tensor_name: def.filenameTensorName,
        save_tensor_name: def.saveTensorName,
        restore_op_name: def.restoreOpName,
        max_to_keep: def.maxToKeep,
        sharded: def.sharded,
        keep_checkpoint_every_n_hours: def.keepCheckpointEveryNHours,
        version: SaverDef_CheckpointFormatVersion[def.version],
      }).toEqual(c.saver_def);
    });
  }
});

describe('sharded checkpoints on two devices', () => {
  const c = fixtureCase('two_devices');

  it('a save leaves the files Python leaves (one .data per device), with the same variables and values', async () => {
    const m = build(c);
    const sess = new Session(m.graph, { config: TWO_CPUS });
    await sess.run(m.init);
    const prefix = await m.saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: 3 });
    await sess.close();
    expect(fs.readdirSync(dir).sort()).toEqual(c.save!.files);
    expect(listVariables(prefix!)).toEqual(c.save!.list_variables);
    const reader = loadCheckpoint(prefix!);
    try {
      expect(Object.fromEntries(c.save!.list_variables.map(([n]) => [n, typedJson(reader.getTensor(n))])))
        .toEqual(c.save!.values);
    } finally {
      reader.close();
    }
  });

  it("restores Python's 2-shard checkpoint", async () => {
    expect(fs.readdirSync(fixturePath(FIXTURE, 'ckpt')).sort()).toEqual(c.checkpoint!.files);
    const m = build(c);
    const sess = new Session(m.graph, { config: TWO_CPUS });
    await sess.run(m.init);
    await m.saver.restore(sess, fixturePath(FIXTURE, c.checkpoint!.prefix));
    const names = Object.keys(c.checkpoint!.values);
    const got = await sess.run(names.map((n) => m.vars[n]));
    await sess.close();
    expect(Object.fromEntries(names.map((n, i) => [n, typedJson(got[i] as Tensor)]))).toEqual(c.checkpoint!.values);
  });

  it('the temporary prefix is `<prefix>_temp/part`, or `<prefix>.part` on s3://', async () => {
    const m = build(c);
    const sess = new Session(m.graph, { config: TWO_CPUS });
    const tmp = async (prefix: string) => {
      const out = await sess.run('save/StringJoin:0', { 'save/Const:0': prefix }) as Tensor;
      return Buffer.from(out.item() as Uint8Array).toString();
    };
    expect(await tmp('/ckpt/model')).toBe('/ckpt/model_temp/part');
    expect(await tmp('s3://bucket/model')).toBe('s3://bucket/model.part');
    await sess.close();
  });

  it("MonitoredTrainingSession's default saver writes a shard per device and resumes from them", async () => {
    const graph = new Graph();
    const m = graph.asDefault(() => {
      getOrCreateGlobalStep();
      const w = graph.device('/cpu:1', () =>
        new Variable(Tensor.from([1, 2], { dtype: DType.float32 }), { name: 'w' }));
      const r = graph.device('/cpu:0', () =>
        new Variable(Tensor.from(0.5, { dtype: DType.float32 }), { name: 'r', useResource: true }));
      const train = group([incrementGlobalStep(1), w.assignAdd(Tensor.from([1, 1], { dtype: DType.float32 })),
        r.assignAdd(Tensor.from(1, { dtype: DType.float32 }))], 'train');
      return { w, r, train };
    });
    /** Trains until global step `lastStep`; gives the number of steps it ran. */
    const runTo = (lastStep: number) => graph.asDefault(() => withMonitoredSession(MonitoredTrainingSession({
      checkpointDir: dir, config: TWO_CPUS, saveSummariesSteps: null, saveSummariesSecs: null,
      hooks: [new StopAtStepHook({ lastStep })],
    }), async (s) => {
      let steps = 0;
      for (; !s.shouldStop(); steps++) await s.run(m.train);
      return steps;
    }));
    try {
      expect(await runTo(2)).toBe(2);
      // The global step (no device), r (/cpu:0) and w (/cpu:1): three devices, three shards.
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('model.ckpt-2.')).sort()).toEqual([
        'model.ckpt-2.data-00000-of-00003', 'model.ckpt-2.data-00001-of-00003', 'model.ckpt-2.data-00002-of-00003',
        'model.ckpt-2.index', 'model.ckpt-2.meta']);
      expect(fs.readdirSync(dir).some((f) => f.includes('_temp'))).toBe(false);
      graph.unsafeUnfinalize();
      // Restored at step 2, so two more steps.
      expect(await runTo(4)).toBe(2);
      const latest = latestCheckpoint(dir)!;
      expect(latest).toBe(path.join(dir, 'model.ckpt-4'));
      expect(listVariables(latest)).toEqual([['global_step', []], ['r', []], ['w', [2]]]);
      const reader = loadCheckpoint(latest);
      expect(Array.from(reader.getTensor('w').data as Float32Array)).toEqual([5, 6]);
      expect(reader.getTensor('r').item()).toBe(4.5);
      reader.close();
    } finally {
      await FileWriterCache.clear();
    }
  });
});
