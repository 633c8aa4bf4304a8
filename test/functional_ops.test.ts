/**
 * TF1's functional ops against TF1 Python (scripts/graph_fixtures/functional_ops.py): `ops.mapFn`,
 * `ops.foldl`, `ops.foldr`, `ops.scan` and `ops.makeTemplate` built here with the same calls must
 * make the same ops (v1 while loops over TensorArrays: names, types, inputs, attrs, Const values) in
 * the same order, the same static shapes, and session runs of them the same values; gradients
 * through the loops and `ops.gradPassThrough`, `ops.hessians`, and a dense layer applied row by row
 * with mapFn trained by GradientDescent, Python's values; bad arguments TF1's errors.
 */
import { DType, Graph, Output, Tensor, ValueError, getDefaultGraph, ops } from '../lib';
import { CustomGetter } from '../lib/ops/variable_scope';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, expectRunValues, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

type Props = Record<'name' | 'scope' | 'variables' | 'trainable' | 'non_trainable' | 'global' | 'local', Json>;
interface Fixture extends OpsFixture {
  training: { losses: number[]; w: Json; b: Json };
  template_props: Record<'before' | 'after', Props[]>;
  template_errors: Record<'trainable_after_first' | 'new_get_variable' | 'first_call' | 'no_name',
    { class: string; message: string }> & { retried: string[] };
  hessians: { feeds: Array<Record<string, Json>>; values: Json[] };
}
const fixture = loadGraphFixture<Fixture>('functional_ops.json');

const f32 = DType.float32;
const ph = (name: string, shape: Array<number | null> | null = null, dtype = f32) => ops.placeholder(dtype, shape, name);
const x32 = (shape: Array<number | null> = [3, 2]) => ph('x', shape);
// Python's operators on tensors: their ops' lower-case names.
const mul = (a: Output, b: Output | number) => ops.mul(a, b, 'mul');
const add = (a: Output, b: Output | number) => ops.add(a, b, 'add');
const sub = (a: Output, b: Output | number) => ops.sub(a, b, 'sub');
const at = (x: Output, i: number) => ops.getItem(x, i);

/** A dense layer of `getVariable`s w and b (Python's `dense(x, units=2)`). */
const dense = (x: Output, units = 2) => {
  const w = ops.getVariable('w', { shape: [2, units], initializer: ops.constantInitializer(0.5) });
  const b = ops.getVariable('b', { shape: [units], initializer: ops.zerosInitializer() });
  return ops.add(ops.matmul(x, w), b, 'add');
};
/** A custom getter making its variables non-trainable. */
const frozen: CustomGetter = (getter, name, options) => getter(name, { ...options, trainable: false });

const GRAPHS: Record<string, () => unknown> = {
  templates: () => {
    const x = x32();
    const t = ops.makeTemplate('dense', dense);
    const [a, b] = [t(x), t(mul(x, 2.0))];
    const c = ops.makeTemplate('dense', dense)(x);
    const now = ops.makeTemplate('now', dense, { createScopeNow: true });
    const [d, e] = getDefaultGraph().nameScope('outer', () => [now(x), now(x)]);
    const f = ops.makeTemplate('ignored', (y: Output) => dense(y, 3), { uniqueName: 'fixed' })(x);
    const [g, h] = ops.variableScope('vs', () => {
      const inner = ops.makeTemplate('inner', dense, { customGetter: frozen });
      return [inner(x), inner(add(x, 1.0))];
    });
    const mapped = ops.mapFn((r) => at(t(ops.getItem(r, [ops.newaxis])), 0), x);
    return { a, b, c, d, e, f, g, h, mapped };
  },
  map_variables: () => {
    const x = x32();
    const y = ops.variableScope('layer', () => ops.mapFn((r) => at(dense(ops.getItem(r, [ops.newaxis])), 0), x));
    const z = ops.foldl((a, r) => add(a, at(dense(ops.getItem(r, [ops.newaxis])), 0)), x,
      { initializer: ops.zeros([2]), name: 'fold' });
    return { y, z };
  },
  map_basic: () => {
    const x = x32();
    return {
      doubled: ops.mapFn((r) => add(mul(r, 2.0), 1.0), x),
      sums: ops.mapFn((r) => ops.reduceSum(r), x, { name: 'sums' }),
      counts: ops.mapFn((r) => ops.cast(ops.reduceSum(r), DType.int32), x, { dtype: DType.int32 }),
    };
  },
  map_nested: () => {
    const x = x32();
    const y = ph('y', [3]);
    const pair = ops.mapFn(([a, b]) => [mul(a, b), add(b, 1.0)], [x, y]);
    const mixed = ops.mapFn((e) => ({ n: ops.greater(ops.reduceSum(e.a), e.b), s: at(e.a, 0) }), { a: x, b: y },
      { fnOutputSignature: { n: DType.bool, s: f32 } });
    return { pair, mixed };
  },
  map_options: () => {
    const x = x32([null, 2]);
    const out = ops.mapFn((r) => ops.square(r), x, { parallelIterations: 4, backProp: false, swapMemory: true,
      inferShape: false, name: 'sq' });
    const host = ops.mapFn((r) => add(r, 1), Tensor.from([[1, 2], [3, 4]], { dtype: DType.int32 }));
    return { out, host };
  },
  folds: () => {
    const v = ph('v', [4]);
    return {
      left: ops.foldl((a, e) => add(mul(a, 0.5), e), v),
      left_init: ops.foldl((a, e) => sub(a, e), v, { initializer: 10.5, name: 'left' }),
      right: ops.foldr((a, e) => add(mul(a, 0.5), e), v),
      right_init: ops.foldr((a, e) => sub(a, e), v, { initializer: ops.constant(10.0), parallelIterations: 2 }),
    };
  },
  folds_nested: () => {
    const x = x32([null, 2]);
    const y = ph('y', [null]);
    const left = ops.foldl((a, e) => [add(a[0], e[0]), mul(a[1], e[1])], [x, y], { initializer: [ops.zeros([2]), 1.5] });
    const right = ops.foldr((a, e) => add(a, mul(e[0], e[1])), [x, y], { initializer: ops.zeros([2]), backProp: false });
    const rightSelf = ops.foldr((a, e) => mul(a, e), y);
    return { left, right, right_self: rightSelf };
  },
  scans: () => {
    const v = ph('v', [4]);
    return {
      cum: ops.scan((a, e) => add(a, e), v),
      init: ops.scan((a, e) => mul(a, e), v, { initializer: 2.5, name: 'prod' }),
      rev: ops.scan((a, e) => add(a, e), v, { reverse: true }),
      rev_init: ops.scan((a, e) => sub(a, e), v, { initializer: ops.constant(1.0), reverse: true, inferShape: false }),
    };
  },
  scans_nested: () => {
    const x = x32([null, 2]);
    const y = ph('y', [null]);
    const pair = ops.scan((a, e) => [add(a[0], e[0]), mul(a[1], e[1])], [x, y]);
    const fib = ops.scan((a) => [a[1], add(a[0], a[1])], y, { initializer: [ops.constant(0.0), ops.constant(1.0)] });
    const rev = ops.scan((a, e) => add(a, mul(e[0], e[1])), [x, y], { initializer: ops.zeros([2]), reverse: true,
      parallelIterations: 1 });
    return { pair, fib, rev };
  },
};

describeTF1Graphs(GRAPHS, fixture);

const weights = () => ph('w', [2]);
const rowWeights = () => ops.constant([[1.0], [2.0], [3.0]]);

const GRAD_CASES: Record<string, () => [Output, Output[]]> = {
  map_grad: () => {
    const [x, w] = [x32(), weights()];
    const y = ops.mapFn((r) => ops.tanh(mul(r, w)), x);
    return [ops.reduceSum(mul(y, rowWeights())), [x, w]];
  },
  map_nested_grad: () => {
    const [x, w] = [x32(), weights()];
    const [a, b] = ops.mapFn((e) => [mul(e[0], w), ops.reduceSum(mul(e[0], e[1]))], [x, mul(x, 2.0)]);
    return [add(ops.reduceSum(mul(a, a)), ops.reduceSum(b)), [x, w]];
  },
  foldl_grad: () => {
    const [x, w] = [x32(), weights()];
    const y = ops.foldl((a, r) => add(mul(a, w), r), x);
    return [ops.reduceSum(mul(y, y)), [x, w]];
  },
  foldr_grad: () => {
    const [x, w] = [x32(), weights()];
    const y = ops.foldr((a, r) => add(mul(ops.sin(a), w), r), x, { initializer: ops.ones([2]) });
    return [ops.reduceSum(y), [x, w]];
  },
  scan_grad: () => {
    const [x, w] = [x32(), weights()];
    const y = ops.scan((a, r) => add(mul(a, w), r), x);
    const z = ops.scan((a, r) => add(a, mul(r, r)), x, { initializer: ops.zeros([2]), reverse: true });
    return [add(ops.reduceSum(mul(y, rowWeights())), ops.reduceSum(z)), [x, w]];
  },
  pass_through_grad: () => {
    const [x, w] = [x32(), weights()];
    const y = ops.gradPassThrough((t) => ops.round(mul(t, w)))(x);
    return [ops.reduceSum(mul(y, rowWeights())), [x]];
  },
  pass_through_variable_grad: () => {
    const x = x32();
    const v = ops.getVariable('pv', { shape: [2], initializer: ops.constantInitializer([2.0, -1.0]), useResource: true });
    const y = ops.gradPassThrough((t) => ops.square(mul(t, v.value())))(x);
    return [ops.reduceSum(mul(y, x)), [x]];
  },
};

describe('gradients through the loops and gradPassThrough', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

describe('training a dense layer applied by mapFn', () => {
  it('GradientDescent gives the losses and weights of TF1 Python', async () => {
    const x = fixture.graphs.map_basic.feeds[0].x as number[][];
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [2], initializer: ops.constantInitializer([0.3, -0.2]) });
      const bias = ops.getVariable('b', { shape: [], initializer: ops.zerosInitializer() });
      const y = ops.mapFn((r) => ops.tanh(add(ops.reduceSum(mul(r, w.value())), bias.value())), ops.constant(x));
      const loss = ops.reduceMean(ops.square(sub(y, ops.constant([0.5, -0.25, 1.0]))));
      return { loss, fetch: w };
    }, 0.2, 6);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  const notCallable = (x: unknown) => x as (...args: Output[]) => Output;
  itThrowsTF1Errors(fixture.build_errors, {
    map_not_callable: () => ops.mapFn(notCallable(3), z(2)),
    map_empty: () => ops.mapFn((e) => e, []),
    map_scalar: () => ops.mapFn((e) => e, z()),
    map_second_scalar: () => ops.mapFn((e) => e[0], [z(2), z()]),
    map_counts: () => ops.mapFn((e) => e[0], [z(2), z(3)]),
    map_structure: () => ops.mapFn((e) => [e, e], z(2)),
    foldl_not_callable: () => ops.foldl(notCallable(null), z(2)),
    foldl_structure: () => ops.foldl((a, e) => [a, e], z(2)),
    scan_not_callable: () => ops.scan(notCallable('f'), z(2)),
    scan_structure: () => ops.scan((a, e) => [a, e], z(2)),
    scan_counts: () => ops.scan((a) => a, [z(2), z(3)]),
    foldl_scalar: () => ops.foldl((a) => a, ops.zeros([])),
  });
});

describe('makeTemplate', () => {
  it('tells its scope and variables as TF1 Python\'s Template does', () => new Graph().asDefault(() => {
    const x = x32();
    const templates = [ops.makeTemplate('dense', dense), ops.makeTemplate('made', dense, { createScopeNow: true }),
      ops.makeTemplate('inner', dense, { customGetter: frozen })];
    const names = (vs: Array<{ name: string }>) => vs.map((v) => v.name);
    const props = (t: ops.Template<[Output], Output>): Props => ({
      name: t.name, scope: t.variableScopeName ?? null, variables: names(t.variables),
      trainable: names(t.trainableVariables), non_trainable: names(t.nonTrainableVariables),
      global: names(t.globalVariables), local: names(t.localVariables),
    });
    expect(templates.map(props)).toEqual(fixture.template_props.before);
    for (const t of templates) t(x);
    expect(templates.map(props)).toEqual(fixture.template_props.after);
  }));

  /** The error `fn` throws in a new graph, its message up to the trace of where the template was made. */
  const errorOf = (fn: () => unknown) => new Graph().asDefault(() => {
    try {
      fn();
    } catch (e) {
      const message = (e as Error).message;
      const at = message.indexOf('\n\noriginally defined at:\n');
      return { class: (e as Error).constructor.name, message: at < 0 ? message : message.slice(0, at), traced: at >= 0 };
    }
    throw new Error('did not throw');
  });
  const twice = (name: string, fn: (x: Output) => Output) => {
    const t = ops.makeTemplate(name, fn);
    return [t(ops.ones([2])), t(ops.ones([2]))];
  };

  it('throws TF1\'s errors, telling where the template was made', () => {
    const errors = fixture.template_errors;
    expect(errorOf(() => twice('nv', (x) => mul(x, new ops.Variable(1.0, { name: 'v' }).value()))))
      .toEqual({ ...errors.trainable_after_first, traced: true });
    let n = 0;
    const grows = (x: Output) => mul(x, ops.getVariable(`v${++n}`, { shape: [], initializer: ops.onesInitializer() }).value());
    expect(errorOf(() => twice('grows', grows))).toEqual({ ...errors.new_get_variable, traced: true });
    expect(errorOf(() => ops.makeTemplate(null as unknown as string, dense))).toEqual({ ...errors.no_name, traced: false });
  });

  it('makes its variables on the call after a failed first one', () => new Graph().asDefault(() => {
    let calls = 0;
    const t = ops.makeTemplate('retry', (x: Output) => {
      if (++calls === 1) throw new ValueError('first call fails');
      return dense(x);
    });
    const e = errorOf(() => t(x32()));
    expect({ class: e.class, message: e.message }).toEqual(fixture.template_errors.first_call);
    t(ops.ones([3, 2]));
    expect(t.trainableVariables.map((v) => v.name)).toEqual(fixture.template_errors.retried);
  }));
});

describe('hessians', () => {
  it('gives the second derivatives TF1 Python gives (of placeholders, a variable, through activations)', async () => {
    const graph = new Graph();
    const hs = graph.asDefault(() => {
      const x = ph('x', [3]);
      const w = ph('w', [2, 2]);
      const v = ops.getVariable('v', { shape: [2], initializer: ops.constantInitializer([0.5, -1.5]) });
      const y = add(ops.reduceSum(mul(mul(x, x), x)), mul(at(x, 0), at(x, 1)));
      const z = mul(ops.reduceSum(ops.tanh(ops.matmul(ops.reshape(ops.getItem(x, [[null, 2]]), [1, 2]), w))), at(x, 2));
      const vv = v.value();
      const p = ph('p', [4]);
      const sum = (t: Output) => ops.reduceSum(t);
      const acts = [ops.reduceSum(mul(ops.sigmoid(p), p)), sum(ops.sqrt(p)), sum(ops.rsqrt(p)), sum(ops.reciprocal(p)),
        sum(mul(ops.nn.relu(sub(p, 1.0)), p)), sum(mul(ops.nn.relu6(p), p)), sum(mul(ops.nn.elu(sub(p, 1.0)), p)),
        sum(mul(ops.nn.selu(sub(p, 1.0)), p)), sum(mul(ops.nn.softplus(p), p))].reduce((a, b) => add(a, b));
      return [...ops.hessians(y, x), ...ops.hessians(z, [x, w]), ...ops.hessians(mul(sum(mul(mul(vv, vv), vv)), at(x, 0)), v),
        ...ops.hessians(acts, p)];
    });
    await expectRunValues(graph, hs, fixture.hessians.feeds, fixture.hessians.values);
  });
});
