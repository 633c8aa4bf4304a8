/**
 * tf.compat.v1.cond inside function graphs against TF 2.21 (scripts/graph_fixtures/cond_v2.py): in a tf.data
 * function or a switch_case branch, TF builds one functional If / StatelessIf op (cond_v2) over branch functions of
 * the graph's library. Built here with the same calls: the same dataset graph, the same functions (a dataset
 * function's nodes, each branch function's signature, nodes, returns and attrs, each If op's attrs), the same
 * elements; conds in switch_case branches the same ops and values; bad conds TF's errors; gradients (`_IfGrad`)
 * and a training through a cond in a switch_case branch TF's values.
 */
import { fromBinary, toJson } from '@bufbuild/protobuf';
import { DType, Graph, Output, data, ops } from '../lib';
import { AttrValueSchema, FunctionDef, GraphDefSchema, NodeDef } from '../lib/proto';
import {
  OpsFixture, expectClose, expectRunValues, itGivesTF1Gradients, itThrowsTF1Errors, staticShapesOf, trainByGradientDescent,
} from './helpers/fixture_values';
import { describeFunctionPipelines } from './helpers/datasets';
import { branchSignatureJson, recordWithFunctions } from './helpers/function_graphs';
import { loadGraphFixture } from './helpers/graph_record';

interface Training { losses: number[]; v: number[] }
type Functions = Record<string, unknown>;
type Fixture = OpsFixture & { training: Training;
  data: Record<string, { all_functions: Functions; elements: unknown[] }> };
const fixture = loadGraphFixture<Fixture>('cond_v2.json');
const { cond, switchCase } = ops;
const f32 = DType.float32;
const FUNC_ATTRS = ['f', 'predicate', 'then_branch', 'else_branch', 'branches'];
const BRANCH_ATTRS = ['then_branch', 'else_branch', 'branches'];

const byName = (a: unknown[], b: unknown[]) => ((a[0] as string) < (b[0] as string) ? -1 : 1);

/** cond_v2.py's record_function: a branch function's signature, attrs, nodes and returns; a dataset function's nodes. */
function recordFunction(f: FunctionDef, branch: boolean): Record<string, unknown> {
  const sig = f.signature!;
  const rename = new Map(branch ? [] : sig.inputArg.map((a, k) => [a.name, `args[${k}]`]));
  const rec = branch ? branchSignatureJson(f) : {};
  if (branch) rec.control_ret = Object.fromEntries(Object.keys(f.controlRet).sort().map((k) => [k, f.controlRet[k]]));
  rec.nodes = f.nodeDef.map((n) => [n.name, n.op, n.input.map((t) => rename.get(t) ?? t)]).sort(byName);
  rec.ret = sig.outputArg.map((a) => f.ret[a.name]).map((t) => rename.get(t) ?? t);
  rec.ops = Object.fromEntries(f.nodeDef.filter((n) => ['If', 'StatelessIf', 'Case', 'StatelessCase'].includes(n.op))
    .map((n) => [n.name, Object.fromEntries(Object.keys(n.attr).filter((k) => !FUNC_ATTRS.includes(k)).sort()
      .map((k) => [k, toJson(AttrValueSchema, n.attr[k])]))]));
  return rec;
}

/** cond_v2.py's functions_of: every function of an op taking functions, by '<op>.<attr>[i]' joined by '>'. */
function functionsOf(g: Graph): Functions {
  const def = fromBinary(GraphDefSchema, g.toGraphDef());
  const lib = new Map(def.library?.function.map((f) => [f.signature!.name, f]) ?? []);
  const out: Functions = {};
  const visit = (nodes: NodeDef[], prefix: string) => {
    for (const n of nodes) {
      for (const attr of FUNC_ATTRS.filter((a) => a in n.attr)) {
        const v = n.attr[attr].value;
        const names = v.case === 'func' ? [v.value.name] : v.case === 'list' ? v.value.func.map((fn) => fn.name) : [];
        names.forEach((name, i) => {
          const key = `${prefix}${n.name}.${attr}[${i}]`;
          out[key] = recordFunction(lib.get(name)!, BRANCH_ATTRS.includes(attr));
          visit(lib.get(name)!.nodeDef, `${key}>`);
        });
      }
    }
  };
  visit(def.node, '');
  return out;
}

const thr = () => ops.placeholderWithDefault(ops.constant(1.5), [], 'thr');

/** cond_v2.py's PIPELINES. */
const PIPELINES: Record<string, () => data.Dataset> = {
  value_cond: () => data.Dataset.range(5).map((x: Output) => cond(ops.greater(x, 1), () => ops.mul(x, 2, 'mul'),
    () => ops.add(x, 10, 'add'))),
  random_flip: () => {
    const ds = data.Dataset.fromTensorSlices(ops.constant(Float32Array.from({ length: 12 }, (_, i) => i), { shape: [4, 3] }));
    return ds.map((x: Output) => cond(ops.greater(ops.randomUniform([], { seed: 7 }), 0.5), () => ops.reverse(x, [0]),
      () => ops.add(x, ops.randomUniform([3], { minval: -0.1, maxval: 0.1, seed: 3 }), 'add')));
  },
  structures: () => {
    const t = thr();
    const ds = data.Dataset.fromTensorSlices({ a: ops.constant([1.0, 2.0, 3.0]), b: ops.constant([10, 20, 30], { dtype: DType.int32 }) });
    return ds.map((d: { a: Output; b: Output }) => {
      const [a, b, none] = cond(ops.greater(d.a, t), () => [d.a, ops.mul(d.b, 2, 'mul'), null],
        () => [ops.neg(d.a), d.b, null]) as [Output, Output, null];
      expect(none).toBeNull();
      const flag = cond(ops.greater(d.b, 15), () => ops.noOp(), () => ops.noOp(), { name: 'flag' });
      const single = cond(ops.greater(d.a, 2.0), () => [ops.mul(a, 2.0, 'mul')], () => [a], { name: 'single' });
      // No singleton unpacked in a function: a one-element list stays one.
      expect(Array.isArray(single)).toBe(true);
      return { a, b, flag, single: (single as unknown as Output[])[0] };
    });
  },
  nested: () => data.Dataset.range(6).map((x: Output) => {
    const y = ops.mul(x, 3, 'mul');
    return cond(ops.reshape(ops.greater(x, 1), [1]),
      () => cond(ops.greater(x, 3), () => y, () => ops.add(y, 100, 'add'), { name: 'inner' }), () => ops.sub(x, 1, 'sub'));
  }),
  variable_read: () => {
    const w = ops.getVariable('w', { initializer: ops.constant(2.0), useResource: true });
    return data.Dataset.range(4).map((x: Output) => cond(ops.greater(x, 1), () => ops.mul(ops.cast(x, f32), w, 'mul'),
      () => ops.constant(1.0)));
  },
  filtered: () => data.Dataset.range(8).filter((x: Output) => cond(ops.equal(ops.floormod(x, 2, 'mod'), 0),
    () => ops.constant(true), () => ops.greater(x, 4))),
};

describeFunctionPipelines('a cond in a tf.data function: %s', PIPELINES, fixture.data, functionsOf);

const inputs = () => [ops.placeholder(f32, [2], 'x'), ops.placeholder(DType.int32, [], 'i')] as const;

/** cond_v2.py's GRAPHS: conds in switch_case branches. */
const GRAPHS: Record<string, () => unknown> = {
  in_switch_case: () => {
    const [x, i] = inputs();
    const p = ops.placeholder(DType.bool, [], 'p');
    return { r: switchCase(i, [() => cond(ops.greater(ops.getItem(x, 0), 0), () => ops.mul(x, 2.0, 'mul'), () => ops.neg(x)),
      () => ops.add((cond(p, () => ({ s: ops.reduceSum(x) }), () => ({ s: ops.constant(7.0) })) as { s: Output }).s, x, 'add'),
      () => ops.add(x, 1.0, 'add')]) };
  },
  in_switch_case_variable: () => {
    const i = ops.placeholder(DType.int32, [], 'i');
    const v = new ops.Variable([1.0, 2.0], { name: 'v' });
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    return { r: switchCase(i, [() => cond(ops.greater(ops.getItem(v, 0), 0.5), () => ops.mul(v, 2.0, 'mul'), () => w.readValue()),
      () => ops.add(v, w, 'add')]) };
  },
};

describe.each(Object.keys(GRAPHS))('a cond in a switch_case branch: %s', (name) => {
  const graph = new Graph();
  let fetch: unknown;
  const want = fixture.graphs[name] as (typeof fixture.graphs)[string] & { all_functions: Functions };

  it('has the ops, the Case and If ops and the branch functions TF makes', () => {
    fetch = graph.asDefault(GRAPHS[name]);
    const { feeds: _f, shapes, all_functions: functions, ...expected } = want;
    expect(recordWithFunctions(graph)).toEqual(expected);
    expect(functionsOf(graph)).toEqual(functions);
    expect(staticShapesOf(fetch)).toEqual(shapes);
  });

  it('gives the values TF gives for each feed', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));
});

describe('cond_v2: build errors', () => {
  const inBranch = (fn: () => unknown) => switchCase(ops.placeholder(DType.int32, [], 'i'), [fn]);
  const c = (v: number, dtype = f32) => () => ops.constant(v, { dtype });
  const t = () => ops.constant(true);
  itThrowsTF1Errors(fixture.build_errors, {
    dtypes: () => inBranch(() => cond(t(), c(1), c(1, DType.int32))),
    structure: () => inBranch(() => cond<unknown>(t(), () => [c(1)(), c(2)()], () => ({ a: c(1)(), b: c(2)() }))),
    nesting: () => inBranch(() => cond<unknown>(t(), () => [c(1)()], c(1))),
    cross_branch: () => inBranch(() => {
      const inside: Output[] = [];
      return cond(t(), () => {
        inside.push(ops.mul(c(1)(), 2.0, 'mul'));
        return inside[0];
      }, () => ops.add(inside[0], 1.0, 'add'));
    }),
    python_bool: () => inBranch(() => cond(true as never, c(1), c(2))),
    not_callable: () => inBranch(() => cond(t(), c(1)() as never, c(2))),
  });
});

describe('cond_v2: gradients (_IfGrad)', () => itGivesTF1Gradients(fixture.gradients, {
  in_branch: () => {
    const [x, i] = inputs();
    const y = switchCase(i, [() => cond(ops.greater(ops.getItem(x, 0), 0), () => ops.mul(ops.mul(x, x, 'mul'), 3.0, 'mul'),
      () => ops.sin(x)), () => x]);
    return [ops.reduceSum(ops.mul(y, ops.constant([1.0, -2.0]), 'mul')), [x]];
  },
  captured: () => {
    const [x, i] = inputs();
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    const y = switchCase(i, [
      () => cond(ops.greater(ops.getItem(x, 1), 0), () => ops.mul(w, x, 'mul'), () => ops.add(ops.exp(x), w.readValue(), 'add')),
      () => (cond(ops.greater(ops.getItem(x, 0), 0), () => [x, ops.mul(x, 2.0, 'mul')], () => [w.readValue(), x]) as Output[])[1]]);
    return [ops.reduceSum(y), [x, w]];
  },
}));

it('a variable trains through a cond in a switch_case branch as in TF (GradientDescent, 6 steps)', async () => {
  const want = fixture.training;
  const { losses, fetched } = await trainByGradientDescent(() => {
    const v = new ops.Variable([1.0, -2.0], { name: 'v' });
    const index = ops.cast(ops.greater(ops.getItem(v, 0), 0.5), DType.int32);
    const y = switchCase(index, [() => ops.sub(ops.mul(v, 2.0, 'mul'), 1.0, 'sub'),
      () => cond(ops.less(ops.getItem(v, 1), 0), () => ops.add(ops.square(v), v, 'add'), () => ops.mul(v, 3.0, 'mul'))]);
    return { loss: ops.reduceSum(ops.square(y)), fetch: v };
  }, 0.1, want.losses.length);
  expectClose(losses, want.losses);
  expectClose(fetched, want.v);
});
