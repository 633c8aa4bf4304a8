/**
 * @internal What the Saver builds straight on the native op layer, as TF's BaseSaverBuilder does
 * (constants, groups, identities in an explicit graph, not the default one), a view of the
 * variables it saves (a Variable, or a variable's op or tensor, as collections may hold), and an
 * untyped `Session.run` for fetch structures assembled at run time.
 */
import type { FeedDict, Fetches, RunOptionsArg, Session } from '../client/session';
import { DType, baseDType } from '../framework/dtypes';
import { Graph, Operation, Output } from '../framework/ops';
import { Tensor, TensorLike } from '../framework/tensor';

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

/** A Const op holding `value`. */
export function constant(graph: Graph, value: TensorLike, name: string, dtype?: DType): Output {
  const t = value instanceof Tensor ? value : Tensor.from(value, dtype === undefined ? {} : { dtype });
  return graph.addOperation({
    type: 'Const', name,
    attrs: [['value', 'tensor', t], ['dtype', 'type', t.dtype]],
  }).output(0);
}

/** A NoOp that runs after `deps` (`tf.group`). */
export function group(graph: Graph, deps: Operation[], name: string): Operation {
  return graph.addOperation({ type: 'NoOp', name, controlInputs: deps });
}

/** `tf.identity(x)` run after `deps` (`control_flow_ops.with_dependencies`). */
export function withDependencies(graph: Graph, deps: Operation[], x: Output, name: string): Output {
  return graph.addOperation({
    type: 'Identity', name, inputs: [x], controlInputs: deps, attrs: [['T', 'type', baseDType(x.dtype)]],
  }).output(0);
}

/** `Session.run` without the fetch-structure typing (merged fetches have no static shape). */
export function runUntyped(sess: Session, fetches: Fetches, feeds: FeedDict | null = null,
  opts: RunOptionsArg = {}): Promise<unknown> {
  return (sess.run as (f: Fetches, fd: FeedDict | null, o: RunOptionsArg) => Promise<unknown>).call(sess, fetches, feeds, opts);
}

