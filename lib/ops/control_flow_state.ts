/**
 * The state of v1 while loops while their gradients are built (TF1's `control_flow_state`): for
 * each forward loop on the way from the ys to the xs, a GradLoopState with the forward loop's
 * iteration counter, the gradient loop (a WhileContext that runs as many iterations backwards),
 * and the history stacks (StackV2, pushed in forward, popped in the gradient loop) of the forward
 * values the gradients read.
 */
import { DType, baseDType } from '../framework/dtypes';
import { constantValue, makeConst } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { zeros } from './array_ops';
import {
  CondContext, ControlFlowContext, WhileContext, nextIteration, shapeInternal, switchOp, switchRefOrTensor, zeroOf,
} from './control_flow_ops';
import { getLoopConstantEnter, getOutputContext, getWhileContext, isLoopExit, isLoopSwitch, isSwitch } from './control_flow_util';
import * as raw from './gen/raw_ops';
import { isFullyDefined } from '../framework/tensor_shape';


/** TF1's `_GradLoopState`: one forward while loop and the loop that runs its gradients. */
export class GradLoopState {
  readonly forwardContext: WhileContext;
  /** The forward loop counter's NextIteration. */
  readonly forwardIndex: Output;
  readonly gradContext: WhileContext;
  /** The gradient loop counter's NextIteration. */
  readonly gradIndex: Output;
  /** Forward tensor name -> the value the gradient loop reads for it (a stack pop, mostly). */
  readonly historyMap = new Map<string, Output>();
  /** Forward loop Switch -> the Merge of its gradient (`_SwitchGrad`). */
  readonly switchMap = new Map<Operation, Output>();
  readonly unusedExits: Output[] = [];
  readonly deferredExits: Output[] = [];
  readonly forwardLoopExits: Output[];
  /** Exits of the forward loop whose gradients have not arrived yet. */
  pendingExitsCount: number;
  private forwardSyncOp: Operation | null = null;
  private gradSyncOp: Operation | null = null;

  constructor(forward: WhileContext, readonly outerGradState: GradLoopState | null) {
    this.forwardLoopExits = [...forward.loopExits];
    this.pendingExitsCount = forward.loopExits.length;
    const outerForward = outerGradState ? outerGradState.forwardContext : forward.outerContext;
    const count = () => forward.addForwardLoopCounter(outerGradState);
    const [cnt, forwardIndex] = outerForward ? outerForward.within(count) : count();
    this.forwardContext = forward;
    this.forwardIndex = forwardIndex;
    const gradLoop = () => new WhileContext(forward.graph, forward.maximumIterations, forward.parallelIterations,
      forward.backProp, forward.swapMemory, forward.graph.uniqueName(forward.name), this);
    if (outerGradState) {
      // A loop nested in another: its count in each outer iteration comes from the outer history.
      outerForward!.addName(cnt.name);
      const historyCnt = outerGradState.addForwardAccumulator(cnt);
      [this.gradContext, this.gradIndex] = outerGradState.gradContext.within(() => {
        const g = gradLoop();
        const realCnt = outerGradState.addBackpropAccumulatedValue(historyCnt, cnt);
        return [g, g.addBackpropLoopCounter(realCnt, outerGradState)] as [WhileContext, Output];
      });
    } else {
      const build = () => {
        const g = gradLoop();
        return [g, g.addBackpropLoopCounter(cnt, outerGradState)] as [WhileContext, Output];
      };
      [this.gradContext, this.gradIndex] = outerForward ? outerForward.within(build) : build();
    }
  }

  /** A ControlTrigger keeping the forward loop's stack pushes in iteration order (`forward_sync`). */
  get forwardSync(): Operation {
    return (this.forwardSyncOp ??= syncTrigger(this.forwardContext, this.forwardIndex, 'f_sync'));
  }

  /** A ControlTrigger keeping the gradient loop's stack pops in iteration order (`grad_sync`). */
  get gradSync(): Operation {
    return (this.gradSyncOp ??= syncTrigger(this.gradContext, this.gradIndex, 'b_sync'));
  }

  /**
   * `AddForwardAccumulator`: a stack in the forward loop that `value` is pushed on at each
   * iteration (in its cond branch, or the branch not taken with `deadBranch`). Called in the
   * context `gradients` runs in; gives the stack.
   */
  addForwardAccumulator(value: Output, deadBranch = false): Output {
    const graph = this.forwardIndex.graph;
    const curr = graph.getControlFlowContext();
    return graph.controlDependencies(null, () => {
      const makeStack = () => graph.colocateWith(value, () => {
        const maxSize = makeConst(graph, Tensor.from(-1, { dtype: DType.int32 }), 'Const');
        return raw.stackV2({ maxSize, elemType: baseDType(value.dtype) }, 'f_acc');
      });
      const acc = curr ? curr.within(makeStack) : makeStack();
      const enterAcc = this.forwardContext.addValue(acc);
      const swapMemory = this.forwardContext.swapMemory;
      const pushOf = () => raw.stackPushV2({ handle: enterAcc, elem: value, swapMemory });
      const valueCtxt = getOutputContext(value.op);
      let push: Output;
      if (valueCtxt === this.forwardContext) {
        push = this.forwardContext.within(pushOf);
        this.forwardIndex.op.addControlInputs([push.op]);
      } else {
        if (!valueCtxt?.isCondContext()) throw new TypeError(`value_ctxt is not a CondContext: ${valueCtxt}`);
        if (deadBranch) {
          push = valueCtxt.outerContext!.within(pushOf);
          push.op.controlFlowContext = valueCtxt;
        } else {
          push = valueCtxt.within(pushOf);
        }
        this.forwardSync.addControlInputs([push.op]);
      }
      push.op.addControlInputs([this.forwardIndex.op.inputs[0].op]);
      return acc;
    });
  }

  /**
   * `AddBackpropAccumulatedValue`: the value of `value` at this gradient iteration, popped from
   * its history (guarded by the predicate of the cond it was pushed in).
   */
  addBackpropAccumulatedValue(history: Output, value: Output, deadBranch = false): Output {
    const historyCtxt = history.op.controlFlowContext;
    let condCtxt: CondContext | null = null;
    for (let c = value.op.controlFlowContext; c && c !== historyCtxt; c = c.outerContext) {
      if (c.isCondContext()) {
        condCtxt = c;
        break;
      }
    }
    const pop = this.gradContext.graph.controlDependencies(null, () => this.gradContext.within(() => {
      let h = history;
      if (condCtxt) {
        let pred: Output | null = null;
        for (let s: GradLoopState | null = this; !pred && s; s = s.outerGradState) pred = s.historyMap.get(condCtxt.pred.name) ?? null;
        const branch = deadBranch ? 1 - condCtxt.branch : condCtxt.branch;
        h = switchRefOrTensor(h, pred ?? condCtxt.pred)[branch];
      }
      const p = raw.stackPopV2({ handle: h, elemType: baseDType(value.dtype) });
      p.setShape(value.shape);
      return p;
    }));
    if (this.gradContext.parallelIterations > 1) this.gradSync.addControlInputs([pop.op]);
    return pop;
  }

  /**
   * `GetRealValue`: a forward value as the gradient loop reads it: a loop invariant from outside
   * the loops, a Const copied, anything else from its history. Called in the gradient loop.
   */
  getRealValue(value: Output): Output {
    const known = this.historyMap.get(value.name);
    if (known) return known;
    let real: Output | null = null;
    let history: Output | null = null;
    let cur = value;
    let curState: GradLoopState | null = this;
    for (;;) {
      const enter = getLoopConstantEnter(cur);
      if (enter) {
        cur = enter.inputs[0];
        curState = curState!.outerGradState;
        if (curState === null) {
          real = this.gradContext.addValue(cur);
          break;
        }
      } else if (cur.op.type === 'Const') {
        real = makeConst(cur.graph, constantValue(cur)!, 'Const');
        break;
      } else {
        this.gradContext.exit();
        history = curState!.addForwardAccumulator(cur);
        this.gradContext.enter();
        break;
      }
    }
    if (real === null) {
      real = curState!.addBackpropAccumulatedValue(history!, cur);
      if (curState !== this) real = this.gradContext.addValue(real);
    }
    this.historyMap.set(value.name, real);
    return real;
  }
}

/** TF1's `_ControlFlowState`: the GradLoopState of each forward loop one `gradients` call goes through. */
export class ControlFlowState {
  private readonly map = new Map<WhileContext, GradLoopState>();

  /** The GradLoopState of the loop `op` is in (for an Exit before its gradient: the loop around it). */
  getGradState(op: Operation, before: boolean): GradLoopState | null {
    const forward = before && isLoopExit(op) ? op.controlFlowContext!.outerContext?.getWhileContext() ?? null
      : getWhileContext(op);
    return forward ? this.map.get(forward) ?? null : null;
  }

  /**
   * `ProcessUnusedLoopExits`: Exits no y depends on, which still take zero gradients once some
   * Exit of their loop has a real one; gives those to start with now. Loop Enters no op waits on
   * are marked as waited on, so that the walk does not go on past them early.
   */
  processUnusedLoopExits(pending: Map<Operation, number>, toOps: Set<Operation>): Output[] {
    const loopExits: Output[] = [];
    for (const state of this.map.values()) {
      for (const y of state.forwardLoopExits) {
        if ((pending.get(y.op) ?? 0) === 0) {
          state.pendingExitsCount--;
          if (!toOps.has(y.op)) state.unusedExits.push(y);
          if (state.pendingExitsCount === 0) loopExits.push(...state.unusedExits);
        }
      }
      for (const y of state.forwardContext.loopEnters) if ((pending.get(y.op) ?? 0) === 0) pending.set(y.op, 1);
    }
    return loopExits;
  }

  /** Enters the gradient loop of the loop `op` is in (`EnterGradWhileContext`). */
  enterGradWhileContext(op: Operation, before: boolean): void {
    this.getGradState(op, before)?.gradContext.enter();
  }

  exitGradWhileContext(op: Operation, before: boolean): void {
    this.getGradState(op, before)?.gradContext.exit();
  }

  /**
   * `AddWhileContext`: the GradLoopState of the loop of Exit `op`, made once; the loop's other
   * Exits join the ops between ys and xs.
   */
  addWhileContext(op: Operation, betweenList: Operation[], between: Set<Operation>): void {
    const forward = getWhileContext(op)!;
    if (this.map.has(forward)) return;
    const outerForward = forward.outerContext?.getWhileContext() ?? null;
    const state = new GradLoopState(forward, outerForward ? this.map.get(outerForward) ?? null : null);
    this.map.set(forward, state);
    for (const exit of state.forwardLoopExits) {
      if (!between.has(exit.op)) {
        between.add(exit.op);
        betweenList.push(exit.op);
      }
    }
  }

  /** `ZerosLikeForExit`: the zero gradient of an Exit's output no y depends on. */
  zerosLikeForExit(val: Output): Output {
    const shape = val.shape;
    const forward = val.op.controlFlowContext!;
    const outerForward = forward.outerContext?.getWhileContext() ?? null;
    const outerState = outerForward ? this.map.get(outerForward) ?? null : null;
    if (!outerState) return isFullyDefined(shape) ? zeros(shape, baseDType(val.dtype)) : raw.zerosLike({ x: val }, 'zeros_like');
    if (isFullyDefined(shape)) return outerState.gradContext.within(() => zeros(shape, baseDType(val.dtype)));
    const s = forward.outerContext!.within(() => shapeInternal(val));
    const history = outerState.addForwardAccumulator(s);
    return outerState.gradContext.within(() => zeros(outerState.addBackpropAccumulatedValue(history, s), baseDType(val.dtype)));
  }

  /**
   * `ZerosLikeV1WhileLoop`: the zero gradient of output `index` of `op` no gradient reached, in
   * the gradient loop of the loop `op` is in; null for a loop's own Switch.
   */
  zerosLikeV1WhileLoop(op: Operation, index: number): Output | null {
    if (isLoopSwitch(op)) return null;
    const deadBranch = isSwitch(op);
    const state = this.map.get(getWhileContext(op)!);
    if (!state) return zerosLike(op, index);
    const opCtxt = op.controlFlowContext!;
    const val = op.output(index);
    const shape = val.shape;
    const dtype = baseDType(val.dtype);
    if (isFullyDefined(shape)) {
      let result = dtype === DType.resource
        ? zeros(raw.variableShape({ input: val }), resourceZerosDType(val))
        : makeConst(op.graph, Tensor.from(zeroOf(dtype), { dtype, shape }), 'Const');
      if (deadBranch) {
        const cond = opCtxt as CondContext;
        result = switchRefOrTensor(result, state.historyMap.get(cond.pred.name)!)[1 - cond.branch];
      }
      return result;
    }
    let zerosShape: Output;
    if (deadBranch) {
      const cond = opCtxt as CondContext;
      const [v, s] = cond.outerContext!.within(() => {
        const sw = switchRefOrTensor(op.inputs[0], cond.pred)[1 - cond.branch];
        return [sw, shapeInternal(sw)];
      });
      v.op.controlFlowContext = cond;
      s.op.controlFlowContext = cond;
      zerosShape = s;
    } else {
      zerosShape = (opCtxt as ControlFlowContext).within(() => shapeInternal(val));
    }
    state.gradContext.exit();
    const history = state.addForwardAccumulator(zerosShape, deadBranch);
    state.gradContext.enter();
    return zeros(state.addBackpropAccumulatedValue(history, zerosShape, deadBranch), dtype);
  }

  /**
   * `PostProcessing`: a gradient loop variable whose next value never got a gradient (the
   * forward variable does not depend on itself) iterates on zeros.
   */
  postProcessing(): void {
    for (const state of this.map.values()) {
      for (const bMerge of state.switchMap.values()) {
        const [first, second] = bMerge.op.inputs;
        if (first.name !== second.name) continue;
        const shape = first.shape;
        let next: Output;
        if (isFullyDefined(shape)) {
          next = state.gradContext.within(() => nextIteration(makeConst(first.graph,
            Tensor.from(zeroOf(first.dtype), { dtype: baseDType(first.dtype), shape }), 'Const')));
        } else {
          const outer = state.gradContext.outerContext;
          const make = () => zeros(shapeInternal(first.op.inputs[0]));
          const val = outer ? outer.within(make) : make();
          next = state.gradContext.within(() => nextIteration(val));
        }
        bMerge.op.updateInput(1, next);
      }
    }
  }
}

/**
 * `MaybeCreateControlFlowState`: the loop state of a `gradients` call when some op between the ys
 * and the xs is a loop Exit (null otherwise); may add Exits to `betweenList` and `between`.
 */
export function maybeCreateControlFlowState(betweenList: Operation[], between: Set<Operation>): ControlFlowState | null {
  let state: ControlFlowState | null = null;
  // Exits added on the way are visited too, as TF1's loop over the growing list does.
  for (let i = 0; i < betweenList.length; i++) {
    const op = betweenList[i];
    if (!isLoopExit(op) || op.controlFlowContext === null) continue;
    state ??= new ControlFlowState();
    state.addWhileContext(op, betweenList, between);
  }
  return state;
}

/**
 * `ZerosLike(op, index)`: the zero gradient of an op's output. A cond's Switch takes it from its
 * input switched to the other branch (its own output there being dead).
 */
export function zerosLike(op: Operation, index: number): Output {
  const val = op.output(index);
  const ctxt = op.controlFlowContext;
  if (isSwitch(op) && ctxt?.isCondContext()) {
    const switchVal = switchOp(op.inputs[0], ctxt.pred)[1 - ctxt.branch];
    const pivot = raw.identity({ input: switchVal });
    if (baseDType(val.dtype) === DType.resource) {
      return op.graph.controlDependencies([pivot], () => zeros(raw.variableShape({ input: switchVal }), resourceZerosDType(val)));
    }
    const zerosShape = shapeInternal(switchVal);
    return op.graph.controlDependencies([pivot], () => zeros(zerosShape, baseDType(val.dtype)));
  }
  if (baseDType(val.dtype) === DType.resource) return zeros(raw.variableShape({ input: val }), resourceZerosDType(val));
  return raw.zerosLike({ x: val }, 'zeros_like');
}

/** `default_gradient.get_zeros_dtype` of a resource handle: the dtype of the variable it points to. */
function resourceZerosDType(t: Output): DType {
  let x = t;
  while (x.op.inputs.length > 0) x = x.op.inputs[0];
  return x.op.getAttr('dtype') as DType;
}

/** A ControlTrigger in `context` that its loop's `index` waits on: the sync of forwardSync / gradSync. */
function syncTrigger(context: WhileContext, index: Output, name: string): Operation {
  const sync = context.graph.controlDependencies(null, () => raw.controlTrigger({}, name));
  sync.controlFlowContext = context;
  index.op.addControlInputs([sync]);
  return sync;
}
