// Operation: one TF_Operation of a Graph. The TF_Operation is owned by its TF_Graph, so every
// Operation keeps its Graph's JS object alive; an Operation never outlives the graph it points into.
//
// JS surface (all [sync]):
//   name, type, device, numOutputs, numInputs        properties of the node
//   outputType(i) -> number                           TF_DataType of output i
//   outputShape(i) -> number[] | null                 -1 for unknown dims, null for unknown rank
//   input(i) -> {op, index}                           the output feeding input i
//   inputListLength(argName) -> number
//   controlInputs() -> Operation[]
//   consumers(i) -> {op, index}[]                     inputs that read output i
//   attrMetadata(name) -> {isList, listSize, type, totalSize} | null
//   getAttr(name) -> value                            typed by the attr's kind (see graph.h)
//   getAttrProto(name) -> Uint8Array                  serialized AttrValue
//   toNodeDef() -> Uint8Array                         serialized NodeDef
//   graph -> Graph
// Throws: TypeError on bad arguments, OpError subclasses on TF failures (unknown attr: InvalidArgument).
#pragma once

#include <napi.h>

#include "type_tag.h"

#include "tensorflow/c/c_api.h"

namespace tf1node {

class Graph;

class Operation : public Napi::ObjectWrap<Operation> {
 public:
  static Napi::Function Init(Napi::Env env);
  // Hides ObjectWrap::Unwrap: node-addon-api calls T::Unwrap for each method and accessor.
  static Operation* Unwrap(Napi::Object obj) {
    return UnwrapTagged<Operation>(obj, kOperationTag, "Illegal invocation: not a native Operation");
  }
  // Wraps `op` of the graph `graph_obj` (a JS Graph object).
  static Napi::Object New(Napi::Env env, TF_Operation* op, Napi::Object graph_obj);
  // The TF_Operation behind a JS Operation; throws TypeError if `v` is not one of `graph`.
  static TF_Operation* FromJs(Napi::Env env, Napi::Value v, const Graph* graph, const char* what);

  explicit Operation(const Napi::CallbackInfo& info);

  TF_Operation* op() const { return op_; }
  const Graph* graph() const { return graph_; }

 private:
  Napi::Value Name(const Napi::CallbackInfo& info);
  Napi::Value Type(const Napi::CallbackInfo& info);
  Napi::Value Device(const Napi::CallbackInfo& info);
  Napi::Value NumOutputs(const Napi::CallbackInfo& info);
  Napi::Value NumInputs(const Napi::CallbackInfo& info);
  Napi::Value GraphObject(const Napi::CallbackInfo& info);
  Napi::Value OutputType(const Napi::CallbackInfo& info);
  Napi::Value OutputShape(const Napi::CallbackInfo& info);
  Napi::Value Input(const Napi::CallbackInfo& info);
  Napi::Value InputListLength(const Napi::CallbackInfo& info);
  Napi::Value ControlInputs(const Napi::CallbackInfo& info);
  Napi::Value Consumers(const Napi::CallbackInfo& info);
  Napi::Value AttrMetadata(const Napi::CallbackInfo& info);
  Napi::Value GetAttr(const Napi::CallbackInfo& info);
  Napi::Value GetAttrProto(const Napi::CallbackInfo& info);
  Napi::Value ToNodeDef(const Napi::CallbackInfo& info);

  int OutputIndexArg(const Napi::CallbackInfo& info, int limit);

  TF_Operation* op_ = nullptr;
  const Graph* graph_ = nullptr;
  Napi::ObjectReference graph_ref_;
};

// {op, index} for an output or input endpoint.
Napi::Object EndpointToJs(Napi::Env env, Napi::Object graph_obj, TF_Operation* op, int index);

}  // namespace tf1node
