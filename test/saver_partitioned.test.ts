/**
 * Partitioned variables (TF1's `get_variable(partitioner=...)`) in a MetaGraph Python wrote
 * (test/fixtures/partitioned, made by scripts/fixtures/make_partitioned.py): each part keeps its
 * save_slice_info, and a Saver built here writes each part under the full name with its slice
 * spec, as Python's does, so a checkpoint holds whole tables: Python's restores here part by part,
 * and ours reads back whole.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromBinary } from '@bufbuild/protobuf';
import { DType, Graph, GraphKeys, Session, Tensor, ValueError, ops, train } from '../lib';
import { VariableDefSchema } from '../lib/proto';
import { expected, fixturePath } from './helpers/core';

interface Part {
  name: string;
  resource: boolean;
  slice: { full_name: string; full_shape: number[]; var_offset: number[]; var_shape: number[]; spec: string } | null;
}
const want = expected<{
  variables: Part[];
  saver: { tensor_names: string[]; shape_and_slices: string[] };
  saved: Record<string, number[][] | number[]>;
  checkpoint: { prefix: string; list_variables: Array<[string, number[]]>; values: Record<string, unknown> };
}>('partitioned');

function imported(): Graph {
  const g = new Graph();
  train.importMetaGraph(g, fixturePath('partitioned', 'model.meta'));
  return g;
}

const stringsOf = (g: Graph, name: string) =>
  ((g.operation(name).getAttr('value') as Tensor).toArray() as Uint8Array[]).map((b) => Buffer.from(b).toString());

/** The rows of `whole` a part holds. */
function rowsOf(whole: number[][] | number[], p: Part): unknown {
  if (!p.slice) return whole;
  const [offset] = p.slice.var_offset;
  return (whole as number[][]).slice(offset, offset + p.slice.var_shape[0]);
}

test('imported parts keep their slice of the whole, and export it again', () => {
  const g = imported();
  const vars = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES);
  expect(vars.map((v) => v.op.name)).toEqual(want.variables.map((p) => p.name));
  vars.forEach((v, i) => {
    const s = want.variables[i].slice;
    expect(v.saveSliceInfo && {
      full_name: v.saveSliceInfo.fullName, full_shape: v.saveSliceInfo.fullShape, var_offset: v.saveSliceInfo.varOffset,
      var_shape: v.saveSliceInfo.varShape, spec: v.saveSliceInfo.spec,
    }).toEqual(s);
  });
  const meta = train.exportMetaGraph(g);
  const defs = meta.collectionDef[GraphKeys.GLOBAL_VARIABLES].kind.value as { value: Uint8Array[] };
  const fullNames = defs.value.map((b) => fromBinary(VariableDefSchema, b).saveSliceInfoDef?.fullName ?? null);
  expect(fullNames).toEqual(want.variables.map((p) => p.slice?.full_name ?? null));
});

test('a Saver built here saves each part under the full name with its slice, as Python\'s', () => {
  const g = imported();
  g.asDefault(() => new train.Saver({ name: 'mine' }));
  expect(stringsOf(g, 'mine/SaveV2/tensor_names')).toEqual(want.saver.tensor_names);
  expect(stringsOf(g, 'mine/SaveV2/shape_and_slices')).toEqual(want.saver.shape_and_slices);
  expect(stringsOf(g, 'mine/RestoreV2/shape_and_slices')).toEqual(want.saver.shape_and_slices);
});

test('Python\'s checkpoint restores part by part; a save here reads back as whole tables', async () => {
  const g = imported();
  const saver = g.asDefault(() => new train.Saver({ name: 'mine' }));
  const vars = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES);
  const sess = new Session(g);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partitioned-'));
  try {
    await saver.restore(sess, fixturePath('partitioned', want.checkpoint.prefix));
    for (const [i, v] of vars.entries()) {
      const p = want.variables[i];
      expect((await sess.run(v)).toArray()).toEqual(rowsOf(want.saved[p.slice?.full_name ?? p.name], p));
    }
    // Double every part, save, and read the whole tables back.
    await sess.run(g.asDefault(() => ops.group(vars.map((v) => v.assign(ops.mul(v, 2), { readValue: false })))));
    const prefix = await saver.save(sess, path.join(dir, 'model.ckpt'));
    expect(train.listVariables(prefix)).toEqual(want.checkpoint.list_variables);
    const reader = train.loadCheckpoint(prefix);
    for (const [name, value] of Object.entries(want.checkpoint.values)) {
      const doubled = (value as number[] | number[][]).map((r) => (Array.isArray(r) ? r.map((x) => x * 2) : r * 2));
      expect(reader.getTensor(name).toArray()).toEqual(doubled);
    }
  } finally {
    await sess.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a part and a whole variable under one name is TF1\'s ValueError', () => {
  const g = imported();
  const part = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)[0];
  const w = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)[5];
  expect(() => g.asDefault(() => new train.Saver({ varList: { emb: [part, w] } })))
    .toThrow(new ValueError('Mixing slices and non-slices with the same name: emb'));
});

test('a table partitioned here (getVariable with a partitioner) saves as one whole tensor', async () => {
  const g = new Graph();
  const value = Array.from({ length: 10 }, (_, i) => [i, -i]);
  const { emb, saver } = g.asDefault(() => ({
    emb: ops.getVariable('emb', { initializer: ops.constant(value), partitioner: ops.fixedSizePartitioner(3) }),
    saver: new train.Saver(),
  }));
  expect(emb.parts.map((p) => [p.op.name, p.saveSliceInfo!.spec]))
    .toEqual([['emb/part_0', '10 2 0,4:0,2'], ['emb/part_1', '10 2 4,3:0,2'], ['emb/part_2', '10 2 7,3:0,2']]);
  const whole = g.asDefault(() => ops.convertToTensor(emb));
  await initializedIn(g, async (sess, dir) => {
    expect((await sess.run(whole)).toArray()).toEqual(value);
    const prefix = await saver.save(sess, path.join(dir, 'model.ckpt'));
    expect(train.listVariables(prefix)).toEqual([['emb', [10, 2]]]);
    expect(train.loadCheckpoint(prefix).getTensor('emb').toArray()).toEqual(value);
  });
});

test('a PartitionedVariable in varList stands for its parts: listed under its full name, or keyed anew', async () => {
  const g = new Graph();
  const value = Array.from({ length: 10 }, (_, i) => [i, -i]);
  const m = g.asDefault(() => {
    const emb = ops.getVariable('emb', { initializer: ops.constant(value), partitioner: ops.fixedSizePartitioner(3) });
    const w = ops.getVariable('w', { initializer: ops.constant([1, 2]) });
    return { emb, w, listed: new train.Saver({ varList: [emb, w] }), keyed: new train.Saver({ varList: { table: emb } }) };
  });
  await initializedIn(g, async (sess, dir) => {
    const listed = await m.listed.save(sess, path.join(dir, 'listed'));
    expect(train.listVariables(listed)).toEqual([['emb', [10, 2]], ['w', [2]]]);
    const keyed = await m.keyed.save(sess, path.join(dir, 'keyed'));
    expect(train.listVariables(keyed)).toEqual([['table', [10, 2]]]);
    expect(train.loadCheckpoint(keyed).getTensor('table').toArray()).toEqual(value);
  });
});

test('optimizer slots of the parts save as slices of whole slots (emb/Adam), as TF1\'s slot_creator', async () => {
  const g = new Graph();
  const saver = g.asDefault(() => {
    const emb = ops.getVariable('emb', { shape: [10, 2], partitioner: ops.fixedSizePartitioner(2) });
    new train.AdamOptimizer(0.1).minimize(ops.reduceSum(ops.nn.embeddingLookup(emb, Tensor.from([1, 3], { dtype: DType.int32 }))));
    expect(g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES).filter((v) => v.saveSliceInfo)
      .map((v) => [v.op.name, v.saveSliceInfo!.fullName, v.saveSliceInfo!.spec])).toEqual([
      ['emb/part_0', 'emb', '10 2 0,5:0,2'], ['emb/part_1', 'emb', '10 2 5,5:0,2'],
      ['emb/part_0/Adam', 'emb/Adam', '10 2 0,5:0,2'], ['emb/part_0/Adam_1', 'emb/Adam_1', '10 2 0,5:0,2'],
      ['emb/part_1/Adam', 'emb/Adam', '10 2 5,5:0,2'], ['emb/part_1/Adam_1', 'emb/Adam_1', '10 2 5,5:0,2'],
    ]);
    return new train.Saver();
  });
  await initializedIn(g, async (sess, dir) => {
    // What Python TF 2.21's list_variables gives for the same model.
    expect(train.listVariables(await saver.save(sess, path.join(dir, 'model')))).toEqual([
      ['beta1_power', []], ['beta2_power', []], ['emb', [10, 2]], ['emb/Adam', [10, 2]], ['emb/Adam_1', [10, 2]]]);
  });
});

/** Runs `fn` on a session of `g` with its variables initialized, and a temporary directory. */
async function initializedIn(g: Graph, fn: (sess: Session, dir: string) => Promise<void>): Promise<void> {
  const sess = new Session(g);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partitioned-'));
  try {
    await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
    await fn(sess, dir);
  } finally {
    await sess.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('parts of a glorot-initialized table scale by the whole shape, as TF1 passes partition_info', async () => {
  const g = new Graph();
  const emb = g.asDefault(() => ops.getVariable('emb', { shape: [1000, 10], partitioner: ops.fixedSizePartitioner(4) }));
  const sess = new Session(g);
  try {
    await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
    const values = Array.from((await sess.run(g.asDefault(() => ops.convertToTensor(emb)))).data as Float32Array);
    // glorot_uniform's limit for [1000, 10] is sqrt(6 / 1010) = 0.077; a [250, 10] part alone would reach 0.152.
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 1010) * (1 + 1e-6));
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.07);
  } finally {
    await sess.close();
  }
});
