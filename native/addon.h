// Per-environment state of the addon (the main thread and each worker_thread have their own):
// constructors of the wrapped classes, the error classes from TypeScript, and the registry of the
// buffers it hands to V8. Nothing lives in statics, so the addon loads in worker_threads.
#pragma once

#include <napi.h>

#include <memory>

namespace tf1node {

class ExternalBlocks;
class Runner;

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

  static Addon* Get(Napi::Env env) { return env.GetInstanceData<Addon>(); }

  Napi::FunctionReference graph_ctor;
  Napi::FunctionReference operation_ctor;
  Napi::FunctionReference session_ctor;
  Napi::FunctionReference checkpoint_reader_ctor;
  Napi::FunctionReference server_ctor;
  // error_classes[code] is the OpError subclass for that TF_Code (set by lib/errors.ts).
  Napi::Reference<Napi::Array> error_classes;
  std::shared_ptr<ExternalBlocks> blocks;  // shared with the finalizers of the buffers it lists
  std::unique_ptr<Runner> runner;
  Runner& GetRunner();

  // Property names read on every run, made once: a lookup by a C string would create and
  // internalize the name each time, and per-run host work is multiplied by TF's thread wake-ups.
  // Held in an array because N-API (before version 10) cannot reference a string directly.
  enum Key : uint32_t { kOp, kIndex, kDtype, kShape, kData };
  Napi::Value Get(Napi::Object obj, Key key) const { return obj.Get(keys_.Value().Get(key)); }

 private:
  void SetErrorClasses(const Napi::CallbackInfo& info);

  Napi::Reference<Napi::Array> keys_;
};

}  // namespace tf1node
