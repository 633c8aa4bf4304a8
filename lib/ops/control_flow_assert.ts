/**
 * TF1's `Assert` (`control_flow_assert.py`): an op that fails the run with `data` in its message
 * when `condition` is false. Data TF keeps on the host (strings, int32) go to the Assert as they
 * are; other data are guarded by a v1 cond, so that they are read only when the assertion fails.
 */
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp, convertToTensor } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import { cond } from './cond';
import { assertMessages, noOp } from './control_flow_ops';

/** Whether a datum converts to a string or int32 tensor, as TF1's Assert checks its data. */
function onHost(d: InputValue): boolean {
  if (d instanceof Output) return [DType.string, DType.int32].includes(baseDType(d.dtype));
  return typeof d === 'string' || (typeof d === 'number' && Number.isInteger(d));
}

/**
 * `tf.Assert(condition, data, summarize=None, name=None)`: in name scope `Assert`, an `Assert` op
 * of `condition` and `data` (printing at most `summarize` entries of each), guarded by the cond
 * `AssertGuard` unless all data are strings or int32. Gives the op to depend on.
 */
export function Assert(condition: Output, data: InputValue[], options: { summarize?: number; name?: string } = {}): Operation {
  if (data.every(onHost)) return assertMessages(condition, data, options.name, options.summarize);
  const graph = condition.graph;
  return graph.nameScope(options.name ?? 'Assert', () => {
    // TF converts the data first, to see whether a guard is needed; those constants stay unused.
    for (const d of data) convertToTensor(d, { graph });
    const attrs = options.summarize === undefined ? {} : { summarize: options.summarize };
    return cond(condition, () => noOp(), () => applyOp('Assert', { condition, data }, attrs, { name: 'Assert', graph }),
      { name: 'AssertGuard' }).op;
  });
}
