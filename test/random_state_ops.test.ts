/**
 * TF1's random ops (tf.random_*, tf.random.*, the stateless ones) and state ops (tf.scatter_*,
 * tf.batch_scatter_update, tf.count_up_to and the Variable methods behind them, on ref and resource
 * variables) against TF1 Python (scripts/graph_fixtures/random_state_ops.py): built here with the
 * same calls, the graphs must have the same ops (names, types, inputs, attrs, Const values) in the
 * same order and the same static shapes, and session runs of them (seeded, variables initialized)
 * the same values; also the gamma samples' gradients, a training through a scatter update, and
 * TF1's errors for bad arguments.
 */
import { DType, Graph, IndexedSlices, Output, Session, Tensor, Variable, ops } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: Json[];
  count_limit: { values: number[]; class: string; message: string };
}
const fixture = loadGraphFixture<Fixture>('random_state_ops.json');
const { random } = ops;

const LOGITS = [[0.0, 1.0, 2.0], [2.0, 0.5, -1.0]];
/** M of the fixture script: 0..11 as a 4x3 float32 matrix. */
const M = Tensor.from(Float32Array.from({ length: 12 }, (_, i) => i), { shape: [4, 3] });
const ph = (dtype: DType, shape: (number | null)[] | undefined, name: string) => ops.placeholder(dtype, shape, name);

type Fetch = Record<string, Output | Output[] | Record<string, Output>>;
type Scatterable = Variable | Output;

/** The scatter graphs of both variable kinds: the same calls on variables of that kind. */
function scatterGraph(useResource: boolean): Fetch {
  const names = ['upd', 'add', 'sub', 'mul', 'div', 'min', 'max', 'nd_upd', 'nd_add', 'nd_sub', 'batch'];
  const vs: Record<string, Scatterable> = Object.fromEntries(names.map((k) => [k, new Variable(M, { name: k, useResource })]));
  const idx = ph(DType.int32, [2], 'idx');
  const rows = ph(DType.float32, [2, 3], 'rows');
  const counter = useResource ? new Variable(ops.constant(3, { dtype: DType.int64 }), { name: 'counter', useResource })
    : new Variable(3, { name: 'counter', dtype: DType.int32 });
  return {
    update: ops.scatterUpdate(vs.upd, idx, rows),
    add: ops.scatterAdd(vs.add, [0, 0], [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]),
    sub: ops.scatterSub(vs.sub, idx, rows, { useLocking: true, name: 'minus' }),
    mul: ops.scatterMul(vs.mul, 1, [2.0, 3.0, 4.0]),
    div: ops.scatterDiv(vs.div, idx, ops.add(rows, 1.0, 'add')),
    min: ops.scatterMin(vs.min, idx, rows),
    max: ops.scatterMax(vs.max, [3], [[5.0, 12.0, 0.0]]),
    nd_update: ops.scatterNdUpdate(vs.nd_upd, [[0, 1], [2, 2]], [-1.0, -2.0]),
    nd_add: ops.scatterNdAdd(vs.nd_add, [[1], [3]], rows),
    nd_sub: ops.scatterNdSub(vs.nd_sub, ops.constant([[0, 0]], { dtype: DType.int32 }), [10.0],
      { useLocking: true, name: useResource ? 'ndsub' : undefined }),
    batch: ops.batchScatterUpdate(vs.batch, [[0], [2], [1], [0]], [[5.0], [6.0], [7.0], [8.0]]),
    count: ops.countUpTo(counter, 5),
  };
}

const GRAPHS: Record<string, () => Fetch> = {
  random_seeded: () => {
    const x = ph(DType.float32, [4, 3], 'x');
    const n = ph(DType.int32, [2], 'n');
    return {
      shuffle: ops.randomShuffle(x, { seed: 1 }),
      shuffle_named: random.shuffle(Tensor.from([1, 2, 3, 4, 5], { dtype: DType.int32 }), { seed: 2, name: 'perm' }),
      multinomial: ops.multinomial(LOGITS, 5, { seed: 3 }),
      multinomial_int32: random.multinomial(ops.constant(LOGITS), 4, { seed: 4, outputDtype: DType.int32, name: 'mn' }),
      categorical: random.categorical(LOGITS, 6, { seed: 5 }),
      categorical_int32: random.categorical(LOGITS, 2, { dtype: DType.int32, seed: 6, name: 'cat' }),
      gamma: ops.randomGamma([3], [0.5, 1.5], { seed: 7 }),
      gamma_beta: random.gamma([2], [[1.0], [3.0]], { beta: [[3.0, 4.0]], dtype: DType.float64, seed: 8 }),
      poisson: ops.randomPoisson([1.0, 4.0], [3], { seed: 9 }),
      poisson_int: random.poisson(ops.constant([[2.0], [5.0]]), [2], { dtype: DType.int32, seed: 10, name: 'pois' }),
      uniform_int: ops.randomUniform([2, 3], { minval: -5, maxval: 5, dtype: DType.int32, seed: 11 }),
      uniform_int64: random.uniform([4], { maxval: 100, dtype: DType.int64, seed: 12 }),
      uniform_shape_tensor: random.uniform(n, { seed: 13 }),
      uniform_range: random.uniform([3], { minval: 2.0, maxval: 4.0, seed: 14, name: 'u' }),
      normal: random.normal([2, 2], { mean: 1.0, stddev: 0.5, seed: 15 }),
      normal_shape_tensor: ops.randomNormal(n, { seed: 16, dtype: DType.float64 }),
      truncated: random.truncatedNormal([5], { stddev: 2.0, seed: 17 }),
      truncated_shape_tensor: ops.truncatedNormal(n, { seed: 18, name: 'tn' }),
      crop: ops.randomCrop(x, [2, 2], 19),
    };
  },
  random_graph_seeded: () => {
    random.setRandomSeed(5);
    return {
      shuffle: random.shuffle(ops.range(0, 6)),
      categorical: random.categorical(LOGITS, 3),
      gamma: random.gamma([2], 2.0),
      poisson: random.poisson(3.0, [4]),
      uniform: random.uniform([3]),
      seeds: [...random.getSeed(undefined), ...random.getSeed(42)].map((s) => ops.constant(s, { dtype: DType.int32 })),
    };
  },
  stateless: () => {
    const seed = ph(DType.int32, [2], 'seed');
    return {
      uniform: random.statelessUniform([2, 3], [1, 2]),
      uniform_range: random.statelessUniform([3], seed, { minval: -1.0, maxval: 3.0, name: 'su' }),
      uniform_int: random.statelessUniform([4], seed, { minval: 0, maxval: 10, dtype: DType.int32 }),
      uniform_full_int: random.statelessUniform([2], seed, { minval: null, maxval: null, dtype: DType.int64 }),
      uniform_float64: random.statelessUniform([2], ops.constant([3, 4], { dtype: DType.int64 }), { dtype: DType.float64 }),
      normal: random.statelessNormal([2, 2], seed, { mean: 1.0, stddev: 2.0 }),
      truncated: random.statelessTruncatedNormal([3], seed, { name: 'stn' }),
      categorical: random.statelessCategorical(LOGITS, 4, seed),
      multinomial: random.statelessMultinomial(LOGITS, 3, seed, { outputDtype: DType.int32 }),
      binomial: random.statelessBinomial([2, 2], seed, [10.0, 20.0], [0.5, 0.25]),
      gamma: random.statelessGamma([3, 2], seed, [1.0, 2.0], { beta: [2.0, 1.0] }),
      poisson: random.statelessPoisson([3], seed, [1.0, 5.0, 9.0]),
      normal_philox: random.statelessNormal([3], seed, { alg: 'philox' }),
      truncated_alg_number: random.statelessTruncatedNormal([2], seed, { alg: 1 }),
      split: random.split(seed, 3),
      split_list: random.split([3, 4]),
      fold_in: random.foldIn(seed, 17),
      fold_in_int64: random.foldIn(seed, ops.constant(5, { dtype: DType.int64 }), 'philox'),
      ptn: random.statelessParameterizedTruncatedNormal([2, 2], seed, { means: [0.0, 1.0], stddevs: 0.5, minvals: -1.0,
        maxvals: [1.0, 2.0] }),
    };
  },
  stateless_threefry: () => ({ uniform: random.statelessUniform([2], [5, 6], { alg: 'threefry', name: 'tf' }) }),
  scatter_ref: () => scatterGraph(false),
  scatter_resource: () => scatterGraph(true),
  variable_methods: () => {
    const out: Record<string, Record<string, Output>> = {};
    for (const [kind, useResource] of [['ref', false], ['res', true]] as const) {
      const names = ['upd', 'add', 'sub', 'mul', 'div', 'min', 'max', 'nd_upd', 'nd_add', 'nd_sub', 'assign', 'assign_add',
        'batch', 'nd_max', 'nd_min'];
      const vs = Object.fromEntries(names.map((k) => [k, new Variable(M, { name: `${kind}_${k}`, useResource })]));
      const rows = new IndexedSlices(ops.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), ops.constant([2, 0], { dtype: DType.int32 }));
      const counter = new Variable(0, { name: `${kind}_counter`, dtype: DType.int32, useResource });
      // RefVariable.assign's use_locking defaults to False in TF1 (tf.assign's to True); here it is given.
      const assignOp = vs.assign.assign(ops.zeros([4, 3]), { readValue: false, useLocking: useResource ? undefined : false });
      const afterAssign = ops.controlDependencies([assignOp], () => ops.identity(vs.assign.readValue()));
      out[kind] = {
        update: vs.upd.scatterUpdate(rows),
        add: vs.add.scatterAdd(rows, { name: 'plus' }),
        sub: vs.sub.scatterSub(rows, { useLocking: true }),
        mul: vs.mul.scatterMul(rows),
        div: vs.div.scatterDiv(rows),
        min: vs.min.scatterMin(rows),
        max: vs.max.scatterMax(rows),
        nd_update: vs.nd_upd.scatterNdUpdate([[0, 1], [2, 2]], [-1.0, -2.0]),
        nd_add: vs.nd_add.scatterNdAdd([[1]], [[1.0, 1.0, 1.0]], 'ndplus'),
        nd_sub: vs.nd_sub.scatterNdSub([[3, 2]], [5.0]),
        nd_max: vs.nd_max.scatterNdMax([[1, 1], [0, 2]], [20.0, -1.0]),
        nd_min: vs.nd_min.scatterNdMin([[2]], [[7.0, 7.0, 7.0]], 'ndmin'),
        count: counter.countUpTo(2),
        batch: vs.batch.batchScatterUpdate(new IndexedSlices(ops.constant([[5.0], [6.0], [7.0], [8.0]]),
          ops.constant([[0], [2], [1], [0]], { dtype: DType.int32 }))),
        assign: afterAssign,
        assign_add: vs.assign_add.assignAdd(ops.ones([4, 3]), { readValue: true }),
      };
    }
    return out;
  },
};

describe('random and state op graphs', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

describe('gradients', () => {
  itGivesTF1Gradients(fixture.gradients, {
    gamma: () => {
      const alpha = ph(DType.float32, [2], 'alpha');
      const beta = ph(DType.float32, [], 'beta');
      const s = random.gamma([3], alpha, { beta, seed: 1 });
      return [ops.reduceSum(ops.mul(s, s, 'mul')), [alpha, beta]];
    },
    gamma_broadcast: () => {
      const alpha = ph(DType.float64, [2, 1], 'alpha');
      const s = random.gamma([4, 2], alpha, { beta: [1.0, 3.0], dtype: DType.float64, seed: 2 });
      return [ops.reduceSum(ops.sqrt(s)), [alpha]];
    },
    stateless_gamma: () => {
      const alpha = ph(DType.float32, [3], 'alpha');
      const s = random.statelessGamma([2, 3], [4, 5], alpha);
      return [ops.reduceSum(ops.mul(s, [1.0, 2.0, 3.0], 'mul')), [alpha]];
    },
    stateless_ptn: () => {
      const [means, lo] = ['means', 'lo'].map((n) => ph(DType.float32, [2], n));
      const [stddevs, hi] = ['stddevs', 'hi'].map((n) => ph(DType.float32, [], n));
      const s = random.statelessParameterizedTruncatedNormal([3, 2], [1, 2], { means, stddevs, minvals: lo, maxvals: hi });
      return [ops.reduceSum(ops.mul(s, s, 'mul')), [means, stddevs, lo, hi]];
    },
    shuffle_none: () => {
      const x = ph(DType.float32, [3], 'x');
      return [ops.reduceSum(ops.mul(random.shuffle(x, { seed: 1 }), x, 'mul')), [x]];
    },
  });
});

it('trains a variable set in part by scatterUpdate as TF1 does', async () => {
  const { losses, fetched } = await trainByGradientDescent(() => {
    const v = new Variable(Tensor.from([[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]]), { name: 'w' });
    const noise = random.statelessNormal([3, 2], [1, 2], { stddev: 0.1 });
    const loss = ops.reduceSum(ops.square(ops.sub(ops.add(v, noise, 'add'), 1.0, 'sub')));
    return { loss, fetch: v, before: [ops.scatterUpdate(v, [0], [[0.0, 0.0]])] };
  }, 0.1, 3);
  expectClose([...losses, fetched], fixture.training);
});

/**
 * The shape errors of ops that update a ref: libtensorflow runs the shape function on a node that
 * already has its colocation with the variable (`_class`), which Python adds after; otherwise TF1's.
 */
const REF_SHAPE_ERRORS = ['scatter_update_shape', 'scatter_add_rank', 'scatter_nd_update_shape', 'ref_assign_shape'];
const errorsWhere = (ref: boolean) => Object.fromEntries(Object.entries(fixture.build_errors)
  .filter(([k]) => REF_SHAPE_ERRORS.includes(k) === ref));

it('counts up to the limit, then gives TF1\'s OutOfRangeError', async () => {
  const graph = new Graph();
  const [c, up] = graph.asDefault(() => {
    const v = new Variable(0, { name: 'c', dtype: DType.int32 });
    return [v, ops.countUpTo(v, 2)] as const;
  });
  const sess = new Session(graph);
  try {
    await sess.run(c.initializer);
    const got = [Number((await sess.run(up)).item()), Number((await sess.run(up)).item())];
    expect(got).toEqual(fixture.count_limit.values);
    const error = await sess.run(up).then(() => undefined, (e: Error) => e);
    expect(error?.constructor.name).toBe(fixture.count_limit.class);
    expect(error?.message).toBe(fixture.count_limit.message);
  } finally {
    await sess.close();
  }
});

describe('build errors', () => {
  const v = (shape = [3, 2], useResource = false) => new Variable(ops.zeros(shape), { name: 'v', useResource });
  const refShapeCases: Record<string, () => unknown> = {
    scatter_update_shape: () => ops.scatterUpdate(v(), [0], ops.zeros([1, 3])),
    scatter_add_rank: () => ops.scatterAdd(v(), [[0]], ops.zeros([2])),
    scatter_nd_update_shape: () => ops.scatterNdUpdate(v(), [[0, 1]], ops.zeros([2])),
    // RefVariable.assign's use_locking defaults to False in TF1 (tf.assign's to True).
    ref_assign_shape: () => v().assign(ops.zeros([2, 3]), { useLocking: false }),
  };
  it.each(REF_SHAPE_ERRORS)('%s: TF1\'s shape error', (name) => {
    const error = new Graph().asDefault(() => {
      try {
        refShapeCases[name]();
      } catch (e) {
        return e as Error;
      }
      return undefined;
    });
    expect(error?.constructor.name).toBe(fixture.build_errors[name].class);
    expect(error?.message.replace('_class=["loc:@v"], ', '')).toBe(fixture.build_errors[name].message);
  });
  itThrowsTF1Errors(errorsWhere(false), {
    uniform_int_no_max: () => random.uniform([2], { dtype: DType.int32 }),
    uniform_bad_dtype: () => random.uniform([2], { dtype: DType.string }),
    categorical_bad_dtype: () => random.categorical(LOGITS, 2, { dtype: DType.float32 }),
    multinomial_bad_dtype: () => ops.multinomial(LOGITS, 2, { outputDtype: DType.int16 }),
    stateless_int_half_range: () => random.statelessUniform([2], [1, 2], { maxval: 5, minval: null, dtype: DType.int32 }),
    stateless_int_default_range: () => random.statelessUniform([2], [1, 2], { dtype: DType.int64 }),
    stateless_unsigned_range: () => random.statelessUniform([2], [1, 2], { minval: 0, maxval: 4, dtype: DType.uint32 }),
    stateless_bad_dtype: () => random.statelessUniform([2], [1, 2], { dtype: DType.int16, minval: 0, maxval: 3 }),
    stateless_bad_alg: () => random.statelessNormal([2], [1, 2], { alg: 'mersenne' as never }),
    stateless_bad_alg_number: () => random.statelessUniform([2], [1, 2], { alg: 7 }),
    stateless_categorical_bad_dtype: () => random.statelessCategorical(LOGITS, 2, [1, 2], { dtype: DType.float32 }),
    resource_scatter_dtype: () => ops.scatterUpdate(v([3, 2], true), [0], ops.zeros([1, 2], DType.int32)),
    count_up_to_float: () => ops.countUpTo(v(), 3),
    method_not_indexed_slices: () => v().scatterSub(ops.zeros([2]) as never),
    resource_method_not_indexed_slices: () => v([3, 2], true).scatterUpdate(ops.zeros([2]) as never),
    resource_assign_shape: () => v([3, 2], true).assign(ops.zeros([2, 3])),
    batch_scatter_unknown_rank: () => ops.batchScatterUpdate(v(), ph(DType.int32, undefined, 'Placeholder'), [1.0]),
  });
});
