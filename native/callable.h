// Callable: a run signature resolved once, as TF1's Session.make_callable: the feed and fetch
// endpoints and target operations of one graph, checked when made. A run of a callable only
// converts tensors, which keeps host work between two TF_SessionRun calls short (libtensorflow's
// idle threads fall asleep within microseconds, and waking them costs far more than the work).
//
// JS surface:
//   new Callable(graph, feeds: {op, index}[], fetches: {op, index}[], targets: Operation[])  [sync]
// Runs go through Session.run/runSync(callable, ...) on a session of the same graph. The callable
// keeps its graph alive, so its endpoints stay valid for as long as it lives.
// Throws: TypeError on bad arguments or endpoints of another graph.
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

#include "handles.h"
#include "type_tag.h"

namespace tf1node {

class Graph;

// What TF_SessionRun takes besides the tensors; immutable once made, shared with runs in flight.
struct RunSignature {
  std::vector<TF_Output> inputs;
  std::vector<TF_Output> outputs;
  std::vector<TF_Operation*> targets;
};

// Where runs of a signature execute: on TF's inter-op pool (TF's default) or in the thread that
// calls TF_SessionRun (RunOptions.inter_op_thread_pool = -1). TF recommends the caller's thread
// for graphs whose run is as short as a thread hand-off; for those, the hand-off and the wake-ups
// around it cost more than the ops. Rather than guess, the tuner times runs both ways and keeps
// the faster, trying again now and then. Used on the JS thread only.
class RunTuner {
 public:
  bool Inline() const { return phase_ == Phase::kTryInline || (phase_ == Phase::kDecided && inline_); }
  // A run made inline or not took `ns` (runs in flight may finish after the phase changed).
  void Record(bool ran_inline, int64_t ns);

 private:
  enum class Phase { kTryPool, kTryInline, kDecided };
  static constexpr int kTrials = 16;       // runs timed in each mode
  static constexpr int kRetuneAfter = 4096;  // runs in the chosen mode before timing again
  Phase phase_ = Phase::kTryPool;
  bool inline_ = false;
  int count_ = 0;
  std::vector<int64_t> pool_ns_, inline_ns_;
};

class Callable : public Napi::ObjectWrap<Callable> {
 public:
  static Napi::Function Init(Napi::Env env);
  static Callable* Unwrap(Napi::Object obj) {
    return UnwrapTagged<Callable>(obj, kCallableTag, "Illegal invocation: not a native Callable");
  }
  static Callable* FromJs(Napi::Env env, Napi::Value v) {
    return UnwrapTagged<Callable>(v, kCallableTag, "callable must be a native Callable");
  }

  explicit Callable(const Napi::CallbackInfo& info);

  const Graph* graph() const { return graph_; }
  const std::shared_ptr<const RunSignature>& signature() const { return signature_; }
  // Shared with runs in flight, which report their time when they complete (on the JS thread).
  const std::shared_ptr<RunTuner>& tuner() const { return tuner_; }

 private:
  const Graph* graph_ = nullptr;
  Napi::ObjectReference graph_ref_;
  std::shared_ptr<const RunSignature> signature_;
  std::shared_ptr<RunTuner> tuner_ = std::make_shared<RunTuner>();
};

}  // namespace tf1node
