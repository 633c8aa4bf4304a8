// Session: owns a TF_Session on a Graph (whose JS object it keeps alive).
//
// JS surface:
//   new Session(graph, target: string, config: Uint8Array | null)       [sync] ConfigProto bytes
//   run(callable, runOptions, flags, [next,] ...feedValues)      -> results | Promise<results>
//   runSync(callable, runOptions, flags, [next,] ...feedValues)  [sync] -> results (in an environment
//       with JS functions in graphs, TF_SessionRun goes to a helper thread meanwhile: py_func.h;
//       a function that closes the session cancels the run, as close() does an async one)
//       callable: a Callable of this session's graph (callable.h); runOptions: RunOptions bytes |
//       null; flags: 1 = return RunMetadata, 2 = daemon (run() only: while out, the run does not
//       keep the process alive; teardown cancels it), 4 = a `next` callable follows (one without
//       feeds, run right after this run succeeds, on the same thread and without options);
//       feedValues: for each of the callable's feeds in turn, dtype, rank, the dimensions and the
//       data (arguments, not an array: cheaper to read on every run);
//       results: one flat array, [meta, then for each fetch in the callable's order: dtype, rank,
//       each dimension, data, then the same for next's fetches if it ran and succeeded];
//       meta: RunMetadata bytes | null
//   close() -> Promise<void>   idempotent; TF_CloseSession (which cancels the runs in flight, as
//                              TF1's close() does), waits for those runs, then TF_DeleteSession
//   closed -> boolean          true once close() was called
//   listDevices() -> {name, type, memoryBytes}[]                         [sync]
//
// Async runs execute TF_SessionRun on the environment's Runner thread (runner.h), or on one of
// its extra threads while it is busy (up to 64; more concurrent runs queue for them). Runs without RunOptions or metadata let the callable's RunTuner choose between
// TF's inter-op pool and the calling thread; when the tuner has seen the callable's runs take
// under 150 us, run() waits for the runner up to about twice that, and a run finished by then
// comes back as its results (or its error is thrown) with no promise made, which saves the JS
// thread's wake-up and a microtask; a run that takes longer settles its promise later as usual.
//
// The GC finalizer closes and deletes a session nobody closed; it cannot run while a run is in
// flight because each run holds a reference to the session. At environment teardown the runner
// first cancels the runs in flight (closing their TF_Session) and waits for them; each async run
// also shares the TF_Session, so the last of them to finish deletes it (TF defers deleting the
// graph until then).
// Throws/rejects: TypeError on bad arguments, Error after close, OpError subclasses from TF.
#pragma once

#include <napi.h>

#include "type_tag.h"

#include <memory>
#include <vector>

#include "handles.h"

namespace tf1node {

class Graph;

class Session : public Napi::ObjectWrap<Session> {
 public:
  static Napi::Function Init(Napi::Env env);
  // Hides ObjectWrap::Unwrap: node-addon-api calls T::Unwrap for each method and accessor.
  static Session* Unwrap(Napi::Object obj) {
    return UnwrapTagged<Session>(obj, kSessionTag, "Illegal invocation: not a native Session");
  }
  // A JS Session that owns `session`, made on `graph_obj` (SavedModel loading); `local`: no target.
  static Napi::Object Adopt(Napi::Env env, TF_Session* session, Napi::Object graph_obj, bool local);

  explicit Session(const Napi::CallbackInfo& info);
  ~Session() override;

  // Bookkeeping of async runs, on the JS thread.
  void RunStarted() { in_flight_++; }
  void RunFinished(Napi::Env env);

 private:
  Napi::Value Run(const Napi::CallbackInfo& info);
  Napi::Value RunSync(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);
  Napi::Value ListDevices(const Napi::CallbackInfo& info);

  void CheckOpen(Napi::Env env) const;
  void Destroy();

  std::shared_ptr<TF_Session> session_;  // shared with async runs in flight (SessionDeleter)
  const Graph* graph_ = nullptr;
  Napi::ObjectReference graph_ref_;
  bool local_ = true;  // in-process (no target): runs may execute in the calling thread
  bool close_requested_ = false;
  int in_flight_ = 0;
  std::vector<Napi::Promise::Deferred> close_waiters_;
};

// cancelSyncRuns()   [sync] cancels every runSync in flight in the process, and any made later
// (their sessions close): the main thread calls it at exit, which waits for workers blocked in one.
void CancelSyncRuns(const Napi::CallbackInfo& info);

}  // namespace tf1node
