/**
 * Variable scopes and `getVariable` (TF1's `variable_scope.py`): variables named by scope
 * (`layer1/w`), shared with `reuse`, created with the scope's or the default initializer
 * (glorot_uniform for floats, zeros otherwise), with TF1's errors for sharing mistakes.
 */
import { ValueError } from '../errors';
import { DType, dtypeName, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { DeviceFunction, Graph, GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { Initializer, PartitionInfo, glorotUniformInitializer, zerosInitializer } from './init_ops';
import { PartitionedVariable, Partitioner, slicesOf } from './partitioned_variables';
import { SaveSliceInfo, Variable, VariableAggregation, VariableSynchronization } from './variables';
import { shapeString } from '../framework/tensor_shape';
import { resourceVariablesEnabled } from '../framework/v2_switches';

/** `tf.AUTO_REUSE`: get the variable when it exists, create it otherwise. */
export const AUTO_REUSE = 'auto_reuse' as const;
/** `reuse` of a variable scope: true, false or AUTO_REUSE. */
export type Reuse = boolean | typeof AUTO_REUSE;

/** What getVariable makes or finds: a variable, a partitioned one, or what a custom getter gives instead. */
export type GottenVariable = Variable | PartitionedVariable | Output;

/** The options a getter receives: getVariable's, completed with the scope's defaults (and its reuse). */
export interface GetterOptions extends Omit<GetVariableOptions, 'customGetter'> {
  dtype: DType;
  reuse: Reuse;
}

/** A getter a custom getter wraps: TF1's `_true_getter`, or an enclosing scope's custom getter around it. */
export type VariableGetter = (name: string, options: GetterOptions) => GottenVariable;

/**
 * `custom_getter`: makes the variable through `getter` (given the full name, and the options,
 * changed or not) and returns it or anything in its place, e.g. a float16 cast of a float32 variable.
 */
export type CustomGetter = (getter: VariableGetter, name: string, options: GetterOptions) => GottenVariable;

/** Defaults of a scope's getVariable calls besides those of the constructor. */
export interface ScopeDefaults {
  regularizer?: (v: Variable) => Output | null;
  partitioner?: Partitioner;
  customGetter?: CustomGetter;
  /** Not inherited by subscopes, as in TF1. */
  constraint?: (v: Variable) => InputValue;
}

/** A variable scope (TF1's `VariableScope`): a name prefix plus defaults for getVariable. */
export class VariableScope {
  constructor(
    readonly name: string,
    private reuseValue: Reuse,
    readonly initializer: Initializer | undefined,
    /** The name scope opened with it ("layer1/", or "layer1_1/" when re-entered by name). */
    readonly originalNameScope: string,
    readonly dtype: DType = DType.float32,
    readonly useResource: boolean | undefined = undefined,
    private cachingDeviceValue: string | DeviceFunction | undefined = undefined,
    private defaults: ScopeDefaults = {},
  ) {}

  get regularizer(): ((v: Variable) => Output | null) | undefined {
    return this.defaults.regularizer;
  }

  get partitioner(): Partitioner | undefined {
    return this.defaults.partitioner;
  }

  get customGetter(): CustomGetter | undefined {
    return this.defaults.customGetter;
  }

  get constraint(): ((v: Variable) => InputValue) | undefined {
    return this.defaults.constraint;
  }

  /** `set_regularizer`. */
  setRegularizer(regularizer: ((v: Variable) => Output | null) | undefined): void {
    this.defaults = { ...this.defaults, regularizer };
  }

  /** `set_partitioner`: as slot creation clears it for the time of a slot. */
  setPartitioner(partitioner: Partitioner | undefined): void {
    this.defaults = { ...this.defaults, partitioner };
  }

  /** `set_custom_getter`. */
  setCustomGetter(customGetter: CustomGetter | undefined): void {
    this.defaults = { ...this.defaults, customGetter };
  }

  get reuse(): Reuse {
    return this.reuseValue;
  }

  /** `reuse_variables()`: from now on the scope (and those opened in it) shares its variables, as `static_rnn`'s steps do. */
  reuseVariables(): void {
    this.reuseValue = true;
  }

  /** The device its new variables are read on (`caching_device`; see `VariableOptions.cachingDevice`). */
  get cachingDevice(): string | DeviceFunction | undefined {
    return this.cachingDeviceValue;
  }

  /** `set_caching_device`: as `dynamic_rnn` sets its scope's, for the variables made in it from then on. */
  setCachingDevice(device: string | DeviceFunction | undefined): void {
    this.cachingDeviceValue = device;
  }
}

interface Store {
  vars: Map<string, Variable>;
  partitioned: Map<string, PartitionedVariable>;
  stack: VariableScope[];
  /** How often each scope name was opened, for `defaultName` uniquing. */
  counts: Map<string, number>;
}

const stores = new WeakMap<Graph, Store>();

function storeOf(graph: Graph): Store {
  let s = stores.get(graph);
  if (!s) {
    s = { vars: new Map(), partitioned: new Map(), stack: [new VariableScope('', false, undefined, '')], counts: new Map() };
    stores.set(graph, s);
  }
  return s;
}

/**
 * getVariable's variables by full name, parts as `name/part_<i>` (TF1's
 * `_get_default_variable_store()._vars`), and its partitioned variables by name.
 */
export function storedVariables(graph: Graph = getDefaultGraph()):
  { vars: ReadonlyMap<string, Variable>; partitioned: ReadonlyMap<string, PartitionedVariable> } {
  const { vars, partitioned } = storeOf(graph);
  return { vars, partitioned };
}

/** `tf.get_variable_scope()`. */
export function getVariableScope(graph: Graph = getDefaultGraph()): VariableScope {
  const st = storeOf(graph).stack;
  return st[st.length - 1];
}

/** Options of `variableScope`. */
export interface VariableScopeOptions {
  /** true/AUTO_REUSE share existing variables; inherited from the enclosing scope when omitted. */
  reuse?: Reuse;
  initializer?: Initializer;
  dtype?: DType;
  useResource?: boolean;
  /** The scope name when `nameOrScope` is null, uniquified (`default_name`). */
  defaultName?: string;
  /**
   * Open a name scope with it (default true); false stays in the current name scope
   * (`auxiliary_name_scope=False`, as TF1's layers re-enter their scope).
   */
  auxiliaryNameScope?: boolean;
  /** The default `cachingDevice` of its variables (inherited when omitted). */
  cachingDevice?: string | DeviceFunction;
  /** The default regularizer of its variables (inherited when omitted). */
  regularizer?: (v: Variable) => Output | null;
  /** The default partitioner of its non-scalar variables (inherited when omitted). */
  partitioner?: Partitioner;
  /** Wraps getVariable in the scope, around the enclosing scope's custom getter if any. */
  customGetter?: CustomGetter;
  /** The default constraint of its variables (this scope's only, as in TF1). */
  constraint?: (v: Variable) => InputValue;
}

/**
 * `tf.variable_scope(name_or_scope)`: runs `fn` with a variable scope and a name scope of its
 * name. A VariableScope object re-enters that scope, in a new name scope of its last component
 * (its `originalNameScope` stays the one it was made in). `reuse` true or AUTO_REUSE holds for
 * the scope and its subscopes; false or omitted takes the enclosing scope's (for a name) or the
 * scope's own (for a VariableScope), as TF1's `reuse or old.reuse`.
 */
export function variableScope<T>(nameOrScope: string | VariableScope | null, options: VariableScopeOptions,
  fn: (scope: VariableScope) => T): T;
export function variableScope<T>(nameOrScope: string | VariableScope | null, fn: (scope: VariableScope) => T): T;
export function variableScope<T>(nameOrScope: string | VariableScope | null,
  a: VariableScopeOptions | ((scope: VariableScope) => T), b?: (scope: VariableScope) => T): T {
  const options = typeof a === 'function' ? {} : a;
  const fn = (typeof a === 'function' ? a : b)!;
  const graph = getDefaultGraph();
  const store = storeOf(graph);
  const parent = getVariableScope(graph);
  if (nameOrScope === null && !options.defaultName) {
    throw new TypeError('If default_name is None then name_or_scope is required');
  }
  const inherit = (s: VariableScope, name: string, nameScope: string) => new VariableScope(
    name,
    options.reuse || s.reuse,
    options.initializer ?? s.initializer,
    nameScope,
    options.dtype ?? s.dtype,
    options.useResource ?? s.useResource,
    options.cachingDevice ?? s.cachingDevice,
    {
      regularizer: options.regularizer ?? s.regularizer,
      partitioner: options.partitioner ?? s.partitioner,
      customGetter: options.customGetter ? wrapCustomGetter(options.customGetter, s.customGetter) : s.customGetter,
      constraint: options.constraint,
    },
  );
  // As `_VariableScopeStore`: each scope entered counts its name (`default_name` skips counted
  // names); leaving a named scope resets its subscopes' counts, leaving a VariableScope restores them.
  const enter = (scope: VariableScope, reentered: boolean) => {
    store.counts.set(scope.name, (store.counts.get(scope.name) ?? 0) + 1);
    const saved = reentered ? new Map(store.counts) : null;
    store.stack.push(scope);
    try {
      return fn(scope);
    } finally {
      store.stack.pop();
      if (saved) {
        store.counts.clear();
        for (const [k, n] of saved) store.counts.set(k, n);
      } else {
        for (const k of store.counts.keys()) if (k.startsWith(`${scope.name}/`)) store.counts.set(k, 0);
      }
    }
  };
  // With auxiliaryNameScope false, the current name scope is re-entered as is.
  const current = graph.getNameScope() ? `${graph.getNameScope()}/` : '';
  const inNameScope = (name: string, f: (nameScope: string) => T): T =>
    options.auxiliaryNameScope === false ? f(current) : name ? graph.nameScope(name, f) : f('');
  if (nameOrScope instanceof VariableScope) {
    return inNameScope(nameOrScope.name.split('/').pop()!, () =>
      enter(inherit(nameOrScope, nameOrScope.name, nameOrScope.originalNameScope), true));
  }
  const name = nameOrScope;
  if (name === null) {
    if (options.reuse) throw new ValueError('reuse=True cannot be used without a name_or_scope');
    // `_get_unique_variable_scope`: the default name, or with the first suffix not counted yet.
    const base = parent.name ? `${parent.name}/${options.defaultName}` : options.defaultName!;
    let unique = options.defaultName!;
    if (store.counts.get(base)) {
      let i = 1;
      while (store.counts.get(`${base}_${i}`)) i++;
      unique = `${unique}_${i}`;
    }
    return inNameScope(options.defaultName!, (nameScope) =>
      enter(inherit(parent, parent.name ? `${parent.name}/${unique}` : unique, nameScope), false));
  }
  const full = parent.name ? `${parent.name}/${name}` : name;
  return inNameScope(name, (nameScope) => enter(inherit(parent, full, nameScope), false));
}

/** `_maybe_wrap_custom_getter`: a scope's custom getter calls the enclosing scope's, which calls the true getter. */
function wrapCustomGetter(inner: CustomGetter, outer: CustomGetter | undefined): CustomGetter {
  if (!outer) return inner;
  return (getter, name, options) => inner((n, o) => outer(getter, n, o), name, options);
}

/** Options of `getVariable` (Python's keyword arguments). */
export interface GetVariableOptions {
  shape?: number[];
  dtype?: DType;
  /** An initializer function, or a value/tensor used as the initial value (then no shape). */
  initializer?: Initializer | InputValue;
  trainable?: boolean;
  collections?: string[];
  useResource?: boolean;
  validateShape?: boolean;
  /** Where the variable is read (default: the scope's `cachingDevice`). */
  cachingDevice?: string | DeviceFunction;
  synchronization?: VariableSynchronization;
  aggregation?: VariableAggregation;
  /** Applied after each optimizer update of the new variable (`constraint`, see `VariableOptions`). */
  constraint?: (v: Variable) => InputValue;
  /**
   * Gives a loss for the new variable (e.g. `losses.l2Regularizer(0.01)`), built in scope
   * `name/Regularizer/` and added to `regularization_losses` unless null.
   */
  regularizer?: (v: Variable) => Output | null;
  /**
   * Makes a PartitionedVariable: the parts `name/part_<i>` along the one axis the partitioner
   * splits (`fixedSizePartitioner`, `minMaxVariablePartitioner`).
   */
  partitioner?: Partitioner;
  /** Wraps this call's getter instead of the scope's custom getter. */
  customGetter?: CustomGetter;
}

/**
 * `tf.get_variable(name, shape, dtype, initializer, ...)`: the variable `scope/name`, created
 * (in the root name scope, as TF1) or, under reuse, shared; with a `partitioner` (its own or the
 * scope's), a PartitionedVariable. Under a custom getter, whatever that gives: typed as the
 * variable it makes when it passes the getter's result on, as most do.
 */
export function getVariable(name: string, options: GetVariableOptions & { partitioner: Partitioner }): PartitionedVariable;
export function getVariable(name: string, options?: GetVariableOptions): Variable;
export function getVariable(name: string, options: GetVariableOptions = {}): Variable | PartitionedVariable {
  // `tensor_shape.as_shape(shape)`: each dimension a Dimension, never negative.
  for (const d of options.shape ?? []) if (d < 0) throw new ValueError(`Dimension ${d} must be >= 0`);
  const graph = getDefaultGraph();
  const scope = getVariableScope(graph);
  const { customGetter = scope.customGetter, ...given } = options;
  if (customGetter !== undefined && typeof customGetter !== 'function') {
    throw new ValueError(`Passed a custom_getter which is not callable: ${String(customGetter)}`);
  }
  const fullName = scope.name ? `${scope.name}/${name}` : name;
  // Variable names depend on the variable scope only: the getters run in the root name scope.
  return graph.nameScope(null, () => {
    const resolved: GetterOptions = {
      ...given,
      regularizer: given.regularizer ?? scope.regularizer,
      cachingDevice: given.cachingDevice ?? scope.cachingDevice,
      partitioner: given.partitioner ?? scope.partitioner,
      useResource: given.useResource ?? scope.useResource,
      initializer: given.initializer ?? scope.initializer,
      constraint: given.constraint ?? scope.constraint,
      dtype: given.dtype ?? scope.dtype,
      reuse: scope.reuse,
    };
    return (customGetter ? customGetter(trueGetter, fullName, resolved) : trueGetter(fullName, resolved)) as Variable;
  });
}

/** `_true_getter`: a partitioned variable when partitioned (or reused as one), else a single one. */
function trueGetter(fullName: string, options: GetterOptions): Variable | PartitionedVariable {
  const store = storeOf(getDefaultGraph());
  const isScalar = options.shape !== undefined && options.shape.length === 0;
  if (options.partitioner && !isScalar) {
    if (typeof options.partitioner !== 'function') {
      throw new ValueError(`Partitioner must be callable, but received: ${String(options.partitioner)}`);
    }
    return getPartitionedVariable(fullName, options.partitioner, options);
  }
  // Reuse of a partitioned variable needs no partitioner.
  if (options.reuse === true && !options.partitioner && store.partitioned.has(fullName)) {
    return getPartitionedVariable(fullName, undefined, options);
  }
  if (store.vars.has(`${fullName}/part_0`)) {
    throw new ValueError('No partitioner was provided, but a partitioned version of the variable was found: ' +
      `${fullName}/part_0. Perhaps a variable of the same name was already created with partitioning?`);
  }
  return getSingleVariable(fullName, options);
}

/**
 * `_get_partitioned_variable`: the parts of `fullName`, each a variable `fullName/part_<i>` made
 * with the initializer for its slice (its partition info given, so variance scaling takes the
 * whole shape's fans) and the slice's SaveSliceInfo; or, under reuse, those made before.
 */
function getPartitionedVariable(fullName: string, partitioner: Partitioner | undefined, options: GetterOptions):
  PartitionedVariable {
  const graph = getDefaultGraph();
  const store = storeOf(graph);
  const existing = store.partitioned.get(fullName);
  if (existing) {
    if (options.reuse === false) {
      throw new ValueError(`Partitioned variable with name ${fullName} already exists. Did you mean to set ` +
        'reuse=True or reuse=tf.AUTO_REUSE in VarScope?');
    }
    const want = options.shape;
    if (want && (want.length !== existing.shape.length || want.some((d, i) => d !== existing.shape[i]))) {
      throw new ValueError(`Trying to reuse partitioned variable ${fullName}, but specified shape ` +
        `${shapeString(want)} and found shape ${shapeString(existing.shape)}.`);
    }
    return existing;
  }
  if (options.reuse === true) {
    throw new ValueError(`PartitionedVariable ${fullName} does not exist, or was not created with ` +
      'tf.get_variable(). Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?');
  }
  if (!partitioner) throw new ValueError('No partitioner was specified');
  const init = options.initializer;
  // A tensor initializer gives its shape (a value does not, as in TF1).
  const shape = options.shape ?? (init instanceof Output && init.shape?.every((d) => d !== null) ? init.shape as number[]
    : undefined);
  if (!shape) throw new ValueError('Shape of a new partitioned variable must be fully defined, but instead was <unknown>.');
  const dtype = options.dtype;
  const partitions = partitioner(shape, dtype);
  if (store.vars.has(`${fullName}/part_0`)) {
    throw new ValueError(`A partitioner was provided, but an unpartitioned version of the variable was found: ` +
      `${fullName}/part_0. Perhaps a variable of the same name was already created with partitioning?`);
  }
  const parts = slicesOf(shape, partitions).map(({ offset, shape: partShape }, i) => {
    const partName = `${fullName}/part_${i}`;
    // A value (not an initializer function) gives each part its slice.
    const partOptions = init === undefined || typeof init === 'function' ? { ...options, shape: partShape, dtype }
      : { ...options, shape: undefined, initializer: graph.nameScope(null, () => graph.nameScope(
        `${partName}/PartitionedInitializer`, () => applyOp('Slice', { input: convertToTensor(init, { dtype }),
          begin: offset, size: partShape }, {}, 'Slice').output(0))) };
    const part = getSingleVariable(partName, partOptions, { fullShape: shape, varOffset: offset });
    part.saveSliceInfo = new SaveSliceInfo(fullName, shape, offset, partShape);
    return part;
  });
  const v = new PartitionedVariable(fullName, shape, dtype, parts, partitions);
  store.partitioned.set(fullName, v);
  return v;
}

/** `_get_single_variable`: `fullName`, made or shared. */
function getSingleVariable(fullName: string, options: GetterOptions, partitionInfo?: PartitionInfo): Variable {
  const graph = getDefaultGraph();
  const store = storeOf(graph);
  const existing = store.vars.get(fullName);
  const reuse = options.reuse;
  if (existing) {
    if (reuse === false) {
      throw new ValueError(`Variable ${fullName} already exists, disallowed. Did you mean to set reuse=True or ` +
        'reuse=tf.AUTO_REUSE in VarScope?');
    }
    if (options.shape) {
      const found = existing.shape;
      if (!found || found.length !== options.shape.length || found.some((d, i) => d !== null && d !== options.shape![i])) {
        throw new ValueError(`Trying to share variable ${fullName}, but specified shape ${shapeString(options.shape)} and ` +
          `found shape ${shapeString(found)}.`);
      }
    }
    if (options.dtype !== undefined && options.dtype !== existing.dtype) {
      throw new ValueError(`Trying to share variable ${fullName}, but specified dtype ${dtypeName(options.dtype)} and ` +
        `found dtype ${dtypeName(existing.dtype)}.`);
    }
    return existing;
  }
  if (reuse === true) {
    throw new ValueError(`Variable ${fullName} does not exist, or was not created with tf.get_variable(). Did you ` +
      'mean to set reuse=tf.AUTO_REUSE in VarScope?');
  }
  const dtype = options.dtype;
  let init = options.initializer;
  let initialValue: InputValue | (() => InputValue);
  if (init !== undefined && typeof init !== 'function') {
    if (options.shape) throw new ValueError('If initializer is a constant, do not specify shape.');
    // A value, as TF1's `initializing_from_value`: converted as the variable's `initial_value`.
    initialValue = init;
  } else {
    if (!options.shape) {
      throw new ValueError(`Shape of a new variable (${fullName}) must be fully defined, but instead was <unknown>.`);
    }
    if (init === undefined) {
      if (isFloatingDType(dtype)) init = glorotUniformInitializer();
      else if (isIntegerDType(dtype) || dtype === DType.bool || dtype === DType.string) init = zerosInitializer();
      else throw new ValueError(`An initializer for variable ${fullName} of ${dtypeName(dtype)} is required`);
    }
    const shape = options.shape;
    const initFn = init as Initializer;
    initialValue = (): Output => initFn(shape, dtype, partitionInfo);
  }
  // TF1 creates get_variable's variables in the root name scope, named by their full name.
  const v = graph.nameScope(null, () => new Variable(initialValue, {
    name: fullName,
    dtype,
    trainable: options.trainable,
    collections: options.collections,
    useResource: options.useResource ?? resourceVariablesEnabled(),
    validateShape: options.validateShape,
    cachingDevice: options.cachingDevice,
    synchronization: options.synchronization,
    aggregation: options.aggregation,
    constraint: options.constraint,
  }));
  store.vars.set(fullName, v);
  if (options.regularizer) {
    // TF 2.21 calls the regularizer once where the getter runs, to see whether it gives a loss, then again for
    // the loss it keeps: with the variable, as TF1 (on its ps in distributed training); a partitioned
    // variable's parts each have one.
    if (options.regularizer(v) !== null) {
      const loss = graph.colocateWith(v, () => graph.nameScope(null, () =>
        graph.nameScope(`${fullName}/Regularizer/`, () => options.regularizer!(v))));
      if (loss) graph.addToCollection(GraphKeys.REGULARIZATION_LOSSES, loss);
    }
  }
  return v;
}
