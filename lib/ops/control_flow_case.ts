/**
 * TF1's v1 `case` (`control_flow_case.py`): the first action whose predicate holds, as v1 conds
 * nested in order (each next one in the false branch of the one before), with Asserts that at
 * most one predicate holds (`exclusive`) or, without a default, that one does.
 */
import { DType, baseDType } from '../framework/dtypes';
import { Output, getDefaultGraph } from '../framework/ops';
import { cast, constant, stack } from './array_ops';
import { CondResult, cond } from './cond';
import { Assert } from './control_flow_assert';
import { controlDependencies } from './control_flow_ops';
import { lessEqual } from './gen/raw_ops';
import { reduceSum } from './math_ops';
import { pyStr } from '../util/python_repr';

export interface CaseOptions<T> {
  /** What to give when no predicate holds (default: the last action, asserted to be the one that holds). */
  default?: () => T;
  /** Assert that at most one predicate holds (default false: the first that holds wins). */
  exclusive?: boolean;
  /** Keep a one-element result as an array (default false). */
  strict?: boolean;
  /** The name scope (default `case`). */
  name?: string;
}

/** `_assert_at_most_n_true`: an Assert that at most `n` of `preds` hold. */
function assertAtMostNTrue(preds: Output[], n: number, msg: string) {
  const predsC = stack(preds, 0, 'preds_c');
  const numTrue = reduceSum(cast(predsC, DType.int32), { name: 'num_true_conds' });
  const condition = lessEqual({ x: numTrue, y: constant(n, { dtype: DType.int32, name: 'n_true_conds' }) });
  const message = `${msg}: more than ${n} conditions (${preds.map((p) => p.name).join(', ')}) evaluated as True:`;
  return Assert(condition, [message, predsC], { summarize: preds.length });
}

/**
 * `tf.compat.v1.case(pred_fn_pairs, default=None, exclusive=False, strict=False, name='case')`:
 * the result of the action of the first predicate that holds, else of `default`. Pairs are
 * `[predicate, action]` in order (a Map keeps its order, as an OrderedDict).
 */
export function case_<T>(predFnPairs: Array<[Output, () => T]> | Map<Output, () => T>, options: CaseOptions<T> = {}):
  CondResult<T> {
  const pairs = predFnPairs instanceof Map ? [...predFnPairs] : predFnPairs;
  for (const [pred, fn] of pairs) {
    if (!(pred instanceof Output)) throw new TypeError(`pred must be a Tensor, got: ${pyStr(pred)}`);
    if (baseDType(pred.dtype) !== DType.bool) throw new TypeError(`pred must be Tensor of type bool: ${pred.name}`);
    if (typeof fn !== 'function') throw new TypeError(`fn for pred ${pred.name} must be callable.`);
  }
  let preds = pairs.map(([p]) => p);
  let actions = pairs.map(([, a]) => a);
  const graph = preds.length > 0 ? preds[0].graph : getDefaultGraph();
  return graph.asDefault(() => graph.nameScope(options.name ?? 'case', () => {
    let fallback = options.default;
    if (fallback === undefined) {
      // `_case_create_default_action`: the last action, once no other predicate holds and its own does.
      const k = preds.length - 1;
      const [all, predicate, action] = [preds, preds[k], actions[k]];
      preds = preds.slice(0, k);
      actions = actions.slice(0, k);
      const others = preds;
      fallback = () => {
        const othersMsg = 'Implementation error: selected default action #' + k +
          ' was called, but some of other predicates are True: ';
        const defaultMsg = ['Input error: None of conditions evaluated as True:', stack(all, 0, 'preds_c')];
        const guards = [assertAtMostNTrue(others, 0, othersMsg), Assert(predicate, defaultMsg)];
        return controlDependencies(guards, action);
      };
    }
    let fn = fallback as () => unknown;
    for (let i = preds.length - 1; i >= 0; i--) {
      const [pred, action, next] = [preds[i], actions[i], fn];
      fn = () => cond(pred, action, next, { strict: options.strict ?? false });
    }
    if (!options.exclusive) return fn() as CondResult<T>;
    return controlDependencies([assertAtMostNTrue(preds, 1, 'Input error: exclusive=True')], fn) as CondResult<T>;
  }));
}
