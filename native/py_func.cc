#include "py_func.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "addon.h"
#include "handles.h"
#include "runner.h"
#include "tensor.h"

// The part of TF's kernel C API (tensorflow/c/kernels.h) used here, exported by
// libtensorflow_framework. Declared rather than included: the shipped kernels.h includes
// tsl/platform/platform.h, which libtensorflow's archive does not ship.
extern "C" {
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;
TF_KernelBuilder* TF_NewKernelBuilder(const char* op_name, const char* device_name,
                                      void* (*create_func)(TF_OpKernelConstruction*),
                                      void (*compute_func)(void*, TF_OpKernelContext*), void (*delete_func)(void*));
void TF_RegisterKernelBuilder(const char* kernel_name, TF_KernelBuilder* builder, TF_Status* status);
int TF_NumInputs(TF_OpKernelContext* ctx);
int TF_NumOutputs(TF_OpKernelContext* ctx);
void TF_GetInput(TF_OpKernelContext* ctx, int i, TF_Tensor** tensor, TF_Status* status);
void TF_SetOutput(TF_OpKernelContext* ctx, int i, const TF_Tensor* tensor, TF_Status* status);
void TF_OpKernelConstruction_Failure(TF_OpKernelConstruction* ctx, TF_Status* status);
void TF_OpKernelContext_Failure(TF_OpKernelContext* ctx, TF_Status* status);
TF_DataType TF_ExpectedOutputDataType(TF_OpKernelContext* ctx, int i);
void TF_OpKernelConstruction_GetAttrSize(TF_OpKernelConstruction* ctx, const char* attr_name, int32_t* list_size,
                                         int32_t* total_size, TF_Status* status);
void TF_OpKernelConstruction_GetAttrString(TF_OpKernelConstruction* ctx, const char* attr_name, char* val,
                                           size_t max_length, TF_Status* status);
}

namespace tf1node {

namespace {

// One kernel's call of its function: inputs in, outputs or an error out. Shared by the waiting
// kernel and whoever serves it; the first Finish wins.
struct PyCall {
  std::string token;
  std::vector<TensorPtr> inputs;
  std::vector<TensorPtr> outputs;
  TF_Code code = TF_OK;
  std::string message;

  void Finish(TF_Code c, std::string m) { Settle(c, std::move(m), {}); }
  void Succeed(std::vector<TensorPtr> out) { Settle(TF_OK, "", std::move(out)); }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return done_; });
  }

 private:
  void Settle(TF_Code c, std::string m, std::vector<TensorPtr> out) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (done_) return;
      done_ = true;
      code = c;
      message = std::move(m);
      outputs = std::move(out);
    }
    cv_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
};

class Bridge;

// Process-wide, as TF's kernel registry is: which environment each token belongs to. Never freed:
// kernels on TF's threads may look tokens up while the process exits.
class Registry {
 public:
  static Registry& Get() {
    static Registry* r = new Registry();
    return *r;
  }
  std::shared_ptr<Bridge> Find(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(token);
    return it == tokens_.end() ? nullptr : it->second.lock();
  }
  std::shared_ptr<Bridge> OfEnv(napi_env env) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = bridges_.find(env);
    return it == bridges_.end() ? nullptr : it->second;
  }
  // The bridge of the environment whose JS thread this is, if any.
  std::shared_ptr<Bridge> OfThisThread();
  void SetBridge(napi_env env, std::shared_ptr<Bridge> bridge) {
    std::lock_guard<std::mutex> lock(mu_);
    if (bridge) {
      bridges_[env] = std::move(bridge);
    } else {
      bridges_.erase(env);
    }
  }
  std::string NewToken(const std::shared_ptr<Bridge>& bridge) {
    std::lock_guard<std::mutex> lock(mu_);
    std::string token = "pyfunc_" + std::to_string(next_++);
    tokens_[token] = bridge;
    return token;
  }
  void Release(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_.erase(token);
  }

 private:
  std::mutex mu_;
  uint64_t next_ = 0;
  std::unordered_map<std::string, std::weak_ptr<Bridge>> tokens_;
  std::unordered_map<napi_env, std::shared_ptr<Bridge>> bridges_;
};

// An environment's side: its dispatcher, the queue of calls for its JS thread and what wakes it.
class Bridge : public std::enable_shared_from_this<Bridge> {
 public:
  Bridge(Napi::Env env, Napi::Function dispatch)
      : env_(env), js_thread_(std::this_thread::get_id()), dispatch_(Napi::Persistent(dispatch)) {}

  napi_env env() const { return env_; }
  std::thread::id js_thread() const { return js_thread_; }

  // On the JS thread, once made: the thread-safe function and the cleanup hook.
  void Start(Napi::Env env) {
    std::weak_ptr<Bridge> weak = weak_from_this();
    wake_ = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}),
                                          "tf1-node py_func", 0, 1, [weak](Napi::Env) {
                                            // Node closes it at teardown, maybe before our hook.
                                            if (auto b = weak.lock()) b->Stop();
                                          });
    wake_.Unref(env);  // a kernel waits only within a run, which keeps the process alive itself
    napi_add_env_cleanup_hook(env, OnCleanup, this);
  }

  void SetDispatch(Napi::Function dispatch) { dispatch_ = Napi::Persistent(dispatch); }

  // On a kernel's thread: has `call` served, and returns once it is finished.
  void Call(const std::shared_ptr<PyCall>& call) {
    if (std::this_thread::get_id() == js_thread_) {
      Serve(Napi::Env(env_), call, false);  // a run inline on the JS thread: nothing else can serve it
    } else {
      Post(call);
    }
    call->Wait();
  }

  // On the JS thread: runs `work` on the helper thread (on a thread of its own when the helper is
  // busy: a runSync made by a function served here), serving calls until it returns.
  void Pump(Napi::Env env, const std::function<void()>& work) {
    bool finished = false;
    bool on_helper = false;
    auto run = [&] {
      work();
      {
        std::lock_guard<std::mutex> lock(mu_);
        finished = true;
        if (on_helper) helper_busy_ = false;
      }
      cv_.notify_all();
    };
    std::thread extra;
    {
      std::lock_guard<std::mutex> lock(mu_);
      on_helper = !helper_busy_;
      if (on_helper) {
        helper_busy_ = true;
        helper_job_ = run;
        if (!helper_.joinable()) helper_ = std::thread([this] { HelperLoop(); });
      }
    }
    if (on_helper) {
      cv_.notify_all();
    } else {
      extra = std::thread(run);
    }
    for (;;) {
      std::shared_ptr<PyCall> call;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return finished || !queue_.empty(); });
        if (queue_.empty()) break;
        call = std::move(queue_.front());
        queue_.pop_front();
      }
      Serve(env, call, false);
    }
    if (extra.joinable()) extra.join();
  }

 private:
  static void OnCleanup(void* arg) { static_cast<Bridge*>(arg)->Shutdown(); }

  // The thread runSync's runs go to, kept between them (a thread per run costs more than a small run).
  void HelperLoop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return helper_stop_ || helper_job_ != nullptr; });
        if (helper_stop_) return;
        job = std::move(helper_job_);
        helper_job_ = nullptr;
      }
      job();
    }
  }

  void Post(const std::shared_ptr<PyCall>& call) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (alive_) {
        queue_.push_back(call);
        if (!wake_pending_) {
          wake_pending_ = true;
          std::weak_ptr<Bridge> weak = weak_from_this();
          wake_.NonBlockingCall([weak](Napi::Env env, Napi::Function) {
            if (auto b = weak.lock()) b->Drain(env);
          });
        }
      }
    }
    cv_.notify_all();  // a pumping JS thread
    if (!Alive()) call->Finish(TF_CANCELLED, Gone(call->token));
  }

  bool Alive() {
    std::lock_guard<std::mutex> lock(mu_);
    return alive_;
  }

  static std::string Gone(const std::string& token) {
    return "The JS environment of the function of " + token + " has gone away";
  }

  // On the JS thread, woken by the thread-safe function.
  void Drain(Napi::Env env) {
    for (;;) {
      std::shared_ptr<PyCall> call;
      {
        std::lock_guard<std::mutex> lock(mu_);
        wake_pending_ = false;
        if (queue_.empty()) return;
        call = std::move(queue_.front());
        queue_.pop_front();
      }
      Serve(env, call, true);
    }
  }

  // On the JS thread: calls the dispatcher; a Promise it returns (only when `can_wait`) finishes
  // the call once settled.
  void Serve(Napi::Env env, const std::shared_ptr<PyCall>& call, bool can_wait) {
    Napi::HandleScope scope(env);
    try {
      if (dispatch_.IsEmpty()) return call->Finish(TF_CANCELLED, Gone(call->token));
      Napi::Array ins = Napi::Array::New(env, call->inputs.size());
      for (uint32_t i = 0; i < call->inputs.size(); i++) ins.Set(i, TensorToJs(env, std::move(call->inputs[i])));
      call->inputs.clear();
      Napi::Value result =
          dispatch_.Call({Napi::String::New(env, call->token), ins, Napi::Boolean::New(env, can_wait)});
      if (!result.IsPromise()) return Settle(env, call, result);
      // Awaited here, its settling could never run: this thread waits for the call.
      if (!can_wait) return call->Finish(TF_FAILED_PRECONDITION, "py_func dispatch of " + call->token + " returned a Promise");
      awaiting_.insert(call);
      std::weak_ptr<Bridge> weak = weak_from_this();
      auto settled = Napi::Function::New(env, [weak, call](const Napi::CallbackInfo& info) {
        auto b = weak.lock();
        if (!b || b->awaiting_.erase(call) == 0) return;  // failed at teardown already
        b->Settle(info.Env(), call, info[0]);
      });
      Napi::Object promise = result.As<Napi::Object>();
      promise.Get("then").As<Napi::Function>().Call(promise, {settled});
    } catch (const Napi::Error& e) {
      call->Finish(TF_INTERNAL, "py_func dispatch of " + call->token + " failed: " + e.Message());
    }
  }

  // `result`: the tensors ({dtype, shape, data}[]) or {code, message}.
  void Settle(Napi::Env env, const std::shared_ptr<PyCall>& call, Napi::Value result) {
    try {
      if (result.IsArray()) {
        Napi::Array arr = result.As<Napi::Array>();
        std::vector<TensorPtr> out;
        for (uint32_t i = 0; i < arr.Length(); i++) out.push_back(TensorFromJs(env, arr.Get(i)));
        return call->Succeed(std::move(out));
      }
      Napi::Object err = result.As<Napi::Object>();
      const int code = err.Get("code").ToNumber().Int32Value();
      call->Finish(code > 0 && code <= TF_UNAUTHENTICATED ? static_cast<TF_Code>(code) : TF_UNKNOWN,
                   err.Get("message").ToString().Utf8Value());
    } catch (const Napi::Error& e) {
      call->Finish(TF_INTERNAL, "py_func result of " + call->token + " could not be converted: " + e.Message());
    }
  }

  // Fails what is queued and all later calls; false if already stopped. Any thread.
  bool Stop() {
    std::deque<std::shared_ptr<PyCall>> dropped;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!alive_) return false;
      alive_ = false;
      dropped.swap(queue_);
    }
    cv_.notify_all();
    for (auto& call : dropped) call->Finish(TF_CANCELLED, Gone(call->token));
    return true;
  }

  // The environment is going away (JS thread): every waiting kernel returns, nothing touches V8 after.
  void Shutdown() {
    if (Stop()) wake_.Abort();
    {
      std::lock_guard<std::mutex> lock(mu_);
      helper_stop_ = true;
    }
    cv_.notify_all();
    if (helper_.joinable()) helper_.join();  // idle: pumps run on this thread, none is in progress
    for (const auto& call : awaiting_) call->Finish(TF_CANCELLED, Gone(call->token));
    awaiting_.clear();
    dispatch_.Reset();
    Registry::Get().SetBridge(env_, nullptr);  // may delete this
  }

  napi_env env_;
  std::thread::id js_thread_;
  Napi::FunctionReference dispatch_;  // JS thread only
  std::unordered_set<std::shared_ptr<PyCall>> awaiting_;  // calls whose Promise is out (JS thread only)
  Napi::ThreadSafeFunction wake_;
  std::mutex mu_;  // guards the queue, alive_, wake_pending_ and the helper's fields
  std::condition_variable cv_;
  std::deque<std::shared_ptr<PyCall>> queue_;
  bool alive_ = true;
  bool wake_pending_ = false;
  std::thread helper_;  // made on the first Pump
  std::function<void()> helper_job_;
  bool helper_busy_ = false;
  bool helper_stop_ = false;
};

std::shared_ptr<Bridge> Registry::OfThisThread() {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [env, bridge] : bridges_) {
    if (bridge->js_thread() == std::this_thread::get_id()) return bridge;
  }
  return nullptr;
}

// The kernel: one per node, holding its token.
struct Kernel {
  std::string token;
};

void* CreateKernel(TF_OpKernelConstruction* ctx) {
  StatusPtr s = NewStatus();
  int32_t list_size = 0;
  int32_t total_size = 0;
  TF_OpKernelConstruction_GetAttrSize(ctx, "token", &list_size, &total_size, s.get());
  std::string token(total_size > 0 ? total_size : 0, '\0');
  if (TF_GetCode(s.get()) == TF_OK) TF_OpKernelConstruction_GetAttrString(ctx, "token", token.data(), token.size(), s.get());
  if (TF_GetCode(s.get()) != TF_OK) {
    TF_OpKernelConstruction_Failure(ctx, s.get());
    return nullptr;
  }
  return new Kernel{std::move(token)};
}

void DeleteKernel(void* kernel) { delete static_cast<Kernel*>(kernel); }

void Fail(TF_OpKernelContext* ctx, TF_Code code, const std::string& message) {
  StatusPtr s = NewStatus();
  TF_SetStatus(s.get(), code, message.c_str());
  TF_OpKernelContext_Failure(ctx, s.get());
}

void Compute(void* kernel, TF_OpKernelContext* ctx) {
  const std::string& token = static_cast<Kernel*>(kernel)->token;
  std::shared_ptr<Bridge> bridge = Registry::Get().Find(token);
  if (!bridge) {
    // FuncRegistry's ValueError, which py_func.cc reports as InvalidArgument.
    return Fail(ctx, TF_INVALID_ARGUMENT, "ValueError: Could not find callback with key=" + token + " in the registry.");
  }
  auto call = std::make_shared<PyCall>();
  call->token = token;
  StatusPtr s = NewStatus();
  for (int i = 0; i < TF_NumInputs(ctx); i++) {
    TF_Tensor* t = nullptr;
    TF_GetInput(ctx, i, &t, s.get());
    if (TF_GetCode(s.get()) != TF_OK) {
      if (t != nullptr) TF_DeleteTensor(t);
      return TF_OpKernelContext_Failure(ctx, s.get());
    }
    OwnResult(t);  // the function may write to its inputs' arrays: never to TF's buffers
    call->inputs.emplace_back(t);
  }
  bridge->Call(call);
  bridge.reset();
  if (call->code != TF_OK) return Fail(ctx, call->code, call->message);
  // The dispatcher checked count and dtypes with TF's messages; these keep the kernel safe regardless.
  const int n = TF_NumOutputs(ctx);
  if (static_cast<int>(call->outputs.size()) != n) {
    return Fail(ctx, TF_INVALID_ARGUMENT, token + " returns " + std::to_string(call->outputs.size()) +
                                              " values, but expects to see " + std::to_string(n) + " values.");
  }
  for (int i = 0; i < n; i++) {
    if (TF_TensorType(call->outputs[i].get()) != TF_ExpectedOutputDataType(ctx, i)) {
      return Fail(ctx, TF_INVALID_ARGUMENT, std::to_string(i) + "-th value returned by " + token + " has the wrong dtype");
    }
    TF_SetOutput(ctx, i, call->outputs[i].get(), s.get());
    if (TF_GetCode(s.get()) != TF_OK) return TF_OpKernelContext_Failure(ctx, s.get());
  }
}

void RegisterKernels() {
  for (const char* op : {"PyFunc", "PyFuncStateless", "EagerPyFunc"}) {
    StatusPtr s = NewStatus();
    // Takes the builder; a failure (a kernel already there) leaves that one in place.
    TF_RegisterKernelBuilder((std::string(op) + "Op").c_str(),
                             TF_NewKernelBuilder(op, "CPU", CreateKernel, Compute, DeleteKernel), s.get());
  }
}

void SetBridge(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throw Napi::TypeError::New(env, "pyFuncBridge takes a function");
  if (auto bridge = Registry::Get().OfEnv(env)) return bridge->SetDispatch(info[0].As<Napi::Function>());
  // The runner, made at load, hooked its cleanup first, so it runs after ours (last in, first
  // out): the runs it cancels and waits for at teardown find their kernels' calls failed.
  auto bridge = std::make_shared<Bridge>(env, info[0].As<Napi::Function>());
  bridge->Start(env);
  Registry::Get().SetBridge(env, bridge);
}

Napi::Value NewToken(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto bridge = Registry::Get().OfEnv(env);
  if (!bridge) throw Napi::Error::New(env, "pyFuncToken: call pyFuncBridge first");
  return Napi::String::New(env, Registry::Get().NewToken(bridge));
}

void ReleaseToken(const Napi::CallbackInfo& info) {
  if (info[0].IsString()) Registry::Get().Release(info[0].As<Napi::String>().Utf8Value());
}

}  // namespace

void InitPyFunc(Napi::Env env, Napi::Object exports) {
  static std::once_flag registered;
  std::call_once(registered, RegisterKernels);
  exports.Set("pyFuncBridge", Napi::Function::New<SetBridge>(env, "pyFuncBridge"));
  exports.Set("pyFuncToken", Napi::Function::New<NewToken>(env, "pyFuncToken"));
  exports.Set("pyFuncRelease", Napi::Function::New<ReleaseToken>(env, "pyFuncRelease"));
}

void RunServingPyFuncs(Napi::Env env, const std::function<void()>& work) {
  if (auto bridge = Registry::Get().OfEnv(env)) return bridge->Pump(env, work);
  work();
}

void ServingPyFuncs(const std::function<void()>& work) {
  if (auto bridge = Registry::Get().OfThisThread()) return bridge->Pump(Napi::Env(bridge->env()), work);
  work();
}

}  // namespace tf1node
