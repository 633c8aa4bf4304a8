// Session: owns a TF_Session on a Graph (whose JS object it keeps alive).
//
// JS surface:
//   new Session(graph, target: string, config: Uint8Array | null)       [sync] ConfigProto bytes
//   run(feeds, fetches, targets, runOptions, wantMetadata)               [async] -> Promise<[outs, meta]>
//   runSync(feeds, fetches, targets, runOptions, wantMetadata)           [sync]  -> [outs, meta]
//       feeds: [{op, index}, tensor][]; fetches: {op, index}[]; targets: Operation[];
//       runOptions: RunOptions bytes | null; outs: [dtype, shape, data][]; meta: RunMetadata bytes | null
//   close() -> Promise<void>   idempotent; waits for runs in flight, then TF_CloseSession/DeleteSession
//   closed -> boolean          true once close() was called
//   listDevices() -> {name, type, memoryBytes}[]                         [sync]
//
// Async runs execute TF_SessionRun on libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default): each
// run in flight occupies one pool thread while libtensorflow's own threads do the work, so more
// than four concurrent runs queue in libuv. The GC finalizer closes and deletes a session nobody
// closed; it cannot run while a run is in flight because each run holds a reference to the session.
// Throws/rejects: TypeError on bad arguments, Error after close, OpError subclasses from TF.
#pragma once

#include <napi.h>

#include "type_tag.h"

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
  // A JS Session that owns `session`, made on `graph_obj` (SavedModel loading).
  static Napi::Object Adopt(Napi::Env env, TF_Session* session, Napi::Object graph_obj);

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

  TF_Session* session_ = nullptr;
  const Graph* graph_ = nullptr;
  Napi::ObjectReference graph_ref_;
  bool close_requested_ = false;
  int in_flight_ = 0;
  std::vector<Napi::Promise::Deferred> close_waiters_;
};

}  // namespace tf1node
