/**
 * train.ExponentialMovingAverage and assignMovingAverage: the averages a training loop sees (the
 * graph itself is TF 2.21's op for op, test/names.test.ts), debiasing, the shadow variables in
 * checkpoints and `variablesToRestore` loading them back, and a variable made from another's value.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DType, Graph, Session, Tensor, Variable, ops, train } from '../lib';

const f32 = (t: unknown) => Array.from((t as Tensor).data as Float32Array);
const close = (got: number[], want: number[]) => got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));

describe('ExponentialMovingAverage', () => {
  test('shadows start at the variables and move toward them by 1 - min(decay, (1 + n) / (10 + n))', async () => {
    const g = new Graph();
    const m = g.asDefault(() => {
      const w = ops.getVariable('w', { initializer: ops.constant([1, 2]) });
      const r = ops.getVariable('r', { initializer: ops.constant([4]), useResource: true });
      const step = train.getOrCreateGlobalStep();
      const ema = new train.ExponentialMovingAverage(0.9, { numUpdates: step });
      const update = ema.apply([w, r]);
      return { w, r, step, ema, update, init: ops.globalVariablesInitializer(),
        setW: w.assign(ops.constant([3, 6])), setR: r.assign(ops.constant([0])), bump: step.assignAdd(100n) };
    });
    expect(m.ema.average(m.w)!.op.name).toBe('w/ExponentialMovingAverage');
    expect(m.ema.averageName(m.r)).toBe('r/ExponentialMovingAverage');
    expect(ops.movingAverageVariables(undefined, g)).toEqual([m.w, m.r]);
    const sess = new Session(g);
    try {
      await sess.run(m.init);
      await sess.run([m.setW, m.setR]);
      let avgW = [1, 2];
      let avgR = [4];
      for (const n of [0, 0, 100]) {
        if (n) await sess.run(m.bump);
        await sess.run(m.update);
        const decay = Math.min(0.9, (1 + n) / (10 + n));
        avgW = avgW.map((a, i) => a - (a - [3, 6][i]) * (1 - decay));
        avgR = avgR.map((a) => a - (a - 0) * (1 - decay));
        const [gotW, gotR] = await sess.run([m.ema.average(m.w)!, m.ema.average(m.r)!]);
        close(f32(gotW), avgW);
        close(f32(gotR), avgR);
      }
    } finally {
      await sess.close();
    }
  });

  test('a tensor\'s average with zeroDebias is debiased: a constant input is its own average from the first step', async () => {
    const g = new Graph();
    const m = g.asDefault(() => {
      const x = ops.placeholder(DType.float32, [2], 'x');
      const t = ops.identity(x, 't');
      const ema = new train.ExponentialMovingAverage(0.5, { zeroDebias: true });
      return { ema, t, update: ema.apply([t]), init: ops.globalVariablesInitializer() };
    });
    const names = g.getCollection<Variable>('variables').map((v) => v.op.name);
    expect(names).toEqual(['t/ExponentialMovingAverage', 't/ExponentialMovingAverage/biased',
      't/ExponentialMovingAverage/local_step']);
    const sess = new Session(g);
    try {
      await sess.run(m.init);
      await sess.run(m.update, { 'x:0': [2, -4] });
      close(f32(await sess.run(m.ema.average(m.t)!)), [2, -4]);
      await sess.run(m.update, { 'x:0': [4, 0] });
      // biased = 0.5 * (0.5 * [2, -4]) + 0.5 * [4, 0] = [2.5, -1]; / (1 - 0.25)
      close(f32(await sess.run(m.ema.average(m.t)!)), [2.5 / 0.75, -1 / 0.75]);
    } finally {
      await sess.close();
    }
  });

  test('the averages go to checkpoints under TF1\'s names; variablesToRestore loads them into the model', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf1-node-ema-'));
    try {
      const trained = new Graph();
      const t = trained.asDefault(() => {
        const w = ops.getVariable('w', { initializer: ops.constant([0, 0]) });
        const b = ops.getVariable('b', { initializer: ops.constant([7]), trainable: false });
        const ema = new train.ExponentialMovingAverage(0.5);
        return { update: ema.apply([w]), setW: w.assign(ops.constant([8, 16])), init: ops.globalVariablesInitializer(),
          saver: new train.Saver(), b };
      });
      const sess = new Session(trained);
      await sess.run(t.init);
      await sess.run(t.setW);
      await sess.run(t.update);  // average: 0.5 * 0 + 0.5 * [8, 16]
      const prefix = await t.saver.save(sess, path.join(dir, 'model'));
      await sess.close();
      expect(train.listVariables(prefix).map(([n]) => n)).toEqual(['b', 'w', 'w/ExponentialMovingAverage']);

      const evalGraph = new Graph();
      const e = evalGraph.asDefault(() => {
        const w = ops.getVariable('w', { shape: [2] });
        const b = ops.getVariable('b', { shape: [1], trainable: false });
        const ema = new train.ExponentialMovingAverage(0.5);
        const toRestore = ema.variablesToRestore();
        expect(Object.fromEntries(Object.entries(toRestore).map(([k, v]) => [k, v.op.name])))
          .toEqual({ 'w/ExponentialMovingAverage': 'w', b: 'b' });
        return { w, b, saver: new train.Saver({ varList: toRestore }) };
      });
      const es = new Session(evalGraph);
      await e.saver.restore(es, prefix);
      expect(f32(await es.run(e.w))).toEqual([4, 8]);
      expect(f32(await es.run(e.b))).toEqual([7]);
      await es.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('only floating variables: TF1\'s TypeError otherwise', () => {
    const g = new Graph();
    g.asDefault(() => {
      const n = ops.getVariable('n', { shape: [2], dtype: DType.int32 });
      expect(() => new train.ExponentialMovingAverage(0.9).apply([n]))
        .toThrow(new TypeError('The variables must be half, float, or double: n:0'));
    });
  });
});

test('a variable made from another\'s value initializes with it in any order (TF1\'s guard)', async () => {
  for (let i = 0; i < 5; i++) {
    const g = new Graph();
    const m = g.asDefault(() => {
      const w = ops.getVariable('w', { initializer: ops.constant([1.5, -2]) });
      const twice = new Variable(ops.mul(w, 2), { name: 'twice' });
      return { twice, init: ops.globalVariablesInitializer() };
    });
    const sess = new Session(g);
    await sess.run(m.init);
    expect(f32(await sess.run(m.twice))).toEqual([3, -4]);
    await sess.close();
  }
});

test('assignMovingAverage on a variable: the update alone, or debiased', async () => {
  const g = new Graph();
  const m = g.asDefault(() => {
    const avg = ops.getVariable('avg', { initializer: ops.constant([10]), trainable: false });
    const deb = ops.getVariable('deb', { initializer: ops.constant([0]), trainable: false });
    return { avg, deb, plain: train.assignMovingAverage(avg, ops.constant([0]), 0.75, false),
      debiased: train.assignMovingAverage(deb, ops.constant([6]), 0.75), init: ops.globalVariablesInitializer() };
  });
  const sess = new Session(g);
  try {
    await sess.run(m.init);
    await sess.run([m.plain, m.debiased]);
    close(f32(await sess.run(m.avg)), [7.5]);
    close(f32(await sess.run(m.deb)), [6]);
  } finally {
    await sess.close();
  }
});
