/**
 * Python's operators on values that are ints where TF's Python code has numpy values (static shapes)
 * and tensors otherwise: numbers fold on the host, tensors make the ops Python's operators make
 * (`sub`, `mul`, `floordiv`, ... with their Consts).
 */
import { Output } from '../../framework/ops';
import { add, floorDiv, mul, neg, sub } from '../math_ops';

/** An int Python knows (a numpy value) or a tensor. */
export type Val = number | Output;

const both = (a: Val, b: Val): [number, number] | null => (typeof a === 'number' && typeof b === 'number' ? [a, b] : null);

/** `a + b`. */
export const pyAdd = (a: Val, b: Val): Val => { const n = both(a, b); return n ? n[0] + n[1] : add(a, b, 'add'); };
/** `a - b`. */
export const pySub = (a: Val, b: Val): Val => { const n = both(a, b); return n ? n[0] - n[1] : sub(a, b, 'sub'); };
/** `a * b`. */
export const pyMul = (a: Val, b: Val): Val => { const n = both(a, b); return n ? n[0] * n[1] : mul(a, b, 'mul'); };
/** `a // b`. */
export const pyFloorDiv = (a: Val, b: Val): Val => {
  const n = both(a, b);
  return n ? Math.floor(n[0] / n[1]) : floorDiv(a, b, 'floordiv');
};
/** `-a`. */
export const pyNeg = (a: Val): Val => (typeof a === 'number' ? -a : neg(a));
