/**
 * @internal Training-only helpers: a view of the variables the Saver saves (a Variable, or a
 * variable's op or tensor, as collections may hold), and an untyped `Session.run` for fetch
 * structures assembled at run time. Graph building (constants, `group`, `withDependencies`) uses
 * the graph layer's own helpers, which build in the graph of their inputs.
 */
import type { FeedDict, Fetches, RunOptionsArg, Session } from '../client/session';
import { DType, baseDType } from '../framework/dtypes';
import { Graph, Operation, Output } from '../framework/ops';

/** What the runtime needs to know about a variable in a collection. */
export interface VarInfo {
  /** The variable's op name (`v`), which is also its checkpoint key. */
  name: string;
  op: Operation;
  /** The ref/resource output (`v:0`). */
  handle: Output;
  isResource: boolean;
  dtype: DType;
  initializer: Operation | null;
}

/** Resolves a collection item (Variable, Output or Operation of a variable) to a VarInfo. */
export function varInfo(graph: Graph, item: unknown): VarInfo {
  const any = item as { op?: unknown; initializer?: unknown; dtype?: unknown };
  let op: Operation;
  if (item instanceof Operation) op = item;
  else if (item instanceof Output) op = item.op;
  else if (any && any.op instanceof Operation) op = any.op;
  else throw new TypeError(`Not a variable: ${String(item)}`);
  const isResource = op.type === 'VarHandleOp';
  const handle = op.output(0);
  let dtype: DType;
  if (isResource) dtype = op.getAttr('dtype') as DType;
  else dtype = baseDType(handle.dtype);
  let initializer: Operation | null = any && any.initializer instanceof Operation ? any.initializer : null;
  initializer ??= graph.findOperation(`${op.name}/Assign`) ?? null;
  return { name: op.name, op, handle, isResource, dtype, initializer };
}

/** `Session.run` without the fetch-structure typing (merged fetches have no static shape). */
export function runUntyped(sess: Session, fetches: Fetches, feeds: FeedDict | null = null,
  opts: RunOptionsArg = {}): Promise<unknown> {
  return (sess.run as (f: Fetches, fd: FeedDict | null, o: RunOptionsArg) => Promise<unknown>).call(sess, fetches, feeds, opts);
}

