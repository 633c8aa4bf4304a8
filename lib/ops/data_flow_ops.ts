/**
 * TF1's queues (`data_flow_ops.py`): `FIFOQueue`, `PaddingFIFOQueue`, `RandomShuffleQueue` and
 * their `QueueBase` methods, named as TF 2.21 names them (`fifo_queue_enqueue`,
 * `fifo_queue_Dequeue`, ...). The input pipelines of `train` (`batch`, `shuffleBatch`, the
 * producers) are built on these.
 */
import { createHash } from 'crypto';
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { assertDimsCompatible, assertShapesCompatible, shapeString } from '../framework/tensor_shape';
import { ShapeLike } from './array_ops';
import * as raw from './gen/raw_ops';
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
