/**
 * TF1's porting switches and type specs against TF1 Python (scripts/graph_fixtures/v2_switches.py):
 * graphs built after `enableResourceVariables()` and `enableControlFlowV2()` have the ops Python
 * builds after the same calls, op for op, and give its values; a model trained through them by
 * GradientDescent has Python's losses; the type specs print and answer as Python's.
 */
import {
  DType, Graph, IndexedSlices, IndexedSlicesSpec, NoneTensorSpec, NotImplementedError, OpError, OptionalSpec, Output,
  RaggedTensorSpec, Session, SparseTensor, SparseTensorSpec, Tensor, TensorArraySpec, TensorSpec, TypeSpec, ops, train,
} from '../lib';
import * as tf from '../lib';
import { ChiefSessionCreator } from '../lib/training/monitored_session';
import { addLogHandler, LogLevel, LogRecord, setVerbosity } from '../lib/training/tf_logging';
import { loadGraphFixture, recordAll } from './helpers/graph_record';
import { FixtureGraph, Json, expectClose, expectRunValues, jsonOf, staticShapesOf } from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, FixtureGraph>;
  values: Record<string, Json[]>;
  training: { losses: number[]; w: number[] };
  specs: Record<string, string>;
}
const fixture = loadGraphFixture<Fixture>('v2_switches.json');

/** `fn` run with a switch on, and off again after (as the fixture script's `with_switch`). */
const withSwitch = (enable: () => void, disable: () => void) => <T>(fn: () => T) => (): T => {
  enable();
  try {
    return fn();
  } finally {
    disable();
  }
};
const resourceOn = withSwitch(tf.enableResourceVariables, tf.disableResourceVariables);
const cfv2On = withSwitch(tf.enableControlFlowV2, tf.disableControlFlowV2);

const GRAPHS: Record<string, () => Record<string, Output | Output[]>> = {
  resource_variables: resourceOn(() => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const v = new tf.Variable([1.0, 2.0], { name: 'v' });
    const w = ops.getVariable('w', { shape: [2], initializer: ops.onesInitializer() });
    const ref = new tf.Variable(3.0, { useResource: false, name: 'ref' });
    const s = ops.variableScope('scoped', () => ops.getVariable('s', { shape: [], initializer: ops.constantInitializer(0.5) }));
    // A scope's useResource: false wins over the switch, for Variable as for getVariable.
    const r = ops.variableScope('refs', { useResource: false }, () => ops.add(new tf.Variable(1.0, { name: 'r' }),
      ops.getVariable('g', { shape: [], initializer: ops.onesInitializer() }), 'add'));
    const y = ops.add(ops.add(ops.mul(x, v, 'mul'), ops.mul(w, ref, 'mul'), 'add'), s, 'add');
    return { y, r };
  }),
  cond_v2_default: cfv2On(() => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    const r = ops.cond(p, () => ops.mul(x, 2.0, 'mul'), () => ops.sub(x, 1.0, 'sub'));
    const pair = ops.cond(p, () => [x, ops.add(x, 1.0, 'add')], () => [ops.mul(x, 3.0, 'mul'), x], { name: 'pair' });
    return { r: r as Output, pair: pair as Output[] };
  }),
  while_v2_default: cfv2On(() => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const n = ops.placeholder(DType.int32, [], 'n');
    const [i, acc] = ops.whileLoop((i) => ops.less(i, n), (i, a) => [ops.add(i, 1, 'add'),
      ops.add(ops.mul(a, 2.0, 'mul'), x, 'add')], [0, x]);
    return { i, acc };
  }),
};

/** A graph's record with its functions' uids (`cond_true_<uid>`, process-wide counters in TF and here) as `<uid>`. */
const withoutUids = (record: unknown): unknown =>
  JSON.parse(JSON.stringify(record).replace(/"(\w+_(?:true|false|cond|body))_\d+"/g, '"$1_<uid>"'));

describe.each(Object.keys(GRAPHS))('%s after the switch', (name) => {
  const graph = new Graph();
  let fetch: Record<string, Output | Output[]>;
  const want = fixture.graphs[name];

  it('has the ops TF1 Python builds after the same switch', () => {
    fetch = graph.asDefault(GRAPHS[name]);
    const { feeds: _feeds, shapes, ...expected } = want;
    expect(withoutUids(recordAll(graph, jsonOf))).toEqual(withoutUids(expected));
    expect(staticShapesOf(fetch)).toEqual(shapes);
  });

  it('gives the values TF1 Python gives', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));
});

it('trains a resource variable through v2 control flow as TF1 Python does', async () => {
  const graph = new Graph();
  const [loss, trainOp, w, init] = graph.asDefault(() => {
    tf.enableResourceVariables();
    tf.enableControlFlowV2();
    try {
      const w = ops.getVariable('w', { shape: [2], initializer: ops.constantInitializer([0.5, -1.0]) });
      const [, y] = ops.whileLoop((i) => ops.less(i, 3), (i, y) => [ops.add(i, 1), ops.add(ops.mul(y, 0.9), w)],
        [0, ops.zeros([2])]);
      const loss = ops.cond(ops.greater(ops.reduceSum(y), 0.0), () => ops.reduceSum(ops.square(ops.sub(y, 1.0))),
        () => ops.reduceSum(ops.square(ops.add(y, 1.0)))) as Output;
      expect(w.isResource).toBe(true);
      expect(graph.operations().some((op) => op.type === 'StatelessWhile' || op.type === 'While')).toBe(true);
      return [loss, new train.GradientDescentOptimizer(0.05).minimize(loss), w, ops.globalVariablesInitializer()] as const;
    } finally {
      tf.disableResourceVariables();
      tf.disableControlFlowV2();
    }
  });
  const sess = new Session(graph);
  try {
    await sess.run(init);
    const losses: number[] = [];
    for (let i = 0; i < fixture.training.losses.length; i++) {
      losses.push(((await sess.run([loss, trainOp])) as Tensor[])[0].item() as number);
    }
    expectClose(losses, fixture.training.losses);
    expectClose(jsonOf(await sess.run(w)), fixture.training.w);
  } finally {
    await sess.close();
  }
});

describe('switches', () => {
  it('are off by default, as after disable_v2_behavior()', () => {
    expect(tf.resourceVariablesEnabled()).toBe(false);
    expect(tf.controlFlowV2Enabled()).toBe(false);
    expect(tf.executingEagerly()).toBe(false);
    expect(tf.executingEagerlyOutsideFunctions()).toBe(false);
    const v = new Graph().asDefault(() => new tf.Variable(1.0));
    expect(v.isResource).toBe(false);
  });

  it('enableV2Behavior turns on resource variables and v2 control flow; disableV2Behavior turns them off', () => {
    tf.enableV2Behavior();
    try {
      expect(tf.resourceVariablesEnabled()).toBe(true);
      expect(tf.controlFlowV2Enabled()).toBe(true);
      expect(tf.executingEagerly()).toBe(false);
    } finally {
      tf.disableV2Behavior();
    }
    expect(tf.resourceVariablesEnabled()).toBe(false);
    expect(tf.controlFlowV2Enabled()).toBe(false);
  });

  it('the no-op switches change nothing', () => {
    const graph = new Graph();
    graph.asDefault(() => {
      tf.disableEagerExecution();
      tf.enableTensorEquality();
      tf.disableTensorEquality();
      tf.enableV2Tensorshape();
      tf.disableV2Tensorshape();
      ops.cond(ops.placeholder(DType.bool, [], 'p'), () => ops.zeros([1]), () => ops.ones([1]));
    });
    expect(graph.operations().some((op) => op.type === 'Switch')).toBe(true);
  });

  it('enableEagerExecution says eager execution is not supported', () => {
    expect(() => tf.enableEagerExecution()).toThrow(NotImplementedError);
    expect(() => tf.enableEagerExecution()).toThrow('tf.enable_eager_execution is not supported by tf1-node');
  });

  it('getLogger logs as tf.logging, from WARNING up unless setLevel says otherwise', () => {
    const records: LogRecord[] = [];
    const remove = addLogHandler((r) => { records.push(r); });
    const logger = tf.getLogger();
    try {
      logger.warning('hi %s', 3);
      logger.error('bad');
      expect(records.map((r) => [r.level, r.msg])).toEqual([[LogLevel.WARNING, 'hi 3'], [LogLevel.ERROR, 'bad']]);
      expect(logger.getEffectiveLevel()).toBe(30);
      expect(logger.isEnabledFor('INFO')).toBe(false);
      logger.setLevel('INFO');
      expect(logger.isEnabledFor(LogLevel.INFO)).toBe(true);
      expect(logger.name).toBe('tensorflow');
    } finally {
      remove();
      setVerbosity(LogLevel.WARNING);
    }
  });

  it('OpError and train.SessionCreator are exported', () => {
    expect(new tf.errors.InvalidArgumentError('x')).toBeInstanceOf(OpError);
    expect(new ChiefSessionCreator()).toBeInstanceOf(train.SessionCreator);
  });
});

describe('type specs', () => {
  const a = new TensorSpec([2, null], DType.float32, 'x');
  const b = new TensorSpec([2, 3], DType.float32);
  const r = new RaggedTensorSpec([2, null, 3], DType.int32);
  const f32 = DType.float32;
  const CASES: Record<string, () => unknown> = {
    tensor: () => a,
    tensor_default: () => new TensorSpec(null),
    compatible: () => a.isCompatibleWith(b),
    compatible_dtype: () => b.isCompatibleWith(new TensorSpec([2, 3], DType.int32)),
    compatible_tensor: () => new TensorSpec([null], f32).isCompatibleWith(ops.zeros([3])),
    compatible_sparse: () => new TensorSpec([null]).isCompatibleWith(new SparseTensorSpec([2])),
    common_named: () => a.mostSpecificCompatibleType(b),
    common: () => new TensorSpec([2, null]).mostSpecificCompatibleType(b),
    common_dims: () => b.mostSpecificCompatibleType(new TensorSpec([3, 3])),
    common_rank: () => b.mostSpecificCompatibleType(new TensorSpec([3])),
    common_dtype: () => b.mostSpecificCompatibleType(new TensorSpec([2, 3], DType.int32)),
    common_kind: () => b.mostSpecificCompatibleType(new SparseTensorSpec([2, 3])),
    supertype_none: () => new TensorSpec([2]).mostSpecificCommonSupertype([new TensorSpec([3], DType.int32)]),
    subtype: () => new TensorSpec([2]).isSubtypeOf(new TensorSpec([null])),
    not_subtype: () => new TensorSpec([null]).isSubtypeOf(new TensorSpec([2])),
    equal: () => a.equals(new TensorSpec([2, null], f32, 'x')),
    equal_name: () => a.equals(new TensorSpec([2, null], f32)),
    equal_kind: () => new SparseTensorSpec([2]).equals(new TensorSpec([2])),
    sparse: () => new SparseTensorSpec([2, null], DType.int32),
    sparse_default: () => new SparseTensorSpec(),
    sparse_common: () => new SparseTensorSpec([2]).mostSpecificCompatibleType(new SparseTensorSpec([3])),
    ragged: () => r,
    ragged_2d: () => new RaggedTensorSpec([2, null], DType.int32),
    ragged_rank1: () => new RaggedTensorSpec([2, null, 3], DType.int32, { raggedRank: 1, rowSplitsDtype: DType.int32 }),
    ragged_rank0: () => new RaggedTensorSpec([2], DType.int32),
    ragged_common: () => r.mostSpecificCompatibleType(new RaggedTensorSpec([3, null, 3], DType.int32)),
    ragged_compatible: () => new RaggedTensorSpec([2, null], DType.int32).isCompatibleWith(
      new RaggedTensorSpec([null, null], DType.int32)),
    ragged_no_rank: () => new RaggedTensorSpec(),
    ragged_rank_big: () => new RaggedTensorSpec([2, null], DType.int32, { raggedRank: 2 }),
    tensor_array: () => new TensorArraySpec([2], f32),
    tensor_array_default: () => new TensorArraySpec(),
    tensor_array_options: () => new TensorArraySpec([2], f32, { dynamicSize: true, inferShape: false }),
    tensor_array_compatible: () => new TensorArraySpec([2]).isCompatibleWith(new TensorArraySpec([null], f32, { inferShape: false })),
    tensor_array_common: () => new TensorArraySpec([2]).mostSpecificCompatibleType(
      new TensorArraySpec([null], f32, { inferShape: false })),
    indexed_slices: () => new IndexedSlicesSpec([2, 3], f32),
    indexed_slices_default: () => new IndexedSlicesSpec(),
    indexed_slices_options: () => new IndexedSlicesSpec([2, 3], f32,
      { indicesDtype: DType.int32, denseShapeDtype: DType.int32, indicesShape: [3] }),
    indexed_slices_compatible: () => new IndexedSlicesSpec([2, 3]).isCompatibleWith(new IndexedSlicesSpec([null, 3])),
    optional: () => new OptionalSpec(new TensorSpec([], DType.int32)),
    optional_nested: () => new OptionalSpec({ a: new TensorSpec([], DType.int32), b: [new TensorSpec([2])] }),
    optional_common: () => new OptionalSpec(new TensorSpec([], DType.int32)).mostSpecificCompatibleType(
      new OptionalSpec(new TensorSpec([2], DType.int32))),
    optional_compatible: () => new OptionalSpec(new TensorSpec([], DType.int32)).isCompatibleWith(
      new OptionalSpec(new TensorSpec(null, DType.int32))),
    none: () => new NoneTensorSpec(),
    none_equal: () => new NoneTensorSpec().equals(new NoneTensorSpec()),
    from_tensor: () => TensorSpec.fromTensor(ops.zeros([2, 3], DType.float32, 'z')),
    from_spec: () => TensorSpec.fromSpec(a, 'y'),
    value_tensor: () => tf.typeSpecFromValue(ops.placeholder(f32, [null, 2], 'p')),
    value_sparse: () => tf.typeSpecFromValue(new SparseTensor([[0]], [1.0], [3])),
    value_ragged: () => tf.typeSpecFromValue(ops.ragged.constant([[1], [2, 3]], { dtype: DType.int32 })),
    value_slices: () => tf.typeSpecFromValue(new IndexedSlices(ops.zeros([1, 4]),
      ops.constant([0], { dtype: DType.int32 }), ops.constant([5, 4], { dtype: DType.int32 }))),
    value_int: () => tf.typeSpecFromValue(3),
    value_float_list: () => tf.typeSpecFromValue([[1.5, 2.0]]),
    value_string: () => tf.typeSpecFromValue('abc'),
    value_none: () => tf.typeSpecFromValue(null),
  };
  /** As the fixture script's `repr`, or `!Class: message` for an error. */
  const reprOf = (fn: () => unknown): string => new Graph().asDefault(() => {
    try {
      const v = fn();
      return typeof v === 'boolean' ? (v ? 'True' : 'False') : v === null ? 'None' : String(v);
    } catch (e) {
      return `!${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
  });

  it.each(Object.keys(fixture.specs))('%s: as TF1 Python', (name) => {
    expect(reprOf(CASES[name])).toBe(fixture.specs[name]);
  });

  it('tf.data element specs are these classes', () => {
    const ds = tf.data.Dataset.fromTensors([ops.zeros([2]), new SparseTensor([[0]], [1.0], [3])]);
    const [dense, sparse] = ds.elementSpec as TypeSpec[];
    expect(dense).toBeInstanceOf(TensorSpec);
    expect(dense.equals(new TensorSpec([2]))).toBe(true);
    expect(sparse).toBeInstanceOf(SparseTensorSpec);
    expect(sparse.isCompatibleWith(new SparseTensorSpec([null]))).toBe(true);
    expect(tf.data.TensorSpec).toBe(TensorSpec);
  });

  it('typeSpecFromValue rejects what has no spec', () => {
    expect(() => tf.typeSpecFromValue({ a: 1 })).toThrow(TypeError);
    expect(() => tf.typeSpecFromValue({ a: 1 })).toThrow('Could not build a TypeSpec for');
  });
});
