/**
 * Graphs shared by the training tests (hooks, monitored_session, interop/hook_events): the
 * counter model, a global step and a float32 variable `v` stepped by a `train` op.
 */
import { DType } from '../../lib/framework/dtypes';
import { Graph, Output } from '../../lib/framework/ops';
import { Tensor } from '../../lib/framework/tensor';
import { add } from '../../lib/ops/math_ops';
import { Variable } from '../../lib/ops/variables';
import { getOrCreateGlobalStep } from '../../lib/train';

/** What every counter graph has: `v` (from 0) and `loss` = v. */
export interface CounterBase {
  graph: Graph;
  v: Variable;
  loss: Output;
}

/**
 * A new graph with a global step, `v` and `loss`; `build` then adds, inside the same graph, the
 * ops a test wants (its `train` op, summaries...). Each suite orders its update against `loss`
 * its own way, so that is left to `build`.
 */
export function counterGraph<T extends object>(build: (base: CounterBase) => T): CounterBase & T {
  const graph = new Graph();
  return graph.asDefault(() => {
    getOrCreateGlobalStep();
    const v = new Variable(Tensor.from(0, { dtype: DType.float32 }), { name: 'v' });
    const loss = add(v.value(), 0, 'loss');
    const base = { graph, v, loss };
    return { ...base, ...build(base) };
  });
}

/** The counter's update of `v`: v += 0.5. */
export function addHalf(v: Variable): Output {
  return v.assignAdd(Tensor.from(0.5, { dtype: DType.float32 }));
}
