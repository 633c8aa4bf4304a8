#include "tensor.h"

#include <cstring>
#include <limits>
#include <string>

#include "addon.h"

namespace tf1node {

namespace {

// Below this size a copy is cheaper than keeping a reference and a finalizer.
constexpr size_t kShareThreshold = 16 * 1024;
// TF_NewTensor copies data that is not aligned to EIGEN_MAX_ALIGN_BYTES (64 in libtensorflow's
// release builds) and frees the original at once, so only aligned buffers are worth sharing. V8's
// own ArrayBuffers are 16-byte aligned; AlignedArrayBuffer (addon.cc) makes shareable ones.
constexpr uintptr_t kTFAlignment = 64;
constexpr size_t kMaxDims = 64;

Napi::TypeError TypeError(Napi::Env env, const std::string& msg) { return Napi::TypeError::New(env, msg); }

}  // namespace

Napi::ArrayBuffer ExternalBlocks::Wrap(Napi::Env env, void* data, size_t len, std::shared_ptr<void> owner,
                                       int64_t counted) {
  struct Block {
    std::shared_ptr<ExternalBlocks> registry;
    std::shared_ptr<void> owner;  // V8's share
    int64_t counted;
  };
  if (len > kMaxExternalBytes) {
    Napi::ArrayBuffer copy = Napi::ArrayBuffer::New(env, len);  // `owner` frees the original on return
    std::memcpy(copy.Data(), data, len);
    return copy;
  }
  blocks_[data] = owner;
  if (counted != 0) Napi::MemoryManagement::AdjustExternalMemory(env, counted);
  return Napi::ArrayBuffer::New(env, data, len, [](Napi::Env env, void* data, Block* b) {
    b->registry->blocks_.erase(data);
    if (b->counted != 0) Napi::MemoryManagement::AdjustExternalMemory(env, -b->counted);
    delete b;
  }, new Block{shared_from_this(), std::move(owner), counted});
}

std::shared_ptr<void> ExternalBlocks::Find(const void* base) const {
  auto it = blocks_.find(base);
  return it == blocks_.end() ? nullptr : it->second.lock();
}

size_t DTypeSize(TF_DataType dtype) {
  switch (dtype) {
    case TF_FLOAT: case TF_INT32: case TF_UINT32: return 4;
    case TF_DOUBLE: case TF_INT64: case TF_UINT64: case TF_COMPLEX64: return 8;
    case TF_COMPLEX128: return 16;
    case TF_UINT8: case TF_INT8: case TF_BOOL: return 1;
    case TF_INT16: case TF_UINT16: case TF_HALF: case TF_BFLOAT16: return 2;
    default: return 0;
  }
}

namespace {

// One dimension: a non-negative integer (or -1 for unknown when allow_unknown).
int64_t DimFromJs(Napi::Env env, Napi::Value d, bool allow_unknown) {
  double v = d.IsNumber() ? d.As<Napi::Number>().DoubleValue() : std::numeric_limits<double>::quiet_NaN();
  bool ok = v == static_cast<double>(static_cast<int64_t>(v)) && (v >= 0 || (allow_unknown && v == -1));
  if (!ok || v > 9.0e15) {
    throw TypeError(env, "shape must hold non-negative integers" + std::string(allow_unknown ? " or -1" : ""));
  }
  return static_cast<int64_t>(v);
}

}  // namespace

std::vector<int64_t> ShapeFromJs(Napi::Env env, Napi::Value value, bool allow_unknown) {
  if (!value.IsArray()) throw TypeError(env, "shape must be an array of integers");
  Napi::Array arr = value.As<Napi::Array>();
  uint32_t n = arr.Length();
  if (n > kMaxDims) throw TypeError(env, "shape has more than 64 dimensions");
  std::vector<int64_t> dims(n);
  for (uint32_t i = 0; i < n; i++) dims[i] = DimFromJs(env, arr.Get(i), allow_unknown);
  return dims;
}

namespace {

uint64_t NumElements(Napi::Env env, const std::vector<int64_t>& dims) {
  uint64_t n = 1;
  for (int64_t d : dims) {
    if (d != 0 && n > (uint64_t{1} << 53) / static_cast<uint64_t>(d)) throw TypeError(env, "tensor is too large");
    n *= static_cast<uint64_t>(d);
  }
  return n;
}

TensorPtr StringTensorFromJs(Napi::Env env, const std::vector<int64_t>& dims, uint64_t n, Napi::Value data) {
  if (!data.IsArray()) throw TypeError(env, "string tensor data must be an array of Uint8Array or string");
  Napi::Array arr = data.As<Napi::Array>();
  if (arr.Length() != n) {
    throw TypeError(env, "string tensor data has " + std::to_string(arr.Length()) + " elements, shape needs " +
                             std::to_string(n));
  }
  TensorPtr t(TF_AllocateTensor(TF_STRING, dims.data(), static_cast<int>(dims.size()), n * sizeof(TF_TString)));
  TF_TString* strs = static_cast<TF_TString*>(TF_TensorData(t.get()));
  for (uint64_t i = 0; i < n; i++) TF_StringInit(&strs[i]);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value el = arr.Get(i);
    if (el.IsTypedArray() && el.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
      Napi::Uint8Array bytes = el.As<Napi::Uint8Array>();
      TF_StringCopy(&strs[i], reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
    } else if (el.IsString()) {
      std::string s = el.As<Napi::String>().Utf8Value();
      TF_StringCopy(&strs[i], s.data(), s.size());
    } else {
      throw TypeError(env, "string tensor element " + std::to_string(i) + " is not a Uint8Array or string");
    }
  }
  return t;
}

}  // namespace

namespace {

TF_DataType DTypeFromJs(Napi::Env env, Napi::Value v) {
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  // Int32Value alone would wrap 2**32 + 1 to float32 and truncate 1.5.
  if (!(d >= 0 && d < 1024) || d != static_cast<double>(static_cast<int>(d))) {
    throw TypeError(env, "tensor dtype must be a DType number");
  }
  return static_cast<TF_DataType>(static_cast<int>(d));
}

TensorPtr TensorFromData(Napi::Env env, TF_DataType dtype, const std::vector<int64_t>& dims, Napi::Value data);

}  // namespace

TensorPtr TensorFromJs(Napi::Env env, Napi::Value value) {
  if (!value.IsObject()) throw TypeError(env, "a tensor must be an object {dtype, shape, data}");
  Napi::Object obj = value.As<Napi::Object>();
  const Addon* addon = Addon::Get(env);
  TF_DataType dtype = DTypeFromJs(env, addon->Get(obj, Addon::kDtype));
  return TensorFromData(env, dtype, ShapeFromJs(env, addon->Get(obj, Addon::kShape), false), addon->Get(obj, Addon::kData));
}

TensorPtr TensorFromArgs(const Napi::CallbackInfo& info, size_t& k) {
  Napi::Env env = info.Env();
  if (k + 2 > info.Length()) throw TypeError(env, "a feed needs dtype, rank, dimensions and data");
  TF_DataType dtype = DTypeFromJs(env, info[k]);
  double rank = info[k + 1].IsNumber() ? info[k + 1].As<Napi::Number>().DoubleValue() : -1;
  if (!(rank >= 0 && rank <= kMaxDims) || rank != static_cast<double>(static_cast<size_t>(rank))) {
    throw TypeError(env, "a feed's rank must be an integer from 0 to 64");
  }
  size_t n = static_cast<size_t>(rank);
  if (k + 3 + n > info.Length()) throw TypeError(env, "a feed needs dtype, rank, dimensions and data");
  std::vector<int64_t> dims(n);
  for (size_t i = 0; i < n; i++) dims[i] = DimFromJs(env, info[k + 2 + i], false);
  Napi::Value data = info[k + 2 + n];
  k += 3 + n;
  return TensorFromData(env, dtype, dims, data);
}

namespace {

// The owner of `buffer` if it is one of the addon's (ExternalBlocks), else null.
std::shared_ptr<void> ExternalBlockOf(Napi::Env env, napi_value buffer) {
  void* base = nullptr;
  // A SharedArrayBuffer fails here: not one of ours.
  if (napi_get_arraybuffer_info(env, buffer, &base, nullptr) != napi_ok) return nullptr;
  return Addon::Get(env)->blocks->Find(base);
}

TensorPtr TensorFromData(Napi::Env env, TF_DataType dtype, const std::vector<int64_t>& dims, Napi::Value data) {
  uint64_t n = NumElements(env, dims);
  if (dtype == TF_STRING) return StringTensorFromJs(env, dims, n, data);

  size_t elem = DTypeSize(dtype);
  if (elem == 0) throw TypeError(env, "unsupported tensor dtype " + std::to_string(dtype));
  if (!data.IsTypedArray()) throw TypeError(env, "tensor data must be a typed array");
  Napi::TypedArray ta = data.As<Napi::TypedArray>();
  size_t len = ta.ByteLength();
  if (len != n * elem) {
    throw TypeError(env, "tensor data has " + std::to_string(len) + " bytes, dtype and shape need " +
                             std::to_string(n * elem));
  }
  // The element pointer straight from the view: this also covers SharedArrayBuffer-backed arrays,
  // which ta.ArrayBuffer().Data() rejects.
  void* raw = nullptr;
  napi_value buffer;
  if (napi_get_typedarray_info(env, ta, nullptr, nullptr, &raw, &buffer, nullptr) != napi_ok) {
    throw TypeError(env, "tensor data must be a typed array");
  }
  uint8_t* bytes = static_cast<uint8_t*>(raw);
  TF_Tensor* t;
  std::shared_ptr<void> block;
  if (dtype == TF_BOOL) {
    // A C++ bool other than 0 or 1 is undefined behaviour in kernels: copy and normalise.
    t = TF_AllocateTensor(dtype, dims.data(), static_cast<int>(dims.size()), len);
    uint8_t* out = static_cast<uint8_t*>(TF_TensorData(t));
    for (size_t i = 0; i < len; i++) out[i] = bytes[i] != 0;
  } else if (len >= kShareThreshold && reinterpret_cast<uintptr_t>(bytes) % kTFAlignment == 0 &&
             (block = ExternalBlockOf(env, buffer))) {
    // One of the addon's own buffers: TF takes a share of it, whatever becomes of the JS object.
    t = TF_NewTensor(dtype, dims.data(), static_cast<int>(dims.size()), bytes, len,
                     [](void*, size_t, void* share) { delete static_cast<std::shared_ptr<void>*>(share); },
                     new std::shared_ptr<void>(std::move(block)));
  } else {
    // Any other buffer is copied: V8 owns it, and a transfer (postMessage, structuredClone) would
    // hand it to an object whose collection frees it while a kernel still holds the feed.
    t = TF_AllocateTensor(dtype, dims.data(), static_cast<int>(dims.size()), len);
    if (len > 0) std::memcpy(TF_TensorData(t), bytes, len);
  }
  if (t == nullptr) throw Napi::Error::New(env, "libtensorflow could not allocate a tensor");
  return TensorPtr(t);
}

}  // namespace

namespace {

Napi::Value TypedArrayFor(Napi::Env env, TF_DataType dtype, Napi::ArrayBuffer ab, size_t bytes) {
  size_t elem = DTypeSize(dtype);
  switch (dtype) {
    case TF_FLOAT: case TF_COMPLEX64: return Napi::Float32Array::New(env, bytes / 4, ab, 0);
    case TF_DOUBLE: case TF_COMPLEX128: return Napi::Float64Array::New(env, bytes / 8, ab, 0);
    case TF_INT32: return Napi::Int32Array::New(env, bytes / elem, ab, 0);
    case TF_UINT32: return Napi::Uint32Array::New(env, bytes / elem, ab, 0);
    case TF_INT16: return Napi::Int16Array::New(env, bytes / elem, ab, 0);
    case TF_UINT16: case TF_HALF: case TF_BFLOAT16: return Napi::Uint16Array::New(env, bytes / elem, ab, 0);
    case TF_INT8: return Napi::Int8Array::New(env, bytes, ab, 0);
    case TF_INT64: return Napi::BigInt64Array::New(env, bytes / 8, ab, 0);
    case TF_UINT64: return Napi::BigUint64Array::New(env, bytes / 8, ab, 0);
    default: return Napi::Uint8Array::New(env, bytes, ab, 0);  // uint8, bool, and raw bytes of the rest
  }
}

}  // namespace

namespace {

// The data of `tensor` as JS: a typed array (numeric) or an array of Uint8Array (TF_STRING).
Napi::Value TensorDataToJs(Napi::Env env, TensorPtr tensor) {
  TF_DataType dtype = TF_TensorType(tensor.get());
  size_t bytes = TF_TensorByteSize(tensor.get());
  if (dtype == TF_STRING) {
    int64_t n = TF_TensorElementCount(tensor.get());
    const TF_TString* strs = static_cast<const TF_TString*>(TF_TensorData(tensor.get()));
    Napi::Array arr = Napi::Array::New(env, n);
    for (int64_t i = 0; i < n; i++) {
      size_t sz = TF_StringGetSize(&strs[i]);
      Napi::Uint8Array el = Napi::Uint8Array::New(env, sz);
      if (sz > 0) std::memcpy(el.Data(), TF_StringGetDataPointer(&strs[i]), sz);
      arr.Set(static_cast<uint32_t>(i), el);
    }
    return arr;
  }
  TF_Tensor* owned = bytes >= kShareThreshold ? TF_TensorMaybeMove(tensor.get()) : nullptr;
  Napi::ArrayBuffer ab;
  if (owned != nullptr) {
    // Sole owner of the buffer (TF_TensorMaybeMove consumed `tensor`): hand it to V8 as is.
    tensor.release();
    ab = Addon::Get(env)->blocks->Wrap(env, TF_TensorData(owned), bytes,
                                       std::shared_ptr<void>(owned, [](void* t) { TF_DeleteTensor(static_cast<TF_Tensor*>(t)); }));
  } else {
    // A buffer still shared inside TF (a variable's value, say) is copied, so later training
    // steps never change an array the caller already holds.
    ab = Napi::ArrayBuffer::New(env, bytes);
    if (bytes > 0) std::memcpy(ab.Data(), TF_TensorData(tensor.get()), bytes);
  }
  return TypedArrayFor(env, dtype, ab, bytes);
}

}  // namespace

void OwnResult(TF_Tensor*& tensor) {
  if (tensor == nullptr || TF_TensorType(tensor) == TF_STRING) return;
  // Already the sole owner: TF_TensorMaybeMove hands the tensor back (it may be a new handle).
  if (TF_Tensor* moved = TF_TensorMaybeMove(tensor)) {
    tensor = moved;
    return;
  }
  std::vector<int64_t> dims(TF_NumDims(tensor));
  for (size_t i = 0; i < dims.size(); i++) dims[i] = TF_Dim(tensor, static_cast<int>(i));
  const size_t bytes = TF_TensorByteSize(tensor);
  TF_Tensor* copy = TF_AllocateTensor(TF_TensorType(tensor), dims.data(), static_cast<int>(dims.size()), bytes);
  if (bytes > 0) std::memcpy(TF_TensorData(copy), TF_TensorData(tensor), bytes);
  TF_DeleteTensor(tensor);
  tensor = copy;
}

Napi::Value TensorToJs(Napi::Env env, TensorPtr tensor) {
  TF_DataType dtype = TF_TensorType(tensor.get());
  int nd = TF_NumDims(tensor.get());
  Napi::Array shape = Napi::Array::New(env, nd);
  for (int i = 0; i < nd; i++) shape.Set(i, Napi::Number::New(env, static_cast<double>(TF_Dim(tensor.get(), i))));
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, dtype));
  out.Set(1u, shape);
  out.Set(2u, TensorDataToJs(env, std::move(tensor)));
  return out;
}

size_t FlatTensorLength(const TF_Tensor* tensor) { return 3 + TF_NumDims(tensor); }

void AppendTensorToJs(Napi::Env env, Napi::Array out, uint32_t& k, TensorPtr tensor) {
  int nd = TF_NumDims(tensor.get());
  out.Set(k++, Napi::Number::New(env, TF_TensorType(tensor.get())));
  out.Set(k++, Napi::Number::New(env, nd));
  for (int i = 0; i < nd; i++) out.Set(k++, Napi::Number::New(env, static_cast<double>(TF_Dim(tensor.get(), i))));
  out.Set(k++, TensorDataToJs(env, std::move(tensor)));
}

}  // namespace tf1node
