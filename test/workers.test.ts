/**
 * worker_threads: the addon is context-aware, so lib loads in a Worker and runs graphs there, in
 * two workers at once and beside the main thread. Workers that exit or are terminated while runs
 * are in flight must not take the process down; those cases run in a child process.
 */
import { Worker } from 'worker_threads';
import { Session } from '../lib';
import { LIB_INDEX, REGISTER_TS, expected, fixturePath, hasFixture, lastJson, runNodeScript, squareGraph } from './helpers/core';

/** Code run in each worker: builds x -> Square(x), runs it `runs` times sync and async. */
const WORKER_CODE = `
const { parentPort, workerData } = require('worker_threads');
require(workerData.register);
const { Graph, Session, DType, errors } = require(workerData.lib);
(async () => {
  const g = new Graph();
  const x = g.addOperation({ type: 'Placeholder', name: 'x', attrs: [['dtype', 'type', DType.float32]] }).output(0);
  const y = g.addOperation({ type: 'Square', name: 'y', inputs: [x], attrs: [['T', 'type', DType.float32]] }).output(0);
  const sess = new Session(g);
  const base = workerData.base;
  const sync = [];
  for (let i = 0; i < workerData.runs; i++) sync.push(sess.runSync(y, { 'x:0': [base + i] }).item());
  const async = (await Promise.all(Array.from({ length: workerData.runs }, (_, i) => sess.run(y, { 'x:0': [base + i] }))))
    .map((t) => t.item());
  const big = (await sess.run(y, { 'x:0': new Float32Array(1 << 18).fill(base) })).data[1000];
  let err = null;
  try { sess.runSync(y); } catch (e) { err = { name: e.name, code: e.code, isOpError: e instanceof errors.OpError }; }
  if (!workerData.leaveOpen) await sess.close();
  parentPort.postMessage({ sync, async, big, err, version: require(workerData.lib).version() });
})().catch((e) => parentPort.postMessage({ failed: String(e && e.stack || e) }));
`;

function runWorker(data: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_CODE, { eval: true, workerData: { register: REGISTER_TS, lib: LIB_INDEX, runs: 20, base: 1, ...data } });
    let msg: unknown;
    w.on('message', (m) => { msg = m; });
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 ? resolve(msg) : reject(new Error(`worker exited with ${code}`))));
  });
}

function expectWorkerResult(r: any, base: number, runs = 20) {
  expect(r.failed).toBeUndefined();
  const want = Array.from({ length: runs }, (_, i) => (base + i) * (base + i));
  expect(r.sync).toEqual(want);
  expect(r.async).toEqual(want);
  expect(r.big).toBe(base * base);
  expect(r.err).toEqual({ name: 'InvalidArgumentError', code: 3, isOpError: true });
}

describe('worker_threads', () => {
  test('lib loads in a Worker and runs a graph there (sync, async, errors typed)', async () => {
    const r = await runWorker({ base: 3 });
    expectWorkerResult(r, 3);
    expect(typeof r.version).toBe('string');
  });

  test('two workers at once, each with its own graph and session', async () => {
    const [a, b] = await Promise.all([runWorker({ base: 2, runs: 200 }), runWorker({ base: 7, runs: 200 })]);
    expectWorkerResult(a, 2, 200);
    expectWorkerResult(b, 7, 200);
  });

  test('workers and the main thread run at the same time', async () => {
    const { g, sq } = squareGraph();
    const sess = new Session(g);
    const workers = [runWorker({ base: 4, runs: 100 }), runWorker({ base: 5, runs: 100 })];
    const main = await Promise.all(Array.from({ length: 100 }, (_, i) => sess.run(sq, { 'x:0': [i] })));
    expect(main.map((t) => t.item())).toEqual(Array.from({ length: 100 }, (_, i) => i * i));
    const [a, b] = await Promise.all(workers);
    expectWorkerResult(a, 4, 100);
    expectWorkerResult(b, 5, 100);
    await sess.close();
  });

  test('workers loaded one after another (addon instances come and go)', async () => {
    for (let i = 0; i < 6; i++) expectWorkerResult(await runWorker({ base: i, leaveOpen: i % 2 === 0 }), i);
  });

  (hasFixture('dataset_iterator') ? test : test.skip)('OutOfRangeError is typed inside a worker (dataset fixture)', async () => {
    const exp = expected('dataset_iterator').iterators.one_shot;
    const code = `
      const { parentPort, workerData } = require('worker_threads');
      require(workerData.register);
      const fs = require('fs');
      const { Graph, Session, errors } = require(workerData.lib);
      const g = new Graph();
      g.importGraphDef(new Uint8Array(fs.readFileSync(workerData.graph)), { prefix: '' });
      const s = new Session(g);
      const vals = [];
      (async () => {
        for (;;) {
          try { vals.push(Number((await s.run(workerData.next)).item())); }
          catch (e) { parentPort.postMessage({ vals, name: e.name, code: e.code, oor: e instanceof errors.OutOfRangeError }); break; }
        }
        await s.close();
      })();`;
    const r = await new Promise<any>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { register: REGISTER_TS, lib: LIB_INDEX, graph: fixturePath('dataset_iterator', 'graph.pb'), next: exp.get_next } });
      w.on('message', resolve);
      w.on('error', reject);
    });
    expect(r).toEqual({ vals: exp.values, name: 'OutOfRangeError', code: 11, oor: true });
  });
});

describe('BAD CALL - workers that go away with runs in flight (child process)', () => {
  /**
   * A child process starts workers that leave in the middle of async runs (process.exit inside the
   * worker, or worker.terminate() from outside) and then keeps using the addon on its main thread.
   */
  function childWithDyingWorkers(mode: 'exit' | 'terminate', rounds: number) {
    const code = `
      const { Worker } = require('worker_threads');
      const workerCode = ${JSON.stringify(`
        const { parentPort, workerData } = require('worker_threads');
        require(workerData.register);
        const { Graph, Session, DType } = require(workerData.lib);
        const g = new Graph();
        const x = g.addOperation({ type: 'Placeholder', name: 'x', attrs: [['dtype', 'type', DType.float32]] }).output(0);
        const y = g.addOperation({ type: 'Square', name: 'y', inputs: [x], attrs: [['T', 'type', DType.float32]] }).output(0);
        const s = new Session(g);
        // A TF-allocated result fed back: the shared (aligned) feed path, released across threads.
        const aligned = s.runSync(y, { 'x:0': new Float32Array(1 << 20).fill(2) });
        for (let i = 0; i < 40; i++) s.run(y, { 'x:0': i % 2 ? aligned : new Float32Array(1 << 18).fill(i) }).catch(() => {});
        parentPort.postMessage('started');
        if (workerData.mode === 'exit') setTimeout(() => process.exit(0), workerData.delay);
      `)};
      const { REGISTER, LIB } = process.env;
      const one = (delay) => new Promise((resolve) => {
        const w = new Worker(workerCode, { eval: true, workerData: { register: REGISTER, lib: LIB, mode: '${mode}', delay } });
        w.on('message', () => { if ('${mode}' === 'terminate') setTimeout(() => w.terminate(), delay); });
        w.on('error', (e) => resolve('error ' + e.message));
        w.on('exit', (c) => resolve(c));
      });
      (async () => {
        const codes = [];
        for (let i = 0; i < ${rounds}; i++) codes.push(await one(i % 5));
        codes.push(...await Promise.all([one(0), one(2), one(4)]));
        // The main thread's addon still works.
        require(REGISTER);
        const { Graph, Session, DType } = require(LIB);
        const g = new Graph();
        const x = g.addOperation({ type: 'Placeholder', name: 'x', attrs: [['dtype', 'type', DType.float32]] }).output(0);
        const y = g.addOperation({ type: 'Square', name: 'y', inputs: [x], attrs: [['T', 'type', DType.float32]] }).output(0);
        const s = new Session(g);
        const v = (await s.run(y, { 'x:0': [3] })).item();
        await s.close();
        console.log(JSON.stringify({ codes, v }));
      })();`;
    return runNodeScript(code, { env: { REGISTER: REGISTER_TS, LIB: LIB_INDEX }, timeoutMs: 120000 });
  }

  test('BAD CALL - process.exit() inside a worker while its runs are in flight', () => {
    const r = childWithDyingWorkers('exit', 8);
    expect({ status: r.status, signal: r.signal, stderr: /terminate called|Abort|Segmentation/.test(r.stderr) ? r.stderr.slice(-500) : '' })
      .toEqual({ status: 0, signal: null, stderr: '' });
    const out = lastJson(r);
    expect(out.v).toBe(9);
    expect(out.codes.every((c: unknown) => c === 0)).toBe(true);
  });

  test('BAD CALL - worker.terminate() while its runs are in flight', () => {
    const r = childWithDyingWorkers('terminate', 8);
    expect({ status: r.status, signal: r.signal, stderr: /terminate called|Abort|Segmentation/.test(r.stderr) ? r.stderr.slice(-500) : '' })
      .toEqual({ status: 0, signal: null, stderr: '' });
    const out = lastJson(r);
    expect(out.v).toBe(9);
    expect(out.codes.every((c: unknown) => c === 1 || c === 0)).toBe(true);
  });
  /**
   * Runs blocked in TF for good (dequeues from a queue nothing fills) when the environment goes
   * away: teardown cancels them, so a terminated worker leaves no thread behind and process.exit()
   * does not hang (Node waits for libuv's pool at exit; the runs are not there).
   */
  function childWithBlockedRuns(mode: 'terminate' | 'exit') {
    const code = `
      const { Worker } = require('worker_threads');
      const fs = require('fs');
      const { REGISTER, LIB } = process.env;
      require(REGISTER);
      const { Graph, Session, DType, ops } = require(LIB);
      const blocking = () => {
        const g = new Graph();
        const q = g.asDefault(() => ops.gen.fIFOQueueV2({ componentTypes: [DType.float32], shapes: [[]], capacity: 2 }, 'q'));
        return { g, q, dequeue: g.asDefault(() => ops.gen.queueDequeueV2({ handle: q, componentTypes: [DType.float32] }, 'dq'))[0] };
      };
      const threads = () => fs.readdirSync('/proc/self/task').length;
      const workerCode = ${JSON.stringify(`
        const { parentPort, workerData } = require('worker_threads');
        require(workerData.register);
        const { Graph, Session, DType, ops } = require(workerData.lib);
        const g = new Graph();
        const q = g.asDefault(() => ops.gen.fIFOQueueV2({ componentTypes: [DType.float32], shapes: [[]], capacity: 2 }, 'q'));
        const dq = g.asDefault(() => ops.gen.queueDequeueV2({ handle: q, componentTypes: [DType.float32] }, 'dq'))[0];
        const s = new Session(g);
        for (let i = 0; i < 3; i++) s.run(dq).catch(() => {});
        parentPort.postMessage('blocked');
      `)};
      (async () => {
        // TF's process-wide thread pools and this thread's runner, made before counting.
        const warm = blocking();
        const ws = new Session(warm.g);
        await ws.run(warm.q);
        const before = threads();
        if ('${mode}' === 'exit') {
          const b = blocking();
          const s = new Session(b.g);
          for (let i = 0; i < 6; i++) s.run(b.dequeue).catch(() => {});
          setTimeout(() => process.exit(0), 100);
          return;
        }
        for (let round = 0; round < 3; round++) {
          await new Promise((resolve, reject) => {
            const w = new Worker(workerCode, { eval: true, workerData: { register: REGISTER, lib: LIB } });
            w.on('message', () => setTimeout(() => w.terminate().then(resolve, reject), 50));
            w.on('error', reject);
          });
        }
        await new Promise((r) => setTimeout(r, 300));
        console.log(JSON.stringify({ before, after: threads() }));
        await ws.close();
      })();`;
    return runNodeScript(code, { env: { REGISTER: REGISTER_TS, LIB: LIB_INDEX }, timeoutMs: 30000 });
  }

  test('BAD CALL - worker.terminate() while its runs wait in TF for good: it ends, and its threads go', () => {
    const r = childWithBlockedRuns('terminate');
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    const out = lastJson(r);
    expect(out.after).toBeLessThanOrEqual(out.before);
  });

  test('BAD CALL - process.exit() while runs wait in TF for good: the process exits', () => {
    const r = childWithBlockedRuns('exit');
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
  });

  /**
   * A started server's join() never returns (TF cannot stop a started gRPC server): it blocks on
   * a thread of its own, which neither process.exit() nor worker.terminate() waits for.
   */
  function childWithJoinedServer(mode: 'terminate' | 'exit') {
    const code = `
      const { Worker } = require('worker_threads');
      const { REGISTER, LIB } = process.env;
      require(REGISTER);
      const join = (lib) => {
        const server = require(lib).train.Server.createLocalServer();
        let settled = false;
        server.join().finally(() => { settled = true; });
        return () => settled;
      };
      if ('${mode}' === 'exit') {
        const settled = join(LIB);
        setTimeout(() => {
          console.log(JSON.stringify({ settled: settled() }));
          process.exit(0);
        }, 300);
      } else {
        const w = new Worker(${JSON.stringify(`
          const { parentPort, workerData } = require('worker_threads');
          require(workerData.register);
          const server = require(workerData.lib).train.Server.createLocalServer();
          server.join();
          parentPort.postMessage('joined');
        `)}, { eval: true, workerData: { register: REGISTER, lib: LIB } });
        w.on('message', () => setTimeout(async () => {
          const code = await w.terminate();
          console.log(JSON.stringify({ terminated: code }));
        }, 100));
      }`;
    return runNodeScript(code, { env: { REGISTER: REGISTER_TS, LIB: LIB_INDEX }, timeoutMs: 30000 });
  }

  test('BAD CALL - process.exit() while a started server is joined: the process exits', () => {
    const r = childWithJoinedServer('exit');
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    expect(lastJson(r)).toEqual({ settled: false });
  });

  test('BAD CALL - worker.terminate() while a started server is joined in the worker: it ends', () => {
    const r = childWithJoinedServer('terminate');
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    expect(lastJson(r)).toEqual({ terminated: 1 });
  });

  test('BAD CALL - worker.terminate() while SavedModel loads are in flight: it ends, the loads are freed', () => {
    // Loads finishing after the worker went away free their graph and session on their own thread.
    const code = `
      const { Worker } = require('worker_threads');
      const { REGISTER, LIB, DIR } = process.env;
      (async () => {
        for (let round = 0; round < 4; round++) {
          await new Promise((resolve, reject) => {
            const w = new Worker(${JSON.stringify(`
              const { parentPort, workerData } = require('worker_threads');
              require(workerData.register);
              const { savedModel } = require(workerData.lib);
              for (let i = 0; i < 4; i++) savedModel.load(['serve'], workerData.dir).catch(() => {});
              parentPort.postMessage('loading');
            `)}, { eval: true, workerData: { register: REGISTER, lib: LIB, dir: DIR } });
            w.on('message', () => setTimeout(() => w.terminate().then(resolve, reject), round * 20));
            w.on('error', reject);
          });
        }
        await new Promise((r) => setTimeout(r, 500));
        console.log(JSON.stringify({ rounds: 4 }));
      })();`;
    const r = runNodeScript(code, { env: { REGISTER: REGISTER_TS, LIB: LIB_INDEX, DIR: fixturePath('saved_model_tf1') }, timeoutMs: 60000 });
    expect({ status: r.status, signal: r.signal, crash: /terminate called|Abort|Segmentation/.test(r.stderr) })
      .toEqual({ status: 0, signal: null, crash: false });
    expect(lastJson(r)).toEqual({ rounds: 4 });
  });
});
