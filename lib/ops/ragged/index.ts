/** `tf.ragged` (TF1's `tf.compat.v1.ragged`): RaggedTensor factories and row-partition helpers. */
export { constant } from './ragged_factory_ops';
export type { RaggedConstantOptions, RaggedList } from './ragged_factory_ops';
export { rowSplitsToSegmentIds } from '../../framework/ragged_tensor';
export { RaggedTensor, RaggedTensorValue } from '../../framework/ragged_tensor';
export { range, segmentIdsToRowSplits, mapFlatValues } from './ragged_math_ops';
export type { RaggedRangeOptions } from './ragged_math_ops';
