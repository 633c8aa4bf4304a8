/**
 * The global step (TF1's `training_util.py`): `getGlobalStep`, `createGlobalStep`,
 * `getOrCreateGlobalStep`, `globalStep(session, tensor)`, plus the shared read tensor the hooks
 * fetch (`getOrCreateGlobalStepRead`) and `incrementGlobalStep`, whose update is ordered after
 * that read so that a run's fetched step is always the pre-increment value.
 */
import { fromBinary } from '@bufbuild/protobuf';
import * as path from 'path';
import { RuntimeError, ValueError } from '../errors';
import { DType, baseDType, dtypeName, isIntegerDType } from '../framework/dtypes';
import { applyOp } from '../framework/op_def_library';
import { Graph, GraphKeys, Output, getDefaultGraph } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import type { Session } from '../client/session';
import { add } from '../ops/math_ops';
import { zerosInitializer } from '../ops/init_ops';
import { getVariable } from '../ops/variable_scope';
import { Variable, VariableAggregation } from '../ops/variables';
import { GraphDefSchema, toTextFormat } from '../proto';
import { makeDirs } from '../io/fs_util';
import { atomicWriteFile } from './checkpoint_management';
import { logger } from './tf_logging';

const log = logger('training_util');

/** The collection caching the global-step read tensor. */
export const GLOBAL_STEP_READ_KEY = 'global_step_read_op_cache';

/** A global step: a Variable (as TF1 creates it) or a tensor someone put in the collection. */
export type GlobalStep = Variable | Output;

/** `assert_global_step`: TypeError unless `x` is an integer scalar Variable or tensor. */
export function assertGlobalStep(x: unknown): asserts x is GlobalStep {
  if (!(x instanceof Variable) && !(x instanceof Output)) {
    throw new TypeError(`Existing "global_step" must be a Variable or Tensor: ${String(x)}.`);
  }
  const dtype = x instanceof Variable ? x.dtype : x.dtype;
  if (!isIntegerDType(baseDType(dtype))) {
    throw new TypeError(`Existing "global_step" does not have integer type: <dtype: '${dtypeName(dtype)}'>`);
  }
  const shape = x.shape;
  if (shape !== null && shape.every((d) => d !== null) && shape.length !== 0) {
    throw new TypeError(`Existing "global_step" is not scalar: ${shapeString(shape)}`);
  }
}

/**
 * `tf.train.get_global_step(graph)`: the single item of collection `global_step`, else the
 * tensor `global_step:0`, else null; TypeError when it is not an integer scalar.
 */
export function getGlobalStep(graph: Graph = getDefaultGraph()): GlobalStep | null {
  const coll = graph.getCollection(GraphKeys.GLOBAL_STEP);
  let gs: unknown;
  if (coll.length === 1) {
    gs = coll[0];
  } else if (coll.length === 0) {
    const op = graph.findOperation('global_step');
    if (!op || op.numOutputs < 1) return null;
    gs = op.output(0);
  } else {
    log.error('Multiple tensors in global_step collection.');
    return null;
  }
  assertGlobalStep(gs);
  return gs;
}

/**
 * `tf.train.create_global_step(graph)`: the int64 scalar `global_step` variable (zeros,
 * not trainable, in `variables` and `global_step`); ValueError when one exists.
 */
export function createGlobalStep(graph: Graph = getDefaultGraph()): Variable {
  if (getGlobalStep(graph) !== null) throw new ValueError('"global_step" already exists.');
  return graph.asDefault(() => graph.nameScope(null, () => getVariable(GraphKeys.GLOBAL_STEP, {
    shape: [],
    dtype: DType.int64,
    initializer: zerosInitializer(),
    trainable: false,
    aggregation: VariableAggregation.ONLY_FIRST_REPLICA,
    collections: [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP],
  })));
}

/** `tf.train.get_or_create_global_step(graph)`. */
export function getOrCreateGlobalStep(graph: Graph = getDefaultGraph()): GlobalStep {
  return getGlobalStep(graph) ?? createGlobalStep(graph);
}

/** `tf.train.global_step(sess, global_step_tensor)`: its current value as a number. */
export async function globalStep(session: Session, tensor: GlobalStep | string): Promise<number> {
  const v = (await session.run(tensor as Output)) as Tensor;
  return Number(v.item());
}

function opName(gs: GlobalStep): string {
  return gs.op.name;
}

/** `_get_global_step_read`: the cached read tensor, or null. */
export function getGlobalStepRead(graph: Graph = getDefaultGraph()): Output | null {
  const coll = graph.getCollection<Output>(GLOBAL_STEP_READ_KEY);
  if (coll.length > 1) {
    throw new RuntimeError(`There are multiple items in collection ${GLOBAL_STEP_READ_KEY}. There should be only one.`);
  }
  return coll[0] ?? null;
}

/**
 * `_get_or_create_global_step_read`: the one tensor every hook fetches for the step, built
 * once under `global_step/` as `cond(initialized, read, initial_value) + 0`; null when the
 * graph has no global step.
 */
export function getOrCreateGlobalStepRead(graph: Graph = getDefaultGraph()): Output | null {
  const cached = getGlobalStepRead(graph);
  if (cached) return cached;
  const gs = getGlobalStep(graph);
  if (gs === null) return null;
  const read = graph.asDefault(() => graph.nameScope(null, () => graph.nameScope(`${opName(gs)}/`, () => {
    // Read only once initialized, so fetching it never fails on a fresh session.
    const value = gs instanceof Variable ? gs.initializedValue() : gs;
    return add(value, 0, 'add');
  })));
  graph.addToCollection(GLOBAL_STEP_READ_KEY, read);
  return read;
}

/**
 * `_increment_global_step(increment)`: `assign_add(global_step, increment)` under a control
 * dependency on the shared read tensor, in scope `global_step/`.
 */
export function incrementGlobalStep(increment: number | bigint = 1, graph: Graph = getDefaultGraph()): Output {
  const gs = getGlobalStep(graph);
  if (gs === null) {
    throw new ValueError('Global step tensor should be created by tf.train.get_or_create_global_step before calling ' +
      'increment.');
  }
  const read = getOrCreateGlobalStepRead(graph)!;
  return graph.asDefault(() => graph.nameScope(null, () => graph.nameScope(`${opName(gs)}/`, () =>
    graph.controlDependencies([read], () => {
      const delta = Tensor.from(typeof increment === 'bigint' ? increment : increment, { dtype: baseDType(gs.dtype) });
      if (gs instanceof Variable) return gs.assignAdd(delta) as Output;
      return applyOp('AssignAdd', { ref: gs, value: delta }, {}).output(0);
    }))));
}

/**
 * `tf.train.write_graph(graph_or_graph_def, logdir, name, as_text=True)`: writes a graph's
 * GraphDef (or GraphDef bytes) to `logdir/name`, in text format unless `asText` is false,
 * atomically; returns the file's path.
 */
export function writeGraph(graphOrGraphDef: Graph | Uint8Array, logdir: string, name: string, asText = true): string {
  const graphDef = graphOrGraphDef instanceof Graph ? graphOrGraphDef.toGraphDef() : graphOrGraphDef;
  makeDirs(logdir);
  const file = path.join(logdir, name);
  atomicWriteFile(file, asText ? toTextFormat(GraphDefSchema, fromBinary(GraphDefSchema, graphDef)) : graphDef);
  return file;
}
