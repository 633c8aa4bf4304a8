#include "runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "addon.h"
#include "signals.h"

#if defined(__linux__) || defined(__APPLE__)
#include <pthread.h>
#endif

namespace tf1node {

namespace {

// Names the calling thread, as profilers and `top -H` show it (Linux takes up to 15 characters).
void NameThread(const char* name) {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), name);
#elif defined(__APPLE__)
  pthread_setname_np(name);
#else
  (void)name;
#endif
}

// How long the thread looks for the next run before it sleeps: enough for the JS thread to take
// a result and start the next step, short enough to cost nothing worth noting when idle.
constexpr std::chrono::microseconds kSpin{100};
// About what waking the sleeping thread adds to a run on a VM (a futex wake and a reschedule).
constexpr std::chrono::microseconds kWakeUp{100};

// How long an extra thread waits for another job before it ends.
constexpr std::chrono::seconds kExtraIdle{10};
// At most this many extra threads; more concurrent runs wait in the queue for one.
constexpr size_t kMaxExtra = 64;
// How long teardown waits for cancelled runs to stop: they return once their kernels in progress
// finish. Past it, teardown goes on (a kernel that ignores cancellation may still read a feed).
constexpr std::chrono::seconds kCancelWait{10};

}  // namespace

struct Runner::State {
  std::atomic<RunJob*> slot{nullptr};  // the submitted run, until the thread takes it
  std::atomic<bool> busy{false};       // a run is submitted or executing
  std::atomic<bool> stop{false};
  std::atomic<bool> sleeping{false};  // waiting on `wake`: a run submitted now starts a wake-up later
  std::mutex mu;  // guards alive, the sleep below and the extra threads' queue
  std::condition_variable wake;
  bool alive = true;  // false once the environment is going away: `done` must not be called
  std::deque<RunJob*> queue;  // jobs for the extra threads, owned until one takes them
  std::vector<RunJob*> running;  // jobs in Execute
  std::condition_variable settled;  // `running` lost one
  size_t waiting_extra = 0;   // extra threads waiting on `more`
  std::vector<std::thread::id> ended;  // extra threads that ended on their own, to join
  std::condition_variable more;
  Napi::ThreadSafeFunction done;
};

Runner::Runner(Napi::Env env) : env_(env), state_(std::make_shared<State>()) {
  // Node closes every thread-safe function when the environment goes away, possibly before the
  // addon's own teardown: from then on the thread must not call it.
  std::weak_ptr<State> weak = state_;
  state_->done = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}),
                                               "tf1-node runner", 0, 1, [weak](Napi::Env) {
                                                 if (auto s = weak.lock()) Stop(*s);
                                               });
  state_->done.Unref(env);  // only runs in flight keep the process alive
  // Runs before the isolate, and V8's buffers that runs in flight may be reading, are freed.
  hooked_ = napi_add_env_cleanup_hook(env, OnCleanup, this) == napi_ok;
  primary_ = std::thread(Loop, state_);
}

Runner::~Runner() {
  if (hooked_) napi_remove_env_cleanup_hook(env_, OnCleanup, this);
  Shutdown();
}

void Runner::OnCleanup(void* runner) {
  auto* r = static_cast<Runner*>(runner);
  r->hooked_ = false;
  r->Shutdown();
}

bool Runner::Stop(State& s) {
  {
    std::lock_guard<std::mutex> lock(s.mu);
    if (!s.alive) return false;
    s.alive = false;
    s.stop = true;
  }
  s.wake.notify_one();
  s.more.notify_all();
  return true;
}

void Runner::Shutdown() {
  State& s = *state_;
  if (Stop(s)) s.done.Abort();
  std::deque<RunJob*> dropped;
  bool stopped;
  {
    std::unique_lock<std::mutex> lock(s.mu);
    dropped.swap(s.queue);
    // A job in `running` is not deleted before it leaves the list, which takes this lock.
    for (RunJob* job : s.running) job->stuck_ = !job->Cancel();
    s.settled.wait_for(lock, kCancelWait, [&] {
      return std::all_of(s.running.begin(), s.running.end(), [](RunJob* job) { return job->stuck_; });
    });
    stopped = s.running.empty();
  }
  if (RunJob* job = s.slot.exchange(nullptr)) dropped.push_back(job);
  for (RunJob* job : dropped) {
    job->Abandon();
    delete job;
  }
  // With nothing running, every thread is on its way out. One still in a job is left to it (the
  // state it uses is shared, and the addon stays loaded: see PinLibrary in addon.cc).
  auto finish = [stopped](std::thread& t) {
    if (t.joinable()) stopped ? t.join() : t.detach();
  };
  finish(primary_);
  for (std::thread& t : extras_) finish(t);
  extras_.clear();
}

std::unique_ptr<RunJob> Runner::Enqueue(Napi::Env env, std::unique_ptr<RunJob> job) {
  const bool daemon = job->daemon;
  bool spawn = false;
  std::vector<std::thread::id> ended;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->queue.push_back(job.release());
    spawn = state_->waiting_extra < state_->queue.size();
    ended.swap(state_->ended);
  }
  for (std::thread::id id : ended) {
    auto t = std::find_if(extras_.begin(), extras_.end(), [id](const std::thread& x) { return x.get_id() == id; });
    if (t == extras_.end()) continue;
    t->join();  // at its end already
    extras_.erase(t);
  }
  if (spawn && extras_.size() < kMaxExtra) {
    extras_.emplace_back(ExtraLoop, state_);
  } else {
    state_->more.notify_one();
  }
  return Pending(env, daemon);
}

void Runner::SubmitAside(Napi::Env env, std::unique_ptr<RunJob> job) { Enqueue(env, std::move(job)); }

std::unique_ptr<RunJob> Runner::Submit(Napi::Env env, std::unique_ptr<RunJob> job, std::chrono::nanoseconds wait) {
  if (state_->busy.exchange(true)) return Enqueue(env, std::move(job));
  RunJob* j = job.release();
  const bool daemon = j->daemon;
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
        return Pending(env, daemon);
      }
      std::this_thread::yield();  // rather than a pause loop: the runner may be waiting for this CPU
    }
    return std::unique_ptr<RunJob>(j);
  }
  return Pending(env, daemon);
}

std::unique_ptr<RunJob> Runner::Pending(Napi::Env env, bool daemon) {
  // Only a job left to complete later keeps the process alive (Completed lets go): one that came
  // back within its wait never touches the thread-safe function. Completed runs on this thread,
  // after this returns. A daemon job is not counted: at exit, teardown cancels it.
  if (!daemon && pending_++ == 0) state_->done.Ref(env);
  return nullptr;
}

void Runner::Release(Napi::Env env) {
  if (--pending_ == 0) state_->done.Unref(env);
}

void Runner::Completed(Napi::Env env, RunJob* job) {
  std::unique_ptr<RunJob> owned(job);
  if (!job->daemon && --pending_ == 0) state_->done.Unref(env);
  job->Complete(env);
}

void Runner::Loop(std::shared_ptr<State> s) {
  NameThread("tf1node-runner");
  BlockSignals::ForThisThread();
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
    const bool executed = Execute(*s, job);
    s->busy = false;
    if (!executed) return;
    // A waiting JS thread completes (and deletes) the job itself: it is not ours to touch after this.
    if (job->handoff_.exchange(RunJob::kDone) == RunJob::kWaiting) continue;
    Deliver(*s, job);
  }
}

bool Runner::Execute(State& s, RunJob* job) {
  {
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.stop) {
      job->Abandon();
      delete job;
      return false;
    }
    s.running.push_back(job);
  }
  job->Execute();
  std::lock_guard<std::mutex> lock(s.mu);
  s.running.erase(std::find(s.running.begin(), s.running.end(), job));
  s.settled.notify_all();
  return true;
}

void Runner::ExtraLoop(std::shared_ptr<State> s) {
  NameThread("tf1node-extra");
  BlockSignals::ForThisThread();
  for (;;) {
    RunJob* job;
    {
      std::unique_lock<std::mutex> lock(s->mu);
      s->waiting_extra++;
      const bool ready = s->more.wait_for(lock, kExtraIdle, [&] { return !s->queue.empty() || s->stop.load(); });
      s->waiting_extra--;
      if (s->stop) return;  // Shutdown joins it
      if (!ready) {  // idle for kExtraIdle
        s->ended.push_back(std::this_thread::get_id());
        return;
      }
      job = s->queue.front();
      s->queue.pop_front();
    }
    if (!Execute(*s, job)) return;
    Deliver(*s, job);
  }
}

void Runner::Deliver(State& s, RunJob* job) {
  std::lock_guard<std::mutex> lock(s.mu);
  bool queued = s.alive && s.done.NonBlockingCall(job, [](Napi::Env env, Napi::Function, RunJob* j) {
    Addon::Get(env)->runner->Completed(env, j);
  }) == napi_ok;
  if (!queued) {
    job->Abandon();
    delete job;
  }
}

}  // namespace tf1node
