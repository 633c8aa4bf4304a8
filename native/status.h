// TF_Status -> the typed JS errors of lib/errors.ts. The classes are defined in TypeScript and
// handed to the addon once per environment (see Addon::SetErrorClasses), so a hooks loop can tell
// OutOfRangeError from InvalidArgumentError by class and by `.code`.
#pragma once

#include <napi.h>

#include <string>

#include "tensorflow/c/tf_status.h"

namespace tf1node {

// A copy of a status that can cross threads (a worker's Execute fills it, OnError reads it).
struct StatusCopy {
  TF_Code code = TF_OK;
  std::string message;
  bool ok() const { return code == TF_OK; }
  void Set(const TF_Status* s) {
    code = TF_GetCode(s);
    message = TF_Message(s);
  }
};

// The JS error (an OpError subclass instance) for a TF code and message.
Napi::Error MakeOpError(Napi::Env env, TF_Code code, const std::string& message);

// Throws the typed error if `s` is not OK (C++ exceptions are on: NAPI_CPP_EXCEPTIONS).
void ThrowIfNotOk(Napi::Env env, const TF_Status* s);

}  // namespace tf1node
