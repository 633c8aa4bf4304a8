/**
 * Element structures of tf.data (`data/util/structure.py`): nested arrays (Python's tuples) and
 * plain objects (dicts) of TensorSpecs, and the component tensors of a value of that structure.
 */
import { ValueError } from '../errors';
import { DType, dtypeName } from '../framework/dtypes';
import { convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { StaticShape, shapeString } from '../framework/tensor_shape';
import { Tensor } from '../framework/tensor';
import { Nested, flatten, isNested, packSequenceAs } from '../util/nest';
import { isPlainObject } from '../util/python_repr';

/** The type of one component of an element: its dtype and static shape (`tf.TensorSpec`). */
export class TensorSpec {
  constructor(readonly shape: StaticShape, readonly dtype: DType) {}

  /** As TF1 Python prints it: `TensorSpec(shape=(?, 2), dtype=tf.int32, name=None)`. */
  toString(): string {
    return `TensorSpec(shape=${shapeString(this.shape)}, dtype=tf.${dtypeName(this.dtype)}, name=None)`;
  }
}

export type ElementSpec = Nested<TensorSpec>;

/** A component that is itself a dataset (`tf.data.DatasetSpec`, as `window` makes them): a scalar variant. */
export class DatasetSpec extends TensorSpec {
  constructor(readonly elementSpec: ElementSpec) {
    super([], DType.variant);
  }

  /** As Python prints it: `DatasetSpec(TensorSpec(...), TensorShape([]))`. */
  toString(): string {
    return `DatasetSpec(${specString(this.elementSpec)}, TensorShape([]))`;
  }
}

/** A structure as Python prints it (tuples for arrays), each TensorSpec through `leaf`. */
export function specString(spec: ElementSpec, leaf: (s: TensorSpec) => string = String): string {
  if (spec instanceof TensorSpec) return leaf(spec);
  if (Array.isArray(spec)) return `(${spec.map((s) => specString(s, leaf)).join(', ')}${spec.length === 1 ? ',' : ''})`;
  return `{${Object.keys(spec).sort().map((k) => `'${k}': ${specString(spec[k], leaf)}`).join(', ')}}`;
}

/**
 * Whether `x` is a host list (numbers, strings, booleans, or arrays of them): one tensor value, as
 * tf.data takes a Python list; other arrays are structures (Python's tuples).
 */
function isHostList(x: unknown): boolean {
  return Array.isArray(x) && x.every((v) => ['number', 'string', 'boolean', 'bigint'].includes(typeof v) || isHostList(v));
}

/** `x` with its host lists as Tensors, so that `nest` sees them as leaves. */
function leavesOf(x: unknown): unknown {
  if (isHostList(x)) return Tensor.from(x as never);
  if (Array.isArray(x)) return x.map(leavesOf);
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, leavesOf(v)]));
  return x;
}

/** `structure.normalize_element`: each component as a tensor, host values as `normalize_element/component_<i>`. */
export function normalizeElement(element: unknown): Nested<Output> {
  const structure = leavesOf(element) as Nested<unknown>;
  const components = flatten(structure);
  const graph = getDefaultGraph();
  return graph.nameScope('normalize_element', () => packSequenceAs(structure, components.map((c, i) =>
    convertToTensor(c as never, { name: `component_${i}` }))));
}

/** The spec of each component tensor. */
export function specOf(element: Nested<Output>): ElementSpec {
  const flat = flatten(element);
  return packSequenceAs(element, flat.map((t) => new TensorSpec(t.shape, t.dtype)));
}

/** The flat `output_types` and `output_shapes` attrs of a structure. */
export function flatAttrs(spec: ElementSpec): { output_types: DType[]; output_shapes: StaticShape[] } {
  const flat = flatten(spec);
  return { output_types: flat.map((s) => s.dtype), output_shapes: flat.map((s) => s.shape) };
}

/** `nest.map_structure` over the leaves of a structure. */
export function mapSpec<T>(spec: ElementSpec, fn: (s: TensorSpec) => T): Nested<T> {
  return packSequenceAs(spec, flatten(spec).map(fn));
}

/**
 * The leaves of `values` taken where `structure` has its leaves (`nest.flatten_up_to`): shapes,
 * which are arrays themselves, given nested like their types.
 */
export function flattenUpTo(structure: unknown, values: unknown): unknown[] {
  if (!isNested(structure)) return [values];
  if (Array.isArray(structure)) {
    if (!Array.isArray(values) || values.length !== structure.length) {
      throw new ValueError(`The two structures don't have the same sequence length. Input structure has length ` +
        `${structure.length}, while shallow structure has length ${Array.isArray(values) ? values.length : 1}.`);
    }
    return structure.flatMap((s, i) => flattenUpTo(s, values[i]));
  }
  const obj = values as Record<string, unknown>;
  return Object.keys(structure).sort().flatMap((k) => {
    if (!isPlainObject(obj) || !(k in obj)) throw new ValueError(`The two structures don't have the same keys: '${k}' missing.`);
    return flattenUpTo((structure as Record<string, unknown>)[k], obj[k]);
  });
}

/**
 * `nest.assert_same_structure` of two element specs as tf.data reports it (tuples for arrays, no
 * outline of the structures): a ValueError, or a TypeError when an array meets an object.
 */
export function assertSameSpecStructure(a: ElementSpec, b: ElementSpec): void {
  const type = (x: ElementSpec) => (x instanceof TensorSpec ? 'TensorSpec' : Array.isArray(x) ? 'tuple' : 'dict');
  const desc = (x: ElementSpec) => `type=${type(x)} str=${specString(x)}`;
  const fail = (kind: typeof ValueError | typeof TypeError, detail: string) => new kind(
    `The two structures don't have the same nested structure.\n\nFirst structure: ${desc(a)}\n\nSecond structure: ` +
    `${desc(b)}\n\nMore specifically: ${detail}`);
  const keys = (x: Record<string, ElementSpec>) => `type=list str=[${Object.keys(x).sort().map((k) => `'${k}'`).join(', ')}]`;
  const walk = (x: ElementSpec, y: ElementSpec): void => {
    if ((x instanceof TensorSpec) !== (y instanceof TensorSpec)) {
      const [seq, leaf] = x instanceof TensorSpec ? [y, x] : [x, y];
      throw fail(ValueError, `Substructure "${desc(seq)}" is a sequence, while substructure "${desc(leaf)}" is not`);
    }
    if (x instanceof TensorSpec || y instanceof TensorSpec) return;
    if (Array.isArray(x) !== Array.isArray(y)) {
      throw fail(TypeError, `The two namedtuples don't have the same sequence type. First structure ${desc(x)} has ` +
        `type ${type(x)}, while second structure ${desc(y)} has type ${type(y)}`);
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) {
        throw fail(ValueError, `The two structures don't have the same number of elements. First structure: ${desc(x)}. ` +
          `Second structure: ${desc(y)}`);
      }
      x.forEach((e, i) => walk(e, y[i]));
      return;
    }
    const [ox, oy] = [x as Record<string, ElementSpec>, y as Record<string, ElementSpec>];
    if (keys(ox) !== keys(oy)) {
      throw fail(ValueError, `The two dictionaries don't have the same set of keys. First structure has keys ${keys(ox)}, ` +
        `while second structure has keys ${keys(oy)}`);
    }
    for (const k of Object.keys(ox).sort()) walk(ox[k], oy[k]);
  };
  walk(a, b);
}
