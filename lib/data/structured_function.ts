/**
 * The functions of tf.data transformations (`structured_function.StructuredFunctionWrapper`):
 * the user's function is traced in a scratch graph, on placeholders for the element's
 * components, and its FunctionDef is copied into the dataset's graph.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ValueError } from '../errors';
import { DType, baseDType } from '../framework/dtypes';
import { convertToTensor, getOpDef } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { identity, placeholder } from '../ops/array_ops';
import { isStateful, nameCapture } from '../ops/cond_v2';
import { noOp } from '../ops/control_flow_ops';
import { pythonType } from '../ops/python_type';
import { getGraphSeed, setRandomSeed } from '../ops/random_ops';
import { AttrValue, AttrValueSchema, FunctionDef, FunctionDefSchema, FunctionDef_ArgAttrsSchema, GraphDefSchema } from '../proto';
import { Nested, flatten } from '../util/nest';
import { pyStr } from '../util/python_repr';
import { Dataset } from './dataset_ops';
import {
  Component, DatasetSpec, ElementSpec, TensorSpec, flatAttrs, fromTensorList, packSpec, specOf, toTensorList,
} from './structure';

/** A function added to a graph's library (or not yet: name ''), and the structure of what it returns. */
export interface TracedFunction<R> {
  name: string;
  def: Uint8Array;
  returned: R;
  outputs: Output[];
  /** The outer graph's tensors the function reads: the op's `other_arguments`, after the element's. */
  captured: Output[];
}

/**
 * Traces `fn` on an element of `inputSpec` (spread as arguments when the element is an array, as
 * Python unpacks a tuple) into a function `__inference_<name>_<uid>` of `graph`'s library, as TF2's
 * tracing makes it: with `graph`'s random seed, automatic control dependencies, each output
 * returned through an Identity. `outputsOf` gives the tensors the function returns from what `fn`
 * returned. A tensor of `graph` that `fn` uses is captured as TF2's FuncGraph captures one: a
 * placeholder input of the function named for the op taking it, fed the tensor through the dataset
 * op's `other_arguments`. A component of a DatasetSpec is given to `fn`
 * as a Dataset of its variant, one of a SparseTensorSpec as a SparseTensor. Unless `add`, the
 * function is not added to the graph (yet).
 */
export function traceFunction<R>(graph: Graph, name: string, inputSpec: ElementSpec, fn: (...args: never[]) => unknown,
  outputsOf: (returned: unknown, scratch: Graph) => { returned: R; outputs: Output[] }, add = true): TracedFunction<R> {
  if (typeof fn !== 'function') {
    throw new ValueError(`Argument \`func\` must be a callable. Received func=${pyStr(fn)} (of type ${pythonType(fn)})`);
  }
  // As TF's function tracing, which makes these (empty) variable collections in the outer graph.
  for (const key of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES]) graph.getCollectionRef(key);
  const scratch = new Graph();
  // A FuncGraph has its outer graph's seed.
  setRandomSeed(getGraphSeed(graph) ?? null, scratch);
  const captures = captureOuterTensors(scratch, graph,
    (t) => new ValueError(`The function of ${name} uses ${t.name}, a tensor of neither its graph nor the dataset's.`));
  const { args, returned, outputs } = scratch.asDefault(() => {
    const { output_types: types, output_shapes: shapes } = flatAttrs(inputSpec);
    const argList = types.map((t, i) => placeholder(t, shapes[i] === null ? null : [...shapes[i]!], `args_${i}`));
    const unboxed = flatten(fromTensorList(inputSpec, argList));
    const element = packSpec(inputSpec, flatten(inputSpec).map((s, i) =>
      (s instanceof DatasetSpec ? new Dataset(argList[i], s.elementSpec) : unboxed[i])));
    const result = Array.isArray(element) ? fn(...(element as never[])) : fn(element as never);
    const out = outputsOf(result, scratch);
    // `mark_as_return`: each output returned through an Identity (which captures a returned outer tensor).
    return { args: argList, ...out, outputs: out.outputs.map((o) => identity(o)) };
  });
  scratch.captureOuter = undefined;
  const controlOutputs = addControlDependencies(scratch, outputs);
  const dropped = new Set<string>();
  const captured = [...captures].map(([t, p]) => nameCapture(scratch, p, t.op.name, dropped));
  const inputs = [...args, ...captured];
  const params = new Set([...inputs.map((p) => p.op.name), ...dropped]);
  const body = scratch.operations().filter((o) => !params.has(o.name)).map((o) => o.native);
  const fdef = fromBinary(FunctionDefSchema, scratch.native.toFunction(`__inference_${name}_${++uidCounter}`, false, body,
    inputs.map((a) => a.endpoint), outputs.map((o) => o.endpoint), null, null));
  markFunctionDef(fdef, controlOutputs, [...args.map((a) => a.op.name), ...[...captures.keys()].map((t) => t.op.name)]);
  const def = toBinary(FunctionDefSchema, fdef);
  // The functions of datasets made in `fn` (a flatMap's map) go with it.
  copyFunctions(scratch, graph);
  return { name: add ? graph.native.addFunction(def) : '', def, returned, outputs, captured: [...captures.keys()] };
}

// `ops.uid()`, which names traced functions.
let uidCounter = 0;

/** A string AttrValue. */
export function stringAttr(s: string): AttrValue {
  return create(AttrValueSchema, { value: { case: 's', value: new TextEncoder().encode(s) } });
}

/**
 * What TF2's tracing adds to a tf.data function's FunctionDef: its control outputs (`control_ret`),
 * the context it was traced in and that it is a tf.data function, and each input's name
 * (`_user_specified_name`: the argument's, the captured tensor's op's).
 */
function markFunctionDef(fdef: FunctionDef, controlOutputs: Operation[], userNames: string[]): void {
  setControlOutputs(fdef, controlOutputs);
  fdef.attr._construction_context = stringAttr('kEagerRuntime');
  fdef.attr._tf_data_function = create(AttrValueSchema, { value: { case: 'b', value: true } });
  userNames.forEach((user, k) => {
    (fdef.argAttr[k] ??= create(FunctionDef_ArgAttrsSchema)).attr._user_specified_name = stringAttr(user);
  });
}

/** A traced function's control outputs (`control_output`, `control_ret`): the ops that must run. */
export function setControlOutputs(fdef: FunctionDef, controlOutputs: Operation[]): void {
  const names = controlOutputs.map((o) => o.name).sort();
  fdef.signature!.controlOutput = names;
  for (const n of names) fdef.controlRet[n] = n;
}

// Ops `auto_control_deps_utils.RESOURCE_READ_OPS`: they only read the resources they take.
const RESOURCE_READ_OPS = new Set(['ReadVariableOp', 'VariableShape', 'ResourceGather', 'ResourceGatherNd', '_ReadVariablesOp']);

/** `get_read_write_resource_inputs` and the Identity resolver: the resources `op` reads and writes, by tensor. */
function resourceInputs(op: Operation): Array<[Output, boolean]> {
  const resources = op.inputs.map((t, i) => [t, i] as const).filter(([t]) => baseDType(t.dtype) === DType.resource);
  let readOnly: number[] | null = null;
  if (RESOURCE_READ_OPS.has(op.type)) readOnly = resources.map(([, i]) => i);
  else if (op.native.attrMetadata('_read_only_resource_inputs') !== null) readOnly = op.getAttr('_read_only_resource_inputs') as number[];
  // A resource through Identities is the resource it passes on.
  const resolve = (t: Output): Output => (t.op.type === 'Identity' ? resolve(t.op.inputs[0]) : t);
  const writes = new Map<string, Output>();
  const reads = new Map<string, Output>();
  for (const [t, i] of resources) (readOnly?.includes(i) ? reads : writes).set(resolve(t).name, resolve(t));
  for (const n of writes.keys()) reads.delete(n);
  return [...[...reads.values()].map((t): [Output, boolean] => [t, true]), ...[...writes.values()].map((t): [Output, boolean] => [t, false])];
}

/**
 * `AutomaticControlDependencies.__exit__` over a function's graph: ops that use a resource run
 * after its last write (and a write after the reads since), stateful ops with no resource in
 * program order; the ops that must run (stateful ones, reads that are used) run before each of
 * `returned` (mark_as_return's Identities), through one NoOp. The ops that must run: the
 * function's control outputs.
 */
export function addControlDependencies(graph: Graph, returned: Output[]): Operation[] {
  const lastWrite = new Map<string | null, Operation>();
  const readsSinceWrite = new Map<string, Operation[]>();
  const mustRun: Operation[] = [];
  for (const op of graph.operations()) {
    let known = true;
    try {
      getOpDef(op.type, graph);
    } catch {
      known = false;
    }
    const stateful = known && isStateful('case', op);
    if (!known || (stateful && (!RESOURCE_READ_OPS.has(op.type) || op.outputs.some((o) => o.consumers().length > 0)))) {
      mustRun.push(op);
    }
    const controlInputs = new Set<Operation>();
    const resources = resourceInputs(op);
    for (const [t, isRead] of resources) {
      const last = lastWrite.get(t.name);
      if (last) controlInputs.add(last);
      if (isRead) {
        readsSinceWrite.set(t.name, [...(readsSinceWrite.get(t.name) ?? []), op]);
      } else {
        for (const r of readsSinceWrite.get(t.name) ?? []) controlInputs.add(r);
        readsSinceWrite.set(t.name, []);
        lastWrite.set(t.name, op);
      }
    }
    if (stateful && resources.length === 0) {
      const last = lastWrite.get(null);
      if (last) op.addControlInputs([last]);
      lastWrite.set(null, op);
    }
    op.addControlInputs([...controlInputs]);
  }
  if (mustRun.length > 0 && returned.length > 0) {
    const control = graph.asDefault(() => noOp());
    control.addControlInputs(mustRun);
    for (const r of returned) r.op.addControlInputs([control]);
  }
  return mustRun;
}

/**
 * Makes `scratch` read the tensors of `graph` its new ops take as TF2's `FuncGraph.capture` does:
 * each through a placeholder (made once, outside control dependencies; with `nameOf`, named as it
 * says in the current scope, as a FuncGraph names it), an input of the function. `foreign`
 * is the error for a tensor of another graph. The captured tensors and their placeholders, in order.
 */
export function captureOuterTensors(scratch: Graph, graph: Graph, foreign: (t: Output) => Error,
  nameOf?: (t: Output) => string): Map<Output, Output> {
  const captures = new Map<Output, Output>();
  scratch.captureOuter = (t) => {
    if (t.graph !== graph) throw foreign(t);
    let standIn = captures.get(t);
    if (!standIn) {
      standIn = scratch.controlDependencies(null, () => placeholder(baseDType(t.dtype), t.shape === null ? null : [...t.shape],
        nameOf?.(t)));
      // A resource or variant carries the shapes and dtypes of what it holds (a variable's):
      // copied as TF's capture does, so ops on the stand-in infer their shapes.
      if (t.dtype === DType.resource || t.dtype === DType.variant) {
        const data = graph.native.handleData(t.endpoint);
        if (data.length > 0) scratch.native.setHandleData(standIn.endpoint, data);
      }
      captures.set(t, standIn);
    }
    return standIn;
  };
  return captures;
}

/** Copies the functions of `scratch`'s library (those of functions traced in it) to `graph`'s. */
export function copyFunctions(scratch: Graph, graph: Graph): void {
  for (const nested of fromBinary(GraphDefSchema, scratch.toGraphDef()).library?.function ?? []) {
    graph.native.addFunction(toBinary(FunctionDefSchema, nested));
  }
}

/**
 * What a map function returns: its tensors (host values converted in the function's graph; a
 * SparseTensor boxed in a variant) and their specs.
 */
export function elementOutputs(returned: unknown, scratch: Graph): { returned: ElementSpec; outputs: Output[] } {
  const structure = returned as Nested<unknown>;
  const components = flatten(structure).map((v) => (v instanceof Output || v instanceof SparseTensor ? v
    : convertToTensor(v as never, { graph: scratch })));
  const packed = packSpec(structure, components) as Nested<Component>;
  const spec = specOf(packed);
  return { returned: spec, outputs: toTensorList(spec, packed) };
}

/**
 * What a function returns that must be a scalar of `dtype` (converted to it when `convert`, as
 * Python's wrappers of key functions do), else a ValueError of `message` and its spec.
 */
export function scalarOutputs(dtype: DType, message: string, convert = false) {
  return (returned: unknown, scratch: Graph): { returned: null; outputs: Output[] } => {
    const out = returned instanceof Output && !convert ? returned
      : convertToTensor(returned as never, { graph: scratch, ...(convert ? { dtype } : {}) });
    if (out.dtype !== dtype || (out.shape !== null && out.shape.length !== 0)) {
      throw new ValueError(`${message}${new TensorSpec(out.shape, out.dtype)}.`);
    }
    return { returned: null, outputs: [out] };
  };
}

/** What a predicate returns: a scalar bool tensor (`filter`'s check). */
export const predicateOutputs = scalarOutputs(DType.bool,
  'Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return type is ');
