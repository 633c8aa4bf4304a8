/**
 * TF's `sort_ops.py`: `tf.sort` and `tf.argsort`, built as TF 2.21 builds them from a `TopKV2` over
 * the sorted axis (moved last by a transpose when it is not), ascending by sorting the negated
 * values descending.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, isIntegerDType } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { pyStr } from '../util/python_repr';
import { rank, shape, sliceOf, transpose, withScope } from './array_ops';
import { neg, sub, topK } from './math_ops';

/** Options of `sort` / `argsort`. */
export interface SortOptions {
  /** The axis to sort along (a constant): the last by default. */
  axis?: number | Output;
  direction?: 'ASCENDING' | 'DESCENDING';
  name?: string;
}

/** The largest value of each unsigned dtype (`dtype.max`), from which ascending sorts subtract. */
const UNSIGNED_MAX = new Map<DType, number | bigint>([
  [DType.uint8, 255], [DType.uint16, 65535], [DType.uint32, 4294967295], [DType.uint64, 18446744073709551615n],
]);

/** `_descending_sort`: the `TopKV2` of all of `values` along `axis`, its values or indices. */
function descendingSort(values: Output, axis: number, returnArgsort: boolean): Output {
  const k = sliceOf(shape(values), [axis]);
  rank(values); // TF makes it whether or not it needs it.
  const staticRank = values.shape?.length;
  let transposition: Output | undefined;
  let input = values;
  if (!(axis === -1 || axis + 1 === staticRank)) {
    if (staticRank === undefined) {
      throw new NotImplementedError('Sorting a tensor of unknown rank along an axis other than the last is not supported.');
    }
    if (axis < 0) axis += staticRank;
    const perm = [...Array.from({ length: axis }, (_, i) => i), staticRank - 1,
      ...Array.from({ length: staticRank - axis - 2 }, (_, i) => axis + 1 + i), axis];
    // numpy's np.r_ of int arrays: int64.
    transposition = convertToTensor(Tensor.from(perm.map(BigInt), { dtype: DType.int64, shape: [perm.length] }),
      { name: 'transposition' });
    input = transpose(values, transposition);
  }
  const top = topK(input, k);
  const result = returnArgsort ? top.indices : top.values;
  return transposition === undefined ? result : transpose(result, transposition);
}

/** `_sort_or_argsort`: the direction and the constant axis checked, then the sort TF builds for the dtype. */
function sortOrArgsort(values: InputValue, options: SortOptions, returnArgsort: boolean): Output {
  const direction = options.direction ?? 'ASCENDING';
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') {
    throw new ValueError(`Argument \`direction\` should be one of ASCENDING, DESCENDING. Received: direction=${direction}`);
  }
  const axisT = convertToTensor(options.axis ?? -1, { name: 'axis', preferredDtype: DType.int32 });
  const axisStatic = constantValue(axisT);
  if ((axisT.shape !== null && axisT.shape.length !== 0) || axisStatic === null) {
    throw new ValueError(`Argument \`axis\` must be a constant scalar. Received: axis=${pyStr(axisT)}.`);
  }
  const axis = Number(axisStatic.toArray());
  const x = convertToTensor(values, { name: 'values' });
  if (direction === 'DESCENDING') return descendingSort(x, axis, returnArgsort);
  const max = UNSIGNED_MAX.get(x.dtype);
  if (max !== undefined) {
    const sorted = descendingSort(sub(max, x, 'sub'), axis, returnArgsort);
    return returnArgsort ? sorted : sub(max, sorted, 'sub');
  }
  if (isIntegerDType(x.dtype)) {
    const sorted = descendingSort(sub(neg(x), 1, 'sub'), axis, returnArgsort);
    return returnArgsort ? sorted : sub(neg(sorted), 1, 'sub');
  }
  const sorted = descendingSort(neg(x), axis, returnArgsort);
  return returnArgsort ? sorted : neg(sorted);
}

/** `tf.sort(values, axis=-1, direction='ASCENDING')`, in scope `sort`. */
export function sort(values: InputValue, options: SortOptions = {}): Output {
  return withScope(options.name, 'sort', [], () => sortOrArgsort(values, options, false));
}

/**
 * `tf.argsort(values, axis=-1, direction='ASCENDING', stable=False)`, in scope `argsort`: the
 * indices that sort `values` (TF ignores `stable`: TopKV2 keeps equal values in index order).
 */
export function argsort(values: InputValue, options: SortOptions & { stable?: boolean } = {}): Output {
  return withScope(options.name, 'argsort', [], () => sortOrArgsort(values, options, true));
}
