/**
 * The TF1 optimizers against Python TF1 (test/fixtures/graph_layer/optimizers.json, made by
 * scripts/graph_fixtures/optimizers.py): the same variables and slot names, the same losses
 * over five steps and the same final values, for ref and resource variables.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  DType, Graph, GraphKeys, IndexedSlices, IndexedSlicesValue, Operation, Output, Session, Tensor, ValueError, LookupError, ops, train,
} from '../lib';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'graph_layer', 'optimizers.json'), 'utf8'));
const X = [[1, 2], [3, 4], [5, 6]];
const Y = [[1], [2], [3]];
const W0 = [[0.1], [-0.2]];

const makers: Record<string, () => train.Optimizer> = {
  GradientDescent: () => new train.GradientDescentOptimizer(0.01),
  Momentum: () => new train.MomentumOptimizer(0.01, 0.9),
  MomentumNesterov: () => new train.MomentumOptimizer(0.01, 0.9, { useNesterov: true }),
  Adam: () => new train.AdamOptimizer(0.01),
  Adagrad: () => new train.AdagradOptimizer(0.1),
  RMSProp: () => new train.RMSPropOptimizer(0.01),
  RMSPropCentered: () => new train.RMSPropOptimizer(0.01, { momentum: 0.5, centered: true }),
  Adadelta: () => new train.AdadeltaOptimizer(1.0),
  Ftrl: () => new train.FtrlOptimizer(0.1, { l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02 }),
  FtrlShrinkage: () => new train.FtrlOptimizer(0.1, { learningRatePower: -0.6, initialAccumulatorValue: 0.5,
    l2ShrinkageRegularizationStrength: 0.05, beta: 0.5 }),
  ProximalGradientDescent: () => new train.ProximalGradientDescentOptimizer(0.05,
    { l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02 }),
  ProximalAdagrad: () => new train.ProximalAdagradOptimizer(0.1,
    { initialAccumulatorValue: 0.2, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02 }),
  AdagradDA: () => new train.AdagradDAOptimizer(0.1, train.getOrCreateGlobalStep(),
    { l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02 }),
};

function build(make: () => train.Optimizer, useResource: boolean) {
  const g = new Graph();
  return g.asDefault(() => {
    const x = ops.constant(X, { name: 'x' });
    const y = ops.constant(Y, { name: 'y' });
    const w = new ops.Variable(W0, { name: 'w', useResource });
    const b = new ops.Variable(0.5, { name: 'b', useResource });
    const pred = ops.add(ops.matmul(x, w), b, 'pred');
    const loss = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'loss' });
    const gs = train.getOrCreateGlobalStep();
    const opt = make();
    const trainOp = opt.minimize(loss, { globalStep: gs });
    const init = ops.globalVariablesInitializer();
    return { g, loss, gs, trainOp, init, opt, w };
  });
}

function close(actual: number[], expected: number[], tol = 1e-5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]))));
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [Number(v)]);

/** Five steps: the losses before each, then every variable's value, as Python's. */
async function trainsAsPython(sess: Session, g: Graph, loss: Output, trainOp: Operation,
  want: { losses: number[]; values: Record<string, unknown> }) {
  const losses: number[] = [];
  for (let i = 0; i < 5; i++) {
    losses.push((await sess.run(loss)).item() as number);
    await sess.run(trainOp);
  }
  close(losses, want.losses);
  for (const v of g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES)) {
    close(flat((await sess.run(v)).toArray()), flat(want.values[v.op.name]));
  }
}

describe.each(Object.keys(makers))('%s', (name) => {
  test.each([['ref', false], ['resource', true]] as const)('%s variables train as in TF1', async (kind, useResource) => {
    const want = fixture[name][kind];
    const { g, loss, gs, trainOp, init } = build(makers[name], useResource);
    expect(trainOp.name).toBe(want.train_op.replace(/:0$/, ''));
    expect(g.getCollection<{ op: Operation }>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.op.name)).toEqual(want.variables);
    expect(g.getCollection<{ op: Operation }>(GraphKeys.TRAINABLE_VARIABLES).map((v) => v.op.name)).toEqual(want.trainable);
    expect(g.getCollection<Operation>(GraphKeys.TRAIN_OP).map((o) => o.name)).toEqual(want.train_op_collection);
    const sess = new Session(g);
    try {
      await sess.run(init);
      await trainsAsPython(sess, g, loss, trainOp, want);
      expect(await train.globalStep(sess, gs as ops.Variable)).toBe(want.global_step);
    } finally {
      await sess.close();
    }
  });
});

// The embedding model of optimizers.py: its gradient is IndexedSlices (rows 1, 3, 1, 4 of 6), so
// the updates are sparse and rows 0, 2 and 5 stay as they were for every optimizer (Momentum's and
// RMSProp's dense updates would move them). With `l2`, a dense penalty on the table too: TF 2.21
// sums that with AddN and updates densely. Partitioned: the table in two parts (getVariable with
// fixedSizePartitioner), looked up by 'mod', each part updated by its rows.
const EMB0 = Array.from({ length: 6 }, (_, i) => [0, 1, 2].map((j) => (i * 3 + j - 9) / 10));
const IDS = [1, 3, 1, 4];
const EMB_Y = [[1], [-1], [0.5], [2]];

function buildEmbedding(make: () => train.Optimizer, useResource: boolean, l2: boolean, partitioned = false) {
  const g = new Graph();
  return g.asDefault(() => {
    // Partitioned: two parts of 3 rows; ids go by 'mod', 1 and 3 to part 1, 4 to part 0.
    const emb = partitioned
      ? ops.getVariable('emb', { initializer: ops.constant(EMB0), useResource, partitioner: ops.fixedSizePartitioner(2) })
      : new ops.Variable(EMB0, { name: 'emb', useResource });
    const w = new ops.Variable([[0.5], [-0.25], [0.75]], { name: 'w', useResource });
    const rows = ops.nn.embeddingLookup(emb, ops.constant(IDS, { dtype: DType.int32, name: 'ids' }));
    let loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(rows, w), EMB_Y)), { name: 'loss' });
    if (l2) loss = ops.add(loss, ops.mul(0.01, ops.reduceSum(ops.square(emb))), 'total_loss');
    const [grad] = ops.gradients(loss, emb instanceof ops.PartitionedVariable ? [...emb] : emb);
    const gs = train.getOrCreateGlobalStep();
    const opt = make();
    const trainOp = opt.minimize(loss, { globalStep: gs });
    return { g, loss, grad: grad!, trainOp, init: ops.globalVariablesInitializer(), opt };
  });
}

describe.each(Object.keys(makers))('%s on an embedding', (name) => {
  test.each([
    ['ref', 'embedding', false], ['resource', 'embedding', true], ['ref', 'embedding_l2', false], ['resource', 'embedding_l2', true],
    ['ref', 'embedding_partitioned', false], ['resource', 'embedding_partitioned', true],
  ] as const)('%s variables, %s: the gradient, updates and values of TF1', async (kind, model, useResource) => {
    const want = fixture[name][model][kind];
    const partitioned = model === 'embedding_partitioned';
    const { g, loss, grad, trainOp, init, opt } = buildEmbedding(makers[name], useResource, model === 'embedding_l2',
      partitioned);
    const scope = `${opt.name}/update_emb/${partitioned ? 'part_0/' : ''}`;
    expect([...new Set(g.operations().filter((o) => o.name.startsWith(scope) && /Apply|Scatter/.test(o.type))
      .map((o) => o.type))].sort()).toEqual(want.update_types);
    expect(g.getCollection<{ op: Operation }>(GraphKeys.GLOBAL_VARIABLES).map((v) => v.op.name)).toEqual(want.variables);
    const sess = new Session(g);
    try {
      await sess.run(init);
      if (want.grad.dense) {
        expect(grad).toBeInstanceOf(Output);
        close(flat((await sess.run(grad as Output)).toArray()), flat(want.grad.dense));
      } else {
        expect(grad).toBeInstanceOf(IndexedSlices);
        const v = await sess.run(grad as IndexedSlices);
        expect(v).toBeInstanceOf(IndexedSlicesValue);
        close(flat(v.values.toArray()), flat(want.grad.values));
        expect(Array.from(v.indices.data as Int32Array)).toEqual(want.grad.indices);
        expect(Array.from(v.denseShape!.data as Int32Array)).toEqual(want.grad.dense_shape);
      }
      await trainsAsPython(sess, g, loss, trainOp, want);
    } finally {
      await sess.close();
    }
  });
});

describe('Optimizer', () => {
  test('getSlot and getSlotNames give the slot variables', () => {
    const { opt, w } = build(makers.Adam, false);
    expect(opt.getSlotNames()).toEqual(['m', 'v']);
    expect(opt.getSlot(w, 'm')!.name).toBe('w/Adam:0');
    expect(opt.getSlot(w, 'v')!.name).toBe('w/Adam_1:0');
    expect(opt.getSlot(w, 'nope')).toBeNull();
  });

  test('FtrlOptimizer refuses bad strengths with TF1\'s messages; its slots and Adadelta\'s are named as TF1\'s', () => {
    const bad: Array<[train.FtrlOptions, string]> = [
      [{ initialAccumulatorValue: -1 }, 'initial_accumulator_value -1.000000 needs to be positive or zero'],
      [{ learningRatePower: 0.5 }, 'learning_rate_power 0.500000 needs to be negative or zero'],
      [{ l1RegularizationStrength: -0.25 }, 'l1_regularization_strength -0.250000 needs to be positive or zero'],
      [{ l2RegularizationStrength: -2 }, 'l2_regularization_strength -2.000000 needs to be positive or zero'],
      [{ l2ShrinkageRegularizationStrength: -0.1 }, 'l2_shrinkage_regularization_strength -0.100000 needs to be positive or zero'],
    ];
    for (const [options, message] of bad) expect(() => new train.FtrlOptimizer(0.1, options)).toThrow(new ValueError(message));
    const ftrl = build(makers.Ftrl, false);
    expect(ftrl.opt.getSlotNames()).toEqual(['accum', 'linear']);
    expect(ftrl.opt.getSlot(ftrl.w, 'linear')!.name).toBe('w/Ftrl_1:0');
    expect(() => new train.AdagradDAOptimizer(0.1, new ops.Variable(0n, { name: 'step' }), { initialGradientSquaredAccumulatorValue: 0 }))
      .toThrow(new ValueError('initial_gradient_squared_accumulator_value must be positive: 0'));
    const adadelta = build(makers.Adadelta, true);
    expect(adadelta.opt.getSlotNames()).toEqual(['accum', 'accum_update']);
    expect(adadelta.opt.getSlot(adadelta.w, 'accum_update')!.name).toBe('w/Adadelta_1:0');
  });

  test('minimize without trainable variables is a ValueError', () => {
    const g = new Graph();
    g.asDefault(() => {
      const loss = ops.reduceSum(ops.constant([1, 2]));
      expect(() => new train.GradientDescentOptimizer(0.1).minimize(loss)).toThrow(new ValueError('No variables to optimize.'));
    });
  });

  test('a loss that does not depend on the variables names them', () => {
    const g = new Graph();
    g.asDefault(() => {
      new ops.Variable([1, 2], { name: 'w' });
      const loss = ops.reduceSum(ops.constant([1, 2]), { name: 'loss' });
      expect(() => new train.GradientDescentOptimizer(0.1).minimize(loss)).toThrow(
        /^No gradients provided for any variable, check your graph for ops that do not support gradients, between variables \["<tf.Variable 'w:0' shape=\(2,\) dtype=float32_ref>"\] and loss/);
    });
  });

  test('an op without a gradient on the path is a LookupError naming the node', () => {
    const g = new Graph();
    g.asDefault(() => {
      const w = new ops.Variable([1.5, 2.5], { name: 'w' });
      // Snapshot has no gradient in TF1 Python either.
      const loss = ops.reduceSum(ops.gen.snapshot({ input: w }, 'snap'));
      let err: Error | undefined;
      try {
        new train.GradientDescentOptimizer(0.1).minimize(loss);
      } catch (e) {
        err = e as Error;
      }
      expect(err).toBeInstanceOf(LookupError);
      expect(err!.message).toMatch(/^No gradient defined for operation'snap' \(op type: Snapshot\)\./);
    });
  });

  test('an integer loss is rejected as TF1 does', () => {
    const g = new Graph();
    g.asDefault(() => {
      const w = new ops.Variable(Tensor.from([1, 2], { dtype: DType.int32 }), { name: 'w' });
      expect(() => new train.GradientDescentOptimizer(0.1).minimize(ops.reduceSum(w))).toThrow(/^Invalid type tf.int32 for Sum:0/);
    });
  });
});

describe('models written in TypeScript train as the same models in TF1 Python', () => {
  const models = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'graph_layer', 'models.json'), 'utf8'));

  async function trainModel(g: Graph, loss: ReturnType<typeof ops.reduceMean>, trainOp: Operation, want: {
    initial: Record<string, unknown>; losses: number[]; final: Record<string, unknown>;
  }, tol = 1e-5) {
    const sess = new Session(g);
    try {
      await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
      const vars = g.getCollection<ops.Variable>(GraphKeys.GLOBAL_VARIABLES);
      expect(vars.map((v) => v.op.name)).toEqual(Object.keys(want.final));
      for (const v of vars) {
        if (v.op.name in want.initial) close(flat((await sess.run(v)).toArray()), flat(want.initial[v.op.name]), 1e-6);
      }
      const losses: number[] = [];
      for (let i = 0; i < want.losses.length; i++) {
        losses.push((await sess.run(loss)).item() as number);
        await sess.run(trainOp);
      }
      close(losses, want.losses, tol);
      for (const v of vars) close(flat((await sess.run(v)).toArray()), flat(want.final[v.op.name]), tol);
    } finally {
      await sess.close();
    }
  }

  test('linear regression with GradientDescent', async () => {
    const g = new Graph();
    const { loss, trainOp } = g.asDefault(() => {
      const x = ops.constant(models.data.lx, { name: 'x' });
      const y = ops.constant(models.data.ly, { name: 'y' });
      const w = new ops.Variable([[0.1], [0.2], [-0.1]], { name: 'w' });
      const b = new ops.Variable(0.0, { name: 'b' });
      const pred = ops.add(ops.matmul(x, w), b, 'pred');
      const l = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'loss' });
      const gs = train.getOrCreateGlobalStep();
      return { loss: l, trainOp: new train.GradientDescentOptimizer(0.05).minimize(l, { globalStep: gs }) };
    });
    await trainModel(g, loss, trainOp, models.linear);
  });

  test('an MLP with seeded initializers, variable scopes and Adam', async () => {
    const g = new Graph();
    const { loss, trainOp } = g.asDefault(() => {
      const x = ops.constant(models.data.mx, { name: 'x' });
      const labels = ops.constant(models.data.mlabels, { dtype: DType.int32, name: 'labels' });
      const h = ops.variableScope('hidden', () => {
        const w1 = ops.getVariable('weights', { shape: [4, 8], initializer: ops.glorotUniformInitializer({ seed: 1 }) });
        const b1 = ops.getVariable('biases', { shape: [8], initializer: ops.zerosInitializer() });
        return ops.nn.relu(ops.add(ops.matmul(x, w1), b1));
      });
      const logits = ops.variableScope('logits', () => {
        const w2 = ops.getVariable('weights', { shape: [8, 3],
          initializer: ops.truncatedNormalInitializer({ stddev: 0.5, seed: 2 }) });
        const b2 = ops.getVariable('biases', { shape: [3], initializer: ops.constantInitializer(0.1) });
        return ops.add(ops.matmul(h, w2), b2);
      });
      const l = ops.reduceMean(ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits }), { name: 'loss' });
      const gs = train.getOrCreateGlobalStep();
      return { loss: l, trainOp: new train.AdamOptimizer(0.01).minimize(l, { globalStep: gs }) };
    });
    await trainModel(g, loss, trainOp, models.mlp);
  });
});
