#include "saved_model.h"

#include <string>
#include <vector>

#include "addon.h"
#include "graph.h"
#include "handles.h"
#include "runner.h"
#include "session.h"
#include "status.h"

namespace tf1node {

namespace {

// A load on one of the runner's extra threads: not libuv's pool, whose work Node waits for at
// process.exit() and worker.terminate(), nor the runner's own thread, which a load of seconds
// would keep from the runs. Dropped unsettled, it frees what it loaded (members' deleters).
class LoadJob : public RunJob {
 public:
  LoadJob(Napi::Env env, std::string dir, std::vector<std::string> tags, std::string target, std::string config)
      : deferred_(Napi::Promise::Deferred::New(env)),
        dir_(std::move(dir)),
        tags_(std::move(tags)),
        target_(std::move(target)),
        config_(std::move(config)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    StatusPtr s = NewStatus();
    SessionOptionsPtr opts(TF_NewSessionOptions());
    if (!target_.empty()) TF_SetTarget(opts.get(), target_.c_str());
    if (!config_.empty()) {
      TF_SetConfig(opts.get(), config_.data(), config_.size(), s.get());
      if (TF_GetCode(s.get()) != TF_OK) return status_.Set(s.get());
    }
    std::vector<const char*> tags;
    for (const std::string& t : tags_) tags.push_back(t.c_str());
    graph_.reset(TF_NewGraph());
    meta_.reset(TF_NewBuffer());
    session_.reset(TF_LoadSessionFromSavedModel(opts.get(), nullptr, dir_.c_str(), tags.data(),
                                                static_cast<int>(tags.size()), graph_.get(), meta_.get(), s.get()));
    status_.Set(s.get());
  }

  void Complete(Napi::Env env) override {
    try {
      Settle(env);
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }
  void Abandon() override {}
  bool Cancel() override { return true; }  // TF cannot cancel a load; it ends on its own

 private:
  void Settle(Napi::Env env) {
    if (!status_.ok()) {
      deferred_.Reject(MakeOpError(env, status_.code, status_.message).Value());
      return;
    }
    Napi::Object graph = Graph::Adopt(env, std::move(graph_));
    Napi::Object session = Session::Adopt(env, session_.release(), graph, target_.empty());
    Napi::Uint8Array meta = Napi::Uint8Array::New(env, meta_->length);
    if (meta_->length > 0) memcpy(meta.Data(), meta_->data, meta_->length);
    Napi::Array result = Napi::Array::New(env, 3);
    result.Set(0u, graph);
    result.Set(1u, session);
    result.Set(2u, meta);
    deferred_.Resolve(result);
  }

  Napi::Promise::Deferred deferred_;
  std::string dir_;
  std::vector<std::string> tags_;
  std::string target_;
  std::string config_;
  StatusCopy status_;
  // Declared after the graph so the session is closed first if the job is dropped unsettled.
  GraphPtr graph_;
  SessionPtr session_;
  BufferPtr meta_;
};

}  // namespace

Napi::Value LoadSavedModel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString() || !info[1].IsArray()) {
    throw Napi::TypeError::New(env, "loadSavedModel takes (exportDir: string, tags: string[], target, config)");
  }
  std::vector<std::string> tags;
  Napi::Array t = info[1].As<Napi::Array>();
  for (uint32_t i = 0; i < t.Length(); i++) {
    if (!t.Get(i).IsString()) throw Napi::TypeError::New(env, "tags must be strings");
    tags.push_back(t.Get(i).As<Napi::String>().Utf8Value());
  }
  std::string target = info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : "";
  std::string config;
  if (info[3].IsTypedArray()) {
    Napi::Uint8Array c = info[3].As<Napi::Uint8Array>();
    config.assign(reinterpret_cast<const char*>(c.Data()), c.ByteLength());
  }
  auto job = std::make_unique<LoadJob>(env, info[0].As<Napi::String>().Utf8Value(), std::move(tags),
                                       std::move(target), std::move(config));
  Napi::Promise p = job->Promise();
  Addon::Get(env)->GetRunner().SubmitAside(env, std::move(job));
  return p;
}

}  // namespace tf1node
