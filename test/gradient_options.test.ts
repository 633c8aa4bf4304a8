/**
 * tf.gradients' options against TF1 Python (scripts/graph_fixtures/gradient_options.py): name,
 * grad_ys, stop_gradients, unconnected_gradients, aggregation_method, gate_gradients and
 * colocate_gradients_with_ops. Through Identity and IdentityN, whose gradients are built op by op
 * as in Python, the graphs must match op for op (AddN placement, gradient sums, tuples); through
 * ops of libtensorflow's C++ gradients (named differently by design) the values must; bad options
 * give TF1's errors; a training with the options gives Python's variable. Also TensorShape,
 * Dimension and DeviceSpec against what Python's give.
 */
import { DType, Graph, IndexedSlices, Output, Session, Variable, getDefaultGraph, ops, train } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import { FixtureGraph, Json, describeTF1Graphs, expectClose, feedOf, itThrowsTF1Errors, jsonOf } from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  gradient_values: Record<string, Array<{ feed: Record<string, Json>; grads: Json[] }>>;
  build_errors: Record<string, { class: string; message: string }>;
  shapes: Record<string, unknown>;
  devices: Record<string, unknown>;
  training: Json[];
}
const fixture = loadGraphFixture<Fixture>('gradient_options.json');
const { AggregationMethod, TensorShape, Dimension, DeviceSpec } = ops;

const x2 = (name = 'x') => ops.placeholder(DType.float32, [2], name);
const grads = (gs: Array<Output | IndexedSlices | null>) => gs.map((g) => g as Output);

const threeYs = (method: number) => () => {
  const x = x2();
  const ys = [0, 1, 2].map((i) => ops.identity(x, `y${i}`));
  return grads(ops.gradients(ys, x, null, { aggregationMethod: method }));
};

const GRAPHS: Record<string, () => Output[]> = {
  aggregate_add_n: threeYs(AggregationMethod.ADD_N),
  aggregate_tree: threeYs(AggregationMethod.EXPERIMENTAL_TREE),
  aggregate_accumulate_n: threeYs(AggregationMethod.EXPERIMENTAL_ACCUMULATE_N),
  named_scope: () => {
    const x = x2();
    return getDefaultGraph().nameScope('outer', () => grads(ops.gradients([ops.identity(x, 'y'), ops.identity(x, 'z')],
      x, null, { name: 'my_grads', aggregationMethod: AggregationMethod.ADD_N })));
  },
  with_grad_ys: () => {
    const x = x2();
    const dy = x2('dy');
    return grads(ops.gradients([ops.identity(x, 'y'), ops.identity(x, 'z')], x, [dy, null],
      { aggregationMethod: AggregationMethod.ADD_N }));
  },
  stop_gradients: () => {
    const x = x2();
    const a = ops.identity(x, 'a');
    const b = ops.identity(a, 'b');
    const c = ops.identity(x, 'c');
    return grads(ops.gradients([b, c], [x, a], null, { stopGradients: [a] }));
  },
  gate_gradients: () => {
    const [a, b] = [x2('a'), x2('b')];
    return grads(ops.gradients(ops.identityN([a, b], 'idn'), [a, b], null, { gateGradients: true }));
  },
  colocate_gradients: () => {
    const x = x2();
    return grads(ops.gradients([ops.identity(x, 'y'), ops.identity(x, 'z')], x, null, { colocateGradientsWithOps: true }));
  },
  unconnected_zero: () => {
    const [x, z] = [x2(), x2('z')];
    const w = ops.placeholder(DType.float32, [null, 2], 'w');
    return grads(ops.gradients(ops.identity(x, 'y'), [x, z, w], null,
      { unconnectedGradients: 'zero', aggregationMethod: AggregationMethod.ADD_N }));
  },
};

describe('tf.gradients options, op for op', () => {
  describeTF1Graphs(GRAPHS, fixture);
});

const VALUE_CASES: Record<string, () => Array<Output | IndexedSlices | null>> = {
  stop_product: () => {
    const x = x2();
    const a = ops.mul(x, x);
    return ops.gradients(ops.add(ops.mul(a, x), ops.sin(x)), x, null, { stopGradients: a });
  },
  tree_sum: () => {
    const x = x2();
    const y = ops.mul(x, 2);
    return ops.gradients(ops.add(ops.add(ops.add(y, y), y), y), [x, y], null,
      { aggregationMethod: AggregationMethod.EXPERIMENTAL_TREE });
  },
  gate_matmul: () => {
    const a = ops.placeholder(DType.float32, [2, 2], 'a');
    const b = ops.placeholder(DType.float32, [2, 2], 'b');
    return ops.gradients(ops.reduceSum(ops.pow(ops.matmul(a, b), 2)), [a, b], null,
      { gateGradients: true, colocateGradientsWithOps: true });
  },
  unconnected_variables: () => {
    const x = x2();
    const v = new Variable([[1, 2, 3]], { name: 'v' });
    const r = new Variable([4], { name: 'r', useResource: true });
    return ops.gradients(ops.square(x), [v, r, x], null, { unconnectedGradients: ops.UnconnectedGradients.ZERO });
  },
  unreachable_zero: () => {
    const [x, z] = [x2(), x2('z')];
    return ops.gradients(ops.sin(x), [z], null, { unconnectedGradients: 'zero' });
  },
  stop_in_loss: () => {
    const x = x2();
    const w = x2('w');
    const h = ops.tanh(ops.mul(x, w));
    const loss = ops.reduceSum(ops.add(ops.mul(h, h), x));
    return ops.gradients(loss, [x, w], null, { stopGradients: [h], unconnectedGradients: 'zero' });
  },
  hessians_options: () => {
    const x = x2();
    const y = ops.add(ops.reduceSum(ops.mul(ops.mul(x, x), x)), ops.mul(ops.getItem(x, 0), ops.getItem(x, 1)));
    return ops.hessians(y, x, { aggregationMethod: AggregationMethod.EXPERIMENTAL_TREE, colocateGradientsWithOps: true,
      gateGradients: true });
  },
};

describe('tf.gradients options through C++ gradients', () => {
  it.each(Object.keys(fixture.gradient_values))('%s: the values TF1 Python gives', async (name) => {
    const graph = new Graph();
    const [gs, init] = graph.asDefault(() => [VALUE_CASES[name](), ops.globalVariablesInitializer()] as const);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      for (const run of fixture.gradient_values[name]) {
        expect(gs.every((g) => g instanceof Output)).toBe(true);
        expectClose(jsonOf(await sess.run(gs as Output[], feedOf(graph, run.feed))), run.grads);
      }
    } finally {
      await sess.close();
    }
  });

  it('keeps the old call: gradYs in the options object', async () => {
    const graph = new Graph();
    const [g, feed] = graph.asDefault(() => {
      const x = x2();
      const dy = ops.constant([2, 3]);
      return [ops.gradients(ops.mul(x, x), x, { gradYs: [dy] })[0] as Output, x] as const;
    });
    const sess = new Session(graph);
    try {
      expectClose(jsonOf(await sess.run(g, new Map([[feed, [1.5, -2]]]))), [6, -12]);
    } finally {
      await sess.close();
    }
  });

  it('trains with aggregationMethod and colocateGradientsWithOps as TF1 Python does', async () => {
    const graph = new Graph();
    const [step, w, init] = graph.asDefault(() => {
      const v = new Variable([0.5, -1.0], { name: 'w' });
      const x = ops.constant([1.5, -2.0]);
      const loss = ops.reduceSum(ops.add(ops.add(ops.mul(ops.mul(v, v), x), ops.sin(v)), ops.mul(v, x)));
      const op = new train.GradientDescentOptimizer(0.1).minimize(loss,
        { aggregationMethod: AggregationMethod.EXPERIMENTAL_TREE, colocateGradientsWithOps: true });
      return [op, v, ops.globalVariablesInitializer()] as const;
    });
    // The tree's pairwise sums and the colocation are in the graph.
    expect(graph.operations().filter((o) => o.type === 'AddN' && /_gradient_sum\//.test(o.name)).length).toBeGreaterThan(0);
    expect(graph.operations().some((o) => o.name.startsWith('gradients/') && o.colocationGroups().length > 0)).toBe(true);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      for (const want of fixture.training) {
        await sess.run(step);
        expectClose(jsonOf(await sess.run(w.ref)), want);
      }
    } finally {
      await sess.close();
    }
  });
});

describe('tf.gradients bad options', () => {
  const yx = (): [Output, Output] => {
    const x = x2();
    return [ops.identity(x, 'y'), x];
  };
  itThrowsTF1Errors(fixture.build_errors, {
    bad_aggregation: () => ops.gradients(...yx(), null, { aggregationMethod: 7 }),
    bad_unconnected: () => ops.gradients(...yx(), null, { unconnectedGradients: 'foo' }),
    grad_ys_length: () => ops.gradients(...yx(), [x2('a'), x2('b')]),
  });
});

/** The class and message of what `fn` throws. */
function err(fn: () => unknown): { class: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { class: (e as Error).constructor.name, message: (e as Error).message };
  }
  throw new Error('did not throw');
}

describe('TensorShape and Dimension', () => {
  it('give what TF1 Python\'s give', () => {
    const S = (d?: Array<number | null> | null) => new TensorShape(d);
    const D = (v: number | null) => new Dimension(v);
    const [a, b, u] = [S([2, null]), S([null, 3]), S(null)];
    const got = {
      str: [a, b, u, S([]), S([4])].map(String),
      repr: [a.repr(), u.repr(), S([]).repr()],
      as_list: [a.asList(), S([]).asList()],
      ndims: [a.ndims, u.ndims, S([]).ndims],
      rank: [a.length, a.rank],
      dims: a.dims!.map((d) => d.value),
      fully_defined: [a.isFullyDefined(), S([2, 3]).isFullyDefined(), u.isFullyDefined()],
      num_elements: [a.numElements(), S([2, 3]).numElements(), u.numElements(), S([]).numElements()],
      merge_with: [a.mergeWith(b).asList(), u.mergeWith(a).asList(), a.mergeWith(u).asList()],
      concatenate: [a.concatenate(b).asList(), a.concatenate([5]).asList(), String(a.concatenate(u))],
      compatible: [a.isCompatibleWith(b), a.isCompatibleWith(S([3, 3])), a.isCompatibleWith(u), a.isCompatibleWith([2, 7]),
        a.isCompatibleWith(S([2]))],
      most_specific: [a.mostSpecificCompatibleShape(b), S([2, 3]).mostSpecificCompatibleShape(S([2, 4])),
        a.mostSpecificCompatibleShape(S([2])), u.mostSpecificCompatibleShape(a)].map(String),
      with_rank: [a.withRank(2).asList(), u.withRank(3).asList()],
      with_rank_at_least: [a.withRankAtLeast(1).asList()],
      index: [a.get(0).value, a.get(1).value, a.get(-1).value, a.slice(0, 1).asList(), String(u.slice(0, 1))],
      equal: [a.equals(S([2, null])), S([2, 3]).equals(S([2, 3])), S([2, 3]).equals([2, 3]), !a.equals(b)],
      dimension: [String(D(3)), String(D(null)), D(3).repr(), D(3).value, D(null).value, D(3).mergeWith(null).value,
        D(null).mergeWith(4).value, D(3).isCompatibleWith(D(null)), D(3).isCompatibleWith(4), D(3).equals(3),
        D(3).add(2).value, D(3).mul(D(null)).value, D(7).floordiv(2).value, D(7).sub(2).value],
      dimension_value: [ops.dimensionValue(a.get(0)), ops.dimensionValue(a.get(1)), ops.dimensionValue(5)],
      dimension_at_index: [ops.dimensionAtIndex(a, 0).value, ops.dimensionAtIndex(u, 2).value],
      errors: {
        merge: err(() => a.mergeWith(S([3, 3]))),
        merge_rank: err(() => a.mergeWith(S([2]))),
        as_list_unknown: err(() => u.asList()),
        with_rank: err(() => a.withRank(3)),
        with_rank_at_least: err(() => a.withRankAtLeast(3)),
        dim_merge: err(() => D(2).mergeWith(3)),
        dim_negative: err(() => D(-1)),
        dim_float: err(() => D(1.5)),
        len_unknown: err(() => u.length),
        assert_compatible: err(() => a.assertIsCompatibleWith(S([3, 3]))),
        assert_fully_defined: err(() => a.assertIsFullyDefined()),
      },
    };
    expect(got).toEqual(fixture.shapes);
  });
});

describe('DeviceSpec', () => {
  it('gives what TF1 Python\'s gives', () => {
    const s = DeviceSpec.fromString('/job:ps/replica:1/task:2/device:GPU:3');
    const t = DeviceSpec.fromString('/cpu:0');
    const m = DeviceSpec.fromString('/job:worker');
    m.mergeFrom(t);
    const got = {
      parts: [s.job, s.replica, s.task, s.deviceType, s.deviceIndex],
      to_string: [s, t, new DeviceSpec({ job: 'ps', deviceType: 'CPU' }), new DeviceSpec({ deviceType: 'GPU', deviceIndex: 1 }),
        new DeviceSpec()].map(String),
      merged: [m, s.makeMergedSpec(t), t.makeMergedSpec(s)].map(String),
      replace: [String(s.replace({ job: 'w', deviceIndex: 0 }))],
      parse: [DeviceSpec.fromString('/task:1/gpu:*'), new DeviceSpec().parseFromString('/device:CPU:*')].map(String),
      errors: {
        unknown: err(() => DeviceSpec.fromString('/foo:1')),
        multiple: err(() => DeviceSpec.fromString('/cpu:0/gpu:1')),
      },
    };
    expect(got).toEqual(fixture.devices);
  });
});
