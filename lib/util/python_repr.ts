/**
 * Python's `repr` and `str` of the JS values standing for Python ones, for TF's messages that
 * quote them.
 */
import { baseDType, dtypeName } from '../framework/dtypes';
import { Operation, Output } from '../framework/ops';
import { shapeString } from '../framework/tensor_shape';

/** An object literal (a Python dict here), not an array or a class instance. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Python's `repr` of a value (a tensor as `<tf.Tensor 'x:0' shape=(2,) dtype=float32>`). */
export function pyRepr(x: unknown): string {
  if (Array.isArray(x) || isPlainObject(x)) return pyStr(x);
  if (x instanceof Output) {
    return `<tf.Tensor '${x.name}' shape=${shapeString(x.shape)} dtype=${dtypeName(baseDType(x.dtype))}>`;
  }
  if (x instanceof Operation) return `<tf.Operation '${x.name}' type=${x.type}>`;
  // Python quotes with ' unless the string holds ' and no ".
  if (typeof x === 'string') return x.includes("'") && !x.includes('"') ? `"${x}"` : `'${x}'`;
  return pyStr(x);
}

/** Python's `str`: containers show their elements' reprs; a tensor is `Tensor("x:0", shape=(2,), dtype=float32)`. */
export function pyStr(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(pyRepr).join(', ')}]`;
  if (isPlainObject(x)) return `{${Object.keys(x).map((k) => `'${k}': ${pyRepr(x[k])}`).join(', ')}}`;
  if (x instanceof Output) {
    const shape = x.shape === null ? '' : `, shape=${shapeString(x.shape)}`;
    return `Tensor("${x.name}"${shape}, dtype=${dtypeName(baseDType(x.dtype))})`;
  }
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (x === null || x === undefined) return 'None';
  return String(x);
}
