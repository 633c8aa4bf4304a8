/**
 * Helpers of the tf.signal functions: TF's static-shape checks and `tensor_util.constant_value` as far
 * as the spectral functions lean on it (Consts, static shapes, and Pack, ConcatV2, Range of those).
 */
import { ValueError } from '../../errors';
import { DType } from '../../framework/dtypes';
import { InputValue, constantValue } from '../../framework/op_def_library';
import { Output } from '../../framework/ops';
import { numbers } from '../../framework/sparse_tensor';
import { Tensor } from '../../framework/tensor';
import { shapeString } from '../../framework/tensor_shape';

/** `TensorShape.with_rank_at_least(rank)` of `t`'s static shape. */
export function withRankAtLeast(t: Output, rank: number): void {
  if (t.shape !== null && t.shape.length < rank) throw new ValueError(`Shape ${shapeString(t.shape)} must have rank at least ${rank}`);
}

/** `TensorShape.assert_has_rank(0)` of `t`'s static shape. */
export function assertScalar(t: Output): void {
  if (t.shape !== null && t.shape.length !== 0) throw new ValueError(`Shape ${shapeString(t.shape)} must have rank 0`);
}

/** `tensor_util.constant_value(t)` as numbers (flat), null when the graph does not tell it. */
export function staticNumbers(t: Output): number[] | null {
  const op = t.op;
  switch (op.type) {
    case 'Pack': case 'ConcatV2': {
      const parts = (op.type === 'Pack' ? op.inputs : op.inputs.slice(0, -1)).map(staticNumbers);
      return parts.some((p) => p === null) ? null : parts.flatMap((p) => p!);
    }
    case 'Range': {
      const [start, limit, delta] = op.inputs.map(staticNumbers);
      if (start === null || limit === null || delta === null) return null;
      const out: number[] = [];
      for (let v = start[0]; delta[0] > 0 ? v < limit[0] : v > limit[0]; v += delta[0]) out.push(v);
      return out;
    }
    default: {
      const v = constantValue(t);
      return v === null ? null : numbers(v);
    }
  }
}

/** The static value of an int tensor as an int32 host tensor of its shape (Python's numpy value), or null. */
export function staticInt32(t: Output): Tensor | null {
  const v = staticNumbers(t);
  if (v === null) return null;
  return Tensor.from(v, { dtype: DType.int32, shape: t.shape?.length === 0 ? [] : [v.length] });
}

/** Python ints as TF converts them: integral JS numbers (and arrays of them) as int32 tensors. */
export function pyInts(value: InputValue): InputValue {
  const ints = (v: unknown): boolean => (Array.isArray(v) ? v.every(ints) : Number.isInteger(v));
  return (typeof value === 'number' || Array.isArray(value)) && ints(value)
    ? Tensor.from(value as number[], { dtype: DType.int32 }) : value;
}
