#include "graph.h"

#include <cstring>
#include <string>
#include <vector>

#include "addon.h"
#include "operation.h"
#include "signals.h"
#include "status.h"
#include "tensor.h"

namespace tf1node {

namespace {

std::string StringArg(Napi::Env env, Napi::Value v, const char* what) {
  if (!v.IsString()) throw Napi::TypeError::New(env, std::string(what) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

Napi::Array ArrayArg(Napi::Env env, Napi::Value v, const char* what) {
  if (!v.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array");
  return v.As<Napi::Array>();
}

Napi::Uint8Array BytesArg(Napi::Env env, Napi::Value v, const char* what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, std::string(what) + " must be a Uint8Array");
  }
  return v.As<Napi::Uint8Array>();
}

Napi::Uint8Array BufferToJs(Napi::Env env, const TF_Buffer* buf) {
  Napi::Uint8Array out = Napi::Uint8Array::New(env, buf->length);
  if (buf->length > 0) memcpy(out.Data(), buf->data, buf->length);
  return out;
}

// Whether TF_SetAttrShape(List) would CHECK-fail on `dims` (PartialTensorShape): the known
// dimensions before the first unknown one multiply past int64.
bool ShapeOverflows(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0) return false;
    if (__builtin_mul_overflow(n, d, &n)) return true;
  }
  return false;
}

void PutVarint(std::string& out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>(v | 0x80));
  out.push_back(static_cast<char>(v));
}

// A length-delimited protobuf field.
void PutField(std::string& out, uint32_t field, const std::string& bytes) {
  PutVarint(out, field << 3 | 2);
  PutVarint(out, bytes.size());
  out += bytes;
}

// A TensorShapeProto (null: unknown rank).
std::string ShapeProto(const std::vector<int64_t>* dims) {
  std::string out;
  if (dims == nullptr) return std::string("\x18\x01", 2);  // unknown_rank: true
  for (int64_t d : *dims) {
    std::string dim(1, '\x08');  // Dim.size
    PutVarint(dim, static_cast<uint64_t>(d));
    PutField(out, 2, dim);
  }
  return out;
}

// A shape attr set as an AttrValue proto, for shapes TF_SetAttrShape cannot take: TF then fails
// the operation with the InvalidArgument ("Shape [...] is too large") Python's TF1 gets.
void SetShapeAttrProto(Napi::Env env, TF_OperationDescription* desc, const char* name, const std::string& value) {
  StatusPtr s = NewStatus();
  TF_SetAttrValueProto(desc, name, value.data(), value.size(), s.get());
  ThrowIfNotOk(env, s.get());
}

// One attr value of a scalar kind onto the description.
void SetScalarAttr(Napi::Env env, TF_OperationDescription* desc, const std::string& name, const std::string& kind,
                   Napi::Value v) {
  const char* n = name.c_str();
  auto bad = [&]() { return Napi::TypeError::New(env, "attr '" + name + "' of kind " + kind + " has a wrong value"); };
  if (kind == "int") {
    if (v.IsBigInt()) {
      bool lossless;
      TF_SetAttrInt(desc, n, v.As<Napi::BigInt>().Int64Value(&lossless));
    } else if (v.IsNumber()) {
      TF_SetAttrInt(desc, n, v.As<Napi::Number>().Int64Value());
    } else {
      throw bad();
    }
  } else if (kind == "float") {
    if (!v.IsNumber()) throw bad();
    TF_SetAttrFloat(desc, n, v.As<Napi::Number>().FloatValue());
  } else if (kind == "bool") {
    if (!v.IsBoolean()) throw bad();
    TF_SetAttrBool(desc, n, v.As<Napi::Boolean>().Value());
  } else if (kind == "type") {
    if (!v.IsNumber()) throw bad();
    TF_SetAttrType(desc, n, static_cast<TF_DataType>(v.As<Napi::Number>().Int32Value()));
  } else if (kind == "shape") {
    if (v.IsNull()) {
      TF_SetAttrShape(desc, n, nullptr, -1);
    } else {
      std::vector<int64_t> dims = ShapeFromJs(env, v, true);
      if (ShapeOverflows(dims)) {
        std::string attr;
        PutField(attr, 7, ShapeProto(&dims));  // AttrValue.shape
        SetShapeAttrProto(env, desc, n, attr);
      } else {
        TF_SetAttrShape(desc, n, dims.data(), static_cast<int>(dims.size()));
      }
    }
  } else if (kind == "string") {
    if (v.IsString()) {
      std::string s = v.As<Napi::String>().Utf8Value();
      TF_SetAttrString(desc, n, s.data(), s.size());
    } else {
      Napi::Uint8Array b = BytesArg(env, v, ("attr '" + name + "'").c_str());
      TF_SetAttrString(desc, n, b.Data(), b.ByteLength());
    }
  } else if (kind == "tensor") {
    TensorPtr t = TensorFromJs(env, v);
    StatusPtr s = NewStatus();
    TF_SetAttrTensor(desc, n, t.get(), s.get());  // copies the tensor
    ThrowIfNotOk(env, s.get());
  } else if (kind == "func") {
    std::string f = StringArg(env, v, ("attr '" + name + "'").c_str());
    TF_SetAttrFuncName(desc, n, f.data(), f.size());
  } else {
    throw Napi::TypeError::New(env, "attr '" + name + "' has unknown kind '" + kind + "'");
  }
}

void SetListAttr(Napi::Env env, TF_OperationDescription* desc, const std::string& name, const std::string& kind,
                 Napi::Array arr) {
  const char* n = name.c_str();
  uint32_t len = arr.Length();
  auto bad = [&]() { return Napi::TypeError::New(env, "attr '" + name + "' of kind list(" + kind + ") has a wrong value"); };
  if (kind == "int") {
    std::vector<int64_t> vals(len);
    for (uint32_t i = 0; i < len; i++) {
      Napi::Value v = arr.Get(i);
      bool lossless;
      if (v.IsBigInt()) vals[i] = v.As<Napi::BigInt>().Int64Value(&lossless);
      else if (v.IsNumber()) vals[i] = v.As<Napi::Number>().Int64Value();
      else throw bad();
    }
    TF_SetAttrIntList(desc, n, vals.data(), static_cast<int>(len));
  } else if (kind == "float") {
    std::vector<float> vals(len);
    for (uint32_t i = 0; i < len; i++) {
      Napi::Value v = arr.Get(i);
      if (!v.IsNumber()) throw bad();
      vals[i] = v.As<Napi::Number>().FloatValue();
    }
    TF_SetAttrFloatList(desc, n, vals.data(), static_cast<int>(len));
  } else if (kind == "bool") {
    std::vector<unsigned char> vals(len);
    for (uint32_t i = 0; i < len; i++) {
      Napi::Value v = arr.Get(i);
      if (!v.IsBoolean()) throw bad();
      vals[i] = v.As<Napi::Boolean>().Value();
    }
    TF_SetAttrBoolList(desc, n, vals.data(), static_cast<int>(len));
  } else if (kind == "type") {
    std::vector<TF_DataType> vals(len);
    for (uint32_t i = 0; i < len; i++) {
      Napi::Value v = arr.Get(i);
      if (!v.IsNumber()) throw bad();
      vals[i] = static_cast<TF_DataType>(v.As<Napi::Number>().Int32Value());
    }
    TF_SetAttrTypeList(desc, n, vals.data(), static_cast<int>(len));
  } else if (kind == "shape") {
    std::vector<std::vector<int64_t>> shapes(len);
    std::vector<const int64_t*> ptrs(len);
    std::vector<int> ranks(len);
    bool overflows = false;
    for (uint32_t i = 0; i < len; i++) {
      Napi::Value v = arr.Get(i);
      if (v.IsNull()) {
        ranks[i] = -1;
      } else {
        shapes[i] = ShapeFromJs(env, v, true);
        ranks[i] = static_cast<int>(shapes[i].size());
        overflows = overflows || ShapeOverflows(shapes[i]);
      }
      ptrs[i] = shapes[i].data();
    }
    if (overflows) {
      std::string list;
      for (uint32_t i = 0; i < len; i++) PutField(list, 7, ShapeProto(ranks[i] < 0 ? nullptr : &shapes[i]));
      std::string attr;
      PutField(attr, 1, list);  // AttrValue.list, ListValue.shape
      SetShapeAttrProto(env, desc, n, attr);
    } else {
      TF_SetAttrShapeList(desc, n, ptrs.data(), ranks.data(), static_cast<int>(len));
    }
  } else if (kind == "string") {
    std::vector<std::string> vals(len);
    std::vector<const void*> ptrs(len);
    std::vector<size_t> lens(len);
    for (uint32_t i = 0; i < len; i++) {
      Napi::Value v = arr.Get(i);
      if (v.IsString()) {
        vals[i] = v.As<Napi::String>().Utf8Value();
      } else {
        Napi::Uint8Array b = BytesArg(env, v, ("attr '" + name + "'").c_str());
        vals[i].assign(reinterpret_cast<const char*>(b.Data()), b.ByteLength());
      }
      ptrs[i] = vals[i].data();
      lens[i] = vals[i].size();
    }
    TF_SetAttrStringList(desc, n, ptrs.data(), lens.data(), static_cast<int>(len));
  } else if (kind == "tensor") {
    std::vector<TensorPtr> owned;
    std::vector<TF_Tensor*> raw;
    for (uint32_t i = 0; i < len; i++) {
      owned.push_back(TensorFromJs(env, arr.Get(i)));
      raw.push_back(owned.back().get());
    }
    StatusPtr s = NewStatus();
    TF_SetAttrTensorList(desc, n, raw.data(), static_cast<int>(len), s.get());
    ThrowIfNotOk(env, s.get());
  } else if (kind == "func") {
    // The C API has no list(func) setter; a serialized AttrValue covers it.
    throw Napi::TypeError::New(env, "attr '" + name + "': list(func) must be passed as kind 'proto'");
  } else {
    throw Napi::TypeError::New(env, "attr '" + name + "' has unknown kind 'list(" + kind + ")'");
  }
}

void SetAttr(Napi::Env env, TF_OperationDescription* desc, Napi::Value entry) {
  Napi::Array e = ArrayArg(env, entry, "an attr entry [name, kind, value]");
  std::string name = StringArg(env, e.Get(0u), "attr name");
  std::string kind = StringArg(env, e.Get(1u), "attr kind");
  Napi::Value v = e.Get(2u);
  if (kind == "proto") {
    Napi::Uint8Array b = BytesArg(env, v, ("attr '" + name + "'").c_str());
    StatusPtr s = NewStatus();
    TF_SetAttrValueProto(desc, name.c_str(), b.Data(), b.ByteLength(), s.get());
    ThrowIfNotOk(env, s.get());
  } else if (kind.rfind("list(", 0) == 0 && kind.back() == ')') {
    SetListAttr(env, desc, name, kind.substr(5, kind.size() - 6),
                ArrayArg(env, v, ("attr '" + name + "'").c_str()));
  } else {
    SetScalarAttr(env, desc, name, kind, v);
  }
}

}  // namespace

Napi::Function Graph::Init(Napi::Env env) {
  return DefineClass(env, "Graph",
                     {InstanceMethod<&Graph::ImportGraphDef>("importGraphDef"),
                      InstanceMethod<&Graph::OperationByName>("operation"),
                      InstanceMethod<&Graph::Operations>("operations"),
                      InstanceMethod<&Graph::AddOperation>("addOperation"),
                      InstanceMethod<&Graph::Gradients>("gradients"),
                      InstanceMethod<&Graph::ToGraphDef>("toGraphDef"),
                      InstanceMethod<&Graph::OpDef>("opDef"),
                      InstanceMethod<&Graph::SetOutputShape>("setOutputShape"),
                      InstanceMethod<&Graph::HandleData>("handleData"),
                      InstanceMethod<&Graph::SetHandleData>("setHandleData"),
                      InstanceMethod<&Graph::UpdateInput>("updateInput"),
                      InstanceMethod<&Graph::AddControlInput>("addControlInput"),
                      InstanceMethod<&Graph::RemoveAllControlInputs>("removeAllControlInputs"),
                      InstanceMethod<&Graph::ToFunction>("toFunction"),
                      InstanceMethod<&Graph::AddFunction>("addFunction")});
}

Graph::Graph(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Graph>(info) {
  info.This().As<Napi::Object>().TypeTag(&kGraphTag);
  if (info.Length() == 1 && info[0].IsExternal()) {
    graph_.reset(info[0].As<Napi::External<TF_Graph>>().Data());
  } else {
    BlockSignals block;  // its shape refiner starts a thread that runs kernels (signals.h)
    graph_.reset(TF_NewGraph());
  }
}

Napi::Object Graph::Adopt(Napi::Env env, GraphPtr graph) {
  Napi::Object obj = Addon::Get(env)->graph_ctor.New({Napi::External<TF_Graph>::New(env, graph.get())});
  graph.release();  // now owned by the JS object
  return obj;
}

Graph* Graph::FromJs(Napi::Env env, Napi::Value v) {
  return UnwrapTagged<Graph>(v, kGraphTag, "expected a native Graph");
}

TF_Output Graph::OutputFromJs(Napi::Env env, Napi::Value v, const char* what) const {
  if (!v.IsObject()) throw Napi::TypeError::New(env, std::string(what) + " must be {op, index}");
  Napi::Object o = v.As<Napi::Object>();
  const Addon* addon = Addon::Get(env);
  TF_Operation* op = Operation::FromJs(env, addon->Get(o, Addon::kOp), this, what);
  Napi::Value idx = addon->Get(o, Addon::kIndex);
  if (!idx.IsNumber()) throw Napi::TypeError::New(env, std::string(what) + ".index must be a number");
  // DoubleValue, not Int32Value: 2**32 + 1 must not wrap to output 1, nor NaN become output 0.
  double d = idx.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d >= TF_OperationNumOutputs(op) || d != static_cast<double>(static_cast<int>(d))) {
    throw Napi::TypeError::New(env, std::string(what) + ": operation '" + TF_OperationName(op) + "' has no output " +
                                        Napi::Value(idx).ToString().Utf8Value());
  }
  return TF_Output{op, static_cast<int>(d)};
}

Napi::Value Graph::ImportGraphDef(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Uint8Array bytes = BytesArg(env, info[0], "graphDef");
  Napi::Object opts = info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
  ImportOptionsPtr o(TF_NewImportGraphDefOptions());
  // Strings must outlive the call: the options keep pointers to them.
  std::vector<std::string> keep;
  keep.reserve(64);
  if (opts.Has("prefix") && !opts.Get("prefix").IsUndefined()) {
    keep.push_back(StringArg(env, opts.Get("prefix"), "prefix"));
    TF_ImportGraphDefOptionsSetPrefix(o.get(), keep.back().c_str());
  }
  if (opts.Has("defaultDevice") && !opts.Get("defaultDevice").IsUndefined()) {
    keep.push_back(StringArg(env, opts.Get("defaultDevice"), "defaultDevice"));
    TF_ImportGraphDefOptionsSetDefaultDevice(o.get(), keep.back().c_str());
  }
  if (opts.Get("uniquifyNames").ToBoolean()) TF_ImportGraphDefOptionsSetUniquifyNames(o.get(), 1);
  if (opts.Get("uniquifyPrefix").ToBoolean()) TF_ImportGraphDefOptionsSetUniquifyPrefix(o.get(), 1);
  std::vector<std::string> names;  // stable storage: sized before pointers are taken
  Napi::Value im = opts.Get("inputMap");
  Napi::Value ro = opts.Get("returnOutputs");
  Napi::Value cim = opts.Get("controlInputMap");
  uint32_t n_im = im.IsArray() ? im.As<Napi::Array>().Length() : 0;
  uint32_t n_ro = ro.IsArray() ? ro.As<Napi::Array>().Length() : 0;
  uint32_t n_cim = cim.IsArray() ? cim.As<Napi::Array>().Length() : 0;
  names.reserve(n_im + n_ro + n_cim);
  for (uint32_t i = 0; i < n_im; i++) {
    Napi::Array e = ArrayArg(env, im.As<Napi::Array>().Get(i), "inputMap entry");
    names.push_back(StringArg(env, e.Get(0u), "inputMap source name"));
    int src_idx = e.Get(1u).ToNumber().Int32Value();
    TF_Output dst = OutputFromJs(env, e.Get(2u), "inputMap destination");
    TF_ImportGraphDefOptionsAddInputMapping(o.get(), names.back().c_str(), src_idx, dst);
  }
  for (uint32_t i = 0; i < n_cim; i++) {
    Napi::Array e = ArrayArg(env, cim.As<Napi::Array>().Get(i), "controlInputMap entry");
    names.push_back(StringArg(env, e.Get(0u), "controlInputMap source name"));
    TF_ImportGraphDefOptionsRemapControlDependency(o.get(), names.back().c_str(),
                                                   Operation::FromJs(env, e.Get(1u), this, "controlInputMap destination"));
  }
  for (uint32_t i = 0; i < n_ro; i++) {
    Napi::Array e = ArrayArg(env, ro.As<Napi::Array>().Get(i), "returnOutputs entry");
    names.push_back(StringArg(env, e.Get(0u), "returnOutputs name"));
    TF_ImportGraphDefOptionsAddReturnOutput(o.get(), names.back().c_str(), e.Get(1u).ToNumber().Int32Value());
  }
  std::vector<std::string> op_names;
  Napi::Value rops = opts.Get("returnOperations");
  if (rops.IsArray()) {
    Napi::Array a = rops.As<Napi::Array>();
    op_names.reserve(a.Length());
    for (uint32_t i = 0; i < a.Length(); i++) {
      op_names.push_back(StringArg(env, a.Get(i), "returnOperations entry"));
      TF_ImportGraphDefOptionsAddReturnOperation(o.get(), op_names.back().c_str());
    }
  }
  Napi::Value cds = opts.Get("controlDependencies");
  if (cds.IsArray()) {
    Napi::Array a = cds.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) {
      TF_ImportGraphDefOptionsAddControlDependency(o.get(), Operation::FromJs(env, a.Get(i), this, "controlDependencies"));
    }
  }
  BufferPtr buf = BufferFrom(bytes.Data(), bytes.ByteLength());
  StatusPtr s = NewStatus();
  ImportResultsPtr r(TF_GraphImportGraphDefWithResults(graph_.get(), buf.get(), o.get(), s.get()));
  ThrowIfNotOk(env, s.get());

  Napi::Object self = Value();
  Napi::Object result = Napi::Object::New(env);
  int n;
  TF_Output* outs;
  TF_ImportGraphDefResultsReturnOutputs(r.get(), &n, &outs);
  Napi::Array js_outs = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) js_outs.Set(i, EndpointToJs(env, self, outs[i].oper, outs[i].index));
  result.Set("outputs", js_outs);
  TF_Operation** ops;
  TF_ImportGraphDefResultsReturnOperations(r.get(), &n, &ops);
  Napi::Array js_ops = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) js_ops.Set(i, Operation::New(env, ops[i], self));
  result.Set("operations", js_ops);
  const char** missing_names;
  int* missing_idx;
  TF_ImportGraphDefResultsMissingUnusedInputMappings(r.get(), &n, &missing_names, &missing_idx);
  Napi::Array js_missing = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::String::New(env, missing_names[i]));
    pair.Set(1u, Napi::Number::New(env, missing_idx[i]));
    js_missing.Set(i, pair);
  }
  result.Set("missingUnusedInputMappings", js_missing);
  return result;
}

Napi::Value Graph::OperationByName(const Napi::CallbackInfo& info) {
  std::string name = StringArg(info.Env(), info[0], "name");
  TF_Operation* op = TF_GraphOperationByName(graph_.get(), name.c_str());
  if (op == nullptr) return info.Env().Null();
  return Operation::New(info.Env(), op, Value());
}

Napi::Value Graph::Operations(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  size_t pos = 0;
  uint32_t i = 0;
  Napi::Object self = Value();
  while (TF_Operation* op = TF_GraphNextOperation(graph_.get(), &pos)) out.Set(i++, Operation::New(env, op, self));
  return out;
}

Napi::Value Graph::AddOperation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) throw Napi::TypeError::New(env, "addOperation takes {type, name, ...}");
  Napi::Object spec = info[0].As<Napi::Object>();
  std::string type = StringArg(env, spec.Get("type"), "type");
  std::string name = StringArg(env, spec.Get("name"), "name");
  if (name.empty()) throw Napi::TypeError::New(env, "operation name must not be empty");
  // Validate everything that can be checked before the description exists: TF_FinishOperation
  // is the only way to free a description, and it adds the op when the spec is valid.
  StatusPtr s = NewStatus();
  BufferPtr opdef(TF_NewBuffer());
  TF_GraphGetOpDef(graph_.get(), type.c_str(), opdef.get(), s.get());
  ThrowIfNotOk(env, s.get());
  if (TF_GraphOperationByName(graph_.get(), name.c_str()) != nullptr) {
    throw MakeOpError(env, TF_INVALID_ARGUMENT, "Duplicate node name in graph: '" + name + "'");
  }
  struct Input {
    bool is_list;
    std::vector<TF_Output> outs;
  };
  std::vector<Input> inputs;
  Napi::Value in_v = spec.Get("inputs");
  if (!in_v.IsUndefined()) {
    Napi::Array arr = ArrayArg(env, in_v, "inputs");
    for (uint32_t i = 0; i < arr.Length(); i++) {
      Napi::Value el = arr.Get(i);
      Input in{el.IsArray(), {}};
      if (in.is_list) {
        Napi::Array l = el.As<Napi::Array>();
        for (uint32_t j = 0; j < l.Length(); j++) in.outs.push_back(OutputFromJs(env, l.Get(j), "input"));
      } else {
        in.outs.push_back(OutputFromJs(env, el, "input"));
      }
      inputs.push_back(std::move(in));
    }
  }
  std::vector<TF_Operation*> controls;
  Napi::Value c_v = spec.Get("controlInputs");
  if (!c_v.IsUndefined()) {
    Napi::Array arr = ArrayArg(env, c_v, "controlInputs");
    for (uint32_t i = 0; i < arr.Length(); i++) controls.push_back(Operation::FromJs(env, arr.Get(i), this, "controlInput"));
  }
  Napi::Value a_v = spec.Get("attrs");
  Napi::Array attrs = a_v.IsUndefined() ? Napi::Array::New(env) : ArrayArg(env, a_v, "attrs");
  std::string device = spec.Get("device").IsString() ? spec.Get("device").As<Napi::String>().Utf8Value() : "";

  TF_OperationDescription* desc = TF_NewOperation(graph_.get(), type.c_str(), name.c_str());
  try {
    for (const Input& in : inputs) {
      if (in.is_list) TF_AddInputList(desc, in.outs.data(), static_cast<int>(in.outs.size()));
      else TF_AddInput(desc, in.outs[0]);
    }
    for (TF_Operation* c : controls) TF_AddControlInput(desc, c);
    if (!device.empty()) TF_SetDevice(desc, device.c_str());
    for (uint32_t i = 0; i < attrs.Length(); i++) SetAttr(env, desc, attrs.Get(i));
  } catch (...) {
    // A bad attr value: TF_FinishOperation is the only way to free a description, so make sure it
    // fails. An unknown attr is not enough (node validation only logs it and adds the node);
    // giving one attr two different values always fails NodeDefBuilder::Finalize ("Inconsistent
    // values for attr"), so nothing is added and the name stays free.
    TF_SetAttrBool(desc, "_tf1_node_abandoned", true);
    TF_SetAttrBool(desc, "_tf1_node_abandoned", false);
    StatusPtr discard = NewStatus();
    TF_FinishOperation(desc, discard.get());
    throw;
  }
  TF_Operation* op = TF_FinishOperation(desc, s.get());
  ThrowIfNotOk(env, s.get());
  return Operation::New(env, op, Value());
}

std::vector<TF_Output> Graph::OutputsFromJs(Napi::Env env, Napi::Value v, const char* what) const {
  Napi::Array a = ArrayArg(env, v, what);
  std::vector<TF_Output> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = OutputFromJs(env, a.Get(i), what);
  return out;
}

Napi::Value Graph::Gradients(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<TF_Output> ys = OutputsFromJs(env, info[0], "ys");
  std::vector<TF_Output> xs = OutputsFromJs(env, info[1], "xs");
  std::vector<TF_Output> dys;
  if (info.Length() > 2 && !info[2].IsNull() && !info[2].IsUndefined()) {
    dys = OutputsFromJs(env, info[2], "dys");
    if (dys.size() != ys.size()) throw Napi::TypeError::New(env, "dys must have one entry per y");
  }
  std::string prefix = info.Length() > 3 && info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : "";
  std::vector<TF_Output> dxs(xs.size());
  StatusPtr s = NewStatus();
  TF_AddGradientsWithPrefix(graph_.get(), prefix.empty() ? nullptr : prefix.c_str(), ys.data(),
                            static_cast<int>(ys.size()), xs.data(), static_cast<int>(xs.size()),
                            dys.empty() ? nullptr : dys.data(), s.get(), dxs.data());
  ThrowIfNotOk(env, s.get());
  Napi::Array out = Napi::Array::New(env, dxs.size());
  Napi::Object self = Value();
  for (size_t i = 0; i < dxs.size(); i++) {
    // TF leaves dx as {nullptr, 0} where y does not depend on x (Python returns None).
    out.Set(i, dxs[i].oper == nullptr ? env.Null() : EndpointToJs(env, self, dxs[i].oper, dxs[i].index));
  }
  return out;
}

Napi::Value Graph::ToGraphDef(const Napi::CallbackInfo& info) {
  BufferPtr buf(TF_NewBuffer());
  StatusPtr s = NewStatus();
  TF_GraphToGraphDef(graph_.get(), buf.get(), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  return BufferToJs(info.Env(), buf.get());
}

Napi::Value Graph::OpDef(const Napi::CallbackInfo& info) {
  std::string type = StringArg(info.Env(), info[0], "type");
  BufferPtr buf(TF_NewBuffer());
  StatusPtr s = NewStatus();
  TF_GraphGetOpDef(graph_.get(), type.c_str(), buf.get(), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  return BufferToJs(info.Env(), buf.get());
}

Napi::Value Graph::ToFunction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(env, info[0], "name");
  if (!info[1].IsBoolean()) throw Napi::TypeError::New(env, "appendHash must be a boolean");
  const bool append_hash = info[1].As<Napi::Boolean>().Value();
  std::vector<const TF_Operation*> opers;
  const bool all = info[2].IsNull() || info[2].IsUndefined();
  if (!all) {
    Napi::Array a = ArrayArg(env, info[2], "opers");
    for (uint32_t i = 0; i < a.Length(); i++) opers.push_back(Operation::FromJs(env, a.Get(i), this, "opers"));
  }
  std::vector<TF_Output> inputs = OutputsFromJs(env, info[3], "inputs");
  std::vector<TF_Output> results = OutputsFromJs(env, info[4], "outputs");
  std::vector<std::string> names;
  if (!info[5].IsNull() && !info[5].IsUndefined()) {
    Napi::Array a = ArrayArg(env, info[5], "outputNames");
    if (a.Length() != results.size()) throw Napi::TypeError::New(env, "outputNames must have one name per output");
    for (uint32_t i = 0; i < a.Length(); i++) names.push_back(StringArg(env, a.Get(i), "outputNames"));
  }
  std::vector<const char*> name_ptrs;
  for (const std::string& n : names) name_ptrs.push_back(n.c_str());
  const bool described = info[6].IsString();
  std::string description = described ? info[6].As<Napi::String>().Utf8Value() : "";
  StatusPtr s = NewStatus();
  FunctionPtr fn(TF_GraphToFunction(graph_.get(), name.c_str(), append_hash, all ? -1 : static_cast<int>(opers.size()),
                                    all ? nullptr : opers.data(), static_cast<int>(inputs.size()), inputs.data(),
                                    static_cast<int>(results.size()), results.data(),
                                    names.empty() ? nullptr : name_ptrs.data(), nullptr,
                                    described ? description.c_str() : nullptr, s.get()));
  ThrowIfNotOk(env, s.get());
  BufferPtr buf(TF_NewBuffer());
  TF_FunctionToFunctionDef(fn.get(), buf.get(), s.get());
  ThrowIfNotOk(env, s.get());
  return BufferToJs(env, buf.get());
}

Napi::Value Graph::AddFunction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto import = [&](Napi::Value v, const char* what) {
    Napi::Uint8Array bytes = BytesArg(env, v, what);
    StatusPtr s = NewStatus();
    FunctionPtr fn(TF_FunctionImportFunctionDef(bytes.Data(), bytes.ByteLength(), s.get()));
    ThrowIfNotOk(env, s.get());
    return fn;
  };
  FunctionPtr fn = import(info[0], "functionDef");
  FunctionPtr grad = info.Length() > 1 && !info[1].IsNull() && !info[1].IsUndefined() ? import(info[1], "gradient")
                                                                                        : FunctionPtr();
  StatusPtr s = NewStatus();
  TF_GraphCopyFunction(graph_.get(), fn.get(), grad.get(), s.get());
  ThrowIfNotOk(env, s.get());
  return Napi::String::New(env, TF_FunctionName(fn.get()));
}

Napi::Value Graph::SetOutputShape(const Napi::CallbackInfo& info) {
  TF_Output out = OutputFromJs(info.Env(), info[0], "output");
  std::vector<int64_t> dims = ShapeFromJs(info.Env(), info[1], true);
  StatusPtr s = NewStatus();
  TF_GraphSetTensorShape(graph_.get(), out, dims.data(), static_cast<int>(dims.size()), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  return info.Env().Undefined();
}

Napi::Value Graph::HandleData(const Napi::CallbackInfo& info) {
  TF_Output out = OutputFromJs(info.Env(), info[0], "output");
  BufferPtr buf(TF_GetHandleShapeAndType(graph_.get(), out));  // null: the output carries none
  const size_t len = buf ? buf->length : 0;
  Napi::Uint8Array bytes = Napi::Uint8Array::New(info.Env(), len);
  if (len > 0) memcpy(bytes.Data(), buf->data, len);
  return bytes;
}

Napi::Value Graph::SetHandleData(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TF_Output out = OutputFromJs(env, info[0], "output");
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, "handle data must be a Uint8Array");
  }
  Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
  StatusPtr s = NewStatus();
  TF_SetHandleShapeAndType(graph_.get(), out, bytes.Data(), bytes.ByteLength(), s.get());
  ThrowIfNotOk(env, s.get());
  return env.Undefined();
}

Napi::Value Graph::UpdateInput(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TF_Operation* op = Operation::FromJs(env, info[0], this, "op");
  if (!info[1].IsNumber()) throw Napi::TypeError::New(env, "input index must be a number");
  double d = info[1].As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d >= TF_OperationNumInputs(op) || d != static_cast<double>(static_cast<int>(d))) {
    throw Napi::TypeError::New(env, std::string("operation '") + TF_OperationName(op) + "' has no input " +
                                        info[1].ToString().Utf8Value());
  }
  TF_Output src = OutputFromJs(env, info[2], "source");
  StatusPtr s = NewStatus();
  TF_UpdateEdge(graph_.get(), src, TF_Input{op, static_cast<int>(d)}, s.get());
  ThrowIfNotOk(env, s.get());
  return env.Undefined();
}

Napi::Value Graph::AddControlInput(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TF_Operation* op = Operation::FromJs(env, info[0], this, "op");
  TF_AddOperationControlInput(graph_.get(), op, Operation::FromJs(env, info[1], this, "control input"));
  return env.Undefined();
}

Napi::Value Graph::RemoveAllControlInputs(const Napi::CallbackInfo& info) {
  TF_RemoveAllControlInputs(graph_.get(), Operation::FromJs(info.Env(), info[0], this, "op"));
  return info.Env().Undefined();
}

}  // namespace tf1node
