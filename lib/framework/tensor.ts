/**
 * Tensor: a host value (what a numpy array is in TF1 Python). It is also what crosses into the
 * addon, as is: numeric data is a typed array the addon shares with libtensorflow when large.
 */
import { ValueError } from '../errors';
import { binding } from '../native';
import { formatPythonFloat } from '../proto/text_format';
import type { NativeTensorOut } from '../native';
import {
  DType, TypedArray, dtypeInfo, dtypeName, fromBFloat16, fromFloat16, toBFloat16, toFloat16,
} from './dtypes';

/** Leaf values a Tensor can be made from. */
export type Scalar = number | bigint | boolean | string | Uint8Array;
export type NestedArray = Scalar | NestedArray[];
/** A Tensor, or anything `Tensor.from` takes. */
export type TensorLike = Tensor | NestedArray | TypedArray;

export type TensorData = TypedArray | Uint8Array[];
export type ItemValue = number | bigint | boolean | Uint8Array | [number, number];

const textEncoder = new TextEncoder();

const ARRAY_DTYPES: Record<string, DType> = {
  Float32Array: DType.float32, Float64Array: DType.float64, Int32Array: DType.int32, Int16Array: DType.int16,
  Int8Array: DType.int8, Uint16Array: DType.uint16, Uint32Array: DType.uint32, BigInt64Array: DType.int64,
  BigUint64Array: DType.uint64, Uint8ClampedArray: DType.uint8,
};

/** The typed-array kind of `x` ('Float32Array', ...), checked by tag so that arrays from another
 * realm (a vm context, a worker's transfer) are recognised too. */
function arrayKind(x: unknown): string | undefined {
  return ArrayBuffer.isView(x) ? Object.prototype.toString.call(x).slice(8, -1) : undefined;
}

function numElements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkShape(shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new ValueError(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

/** Shape and flat leaves of nested arrays; ragged input is a ValueError, as in numpy/TF. */
function flatten(value: NestedArray): { shape: number[]; leaves: Scalar[] } {
  const shape: number[] = [];
  let probe: NestedArray = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const leaves: Scalar[] = [];
  const walk = (v: NestedArray, depth: number, where: string) => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new ValueError(`Can't convert ragged nested arrays to a tensor: ${where} is nested deeper`);
      leaves.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ValueError(`Can't convert ragged nested arrays to a tensor: ${where} has ` +
        `${Array.isArray(v) ? `length ${v.length}` : 'a scalar'} where shape ${JSON.stringify(shape)} needs ` +
        `length ${shape[depth]}`);
    }
    v.forEach((el, i) => walk(el, depth + 1, `${where}[${i}]`));
  };
  walk(value, 0, 'value');
  return { shape, leaves };
}

function inferDType(leaf: Scalar | undefined): DType {
  if (typeof leaf === 'bigint') return DType.int64;
  if (typeof leaf === 'boolean') return DType.bool;
  if (typeof leaf === 'string' || arrayKind(leaf) === 'Uint8Array') return DType.string;
  return DType.float32; // TF1's default for Python floats
}

function toBytes(v: Scalar, dtype: DType): Uint8Array {
  if (arrayKind(v) === 'Uint8Array') return v as Uint8Array;
  if (typeof v === 'string') return textEncoder.encode(v);
  throw new ValueError(`Can't convert ${typeof v} ${String(v)} to a ${dtypeName(dtype)} tensor element`);
}

/**
 * Arrays this library makes from this many bytes on are 64-byte aligned: libtensorflow copies any
 * fed buffer that is not (TF_NewTensor), and V8's own buffers are only 16-byte aligned.
 */
const ALIGN_FROM_BYTES = 16 * 1024;

function newArray(ctor: { new (n: number): TypedArray; new (b: ArrayBufferLike, off: number, n: number): TypedArray;
  BYTES_PER_ELEMENT: number }, length: number): TypedArray {
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  return bytes >= ALIGN_FROM_BYTES ? new ctor(binding.alignedArrayBuffer(bytes), 0, length) : new ctor(length);
}

const INTEGER_DTYPES = new Set([DType.int8, DType.int16, DType.int32, DType.int64, DType.uint8, DType.uint16,
  DType.uint32, DType.uint64]);

/**
 * Fills a fresh array of `dtype` from JS leaf values. A number with a fraction does not go into
 * an integer dtype (TF1's TypeError for a Python float), rather than losing the fraction.
 */
function fillNumeric(dtype: DType, leaves: ArrayLike<Scalar>, checkIntegers = true): TypedArray {
  const info = dtypeInfo(dtype);
  if (!info) throw new ValueError(`Can't make a ${dtypeName(dtype)} tensor from JS values`);
  const out = newArray(info.array, leaves.length * info.lanes);
  const integer = checkIntegers && INTEGER_DTYPES.has(dtype);
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i];
    if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
      throw new ValueError(`Can't convert ${arrayKind(v) ? 'bytes' : typeof v} to ${dtypeName(dtype)}`);
    }
    if (integer && typeof v === 'number' && !Number.isInteger(v)) {
      throw new TypeError(`Expected ${dtypeName(dtype)}, but got ${formatPythonFloat(v)} of type 'float'.`);
    }
    if (info.array === BigInt64Array || info.array === BigUint64Array) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new ValueError(`Can't convert ${v} to ${dtypeName(dtype)}`);
      out[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    } else {
      const n = Number(v);
      if (dtype === DType.float16) out[i] = toFloat16(n);
      else if (dtype === DType.bfloat16) out[i] = toBFloat16(n);
      else if (dtype === DType.bool) out[i] = n ? 1 : 0;
      else if (info.lanes === 2) out[2 * i] = n; // a real number as a complex one
      else out[i] = n;
    }
  }
  return out;
}

/** Set while Tensor.fromNativeParts constructs: the parts come from the addon, already checked. */
let trustedParts = false;

export class Tensor {
  readonly dtype: DType;
  readonly shape: number[];
  readonly data: TensorData;

  /** Wraps data already laid out for `dtype` and `shape` (no copy). Prefer `Tensor.from`. */
  constructor(dtype: DType, shape: readonly number[], data: TensorData) {
    this.dtype = dtype;
    if (trustedParts) {
      this.shape = shape as number[];
      this.data = data;
      return;
    }
    this.shape = checkShape(shape);
    this.data = data;
    const n = numElements(this.shape);
    const info = dtypeInfo(dtype);
    if (dtype === DType.string) {
      if (!Array.isArray(data) || data.length !== n) {
        throw new ValueError(`a string tensor of shape ${JSON.stringify(shape)} needs an array of ${n} Uint8Array`);
      }
    } else if (!info) {
      if (arrayKind(data) !== 'Uint8Array') throw new ValueError(`${dtypeName(dtype)} tensor data must be raw bytes`);
    } else if (arrayKind(data) !== info.array.name || (data as TypedArray).length !== n * info.lanes) {
      throw new ValueError(`a ${dtypeName(dtype)} tensor of shape ${JSON.stringify(shape)} needs a ` +
        `${info.array.name} of length ${n * info.lanes}`);
    }
  }

  /**
   * Makes a tensor from a number, bigint, boolean, string, `Uint8Array` (bytes), a typed array or
   * nested arrays. Numbers become float32 unless `dtype` says otherwise; a typed array keeps its
   * element type and is shared, not copied, when its type already matches.
   */
  static from(value: TensorLike, options: { dtype?: DType; shape?: readonly number[] } = {}): Tensor {
    if (value instanceof Tensor) {
      if (options.dtype !== undefined && options.dtype !== value.dtype) {
        throw new ValueError(`Tensor conversion requested dtype ${dtypeName(options.dtype)} for a Tensor with ` +
          `dtype ${dtypeName(value.dtype)}`);
      }
      return options.shape ? value.reshape(options.shape) : value;
    }
    const wantShape = options.shape ? checkShape(options.shape) : undefined;
    const kind = arrayKind(value);
    if (kind && kind !== 'DataView') {
      const arr = value as TypedArray;
      const natural = ARRAY_DTYPES[kind];
      if (natural === undefined && options.dtype === undefined) {
        // A bare Uint8Array is bytes: a scalar string, as Python bytes would be.
        return new Tensor(DType.string, wantShape ?? [], [arr as Uint8Array]);
      }
      const dtype = options.dtype ?? natural!;
      const info = dtypeInfo(dtype);
      const lanes = info?.lanes ?? 1;
      const shape = wantShape ?? [arr.length / lanes];
      // Shared, not copied, when the array already holds this dtype's layout (16-bit floats: raw bits).
      if (info && kind === info.array.name) return new Tensor(dtype, shape, arr);
      if (dtype === DType.string) throw new ValueError(`Can't convert a ${arr.constructor.name} to a string tensor`);
      // A typed array converts as it always did (C casts), as numpy's astype would.
      return new Tensor(dtype, shape, fillNumeric(dtype, Array.from(arr as ArrayLike<number>), false));
    }
    const { shape, leaves } = flatten(value as NestedArray);
    const dtype = options.dtype ?? inferDType(leaves[0]);
    let finalShape = shape;
    if (wantShape) {
      if (numElements(wantShape) !== leaves.length) {
        // A scalar broadcasts to the requested shape, as tf.constant(1.0, shape=[2, 2]) does.
        if (leaves.length !== 1) {
          throw new ValueError(`Cannot reshape a tensor with ${leaves.length} elements to shape ` +
            `${JSON.stringify(wantShape)}`);
        }
        leaves.length = numElements(wantShape);
        leaves.fill(leaves[0] ?? (value as Scalar));
      }
      finalShape = wantShape;
    }
    if (dtype === DType.string) return new Tensor(dtype, finalShape, leaves.map((v) => toBytes(v, dtype)));
    return new Tensor(dtype, finalShape, fillNumeric(dtype, leaves));
  }

  /**
   * A zero-filled tensor whose data the caller fills in place (`np.zeros`). Large ones are 64-byte
   * aligned, so feeding them never copies: the way to feed big inputs without doubling memory.
   */
  static alloc(dtype: DType, shape: readonly number[]): Tensor {
    const info = dtypeInfo(dtype);
    if (!info) throw new ValueError(`Tensor.alloc makes numeric tensors, not ${dtypeName(dtype)}`);
    const s = checkShape(shape);
    return new Tensor(dtype, s, newArray(info.array, numElements(s) * info.lanes));
  }

  /** Wraps what the addon returns. */
  static fromNative([dtype, shape, data]: NativeTensorOut): Tensor {
    return Tensor.fromNativeParts(dtype, shape, data);
  }

  /** @internal Wraps the parts of a tensor the addon returned. */
  static fromNativeParts(dtype: number, shape: number[], data: unknown): Tensor {
    // Trusted layout: the constructor skips its checks (through `new`, the object gets the
    // class's usual shape, which later property reads are optimized for).
    trustedParts = true;
    try {
      return new Tensor(dtype, shape, data as TensorData);
    } finally {
      trustedParts = false;
    }
  }

  get size(): number {
    return numElements(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The same data with another shape of equal size. */
  reshape(shape: readonly number[]): Tensor {
    if (numElements(shape) !== this.size) {
      throw new ValueError(`Cannot reshape a tensor with ${this.size} elements to shape ${JSON.stringify(shape)}`);
    }
    return new Tensor(this.dtype, shape, this.data);
  }

  private at(i: number): ItemValue {
    const d = this.data;
    switch (this.dtype) {
      case DType.string: return (d as Uint8Array[])[i];
      case DType.bool: return (d as Uint8Array)[i] !== 0;
      case DType.float16: return fromFloat16((d as Uint16Array)[i]);
      case DType.bfloat16: return fromBFloat16((d as Uint16Array)[i]);
      case DType.complex64: case DType.complex128: {
        const f = d as Float32Array | Float64Array;
        return [f[2 * i], f[2 * i + 1]];
      }
      default: return (d as TypedArray)[i];
    }
  }

  /** The single value of a scalar or size-1 tensor (numpy's `.item()`). */
  item(): ItemValue {
    if (this.size !== 1) throw new ValueError(`can only convert a tensor of size 1 to a scalar, size is ${this.size}`);
    return this.at(0);
  }

  /** The values as nested JS arrays (a scalar for rank 0). */
  toArray(): ItemValue | unknown[] {
    if (this.shape.length === 0) return this.at(0);
    let i = 0;
    const build = (depth: number): unknown[] => {
      const out = new Array(this.shape[depth]);
      for (let k = 0; k < out.length; k++) out[k] = depth === this.shape.length - 1 ? this.at(i++) : build(depth + 1);
      return out;
    };
    return build(0);
  }

  toString(): string {
    const v = this.dtype === DType.string
      ? JSON.stringify(this.toArray(), (_k, x) => (arrayKind(x) === 'Uint8Array' ? Buffer.from(x as Uint8Array).toString() : x))
      : JSON.stringify(this.toArray(), (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    return `Tensor(${v}, dtype=${dtypeName(this.dtype)}, shape=[${this.shape.join(', ')}])`;
  }
}
