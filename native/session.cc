#include "session.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "addon.h"
#include "callable.h"
#include "runner.h"
#include "signals.h"
#include "graph.h"
#include "operation.h"
#include "py_func.h"
#include "status.h"
#include "tensor.h"

namespace tf1node {

namespace {

// One TF_SessionRun call: arguments converted on the JS thread, executed on any thread, results
// turned into JS on the JS thread. Owns every tensor it touches.
// RunOptions with inter_op_thread_pool = -1 (field 3, a negative int32 as a 10-byte varint): run
// every op in the calling thread.
constexpr unsigned char kInlineRunOptions[] = {0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
// TF only reads run options: one buffer serves every inline run, with no copy per run.
const TF_Buffer kInlineRunOptionsBuffer{kInlineRunOptions, sizeof(kInlineRunOptions), nullptr};

// Bits of run()'s flags argument (session.h).
constexpr uint32_t kWantMetadata = 1;
constexpr uint32_t kDaemon = 2;
constexpr uint32_t kThen = 4;

// A second run made right after the first on the same thread, when that one succeeded: a read the
// caller expects to make next (a hook's global step read after the train step). Its results are a
// bonus: a failure is dropped, and the caller's own run of it then reports the error.
struct ThenRun {
  std::shared_ptr<const RunSignature> sig;
  std::shared_ptr<RunTuner> tuner;  // null unless the placement is ours (a local session)
  bool run_inline = false;
  int64_t run_ns = 0;
  bool ok = false;
  std::vector<TF_Tensor*> output_values;

  ~ThenRun() {
    for (TF_Tensor* t : output_values) {
      if (t != nullptr) TF_DeleteTensor(t);
    }
  }
};

struct RunCall {
  std::shared_ptr<const RunSignature> sig;
  // Set when the run's thread placement is ours to choose (no RunOptions or metadata asked for,
  // an in-process session): the tuner picks it and learns from the run's time.
  std::shared_ptr<RunTuner> tuner;
  bool run_inline = false;
  // How long an async run's caller waits for it (RunTuner::Wait).
  std::chrono::nanoseconds wait{0};
  int64_t run_ns = 0;
  std::vector<TensorPtr> input_values;
  std::vector<TF_Tensor*> output_values;
  BufferPtr run_options;
  const TF_Buffer* options = nullptr;  // run_options, or the shared inline options
  BufferPtr run_metadata;
  bool daemon = false;  // the run does not keep the process alive while out (RunJob::daemon)
  std::unique_ptr<ThenRun> then;
  StatusCopy status;

  RunCall(Napi::Env env, const Graph* graph, bool local, const Napi::CallbackInfo& info) {
    const Callable* callable = Callable::FromJs(env, info[0]);
    if (callable->graph() != graph) throw Napi::TypeError::New(env, "the callable was made on another graph");
    sig = callable->signature();
    if (!info[1].IsNull() && !info[1].IsUndefined()) {
      if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        throw Napi::TypeError::New(env, "runOptions must be RunOptions bytes (Uint8Array)");
      }
      Napi::Uint8Array b = info[1].As<Napi::Uint8Array>();
      run_options = BufferFrom(b.Data(), b.ByteLength());
      options = run_options.get();
    }
    const uint32_t flags = info[2].ToNumber().Uint32Value();
    if (flags & kWantMetadata) run_metadata.reset(TF_NewBuffer());
    daemon = (flags & kDaemon) != 0;
    size_t k = 3;
    if (flags & kThen) {
      const Callable* next = Callable::FromJs(env, info[k++]);
      if (next->graph() != graph) throw Napi::TypeError::New(env, "the callable was made on another graph");
      if (!next->signature()->inputs.empty()) throw Napi::TypeError::New(env, "a run made next takes no feeds");
      then = std::make_unique<ThenRun>();
      then->sig = next->signature();
      then->output_values.assign(then->sig->outputs.size(), nullptr);
      if (local) {
        then->tuner = next->tuner();
        then->run_inline = then->tuner->Inline();
      }
    }
    input_values.reserve(sig->inputs.size());
    while (input_values.size() < sig->inputs.size()) input_values.push_back(TensorFromArgs(info, k));
    if (k != info.Length()) {
      throw Napi::TypeError::New(env, "more feed values than the callable's " + std::to_string(sig->inputs.size()) +
                                          " feeds");
    }
    output_values.assign(sig->outputs.size(), nullptr);
    if (local && !run_options && !run_metadata) {
      tuner = callable->tuner();
      run_inline = tuner->Inline();
      if (run_inline) options = &kInlineRunOptionsBuffer;
      wait = tuner->Wait();
      // The caller waits for both runs, or for neither: a short run made next is short too.
      if (then && wait.count() > 0) wait += then->tuner->Wait();
    }
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
    auto start = std::chrono::steady_clock::now();
    TF_SessionRun(session, options, sig->inputs.data(), in.data(), static_cast<int>(in.size()),
                  sig->outputs.data(), output_values.data(), static_cast<int>(output_values.size()),
                  sig->targets.data(), static_cast<int>(sig->targets.size()), run_metadata.get(), s.get());
    run_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    status.Set(s.get());
    if (!status.ok()) return;
    for (TF_Tensor*& t : output_values) OwnResult(t);
    if (then) ExecuteThen(session);
  }

  void ExecuteThen(TF_Session* session) {
    StatusPtr s = NewStatus();
    auto start = std::chrono::steady_clock::now();
    TF_SessionRun(session, then->run_inline ? &kInlineRunOptionsBuffer : nullptr, nullptr, nullptr, 0,
                  then->sig->outputs.data(), then->output_values.data(), static_cast<int>(then->output_values.size()),
                  then->sig->targets.data(), static_cast<int>(then->sig->targets.size()), nullptr, s.get());
    then->run_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    then->ok = TF_GetCode(s.get()) == TF_OK;
    if (then->ok) {
      for (TF_Tensor*& t : then->output_values) OwnResult(t);
    }
  }

  // On the JS thread, once the run is over.
  void Finish() {
    if (tuner && status.ok()) tuner->Record(run_inline, run_ns);
    if (then && then->ok && then->tuner) then->tuner->Record(then->run_inline, then->run_ns);
  }

  // On the JS thread, once the run is over: the results, or throws the run's error.
  Napi::Value Settle(Napi::Env env) {
    Finish();
    if (!status.ok()) throw MakeOpError(env, status.code, status.message);
    return Results(env);
  }

  // [runMetadata bytes | null, then for each fetch: dtype, rank, each dimension, data, then the
  // same for the run made next when it succeeded]: one flat array, as every JS array made through
  // Node-API costs about as much as a scalar's conversion.
  Napi::Value Results(Napi::Env env) {
    size_t n = 1;
    for (TF_Tensor* t : output_values) n += FlatTensorLength(t);
    const bool with_then = then && then->ok;
    if (with_then) {
      for (TF_Tensor* t : then->output_values) n += FlatTensorLength(t);
    }
    Napi::Array out = Napi::Array::New(env, n);
    if (run_metadata) {
      Napi::Uint8Array meta = Napi::Uint8Array::New(env, run_metadata->length);
      if (run_metadata->length > 0) memcpy(meta.Data(), run_metadata->data, run_metadata->length);
      out.Set(0u, meta);
    } else {
      out.Set(0u, env.Null());
    }
    uint32_t k = 1;
    Append(env, out, k, output_values);
    if (with_then) Append(env, out, k, then->output_values);
    return out;
  }

  static void Append(Napi::Env env, Napi::Array out, uint32_t& k, std::vector<TF_Tensor*>& tensors) {
    for (TF_Tensor*& t : tensors) {
      TensorPtr owned(t);
      t = nullptr;
      AppendTensorToJs(env, out, k, std::move(owned));
    }
  }
};

// An async run: the call, and the promise and session it answers to.
class RunTask : public RunJob {
 public:
  RunTask(Session* session, Napi::Object session_obj, std::shared_ptr<TF_Session> raw, std::unique_ptr<RunCall> call)
      : session_(session), session_ref_(Napi::Persistent(session_obj)), raw_(std::move(raw)), call_(std::move(call)) {}

  // The promise Complete settles; made only for a run that did not finish within its wait.
  Napi::Promise Promise(Napi::Env env) {
    deferred_.emplace(Napi::Promise::Deferred::New(env));
    return deferred_->Promise();
  }

  // A run that finished within its wait: its results (or throws its error), with no promise.
  Napi::Value Settle(Napi::Env env) {
    session_->RunFinished(env);
    return call_->Settle(env);
  }

  void Execute() override { call_->Execute(raw_.get()); }

  void Complete(Napi::Env env) override {
    try {
      deferred_->Resolve(call_->Settle(env));
    } catch (const Napi::Error& e) {
      // The run failed, or Results() or the error class did; with the environment going away
      // even this can throw.
      try {
        deferred_->Reject(e.Value());
      } catch (const Napi::Error&) {
      }
    }
    session_->RunFinished(env);  // always: close() waits for this count to reach zero
  }

  void Abandon() override { session_ref_.SuppressDestruct(); }
  bool Cancel() override {
    StatusPtr s = NewStatus();
    TF_CloseSession(raw_.get(), s.get());  // TF cancels the session's runs in flight
    return true;
  }

 private:
  std::optional<Napi::Promise::Deferred> deferred_;
  Session* session_;
  Napi::ObjectReference session_ref_;  // the session cannot be collected while this run is out
  // Shared with the Session: at environment teardown finalizers run with runs in flight, and the
  // last owner out closes and deletes the session, never in the middle of this run.
  std::shared_ptr<TF_Session> raw_;
  std::unique_ptr<RunCall> call_;
};

// The sessions of the process's runSync calls in flight. Node's exit waits for every worker, and
// a worker whose JS thread waits in TF for good (a dequeue nothing fills) would hold it forever:
// cancelSyncRuns, at exit, closes their sessions, and those of runSync calls made after it.
class SyncRuns {
 public:
  static SyncRuns& Get() {
    static SyncRuns* runs = new SyncRuns();  // never destroyed: workers may still run at exit
    return *runs;
  }
  // Registers a run's session for its lifetime; each run holds a share of its session meanwhile.
  class Entry {
   public:
    explicit Entry(TF_Session* session) : session_(session) { Get().Add(session); }
    ~Entry() { Get().Remove(session_); }
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

   private:
    TF_Session* session_;
  };
  void CancelAll() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    for (TF_Session* s : sessions_) Close(s);
  }

 private:
  static void Close(TF_Session* session) {
    StatusPtr s = NewStatus();
    TF_CloseSession(session, s.get());  // TF cancels its runs; closing twice is a no-op
  }
  void Add(TF_Session* session) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.push_back(session);  // a vector: no allocation per run once it has grown
    if (cancelled_) Close(session);
  }
  void Remove(TF_Session* session) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(std::find(sessions_.begin(), sessions_.end(), session));
  }

  std::mutex mu_;
  std::vector<TF_Session*> sessions_;  // one entry per run: a session may have several
  bool cancelled_ = false;
};

// Deleting a session waits for its tf.data threads, which may be waiting for a JS function on
// this thread: it is served meanwhile.
struct ServedSessionDeleter {
  void operator()(TF_Session* s) const {
    ServingPyFuncs([s] { SessionDeleter()(s); });
  }
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
  if (info.Length() == 3 && info[0].IsExternal()) {  // Session::Adopt
    graph_ = Graph::FromJs(env, info[1]);
    graph_ref_ = Napi::Persistent(info[1].As<Napi::Object>());
    session_.reset(info[0].As<Napi::External<TF_Session>>().Data(), ServedSessionDeleter());
    local_ = info[2].ToBoolean();
    return;
  }
  graph_ = Graph::FromJs(env, info[0]);
  SessionOptionsPtr opts(TF_NewSessionOptions());
  std::string target = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  if (!target.empty()) TF_SetTarget(opts.get(), target.c_str());
  local_ = target.empty();
  StatusPtr s = NewStatus();
  if (info.Length() > 2 && info[2].IsTypedArray()) {
    Napi::Uint8Array cfg = info[2].As<Napi::Uint8Array>();
    TF_SetConfig(opts.get(), cfg.Data(), cfg.ByteLength(), s.get());
    ThrowIfNotOk(env, s.get());
  }
  TF_Session* raw;
  {
    BlockSignals block;  // the session may start TF's pools (signals.h)
    raw = TF_NewSession(graph_->graph(), opts.get(), s.get());
  }
  ThrowIfNotOk(env, s.get());
  session_.reset(raw, ServedSessionDeleter());
  graph_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
}

Napi::Object Session::Adopt(Napi::Env env, TF_Session* session, Napi::Object graph_obj, bool local) {
  return Addon::Get(env)->session_ctor.New(
      {Napi::External<TF_Session>::New(env, session), graph_obj, Napi::Boolean::New(env, local)});
}

Session::~Session() { Destroy(); }

void Session::Destroy() {
  session_.reset();  // closes and deletes, unless a run still holds it
}

void Session::CheckOpen(Napi::Env env) const {
  if (close_requested_ || session_ == nullptr) throw Napi::Error::New(env, "Attempted to use a closed Session.");
}

void Session::RunFinished(Napi::Env env) {
  if (--in_flight_ > 0 || !close_requested_) return;
  Destroy();
  if (!close_waiters_.empty()) Addon::Get(env)->GetRunner().Release(env);
  std::vector<Napi::Promise::Deferred> waiters;
  waiters.swap(close_waiters_);
  for (auto& d : waiters) d.Resolve(env.Undefined());
}

Napi::Value Session::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  auto call = std::make_unique<RunCall>(env, graph_, local_, info);
  CheckOpen(env);  // reading the arguments runs JS (getters, valueOf), which may have closed it
  const auto wait = call->wait;
  const bool daemon = call->daemon;
  auto task = std::make_unique<RunTask>(this, Value(), session_, std::move(call));
  task->daemon = daemon;
  RunTask* submitted = task.get();
  RunStarted();
  if (std::unique_ptr<RunJob> done = Addon::Get(env)->GetRunner().Submit(env, std::move(task), wait)) {
    // Finished within the wait: the results (or the error) go back at once, without a promise.
    return static_cast<RunTask*>(done.get())->Settle(env);
  }
  // Still out: it completes on this thread later, so the task outlives this call.
  return submitted->Promise(env);
}

Napi::Value Session::RunSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  RunCall call(env, graph_, local_, info);
  CheckOpen(env);  // as in Run
  // This thread blocks in the run: JS functions in the graph are called from here meanwhile, and
  // one may close this session. Counted in flight as an async run is, the run is cancelled and
  // close() waits for it; the shared TF_Session outlives it either way.
  std::shared_ptr<TF_Session> session = session_;
  SyncRuns::Entry entry(session.get());
  RunStarted();
  struct Finished {
    Session* self;
    Napi::Env env;
    ~Finished() { self->RunFinished(env); }
  } finished{this, env};
  RunServingPyFuncs(env, [&] {
    BlockSignals block;  // kernels may run on this thread (signals.h)
    call.Execute(session.get());
  });
  return call.Settle(env);
}

Napi::Value Session::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto d = Napi::Promise::Deferred::New(env);
  close_requested_ = true;
  if (in_flight_ == 0) {
    Destroy();
    d.Resolve(env.Undefined());
  } else {
    // As TF1's close(): the runs in flight are cancelled (a dequeue blocked on an empty queue
    // fails with CancelledError instead of holding close() forever); those not started yet find
    // the session closed. Deletion waits for them all. A failure to close has nowhere to go here
    // either (SessionDeleter); the deleter closes again, which TF takes as a no-op.
    if (session_ != nullptr) {
      StatusPtr s = NewStatus();
      TF_CloseSession(session_.get(), s.get());
    }
    // Daemon runs (a queue runner's) do not keep the process alive, but the close waiting for them
    // must: its caller goes on once they are cancelled.
    if (close_waiters_.empty()) Addon::Get(env)->GetRunner().Hold(env);
    close_waiters_.push_back(d);
  }
  return d.Promise();
}

Napi::Value Session::Closed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), close_requested_); }

Napi::Value Session::ListDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  StatusPtr s = NewStatus();
  DeviceListPtr list(TF_SessionListDevices(session_.get(), s.get()));
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

void CancelSyncRuns(const Napi::CallbackInfo&) { SyncRuns::Get().CancelAll(); }

}  // namespace tf1node
