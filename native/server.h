// Server: an in-process TensorFlow gRPC server (TF_Server) from a serialized ServerDef.
//
//   new Server(serverDef: Uint8Array)   [sync] InvalidArgument for a bad ServerDef; the server is made, not started
//   start()                             [sync]
//   join() -> Promise<void>             [async] resolves when the server stops (never, once
//                                       started); on a thread of its own, which exit leaves to it
//   stop()                              [sync] TF's gRPC server answers Unimplemented once started
//   target -> string                    e.g. "grpc://localhost:2222"
// A started TF gRPC server cannot be shut down cleanly (TF's own limitation), so the finalizer of
// a started server leaves it to process exit instead of blocking the JS thread in TF_DeleteServer.
#pragma once

#include <napi.h>

#include "type_tag.h"

#include "handles.h"

namespace tf1node {

class Server : public Napi::ObjectWrap<Server> {
 public:
  static Napi::Function Init(Napi::Env env);
  // Hides ObjectWrap::Unwrap: node-addon-api calls T::Unwrap for each method and accessor.
  static Server* Unwrap(Napi::Object obj) {
    return UnwrapTagged<Server>(obj, kServerTag, "Illegal invocation: not a native Server");
  }
  explicit Server(const Napi::CallbackInfo& info);
  ~Server() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Join(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Target(const Napi::CallbackInfo& info);

  ServerPtr server_;
  bool started_ = false;
};

}  // namespace tf1node
