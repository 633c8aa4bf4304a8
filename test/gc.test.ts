/**
 * Lifetimes under the garbage collector (jest runs under `node --expose-gc`): sessions and graphs
 * nobody closes are freed by their finalizers, objects that need each other keep each other alive,
 * runs in flight keep their session, and the memory really comes back.
 */
import { DType, Graph, Output, Session, Tensor } from '../lib';
import { constant, gc, gcUntil, identity, lastJson, placeholder, rssMiB, runNodeScript, squareGraph } from './helpers/core';

/** A graph whose Const holds `mib` MiB, and a session that ran it once (so TF holds it twice). */
async function bigGraphAndSession(mib: number): Promise<{ graph: Graph; session: Session; out: Output }> {
  const graph = new Graph();
  const n = (mib * 2 ** 20) / 4;
  const c = constant(graph, new Tensor(DType.float32, [n], new Float32Array(n).fill(1)), 'big');
  const sum = graph.addOperation({
    type: 'Sum', name: 'sum', exactName: true,
    inputs: [c, constant(graph, Tensor.from(0, { dtype: DType.int32 }), 'axis')],
    attrs: [['T', 'type', DType.float32], ['Tidx', 'type', DType.int32]],
  }).output(0);
  const session = new Session(graph);
  expect((await session.run(sum)).item()).toBe(n);
  return { graph, session, out: sum };
}

describe('BAD CALL - sessions and graphs left to the GC', () => {
  test('BAD CALL - an unclosed Session and its Graph are collected and finalized', async () => {
    const collected = new Set<string>();
    const registry = new FinalizationRegistry<string>((what) => collected.add(what));
    const refs: Array<WeakRef<object>> = [];
    await (async () => {
      const { graph, session } = await bigGraphAndSession(1);
      registry.register(session, 'session');
      registry.register(graph, 'graph');
      registry.register(session.native as object, 'native session');
      registry.register(graph.native as object, 'native graph');
      refs.push(new WeakRef(session), new WeakRef(graph));
    })();
    const done = await gcUntil(() => collected.size === 4 && refs.every((r) => r.deref() === undefined));
    expect([...collected].sort()).toEqual(['graph', 'native graph', 'native session', 'session']);
    expect(done).toBe(true);
  });

  test('BAD CALL - dropping the Graph while its Session lives: the session keeps it', async () => {
    const { session, weakGraph } = (() => {
      const { g, sq } = squareGraph();
      void sq;
      return { session: new Session(g), weakGraph: new WeakRef(g.native as object) };
    })();
    // Only the session (and through it the native graph) is reachable now.
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    expect(weakGraph.deref()).toBeDefined();
    const r = await session.run('sq:0', { 'x:0': [5] });
    expect(r.item()).toBe(25);
    await session.close();
  });

  test('BAD CALL - an Output alone keeps its graph usable', async () => {
    const out = (() => {
      const g = new Graph();
      return identity(g, placeholder(g, DType.int32, 'p'), 'id');
    })();
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    const g = out.graph;
    const twice = g.addOperation({ type: 'AddV2', name: 'twice', inputs: [out, out], attrs: [['T', 'type', DType.int32]] });
    const s = new Session(g);
    expect((await s.run(twice.output(0), { 'p:0': 21 })).item()).toBe(42);
    await s.close();
  });

  test('BAD CALL - a Session dropped with runs in flight: the runs finish, then it is collected', async () => {
    const collected: string[] = [];
    const registry = new FinalizationRegistry<string>((w) => collected.push(w));
    const pending = (() => {
      const { g, sq } = squareGraph();
      const s = new Session(g);
      registry.register(s.native as object, 'native session');
      return Array.from({ length: 8 }, (_, i) => s.run(sq, { 'x:0': new Float32Array(1 << 18).fill(i) }));
    })();
    gc();
    const results = await Promise.all(pending);
    results.forEach((t, i) => expect((t.data as Float32Array)[99]).toBe(i * i));
    expect(await gcUntil(() => collected.length === 1)).toBe(true);
  });

  test('BAD CALL - a fed array dropped during the run stays valid until TF is done with it', async () => {
    const { g, sq } = squareGraph();
    const s = new Session(g);
    // A TF-allocated (aligned) array: the addon shares it with TF instead of copying.
    const src = await s.run(sq, { 'x:0': new Float32Array(1 << 20).fill(3) });
    const p = s.run(sq, { 'x:0': src });
    (src as { data: unknown }).data = null; // drop every JS reference to the fed buffer
    for (let i = 0; i < 3; i++) gc();
    expect(((await p).data as Float32Array)[12345]).toBe(81);
    await s.close();
  });
});

  test('a graph whose scope made the process\'s first run is still collected', () => {
    // In a fresh process: the first run's async context (graph.asDefault's store) must not be kept
    // by the addon's run machinery, and jest's module environment would keep graphs alive anyway.
    const r = runNodeScript(`
      const { Graph, Session, ops } = require('./lib');
      (async () => {
        let ref;
        {
          const g = new Graph();
          ref = new WeakRef(g);
          await g.asDefault(async () => {
            const s = new Session(g);
            await s.run(ops.constant(1.0));
            await s.close();
          });
        }
        for (let i = 0; i < 20; i++) { gc(); await new Promise((r) => setImmediate(r)); }
        console.log(JSON.stringify({ collected: ref.deref() === undefined }));
      })();
    `);
    expect(lastJson(r)).toEqual({ collected: true });
  });

describe('memory comes back', () => {
  const MIB = 32;

  test('BAD CALL - unclosed sessions over 32 MiB graphs: RSS stays bounded', async () => {
    // Warm up once so allocator pools and TF's one-time state are in the baseline.
    await (async () => {
      await bigGraphAndSession(MIB);
    })();
    await gcUntil(() => false, 10);
    const base = rssMiB();
    for (let i = 0; i < 12; i++) {
      await (async () => {
        await bigGraphAndSession(MIB); // neither closed nor kept
      })();
      if (i % 3 === 2) await gcUntil(() => false, 5);
    }
    await gcUntil(() => false, 20);
    const grown = rssMiB() - base;
    // Leaked, 12 graphs + sessions would hold >= 12 * 2 * 32 MiB.
    expect(grown).toBeLessThan(4 * MIB);
  });

  test('closed sessions and fetched tensors: RSS stays bounded', async () => {
    const { g, sq } = squareGraph();
    const big = new Float32Array(MIB * 2 ** 18).fill(2); // 32 MiB
    const warm = new Session(g);
    await warm.run(sq, { 'x:0': big });
    await warm.close();
    await gcUntil(() => false, 10);
    const base = rssMiB();
    for (let i = 0; i < 24; i++) {
      const s = new Session(g);
      const t = await s.run(sq, { 'x:0': big }); // a 32 MiB result handed to JS each time
      expect((t.data as Float32Array)[7]).toBe(4);
      await s.close();
    }
    await gcUntil(() => false, 20);
    // Leaked, the 24 results would hold >= 24 * 32 MiB. Freed, malloc may still keep some of them in
    // its per-thread arenas (up to 5 seen on a 2-vCPU AVX-512 machine in a full run, 6.4 with the
    // machine's cores busy with other processes).
    expect(rssMiB() - base).toBeLessThan(9 * MIB);
  });
});
