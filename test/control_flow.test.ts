/**
 * v1 control flow against TF1 Python (`tf.compat.v1` with v2 control flow off): the graphs of
 * scripts/graph_fixtures/control_flow.py, built here with the same calls to `ops.cond`,
 * `ops.whileLoop`, `ops.case` and `ops.Assert`, must have the same ops (names, types, inputs,
 * control inputs, placement, attrs, Const values) in the same order and the same collections,
 * and session runs of them the same values. Gradients through conds and loops, RNN-style loops
 * and a cond trained with GradientDescent, MetaGraphs with control-flow contexts (exported as
 * Python exports them; Python's imported and differentiated) and the errors of bad arguments must
 * match Python's too.
 */
import { DType, Fetches, Graph, Output, Session, Tensor, Variable, ops, train } from '../lib';
import { fromBinary, toJson } from '@bufbuild/protobuf';
import { sliceOf } from '../lib/ops/array_ops';
import { CondContextDefSchema, WhileContextDefSchema } from '../lib/proto';
import { RecordedAll, loadGraphFixture } from './helpers/graph_record';
import {
  Json, describeTF1Graphs, expectClose, itGivesTF1Gradients, feedOf, itThrowsTF1Errors, jsonOf,
} from './helpers/fixture_values';

interface Fixture {
  graphs: Record<string, RecordedAll & { feeds: Array<Record<string, Json>> }>;
  values: Record<string, Json[]>;
  gradients: Record<string, { sparse: boolean[]; runs: Array<{ feed: Record<string, Json>; grads: Json[] }> }>;
  training: Record<'ref' | 'resource', { losses: number[]; w: Json; u: Json }> & Record<'seq' | 'target' | 'w0' | 'u0', Json> &
    { cond: { losses: number[]; w: Json; b: Json } };
  meta_graph: { exported: Record<'cond_context' | 'while_context', Json[]>; meta: string;
    runs: Array<{ feed: Record<string, Json>; grad: number }> };
  build_errors: Record<string, { class: string; message: string }>;
  session_access: Record<'fetch' | 'feed', Record<string, { value?: number; class?: string; message?: string }>>;
}
const fixture = loadGraphFixture<Fixture>('control_flow.json');

const f32 = (v: number) => Tensor.from(v, { dtype: DType.float32 });

const GRAPHS: Record<string, () => Record<string, Fetches>> = {
  cond_basic: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    const r = ops.cond(p, () => ops.mul(x, 2, 'mul'), () => ops.constant([1, 2]));
    const same = ops.cond(p, () => x, () => ops.add(x, 1, 'add'), { name: 'same' });
    return { r, same };
  },
  cond_structures: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    const d = ops.cond(p, () => ({ b: [x, ops.mul(x, 3, 'mul')], a: ops.add(x, 1, 'add') }),
      () => ({ b: [ops.zeros([2]), x], a: ops.sub(x, 1, 'sub') }));
    const single = ops.cond(p, () => [x], () => [ops.mul(x, 2, 'mul')]);
    const strict = ops.cond(p, () => [x], () => [ops.mul(x, 2, 'mul')], { strict: true });
    // Python ints, converted as the branch's results are.
    const int32 = (v: number) => Tensor.from(v, { dtype: DType.int32 });
    const pair = ops.cond(p, () => [x, int32(1)], () => [x, int32(2)]);
    return { d, single, strict, pair };
  },
  cond_nested: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const a = ops.placeholder(DType.bool, [], 'a');
    const b = ops.placeholder(DType.bool, [], 'b');
    const y = ops.placeholder(DType.float32, [], 'y');
    const r = ops.cond(a, () => ops.cond(b, () => ops.mul(x, y, 'mul'), () => ops.add(x, 1, 'add')),
      () => ops.sub(ops.square(x), y, 'sub'));
    return { r };
  },
  cond_variables: () => {
    const p = ops.placeholder(DType.bool, [], 'p');
    const v = ops.getVariable('v', { shape: [2], initializer: ops.constantInitializer([1, 2]) });
    const r = ops.getVariable('r', { shape: [2], initializer: ops.constantInitializer([3, 4]), useResource: true });
    const read = ops.cond(p, () => ops.mul(v, 2, 'mul'), () => ops.add(r.readValue(), 1, 'add'));
    const v2 = ops.getVariable('v2', { shape: [2], initializer: ops.constantInitializer([1, 2]) });
    const r2 = ops.getVariable('r2', { shape: [2], initializer: ops.constantInitializer([3, 4]), useResource: true });
    // Python's `r2.assign_sub(...).op` is the update; its value is read after it, as here.
    const update = ops.cond(p, () => (ops.assignAdd(v2, [1, 1]) as Output).op,
      () => r2.assignSub([1, 1]).op.controlInputs[0]);
    const after = ops.controlDependencies([update], () => ops.identity(ops.add(v2.readValue(), r2.readValue(), 'add'), 'after'));
    return { read, after };
  },
  case_graph: () => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const f1 = () => ops.constant(1);
    const f2 = () => ops.mul(x, 2, 'mul');
    const first = ops.case([[ops.greater(x, 0), f1], [ops.less(x, -1), f2]], { default: () => ops.constant(-1) });
    const exclusive = ops.case([[ops.greater(x, 0), f1], [ops.less(x, -1), f2]],
      { default: () => x, exclusive: true, name: 'excl' });
    const noDefault = ops.case([[ops.greater(x, 0), f1], [ops.gen.lessEqual({ x, y: 0 }), f2]]);
    const guarded = ops.Assert(ops.greater(x, -5), [x, 'x is', ops.mul(x, 2, 'mul')], { summarize: 3 });
    const checked = ops.controlDependencies([guarded], () => ops.identity(x, 'checked'));
    return { first, exclusive, no_default: noDefault, checked };
  },
  while_basic: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [i, y] = ops.whileLoop((i) => ops.less(i, 3), (i, y) => [ops.add(i, 1, 'add'), ops.mul(y, x, 'mul')], [0, x]);
    const v = ops.whileLoop((v) => ops.less(v, 10), (v) => ops.mul(v, 2, 'mul'), [ops.constant(1)]);
    const same = ops.whileLoop((v) => ops.less(v, 10), (v) => [ops.mul(v, 3, 'mul')], [ops.constant(1)],
      { returnSameStructure: true });
    return { i, y, v, same };
  },
  while_structures: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const out = ops.whileLoop((i) => ops.less(i, 4),
      (i, d) => [ops.add(i, 1, 'add'), { b: [ops.sub(d.b[0], 1, 'sub')], a: ops.add(d.a, d.b[0], 'add') }],
      [0, { a: x, b: [ops.constant(5)] }]);
    return { out };
  },
  while_shape_invariants: () => {
    const n = ops.placeholder(DType.int32, [], 'n');
    const [i, s] = ops.whileLoop((i) => ops.less(i, n),
      (i, s) => [ops.add(i, 1, 'add'), ops.concat([s, ops.mul(s, 2, 'mul')], 0)],
      [0, ops.ones([1])], { shapeInvariants: [[], [null]] });
    const m = ops.whileLoop((m) => ops.less(sliceOf(ops.shape(m), [0]), 8), (m) => ops.concat([m, m], 0),
      [ops.zeros([2, 3])], { shapeInvariants: [[null, 3]] });
    return { i, s, m };
  },
  while_max_iterations: () => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const single = ops.whileLoop((v) => ops.less(v, 100), (v) => ops.mul(v, 2, 'mul'), [x], { maximumIterations: 3 });
    const pair = ops.whileLoop((i, v) => ops.less(v, 100), (i, v) => [ops.add(i, 1, 'add'), ops.add(v, 1, 'add')],
      [0, x], { maximumIterations: ops.constant(5, { dtype: DType.int64 }), name: 'bounded' });
    return { single, pair };
  },
  while_nested: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [i, acc] = ops.whileLoop((i) => ops.less(i, 4), (i, acc) => {
      const [, inner] = ops.whileLoop((j) => ops.less(j, i),
        (j, a) => [ops.add(j, 1, 'add'), ops.add(a, ops.mul(x, ops.cast(j, DType.float32), 'mul'), 'add')], [0, acc]);
      return [ops.add(i, 1, 'add'), inner];
    }, [0, ops.zeros([2])]);
    return { i, acc };
  },
  while_with_cond: () => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const [i, s] = ops.whileLoop((i) => ops.less(i, 5), (i, s) => {
      const even = ops.equal(ops.gen.floorMod({ x: i, y: 2 }, 'mod'), 0);
      const s2 = ops.cond(even, () => ops.add(s, ops.mul(x, ops.cast(i, DType.float32), 'mul'), 'add'),
        () => ops.sub(s, 1, 'sub'));
      return [ops.add(i, 1, 'add'), s2];
    }, [0, f32(0)]);
    return { i, s };
  },
  while_options: () => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const dep = ops.identity(x, 'dep');
    const v = ops.getVariable('v', { shape: [], initializer: ops.constantInitializer(2) });
    const r = ops.getVariable('r', { shape: [], initializer: ops.constantInitializer(3), useResource: true });
    const [i, s] = ops.whileLoop((i) => ops.less(i, 3), (i, s) => {
      // A control dependency from outside the loop comes in through an Identity.
      const t = ops.controlDependencies([dep], () => ops.add(ops.mul(s, v, 'mul'), r.readValue(), 'add'));
      return [ops.add(i, 1, 'add'), t];
    }, [0, x], { parallelIterations: 3, backProp: false, swapMemory: true, name: 'loop' });
    return { i, s };
  },
};

describeTF1Graphs(GRAPHS, fixture);

describe('build errors', () => {
  const x = () => ops.placeholder(DType.float32, [2], 'x');
  const p = () => ops.placeholder(DType.bool, [], 'p');
  const mismatch = <T, U>(t: (a: Output) => T, f: (a: Output) => U, strict = false) => () => {
    const [a, b] = [x(), p()];
    ops.cond(b, () => t(a) as unknown, () => f(a) as unknown, { strict });
  };
  const leak = () => {
    const kept: Output[] = [];
    ops.whileLoop((i) => ops.less(i, 3), (i) => {
      kept.push(ops.mul(i, 2, 'mul'));
      return ops.add(i, 1, 'add');
    }, [0]);
    ops.identity(kept[0]);
  };
  const CASES: Record<string, () => void> = {
    cond_length: mismatch((a) => [a], (a) => [a, a], true),
    cond_leaf_list: mismatch((a) => a, (a) => [a, a]),
    cond_keys: mismatch((a) => ({ a }), (a) => ({ b: a })),
    cond_list_dict: mismatch((a) => [a, a], (a) => ({ a, b: a })),
    cond_nested_leaf: mismatch((a) => [a, { a }], (a) => [a, { a: [a] }]),
    cond_dtype: mismatch((a) => a, () => ops.constant(1, { dtype: DType.int32 })),
    cond_empty: mismatch(() => [], () => []),
    cond_no_true_value: mismatch(() => undefined, (a) => a),
    cond_no_false_value: mismatch((a) => a, () => undefined),
    cond_python_bool: () => ops.cond(true as unknown as Output, () => x(), () => x()),
    cond_not_callable: () => ops.cond(p(), x() as unknown as () => Output, () => x()),
    while_shape_grows: () => ops.whileLoop((i) => ops.less(i, 3), (i, s) => [ops.add(i, 1, 'add'), ops.concat([s, s], 0)],
      [0, ops.ones([1])]),
    while_invariant_too_specific: () => ops.whileLoop((i) => ops.less(i, 3), (i) => ops.add(i, 1, 'add'), [ops.zeros([2])],
      { shapeInvariants: [[3]] }),
    while_max_not_scalar: () => ops.whileLoop((i) => ops.less(i, 3), (i) => ops.add(i, 1, 'add'), [0],
      { maximumIterations: Tensor.from([3], { dtype: DType.int32 }) }),
    while_no_vars: () => ops.whileLoop(() => true, () => [], []),
    while_cond_not_callable: () => ops.whileLoop(true as unknown as () => Output, (i) => i, [0]),
    while_body_not_callable: () => ops.whileLoop((i) => ops.less(i, 3), 1 as unknown as () => Output, [0]),
    while_parallel_iterations: () => ops.whileLoop((i) => ops.less(i, 3), (i) => ops.add(i, 1, 'add'), [0],
      { parallelIterations: 0 }),
    while_body_structure: () => ops.whileLoop((i) => ops.less(i, 3), (i) => [ops.add(i, 1, 'add')], [0, 1]),
    while_tensor_outside: leak,
    case_pred_dtype: () => ops.case([[ops.constant(1, { dtype: DType.int32 }), () => x()]]),
    case_pred_python: () => ops.case([[true as unknown as Output, () => x()]]),
  };

  itThrowsTF1Errors(fixture.build_errors, CASES);
});

/** Each gradient case of the fixture: its loss and xs, built with the same calls as Python's. */
const GRAD_CASES: Record<string, () => [Output, Array<Output | Variable>]> = {
  cond_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    const y = ops.cond(p, () => ops.mul(ops.mul(x, x, 'mul'), 3, 'mul'), () => ops.add(ops.gen.sin({ x }), x, 'add'));
    return [ops.reduceSum(ops.mul(y, x, 'mul')), [x]];
  },
  cond_nested_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const a = ops.placeholder(DType.bool, [], 'a');
    const b = ops.placeholder(DType.bool, [], 'b');
    const w = ops.placeholder(DType.float32, [], 'w');
    const y = ops.cond(a, () => ops.cond(b, () => ops.mul(ops.exp(x), w, 'mul'), () => ops.mul(x, 2, 'mul')),
      () => ops.add(ops.square(x), w, 'add'));
    return [ops.reduceSum(y), [x, w]];
  },
  cond_unused_output_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    const [a] = ops.cond(p, () => [ops.mul(x, 2, 'mul'), ops.mul(x, 3, 'mul')], () => [ops.mul(x, 4, 'mul'), ops.tanh(x)]);
    return [ops.reduceSum(a), [x]];
  },
  cond_gather_grad: () => {
    const x = ops.placeholder(DType.float32, [3, 2], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    const y = ops.cond(p, () => ops.gather(x, [0, 2]), () => ops.mul(sliceOf(x, [[1, null]]), 2, 'mul'));
    return [ops.reduceSum(ops.mul(y, ops.constant([[1, 2], [3, 4]]), 'mul')), [x]];
  },
  cond_variables_grad: () => {
    const p = ops.placeholder(DType.bool, [], 'p');
    const v = ops.getVariable('v', { shape: [2], initializer: ops.constantInitializer([1, 2]) });
    const r = ops.getVariable('r', { shape: [2], initializer: ops.constantInitializer([3, 4]), useResource: true });
    const y = ops.cond(p, () => ops.mul(v, v, 'mul'), () => ops.add(ops.mul(r.readValue(), 3, 'mul'), v, 'add'));
    return [ops.reduceSum(y), [v, r]];
  },
  while_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [, y] = ops.whileLoop((i) => ops.less(i, 3), (i, y) => [ops.add(i, 1, 'add'), ops.mul(y, x, 'mul')], [0, x]);
    return [ops.reduceSum(y), [x]];
  },
  while_invariant_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const w = ops.placeholder(DType.float32, [], 'w');
    const [, y] = ops.whileLoop((i) => ops.less(i, 4),
      (i, y) => [ops.add(i, 1, 'add'), ops.add(ops.tanh(ops.mul(y, w, 'mul')), x, 'add')], [0, x]);
    return [ops.reduceSum(ops.mul(y, y, 'mul')), [x, w]];
  },
  while_max_iterations_grad: () => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const y = ops.whileLoop((v) => ops.less(v, 100), (v) => ops.mul(v, v, 'mul'), [x], { maximumIterations: 2 });
    return [y, [x]];
  },
  while_nested_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [, acc] = ops.whileLoop((i) => ops.less(i, 2), (i, acc) => {
      const [, inner] = ops.whileLoop((j) => ops.less(j, 2),
        (j, a) => [ops.add(j, 1, 'add'), ops.add(ops.mul(a, x, 'mul'), 1, 'add')], [0, acc]);
      return [ops.add(i, 1, 'add'), inner];
    }, [0, x]);
    return [ops.reduceSum(acc), [x]];
  },
  while_cond_grad: () => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const [, s] = ops.whileLoop((i) => ops.less(i, 5), (i, s) => [ops.add(i, 1, 'add'),
      ops.cond(ops.equal(ops.gen.floorMod({ x: i, y: 2 }, 'mod'), 0), () => ops.mul(s, x, 'mul'),
        () => ops.add(s, ops.mul(x, x, 'mul'), 'add'))], [0, f32(1)]);
    return [s, [x]];
  },
  while_unused_exit_grad: () => {
    const x = ops.placeholder(DType.float32, [2], 'x');
    const [a] = ops.whileLoop((a) => ops.less(ops.reduceSum(a), 50),
      (a, b) => [ops.add(ops.mul(a, 2, 'mul'), b, 'add'), ops.mul(b, 1.5, 'mul')], [x, x]);
    return [ops.reduceSum(a), [x]];
  },
};

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

describe('training an RNN-style loop with GradientDescent', () => {
  const { T, B, H } = { T: 5, B: 3, H: 4 };
  it.each(['ref', 'resource'] as const)('%s variables: the losses and weights of TF1 Python', async (kind) => {
    const want = fixture.training[kind];
    const graph = new Graph();
    const [loss, trainOp, w, u, seq, target, init] = graph.asDefault(() => {
      const seq = ops.placeholder(DType.float32, [T, B, H], 'seq');
      const target = ops.placeholder(DType.float32, [B, H], 'target');
      const useResource = kind === 'resource';
      const w = ops.getVariable('w', { shape: [H, H], initializer: ops.constantInitializer(fixture.training.w0 as number[][]),
        useResource });
      const u = ops.getVariable('u', { shape: [H, H], initializer: ops.constantInitializer(fixture.training.u0 as number[][]),
        useResource });
      const [, h] = ops.whileLoop((t) => ops.less(t, T), (t, h) => [ops.add(t, 1, 'add'),
        ops.tanh(ops.add(ops.matmul(h, w), ops.matmul(ops.gather(seq, t), u), 'add'))], [0, ops.zeros([B, H])]);
      const loss = ops.reduceMean(ops.square(ops.sub(h, target, 'sub')), { name: 'loss' });
      const trainOp = new train.GradientDescentOptimizer(0.5).minimize(loss);
      return [loss, trainOp, w, u, seq, target, ops.globalVariablesInitializer()] as const;
    });
    const sess = new Session(graph);
    try {
      await sess.run(init);
      const feed = new Map([[seq, Tensor.from(fixture.training.seq as number[][][], { dtype: DType.float32 })],
        [target, Tensor.from(fixture.training.target as number[][], { dtype: DType.float32 })]]);
      const losses: number[] = [];
      for (let i = 0; i < want.losses.length; i++) losses.push(((await sess.run([loss, trainOp], feed)) as Tensor[])[0].item() as number);
      expectClose(losses, want.losses);
      expectClose(jsonOf(await sess.run([w, u])), [want.w, want.u]);
    } finally {
      await sess.close();
    }
  });
});

it('trains through a cond with GradientDescent as TF1 Python does', async () => {
  const want = fixture.training.cond;
  const graph = new Graph();
  const [p, loss, trainOp, w, b, init] = graph.asDefault(() => {
    const p = ops.placeholder(DType.bool, [], 'p');
    const w = ops.getVariable('w', { shape: [2], initializer: ops.constantInitializer([0.5, -1]) });
    const b = ops.getVariable('b', { shape: [], initializer: ops.constantInitializer(0.25), useResource: true });
    const loss = ops.cond(p, () => ops.add(ops.reduceSum(ops.square(ops.sub(ops.mul(w, 2, 'mul'), 1, 'sub'))), ops.mul(b, b, 'mul'), 'add'),
      () => ops.reduceSum(ops.square(ops.add(ops.add(w, b, 'add'), 2, 'add'))), { name: 'loss' });
    return [p, loss, new train.GradientDescentOptimizer(0.1).minimize(loss), w, b, ops.globalVariablesInitializer()] as const;
  });
  const sess = new Session(graph);
  try {
    await sess.run(init);
    const losses: number[] = [];
    for (let i = 0; i < want.losses.length; i++) {
      losses.push(((await sess.run([loss, trainOp], new Map([[p, Tensor.from(i % 3 !== 0)]]))) as Tensor[])[0].item() as number);
    }
    expectClose(losses, want.losses);
    expectClose(jsonOf(await sess.run([w, b])), [want.w, want.b]);
  } finally {
    await sess.close();
  }
});

it('the README example: an RNN over a sequence through whileLoop and a cond, trained', async () => {
  const losses: number[] = [];
  const graph = new Graph();
  await graph.asDefault(async () => {
    const seq = ops.placeholder(DType.float32, [4, 2, 3], 'seq'); // [time, batch, features]
    const target = ops.placeholder(DType.float32, [2, 3], 'target');
    const training = ops.placeholder(DType.bool, [], 'training');
    const w = ops.getVariable('w', { shape: [3, 3], initializer: ops.constantInitializer(0.1) });
    const u = ops.getVariable('u', { shape: [3, 3], initializer: ops.constantInitializer(0.2) });
    // h = tanh(h W + x_t U) over the sequence: a v1 while loop, x_t read with a gather on its counter.
    const [, h] = ops.whileLoop((t) => ops.less(t, 4),
      (t, h) => [ops.add(t, 1), ops.tanh(ops.add(ops.matmul(h, w), ops.matmul(ops.gather(seq, t), u)))],
      [0, ops.zeros([2, 3])]);
    // Scaled only while training: a v1 cond.
    const out = ops.cond(training, () => ops.mul(h, 0.9), () => h);
    const loss = ops.reduceMean(ops.square(ops.sub(out, target)));
    // Gradients go back through the cond and the loop.
    const trainOp = new train.GradientDescentOptimizer(0.5).minimize(loss);

    const sess = new Session();
    await sess.run(ops.globalVariablesInitializer());
    const feed = new Map([
      [seq, Tensor.from(new Float32Array(24).map((_, i) => Math.sin(i)), { shape: [4, 2, 3] })],
      [target, Tensor.from([[0.5, -0.5, 0.25], [0, 0.75, -0.25]])],
      [training, Tensor.from(true)],
    ]);
    for (let i = 0; i < 20; i++) losses.push(((await sess.run([loss, trainOp], feed)) as Tensor[])[0].item() as number);
    await sess.close();
  });
  expect(losses[19]).toBeLessThan(losses[0] / 2);
});

describe('MetaGraphs keep the control-flow contexts', () => {
  const { exported, meta, runs } = fixture.meta_graph;

  it('exports cond_context and while_context as TF1 Python does', () => {
    const graph = new Graph();
    graph.asDefault(() => {
      const x = ops.placeholder(DType.float32, [], 'x');
      const p = ops.placeholder(DType.bool, [], 'p');
      const c = ops.cond(p, () => ops.mul(x, x, 'mul'), () => ops.add(x, 1, 'add'));
      const [, s] = ops.whileLoop((i) => ops.less(i, 5), (i, s) => [ops.add(i, 1, 'add'),
        ops.cond(ops.equal(ops.gen.floorMod({ x: i, y: 2 }, 'mod'), 0), () => ops.mul(s, x, 'mul'),
          () => ops.add(s, ops.mul(x, x, 'mul'), 'add'))], [0, c]);
      ops.identity(s, 'loss');
    });
    const collections = train.exportMetaGraph(graph).collectionDef;
    const decode = (key: 'cond_context' | 'while_context') => {
      const kind = collections[key].kind;
      const schema = key === 'cond_context' ? CondContextDefSchema : WhileContextDefSchema;
      return kind.case === 'bytesList' ? kind.value.value.map((b) => toJson(schema, fromBinary(schema, b))) : kind;
    };
    expect(decode('cond_context')).toEqual(exported.cond_context);
    expect(decode('while_context')).toEqual(exported.while_context);
  });

  it('imports them, so that gradients go through an imported loop as in TF1 Python', async () => {
    const graph = new Graph();
    train.importMetaGraph(graph, new Uint8Array(Buffer.from(meta, 'base64')));
    expect(graph.getCollection<{ name: string }>('while_context').map((c) => c.name)).toEqual(['while/while_context']);
    const [grad] = graph.gradients([graph.tensor('loss:0')], [graph.tensor('x:0')]);
    const sess = new Session(graph);
    try {
      for (const run of runs) expectClose((await sess.run(grad as Output, feedOf(graph, run.feed))).item(), run.grad);
    } finally {
      await sess.close();
    }
  });
});

describe('a session refuses tensors inside a cond or a loop, as TF1', () => {
  const graph = new Graph();
  graph.asDefault(() => {
    const x = ops.placeholder(DType.float32, [], 'x');
    const p = ops.placeholder(DType.bool, [], 'p');
    ops.cond(p, () => ops.mul(x, 2, 'mul'), () => ops.add(x, 1, 'add'));
    ops.whileLoop((i) => ops.less(i, 3), (i, s) => [ops.add(i, 1, 'add'), ops.mul(s, x, 'mul')], [0, x]);
  });
  const feed = { 'x:0': Tensor.from(2, { dtype: DType.float32 }), 'p:0': Tensor.from(true) };
  const outcome = async (run: () => Promise<unknown>) => {
    try {
      const r = await run();
      return { value: r === null ? 0 : Number((r as Tensor).item()) };
    } catch (e) {
      return { class: (e as Error).name, message: (e as Error).message };
    }
  };
  let sess: Session;
  beforeAll(() => { sess = new Session(graph); });
  afterAll(() => sess.close());

  it.each(Object.keys(fixture.session_access.fetch))('fetching %s', async (name) => {
    expect(await outcome(() => sess.run(name, feed))).toEqual(fixture.session_access.fetch[name]);
  });

  it.each(Object.keys(fixture.session_access.feed))('feeding %s', async (name) => {
    const got = await outcome(() => sess.run('while/Exit_1:0', { ...feed, [name]: Tensor.from(1, { dtype: DType.float32 }) }));
    expect(got).toEqual(fixture.session_access.feed[name]);
  });
});
