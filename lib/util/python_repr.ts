/**
 * Python's `repr` and `str` of the JS values standing for Python ones, for TF's messages that
 * quote them.
 */
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { Operation, Output } from '../framework/ops';
import { Tensor } from '../framework/tensor';
import { shapeString } from '../framework/tensor_shape';
import { formatFloat32, formatPythonFloat } from '../proto';

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

/** Shortest round-trip digits of `x` (float32 when `f32`) in positional notation: [int part, fraction]. */
function positional(x: number, f32: boolean): [string, string] {
  if (!Number.isFinite(x)) return [Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf', ''];
  let s = f32 ? formatFloat32(x) : formatPythonFloat(x);
  if (/e/.test(s)) {
    // Expand scientific notation: numpy arrays under suppress=True never use it.
    const [m, e] = s.split('e');
    const neg = m.startsWith('-');
    const digits = m.replace('-', '').replace('.', '');
    const point = (m.replace('-', '').indexOf('.') < 0 ? m.replace('-', '').length : m.replace('-', '').indexOf('.')) + Number(e);
    const body = point <= 0 ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length ? `${digits}${'0'.repeat(point - digits.length)}.0` : `${digits.slice(0, point)}.${digits.slice(point)}`;
    s = (neg ? '-' : '') + body;
  }
  const [i, f = ''] = s.split('.');
  return [i, f === '0' ? '' : f];
}

/**
 * numpy's `str()` of a fetched value under `suppress=True` print options, as LoggingTensorHook
 * logs it: scalars as Python prints them; arrays with numpy's padding, `1.` for integral floats,
 * rows on new lines (no `...` summarisation).
 */
export function numpyStr(t: Tensor): string {
  const isFloat = t.dtype === DType.float32 || t.dtype === DType.float64 || t.dtype === DType.float16 ||
    t.dtype === DType.bfloat16;
  const f32 = t.dtype !== DType.float64;
  const scalar = (x: unknown): string => {
    if (typeof x === 'number') return isFloat ? (f32 ? formatFloat32(x) : formatPythonFloat(x)) : String(x);
    if (typeof x === 'bigint') return x.toString();
    if (typeof x === 'boolean') return x ? 'True' : 'False';
    if (x instanceof Uint8Array) return `b'${Buffer.from(x).toString('latin1')}'`;
    return String(x);
  };
  if (t.shape.length === 0) return scalar(t.item());
  const flat: unknown[] = [];
  const collect = (a: unknown): void => (Array.isArray(a) ? a.forEach(collect) : void flat.push(a));
  const nested = t.toArray();
  collect(nested);
  let fmt: (x: unknown) => string;
  if (isFloat) {
    const parts = flat.map((x) => positional(x as number, f32));
    const intWidth = Math.max(...parts.map(([i]) => i.length));
    const fracWidth = Math.max(...parts.map(([, f]) => f.length));
    const table = new Map(flat.map((x, k) => [x, parts[k]]));
    fmt = (x) => {
      const [i, f] = table.get(x)!;
      return /^-?(nan|inf)$/.test(i) ? i.padStart(intWidth + 1 + fracWidth)
        : `${i.padStart(intWidth)}.${f.padEnd(fracWidth)}`;
    };
  } else {
    // numpy pads numbers to one width, not strings.
    const width = t.dtype === DType.string ? 0 : Math.max(...flat.map((x) => scalar(x).length));
    fmt = (x) => scalar(x).padStart(width);
  }
  const rank = t.shape.length;
  const render = (a: unknown, depth: number): string => {
    if (!Array.isArray(a)) return fmt(a);
    const sep = depth === rank - 1 ? ' ' : `${'\n'.repeat(rank - depth - 1)}${' '.repeat(depth + 1)}`;
    return `[${a.map((x) => render(x, depth + 1)).join(sep)}]`;
  };
  return render(nested, 0);
}

/** numpy's str of an int vector (`[2 3]`, `[10  3]`), as TF's messages print static shapes. */
export function npStr(v: readonly number[]): string {
  return numpyStr(Tensor.from([...v], { dtype: DType.int64, shape: [v.length] }));
}
