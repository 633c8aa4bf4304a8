#include "checkpoint_reader.h"

#include <string>
#include <vector>

#include "status.h"
#include "tensor.h"

namespace tf1node {

Napi::Function CheckpointReader::Init(Napi::Env env) {
  return DefineClass(env, "CheckpointReader",
                     {InstanceMethod<&CheckpointReader::Variables>("variables"),
                      InstanceMethod<&CheckpointReader::HasTensor>("hasTensor"),
                      InstanceMethod<&CheckpointReader::GetTensor>("getTensor"),
                      InstanceMethod<&CheckpointReader::Close>("close")});
}

CheckpointReader::CheckpointReader(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CheckpointReader>(info) {
  Napi::Env env = info.Env();
  info.This().As<Napi::Object>().TypeTag(&kCheckpointReaderTag);
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "CheckpointReader takes a checkpoint prefix");
  StatusPtr s = NewStatus();
  reader_.reset(TF_NewCheckpointReader(info[0].As<Napi::String>().Utf8Value().c_str(), s.get()));
  ThrowIfNotOk(env, s.get());
}

TF_CheckpointReader* CheckpointReader::Reader(Napi::Env env) const {
  if (!reader_) throw Napi::Error::New(env, "CheckpointReader is closed");
  return reader_.get();
}

Napi::Value CheckpointReader::Variables(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TF_CheckpointReader* r = Reader(env);
  int n = TF_CheckpointReaderSize(r);
  Napi::Array out = Napi::Array::New(env, n);
  StatusPtr s = NewStatus();
  for (int i = 0; i < n; i++) {
    const char* name = TF_CheckpointReaderGetVariable(r, i);
    int nd = TF_CheckpointReaderGetVariableNumDims(r, name);
    std::vector<int64_t> dims(nd > 0 ? nd : 0);
    TF_CheckpointReaderGetVariableShape(r, name, dims.data(), nd, s.get());
    ThrowIfNotOk(env, s.get());
    Napi::Array shape = Napi::Array::New(env, dims.size());
    for (size_t d = 0; d < dims.size(); d++) shape.Set(d, Napi::Number::New(env, static_cast<double>(dims[d])));
    Napi::Object v = Napi::Object::New(env);
    v.Set("name", Napi::String::New(env, name));
    v.Set("dtype", Napi::Number::New(env, TF_CheckpointReaderGetVariableDataType(r, name)));
    v.Set("shape", shape);
    out.Set(i, v);
  }
  return out;
}

Napi::Value CheckpointReader::HasTensor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "name must be a string");
  return Napi::Boolean::New(env, TF_CheckpointReaderHasTensor(Reader(env), info[0].As<Napi::String>().Utf8Value().c_str()));
}

Napi::Value CheckpointReader::GetTensor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "name must be a string");
  StatusPtr s = NewStatus();
  TensorPtr t(TF_CheckpointReaderGetTensor(Reader(env), info[0].As<Napi::String>().Utf8Value().c_str(), s.get()));
  ThrowIfNotOk(env, s.get());
  return TensorToJs(env, std::move(t));
}

Napi::Value CheckpointReader::Close(const Napi::CallbackInfo& info) {
  reader_.reset();
  return info.Env().Undefined();
}

}  // namespace tf1node
