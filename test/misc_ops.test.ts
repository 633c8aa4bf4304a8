/**
 * TF1's remaining assertions (assert_near, assert_rank_at_least, assert_shapes, ...), tf.print /
 * tf.Print and the top-level utilities (tf.repeat, tf.batch_gather, tf.histogram_fixed_width_bins,
 * tf.get_static_value, the deprecated aliases, ...) against TF1 Python
 * (scripts/graph_fixtures/misc_ops.py): the same graphs op for op, values, static shapes, run-time
 * assertion failures, static values and build errors, and a short training under the checks.
 */
import { DType, Graph, Output, Session, SparseTensor, Tensor, errors, ops } from '../lib';
import { dtypeRepr } from '../lib/framework/dtypes';
import { loadGraphFixture, recordAll } from './helpers/graph_record';
import {
  FixtureGraph, Json, describeTF1Graphs, expectClose, itThrowsTF1Errors, jsonOf, trainByGradientDescent,
} from './helpers/fixture_values';

interface RunError { class: string; node: string; message: string }
interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  run_errors: Record<string, RunError>;
  static_values: { static: Record<string, Json>; is_tensor: Record<string, boolean>; float_dtype: string[] };
  build_errors: Record<string, { class: string; message: string }>;
  training: { losses: number[]; w: number[] };
}
const fixture = loadGraphFixture<Fixture>('misc_ops.json');
const X = [[1, 2, 3], [4, 5, 6]];

const f32 = (shape?: Array<number | null>, name?: string) => ops.placeholder(DType.float32, shape, name);
/** x through an Identity run after deps (the script's `after`). */
const after = (deps: Array<Output | ops.Groupable>, x: Output) => ops.controlDependencies(deps, () => ops.identity(x));

const GRAPHS: Record<string, () => Record<string, Output>> = {
  asserts: () => {
    const x = f32([2, 3], 'x');
    const d = f32(undefined, 'd');
    const i = ops.placeholder(DType.int32, [null], 'i');
    const checks = [
      ops.assertNear(x, ops.add(x, 1e-7, 'add')),
      ops.debugging.assertNear(x, ops.mul(x, 1.01, 'mul'), { rtol: 0.05, atol: 0.0, message: 'close', name: 'near' }),
      ops.assertNear(ops.cast(x, DType.float64), ops.cast(x, DType.float64)),
      ops.assertInteger(i),
      ops.assertRankAtLeast(x, 1),
      ops.assertRankAtLeast(d, 2, { message: 'deep' }),
      ops.debugging.assertShapes([[x, ['N', 'C']], [i, ['C']]]),
      ops.debugging.assertShapes([[d, [ops.ellipsis, 'N']], [x, [2, null]], [i, '.']]),
      ops.debugging.assertShapes([[x, [2, 3]]], { name: 'fixed' }),
    ];
    const s = ops.assertScalar(ops.constant(3.0));
    return { x: after(checks, x), s, i: after(checks, i) };
  },
  printing: () => {
    const x = f32([2, 3], 'x');
    const sp = new SparseTensor([[0, 1]], [2.0], [2, 2]);
    const prints = [
      ops.print([x]),
      ops.print(['x is', x, 3, { b: x, a: [1, 'y'] }], { outputStream: 'stdout' }),
      ops.print([ops.constant('just this')], { name: 'just' }),
      ops.print(['{}', x], { sep: ', ', end: '|', summarize: 1, name: 'named' }),
      ops.print([sp, [x, 'z']], { outputStream: 'log(info)' }),
    ];
    const p = ops.Print(x, [x, ops.mul(x, 2.0, 'mul')], { message: 'x: ', firstN: 2, summarize: 4 });
    const t = ops.timestamp();
    return { x: after(prints, x), p, positive: ops.greater(t, 0.0) };
  },
  utilities: () => {
    const x = f32([2, 3], 'x');
    const i = ops.placeholder(DType.int32, [2, 2], 'i');
    const r = ops.placeholder(DType.int32, [3], 'r');
    const v = f32([1, 2, 2, 2, 1], 'v');
    const out: Record<string, Output> = {
      repeat_flat: ops.repeat(x, 2),
      repeat_axis0: ops.repeat(x, [1, 3], 0),
      repeat_axis1: ops.repeat(x, r, 1),
      repeat_scalar_axis1: ops.repeat(x, 2, -1, 'rep'),
      repeat_0d: ops.repeat(ops.constant(5, { dtype: DType.int32 }), 3),
      bins: ops.histogramFixedWidthBins(x, [0.0, 5.0], { nbins: 4 }),
      bins_default: ops.histogramFixedWidthBins(ops.mul(x, 10.0, 'mul'), [0.0, 60.0]),
      fingerprint: ops.fingerprint(ops.constant([[1, 2], [3, 4]], { dtype: DType.int32 })),
      guarantee: ops.guaranteeConst(x),
      sparse_matmul: ops.sparseMatmul(x, x, { transposeB: true, aIsSparse: true }),
      volume: ops.extractVolumePatches(v, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], 'VALID'),
      batch_gather: ops.batchGather(x, ops.sub(i, i, 'sub')),
      batch_gather_3d: ops.batchGather(ops.reshape(ops.range(0, 24), [2, 3, 4]),
        ops.constant([[2, 0], [1, 1]], { dtype: DType.int32 })),
      complex64: ops.toComplex64(x),
      complex128: ops.toComplex128(x, 'c128'),
    };
    return Object.fromEntries(Object.entries(out).map(([k, t]) =>
      [k, t.dtype === DType.complex64 || t.dtype === DType.complex128 ? ops.real(t) : t]));
  },
};

/** The `variables` graph of the script: deprecated aliases, collections, device and name scopes. */
function variablesGraph(): Record<string, Output | Output[]> {
  const a = ops.getLocalVariable('a', { shape: [2], initializer: ops.onesInitializer() });
  const b = ops.getVariable('b', { shape: [3], regularizer: ops.noRegularizer });
  ops.addToCollection('mine', a);
  ops.addToCollections(['mine', 'yours'], b);
  const c = ops.device('/cpu:0', () => ops.constant(1.0, { name: 'on_cpu' }));
  const d = ops.nameScope(null, (scope) => ops.identity(c, `${scope}d`), { defaultName: 'Default', values: [c] });
  const parts = ops.createPartitionedVariables([4, 3], [2, 1], ops.onesInitializer(), { name: 'pv' });
  ops.createPartitionedVariables([2], [2], ops.zerosInitializer(), { dtype: DType.float64, trainable: false });
  const ready = ops.assertVariablesInitialized()!;
  const inits = [ops.initializeAllVariables(), ops.initializeLocalVariables(), ops.initializeVariables([b], 'init_b'),
    ops.initializeAllTables()];
  expect(ops.getCollection('mine')).toEqual([a, b]);
  expect(ops.getCollectionRef('yours')).toEqual([b]);
  expect(ops.allVariables().map((v) => v.name)).toEqual(['b:0', 'pv/part_0:0', 'pv/part_1:0', 'PartitionedVariable/part_0:0',
    'PartitionedVariable/part_1:0']);
  return { ready, d: after(inits, d), parts: parts.map((v) => v.value()) };
}

const SCRIPT_GRAPHS = { asserts: GRAPHS.asserts, printing: GRAPHS.printing, utilities: GRAPHS.utilities };
describe('TF1 assertions, printing and utilities', () => describeTF1Graphs(SCRIPT_GRAPHS, fixture));

describe('variables', () => {
  const graph = new Graph();
  let fetch: Record<string, Output | Output[]>;
  const want = fixture.graphs.variables;
  it('has the ops, attrs and collections TF1 Python makes', () => {
    fetch = graph.asDefault(variablesGraph);
    const expected: Record<string, unknown> = { ...want };
    delete expected.feeds;
    delete expected.shapes;
    expect(recordAll(graph, jsonOf)).toEqual(expected);
  });
  it('gives the values TF1 Python gives (local variables initialized too)', async () => {
    const init = graph.asDefault(() => [ops.globalVariablesInitializer(), ops.localVariablesInitializer()]);
    const sess = new Session(graph);
    try {
      await sess.run(init);
      expectClose(jsonOf(await sess.run(fetch as unknown as Output)), fixture.values.variables[0]);
    } finally {
      await sess.close();
    }
  });
});

describe('a failed assertion at run time', () => {
  const X_FEED = Tensor.from(X.flat(), { shape: [2, 3] });
  const CASES: Record<string, (x: Output) => Output | ops.Groupable> = {
    near: (x) => ops.assertNear(x, ops.add(x, 1.0, 'add')),
    rank_at_least: (x) => ops.assertRankAtLeast(x, 3),
    shapes_rank: (x) => ops.debugging.assertShapes([[x, ['N', 'M', 'K']]]),
    shapes_size: (x) => ops.debugging.assertShapes([[x, ['N', 'N']]]),
    shapes_fixed: (x) => ops.debugging.assertShapes([[x, [3, null]]]),
    not_initialized: (x) => ops.assertVariablesInitialized([new ops.Variable(x, { validateShape: false })])!,
  };
  it.each(Object.keys(fixture.run_errors))('%s: TF1\'s error', async (name) => {
    const graph = new Graph();
    const [x, check] = graph.asDefault(() => {
      const x = f32(undefined, 'x');
      return [x, CASES[name](x)] as const;
    });
    const sess = new Session(graph);
    try {
      const error = await sess.run(check as Output, new Map([[x, X_FEED]])).then(() => null, (e: unknown) => e);
      if (!(error instanceof errors.OpError)) throw new Error(`${name} did not fail with an OpError: ${error}`);
      expect({ class: error.name, node: error.op, message: error.message.split('\n\t [[')[0] }).toEqual(fixture.run_errors[name]);
    } finally {
      await sess.close();
    }
  });
});

describe('get_static_value, is_tensor and assert_same_float_dtype', () => {
  it('folds what TF1 folds', () => new Graph().asDefault(() => {
    const p = f32([2, 3]);
    const u = f32([null, 3]);
    const c = ops.constant([[1, 2], [3, 4]], { dtype: DType.int64 });
    const values: Record<string, Output> = {
      const: c, shape: ops.shape(p), shape_unknown: ops.shape(u), size: ops.size(p), rank: ops.rank(u),
      range: ops.range(1, 10, 3), cast: ops.cast(c, DType.float32), stack: ops.stack([ops.constant(1), ops.constant(2)]),
      concat: ops.concat([c, ops.mul(c, 1, 'mul')], 1),
      concat0: ops.concat([c, ops.constant([[5, 6]], { dtype: DType.int64 })], 0),
      fill: ops.fill([2, 2], 7.0), identity: ops.identity(ops.constant(3.5)), placeholder: p,
    };
    const got = Object.fromEntries(Object.entries(values).map(([k, t]) => [k, jsonOf(ops.getStaticValue(t))]));
    expectClose(got, fixture.static_values.static);
    expect(ops.getStaticValue(3)).toBe(3);
    expect(p.graph.isFeedable(values.shape)).toBe(false);
  }));

  it('tells tensors as TF1 does', () => new Graph().asDefault(() => {
    const p = f32([2, 3]);
    const kinds: Record<string, unknown> = { tensor: p, sparse: new SparseTensor([[0]], [1.0], [2]),
      variable: new ops.Variable(1.0), number: 3.0, list: [p] };
    expect(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, ops.isTensor(v)]))).toEqual(fixture.static_values.is_tensor);
  }));

  it('gives the float dtypes', () => new Graph().asDefault(() => {
    const p = f32([2, 3]);
    expect([ops.assertSameFloatDtype([p, null]), ops.assertSameFloatDtype(), ops.assertSameFloatDtype(null, DType.float64)]
      .map(dtypeRepr)).toEqual(fixture.static_values.float_dtype);
  }));

  it('gives the static dimensions', () => {
    expect(ops.dimensionValue(3)).toBe(3);
    expect(ops.dimensionValue(null)).toBeNull();
    expect(ops.dimensionValue(ops.dimensionAtIndex([2, null, 4], -1))).toBe(4);
    expect(ops.dimensionValue(ops.dimensionAtIndex(null, 5))).toBeNull();
  });
});

describe('TF1 build errors', () => {
  const z = (shape: number[], dtype = DType.float32) => ops.zeros(shape, dtype);
  itThrowsTF1Errors(fixture.build_errors, {
    integer_float: () => ops.assertInteger(z([2]), { message: 'ints' }),
    scalar_vector: () => ops.assertScalar(z([2]), { message: 'one' }),
    scalar_unknown: () => ops.assertScalar(f32()),
    rank_at_least_static: () => ops.assertRankAtLeast(z([2]), 2, { message: 'deep' }),
    rank_at_least_vector: () => ops.assertRankAtLeast(z([2]), [1, 2]),
    near_int: () => ops.assertNear(z([2], DType.int32), z([2], DType.int32)),
    same_float_mixed: () => ops.assertSameFloatDtype([z([2]), z([2], DType.float64)]),
    same_float_expected: () => ops.assertSameFloatDtype([z([2])], DType.float64),
    same_float_int: () => ops.assertSameFloatDtype([z([2], DType.int32)]),
    proper_tensor: () => ops.assertProperIterable(z([2])),
    proper_string: () => ops.assertProperIterable('abc'),
    proper_number: () => ops.assertProperIterable(3),
    shapes_size: () => ops.debugging.assertShapes([[z([2, 3]), ['N', 'N']]], { message: 'square' }),
    shapes_explicit: () => ops.debugging.assertShapes([[z([2, 3]), [2, 4]]]),
    shapes_across: () => ops.debugging.assertShapes([[z([2, 3]), ['N', 'C']], [z([4]), ['C']]]),
    shapes_rank: () => ops.debugging.assertShapes([[z([2, 3]), ['N']]]),
    shapes_ellipsis: () => ops.debugging.assertShapes([[z([2, 3]), ['N', '*']]]),
    shapes_not_iterable: () => ops.debugging.assertShapes([[z([2, 3]), 3 as unknown as string]]),
    repeat_float: () => ops.repeat(z([2]), 1.5),
    repeat_rank2: () => ops.repeat(z([2]), [[1, 2]]),
    repeat_axis: () => ops.repeat(z([2, 3]), 2, 2),
    repeat_mismatch: () => ops.repeat(z([2, 3]), [1, 2], 1),
    print_stream: () => ops.print([z([2])], { outputStream: 'nowhere' }),
    batch_gather_rank: () => ops.batchGather(z([2]), ops.zeros([2, 1], DType.int32)),
    partitioned_slicing: () => ops.createPartitionedVariables([4, 3], [2], ops.onesInitializer()),
  });
});

describe('training under assert_near and tf.print', () => {
  it('minimises the loss as TF1 Python does', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = new ops.Variable([0.5, -0.5], { name: 'w' });
      const x = ops.constant([[1.0, 2.0], [3.0, 4.0]]);
      const target = ops.repeat(ops.constant([1.0]), 2);
      const loss = ops.controlDependencies([ops.assertNear(x, x), ops.print(['w', w.value()],
        { outputStream: 'file:///dev/null' })], () =>
        ops.reduceMean(ops.square(ops.sub(ops.linalg.matvec(x, w), target, 'sub'))));
      return { loss, fetch: w };
    }, 0.05, 5);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});
