/**
 * Graph, Operation and Output (TF1's `tf.Graph`, `tf.Operation`, `tf.Tensor`), the default graph
 * and name scopes, as `tensorflow/python/framework/ops.py` defines them.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { AssertionError, InvalidArgumentError, KeyError, NotFoundError, RuntimeError, ValueError } from '../errors';
import {
  AttrEntry, NativeEndpoint, NativeGraph, NativeImportOptions, NativeOperation, NativeTensorOut, binding,
} from '../native';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { AttrValueSchema, GraphDefSchema, OpDefSchema, TensorShapeProtoSchema } from '../proto';
import { mergeDevice } from './device_spec';
import { DType, baseDType } from './dtypes';
import { Tensor } from './tensor';
import type { IndexedSlices } from './indexed_slices';
import type { FeedDict, Session } from '../client/session';
import type { SparseTensor } from './sparse_tensor';
import type { ControlFlowContext } from '../ops/control_flow_ops';
import { checkInputFromValidContext } from '../ops/control_flow_util';

/** TF_AttrType's value for tensor attrs (tf_attrtype.h). */
const TF_ATTR_TENSOR = 6;

/** Collection names, the same strings as `tf.GraphKeys`. */
export const GraphKeys = {
  GLOBAL_VARIABLES: 'variables',
  LOCAL_VARIABLES: 'local_variables',
  METRIC_VARIABLES: 'metric_variables',
  TRAINABLE_VARIABLES: 'trainable_variables',
  MODEL_VARIABLES: 'model_variables',
  MOVING_AVERAGE_VARIABLES: 'moving_average_variables',
  GLOBAL_STEP: 'global_step',
  SUMMARIES: 'summaries',
  SAVERS: 'savers',
  TRAIN_OP: 'train_op',
  INIT_OP: 'init_op',
  LOCAL_INIT_OP: 'local_init_op',
  READY_OP: 'ready_op',
  READY_FOR_LOCAL_INIT_OP: 'ready_for_local_init_op',
  SUMMARY_OP: 'summary_op',
  QUEUE_RUNNERS: 'queue_runners',
  LOSSES: 'losses',
  UPDATE_OPS: 'update_ops',
  TABLE_INITIALIZERS: 'table_initializer',
  RESOURCES: 'resources',
  LOCAL_RESOURCES: 'local_resources',
  ASSET_FILEPATHS: 'asset_filepaths',
  SAVEABLE_OBJECTS: 'saveable_objects',
  CONCATENATED_VARIABLES: 'concatenated_variables',
  REGULARIZATION_LOSSES: 'regularization_losses',
  COND_CONTEXT: 'cond_context',
  WHILE_CONTEXT: 'while_context',
} as const;

/** A symbolic tensor: output `index` of an operation (TF1's `tf.Tensor`). */
export class Output {
  constructor(readonly op: Operation, readonly index: number) {}

  /** `'op:index'`. */
  get name(): string {
    return `${this.op.name}:${this.index}`;
  }

  // Cached: the run path reads both for every feed, and each native lookup takes the graph's lock.
  private dtypeCache?: DType;
  private shapeCache?: (number | null)[] | null;

  get dtype(): DType {
    this.dtypeCache ??= this.op.native.outputType(this.index);
    return this.dtypeCache;
  }

  /** The static shape: null for unknown rank, null entries for unknown dimensions. */
  get shape(): (number | null)[] | null {
    const s = this.shapeView;
    return s === null ? null : [...s];
  }

  /** The static shape without a defensive copy, for hot paths that only read it. */
  get shapeView(): readonly (number | null)[] | null {
    if (this.shapeCache === undefined) {
      const s = this.op.native.outputShape(this.index);
      this.shapeCache = s === null ? null : s.map((d) => (d < 0 ? null : d));
    }
    return this.shapeCache;
  }

  get graph(): Graph {
    return this.op.graph;
  }

  /** `Tensor.set_shape`: merges `shape` into the static shape; a conflict is a ValueError. */
  setShape(shape: readonly (number | null)[] | null): void {
    if (shape === null) return;
    try {
      this.graph.native.setOutputShape(this.endpoint, shape.map((d) => d ?? -1));
    } catch (e) {
      if (e instanceof InvalidArgumentError) throw new ValueError(e.message);
      throw e;
    }
    this.shapeCache = undefined;
  }

  /** Inputs of other operations that read this output. */
  consumers(): Operation[] {
    return this.op.native.consumers(this.index).map((e) => this.graph.wrapOperation(e.op));
  }

  /** The addon's view of this endpoint. */
  get endpoint(): NativeEndpoint {
    return { op: this.op.native, index: this.index };
  }

  toString(): string {
    return `Output("${this.name}", dtype=${DType[baseDType(this.dtype)]})`;
  }

  /**
   * `Tensor.eval(feed_dict=None, session=None)`: this tensor's value, run in `session` or the
   * default session (an InteractiveSession, or `sess.asDefault`'s); ValueError without one.
   */
  eval(feedDict?: FeedDict | null, session?: Session | null): Promise<Tensor> {
    return runInSession('tensor', this, feedDict, session) as Promise<Tensor>;
  }
}

/**
 * @internal `eval`/`run` in the default session (SparseTensor's and Variable's too): required, not imported, as
 * the session module imports this one.
 */
export function runInSession(kind: 'tensor' | 'operation', x: Output | Operation | SparseTensor, feedDict?: FeedDict | null,
  session?: Session | null): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runUsingDefaultSession } = require('../client/session') as typeof import('../client/session');
  return runUsingDefaultSession(kind, x, feedDict, session);
}

/** A node of a Graph (TF1's `tf.Operation`). */
export class Operation {
  private outputsCache?: Output[];
  // Names never change; the run path reads them for every run signature.
  private nameCache?: string;

  /**
   * @internal The v1 control-flow context (a cond branch, a while loop) the op was made in, null
   * outside any (`_get_control_flow_context`); the contexts reassign it for the ops they make.
   */
  controlFlowContext: ControlFlowContext | null = null;

  /** @internal Operations come from a Graph: `graph.operation(name)`, `graph.addOperation(...)`. */
  constructor(readonly graph: Graph, readonly native: NativeOperation) {}

  get name(): string {
    return (this.nameCache ??= this.native.name);
  }

  get type(): string {
    return this.native.type;
  }

  get device(): string {
    return this.native.device;
  }

  get numOutputs(): number {
    return this.native.numOutputs;
  }

  /**
   * The colocation groups (`colocation_groups`): the `loc:@` entries of the `_class` attr, or the
   * op's own group `loc:@<name>`.
   */
  colocationGroups(): string[] {
    const groups = this.native.attrMetadata('_class') === null ? []
      : (this.native.getAttr('_class') as Uint8Array[]).map((b) => Buffer.from(b).toString())
        .filter((c) => c.startsWith('loc:@'));
    return groups.length > 0 ? groups : [`loc:@${this.name}`];
  }

  output(i: number): Output {
    const outs = this.outputs;
    if (!Number.isInteger(i) || i < 0 || i >= outs.length) {
      throw new ValueError(`Operation '${this.name}' has ${outs.length} outputs, no output ${i}`);
    }
    return outs[i];
  }

  get outputs(): Output[] {
    this.outputsCache ??= Array.from({ length: this.native.numOutputs }, (_, i) => new Output(this, i));
    return this.outputsCache;
  }

  get inputs(): Output[] {
    return Array.from({ length: this.native.numInputs }, (_, i) => {
      const e = this.native.input(i);
      return this.graph.wrapOperation(e.op).output(e.index);
    });
  }

  get controlInputs(): Operation[] {
    return this.native.controlInputs().map((o) => this.graph.wrapOperation(o));
  }

  /**
   * An attr's value: number, boolean, DType number, shape (number[] with -1 unknown, or null),
   * Uint8Array for strings, Tensor for tensors, arrays of these for lists; serialized AttrValue
   * bytes for func attrs. Unknown attrs raise ValueError as in TF1.
   */
  getAttr(name: string): unknown {
    const meta = this.native.attrMetadata(name);
    if (meta === null) throw new ValueError(`Operation '${this.name}' has no attr named '${name}'.`);
    const v = this.native.getAttr(name);
    if (meta.type !== TF_ATTR_TENSOR) return v;
    return meta.isList ? (v as NativeTensorOut[]).map((t) => Tensor.fromNative(t)) : Tensor.fromNative(v as NativeTensorOut);
  }

  /** The serialized NodeDef. */
  toNodeDef(): Uint8Array {
    return this.native.toNodeDef();
  }

  /** @internal Input `index` reads `t` instead (`_update_input`): how control flow rewires an op it adds. */
  updateInput(index: number, t: Output): void {
    this.graph.native.updateInput(this.native, index, t.endpoint);
  }

  /** @internal Adds control inputs (`_add_control_inputs`), skipping those the op has. */
  addControlInputs(ops: Operation[]): void {
    const have = new Set(this.native.controlInputs().map((c) => c.name));
    for (const c of ops) if (!have.has(c.name)) this.graph.native.addControlInput(this.native, c.native);
  }

  /** @internal `_remove_all_control_inputs`. */
  removeAllControlInputs(): void {
    this.graph.native.removeAllControlInputs(this.native);
  }

  toString(): string {
    return `Operation("${this.name}", type=${this.type})`;
  }

  /** `Operation.run(feed_dict=None, session=None)`: runs this op in `session` or the default session. */
  async run(feedDict?: FeedDict | null, session?: Session | null): Promise<void> {
    await runInSession('operation', this, feedDict, session);
  }
}

/**
 * A device function (`tf.device(fn)`): gets the op being added (its name, type and the device
 * inner scopes chose, '' for none) and returns its device.
 */
export type DeviceFunction = (op: { readonly name: string; readonly type: string; readonly device: string }) =>
  string | null | undefined;

/** Anything a graph can resolve to an element: an Output, an Operation or a name. */
export type GraphElement = Output | Operation | string;

/** One input of `addOperation`: an output, or a list for list inputs. */
export type OpInput = Output | Output[];

export interface AddOperationSpec {
  type: string;
  /** The node name; uniquified within the current name scope unless `exactName`. */
  name?: string;
  /** Use `name` as is (it must be free). */
  exactName?: boolean;
  inputs?: OpInput[];
  controlInputs?: Operation[];
  attrs?: AttrEntry[];
  device?: string;
}

export interface ImportGraphDefOptions {
  /** Prefix for imported names, as `tf.import_graph_def(name=...)` ("import" when omitted). */
  prefix?: string;
  inputMap?: Map<string, Output> | Record<string, Output>;
  returnElements?: string[];
  /** @internal The prefix is a name scope made unique already (`tf.import_graph_def`'s). */
  exactPrefix?: boolean;
  /** Imported names that clash with the graph's get a suffix (TF_ImportGraphDefOptionsSetUniquifyNames). */
  uniquifyNames?: boolean;
}

const defaultGraphStorage = new AsyncLocalStorage<Graph>();
let globalDefaultGraph: Graph | undefined;
/** Graphs InteractiveSessions made default (`tf.InteractiveSession(graph=g)`), latest last, until they close. */
const interactiveGraphs: Graph[] = [];

/**
 * The graph that takes operations when none is given: `graph.asDefault`'s, else the graph of the
 * latest open InteractiveSession given one, else the global default graph.
 */
export function getDefaultGraph(): Graph {
  const scoped = defaultGraphStorage.getStore() ?? interactiveGraphs[interactiveGraphs.length - 1];
  if (scoped) return scoped;
  globalDefaultGraph ??= new Graph();
  return globalDefaultGraph;
}

/**
 * `tf.compat.v1.colocate_with(op, ignore_existing)`: `graph.colocateWith` on the graph of `op`
 * (the default graph when null).
 */
export function colocateWith<T>(op: Operation | Output | { op: Operation } | null, fn: () => T, ignoreExisting = false): T {
  const graph = op === null ? getDefaultGraph() : op instanceof Operation ? op.graph : op.op.graph;
  return graph.colocateWith(op, fn, ignoreExisting);
}

/**
 * `tf.compat.v1.init_scope()` in graph mode: runs `fn` on the default graph outside every control
 * dependency and control-flow context (`control_dependencies(None)`), in the same name scope, so
 * that what it makes (variables, slots) lives outside any cond or while loop it is called from.
 */
export function initScope<T>(fn: () => T): T {
  return getDefaultGraph().controlDependencies(null, fn);
}

/** `tf.container(container_name)`: `Graph.container` on the default graph. */
export function container<T>(containerName: string, fn: (containerName: string) => T): T {
  return getDefaultGraph().container(containerName, fn);
}

/**
 * @internal InteractiveSession's `graph.as_default().__enter__()` (`enter`) and, on close, its exit: the graph
 * stops being the default one wherever it is in the stack, as TF's unenforced nesting allows.
 */
export function interactiveDefaultGraph(graph: Graph, enter: boolean): void {
  if (enter) interactiveGraphs.push(graph);
  else interactiveGraphs.splice(interactiveGraphs.lastIndexOf(graph), 1);
}

/** Clears the global default graph (`tf.reset_default_graph`). */
export function resetDefaultGraph(): void {
  if (defaultGraphStorage.getStore() || interactiveGraphs.length > 0) {
    throw new AssertionError('Do not use tf.reset_default_graph() to clear nested graphs. If you need a ' +
      'cleared graph, exit the nesting and create a new graph.');
  }
  globalDefaultGraph = new Graph();
}


function parseTensorName(name: string): [string, number] | null {
  const m = /^(.*):(\d+)$/.exec(name);
  return m ? [m[1], Number(m[2])] : null;
}

export class Graph {
  /** @internal */
  readonly native: NativeGraph;
  private readonly opCache = new Map<string, Operation>();
  private readonly namesInUse = new Map<string, number>();
  private readonly collectionsMap = new Map<string, unknown[]>();
  private nameStack = '';
  /** Active `controlDependencies` frames: their ops, and the ops created inside them. */
  private controlDepsStack: Array<{ ops: Operation[]; created: Set<Operation> }> = [];
  private deviceStack: Array<string | DeviceFunction | null> = [];
  /** Active `colocateWith` scopes, innermost last. */
  private colocationStack: Operation[] = [];
  /** The `_class` attr given to new ops outside colocation scopes (TF's `_attr_scope`). */
  private classScope: string[] | null = null;
  /** Active `gradientOverrideMap` entries: op type -> the type whose gradient function its ops take. */
  private gradientOverrides = new Map<string, string>();
  /** The container stateful ops made now get (`Graph.container`); '' is the default one. */
  private containerName = '';
  private isFinalized = false;
  private unfinalized = 0;
  /** The control-flow context new ops are made in (`_get_control_flow_context`). */
  private controlFlowContext: ControlFlowContext | null = null;
  /** Whether ops may be in control-flow contexts: until then, adding an op skips their checks. */
  private hasControlFlow = false;
  /** Ops that may not be fetched and tensors that may not be fed, by name (`prevent_fetching`, `prevent_feeding`). */
  private readonly unfetchable = new Set<string>();
  private readonly unfeedable = new Set<string>();
  /**
   * @internal Set while a function is traced in this graph (`FuncGraph.capture`): the stand-in of a
   * tensor of the outer graph, which new ops here read instead. Ops made while this graph is the
   * default go to it, whatever graph their inputs are in.
   */
  captureOuter?: (t: Output) => Output;

  constructor(native?: NativeGraph) {
    this.native = native ?? new binding.Graph();
    if (native) for (const op of native.operations()) this.markNameUsed(op.name);
  }

  /** @internal The Operation object for a native one (one per node). */
  wrapOperation(native: NativeOperation): Operation {
    const name = native.name;
    let op = this.opCache.get(name);
    if (!op) {
      op = new Operation(this, native);
      this.opCache.set(name, op);
    }
    return op;
  }

  /** Runs `fn` with this graph as the default graph; the default follows async calls made in it. */
  asDefault<T>(fn: () => T): T {
    return defaultGraphStorage.run(this, fn);
  }

  get finalized(): boolean {
    return this.isFinalized;
  }

  /** Makes the graph read-only (`Graph.finalize`): adding an op then raises RuntimeError. */
  finalize(): void {
    this.isFinalized = true;
  }

  /** @internal Undoes finalize (TF's `_unsafe_unfinalize`, used by MonitoredSession recovery). */
  unsafeUnfinalize(): void {
    this.isFinalized = false;
    this.unfinalized++;
  }

  /**
   * @internal While the graph stays finalized its operations cannot change: a number that stays
   * the same for as long (null when not finalized), for what is derived from the operations.
   */
  get finalizedEpoch(): number | null {
    return this.isFinalized ? this.unfinalized : null;
  }

  private checkNotFinalized(): void {
    if (this.isFinalized) throw new RuntimeError('Graph is finalized and cannot be modified.');
  }

  // --- names --------------------------------------------------------------------------------

  private markNameUsed(name: string): void {
    // For names this graph did not pick (imported nodes, TF_AddGradients' prefix), every enclosing
    // scope too ("a/b/c" reserves "a" and "a/b"): a later scope of that name would clash with them.
    const parts = name.toLowerCase().split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (!this.namesInUse.has(prefix)) this.namesInUse.set(prefix, 1);
    }
  }

  /** The current name scope ('' at the root), as `get_name_scope()`. */
  getNameScope(): string {
    return this.nameStack;
  }

  /**
   * A name unique in this graph under the current scope (`Graph.unique_name`): "loss", then
   * "loss_1", "loss_2"; comparison is case-insensitive, as in TF.
   */
  uniqueName(name: string, markAsUsed = true): string {
    if (this.nameStack) name = `${this.nameStack}/${name}`;
    const key = name.toLowerCase();
    let count = this.namesInUse.get(key) ?? 0;
    if (markAsUsed) this.namesInUse.set(key, count + 1);
    if (count > 0) {
      let base = `${key}_${count}`;
      while (this.namesInUse.has(base)) {
        count++;
        base = `${key}_${count}`;
      }
      if (markAsUsed) this.namesInUse.set(base, 1);
      name = `${name}_${count}`;
    }
    return name;
  }

  /**
   * Runs `fn` inside name scope `name` (`tf.name_scope`): a new unique scope, or with a trailing
   * "/" an existing scope re-entered as is; '' or null resets to the root.
   */
  nameScope<T>(name: string | null, fn: (scope: string) => T): T {
    const saved = this.nameStack;
    let scope: string;
    if (!name) {
      scope = '';
    } else if (name.endsWith('/')) {
      scope = name.slice(0, -1);
    } else {
      scope = this.uniqueName(name);
    }
    this.nameStack = scope;
    return finallyRestore(() => fn(scope ? `${scope}/` : ''), () => { this.nameStack = saved; });
  }

  /**
   * Runs `fn` with control dependencies on `ops` for every op it adds (`tf.control_dependencies`);
   * null clears them, and, as in TF1, the control-flow context too.
   */
  controlDependencies<T>(ops: Array<Operation | Output> | null, fn: () => T): T {
    const saved = this.controlDepsStack;
    const savedContext = this.controlFlowContext;
    this.controlDepsStack = ops === null ? [] : [...saved,
      { ops: ops.map((o) => (o instanceof Output ? o.op : o)), created: new Set() }];
    if (ops === null) this.controlFlowContext = null;
    return finallyRestore(fn, () => {
      this.controlDepsStack = saved;
      this.controlFlowContext = savedContext;
    });
  }

  /**
   * @internal The control dependencies an op reading from `inputOps` would get
   * (`_control_dependencies_for_inputs`).
   */
  controlDependenciesForInputs(inputOps: Set<Operation>): Operation[] {
    const controls: Operation[] = [];
    for (const frame of this.controlDepsStack) {
      // As TF1, a frame adds nothing to an op fed by an op created inside that frame (already ordered).
      if ([...inputOps].some((o) => frame.created.has(o))) continue;
      for (const c of frame.ops) if (!inputOps.has(c)) controls.push(c);
    }
    return controls;
  }

  /** @internal Marks `op` as made inside the active `controlDependencies` frames (`_record_op_seen_by_control_dependencies`). */
  recordOpSeenByControlDependencies(op: Operation): void {
    for (const frame of this.controlDepsStack) frame.created.add(op);
  }

  /** @internal The control-flow context new ops are made in (`_get_control_flow_context`). */
  getControlFlowContext(): ControlFlowContext | null {
    return this.controlFlowContext;
  }

  /** @internal Sets the context new ops are made in (`_set_control_flow_context`): contexts' `enter`/`exit`. */
  setControlFlowContext(context: ControlFlowContext | null): void {
    this.controlFlowContext = context;
  }

  /** @internal Marks `op` as one a session may not fetch (`prevent_fetching`): it runs in a branch or loop. */
  preventFetching(op: Operation): void {
    this.unfetchable.add(op.name);
  }

  /** Whether a session may fetch `x` (`is_fetchable`): not when it only exists inside a cond branch or a while loop. */
  isFetchable(x: Output | Operation): boolean {
    return !this.unfetchable.has(x instanceof Output ? x.op.name : x.name);
  }

  /** @internal Marks `t` as one a session may not feed (`prevent_feeding`). */
  preventFeeding(t: Output): void {
    this.unfeedable.add(t.name);
  }

  /** Whether a session may feed `t` (`is_feedable`): not a tensor of a while loop. */
  isFeedable(t: Output): boolean {
    return !this.unfeedable.has(t.name);
  }

  /** @internal Notes that ops of this graph may be in control-flow contexts (a context was made for it). */
  addControlFlowContext(): void {
    this.hasControlFlow = true;
  }

  /**
   * Runs `fn` placing the ops it adds on `device` (`tf.device`): a device string, a device
   * function of the op being added (as `train.replicaDeviceSetter` returns), or null to clear the
   * enclosing scopes.
   */
  device<T>(device: string | DeviceFunction | null, fn: () => T): T {
    this.deviceStack.push(device);
    return finallyRestore(fn, () => { this.deviceStack.pop(); });
  }

  /**
   * As TF1's `_apply_device_functions`: innermost scope first; a function sees the device chosen
   * so far; a string fills in the fields not chosen yet (`merge_device`); a null scope stops the walk.
   */
  private scopedDevice(name: string, type: string): string | undefined {
    let device = '';
    for (let i = this.deviceStack.length - 1; i >= 0; i--) {
      const d = this.deviceStack[i];
      if (d === null) break;
      if (typeof d === 'function') device = d({ name, type, device }) ?? '';
      else if (d) device = mergeDevice(d, device);
    }
    return device || undefined;
  }

  /**
   * Runs `fn` colocating the ops it adds with `op` (`tf.colocate_with`): they get its colocation
   * groups in their `_class` attr and its device, and device scopes entered before are set aside,
   * as in TF1. A Variable or an Output stands for its op. `ignoreExisting` drops the enclosing
   * colocation scopes; with it, a null `op` clears them all.
   */
  colocateWith<T>(op: Operation | Output | { op: Operation } | null, fn: () => T, ignoreExisting = false): T {
    if (op === null && !ignoreExisting) {
      throw new ValueError('Trying to reset colocation (op is None) but ignore_existing is not True');
    }
    const target = op === null || op instanceof Operation ? op : op.op;
    if (target) this.checkOwn(target);
    const saved = { devices: this.deviceStack, colocation: this.colocationStack };
    this.deviceStack = [];
    const outer = ignoreExisting ? [] : this.colocationStack;
    this.colocationStack = target ? [...outer, target] : outer;
    return finallyRestore(fn, () => {
      this.deviceStack = saved.devices;
      this.colocationStack = saved.colocation;
    });
  }

  /**
   * @internal Runs `fn` giving the ops it adds outside colocation scopes the `_class` attr
   * `groups`: TF's `_attr_scope`, with which a variable colocates its initial value with itself
   * before it exists.
   */
  withColocationClass<T>(groups: string[], fn: () => T): T {
    const saved = this.classScope;
    this.classScope = groups;
    return finallyRestore(fn, () => { this.classScope = saved; });
  }

  /**
   * Runs `fn` with `containerName` the container of the stateful ops it makes (`with
   * g.container(name)`): those with a `container` attr left empty get it, as TF1's
   * `_create_op_helper` gives it them. Resources in a container can be reset together.
   */
  container<T>(containerName: string, fn: (containerName: string) => T): T {
    const saved = this.containerName;
    this.containerName = containerName;
    return finallyRestore(() => fn(containerName), () => { this.containerName = saved; });
  }

  /** `attrs` with the current container for a stateful op of `type` that has an empty `container` attr. */
  private withContainer(type: string, attrs: AttrEntry[] | undefined): AttrEntry[] | undefined {
    let opDef;
    try {
      opDef = fromBinary(OpDefSchema, this.opDef(type));
    } catch (e) {
      // A function call: no OpDef, no container attr.
      if (e instanceof NotFoundError) return attrs;
      throw e;
    }
    if (!opDef.isStateful || !opDef.attr.some((a) => a.name === 'container')) return attrs;
    const given = attrs?.find(([k]) => k === 'container')?.[2];
    if (given && (typeof given === 'string' ? given : (given as Uint8Array).length)) return attrs;
    return [...(attrs ?? []).filter(([k]) => k !== 'container'), ['container', 'string', this.containerName]];
  }

  /**
   * Runs `fn` giving the ops it adds of each type of `opTypeMap` the `_gradient_op_type` attr of
   * the type mapped to (`with g.gradient_override_map({'Square': 'CustomSquare'})`): the gradient
   * walk then takes the gradient function registered for that name.
   */
  gradientOverrideMap<T>(opTypeMap: Record<string, string>, fn: () => T): T {
    const entries = opTypeMap !== null && typeof opTypeMap === 'object' && !Array.isArray(opTypeMap)
      && !(opTypeMap instanceof Map) ? Object.entries(opTypeMap) : null;
    if (!entries || entries.some(([, v]) => typeof v !== 'string')) {
      throw new TypeError('op_type_map must be a dictionary mapping strings to strings');
    }
    const saved = this.gradientOverrides;
    this.gradientOverrides = new Map([...saved, ...entries]);
    return finallyRestore(fn, () => { this.gradientOverrides = saved; });
  }

  /** The `_class` groups and device colocation gives a new op (`_create_op_helper`); null when none. */
  private colocation(): { groups: string[]; device: string } | null {
    if (this.colocationStack.length === 0) return this.classScope && { groups: this.classScope, device: '' };
    const groups = new Set<string>();
    let device = '';
    for (let i = this.colocationStack.length - 1; i >= 0; i--) {
      const op = this.colocationStack[i];
      for (const g of op.colocationGroups()) groups.add(g);
      device ||= op.device;
    }
    return { groups: [...groups].sort(), device };
  }

  // --- building -----------------------------------------------------------------------------

  /** Adds an operation (a node) to the graph and returns it. */
  addOperation(spec: AddOperationSpec): Operation {
    this.checkNotFinalized();
    const name = spec.exactName && spec.name ? spec.name : this.uniqueName(spec.name ?? spec.type);
    const inputs = (spec.inputs ?? []).map((i) => (Array.isArray(i) ? i.map((o) => this.endpoint(o)) : this.endpoint(i)));
    const flatInputs = (spec.inputs ?? []).flat();
    // As TF1, control dependencies already implied by a data input are left out.
    const controls = new Set<Operation>(spec.controlInputs ?? []);
    for (const c of this.controlDependenciesForInputs(new Set(flatInputs.map((o) => o.op)))) controls.add(c);
    let device = spec.device ?? this.scopedDevice(name, spec.type);
    let attrs = spec.attrs;
    const colocation = this.colocation();
    if (colocation) {
      if (colocation.device && spec.device === undefined) device = colocation.device;
      // A colocation scope's groups replace a `_class` given; a class scope's do not.
      if (this.colocationStack.length > 0 || !attrs?.some(([k]) => k === '_class')) {
        attrs = [...(attrs ?? []).filter(([k]) => k !== '_class'), ['_class', 'list(string)', colocation.groups]];
      }
    }
    const gradientOpType = this.gradientOverrides.get(spec.type);
    if (gradientOpType !== undefined) {
      attrs = [...(attrs ?? []).filter(([k]) => k !== '_gradient_op_type'), ['_gradient_op_type', 'string', gradientOpType]];
    }
    if (this.containerName) attrs = this.withContainer(spec.type, attrs);
    let native: NativeOperation;
    try {
      native = this.native.addOperation({
        type: spec.type,
        name,
        inputs,
        controlInputs: [...controls].map((c) => this.checkOwn(c).native),
        attrs,
        device,
      });
    } catch (e) {
      // As TF1's `_create_c_op`: shape and attr checks failing at build time are ValueErrors.
      if (e instanceof InvalidArgumentError) throw new ValueError(e.message);
      throw e;
    }
    // As TF's `_create_op_from_tf_operation`: the op's own name, not its enclosing scopes.
    if (!this.namesInUse.has(name.toLowerCase())) this.namesInUse.set(name.toLowerCase(), 1);
    const op = this.wrapOperation(native);
    if (this.hasControlFlow) this.controlFlowPostProcessing(op, flatInputs);
    this.recordOpSeenByControlDependencies(op);
    return op;
  }

  /**
   * As TF1's `_control_flow_post_processing`: the op checked to read only tensors its context can
   * see, then added to the current context, which rewires its outside inputs through the ops it
   * makes for them (Switch, Enter) in the op's name scope, as TF1 names them.
   */
  private controlFlowPostProcessing(op: Operation, inputs: Output[]): void {
    const context = this.controlFlowContext;
    op.controlFlowContext = context;
    for (const t of inputs) checkInputFromValidContext(op, t.op);
    if (context) this.nameScope(`${op.name}/`, () => context.addOp(op));
  }

  private checkOwn<T extends Operation | Output>(x: T): T {
    if (x.graph !== this) throw new ValueError(`${x} is not an element of this graph.`);
    return x;
  }

  private endpoint(o: Output): NativeEndpoint {
    if (!(o instanceof Output)) throw new ValueError(`expected an Output as op input, got ${String(o)}`);
    return this.checkOwn(o).endpoint;
  }

  /**
   * Symbolic gradients of sum(ys) with respect to xs (`tf.gradients`, lib/ops/gradients.ts); an
   * entry is null where a y does not depend on that x, as Python's `tf.gradients` returns None,
   * and IndexedSlices where it reaches x through a gather.
   */
  gradients(ys: Output[], xs: Output[], gradYs?: Array<Output | null>): Array<Output | IndexedSlices | null> {
    this.checkNotFinalized();
    // Required here, not imported: the gradient functions build ops through modules that import this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { symbolicGradients } = require('../ops/gradients') as typeof import('../ops/gradients');
    // As TF1's `gradients`, with this graph the default one: the gradients' ops go to it.
    return this.asDefault(() => symbolicGradients(this, ys, xs, gradYs));
  }

  /**
   * @internal TF_AddGradients under `prefix` (a name no node has or is under): the gradients of
   * `xs` given `dys` for the `ys` (ones when null), null where an x gets none.
   */
  addGradients(ys: Output[], xs: Output[], dys: Output[] | null, prefix: string): Array<Output | null> {
    this.checkNotFinalized();
    let res: Array<NativeEndpoint | null>;
    try {
      res = this.native.gradients(ys.map((y) => this.endpoint(y)), xs.map((x) => this.endpoint(x)),
        dys && dys.map((g) => this.endpoint(g)), prefix);
    } finally {
      // Every node TF made is under `prefix` (a failed call may leave some): no later name may take it.
      this.markNameUsed(prefix);
    }
    return res.map((e) => (e ? this.wrapOperation(e.op).output(e.index) : null));
  }

  /** Imports a serialized GraphDef (`tf.import_graph_def`); returns the requested elements. */
  importGraphDef(graphDef: Uint8Array, options: ImportGraphDefOptions = {}): Array<Output | Operation> {
    this.checkNotFinalized();
    // What libtensorflow's importer would crash or hang on is refused first.
    const { checkImportable } = require('./importer') as typeof import('./importer');
    checkImportable(graphDef, this);
    const prefix = options.prefix ?? 'import';
    const nativeOpts: NativeImportOptions = {
      prefix: prefix ? (options.exactPrefix ? prefix : this.uniqueName(prefix)) : undefined,
      uniquifyNames: options.uniquifyNames,
    };
    const entries = options.inputMap instanceof Map ? [...options.inputMap] : Object.entries(options.inputMap ?? {});
    // '^name' keys remap control inputs to the op of the tensor given, as TF_ImportGraphDefOptionsRemapControlDependency.
    nativeOpts.inputMap = entries.filter(([name]) => !name.startsWith('^')).map(([name, out]) => {
      const parsed = parseTensorName(name) ?? [name, 0];
      return [parsed[0], parsed[1], this.endpoint(out)];
    });
    nativeOpts.controlInputMap = entries.filter(([name]) => name.startsWith('^'))
      .map(([name, out]) => [name.slice(1), this.endpoint(out).op]);
    const wanted = (options.returnElements ?? []).map((n) => parseTensorName(n));
    nativeOpts.returnOutputs = wanted.filter((p): p is [string, number] => p !== null);
    nativeOpts.returnOperations = (options.returnElements ?? []).filter((_, i) => wanted[i] === null);
    const res = this.native.importGraphDef(graphDef, nativeOpts);
    if (res.missingUnusedInputMappings.length > 0) {
      throw new ValueError(`Attempted to map inputs that were not found in graph_def: ` +
        `[${res.missingUnusedInputMappings.map(([n, i]) => (i < 0 ? `^${n}` : `${n}:${i}`)).join(', ')}]`);
    }
    for (const op of this.native.operations()) this.markNameUsed(op.name);
    let o = 0;
    let p = 0;
    return wanted.map((w) => {
      if (w !== null) {
        const e = res.outputs[o++];
        return this.wrapOperation(e.op).output(e.index);
      }
      return this.wrapOperation(res.operations[p++]);
    });
  }

  // --- lookup -------------------------------------------------------------------------------

  /** The operation named `name` (`get_operation_by_name`); KeyError if there is none. */
  operation(name: string): Operation {
    if (typeof name !== 'string') throw new TypeError(`Operation names are strings (or similar), not ${typeof name}.`);
    if (name.includes(':')) {
      throw new ValueError(`Name '${name}' appears to refer to a Tensor, not a Operation.`);
    }
    const op = this.findOperation(name);
    if (!op) throw new KeyError(`The name '${name}' refers to an Operation not in the graph.`);
    return op;
  }

  /** The operation named `name`, or undefined. */
  findOperation(name: string): Operation | undefined {
    const cached = this.opCache.get(name);
    if (cached) return cached;
    const native = this.native.operation(name);
    return native ? this.wrapOperation(native) : undefined;
  }

  /** The output named `'op:i'` (`get_tensor_by_name`). */
  tensor(name: string): Output {
    const r = this.asGraphElement(name, { allowOperation: false });
    return r as Output;
  }

  /**
   * Resolves a name, Output or Operation to an element of this graph (`as_graph_element`), with
   * TF1's errors for names that are not there or of the wrong kind.
   */
  asGraphElement(obj: GraphElement | { asGraphElement(): Output | Operation },
    { allowTensor = true, allowOperation = true } = {}): Output | Operation {
    const kinds = allowTensor && allowOperation ? 'Tensor or Operation' : allowTensor ? 'Tensor' : 'Operation';
    if (typeof obj === 'string') {
      const parsed = parseTensorName(obj);
      if (parsed) {
        if (!allowTensor) throw new ValueError(`Name '${obj}' appears to refer to a Tensor, not a ${kinds}.`);
        const [opName, idx] = parsed;
        const op = this.findOperation(opName);
        if (!op) {
          throw new KeyError(`The name '${obj}' refers to a Tensor which does not exist. The operation, ` +
            `'${opName}', does not exist in the graph.`);
        }
        if (idx >= op.numOutputs) {
          throw new KeyError(`The name '${obj}' refers to a Tensor which does not exist. The operation, ` +
            `'${opName}', exists but only has ${op.numOutputs} outputs.`);
        }
        return op.output(idx);
      }
      if (!allowOperation) {
        const hint = this.findOperation(obj) ? ` Note that Tensor names must be of the form "<op_name>:<output_index>".` : '';
        throw new ValueError(`The name '${obj}' looks like an (invalid) Operation name, not a ${kinds}.${hint}`);
      }
      const op = this.findOperation(obj);
      if (!op) throw new KeyError(`The name '${obj}' refers to an Operation not in the graph.`);
      return op;
    }
    if (obj instanceof Output) {
      if (!allowTensor) throw new TypeError(`Can not convert a Tensor into a ${kinds}.`);
      return this.checkOwn(obj);
    }
    if (obj instanceof Operation) {
      if (!allowOperation) throw new TypeError(`Can not convert a Operation into a ${kinds}.`);
      return this.checkOwn(obj);
    }
    // Objects that stand for a graph element (a Variable fetches its value).
    const convertible = obj as { asGraphElement?: () => Output | Operation };
    if (convertible && typeof convertible.asGraphElement === 'function') {
      return this.asGraphElement(convertible.asGraphElement(), { allowTensor, allowOperation });
    }
    throw new TypeError(`Can not convert a ${obj === null ? 'null' : typeof obj} into a ${kinds}.`);
  }

  /** Every operation, in the order they were added. */
  operations(): Operation[] {
    return this.native.operations().map((o) => this.wrapOperation(o));
  }

  /**
   * The serialized GraphDef; with `addShapes`, each node carries its outputs' static shapes in
   * `_output_shapes`, as `as_graph_def(add_shapes=True)` writes for TensorBoard and graph.pbtxt.
   */
  toGraphDef(options: { addShapes?: boolean } = {}): Uint8Array {
    const bytes = this.native.toGraphDef();
    if (!options.addShapes) return bytes;
    const gd = fromBinary(GraphDefSchema, bytes);
    for (const node of gd.node) {
      const op = this.findOperation(node.name);
      if (!op || op.numOutputs === 0) continue;
      const shape = op.outputs.map((o) => {
        const s = op.native.outputShape(o.index);
        return create(TensorShapeProtoSchema, s === null ? { unknownRank: true } : { dim: s.map((d) => ({ size: BigInt(d) })) });
      });
      node.attr._output_shapes = create(AttrValueSchema, { value: { case: 'list', value: { shape } } });
    }
    return toBinary(GraphDefSchema, gd);
  }

  /** The serialized OpDef of a registered op type (NotFoundError for unknown types). */
  opDef(type: string): Uint8Array {
    return this.native.opDef(type);
  }

  // --- collections --------------------------------------------------------------------------

  /** Adds `value` to collection `name`. */
  addToCollection(name: string, value: unknown): void {
    this.checkNotFinalized();
    let list = this.collectionsMap.get(name);
    if (!list) this.collectionsMap.set(name, (list = []));
    list.push(value);
  }

  /** Adds `value` to each collection in `names` (once per distinct name). */
  addToCollections(names: string | string[], value: unknown): void {
    for (const n of new Set(typeof names === 'string' ? [names] : names)) this.addToCollection(n, value);
  }

  /** A copy of collection `name` ([] when missing), optionally filtered by name scope. */
  getCollection<T = unknown>(name: string, scope?: string): T[] {
    const list = (this.collectionsMap.get(name) ?? []) as T[];
    if (scope === undefined) return [...list];
    // Python's `re.match(scope, item.name)`: the whole pattern (alternatives too) anchored at the start.
    const re = new RegExp(`^(?:${scope})`);
    return list.filter((x) => {
      const n = (x as { name?: unknown }).name;
      return typeof n === 'string' && re.test(n);
    });
  }

  /** The live list behind collection `name` (created when missing). */
  getCollectionRef<T = unknown>(name: string): T[] {
    let list = this.collectionsMap.get(name);
    if (!list) this.collectionsMap.set(name, (list = []));
    return list as T[];
  }

  clearCollection(name: string): void {
    this.collectionsMap.delete(name);
  }

  /** Names of the non-empty collections. */
  get collections(): string[] {
    return [...this.collectionsMap.keys()];
  }
}

function finallyRestore<T>(fn: () => T, restore: () => void): T {
  let result: T;
  try {
    result = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/** An op's `shared_name` attr, else its name: the resource it stands for (a VarHandleOp's checkpoint key, a map's). */
export function sharedName(op: Operation): string {
  try {
    const s = op.getAttr('shared_name');
    const name = s instanceof Uint8Array ? Buffer.from(s).toString() : String(s);
    return name || op.name;
  } catch {
    return op.name;
  }
}
