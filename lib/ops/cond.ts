/**
 * TF1's v1 `cond` (`tf.compat.v1.cond` with v2 control flow off, `cond.py`): in name scope
 * `cond`, a Switch of the predicate on itself, the pivots `switch_t` / `switch_f` and `pred_id`;
 * each branch function run in its CondContext, so that the ops it makes read outside tensors
 * through Switches and wait on the branch's pivot; one Merge per result. In a function being
 * traced, TF 2.21's functional If instead (lib/ops/cond_v2.ts).
 */
import { ValueError } from '../errors';
import { baseDType, dtypeName } from '../framework/dtypes';
import { IndexedSlices } from '../framework/indexed_slices';
import { TensorConvertible, convertToTensor } from '../framework/op_def_library';
import { GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { TensorLike } from '../framework/tensor';
import { Nested, assertSameStructure, flatten, packSequenceAs } from '../util/nest';
import { CondContext, merge, switchOp } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { enableControlFlowV2In } from '../framework/v2_switches';

/** A leaf of a branch's result: a tensor, an op to run (the result is the pivot after it), a variable, IndexedSlices or a host value. */
export type CondLeaf = Output | Operation | IndexedSlices | TensorConvertible | TensorLike;

/** The cond's output for a branch's leaf: IndexedSlices stay IndexedSlices, the rest is a tensor. */
type Merged<T> = T extends IndexedSlices ? IndexedSlices
  : T extends Output | Operation | TensorConvertible ? Output
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Merged<T[K]> }
  : T extends Record<string, unknown> ? { [K in keyof T]: Merged<T[K]> }
  : Output;

/** What `cond` gives for branches giving T: a one-element array unpacked unless `strict`. */
export type CondResult<T> = T extends readonly [infer U] ? Merged<U> : Merged<T>;

export interface CondOptions {
  /** The name scope (default `cond`). */
  name?: string;
}

/** The parts of IndexedSlices the cond merges one by one (TF1's `expand_composites`). */
function parts(x: IndexedSlices): Output[] {
  return [x.values, x.indices, ...(x.denseShape ? [x.denseShape] : [])];
}

/**
 * `BuildCondBranch`: runs `fn` in `ctxt`; gives its result and the flat tensors the Merges take
 * (IndexedSlices by their parts), or null when `fn` gives nothing.
 */
function buildCondBranch(ctxt: CondContext, fn: () => unknown): [Nested<unknown>, Output[]] | null {
  return ctxt.within(() => {
    const original = fn() as Nested<CondLeaf> | undefined | null;
    if (original === undefined || original === null) return null;
    const tensors = flatten(original).flatMap((v) => {
      if (v instanceof IndexedSlices) return parts(v).map((t) => ctxt.buildCondTensor(t));
      const t = v instanceof Operation || v instanceof Output ? v : convertToTensor(v as TensorConvertible | TensorLike);
      return [ctxt.buildCondTensor(t)];
    });
    ctxt.exitResult(tensors);
    return [original, tensors] as [Nested<unknown>, Output[]];
  });
}

/** `_UnpackIfSingleton`. */
function unpackIfSingleton<T>(x: T): T | unknown {
  return Array.isArray(x) && x.length === 1 ? x[0] : x;
}

/**
 * `tf.compat.v1.cond(pred, true_fn, false_fn, strict=False, name=None)`: `trueFn()` when `pred`
 * is true, else `falseFn()`; each is called once, in its branch, and its ops run only when that
 * branch is taken. The branches give the same structure of tensors (arrays and plain objects of
 * them; an Operation gives the branch's pivot, run after it); a one-element array comes back
 * unpacked unless `strict`.
 */
export function cond<T>(pred: Output, trueFn: () => T, falseFn: () => T, options?: CondOptions & { strict?: false }):
  CondResult<T>;
export function cond<T>(pred: Output, trueFn: () => T, falseFn: () => T, options: CondOptions & { strict: true }): Merged<T>;
export function cond<T>(pred: Output, trueFn: () => T, falseFn: () => T, options: CondOptions & { strict?: boolean }):
  CondResult<T> | Merged<T>;
export function cond<T>(pred: Output, trueFn: () => T, falseFn: () => T,
  options: CondOptions & { strict?: boolean } = {}): CondResult<T> | Merged<T> {
  if (typeof trueFn !== 'function') throw new TypeError("'true_fn' must be callable.");
  if (typeof falseFn !== 'function') throw new TypeError("'false_fn' must be callable.");
  // As TF 2.21, which builds v2 control flow in any function being traced (a tf.data function, a branch),
  // and in every graph after enableControlFlowV2():
  // one If op, whatever `strict`.
  if (enableControlFlowV2In(getDefaultGraph())) {
    // Required here, not imported: cond_v2 reaches tf.data's modules, which import this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { condV2 } = require('./cond_v2') as typeof import('./cond_v2');
    return condV2(pred, trueFn, falseFn, options.name) as CondResult<T>;
  }
  const graph = pred instanceof Output ? pred.graph : getDefaultGraph();
  return graph.asDefault(() => graph.nameScope(options.name ?? 'cond', () => {
    if (typeof pred === 'boolean') throw new TypeError("'pred' must not be a Python bool.");
    const [p2, p1] = switchOp(pred, pred);
    const pivotTrue = raw.identity({ input: p1 }, 'switch_t');
    const pivotFalse = raw.identity({ input: p2 }, 'switch_f');
    const predId = raw.identity({ input: pred }, 'pred_id');
    // As TF1: tensors that only exist on one branch may not be fetched.
    for (const t of [p1, p2, pivotTrue, pivotFalse, predId]) graph.preventFetching(t.op);

    const contextT = new CondContext(predId, pivotTrue, 1);
    const branchT = buildCondBranch(contextT, trueFn);
    if (branchT === null) throw new ValueError("'true_fn' must have a return value.");
    const contextF = new CondContext(predId, pivotFalse, 0);
    const branchF = buildCondBranch(contextF, falseFn);
    if (branchF === null) throw new ValueError("'false_fn' must have a return value.");
    let [origT, resT] = branchT;
    let [origF, resF] = branchF;
    if (!options.strict) {
      origT = unpackIfSingleton(origT) as Nested<unknown>;
      origF = unpackIfSingleton(origF) as Nested<unknown>;
    }
    assertSameStructure(origT, origF);
    if (resT.length === 0) throw new ValueError("'true_fn' and 'false_fn' must return at least one result.");
    resT.forEach((x, i) => {
      const y = resF[i];
      if (baseDType(x.dtype) !== baseDType(y.dtype)) {
        throw new ValueError("Outputs of 'true_fn' and 'false_fn' must have the same type(s). Received " +
          `${dtypeName(baseDType(x.dtype))} from 'true_fn' and ${dtypeName(baseDType(y.dtype))} from 'false_fn'.`);
      }
    });
    const merges = resF.map((f, i) => merge([f, resT[i]])[0]);
    if (contextT.outerContext === null) {
      graph.addToCollection(GraphKeys.COND_CONTEXT, contextT);
      graph.addToCollection(GraphKeys.COND_CONTEXT, contextF);
    }
    // IndexedSlices come back together from the Merges of their parts.
    let k = 0;
    const leaves = flatten(origT as Nested<unknown>).map((leaf) => {
      if (!(leaf instanceof IndexedSlices)) return merges[k++];
      const [values, indices] = [merges[k++], merges[k++]];
      return new IndexedSlices(values, indices, leaf.denseShape ? merges[k++] : null);
    });
    const packed = packSequenceAs(origT, leaves);
    return (options.strict ? packed : unpackIfSingleton(packed)) as CondResult<T>;
  }));
}
