/**
 * tf.data functions traced as TF 2.21 traces them (scripts/graph_fixtures/data_functions.py): the function has its
 * outer graph's random seed (op seeds counted in the function), stateful ops run in program order with the
 * function's control outputs (automatic control dependencies: control inputs, a NoOp before the returns,
 * control_ret), captured tensors' arguments named for the op that captures them, each output returned through an
 * Identity. Built here with the same calls: the same dataset graph, each function's whole FunctionDef but its name
 * (signature, nodes with their inputs and attrs, returns, control returns, attrs, arg attrs), the same elements.
 */
import { fromBinary, toJson } from '@bufbuild/protobuf';
import { DType, Graph, Output, data, errors, ops } from '../lib';
import { AttrValueSchema, FunctionDef, GraphDefSchema, NodeDef } from '../lib/proto';
import { formatFloat32 } from '../lib/proto/text_format';
import { describeFunctionPipelines } from './helpers/datasets';
import { loadGraphFixture } from './helpers/graph_record';

type Fixture = { data: Record<string, { all_functions: Record<string, unknown>; elements: unknown[] }> };
const fixture = loadGraphFixture<Fixture>('data_functions.json');
const f32 = DType.float32;
const FUNC_ATTRS = ['f', 'predicate', 'key_func', 'reduce_func', 'window_size_func', 'init_func', 'finalize_func'];

/** A tensor attr's floats as Python's json_format writes them: the shortest digits of the float32. */
function float32Json(v: unknown): unknown {
  const t = (v as { tensor?: { floatVal?: number[] } }).tensor;
  if (t?.floatVal) t.floatVal = t.floatVal.map((x) => Number(formatFloat32(x)));
  return v;
}

/** Attrs as JSON, a function as '<fn>' (TF names it for the Python function and marks it a tf.data function). */
const attrsJson = (attr: FunctionDef['attr']) => Object.fromEntries(Object.keys(attr).sort()
  .map((k) => [k, attr[k].value.case === 'func' ? '<fn>' : float32Json(toJson(AttrValueSchema, attr[k]))]));

/** data_functions.py's function_json: a FunctionDef but its name. */
function functionJson(f: FunctionDef): unknown {
  const sig = f.signature!;
  return {
    inputs: sig.inputArg.map((a) => [a.name, a.type]),
    outputs: sig.outputArg.map((a) => [a.name, a.type]),
    is_stateful: sig.isStateful,
    control_output: sig.controlOutput,
    nodes: f.nodeDef.map((n) => [n.name, n.op, n.input, attrsJson(n.attr)]),
    ret: sig.outputArg.map((a) => f.ret[a.name]),
    control_ret: Object.fromEntries(Object.keys(f.controlRet).sort().map((k) => [k, f.controlRet[k]])),
    attr: attrsJson(f.attr),
    arg_attr: sig.inputArg.map((_, k) => attrsJson(f.argAttr[k]?.attr ?? {})),
  };
}

/** data_functions.py's functions_of: every op's function by '<op>.<attr>', nested ones joined by '>'. */
function functionsOf(g: Graph): Record<string, unknown> {
  const def = fromBinary(GraphDefSchema, g.toGraphDef());
  const lib = new Map(def.library?.function.map((f) => [f.signature!.name, f]) ?? []);
  const out: Record<string, unknown> = {};
  const visit = (nodes: NodeDef[], prefix: string) => {
    for (const n of nodes) {
      for (const attr of FUNC_ATTRS.filter((a) => n.attr[a]?.value.case === 'func')) {
        const f = lib.get((n.attr[attr].value.value as { name: string }).name)!;
        const key = `${prefix}${n.name}.${attr}`;
        out[key] = functionJson(f);
        visit(f.nodeDef, `${key}>`);
      }
    }
  };
  visit(def.node, '');
  return out;
}

const LABELS = [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0];

/** data_functions.py's PIPELINES. */
const PIPELINES: Record<string, () => data.Dataset> = {
  graph_seed: () => {
    ops.setRandomSeed(42);
    const ds = data.Dataset.range(4).map((x: Output) => ops.add(ops.cast(x, f32), ops.randomUniform([2]), 'add'));
    return ds.map((y: Output) => [y, ops.randomNormal([]), ops.randomUniform([], { seed: 3 })]);
  },
  ordered_updates: () => {
    const w = ops.getVariable('w', { initializer: ops.constant(2.0), useResource: true });
    const v = ops.getVariable('v', { initializer: ops.constant(0.0), useResource: true });
    const c = ops.constant(3.0, { name: 'c' });
    return data.Dataset.range(3).map((x: Output) => {
      v.assignAdd(1.0, { readValue: false });
      const y = ops.mul(ops.mul(ops.cast(x, f32), w.readValue()), c);
      return [y, v.readValue()];
    });
  },
  write_after_read: () => {
    const v = ops.getVariable('v', { initializer: ops.constant(10.0), useResource: true });
    return data.Dataset.range(3).map((x: Output) => {
      const before = v.readValue();
      v.assign(ops.cast(x, f32), { readValue: false });
      return [before, v.readValue()];
    });
  },
  returns: () => {
    const t = ops.placeholderWithDefault(ops.constant([1, 2], { dtype: DType.int64 }), [2], 't');
    return data.Dataset.range(2).map((x: Output) => {
      const y = ops.add(x, 1, 'Add');
      return [x, t, y, y];
    });
  },
  predicate_and_flat_map: () => {
    const thr = ops.constant(1, { dtype: DType.int64, name: 'thr' });
    const ds = data.Dataset.range(4).filter((x: Output) => ops.greater(x, thr));
    return ds.flatMap((x: Output) => data.Dataset.range(x).map((y: Output) => ops.mul(y, x)));
  },
  prints: () => data.Dataset.range(2).map((x: Output) => {
    ops.print(['a', x], { outputStream: 'stdout' });
    ops.print(['b'], { outputStream: 'stdout' });
    return ops.add(x, 1, 'add');
  }),
  cond_then_update: () => {
    const v = ops.getVariable('v', { initializer: ops.constant(1.0), useResource: true });
    return data.Dataset.range(3).map((x: Output) => {
      const r = ops.cond(ops.greater(x, 0), () => ops.add(v.readValue(), 1.0, 'Add'), () => ops.constant(0.0));
      v.assignAdd(1.0, { readValue: false });
      return r;
    });
  },
  resample_known: () => data.Dataset.fromTensorSlices(ops.constant(LABELS, { dtype: DType.int32 }))
    .apply(data.experimental.rejectionResample((x: Output) => x, [0.5, 0.5], { initialDist: [0.75, 0.25], seed: 7 })),
  resample_estimated: () => data.Dataset.fromTensorSlices([ops.range(0, 16, 1, f32), ops.constant(LABELS, { dtype: DType.int32 })])
    .apply(data.experimental.rejectionResample((_f: Output, label: Output) => label, [0.5, 0.5], { seed: 3 })),
  resample_already: () => data.Dataset.fromTensorSlices(ops.constant(LABELS, { dtype: DType.int32 }))
    .apply(data.experimental.rejectionResample((x: Output) => x, [0.75, 0.25], { initialDist: [0.75, 0.25] })),
};

describeFunctionPipelines('a tf.data function traced as TF traces it: %s', PIPELINES, fixture.data, functionsOf);

it("BAD CALL - a dataset function that is not callable is TF's ValueError (map, filter, rejection_resample's class_func)", () => {
  const error = new errors.ValueError("Argument `func` must be a callable. Received func=3 (of type <class 'int'>)");
  new Graph().asDefault(() => {
    const ds = data.Dataset.range(3);
    for (const call of [() => ds.map(3 as never), () => ds.filter(3 as never),
      () => ds.apply(data.experimental.rejectionResample(3 as never, [0.5, 0.5]))]) {
      expect(call).toThrow(errors.ValueError);
      expect(call).toThrow(error);
    }
  });
});
