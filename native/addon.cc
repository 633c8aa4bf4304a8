// Registers the native surface; the classes live in their own files.
#include "addon.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>

#include "callable.h"
#include "checkpoint_reader.h"
#include "graph.h"
#include "handles.h"
#include "operation.h"
#include "py_func.h"
#include "runner.h"
#include "saved_model.h"
#include "server.h"
#include "session.h"
#include "tensor.h"

namespace tf1node {

namespace {

Napi::Value Version(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), TF_Version()); }

// The serialized OpList of every op registered in libtensorflow.
Napi::Value AllOps(const Napi::CallbackInfo& info) {
  BufferPtr buf(TF_GetAllOpList());
  Napi::Uint8Array out = Napi::Uint8Array::New(info.Env(), buf->length);
  memcpy(out.Data(), buf->data, buf->length);
  return out;
}

// alignedArrayBuffer(byteLength) -> ArrayBuffer   [sync]
// Zeroed memory aligned as libtensorflow wants it (64 bytes): typed arrays over it are fed to
// runs without a copy, where TF_NewTensor copies V8's 16-byte-aligned buffers.
Napi::Value AlignedArrayBuffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double n = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  if (!(n >= 0) || n != static_cast<double>(static_cast<int64_t>(n)) || n > 9.0e15) {
    throw Napi::TypeError::New(env, "alignedArrayBuffer takes a byte length (a non-negative integer)");
  }
  size_t len = static_cast<size_t>(n);
  size_t rounded = len == 0 ? 64 : (len + 63) / 64 * 64;  // aligned_alloc wants a multiple
  void* p = std::aligned_alloc(64, rounded);
  if (p == nullptr) throw Napi::RangeError::New(env, "Array buffer allocation failed");
  std::memset(p, 0, rounded);
  return Addon::Get(env)->blocks->Wrap(env, p, len, std::shared_ptr<void>(p, std::free), static_cast<int64_t>(rounded));
}

// Node unloads the addons a worker loaded when the worker ends, and with them libtensorflow if
// nothing else holds it. Both stay for the process's life instead: TF's global thread pools and
// exit handlers outlive any environment, and so may tensors that point back at this addon.
void PinLibrary(const void* symbol) {
  Dl_info info;
  if (dladdr(symbol, &info) != 0 && info.dli_fname != nullptr) {
    dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
  }
}

}  // namespace

Addon::Addon(Napi::Env env, Napi::Object exports)
    : blocks(std::make_shared<ExternalBlocks>()) {
  PinLibrary(reinterpret_cast<const void*>(&TF_Version));
  PinLibrary(reinterpret_cast<const void*>(&PinLibrary));
  Napi::Array keys = Napi::Array::New(env);
  for (const char* k : {"op", "index", "dtype", "shape", "data"}) keys.Set(keys.Length(), Napi::String::New(env, k));
  keys_ = Napi::Persistent(keys);
  graph_ctor = Napi::Persistent(Graph::Init(env));
  operation_ctor = Napi::Persistent(Operation::Init(env));
  session_ctor = Napi::Persistent(Session::Init(env));
  checkpoint_reader_ctor = Napi::Persistent(CheckpointReader::Init(env));
  server_ctor = Napi::Persistent(Server::Init(env));
  DefineAddon(exports, {
                           InstanceValue("Graph", graph_ctor.Value()),
                           InstanceValue("Operation", operation_ctor.Value()),
                           InstanceValue("Session", session_ctor.Value()),
                           InstanceValue("Callable", Callable::Init(env)),
                           InstanceValue("CheckpointReader", checkpoint_reader_ctor.Value()),
                           InstanceValue("Server", server_ctor.Value()),
                           InstanceMethod<&Addon::SetErrorClasses>("setErrorClasses"),
                       });
  exports.Set("version", Napi::Function::New<Version>(env, "version"));
  exports.Set("allOps", Napi::Function::New<AllOps>(env, "allOps"));
  exports.Set("alignedArrayBuffer", Napi::Function::New<AlignedArrayBuffer>(env, "alignedArrayBuffer"));
  exports.Set("loadSavedModel", Napi::Function::New<LoadSavedModel>(env, "loadSavedModel"));
  exports.Set("cancelSyncRuns", Napi::Function::New<CancelSyncRuns>(env, "cancelSyncRuns"));
  // Made now rather than on the first run: its thread-safe function keeps the async context it is
  // made in, and a first run inside graph.asDefault() would keep that graph alive for good.
  runner = std::make_unique<Runner>(env);
  InitPyFunc(env, exports);
}

Runner& Addon::GetRunner() { return *runner; }

void Addon::SetErrorClasses(const Napi::CallbackInfo& info) {
  if (!info[0].IsArray()) throw Napi::TypeError::New(info.Env(), "setErrorClasses takes an array indexed by TF_Code");
  error_classes = Napi::Persistent(info[0].As<Napi::Array>());
}

}  // namespace tf1node

using tf1node::Addon;
NODE_API_ADDON(Addon)
