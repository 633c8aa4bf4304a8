/**
 * `tf.ragged.constant` (`ops/ragged/ragged_factory_ops.py`): a RaggedTensor of nested arrays, its
 * values and each dimension's row splits as Consts.
 */
import { ValueError } from '../../errors';
import { DType } from '../../framework/dtypes';
import { makeConst } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { RaggedTensor } from '../../framework/ragged_tensor';
import { Tensor, TensorLike } from '../../framework/tensor';
import { constant as denseConstant, withScope } from '../array_ops';

/** A nested array of scalars, its rows of any lengths. */
export type RaggedList = unknown[];

/** Options of `constant`. */
export interface RaggedConstantOptions {
  dtype?: DType;
  /** The row splits' dtype (default int64). */
  rowSplitsDtype?: DType;
  name?: string;
}

/** `_find_scalar_and_max_depth`: the nesting depth of the scalars (null: none) and of the lists. */
function scalarAndMaxDepth(x: unknown): [number | null, number] {
  if (!Array.isArray(x)) return [0, 0];
  let scalarDepth: number | null = null;
  let maxDepth = 1;
  for (const child of x) {
    const [cs, cm] = scalarAndMaxDepth(child);
    if (cs !== null) {
      if (scalarDepth !== null && scalarDepth !== cs + 1) throw new ValueError('all scalar values must have the same nesting depth');
      scalarDepth = cs + 1;
    }
    maxDepth = Math.max(maxDepth, cm + 1);
  }
  return [scalarDepth, maxDepth];
}

/**
 * `tf.ragged.constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
 * row_splits_dtype=int64)`: the values a Const (`values`), each ragged dimension's splits a Const,
 * innermost first; a list of depth 1 or a scalar is a plain `tf.constant`.
 */
export function constant(pylist: RaggedList | TensorLike, options: RaggedConstantOptions = {}): RaggedTensor | Output {
  return withScope(options.name, 'RaggedConstant', [], (_s, graph) => {
    if (!Array.isArray(pylist)) return denseConstant(pylist as TensorLike, { dtype: options.dtype });
    const [scalarDepth, maxDepth] = scalarAndMaxDepth(pylist);
    if (scalarDepth !== null && maxDepth > scalarDepth) {
      throw new ValueError(`Invalid pylist=${pyList(pylist)}: empty list nesting is greater than scalar value nesting`);
    }
    if (maxDepth < 2) return denseConstant(pylist as TensorLike, { dtype: options.dtype });
    const raggedRank = Math.max(1, (scalarDepth ?? maxDepth) - 1);
    const nested: number[][] = [];
    let values: unknown[] = pylist;
    for (let d = 0; d < raggedRank; d++) {
      const splits = [0];
      const flat: unknown[] = [];
      for (const row of values) {
        splits.push(splits[splits.length - 1] + (row as unknown[]).length);
        flat.push(...(row as unknown[]));
      }
      nested.push(splits);
      values = flat;
    }
    let result: Output | RaggedTensor = denseConstant(values as TensorLike, { dtype: options.dtype, name: 'values' });
    for (const splits of nested.reverse()) {
      const t = makeConst(graph, Tensor.from(splits, { dtype: options.rowSplitsDtype ?? DType.int64 }));
      result = RaggedTensor.fromRowSplits(result, t, { validate: false });
    }
    return result as RaggedTensor;
  });
}

/** Python's repr of a nested list. */
function pyList(x: unknown): string {
  return Array.isArray(x) ? `[${x.map(pyList).join(', ')}]` : String(x);
}
