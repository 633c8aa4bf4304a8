/**
 * Symbolic gradients (`tf.gradients`) over TF_AddGradients, taking Variables as `xs` (a ref
 * variable's ref tensor, a resource variable's handle, as TF1 differentiates them) and naming
 * the node when an op on the path has no gradient.
 */
import { LookupError, NotFoundError } from '../errors';
import { Graph, Operation, Output } from '../framework/ops';
import { graphFromInputs } from '../framework/op_def_library';
import { Variable } from './variables';


/** What `gradients` differentiates with respect to. */
export type GradientTarget = Output | Variable;

function target(x: GradientTarget): Output {
  return x instanceof Variable ? x.ref : x;
}

/** Ops of `type` that lie on a path from some x to some y. */
function opsBetween(ys: Output[], xs: Output[], type: string): Operation[] {
  const fromX = new Set<Operation>();
  const stack = xs.map((x) => x.op);
  while (stack.length) {
    const op = stack.pop()!;
    if (fromX.has(op)) continue;
    fromX.add(op);
    for (const out of op.outputs) stack.push(...out.consumers());
  }
  const found: Operation[] = [];
  const seen = new Set<Operation>();
  const back = ys.map((y) => y.op);
  while (back.length) {
    const op = back.pop()!;
    if (seen.has(op)) continue;
    seen.add(op);
    if (op.type === type && fromX.has(op)) found.push(op);
    back.push(...op.inputs.map((i) => i.op));
  }
  return found;
}

/**
 * `tf.gradients(ys, xs, grad_ys)`: d(sum ys)/dx for each x, null where a y does not depend on
 * x. LookupError naming the node when an op on the path has no gradient.
 */
export function gradients(ys: Output | Output[], xs: GradientTarget | GradientTarget[],
  options: { gradYs?: Output[] } = {}): Array<Output | null> {
  const yl = Array.isArray(ys) ? ys : [ys];
  const xl = (Array.isArray(xs) ? xs : [xs]).map(target);
  const graph: Graph = graphFromInputs([...yl, ...xl]);
  try {
    return graph.gradients(yl, xl, options.gradYs);
  } catch (e) {
    const m = e instanceof NotFoundError ? /No gradient defined for op: (\S+?)\./.exec(e.message) : null;
    if (!m) throw e;
    const op = opsBetween(yl, xl, m[1])[0];
    const where = op ? `operation '${op.name}' (op type: ${op.type})` : `op type ${m[1]}`;
    throw new LookupError(`No gradient defined for ${where}. In general every operation must have an associated ` +
      '`@tf.RegisterGradient` for correct autodiff, which this op is lacking. If you want to pretend this operation ' +
      'is a constant in your program, you may insert `tf.stop_gradient`.');
  }
}
