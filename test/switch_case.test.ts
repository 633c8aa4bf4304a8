/**
 * TF1's tf.switch_case against TF1 Python (scripts/graph_fixtures/switch_case.py): built here with the same
 * calls, each graph must have the same ops (names, types, inputs, attrs, Const values; the branch
 * functions' names, which carry a process-wide uid, left out), the same branch functions (signatures,
 * nodes, returns), static shapes, and session runs of it the same values for each branch index, out of
 * range ones too; bad arguments TF1's errors; gradients and trainings through a switch_case TF1's values. Also
 * resource variables read and updated in branches and in tf.data map functions: the reads in the function.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { DType, Graph, IndexedSlices, Output, Session, data, ops } from '../lib';
import { GraphDefSchema } from '../lib/proto';
import {
  OpsFixture, expectClose, expectRunValues, itGivesTF1Gradients, itThrowsTF1Errors, staticShapesOf,
  trainByGradientDescent,
} from './helpers/fixture_values';
import { graphJson, jsonOf as elementJson } from './helpers/datasets';
import { branchSignatureJson, recordWithFunctions } from './helpers/function_graphs';
import { loadGraphFixture } from './helpers/graph_record';

interface Training { losses: number[]; v: number[] }
type Fixture = OpsFixture & { training: Training; training_resource: Training;
  data: Record<string, { nodes: unknown; elements: unknown[] }> };
const fixture = loadGraphFixture<Fixture>('switch_case.json');
const { switchCase } = ops;
const f32 = DType.float32;

/** switch_case.py's functions_of: per Case op, each branch function's args, nodes, returns, attrs and arg attrs. */
function functionsOf(g: Graph): unknown {
  const def = fromBinary(GraphDefSchema, g.toGraphDef());
  const lib = new Map(def.library?.function.map((f) => [f.signature!.name, f]) ?? []);
  const out: Record<string, unknown[]> = {};
  for (const node of def.node.filter((n) => n.op === 'Case' || n.op === 'StatelessCase')) {
    const branches = node.attr.branches.value;
    out[node.name] = (branches.case === 'list' ? branches.value.func : []).map(({ name }) => {
      const f = lib.get(name)!;
      const { inputs, outputs, attr, arg_attr } = branchSignatureJson(f) as Record<string, unknown>;
      return {
        inputs, outputs,
        nodes: f.nodeDef.map((n) => [n.name, n.op, n.input]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
        ret: f.signature!.outputArg.map((a) => f.ret[a.name]),
        attr, arg_attr,
      };
    });
  }
  return out;
}

/**
 * switch_case.py's function_nodes: per op taking a function, its nodes [name, op, inputs] (args as `args[i]`),
 * sorted.
 */
function functionNodes(g: Graph): Record<string, unknown[]> {
  const def = fromBinary(GraphDefSchema, g.toGraphDef());
  const lib = new Map(def.library?.function.map((f) => [f.signature!.name, f]) ?? []);
  const out: Record<string, unknown[]> = {};
  for (const node of def.node) {
    for (const attr of Object.values(node.attr)) {
      if (attr.value.case !== 'func') continue;
      const f = lib.get(attr.value.value.name)!;
      const args = new Map(f.signature!.inputArg.map((a, k) => [a.name, `args[${k}]`]));
      out[node.name] = f.nodeDef.map((n) => [n.name, n.op, n.input.map((t) => args.get(t) ?? t)])
        .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
    }
  }
  return out;
}

const inputs = () => [ops.placeholder(f32, [2], 'x'), ops.placeholder(DType.int32, [], 'i')] as const;

const GRAPHS: Record<string, () => unknown> = {
  basic: () => {
    const [x, i] = inputs();
    return { r: switchCase(i, [() => ops.mul(x, 2.0, 'mul'), () => ops.add(x, 1.0, 'add'), () => ops.constant([5.0, 6.0])]) };
  },
  with_default: () => {
    const [x, i] = inputs();
    const r = switchCase(i, { 1: () => ops.square(x), 0: () => ops.sub(x, 3.0, 'sub') }, { default: () => ops.zeros([2]), name: 'sc' });
    const again = switchCase(i, [[0, () => x], [1, () => ops.mul(x, x, 'mul')]]);
    return { r, again };
  },
  variables: () => {
    const [x, i] = inputs();
    const v = new ops.Variable([1.0, 2.0], { name: 'v' });
    return { r: switchCase(i, [() => ops.mul(v, x, 'mul'), () => ops.add(v, 1.0, 'add'), () => ops.neg(x)]) };
  },
  structures: () => {
    const x = ops.placeholder(f32, [2], 'x');
    const y = ops.placeholder(f32, [null, 2], 'y');
    const i = ops.placeholder(DType.int32, [], 'i');
    return switchCase(i, [
      () => ({ a: [x, ops.mul(x, 2.0, 'mul')], b: 3, c: y }),
      () => ({ a: [ops.ones([2]), x], b: 4, c: ops.zeros([3, 2]) }),
    ]);
  },
  nested: () => {
    const [x, i] = inputs();
    const j = ops.placeholder(DType.int32, [], 'j');
    return { r: switchCase(i, [() => ops.add(switchCase(j, [() => ops.mul(x, 3.0, 'mul'), () => ops.exp(x)]), 1.0, 'add'),
      () => ops.sub(x, 1.0, 'sub')]) };
  },
  random: () => {
    ops.setRandomSeed(5);
    const i = ops.placeholder(DType.int32, [], 'i');
    return { r: switchCase(i, [() => ops.randomUniform([2], { seed: 3 }),
      () => ops.add(ops.randomNormal([2]), ops.randomNormal([2]), 'add')]) };
  },
  side_effects: () => {
    const i = ops.placeholder(DType.int32, [], 'i');
    const w = ops.getVariable('w', { initializer: ops.constant(1.0), useResource: true });
    return { r: switchCase<unknown>(i, [() => w.assignAdd(ops.constant(2.0), { readValue: false }), () => ops.noOp()]) };
  },
  resource_reads: () => {
    const [x, i] = inputs();
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    return { r: switchCase(i, [() => ops.mul(w.value(), x, 'mul'), () => ops.add(w.readValue(), 1.0, 'add'), () => ops.identity(w),
      () => ops.concat([w.sparseRead(Int32Array.of(1)), w.getItem([':1'])], 0)]) };
  },
  resource_updates: () => {
    const i = ops.placeholder(DType.int32, [], 'i');
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    return { r: switchCase(i, [() => w.assignAdd([1.0, 2.0]), () => w.assign([5.0, 6.0]),
      () => w.scatterAdd(new IndexedSlices(ops.constant([1.0]), ops.constant([0], { dtype: DType.int32 }))),
      () => w.scatterNdUpdate(ops.constant([[1]], { dtype: DType.int32 }), [7.0])]) };
  },
  ref_reads: () => {
    const i = ops.placeholder(DType.int32, [], 'i');
    const v = new ops.Variable([1.0, 2.0], { name: 'v' });
    return { r: switchCase(i, [() => v.readValue(), () => ops.mul(v.value(), 2.0, 'mul'), () => v.initializedValue()]) };
  },
};

describe.each(Object.keys(GRAPHS))('%s', (name) => {
  const graph = new Graph();
  let fetch: unknown;
  const want = fixture.graphs[name] as (typeof fixture.graphs)[string] & { functions: unknown };

  it('has the ops, attrs, collections and branch functions TF1 Python makes', () => {
    fetch = graph.asDefault(GRAPHS[name]);
    const { feeds: _f, shapes, functions, ...expected } = want;
    expect(recordWithFunctions(graph)).toEqual(expected);
    expect(functionsOf(graph)).toEqual(functions);
    expect(staticShapesOf(fetch)).toEqual(shapes);
  });

  it('gives the values TF1 Python gives for each branch index', () => expectRunValues(graph, fetch, want.feeds,
    fixture.values[name]));
});

describe('switch_case: build errors', () => {
  const x = () => ops.placeholder(f32, [2], 'x');
  const i = () => ops.placeholder(DType.int32, [], 'i');
  const f = () => ops.constant(1.0);
  const c = (v: number) => () => ops.constant(v);
  itThrowsTF1Errors(fixture.build_errors, {
    python_int_index: () => switchCase(1 as never, [f]),
    float_index: () => switchCase(ops.constant(1.0), [f]),
    int64_index: () => switchCase(ops.constant(1, { dtype: DType.int64 }), [f]),
    no_branches: () => switchCase(i(), []),
    not_a_list: () => switchCase(i(), f as never),
    not_a_pair: () => switchCase(i(), [[0, f], 3] as never),
    key_not_int: () => switchCase(i(), { a: f } as never),
    not_callable: () => switchCase(i(), { 0: 3 } as never),
    keys_not_contiguous: () => switchCase(i(), { 0: f, 2: f }),
    negative_key: () => switchCase(i(), [[-1, f], [0, f]]),
    structure: () => switchCase<unknown>(i(), [() => [c(1)(), c(2)()], () => ({ a: c(1)(), b: c(2)() })]),
    nesting: () => switchCase<unknown>(i(), [() => [c(1)(), [c(2)()]], () => [[c(1)()], c(2)()]]),
    dict_keys: () => switchCase<unknown>(i(), [() => ({ a: c(1)() }), () => ({ b: c(1)() })]),
    dtypes: () => switchCase<Output>(i(), [() => ops.mul(x(), 2.0, 'mul'), () => ops.constant([1, 2], { dtype: DType.int32 })]),
    ref_assign: () => {
      const v = new ops.Variable([1.0, 2.0], { name: 'v' });
      return switchCase(i(), [() => v.assignAdd([1.0, 1.0])]);
    },
    data_one_shot: () => {
      const w = ops.getVariable('w', { initializer: 1.0, useResource: true });
      return data.makeOneShotIterator(data.Dataset.range(2).map((x: Output) => ops.mul(ops.cast(x, f32), w, 'mul')));
    },
  });
});

describe('switch_case: gradients (_CaseGrad)', () => itGivesTF1Gradients(fixture.gradients, {
  branches: () => {
    const [x, i] = inputs();
    const y = switchCase(i, [() => ops.mul(ops.mul(x, x), 3.0, 'mul'), () => ops.add(ops.sin(x), x, 'add'), () => ops.constant([1.0, 2.0])]);
    return [ops.reduceSum(ops.mul(y, ops.constant([1.0, -2.0]), 'mul')), [x]];
  },
  captured: () => {
    const [x, i] = inputs();
    const v = new ops.Variable([1.0, 2.0], { name: 'v' });
    const [a, b] = switchCase(i, { 0: () => [ops.mul(v, x, 'mul'), ops.exp(x)], 1: () => [x, ops.mul(v, v, 'mul')] },
      { default: () => [v.value(), x] });
    return [ops.reduceSum(ops.add(ops.mul(a, 2.0, 'mul'), b, 'add')), [x, v]];
  },
  resource: () => {
    const [x, i] = inputs();
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    const y = switchCase(i, [() => ops.mul(w, x, 'mul'), () => ops.tanh(w)]);
    return [ops.reduceSum(y), [x, w]];
  },
  nested: () => {
    const [x, i] = inputs();
    const j = ops.placeholder(DType.int32, [], 'j');
    const y = switchCase(i, [() => ops.mul(switchCase(j, [() => ops.mul(x, x, 'mul'), () => ops.exp(x)]), 2.0, 'mul'), () => x]);
    return [ops.reduceSum(y), [x]];
  },
  resource_reads: () => {
    const [x, i] = inputs();
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    const y = switchCase(i, [() => ops.mul(ops.sin(w.readValue()), x, 'mul'),
      () => ops.mul(ops.mul(w.getItem(['1:']), ops.getItem(w.value(), [':1']), 'mul'), x, 'mul'), () => ops.mul(ops.identity(w), 2.0, 'mul')]);
    return [ops.reduceSum(y), [x, w]];
  },
}));

it('a variable trains through a switch_case on its own value as in TF1 Python (GradientDescent, 6 steps)', async () => {
  const want = fixture.training;
  const { losses, fetched } = await trainByGradientDescent(() => {
    const v = new ops.Variable([1.0, -2.0], { name: 'v' });
    const index = ops.cast(ops.greater(ops.getItem(v, 0), 0.5), DType.int32);
    const y = switchCase(index, [() => ops.sub(ops.mul(v, 2.0, 'mul'), 1.0, 'sub'), () => ops.add(ops.square(v), v, 'add')]);
    return { loss: ops.reduceSum(ops.square(y)), fetch: v };
  }, 0.1, want.losses.length);
  expectClose(losses, want.losses);
  expectClose(fetched, want.v);
});

it('a resource variable read in a branch trains as in TF1 Python (GradientDescent, 6 steps)', async () => {
  const want = fixture.training_resource;
  const { losses, fetched } = await trainByGradientDescent(() => {
    const w = ops.getVariable('w', { initializer: ops.constant([1.0, -2.0]), useResource: true });
    const x = ops.constant([0.5, 1.5], { name: 'x' });
    const index = ops.cast(ops.greater(ops.getItem(w, 0), 0.5), DType.int32);
    const y = switchCase(index, [() => ops.sub(ops.mul(w.value(), 2.0, 'mul'), x, 'sub'),
      () => ops.add(ops.square(w.readValue()), x, 'add')]);
    return { loss: ops.reduceSum(ops.square(y)), fetch: w };
  }, 0.1, want.losses.length);
  expectClose(losses, want.losses);
  expectClose(fetched, want.v);
});

/** switch_case.py's data_graphs: map functions reading and updating a resource variable. */
const DATA_GRAPHS: Record<string, () => data.Dataset> = {
  reads: () => {
    const w = ops.getVariable('w', { initializer: ops.constant([3.0, -1.0]), useResource: true });
    const ds = data.Dataset.fromTensorSlices(ops.constant([[1.0, 2.0], [3.0, 4.0]]));
    return ds.map((x: Output) => ops.add(ops.mul(x, w, 'mul'), w.readValue(), 'Add'));
  },
  updates: () => {
    const w = ops.getVariable('w', { initializer: ops.constant(0.0), useResource: true });
    return data.Dataset.range(3).map((x: Output) => ops.add(ops.cast(x, f32), w.assignAdd(1.0), 'Add'));
  },
};

describe.each(Object.keys(DATA_GRAPHS))('a tf.data map function with a resource variable: %s', (name) => {
  const { nodes, elements, ...want } = fixture.data[name];
  const g = new Graph();
  let iterator: data.Iterator;
  let next: Output;

  it('captures the handle and reads in the function as TF1 Python', () => {
    g.asDefault(() => {
      iterator = data.makeInitializableIterator(DATA_GRAPHS[name]());
      next = iterator.getNext() as Output;
    });
    expect(graphJson(g)).toEqual(want);
    expect(functionNodes(g)).toEqual(nodes);
  });

  it('gives the elements TF1 Python gives', async () => {
    const sess = new Session(g);
    try {
      await sess.run(g.asDefault(() => ops.globalVariablesInitializer()));
      await sess.run(iterator.initializer);
      const got: unknown[] = [];
      for (const _ of elements) got.push(elementJson(await sess.run(next)));
      expect(got).toEqual(elements);
    } finally {
      await sess.close();
    }
  });
});

it("BAD CALL - a default that is not callable is Python's TypeError, before any branch is traced", () => {
  const g = new Graph();
  g.asDefault(() => {
    const i = ops.placeholder(DType.int32, [], 'i');
    expect(() => switchCase(i, [() => ops.constant(1.0)], { default: 3 as never })).toThrow(
      new TypeError("'int' object is not callable"));
  });
  expect(g.operations().map((o) => o.type)).toEqual(['Placeholder']);
});
