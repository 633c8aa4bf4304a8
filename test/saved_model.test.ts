/**
 * SavedModel loading (`savedModel.load`, TF1's `saved_model.loader.load`) from the SavedModel that
 * Python TF1's saved_model.Builder wrote (test/fixtures/saved_model_tf1): variables restored,
 * MetaGraphDef with its signatures and collections, each signature's outputs computed.
 */
import { toBinary } from '@bufbuild/protobuf';
import { DType, Session, Tensor, errors, savedModel } from '../lib';
import { MetaGraphDefSchema } from '../lib/proto';
import { binding } from '../lib/native';
import { expected, fixturePath, hasFixture } from './helpers/core';


const DIR = fixturePath('saved_model_tf1');
const maybe = hasFixture('saved_model_tf1') ? test : test.skip;

describe('savedModel.load on the Python-made SavedModel', () => {
  maybe('restores the variables and runs y = a*x + b', async () => {
    const exp = expected('saved_model_tf1');
    const { graph, session, metaGraphDef } = await savedModel.load(exp.tags, DIR);
    try {
      expect(session).toBeInstanceOf(Session);
      expect(session.graph).toBe(graph);
      expect(toBinary(MetaGraphDefSchema, metaGraphDef).length).toBeGreaterThan(100);
      for (const name of ['x', 'y', 'a', 'b', 'ax']) expect(graph.operation(name).name).toBe(name);
      const [a, b] = (await session.run(['a:0', 'b:0'])) as Tensor[];
      expect(a.item()).toBe(exp.variables.a);
      expect(b.item()).toBe(exp.variables.b);
      const y = await session.run('y:0', { 'x:0': exp.run.x });
      expect(y.toArray()).toEqual(exp.run.serving_default.y);
    } finally {
      await session.close();
    }
  });

  maybe('the MetaGraphDef has the tags, signatures and collections Python wrote', async () => {
    const exp = expected('saved_model_tf1');
    const { session, metaGraphDef: meta, signatureDefs } = await savedModel.load(['serve'], DIR);
    await session.close();
    expect(signatureDefs).toBe(meta.signatureDef);
    expect(meta.metaInfoDef?.tags).toEqual(exp.tags);
    expect(Object.keys(meta.signatureDef).sort()).toEqual(exp.signature_names);
    for (const [name, sig] of Object.entries<any>(exp.signatures)) {
      const got = meta.signatureDef[name];
      expect(got.methodName).toBe(sig.method_name);
      for (const side of ['inputs', 'outputs'] as const) {
        const have = Object.fromEntries(Object.entries(got[side]).map(([k, v]) => [k, {
          name: v.encoding.case === 'name' ? v.encoding.value : null,
          dtype: DType[v.dtype as number],
          shape: v.tensorShape?.dim.map((d) => Number(d.size)),
        }]));
        expect({ name, side, have }).toEqual({ name, side, have: sig[side] });
      }
    }
    expect(Object.keys(meta.collectionDef).sort()).toEqual(Object.keys(exp.collections).sort());
    const nodes = meta.collectionDef.my_collection.kind;
    expect(nodes.case).toBe('nodeList');
    expect(nodes.case === 'nodeList' && nodes.value.value).toEqual(exp.collections.my_collection.value);
    const ints = meta.collectionDef.my_numbers.kind;
    expect(ints.case === 'int64List' && ints.value.value.map(Number)).toEqual(exp.collections.my_numbers.value);
    expect(meta.saverDef?.restoreOpName).toBe(exp.saver.restore_op_name);
  });

  maybe('every signature output computes what Python TF computed', async () => {
    const exp = expected('saved_model_tf1');
    const { session, signatureDefs } = await savedModel.load(['serve'], DIR);
    try {
      for (const [name, sig] of Object.entries(signatureDefs)) {
        const feeds = Object.fromEntries(Object.entries(sig.inputs).map(([, info]) => [info.encoding.value as string, exp.run.x]));
        const fetches = Object.fromEntries(Object.entries(sig.outputs).map(([key, info]) => [key, info.encoding.value as string]));
        const out = (await session.run(fetches, feeds)) as Record<string, Tensor>;
        for (const [key, want] of Object.entries<number[]>(exp.run[name])) {
          expect({ name, key, dtype: out[key].dtype, value: out[key].toArray() })
            .toEqual({ name, key, dtype: DType.float32, value: want });
        }
      }
    } finally {
      await session.close();
    }
  });

  maybe('two loads at once give independent sessions', async () => {
    const [m1, m2] = await Promise.all([savedModel.load(['serve'], DIR), savedModel.load(['serve'], DIR)]);
    expect(m1.graph).not.toBe(m2.graph);
    await m1.session.close();
    const y = await m2.session.run('y:0', { 'x:0': [0] });
    expect(y.toArray()).toEqual([2]);
    await m2.session.close();
  });

  maybe('the loaded session closes like any other: runs in flight finish or are cancelled, then it refuses runs', async () => {
    const { session } = await savedModel.load(['serve'], DIR);
    const runs = Array.from({ length: 10 }, (_, i) => session.run('y:0', { 'x:0': [i] }).catch((e) => e));
    await session.close();
    (await Promise.all(runs)).forEach((r, i) => {
      if (r instanceof errors.CancelledError) return;
      expect(r.item()).toBe(0.5 * i + 2);
    });
    await expect(session.run('y:0', { 'x:0': [1] })).rejects.toThrow('Attempted to use a closed Session.');
  });
});

describe('savedModel.load: collections, the native loader, failures', () => {
  maybe('an unknown tag set is an OpError naming the tags', async () => {
    const e = await savedModel.load(['no_such_tag'], DIR).catch((x) => x);
    expect(e).toBeInstanceOf(errors.OpError);
    expect(e.code).not.toBe(0);
    expect(e.message).toMatch(/no_such_tag/);
  });

  test('a missing export dir is a NotFoundError', async () => {
    const e = await savedModel.load(['serve'], '/nonexistent/saved_model').catch((x) => x);
    expect(e).toBeInstanceOf(errors.NotFoundError);
    expect(e.code).toBe(5);
  });

  test('a directory without a SavedModel is a NotFoundError', async () => {
    const e = await savedModel.load(['serve'], __dirname).catch((x) => x);
    expect(e).toBeInstanceOf(errors.NotFoundError);
  });

  (hasFixture('saved_model_tf1') ? test : test.skip)('the collections of the MetaGraphDef are attached to the graph', async () => {
    const exp = expected('saved_model_tf1');
    const { graph, session } = await savedModel.load(['serve'], DIR);
    await session.close();
    const mine = graph.getCollection<{ name: string }>('my_collection').map((o) => o.name);
    expect(mine).toEqual(exp.collection_my_collection_after_load);
  });

  test('the native loader underneath: [Graph, Session, MetaGraphDef bytes], or typed rejections', async () => {
    if (!hasFixture('saved_model_tf1')) return;
    const [g, s, bytes] = await binding.loadSavedModel(DIR, ['serve'], '', null);
    expect(g.operation('y')).not.toBeNull();
    expect(bytes.length).toBeGreaterThan(100);
    await s.close();
    const e = await binding.loadSavedModel('/nonexistent', ['serve'], '', null).catch((x) => x);
    expect(e.name).toBe('NotFoundError');
    expect(e.code).toBe(5);
  });

  test('BAD CALL - wrong argument types reject with TypeError', async () => {
    await expect(savedModel.load('serve' as never, DIR)).rejects.toThrow(TypeError);
    await expect(savedModel.load([1] as never, DIR)).rejects.toThrow(TypeError);
    await expect(savedModel.load(['serve'], 42 as never)).rejects.toThrow(TypeError);
    await expect(savedModel.load(['serve'], DIR, { config: new Uint8Array([0xff, 0xff, 0xff]) })).rejects.toThrow(errors.InvalidArgumentError);
  });
});
