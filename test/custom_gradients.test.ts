/**
 * TF1's gradient registry against TF1 Python (scripts/graph_fixtures/custom_gradients.py):
 * `ops.registerGradient` with `graph.gradientOverrideMap`, `ops.notDifferentiable`,
 * `ops.customGradient` (with and without variables) and `nn.swish` built here with the same calls
 * must make the same ops (the uid of "CustomGradient-<uid>" aside), gradients included, and give
 * the same values; gradients through them, and a regression trained through a clipped-gradient
 * identity, Python's values; misuse TF1's errors.
 */
import { DType, Graph, Output, Variable, getDefaultGraph, ops } from '../lib';
import { loadGraphFixture, recordAll } from './helpers/graph_record';
import {
  Json, OpsFixture, expectClose, expectRunValues, itGivesTF1Gradients, itThrowsTF1Errors, jsonOf, staticShapesOf,
  trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: { losses: number[]; w: Json };
}
const fixture = loadGraphFixture<Fixture>('custom_gradients.json');
const { nn } = ops;

const X = [[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]];
const V0 = [1.0, -2.0, 0.5];
const ph = (name = 'x') => ops.placeholder(DType.float32, [2, 3], name);

/** Three times Square's gradient. */
ops.registerGradient('TripleSquare', (op, grad) => ops.mul(ops.mul(grad, 6.0, 'mul'), op.inputs[0], 'mul'));
ops.registerGradient('Snapshot', (_op, grad) => ops.neg(grad));
ops.notDifferentiable('DeepCopy');

/** The identity, its gradient clipped to [-0.5, 0.5]. */
const clipGradient = ops.customGradient((x) => [ops.identity(x), (dy) => ops.clipByValue(dy, -0.5, 0.5)]);

/** [a * b, a + b], its gradients doubled. */
const mulAdd = ops.customGradient((a, b) => [[ops.mul(a, b, 'mul'), ops.add(a, b, 'add')], (dp, ds) => [
  ops.mul(2.0, ops.add(ops.mul(dp, b, 'mul'), ds, 'add'), 'mul'),
  ops.mul(2.0, ops.add(ops.mul(dp, a, 'mul'), ds, 'add'), 'mul'),
]]);

/** tf.custom_gradient's documented example: a stable gradient of log(1 + exp(x)). */
const log1pexp = ops.customGradient((x) => {
  const e = ops.exp(x);
  return [ops.log(ops.add(1, e, 'add')),
    (upstream) => ops.mul(upstream, ops.sub(1, ops.truediv(1, ops.add(1, e, 'add')), 'sub'), 'mul')];
});

/** x * v, v a resource variable, its gradients the true ones times 2 and 3. */
const scaledBy = (v: Variable) => ops.customGradient((x) => [ops.mul(x, v, 'mul'),
  (dy: Output, { variables }: ops.CustomGradVariables): ops.InputAndVariableGradients => {
    expect(variables).toEqual([v]);
    return [ops.mul(ops.mul(dy, v, 'mul'), 2.0, 'mul'), [ops.mul(ops.reduceSum(ops.mul(dy, x, 'mul'), 0), 3.0, 'mul')]];
  }]);

const resourceV = () => ops.getVariable('v', { initializer: V0, useResource: true });

/** `tf.gradients` of the ys given gradients fed for them (placeholders `dy`, `dy_1`, ...). */
function gradsOf(ys: Output | Output[], xs: Array<Output | Variable>): Array<Output | null> {
  const yl = Array.isArray(ys) ? ys : [ys];
  const dys = yl.map((y) => ops.placeholder(y.dtype, y.shape, 'dy'));
  return ops.gradients(yl, xs, { gradYs: dys }) as Array<Output | null>;
}

// The gradients taken straight from the registered and custom functions' ops, as the fixture's.
const GRAPHS: Record<string, () => Record<string, Output | Array<Output | null>>> = {
  override: () => {
    const x = ph();
    const g = getDefaultGraph();
    const s1 = ops.square(x);
    const [s2, s3, s4] = g.gradientOverrideMap({ Square: 'TripleSquare', Neg: 'NoSuchGradient' }, () => [
      ops.square(x, 's2'),
      g.gradientOverrideMap({ Square: 'Square' }, () => ops.square(x, 's3')),
      ops.square(x, 's4'),
    ]);
    const s5 = ops.square(x, 's5');
    return { s: [s1, s2, s3, s4, s5], g: gradsOf(s2, [x]) };
  },
  registered_type: () => {
    const x = ph();
    const y = ops.gen.snapshot({ input: x }, 'snap');
    return { y, g: gradsOf(y, [x]) };
  },
  not_differentiable: () => {
    const x = ph();
    const y = ops.gen.deepCopy({ x }, 'copy');
    expect(gradsOf(y, [x])).toEqual([null]);
    return { y };
  },
  custom: () => {
    const x = ph();
    const a = ph('a');
    const c = clipGradient(x);
    const [p, s] = mulAdd(x, a);
    const l = log1pexp(x);
    return { c, p, s, l, g: [...gradsOf(c, [x]), ...gradsOf([p, s], [x, a]), ...gradsOf(l, [x])] };
  },
  custom_variables: () => {
    const x = ph();
    const y = scaledBy(resourceV())(x);
    return { y, g: gradsOf(y, [x, ops.globalVariables()[0]]) };
  },
  custom_watched: () => {
    const x = ph();
    const v = resourceV();
    const w = ops.getVariable('w', { initializer: V0.map((e) => e * 2), useResource: true });
    const u = ops.getVariable('u', { initializer: V0, useResource: true, trainable: false });
    // Reading a trainable variable (w) and a non-trainable one (u) besides what the result uses.
    const y = ops.customGradient((a) => {
      w.readValue();
      ops.add(u.value(), 1.0, 'add');  // Python's `u + 1.0`: the value read first
      return [ops.mul(a, v, 'mul'), (dy: Output, { variables }: ops.CustomGradVariables): ops.InputAndVariableGradients => {
        expect(variables).toEqual([v, w]);
        return [ops.mul(dy, 0.5, 'mul'), [ops.reduceSum(dy, 0), ops.reduceSum(ops.mul(dy, a, 'mul'), 0)]];
      }];
    })(x);
    return { y, g: gradsOf(y, [x, v, w]) };
  },
  swish: () => {
    const x = ph();
    const d = ops.placeholder(DType.float64, [3], 'd');
    const out = { swish: nn.swish(x), beta: nn.swish(x, 2.0), silu: nn.silu(d, 0.5) };
    return { ...out, g: [...gradsOf(out.swish, [x]), ...gradsOf(out.silu, [d])] };
  },
};

/** A graph's record with the uid of each "CustomGradient-<uid>" masked, and `_gradient_op_type` as its string, as the fixture has it. */
function maskedRecord(graph: Graph): unknown {
  const rec = recordAll(graph, jsonOf);
  for (const attrs of Object.values(rec.attrs)) {
    const t = attrs._gradient_op_type as { s: string } | undefined;
    if (t) attrs._gradient_op_type = { s: maskUid(Buffer.from(t.s, 'base64').toString()) };
  }
  return rec;
}

const maskUid = (s: string) => s.replace(/CustomGradient-\d+/g, 'CustomGradient-<uid>');

describe.each(Object.keys(GRAPHS))('%s', (name) => {
  const graph = new Graph();
  let fetch: Record<string, Output | Array<Output | null>>;
  const want = fixture.graphs[name];

  it('has the ops and attrs TF1 Python makes, the gradients\' included', () => {
    fetch = graph.asDefault(GRAPHS[name]);
    const { feeds: _f, shapes, ...expected } = want;
    expect(maskedRecord(graph)).toEqual(expected);
    expect(staticShapesOf(fetch)).toEqual(shapes);
  });

  it('gives the values TF1 Python gives', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));
});

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, {
  override_grad: () => {
    const x = ph();
    const s = getDefaultGraph().gradientOverrideMap({ Square: 'TripleSquare' }, () => ops.square(ops.sin(x)));
    return [ops.reduceSum(ops.mul(s, x)), [x]];
  },
  custom_grad: () => {
    const [x, a] = [ph(), ph('a')];
    const [p, s] = mulAdd(ops.tanh(x), a);
    return [ops.reduceSum(ops.mul(clipGradient(ops.mul(p, s)), 2.0)), [x, a]];
  },
  variables_grad: () => {
    const x = ph();
    const v = resourceV();
    return [ops.reduceSum(ops.sin(scaledBy(v)(x))), [x, v]];
  },
  swish_grad: () => {
    const x = ph();
    const beta = ops.placeholder(DType.float32, [], 'beta');
    return [ops.reduceSum(ops.mul(nn.swish(x, beta), x)), [x, beta]];
  },
}));

describe('training through a clipped-gradient identity', () => {
  it('GradientDescent gives the losses and weights of TF1 Python', async () => {
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { initializer: ops.constant([[0.5], [-1.0], [2.0]]) });
      const pred = clipGradient(ops.matmul(ops.constant(X), w));
      return { loss: ops.reduceMean(ops.square(ops.sub(pred, ops.constant([[4.0], [-3.0]])))), fetch: w };
    }, 0.3, 6);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('errors', () => {
  const errors = fixture.build_errors;
  const withV = (f: (v: Variable) => unknown) => () => f(resourceV());
  const { register_twice: _a, register_builtin: _b, no_gradient_twice: _c, override_unregistered: _d,
    input_grads_count: _e, ...exact } = errors;
  itThrowsTF1Errors(exact, {
    override_not_dict: () => getDefaultGraph().gradientOverrideMap(
      [['Square', 'TripleSquare']] as unknown as Record<string, string>, () => undefined),
    override_not_string: () => getDefaultGraph().gradientOverrideMap(
      { Square: 3 } as unknown as Record<string, string>, () => undefined),
    variables_not_declared: withV((v) => ops.customGradient((x) => [ops.mul(x, v), (dy) => dy])(ph())),
    variable_grads_count: withV((v) => ops.gradients(ops.customGradient((x) => [ops.mul(x, v),
      (dy: Output, _vars: ops.CustomGradVariables): ops.InputAndVariableGradients => [dy, []]])(ph()), v)),
    ref_variable_inside: () => ops.customGradient((x) => {
      const w = ops.getVariable('w', { initializer: ops.constant(V0), useResource: false });
      return [ops.mul(x, w), (dy: Output, _vars: ops.CustomGradVariables): ops.InputAndVariableGradients => [dy, [dy]]];
    })(ph()),
    register_not_string: () => ops.registerGradient(3 as unknown as string, (_op, g) => g),
  });

  /** `fn`'s error in a new graph, its CustomGradient uids masked. */
  const thrown = (fn: () => unknown) => {
    const e = (() => {
      try {
        new Graph().asDefault(fn);
      } catch (err) {
        return err as Error;
      }
      throw new Error('did not throw');
    })();
    return { class: e.constructor.name, message: maskUid(e.message) };
  };

  it.each(['register_twice', 'register_builtin', 'no_gradient_twice'])('%s: TF1\'s KeyError', (name) => {
    const got = thrown({
      register_twice: () => ops.registerGradient('TripleSquare', (_op, g) => g),
      register_builtin: () => ops.registerGradient('GatherV2', (_op, g) => g),
      no_gradient_twice: () => ops.notDifferentiable('Snapshot'),
    }[name]!);
    // Where the first registration was made: TF's Python file and line there, the registering call here.
    const upTo = (m: string) => m.slice(0, m.indexOf('(Previous registration was in ') + 30);
    expect({ class: got.class, message: upTo(got.message) })
      .toEqual({ class: errors[name].class, message: upTo(errors[name].message) });
  });

  it('override_unregistered: TF1\'s LookupError, worded as tf1-node\'s others (test/gradients.test.ts)', () => {
    const got = thrown(() => {
      const x = ph();
      ops.gradients(getDefaultGraph().gradientOverrideMap({ Square: 'NoSuchGradient' }, () => ops.square(x, 's')), x);
    });
    expect(got.class).toBe(errors.override_unregistered.class);
    expect(got.message).toMatch(/^No gradient defined for operation's' \(op type: Square\)\. In general every operation/);
  });

  it('input_grads_count: TF1\'s ValueError, the NodeDef\'s attrs in the order it holds them', () => {
    const got = thrown(() => {
      const x = ph();
      ops.gradients(ops.customGradient((a, b) => [ops.mul(a, b, 'mul'), (dy) => dy])(x, x), x);
    });
    const lines = (m: string) => m.split('\n').sort();
    expect(got.class).toBe(errors.input_grads_count.class);
    expect(lines(got.message)).toEqual(lines(errors.input_grads_count.message));
    expect(got.message.slice(0, 40)).toBe(errors.input_grads_count.message.slice(0, 40));
  });

  it('a registered name is taken only once, by registerGradient or notDifferentiable', () => {
    ops.registerGradient('CustomGradient-x', (_op, g) => g);
    expect(() => ops.notDifferentiable('CustomGradient-x')).toThrow(/^Registering two gradient with name 'CustomGradient-x'!/);
  });
});
