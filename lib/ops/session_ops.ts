/**
 * Tensors kept in a session between runs (tensorflow/python/ops/session_ops.py):
 * `getSessionHandle` makes a handle of a value, whose run gives a {@link TensorHandle}; the value
 * is read back with `getSessionTensor` (or `handle.eval()`) and freed with `deleteSessionTensor`
 * (or `handle.delete()`). A TensorHandle fed for a placeholder feeds its handle string.
 *
 * @packageDocumentation
 */
import type { Session } from '../client/session';
import { DType } from '../framework/dtypes';
import { Graph, Operation, Output, colocateWith, getDefaultGraph } from '../framework/ops';
import type { Tensor } from '../framework/tensor';
import { placeholder } from './array_ops';
import * as raw from './gen/raw_ops';

/** The device of a handle string (`name;id;device`), as TF's `_get_device_name`. */
function deviceOf(handle: string | TensorHandle): string {
  return String(handle).split(';').pop()!;
}

/** Reader and deleter ops a session's handles made, per graph (Python keeps them on the graph). */
const readers = new WeakMap<Graph, Map<string, [Output, Output]>>();
const deleters = new WeakMap<Graph, [Output, Operation]>();

/**
 * What a run of a `getSessionHandle` tensor gives (`TensorHandle`): the handle of a tensor kept
 * in `session`, with the dtype of that tensor.
 */
export class TensorHandle {
  private deleted = false;

  constructor(readonly handle: string, readonly dtype: DType, readonly session: Session) {}

  toString(): string {
    return this.handle;
  }

  /** The tensor the handle stands for, read by a `GetSessionTensor` op made once per graph and device. */
  eval(): Promise<Tensor> {
    if (this.deleted) return Promise.reject(new TypeError(`Persistent tensor ${this.handle} may have already been deleted.`));
    const graph = this.session.graph;
    const parts = this.handle.split(';');
    const key = `${parts[0]};${parts[parts.length - 1]}`;
    let byKey = readers.get(graph);
    if (!byKey) readers.set(graph, (byKey = new Map()));
    let reader = byKey.get(key);
    if (!reader) {
      reader = onHandleDevice(graph, this.handle, (holder) => raw.getSessionTensor({ handle: holder, dtype: this.dtype }));
      byKey.set(key, reader);
    }
    return this.session.run(reader[1], new Map([[reader[0], this.handle]]));
  }

  /** Frees the tensor in the session (`TensorHandle.delete`); the handle may not be used after. */
  async delete(): Promise<void> {
    if (this.deleted) throw new TypeError(`Persistent tensor ${this.handle} may have already been deleted.`);
    this.deleted = true;
    const graph = this.session.graph;
    let deleter = deleters.get(graph);
    if (!deleter) {
      deleter = onHandleDevice(graph, this.handle, (holder) => raw.deleteSessionTensor({ handle: holder }));
      deleters.set(graph, deleter);
    }
    await this.session.run(deleter[1], new Map([[deleter[0], this.handle]]));
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
  return onHandleDevice(getDefaultGraph(), handle, (holder) => raw.getSessionTensor({ handle: holder, dtype }, name));
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
