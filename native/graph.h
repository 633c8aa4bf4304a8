// Graph: owns a TF_Graph. Operations and Sessions hold a reference to the Graph's JS object, so the
// TF_Graph is deleted (by the GC finalizer) only after every user of it is gone.
//
// JS surface (all [sync]):
//   new Graph()
//   importGraphDef(bytes, {prefix?, inputMap?: [name, index, {op, index}][], controlInputMap?: [name,
//       Operation][] (control inputs '^name' remapped), returnOutputs?: [name, index][], returnOperations?:
//       string[], controlDependencies?: Operation[], defaultDevice?, uniquifyNames?, uniquifyPrefix?}) ->
//       {outputs: {op,index}[], operations: Operation[], missingUnusedInputMappings: [name, index][]
//       (index -1 for a control input)}
//   operation(name) -> Operation | null
//   operations() -> Operation[]                       in the graph's order
//   addOperation({type, name, device?, inputs?: ({op,index} | {op,index}[])[],
//       controlInputs?: Operation[], attrs?: [name, kind, value][]}) -> Operation
//       kind: 'int' | 'float' | 'bool' | 'type' | 'shape' | 'string' | 'tensor' | 'func', or
//       'list(<kind>)'; a shape is number[] (-1 unknown dim) or null (unknown rank); a tensor is
//       {dtype, shape, data}; a func is a function name.
//   gradients(ys, xs, dys | null, prefix?) -> {op,index}[]   TF_AddGradientsWithPrefix
//   toGraphDef() -> Uint8Array
//   opDef(type) -> Uint8Array                         serialized OpDef from the op registry
//   setOutputShape({op,index}, shape)                 TF_GraphSetTensorShape
//   handleData({op,index}) -> Uint8Array              TF_GetHandleShapeAndType: the serialized
//       HandleData (shapes and dtypes a resource or variant carries); empty for other tensors
//   setHandleData({op,index}, bytes)                  TF_SetHandleShapeAndType (a resource or variant)
//   updateInput(op, index, {op,index})                TF_UpdateEdge: input `index` of op reads that output
//   addControlInput(op, control)                      TF_AddOperationControlInput
//   removeAllControlInputs(op)                        TF_RemoveAllControlInputs
//   toFunction(name, appendHash, opers: Operation[] | null, inputs: {op,index}[], outputs: {op,index}[],
//       outputNames: string[] | null, description: string | null) -> Uint8Array
//       TF_GraphToFunction: a serialized FunctionDef of `opers` (every op but the inputs' when
//       null) taking `inputs` and returning `outputs`; this graph is left as it was
//   addFunction(functionDef: Uint8Array, gradient: Uint8Array | null) -> string
//       TF_GraphCopyFunction: adds the function (and its gradient) to this graph's library; its name
// Throws: TypeError on bad arguments, OpError subclasses (InvalidArgument, NotFound...) on TF failures.
#pragma once

#include <napi.h>

#include <vector>

#include "type_tag.h"

#include "handles.h"

namespace tf1node {

class Graph : public Napi::ObjectWrap<Graph> {
 public:
  static Napi::Function Init(Napi::Env env);
  // Hides ObjectWrap::Unwrap: node-addon-api calls T::Unwrap for each method and accessor.
  static Graph* Unwrap(Napi::Object obj) {
    return UnwrapTagged<Graph>(obj, kGraphTag, "Illegal invocation: not a native Graph");
  }
  // A JS Graph that takes ownership of `graph` (SavedModel loading makes its own TF_Graph).
  static Napi::Object Adopt(Napi::Env env, GraphPtr graph);
  static Graph* FromJs(Napi::Env env, Napi::Value v);

  explicit Graph(const Napi::CallbackInfo& info);

  TF_Graph* graph() const { return graph_.get(); }
  // {op, index} -> TF_Output, checked to belong to this graph.
  TF_Output OutputFromJs(Napi::Env env, Napi::Value v, const char* what) const;
  // An array of {op, index} -> TF_Outputs, each checked as OutputFromJs checks it.
  std::vector<TF_Output> OutputsFromJs(Napi::Env env, Napi::Value v, const char* what) const;

 private:
  Napi::Value ImportGraphDef(const Napi::CallbackInfo& info);
  Napi::Value OperationByName(const Napi::CallbackInfo& info);
  Napi::Value Operations(const Napi::CallbackInfo& info);
  Napi::Value AddOperation(const Napi::CallbackInfo& info);
  Napi::Value Gradients(const Napi::CallbackInfo& info);
  Napi::Value ToGraphDef(const Napi::CallbackInfo& info);
  Napi::Value OpDef(const Napi::CallbackInfo& info);
  Napi::Value SetOutputShape(const Napi::CallbackInfo& info);
  Napi::Value HandleData(const Napi::CallbackInfo& info);
  Napi::Value SetHandleData(const Napi::CallbackInfo& info);
  Napi::Value ToFunction(const Napi::CallbackInfo& info);
  Napi::Value AddFunction(const Napi::CallbackInfo& info);
  Napi::Value UpdateInput(const Napi::CallbackInfo& info);
  Napi::Value AddControlInput(const Napi::CallbackInfo& info);
  Napi::Value RemoveAllControlInputs(const Napi::CallbackInfo& info);

  GraphPtr graph_;
};

}  // namespace tf1node
