/**
 * Small builders the gradient functions share (gradients.ts and the `*_grad.ts` files): one op's first
 * output, int32 and same-dtype host scalars, ZerosLike.
 */
import { DType, baseDType } from '../framework/dtypes';
import { InputValue, applyOp } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';

/** Op `type`'s first output, named after the type in the current scope unless `name` is given. */
export const op1 = (type: string, inputs: Record<string, InputValue | InputValue[]>, attrs: Record<string, unknown> = {},
  name?: string): Output => applyOp(type, inputs, attrs, name ?? type).output(0);

/** An int32 host tensor (axes, shapes, bounds). */
export const int32 = (values: number | number[]): Tensor => Tensor.from(values, { dtype: DType.int32 });

/** A host scalar of `like`'s dtype. */
export const scalarOf = (v: number, like: Output): Tensor => Tensor.from(v, { dtype: baseDType(like.dtype) });

/** `ZerosLike` of `t`. */
export const zerosLike = (t: InputValue): Output => op1('ZerosLike', { x: t });
