/**
 * TF1's deprecated `tf.compat.v1.data.experimental.*Structure` names (`data/util/structure.py`): the spec
 * classes under their old names, and functions making specs with the old argument order.
 */
import { DType } from '../framework/dtypes';
import { StaticShape } from '../framework/tensor_shape';
import { RaggedTensorSpec, TensorArraySpec } from '../framework/type_spec';

export { OptionalSpec as OptionalStructure, TypeSpec as Structure } from '../framework/type_spec';

/**
 * `tf.compat.v1.data.experimental.TensorArrayStructure(dtype, element_shape, dynamic_size, infer_shape)`:
 * `new TensorArraySpec(elementShape, dtype, {dynamicSize, inferShape})`.
 */
export function TensorArrayStructure(dtype: DType, elementShape: StaticShape, dynamicSize: boolean,
  inferShape: boolean): TensorArraySpec {
  return new TensorArraySpec(elementShape, dtype, { dynamicSize, inferShape });
}

/**
 * `tf.compat.v1.data.experimental.RaggedTensorStructure(dtype, shape, ragged_rank)`:
 * `new RaggedTensorSpec(shape, dtype, {raggedRank})`.
 */
export function RaggedTensorStructure(dtype: DType, shape: StaticShape, raggedRank: number): RaggedTensorSpec {
  return new RaggedTensorSpec(shape, dtype, { raggedRank });
}
