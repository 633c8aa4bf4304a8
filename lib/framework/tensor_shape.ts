/**
 * Static shapes as TF1 prints them (`TensorShape.__str__` in v1 mode): `(2, ?)`, `(3,)`, `()`,
 * `<unknown>`; error messages quote shapes this way.
 */
export function shapeString(shape: readonly (number | null)[] | null | undefined): string {
  if (!shape) return '<unknown>';
  const dims = shape.map((d) => (d === null ? '?' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}
