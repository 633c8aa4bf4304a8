/**
 * TF2's functional control flow (cond_v2.py) as TF1 graphs get it: each branch traced into a
 * function of the graph's library (a FuncGraph), the branches' captured tensors made the inputs of
 * one functional op: `If` / `StatelessIf` for a `tf.cond` in a function being traced (a tf.data
 * function, a switch_case branch), `Case` / `StatelessCase` for `tf.switch_case`; and their
 * gradients `_IfGrad` / `_CaseGrad`: the same op over the branches' gradient functions.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { LookupError, ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { Gradient, denseGradient } from '../framework/indexed_slices';
import { convertToTensor, getOpDef } from '../framework/op_def_library';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import {
  addControlDependencies, captureOuterTensors, copyFunctions, setControlOutputs, stringAttr,
} from '../data/structured_function';
import type { AttrEntry } from '../native';
import { AttrValueSchema, FunctionDefSchema, FunctionDef_ArgAttrsSchema } from '../proto';
import { Nested, assertSameStructure, flatten, packSequenceAs } from '../util/nest';
import { pyStr } from '../util/python_repr';
import { identity, placeholder, squeeze, zeros, zerosLike } from './array_ops';
import type { GradFn } from './gradients';
import { pythonNumber } from './python_type';
import { getGraphSeed, setRandomSeed } from './random_ops';

/** Which functional op: `If` for a cond (`_COND`), `Case` for a switch_case (`_CASE`). */
export type FunctionalKind = 'cond' | 'case';

/**
 * A traced branch: its function's name and graph, the structure it returns, its outputs, the
 * inputs of its function (one per op input) and the outer tensors it captured; `body`, the ops
 * of its function when not all but the inputs.
 */
export interface Branch {
  name: string;
  graph: Graph;
  body?: Operation[];
  structure: Nested<unknown>;
  outputs: Output[];
  inputs: Output[];
  captured: Output[];
  /** The names of the tensors captured (`_user_specified_name`), when not their ops'. */
  capturedNames?: Map<Output, string>;
  /** With automatic control dependencies, the ops that must run: the function's control outputs. */
  controlOutputs?: Operation[];
}

// The branches of each functional op, by graph and op name, for its gradient (`_true_graph`, `_branch_graph_<i>`).
const OP_BRANCHES = new WeakMap<Graph, Map<string, Branch[]>>();

const FUNCTIONAL = new Set(['If', 'StatelessIf', 'Case', 'StatelessCase', 'While', 'StatelessWhile']);

// Whether a branch graph is traced with tf.function's automatic control dependencies, as its outer graph.
const AUTO_DEPS = new WeakMap<Graph, boolean>();

let uidCounter = 0;

/** `util.unique_fn_name`: `<scope><name>_<uid>`, the slashes as underscores. */
export function uniqueFnName(scope: string, name: string): string {
  return `${scope}${name}_${++uidCounter}`.replace(/\//g, '_');
}

/**
 * `graph._add_control_dependencies`: a function graph (a tf.data function's) is traced with
 * automatic control dependencies, a branch graph as the graph it is in, a TF1 graph not.
 */
function addsControlDependencies(graph: Graph): boolean {
  return AUTO_DEPS.get(graph) ?? graph.captureOuter !== undefined;
}

/**
 * Tensors a function captures before its own ops use them (a while body, its cond's captures):
 * their names, and those whose placeholders keep the name they were made with.
 */
export interface PreCaptured {
  names: Map<Output, string>;
  keep: Set<Output>;
}

/**
 * `func_graph_from_py_func` for a branch: `fn` traced in a graph of its own, the tensors of
 * `outer` (or of graphs it is nested in) it uses captured, each through a placeholder named for
 * the tensor's op (a tensor of another branch is TF's ValueError). Returned values are converted
 * to tensors (an op to `opReturnValue` once it ran), nulls left out of the outputs; in a function
 * traced with automatic control dependencies, each output is returned through an Identity
 * (`mark_as_return`).
 */
export function traceBranch(outer: Graph, name: string, fn: () => unknown, index: number, others: Graph[],
  opReturnValue: Output, branchNames: (b: number) => string, pre?: PreCaptured): Branch {
  const graph = new Graph();
  const autoDeps = addsControlDependencies(outer);
  AUTO_DEPS.set(graph, autoDeps);
  // A FuncGraph has its outer graph's seed.
  setRandomSeed(getGraphSeed(outer) ?? null, graph);
  // A FuncGraph names a capture's placeholder for the tensor it captures, of whatever graph.
  const captureNames = new Map<Output, string>(pre?.names);
  const captures = captureOuterTensors(graph, outer, (t) => {
    const from = others.indexOf(t.graph);
    return from < 0 ? new ValueError(`Tensor ${t.name} is not an element of this graph.`)
      : new ValueError(`Tensor ${t.name} in ${branchNames(from)} is accessed from ${branchNames(index)}.`);
  }, (t) => captureNames.get(t) ?? t.op.name);
  // A tensor of a graph this one is nested in comes through `outer`'s capture.
  const direct = graph.captureOuter!;
  graph.captureOuter = (t) => {
    if (t.graph === outer || !outer.captureOuter || others.includes(t.graph)) return direct(t);
    const standIn = outer.asDefault(() => outer.captureOuter!(t));
    if (!captureNames.has(standIn)) captureNames.set(standIn, t.op.name);
    return direct(standIn);
  };
  const { structure, outputs } = graph.asDefault(() => {
    const returned = fn() as Nested<unknown>;
    const flat = flatten(returned).map((v) => {
      if (v === null || v === undefined) return null;
      // `mark_as_return`'s Identity captures an outer tensor itself (in its name scope).
      if (autoDeps && v instanceof Output) return identity(v);
      const t = v instanceof Operation ? graph.controlDependencies([v], () => identity(opReturnValue))
        : convertToTensor(pythonNumber(v) as never, { graph });
      return autoDeps ? identity(t) : t;
    });
    return { structure: packSequenceAs(returned, flat), outputs: flat.filter((o): o is Output => o !== null) };
  });
  graph.captureOuter = undefined;
  const controlOutputs = autoDeps ? addControlDependencies(graph, outputs) : undefined;
  const dropped = new Set<string>();
  const inputs = [...captures].map(([t, p]) => (pre?.keep.has(t) ? p
    : nameCapture(graph, p, captureNames.get(t) ?? t.op.name, dropped)));
  return { name, graph, body: graph.operations().filter((o) => !dropped.has(o.name)), structure, outputs, inputs,
    captured: [...captures.keys()], capturedNames: captureNames, controlOutputs };
}

/**
 * A FuncGraph captures a tensor when the first op taking it is made, in that op's name scope: its
 * placeholder `<op>/<tensor's op>`, which names its function's arg. Here a capture may come before
 * (a function converting its inputs before its scope): such a placeholder `p` is replaced by one so
 * named, its old one put in `dropped`.
 */
export function nameCapture(graph: Graph, p: Output, name: string, dropped: Set<string>): Output {
  const consumers = p.consumers();
  if (consumers.length === 0) return p;
  const order = new Map(graph.operations().map((o, i) => [o.name, i]));
  const first = consumers.reduce((a, b) => (order.get(b.name)! < order.get(a.name)! ? b : a));
  const want = `${first.name}/${name}`;
  if (p.op.name === want || graph.findOperation(want)) return p;
  const renamed = graph.addOperation({ type: 'Placeholder', name: want, exactName: true, attrs: [
    ['dtype', 'type', p.dtype], ['shape', 'shape', p.shape === null ? null : p.shape.map((d) => d ?? -1)]] }).output(0);
  for (const c of consumers) c.inputs.forEach((t, k) => { if (t.op === p.op) c.updateInput(k, renamed); });
  dropped.add(p.op.name);
  return renamed;
}

/** `_check_same_outputs`: every branch returns branch 0's structure of tensors of the same dtypes. */
function checkSameOutputs(kind: FunctionalKind, branches: Branch[]): void {
  const [first, opName] = kind === 'cond' ? ['true_fn', 'tf.cond'] : ['branches[0]', 'tf.switch_case'];
  const error = (b: number, detail: string) => new TypeError(`${first} and ${kind === 'cond' ? 'false_fn' : `branches[${b}]`} ` +
    `arguments to ${opName} must have the same number, type, and overall structure of return values.\n\n` +
    `${first} output: ${pyStr(branches[0].structure)}\n` +
    `${kind === 'cond' ? 'false_fn' : `branches[${b}]`} output: ${pyStr(branches[b].structure)}\n\nError details:\n${detail}`);
  for (let b = 1; b < branches.length; b++) {
    try {
      assertSameStructure(branches[0].structure, branches[b].structure);
    } catch (e) {
      if (e instanceof ValueError || e instanceof TypeError) throw error(b, e.message);
      throw e;
    }
    if (branches[0].outputs.length !== branches[b].outputs.length) {
      throw new ValueError(`Lengths of branch outputs of ${kind} must match.\n` +
        `len(graphs[0].outputs): ${branches[0].outputs.length}\nlen(graphs[${b}].outputs): ${branches[b].outputs.length}\n`);
    }
    branches[0].outputs.forEach((o, i) => {
      const other = branches[b].outputs[i];
      if (o.dtype !== other.dtype) throw error(b, `${pyStr(o)} and ${pyStr(other)} have different types`);
    });
  }
}

// Stateful ops `auto_control_deps.op_is_stateful` takes as stateless (legacy random ops, ...) and the other way round.
const NOT_STATEFUL = new Set(['CollectiveGather', 'CollectiveReduce', 'CollectiveBcastSend', 'CollectiveBcastSendV2',
  'CollectiveBcastRecv', 'CollectiveBcastRecvV2', 'NcclAllReduce', 'Recv', 'CollectiveInitializeCommunicator',
  'CollectiveAssignGroupV2', 'RandomUniform', 'RandomUniformInt', 'RandomStandardNormal', 'ParameterizedTruncatedNormal',
  'TruncatedNormal', 'RandomShuffle', 'Multinomial', 'RandomGamma', 'RandomGammaGrad', 'RandomPoisson', 'RandomPoissonV2',
  'CudnnRNN', 'CudnnRNNBackprop', 'CudnnRNNV2', 'CudnnRNNV3', 'CudnnRNNBackpropV2', 'CudnnRNNBackpropV3', 'RestoreV2',
  'SaveV2']);
const STATEFUL = new Set(['AllToAll', 'CrossReplicaSum', 'CollectivePermute']);

/** `auto_control_deps.op_is_stateful` for a Case; for an If, `_is_op_stateful`: the op def's flag. */
export function isStateful(kind: FunctionalKind, op: Operation): boolean {
  const stateful = getOpDef(op.type, op.graph).isStateful;
  if (kind === 'cond') return stateful && op.type !== 'GlobalIterId' && op.type !== 'UpdateFdoWithGlobalMinibatchStatistics';
  return (stateful && !NOT_STATEFUL.has(op.type)) || STATEFUL.has(op.type);
}

/** `most_specific_compatible_shape` of each output over the branches. */
function outputShapes(branches: Branch[]): Array<Array<number | null> | null> {
  return branches[0].outputs.map((o, i) => branches.reduce<Array<number | null> | null>((shape, br) => {
    const s = br.outputs[i].shape;
    if (shape === null || s === null || s.length !== shape.length) return null;
    return shape.map((d, k) => (d === s[k] ? d : null));
  }, o.shape === null ? null : [...o.shape]));
}

const READS = new Set(['ReadVariableOp', 'ResourceGather', 'ResourceGatherNd']);

/**
 * The indices of resource inputs each branch only reads (`_read_only_resource_inputs`): every op
 * taking it a read, or a functional op that only reads that input of its own.
 */
export function readOnlyResourceInputs(branches: Branch[], offset = 1): number[] {
  const onlyReads = (p: Output) => p.consumers().every((c) => READS.has(c.type) || (FUNCTIONAL.has(c.type) &&
    c.inputs.every((t, k) => t.op !== p.op || (c.getAttr('_read_only_resource_inputs') as number[]).includes(k))));
  return branches[0].inputs.map((_, i) => i).filter((i) => branches.every((br) => {
    const p = br.inputs[i];
    return p.dtype === DType.resource && onlyReads(p);
  })).map((i) => i + offset);
}

function funcList(names: string[]): Uint8Array {
  return toBinary(AttrValueSchema, create(AttrValueSchema, {
    value: { case: 'list', value: { func: names.map((name) => ({ name })) } },
  }));
}

/**
 * A traced branch made a function of `graph`'s library (with the functions of its own library),
 * its args named by `argNames` where given (`_user_specified_name`); gives the function's name.
 */
export function addBranchFunction(graph: Graph, br: Branch, argNames: Array<string | undefined>): string {
  const params = new Set(br.inputs.map((p) => p.op.name));
  const body = (br.body ?? br.graph.operations()).filter((o) => !params.has(o.name)).map((o) => o.native);
  const def = fromBinary(FunctionDefSchema, br.graph.native.toFunction(br.name, false, body,
    br.inputs.map((p) => p.endpoint), br.outputs.map((o) => o.endpoint), null, null));
  // What TF2's tracing adds: the context it traced in, and each captured input's tensor (`_user_specified_name`).
  def.attr._construction_context = stringAttr('kEagerRuntime');
  if (br.controlOutputs) setControlOutputs(def, br.controlOutputs);
  argNames.forEach((user, k) => {
    if (user !== undefined) (def.argAttr[k] ??= create(FunctionDef_ArgAttrsSchema)).attr._user_specified_name = stringAttr(user);
  });
  copyFunctions(br.graph, graph);
  return graph.native.addFunction(toBinary(FunctionDefSchema, def));
}

/**
 * `_build_cond` / `_build_case`: the branches' inputs matched (`_make_inputs_match`: a Placeholder
 * for an input a branch does not take), each made a function of the graph's library, and the op
 * (If / Case; StatelessIf / StatelessCase when no branch has a stateful op) on `first` (the
 * predicate, the branch index) named `name` (else for its type), with Identities of its outputs.
 */
export function buildFunctional(kind: FunctionalKind, graph: Graph, first: Output, branches: Branch[], name: string | null,
  opInputs?: Output[]): Output[] {
  checkSameOutputs(kind, branches);
  const stateful = branches.some((br) => (br.body ?? br.graph.operations()).some((o) => isStateful(kind, o)));
  const base = kind === 'cond' ? 'If' : 'Case';
  const type = stateful ? base : `Stateless${base}`;
  if (kind === 'case' && first.dtype !== DType.int32) {
    throw new TypeError(`Input 'branch_index' of '${type}' Op has type ${dtypeName(first.dtype)} that does not ` +
      'match expected type of int32.');
  }
  const inputs = opInputs ?? [...new Set(branches.flatMap((b) => b.captured))];
  const userNames = branches.map((br) => new Map(br.captured.map((t) => [t, br.capturedNames?.get(t) ?? t.op.name])));
  if (!opInputs) {
    for (const br of branches) {
      const own = new Map(br.captured.map((t, i) => [t, br.inputs[i]]));
      br.inputs = inputs.map((t) => own.get(t) ?? br.graph.asDefault(() =>
        placeholder(baseDType(t.dtype), t.shape === null ? null : [...t.shape])));
    }
  }
  const names = branches.map((br, b) => addBranchFunction(graph, br, inputs.map((t) => userNames[b].get(t))));
  const functions: AttrEntry[] = kind === 'cond' ? [['then_branch', 'func', names[0]], ['else_branch', 'func', names[1]]]
    : [['branches', 'proto', funcList(names)]];
  const op = graph.addOperation({
    type,
    name: name ?? type,
    exactName: name !== null,
    inputs: [first, inputs],
    attrs: [
      ...(kind === 'cond' ? [['Tcond', 'type', first.dtype] as AttrEntry] : []),
      ['Tin', 'list(type)', inputs.map((t) => baseDType(t.dtype))],
      ['Tout', 'list(type)', branches[0].outputs.map((o) => o.dtype)],
      ...functions,
      ['output_shapes', 'list(shape)', outputShapes(branches).map((s) => (s === null ? null : s.map((d) => d ?? -1)))],
      ['_lower_using_switch_merge', 'bool', true],
      ['_read_only_resource_inputs', 'list(int)', readOnlyResourceInputs(branches)],
    ],
  });
  graph.preventFetching(op);
  if (!OP_BRANCHES.has(graph)) OP_BRANCHES.set(graph, new Map());
  OP_BRANCHES.get(graph)!.set(op.name, branches);
  return graph.asDefault(() => op.outputs.map((o) => identity(o)));
}

/** `_pack_sequence_as`: the op's outputs in the structure the first branch returned, its nulls kept. */
export function packOutputs(structure: Nested<unknown>, tensors: Output[]): unknown {
  let k = 0;
  return packSequenceAs(structure, flatten(structure).map((o) => (o === null ? null : tensors[k++])));
}

const COND_BRANCH_NAMES = (b: number) => (b === 0 ? 'true_fn' : 'false_fn');

/**
 * `cond_v2.cond_v2(pred, true_fn, false_fn, name='cond')`, what `tf.compat.v1.cond` builds in a
 * function being traced: one If (StatelessIf) op named for the scope, over `cond_true_<uid>` and
 * `cond_false_<uid>` functions of the branches. A non-scalar predicate is squeezed; the result has
 * the structure the branches return (a one-element list stays one).
 */
export function condV2(pred: Output, trueFn: () => unknown, falseFn: () => unknown, name?: string): unknown {
  if (typeof pred === 'boolean') throw new TypeError(`('pred must not be a Python bool', ${pred ? 'True' : 'False'})`);
  const graph = getDefaultGraph();
  return graph.nameScope(name || 'cond', (scope) => {
    const trueName = uniqueFnName(scope, 'true');
    const falseName = uniqueFnName(scope, 'false');
    let p = convertToTensor(pred, { graph });
    // `_normalize_pred`: a predicate of unknown or non-scalar shape squeezed.
    if (p.shape === null || p.shape.length > 0) p = graph.asDefault(() => squeeze(p));
    const t = traceBranch(graph, trueName, trueFn, 0, [], p, COND_BRANCH_NAMES);
    const f = traceBranch(graph, falseName, falseFn, 1, [t.graph], p, COND_BRANCH_NAMES);
    return packOutputs(t.structure, buildFunctional('cond', graph, p, [t, f], scope.slice(0, -1)));
  });
}

/**
 * `_IfGrad` / `_CaseGrad`: the same op on the same predicate (index) over each branch's gradient
 * function. TF makes the forward op output the intermediates the gradients need; the C API cannot
 * add outputs to an op, so each gradient function here recomputes its branch from the op's inputs
 * (the same values, but for a stateful op such as a random one in the branch, which runs again).
 */
const functionalGrad: GradFn = (op, grads) => {
  const branches = OP_BRANCHES.get(op.graph)?.get(op.name);
  if (!branches) {
    // An op of an imported graph: its branch functions were not traced here.
    throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}).`);
  }
  const graph = op.graph;
  const opInputs = op.inputs.slice(1);
  const ys = grads.map((g, i) => (g === null || !isTrainable(op.outputs[i].dtype) ? -1 : i)).filter((i) => i >= 0);
  const dys = ys.map((i) => denseGradient(grads[i] as Gradient));
  const traced = branches.map((br) => br.graph.asDefault(() => {
    const gradIns = ys.map((i) => placeholder(br.outputs[i].dtype, br.outputs[i].shape === null ? null : [...br.outputs[i].shape!]));
    const dx = br.graph.gradients(ys.map((i) => br.outputs[i]), br.inputs, gradIns);
    return { gradIns, dx: dx.map((g) => (g === null ? null : denseGradient(g))) };
  }));
  const wanted = opInputs.map((_, j) => traced.some((t) => t.dx[j] !== null));
  const gradBranches: Branch[] = branches.map((br, b) => {
    const outputs = opInputs.flatMap((_, j) => (!wanted[j] ? []
      : [traced[b].dx[j] ?? br.graph.asDefault(() => zerosFor(br.inputs[j],
        traced.map((t) => t.dx[j]).find((g): g is Output => g !== null)!))]));
    return { name: `${br.name}_grad_${++uidCounter}`, graph: br.graph, body: ancestors(outputs), structure: outputs,
      outputs, inputs: [...br.inputs, ...traced[b].gradIns], captured: [] };
  });
  const kind = op.type.endsWith('If') ? 'cond' : 'case';
  const out = buildFunctional(kind, graph, op.inputs[0], gradBranches, kind === 'case' ? graph.uniqueName('gradient') : null,
    [...opInputs, ...dys]);
  let k = 0;
  return [null, ...wanted.map((w) => (w ? out[k++] : null))];
};

/**
 * `default_gradient.zeros_like`: zeros like `input`; for a variable's handle, of the variable's
 * dtype and shape, here those of its gradient `like` (another branch's, the loop body's).
 */
export function zerosFor(input: Output, like: Output): Output {
  if (input.dtype !== DType.resource) return zerosLike(input);
  if (like.shape === null || like.shape.some((d) => d === null)) {
    throw new LookupError(`The zero gradient of variable ${input.name} needs the variable's shape, unknown here: ${like.name}.`);
  }
  return zeros(like.shape as number[], like.dtype);
}

/**
 * `backprop_util.IsTrainable`: whether gradients flow through tensors of `dtype` (floats, complex,
 * resource handles); not variants, as TensorLists have no gradients here.
 */
export function isTrainable(dtype: DType): boolean {
  return [DType.float16, DType.bfloat16, DType.float32, DType.float64, DType.complex64, DType.complex128, DType.resource]
    .includes(baseDType(dtype));
}

/** The ops `outputs` are computed from, in their graph's order. */
export function ancestors(outputs: Output[]): Operation[] {
  const seen = new Set<string>();
  const need: Operation[] = outputs.map((o) => o.op);
  while (need.length > 0) {
    const o = need.pop()!;
    if (seen.has(o.name)) continue;
    seen.add(o.name);
    need.push(...o.inputs.map((i) => i.op), ...o.controlInputs);
  }
  return outputs.length === 0 ? [] : outputs[0].graph.operations().filter((o) => seen.has(o.name));
}

/** `_IfGrad` for If and StatelessIf, `_CaseGrad` for Case and StatelessCase. */
export const COND_V2_GRADIENTS: Array<[string, GradFn | null]> = [
  ['If', functionalGrad], ['StatelessIf', functionalGrad], ['Case', functionalGrad], ['StatelessCase', functionalGrad],
];
