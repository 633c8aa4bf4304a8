/**
 * Queries on v1 control-flow ops and contexts (TF1's `control_flow_util`): which op is a loop's
 * Switch or Exit, the context an op's outputs live in, and the check that an op reads only
 * tensors its context can see. Types only from the rest of the library, so that Graph can use it.
 */
import { ValueError } from '../errors';
import type { Operation, Output } from '../framework/ops';
import type { ControlFlowContext, WhileContext } from './control_flow_ops';

export const isSwitch = (op: Operation): boolean => op.type === 'Switch' || op.type === 'RefSwitch';
export const isLoopEnter = (op: Operation): boolean => op.type === 'Enter' || op.type === 'RefEnter';
export const isLoopExit = (op: Operation): boolean => op.type === 'Exit' || op.type === 'RefExit';

/** `IsCondSwitch`: a Switch whose every consumer is in a cond (an Enter counting as its outer context). */
export function isCondSwitch(op: Operation): boolean {
  if (!isSwitch(op) || op.numOutputs === 0) return false;
  return op.outputs.every((o) => o.consumers().every((c) => {
    const ctxt = isLoopEnter(c) ? c.controlFlowContext?.outerContext ?? null : c.controlFlowContext;
    return ctxt !== null && ctxt.isCondContext();
  }));
}

/** `IsLoopSwitch`: a while loop's own Switch. */
export function isLoopSwitch(op: Operation): boolean {
  return isSwitch(op) && op.controlFlowContext?.isWhileContext() === true && !isCondSwitch(op);
}

/** `IsLoopConstantEnter`: the Enter of a loop invariant. */
export function isLoopConstantEnter(op: Operation): boolean {
  return isLoopEnter(op) && op.getAttr('is_constant') === true;
}

/** `GetLoopConstantEnter`: the Enter `value` comes from through Switches and Identities, if a loop invariant's. */
export function getLoopConstantEnter(value: Output): Operation | null {
  let op = value.op;
  while (['Switch', 'RefSwitch', 'Identity', 'RefIdentity'].includes(op.type)) op = op.inputs[0].op;
  return isLoopConstantEnter(op) ? op : null;
}

/** `GetOutputContext`: the context of `op`'s outputs (an Exit's are outside its loop). */
export function getOutputContext(op: Operation): ControlFlowContext | null {
  const ctxt = op.controlFlowContext;
  return ctxt !== null && isLoopExit(op) ? ctxt.outerContext : ctxt;
}

/** `GetContainingWhileContext`: `ctxt` or its nearest enclosing WhileContext (or `stop`). */
export function getContainingWhileContext(ctxt: ControlFlowContext | null, stop: ControlFlowContext | null = null):
  ControlFlowContext | null {
  for (let c = ctxt; c; c = c.outerContext) if (c.isWhileContext() || c === stop) return c;
  return null;
}

/** `IsContainingContext`: whether `maybeContaining` is or contains `ctxt`. */
export function isContainingContext(ctxt: ControlFlowContext | null, maybeContaining: ControlFlowContext | null): boolean {
  for (let c = ctxt; c !== maybeContaining; c = c.outerContext) if (c === null) return false;
  return true;
}

/** `OpInContext`. */
export function opInContext(op: Operation, ctxt: ControlFlowContext | null): boolean {
  return isContainingContext(op.controlFlowContext, ctxt);
}

/** `GetWhileContext`: the while loop `op` is in. */
export function getWhileContext(op: Operation): WhileContext | null {
  return op.controlFlowContext?.getWhileContext() ?? null;
}

/**
 * `CheckInputFromValidContext`: only tensors of the op's while loop or of a loop around it (or
 * of the forward loop, for a gradient loop) may be read; anything else is TF1's ValueError.
 */
export function checkInputFromValidContext(op: Operation, inputOp: Operation): void {
  const inputCtxt = getOutputContext(inputOp);
  if (inputCtxt === null) return;
  const opCtxt = op.controlFlowContext;
  if (opCtxt === inputCtxt) return;
  const whileCtxt = getContainingWhileContext(opCtxt) as WhileContext | null;
  const inputWhileCtxt = getContainingWhileContext(inputCtxt) as WhileContext | null;
  let valid = false;
  if (whileCtxt === null) {
    valid = inputWhileCtxt === null || isLoopEnter(op) || isSwitch(op);
  } else if (isContainingContext(whileCtxt, inputWhileCtxt)) {
    valid = true;
  } else {
    const forward = whileCtxt.gradState?.forwardContext ?? null;
    const inputForward = inputWhileCtxt?.gradState?.forwardContext ?? null;
    valid = (forward !== null && (isContainingContext(forward, inputWhileCtxt) || forward === inputWhileCtxt?.outerContext))
      || inputForward === whileCtxt || inputForward?.gradState?.forwardContext === whileCtxt;
  }
  if (valid) return;
  throw new ValueError(whileCtxt
    ? `Cannot use '${inputOp.name}' as input to '${op.name}' because they are in different while loops. ` +
      'See info log for more details.'
    : `Cannot use '${inputOp.name}' as input to '${op.name}' because '${inputOp.name}' is in a while loop. ` +
      'See info log for more details.');
}
