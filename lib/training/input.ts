/**
 * TF1's queue-based input pipelines (`tensorflow/python/training/input.py`): producers that feed a
 * queue from a tensor (`stringInputProducer`, `sliceInputProducer`, ...), `limitEpochs`, and the
 * batching queues (`batch`, `shuffleBatch`, their `Join` and `maybe` forms). Each adds a
 * QueueRunner to the graph's `queue_runners` collection, which `MonitoredSession` starts; once
 * the epochs run out, the queues close and the training loop ends on OutOfRangeError, as in TF1.
 * SparseTensors are batched as TF1 batches them: stored in a SparseTensorsMap on the way in, their
 * handles queued, and the batch taken back out as one SparseTensor.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { GraphKeys, Operation, Output, getDefaultGraph, sharedName } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { mergeShapes, shapeString } from '../framework/tensor_shape';
import {
  ShapeLike, cast, constant, firstDim, gather, identity, ones, shape as shapeOf, size, sliceOf, squeeze, withScope,
} from '../ops/array_ops';
import { assertMessages, withDependencies } from '../ops/control_flow_ops';
import { sparseRetain } from '../ops/sparse_ops';
import { Tensor } from '../framework/tensor';
import { DequeuedValues, FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue } from '../ops/data_flow_ops';
import * as raw from '../ops/gen/raw_ops';
import { greater, maximum, mul, range, sub } from '../ops/math_ops';
import { getSeed } from '../ops/random_ops';
import { Variable } from '../ops/variables';
import { scalar } from '../summary/summary_ops';
import { QueueRunner, addQueueRunner } from './queue_runner';

/** `tf.train.match_filenames_once(pattern)`: a local variable holding the files matching `pattern`. */
export function matchFilenamesOnce(pattern: InputValue, name?: string): Variable {
  return withScope(name, 'matching_filenames', [pattern], (scope, graph) => graph.asDefault(() => new Variable(
    raw.matchingFiles({ pattern }), { name: scope, trainable: false, validateShape: false, collections: [GraphKeys.LOCAL_VARIABLES] })));
}

/**
 * `tf.train.limit_epochs(tensor, num_epochs)`: `tensor`, each evaluation counted by a local
 * `epochs` variable; past `numEpochs` evaluations, it raises OutOfRangeError.
 */
export function limitEpochs(tensor: InputValue, numEpochs?: number | null, name?: string): Output {
  if (numEpochs === null || numEpochs === undefined) return convertToTensor(tensor);
  if (numEpochs <= 0) throw new ValueError(`num_epochs must be > 0 not ${numEpochs}.`);
  return withScope(name, 'limit_epochs', [tensor], (scope, graph) => graph.asDefault(() => {
    const zero64 = constant(0, { dtype: DType.int64 });
    const epochs = new Variable(zero64, { name: 'epochs', trainable: false, collections: [GraphKeys.LOCAL_VARIABLES] });
    const counter = raw.countUpTo({ ref: epochs.ref, limit: numEpochs });
    return graph.controlDependencies([counter], () => identity(tensor, scope));
  }));
}

export interface InputProducerOptions {
  /** The shape of each row (`inputTensor`'s shape without its first dimension, if unknown). */
  elementShape?: ShapeLike | null;
  /** Produce each row this many times, then close the queue; unlimited when absent. */
  numEpochs?: number | null;
  /** Shuffle the rows of each epoch (default true). */
  shuffle?: boolean;
  seed?: number;
  capacity?: number;
  sharedName?: string | null;
  /** A scalar summary of the queue's fullness under this name. */
  summaryName?: string | null;
  name?: string;
  cancelOp?: Operation;
}

/**
 * `tf.train.input_producer(input_tensor, ...)`: a FIFOQueue fed with the rows of `inputTensor`
 * (shuffled per epoch by default) by a QueueRunner.
 */
export function inputProducer(inputTensor: InputValue, options: InputProducerOptions = {}): FIFOQueue {
  const capacity = options.capacity ?? 32;
  return withScope(options.name, 'input_producer', [inputTensor], (_scope, graph) => graph.asDefault(() => {
    let input = convertToTensor(inputTensor, { name: 'input_tensor' });
    const rows = input.shape === null ? null : input.shape.slice(1);
    const elementShape = mergeShapes(rows, options.elementShape ?? null);
    if (elementShape === null || elementShape.some((d) => d === null)) {
      throw new ValueError('Either `input_tensor` must have a fully defined shape or `element_shape` must be specified');
    }
    if (options.shuffle ?? true) {
      const [seed, seed2] = getSeed(options.seed);
      input = raw.randomShuffle({ value: input, seed, seed2 });
    }
    input = limitEpochs(input, options.numEpochs);
    // TF1 hands its own `name` on, the scope when a producer called it: the queue then takes it.
    const q = new FIFOQueue(capacity, [baseDType(input.dtype)], {
      shapes: [elementShape], sharedName: options.sharedName, name: options.name ?? 'FIFOQueueV2',
    });
    const enq = q.enqueueMany([input]);
    addQueueRunner(new QueueRunner({ queue: q, enqueueOps: [enq], cancelOp: options.cancelOp }));
    if (options.summaryName !== null && options.summaryName !== undefined) {
      scalar(options.summaryName, mul(cast(q.size(), DType.float32), 1 / capacity, 'mul'));
    }
    return q;
  }));
}

/** The producers' options (`input_producer`'s without the element shape and summary name). */
export type ProducerOptions = Omit<InputProducerOptions, 'elementShape' | 'summaryName'>;

const NOT_NULL_ERR = 'string_input_producer requires a non-null input tensor';

/** `tf.train.string_input_producer(string_tensor, ...)`: a queue of strings (file names, say). */
export function stringInputProducer(stringTensor: InputValue, options: ProducerOptions = {}): FIFOQueue {
  if (!(stringTensor instanceof Output) && (Array.isArray(stringTensor) ? stringTensor.length === 0 : !stringTensor)) {
    throw new ValueError(NOT_NULL_ERR);
  }
  const capacity = options.capacity ?? 32;
  return withScope(options.name, 'input_producer', [stringTensor], (scope, graph) => graph.asDefault(() => {
    let strings = convertToTensor(stringTensor, { dtype: DType.string });
    const nonEmpty = assertMessages(greater(size(strings), 0), [NOT_NULL_ERR]);
    strings = graph.controlDependencies([nonEmpty], () => identity(strings));
    return inputProducer(strings, { ...options, elementShape: [], name: scope, summaryName: `fraction_of_${capacity}_full` });
  }));
}

/** `tf.train.range_input_producer(limit, ...)`: a queue of the integers 0 .. limit - 1. */
export function rangeInputProducer(limit: number | Output, options: Omit<ProducerOptions, 'cancelOp'> = {}): FIFOQueue {
  const capacity = options.capacity ?? 32;
  return withScope(options.name, 'input_producer', [limit], (scope, graph) => graph.asDefault(() =>
    inputProducer(range(0, limit), { ...options, elementShape: [], name: scope, summaryName: `fraction_of_${capacity}_full` })));
}

/**
 * `tf.train.slice_input_producer(tensor_list, ...)`: one row of every tensor at a time, the same
 * row of each, from a range queue over the first tensor's rows.
 */
export function sliceInputProducer(tensorList: InputValue[], options: Omit<ProducerOptions, 'cancelOp'> = {}): Output[] {
  return withScope(options.name, 'input_producer', tensorList, (_scope, graph) => graph.asDefault(() => {
    const tensors = tensorList.map((t) => convertToTensor(t));
    if (tensors.length === 0) throw new ValueError('Expected at least one tensor in slice_input_producer().');
    const rangeSize = firstDim(shapeOf(tensors[0]));
    const queue = rangeInputProducer(rangeSize, { ...options, name: undefined });
    const index = queue.dequeue() as Output;
    return tensors.map((t) => gather(t, index));
  }));
}

// ------------------------------------------------------------------------------------ batching

/** Tensors to batch: a list, or an object (batched in key order, given back as an object). */
/** What a batch takes: tensors (or SparseTensors), in a list or by name. */
export type BatchTensors = Array<InputValue | SparseTensor> | Record<string, InputValue | SparseTensor>;
/** What a batch gives: the batched tensors (SparseTensors for SparseTensors) in the structure given. */
export type BatchedValues = Output | SparseTensor | Array<Output | SparseTensor> | Record<string, Output | SparseTensor>;

export interface BatchOptions {
  /** QueueRunner loops running the enqueue (default 1). */
  numThreads?: number;
  capacity?: number;
  /** Each tensor is a batch of examples to enqueue one by one (default false). */
  enqueueMany?: boolean;
  /** Each tensor's example shape, when it cannot be inferred. */
  shapes?: ShapeLike[] | null;
  /** Pad examples of different shapes to the longest in the batch (PaddingFIFOQueue). */
  dynamicPad?: boolean;
  /** Let the last batch be smaller, once the input is exhausted (default false: dropped). */
  allowSmallerFinalBatch?: boolean;
  sharedName?: string | null;
  name?: string;
}

export type ShuffleBatchOptions = Omit<BatchOptions, 'dynamicPad'> & { seed?: number };

type BatchInput = InputValue | SparseTensor;

function asTensorList(tensors: BatchTensors): BatchInput[] {
  if (Array.isArray(tensors)) return tensors;
  return Object.keys(tensors).sort().map((k) => tensors[k]);
}

function asTensorListList(tensorsList: BatchTensors[]): BatchInput[][] {
  if (tensorsList.length === 0) throw new ValueError('Expected at least one set of tensors');
  if (!Array.isArray(tensorsList[0])) {
    const keys = Object.keys(tensorsList[0]).sort().join('\0');
    if (tensorsList.some((t) => Object.keys(t).sort().join('\0') !== keys)) {
      throw new ValueError('All dictionaries in tensors_list must have the same keys');
    }
  }
  return tensorsList.map(asTensorList);
}

/**
 * The dequeued batch in the structure of `original`: an object for an object; for a list, what
 * the queue gives (one tensor alone is not in a list, as in TF1).
 */
function asOriginalType(original: BatchTensors, dequeued: BatchedValues): BatchedValues {
  if (Array.isArray(original)) return dequeued;
  const list = Array.isArray(dequeued) ? dequeued : [dequeued as Output | SparseTensor];
  return Object.fromEntries(Object.keys(original).sort().map((k, i) => [k, list[i]]));
}

function validate(tensorList: BatchInput[], what: string): Array<Output | SparseTensor> {
  const tensors = tensorList.map((t) => (t instanceof SparseTensor ? t : convertToTensor(t)));
  if (tensors.length === 0) throw new ValueError(`Expected at least one tensor in ${what}().`);
  return tensors;
}

function validateKeepInput(keepInput: InputValue, enqueueMany: boolean): Output {
  const keep = convertToTensor(keepInput);
  const rank = keep.shape?.length;
  if (rank === undefined) throw new ValueError('`keep_input` dimensions must be known at graph construction.');
  if (!enqueueMany && rank === 1) throw new ValueError('`keep_input` cannot be a vector when `enqueue_many=False`.');
  if (rank > 1) throw new ValueError('`keep_input` must be 0 or 1 dimensions.');
  return keep;
}

function dtypesOf(tensorListList: Output[][]): DType[] {
  const types = tensorListList[0].map((t) => t.dtype);
  for (const other of tensorListList.slice(1)) {
    const o = other.map((t) => t.dtype);
    if (o.length !== types.length || o.some((d, i) => d !== types[i])) {
      throw new TypeError(`Expected types to be consistent: ${types.map(dtypeName).join(', ')} vs. ${o.map(dtypeName).join(', ')}.`);
    }
  }
  return types;
}

/** `_shapes`: the example shape of each component, inferred from the tensors unless given. */
function shapesOf(tensorListList: Output[][], shapes: ShapeLike[] | null | undefined, enqueueMany: boolean): ShapeLike[] {
  if (shapes) return shapes;
  return tensorListList[0].map((_, i) => {
    let merged: (number | null)[] | null = null;
    for (const tl of tensorListList) {
      let s = tl[i].shape;
      if (s === null) throw new ValueError(`Cannot infer Tensor's rank: ${tl[i].name}`);
      if (enqueueMany) {
        if (s.length < 1) throw new ValueError(`Shape ${shapeString(s)} must have rank at least 1`);
        s = s.slice(1);
      }
      // As TF's _merge_shapes, which merges into a copy and keeps the first: only checked.
      if (merged === null) merged = [...s];
      else mergeShapes(merged, s);
    }
    return merged!;
  });
}

/** A scalar keep_input's value; TF1's cond around the enqueue (a keep_input known only at run time) is not built here. */
function constantKeep(keepInput: Output): boolean {
  const keep = constantValue(keepInput);
  if (keep === null) {
    throw new ValueError('A scalar `keep_input` must be a constant here (a boolean): enqueueing under a cond is not ' +
      'supported; use a vector `keep_input` with `enqueueMany`.');
  }
  return !!keep.item();
}

/** `_enqueue` / `_enqueue_join`: the enqueue op(s) and their QueueRunner. */
function enqueue(queue: QueueBase, tensorListList: Output[][], threads: number | null, enqueueMany: boolean,
  keepInput: Output): void {
  const enqueueFn = (vals: Output[]) => (enqueueMany ? queue.enqueueMany(vals) : queue.enqueue(vals));
  let ops: Operation[];
  if (keepInput.shape!.length === 1) {
    // Only the examples whose keep_input is true are enqueued.
    const select = (tl: Output[]) => {
      const selectI = cast(keepInput, DType.int32);
      return tl.map((x) => raw.dynamicPartition({ data: x, partitions: selectI, numPartitions: 2 })[1]);
    };
    ops = tensorListList.map((tl) => enqueueFn(select(tl)));
  } else {
    const keep = constantKeep(keepInput);
    ops = tensorListList.map((tl) => (keep ? enqueueFn(tl) : raw.noOp({})));
  }
  // `_enqueue` runs its one enqueue op in `threads` loops.
  if (threads !== null) ops = Array<Operation>(threads).fill(ops[0]);
  addQueueRunner(new QueueRunner({ queue, enqueueOps: ops }));
}

const STORE_OPS = new Set(['AddSparseToTensorsMap', 'AddManySparseToTensorsMap']);

/** What `_store_sparse_tensors` records of a component: whether it is sparse, its map op and static rank. */
interface SparseInfo { map: Operation | null; rank: number | null }

/**
 * `_store_sparse_tensors`: each SparseTensor put in a SparseTensorsMap (AddSparseToTensorsMap, or
 * AddManySparseToTensorsMap per row with `enqueueMany`) and replaced by its handles, `[1]` per
 * example; `sharedMaps` (the first list's, for the joins) name the maps to share.
 */
function storeSparse(list: Array<Output | SparseTensor>, enqueueMany: boolean, keepInput: Output,
  sharedMaps?: Array<Operation | null>): { stored: Output[]; info: Array<SparseInfo | null> } {
  const info: Array<SparseInfo | null> = [];
  const stored = list.map((t, i) => {
    if (!(t instanceof SparseTensor)) {
      info.push(null);
      return t;
    }
    const shared = sharedMaps?.[i]?.name;
    let handles: Output;
    if (keepInput.shape!.length === 1) {
      // A per-example keep vector, as a per-value one.
      handles = storeOp(sparseRetain(t, gather(keepInput, sliceOf(t.indices, [[null, null], 0]))), true, shared);
    } else {
      if (constantKeep(keepInput)) {
        handles = storeOp(t, enqueueMany, shared);
      } else if (enqueueMany) {
        // -1 handles, one per example: `-1 * ones(shape(t)[0:1])`, a SparseTensor's shape being its dense shape.
        const dims = withScope(undefined, 'Shape', [t.denseShape], () => cast(t.denseShape, DType.int32));
        handles = mul(Tensor.from(-1n), ones(sliceOf(dims, [[0, 1]]), DType.int64), 'mul');
      } else {
        handles = constant(-1n, { dtype: DType.int64 });
      }
      if (enqueueMany) handles.setShape([null]);
    }
    const storing = handles.op.inputs.find((x) => STORE_OPS.has(x.op.type))?.op ?? handles.op;
    const rank = t.denseShape.shape?.[0] ?? null;
    info.push({ map: sharedMaps?.[i] ?? storing, rank: rank === null ? null : rank - (enqueueMany ? 1 : 0) });
    return raw.expandDims({ input: handles, dim: Tensor.from([-1], { dtype: DType.int32 }) });
  });
  return { stored, info };
}

function storeOp(sp: SparseTensor, many: boolean, sharedName: string | undefined): Output {
  const args = { sparseIndices: sp.indices, sparseValues: sp.values, sparseShape: sp.denseShape, sharedName };
  return many ? raw.addManySparseToTensorsMap(args) : raw.addSparseToTensorsMap(args);
}

/**
 * `_restore_sparse_tensors`: each sparse component's handles taken back out of its map as one
 * SparseTensor; then every output waits for all of them (control dependencies), as in TF1.
 */
function restoreSparse(dequeued: DequeuedValues, info: Array<SparseInfo | null>): BatchedValues {
  const list = Array.isArray(dequeued) ? dequeued : [dequeued as Output];
  const tensors = list.map((s, i) => {
    const inf = info[i];
    if (inf === null) return s;
    const handles = squeeze(s, [1]);
    const map = inf.map!;
    if (!STORE_OPS.has(map.type)) {
      // A constant false keep_input stored no map, as in TF1.
      throw new TypeError('sparse_map_op must be one of AddSparseToTensorsMap or AddSparseToTensorsMap. Instead, ' +
        `found \`${map.type}\`.`);
    }
    const rank = inf.rank === null ? null : inf.rank + 1;
    const out = s.graph.colocateWith(map, () => raw.takeManySparseFromTensorsMap({
      sparseHandles: handles, dtype: map.getAttr('T') as DType, container: map.getAttr('container') as string,
      sharedName: sharedName(map),
    }));
    out.sparseIndices.setShape([null, rank]);
    out.sparseShape.setShape([rank]);
    return new SparseTensor(out.sparseIndices, out.sparseValues, out.sparseShape);
  });
  if (!tensors.some((x) => x instanceof SparseTensor)) return dequeued;
  const values = tensors.map((x) => (x instanceof SparseTensor ? x.values : x));
  const dep = (x: Output) => withDependencies(values, x);
  const restored = tensors.map((x) => (x instanceof SparseTensor
    ? new SparseTensor(dep(x.indices), dep(x.values), dep(x.denseShape)) : dep(x)));
  return Array.isArray(dequeued) ? restored : restored[0];
}

interface BatchArgs {
  tensorsList: BatchTensors[];
  join: boolean;
  batchSize: InputValue;
  keepInput: InputValue;
  defaultName: string;
  options: BatchOptions;
  shuffle?: { capacity: number; minAfterDequeue: number; seed?: number };
}

/** `_batch`, `_batch_join`, `_shuffle_batch` and `_shuffle_batch_join` in one. */
function batchImpl(a: BatchArgs): BatchedValues {
  const o = a.options;
  const enqueueMany = o.enqueueMany ?? false;
  const lists = a.join ? asTensorListList(a.tensorsList) : [asTensorList(a.tensorsList[0])];
  const graph = getDefaultGraph();
  return withScope(o.name, a.defaultName, [...lists.flat(), a.keepInput], (scope) => graph.asDefault(() => {
    const capacity = a.shuffle?.capacity ?? o.capacity ?? 32;
    const minAfterDequeue = a.shuffle?.minAfterDequeue ?? 0;
    if (a.shuffle && capacity <= minAfterDequeue) {
      throw new ValueError(`capacity ${capacity} must be bigger than min_after_dequeue ${minAfterDequeue}.`);
    }
    const validated = lists.map((tl) => validate(tl, a.join ? 'batch_join' : 'batch'));
    if (a.join && validated.length === 0) throw new ValueError('Expected at least one input in batch_join().');
    const keepInput = validateKeepInput(a.keepInput, enqueueMany);
    // `_store_sparse_tensors(_join)`: the later lists share the first list's maps.
    const first = storeSparse(validated[0], enqueueMany, keepInput);
    const tensorListList = [first.stored, ...validated.slice(1).map((tl) => {
      const next = storeSparse(tl, enqueueMany, keepInput, first.info.map((x) => x?.map ?? null));
      if (next.info.some((x, i) => (x === null) !== (first.info[i] === null))) {
        throw new ValueError(`Inconsistent SparseTensors list: ${validated[0]} vs. ${tl}`);
      }
      return next.stored;
    })];
    const types = dtypesOf(tensorListList);
    const shapes = shapesOf(tensorListList, o.shapes, enqueueMany);
    const queueOptions = { shapes, sharedName: o.sharedName };
    let queue: QueueBase;
    if (a.shuffle) queue = new RandomShuffleQueue(capacity, minAfterDequeue, types, { ...queueOptions, seed: a.shuffle.seed });
    else if (o.dynamicPad) queue = new PaddingFIFOQueue(capacity, types, shapes, { sharedName: o.sharedName });
    else queue = new FIFOQueue(capacity, types, queueOptions);
    enqueue(queue, tensorListList, a.join ? null : o.numThreads ?? 1, enqueueMany, keepInput);
    if (a.shuffle) {
      // Python's `*` and `-`: ops named `mul` and `sub`.
      const full = mul(cast(maximum(0, sub(queue.size(), minAfterDequeue, 'sub')), DType.float32), 1 / (capacity - minAfterDequeue), 'mul');
      scalar(`fraction_over_${minAfterDequeue}_of_${capacity - minAfterDequeue}_full`, full);
    } else {
      scalar(`fraction_of_${capacity}_full`, mul(cast(queue.size(), DType.float32), 1 / capacity, 'mul'));
    }
    const dequeued = o.allowSmallerFinalBatch ? queue.dequeueUpTo(a.batchSize, scope) : queue.dequeueMany(a.batchSize, scope);
    return asOriginalType(a.tensorsList[0], restoreSparse(dequeued, first.info));
  }));
}

/**
 * `tf.train.batch(tensors, batch_size)`: batches of `batchSize` examples, in order, from a
 * FIFOQueue a QueueRunner fills (a PaddingFIFOQueue with `dynamicPad`).
 */
export function batch(tensors: BatchTensors, batchSize: InputValue, options: BatchOptions = {}): BatchedValues {
  return batchImpl({ tensorsList: [tensors], join: false, batchSize, keepInput: true, defaultName: 'batch', options });
}

/** `tf.train.maybe_batch`: `batch` enqueueing only the examples whose `keepInput` is true. */
export function maybeBatch(tensors: BatchTensors, keepInput: InputValue, batchSize: InputValue,
  options: BatchOptions = {}): BatchedValues {
  return batchImpl({ tensorsList: [tensors], join: false, batchSize, keepInput, defaultName: 'batch', options });
}

/** `tf.train.batch_join(tensors_list, batch_size)`: one enqueue loop per list of tensors. */
export function batchJoin(tensorsList: BatchTensors[], batchSize: InputValue,
  options: Omit<BatchOptions, 'numThreads'> = {}): BatchedValues {
  return batchImpl({ tensorsList, join: true, batchSize, keepInput: true, defaultName: 'batch_join', options });
}

export function maybeBatchJoin(tensorsList: BatchTensors[], keepInput: InputValue, batchSize: InputValue,
  options: Omit<BatchOptions, 'numThreads'> = {}): BatchedValues {
  return batchImpl({ tensorsList, join: true, batchSize, keepInput, defaultName: 'batch_join', options });
}

/**
 * `tf.train.shuffle_batch(tensors, batch_size, capacity, min_after_dequeue)`: batches drawn at
 * random from a RandomShuffleQueue holding at least `minAfterDequeue` examples.
 */
export function shuffleBatch(tensors: BatchTensors, batchSize: InputValue, capacity: number, minAfterDequeue: number,
  options: ShuffleBatchOptions = {}): BatchedValues {
  return batchImpl({ tensorsList: [tensors], join: false, batchSize, keepInput: true, defaultName: 'shuffle_batch', options,
    shuffle: { capacity, minAfterDequeue, seed: options.seed } });
}

export function maybeShuffleBatch(tensors: BatchTensors, batchSize: InputValue, capacity: number, minAfterDequeue: number,
  keepInput: InputValue, options: ShuffleBatchOptions = {}): BatchedValues {
  return batchImpl({ tensorsList: [tensors], join: false, batchSize, keepInput, defaultName: 'shuffle_batch', options,
    shuffle: { capacity, minAfterDequeue, seed: options.seed } });
}

export function shuffleBatchJoin(tensorsList: BatchTensors[], batchSize: InputValue, capacity: number, minAfterDequeue: number,
  options: Omit<ShuffleBatchOptions, 'numThreads'> = {}): BatchedValues {
  return batchImpl({ tensorsList, join: true, batchSize, keepInput: true, defaultName: 'shuffle_batch_join', options,
    shuffle: { capacity, minAfterDequeue, seed: options.seed } });
}

export function maybeShuffleBatchJoin(tensorsList: BatchTensors[], batchSize: InputValue, capacity: number,
  minAfterDequeue: number, keepInput: InputValue, options: Omit<ShuffleBatchOptions, 'numThreads'> = {}):
  BatchedValues {
  return batchImpl({ tensorsList, join: true, batchSize, keepInput, defaultName: 'shuffle_batch_join', options,
    shuffle: { capacity, minAfterDequeue, seed: options.seed } });
}
