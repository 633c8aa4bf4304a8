#include "session.h"

#include <memory>
#include <string>

#include "addon.h"
#include "graph.h"
#include "operation.h"
#include "status.h"
#include "tensor.h"

namespace tf1node {

namespace {

// One TF_SessionRun call: arguments converted on the JS thread, executed on any thread, results
// turned into JS on the JS thread. Owns every tensor it touches.
struct RunCall {
  std::vector<TF_Output> inputs;
  std::vector<TensorPtr> input_values;
  std::vector<TF_Output> outputs;
  std::vector<TF_Tensor*> output_values;
  std::vector<TF_Operation*> targets;
  BufferPtr run_options;
  BufferPtr run_metadata;
  StatusCopy status;

  RunCall(Napi::Env env, const Graph* graph, const Napi::CallbackInfo& info) {
    if (info.Length() < 3 || !info[0].IsArray() || !info[1].IsArray() || !info[2].IsArray()) {
      throw Napi::TypeError::New(env, "run takes (feeds, fetches, targets, runOptions, wantMetadata)");
    }
    Napi::Array feeds = info[0].As<Napi::Array>();
    uint32_t nf = feeds.Length();
    inputs.reserve(nf);
    input_values.reserve(nf);
    for (uint32_t i = 0; i < nf; i++) {
      Napi::Value pair = feeds.Get(i);
      if (!pair.IsArray()) throw Napi::TypeError::New(env, "a feed must be [{op, index}, tensor]");
      Napi::Array p = pair.As<Napi::Array>();
      inputs.push_back(graph->OutputFromJs(env, p.Get(0u), "feed"));
      input_values.push_back(TensorFromJs(env, p.Get(1u)));
    }
    Napi::Array fetches = info[1].As<Napi::Array>();
    outputs.reserve(fetches.Length());
    for (uint32_t i = 0; i < fetches.Length(); i++) outputs.push_back(graph->OutputFromJs(env, fetches.Get(i), "fetch"));
    output_values.assign(outputs.size(), nullptr);
    Napi::Array tgts = info[2].As<Napi::Array>();
    targets.reserve(tgts.Length());
    for (uint32_t i = 0; i < tgts.Length(); i++) targets.push_back(Operation::FromJs(env, tgts.Get(i), graph, "target"));
    if (info.Length() > 3 && !info[3].IsNull() && !info[3].IsUndefined()) {
      if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        throw Napi::TypeError::New(env, "runOptions must be RunOptions bytes (Uint8Array)");
      }
      Napi::Uint8Array b = info[3].As<Napi::Uint8Array>();
      run_options = BufferFrom(b.Data(), b.ByteLength());
    }
    if (info.Length() > 4 && info[4].ToBoolean()) run_metadata.reset(TF_NewBuffer());
  }

  ~RunCall() {
    for (TF_Tensor* t : output_values) {
      if (t != nullptr) TF_DeleteTensor(t);
    }
  }

  void Execute(TF_Session* session) {
    std::vector<TF_Tensor*> in(input_values.size());
    for (size_t i = 0; i < in.size(); i++) in[i] = input_values[i].get();
    StatusPtr s = NewStatus();
    TF_SessionRun(session, run_options.get(), inputs.data(), in.data(), static_cast<int>(in.size()), outputs.data(),
                  output_values.data(), static_cast<int>(outputs.size()), targets.data(),
                  static_cast<int>(targets.size()), run_metadata.get(), s.get());
    status.Set(s.get());
  }

  Napi::Value Results(Napi::Env env) {
    Napi::Array outs = Napi::Array::New(env, output_values.size());
    for (size_t i = 0; i < output_values.size(); i++) {
      TensorPtr t(output_values[i]);
      output_values[i] = nullptr;
      outs.Set(i, TensorToJs(env, std::move(t)));
    }
    Napi::Array result = Napi::Array::New(env, 2);
    result.Set(0u, outs);
    if (run_metadata) {
      Napi::Uint8Array meta = Napi::Uint8Array::New(env, run_metadata->length);
      if (run_metadata->length > 0) memcpy(meta.Data(), run_metadata->data, run_metadata->length);
      result.Set(1u, meta);
    } else {
      result.Set(1u, env.Null());
    }
    return result;
  }
};

class RunWorker : public Napi::AsyncWorker {
 public:
  RunWorker(Napi::Env env, Session* session, Napi::Object session_obj, TF_Session* raw, std::unique_ptr<RunCall> call)
      : Napi::AsyncWorker(env, "tf1-node:Session.run"),
        deferred_(Napi::Promise::Deferred::New(env)),
        session_(session),
        session_ref_(Napi::Persistent(session_obj)),
        raw_(raw),
        call_(std::move(call)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override { call_->Execute(raw_); }

  void OnOK() override {
    Napi::Env env = Env();
    try {
      if (call_->status.ok()) {
        deferred_.Resolve(call_->Results(env));
      } else {
        deferred_.Reject(MakeOpError(env, call_->status.code, call_->status.message).Value());
      }
    } catch (const Napi::Error& e) {
      // Results() or the error class failed; with the environment going away even this can throw.
      try {
        deferred_.Reject(e.Value());
      } catch (const Napi::Error&) {
      }
    }
    session_->RunFinished(env);  // always: close() waits for this count to reach zero
  }

 private:
  Napi::Promise::Deferred deferred_;
  Session* session_;
  Napi::ObjectReference session_ref_;  // the session cannot be collected while this run is out
  TF_Session* raw_;
  std::unique_ptr<RunCall> call_;
};

}  // namespace

Napi::Function Session::Init(Napi::Env env) {
  return DefineClass(env, "Session",
                     {InstanceMethod<&Session::Run>("run"),
                      InstanceMethod<&Session::RunSync>("runSync"),
                      InstanceMethod<&Session::Close>("close"),
                      InstanceAccessor<&Session::Closed>("closed"),
                      InstanceMethod<&Session::ListDevices>("listDevices")});
}

Session::Session(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Session>(info) {
  Napi::Env env = info.Env();
  info.This().As<Napi::Object>().TypeTag(&kSessionTag);
  if (info.Length() == 2 && info[0].IsExternal()) {  // Session::Adopt
    graph_ = Graph::FromJs(env, info[1]);
    graph_ref_ = Napi::Persistent(info[1].As<Napi::Object>());
    session_ = info[0].As<Napi::External<TF_Session>>().Data();
    return;
  }
  graph_ = Graph::FromJs(env, info[0]);
  SessionOptionsPtr opts(TF_NewSessionOptions());
  std::string target = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  if (!target.empty()) TF_SetTarget(opts.get(), target.c_str());
  StatusPtr s = NewStatus();
  if (info.Length() > 2 && info[2].IsTypedArray()) {
    Napi::Uint8Array cfg = info[2].As<Napi::Uint8Array>();
    TF_SetConfig(opts.get(), cfg.Data(), cfg.ByteLength(), s.get());
    ThrowIfNotOk(env, s.get());
  }
  session_ = TF_NewSession(graph_->graph(), opts.get(), s.get());
  ThrowIfNotOk(env, s.get());
  graph_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
}

Napi::Object Session::Adopt(Napi::Env env, TF_Session* session, Napi::Object graph_obj) {
  return Addon::Get(env)->session_ctor.New({Napi::External<TF_Session>::New(env, session), graph_obj});
}

Session::~Session() { Destroy(); }

void Session::Destroy() {
  SessionPtr owned(session_);  // closes and deletes
  session_ = nullptr;
}

void Session::CheckOpen(Napi::Env env) const {
  if (close_requested_ || session_ == nullptr) throw Napi::Error::New(env, "Attempted to use a closed Session.");
}

void Session::RunFinished(Napi::Env env) {
  if (--in_flight_ > 0 || !close_requested_) return;
  Destroy();
  std::vector<Napi::Promise::Deferred> waiters;
  waiters.swap(close_waiters_);
  for (auto& d : waiters) d.Resolve(env.Undefined());
}

Napi::Value Session::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  auto call = std::make_unique<RunCall>(env, graph_, info);
  auto* worker = new RunWorker(env, this, Value(), session_, std::move(call));
  Napi::Promise p = worker->Promise();
  RunStarted();
  worker->Queue();
  return p;
}

Napi::Value Session::RunSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  RunCall call(env, graph_, info);
  call.Execute(session_);
  if (!call.status.ok()) throw MakeOpError(env, call.status.code, call.status.message);
  return call.Results(env);
}

Napi::Value Session::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto d = Napi::Promise::Deferred::New(env);
  close_requested_ = true;
  if (in_flight_ == 0) {
    Destroy();
    d.Resolve(env.Undefined());
  } else {
    close_waiters_.push_back(d);
  }
  return d.Promise();
}

Napi::Value Session::Closed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), close_requested_); }

Napi::Value Session::ListDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  StatusPtr s = NewStatus();
  DeviceListPtr list(TF_SessionListDevices(session_, s.get()));
  ThrowIfNotOk(env, s.get());
  int n = TF_DeviceListCount(list.get());
  Napi::Array out = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) {
    Napi::Object d = Napi::Object::New(env);
    d.Set("name", Napi::String::New(env, TF_DeviceListName(list.get(), i, s.get())));
    d.Set("type", Napi::String::New(env, TF_DeviceListType(list.get(), i, s.get())));
    d.Set("memoryBytes", Napi::Number::New(env, static_cast<double>(TF_DeviceListMemoryBytes(list.get(), i, s.get()))));
    ThrowIfNotOk(env, s.get());
    out.Set(i, d);
  }
  return out;
}

}  // namespace tf1node
