// CheckpointReader: owns a TF_CheckpointReader over a V1/V2 checkpoint prefix.
//
//   new CheckpointReader(prefix)          [sync] NotFoundError / DataLossError for bad checkpoints
//   variables() -> {name, dtype, shape}[] [sync]
//   hasTensor(name) -> boolean            [sync]
//   getTensor(name) -> [dtype, shape, data]   [sync] NotFoundError for an unknown key
//   close()                               [sync] idempotent; the GC finalizer also frees
#pragma once

#include <napi.h>

#include "type_tag.h"

#include "handles.h"

namespace tf1node {

class CheckpointReader : public Napi::ObjectWrap<CheckpointReader> {
 public:
  static Napi::Function Init(Napi::Env env);
  // Hides ObjectWrap::Unwrap: node-addon-api calls T::Unwrap for each method and accessor.
  static CheckpointReader* Unwrap(Napi::Object obj) {
    return UnwrapTagged<CheckpointReader>(obj, kCheckpointReaderTag, "Illegal invocation: not a native CheckpointReader");
  }
  explicit CheckpointReader(const Napi::CallbackInfo& info);

 private:
  Napi::Value Variables(const Napi::CallbackInfo& info);
  Napi::Value HasTensor(const Napi::CallbackInfo& info);
  Napi::Value GetTensor(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  TF_CheckpointReader* Reader(Napi::Env env) const;

  CheckpointReaderPtr reader_;
};

}  // namespace tf1node
