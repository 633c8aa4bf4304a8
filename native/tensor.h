// Marshalling between JS tensors and TF_Tensor. A JS tensor crosses the boundary as
// {dtype: number, shape: number[], data} where data is a typed array (numeric dtypes) or an array
// of Uint8Array/string (TF_STRING); one comes back as the triple [dtype, shape, data] (or flat,
// for run results).
// Large numeric buffers are shared, not copied, in both directions when the addon allocated them
// (see ExternalBlocks, TensorFromJs, TensorToJs); other fed buffers are copied.
#pragma once

#include <napi.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "handles.h"

namespace tf1node {

// Memory this addon hands to V8 as external ArrayBuffers (run results, Tensor.alloc), by base
// address. Feeding it back shares its ownership with libtensorflow, so a kernel that keeps the fed
// tensor (a queue, say) or a run cancelled when a worker ends never reads freed memory. Only these
// are fed without a copy: a buffer V8 owns can be detached (transferred, then collected) while TF
// still reads it. JS thread only.
// Node 20 makes no external ArrayBuffer larger than this (buffer.constants.MAX_LENGTH), and then
// frees what it was given while node-addon-api frees it again: bigger blocks are copied.
constexpr size_t kMaxExternalBytes = size_t{1} << 32;

class ExternalBlocks : public std::enable_shared_from_this<ExternalBlocks> {
 public:
  // An ArrayBuffer over `data`, which `owner` frees once V8 and every tensor fed from it let go;
  // `counted` bytes are reported to V8 as external memory while the ArrayBuffer lives. Past
  // kMaxExternalBytes the data is copied into a buffer of V8's own instead.
  Napi::ArrayBuffer Wrap(Napi::Env env, void* data, size_t len, std::shared_ptr<void> owner, int64_t counted = 0);
  // The owner of the block that starts at `base`, or null if it is not one of these.
  std::shared_ptr<void> Find(const void* base) const;

 private:
  std::unordered_map<const void*, std::weak_ptr<void>> blocks_;
};

// Bytes per element, 0 for TF_STRING and dtypes without a fixed-size host representation.
size_t DTypeSize(TF_DataType dtype);

// Builds a TF_Tensor from a JS {dtype, shape, data}; throws TypeError on malformed input.
TensorPtr TensorFromJs(Napi::Env env, Napi::Value value);
// The same from call arguments info[k...]: dtype, rank, each dimension, data; advances k past
// them. Runs pass feeds this way: an argument costs far less to read than an array element or a
// property, and this is on every run's path.
TensorPtr TensorFromArgs(const Napi::CallbackInfo& info, size_t& k);

// On the run's thread, right after the run: a numeric run result whose buffer TF still shares (a
// variable's value, say) is replaced by a copy of its own, so no later run (the read made next, a
// concurrent step) changes it before it reaches JS.
void OwnResult(TF_Tensor*& tensor);

// Converts (and consumes) a TF_Tensor into [dtype, shape, data].
Napi::Value TensorToJs(Napi::Env env, TensorPtr tensor);
// The same flat, for run results: dtype, rank, each dimension, data appended to `out` from `k`
// on (advanced past them), which saves two JS arrays per tensor; FlatTensorLength says how many.
size_t FlatTensorLength(const TF_Tensor* tensor);
void AppendTensorToJs(Napi::Env env, Napi::Array out, uint32_t& k, TensorPtr tensor);

// Reads a JS shape (array of non-negative integers, or -1 for unknown when allow_unknown).
std::vector<int64_t> ShapeFromJs(Napi::Env env, Napi::Value value, bool allow_unknown);

}  // namespace tf1node
