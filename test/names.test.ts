/**
 * Name uniquing, name scopes, variable scopes and collections against TF1 Python: the graphs of
 * scripts/graph_fixtures/names.py, built here with the same calls, must have the same ops
 * (name, type, inputs, control inputs; device and colocation groups where set) in the same order
 * and the same collections.
 */
import { DType, Graph, Operation, Output, Tensor, ValueError, Variable, getDefaultGraph, ops, summary, train } from '../lib';
import { OpRow, Recorded, build, loadGraphFixture, record } from './helpers/graph_record';

const fixture = loadGraphFixture('names.json');

test('name uniquing and name scopes', () => {
  const g = build(() => {
    const g0 = getDefaultGraph();
    ops.constant(1.0, { name: 'loss' });
    ops.constant(2.0, { name: 'loss' });
    ops.constant(3.0, { name: 'loss' });
    g0.nameScope('scope', () => {
      const a = ops.constant(1.0, { name: 'a' });
      const b = ops.identity(a);
      g0.nameScope('inner', () => ops.add(a, b));
    });
    g0.nameScope('scope', () => ops.constant(0.0, { name: 'a' }));
    g0.nameScope('scope/', () => {
      ops.constant(0.0, { name: 'a' });
      g0.nameScope(null, () => ops.noOp('root'));
    });
    ops.constant(0.0, { name: 'Loss' });
    g0.nameScope('Scope', () => ops.constant(1.0, { name: 'x' }));
    const x = ops.placeholder(DType.float32, [null, 2], 'x');
    ops.add(x, 1.0);
    ops.add(x, 2.0);
    ops.mul(x, x);
    ops.sub(x, 1.0);
    ops.matmul(x, ops.ones([2, 3]));
    ops.reduceSum(x);
    ops.reduceMean(x, { axis: 1 });
    ops.zeros([2, 2]);
    ops.ones([3], DType.int32);
    ops.fill([2], 3.0);
    ops.reshape(x, [-1]);
    ops.nn.relu(x);
    ops.nn.softmax(x);
    ops.square(x);
    ops.identity(x, 'out');
    ops.controlDependencies([x.op], () => ops.constant(1.0, { name: 'after_x' }));
    ops.group([x.op, ops.noOp()], 'grouped');
    g0.addToCollection('my_tensors', x);
    g0.addToCollection('my_ops', x.op);
    g0.addToCollection('my_ints', 1);
    g0.addToCollection('my_ints', 2);
    g0.addToCollection('my_floats', 0.5);
    g0.addToCollection('my_strings', 'hello');
  });
  expect(record(g)).toEqual(fixture.scopes);
});

test('variables, getVariable, variable scopes, initializers and the global step', () => {
  const g = build(() => {
    const w = new ops.Variable(ops.zeros([3]), { name: 'w' });
    new ops.Variable([1.0, 2.0], { name: 'w' });
    ops.getVariable('v', { shape: [3, 2], initializer: ops.glorotUniformInitializer({ seed: 3 }) });
    ops.variableScope('layer', () => {
      ops.getVariable('u', { shape: [2], initializer: ops.zerosInitializer() });
      ops.getVariable('k', { shape: [2, 2], initializer: ops.truncatedNormalInitializer({ seed: 1 }) });
      ops.getVariable('n', { shape: [2], initializer: ops.randomNormalInitializer({ seed: 2 }) });
      ops.getVariable('c', { shape: [2], initializer: ops.constantInitializer(0.5) });
    });
    ops.variableScope('layer', { reuse: true }, () => ops.getVariable('u'));
    ops.variableScope('layer', () => ops.getVariable('u2', { shape: [1] }));
    const rv = new ops.Variable(1.0, { name: 'rv', useResource: true });
    new ops.Variable(2.0, { name: 'local', trainable: false, collections: ['local_variables'] });
    w.assign(ops.ones([3]));
    w.assignAdd(ops.ones([3]));
    rv.assign(2.0);
    train.getOrCreateGlobalStep();
    ops.globalVariablesInitializer();
    ops.localVariablesInitializer();
    ops.reportUninitializedVariables();
  });
  // TF1's boolean_mask builds a reshape for general ranks; ours gathers the 1-D mask directly.
  const mask = (n: string) => !n.startsWith('report_uninitialized_variables/boolean_mask/') ||
    /\/(Where|Squeeze|GatherV2)(\/axis)?$/.test(n);
  const got = record(g, mask);
  const want = { ...fixture.variables, ops: fixture.variables.ops.filter(([n]) => mask(n)),
    placement: Object.fromEntries(Object.entries(fixture.variables.placement).filter(([n]) => mask(n))) };
  for (const row of want.ops) {
    if (row[0] === 'report_uninitialized_variables/boolean_mask/GatherV2') row[2][0] = 'report_uninitialized_variables/Const:0';
    if (row[0] === 'report_uninitialized_variables/boolean_mask/Where') row[2][0] = 'report_uninitialized_variables/LogicalNot:0';
  }
  expect(got).toEqual(want);
});

// Gradient subgraphs are libtensorflow's (C++ gradients), named differently from Python's.
const notGrad = (n: string) => !/^(\w+\/)?gradients(_\d+)?\//.test(n);
const maskGrad = (rows: OpRow[]) => rows.filter(([n]) => notGrad(n)).map(([n, t, i, c]) => [n, t,
  i.map((s) => (notGrad(s) ? s : '<gradient>')), c]);

test('optimizers: slots, update scopes and the train_op collection', () => {
  const g = build(() => {
    const x = ops.constant(new Float32Array(8).fill(1), { shape: [4, 2], name: 'x' });
    const y = ops.constant(new Float32Array(4).fill(1), { shape: [4, 1], name: 'y' });
    const [w, b] = ops.variableScope('linear', () => [
      ops.getVariable('w', { shape: [2, 1], initializer: ops.zerosInitializer() }),
      ops.getVariable('b', { shape: [1], initializer: ops.zerosInitializer() }),
    ]);
    const pred = ops.add(ops.matmul(x, w), b, 'pred');
    const loss = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'loss' });
    const gs = train.getOrCreateGlobalStep();
    new train.AdamOptimizer(0.1).minimize(loss, { globalStep: gs });
    new train.GradientDescentOptimizer(0.1, { name: 'SGD' }).minimize(loss);
  });
  const got = record(g);
  expect(maskGrad(got.ops)).toEqual(maskGrad(fixture.training.ops));
  expect(got.collections).toEqual(fixture.training.collections);
  expect(record(g, notGrad).placement).toEqual(withoutGradients(fixture.training.placement));
});

const withoutGradients = (p: Recorded['placement']) =>
  Object.fromEntries(Object.entries(p).filter(([n]) => notGrad(n)));

test('embeddingLookup and gather: GatherV2 on a ref variable, ResourceGather on a resource one, colocated', () => {
  const g = build(() => {
    const zeros = Array.from({ length: 6 }, () => [0, 0, 0]);
    const emb = new ops.Variable(zeros, { name: 'emb' });
    const remb = new ops.Variable(zeros, { name: 'remb', useResource: true });
    const ids = ops.constant([1, 2], { dtype: DType.int32, name: 'ids' });
    ops.nn.embeddingLookup(emb, ids, { name: 'look' });
    ops.nn.embeddingLookup(remb, ids);
    ops.nn.embeddingLookup(emb, Tensor.from([[1, 2]], { dtype: DType.int32 }), { maxNorm: 1.0 });
    ops.gather(remb, Tensor.from([0], { dtype: DType.int32 }));
    ops.gather(remb, Tensor.from([0], { dtype: DType.int32 }), 1);
    ops.gather(emb, Tensor.from([0], { dtype: DType.int32 }));
  });
  expect(record(g)).toEqual(fixture.embedding);
});

test('partitioned variables: getVariable with a partitioner, lookups by mod and div, the concatenation', () => {
  const g = build(() => {
    const emb = ops.getVariable('emb', { shape: [10, 4], initializer: ops.zerosInitializer(),
      partitioner: ops.fixedSizePartitioner(3) });
    const r = ops.variableScope('s', () => ops.getVariable('r', { shape: [7, 2], initializer: ops.onesInitializer(),
      useResource: true, partitioner: ops.minMaxVariablePartitioner(4, 0, 16) }));
    ops.getVariable('c', { initializer: ops.constant(Array.from({ length: 6 }, (_, i) => [2 * i, 2 * i + 1])),
      partitioner: ops.fixedSizePartitioner(2) });
    const ids = ops.constant([[1, 7], [3, 9]], { dtype: DType.int32, name: 'ids' });
    ops.nn.embeddingLookup(emb, ids);
    ops.nn.embeddingLookup(emb, ids, { partitionStrategy: 'div', name: 'by_div' });
    ops.nn.embeddingLookup(r, Tensor.from([0, 6], { dtype: DType.int32 }));
    ops.convertToTensor(emb);
  });
  expect(record(g)).toEqual(fixture.partitioned);
});

test('custom getters (a float16 cast, nested ones, one per call), a scope\'s partitioner and regularizer, slots not split again', () => {
  const fp16: ops.CustomGetter = (getter, name, options) =>
    ops.cast(getter(name, { ...options, dtype: DType.float32 }), options.dtype);
  const tag = (suffix: string): ops.CustomGetter => (getter, name, options) =>
    ops.identity(getter(name + suffix, options), `tag${suffix}`);
  const g = build(() => {
    ops.variableScope('half', { customGetter: fp16, dtype: DType.float16 }, () => {
      const w = ops.getVariable('w', { shape: [2, 3] });
      ops.matmul(ops.placeholder(DType.float16, [1, 2], 'x'), w);
    });
    ops.variableScope('o', { customGetter: tag('_o') }, () => {
      ops.variableScope('i', { customGetter: tag('_i') }, () =>
        ops.getVariable('v', { shape: [2], initializer: ops.zerosInitializer() }));
      ops.getVariable('u', { shape: [], initializer: ops.zerosInitializer(), customGetter: tag('_c') });
    });
    const [emb, s] = ops.variableScope('p', { partitioner: ops.fixedSizePartitioner(2),
      regularizer: (v) => ops.reduceSum(v, { name: 'reg' }) }, () => {
      const made = [ops.getVariable('emb', { shape: [4, 3], initializer: ops.onesInitializer() }),
        ops.getVariable('s', { shape: [], initializer: ops.zerosInitializer() })];
      ops.variableScope('q', () => ops.getVariable('e2', { shape: [6, 2], initializer: ops.zerosInitializer() }));
      return made;
    });
    expect(ops.variableScope('p', { reuse: true }, () => ops.getVariable('emb'))).toBe(emb);
    // Typed as a Variable: the scope's partitioner, not the call's, made it partitioned.
    if (!(emb instanceof ops.PartitionedVariable)) throw new Error('expected a PartitionedVariable');
    const loss = ops.addN([...emb.parts.map((part) => ops.reduceSum(part)), s]);
    ops.variableScope('train', { partitioner: ops.fixedSizePartitioner(2) }, () => new train.AdamOptimizer(0.1).minimize(loss));
  });
  const got = record(g);
  expect(maskGrad(got.ops)).toEqual(maskGrad(fixture.custom_getters.ops));
  expect(got.collections).toEqual(fixture.custom_getters.collections);
  expect(record(g, notGrad).placement).toEqual(withoutGradients(fixture.custom_getters.placement));
});

test('getVariable errors of custom getters and partitioners, as TF1', () => {
  const errors = fixture.custom_getter_errors as unknown as Record<string, string>;
  build(() => expect(() => ops.getVariable('z', { shape: [1], customGetter: 5 as unknown as ops.CustomGetter }))
    .toThrow(new ValueError(errors.not_callable)));
  build(() => {
    ops.getVariable('pp', { shape: [4, 2], partitioner: ops.fixedSizePartitioner(2) });
    expect(() => ops.getVariable('pp', { shape: [4, 2] })).toThrow(new ValueError(errors.unpartitioned_again));
  });
});

test('variableAxisSizePartitioner: parts of at most maxShardBytes along the axis, capped by maxShards', () => {
  const g = build(() => {
    ops.getVariable('a', { shape: [100, 8], initializer: ops.zerosInitializer(),
      partitioner: ops.variableAxisSizePartitioner(1000) });
    ops.getVariable('b', { shape: [6, 50], dtype: DType.float64, initializer: ops.zerosInitializer(),
      partitioner: ops.variableAxisSizePartitioner(100, 1, 16, 3) });
  });
  expect(record(g)).toEqual(fixture.axis_size_partitioned);
});

test('initializedValue, a variable made from another, the global step read and ExponentialMovingAverage, op for op', () => {
  const g = build(() => {
    const w = ops.getVariable('w', { shape: [2, 3] });
    const r = ops.getVariable('r', { shape: [3], useResource: true });
    new Variable(ops.mul(w, 2, 'mul'), { name: 'twice' });
    const t = ops.identity(ops.mul(w, 2, 'mul'), 't');
    const gs = train.getOrCreateGlobalStep();
    train.getOrCreateGlobalStepRead();
    new train.ExponentialMovingAverage(0.99, { numUpdates: gs }).apply([w, r]);
    new train.ExponentialMovingAverage(0.9, { zeroDebias: true, name: 'EMA2' }).apply([t]);
  });
  // The ops in TF's order (a cond's op made before the Switch feeding it), its CondContexts too.
  expect(record(g)).toEqual(fixture.moving_average);
});

test('tf.nn: conv2d, pooling, moments, batch normalization (plain and fused), activations, l2Normalize, op for op', () => {
  const g = build(() => {
    const x = ops.placeholder(DType.float32, [2, 5, 5, 3], 'x');
    const f = ops.constant(Tensor.from(new Float32Array(108).fill(1), { shape: [3, 3, 3, 4] }), { name: 'f' });
    const c = ops.nn.conv2d(x, f, { strides: [1, 1, 1, 1], padding: 'SAME' });
    ops.nn.conv2d(x, f, { strides: 2, padding: 'VALID', name: 'c2' });
    ops.nn.maxPool(c, { ksize: 2, strides: 2, padding: 'VALID' });
    ops.nn.avgPool(c, { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'SAME' });
    const [mean, variance] = ops.nn.moments(c, [0, 1, 2]);
    ops.nn.moments(c, [1, 2], { keepDims: true, name: 'm2' });
    const scale = ops.constant([1, 1, 1, 1], { name: 'scale' });
    const offset = ops.constant([0, 0, 0, 0], { name: 'offset' });
    ops.nn.batchNormalization(c, mean, variance, offset, scale, 1e-3);
    ops.nn.batchNormalization(c, mean, variance, null, null, 1e-3, 'bn_plain');
    ops.nn.fusedBatchNorm(c, scale, offset, { epsilon: 1e-3, isTraining: true });
    ops.nn.fusedBatchNorm(c, scale, offset, { mean, variance, isTraining: false, name: 'fbn_inf' });
    ops.nn.leakyRelu(c);
    ops.nn.elu(c);
    ops.nn.relu6(c);
    ops.nn.softplus(c);
    ops.nn.l2Normalize(c, -1);
  });
  expect(record(g)).toEqual(fixture.nn_layers);
});

test('SyncReplicasOptimizer: local step, accumulators (dense and sparse), token queue, chief init, op for op', () => {
  const g = build(() => {
    const w = new Variable([1, 2], { name: 'w' });
    const emb = new Variable(Tensor.from(new Float32Array(10).fill(1), { shape: [5, 2] }), { name: 'emb' });
    const gs = train.getOrCreateGlobalStep();
    const loss = ops.add(ops.reduceSum(ops.mul(w, 3, 'mul')),
      ops.reduceSum(ops.nn.embeddingLookup(emb, Tensor.from([1, 3], { dtype: DType.int32 }))), 'add');
    const opt = new train.SyncReplicasOptimizer(new train.GradientDescentOptimizer(0.1), 2, { totalNumReplicas: 3 });
    opt.minimize(loss, { globalStep: gs });
    opt.getInitTokensOp();
    opt.getInitTokensOp(0);
  });
  // The gradient ops and the uninitialized-variables report are the graph layer's (checked elsewhere); the rest as TF.
  const skip = (n: string) => n.startsWith('gradients/') || n.startsWith('report_uninitialized_variables/');
  const ours = (rec: Recorded) => ({ ...rec, ops: rec.ops.filter((o) => !skip(o[0])).map((o) =>
    [o[0], o[1], o[2].map((i) => (i.startsWith('gradients/') ? 'gradients/*' : i)), o[3]] as OpRow),
  placement: Object.fromEntries(Object.entries(rec.placement).filter(([k]) => !skip(k))) });
  expect(ours(record(g))).toEqual(ours(fixture.sync_replicas));
});

test('the partitioners give the lists TF1\'s give, and raise its errors', () => {
  const make: Record<string, (...args: number[]) => ops.Partitioner> = {
    variable_axis_size_partitioner: ops.variableAxisSizePartitioner,
    min_max_variable_partitioner: ops.minMaxVariablePartitioner,
    fixed_size_partitioner: ops.fixedSizePartitioner,
  };
  const cases = fixture.partitioner_lists as unknown as Array<{ fn: string; args: number[]; shape: number[] | null;
    dtype: keyof typeof DType | null; partitions?: number[]; error?: string }>;
  expect(cases.length).toBeGreaterThan(10);
  for (const c of cases) {
    if (c.error !== undefined) {
      expect(() => make[c.fn](...c.args)).toThrow(new ValueError(c.error));
    } else {
      expect([c.fn, c.args, make[c.fn](...c.args)(c.shape!, DType[c.dtype!])]).toEqual([c.fn, c.args, c.partitions]);
    }
  }
});

test('colocateWith: colocation groups, devices and device scopes as tf.colocate_with', () => {
  const g = build(() => {
    const g0 = getDefaultGraph();
    const a = ops.constant(1.0, { name: 'a' });
    const b = g0.device('/cpu:0', () => ops.constant(2.0, { name: 'b' }));
    g0.colocateWith(a, () => {
      ops.constant(3.0, { name: 'with_a' });
      g0.device('/cpu:1', () => ops.constant(4.0, { name: 'device_inside' }));
      g0.colocateWith(b, () => ops.add(a, b, 'with_a_and_b'));
      g0.colocateWith(null, () => ops.constant(5.0, { name: 'reset' }), true);
    });
    g0.device('/job:worker', () => g0.colocateWith(b.op, () => ops.identity(b, 'with_b_not_worker')));
    const w = new ops.Variable(1.0, { name: 'w' });
    g0.colocateWith(w, () => {
      ops.identity(w, 'with_w');
      new ops.Variable(2.0, { name: 'w_peer' });
    });
    const rv = new ops.Variable(1.0, { name: 'rv', useResource: true });
    ops.colocateWith(rv, () => ops.constant(6.0, { name: 'with_rv' }));
  });
  expect(record(g)).toEqual(fixture.colocation);
  expect(() => g.colocateWith(null, () => 0)).toThrow(new ValueError(
    'Trying to reset colocation (op is None) but ignore_existing is not True'));
});

test('replicaDeviceSetter on 2 ps: variables, slots, updates and groups placed as in TF1', () => {
  const g = build(() => getDefaultGraph().device(train.replicaDeviceSetter({ psTasks: 2 }), () => {
    const x = ops.constant(new Float32Array(8).fill(1), { shape: [4, 2], name: 'x' });
    const y = ops.constant(new Float32Array(4).fill(1), { shape: [4, 1], name: 'y' });
    const w = ops.getVariable('w', { shape: [2, 1], initializer: ops.glorotUniformInitializer({ seed: 1 }) });
    const b = new ops.Variable(ops.zeros([1]), { name: 'b' });
    const r = ops.getVariable('r', { shape: [1], initializer: ops.zerosInitializer(), useResource: true });
    const pred = ops.add(ops.matmul(x, w), ops.add(b, r, 'add'), 'pred');
    const loss = ops.reduceMean(ops.square(ops.sub(pred, y)), { name: 'loss' });
    const gs = train.getOrCreateGlobalStep();
    new train.AdamOptimizer(0.1).minimize(loss, { globalStep: gs });
    new train.MomentumOptimizer(0.1, 0.9).minimize(loss);
  }));
  const notGrad = (n: string) => !/^gradients(_\d+)?\//.test(n);
  const got = record(g, notGrad);
  expect(got.placement).toEqual(withoutGradients(fixture.distributed.placement));
  expect(got.collections).toEqual(fixture.distributed.collections);
});

test('randomUniform: the default range unscaled, as TF', () => {
  const g = build(() => {
    ops.randomUniform([2]);
    ops.randomUniform([2], { maxval: 3 });
    ops.randomUniform([2], { minval: 1, maxval: 3 });
  });
  expect(record(g)).toEqual(fixture.random_uniform);
});

test('summary ops: tags, scopes, families and collections', () => {
  const g = build(() => {
    const x = ops.constant(1.0, { name: 'x' });
    summary.scalar('loss', x);
    summary.scalar('loss', x);
    getDefaultGraph().nameScope('train', () => {
      summary.scalar('loss', x);
      summary.histogram('weights', ops.constant([1.0, 2.0]));
    });
    summary.scalar('acc', x, { family: 'eval' });
    summary.scalar('bad name!', x);
    summary.text('note', ops.constant('hi'));
    summary.image('img', ops.zeros([1, 2, 2, 3]), { maxOutputs: 1 });
    summary.scalar('other', x, { collections: ['extra'] });
    summary.mergeAll();
    summary.mergeAll('extra');
  });
  expect(record(g)).toEqual(fixture.summaries);
});

test('Saver, with reshape and without: the save and restore ops TF1 builds', () => {
  const g = build(() => {
    new Variable(ops.zeros([2, 3]), { name: 'v' });
    new Variable(ops.zeros([3]), { name: 'r', useResource: true });
    new Variable(ops.placeholder(DType.float32, [null]), { name: 'u', validateShape: false });
    new train.Saver({ reshape: true });
    new train.Saver();
  });
  expect(record(g)).toEqual(fixture.savers);
});

test('ops land in the default graph, which follows asDefault across await', async () => {
  const g = new Graph();
  await g.asDefault(async () => {
    await new Promise((r) => setTimeout(r, 1));
    const c = ops.constant(1, { name: 'c' });
    expect(c.graph).toBe(g);
    expect(getDefaultGraph()).toBe(g);
  });
  expect(getDefaultGraph()).not.toBe(g);
  expect(g.operation('c')).toBeInstanceOf(Operation);
  expect(g.tensor('c:0')).toBeInstanceOf(Output);
});

test('random ops seeded by the graph seed alone take op seeds 0, 1, 2... as in TF 2.21', () => {
  // tf.set_random_seed(42); random_normal, random_uniform, random_normal(seed=7), truncated_normal:
  // TF 2.21 gives seed2 0, 1, 7, 2 (random_seed.get_seed counts the unseeded ones per graph).
  const g = new Graph();
  g.asDefault(() => {
    ops.setRandomSeed(42);
    ops.randomNormal([2]);
    ops.randomUniform([2]);
    ops.randomNormal([2], { seed: 7 });
    ops.truncatedNormal([2]);
  });
  const seeds = g.operations().filter((o) => /^(RandomStandardNormal|RandomUniform|TruncatedNormal)$/.test(o.type))
    .map((o) => [o.name, o.getAttr('seed'), o.getAttr('seed2')]);
  expect(seeds).toEqual([
    ['random_normal/RandomStandardNormal', 42, 0], ['random_uniform/RandomUniform', 42, 1],
    ['random_normal_1/RandomStandardNormal', 42, 7], ['truncated_normal/TruncatedNormal', 42, 2],
  ]);
});
