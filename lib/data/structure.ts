/**
 * Element structures of tf.data (`data/util/structure.py`): nested arrays (Python's tuples) and
 * plain objects (dicts) of TensorSpecs, and the component tensors of a value of that structure.
 */
import { ValueError } from '../errors';
import { DType } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor, SparseTensorValue } from '../framework/sparse_tensor';
import { StaticShape } from '../framework/tensor_shape';
import { Tensor } from '../framework/tensor';
import { constant, stack, unstack } from '../ops/array_ops';
import { SparseTensorSpec, TensorSpec, specString } from '../framework/type_spec';
import { Nested, flatten, isNested, packSequenceAs } from '../util/nest';
import { isPlainObject, pyStr } from '../util/python_repr';

export { SparseTensorSpec, TensorSpec, specString, tensorShapeRepr } from '../framework/type_spec';

export type ElementSpec = Nested<TensorSpec>;

/** A component of an element: a tensor, or a SparseTensor (of a SparseTensorSpec). */
export type Component = Output | SparseTensor;

/** The spec of the same kind as `s` with another shape (`_batch`, `_unbatch`). */
export function withShape(s: TensorSpec, shape: StaticShape): TensorSpec {
  return s instanceof SparseTensorSpec ? new SparseTensorSpec(shape, s.dtype) : new TensorSpec(shape, s.dtype);
}

/** `_batch(dim)`: the spec of a batch of `s`. */
export function batchedSpec(s: TensorSpec, dim: number | null): TensorSpec {
  return withShape(s, s.shape === null ? null : [dim, ...s.shape]);
}

/** `_unbatch()`: the spec of an element of a batch of `s`. */
export function unbatchedSpec(s: TensorSpec): TensorSpec {
  if (s.shape !== null && s.shape.length === 0) throw new ValueError('Unbatching a tensor is only supported for rank >= 1');
  return withShape(s, s.shape === null ? null : s.shape.slice(1));
}

/** The flat (variant-boxed) dtype and shape of a component of spec `s`. */
function flatSpec(s: TensorSpec): { dtype: DType; shape: StaticShape } {
  return s instanceof SparseTensorSpec ? { dtype: DType.variant, shape: null } : s;
}

/** `SparseTensorSpec._to_tensor_list`: a SparseTensor boxed in a SerializeSparse variant. */
function serializeSparse(value: SparseTensor, type: 'SerializeSparse' | 'SerializeManySparse'): Output {
  return applyOp(type, { sparse_indices: value.indices, sparse_values: value.values, sparse_shape: value.denseShape },
    { out_type: DType.variant }).output(0);
}

/**
 * `structure.to_tensor_list`: the flat tensors that carry `element` (of `spec`), a SparseTensor as
 * a SerializeSparse variant.
 */
export function toTensorList(spec: ElementSpec, element: Nested<Component>): Output[] {
  const specs = flatten(spec);
  return flatten(element).map((c, i) => (specs[i] instanceof SparseTensorSpec
    ? serializeSparse(SparseTensor.fromValue(c as SparseTensor), 'SerializeSparse') : c as Output));
}

/**
 * `structure.to_batched_tensor_list`: as `toTensorList` for a batch of elements, a SparseTensor as
 * a SerializeManySparse variant (of rank 1 at least).
 */
export function toBatchedTensorList(spec: ElementSpec, element: Nested<Component>): Output[] {
  const specs = flatten(spec);
  return flatten(element).map((c, i) => {
    const s = specs[i];
    if (!(s instanceof SparseTensorSpec)) return c as Output;
    const sp = c as SparseTensor;
    if ((s.shape ?? sp.shape)?.length === 0) {
      throw new ValueError('Unbatching a sparse tensor is only supported for rank >= 1. Obtained input: SparseTensor(' +
        `indices=${pyStr(sp.indices)}, values=${pyStr(sp.values)}, dense_shape=${pyStr(sp.denseShape)}).`);
    }
    return serializeSparse(sp, 'SerializeManySparse');
  });
}

/**
 * `SparseTensorSpec._from_compatible_tensor_list`: the SparseTensor a variant boxes, its indices'
 * rank and its dense shape's known dimensions taken from `spec`.
 */
function deserializeSparse(spec: SparseTensorSpec, boxed: Output): SparseTensor {
  const [indices, values, shape] = applyOp('DeserializeSparse', { serialized_sparse: boxed }, { dtype: spec.dtype }).outputs;
  const dims = spec.shape;
  indices.setShape([null, dims === null ? null : dims.length]);
  let denseShape = shape;
  if (dims !== null && dims.every((d) => d !== null)) {
    denseShape = convertToTensor(Tensor.from(dims as number[], { dtype: DType.int64, shape: [dims.length] }), { name: 'shape' });
  } else if (dims !== null && dims.some((d) => d !== null)) {
    const pieces = unstack(shape, { num: dims.length });
    denseShape = stack(dims.map((d, i) => (d === null ? pieces[i] : constant(d, { dtype: DType.int64 }))));
  } else {
    shape.setShape([dims === null ? null : dims.length]);
  }
  return new SparseTensor(indices, values, denseShape);
}

/** `structure.from_compatible_tensor_list`: the element (of `spec`) that `flat` carries, SparseTensors unboxed. */
export function fromTensorList(spec: ElementSpec, flat: Output[]): Nested<Component> {
  return packSpec(spec, flatten(spec).map((s, i) => (s instanceof SparseTensorSpec ? deserializeSparse(s, flat[i]) : flat[i])));
}

/**
 * `nest.pack_sequence_as` keeping the key order of `structure`'s objects, as Python's dicts keep
 * theirs (and print in it).
 */
export function packSpec<T>(structure: unknown, flat: readonly T[]): Nested<T> {
  const reorder = (s: unknown, packed: unknown): unknown => {
    if (Array.isArray(s)) return s.map((x, i) => reorder(x, (packed as unknown[])[i]));
    if (!isPlainObject(s)) return packed;
    return Object.fromEntries(Object.keys(s).map((k) => [k, reorder(s[k], (packed as Record<string, unknown>)[k])]));
  };
  return reorder(structure, packSequenceAs(structure as Nested<unknown>, flat)) as Nested<T>;
}

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

/**
 * `structure.normalize_element`: each component as a tensor, host values as
 * `normalize_element/component_<i>`, SparseTensorValues as SparseTensors.
 */
export function normalizeElement(element: unknown): Nested<Component> {
  const structure = leavesOf(element) as Nested<unknown>;
  const components = flatten(structure);
  const graph = getDefaultGraph();
  return graph.nameScope('normalize_element', () => packSpec(structure, components.map((c, i) =>
    (c instanceof SparseTensor || c instanceof SparseTensorValue ? SparseTensor.fromValue(c)
      : convertToTensor(c as never, { name: `component_${i}` })))));
}

/** The spec of each component: a TensorSpec, or a SparseTensorSpec of a SparseTensor's dense shape. */
export function specOf(element: Nested<Component>): ElementSpec {
  const flat = flatten(element);
  return packSpec(element, flat.map((t) => (t instanceof SparseTensor ? new SparseTensorSpec(t.shape, t.dtype)
    : new TensorSpec(t.shape, t.dtype))));
}

/** The flat `output_types` and `output_shapes` attrs of a structure (a SparseTensor's as its variant's). */
export function flatAttrs(spec: ElementSpec): { output_types: DType[]; output_shapes: StaticShape[] } {
  const flat = flatten(spec).map(flatSpec);
  return { output_types: flat.map((s) => s.dtype), output_shapes: flat.map((s) => s.shape) };
}

/** `nest.map_structure` over the leaves of a structure. */
export function mapSpec<T>(spec: ElementSpec, fn: (s: TensorSpec) => T): Nested<T> {
  return packSpec(spec, flatten(spec).map(fn));
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
