/**
 * The op builder and the graph-building helpers: attrs inferred as TF1 infers them, host values
 * converted to constants, TF1's TypeError/ValueError messages for wrong dtypes, shapes and
 * arguments at build time, the generated wrappers, and values computed by running the ops.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { DType, Graph, GraphKeys, Operation, Output, RuntimeError, Session, Tensor, ValueError, LookupError, ops, train } from '../lib';

let g: Graph;
beforeEach(() => { g = new Graph(); });

async function run<T>(fetch: T): Promise<unknown> {
  const sess = new Session(g);
  try {
    const r = (await sess.run(fetch as never)) as Tensor | Tensor[];
    return Array.isArray(r) ? r.map((t) => t.toArray()) : r.toArray();
  } finally {
    await sess.close();
  }
}

describe('applyOp', () => {
  test('infers type and length attrs and fills defaults', () => {
    g.asDefault(() => {
      const a = ops.placeholder(DType.float64, [2, 2], 'a');
      const op = ops.applyOp('AddN', { inputs: [a, a, a] });
      expect(op.getAttr('N')).toBe(3);
      expect(op.getAttr('T')).toBe(DType.float64);
      const mm = ops.applyOp('MatMul', { a, b: a });
      expect(mm.getAttr('transpose_a')).toBe(false);
    });
  });

  test('host values become Consts named after the input, in the op scope, with the inferred dtype', () => {
    g.asDefault(() => {
      const x = ops.placeholder(DType.int32, [], 'x');
      const y = ops.mul(2, x);
      expect(y.op.inputs.map((i) => i.name)).toEqual(['Mul/x:0', 'x:0']);
      expect(y.op.inputs[0].dtype).toBe(DType.int32);
      // A whole number for an int-only attr (an axis) is int32, as a Python int.
      const s = ops.reduceSum(ops.placeholder(DType.float32, [2, 3]), { axis: 1 });
      expect(s.op.inputs[1].name).toBe('Sum/reduction_indices:0');
      expect(s.op.inputs[1].dtype).toBe(DType.int32);
    });
  });

  test('mismatched input dtypes are a TypeError naming both arguments', () => {
    g.asDefault(() => {
      const f = ops.placeholder(DType.float32, [], 'f');
      const i = ops.placeholder(DType.int32, [], 'i');
      expect(() => ops.add(f, i)).toThrow(new TypeError(
        "Input 'y' of 'AddV2' Op has type int32 that does not match type float32 of argument 'x'."));
      expect(() => ops.applyOp('Sqrt', { x: i })).toThrow(new TypeError(
        "Value passed to parameter 'x' has DataType int32 not in list of allowed values: bfloat16, float16, float32, " +
        'float64, complex64, complex128'));
      expect(() => ops.applyOp('LogicalNot', { x: f })).toThrow(new TypeError(
        "Input 'x' of 'LogicalNot' Op has type float32 that does not match expected type of bool."));
    });
  });

  test('shape mismatches at build time are ValueErrors with the node and shapes', () => {
    g.asDefault(() => {
      const x = ops.placeholder(DType.float32, [null, 3], 'x');
      expect(() => ops.matmul(x, ops.ones([2, 2]))).toThrow(ValueError);
      expect(() => ops.matmul(x, ops.ones([2, 2]))).toThrow(
        /^Dimensions must be equal, but are 3 and 2 for '\{\{node MatMul_1\}\} = MatMul\[.*\]\(x, ones_1\)' with input shapes: \[\?,3\], \[2,2\]\.$/);
    });
  });

  test('argument errors: ref inputs, unknown ops and arguments, missing inputs and attrs', () => {
    g.asDefault(() => {
      const c = ops.constant(1.0);
      expect(() => ops.applyOp('Assign', { ref: c, value: c })).toThrow(new TypeError(
        "'Assign' Op requires that input 'ref' be a mutable tensor (e.g.: a tf.Variable)"));
      expect(() => ops.applyOp('NoSuchOp', {})).toThrow(new RuntimeError('Unrecognized Op name NoSuchOp'));
      expect(() => ops.applyOp('Identity', { input: c, bogus: c })).toThrow(new TypeError(
        "Identity got an unexpected keyword argument 'bogus'"));
      expect(() => ops.applyOp('Identity', {})).toThrow(/^No argument for input input found in Identity/);
      expect(() => ops.applyOp('Placeholder', {})).toThrow(new TypeError('No argument found for attr dtype for Placeholder'));
      expect(() => ops.applyOp('Cast', { x: c }, { DstT: 'float' })).toThrow(/^Expected DataType for argument 'DstT'/);
    });
  });
});

describe('helpers compute what TF1 computes', () => {
  test('math and array helpers', async () => {
    const fetches = g.asDefault(() => {
      const x = ops.constant([[1, 2], [3, 4]]);
      return [
        ops.matmul(x, x), ops.reduceSum(x), ops.reduceMean(x, { axis: 0 }), ops.reduceMax(x, { axis: 1, keepDims: true }),
        ops.sub(x, 1), ops.div(x, 2), ops.square(x), ops.transpose(x), ops.reshape(x, [4]), ops.concat([x, x], 0),
        ops.stack([ops.constant(1), ops.constant(2)]), ops.zerosLike(x), ops.onesLike(x), ops.fill([2], 7),
        ops.cast(x, DType.int32), ops.argmax(x, 1), ops.addN([x, x, x]), ops.nn.relu(ops.neg(x)),
        ops.shape(x), ops.shape(ops.placeholderWithDefault(x, [null, 2])),
      ];
    });
    expect(await run(fetches)).toEqual([
      [[7, 10], [15, 22]], 10, [2, 3], [[2], [4]], [[0, 1], [2, 3]], [[0.5, 1], [1.5, 2]], [[1, 4], [9, 16]],
      [[1, 3], [2, 4]], [1, 2, 3, 4], [[1, 2], [3, 4], [1, 2], [3, 4]], [1, 2], [[0, 0], [0, 0]], [[1, 1], [1, 1]],
      [7, 7], [[1, 2], [3, 4]], [1n, 1n], [[3, 6], [9, 12]], [[0, 0], [0, 0]], [2, 2], [2, 2],
    ]);
    // A static shape is a Const, as TF1's `shape_internal(optimize=True)`; else a Shape op.
    expect(g.operation('Shape').type).toBe('Const');
    expect(g.operation('Shape_1').type).toBe('Shape');
  });

  test('group, withDependencies and tuple order the runs', async () => {
    const { v, out } = g.asDefault(() => {
      const v = new ops.Variable(0, { name: 'v' });
      const inc = ops.assignAdd(v, 1);
      const grouped = ops.group([inc]);
      expect(grouped.type).toBe('NoOp');
      expect(grouped.name).toBe('group_deps');
      return { v, out: ops.withDependencies([grouped], ops.constant(5)) };
    });
    expect(out.name).toBe('control_dependency:0');
    const sess = new Session(g);
    await sess.run(v.initializer);
    expect((await sess.run(out)).item()).toBe(5);
    expect((await sess.run(v)).item()).toBe(1);
    await sess.close();
  });

  test('cross entropies have TF1 values and gradients', async () => {
    const fetches = g.asDefault(() => {
      const logits = ops.constant([[1, 2, 3], [1, 1, 1]]);
      const dense = ops.nn.softmaxCrossEntropyWithLogits({ labels: [[0, 0, 1], [1, 0, 0]], logits });
      const sparse = ops.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ops.constant([2, 0], { dtype: DType.int32 }),
        logits });
      const [gd] = ops.gradients(ops.reduceSum(dense), logits);
      const [gs] = ops.gradients(ops.reduceSum(sparse), logits);
      return [dense, sparse, gd!, gs!];
    });
    const [dense, sparse, gd, gs] = await run(fetches) as number[][][];
    const ce = [-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))), Math.log(3)];
    for (const got of [dense, sparse]) (got as unknown as number[]).forEach((v, i) => expect(v).toBeCloseTo(ce[i], 5));
    expect(gd).toEqual(gs);
    expect(gd[1][0]).toBeCloseTo(1 / 3 - 1, 5);
  });

  test('gradients: null for unrelated xs and through ops TF1 declares not differentiable, LookupError naming an op without gradient', () => {
    g.asDefault(() => {
      const x = ops.placeholder(DType.float32, [2], 'x');
      const z = ops.placeholder(DType.float32, [2], 'z');
      const [dx, dz] = ops.gradients(ops.reduceSum(ops.square(x)), [x, z]);
      expect(dx).toBeInstanceOf(Output);
      expect(dz).toBeNull();
      // Round's gradient is None in TF1 Python (and missing from libtensorflow's C++ registry).
      expect(ops.gradients(ops.reduceSum(ops.gen.round({ x })), x)).toEqual([null]);
      const r = ops.gen.snapshot({ input: x }, 'r');
      expect(() => ops.gradients(ops.reduceSum(r), x)).toThrow(LookupError);
      expect(() => ops.gradients(ops.reduceSum(r), x)).toThrow(/^No gradient defined for operation'r' \(op type: Snapshot\)/);
    });
  });
});

test('losses: weighted means added to the losses collection, and the total loss', async () => {
  const fetches = g.asDefault(() => {
    const mse = ops.losses.meanSquaredError([[1], [2]], ops.constant([[2], [4]]));
    const half = ops.losses.meanSquaredError([[1], [2]], ops.constant([[2], [4]]), { weights: 0.5, lossCollection: null });
    const xent = ops.losses.sparseSoftmaxCrossEntropy(ops.constant([0], { dtype: DType.int32 }), ops.constant([[0, 0]]));
    expect(mse.name).toBe('mean_squared_error/value:0');
    expect(ops.losses.getLosses()).toEqual([mse, xent]);
    return [mse, half, xent, ops.losses.getTotalLoss()];
  });
  const [mse, half, xent, total] = await run(fetches) as number[];
  expect(mse).toBe(2.5);
  expect(half).toBe(1.25);
  expect(xent).toBeCloseTo(Math.log(2), 6);
  expect(total).toBeCloseTo(2.5 + Math.log(2), 5);
});

test('getVariable regularizers feed regularization_losses and the total loss', async () => {
  const fetches = g.asDefault(() => {
    const w = ops.getVariable('w', { shape: [2], initializer: ops.constantInitializer(3),
      regularizer: ops.losses.l2Regularizer(0.5) });
    const reg = ops.losses.getRegularizationLosses();
    expect(reg.map((t) => t.name)).toEqual(['w/Regularizer/l2_regularizer:0']);
    ops.losses.addLoss(ops.reduceSum(w));
    return { init: ops.globalVariablesInitializer(), reg: reg[0], total: ops.losses.getTotalLoss() };
  });
  const sess = new Session(g);
  await sess.run(fetches.init);
  const { reg, total } = await sess.run({ reg: fetches.reg, total: fetches.total });
  await sess.close();
  expect(reg.item()).toBe(4.5);
  expect(total.item()).toBe(10.5);
});

test('a partitioned variable\'s parts each get the regularizer, colocated with the part, as TF1', async () => {
  const g2 = new Graph();
  const fetches = g2.asDefault(() => {
    ops.getVariable('e', { shape: [5, 2], initializer: ops.constantInitializer(2), regularizer: ops.losses.l2Regularizer(0.5),
      partitioner: ops.fixedSizePartitioner(2) });
    const reg = ops.losses.getRegularizationLosses();
    expect(reg.map((t) => [t.name, t.op.colocationGroups()])).toEqual([
      ['e/part_0/Regularizer/l2_regularizer:0', ['loc:@e/part_0']],
      ['e/part_1/Regularizer/l2_regularizer:0', ['loc:@e/part_1']],
    ]);
    return { init: ops.globalVariablesInitializer(), total: ops.losses.getRegularizationLoss() };
  });
  const sess = new Session(g2);
  await sess.run(fetches.init);
  expect((await sess.run(fetches.total)).item()).toBe(0.5 * (10 * 4) / 2);  // 0.5 * sum(w^2) / 2 over the 10 entries
  expect(fetches.total.name).toBe('total_regularization_loss:0');
  await sess.close();
  // With none, a constant 0 (TF1's constant_op.constant(0.0)).
  const zero = new Graph().asDefault(() => ops.losses.getRegularizationLoss());
  expect([zero.op.type, zero.dtype]).toEqual(['Const', DType.float32]);
});

test('a conv net with batch norm built from ops.nn trains; its moving averages (UPDATE_OPS) follow the batch', async () => {
  const g = new Graph();
  const m = g.asDefault(() => {
    ops.setRandomSeed(3);  // the same initial weights every run
    const x = ops.placeholder(DType.float32, [4, 6, 6, 1], 'x');
    const y = ops.placeholder(DType.float32, [4, 1], 'y');
    const f = ops.getVariable('f', { shape: [3, 3, 1, 2] });
    const c = ops.nn.conv2d(x, f, { strides: 1, padding: 'SAME' });
    const [mean, variance] = ops.nn.moments(c, [0, 1, 2]);
    const movingMean = ops.getVariable('moving_mean', { shape: [2], initializer: ops.zerosInitializer(), trainable: false });
    g.addToCollection(GraphKeys.UPDATE_OPS, train.assignMovingAverage(movingMean, mean, 0.5, false));
    const scale = ops.getVariable('gamma', { shape: [2], initializer: ops.onesInitializer() });
    const offset = ops.getVariable('beta', { shape: [2], initializer: ops.zerosInitializer() });
    const h = ops.nn.relu(ops.nn.batchNormalization(c, mean, variance, offset, scale, 1e-3));
    const pooled = ops.reshape(ops.nn.maxPool(h, { ksize: 6, strides: 6, padding: 'VALID' }), [4, 2]);
    const w = ops.getVariable('w', { shape: [2, 1] });
    const loss = ops.reduceMean(ops.square(ops.sub(ops.matmul(pooled, w), y)));
    const minimize = ops.controlDependencies(g.getCollection<Operation>(GraphKeys.UPDATE_OPS),
      () => new train.AdamOptimizer(0.05).minimize(loss));
    return { loss, minimize, mean, movingMean, init: ops.globalVariablesInitializer() };
  });
  const xs = Tensor.from(Float32Array.from({ length: 144 }, (_, i) => Math.sin(i * 0.7)), { shape: [4, 6, 6, 1] });
  const feed = { 'x:0': xs, 'y:0': Tensor.from([[1], [0], [2], [0.5]], { dtype: DType.float32 }) };
  const sess = new Session(g);
  try {
    await sess.run(m.init);
    const first = (await sess.run(m.loss, feed)).item() as number;
    let batchMean: Tensor | undefined;
    for (let i = 0; i < 150; i++) [, batchMean] = await sess.run([m.minimize, m.mean], feed);
    expect((await sess.run(m.loss, feed)).item() as number).toBeLessThan(first * 0.5);
    // After many steps at decay 0.5 the moving mean sits near the (slowly moving) batch mean.
    const moving = Array.from((await sess.run(m.movingMean)).data as Float32Array);
    Array.from(batchMean!.data as Float32Array).forEach((b, i) => expect(Math.abs(moving[i] - b)).toBeLessThan(0.05));
  } finally {
    await sess.close();
  }
});

describe('generated wrappers (ops.gen)', () => {
  test('return an Operation, an Output, a list or named outputs as the OpDef says', async () => {
    const res = g.asDefault(() => {
      const x = ops.constant([3, 1, 3, 2], { dtype: DType.int32 });
      expect(ops.gen.noOp({})).toBeInstanceOf(Operation);
      const u = ops.gen.unique({ x });
      const parts = ops.gen.split({ splitDim: 0, value: ops.constant([1, 2, 3, 4]), numSplit: 2 });
      expect(parts).toHaveLength(2);
      expect(ops.gen.matMul({ a: ops.ones([2, 2]), b: ops.ones([2, 2]), transposeA: true }).op.getAttr('transpose_a'))
        .toBe(true);
      return [u.y, u.idx, ...parts];
    });
    expect(await run(res)).toEqual([[3, 1, 2], [0, 1, 0, 2], [1, 2], [3, 4]]);
    expect(ops.gen.OP_NAMES.length).toBeGreaterThan(1000);
  });

  test('the committed wrappers match the registry of the libtensorflow in use', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'gen_ops.js'), '--check'], { encoding: 'utf8' });
    // libtensorflow logs at load time on some CPUs ("oneDNN custom operations are on"), before its log level applies.
    const tfLog = /^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR|[IW]\d{4} [\d:.]+ +\d+ \S+:\d+\] .*)$/;
    expect(r.stderr.split('\n').filter((l) => l && !tfLog.test(l)).join('\n')).toBe('');
    expect(r.status).toBe(0);
  });
});

test('a host number that does not fit an int input: TF1 wrappers\' dtype mismatch', () => {
  const g = new Graph();
  g.asDefault(() => {
    const i = ops.constant(1, { dtype: DType.int32 });
    expect(() => ops.add(i, 2.5)).toThrow(new TypeError(
      "Input 'y' of 'AddV2' Op has type float32 that does not match type int32 of argument 'x'."));
    expect(() => ops.constant(3.1, { dtype: DType.int32 })).toThrow(new TypeError("Expected int32, but got 3.1 of type 'float'."));
    expect(ops.mul(i, 2).dtype).toBe(DType.int32);
  });
});

test('a list input whose elements do not share a dtype: TF1\'s message', () => {
  const g = new Graph();
  g.asDefault(() => {
    const a = ops.constant(1, { dtype: DType.float32 });
    const b = ops.constant(1, { dtype: DType.float64 });
    expect(() => ops.stack([a, b])).toThrow(new TypeError(
      "Tensors in list passed to 'values' of 'Pack' Op have types [float32, float64] that don't all match."));
    expect(() => ops.addN([a, b])).toThrow(new TypeError(
      "Tensors in list passed to 'inputs' of 'AddN' Op have types [float32, float64] that don't all match."));
  });
});

test('reductions over all axes of a scalar or of unknown rank: range(0, rank(x)), as TF 2.21 builds them', () => {
  const g = new Graph();
  g.asDefault(() => {
    ops.reduceSum(ops.constant(1.0));
    ops.reduceMean(ops.placeholder(DType.float32));
  });
  // Recorded from Python: tf.reduce_sum(tf.constant(1.0)); tf.reduce_mean(tf.placeholder(tf.float32)).
  expect(g.operations().map((o) => [o.name, o.type, o.inputs.map((i) => i.name)])).toEqual([
    ['Const', 'Const', []], ['Rank', 'Const', []], ['range/start', 'Const', []], ['range/delta', 'Const', []],
    ['range', 'Range', ['range/start:0', 'Rank:0', 'range/delta:0']], ['Sum', 'Sum', ['Const:0', 'range:0']],
    ['Placeholder', 'Placeholder', []], ['Rank_1', 'Rank', ['Placeholder:0']], ['range_1/start', 'Const', []],
    ['range_1/delta', 'Const', []], ['range_1', 'Range', ['range_1/start:0', 'Rank_1:0', 'range_1/delta:0']],
    ['Mean', 'Mean', ['Placeholder:0', 'range_1:0']],
  ]);
});
