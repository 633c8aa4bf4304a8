/**
 * TF1's queues (`data_flow_ops.py`): `FIFOQueue`, `PaddingFIFOQueue`, `RandomShuffleQueue`,
 * `PriorityQueue` and their `QueueBase` methods, and the conditional accumulators, named as TF
 * 2.21 names them (`fifo_queue_enqueue`, `fifo_queue_Dequeue`, ...). The input pipelines of
 * `train` (`batch`, `shuffleBatch`, the producers) are built on these.
 */
import { createHash } from 'crypto';
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { IndexedSlices } from '../framework/indexed_slices';
import { StaticShape, assertDimsCompatible, assertShapesCompatible, shapeString } from '../framework/tensor_shape';
import { ShapeLike, cast } from './array_ops';
import * as raw from './gen/raw_ops';
import { pythonNumber } from './python_type';
import { getSeed } from './random_ops';

/** A queue element: one value, a list of component values, or an object keyed by the queue's names. */
export type QueueValues = InputValue | InputValue[] | Record<string, InputValue>;

/** What a dequeue gives: one Output, a list, or an object keyed by the queue's names. */
export type DequeuedValues = Output | Output[] | Record<string, Output>;

export interface QueueOptions {
  /** Each component's shape (a single shape when there is one component); unknown when absent. */
  shapes?: ShapeLike | ShapeLike[] | null;
  /** Component names: enqueue and dequeue then take and give objects keyed by them. */
  names?: string | string[] | null;
  sharedName?: string | null;
  name?: string;
}

export interface RandomShuffleQueueOptions extends QueueOptions {
  seed?: number;
}

function asTypeList(dtypes: DType | DType[]): DType[] {
  return Array.isArray(dtypes) ? [...dtypes] : [dtypes];
}

const isDim = (d: unknown): boolean => d === null || typeof d === 'number';

/** `_as_shape_list`: a list of shapes, checked as the queue kind needs. */
function asShapeList(shapes: ShapeLike | ShapeLike[] | null | undefined, unknownDimAllowed = false): ShapeLike[] | null {
  if (unknownDimAllowed && (!Array.isArray(shapes) || shapes.length === 0 || shapes.some(isDim))) {
    throw new ValueError('When providing partial shapes, a list of shapes must be provided.');
  }
  if (shapes === null || shapes === undefined) return null;
  if (!Array.isArray(shapes)) {
    throw new TypeError(`Shapes must be a TensorShape or a list or tuple of TensorShapes, got ${typeof shapes} instead.`);
  }
  const list = (shapes.every(isDim) ? [shapes] : shapes) as ShapeLike[];
  // As TF1 (v1 TensorShape) prints the list.
  const str = `[${list.map((s) => `TensorShape([${s.map((d) => `Dimension(${d === null ? 'None' : d})`).join(', ')}])`).join(', ')}]`;
  if (!unknownDimAllowed && list.some((s) => s.some((d) => d === null))) {
    throw new ValueError(`All shapes must be fully defined: ${str}`);
  }
  return list;
}

function asNameList(names: string | string[] | null | undefined, dtypes: DType[]): string[] | null {
  if (names === null || names === undefined) return null;
  const list = Array.isArray(names) ? names : [names];
  if (list.length !== dtypes.length) {
    throw new ValueError('List of names must have the same length as the list of dtypes, received ' +
      `len(names)=${list.length},len(dtypes)=${dtypes.length}`);
  }
  return [...list];
}

/** A queue (`tf.queue.QueueBase`): the queue resource and the ops that use it. */
export class QueueBase {
  readonly dtypes: DType[];
  /** Each component's static shape (null: unknown). */
  readonly shapes: Array<(number | null)[] | null>;
  readonly names: string[] | null;
  readonly queueRef: Output;
  /** The queue op's base name, which the ops' default names start with. */
  private readonly baseName: string;

  constructor(dtypes: DType[], shapes: ShapeLike[] | null, names: string[] | null, queueRef: Output) {
    this.dtypes = dtypes;
    if (shapes !== null) {
      if (shapes.length !== dtypes.length) {
        throw new ValueError('Queue shapes must have the same length as dtypes, received ' +
          `len(shapes)=${shapes.length}, len(dtypes)=${dtypes.length}`);
      }
      this.shapes = shapes.map((s) => [...s]);
    } else {
      this.shapes = dtypes.map(() => null);
    }
    if (names !== null && names.length !== dtypes.length) {
      throw new ValueError(`Queue names must have the same length as dtypes,received len(names)=${names.length},` +
        `len ${dtypes.length}`);
    }
    this.names = names;
    this.queueRef = queueRef;
    this.baseName = queueRef.op.name.split('/').pop()!;
  }

  /** The queue op's name. */
  get name(): string {
    return this.queueRef.op.name;
  }

  private get graph(): Graph {
    return this.queueRef.graph;
  }

  /** `_check_enqueue_dtypes`: the values as tensors of the components' dtypes, in order. */
  private checkEnqueueDtypes(vals: QueueValues): Output[] {
    let list: InputValue[];
    if (isRecord(vals)) {
      if (!this.names) throw new ValueError('Queue must have names to enqueue a dictionary');
      const keys = Object.keys(vals);
      if ([...this.names].sort().join('\0') !== [...keys].sort().join('\0')) {
        throw new ValueError('Keys in dictionary to enqueue do not match names of Queue.  Dictionary: ' +
          `${pyList([...keys].sort())},Queue: ${pyList([...this.names].sort())}`);
      }
      list = this.names.map((k) => vals[k]);
    } else {
      if (this.names) throw new ValueError('You must enqueue a dictionary in a Queue with names');
      list = Array.isArray(vals) ? vals : [vals as InputValue];
    }
    return list.slice(0, this.dtypes.length).map((v, i) =>
      convertToTensor(v, { dtype: this.dtypes[i], name: `component_${i}`, graph: this.graph }));
  }

  private scoped<T>(name: string | undefined, defaultName: string, fn: (scope: string) => T): T {
    return this.graph.asDefault(() => this.graph.nameScope(name ?? defaultName, fn));
  }

  /** Enqueues one element (`enqueue`). */
  enqueue(vals: QueueValues, name?: string): Operation {
    return this.scoped(name, `${this.baseName}_enqueue`, (scope) => {
      const tensors = this.checkEnqueueDtypes(vals);
      tensors.forEach((t, i) => assertShapesCompatible(t.shape, this.shapes[i]));
      return raw.queueEnqueueV2({ handle: this.queueRef, components: tensors }, scope);
    });
  }

  /** Enqueues the slices of the values along their first dimension (`enqueue_many`). */
  enqueueMany(vals: QueueValues, name?: string): Operation {
    return this.scoped(name, `${this.baseName}_EnqueueMany`, (scope) => {
      const tensors = this.checkEnqueueDtypes(vals);
      let batch: number | null = null;
      for (const [i, t] of tensors.entries()) {
        const s = t.shape;
        if (s !== null && s.length === 0) throw new ValueError(`Shape ${shapeString(s)} must have rank at least 1`);
        const d = s === null ? null : s[0];
        assertDimsCompatible(batch, d);
        batch ??= d;
        assertShapesCompatible(s === null ? null : s.slice(1), this.shapes[i]);
      }
      return raw.queueEnqueueManyV2({ handle: this.queueRef, components: tensors }, scope);
    });
  }

  private dequeued(tensors: Output[]): DequeuedValues {
    if (this.names) return Object.fromEntries(this.names.map((n, i) => [n, tensors[i]]));
    return tensors.length === 1 ? tensors[0] : tensors;
  }

  /** Dequeues one element (`dequeue`). */
  dequeue(name?: string): DequeuedValues {
    const out = this.graph.asDefault(() => raw.queueDequeueV2({ handle: this.queueRef, componentTypes: this.dtypes },
      name ?? `${this.baseName}_Dequeue`));
    out.forEach((t, i) => t.setShape(this.shapes[i]));
    return this.dequeued(out);
  }

  /** Dequeues and concatenates `n` elements (`dequeue_many`). */
  dequeueMany(n: InputValue, name?: string): DequeuedValues {
    const out = this.graph.asDefault(() => raw.queueDequeueManyV2({ handle: this.queueRef, n, componentTypes: this.dtypes },
      name ?? `${this.baseName}_DequeueMany`));
    const given = constantValue(out[0].op.inputs[1]);
    const batch = given === null ? null : Number(given.item());
    out.forEach((t, i) => t.setShape(this.shapes[i] === null ? null : [batch, ...this.shapes[i]!]));
    return this.dequeued(out);
  }

  /** Dequeues up to `n` elements, fewer once the queue is closed (`dequeue_up_to`). */
  dequeueUpTo(n: InputValue, name?: string): DequeuedValues {
    const out = this.graph.asDefault(() => raw.queueDequeueUpToV2({ handle: this.queueRef, n, componentTypes: this.dtypes },
      name ?? `${this.baseName}_DequeueUpTo`));
    out.forEach((t, i) => t.setShape(this.shapes[i] === null ? null : [null, ...this.shapes[i]!]));
    return this.dequeued(out);
  }

  /** Closes the queue (`close`): later enqueues fail, dequeues drain it, then raise OutOfRange. */
  close(cancelPendingEnqueues = false, name?: string): Operation {
    return this.graph.asDefault(() => raw.queueCloseV2({ handle: this.queueRef, cancelPendingEnqueues },
      name ?? `${this.baseName}_Close`));
  }

  isClosed(name?: string): Output {
    return this.graph.asDefault(() => raw.queueIsClosedV2({ handle: this.queueRef }, name ?? `${this.baseName}_Is_Closed`));
  }

  size(name?: string): Output {
    return this.graph.asDefault(() => raw.queueSizeV2({ handle: this.queueRef }, name ?? `${this.baseName}_Size`));
  }
}

function isRecord(v: unknown): v is Record<string, InputValue> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

function pyList(items: string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

/** A first-in first-out queue (`tf.queue.FIFOQueue`): made on the CPU, outside control dependencies. */
export class FIFOQueue extends QueueBase {
  constructor(capacity: number, dtypes: DType | DType[], options: QueueOptions = {}) {
    const types = asTypeList(dtypes);
    const shapes = asShapeList(options.shapes);
    const names = asNameList(options.names, types);
    const graph = getDefaultGraph();
    const ref = graph.controlDependencies(null, () => graph.device('CPU', () => raw.fIFOQueueV2({
      componentTypes: types, shapes: shapes ?? [], capacity, sharedName: options.sharedName ?? '',
    }, options.name ?? 'fifo_queue')));
    super(types, shapes, names, ref);
  }
}

/** A FIFO queue whose `dequeueMany` pads components of unknown dimensions (`tf.queue.PaddingFIFOQueue`). */
export class PaddingFIFOQueue extends QueueBase {
  constructor(capacity: number, dtypes: DType | DType[], shapes: ShapeLike | ShapeLike[], options: Omit<QueueOptions, 'shapes'> = {}) {
    const types = asTypeList(dtypes);
    const list = asShapeList(shapes, true)!;
    const names = asNameList(options.names, types);
    if (types.length !== list.length) {
      throw new ValueError(`Shapes must be provided for all components, but received ${types.length} dtypes and ` +
        `${list.length} shapes.`);
    }
    const ref = raw.paddingFIFOQueueV2({ componentTypes: types, shapes: list, capacity, sharedName: options.sharedName ?? '' },
      options.name ?? 'padding_fifo_queue');
    super(types, list, names, ref);
  }
}

/** A queue that dequeues in random order once it holds `minAfterDequeue` more (`tf.queue.RandomShuffleQueue`). */
export class RandomShuffleQueue extends QueueBase {
  constructor(capacity: number, minAfterDequeue: number, dtypes: DType | DType[], options: RandomShuffleQueueOptions = {}) {
    const types = asTypeList(dtypes);
    const shapes = asShapeList(options.shapes);
    const names = asNameList(options.names, types);
    let [seed, seed2] = getSeed(options.seed);
    // A shared queue without an op seed gets a seed2 of its own name, as TF1's.
    if (options.seed === undefined && options.sharedName && !(seed === 0 && seed2 === 0)) {
      const md5 = createHash('md5').update(`${seed}${options.sharedName}`).digest('hex');
      seed2 = parseInt(md5.slice(0, 8), 16) & 0x7fffffff;
    }
    const ref = raw.randomShuffleQueueV2({
      componentTypes: types, shapes: shapes ?? [], capacity, minAfterDequeue, seed, seed2,
      sharedName: options.sharedName ?? '',
    }, options.name ?? 'random_shuffle_queue');
    super(types, shapes, names, ref);
  }
}

/**
 * A queue that dequeues in the order of an int64 priority, its first component
 * (`tf.queue.PriorityQueue(capacity, types, shapes, names, shared_name, name='priority_queue')`).
 * `names` and the enqueued and dequeued values include the priority; `shapes` does not (and is
 * required, as TF's op has no default for it).
 */
export class PriorityQueue extends QueueBase {
  constructor(capacity: number, types: DType | DType[], options: QueueOptions = {}) {
    const dtypes = asTypeList(types);
    const shapes = asShapeList(options.shapes);
    if (shapes === null) throw new TypeError("Expected list for 'shapes' argument to 'priority_queue_v2' Op, not None.");
    const ref = raw.priorityQueueV2({ componentTypes: dtypes, shapes, capacity, sharedName: options.sharedName ?? '' },
      options.name ?? 'priority_queue');
    // TF passes the names on unchecked: QueueBase checks them against the types with the priority's.
    const names = options.names === null || options.names === undefined ? null
      : Array.isArray(options.names) ? [...options.names] : [options.names];
    super([DType.int64, ...dtypes], [[], ...shapes], names, ref);
  }
}

/** Options of the conditional accumulators. */
export interface AccumulatorOptions {
  /** The gradients' shape; unknown when absent. */
  shape?: ShapeLike | null;
  sharedName?: string | null;
  name?: string;
  /** How `takeGrad` reduces the accumulated gradients: 'MEAN' (the default) or 'SUM'. */
  reductionType?: 'MEAN' | 'SUM';
}

/**
 * `tf.ConditionalAccumulatorBase`: an accumulator of gradients that keeps only the up-to-date ones
 * (of a local step no less than its global step) and gives their mean or sum once enough came.
 */
export class ConditionalAccumulatorBase {
  readonly dtype: DType;
  readonly shape: StaticShape;
  readonly accumulatorRef: Output;
  /** The accumulator op's base name, which the ops' default names start with. */
  readonly name: string;

  constructor(dtype: DType, shape: ShapeLike | null, accumulatorRef: Output) {
    this.dtype = dtype;
    this.shape = shape === null ? null : [...shape];
    this.accumulatorRef = accumulatorRef;
    this.name = accumulatorRef.op.name.split('/').pop()!;
  }

  protected get graph(): Graph {
    return this.accumulatorRef.graph;
  }

  /** The kernels of `numAccumulated` and `setGlobalStep`: the resource ones but for the sparse accumulator. */
  protected readonly stepOps = { num: raw.resourceAccumulatorNumAccumulated, set: raw.resourceAccumulatorSetGlobalStep };

  /** `num_accumulated(name)`: how many gradients the accumulator holds now. */
  numAccumulated(name?: string): Output {
    return this.graph.asDefault(() => this.stepOps.num({ handle: this.accumulatorRef },
      name ?? `${this.name}_NumAccumulated`));
  }

  /** `set_global_step(new_global_step, name)`: gradients of older local steps are dropped from now on. */
  setGlobalStep(newGlobalStep: InputValue, name?: string): Operation {
    return this.graph.asDefault(() => this.stepOps.set({
      handle: this.accumulatorRef, newGlobalStep: int64Step(newGlobalStep, this.graph),
    }, name));
  }
}

/** The accumulator op `make` with the options' attrs, as TF's constructors pass them. */
function accumulatorRef(make: typeof raw.sparseConditionalAccumulator, dtype: DType, options: AccumulatorOptions,
  defaultName: string): Output {
  return make({ dtype, shape: options.shape ?? null, sharedName: options.sharedName ?? '',
    reductionType: options.reductionType ?? 'MEAN' }, options.name ?? defaultName);
}

/** `math_ops.cast(ops.convert_to_tensor(step), int64)`, as TF converts local and global steps. */
function int64Step(step: InputValue, graph: Graph): Output {
  return cast(convertToTensor(pythonNumber(step) as InputValue, { graph }), DType.int64);
}

/**
 * `tf.ConditionalAccumulator(dtype, shape=None, shared_name=None, name='conditional_accumulator',
 * reduction_type='MEAN')`: a dense gradients' accumulator (the resource ops TF 2.21 builds).
 */
export class ConditionalAccumulator extends ConditionalAccumulatorBase {
  constructor(dtype: DType, options: AccumulatorOptions = {}) {
    super(dtype, options.shape ?? null,
      accumulatorRef(raw.resourceConditionalAccumulator, dtype, options, 'conditional_accumulator'));
  }

  /** `apply_grad(grad, local_step=0, name)`: adds `grad` unless its `localStep` is stale. */
  applyGrad(grad: InputValue, localStep: InputValue = 0, name?: string): Operation {
    return this.graph.asDefault(() => {
      const g = convertToTensor(grad, { dtype: this.dtype, graph: this.graph });
      assertShapesCompatible(g.shape, this.shape);
      const step = int64Step(localStep, this.graph);
      return raw.resourceAccumulatorApplyGradient({ handle: this.accumulatorRef, localStep: step, gradient: g }, name);
    });
  }

  /**
   * `take_grad(num_required, name)`: once `numRequired` gradients came, their mean (or sum); the
   * accumulator then empties and its global step goes up by one.
   */
  takeGrad(numRequired: InputValue, name?: string): Output {
    const out = this.graph.asDefault(() => raw.resourceAccumulatorTakeGradient({
      handle: this.accumulatorRef, numRequired, dtype: this.dtype }, name));
    out.setShape(this.shape);
    return out;
  }
}

/** A sparse gradient as `SparseConditionalAccumulator.take_grad` gives it. */
export interface TakenSparseGrad {
  indices: Output;
  values: Output;
  shape: Output;
}

/**
 * `tf.sparse.SparseConditionalAccumulator(dtype, shape=None, shared_name=None,
 * name='sparse_conditional_accumulator', reduction_type='MEAN')`: an accumulator of IndexedSlices
 * gradients (TF's ref-handle ops).
 */
export class SparseConditionalAccumulator extends ConditionalAccumulatorBase {
  constructor(dtype: DType, options: AccumulatorOptions = {}) {
    super(dtype, options.shape ?? null,
      accumulatorRef(raw.sparseConditionalAccumulator, dtype, options, 'sparse_conditional_accumulator'));
  }

  /** `apply_indexed_slices_grad(grad, local_step=0, name)`. */
  applyIndexedSlicesGrad(grad: IndexedSlices, localStep: InputValue = 0, name?: string): Operation {
    return this.applyGrad(grad.indices, grad.values, grad.denseShape, localStep, name);
  }

  /**
   * `apply_grad(grad_indices, grad_values, grad_shape=None, local_step=0, name)`: adds the rows
   * `gradValues` at `gradIndices` unless `localStep` is stale.
   */
  applyGrad(gradIndices: InputValue, gradValues: InputValue, gradShape: InputValue | null = null,
    localStep: InputValue = 0, name?: string): Operation {
    return this.graph.asDefault(() => {
      const step = int64Step(localStep, this.graph);
      return raw.sparseAccumulatorApplyGradient({
        handle: this.accumulatorRef, localStep: step, gradientIndices: cast(pythonNumber(gradIndices) as InputValue, DType.int64),
        gradientValues: gradValues, gradientShape: cast(pythonNumber(gradShape ?? []) as InputValue, DType.int64), hasKnownShape: gradShape !== null,
      }, name);
    });
  }

  /** `take_grad(num_required, name)`: the mean (or sum) gradient as indices, values and shape. */
  takeGrad(numRequired: InputValue, name?: string): TakenSparseGrad {
    return this.graph.asDefault(() => raw.sparseAccumulatorTakeGradient({
      handle: this.accumulatorRef, numRequired, dtype: this.dtype }, name));
  }

  /** `take_indexed_slices_grad(num_required, name)`: the mean (or sum) gradient as IndexedSlices. */
  takeIndexedSlicesGrad(numRequired: InputValue, name?: string): IndexedSlices {
    const { indices, values, shape } = this.takeGrad(numRequired, name);
    return new IndexedSlices(values, indices, shape);
  }

  // TF keeps the ref-handle kernels for these two.
  protected override readonly stepOps = { num: raw.accumulatorNumAccumulated, set: raw.accumulatorSetGlobalStep };
}
