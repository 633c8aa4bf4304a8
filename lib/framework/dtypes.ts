/** Tensor element types, numbered as TF_DataType (`tf.dtypes`). */
export enum DType {
  float32 = 1,
  float64 = 2,
  int32 = 3,
  uint8 = 4,
  int16 = 5,
  int8 = 6,
  string = 7,
  complex64 = 8,
  int64 = 9,
  bool = 10,
  qint8 = 11,
  quint8 = 12,
  qint32 = 13,
  bfloat16 = 14,
  qint16 = 15,
  quint16 = 16,
  uint16 = 17,
  complex128 = 18,
  float16 = 19,
  resource = 20,
  variant = 21,
  uint32 = 22,
  uint64 = 23,
}

/** TF's `_ref` dtypes (ref variables' outputs) are the base type + 100. */
export const REF_OFFSET = 100;

export type TypedArray =
  | Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array | Uint16Array | Uint32Array
  | BigInt64Array | BigUint64Array;

type ArrayCtor = { new (n: number): TypedArray; new (b: ArrayBufferLike, off: number, n: number): TypedArray;
  BYTES_PER_ELEMENT: number };

interface DTypeInfo {
  /** The typed array holding this dtype's data (raw bits for float16/bfloat16, interleaved complex). */
  array: ArrayCtor;
  /** Array elements per tensor element (2 for complex). */
  lanes: number;
}

const INFO: Partial<Record<DType, DTypeInfo>> = {
  [DType.float32]: { array: Float32Array, lanes: 1 },
  [DType.float64]: { array: Float64Array, lanes: 1 },
  [DType.int32]: { array: Int32Array, lanes: 1 },
  [DType.uint8]: { array: Uint8Array, lanes: 1 },
  [DType.int16]: { array: Int16Array, lanes: 1 },
  [DType.int8]: { array: Int8Array, lanes: 1 },
  [DType.complex64]: { array: Float32Array, lanes: 2 },
  [DType.int64]: { array: BigInt64Array, lanes: 1 },
  [DType.bool]: { array: Uint8Array, lanes: 1 },
  [DType.bfloat16]: { array: Uint16Array, lanes: 1 },
  [DType.uint16]: { array: Uint16Array, lanes: 1 },
  [DType.complex128]: { array: Float64Array, lanes: 2 },
  [DType.float16]: { array: Uint16Array, lanes: 1 },
  [DType.uint32]: { array: Uint32Array, lanes: 1 },
  [DType.uint64]: { array: BigUint64Array, lanes: 1 },
};

/** Layout of a numeric dtype; undefined for string, resource and variant. */
export function dtypeInfo(dtype: DType): DTypeInfo | undefined {
  return INFO[dtype];
}

/** The base dtype of a ref dtype (`tf.DType.base_dtype`). */
export function baseDType(dtype: number): DType {
  return (dtype > REF_OFFSET ? dtype - REF_OFFSET : dtype) as DType;
}

export function dtypeName(dtype: number): string {
  const base = baseDType(dtype);
  const name = DType[base] ?? `dtype(${base})`;
  return dtype > REF_OFFSET ? `${name}_ref` : name;
}

/** A DType as Python prints it (`repr`/`str`): `<dtype: 'float32'>`. */
export function dtypeRepr(dtype: number): string {
  return `<dtype: '${dtypeName(dtype)}'>`;
}

export function isIntegerDType(dtype: DType): boolean {
  return [DType.int8, DType.int16, DType.int32, DType.int64, DType.uint8, DType.uint16, DType.uint32,
    DType.uint64].includes(baseDType(dtype));
}

export function isFloatingDType(dtype: DType): boolean {
  return [DType.float16, DType.bfloat16, DType.float32, DType.float64].includes(baseDType(dtype));
}

// IEEE half and bfloat16 conversions for the 16-bit float dtypes (stored as raw bits).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toBFloat16(v: number): number {
  f32[0] = v;
  const x = u32[0];
  if (Number.isNaN(v)) return 0x7fc0;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff; // round to nearest even
}

export function fromBFloat16(bits: number): number {
  u32[0] = bits << 16;
  return f32[0];
}

export function toFloat16(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

export function fromFloat16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
