/**
 * Variable updates (TF1's `state_ops`): `assign`, `assignAdd`, `assignSub`, the scatter updates
 * and `countUpTo` on a ref tensor or a Variable (ref or resource: each makes the op TF1 makes
 * for the variable's kind), and `isVariableInitialized`.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { cast, concat, expandDims, onesLike, reshape, shape, sliceOf } from './array_ops';
import { mul } from './math_ops';

/** Options of the assign ops. */
export interface AssignOptions {
  useLocking?: boolean;
  /** Check that the value's shape matches the variable's (Assign only). */
  validateShape?: boolean;
  name?: string;
}

/** What `assign*` accept: a ref tensor (`w:0` of a VariableV2) or a Variable. */
export interface Assignable {
  assign(value: InputValue, options?: AssignOptions): Output | Operation;
  assignAdd(value: InputValue, options?: AssignOptions): Output | Operation;
  assignSub(value: InputValue, options?: AssignOptions): Output | Operation;
}

function isAssignable(x: unknown): x is Assignable {
  return typeof x === 'object' && x !== null && typeof (x as Assignable).assign === 'function';
}

/** The `Assign` op on a ref tensor; gives the ref after the update. */
export function refAssign(ref: Output, value: InputValue, options: AssignOptions = {}): Output {
  return applyOp('Assign', { ref, value }, { use_locking: options.useLocking ?? true,
    validate_shape: options.validateShape ?? true }, options.name ?? 'Assign').output(0);
}

/** `AssignAdd` / `AssignSub` on a ref tensor. */
export function refUpdate(type: 'AssignAdd' | 'AssignSub', ref: Output, value: InputValue,
  options: AssignOptions = {}): Output {
  return applyOp(type, { ref, value }, { use_locking: options.useLocking ?? false }, options.name ?? type).output(0);
}

/**
 * `tf.assign(ref, value)`: the `Assign` of a ref tensor or ref variable (locking unless told not to, the op's
 * default, where a ref variable's own `assign` does not lock), or `ref.assign(value)` for a resource variable.
 */
export function assign(ref: Output | Assignable, value: InputValue, options: AssignOptions = {}): Output | Operation {
  if (!isAssignable(ref)) return refAssign(ref, value, options);
  return isScatterTarget(ref) && !ref.isResource ? refAssign(ref.ref, value, options) : ref.assign(value, options);
}

/** `tf.assign_add(ref, value)`. */
export function assignAdd(ref: Output | Assignable, value: InputValue, options: AssignOptions = {}): Output | Operation {
  return isAssignable(ref) ? ref.assignAdd(value, options) : refUpdate('AssignAdd', ref, value, options);
}

/** `tf.assign_sub(ref, value)`. */
export function assignSub(ref: Output | Assignable, value: InputValue, options: AssignOptions = {}): Output | Operation {
  return isAssignable(ref) ? ref.assignSub(value, options) : refUpdate('AssignSub', ref, value, options);
}

/** What the scatter functions take besides a ref tensor: a Variable (variables.ts), ref or resource. */
export interface ScatterTarget {
  readonly graph: Graph;
  readonly isResource: boolean;
  readonly dtype: DType;
  /** The ref tensor of a ref variable, the handle of a resource one. */
  readonly ref: Output;
  /** The variable's value read after `op` (TF's `_lazy_read`). */
  lazyRead(op: Operation): Output;
}

/** The scatter updates: `Scatter<kind>` on a ref, `ResourceScatter<kind>` on a resource variable. */
export type ScatterKind = 'Update' | 'Add' | 'Sub' | 'Mul' | 'Div' | 'Min' | 'Max' | 'NdUpdate' | 'NdAdd' | 'NdSub' |
  'NdMax' | 'NdMin';

/** Options of the scatter updates. */
export interface ScatterOptions {
  useLocking?: boolean;
  name?: string;
}

/**
 * The graph a read or update of a variable of `graph` is built in: the function being traced, if
 * any (a switch_case branch, a tf.data function: the handle captured), as TF builds it; else `graph`.
 */
export function opGraph(graph: Graph): Graph {
  const current = getDefaultGraph();
  return current.captureOuter ? current : graph;
}

function isScatterTarget(x: unknown): x is ScatterTarget {
  return typeof x === 'object' && x !== null && !(x instanceof Output) && typeof (x as ScatterTarget).lazyRead === 'function';
}

/** @internal `gen_state_ops.scatter_<kind>` on a ref tensor: the ref after the update. */
export function refScatter(kind: ScatterKind, ref: Output, indices: InputValue, updates: InputValue, useLocking: boolean,
  name?: string): Output {
  return applyOp(`Scatter${kind}`, { ref, indices, updates }, { use_locking: useLocking }, name ?? `Scatter${kind}`)
    .output(0);
}

/**
 * @internal `ResourceScatter<kind>` on a resource variable, `updates` converted to its dtype first,
 * then the value read after it.
 */
export function resourceScatter(kind: ScatterKind, v: ScatterTarget, indices: InputValue, updates: InputValue,
  name?: string): Output {
  const graph = opGraph(v.ref.graph);
  const u = convertToTensor(updates, { dtype: v.dtype, graph });
  const type = `ResourceScatter${kind}`;
  // The Nd ops name their variable input `ref`.
  return v.lazyRead(applyOp(type, { [kind.startsWith('Nd') ? 'ref' : 'resource']: v.ref, indices, updates: u }, {},
    { name: name ?? type, graph }));
}

function scatter(kind: ScatterKind, defaultLocking: boolean) {
  return (ref: Output | ScatterTarget, indices: InputValue, updates: InputValue, options: ScatterOptions = {}): Output => {
    if (isScatterTarget(ref) && ref.isResource) return resourceScatter(kind, ref, indices, updates, options.name);
    return refScatter(kind, isScatterTarget(ref) ? ref.ref : ref, indices, updates, options.useLocking ?? defaultLocking,
      options.name);
  };
}

/** `tf.scatter_update(ref, indices, updates, use_locking=True)`: rows `indices` of the variable set to `updates`. */
export const scatterUpdate = scatter('Update', true);
/** `tf.scatter_add(ref, indices, updates, use_locking=False)`: `updates` added to rows `indices` (repeats add up). */
export const scatterAdd = scatter('Add', false);
/** `tf.scatter_sub(ref, indices, updates, use_locking=False)`. */
export const scatterSub = scatter('Sub', false);
/** `tf.scatter_mul(ref, indices, updates, use_locking=False)`. */
export const scatterMul = scatter('Mul', false);
/** `tf.scatter_div(ref, indices, updates, use_locking=False)`. */
export const scatterDiv = scatter('Div', false);
/** `tf.scatter_min(ref, indices, updates, use_locking=False)`. */
export const scatterMin = scatter('Min', false);
/** `tf.scatter_max(ref, indices, updates, use_locking=False)`. */
export const scatterMax = scatter('Max', false);
/**
 * `tf.scatter_nd_update(ref, indices, updates, use_locking=True)`: the slices at the index
 * vectors (the last axis of `indices`) set to `updates`. (TF 2.21 passes a `name` on as the
 * op's bad_indices_policy; here it names the op.)
 */
export const scatterNdUpdate = scatter('NdUpdate', true);
/** `tf.scatter_nd_add(ref, indices, updates, use_locking=False)`. */
export const scatterNdAdd = scatter('NdAdd', false);
/** `tf.scatter_nd_sub(ref, indices, updates, use_locking=False)`. */
export const scatterNdSub = scatter('NdSub', false);

/**
 * `tf.batch_scatter_update(ref, indices, updates, use_locking=True, name=None)`: for each batch
 * position of `indices` (all axes but the last), the rows of that batch's slice of the variable set
 * to `updates`, as one scatter_nd_update over indices made whole with each batch position.
 */
export function batchScatterUpdate(ref: Output | ScatterTarget, indices: InputValue, updates: InputValue,
  options: ScatterOptions = {}): Output {
  const graph = opGraph(ref.graph);
  // TF's `ops.name_scope(name)`: without a name, the root scope.
  return graph.asDefault(() => graph.nameScope(options.name ?? null, () => {
    // Host indices are ints (as Python's are), not JS numbers' float32.
    const idx = convertToTensor(indices, { name: 'indices', preferredDtype: DType.int32, graph });
    const indicesShape = shape(idx);
    const ndims = idx.shape?.length;
    if (ndims === undefined) throw new ValueError('batch_gather does not allow indices with unknown shape.');
    const ndIndices = expandDims(idx, -1);
    const ndIndicesList: Output[] = [];
    for (let dimension = 0; dimension < ndims - 1; dimension++) {
      const dimensionSize = sliceOf(indicesShape, [dimension]);
      const shapeToBroadcast: InputValue[] = new Array(ndims + 1).fill(1);
      shapeToBroadcast[dimension] = dimensionSize;
      let dimensionRange = reshape(applyOp('Range', { start: 0, limit: dimensionSize, delta: 1 }, {}, 'Range').output(0),
        shapeToBroadcast);
      if (dimensionRange.dtype !== ndIndices.dtype) dimensionRange = cast(dimensionRange, ndIndices.dtype);
      ndIndicesList.push(mul(dimensionRange, onesLike(ndIndices), 'mul'));
    }
    ndIndicesList.push(ndIndices);
    return scatterNdUpdate(ref, concat(ndIndicesList, -1), updates, { useLocking: options.useLocking ?? true });
  }));
}

/**
 * `tf.count_up_to(ref, limit)`: increments the int32/int64 variable and gives its value before,
 * an OutOfRange error at run time once it has reached `limit` (`CountUpTo`, or
 * `ResourceCountUpTo` for a resource variable).
 */
export function countUpTo(ref: Output | ScatterTarget, limit: number, name?: string): Output {
  if (isScatterTarget(ref) && ref.isResource) {
    return applyOp('ResourceCountUpTo', { resource: ref.ref }, { limit, T: ref.dtype },
      { name: name ?? 'ResourceCountUpTo', graph: opGraph(ref.graph) }).output(0);
  }
  return applyOp('CountUpTo', { ref: isScatterTarget(ref) ? ref.ref : ref }, { limit }, name ?? 'CountUpTo').output(0);
}
