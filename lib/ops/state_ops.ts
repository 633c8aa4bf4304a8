/**
 * Variable updates (TF1's `state_ops`): `assign`, `assignAdd`, `assignSub` on a ref tensor or a
 * Variable (ref or resource), and `isVariableInitialized`.
 */
import { InputValue, applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';

/** Options of the assign ops. */
export interface AssignOptions {
  useLocking?: boolean;
  /** Check that the value's shape matches the variable's (Assign only). */
  validateShape?: boolean;
  name?: string;
}

/** What `assign*` accept: a ref tensor (`w:0` of a VariableV2) or a Variable. */
export interface Assignable {
  assign(value: InputValue, options?: AssignOptions): Output | Operation;
  assignAdd(value: InputValue, options?: AssignOptions): Output | Operation;
  assignSub(value: InputValue, options?: AssignOptions): Output | Operation;
}

function isAssignable(x: unknown): x is Assignable {
  return typeof x === 'object' && x !== null && typeof (x as Assignable).assign === 'function';
}

/** The `Assign` op on a ref tensor; gives the ref after the update. */
export function refAssign(ref: Output, value: InputValue, options: AssignOptions = {}): Output {
  return applyOp('Assign', { ref, value }, { use_locking: options.useLocking ?? true,
    validate_shape: options.validateShape ?? true }, options.name ?? 'Assign').output(0);
}

/** `AssignAdd` / `AssignSub` on a ref tensor. */
export function refUpdate(type: 'AssignAdd' | 'AssignSub', ref: Output, value: InputValue,
  options: AssignOptions = {}): Output {
  return applyOp(type, { ref, value }, { use_locking: options.useLocking ?? false }, options.name ?? type).output(0);
}

/** `tf.assign(ref, value)`: a ref tensor's `Assign`, or `ref.assign(value)` for a Variable. */
export function assign(ref: Output | Assignable, value: InputValue, options: AssignOptions = {}): Output | Operation {
  return isAssignable(ref) ? ref.assign(value, options) : refAssign(ref, value, options);
}

/** `tf.assign_add(ref, value)`. */
export function assignAdd(ref: Output | Assignable, value: InputValue, options: AssignOptions = {}): Output | Operation {
  return isAssignable(ref) ? ref.assignAdd(value, options) : refUpdate('AssignAdd', ref, value, options);
}

/** `tf.assign_sub(ref, value)`. */
export function assignSub(ref: Output | Assignable, value: InputValue, options: AssignOptions = {}): Output | Operation {
  return isAssignable(ref) ? ref.assignSub(value, options) : refUpdate('AssignSub', ref, value, options);
}
