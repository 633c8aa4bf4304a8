/**
 * `tf.make_tensor_proto` and `tf.make_ndarray` (tensorflow/python/framework/tensor_util.py):
 * host values to TensorProto messages and back, with the bytes Python writes.
 *
 * @packageDocumentation
 */
import { ValueError } from '../errors';
import * as tensorPb from '../proto/gen/tensorflow/core/framework/tensor_pb';
import { DType, TypedArray, dtypeInfo, dtypeName } from './dtypes';
import { ProtoClass, PyMessage, protoClass } from './protos';
import { Tensor, TensorLike } from './tensor';

/** `tf.TensorProto` (`tensor_pb2.TensorProto`): what `makeTensorProto` gives. */
export const TensorProto: ProtoClass<tensorPb.TensorProto> = protoClass(tensorPb.TensorProtoSchema);
export type TensorProto = PyMessage<tensorPb.TensorProto>;

/** Dtypes Python writes as raw `tensor_content` bytes (`_TENSOR_CONTENT_TYPES`), when there is more than one element. */
const CONTENT_TYPES: ReadonlySet<DType> = new Set([
  DType.float16, DType.float32, DType.float64, DType.int32, DType.uint8, DType.int16, DType.int8, DType.int64,
  DType.qint8, DType.quint8, DType.qint16, DType.quint16, DType.qint32, DType.uint32, DType.uint64, DType.bfloat16,
]);

/** The repeated `*_val` field holding each dtype's values (as Python's append functions fill them). */
const VALUE_FIELDS: Partial<Record<DType, keyof tensorPb.TensorProto>> = {
  [DType.float32]: 'floatVal', [DType.float64]: 'doubleVal', [DType.int32]: 'intVal', [DType.uint8]: 'intVal',
  [DType.int16]: 'intVal', [DType.int8]: 'intVal', [DType.uint16]: 'intVal', [DType.qint8]: 'intVal',
  [DType.quint8]: 'intVal', [DType.qint16]: 'intVal', [DType.quint16]: 'intVal', [DType.qint32]: 'intVal',
  [DType.int64]: 'int64Val', [DType.uint32]: 'uint32Val', [DType.uint64]: 'uint64Val', [DType.bool]: 'boolVal',
  [DType.float16]: 'halfVal', [DType.bfloat16]: 'halfVal', [DType.complex64]: 'scomplexVal',
  [DType.complex128]: 'dcomplexVal', [DType.string]: 'stringVal',
};

/** A shape as Python's tuple repr: `(2, 3)`, `(6,)`, `()`. */
function tupleRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** A typed array's bytes, little-endian as numpy's `tobytes()` on this platform. */
function rawBytes(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

export interface MakeTensorProtoOptions {
  /** The element type; inferred from `values` as `Tensor.from` does (numbers are float32) when left out. */
  dtype?: DType;
  /** The shape: `values` are padded with their last one up to it (a scalar broadcasts). */
  shape?: readonly number[];
  /** Require `values` to have `shape` exactly. */
  verifyShape?: boolean;
  /** Allow a scalar or one-element `values` for any `shape` (and forbid other sizes unlike it). */
  allowBroadcast?: boolean;
}

/**
 * `tf.make_tensor_proto(values, dtype=None, shape=None, verify_shape=False,
 * allow_broadcast=False)`: a TensorProto of `values` (a Tensor, nested arrays or a typed array),
 * with `tensor_content` bytes for more than one element of a numeric type and the `*_val` fields
 * otherwise, as Python writes them. A TensorProto given is returned as it is.
 */
export function makeTensorProto(values: TensorLike | TensorProto, options: MakeTensorProtoOptions = {}): TensorProto {
  const { dtype, verifyShape = false, allowBroadcast = false } = options;
  if (allowBroadcast && verifyShape) throw new ValueError('allow_broadcast and verify_shape are not both allowed.');
  if (values instanceof TensorProto) return values as TensorProto;
  const value = values as TensorLike;
  if (values === null || values === undefined) throw new ValueError('None values not supported.');
  const given = options.shape === undefined ? null : options.shape.map((d) => {
    if (!Number.isInteger(d)) throw new TypeError(`'${typeof d}' object cannot be interpreted as an integer`);
    return d;
  });
  const shapeSize = given?.reduce((a, b) => a * b, 1);
  // numpy makes an empty array of the shape, whatever the values, when the shape has no elements.
  let t: Tensor;
  if (shapeSize === 0 && !(value instanceof Tensor)) t = Tensor.alloc(dtype ?? DType.float32, given!);
  else t = Tensor.from(value, { dtype });
  if (dtype !== undefined && t.dtype !== dtype) {
    throw new TypeError(`\`dtype\` <dtype: '${dtypeName(dtype)}'> is not compatible with ${String(values)} of dtype ${dtypeName(t.dtype)}.`);
  }
  let shape = t.shape;
  let sameSize = true;
  if (given !== null) {
    shape = given;
    sameSize = shapeSize === t.size;
    if (allowBroadcast) {
      if (t.size !== 1 && t.size !== shapeSize) {
        throw new TypeError(`Expected Tensor's shape: ${tupleRepr(given)}, but got ${tupleRepr(t.shape)}.`);
      }
    } else {
      if (verifyShape && (t.shape.length !== given.length || t.shape.some((d, i) => d !== given[i]))) {
        throw new TypeError(`Expected Tensor's shape: ${tupleRepr(given)}, but got ${tupleRepr(t.shape)}.`);
      }
      if (t.size > shapeSize!) throw new ValueError(`Too many elements provided. Takes at most ${shapeSize}, but got ${t.size}.`);
    }
  }
  const proto = new TensorProto({ dtype: t.dtype, tensorShape: { dim: shape.map((size) => ({ size })) } });
  if (sameSize && CONTENT_TYPES.has(t.dtype) && t.size > 1) {
    proto.tensorContent = rawBytes(t.data as TypedArray);
    return proto;
  }
  const field = VALUE_FIELDS[t.dtype];
  if (!field) throw new TypeError(`Element type not supported in TensorProto: ${dtypeName(t.dtype)}.`);
  (proto as unknown as Record<string, unknown>)[field] = t.dtype === DType.string ? t.data
    : Array.from(t.data as ArrayLike<number | bigint>);
  return proto;
}

/**
 * `tf.make_ndarray(tensor)`: the value of a TensorProto as a Tensor; `*_val` fields shorter than
 * the shape repeat their last value (none gives zeros), as Python pads them.
 */
export function makeNdarray(tensor: TensorProto): Tensor {
  if (!(tensor instanceof TensorProto)) throw new TypeError(`Unsupported tensor type: ${typeof tensor}. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.`);
  const dtype = tensor.dtype as number as DType;
  const shape = tensor.tensorShape.dim.map((d) => Number(d.size));
  const n = shape.reduce((a, b) => a * b, 1);
  const info = dtypeInfo(dtype);
  if (tensor.tensorContent.length > 0 && info) {
    const bytes = tensor.tensorContent;
    const buf = new ArrayBuffer(bytes.length);
    new Uint8Array(buf).set(bytes);
    return new Tensor(dtype, shape, new info.array(buf, 0, bytes.length / info.array.BYTES_PER_ELEMENT));
  }
  const field = VALUE_FIELDS[dtype];
  if (!field) throw new TypeError(`Unsupported tensor type: ${dtypeName(dtype)}. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.`);
  const lanes = info?.lanes ?? 1;
  const values = (tensor as unknown as Record<string, unknown[]>)[field];
  const count = values.length / lanes;
  if (dtype === DType.string) {
    const last = values.length > 0 ? values[values.length - 1] as Uint8Array : new Uint8Array(0);
    return new Tensor(dtype, shape, Array.from({ length: n }, (_, i) => (values[i] as Uint8Array | undefined) ?? last));
  }
  const out = new info!.array(n * lanes);
  for (let i = 0; i < n && count > 0; i++) {
    const k = Math.min(i, count - 1);
    for (let l = 0; l < lanes; l++) {
      const v = values[k * lanes + l];
      out[i * lanes + l] = (typeof out[0] === 'bigint' ? BigInt(v as number) : Number(v)) as never;
    }
  }
  return new Tensor(dtype, shape, out);
}
