#include "server.h"

#include "status.h"

namespace tf1node {

namespace {

class JoinWorker : public Napi::AsyncWorker {
 public:
  JoinWorker(Napi::Env env, Napi::Object server_obj, TF_Server* server)
      : Napi::AsyncWorker(env, "tf1-node:Server.join"),
        deferred_(Napi::Promise::Deferred::New(env)),
        server_ref_(Napi::Persistent(server_obj)),
        server_(server) {}
  Napi::Promise Promise() const { return deferred_.Promise(); }
  void Execute() override {
    StatusPtr s = NewStatus();
    TF_ServerJoin(server_, s.get());
    status_.Set(s.get());
  }
  void OnOK() override {
    if (status_.ok()) deferred_.Resolve(Env().Undefined());
    else deferred_.Reject(MakeOpError(Env(), status_.code, status_.message).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference server_ref_;  // keeps the server alive while joined
  TF_Server* server_;
  StatusCopy status_;
};

}  // namespace

Napi::Function Server::Init(Napi::Env env) {
  return DefineClass(env, "Server",
                     {InstanceMethod<&Server::Start>("start"), InstanceMethod<&Server::Join>("join"),
                      InstanceMethod<&Server::Stop>("stop"), InstanceAccessor<&Server::Target>("target")});
}

Server::Server(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Server>(info) {
  Napi::Env env = info.Env();
  info.This().As<Napi::Object>().TypeTag(&kServerTag);
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, "Server takes ServerDef bytes (Uint8Array)");
  }
  Napi::Uint8Array def = info[0].As<Napi::Uint8Array>();
  StatusPtr s = NewStatus();
  server_.reset(TF_NewServer(def.Data(), def.ByteLength(), s.get()));
  ThrowIfNotOk(env, s.get());
}

Server::~Server() {
  if (started_) server_.release();  // see server.h: never block the JS thread on a running server
}

Napi::Value Server::Start(const Napi::CallbackInfo& info) {
  StatusPtr s = NewStatus();
  TF_ServerStart(server_.get(), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  started_ = true;
  return info.Env().Undefined();
}

Napi::Value Server::Join(const Napi::CallbackInfo& info) {
  auto* w = new JoinWorker(info.Env(), Value(), server_.get());
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

Napi::Value Server::Stop(const Napi::CallbackInfo& info) {
  StatusPtr s = NewStatus();
  TF_ServerStop(server_.get(), s.get());
  ThrowIfNotOk(info.Env(), s.get());
  return info.Env().Undefined();
}

Napi::Value Server::Target(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), TF_ServerTarget(server_.get()));
}

}  // namespace tf1node
