/**
 * `tf.debugging` (TF1's `tf.compat.v1.debugging`): the assertions, `check_numerics` and the
 * `is_finite`/`is_inf`/`is_nan`/`is_non_decreasing`/... tests under their namespace names.
 */
import { DType, baseDType, isFloatingDType, isIntegerDType } from '../framework/dtypes';
import { Output } from '../framework/ops';

export {
  assertEqual, assertNoneEqual, assertLess, assertLessEqual, assertGreater, assertGreaterEqual, assertNegative,
  assertPositive, assertNonNegative, assertNonPositive, assertType, assertRank, assertRankIn, assertNear, assertInteger,
  assertScalar, assertRankAtLeast, assertSameFloatDtype, assertProperIterable, assertShapes,
} from './check_ops';
export type { AssertOptions, AssertNearOptions, ShapeSymbol } from './check_ops';
/** `tf.debugging.assert_all_finite(t, msg)` (v1): TF1's `verify_tensor_all_finite`. */
export { verifyTensorAllFinite as assertAllFinite } from './math_ops';
export { Assert } from './control_flow_assert';
export { checkNumerics } from './array_ops';
export { isFinite, isInf, isNan } from './math_ops';
export { isNonDecreasing, isStrictlyIncreasing } from './math_namespace';

/** `tf.debugging.is_numeric_tensor(tensor)`: a tensor of an int, float or complex dtype (`NUMERIC_TYPES`). */
export function isNumericTensor(tensor: unknown): boolean {
  if (!(tensor instanceof Output)) return false;
  const d = baseDType(tensor.dtype);
  return isIntegerDType(d) || isFloatingDType(d) || d === DType.complex64 || d === DType.complex128;
}
