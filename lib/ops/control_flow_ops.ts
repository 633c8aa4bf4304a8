/**
 * TF1's `control_flow_ops`: grouping and ordering (`noOp`, `group`, `withDependencies`, `tuple`,
 * `controlDependencies` on the default graph; `assertMessages`, TF1's `Assert` of host data), the
 * v1 control-flow primitives (Switch, Merge, Enter, Exit, NextIteration as TF1's helpers make
 * them) and the control-flow contexts: a CondContext for each branch of a `cond`, a WhileContext
 * for a `whileLoop`. While a context is the graph's, every op added to the graph goes through its
 * `addOp`, which makes the op's outside inputs available inside (a Switch on the cond's predicate,
 * a loop-invariant Enter) and ties input-less ops to the context's pivot.
 */
import { create } from '@bufbuild/protobuf';
import { NotImplementedError, ValueError } from '../errors';
import { DType, REF_OFFSET, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor, graphFromInputs, makeConst } from '../framework/op_def_library';
import { Gradient, IndexedSlices } from '../framework/indexed_slices';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { isFullyDefined, shapeString } from '../framework/tensor_shape';
import {
  CondContextDef, CondContextDefSchema, ControlFlowContextDef, ControlFlowContextDefSchema, ValuesDef, ValuesDefSchema,
  WhileContextDef, WhileContextDefSchema,
} from '../proto';
import { concat, sliceOf, withScope, zeros } from './array_ops';
import { getOutputContext, getWhileContext, isLoopConstantEnter, isLoopExit, opInContext } from './control_flow_util';
import type { GradLoopState } from './control_flow_state';
import * as raw from './gen/raw_ops';
import { add, maximum, range, sub } from './math_ops';
import { prependNameScope, stripNameScope } from './name_utils';

/** `tf.no_op(name)`. */
export function noOp(name?: string): Operation {
  return applyOp('NoOp', {}, {}, { name: name ?? 'NoOp', graph: getDefaultGraph() });
}

/** Something `group` accepts: an op, a tensor, a Variable or other object standing for one. */
export type Groupable = Operation | Output | { asGraphElement(): Output | Operation };

function toOp(x: Groupable): Operation {
  if (x instanceof Operation) return x;
  if (x instanceof Output) return x.op;
  const el = x.asGraphElement();
  return el instanceof Operation ? el : el.op;
}

/**
 * `tf.group(*inputs, name='group_deps')`: a `NoOp` that runs after all `inputs`. As TF1, inputs
 * on several devices wait first on one NoOp per device, on that device (by device name).
 */
export function group(inputs: Groupable[], name?: string): Operation {
  const ops = [...new Set(inputs.map(toOp))];
  const graph = ops.length > 0 ? ops[0].graph : getDefaultGraph();
  return graph.nameScope(name ?? 'group_deps', (scope) => {
    const byDevice = new Map<string, Operation[]>();
    for (const op of ops) byDevice.set(op.device, [...(byDevice.get(op.device) ?? []), op]);
    const onDevice = (device: string, deps: Operation[], opName: string) => graph.controlDependencies(deps, () =>
      graph.device(device, () => applyOp('NoOp', {}, {}, { name: opName, graph })));
    if (byDevice.size <= 1) return onDevice([...byDevice.keys()][0] ?? '', ops, scope);
    const perDevice = [...byDevice.keys()].sort().map((d) => onDevice(d, byDevice.get(d)!, 'NoOp'));
    return graph.controlDependencies(perDevice, () => applyOp('NoOp', {}, {}, { name: scope, graph }));
  });
}

/**
 * `tf.control_dependencies(ops)` on the graph of `ops` (the default graph when empty): ops
 * added by `fn` run after `ops`.
 */
export function controlDependencies<T>(ops: Groupable[] | null, fn: () => T): T {
  const list = ops === null ? null : ops.map(toOp);
  const graph = list && list.length > 0 ? list[0].graph : getDefaultGraph();
  return graph.controlDependencies(list, fn);
}

/**
 * `tf.compat.v1.control_flow_ops.with_dependencies(dependencies, output_tensor)`: `output`
 * through an `Identity` named `control_dependency`, colocated with it, that runs after `dependencies`.
 */
export function withDependencies(dependencies: Groupable[], output: InputValue, name?: string): Output {
  const deps = dependencies.map(toOp);
  return withScope(name, 'control_dependency', [...deps, output], (scope, graph) => {
    const t = output instanceof Output ? output : graph.controlDependencies(deps, () => convertToTensor(output, { graph }));
    return graph.colocateWith(t, () => graph.controlDependencies(deps, () =>
      applyOp('Identity', { input: t }, {}, scope).output(0)));
  });
}

/**
 * `tf.tuple(tensors)`: the tensors, each through an Identity that waits for all of them (of
 * IndexedSlices, the values).
 */
export function tuple<T extends Output | IndexedSlices>(tensors: T[],
  options: { name?: string; controlInputs?: Groupable[] } = {}): T[] {
  const graph = graphFromInputs(tensors);
  return graph.nameScope(options.name ?? 'tuple', () => {
    const gate = group([...tensors.map((t) => t.op), ...(options.controlInputs ?? [])]);
    return tensors.map((t) => (t instanceof IndexedSlices
      ? new IndexedSlices(withDependencies([gate], t.values), t.indices, t.denseShape)
      : withDependencies([gate], t)) as T);
  });
}

/**
 * `control_flow_assert.Assert(condition, data)` for data TF keeps on the host (strings, int32),
 * which it does not guard by a cond: in a new name scope `name`, the data converted once (TF does
 * so to check their dtypes; those Consts stay unused) and the `Assert` op. `Assert`
 * (control_flow_assert.ts) is the general one.
 */
export function assertMessages(condition: Output, data: InputValue[], name = 'Assert', summarize?: number): Operation {
  return condition.graph.nameScope(name, () => {
    for (const d of data) convertToTensor(d, { graph: condition.graph });
    const attrs = summarize === undefined ? {} : { summarize };
    return applyOp('Assert', { condition, data }, attrs, { name: 'Assert', graph: condition.graph });
  });
}

// --- v1 control-flow primitives --------------------------------------------------------------

const isRef = (t: Output): boolean => t.dtype > REF_OFFSET;

/**
 * `_SwitchRefOrTensor`: `[outputFalse, outputTrue]` of a Switch of `data` on `pred` (RefSwitch for
 * a ref), colocated with `data` alone.
 */
export function switchRefOrTensor(data: Output, pred: Output, name?: string): [Output, Output];
export function switchRefOrTensor(data: Gradient, pred: Output, name?: string): [Gradient, Gradient];
export function switchRefOrTensor(data: Gradient, pred: Output, name = 'Switch'): [Gradient, Gradient] {
  const graph = pred.graph;
  if (data instanceof IndexedSlices) return graph.colocateWith(data.values, () => switchSlices(data, pred, name), true);
  return graph.colocateWith(data, () => {
    const sw = isRef(data) ? raw.refSwitch({ data, pred }, name) : raw.switch_({ data, pred }, name);
    return [sw.outputFalse, sw.outputTrue] as [Output, Output];
  }, true);
}

/** `switch(data, pred)`: `[outputFalse, outputTrue]` of a Switch, without `switchRefOrTensor`'s colocation. */
export function switchOp(data: Output, pred: Output): [Output, Output];
export function switchOp(data: Gradient, pred: Output): [Gradient, Gradient];
export function switchOp(data: Gradient, pred: Output): [Gradient, Gradient] {
  if (data instanceof IndexedSlices) return switchSlices(data, pred, 'Switch');
  const sw = raw.switch_({ data, pred }, 'Switch');
  return [sw.outputFalse, sw.outputTrue];
}

/** IndexedSlices switched part by part, in name scope `name` (TF1's `switch` of a composite). */
function switchSlices(data: IndexedSlices, pred: Output, name: string): [IndexedSlices, IndexedSlices] {
  return pred.graph.nameScope(name, () => {
    const parts = [data.values, data.indices, data.denseShape].map((t) => (t ? switchOp(t, pred) : null));
    return [0, 1].map((b) => new IndexedSlices(parts[0]![b], parts[1]![b], parts[2]?.[b] ?? null)) as
      [IndexedSlices, IndexedSlices];
  });
}

/**
 * `merge(inputs)`: the available one of `inputs` and its index (RefMerge when all are refs).
 * Tensors among IndexedSlices become IndexedSlices, and each part merges on its own.
 */
export function merge(inputs: Output[], name?: string): [Output, Output];
export function merge(inputs: Array<Output | IndexedSlices>, name?: string): [Output | IndexedSlices, Output];
export function merge(inputs: Array<Output | IndexedSlices>, name = 'Merge'): [Output | IndexedSlices, Output] {
  if (inputs.every((t): t is Output => t instanceof Output)) {
    const m = inputs.every(isRef) ? raw.refMerge({ inputs }, name) : raw.merge({ inputs }, name);
    return [m.output, m.valueIndex];
  }
  const graph = inputs[0].graph;
  return graph.nameScope(name, () => {
    const slices = inputs.map((t) => (t instanceof IndexedSlices ? t : asIndexedSlices(t)));
    const parts = (['values', 'indices', 'denseShape'] as const).filter((k) => slices[0][k] !== null)
      .map((k) => raw.merge({ inputs: slices.map((x) => x[k]!) }));
    return [new IndexedSlices(parts[0].output, parts[1].output, parts[2]?.output ?? null), parts[0].valueIndex];
  });
}

/** `_as_indexed_slices(x, optimize=False)`: a dense tensor as IndexedSlices of all its rows. */
function asIndexedSlices(x: Output): IndexedSlices {
  const s = shapeInternal(x);
  return new IndexedSlices(x, range(0, sliceOf(s, [0])), s);
}

/**
 * `_Enter`: `tensor` made available in frame `frameName` (RefEnter for a ref); with
 * `useInputShape`, its static shape kept (a non-constant Enter's is unknown otherwise).
 */
export function enterFrame(tensor: Output, frameName: string, options: { isConstant?: boolean;
  parallelIterations?: number; useInputShape?: boolean; name?: string } = {}): Output {
  const args = { data: tensor, frameName, isConstant: options.isConstant ?? false,
    parallelIterations: options.parallelIterations ?? 10 };
  const result = isRef(tensor) ? raw.refEnter(args, options.name) : raw.enter(args, options.name);
  if (options.useInputShape ?? true) result.setShape(tensor.shape);
  return result;
}

/** `exit(tensor)`: `tensor` made available to the enclosing frame (RefExit for a ref). */
export function exitFrame(tensor: Output, name?: string): Output {
  return isRef(tensor) ? raw.refExit({ data: tensor }, name) : raw.exit({ data: tensor }, name);
}

/** `_NextIteration`: `tensor` for the next iteration. */
export function nextIteration(tensor: Output): Output {
  return isRef(tensor) ? raw.refNextIteration({ data: tensor }) : raw.nextIteration({ data: tensor });
}

/** `_Identity` (RefIdentity for a ref). */
function identityRefOrTensor(t: Output): Output {
  return isRef(t) ? raw.refIdentity({ input: t }) : raw.identity({ input: t });
}

/** `_ShapeLessThanOrEqual`: whether `a` is at least as specific as `b`. */
export function shapeLessThanOrEqual(a: readonly (number | null)[] | null, b: readonly (number | null)[] | null): boolean {
  if (b === null) return true;
  return a !== null && a.length === b.length && b.every((d, i) => d === null || a[i] === d);
}

/**
 * `_AddNextAndBackEdge`: `v` through a NextIteration into input 1 of Merge output `m`, after
 * checking (unless told not to) that its shape is the Merge's or more specific.
 */
export function addNextAndBackEdge(m: Output, v: Output, enforceShapeInvariant = true): Output {
  const next = nextIteration(v);
  if (enforceShapeInvariant && !shapeLessThanOrEqual(next.shape, m.shape)) {
    const input = m.op.inputs[0].op.inputs[0];
    throw new ValueError(`Input tensor '${input.name}' enters the loop with shape ${shapeString(input.shape)}, but ` +
      `has shape ${shapeString(next.shape)} after one iteration. To allow the shape to vary across iterations, use ` +
      'the `shape_invariants` argument of tf.while_loop to specify a less-specific shape.');
  }
  m.op.updateInput(1, next);
  return next;
}

// --- control-flow contexts -------------------------------------------------------------------

/**
 * TF1's `ControlFlowContext`: the tensors a cond branch or loop has seen (`values`) and the tensor
 * standing inside for each outside one it reads (`externalValues`); contexts nest. A MetaGraph
 * keeps the outermost ones (collections `cond_context`, `while_context`) as their protos.
 */
export abstract class ControlFlowContext {
  abstract readonly name: string;
  readonly outerContext: ControlFlowContext | null;
  /** Contexts made while this one was the graph's (their protos nest in its). */
  readonly nestedContexts: ControlFlowContext[] = [];
  /** Names of the tensors this context can use. */
  values = new Set<string>();
  /** Outside tensor name -> the tensor standing for it in this context. */
  readonly externalValues = new Map<string, Output>();
  private readonly contextStack: Array<ControlFlowContext | null> = [];

  constructor(readonly graph: Graph) {
    this.outerContext = graph.getControlFlowContext();
    this.outerContext?.nestedContexts.push(this);
    graph.addControlFlowContext();
  }

  /** `to_control_flow_context_def`: this context's proto for its enclosing one's `nested_contexts`. */
  abstract toControlFlowContextDef(exportScope?: string): ControlFlowContextDef;

  /** `_to_values_def`. */
  protected valuesDef(exportScope?: string): ValuesDef {
    return create(ValuesDefSchema, {
      values: [...this.values].sort().map((v) => stripNameScope(v, exportScope)),
      externalValues: Object.fromEntries([...this.externalValues].map(([k, v]) =>
        [stripNameScope(k, exportScope), stripNameScope(v.name, exportScope)])),
    });
  }

  /** The nested contexts' protos. */
  protected nestedDefs(exportScope?: string): ControlFlowContextDef[] {
    return this.nestedContexts.map((c) => c.toControlFlowContextDef(exportScope));
  }

  /**
   * `_init_values_from_proto`: the values of an imported context; the ops that made them (not
   * the outside ones) belong to it.
   */
  protected initValuesFromProto(def: ValuesDef | undefined, importScope?: string): void {
    this.values = new Set((def?.values ?? []).map((v) => prependNameScope(v, importScope)));
    this.externalValues.clear();
    for (const [k, v] of Object.entries(def?.externalValues ?? {})) {
      this.externalValues.set(prependNameScope(k, importScope), this.graph.tensor(prependNameScope(v, importScope)));
    }
    const opNames = new Set([...this.values].filter((v) => !this.externalValues.has(v)).map((v) => v.split(':')[0]));
    for (const name of opNames) this.graph.operation(name).controlFlowContext = this;
  }

  /** `from_proto`'s end: the nested contexts made inside this one. */
  protected importNested(defs: ControlFlowContextDef[], importScope?: string): void {
    this.within(() => defs.forEach((d) => fromControlFlowContextDef(this.graph, d, importScope)));
  }

  abstract get gradState(): GradLoopState | null;
  abstract get backProp(): boolean;
  /** `AddValue`: `val` as this context sees it. */
  abstract addValue(val: Output): Output;
  /** `_AddOpInternal`: makes a new op's inputs available here. */
  abstract addOpInternal(op: Operation): void;

  /** `AddOp`: adds an op made while this context is the graph's. */
  addOp(op: Operation): void {
    this.addOpInternal(op);
  }

  addName(name: string): void {
    this.values.add(name);
  }

  /** Makes this the graph's context (`Enter`). */
  enter(): void {
    this.contextStack.push(this.graph.getControlFlowContext());
    this.graph.setControlFlowContext(this);
  }

  /** Restores the context before `enter` (`Exit`). */
  exit(): void {
    this.graph.setControlFlowContext(this.contextStack.pop() ?? null);
  }

  /** Runs `fn` in this context. */
  within<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }

  /** `ExitResult`: `result` made known to the enclosing context. */
  exitResult(result: Output[]): void {
    for (const x of result) this.outerContext?.addName(x.name);
  }

  /** `GetWhileContext`: the nearest while loop this context is in (itself for a loop). */
  getWhileContext(): WhileContext | null {
    return this.outerContext?.getWhileContext() ?? null;
  }

  /**
   * `_RemoveExternalControlEdges`: drops the control inputs of `op` from outside the enclosing
   * loop; gives the kept ones and the dropped ones.
   */
  protected removeExternalControlEdges(op: Operation): [Operation[], Operation[]] {
    const whileCtxt = this.getWhileContext();
    const controls = op.controlInputs;
    if (whileCtxt === null) return [controls, []];
    const internal = controls.filter((x) => getOutputContext(x)?.getWhileContext() === whileCtxt);
    const external = controls.filter((x) => !internal.includes(x));
    if (internal.length !== controls.length) {
      op.removeAllControlInputs();
      op.addControlInputs(internal);
    }
    return [internal, external];
  }

  /** `GetControlPivot`: what input-less ops here wait on. */
  getControlPivot(): Output | null {
    return null;
  }

  isWhileContext(): this is WhileContext {
    return false;
  }

  isCondContext(): this is CondContext {
    return false;
  }

  toString(): string {
    return this.name;
  }
}

/** TF1's `CondContext`: one branch of a v1 cond, taken when `pred` is `branch`. */
export class CondContext extends ControlFlowContext {
  name: string;

  /** `pred`: the cond's predicate (`pred_id`); `pivot`: this branch's `switch_t` / `switch_f`. */
  constructor(readonly pred: Output, readonly pivot: Output, readonly branch: 0 | 1, name = 'cond_text') {
    super(pred.graph);
    this.name = pred.graph.uniqueName(name);
    this.values.add(pred.name);
    this.externalValues.set(pred.name, pred);
    this.values.add(pivot.name);
    pivot.op.controlFlowContext = this;
  }

  get gradState(): GradLoopState | null {
    return this.getWhileContext()?.gradState ?? null;
  }

  get backProp(): boolean {
    return this.getWhileContext()?.backProp ?? false;
  }

  getControlPivot(): Output {
    return this.pivot;
  }

  isCondContext(): this is CondContext {
    return true;
  }

  /** `to_proto`: null when outside `exportScope`. */
  toProto(exportScope?: string): CondContextDef | null {
    if (exportScope && !this.name.startsWith(exportScope)) return null;
    const strip = (n: string) => stripNameScope(n, exportScope);
    return create(CondContextDefSchema, { contextName: strip(this.name), predName: strip(this.pred.name),
      pivotName: strip(this.pivot.name), branch: this.branch, valuesDef: this.valuesDef(exportScope),
      nestedContexts: this.nestedDefs(exportScope) });
  }

  toControlFlowContextDef(exportScope?: string): ControlFlowContextDef {
    return create(ControlFlowContextDefSchema, { ctxt: { case: 'condCtxt', value: this.toProto(exportScope)! } });
  }

  /** `from_proto`: the context of an imported cond branch (its ops under `importScope`). */
  static fromProto(graph: Graph, def: CondContextDef, importScope?: string): CondContext {
    const element = (n: string) => graph.tensor(prependNameScope(n, importScope));
    const ctxt = new CondContext(element(def.predName), element(def.pivotName), def.branch as 0 | 1);
    ctxt.name = prependNameScope(def.contextName, importScope);
    ctxt.initValuesFromProto(def.valuesDef, importScope);
    ctxt.importNested(def.nestedContexts, importScope);
    return ctxt;
  }

  /** A value seen here, marked as seen in every enclosing context too. */
  private markSeen(name: string): void {
    for (let c: ControlFlowContext | null = this; c; c = c.outerContext) c.values.add(name);
  }

  /** An outside `val` as the enclosing context sees it (itself at top level), known here as outside. */
  private fromOuter(val: Output): Output {
    this.values.add(val.name);
    if (!this.outerContext) return val;
    const outer = this.outerContext.addValue(val);
    this.values.add(outer.name);
    this.externalValues.set(outer.name, outer);
    return outer;
  }

  addValue(val: Output): Output {
    if (this.values.has(val.name)) return this.externalValues.get(val.name) ?? val;
    const outer = this.fromOuter(val);
    const result = this.graph.controlDependencies(null, () => switchRefOrTensor(outer, this.pred)[this.branch]);
    this.graph.preventFetching(result.op);
    result.op.controlFlowContext = this;
    this.markSeen(result.name);
    this.externalValues.set(val.name, result);
    return result;
  }

  addOpInternal(op: Operation): void {
    const inputs = op.inputs;
    if (inputs.length === 0) {
      this.removeExternalControlEdges(op);
      if (!op.controlInputs.some((c) => opInContext(c, this))) op.addControlInputs([this.pivot.op]);
    } else {
      inputs.forEach((x, i) => {
        // A Merge of a while loop imported into this branch keeps its NextIteration input.
        const real = op.type === 'Merge' && x.op.type === 'NextIteration' ? x : this.addValue(x);
        if (real !== x) op.updateInput(i, real);
      });
      this.removeExternalControlEdges(op);
    }
    for (const o of op.outputs) this.markSeen(o.name);
    // A branch's ops may not be fetched (but a top-level loop's Exit made in a branch may).
    if (this.outerContext || !isLoopExit(op)) this.graph.preventFetching(op);
  }

  /** `_ProcessOutputTensor`: a result of the branch as the cond's Merge takes it. */
  private processOutputTensor(val: Output): Output {
    if (this.values.has(val.name)) return this.externalValues.get(val.name) ?? val;
    // A branch giving back an outside tensor as it is (`lambda: x`).
    const real = switchRefOrTensor(this.fromOuter(val), this.pred)[this.branch];
    this.externalValues.set(val.name, real);
    return real;
  }

  /**
   * `_BuildCondTensor`: a result of the branch as the cond's Merge takes it: an Operation stands
   * for "run it" (the pivot after it).
   */
  buildCondTensor(v: Output | Operation): Output {
    return v instanceof Operation ? withDependencies([v], this.pivot) : this.processOutputTensor(v);
  }
}

/** TF1's `WhileContext`: a v1 while loop (its frame is named after the context). */
export class WhileContext extends ControlFlowContext {
  /** The first loop variable's Merge (a gradient loop's counter's), which Consts made by the predicate wait on. */
  pivotForPred: Output | null = null;
  /** The first loop variable inside the body, which Consts made by the body wait on. */
  pivotForBody: Output | null = null;
  /** The LoopCond: whether to run another iteration. */
  pivot: Output | null = null;
  loopExits: Output[] = [];
  loopEnters: Output[] = [];

  /** `name`: the frame's, unique in the graph (`unique_name('while_context')` for a new loop). */
  constructor(graph: Graph, readonly maximumIterations: Output | null, readonly parallelIterations: number,
    readonly backProp: boolean, readonly swapMemory: boolean, readonly name: string,
    private readonly loopGradState: GradLoopState | null = null) {
    super(graph);
    if (!Number.isInteger(parallelIterations) || parallelIterations <= 0) {
      throw new ValueError(`'parallel_iterations' must be a positive integer: ${parallelIterations}`);
    }
  }

  /** `to_proto`: null when outside `exportScope`. */
  toProto(exportScope?: string): WhileContextDef | null {
    if (exportScope && !this.name.startsWith(exportScope)) return null;
    const strip = (n: string) => stripNameScope(n, exportScope);
    return create(WhileContextDefSchema, { contextName: strip(this.name), parallelIterations: this.parallelIterations,
      maximumIterationsName: this.maximumIterations ? strip(this.maximumIterations.name) : '', backProp: this.backProp,
      swapMemory: this.swapMemory, pivotForPredName: strip(this.pivotForPred!.name),
      pivotForBodyName: strip(this.pivotForBody!.name), pivotName: strip(this.pivot!.name),
      loopExitNames: this.loopExits.map((t) => strip(t.name)), loopEnterNames: this.loopEnters.map((t) => strip(t.name)),
      valuesDef: this.valuesDef(exportScope), nestedContexts: this.nestedDefs(exportScope) });
  }

  toControlFlowContextDef(exportScope?: string): ControlFlowContextDef {
    return create(ControlFlowContextDefSchema, { ctxt: { case: 'whileCtxt', value: this.toProto(exportScope)! } });
  }

  /**
   * `from_proto`: the context of an imported loop (its ops under `importScope`), so that its
   * gradients can be taken. Its Enters keep their frame name.
   */
  static fromProto(graph: Graph, def: WhileContextDef, importScope?: string): WhileContext {
    const element = (n: string) => graph.tensor(prependNameScope(n, importScope));
    const ctxt = new WhileContext(graph, def.maximumIterationsName ? element(def.maximumIterationsName) : null,
      def.parallelIterations, def.backProp, def.swapMemory, prependNameScope(def.contextName, importScope));
    ctxt.pivotForPred = element(def.pivotForPredName);
    ctxt.pivotForBody = element(def.pivotForBodyName);
    ctxt.pivot = element(def.pivotName);
    ctxt.loopExits = def.loopExitNames.map(element);
    ctxt.loopEnters = def.loopEnterNames.map(element);
    ctxt.initValuesFromProto(def.valuesDef, importScope);
    ctxt.importNested(def.nestedContexts, importScope);
    return ctxt;
  }

  get gradState(): GradLoopState | null {
    return this.loopGradState;
  }

  getWhileContext(): WhileContext {
    return this;
  }

  getControlPivot(): Output | null {
    return this.pivotForBody ?? this.pivotForPred;
  }

  isWhileContext(): this is WhileContext {
    return true;
  }

  /** `_Enter` into this loop's frame. */
  private enterHere(t: Output, options: { isConstant?: boolean; useInputShape?: boolean; name?: string } = {}): Output {
    return enterFrame(t, this.name, { ...options, parallelIterations: this.parallelIterations });
  }

  addValue(val: Output): Output {
    // Ops of this loop not yet added (an imported loop's, through its cycle) are not outside values.
    const isNew = !this.values.has(val.name) && val.op.controlFlowContext !== this;
    if (!isNew) return this.externalValues.get(val.name) ?? val;
    this.values.add(val.name);
    // In a gradient loop, a value of its forward loop comes from the history saved in forward.
    const gradCtxt = this.graph.getControlFlowContext()?.getWhileContext() ?? null;
    const gradState = gradCtxt?.gradState ?? null;
    if (gradState) {
      let forward = getWhileContext(val.op);
      if (isLoopExit(val.op)) forward = forward?.outerContext?.getWhileContext() ?? null;
      if (forward === gradState.forwardContext) {
        const real = gradState.getRealValue(val);
        this.externalValues.set(val.name, real);
        return real;
      }
    }
    const result = this.outerContext ? this.outerContext.addValue(val) : val;
    // An Enter to make `result` known to this loop.
    const enter = this.graph.controlDependencies(null, () => this.enterHere(result, { isConstant: true }));
    this.graph.preventFeeding(enter);
    this.fixControlInputsAndContext([enter]);
    this.values.add(enter.name);
    this.externalValues.set(val.name, enter);
    return enter;
  }

  addOp(op: Operation): void {
    // A Shape, Size or Rank of a forward value, asked for in its gradient loop, is taken in the
    // forward loop: its history is smaller than the tensor's.
    if (['Shape', 'Size', 'Rank'].includes(op.type)) {
      const gradState = this.graph.getControlFlowContext()?.getWhileContext()?.gradState ?? null;
      const input = op.inputs[0].op;
      if (gradState && getWhileContext(input) === gradState.forwardContext) {
        const inputCtxt = input.controlFlowContext!;
        op.controlFlowContext = inputCtxt;
        inputCtxt.addOpInternal(op);
        return;
      }
    }
    this.addOpInternal(op);
  }

  /**
   * `_AddOpInternal`: outside inputs enter the loop; control inputs from outside it are pulled
   * in as data through an Identity, so that they still run first.
   */
  addOpInternal(op: Operation): void {
    const inputs = op.inputs;
    let external: Operation[];
    if (inputs.length === 0) {
      const [internal, ext] = this.removeExternalControlEdges(op);
      external = ext;
      if (internal.length === 0) op.addControlInputs([this.getControlPivot()!.op]);
    } else {
      inputs.forEach((x, i) => {
        const real = this.addValue(x);
        if (real !== x) op.updateInput(i, real);
      });
      external = this.removeExternalControlEdges(op)[1];
      this.maybeAddControlDependency(op);
    }
    for (const o of op.outputs) this.values.add(o.name);
    // A loop's ops may not be fetched or fed, its top-level Exits excepted.
    if (this.outerContext || !isLoopExit(op)) {
      this.graph.preventFetching(op);
      for (const o of op.outputs) this.graph.preventFeeding(o);
    }
    const pulled = external.filter((x) => x.numOutputs > 0);
    if (pulled.length > 0) {
      const ids = this.graph.controlDependencies(null, () => this.within(() =>
        pulled.map((x) => raw.identity({ input: x.output(0) }).op)));
      op.addControlInputs(ids);
    }
  }

  /** `_MaybeAddControlDependency`: an op reading only loop invariants waits on the pivot. */
  private maybeAddControlDependency(op: Operation): void {
    if (op.controlInputs.length > 0) return;
    if (op.inputs.every((x) => isLoopConstantEnter(x.op))) op.addControlInputs([this.getControlPivot()!.op]);
  }

  /**
   * `_FixControlInputsAndContext`: Enters made outside every control dependency get those of the
   * dependencies in scope that are in a context around this loop, and belong to this loop.
   */
  private fixControlInputsAndContext(enters: Output[]): void {
    for (const x of enters) {
      const controls = this.graph.controlDependenciesForInputs(new Set([x.op.inputs[0].op]));
      const outerWhile = this.outerContext?.getWhileContext() ?? null;
      const kept = controls.filter((op) => {
        const opCtxt = getOutputContext(op);
        for (let c = this.outerContext; c !== opCtxt; c = c.outerContext) {
          if (c === null || c === outerWhile) return false;
        }
        return true;
      });
      x.op.controlFlowContext = this;
      x.op.addControlInputs(kept);
      this.graph.recordOpSeenByControlDependencies(x.op);
    }
  }

  /**
   * `_BuildLoop`: Enter, Merge, the predicate and LoopCond, Switch, Identity, the body,
   * NextIteration back to the Merges, Exit. `loopVars` are flat; `pack` gives the predicate and
   * the body their structure; `shapeInvariants` are flat too. Gives the Exits.
   */
  buildLoop(pred: (vars: Output[]) => InputValue, body: (vars: Output[]) => Output[], loopVars: Output[],
    shapeInvariants: Array<readonly (number | null)[] | null>): Output[] {
    this.values = new Set(loopVars.map((x) => x.name));
    const realVars = this.outerContext ? loopVars.map((x) => this.outerContext!.addValue(x)) : loopVars;
    const enterVars = this.graph.controlDependencies(null, () => realVars.map((real, i) => {
      const e = this.enterHere(real, { useInputShape: false });
      if (!shapeLessThanOrEqual(real.shape, shapeInvariants[i])) {
        throw new ValueError(`The shape invariant specified for ${real.name} is not compatible with the initial shape ` +
          `of the loop variable. It enters the loop with shape ${shapeString(real.shape)}, but the specified shape ` +
          `invariant is ${shapeString(shapeInvariants[i])}.`);
      }
      e.setShape(shapeInvariants[i]);
      this.graph.preventFeeding(e);
      return e;
    }));
    // Enters of loop invariants of an enclosing context wait on its nearest pivot.
    let controlPivot: Output | null = null;
    for (let c = this.outerContext; c && !controlPivot; c = c.outerContext) controlPivot = c.getControlPivot();
    if (controlPivot) {
      for (const e of enterVars) if (isLoopConstantEnter(e.op.inputs[0].op)) e.op.addControlInputs([controlPivot.op]);
    }
    this.fixControlInputsAndContext(enterVars);
    this.values = new Set(enterVars.map((x) => x.name));
    this.loopEnters = enterVars;

    const mergeVars = enterVars.map((x) => merge([x, x])[0]);
    this.pivotForPred = mergeVars[0];
    const c = convertToTensor(pred(mergeVars));
    this.pivot = raw.loopCond({ input: c }, 'LoopCond');
    const switchVars = mergeVars.map((x) => switchRefOrTensor(x, this.pivot!));
    const varsForBody = switchVars.map((x) => identityRefOrTensor(x[1]));
    this.pivotForBody = varsForBody[0];
    const result = body(varsForBody);
    if (mergeVars.length !== result.length) {
      throw new ValueError("Number of inputs and outputs of 'body' must match 'loop_vars'. Got " +
        `${mergeVars.length} for the number of inputs/outputs, and ${result.length} for 'loop_vars'.`);
    }
    mergeVars.forEach((m, i) => addNextAndBackEdge(m, result[i]));
    const exitVars = switchVars.map((x) => exitFrame(x[0]));
    this.loopExits = exitVars;
    this.exitResult(exitVars);
    return exitVars;
  }

  /**
   * `AddForwardLoopCounter`: a counter of this loop's iterations, `n = 0; while (pivot) n++`, made
   * in the context around the loop. Gives the count at exit and the counter's next value.
   */
  addForwardLoopCounter(outerGradState: GradLoopState | null): [Output, Output] {
    const n = makeConst(this.graph, Tensor.from(0, { dtype: DType.int32 }), 'f_count');
    // The pushes of one run of an inner loop come before those of the next.
    if (outerGradState) n.op.addControlInputs([outerGradState.forwardIndex.op.inputs[0].op]);
    return this.within(() => {
      this.addName(n.name);
      const enterN = this.enterHere(n, { name: 'f_count' });
      this.loopEnters.push(enterN);
      const mergeN = merge([enterN, enterN])[0];
      const switchN = switchOp(mergeN, this.pivot!);
      const index = add(switchN[1], 1);
      const nextN = nextIteration(index);
      mergeN.op.updateInput(1, nextN);
      const total = exitFrame(switchN[0], 'f_count');
      this.loopExits.push(total);
      this.exitResult([total]);
      return [total, nextN] as [Output, Output];
    });
  }

  /**
   * `AddBackpropLoopCounter`: this gradient loop's own control, `n = count; while (n >= 1) n--`,
   * made in the context around it. Gives the counter's next value.
   */
  addBackpropLoopCounter(count: Output, outerGradState: GradLoopState | null): Output {
    const one = makeConst(this.graph, Tensor.from(1, { dtype: DType.int32 }), 'b_count');
    return this.within(() => {
      this.addName(count.name);
      const enterCount = this.enterHere(count, { name: 'b_count' });
      this.loopEnters.push(enterCount);
      const mergeCount = merge([enterCount, enterCount])[0];
      this.pivotForPred = mergeCount;
      const pred = raw.greaterEqual({ x: mergeCount, y: one });
      this.pivot = raw.loopCond({ input: pred }, 'b_count');
      const switchCount = switchOp(mergeCount, this.pivot!);
      const index = sub(switchCount[1], one);
      this.pivotForBody = index;
      const nextCount = nextIteration(index);
      mergeCount.op.updateInput(1, nextCount);
      const finalZero = exitFrame(switchCount[0], 'b_count');
      this.loopExits.push(finalZero);
      // The pops of one run of an inner loop come before those of the next.
      if (outerGradState) outerGradState.gradSync.addControlInputs([finalZero.op]);
      this.exitResult([finalZero]);
      return nextCount;
    });
  }

  /**
   * `AddBackpropAccumulator`: the gradient of a loop invariant, summed over the iterations by an
   * accumulator loop. Called in this gradient loop; leaves it.
   */
  addBackpropAccumulator(op: Operation, grad: Output): Output {
    this.exit();
    const shape = grad.shape;
    let acc: Output;
    if (isFullyDefined(shape)) {
      const make = () => makeConst(this.graph, Tensor.from(zeroOf(grad.dtype), { dtype: baseDType(grad.dtype),
        shape: shape as number[] }), 'b_acc');
      acc = this.outerContext ? this.outerContext.within(make) : make();
    } else {
      const value = op.inputs[0];
      const outer = this.outerContext;
      if (outer?.isWhileContext() && outer.gradState !== null) {
        // In a nested loop: the shape from the history of the outer forward loop.
        const forward = this.gradState!.forwardContext;
        const zerosShape = forward.outerContext!.within(() => shapeInternal(value));
        const outerGradState = this.gradState!.outerGradState!;
        const history = outerGradState.addForwardAccumulator(zerosShape);
        acc = outer.within(() => zeros(outerGradState.addBackpropAccumulatedValue(history, zerosShape), grad.dtype));
      } else {
        const make = () => zeros(shapeInternal(value), grad.dtype);
        acc = outer ? outer.within(make) : make();
      }
    }
    this.enter();
    this.addName(acc.name);
    const enterAcc = this.enterHere(acc, { name: 'b_acc' });
    this.loopEnters.push(enterAcc);
    const mergeAcc = merge([enterAcc, enterAcc], 'b_acc')[0];
    const [accFalse, accTrue] = switchOp(mergeAcc, this.pivot!);
    const addAcc = add(accTrue, grad);
    const nextAcc = nextIteration(addAcc);
    mergeAcc.op.updateInput(1, nextAcc);
    const resultAcc = exitFrame(accFalse, 'b_acc');
    this.loopExits.push(resultAcc);
    this.exitResult([resultAcc]);
    return resultAcc;
  }

  /**
   * `AddBackpropIndexedSlicesAccumulator`: the IndexedSlices gradient of a loop invariant,
   * concatenated over the iterations (the dense shape kept as the largest).
   */
  addBackpropIndexedSlicesAccumulator(op: Operation, grad: IndexedSlices): IndexedSlices {
    const { values, indices, denseShape } = grad;
    this.exit();
    const outer = this.outerContext;
    outer?.enter();
    const vShape = values.shape;
    let valuesAcc: Output;
    if (isFullyDefined(vShape)) {
      const make = () => makeConst(this.graph, Tensor.from(zeroOf(values.dtype), { dtype: baseDType(values.dtype),
        shape: [1, ...(vShape.slice(1) as number[])] }), 'b_acc');
      valuesAcc = outer ? outer.within(make) : make();
    } else {
      const rowShape = resourceSafeShapeTail(op.inputs[0]);
      valuesAcc = zeros(concat([[1], rowShape], 0), values.dtype);
    }
    const indicesAcc = makeConst(this.graph, Tensor.from([0], { dtype: baseDType(indices.dtype) }), 'Const');
    let shapeAcc: Output | null = null;
    if (denseShape) {
      const ds = denseShape.shape;
      if (isFullyDefined(ds)) {
        const make = () => makeConst(this.graph, Tensor.from(0, { dtype: baseDType(denseShape.dtype),
          shape: ds as number[] }), 'Const');
        shapeAcc = outer ? outer.within(make) : make();
      } else {
        shapeAcc = raw.zerosLike({ x: shapeInternal(op.inputs[0], baseDType(denseShape.dtype)) }, 'zeros_like');
      }
    }
    outer?.exit();
    this.enter();
    this.addName(valuesAcc.name);
    this.addName(indicesAcc.name);
    const init = [indicesAcc, valuesAcc];
    if (shapeAcc) {
      this.addName(shapeAcc.name);
      init.push(shapeAcc);
    }
    // Unknown shapes: the accumulators grow.
    const enterAcc = init.map((x) => this.enterHere(x, { useInputShape: false, name: 'b_acc' }));
    enterAcc[0].setShape([null]);
    if (valuesAcc.shape !== null) enterAcc[1].setShape([null, ...valuesAcc.shape.slice(1)]);
    this.loopEnters.push(...enterAcc);
    const mergeAcc = enterAcc.map((x) => merge([x, x], 'b_acc')[0]);
    const switchAcc = mergeAcc.map((x) => switchOp(x, this.pivot!));
    const accumulated = [concat([switchAcc[0][1], indices], 0), concat([switchAcc[1][1], values], 0)];
    if (shapeAcc && denseShape) accumulated.push(maximum(denseShape, switchAcc[2][1]));
    const nextAcc = accumulated.map(nextIteration);
    mergeAcc.forEach((m, i) => m.op.updateInput(1, nextAcc[i]));
    const exitAcc = switchAcc.map((x) => exitFrame(x[0], 'b_acc'));
    this.loopExits.push(...exitAcc);
    this.exitResult(exitAcc);
    return new IndexedSlices(exitAcc[1], exitAcc[0], shapeAcc ? exitAcc[2] : null);
  }
}

/** The zero of a dtype as `Tensor.from` takes it. */
export function zeroOf(dtype: DType): number | bigint | boolean {
  const base = baseDType(dtype);
  return base === DType.int64 || base === DType.uint64 ? 0n : base === DType.bool ? false : 0;
}

/** `array_ops.shape_internal(t, optimize=False)`: always a `Shape` op. */
export function shapeInternal(t: Output, outType: DType = DType.int32): Output {
  return applyOp('Shape', { input: t }, { out_type: outType }, 'Shape').output(0);
}

/** `_resource_safe_shape(t)[1:]`: the row shape of `t`, or of the variable a handle points to. */
function resourceSafeShapeTail(t: Output): InputValue {
  if (baseDType(t.dtype) !== DType.resource) return sliceOf(shapeInternal(t), [[1, null]]);
  let x = t;
  while (x.op.inputs.length > 0) x = x.op.inputs[0];
  return Tensor.from((x.op.getAttr('shape') as number[]).slice(1), { dtype: DType.int32 });
}


/** `from_control_flow_context_def`: a nested context of an imported MetaGraph. */
function fromControlFlowContextDef(graph: Graph, def: ControlFlowContextDef, importScope?: string): ControlFlowContext {
  if (def.ctxt.case === 'condCtxt') return CondContext.fromProto(graph, def.ctxt.value, importScope);
  if (def.ctxt.case === 'whileCtxt') return WhileContext.fromProto(graph, def.ctxt.value, importScope);
  throw new NotImplementedError(`Unknown ControlFlowContextDef field: ${def.ctxt.case}`);
}
