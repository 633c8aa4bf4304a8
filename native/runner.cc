#include "runner.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "addon.h"

namespace tf1node {

namespace {

// How long the thread looks for the next run before it sleeps: enough for the JS thread to take
// a result and start the next step, short enough to cost nothing worth noting when idle.
constexpr std::chrono::microseconds kSpin{100};
// About what waking the sleeping thread adds to a run on a VM (a futex wake and a reschedule).
constexpr std::chrono::microseconds kWakeUp{100};

// A job on libuv's pool, for when the runner is busy.
class PoolWorker : public Napi::AsyncWorker {
 public:
  PoolWorker(Napi::Env env, std::unique_ptr<RunJob> job) : Napi::AsyncWorker(env, "tf1-node:run"), job_(std::move(job)) {}
  void Execute() override { job_->Execute(); }
  void OnOK() override { job_->Complete(Env()); }

 private:
  std::unique_ptr<RunJob> job_;
};

}  // namespace

struct Runner::State {
  std::atomic<RunJob*> slot{nullptr};  // the submitted run, until the thread takes it
  std::atomic<bool> busy{false};       // a run is submitted or executing
  std::atomic<bool> stop{false};
  std::atomic<bool> sleeping{false};  // waiting on `wake`: a run submitted now starts a wake-up later
  std::mutex mu;  // guards alive and the sleep below
  std::condition_variable wake;
  bool alive = true;  // false once the environment is going away: `done` must not be called
  Napi::ThreadSafeFunction done;
};

Runner::Runner(Napi::Env env) : state_(std::make_shared<State>()) {
  // Node closes every thread-safe function when the environment goes away, possibly before the
  // addon's own teardown: from then on the thread must not call it.
  std::weak_ptr<State> weak = state_;
  state_->done = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}),
                                               "tf1-node runner", 0, 1, [weak](Napi::Env) {
                                                 if (auto s = weak.lock()) Stop(*s);
                                               });
  state_->done.Unref(env);  // only runs in flight keep the process alive
  std::thread(Loop, state_).detach();
}

Runner::~Runner() { Shutdown(); }

bool Runner::Stop(State& s) {
  {
    std::lock_guard<std::mutex> lock(s.mu);
    if (!s.alive) return false;
    s.alive = false;
    s.stop = true;
  }
  s.wake.notify_one();
  return true;
}

void Runner::Shutdown() {
  if (Stop(*state_)) state_->done.Abort();
  if (RunJob* job = state_->slot.exchange(nullptr)) {
    job->Abandon();
    delete job;
  }
}

std::unique_ptr<RunJob> Runner::Submit(Napi::Env env, std::unique_ptr<RunJob> job, std::chrono::nanoseconds wait) {
  if (state_->busy.exchange(true)) {
    (new PoolWorker(env, std::move(job)))->Queue();
    return nullptr;
  }
  RunJob* j = job.release();
  const bool waiting = wait.count() > 0;
  if (waiting && state_->sleeping.load()) wait += kWakeUp;
  j->handoff_.store(waiting ? RunJob::kWaiting : RunJob::kAsync);
  state_->slot.store(j);
  { std::lock_guard<std::mutex> lock(state_->mu); }  // a sleeping thread sees the slot once woken
  state_->wake.notify_one();
  if (waiting) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (j->handoff_.load() != RunJob::kDone) {
      if (std::chrono::steady_clock::now() >= deadline) {
        // Hand the job back to the thread-safe function, unless it finished just now.
        if (j->handoff_.exchange(RunJob::kAsync) == RunJob::kDone) break;
        return Pending(env);
      }
      std::this_thread::yield();  // rather than a pause loop: the runner may be waiting for this CPU
    }
    return std::unique_ptr<RunJob>(j);
  }
  return Pending(env);
}

std::unique_ptr<RunJob> Runner::Pending(Napi::Env env) {
  // Only a job left to complete later keeps the process alive (Completed lets go): one that came
  // back within its wait never touches the thread-safe function. Completed runs on this thread,
  // after this returns.
  if (pending_++ == 0) state_->done.Ref(env);
  return nullptr;
}

void Runner::Completed(Napi::Env env, RunJob* job) {
  std::unique_ptr<RunJob> owned(job);
  if (--pending_ == 0) state_->done.Unref(env);
  job->Complete(env);
}

void Runner::Loop(std::shared_ptr<State> s) {
  for (;;) {
    RunJob* job = s->slot.exchange(nullptr);
    auto deadline = std::chrono::steady_clock::now() + kSpin;
    while (job == nullptr) {
      if (s->stop) return;
      if (std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
      } else {
        std::unique_lock<std::mutex> lock(s->mu);
        s->sleeping = true;
        s->wake.wait(lock, [&] { return s->slot.load() != nullptr || s->stop.load(); });
        s->sleeping = false;
        deadline = std::chrono::steady_clock::now() + kSpin;
      }
      job = s->slot.exchange(nullptr);
    }
    job->Execute();
    s->busy = false;
    // A waiting JS thread completes (and deletes) the job itself: it is not ours to touch after this.
    if (job->handoff_.exchange(RunJob::kDone) == RunJob::kWaiting) continue;
    std::lock_guard<std::mutex> lock(s->mu);
    bool queued = s->alive && s->done.NonBlockingCall(job, [](Napi::Env env, Napi::Function, RunJob* j) {
      Addon::Get(env)->runner->Completed(env, j);
    }) == napi_ok;
    if (!queued) {
      job->Abandon();
      delete job;
    }
  }
}

}  // namespace tf1node
