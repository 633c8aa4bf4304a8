// Runner: one thread per JS environment for async runs. Through libuv's pool, a run costs three
// thread wake-ups (JS thread to pool thread, TF's threads back to it, then back to the JS thread);
// on a small graph they cost more than the run. The runner waits for work spinning a short while
// before it sleeps, as TF's own threads do, so a training loop finds it awake, and a run whose
// ops it executes itself (see RunTuner) then costs one wake-up: the JS thread's.
//
// It takes one run at a time: while it is busy, runs go to libuv's pool, so concurrent runs keep
// their concurrency (a run blocked on a queue never holds up another).
//
// Even then the JS thread's wake-up (the thread-safe function's uv_async_send, then epoll) costs
// about 30 us on a VM: more than a small graph's whole run. So Submit may wait a bounded while for
// a run expected to be that short and hand it back finished; a run that takes longer completes
// through the thread-safe function as usual, so the wait never exceeds its bound.
#pragma once

#include <napi.h>

#include <atomic>
#include <chrono>
#include <memory>

namespace tf1node {

// An async run as the runner (or libuv's pool) sees it.
class RunJob {
 public:
  virtual ~RunJob() = default;
  virtual void Execute() = 0;                // on the runner's or a pool thread
  virtual void Complete(Napi::Env env) = 0;  // on the JS thread, once Execute returned
  // The environment went away before Complete: let go of V8 handles without touching V8 (the
  // job is deleted next).
  virtual void Abandon() = 0;

 private:
  friend class Runner;
  // Who completes the job once executed: the JS thread waiting in Submit, or the thread-safe function.
  enum Handoff { kAsync, kWaiting, kDone };
  std::atomic<int> handoff_{kAsync};
};

class Runner {
 public:
  explicit Runner(Napi::Env env);
  ~Runner();

  // On the JS thread: runs `job` on the runner if it is idle, else on libuv's pool. Given a `wait`,
  // a job the runner took is waited for about that long; if it finished by then, it comes back
  // (executed, not completed: the caller finishes it). Otherwise it is completed later (Complete).
  std::unique_ptr<RunJob> Submit(Napi::Env env, std::unique_ptr<RunJob> job, std::chrono::nanoseconds wait);
  // The environment is going away: the thread stops after the run it may be in.
  void Shutdown();

 private:
  struct State;
  static void Loop(std::shared_ptr<State> state);
  // Marks the state dead and wakes the thread to exit; false if it already was.
  static bool Stop(State& s);
  void Completed(Napi::Env env, RunJob* job);
  // Counts a submitted job as left for Completed; returns null, Submit's answer for it.
  std::unique_ptr<RunJob> Pending(Napi::Env env);

  std::shared_ptr<State> state_;  // shared with the thread, which may outlive this object by a run
  int pending_ = 0;               // left for Completed, not yet completed (JS thread only)
};

}  // namespace tf1node
