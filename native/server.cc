#include "server.h"

#include "addon.h"
#include "runner.h"
#include "signals.h"
#include "status.h"

namespace tf1node {

namespace {

// A join blocks in TF for as long as a started server runs: the process's life, since TF cannot
// stop one. So it runs on one of the runner's extra threads, not libuv's pool, where Node would
// wait for it at process.exit() and worker.terminate(); teardown leaves that thread to it.
class JoinJob : public RunJob {
 public:
  JoinJob(Napi::Env env, Napi::Object server_obj, TF_Server* server, bool started)
      : deferred_(Napi::Promise::Deferred::New(env)),
        server_ref_(Napi::Persistent(server_obj)),
        server_(server),
        started_(started) {}
  Napi::Promise Promise() const { return deferred_.Promise(); }
  void Execute() override {
    StatusPtr s = NewStatus();
    TF_ServerJoin(server_, s.get());
    status_.Set(s.get());
  }
  void Complete(Napi::Env env) override {
    if (status_.ok()) deferred_.Resolve(env.Undefined());
    else deferred_.Reject(MakeOpError(env, status_.code, status_.message).Value());
  }
  void Abandon() override { server_ref_.SuppressDestruct(); }
  // A server never started returns at once; a started one is never deleted (see ~Server).
  bool Cancel() override { return !started_; }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference server_ref_;  // keeps the server alive while joined
  TF_Server* server_;
  bool started_;
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
  BlockSignals block;  // the server starts TF's threads (signals.h)
  server_.reset(TF_NewServer(def.Data(), def.ByteLength(), s.get()));
  ThrowIfNotOk(env, s.get());
}

Server::~Server() {
  if (started_) server_.release();  // see server.h: never block the JS thread on a running server
}

Napi::Value Server::Start(const Napi::CallbackInfo& info) {
  StatusPtr s = NewStatus();
  {
    BlockSignals block;  // as in the constructor
    TF_ServerStart(server_.get(), s.get());
  }
  ThrowIfNotOk(info.Env(), s.get());
  started_ = true;
  return info.Env().Undefined();
}

Napi::Value Server::Join(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto job = std::make_unique<JoinJob>(env, Value(), server_.get(), started_);
  Napi::Promise p = job->Promise();
  Addon::Get(env)->GetRunner().SubmitAside(env, std::move(job));
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
