import { ValueError } from '../errors';

/**
 * Static shapes as TF1 prints them (`TensorShape.__str__` in v1 mode): `(2, ?)`, `(3,)`, `()`,
 * `<unknown>`; error messages quote shapes this way.
 */
export function shapeString(shape: readonly (number | null)[] | null | undefined): string {
  if (!shape) return '<unknown>';
  const dims = shape.map((d) => (d === null ? '?' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** A static shape: null for unknown rank, null entries for unknown dimensions. */
export type StaticShape = readonly (number | null)[] | null;

/** `TensorShape.is_fully_defined`: known rank and dimensions. */
export function isFullyDefined(shape: StaticShape): shape is number[] {
  return shape !== null && shape.every((d) => d !== null);
}

/** `TensorShape.is_compatible_with`: same rank (where known) and no two known dimensions differ. */
export function isCompatible(a: StaticShape, b: StaticShape): boolean {
  if (a === null || b === null) return true;
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** `TensorShape.assert_is_compatible_with`. */
export function assertShapesCompatible(a: StaticShape, b: StaticShape): void {
  if (!isCompatible(a, b)) throw new ValueError(`Shapes ${shapeString(a)} and ${shapeString(b)} are incompatible`);
}

/** `TensorShape.merge_with`: the most specific shape compatible with both. */
export function mergeShapes(a: StaticShape, b: StaticShape): (number | null)[] | null {
  if (!isCompatible(a, b)) throw new ValueError(`Shapes ${shapeString(a)} and ${shapeString(b)} are not compatible`);
  if (a === null) return b === null ? null : [...b];
  return a.map((d, i) => d ?? b?.[i] ?? null);
}

/** `TensorShape.with_rank`: the shape, of `rank` dimensions (unknown ones for unknown rank). */
export function withRank(shape: StaticShape, rank: number): (number | null)[] {
  if (shape === null) return new Array<null>(rank).fill(null);
  if (shape.length !== rank) throw new ValueError(`Shape ${shapeString(shape)} must have rank ${rank}`);
  return [...shape];
}

/** `Dimension.assert_is_compatible_with`. */
export function assertDimsCompatible(a: number | null, b: number | null): void {
  if (a !== null && b !== null && a !== b) throw new ValueError(`Dimensions ${a} and ${b} are not compatible`);
}

/** A dimension's value as TF1 takes it: a whole number >= 0 or null (TypeError / ValueError else). */
function dimensionValueOf(value: unknown): number | null {
  if (value instanceof Dimension) return value.value;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const type = typeof value === 'number' ? 'float' : typeof value === 'string' ? 'str' : typeof value;
    throw new TypeError('Dimension value must be integer or None or have an __index__ method, got value ' +
      `'${String(value)}' with type '<class '${type}'>'`);
  }
  if (value < 0) throw new ValueError(`Dimension ${value} must be >= 0`);
  return value;
}

/** `tf.compat.v1.Dimension(value)`: one dimension of a TensorShape, its size or unknown (null). */
export class Dimension {
  readonly value: number | null;

  constructor(value: number | null | Dimension) {
    this.value = dimensionValueOf(value);
  }

  /** `is_compatible_with`: either unknown or both equal. */
  isCompatibleWith(other: number | null | Dimension): boolean {
    const o = dimensionValueOf(other);
    return this.value === null || o === null || this.value === o;
  }

  /** `assert_is_compatible_with`: ValueError when not compatible. */
  assertIsCompatibleWith(other: number | null | Dimension): void {
    assertDimsCompatible(this.value, dimensionValueOf(other));
  }

  /** `merge_with`: the known one of both (ValueError when they differ). */
  mergeWith(other: number | null | Dimension): Dimension {
    const o = dimensionValueOf(other);
    assertDimsCompatible(this.value, o);
    return new Dimension(this.value ?? o);
  }

  /** `==`: null when either is unknown, as TF1's Dimension gives None. */
  equals(other: number | null | Dimension): boolean | null {
    const o = dimensionValueOf(other);
    return this.value === null || o === null ? null : this.value === o;
  }

  /** `+`, `-`, `*`, `//`, `%`: unknown when either is. */
  add(other: number | null | Dimension): Dimension { return this.arith(other, (a, b) => a + b); }
  sub(other: number | null | Dimension): Dimension { return this.arith(other, (a, b) => a - b); }
  mul(other: number | null | Dimension): Dimension { return this.arith(other, (a, b) => a * b); }
  floordiv(other: number | null | Dimension): Dimension { return this.arith(other, (a, b) => Math.floor(a / b)); }
  mod(other: number | null | Dimension): Dimension { return this.arith(other, (a, b) => a - b * Math.floor(a / b)); }

  private arith(other: number | null | Dimension, f: (a: number, b: number) => number): Dimension {
    const o = dimensionValueOf(other);
    return new Dimension(this.value === null || o === null ? null : f(this.value, o));
  }

  /** `str`: the size, `?` when unknown. */
  toString(): string {
    return this.value === null ? '?' : String(this.value);
  }

  /** `repr`: `Dimension(3)`, `Dimension(None)`. */
  repr(): string {
    return `Dimension(${this.value ?? 'None'})`;
  }
}

/** What a TensorShape is made from: its dimensions, null (unknown rank), or another shape. */
export type ShapeLike = TensorShape | readonly (number | null | Dimension)[] | null | undefined;

/**
 * `tf.compat.v1.TensorShape(dims)`: a static shape, of unknown rank (`null`) or of dimensions
 * each known or not, with TF1's methods (`as_list`, `merge_with`, `concatenate`, ...).
 */
export class TensorShape {
  /** The dimensions' values, null for unknown rank. */
  readonly shape: (number | null)[] | null;

  constructor(dims?: ShapeLike) {
    this.shape = dims instanceof TensorShape ? dims.shape : dims == null ? null : dims.map(dimensionValueOf);
  }

  /** `tensor_shape.unknown_shape(rank)`: unknown rank, or `rank` unknown dimensions. */
  static unknown(rank?: number): TensorShape {
    return new TensorShape(rank === undefined ? null : new Array<null>(rank).fill(null));
  }

  /** `dims`: the Dimensions, null for unknown rank. */
  get dims(): Dimension[] | null {
    return this.shape && this.shape.map((d) => new Dimension(d));
  }

  /** `ndims` / `rank`: the number of dimensions, null when unknown. */
  get ndims(): number | null {
    return this.shape && this.shape.length;
  }

  get rank(): number | null {
    return this.ndims;
  }

  /** `len(shape)`: ValueError for unknown rank. */
  get length(): number {
    if (this.shape === null) throw new ValueError('Cannot take the length of shape with unknown rank.');
    return this.shape.length;
  }

  /** `as_list()`: the dimensions' values (ValueError for unknown rank). */
  asList(): (number | null)[] {
    if (this.shape === null) throw new ValueError('as_list() is not defined on an unknown TensorShape.');
    return [...this.shape];
  }

  /** `shape[i]`: a Dimension (negative from the end; unknown for unknown rank). */
  get(index: number): Dimension {
    if (this.shape === null) return new Dimension(null);
    const d = this.shape.at(index);
    if (d === undefined) throw new RangeError('tuple index out of range');
    return new Dimension(d);
  }

  /** `shape[start:stop]`: a TensorShape (of `stop - start` unknown dimensions for unknown rank). */
  slice(start?: number, stop?: number): TensorShape {
    if (this.shape !== null) return new TensorShape(this.shape.slice(start, stop));
    const s = start ?? 0;
    return stop === undefined || s < 0 || stop < 0 ? TensorShape.unknown() : TensorShape.unknown(stop - s);
  }

  /** `is_fully_defined()`. */
  isFullyDefined(): boolean {
    return isFullyDefined(this.shape);
  }

  /** `assert_is_fully_defined()`: ValueError when some dimension or the rank is unknown. */
  assertIsFullyDefined(): void {
    if (!this.isFullyDefined()) throw new ValueError(`Shape ${this} is not fully defined`);
  }

  /** `num_elements()`: the product of the dimensions, null unless fully defined. */
  numElements(): number | null {
    return isFullyDefined(this.shape) ? this.shape.reduce((a, b) => a * b, 1) : null;
  }

  /** `is_compatible_with(other)`. */
  isCompatibleWith(other: ShapeLike): boolean {
    return isCompatible(this.shape, new TensorShape(other).shape);
  }

  /** `assert_is_compatible_with(other)`: ValueError when not compatible. */
  assertIsCompatibleWith(other: ShapeLike): void {
    assertShapesCompatible(this.shape, new TensorShape(other).shape);
  }

  /** `merge_with(other)`: the most specific shape compatible with both (ValueError when none is). */
  mergeWith(other: ShapeLike): TensorShape {
    return new TensorShape(mergeShapes(this.shape, new TensorShape(other).shape));
  }

  /** `most_specific_compatible_shape(other)`: the dimensions both share; unknown where they differ. */
  mostSpecificCompatibleShape(other: ShapeLike): TensorShape {
    const o = new TensorShape(other).shape;
    if (this.shape === null || o === null || this.shape.length !== o.length) return TensorShape.unknown();
    return new TensorShape(this.shape.map((d, i) => (d !== null && d === o[i] ? d : null)));
  }

  /** `concatenate(other)`: this shape's dimensions then `other`'s (unknown if either rank is). */
  concatenate(other: ShapeLike): TensorShape {
    const o = new TensorShape(other).shape;
    return new TensorShape(this.shape === null || o === null ? null : [...this.shape, ...o]);
  }

  /** `with_rank(rank)`: this shape merged with `rank` unknown dimensions (ValueError for another rank). */
  withRank(rank: number): TensorShape {
    return new TensorShape(withRank(this.shape, rank));
  }

  /** `with_rank_at_least(rank)`: ValueError when of fewer dimensions. */
  withRankAtLeast(rank: number): TensorShape {
    if (this.shape !== null && this.shape.length < rank) {
      throw new ValueError(`Shape ${this} must have rank at least ${rank}`);
    }
    return this;
  }

  /** `with_rank_at_most(rank)`: ValueError when of more dimensions. */
  withRankAtMost(rank: number): TensorShape {
    if (this.shape !== null && this.shape.length > rank) {
      throw new ValueError(`Shape ${this} must have rank at most ${rank}`);
    }
    return this;
  }

  /** `==`: the same rank and dimensions (unknown ones equal too). */
  equals(other: ShapeLike): boolean {
    const o = new TensorShape(other).shape;
    if (this.shape === null || o === null) return this.shape === o;
    return this.shape.length === o.length && this.shape.every((d, i) => d === o[i]);
  }

  /** `str`: `(2, ?)`, `<unknown>`. */
  toString(): string {
    return shapeString(this.shape);
  }

  /** `repr`: `TensorShape([Dimension(2), Dimension(None)])`, `TensorShape(None)`. */
  repr(): string {
    return this.shape === null ? 'TensorShape(None)' : `TensorShape([${this.dims!.map((d) => d.repr()).join(', ')}])`;
  }
}

/** `tf.dimension_value(dimension)`: a Dimension's value (a number or null as it is). */
export function dimensionValue(dimension: number | null | Dimension): number | null {
  return dimension instanceof Dimension ? dimension.value : dimension;
}

/** `tf.dimension_at_index(shape, index)`: the Dimension at `index`, unknown for unknown rank. */
export function dimensionAtIndex(shape: ShapeLike, index: number): Dimension {
  return new TensorShape(shape).get(index);
}
