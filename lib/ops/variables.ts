/**
 * Variables (TF1's `tf.Variable`: `RefVariable` on `VariableV2`, `ResourceVariable` on
 * `VarHandleOp`), named exactly as TF1 names their ops (`w`, `w/Assign`, `w/read`,
 * `w/Initializer/...`; `rv/Read/ReadVariableOp`, `rv/IsInitialized/VarIsInitializedOp`), so that
 * graphs, MetaGraphs and checkpoints interchange with Python's. Also the collection helpers
 * (`globalVariables`, `globalVariablesInitializer`, `reportUninitializedVariables`, ...).
 */
import { create } from '@bufbuild/protobuf';
import { AttributeError, ValueError } from '../errors';
import { DType, REF_OFFSET, baseDType, dtypeName } from '../framework/dtypes';
import { IndexedSlices } from '../framework/indexed_slices';
import { InputValue, TensorConvertible, applyOp, convertToTensor, inputsByArg, opAttrs } from '../framework/op_def_library';
import { DeviceFunction, Graph, GraphKeys, Operation, Output, getDefaultGraph, initScope } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import type { Session } from '../client/session';
import { isCompatible, shapeString } from '../framework/tensor_shape';
import { pyStr } from '../util/python_repr';
import { resourceVariablesEnabled } from '../framework/v2_switches';
import {
  SaveSliceInfoDef, SaveSliceInfoDefSchema, VariableAggregation, VariableDef, VariableDefSchema, VariableSynchronization,
} from '../proto';
import { ShapeLike, Subscript, identity, stridedSliceOf, zeros } from './array_ops';
import { prependNameScope, stripNameScope } from './name_utils';
import { group, noOp } from './control_flow_ops';
import { cond } from './cond';
import {
  AssignOptions, Assignable, ScatterKind, ScatterOptions, ScatterTarget, batchScatterUpdate, countUpTo, opGraph, refAssign,
  refScatter, refUpdate, resourceScatter,
} from './state_ops';

export { VariableAggregation, VariableSynchronization };

/** Options of `new Variable` (Python's keyword arguments). */
export interface VariableOptions {
  /** The variable's name (default "Variable"), uniquified in the current name scope. */
  name?: string;
  /** The dtype; the initial value is converted to it. */
  dtype?: DType;
  /** Add to `trainable_variables` (default true). */
  trainable?: boolean;
  /** Collections to add the variable to (default `[variables]`). */
  collections?: string[];
  /** Require a fully defined initial value shape (default true). */
  validateShape?: boolean;
  /** A resource variable (`VarHandleOp`) instead of a ref variable (`VariableV2`); default false as in TF1. */
  useResource?: boolean;
  /** The variable's shape when it differs from the initial value's (resource variables). */
  shape?: ShapeLike | null;
  synchronization?: VariableSynchronization;
  aggregation?: VariableAggregation;
  /**
   * The device the variable is read on (TF1's `caching_device`): its value is then an Identity
   * placed there instead of a read colocated with the variable (`dynamicRnn` sets one).
   */
  cachingDevice?: string | DeviceFunction;
  /**
   * A projection applied after each optimizer update (`constraint`): the optimizer assigns
   * `constraint(v)` to the variable once its update has run.
   */
  constraint?: (v: Variable) => InputValue;
}

/**
 * Where a part of a partitioned variable lies in the whole (`Variable.SaveSliceInfo`): the
 * Saver writes the part under `fullName` with `spec`, so the checkpoint holds the whole tensor.
 */
export class SaveSliceInfo {
  constructor(readonly fullName: string, readonly fullShape: number[], readonly varOffset: number[],
    readonly varShape: number[]) {}

  /** The shape-and-slice spec SaveV2 and RestoreV2 take: `"10 4 4,3:0,4"`. */
  get spec(): string {
    return `${this.fullShape.join(' ')} ${this.varOffset.map((o, i) => `${o},${this.varShape[i]}`).join(':')}`;
  }

  static fromProto(def: SaveSliceInfoDef, importScope?: string): SaveSliceInfo {
    const nums = (xs: bigint[]) => xs.map(Number);
    return new SaveSliceInfo(prependNameScope(def.fullName, importScope), nums(def.fullShape), nums(def.varOffset),
      nums(def.varShape));
  }

  toProto(exportScope?: string): SaveSliceInfoDef {
    const big = (xs: number[]) => xs.map(BigInt);
    return create(SaveSliceInfoDefSchema, { fullName: stripNameScope(this.fullName, exportScope),
      fullShape: big(this.fullShape), varOffset: big(this.varOffset), varShape: big(this.varShape) });
  }
}

/** Options of `Variable.fromVariableDef`. */
export interface FromVariableDefOptions {
  /** The name scope the variable's graph was imported under. */
  importScope?: string;
  graph?: Graph;
}

/** Options of `assign*`: TF1's `use_locking`, `name`, `read_value`. */
export interface UpdateOptions extends AssignOptions {
  /** Give the value after the update (default) or, with false, the update op. */
  readValue?: boolean;
}

/**
 * A TF1 variable. Converting it to a tensor (any op input) reads it; fetching it gives its
 * value; `assign*` update it. `initializer` is the op that sets the initial value.
 */
export class Variable implements TensorConvertible, Assignable, ScatterTarget {
  readonly graph!: Graph;
  /** The `VariableV2` or `VarHandleOp` operation. */
  readonly op!: Operation;
  /** A resource variable (`VarHandleOp`). */
  readonly isResource!: boolean;
  readonly trainable!: boolean;
  /** The op that assigns the initial value (`w/Assign`). */
  readonly initializer!: Operation;
  /** The initial value tensor; null for variables imported without one. */
  readonly initialValue!: Output | null;
  readonly synchronization!: VariableSynchronization;
  readonly aggregation!: VariableAggregation;
  /** The projection optimizers apply after an update, or null (`constraint`). */
  readonly constraint!: ((v: Variable) => InputValue) | null;
  /** `w/read:0` for ref variables, `w/Read/ReadVariableOp:0` for resource ones. */
  readonly snapshot!: Output;
  /** A resource variable's read on its caching device (`w/Read/Identity`), which `value()` gives; else null. */
  private readonly cachedValue!: Output | null;
  /** For a part of a partitioned variable, where it lies in the whole; else null. */
  saveSliceInfo: SaveSliceInfo | null = null;

  /**
   * `tf.Variable(initialValue, ...)`. `initialValue` may be a function, called inside the
   * `name/Initializer` scope (as getVariable's initializers are). As TF1's `_init_from_args`, the
   * variable is made in an `initScope`: outside the cond or while loop it may be created in.
   */
  constructor(initialValue: InputValue | (() => InputValue), options: VariableOptions = {}) {
    if (initialValue === undefined || initialValue === null) throw new ValueError('initial_value must be specified.');
    if (options.constraint != null && typeof options.constraint !== 'function') {
      throw new ValueError('The `constraint` argument must be a callable.');
    }
    const initFromFn = typeof initialValue === 'function';
    const graph = initFromFn || !(initialValue instanceof Output) ? getDefaultGraph() : initialValue.graph;
    const trainable = options.trainable ?? true;
    // As TF1's default_variable_creator: the variable scope's `useResource`, else the resource-variables switch.
    // Required here, not imported: variable_scope imports this module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getVariableScope } = require('./variable_scope') as typeof import('./variable_scope');
    const useResource = options.useResource ?? getVariableScope(graph).useResource ?? resourceVariablesEnabled();
    let collections = options.collections ?? [GraphKeys.GLOBAL_VARIABLES];
    if (trainable && !collections.includes(GraphKeys.TRAINABLE_VARIABLES)) {
      collections = [...collections, GraphKeys.TRAINABLE_VARIABLES];
    }
    const validateShape = options.validateShape ?? true;
    const cachingDevice = options.cachingDevice;
    const parts = graph.asDefault(() => initScope(() => graph.nameScope(options.name ?? 'Variable', (scope) => {
      const trueName = scope.slice(0, -1);
      // As TF1: the value is made (and converted) in `name/Initializer`, on no device and
      // colocated with the variable, which takes the same `_class` (`loc:@name`). A ref variable
      // does so only for a function's value; a resource variable for any.
      const colocated = <T>(fn: () => T): T => graph.withColocationClass([`loc:@${trueName}`], fn);
      const initial = () => graph.nameScope('Initializer', () => graph.device(null, () => convertToTensor(
        initFromFn ? (initialValue as () => InputValue)() : initialValue as InputValue,
        { dtype: options.dtype, name: 'initial_value', graph })));
      if (useResource) {
        const [init, handle] = colocated(() => {
          const value = initial();
          const shape = options.shape !== undefined ? options.shape : validateShape ? value.shape : null;
          return [value, applyOp('VarHandleOp', {}, { dtype: baseDType(value.dtype), shape, shared_name: trueName,
            container: '', debug_name: scope }, { name: scope, graph }).output(0)];
        });
        graph.nameScope('IsInitialized', () => applyOp('VarIsInitializedOp', { resource: handle }, {}));
        const initializer = graph.nameScope('Assign', (n) => graph.colocateWith(null, () => graph.device(handle.op.device,
          () => applyOp('AssignVariableOp', { resource: handle, value: guardUninitialized(trueName, init) }, {}, n)),
        true));
        const [snapshot, cachedValue] = graph.nameScope('Read', () => {
          const read = graph.device(handle.op.device, () =>
            applyOp('ReadVariableOp', { resource: handle }, { dtype: baseDType(init.dtype) }).output(0));
          // On the caching device, out of the colocation (and device) scopes the variable is made in.
          return [read, cachingDevice === undefined ? null
            : graph.colocateWith(null, () => graph.device(cachingDevice, () => identity(read)), true)];
        });
        return { op: handle.op, initializer, initialValue: init, snapshot, cachedValue };
      }
      const makeRef = (init: Output) => {
        const shape = validateShape ? init.shape : null;
        if (validateShape && (shape === null || shape.some((d) => d === null))) {
          throw new ValueError(`initial_value must have a shape specified: ${init}`);
        }
        return applyOp('VariableV2', {}, { shape, dtype: baseDType(init.dtype), container: '', shared_name: '' },
          { name: scope, graph }).output(0);
      };
      const [init, ref] = initFromFn ? colocated(() => {
        const value = initial();
        return [value, makeRef(value)];
      }) : (() => {
        const value = convertToTensor(initialValue as InputValue, { dtype: options.dtype, name: 'initial_value', graph });
        return [value, makeRef(value)];
      })();
      const initializer = refAssign(ref, guardUninitialized(trueName, init), { validateShape }).op;
      const snapshot = cachingDevice === undefined ? graph.colocateWith(ref.op, () => identity(ref, 'read'))
        : graph.device(cachingDevice, () => identity(ref, 'read'));
      return { op: ref.op, initializer, initialValue: init, snapshot, cachedValue: null };
    })));
    Object.assign(this, {
      graph, ...parts, isResource: useResource, trainable,
      synchronization: options.synchronization ?? VariableSynchronization.AUTO,
      aggregation: options.aggregation ?? VariableAggregation.NONE,
      constraint: options.constraint ?? null,
    });
    graph.addToCollections(collections, this);
  }

  /**
   * Rebuilds a Variable from its VariableDef in a graph that already holds its ops (as an
   * imported MetaGraph does), without adding it to collections.
   */
  static fromVariableDef(def: VariableDef, options: FromVariableDefOptions = {}): Variable {
    const graph = options.graph ?? getDefaultGraph();
    const name = (n: string) => prependNameScope(n, options.importScope);
    const v = Object.create(Variable.prototype) as Variable;
    const varOut = graph.tensor(name(def.variableName));
    Object.assign(v, {
      graph,
      op: varOut.op,
      isResource: def.isResource,
      trainable: def.trainable,
      initializer: graph.operation(name(def.initializerName)),
      initialValue: def.initialValueName ? graph.tensor(name(def.initialValueName)) : null,
      snapshot: graph.tensor(name(def.snapshotName)),
      cachedValue: null,
      synchronization: def.synchronization,
      aggregation: def.aggregation,
      constraint: null,
      saveSliceInfo: def.saveSliceInfoDef ? SaveSliceInfo.fromProto(def.saveSliceInfoDef, options.importScope) : null,
    });
    return v;
  }

  /** The VariableDef proto (`to_proto(export_scope)`); null when outside `exportScope`. */
  toVariableDef(exportScope?: string): VariableDef | null {
    if (exportScope && !this.op.name.startsWith(`${exportScope}/`)) return null;
    const strip = (n: string) => stripNameScope(n, exportScope);
    return create(VariableDefSchema, {
      variableName: strip(this.name),
      initialValueName: this.initialValue ? strip(this.initialValue.name) : '',
      initializerName: strip(this.initializer.name),
      snapshotName: strip(this.snapshot.name),
      isResource: this.isResource,
      trainable: this.trainable,
      synchronization: this.synchronization,
      aggregation: this.aggregation,
      saveSliceInfoDef: this.saveSliceInfo?.toProto(exportScope),
    });
  }

  /**
   * Makes `initializer` (with `initialValue`, its value) what sets the variable at initialization,
   * as TF1's `init_from_checkpoint` sets `_initializer_op` and `_initial_value`.
   */
  setInitializer(initializer: Operation, initialValue: Output): void {
    Object.assign(this, { initializer, initialValue });
  }

  /** `'w:0'`. */
  get name(): string {
    return `${this.op.name}:0`;
  }

  /** The element dtype (never a ref dtype). */
  get dtype(): DType {
    return this.isResource ? (this.op.getAttr('dtype') as DType) : baseDType(this.op.output(0).dtype);
  }

  /** The static shape (null entries unknown; null for unknown rank). */
  get shape(): (number | null)[] | null {
    if (!this.isResource) return this.op.output(0).shape;
    const s = this.op.getAttr('shape') as number[] | null;
    return s === null ? null : s.map((d) => (d < 0 ? null : d));
  }

  /** The ref tensor (`w:0`) of a ref variable, or the resource handle of a resource variable. */
  get ref(): Output {
    return this.op.output(0);
  }

  /** The resource handle (resource variables only). */
  get handle(): Output {
    if (!this.isResource) throw new ValueError(`${this.name} is not a resource variable and has no handle.`);
    return this.op.output(0);
  }

  /**
   * The variable's value: `w/read` for ref variables; for resource ones, the read on the caching
   * device or else a new `ReadVariableOp`.
   */
  value(): Output {
    if (!this.isResource) return this.snapshot;
    if (this.cachedValue) return this.cachedValue;
    // Out of every colocation and device scope, as TF1's `value()`.
    return this.opGraph.colocateWith(null, () => this.readOp(), true);
  }

  /**
   * The graph a variable's reads and updates are built in: as TF builds them in the default graph, a
   * function's while it is traced (a switch_case branch, a tf.data function; the handle captured),
   * else the variable's own.
   */
  private get opGraph(): Graph {
    return opGraph(this.graph);
  }

  private readOp(): Output {
    return applyOp('ReadVariableOp', { resource: this.handle }, { dtype: this.dtype }, { graph: this.opGraph }).output(0);
  }

  /**
   * Rows of a resource variable (`sparse_read`): a `ResourceGather` on the handle, named `Gather`
   * (or `name`), whose gradient is IndexedSlices of those rows.
   */
  sparseRead(indices: InputValue, name?: string): Output {
    const handle = this.handle;
    return this.opGraph.nameScope(name ?? 'Gather', (scope) =>
      applyOp('ResourceGather', { resource: handle, indices }, { dtype: this.dtype }, scope).output(0));
  }

  /** A fresh read of the variable (`read_value`), ordered after control dependencies in scope. */
  readValue(): Output {
    if (!this.isResource) return identity(this.ref, 'read');
    const v = this.opGraph.nameScope('Read', () => this.readOp());
    return identity(v);
  }

  /** @internal Op-input conversion: the value, or the ref/handle for ops that update it. */
  toOutput(options: { asRef?: boolean; dtype?: DType } = {}): Output {
    if (options.dtype !== undefined && baseDType(options.dtype) !== this.dtype) {
      throw new ValueError(`Incompatible type conversion requested to type '${dtypeName(options.dtype)}' for ` +
        `variable of type '${dtypeName(this.dtype)}'`);
    }
    if (options.asRef) return this.ref;
    return this.value();
  }

  /** Fetching a Variable fetches its value (`_as_graph_element`). */
  asGraphElement(): Output {
    return this.isResource ? this.snapshot : this.ref;
  }

  /**
   * `Variable.eval(session=None)`: the variable's value, read in `session` or the default session
   * (`Tensor.eval` of what fetching it reads); TF1's ValueError without one.
   */
  eval(session?: Session | null): Promise<Tensor> {
    return this.asGraphElement().eval(null, session);
  }

  /** A bool scalar: whether the variable holds a value (`is_initialized`). */
  isInitialized(name?: string): Output {
    if (this.isResource) return applyOp('VarIsInitializedOp', { resource: this.handle }, {}, name ?? 'VarIsInitializedOp').output(0);
    return applyOp('IsVariableInitialized', { ref: this.ref }, {}, name ?? 'IsVariableInitialized').output(0);
  }

  /**
   * `initialized_value()`: the variable's value once it is initialized, else its initial value, as
   * the v1 cond TF1 builds (outside any control dependencies): a read that never fails on a fresh
   * session, and what a value made from another variable must read to be safe to initialize in
   * any order. An imported variable without its initial value gives zeros there.
   */
  initializedValue(): Output {
    const graph = this.graph;
    // TF's `init_scope`: in the variable's graph even while a function is traced (which captures the value),
    // in the current graph's name scope.
    const scope = this.opGraph.getNameScope();
    return graph.asDefault(() => graph.nameScope(scope ? `${scope}/` : null, () => graph.controlDependencies(null, () => {
      const pred = this.isInitialized();
      const initial = this.initialValue ?? zeros(this.shape as number[], this.dtype);
      return cond(pred, () => this.readValue(), () => initial);
    })));
  }

  /** A resource update op, then (unless `readValue: false`) the value read after it, as TF1's `_lazy_read`. */
  private update(type: 'Assign' | 'AssignAdd' | 'AssignSub', value: InputValue, options: UpdateOptions): Output | Operation {
    if (!this.isResource) {
      if (this.opGraph !== this.graph) {
        // A function captures the ref as a plain tensor, which TF's op refuses once made.
        const t = `tf.${dtypeName(this.dtype)}`;
        throw new TypeError(`In op '${this.opGraph.uniqueName(options.name ?? type)}', input types ([${t}, ${t}]) are ` +
          `not compatible with expected types ([${t}_ref, ${t}])`);
      }
      // A ref variable's assign does not lock (RefVariable.assign's use_locking=False; tf.assign's op default does).
      const out = type === 'Assign' ? refAssign(this.ref, value, { ...options, useLocking: options.useLocking ?? false })
        : refUpdate(type, this.ref, value, options);
      return options.readValue === false ? out.op : out;
    }
    const opType = type === 'Assign' ? 'AssignVariableOp' : `${type}VariableOp`;
    const v = convertToTensor(value, { dtype: this.dtype, graph: this.opGraph });
    if (type === 'Assign' && !isCompatible(this.shape, v.shape)) {
      throw new ValueError(`Cannot assign value to variable ' ${this.name}': Shape mismatch.The variable shape ` +
        `${shapeString(this.shape)}, and the assigned value shape ${shapeString(v.shape)} are incompatible.`);
    }
    // TF's assign checks the value's shape at run time against a fully defined variable shape.
    const attrs = type === 'Assign' ? { validate_shape: this.shape?.every((d) => d !== null) ?? false } : {};
    const op = applyOp(opType, { resource: this.handle, value: v }, attrs, options.name ?? opType);
    if (options.readValue === false) return op;
    return this.lazyRead(op);
  }

  /** @internal The value read after `op` (TF's `_lazy_read`, what a resource variable's updates give). */
  lazyRead(op: Operation): Output {
    return this.opGraph.controlDependencies([op], () => this.value());
  }

  /** A scatter method's IndexedSlices, checked as TF1's ref or resource variable checks it. */
  private sparseDelta(delta: IndexedSlices): IndexedSlices {
    if (delta instanceof IndexedSlices) return delta;
    throw new TypeError(this.isResource ? `Argument \`sparse_delta\` must be a \`tf.IndexedSlices\`. Received arg: ${
      pyStr(delta)}` : `sparse_delta is not IndexedSlices: ${pyStr(delta)}`);
  }

  private scatter(kind: ScatterKind, indices: InputValue, updates: InputValue, useLocking: boolean, name?: string): Output {
    return this.isResource ? resourceScatter(kind, this, indices, updates, name)
      : refScatter(kind, this.ref, indices, updates, useLocking, name);
  }

  /** A `scatter_<kind>(sparse_delta, use_locking=False)` method: the op on the IndexedSlices' rows. */
  private sparseScatter(kind: ScatterKind, sparseDelta: IndexedSlices, options: ScatterOptions): Output {
    const d = this.sparseDelta(sparseDelta);
    return this.scatter(kind, d.indices, d.values, options.useLocking ?? false, options.name);
  }

  /** `scatter_update(sparse_delta, use_locking=False)`: the rows of the IndexedSlices set to its values. */
  scatterUpdate(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Update', sparseDelta, options);
  }

  /** `scatter_add(sparse_delta, use_locking=False)`. */
  scatterAdd(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Add', sparseDelta, options);
  }

  /** `scatter_sub(sparse_delta, use_locking=False)`. */
  scatterSub(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Sub', sparseDelta, options);
  }

  /** `scatter_mul(sparse_delta, use_locking=False)`. */
  scatterMul(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Mul', sparseDelta, options);
  }

  /** `scatter_div(sparse_delta, use_locking=False)`. */
  scatterDiv(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Div', sparseDelta, options);
  }

  /** `scatter_min(sparse_delta, use_locking=False)`. */
  scatterMin(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Min', sparseDelta, options);
  }

  /** `scatter_max(sparse_delta, use_locking=False)`. */
  scatterMax(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    return this.sparseScatter('Max', sparseDelta, options);
  }

  /** `batch_scatter_update(sparse_delta, use_locking=False)`: `tf.batch_scatter_update` of its indices and values. */
  batchScatterUpdate(sparseDelta: IndexedSlices, options: ScatterOptions = {}): Output {
    if (!this.isResource) {
      return batchScatterUpdate(this, sparseDelta.indices, sparseDelta.values, { useLocking: false, ...options });
    }
    const d = this.sparseDelta(sparseDelta);
    // TF reads again after the update op (the control input of the read the update gives).
    const read = batchScatterUpdate(this, d.indices, d.values, { useLocking: false, ...options });
    return this.lazyRead(read.op.controlInputs[0]);
  }

  /** `scatter_nd_update(indices, updates)`: the slices at the index vectors set to `updates`. */
  scatterNdUpdate(indices: InputValue, updates: InputValue, name?: string): Output {
    return this.scatter('NdUpdate', indices, updates, true, name);
  }

  /** `scatter_nd_add(indices, updates)`. */
  scatterNdAdd(indices: InputValue, updates: InputValue, name?: string): Output {
    return this.scatter('NdAdd', indices, updates, true, name);
  }

  /** `scatter_nd_sub(indices, updates)`. */
  scatterNdSub(indices: InputValue, updates: InputValue, name?: string): Output {
    return this.scatter('NdSub', indices, updates, true, name);
  }

  /** `scatter_nd_max(indices, updates)`. */
  scatterNdMax(indices: InputValue, updates: InputValue, name?: string): Output {
    return this.scatter('NdMax', indices, updates, true, name);
  }

  /** `scatter_nd_min(indices, updates)`. */
  scatterNdMin(indices: InputValue, updates: InputValue, name?: string): Output {
    return this.scatter('NdMin', indices, updates, true, name);
  }

  /** `count_up_to(limit)`: `tf.count_up_to` of this variable. */
  countUpTo(limit: number): Output {
    return countUpTo(this, limit);
  }

  /**
   * `v[spec]` (`_slice_helper_var`): `ops.getItem` of the variable's value, with an `assign(value,
   * name)` as TF1's: `v.getItem(['1:3']).assign(x)` is `v[1:3].assign(x)`, a `StridedSliceAssign`
   * (ref variables; gives the variable's ref) or `ResourceStridedSliceAssign` (resource ones; gives
   * the value read after it) of the slice's begin, end and strides, named `<slice scope>_assign`.
   */
  getItem(spec: Subscript): SlicedVariable {
    const { output, parts } = stridedSliceOf(this.value(), spec);
    const assign = (value: InputValue, name?: string): Output => {
      if (!parts) throw new AttributeError("'SymbolicTensor' object has no attribute 'assign'");
      const { begin, end, strides, attrs, scope } = parts;
      const opName = name ?? `${scope}_assign`;
      if (!this.isResource) {
        return applyOp('StridedSliceAssign', { ref: this.ref, begin, end, strides, value }, attrs, opName).output(0);
      }
      const v = convertToTensor(value, { dtype: this.dtype, graph: this.opGraph });
      return this.lazyRead(applyOp('ResourceStridedSliceAssign', { ref: this.handle, begin, end, strides, value: v },
        attrs, opName));
    };
    return Object.assign(output, { assign });
  }

  /** `assign(value)`: the variable's value after the update; the update op with `readValue: false`. */
  assign(value: InputValue, options?: UpdateOptions & { readValue?: true }): Output;
  assign(value: InputValue, options: UpdateOptions): Output | Operation;
  assign(value: InputValue, options: UpdateOptions = {}): Output | Operation {
    return this.update('Assign', value, options);
  }

  /** `assign_add(delta)`. */
  assignAdd(delta: InputValue, options?: UpdateOptions & { readValue?: true }): Output;
  assignAdd(delta: InputValue, options: UpdateOptions): Output | Operation;
  assignAdd(delta: InputValue, options: UpdateOptions = {}): Output | Operation {
    return this.update('AssignAdd', delta, options);
  }

  /** `assign_sub(delta)`. */
  assignSub(delta: InputValue, options?: UpdateOptions & { readValue?: true }): Output;
  assignSub(delta: InputValue, options: UpdateOptions): Output | Operation;
  assignSub(delta: InputValue, options: UpdateOptions = {}): Output | Operation {
    return this.update('AssignSub', delta, options);
  }

  toString(): string {
    const s = this.shape;
    return `<tf.Variable '${this.name}' shape=${s === null ? '<unknown>' : `(${s.map((d) => d ?? 'None').join(', ')}${
      s.length === 1 ? ',' : ''})`} dtype=${dtypeName(this.dtype)}${this.isResource ? '' : '_ref'}>`;
  }
}

/** A slice of a variable (`Variable.getItem`): its value, and `assign(value, name)` to set that slice. */
export type SlicedVariable = Output & { assign(value: InputValue, name?: string): Output };

/**
 * `_try_guard_against_uninitialized_dependencies`: an initial value that reads other variables
 * reads their `initializedValue()` instead, through copies of the ops in between named
 * `<op>_<variable name>` (a RefSwitch becoming a Switch), so that initializers run in one group,
 * in any order, never read a variable not yet set. A value that loops back (a while loop) is kept.
 */
function guardUninitialized(name: string, initial: Output): Output {
  const graph = initial.graph;
  const state = new Map<string, boolean>();  // op name -> finished (false: on the current path)
  const hasCycle = (op: Operation): boolean => {
    const seen = state.get(op.name);
    if (seen !== undefined) return !seen;
    state.set(op.name, false);
    if ([...op.inputs.map((t) => t.op), ...op.controlInputs].some(hasCycle)) return true;
    state.set(op.name, true);
    return false;
  };
  if (hasCycle(initial.op)) return initial;
  const cache = new Map<string, Operation>();
  const fromTensor = (t: Output): Output => {
    let op = cache.get(t.op.name);
    if (!op) cache.set(t.op.name, (op = fromOp(t.op)));
    return op.output(t.index);
  };
  const fromOp = (op: Operation): Operation => {
    if (['IsVariableInitialized', 'VarIsInitializedOp', 'ReadVariableOp', 'If'].includes(op.type)) return op;
    if (['Variable', 'VariableV2', 'VarHandleOp'].includes(op.type)) {
      const v = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES].flatMap((k) => graph.getCollection<unknown>(k))
        .find((x): x is Variable => x instanceof Variable && x.op.name === op.name);
      return v ? v.initializedValue().op : op;
    }
    const inputs = op.inputs.map(fromTensor);
    if (inputs.every((t, i) => t.name === op.inputs[i].name)) return op;
    return graph.addOperation({
      type: op.type === 'RefSwitch' ? 'Switch' : op.type, name: `${op.name}_${name}`.replace(/:/g, '_'), exactName: true,
      inputs: inputsByArg(op, inputs), attrs: opAttrs(op, true),
    });
  };
  return fromTensor(initial);
}

/** Whether `x` is a Variable. */
export function isVariable(x: unknown): x is Variable {
  return x instanceof Variable;
}

/** `tf.global_variables(scope)`: collection `variables`, filtered by a name regex prefix. */
export function globalVariables(scope?: string, graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES, scope);
}

/** `tf.trainable_variables(scope)`. */
export function trainableVariables(scope?: string, graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.TRAINABLE_VARIABLES, scope);
}

/** `tf.moving_average_variables(scope)`: the variables an ExponentialMovingAverage averages. */
export function movingAverageVariables(scope?: string, graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.MOVING_AVERAGE_VARIABLES, scope);
}

/** `tf.local_variables(scope)`. */
export function localVariables(scope?: string, graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.LOCAL_VARIABLES, scope);
}

/** `tf.model_variables(scope)`. */
export function modelVariables(scope?: string, graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.MODEL_VARIABLES, scope);
}

/** `tf.variables_initializer(var_list, name='init')`: a group of their initializers (a NoOp when empty). */
export function variablesInitializer(varList: Variable[], name = 'init'): Operation {
  if (varList.length === 0) return noOp(name);
  return group(varList.map((v) => v.initializer), name);
}

/** `tf.global_variables_initializer()` (named `init`). */
export function globalVariablesInitializer(graph: Graph = getDefaultGraph()): Operation {
  return graph.asDefault(() => variablesInitializer(globalVariables(undefined, graph)));
}

/** `tf.local_variables_initializer()` (named `init`, so `init_1` after the global one). */
export function localVariablesInitializer(graph: Graph = getDefaultGraph()): Operation {
  return graph.asDefault(() => variablesInitializer(localVariables(undefined, graph)));
}

/** `tf.is_variable_initialized(variable)`: a bool scalar. */
export function isVariableInitialized(variable: Variable): Output {
  return variable.isInitialized();
}

/**
 * `tf.report_uninitialized_variables(var_list)`: a 1-D string tensor of the op names of the
 * variables (default: global + local) not yet initialized.
 */
export function reportUninitializedVariables(varList?: Variable[], name = 'report_uninitialized_variables',
  graph: Graph = getDefaultGraph()): Output {
  const vars = varList ?? [...globalVariables(undefined, graph), ...localVariables(undefined, graph)];
  return graph.asDefault(() => graph.nameScope(name, () => {
    const inits = vars.map((v) => v.isInitialized());
    // The rest on the CPU, as TF1 (which reads this variable for the device).
    const device = process.env.TF_DEVICE_FOR_UNINITIALIZED_VARIABLE_REPORTING ?? '/cpu:0';
    return graph.device(device, () => {
      if (vars.length === 0) return convertToTensor(new Tensor(DType.string, [0], []), { graph });
      const mask = applyOp('LogicalNot', { x: applyOp('Pack', { values: inits }, {}, 'stack').output(0) }, {}).output(0);
      const names = convertToTensor(Tensor.from(vars.map((v) => v.op.name)), { graph });
      return graph.nameScope('boolean_mask', () => {
        const where = applyOp('Where', { input: mask }, {}).output(0);
        const idx = applyOp('Squeeze', { input: where }, { squeeze_dims: [1] }).output(0);
        return applyOp('GatherV2', { params: names, indices: idx, axis: 0 }, {}).output(0);
      });
    });
  }));
}

/** Whether a dtype number is a ref type (`w:0` of a VariableV2). */
export function isRefDType(dtype: number): boolean {
  return dtype > REF_OFFSET;
}
