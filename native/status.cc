#include "status.h"

#include "addon.h"

namespace tf1node {

Napi::Error MakeOpError(Napi::Env env, TF_Code code, const std::string& message) {
  Addon* addon = Addon::Get(env);
  if (addon != nullptr && !addon->error_classes.IsEmpty()) {
    Napi::Array classes = addon->error_classes.Value();
    Napi::Value cls = classes.Get(static_cast<uint32_t>(code));
    if (cls.IsFunction()) {
      Napi::Object err = cls.As<Napi::Function>().New({Napi::String::New(env, message), Napi::Number::New(env, code)});
      return Napi::Error(env, err);
    }
  }
  // Only reachable before lib/errors.ts registered its classes.
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::Number::New(env, code));
  return err;
}

void ThrowIfNotOk(Napi::Env env, const TF_Status* s) {
  if (TF_GetCode(s) != TF_OK) throw MakeOpError(env, TF_GetCode(s), TF_Message(s));
}

}  // namespace tf1node
