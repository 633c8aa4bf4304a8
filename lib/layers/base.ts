/**
 * TF1's legacy `tf.layers.Layer` (`tensorflow/python/layers/base.py` over keras'
 * `engine/base_layer.py`, as they behave in graph mode): a layer is named once per graph
 * (`dense`, then `dense_1`, ...), gets its variable scope on its first call (`_set_scope`), builds
 * its variables there through `getVariable`, and shares them when called again; its ops go in the
 * name scope that variable scope was opened with. Its update ops go to `UPDATE_OPS` and its
 * losses to `REGULARIZATION_LOSSES`, as TF1's layers put them there.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { StaticShape } from '../framework/tensor_shape';
import { cast, shape, sliceOf } from '../ops/array_ops';
import { CondResult, cond } from '../ops/cond';
import { Initializer, glorotUniformInitializer, zerosInitializer } from '../ops/init_ops';
import { truediv } from '../ops/math_ops';
import { PartitionedVariable, Partitioner } from '../ops/partitioned_variables';
import { pythonType } from '../ops/python_type';
import { Reuse, VariableScope, getVariable, variableScope } from '../ops/variable_scope';
import {
  Variable, VariableAggregation, VariableSynchronization, globalVariables, trainableVariables,
} from '../ops/variables';
import { Nested, flatten, packSequenceAs } from '../util/nest';
import { pyStr } from '../util/python_repr';

/** A layer's weight: a variable, or a partitioned one when `addWeight` was given a partitioner. */
export type LayerWeight = Variable | PartitionedVariable;
/** Gives the loss of a weight (e.g. `ops.losses.l2Regularizer(0.01)`), or null for none. */
export type WeightRegularizer = (weight: Variable) => Output | null;
/** Gives the loss of a layer's output (`activity_regularizer`). */
export type ActivityRegularizer = (output: Output) => Output | null;
/** Projects a weight after each optimizer update (`constraint`). */
export type Constraint = (weight: Variable) => InputValue;
/** The static shape(s) `build` gets: a shape for one input, the same nesting for several. */
export type LayerShape = StaticShape | LayerShape[] | { [key: string]: LayerShape };
/** What `addUpdate` takes: an op, a tensor or a variable (its op), or a function giving one. */
export type UpdateInput = Operation | Output | Variable | (() => Operation | Output | Variable);
/** What `addLoss` takes: a tensor, a value (made a float32 tensor), or a function giving the loss. */
export type LossInput = Output | number | (() => Output | null) | null;

const nameUids = new WeakMap<Graph, Map<string, number>>();

/** `generic_utils.to_snake_case`: `BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`. */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure[0] !== '_' ? insecure : `private${insecure}`;
}

/**
 * `backend.unique_object_name(name, zero_based=False)`: `name_1`, `name_2`, ... counted per graph
 * (the default graph), as legacy layers name themselves.
 */
function uniqueObjectName(name: string): string {
  const graph = getDefaultGraph();
  let uids = nameUids.get(graph);
  if (!uids) nameUids.set(graph, (uids = new Map()));
  const n = (uids.get(name) ?? 0) + 1;
  uids.set(name, n);
  return `${name}_${n}`;
}

/** Options of `InputSpec` (keras' `InputSpec(dtype, shape, ndim, max_ndim, min_ndim, axes)`). */
export interface InputSpecOptions {
  dtype?: DType;
  shape?: (number | null)[];
  ndim?: number;
  maxNdim?: number;
  minNdim?: number;
  /** Dimensions the input must have, by axis (negative counts from the end). */
  axes?: Record<number, number | null>;
}

/** What a layer accepts as input (`tf.layers.InputSpec`), checked on each call with keras' errors. */
export class InputSpec {
  readonly dtype: DType | null;
  readonly shape: (number | null)[] | null;
  readonly ndim: number | null;
  readonly maxNdim: number | null;
  readonly minNdim: number | null;
  readonly axes: ReadonlyMap<number, number | null>;

  constructor(options: InputSpecOptions = {}) {
    this.dtype = options.dtype ?? null;
    this.shape = options.shape ?? null;
    this.ndim = options.shape ? options.shape.length : options.ndim ?? null;
    this.maxNdim = options.maxNdim ?? null;
    this.minNdim = options.minNdim ?? null;
    this.axes = new Map(Object.entries(options.axes ?? {}).map(([k, v]) => [Number(k), v]));
    if (this.axes.size > 0 && (this.ndim !== null || this.maxNdim !== null)) {
      const maxDim = (this.ndim || this.maxNdim!) - 1;
      const maxAxis = Math.max(...this.axes.keys());
      if (maxAxis > maxDim) throw new ValueError(`Axis ${maxAxis} is greater than the maximum allowed value: ${maxDim}`);
    }
  }
}

/** A shape as Python prints `shape.as_list()`: `[None, 3]`. */
function shapeList(s: readonly (number | null)[]): string {
  return `[${s.map((d) => d ?? 'None').join(', ')}]`;
}

/** A shape as Python prints a tuple: `(None, 3)`, `(3,)`. */
function shapeTuple(s: readonly (number | null)[]): string {
  const dims = s.map((d) => d ?? 'None');
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** The static shape of an input leaf (an Output or a Variable). */
function shapeOfLeaf(x: unknown): StaticShape {
  return (x as { shape: StaticShape }).shape;
}

/**
 * `input_spec.assert_input_compatibility(input_spec, inputs, layer_name)`: keras' ValueErrors for
 * an input of the wrong count, rank, dtype or dimensions.
 */
export function assertInputCompatibility(inputSpec: InputSpec | ReadonlyArray<InputSpec | null> | null,
  inputs: unknown, layerName: string): void {
  const specs: ReadonlyArray<InputSpec | null> = inputSpec === null ? [] : inputSpec instanceof InputSpec ? [inputSpec]
    : inputSpec;
  if (specs.length === 0) return;
  const flat = flatten(inputs as Nested<unknown>);
  if (flat.length !== specs.length) {
    throw new ValueError(`Layer ${layerName} expects ${specs.length} inputs, but it received ${flat.length} input ` +
      `tensors. Inputs received: ${pyStr(flat)}`);
  }
  flat.forEach((x, i) => {
    const spec = specs[i];
    if (!spec) return;
    const s = shapeOfLeaf(x);
    const prefix = `Input ${i} of layer ${layerName} is incompatible with the layer: `;
    if ((spec.ndim !== null || spec.minNdim !== null || spec.maxNdim !== null) && s === null) {
      throw new ValueError(`${prefix}its rank is undefined, but the layer requires a defined rank.`);
    }
    if (spec.ndim !== null && s!.length !== spec.ndim) {
      throw new ValueError(`${prefix}expected ndim=${spec.ndim}, found ndim=${s!.length}. Full shape received: ${shapeList(s!)}`);
    }
    if (spec.maxNdim !== null && s !== null && s.length > spec.maxNdim) {
      throw new ValueError(`${prefix}expected max_ndim=${spec.maxNdim}, found ndim=${s.length}`);
    }
    if (spec.minNdim !== null && s !== null && s.length < spec.minNdim) {
      // Sic: keras' message has ': ' twice.
      throw new ValueError(`${prefix}: expected min_ndim=${spec.minNdim}, found ndim=${s.length}. Full shape received: ` +
        shapeList(s));
    }
    const dtype = (x as { dtype: DType }).dtype;
    if (spec.dtype !== null && baseDType(dtype) !== spec.dtype) {
      throw new ValueError(`${prefix}expected dtype=${dtypeName(spec.dtype)}, found dtype=<dtype: '${dtypeName(dtype)}'>`);
    }
    if (spec.axes.size > 0) {
      if (s === null) throw new ValueError('as_list() is not defined on an unknown TensorShape.');
      for (const [axis, value] of spec.axes) {
        const dim = s[axis < 0 ? s.length + axis : axis];
        if (value !== null && dim !== value && dim !== null) {
          throw new ValueError(`Input ${i} of layer ${layerName} is incompatible with the layer: expected axis ${axis} ` +
            `of input shape to have value ${value} but received input with shape ${shapeList(s)}`);
        }
      }
    }
    const specShape = spec.shape;
    if (specShape !== null && s !== null) {
      specShape.forEach((want, k) => {
        if (want !== null && s[k] !== null && s[k] !== undefined && want !== s[k]) {
          throw new ValueError(`Input ${i} is incompatible with layer ${layerName}: expected shape=` +
            `${shapeTuple(specShape)}, found shape=${shapeList(s)}`);
        }
      });
    }
  });
}

/** What `training` arguments take: a boolean (or 1/0), or a bool tensor or variable decided at run time. */
export type TrainingArg = boolean | 0 | 1 | Output | Variable;

/**
 * `tf_utils.constant_value(pred)`: the boolean a `training` argument stands for when it is known
 * while building (a bool, 1/0, or a constant tensor), else null (a variable, a placeholder).
 */
export function constantTraining(pred: TrainingArg): boolean | null {
  if (typeof pred === 'boolean') return pred;
  if (pred === 0 || pred === 1) return pred === 1;
  if (pred instanceof Variable) return null;
  if (pred instanceof Output) {
    const value = constantValue(pred);
    return value === null ? null : Boolean(value.data[0]);
  }
  throw new TypeError(`\`pred\` must be a Tensor, or a Python bool, or 1 or 0. Found instead: ${pythonType(pred)}`);
}

/**
 * `tf_utils.smart_cond(pred, true_fn, false_fn)`: the branch `pred` stands for when it is known
 * while building, else both in a v1 `cond` on it.
 */
export function smartCond<T>(pred: TrainingArg, trueFn: () => T, falseFn: () => T): T | CondResult<T> {
  const value = constantTraining(pred);
  if (value !== null) return value ? trueFn() : falseFn();
  return cond(convertToTensor(pred as Output | Variable), trueFn, falseFn);
}

/** `_add_elements_to_collection`: each element not in the default graph's collection yet. */
function addToCollection(elements: unknown[], name: string): void {
  const list = getDefaultGraph().getCollectionRef(name);
  for (const e of elements) if (!list.includes(e)) list.push(e);
}

/** Options of a Layer (TF1's `Layer.__init__` keyword arguments). */
export interface LayerOptions {
  /** Add the layer's weights to `trainable_variables` and run its updates (default true). */
  trainable?: boolean;
  /** The layer's name (default: the class name in snake case, numbered per graph: `dense_1`, ...). */
  name?: string;
  /** The dtype of its weights; by default the first input's. */
  dtype?: DType;
  /** A loss for each output, divided by the batch size, added on each call. */
  activityRegularizer?: ActivityRegularizer;
  /**
   * The variable scope (TF1's `_scope`, which the functional forms pass as their `name`): captured
   * now. By default the layer opens `variableScope(null, { defaultName })` on its first call.
   */
  scope?: string | VariableScope | null;
  /** Reuse of its variable scope (TF1's `_reuse`, the functional forms' `reuse`); inherited when omitted. */
  reuse?: Reuse | null;
}

/** Options of `addWeight` (TF1's `add_weight` keyword arguments). */
export interface AddWeightOptions {
  /** Default: the layer's dtype, else float32. */
  dtype?: DType;
  /** Default: the variable scope's, else glorot uniform for floats and zeros for integers and bools. */
  initializer?: Initializer;
  regularizer?: WeightRegularizer;
  /** Default true (false with ON_READ synchronization); false also when the layer is not trainable. */
  trainable?: boolean;
  constraint?: Constraint;
  useResource?: boolean;
  synchronization?: VariableSynchronization;
  aggregation?: VariableAggregation;
  /** Makes a PartitionedVariable (`getVariable`'s partitioner). */
  partitioner?: Partitioner;
}

/**
 * TF1's `tf.layers.Layer`. Subclasses override `build(inputShape)` (make the weights with
 * `addWeight`) and `call(inputs, ...args)` (the computation); users call `apply(inputs, ...args)`,
 * TF1's `__call__`. `In`, `Out` and `Args` type the inputs, outputs and extra arguments of `call`.
 */
export class Layer<In = unknown, Out = unknown, Args extends unknown[] = unknown[]> {
  /** Whether `build` has run (the first call runs it). */
  built = false;
  /** What `apply` accepts, checked before each call; subclasses set it. */
  inputSpec: InputSpec | Array<InputSpec | null> | null = null;
  /** Whether its updates run in inference too (`stateful`): `updates` are given even when not trainable. */
  stateful = false;
  /** `_use_resource_variables`: legacy layers make ref variables unless the scope or `addWeight` says otherwise. */
  protected useResourceVariables = false;
  protected readonly activityRegularizer: ActivityRegularizer | null;
  private trainableValue: boolean;
  private dtypeValue: DType | null;
  private readonly layerName: string;
  private readonly baseName: string;
  private readonly reuse: Reuse | null;
  private scope: VariableScope | null = null;
  private currentScope: VariableScope | null = null;
  private readonly ownTrainableWeights: LayerWeight[] = [];
  private readonly ownNonTrainableWeights: LayerWeight[] = [];
  private readonly ownUpdates: Operation[] = [];
  private readonly ownLosses: Output[] = [];
  private readonly callableLosses: Array<() => Output | null> = [];

  constructor(options: LayerOptions = {}) {
    this.trainableValue = options.trainable ?? true;
    this.dtypeValue = options.dtype ?? null;
    this.activityRegularizer = options.activityRegularizer ?? null;
    this.reuse = options.reuse ?? null;
    // `_init_set_name`: a given name is the scope's base name too; else `dense_1` names a layer whose scope is `dense`.
    const baseName = toSnakeCase(this.constructor.name);
    this.layerName = options.name || uniqueObjectName(baseName);
    this.baseName = options.name || baseName;
    if (options.scope) this.scope = variableScope(options.scope, (s) => s);
  }

  /** The layer's name. */
  get name(): string {
    return this.layerName;
  }

  /** The dtype of its weights: given, or the first input's once called; null before. */
  get dtype(): DType | null {
    return this.dtypeValue;
  }

  get trainable(): boolean {
    return this.trainableValue;
  }

  set trainable(value: boolean) {
    this.trainableValue = value;
  }

  /** The name of its variable scope; TF1's ValueError before the first call. */
  get scopeName(): string {
    if (!this.scope) {
      throw new ValueError(`No name available for layer scope because the layer "${this.layerName}" has not been used ` +
        'yet. The scope name  is determined the first time the layer instance is called. You must therefore call ' +
        'the layer before querying `scope_name`.');
    }
    return this.scope.name;
  }

  /** Its trainable weights, in the order made; none when the layer is not trainable. */
  get trainableWeights(): LayerWeight[] {
    return this.trainable ? [...this.ownTrainableWeights] : [];
  }

  /** Its other weights (all of them when the layer is not trainable). */
  get nonTrainableWeights(): LayerWeight[] {
    return this.trainable ? [...this.ownNonTrainableWeights] : [...this.ownTrainableWeights, ...this.ownNonTrainableWeights];
  }

  /** The trainable weights, then the others. */
  get weights(): LayerWeight[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  get variables(): LayerWeight[] {
    return this.weights;
  }

  get trainableVariables(): LayerWeight[] {
    return this.trainableWeights;
  }

  get nonTrainableVariables(): LayerWeight[] {
    return this.nonTrainableWeights;
  }

  /** Its update ops (batch norm's moving averages), none when neither trainable nor stateful. */
  get updates(): Operation[] {
    return this.trainable || this.stateful ? [...this.ownUpdates] : [];
  }

  /**
   * Its losses: those added (activity regularization), then its weights' regularization losses,
   * which, as in TF1, are built anew on each access.
   */
  get losses(): Output[] {
    const made = this.callableLosses.map((f) => f()).filter((l): l is Output => l !== null);
    return [...this.ownLosses, ...made];
  }

  /**
   * Makes the weights (`build(input_shape)`): `inputShape` is the input's static shape (the same
   * nesting of shapes for nested inputs). Runs once, in the layer's scopes, before the first `call`.
   */
  build(_inputShape: LayerShape): void {
    this.built = true;
  }

  /** The computation (`call(inputs, ...)`), run in the layer's name scope on each `apply`. */
  call(inputs: In, ..._args: Args): Out {
    return inputs as unknown as Out;
  }

  /**
   * TF1's `layer(inputs, ...)` / `layer.apply(inputs, ...)`: enters the layer's variable scope
   * (reused once built) and name scope, builds on the first call, runs `call` and adds the layer's
   * updates to `UPDATE_OPS`.
   */
  apply(inputs: In, ...args: Args): Out {
    return this.callLayer(inputs, args);
  }

  /**
   * `__call__(inputs, *args, scope=scope)`: as `apply`, with `scope` (a name or VariableScope) as
   * the variable scope when the layer has none yet, as TF1's RNN cells are called.
   */
  protected callLayer(inputs: In, args: Args, scope?: string | VariableScope | null): Out {
    this.setScope(scope ?? null);
    const graph = getDefaultGraph();
    const reuse = this.built ? true : this.reuse ?? undefined;
    const outputs = variableScope(this.scope!, { reuse, auxiliaryNameScope: false }, (current) => {
      this.currentScope = current;
      // Keras' __call__: host values become tensors; the input spec is checked; then, in the layer's name scope.
      const converted = packSequenceAs(inputs as Nested<unknown>, flatten(inputs as Nested<unknown>).map((x) =>
        (typeof x === 'number' || x instanceof Tensor || x == null ? convertToTensor(x as number) : x))) as unknown as In;
      assertInputCompatibility(this.inputSpec, converted, this.name);
      return graph.nameScope(this.nameScope(), () => {
        this.maybeBuild(converted);
        const out = this.call(converted, ...args);
        if (out === undefined || out === null) {
          throw new ValueError(`A layer's \`call\` method should return a Tensor or a list of Tensors, not None (layer: ${
            this.name}).`);
        }
        this.handleActivityRegularization(out);
        return out;
      });
    });
    addToCollection(this.updates, GraphKeys.UPDATE_OPS);
    return outputs;
  }

  /** `_name_scope()`: the name scope the layer's variable scope was opened with (`dense/`). */
  protected nameScope(): string {
    return this.currentScope!.originalNameScope;
  }

  /**
   * `_set_scope`: on first use, the variable scope `scope`, else a new one named after the layer
   * (uniquified, `dense_1`; with `reuse`, the name as is).
   */
  private setScope(scope: string | VariableScope | null): void {
    if (this.scope !== null) return;
    this.scope = this.reuse
      ? variableScope(scope ?? this.baseName, (s) => s)
      : variableScope(scope, { defaultName: this.baseName }, (s) => s);
  }

  /** `_maybe_build`: before the first call, checks the input, takes its dtype and builds. */
  private maybeBuild(inputs: In): void {
    if (this.built) return;
    assertInputCompatibility(this.inputSpec, inputs, this.name);
    const flat = flatten(inputs as Nested<unknown>);
    if (flat.length > 0 && this.dtypeValue === null) {
      const dtype = (flat[0] as { dtype?: DType }).dtype;
      if (dtype !== undefined) this.dtypeValue = baseDType(dtype);
    }
    this.build(packSequenceAs(inputs as Nested<unknown>, flat.map(shapeOfLeaf)) as LayerShape);
    this.built = true;
  }

  /** `_handle_activity_regularization`: each output's loss over its batch size, as a layer loss. */
  private handleActivityRegularization(outputs: Out): void {
    const regularizer = this.activityRegularizer;
    if (!regularizer) return;
    getDefaultGraph().nameScope('ActivityRegularizer', () => {
      for (const output of flatten(outputs as Nested<Output>)) {
        const loss = regularizer(output);
        if (loss === null) continue;
        const batchSize = cast(sliceOf(shape(output), [0]), baseDType(loss.dtype));
        this.addLoss(truediv(loss, batchSize));
      }
    });
  }

  /**
   * `add_weight(name, shape, ...)`: the variable `<layer scope>/<name>`, made (or, once built or
   * under reuse, shared) through `getVariable`, and tracked as a trainable or non-trainable weight.
   * A regularizer's loss is made in `<layer>/<name>/Regularizer` and added to the layer's losses
   * and `REGULARIZATION_LOSSES` (only for a new variable).
   */
  addWeight(name: string, shape: number[], options: AddWeightOptions = {}): LayerWeight {
    let trainable = options.trainable;
    if (options.synchronization === VariableSynchronization.ON_READ) {
      if (trainable) {
        throw new ValueError('Synchronization value can be set to VariableSynchronization.ON_READ only for ' +
          'non-trainable variables. You have specified trainable=True and synchronization=VariableSynchronization.ON_READ.');
      }
      trainable = false;
    } else {
      trainable ??= true;
    }
    const existing = new Set(globalVariables());
    const dtype = options.dtype ?? this.dtypeValue ?? DType.float32;
    this.setScope(null);
    const prevTrainable = this.ownTrainableWeights.length;
    const graph = getDefaultGraph();
    return variableScope(this.scope!, { reuse: this.built || this.reuse || undefined, auxiliaryNameScope: false },
      (current) => {
        this.currentScope = current;
        return graph.nameScope(this.nameScope(), () => {
          const variable = this.addVariable(name, shape, dtype, trainable! && this.trainable, {
            ...options, initializer: options.initializer ?? current.initializer,
            useResource: options.useResource || this.useResourceVariables || current.useResource,
          });
          const isNew = variable instanceof PartitionedVariable ? variable.parts.every((p) => !existing.has(p))
            : !existing.has(variable);
          if (options.regularizer && isNew) this.handleWeightRegularization(name, variable, options.regularizer);
          // A custom getter may have made it not trainable: then it is tracked as such.
          if (trainable && this.trainable && !(trainableVariables() as unknown[]).includes(variable)) {
            this.ownNonTrainableWeights.push(...this.ownTrainableWeights.splice(prevTrainable));
          }
          return variable;
        });
      });
  }

  /** Keras' `add_weight` as the legacy layer calls it (with `getVariable` as the getter, no regularizer). */
  private addVariable(name: string, shape: number[], dtype: DType, trainable: boolean,
    options: AddWeightOptions): LayerWeight {
    if (this.dtypeValue === null) this.dtypeValue = baseDType(dtype);
    let initializer = options.initializer;
    if (initializer === undefined) {
      if (isFloatingDType(dtype)) initializer = glorotUniformInitializer();
      else if (isIntegerDType(dtype) || dtype === DType.bool) initializer = zerosInitializer();
      else {
        throw new ValueError(`An initializer for variable ${name} of type <dtype: '${dtypeName(dtype)}'> is required ` +
          `for layer ${this.name}`);
      }
    }
    const getOptions = {
      shape, dtype, initializer, trainable, constraint: options.constraint, useResource: options.useResource,
      synchronization: options.synchronization, aggregation: options.aggregation,
    };
    const variable = options.partitioner ? getVariable(name, { ...getOptions, partitioner: options.partitioner })
      : getVariable(name, getOptions);
    (trainable ? this.ownTrainableWeights : this.ownNonTrainableWeights).push(variable);
    return variable;
  }

  /** `_handle_weight_regularization`: a loss for the variable (each part of a partitioned one). */
  private handleWeightRegularization(name: string, variable: LayerWeight, regularizer: WeightRegularizer): void {
    const lossFor = (v: Variable) => () => getDefaultGraph().nameScope(`${name}/Regularizer`, () => regularizer(v));
    const vars = variable instanceof PartitionedVariable ? variable.parts : [variable];
    this.addLoss(vars.map(lossFor));
  }

  /**
   * `add_loss(losses)`: the losses become the layer's and go to `REGULARIZATION_LOSSES`; a function
   * is called now (and again by each `losses`).
   */
  addLoss(losses: LossInput | LossInput[]): void {
    const tensors: Output[] = [];
    const made: Output[] = [];
    for (const loss of Array.isArray(losses) ? losses : [losses]) {
      if (typeof loss === 'function') {
        this.callableLosses.push(loss);
        const t = loss();
        if (t !== null) made.push(t);
      } else if (loss !== null) {
        const t = loss instanceof Output ? loss : convertToTensor(loss, { dtype: DType.float32 });
        this.ownLosses.push(t);
        tensors.push(t);
      }
    }
    addToCollection([...tensors, ...made], GraphKeys.REGULARIZATION_LOSSES);
  }

  /** `add_update(updates)`: the ops join the layer's `updates` (a function is called now, as in graph mode). */
  addUpdate(updates: UpdateInput | UpdateInput[]): void {
    const processed = (x: UpdateInput): Operation => {
      if (typeof x === 'function') return processed(x());
      if (x instanceof Operation) return x;
      return x.op;
    };
    for (const u of Array.isArray(updates) ? updates : [updates]) this.ownUpdates.push(processed(u));
  }
}
