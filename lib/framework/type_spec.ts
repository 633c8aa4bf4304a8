/**
 * Type specs (TF's `type_spec.py` and its subclasses): the type of a value (its dtype, static shape and
 * kind) as graph-mode code sees it: `tf.TensorSpec`, `tf.SparseTensorSpec`, `tf.RaggedTensorSpec`,
 * `tf.IndexedSlicesSpec`, `tf.TensorArraySpec`, `tf.OptionalSpec`, `tf.NoneTensorSpec`. tf.data's
 * element specs are these classes.
 */
import { ValueError } from '../errors';
import { DType, dtypeName } from './dtypes';
import { IndexedSlices } from './indexed_slices';
import { Output } from './ops';
import { RaggedTensor } from './ragged_tensor';
import { SparseTensor, constantValueAsShape } from './sparse_tensor';
import { Tensor } from './tensor';
import { StaticShape, isCompatible, mergeShapes, shapeString } from './tensor_shape';
import { Nested } from '../util/nest';
import { pythonNumber } from '../ops/python_type';
import { pyRepr, pyStr } from '../util/python_repr';

/** A TensorShape as TF1 Python prints it: `TensorShape([Dimension(2), Dimension(None)])`, `TensorShape(None)`. */
export function tensorShapeRepr(shape: StaticShape): string {
  return `TensorShape(${shape === null ? 'None' : `[${shape.map((d) => `Dimension(${d ?? 'None'})`).join(', ')}]`})`;
}

/** One part of a spec's `_serialize()`, tagged so that it compares and prints as TF's does. */
type Part = { shape: StaticShape } | { dtype: DType } | { value: number | boolean | string | null } | { specs: Nested<TypeSpec> };

/** `TensorShape.most_specific_common_supertype`: unknown rank for different ranks, unknown dims where they differ. */
function commonShape(a: StaticShape, b: StaticShape): StaticShape {
  if (a === null || b === null || a.length !== b.length) return null;
  return a.map((d, i) => (d === b[i] ? d : null));
}

/** The same nesting (same array lengths and object keys) of `a` and `b`, or false. */
function sameNesting(a: Nested<TypeSpec>, b: Nested<TypeSpec>): boolean {
  if (a instanceof TypeSpec || b instanceof TypeSpec) return a instanceof TypeSpec && b instanceof TypeSpec;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] &&
    sameNesting((a as Record<string, Nested<TypeSpec>>)[k], (b as Record<string, Nested<TypeSpec>>)[k]));
}

/** `nest.map_structure` over two structures of the same nesting. */
function mapPair(a: Nested<TypeSpec>, b: Nested<TypeSpec>, fn: (x: TypeSpec, y: TypeSpec) => TypeSpec | null):
  Nested<TypeSpec> | null {
  if (a instanceof TypeSpec) return fn(a, b as TypeSpec);
  const entries = Object.keys(a).map((k) => [k, mapPair((a as Record<string, Nested<TypeSpec>>)[k],
    (b as Record<string, Nested<TypeSpec>>)[k], fn)] as const);
  if (entries.some(([, v]) => v === null)) return null;
  return Array.isArray(a) ? entries.map(([, v]) => v!) : Object.fromEntries(entries) as Nested<TypeSpec>;
}

/** A structure of specs as Python prints it (tuples for arrays, dicts for objects). */
export function specString<S extends TypeSpec>(spec: Nested<S>, leaf: (s: S) => string = String): string {
  if (spec instanceof TypeSpec) return leaf(spec as S);
  if (Array.isArray(spec)) return `(${spec.map((s) => specString(s, leaf)).join(', ')}${spec.length === 1 ? ',' : ''})`;
  return `{${Object.keys(spec).map((k) => `'${k}': ${specString(spec[k], leaf)}`).join(', ')}}`;
}

function partString(p: Part): string {
  if ('shape' in p) return tensorShapeRepr(p.shape);
  if ('dtype' in p) return `tf.${dtypeName(p.dtype)}`;
  if ('specs' in p) return specString(p.specs);
  return typeof p.value === 'string' ? pyRepr(p.value) : pyStr(p.value);
}

/**
 * `tf.TypeSpec`: the base of all specs. Subclasses list their `_serialize()` parts; compatibility,
 * the most specific common type, equality and printing follow TF's defaults over them.
 */
export abstract class TypeSpec {
  /** The parts TF's `_serialize()` gives, in its order. */
  protected abstract parts(): Part[];

  /** A spec of the same class from parts like those of `parts()`. */
  protected abstract fromParts(parts: Part[]): TypeSpec;

  /** `type_spec.is_compatible_with(spec_or_value)`: same class, compatible shapes, equal dtypes and values. */
  isCompatibleWith(specOrValue: unknown): boolean {
    const other = specOrValue instanceof TypeSpec ? specOrValue : typeSpecFromValue(specOrValue);
    if (other.constructor !== this.constructor) return false;
    const theirs = other.parts();
    return this.parts().every((p, i) => {
      const q = theirs[i] as Record<string, unknown>;
      if ('shape' in p) return isCompatible(p.shape, q.shape as StaticShape);
      if ('specs' in p) {
        const s = q.specs as Nested<TypeSpec>;
        return sameNesting(p.specs, s) && mapPair(p.specs, s, (x, y) => (x.isCompatibleWith(y) ? x : null)) !== null;
      }
      return 'dtype' in p ? p.dtype === q.dtype : p.value === q.value;
    });
  }

  /** `is_subtype_of(other)`: whether every value of this spec is one of `other`. */
  isSubtypeOf(other: TypeSpec): boolean {
    const common = this.mostSpecificCommonSupertype([other]);
    return common !== null && common.equals(other);
  }

  /** `most_specific_common_supertype(others)`: the most specific spec of all of them, or null. */
  mostSpecificCommonSupertype(others: TypeSpec[]): TypeSpec | null {
    let result: TypeSpec | null = this;
    for (const other of others) result = result && result.commonWith(other);
    return result;
  }

  /** The most specific spec of both, after TF's default over `_serialize()`, or null. */
  protected commonWith(other: TypeSpec): TypeSpec | null {
    if (other.constructor !== this.constructor) return null;
    const theirs = other.parts();
    const parts: Part[] = [];
    for (const [i, p] of this.parts().entries()) {
      const q = theirs[i] as Record<string, unknown>;
      if ('shape' in p) {
        parts.push({ shape: commonShape(p.shape, q.shape as StaticShape) });
      } else if ('specs' in p) {
        const s = q.specs as Nested<TypeSpec>;
        const specs = sameNesting(p.specs, s) ? mapPair(p.specs, s, (x, y) => x.commonWith(y)) : null;
        if (specs === null) return null;
        parts.push({ specs });
      } else if ('dtype' in p ? p.dtype !== q.dtype : p.value !== q.value) {
        return null;
      } else {
        parts.push(p);
      }
    }
    return this.fromParts(parts);
  }

  /** `most_specific_compatible_type(other)` (deprecated in TF): as mostSpecificCommonSupertype, raising where none is. */
  mostSpecificCompatibleType(other: TypeSpec): TypeSpec {
    const result = this.mostSpecificCommonSupertype([other]);
    if (result === null) throw new ValueError(`No TypeSpec is compatible with both ${this} and ${other}`);
    return result;
  }

  /** `==`: same class and the same parts. */
  equals(other: unknown): boolean {
    return other instanceof TypeSpec && other.constructor === this.constructor && String(this) === String(other);
  }

  /** As TF prints it: the class and its `_serialize()` tuple. */
  toString(): string {
    const parts = this.parts().map(partString);
    return `${this.constructor.name}(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  }
}

/**
 * `tf.TensorSpec(shape, dtype=tf.float32, name=None)`: the type of a tensor. Compatibility ignores
 * `name`; the most specific common type needs the same one.
 */
export class TensorSpec extends TypeSpec {
  constructor(readonly shape: StaticShape, readonly dtype: DType = DType.float32, readonly name: string | null = null) {
    super();
  }

  /** `TensorSpec.from_tensor(tensor, name=None)`: the spec of `tensor`, named as it (without `:0`) unless `name`. */
  static fromTensor(tensor: Output, name?: string): TensorSpec {
    return new TensorSpec(tensor.shape, tensor.dtype, name ?? tensor.op.name);
  }

  /** `TensorSpec.from_spec(spec, name=None)`: a TensorSpec of `spec`'s shape and dtype, `spec`'s name unless `name`. */
  static fromSpec(spec: TensorSpec, name?: string): TensorSpec {
    return new TensorSpec(spec.shape, spec.dtype, name ?? spec.name);
  }

  protected parts(): Part[] {
    return [{ shape: this.shape }, { dtype: this.dtype }, { value: this.name }];
  }

  protected fromParts(parts: Part[]): TypeSpec {
    const [shape, dtype, name] = parts as [{ shape: StaticShape }, { dtype: DType }, { value: string | null }];
    return new (this.constructor as typeof TensorSpec)(shape.shape, dtype.dtype, name.value);
  }

  /** `is_compatible_with(spec_or_tensor)`: a spec of this class or a tensor, of the same dtype and a compatible shape. */
  override isCompatibleWith(specOrTensor: unknown): boolean {
    const other = specOrTensor instanceof Output || specOrTensor instanceof SparseTensor ? typeSpecFromValue(specOrTensor)
      : specOrTensor;
    return other instanceof TensorSpec && other.constructor === this.constructor && other.dtype === this.dtype &&
      isCompatible(this.shape, other.shape);
  }

  /** As TF1 Python prints it: `TensorSpec(shape=(?, 2), dtype=tf.int32, name=None)`. */
  override toString(): string {
    return `TensorSpec(shape=${shapeString(this.shape)}, dtype=tf.${dtypeName(this.dtype)}, name=${pyRepr(this.name)})`;
  }
}

/**
 * `tf.SparseTensorSpec(shape=None, dtype=tf.float32)`: the type of a SparseTensor, its dense shape
 * and values' dtype. Here a TensorSpec subclass, so that tf.data structures take it as a leaf; it is
 * compatible only with SparseTensorSpecs, as TF's.
 */
export class SparseTensorSpec extends TensorSpec {
  constructor(shape: StaticShape = null, dtype: DType = DType.float32) {
    super(shape, dtype);
  }

  protected override parts(): Part[] {
    return [{ shape: this.shape }, { dtype: this.dtype }];
  }

  protected override fromParts(parts: Part[]): TypeSpec {
    const [shape, dtype] = parts as [{ shape: StaticShape }, { dtype: DType }];
    return new SparseTensorSpec(shape.shape, dtype.dtype);
  }

  /** As Python prints it: `SparseTensorSpec(TensorShape([Dimension(2)]), tf.float32)`. */
  override toString(): string {
    return TypeSpec.prototype.toString.call(this);
  }
}

/** Options of `new RaggedTensorSpec` (Python's keyword arguments). */
export interface RaggedTensorSpecOptions {
  /** The number of ragged dimensions (default: all but the first and last, `rank - 1`). */
  raggedRank?: number;
  /** int64 (default) or int32. */
  rowSplitsDtype?: DType;
}

/** `tf.RaggedTensorSpec(shape=None, dtype=tf.float32, ragged_rank=None, row_splits_dtype=tf.int64)`. */
export class RaggedTensorSpec extends TypeSpec {
  readonly raggedRank: number;
  readonly rowSplitsDtype: DType;

  constructor(readonly shape: StaticShape = null, readonly dtype: DType = DType.float32, options: RaggedTensorSpecOptions = {}) {
    super();
    const rank = shape === null ? null : shape.length;
    const raggedRank = options.raggedRank ?? (rank === null ? null : rank - 1);
    if (raggedRank === null) throw new ValueError('Must specify ragged_rank or a shape with a known rank.');
    if (!Number.isInteger(raggedRank)) throw new TypeError(`Argument \`ragged_rank\` must be an int. Received ${raggedRank}.`);
    if (rank !== null && raggedRank >= rank) {
      throw new ValueError(`Argument \`ragged_rank\` (${raggedRank}) must be less than rank (${rank}).`);
    }
    this.raggedRank = raggedRank;
    this.rowSplitsDtype = options.rowSplitsDtype ?? DType.int64;
  }

  protected parts(): Part[] {
    return [{ shape: this.shape }, { dtype: this.dtype }, { value: this.raggedRank }, { dtype: this.rowSplitsDtype }];
  }

  protected fromParts(parts: Part[]): TypeSpec {
    const [shape, dtype, raggedRank, splits] = parts as [{ shape: StaticShape }, { dtype: DType }, { value: number },
      { dtype: DType }];
    return new RaggedTensorSpec(shape.shape, dtype.dtype, { raggedRank: raggedRank.value, rowSplitsDtype: splits.dtype });
  }
}

/** Options of `new TensorArraySpec`. */
export interface TensorArraySpecOptions {
  dynamicSize?: boolean;
  inferShape?: boolean;
}

/** `tf.TensorArraySpec(element_shape=None, dtype=tf.float32, dynamic_size=False, infer_shape=True)`. */
export class TensorArraySpec extends TypeSpec {
  readonly dynamicSize: boolean;
  readonly inferShape: boolean;

  constructor(readonly elementShape: StaticShape = null, readonly dtype: DType = DType.float32,
    options: TensorArraySpecOptions = {}) {
    super();
    this.dynamicSize = options.dynamicSize ?? false;
    this.inferShape = options.inferShape ?? true;
  }

  protected parts(): Part[] {
    return [{ shape: this.elementShape }, { dtype: this.dtype }, { value: this.dynamicSize }, { value: this.inferShape }];
  }

  protected fromParts(parts: Part[]): TypeSpec {
    const [shape, dtype, dynamicSize, inferShape] = parts as [{ shape: StaticShape }, { dtype: DType },
      { value: boolean }, { value: boolean }];
    return new TensorArraySpec(shape.shape, dtype.dtype, { dynamicSize: dynamicSize.value, inferShape: inferShape.value });
  }

  /** As TF: `infer_shape` is left out of compatibility. */
  override isCompatibleWith(specOrValue: unknown): boolean {
    return specOrValue instanceof TensorArraySpec && specOrValue.dtype === this.dtype &&
      isCompatible(this.elementShape, specOrValue.elementShape) && specOrValue.dynamicSize === this.dynamicSize;
  }

  /**
   * As TF 2.21, whose TensorArraySpec uses up the generator of the others' shapes on its isinstance
   * check, so that the common shape is this spec's own; `infer_shape` where all infer.
   */
  protected override commonWith(other: TypeSpec): TypeSpec | null {
    if (!(other instanceof TensorArraySpec) || other.dtype !== this.dtype || other.dynamicSize !== this.dynamicSize) {
      return null;
    }
    return new TensorArraySpec(this.elementShape, this.dtype,
      { dynamicSize: this.dynamicSize, inferShape: this.inferShape && other.inferShape });
  }
}

/** Options of `new IndexedSlicesSpec`. */
export interface IndexedSlicesSpecOptions {
  /** int64 (default) or int32. */
  indicesDtype?: DType;
  /** The dense shape's dtype, or null (default) for IndexedSlices without one. */
  denseShapeDtype?: DType | null;
  /** The indices' shape (default `[None]`). */
  indicesShape?: StaticShape;
}

/**
 * `tf.IndexedSlicesSpec(shape=None, dtype=tf.float32, indices_dtype=tf.int64, dense_shape_dtype=None,
 * indices_shape=None)`.
 */
export class IndexedSlicesSpec extends TypeSpec {
  readonly indicesDtype: DType;
  readonly denseShapeDtype: DType | null;
  readonly indicesShape: StaticShape;

  constructor(readonly shape: StaticShape = null, readonly dtype: DType = DType.float32,
    options: IndexedSlicesSpecOptions = {}) {
    super();
    this.indicesDtype = options.indicesDtype ?? DType.int64;
    this.denseShapeDtype = options.denseShapeDtype ?? null;
    this.indicesShape = options.indicesShape ?? [null];
  }

  protected parts(): Part[] {
    return [{ shape: this.shape }, { dtype: this.dtype }, { dtype: this.indicesDtype },
      this.denseShapeDtype === null ? { value: null } : { dtype: this.denseShapeDtype }, { shape: this.indicesShape }];
  }

  protected fromParts(parts: Part[]): TypeSpec {
    const [shape, dtype, indices, dense, indicesShape] = parts as [{ shape: StaticShape }, { dtype: DType },
      { dtype: DType }, { dtype?: DType }, { shape: StaticShape }];
    return new IndexedSlicesSpec(shape.shape, dtype.dtype,
      { indicesDtype: indices.dtype, denseShapeDtype: dense.dtype ?? null, indicesShape: indicesShape.shape });
  }
}

/** `tf.OptionalSpec(element_spec)`: the type of a `tf.experimental.Optional` of values of `elementSpec`. */
export class OptionalSpec extends TypeSpec {
  constructor(readonly elementSpec: Nested<TypeSpec>) {
    super();
  }

  protected parts(): Part[] {
    return [{ specs: this.elementSpec }];
  }

  protected fromParts(parts: Part[]): TypeSpec {
    return new OptionalSpec((parts[0] as { specs: Nested<TypeSpec> }).specs);
  }
}

/** `tf.NoneTensorSpec()`: the type of `None` in a structure. */
export class NoneTensorSpec extends TypeSpec {
  protected parts(): Part[] {
    return [];
  }

  protected fromParts(): TypeSpec {
    return new NoneTensorSpec();
  }
}

/** The host tensor of a number (a whole one an int32, as a Python int), string, boolean or nested list of them, or null. */
function hostTensor(value: unknown): Tensor | null {
  try {
    const t = pythonNumber(value);
    return t instanceof Tensor ? t : Tensor.from(t as never);
  } catch {
    return null;
  }
}

/**
 * `tf.type_spec_from_value(value)`: the spec of a tensor, SparseTensor, RaggedTensor, IndexedSlices,
 * null (NoneTensorSpec), or a host value (as the tensor it converts to).
 */
export function typeSpecFromValue(value: unknown): TypeSpec {
  if (value === null || value === undefined) return new NoneTensorSpec();
  if (value instanceof Output) return new TensorSpec(value.shape, value.dtype);
  if (value instanceof SparseTensor) return new SparseTensorSpec(value.shape, value.dtype);
  if (value instanceof RaggedTensor) {
    return new RaggedTensorSpec(value.shape, value.dtype, { raggedRank: value.raggedRank, rowSplitsDtype: value.rowSplits.dtype });
  }
  if (value instanceof IndexedSlices) {
    // As IndexedSlices._type_spec: the values' inner dims and the constant dense shape, merged.
    const valuesShape = value.values.shape;
    let shape: StaticShape = valuesShape === null ? null : [null, ...valuesShape.slice(1)];
    if (value.denseShape !== null) shape = mergeShapes(shape, constantValueAsShape(value.denseShape));
    const indicesShape = mergeShapes(value.indices.shape, valuesShape === null ? null : valuesShape.slice(0, 1));
    return new IndexedSlicesSpec(shape, value.dtype, { indicesDtype: value.indices.dtype,
      denseShapeDtype: value.denseShape?.dtype ?? null, indicesShape });
  }
  if (value instanceof Tensor) return new TensorSpec(value.shape, value.dtype);
  if (['number', 'boolean', 'string', 'bigint'].includes(typeof value) || Array.isArray(value)) {
    const t = hostTensor(value);
    if (t) return new TensorSpec(t.shape, t.dtype);
  }
  const type = typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value;
  throw new TypeError(`Could not build a TypeSpec for ${pyStr(value)} of unsupported type ${type}.`);
}
