/**
 * train.SyncReplicasOptimizer and its hook (the graph is TF 2.21's op for op: test/names.test.ts):
 * a chief alone with one replica to aggregate, dense and sparse gradients; two replicas (chief
 * and worker sessions on one in-process gRPC server, in a child process) where each update is the
 * mean of two fresh gradients; and TF1's ValueErrors. Sync training is timed by its token queue,
 * so the checks are its invariants: every applied update used gradients computed at the current
 * weights (w = w0 * 0.8^global_step for GradientDescent(0.1) on sum(w²)), stale ones are dropped.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { DType, Graph, Tensor, ValueError, Variable, ops, train } from '../lib';

const REPO = path.resolve(__dirname, '..');
const REGISTER = path.join(REPO, 'examples', 'distributed', 'register_ts.js');

/** Reads until the chief's queue runner has applied what it will (the global step stops moving). */
async function settled(sess: train.MonitoredSession, gs: Variable): Promise<bigint> {
  let last = -1n;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const now = (await sess.run(gs)).item() as bigint;
    if (now === last) return now;
    last = now;
  }
  return last;
}

test('a chief with one replica to aggregate: dense and sparse updates, each at the weights of its global step', async () => {
  const g = new Graph();
  const m = g.asDefault(() => {
    const w = new Variable([1, 2], { name: 'w' });
    const emb = new Variable(Tensor.from(new Float32Array(10).fill(1), { shape: [5, 2] }), { name: 'emb' });
    const gs = train.getOrCreateGlobalStep();
    const loss = ops.add(ops.reduceSum(ops.mul(w, w)),
      ops.reduceSum(ops.nn.embeddingLookup(emb, Tensor.from([1, 3], { dtype: DType.int32 }))));
    const opt = new train.SyncReplicasOptimizer(new train.GradientDescentOptimizer(0.1), 1);
    const trainOp = opt.minimize(loss, { globalStep: gs });
    expect(g.getCollection<Variable>('local_variables').map((v) => v.op.name)).toEqual(['sync_rep_local_step']);
    return { w, emb, gs, trainOp, hook: opt.makeSessionRunHook(true) };
  });
  // The chief's queue runner stays blocked for the next gradients: close() waits the grace
  // period for it (120 s by default, as TF1's), then cancels it.
  const sess = await g.asDefault(() => train.MonitoredTrainingSession({ hooks: [m.hook], stopGracePeriodSecs: 1 }));
  try {
    for (let i = 0; i < 6; i++) await sess.run(m.trainOp);
    const steps = Number(await settled(sess, m.gs as Variable));
    expect(steps).toBeGreaterThanOrEqual(3);
    expect(steps).toBeLessThanOrEqual(6);
    const [w, emb] = await sess.run([m.w, m.emb]);
    (w.toArray() as number[]).forEach((x, i) => expect(x).toBeCloseTo([1, 2][i] * 0.8 ** steps, 5));
    // Rows 1 and 3 were looked up once a step: each update took 0.1 off them; the others stay.
    (emb.toArray() as number[][]).forEach((row, r) =>
      row.forEach((x) => expect(x).toBeCloseTo(r === 1 || r === 3 ? 1 - 0.1 * steps : 1, 5)));
  } finally {
    await sess.close();
  }
});

test('two replicas: chief and worker sessions on one server; every update is the mean of two fresh gradients', () => {
  const script = `
    const { Graph, Variable, ops, train } = require(${JSON.stringify(path.join(REPO, 'lib'))});
    const { Server } = require(${JSON.stringify(path.join(REPO, 'lib/training/server_lib'))});
    const server = Server.createLocalServer();
    const g = new Graph();
    const m = g.asDefault(() => {
      const w = new Variable([1, 2], { name: 'w' });
      const gs = train.getOrCreateGlobalStep();
      const opt = new train.SyncReplicasOptimizer(new train.GradientDescentOptimizer(0.1), 2, { totalNumReplicas: 2 });
      const trainOp = opt.minimize(ops.reduceSum(ops.mul(w, w)), { globalStep: gs });
      return { w, gs, trainOp, opt };
    });
    const worker = async (isChief) => {
      const hooks = [m.opt.makeSessionRunHook(isChief), new train.StopAtStepHook({ lastStep: 8 })];
      const sess = await g.asDefault(() => train.MonitoredTrainingSession({ master: server.target, isChief, hooks, stopGracePeriodSecs: 1 }));
      let runs = 0;
      while (!sess.shouldStop()) { await sess.run(m.trainOp); runs++; }
      await sess.close();
      return runs;
    };
    (async () => {
      const runs = await Promise.all([worker(true), worker(false)]);
      const { Session } = require(${JSON.stringify(path.join(REPO, 'lib'))});
      const s = new Session(g, { target: server.target });
      const [w, gs] = await s.run([m.w, m.gs]);
      process.stdout.write(JSON.stringify({ runs, w: w.toArray(), gs: Number(gs.item()) }));
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-r', REGISTER, '-e', script], {
    encoding: 'utf8', timeout: 120000, killSignal: 'SIGKILL', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  expect([r.status, r.stderr.split('\\n').filter((l) => /Error/.test(l))]).toEqual([0, []]);
  const out = JSON.parse(r.stdout);
  expect(out.gs).toBeGreaterThanOrEqual(8);
  // Both took part; a step needs two gradients, so together they ran at least two per update.
  expect(out.runs.every((n: number) => n > 0)).toBe(true);
  expect(out.runs[0] + out.runs[1]).toBeGreaterThanOrEqual(2 * 8 - 2);
  (out.w as number[]).forEach((x, i) => expect(x).toBeCloseTo([1, 2][i] * 0.8 ** out.gs, 5));
}, 150000);

test('TF1\'s ValueErrors: no global step, the queue runner or tokens before applyGradients, too few tokens', () => {
  const g = new Graph();
  g.asDefault(() => {
    const w = new Variable([1, 2], { name: 'w' });
    const loss = ops.reduceSum(ops.mul(w, w));
    const opt = new train.SyncReplicasOptimizer(new train.GradientDescentOptimizer(0.1), 3, { totalNumReplicas: 1 });
    expect(() => opt.getChiefQueueRunner()).toThrow(new ValueError('Should be called after apply_gradients().'));
    expect(() => opt.getInitTokensOp())
      .toThrow(new ValueError('get_init_tokens_op() should be called after apply_gradients().'));
    expect(() => opt.minimize(loss)).toThrow(new ValueError('Global step is required to check staleness'));
    expect(() => new train.SyncReplicasOptimizer(new train.GradientDescentOptimizer(0.1), 1).makeSessionRunHook(true).begin())
      .toThrow(new ValueError('SyncReplicasOptimizer.apply_gradient should be called before using the hook.'));
    opt.minimize(loss, { globalStep: train.getOrCreateGlobalStep() });
    expect(() => opt.getInitTokensOp(1))
      .toThrow(new ValueError('Too few tokens to finish the first step: 1 (given) vs 2 (needed)'));
    expect(opt.getInitTokensOp(2).type).toBe('QueueEnqueueManyV2');
  });
});
