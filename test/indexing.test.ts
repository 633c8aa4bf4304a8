/**
 * TF1's tensor indexing against TF1 Python (scripts/graph_fixtures/indexing.py): `ops.getItem(x, spec)`
 * as Python's `x[...]` (ints, slices with steps, Ellipsis, newaxis, int32/int64 tensor indices, bool
 * masks, unknown shapes, name scopes), `Variable.getItem` and its `assign` as `v[...]` and
 * `v[...].assign(value)` on ref and resource variables, and the `ops.math` functions written for it, built here with the
 * same calls, must make the same ops in the same order, the same static shapes and the same values;
 * gradients through the slices and a GradientDescent fit through slices of a variable Python's
 * values; bad subscripts TF1's errors.
 */
import { DType, Graph, Output, Session, Tensor, Variable, getDefaultGraph, ops, train } from '../lib';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, jsonOf,
} from './helpers/fixture_values';

interface TrainingRun { losses: number[]; trained: Json; reset: Json }
interface Fixture extends OpsFixture {
  training: { ref: TrainingRun; resource: TrainingRun };
}
const fixture = loadGraphFixture<Fixture>('indexing.json');
const { getItem: at, newaxis, ellipsis, math } = ops;

const f32 = DType.float32;
/** M of the fixture script: 0..11 as a 3x4 float32 matrix. */
const M = Tensor.from(Array.from({ length: 12 }, (_, i) => i), { shape: [3, 4], dtype: f32 });
const x3 = () => ops.placeholder(f32, [4, 5, 6], 'x');
const sum = (x: Output) => ops.reduceSum(x);
const variable = (name: string, useResource = false, value: Tensor = M) => new Variable(value, { name, useResource });
const mathInputs = () => [ops.placeholder(f32, [3], 'p'), ops.placeholder(f32, [2, 3], 'xm')];

const GRAPHS: Record<string, () => Record<string, Output>> = {
  static_ints: () => {
    const x = x3();
    return {
      first: at(x, 1),
      last: at(x, -1),
      range: at(x, '1:3'),
      column: at(x, [':', 2]),
      ellipsis_last: at(x, [ellipsis, 1]),
      newaxis: at(x, newaxis),
      mixed: at(x, [[null, null], newaxis, [1, 4, 2]]),
      reverse: at(x, '::-1'),
      three: at(x, [[1, -1], '::2', 3]),
      empty: at(x, []),
      ellipsis_mid: at(x, [2, '...', null, -2]),
      open_stop: at(x, [[2, null], [null, -1]]),
      negative_step: at(x, [[3, 0, -2], 4]),
      element: at(x, [1, 2, 3]),
    };
  },
  tensor_indices: () => {
    const x = x3();
    const i = ops.placeholder(DType.int32, [], 'i');
    const j = ops.placeholder(DType.int64, [], 'j');
    return {
      index: at(x, i),
      index64: at(x, j),
      from: at(x, [[i, null]]),
      to_step: at(x, [[null, i], [null, null, i]]),
      int64_slice: at(x, [[1, j]]),
      int64_with_int: at(x, [j, '1:3']),
      two: at(x, [i, 1, i]),
      mask_with_tensor: at(x, [':', [i, ops.add(i, 2, 'add')]]),
    };
  },
  unknown_shape: () => {
    const u = ops.placeholder(f32, [null, null], 'u');
    const r = ops.placeholder(f32, null, 'r');
    return { row: at(u, 0), last_col: at(u, [':', -1]), unknown_rank: at(r, ['1:', 0]), newaxis: at(r, [newaxis, ellipsis, 0]) };
  },
  bool_mask: () => {
    const x = x3();
    const m = ops.placeholder(DType.bool, [4], 'm');
    const m2 = ops.placeholder(DType.bool, [4, 5], 'm2');
    return { rows: at(x, m), cells: at(x, m2) };
  },
  scoped: () => {
    const x = x3();
    const [a, b] = getDefaultGraph().nameScope('outer', () => [at(x, '1:2'), at(x, 0)]);
    return { a, b, again: at(x, 3) };
  },
  ref_variable: () => {
    const [v, u, w] = ['v', 'u', 'w'].map((n) => variable(n));
    return {
      row: v.getItem(1),
      block: v.getItem([':2', '1:3']),
      assign: u.getItem(['1:3', '::2']).assign(ops.constant([[-1.0, -2.0], [-3.0, -4.0]])),
      assign_named: w.getItem(0).assign([9.0, 8.0, 7.0, 6.0], 'set_row'),
    };
  },
  resource_variable: () => {
    const [r, q, s] = ['r', 'q', 's'].map((n) => variable(n, true));
    return {
      row: r.getItem(-1),
      block: r.getItem([':', '2:']),
      assign: q.getItem([0, ':2']).assign([-1.0, -2.0]),
      assign_named: s.getItem([ellipsis, 3]).assign(ops.zeros([3]), 'set_col'),
    };
  },
  scoped_assign: () => {
    const v = variable('v');
    return { a: getDefaultGraph().nameScope('outer', () => v.getItem(2).assign([1.0, 2.0, 3.0, 4.0])) };
  },
  math_divide: () => {
    const x = ops.placeholder(f32, [3], 'xf');
    return { named: ops.math.divide(x, 2.0, 'half'), host_x: ops.math.divide(6.0, x), tensors: ops.math.divide(x, x) };
  },
  math_extras: () => {
    const [p, x] = mathInputs();
    return {
      multiply_no_nan: math.multiplyNoNan(x, ops.constant([0.0, 1.0, 2.0])),
      reciprocal_no_nan: math.reciprocalNoNan(ops.sub(x, 1.0, 'sub'), 'rnn'),
      erfinv: math.erfinv(ops.mul(p, 0.5, 'mul')),
      ndtri: math.ndtri(p, 'q'),
      erfcinv: math.erfcinv(p),
      bessel_i0: math.besselI0(x),
      bessel_i0e: math.besselI0e(x),
      bessel_i1: math.besselI1(x),
      bessel_i1e: math.besselI1e(x),
      nextafter: math.nextafter(p, ops.constant([0.0, 1.0, 0.0])),
      lbeta: math.lbeta(ops.add(x, 1.0, 'add')),
      polyval: math.polyval([1.0, -2.0, ops.constant(0.5)], x),
      polyval_empty: math.polyval([], p),
    };
  },
  monotonic: () => {
    const p = ops.placeholder(f32, [3], 'p');
    const m = ops.placeholder(DType.int32, [2, 2], 'm');
    const one = ops.placeholder(f32, [null], 'one');
    return { non_decreasing: math.isNonDecreasing(p), strictly: math.isStrictlyIncreasing(m, 'inc'),
      short: ops.debugging.isNonDecreasing(one) };
  },
};

describeTF1Graphs(GRAPHS, fixture);

describe('gradients through slices (C++ StridedSliceGrad) and the ops.math functions', () => itGivesTF1Gradients(fixture.gradients, {
  slices: () => {
    const x = ops.placeholder(f32, [3, 4], 'x');
    const y = ops.mul(at(x, ['1:', '::2']), ops.constant([[1.0, 2.0], [3.0, 4.0]]));
    return [ops.add(ops.add(sum(y), sum(ops.square(at(x, 0)))), sum(at(x, [ellipsis, -1, newaxis]))), [x]];
  },
  tensor_index: () => {
    const x = ops.placeholder(f32, [3, 4], 'x');
    const i = ops.placeholder(DType.int32, [], 'i');
    return [ops.add(sum(ops.exp(ops.mul(at(x, i), 0.1))), sum(at(x, [':', [i, null]]))), [x]];
  },
  variable_slice: () => {
    const [v, r] = [variable('v'), variable('r', true)];
    const loss = ops.add(sum(ops.square(v.getItem(['1:', 2]))),
      sum(ops.mul(r.getItem(['::-1', 0]), ops.constant([1.0, 2.0, 3.0]))));
    return [loss, [v, r] as Array<Output | Variable>];
  },
  math_extras: () => {
    const [p, x] = mathInputs();
    const terms = [math.erfinv(ops.mul(p, 0.5)), math.ndtri(p), math.erfcinv(p), math.multiplyNoNan(x, ops.constant([0.0, 1.0, 2.0])),
      math.reciprocalNoNan(ops.add(x, 2.0)), math.lbeta(ops.add(x, 3.0)), math.polyval([1.0, -2.0, 0.5], x),
      math.besselI0e(x), math.besselI1e(x), math.besselI0(x), math.besselI1(x)];
    return [ops.addN(terms.map(sum)), [p, x]];
  },
}));

describe('training through slices of a variable, then a slice assignment', () => {
  it.each(['ref', 'resource'] as const)('%s variable: GradientDescent and the reset give TF1 Python\'s values',
    async (kind) => {
      const graph = new Graph();
      const built = graph.asDefault(() => {
        const w = variable('w', kind === 'resource', Tensor.from(Array.from({ length: 12 }, (_, i) => i * 0.1),
          { shape: [3, 4], dtype: f32 }));
        const target = ops.constant([[1.0, -1.0], [0.5, 2.0]]);
        const loss = ops.add(sum(ops.square(ops.sub(w.getItem(['1:', ':2']), target))), sum(ops.square(w.getItem([0, '::3']))));
        const trainOp = new train.GradientDescentOptimizer(0.1).minimize(loss);
        return { w, loss, trainOp, reset: w.getItem([2, '1:']).assign([0.0, 0.0, 0.0]), init: ops.globalVariablesInitializer() };
      });
      const want = fixture.training[kind];
      const sess = new Session(graph);
      try {
        await sess.run(built.init);
        const losses: number[] = [];
        for (let k = 0; k < 5; k++) losses.push(Number(((await sess.run([built.loss, built.trainOp])) as Tensor[])[0].item()));
        expectClose(losses, want.losses);
        expectClose(jsonOf(await sess.run(built.w)), want.trained);
        await sess.run(built.reset);
        expectClose(jsonOf(await sess.run(built.w)), want.reset);
      } finally {
        await sess.close();
      }
    });
});

describe('build errors', () => {
  const x = () => ops.zeros([4, 5, 6]);
  itThrowsTF1Errors(fixture.build_errors, {
    float_index: () => at(x(), 1.5),
    string_index: () => at(x(), 'a'),
    vector_index: () => at(x(), ops.constant([1, 2], { dtype: DType.int32 })),
    float_tensor_index: () => at(x(), ops.constant(1.0)),
    float_slice_bound: () => at(x(), [[1, 2.5]]),
    too_many_indices: () => at(x(), [0, 0, 0, 0]),
    index_out_of_range: () => at(x(), 4),
    negative_out_of_range: () => at(x(), [':', -6]),
    two_ellipses: () => at(x(), [ellipsis, 1, ellipsis]),
    zero_step: () => at(x(), '::0'),
    mask_scalar: () => at(x(), ops.constant(true)),
    non_decreasing_string: () => math.isNonDecreasing(ops.constant(['a', 'b'])),
    variable_mask_assign: () => new Variable(M).getItem(ops.constant([true, false, true])).assign(ops.zeros([2, 4])),
  });
});

describe('the tf.math and tf.debugging namespaces', () => {
  it('are the top-level functions under TF1\'s namespace names', () => {
    expect(ops.math.reduceSum).toBe(ops.reduceSum);
    expect(ops.math.divideNoNan).toBe(ops.divNoNan);
    expect(ops.math.softmax).toBe(ops.nn.softmax);
    expect(ops.debugging.assertEqual).toBe(ops.assertEqual);
    expect(ops.debugging.checkNumerics).toBe(ops.checkNumerics);
    expect(ops.debugging.isNonDecreasing).toBe(ops.math.isNonDecreasing);
    expect([ops.constant(1.0), ops.constant(['a']), [1.0]].map(ops.debugging.isNumericTensor)).toEqual([true, false, false]);
  });
});

describe('the README example', () => {
  it('slices and assigns a slice of a variable', async () => {
    const graph = new Graph();
    const { a, b, set, init } = graph.asDefault(() => {
      const x = ops.placeholder(f32, [4, 5, 6], 'x');
      const i = ops.placeholder(DType.int32, [], 'i');
      const v = new Variable(ops.zeros([3, 4]), { name: 'v' });
      return { a: at(x, [1, ':', [null, null, 2]]), b: at(x, [ellipsis, newaxis, [i, -1]]),
        set: v.getItem(['1:3', 0]).assign([1.0, 2.0]), init: ops.globalVariablesInitializer() };
    });
    expect([a.shape, b.shape]).toEqual([[5, 3], [4, 5, 1, null]]);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      expect(jsonOf(await sess.run(set))).toEqual([[0, 0, 0, 0], [1, 0, 0, 0], [2, 0, 0, 0]]);
    } finally {
      await sess.close();
    }
  });
});
