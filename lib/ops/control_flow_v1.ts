/**
 * v1 `cond` and `case` in graph mode, as TF's CondContext builds them (Switch, pivots, Merge), for
 * the library's own graphs that must match TF1's node for node (the learning-rate schedules).
 * Not TF1's public `tf.cond`: a branch builds its ops through its `CondBranch` (`b.op(...)`),
 * which plays the part of TF's control-flow context.
 */
import { DType, REF_OFFSET } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { cast, constant, stack } from './array_ops';
import { withDependencies } from './control_flow_ops';
import * as raw from './gen/raw_ops';
import { reduceSum } from './math_ops';

/** An input of an op built in a cond branch: a tensor, or a number or string made a constant. */
type BranchInput = Output | number | string;

/** A cond branch's body: its results (an Operation stands for "run this", as in TF). */
export type BranchFn = (b: CondBranch) => Array<Output | Operation>;

/**
 * One branch of a v1 `cond`, as TF's CondContext builds it: a tensor from outside enters through
 * a Switch on the cond's predicate, made once per branch in the name scope of the op that first
 * reads it; constants and other input-less ops wait on the branch's pivot. Ops must be made
 * through `op` (or marked with `made`) so that the branch knows its own tensors.
 */
export class CondBranch {
  /** Names of tensors this branch can use as they are. */
  private readonly values = new Set<string>();
  /** Outside tensor name -> the Switch output standing for it here. */
  private readonly external = new Map<string, Output>();

  constructor(readonly pred: Output, readonly pivot: Output, readonly branch: 0 | 1,
    readonly outer: CondBranch | null) {
    this.values.add(pred.name).add(pivot.name);
    this.external.set(pred.name, pred);
  }

  /** Runs `fn` and turns its results into this branch's outputs (`BuildCondBranch`). */
  build(fn: BranchFn): Output[] {
    return fn(this).map((r) => this.result(r));
  }

  /**
   * An op of this branch (`type`, in a new name scope `name`): outside tensors among its inputs
   * come through Switches made in that scope; numbers take the dtype of its first tensor input.
   */
  op(type: string, name: string, inputs: Record<string, BranchInput | BranchInput[]>,
    attrs: Record<string, unknown> = {}): Operation {
    const graph = this.pivot.graph;
    return graph.nameScope(name, (scope) => {
      const tensors = Object.values(inputs).flat().filter((v): v is Output => v instanceof Output);
      const convert = (v: BranchInput, argName: string): Output => (v instanceof Output ? this.value(v)
        : this.made(graph.controlDependencies([this.pivot.op], () =>
          convertToTensor(v, { dtype: typeof v === 'number' ? tensors[0]?.dtype : undefined, name: argName }))));
      const converted = Object.fromEntries(Object.entries(inputs).map(([k, v]) =>
        [k, Array.isArray(v) ? v.map((e, i) => convert(e, `${k}_${i}`)) : convert(v, k)]));
      const op = Object.keys(inputs).length === 0
        ? graph.controlDependencies([this.pivot.op], () => applyOp(type, {}, attrs, scope))
        : applyOp(type, converted, attrs, scope);
      return this.made(op);
    });
  }

  /** A one-input elementwise op named as its type. */
  unary(type: string, x: Output): Output {
    return this.op(type, type, { x }).output(0);
  }

  /** A two-input elementwise op, named as Python's operators name theirs ("sub", "truediv"). */
  binary(type: string, name: string, x: Output | number, y: Output | number): Output {
    return this.op(type, name, { x, y }).output(0);
  }

  /** Marks an op made in this branch: its outputs belong here and to every enclosing branch. */
  made<T extends Output | Operation>(x: T): T {
    const op = x instanceof Operation ? x : x.op;
    for (let b: CondBranch | null = this; b; b = b.outer) for (const o of op.outputs) b.values.add(o.name);
    return x;
  }

  /**
   * `AddValue`: `t` as this branch sees it. An outside tensor goes through the enclosing branches
   * first, then through a Switch made outside any control dependencies.
   */
  private value(t: Output): Output {
    if (this.values.has(t.name)) return this.external.get(t.name) ?? t;
    this.values.add(t.name);
    const data = this.fromOuter(t);
    const r = this.pick(t.graph.controlDependencies(null, () => switchRefOrTensor(data, this.pred)));
    for (let b: CondBranch | null = this; b; b = b.outer) b.values.add(r.name);
    this.external.set(t.name, r);
    return r;
  }

  /**
   * `_ProcessOutputTensor` and `ExitResult`: a result of the branch, visible to the enclosing one.
   * An outside tensor comes through a Switch made under the current control dependencies; an op
   * becomes the pivot run after it.
   */
  private result(x: Output | Operation): Output {
    let r: Output;
    if (x instanceof Operation) {
      r = this.made(withDependencies([x], this.pivot));
    } else if (this.values.has(x.name)) {
      r = this.external.get(x.name) ?? x;
    } else {
      this.values.add(x.name);
      r = this.pick(switchRefOrTensor(this.fromOuter(x), this.pred));
      this.external.set(x.name, r);
    }
    this.outer?.values.add(r.name);
    return r;
  }

  /** `t` as the enclosing branch sees it (itself at top level), known to this one as outside. */
  private fromOuter(t: Output): Output {
    if (!this.outer) return t;
    const v = this.outer.value(t);
    this.values.add(v.name);
    this.external.set(v.name, v);
    return v;
  }

  private pick(sw: { outputFalse: Output; outputTrue: Output }): Output {
    return this.branch === 1 ? sw.outputTrue : sw.outputFalse;
  }
}

/** `_SwitchRefOrTensor`: a Switch (RefSwitch for a ref) colocated with `data` alone. */
function switchRefOrTensor(data: Output, pred: Output): { outputFalse: Output; outputTrue: Output } {
  return data.graph.colocateWith(data, () => (data.dtype > REF_OFFSET ? raw.refSwitch({ data, pred }, 'Switch')
    : raw.switch_({ data, pred })), true);
}

/**
 * v1 `cond(pred, trueFn, falseFn)` as `cond.py` builds it in graph mode: in scope `name`, a
 * Switch of `pred`, the pivots `switch_t`/`switch_f`, `pred_id`, each branch, and one Merge per
 * result. `outer` is the branch the cond is built in (null at top level).
 */
export function cond(outer: CondBranch | null, pred: Output, trueFn: BranchFn, falseFn: BranchFn, name = 'cond'): Output[] {
  return pred.graph.nameScope(name, () => {
    const op = (type: string, opName: string, inputs: Record<string, Output | Output[]>): Operation =>
      (outer ? outer.op(type, opName, inputs) : applyOp(type, inputs, {}, opName));
    const sw = op('Switch', 'Switch', { data: pred, pred });
    const pivotTrue = op('Identity', 'switch_t', { input: sw.output(1) }).output(0);
    const pivotFalse = op('Identity', 'switch_f', { input: sw.output(0) }).output(0);
    const predId = op('Identity', 'pred_id', { input: pred }).output(0);
    const onTrue = new CondBranch(predId, pivotTrue, 1, outer).build(trueFn);
    const onFalse = new CondBranch(predId, pivotFalse, 0, outer).build(falseFn);
    return onFalse.map((f, i) => op('Merge', 'Merge', { inputs: [f, onTrue[i]] }).output(0));
  });
}

/**
 * `case(zip(preds, actions), default, exclusive=True)` (`control_flow_case.py`): conds nested in
 * order, the first true predicate's action winning, under an Assert that at most one is true.
 */
export function exclusiveCase(preds: Output[], actions: Output[], defaultValue: Output): Output {
  const graph = preds[0].graph;
  return graph.nameScope('case', () => {
    const guard = assertAtMostOneTrue(preds, 'Input error: exclusive=True');
    const nested = (i: number, outer: CondBranch | null): Output => (i === preds.length ? defaultValue
      : cond(outer, preds[i], () => [actions[i]], (b) => [nested(i + 1, b)])[0]);
    return graph.controlDependencies([guard], () => nested(0, null));
  });
}

/** `_assert_at_most_n_true(preds, n=1, msg)`: the Assert, guarded by a cond since its data hold bools. */
function assertAtMostOneTrue(preds: Output[], msg: string): Operation {
  const predsC = stack(preds, 0, 'preds_c');
  const condition = raw.lessEqual({
    x: reduceSum(cast(predsC, DType.int32), { name: 'num_true_conds' }),
    y: constant(1, { dtype: DType.int32, name: 'n_true_conds' }),
  });
  const message = `${msg}: more than 1 conditions (${preds.map((p) => p.name).join(', ')}) evaluated as True:`;
  return predsC.graph.nameScope('Assert', () => {
    // TF's Assert converts its data first (to see whether a guard is needed); that constant stays unused.
    convertToTensor(message);
    return cond(null, condition, (b) => [b.op('NoOp', 'NoOp', {})],
      (b) => [b.op('Assert', 'Assert', { condition, data: [message, predsC] }, { summarize: preds.length })],
      'AssertGuard')[0].op;
  });
}
