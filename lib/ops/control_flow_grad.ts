/**
 * Gradients of the v1 control-flow ops (TF1's `control_flow_grad`), called by the gradient walk
 * (gradients.ts) with the graph in the gradient's context: in a while loop's gradient, the
 * gradient loop (control_flow_state.ts) entered. A cond's Switch merges its branches' gradients
 * and its Merge switches the gradient on the cond's predicate; in a loop, an Exit's gradient
 * enters the gradient loop, a loop Switch becomes its Merge (the NextIteration back edge added
 * when its second gradient arrives), a loop Merge its Switch, and an Enter its Exit (for a loop
 * invariant, after an accumulator loop sums its gradient over the iterations).
 */
import { DType, baseDType } from '../framework/dtypes';
import { Gradient, IndexedSlices } from '../framework/indexed_slices';
import { Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { addNextAndBackEdge, enterFrame, exitFrame, merge, switchOp, switchRefOrTensor } from './control_flow_ops';
import { zerosLike } from './control_flow_state';
import { getOutputContext, isLoopConstantEnter } from './control_flow_util';
import type { GradFn } from './gradients';
import { equal } from './math_ops';

type Grads = Array<Gradient | null>;

/** `_SwitchGrad`. */
export function switchGrad(op: Operation, grads: Grads): Grads {
  const opCtxt = op.controlFlowContext;
  const gradCtxt = op.graph.getControlFlowContext();
  if (opCtxt?.isWhileContext()) {
    // A loop Switch is reached twice: first from its Exit (the gradient loop's Merge is made),
    // then from the body (the Merge's back edge).
    const state = gradCtxt!.gradState!;
    const known = state.switchMap.get(op);
    if (known) {
      if (grads[1]) addNextAndBackEdge(known, grads[1] as Output, false);
      return [null, null];
    }
    if (grads[0]) {
      const m = merge([grads[0], grads[0]], 'b_switch')[0] as Output;
      state.switchMap.set(op, m);
      return [m, null];
    }
    return [null, null];
  }
  // A cond's Switch gets zeros for the branch no gradient reached from the walk (`zerosLike` of control_flow_state).
  if (opCtxt?.isCondContext()) {
    if (grads[1 - opCtxt.branch] === null) {
      // A resource without a zero gradient: the taken branch's on both inputs of the Merge.
      const taken = grads[opCtxt.branch]!;
      if (baseDType(op.inputs[0].dtype) === DType.resource) return [merge([taken, taken], 'cond_resource_grad')[0], null];
      return [null, null];
    }
    return [merge(grads as Gradient[], 'cond_grad')[0], null];
  }
  const pred = op.inputs[1];
  const [g0, g1] = grads.map((g, i) => g ?? zerosLike(op, i));
  return [merge([switchOp(g0, pred)[0], switchOp(g1, pred)[1]])[0], null];
}

/** `_MergeGrad`: the gradient switched to the input that was taken. */
export function mergeGrad(op: Operation, [grad]: Grads): Grads {
  const opCtxt = getOutputContext(op.inputs[0].op);
  const gradCtxt = op.graph.getControlFlowContext();
  if (opCtxt?.isWhileContext()) return switchRefOrTensor(grad!, gradCtxt!.getWhileContext()!.pivot!);
  if (opCtxt?.isCondContext()) {
    let pred = opCtxt.pred;
    const state = gradCtxt?.gradState ?? null;
    if (state) {
      // In a loop's gradient: the predicate of that iteration, from its history.
      let real = state.historyMap.get(pred.name);
      if (!real) {
        state.gradContext.exit();
        const history = state.addForwardAccumulator(pred);
        state.gradContext.enter();
        real = state.addBackpropAccumulatedValue(history, pred);
        state.historyMap.set(pred.name, real);
      }
      pred = real;
    }
    return switchRefOrTensor(grad!, pred, 'cond_grad');
  }
  const taken = op.inputs.map((_, i) => equal(op.output(1), Tensor.from(i, { dtype: DType.int32 })));
  return taken.map((t) => switchRefOrTensor(grad!, t)[1]);
}

/** `_ExitGrad`: the gradient enters the gradient loop. */
export function exitGrad(op: Operation, [grad]: Grads): Grads {
  const gradCtxt = op.graph.getControlFlowContext()!.getWhileContext()!;
  if (!gradCtxt.backProp) return [null];
  if (op.controlFlowContext!.gradState) throw new TypeError('Second-order gradient for while loops not supported.');
  const parts = grad instanceof IndexedSlices ? [grad.values, grad.indices, ...(grad.denseShape ? [grad.denseShape] : [])]
    : [grad as Output];
  for (const t of parts) gradCtxt.addName(t.name);
  const result = gradCtxt.within(() => {
    const enter = (t: Output) => enterFrame(t, gradCtxt.name, { parallelIterations: gradCtxt.parallelIterations,
      name: 'b_exit' });
    if (!(grad instanceof IndexedSlices)) return enter(grad!);
    return new IndexedSlices(enter(grad.values), enter(grad.indices), grad.denseShape ? enter(grad.denseShape) : null);
  });
  gradCtxt.loopEnters.push(...(result instanceof IndexedSlices ? [result.values] : [result]));
  return [result];
}

/** `_NextIterationGrad`: the gradient as it is (the gradient loop's NextIteration comes from `switchGrad`). */
export const nextIterationGrad = (_op: Operation, grads: Grads): Grads => grads;

/**
 * `_EnterGrad`: a loop variable's gradient leaves the gradient loop; a loop invariant's is first
 * summed over the iterations.
 */
export function enterGrad(op: Operation, [grad]: Grads): Grads {
  const gradCtxt = op.graph.getControlFlowContext()?.getWhileContext() ?? null;
  if (gradCtxt === null || !gradCtxt.backProp || gradCtxt.gradState === null) return [grad];
  if (isLoopConstantEnter(op)) {
    return [grad instanceof IndexedSlices ? gradCtxt.addBackpropIndexedSlicesAccumulator(op, grad)
      : gradCtxt.addBackpropAccumulator(op, grad!)];
  }
  const result = exitFrame(grad as Output);
  gradCtxt.loopExits.push(result);
  gradCtxt.exitResult([result]);
  return [result];
}

/** The gradient functions of the v1 control-flow ops, for the gradient walk. */
export const CONTROL_FLOW_GRADIENTS: Array<[string, GradFn | null]> = [
  ['Switch', switchGrad], ['RefSwitch', switchGrad], ['Merge', mergeGrad], ['RefMerge', mergeGrad],
  ['Exit', exitGrad], ['RefExit', exitGrad], ['NextIteration', nextIterationGrad], ['RefNextIteration', nextIterationGrad],
  ['Enter', enterGrad], ['RefEnter', enterGrad], ['LoopCond', null],
];
