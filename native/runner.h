// Runner: one thread per JS environment for async runs. Through libuv's pool, a run costs three
// thread wake-ups (JS thread to pool thread, TF's threads back to it, then back to the JS thread);
// on a small graph they cost more than the run. The runner waits for work spinning a short while
// before it sleeps, as TF's own threads do, so a training loop finds it awake, and a run whose
// ops it executes itself (see RunTuner) then costs one wake-up: the JS thread's.
//
// It takes one run at a time: while it is busy, runs go to extra threads, made as needed (up to
// 64) and gone after a while idle, so concurrent runs keep their concurrency (a run blocked on a
// queue never holds up another). Not libuv's pool: runs blocked in TF there would starve its
// other work (fs, dns, zlib), and Node waits for that pool's work at exit and when a worker is
// terminated, so a run blocked for good would hang both. Instead, when the environment goes away,
// the runner drops the runs not started, cancels those executing (closing their sessions, as
// TF1's close() does) and waits for them to stop, before V8 frees the memory they may read (feeds
// in V8's own buffers; the addon's buffers are shared with TF, see ExternalBlocks in tensor.h).
// A started server's join, which nothing can end, goes to an extra thread too; teardown leaves
// that thread to it rather than wait.
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
#include <thread>
#include <vector>

namespace tf1node {

// An async run as the runner's threads see it.
class RunJob {
 public:
  virtual ~RunJob() = default;
  virtual void Execute() = 0;                // on one of the runner's threads
  virtual void Complete(Napi::Env env) = 0;  // on the JS thread, once Execute returned
  // The environment went away before Complete: let go of V8 handles without touching V8 (the
  // job is deleted next).
  virtual void Abandon() = 0;
  // The environment is going away while Execute runs (called from the JS thread): make it return.
  // False if nothing can (a started server's join): teardown then leaves its thread to it.
  virtual bool Cancel() = 0;

  // Set before it is submitted: while out, the job does not keep the process alive (a queue
  // runner's enqueue, which TF1 runs on a daemon thread).
  bool daemon = false;

 private:
  friend class Runner;
  bool stuck_ = false;  // Cancel returned false (under the runner's lock)
  // Who completes the job once executed: the JS thread waiting in Submit, or the thread-safe function.
  enum Handoff { kAsync, kWaiting, kDone };
  std::atomic<int> handoff_{kAsync};
};

class Runner {
 public:
  explicit Runner(Napi::Env env);
  ~Runner();

  // On the JS thread: runs `job` on the runner if it is idle, else on an extra thread. Given a `wait`,
  // a job the runner took is waited for about that long; if it finished by then, it comes back
  // (executed, not completed: the caller finishes it). Otherwise it is completed later (Complete).
  std::unique_ptr<RunJob> Submit(Napi::Env env, std::unique_ptr<RunJob> job, std::chrono::nanoseconds wait);
  // On the JS thread: runs `job`, which may block for as long as the process lives, on an extra
  // thread, never the runner's own; it is completed later (Complete).
  void SubmitAside(Napi::Env env, std::unique_ptr<RunJob> job);
  // The environment is going away (its cleanup hook, or the addon's teardown): drops the jobs not
  // started, cancels those executing and waits for them; the threads end and are joined.
  void Shutdown();
  // On the JS thread: keeps the process alive until the matching Release, as a run in flight
  // does. A session closing waits for its runs so, daemon ones too.
  void Hold(Napi::Env env) { Pending(env, false); }
  void Release(Napi::Env env);

 private:
  struct State;
  static void Loop(std::shared_ptr<State> state);
  // An extra thread: runs queued jobs until none came for a while.
  static void ExtraLoop(std::shared_ptr<State> state);
  // Executes `job`, listed as running meanwhile so that Shutdown can cancel it; once the
  // environment is going away, drops it instead and returns false.
  static bool Execute(State& s, RunJob* job);
  // Hands an executed job to the thread-safe function, or drops it if the environment is gone.
  static void Deliver(State& s, RunJob* job);
  static void OnCleanup(void* runner);  // the environment's cleanup hook: Shutdown
  // Marks the state dead and wakes the thread to exit; false if it already was.
  static bool Stop(State& s);
  void Completed(Napi::Env env, RunJob* job);
  // Counts a submitted job as left for Completed (unless `daemon`); returns null, Submit's answer for it.
  std::unique_ptr<RunJob> Pending(Napi::Env env, bool daemon);
  // Queues `job` for an extra thread, starting one if none is waiting; returns Pending's null.
  std::unique_ptr<RunJob> Enqueue(Napi::Env env, std::unique_ptr<RunJob> job);

  napi_env env_;
  bool hooked_ = false;           // OnCleanup registered and not run yet
  std::shared_ptr<State> state_;  // shared with the threads
  // Joined at Shutdown: Node unloads a worker's addons after it ends, and a thread still in their
  // code would crash. Extra threads that ended on their own are joined as more start.
  std::thread primary_;
  std::vector<std::thread> extras_;
  int pending_ = 0;               // left for Completed, not yet completed (JS thread only)
};

}  // namespace tf1node
