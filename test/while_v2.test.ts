/**
 * tf.compat.v1.while_loop inside function graphs against TF 2.21 (scripts/graph_fixtures/while_v2.py): in a tf.data
 * function or a switch_case branch, TF builds one functional While / StatelessWhile op (while_v2) over cond and body
 * functions of the graph's library. Built here with the same calls: the same dataset graph, the same functions (a
 * dataset function's nodes; each loop or branch function's signature, nodes, returns and attrs; each While op's
 * attrs), the same elements; loops in switch_case branches the same ops and values; bad loops TF's errors;
 * gradients (`_WhileGrad`) and a training through a loop in a switch_case branch TF's values.
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

type Functions = Record<string, unknown>;
type Fixture = OpsFixture & { training: { losses: number[]; v: number[] };
  data: Record<string, { all_functions: Functions; elements: unknown[] }> };
const fixture = loadGraphFixture<Fixture>('while_v2.json');
const { whileLoop, switchCase, cond } = ops;
const f32 = DType.float32;
const i64 = DType.int64;
const LOOP_ATTRS = ['cond', 'body'];
const FUNC_ATTRS = ['f', 'predicate', 'then_branch', 'else_branch', 'branches', ...LOOP_ATTRS];

/** while_v2.py's without_uids: function uids as <uid>. */
const withoutUids = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/_(cond|body)_\d+/g, '_$1_<uid>'));

const attrsJson = (n: NodeDef, skip: string[]) => Object.fromEntries(Object.keys(n.attr).filter((k) => !skip.includes(k))
  .sort().map((k) => [k, toJson(AttrValueSchema, n.attr[k])]));

/** cond_v2.py's record_function with while_v2.py's `loops`: the While ops' attrs but their functions. */
function recordFunction(f: FunctionDef, branch: boolean): Record<string, unknown> {
  const sig = f.signature!;
  const rename = new Map(branch ? [] : sig.inputArg.map((a, k) => [a.name, `args[${k}]`]));
  const rec = branch ? branchSignatureJson(f) : {};
  if (branch) rec.control_ret = Object.fromEntries(Object.keys(f.controlRet).sort().map((k) => [k, f.controlRet[k]]));
  rec.nodes = f.nodeDef.map((n) => [n.name, n.op, n.input.map((t) => rename.get(t) ?? t)])
    .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
  rec.ret = sig.outputArg.map((a) => f.ret[a.name]).map((t) => rename.get(t) ?? t);
  rec.ops = Object.fromEntries(f.nodeDef.filter((n) => ['If', 'StatelessIf', 'Case', 'StatelessCase'].includes(n.op))
    .map((n) => [n.name, attrsJson(n, FUNC_ATTRS)]));
  rec.loops = Object.fromEntries(f.nodeDef.filter((n) => n.op.endsWith('While')).map((n) => [n.name, attrsJson(n, LOOP_ATTRS)]));
  return rec;
}

/** while_v2.py's functions_of. */
function functionsOf(g: Graph): unknown {
  const def = fromBinary(GraphDefSchema, g.toGraphDef());
  const lib = new Map(def.library?.function.map((f) => [f.signature!.name, f]) ?? []);
  const out: Functions = {};
  const visit = (nodes: NodeDef[], prefix: string) => nodes.forEach((n) => FUNC_ATTRS.filter((a) => a in n.attr).forEach((attr) => {
    const v = n.attr[attr].value;
    const names = v.case === 'func' ? [v.value.name] : v.case === 'list' ? v.value.func.map((fn) => fn.name) : [];
    names.forEach((name, i) => {
      const key = `${prefix}${n.name}.${attr}[${i}]`;
      out[key] = recordFunction(lib.get(name)!, attr !== 'f' && attr !== 'predicate');
      visit(lib.get(name)!.nodeDef, `${key}>`);
    });
  }));
  visit(def.node, '');
  return withoutUids(out);
}

const int64 = (v: number) => ops.constant(v, { dtype: i64 });
const int32 = (v: number) => ops.constant(v, { dtype: DType.int32 });

/** while_v2.py's PIPELINES. */
const PIPELINES: Record<string, () => data.Dataset> = {
  counter: () => data.Dataset.range(5).map((x: Output) => whileLoop((i: Output) => ops.less(i, x),
    (i: Output, s: Output) => [ops.add(i, 1, 'add'), ops.add(s, i, 'add')], [int64(0), int64(0)])),
  captures: () => {
    const thr = ops.placeholderWithDefault(ops.constant(1.5), [], 'thr');
    return data.Dataset.range(5).map((x: Output) => {
      const y = ops.mul(x, 2, 'mul');
      return whileLoop((i: Output) => ops.less(i, x),
        (i: Output, acc: { a: Output; b: Output }) => [ops.add(i, 1, 'add'), { a: ops.add(acc.a, y, 'add'), b: ops.mul(acc.b, thr, 'mul') }],
        [int64(0), { a: int64(0), b: ops.constant(1.0) }], { maximumIterations: 3 });
    });
  },
  invariants: () => data.Dataset.range(4).map((x: Output) => {
    const [, v] = whileLoop((i: Output) => ops.less(i, ops.cast(x, DType.int32)),
      (i: Output, w: Output) => [ops.add(i, 1, 'add'), ops.concat([w, [ops.cast(i, f32)]], 0)],
      [0, ops.zeros([0])], { shapeInvariants: [[], [null]], parallelIterations: 4 }) as Output[];
    const halved = whileLoop((h: Output) => ops.greater(h, 1.0), (h: Output) => ops.div(h, 2.0, 'truediv'),
      [ops.add(ops.cast(x, f32), 1.0, 'add')], { name: 'halve' });
    return [v, halved];
  }),
  nested: () => data.Dataset.range(5).map((x: Output) => whileLoop((i: Output) => ops.less(i, x), (i: Output, s: Output) => {
    const inner = (whileLoop((j: Output) => ops.less(j, i), (j: Output, t: Output) => [ops.add(j, 1, 'add'), ops.add(t, j, 'add')],
      [int64(0), s], { name: 'inner' }) as Output[])[1];
    return [ops.add(i, 1, 'add'), cond(ops.greater(inner, 5), () => ops.sub(inner, 5, 'sub'), () => inner)];
  }, [int64(0), int64(0)])),
  variable_read: () => {
    const w = ops.getVariable('w', { initializer: ops.constant(2.0), useResource: true });
    return data.Dataset.range(4).map((x: Output) => whileLoop((i: Output) => ops.less(i, x),
      (i: Output, s: Output) => [ops.add(i, 1, 'add'), ops.mul(s, w, 'mul')], [int64(0), ops.constant(1.0)]));
  },
  map_fn: () => data.Dataset.fromTensorSlices(ops.constant(Float32Array.from({ length: 6 }, (_, i) => i), { shape: [3, 2] }))
    .map((x: Output) => ops.mapFn((r: Output) => ops.add(ops.mul(r, 2.0, 'mul'), 1.0, 'add'), x)),
  tensor_array_loop: () => data.Dataset.range(3).map((x: Output) => {
    const ta0 = new ops.TensorArray(f32, { size: 0, dynamicSize: true, elementShape: [2] });
    const [, ta] = whileLoop((i: Output) => ops.less(i, 3), (i: Output, t: ops.TensorArray) => {
      const prev = cond(ops.greater(i, 0), () => t.read(ops.sub(i, 1, 'sub')), () => ops.zeros([2]));
      return [ops.add(i, 1, 'add'), t.write(i, ops.add(prev, ops.cast(x, f32), 'add'))];
    }, [0, ta0]) as [Output, ops.TensorArray];
    return { stack: ta.stack(), gather: ta.gather([2, 0]), concat: ta.concat(), size: ta.size(),
      scan: ops.scan((a: Output, e: Output) => ops.add(a, e, 'add'), ops.range(0, ops.add(ops.cast(x, DType.int32), 1, 'add'))) };
  }),
};

describeFunctionPipelines('a while_loop in a tf.data function: %s', PIPELINES, fixture.data, functionsOf, withoutUids);

/** while_v2.py's GRAPHS: loops in switch_case branches. */
const GRAPHS: Record<string, () => unknown> = {
  in_switch_case: () => {
    const x = ops.placeholder(f32, [2], 'x');
    const i = ops.placeholder(DType.int32, [], 'i');
    const n = ops.placeholder(DType.int32, [], 'n');
    return { r: switchCase(i, [
      () => (whileLoop((k: Output) => ops.less(k, n), (k: Output, y: Output) => [ops.add(k, 1, 'add'), ops.mul(y, x, 'mul')],
        [0, ops.ones([2])]) as Output[])[1],
      () => whileLoop((y: Output) => ops.less(ops.reduceSum(y), 10.0), (y: Output) => ops.add(y, ops.abs(x), 'add'), [x],
        { backProp: false }),
      () => (whileLoop((y: Output) => ops.less(ops.reduceSum(y), 3.0), (y: Output) => [ops.add(y, 1.0, 'add')], [x],
        { returnSameStructure: true }) as unknown as Output[])[0],
    ]) };
  },
  scatter_in_switch_case: () => {
    const i = ops.placeholder(DType.int32, [], 'i');
    const w = ops.getVariable('w', { initializer: ops.constant([[1.0, 2.0], [3.0, 4.0]]), useResource: true });
    return { r: switchCase(i, [() => ops.scatterUpdate(w, [0], [[5.0, 6.0]]), () => ops.scatterAdd(w, [1], [[1.0, 1.0]]),
      () => ops.batchScatterUpdate(w, [[1], [0]], [[7.0], [8.0]])]) };
  },
};

describe.each(Object.keys(GRAPHS))('a while_loop in a switch_case branch: %s', (name) => {
  const graph = new Graph();
  let fetch: unknown;
  const want = fixture.graphs[name] as (typeof fixture.graphs)[string] & { all_functions: Functions };

  it('has the ops, the Case and While ops and the functions TF makes', () => {
    fetch = graph.asDefault(GRAPHS[name]);
    const { feeds: _f, shapes, all_functions: functions, ...expected } = want;
    expect(withoutUids(recordWithFunctions(graph))).toEqual(expected);
    expect(functionsOf(graph)).toEqual(functions);
    expect(staticShapesOf(fetch)).toEqual(shapes);
  });

  it('gives the values TF gives for each feed', () => expectRunValues(graph, fetch, want.feeds, fixture.values[name]));
});

describe('while_v2: build errors', () => {
  const inBranch = (fn: () => unknown) => switchCase(ops.placeholder(DType.int32, [], 'i'), [fn]);
  const lt3 = (v: Output) => ops.less(v, 3);
  itThrowsTF1Errors(fixture.build_errors, {
    shape: () => inBranch(() => whileLoop((v: Output) => ops.less(ops.size(v), 3), (v: Output) => ops.concat([v, v], 0),
      [ops.ones([1])])),
    dtype: () => inBranch(() => whileLoop(lt3, (v: Output) => ops.add(ops.cast(v, f32), 1.0, 'add'), [int32(0)])),
    structure: () => inBranch(() => whileLoop(lt3, (a: Output) => [ops.add(a, 1, 'add')], [int32(0), int32(1)])),
    max_dtype: () => inBranch(() => whileLoop(lt3, (v: Output) => ops.add(v, 1, 'add'), [int32(0)],
      { maximumIterations: int64(2) })),
  });
});

describe('while_v2: gradients (_WhileGrad)', () => itGivesTF1Gradients(fixture.gradients, {
  in_branch: () => {
    const x = ops.placeholder(f32, [2], 'x');
    const i = ops.placeholder(DType.int32, [], 'i');
    const y = switchCase(i, [
      () => (whileLoop((k: Output) => ops.less(k, 3), (k: Output, v: Output) => [ops.add(k, 1, 'add'),
        ops.add(ops.mul(v, x, 'mul'), ops.sin(v), 'add')], [0, x]) as Output[])[1],
      () => ops.mul(x, 2.0, 'mul')]);
    return [ops.reduceSum(ops.mul(y, ops.constant([1.0, -2.0]), 'mul')), [x]];
  },
  variable: () => {
    const x = ops.placeholder(f32, [2], 'x');
    const n = ops.placeholder(DType.int32, [], 'n');
    const w = ops.getVariable('w', { initializer: ops.constant([0.5, -1.0]), useResource: true });
    const y = switchCase(int32(0), [() => whileLoop((k: Output) => ops.less(k, n),
      (k: Output, v: Output, s: Output) => [ops.add(k, 1, 'add'), ops.tanh(ops.mul(v, w, 'mul')), ops.add(s, ops.reduceSum(v), 'add')],
      [0, x, ops.constant(0.0)], { maximumIterations: 5 })]) as unknown as Output[];
    return [ops.add(ops.getItem(y[1], 0), ops.mul(y[2], 0.5, 'mul'), 'add'), [x, w]];
  },
}));

it('a variable trains through a while_loop in a switch_case branch as in TF (GradientDescent, 6 steps)', async () => {
  const want = fixture.training;
  const { losses, fetched } = await trainByGradientDescent(() => {
    const v = new ops.Variable([1.0, -0.5], { name: 'v' });
    const y = switchCase(int32(0), [() => (whileLoop((k: Output) => ops.less(k, 4),
      (k: Output, a: Output) => [ops.add(k, 1, 'add'), ops.add(ops.mul(a, 0.9, 'mul'), v, 'add')], [0, ops.zeros([2])]) as Output[])[1]]);
    return { loss: ops.reduceSum(ops.square(ops.sub(y, ops.constant([1.0, 2.0]), 'sub'))), fetch: v };
  }, 0.05, want.losses.length);
  expectClose(losses, want.losses);
  expectClose(fetched, want.v);
});
