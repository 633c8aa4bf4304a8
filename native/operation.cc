#include "operation.h"

#include <string>
#include <vector>

#include "addon.h"
#include "graph.h"
#include "status.h"
#include "tensor.h"

namespace tf1node {

namespace {

Napi::Array ShapeToJs(Napi::Env env, const int64_t* dims, int n) {
  Napi::Array a = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) a.Set(i, Napi::Number::New(env, static_cast<double>(dims[i])));
  return a;
}

Napi::Uint8Array BytesToJs(Napi::Env env, const void* data, size_t len) {
  Napi::Uint8Array out = Napi::Uint8Array::New(env, len);
  if (len > 0) memcpy(out.Data(), data, len);
  return out;
}

}  // namespace

Napi::Object EndpointToJs(Napi::Env env, Napi::Object graph_obj, TF_Operation* op, int index) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("op", Operation::New(env, op, graph_obj));
  o.Set("index", Napi::Number::New(env, index));
  return o;
}

Napi::Function Operation::Init(Napi::Env env) {
  return DefineClass(env, "Operation",
                     {InstanceAccessor<&Operation::Name>("name"),
                      InstanceAccessor<&Operation::Type>("type"),
                      InstanceAccessor<&Operation::Device>("device"),
                      InstanceAccessor<&Operation::NumOutputs>("numOutputs"),
                      InstanceAccessor<&Operation::NumInputs>("numInputs"),
                      InstanceAccessor<&Operation::GraphObject>("graph"),
                      InstanceMethod<&Operation::OutputType>("outputType"),
                      InstanceMethod<&Operation::OutputShape>("outputShape"),
                      InstanceMethod<&Operation::Input>("input"),
                      InstanceMethod<&Operation::InputListLength>("inputListLength"),
                      InstanceMethod<&Operation::ControlInputs>("controlInputs"),
                      InstanceMethod<&Operation::Consumers>("consumers"),
                      InstanceMethod<&Operation::AttrMetadata>("attrMetadata"),
                      InstanceMethod<&Operation::GetAttr>("getAttr"),
                      InstanceMethod<&Operation::GetAttrProto>("getAttrProto"),
                      InstanceMethod<&Operation::ToNodeDef>("toNodeDef")});
}

Operation::Operation(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Operation>(info) {
  // Only Operation::New makes them: an Operation without a TF_Operation must never exist.
  if (info.Length() != 2 || !info[0].IsExternal() || !info[1].IsObject()) {
    throw Napi::TypeError::New(info.Env(), "Operations come from a Graph; they cannot be constructed");
  }
  info.This().As<Napi::Object>().TypeTag(&kOperationTag);
  graph_ = Graph::FromJs(info.Env(), info[1]);
  op_ = info[0].As<Napi::External<TF_Operation>>().Data();
  graph_ref_ = Napi::Persistent(info[1].As<Napi::Object>());
}

Napi::Object Operation::New(Napi::Env env, TF_Operation* op, Napi::Object graph_obj) {
  return Addon::Get(env)->operation_ctor.New({Napi::External<TF_Operation>::New(env, op), graph_obj});
}

TF_Operation* Operation::FromJs(Napi::Env env, Napi::Value v, const Graph* graph, const char* what) {
  Operation* o = UnwrapTagged<Operation>(v, kOperationTag, what, " must be a native Operation");
  if (graph != nullptr && o->graph_ != graph) {
    throw Napi::TypeError::New(env, std::string(what) + ": operation '" + TF_OperationName(o->op_) +
                                        "' belongs to another graph");
  }
  return o->op_;
}

Napi::Value Operation::Name(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), TF_OperationName(op_)); }
Napi::Value Operation::Type(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), TF_OperationOpType(op_)); }
Napi::Value Operation::Device(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), TF_OperationDevice(op_)); }
Napi::Value Operation::NumOutputs(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), TF_OperationNumOutputs(op_)); }
Napi::Value Operation::NumInputs(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), TF_OperationNumInputs(op_)); }
Napi::Value Operation::GraphObject(const Napi::CallbackInfo& info) { return graph_ref_.Value(); }

int Operation::OutputIndexArg(const Napi::CallbackInfo& info, int limit) {
  if (!info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "index must be a number");
  // DoubleValue, not Int32Value: 2**32 must not wrap to index 0, nor NaN become 0.
  double d = info[0].As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d >= limit || d != static_cast<double>(static_cast<int>(d))) {
    throw Napi::RangeError::New(info.Env(), std::string("operation '") + TF_OperationName(op_) + "' has no index " +
                                                info[0].ToString().Utf8Value());
  }
  return static_cast<int>(d);
}

Napi::Value Operation::OutputType(const Napi::CallbackInfo& info) {
  int i = OutputIndexArg(info, TF_OperationNumOutputs(op_));
  return Napi::Number::New(info.Env(), TF_OperationOutputType(TF_Output{op_, i}));
}

Napi::Value Operation::OutputShape(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TF_Output out{op_, OutputIndexArg(info, TF_OperationNumOutputs(op_))};
  StatusPtr s = NewStatus();
  int n = TF_GraphGetTensorNumDims(graph_->graph(), out, s.get());
  ThrowIfNotOk(env, s.get());
  if (n < 0) return env.Null();
  std::vector<int64_t> dims(n);
  TF_GraphGetTensorShape(graph_->graph(), out, dims.data(), n, s.get());
  ThrowIfNotOk(env, s.get());
  return ShapeToJs(env, dims.data(), n);
}

Napi::Value Operation::Input(const Napi::CallbackInfo& info) {
  int i = OutputIndexArg(info, TF_OperationNumInputs(op_));
  TF_Output src = TF_OperationInput(TF_Input{op_, i});
  return EndpointToJs(info.Env(), graph_ref_.Value(), src.oper, src.index);
}

Napi::Value Operation::InputListLength(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throw Napi::TypeError::New(info.Env(), "argName must be a string");
  StatusPtr s = NewStatus();
  int n = TF_OperationInputListLength(op_, info[0].As<Napi::String>().Utf8Value().c_str(), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  return Napi::Number::New(info.Env(), n);
}

Napi::Value Operation::ControlInputs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int n = TF_OperationNumControlInputs(op_);
  std::vector<TF_Operation*> ops(n);
  if (n > 0) n = TF_OperationGetControlInputs(op_, ops.data(), n);
  Napi::Array out = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) out.Set(i, New(env, ops[i], graph_ref_.Value()));
  return out;
}

Napi::Value Operation::Consumers(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TF_Output out{op_, OutputIndexArg(info, TF_OperationNumOutputs(op_))};
  int n = TF_OperationOutputNumConsumers(out);
  std::vector<TF_Input> ins(n);
  if (n > 0) n = TF_OperationOutputConsumers(out, ins.data(), n);
  Napi::Array arr = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) arr.Set(i, EndpointToJs(env, graph_ref_.Value(), ins[i].oper, ins[i].index));
  return arr;
}

Napi::Value Operation::AttrMetadata(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "attr name must be a string");
  StatusPtr s = NewStatus();
  TF_AttrMetadata m = TF_OperationGetAttrMetadata(op_, info[0].As<Napi::String>().Utf8Value().c_str(), s.get());
  if (TF_GetCode(s.get()) != TF_OK) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("isList", Napi::Boolean::New(env, m.is_list != 0));
  o.Set("listSize", Napi::Number::New(env, static_cast<double>(m.list_size)));
  o.Set("type", Napi::Number::New(env, m.type));
  o.Set("totalSize", Napi::Number::New(env, static_cast<double>(m.total_size)));
  return o;
}

Napi::Value Operation::GetAttr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "attr name must be a string");
  std::string name_s = info[0].As<Napi::String>().Utf8Value();
  const char* name = name_s.c_str();
  StatusPtr s = NewStatus();
  TF_AttrMetadata m = TF_OperationGetAttrMetadata(op_, name, s.get());
  ThrowIfNotOk(env, s.get());
  auto check = [&]() { ThrowIfNotOk(env, s.get()); };
  if (!m.is_list) {
    switch (m.type) {
      case TF_ATTR_STRING: {
        std::string buf(static_cast<size_t>(m.total_size), '\0');
        TF_OperationGetAttrString(op_, name, buf.data(), buf.size(), s.get());
        check();
        return BytesToJs(env, buf.data(), buf.size());
      }
      case TF_ATTR_INT: {
        int64_t v;
        TF_OperationGetAttrInt(op_, name, &v, s.get());
        check();
        return Napi::Number::New(env, static_cast<double>(v));
      }
      case TF_ATTR_FLOAT: {
        float v;
        TF_OperationGetAttrFloat(op_, name, &v, s.get());
        check();
        return Napi::Number::New(env, v);
      }
      case TF_ATTR_BOOL: {
        unsigned char v;
        TF_OperationGetAttrBool(op_, name, &v, s.get());
        check();
        return Napi::Boolean::New(env, v != 0);
      }
      case TF_ATTR_TYPE: {
        TF_DataType v;
        TF_OperationGetAttrType(op_, name, &v, s.get());
        check();
        return Napi::Number::New(env, v);
      }
      case TF_ATTR_SHAPE: {
        if (m.total_size < 0) return env.Null();
        std::vector<int64_t> dims(static_cast<size_t>(m.total_size));
        TF_OperationGetAttrShape(op_, name, dims.data(), static_cast<int>(dims.size()), s.get());
        check();
        return ShapeToJs(env, dims.data(), static_cast<int>(dims.size()));
      }
      case TF_ATTR_TENSOR: {
        TF_Tensor* t = nullptr;
        TF_OperationGetAttrTensor(op_, name, &t, s.get());
        TensorPtr owned(t);
        check();
        return TensorToJs(env, std::move(owned));
      }
      default:
        return GetAttrProto(info);  // func and placeholder attrs: the serialized AttrValue
    }
  }
  int n = static_cast<int>(m.list_size);
  Napi::Array out = Napi::Array::New(env, n < 0 ? 0 : n);
  if (n <= 0) return out;
  switch (m.type) {
    case TF_ATTR_STRING: {
      std::vector<void*> ptrs(n);
      std::vector<size_t> lens(n);
      std::vector<char> storage(static_cast<size_t>(m.total_size) + 1);
      TF_OperationGetAttrStringList(op_, name, ptrs.data(), lens.data(), n, storage.data(), storage.size(), s.get());
      check();
      for (int i = 0; i < n; i++) out.Set(i, BytesToJs(env, ptrs[i], lens[i]));
      return out;
    }
    case TF_ATTR_INT: {
      std::vector<int64_t> v(n);
      TF_OperationGetAttrIntList(op_, name, v.data(), n, s.get());
      check();
      for (int i = 0; i < n; i++) out.Set(i, Napi::Number::New(env, static_cast<double>(v[i])));
      return out;
    }
    case TF_ATTR_FLOAT: {
      std::vector<float> v(n);
      TF_OperationGetAttrFloatList(op_, name, v.data(), n, s.get());
      check();
      for (int i = 0; i < n; i++) out.Set(i, Napi::Number::New(env, v[i]));
      return out;
    }
    case TF_ATTR_BOOL: {
      std::vector<unsigned char> v(n);
      TF_OperationGetAttrBoolList(op_, name, v.data(), n, s.get());
      check();
      for (int i = 0; i < n; i++) out.Set(i, Napi::Boolean::New(env, v[i] != 0));
      return out;
    }
    case TF_ATTR_TYPE: {
      std::vector<TF_DataType> v(n);
      TF_OperationGetAttrTypeList(op_, name, v.data(), n, s.get());
      check();
      for (int i = 0; i < n; i++) out.Set(i, Napi::Number::New(env, v[i]));
      return out;
    }
    case TF_ATTR_SHAPE: {
      std::vector<int64_t*> dims(n);
      std::vector<int> ranks(n);
      std::vector<int64_t> storage(static_cast<size_t>(m.total_size) + 1);
      TF_OperationGetAttrShapeList(op_, name, dims.data(), ranks.data(), n, storage.data(),
                                   static_cast<int>(storage.size()), s.get());
      check();
      for (int i = 0; i < n; i++) out.Set(i, ranks[i] < 0 ? env.Null() : ShapeToJs(env, dims[i], ranks[i]).As<Napi::Value>());
      return out;
    }
    case TF_ATTR_TENSOR: {
      std::vector<TF_Tensor*> v(n, nullptr);
      TF_OperationGetAttrTensorList(op_, name, v.data(), n, s.get());
      std::vector<TensorPtr> owned;
      for (TF_Tensor* t : v) owned.emplace_back(t);
      check();
      for (int i = 0; i < n; i++) out.Set(i, TensorToJs(env, std::move(owned[i])));
      return out;
    }
    default:
      return GetAttrProto(info);
  }
}

Napi::Value Operation::GetAttrProto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "attr name must be a string");
  BufferPtr buf(TF_NewBuffer());
  StatusPtr s = NewStatus();
  TF_OperationGetAttrValueProto(op_, info[0].As<Napi::String>().Utf8Value().c_str(), buf.get(), s.get());
  ThrowIfNotOk(env, s.get());
  return BytesToJs(env, buf->data, buf->length);
}

Napi::Value Operation::ToNodeDef(const Napi::CallbackInfo& info) {
  BufferPtr buf(TF_NewBuffer());
  StatusPtr s = NewStatus();
  TF_OperationToNodeDef(op_, buf.get(), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  return BytesToJs(info.Env(), buf->data, buf->length);
}

}  // namespace tf1node
