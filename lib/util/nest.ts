/**
 * Nested structures of values (TF1's `nest`): arrays and plain objects hold them, anything else
 * is a leaf. Flattening visits an object's keys in sorted order, as `nest` visits a dict's.
 */
import { ValueError } from '../errors';
import { Operation, Output } from '../framework/ops';
import { isPlainObject, pyStr } from './python_repr';

/** A leaf, or arrays and plain objects of nested leaves. */
export type Nested<T> = T | Nested<T>[] | { [key: string]: Nested<T> };

/** Whether `x` holds other values (an array or a plain object), as `nest.is_nested`. */
export function isNested(x: unknown): x is unknown[] | Record<string, unknown> {
  return Array.isArray(x) || isPlainObject(x);
}

/** `nest.flatten`: the leaves in order. */
export function flatten<T>(structure: Nested<T>): T[] {
  if (Array.isArray(structure)) return structure.flatMap((x) => flatten(x));
  if (isPlainObject(structure)) return Object.keys(structure).sort().flatMap((k) => flatten(structure[k] as Nested<T>));
  return [structure as T];
}

/** `nest.pack_sequence_as`: `flat` in the shape of `structure`. */
export function packSequenceAs<T, U>(structure: Nested<T>, flat: readonly U[]): Nested<U> {
  let i = 0;
  const pack = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(pack);
    if (isPlainObject(s)) return Object.fromEntries(Object.keys(s).sort().map((k) => [k, pack(s[k])]));
    return flat[i++];
  };
  const packed = pack(structure);
  if (i !== flat.length) {
    throw new ValueError(`Could not pack sequence. Structure had ${i} atoms, but flat_sequence had ${flat.length} items.`);
  }
  return packed as Nested<U>;
}

/** `type(x).__name__` as nest's messages name it. */
function typeName(x: unknown): string {
  if (Array.isArray(x)) return 'list';
  if (isPlainObject(x)) return 'dict';
  if (x instanceof Output) return 'SymbolicTensor';
  if (x instanceof Operation) return 'Operation';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'string') return 'str';
  if (x === null || x === undefined) return 'NoneType';
  return (x as { constructor?: { name?: string } }).constructor?.name ?? typeof x;
}

/** The structure with its leaves as dots (`Entire first structure:` of nest's messages). */
function dots(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(dots).join(', ')}]`;
  if (isPlainObject(x)) return `{${Object.keys(x).map((k) => `'${k}': ${dots(x[k])}`).join(', ')}}`;
  return '.';
}

/**
 * `nest.assert_same_structure`: nest's ValueError when the nesting, lengths or keys differ, its
 * TypeError when the kinds of sequence differ.
 */
export function assertSameStructure(a: unknown, b: unknown): void {
  const fail = (kind: typeof ValueError | typeof TypeError, detail: string) => new kind(
    "The two structures don't have the same nested structure.\n\n" +
    `First structure: type=${typeName(a)} str=${pyStr(a)}\n\nSecond structure: type=${typeName(b)} str=${pyStr(b)}\n\n` +
    `More specifically: ${detail}\nEntire first structure:\n${dots(a)}\nEntire second structure:\n${dots(b)}`);
  const desc = (x: unknown) => `type=${typeName(x)} str=${pyStr(x)}`;
  const walk = (x: unknown, y: unknown): void => {
    if (isNested(x) !== isNested(y)) {
      const [seq, leaf] = isNested(x) ? [x, y] : [y, x];
      throw fail(ValueError, `Substructure "${desc(seq)}" is a sequence, while substructure "${desc(leaf)}" is not`);
    }
    if (!isNested(x) || !isNested(y)) return;
    if (Array.isArray(x) !== Array.isArray(y)) {
      throw fail(TypeError, `The two namedtuples don't have the same sequence type. First structure ${desc(x)} has ` +
        `type ${typeName(x)}, while second structure ${desc(y)} has type ${typeName(y)}`);
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) {
        throw fail(ValueError, "The two structures don't have the same number of elements. First structure: " +
          `${desc(x)}. Second structure: ${desc(y)}`);
      }
      x.forEach((e, i) => walk(e, y[i]));
      return;
    }
    const [ox, oy] = [x as Record<string, unknown>, y as Record<string, unknown>];
    const [kx, ky] = [Object.keys(ox), Object.keys(oy)];
    if (kx.length !== ky.length || kx.some((k) => !(k in oy))) {
      throw fail(ValueError, "The two dictionaries don't have the same set of keys. First structure has keys " +
        `type=list str=[${kx.map((k) => `'${k}'`).join(', ')}], while second structure has keys ` +
        `type=list str=[${ky.map((k) => `'${k}'`).join(', ')}]`);
    }
    for (const k of kx.sort()) walk(ox[k], oy[k]);
  };
  walk(a, b);
}
