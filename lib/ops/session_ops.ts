/**
 * Tensors kept in a session between runs (tensorflow/python/ops/session_ops.py):
 * `getSessionHandle` makes a handle of a value, whose run gives a {@link TensorHandle}; the value
 * is read back with `getSessionTensor` (or `handle.eval()`) and freed with `deleteSessionTensor`
 * (or `handle.delete()`). A TensorHandle fed for a placeholder feeds its handle string; fetching that
 * placeholder gives the tensor the handle stands for. A TensorHandle garbage collected frees its tensor,
 * ten at a time, as Python's session does.
 *
 * @packageDocumentation
 */
import type { Session } from '../client/session';
import { canonicalDevice } from '../framework/device_spec';
import { DType } from '../framework/dtypes';
import { Graph, Operation, Output, colocateWith, getDefaultGraph } from '../framework/ops';
import type { Tensor } from '../framework/tensor';
import { placeholder } from './array_ops';
import * as raw from './gen/raw_ops';

/** The device of a handle string (`name;id;device`), as TF's `_get_device_name`. */
function deviceOf(handle: string | TensorHandle): string {
  return canonicalDevice(String(handle).split(';').pop()!);
}

/** Python's `_get_reader_key`: a handle's name and device. */
function readerKey(handle: string | TensorHandle): string {
  const parts = String(handle).split(';');
  return `${parts[0]};${parts[parts.length - 1]}`;
}

/** Reader, mover and deleter ops (by Python's keys) a session's handles made, per graph (Python keeps them on the graph). */
const readers = new WeakMap<Graph, Map<string, [Output, Output]>>();
const movers = new WeakMap<Graph, Map<string, [Output, Output]>>();
const deleters = new WeakMap<Graph, Map<number, [Output, Operation]>>();
/** The dtypes of the placeholders handles are fed to (`_handle_feeders`), by their op. */
const handleFeeders = new WeakMap<Operation, DType>();
/** Whether any handle placeholder was made: until then no run looks for handles to move. */
let handleFeedersMade = false;

/** The `[key, graph]` entry of `cache`, made by `make` when missing. */
function cached<K, V>(cache: WeakMap<Graph, Map<K, V>>, graph: Graph, key: K, make: () => V): V {
  let byKey = cache.get(graph);
  if (!byKey) cache.set(graph, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = make()));
  return value;
}

/** Python's `_get_handle_reader`: a placeholder for `handle` (a handle feeder) and its `GetSessionTensor`. */
function handleReader(graph: Graph, handle: string | TensorHandle, dtype: DType): [Output, Output] {
  return cached(readers, graph, readerKey(handle), () => readerOf(graph, handle, dtype));
}

/** A `GetSessionTensor` of `dtype` on the handle's device and its placeholder, registered as a handle feeder. */
function readerOf(graph: Graph, handle: string | TensorHandle, dtype: DType, name?: string): [Output, Output] {
  const pair = onHandleDevice(graph, handle, (holder) => raw.getSessionTensor({ handle: holder, dtype }, name));
  handleFeeders.set(pair[0].op, dtype);
  handleFeedersMade = true;
  return pair;
}

/** @internal Whether a run may have handles to move: none before a handle placeholder is made (a run's check saved). */
export function mayMoveHandles(): boolean {
  return handleFeedersMade;
}

/**
 * @internal Python's `_get_handle_mover`: for a handle (a TensorHandle or its string) fed to a handle
 * placeholder on another device, the placeholder to feed it to and the `GetSessionHandle` on the
 * placeholder's device whose run gives the moved handle; null when nothing moves.
 */
export function handleMover(feeder: Output, handle: unknown): [Output, Output] | null {
  if (!(typeof handle === 'string' || handle instanceof TensorHandle)) return null;
  const dtype = handleFeeders.get(feeder.op);
  if (dtype === undefined || feeder.op.device === deviceOf(handle)) return null;
  const graph = feeder.graph;
  return cached(movers, graph, `${feeder.op.name};${readerKey(handle)}`, () => {
    const [holder, reader] = handleReader(graph, handle, dtype);
    return [holder, graph.asDefault(() => graph.device(feeder.op.device, () => raw.getSessionHandle({ value: reader })))];
  });
}

/** Python's `_get_handle_deleter`: the deleter of `key`, made once per graph on the device of the handle it is first made for. */
function handleDeleter(graph: Graph, key: number, handle: string): [Output, Operation] {
  return cached(deleters, graph, key, () => onHandleDevice(graph, handle, (holder) => raw.deleteSessionTensor({ handle: holder })));
}

/** Python's `BaseSession._DEAD_HANDLES_THRESHOLD`: dead handles are freed this many at a time. */
const DEAD_HANDLES_THRESHOLD = 10;
/** Handles collected and not freed yet, per session (`_dead_handles`). */
const deadHandles = new WeakMap<Session, string[]>();

/**
 * Python's `_register_dead_handle`, called as its `TensorHandle.__del__` is: at the threshold, one run frees the
 * dead handles' tensors. Errors are dropped, as Python's in `__del__` (a closed session, a finalized graph).
 */
function registerDeadHandle({ session, handle }: { session: Session; handle: string }): void {
  let dead = deadHandles.get(session);
  if (!dead) deadHandles.set(session, (dead = []));
  dead.push(handle);
  if (dead.length < DEAD_HANDLES_THRESHOLD) return;
  deadHandles.set(session, []);
  if (session.closed) return;
  try {
    const feeds = new Map<Output, string>();
    const fetches = dead.map((h, key) => {
      const [holder, deleter] = handleDeleter(session.graph, key, h);
      feeds.set(holder, h);
      return deleter;
    });
    session.run(fetches, feeds).catch(() => undefined);
  } catch {
    // As above: Python's __del__ only prints what it raises.
  }
}

const collected = new FinalizationRegistry(registerDeadHandle);

/**
 * What a run of a `getSessionHandle` tensor gives (`TensorHandle`): the handle of a tensor kept
 * in `session`, with the dtype of that tensor.
 */
export class TensorHandle {
  /** Python's `not _auto_gc_enabled`: deleted, or given away by getRawHandle. */
  private deleted = false;

  constructor(readonly handle: string, readonly dtype: DType, readonly session: Session) {
    collected.register(this, { session, handle }, this);
  }

  toString(): string {
    return this.handle;
  }

  /** The tensor the handle stands for, read by a `GetSessionTensor` op made once per graph and device. */
  eval(): Promise<Tensor> {
    if (this.deleted) return Promise.reject(new TypeError(`Persistent tensor ${this.handle} may have already been deleted.`));
    const [holder, reader] = this.reader();
    return this.session.run(reader, new Map([[holder, this.handle]]));
  }

  /** The placeholder and reader op of this handle, made once per graph, name and device. */
  private reader(): [Output, Output] {
    return handleReader(this.session.graph, this.handle, this.dtype);
  }

  /** @internal `eval` blocking: a fetch of a placeholder fed this handle gives its tensor (TF1's `_FetchHandler`). */
  evalSync(): Tensor {
    if (this.deleted) throw new TypeError(`Persistent tensor ${this.handle} may have already been deleted.`);
    const [holder, reader] = this.reader();
    return this.session.runSync(reader, new Map([[holder, this.handle]]));
  }

  /**
   * `get_raw_handle()`: the handle string; the tensor is no longer freed when this object is collected, the
   * caller frees it.
   */
  getRawHandle(): string {
    this.deleted = true;
    collected.unregister(this);
    return this.handle;
  }

  /** Frees the tensor in the session (`TensorHandle.delete`); the handle may not be used after. */
  async delete(): Promise<void> {
    if (this.deleted) throw new TypeError(`Persistent tensor ${this.handle} may have already been deleted.`);
    this.deleted = true;
    collected.unregister(this);
    const [holder, deleter] = handleDeleter(this.session.graph, 0, this.handle);
    await this.session.run(deleter, new Map([[holder, this.handle]]));
  }
}

/**
 * `tf.get_session_handle(data, name=None)`: a string tensor whose run keeps `data`'s value in the
 * session and gives a {@link TensorHandle} of it. Colocated with `data`.
 */
export function getSessionHandle(data: Output, name?: string): Output {
  if (!(data instanceof Output)) throw new TypeError('`data` must be of type Tensor.');
  return colocateWith(data, () => raw.getSessionHandle({ value: data }, name));
}

/**
 * `tf.get_session_tensor(handle, dtype, name=None)`: a string placeholder to feed a handle to and
 * the tensor of `dtype` it stands for, both on the handle's device.
 */
export function getSessionTensor(handle: string | TensorHandle, dtype: DType, name?: string): [Output, Output] {
  return readerOf(getDefaultGraph(), handle, dtype, name);
}

/** `tf.delete_session_tensor(handle, name=None)`: a string placeholder to feed a handle to and the op deleting its tensor. */
export function deleteSessionTensor(handle: string | TensorHandle, name?: string): [Output, Operation] {
  return onHandleDevice(getDefaultGraph(), handle, (holder) => raw.deleteSessionTensor({ handle: holder }, name));
}

/** A string placeholder and the op `make` makes of it, in `graph` on the device of `handle`. */
function onHandleDevice<T>(graph: Graph, handle: string | TensorHandle, make: (holder: Output) => T): [Output, T] {
  return graph.asDefault(() => graph.device(deviceOf(handle), () => {
    const holder = placeholder(DType.string);
    return [holder, make(holder)];
  }));
}
