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
