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

#include <chrono>
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
// around it cost more than the ops. The tuner times runs in the caller's thread first; a graph
// that runs in under kNoPoolNs there stays there; one that takes over kPoolOnlyNs goes to the
// pool, as the hand-offs are a few percent of it at most. One in between is then timed both ways
// in blocks of runs taken in turns (so a VM slowing down for a while weighs on both alike); it
// stays in the pool unless inline runs were clearly faster, and both are timed again now and then.
// Its recent run time also decides how long an async run is waited for (Wait). Used on the JS
// thread only.
//
// Keeping short graphs in one placement also keeps what unordered ops do stable: TF does not
// order a read of a variable fetched beside an update of it, and the two placements can order
// them differently.
class RunTuner {
 public:
  // Where the next run goes: the caller's thread, or TF's pool.
  bool Inline() {
    switch (phase_) {
      case Phase::kTryInline:
        return true;
      case Phase::kCompare:
        return (turn_++ / kBlock & 1) == 0;
      case Phase::kDecided:
        break;
    }
    return inline_;
  }
  // A run made inline or not took `ns` (runs in flight may finish after the phase changed).
  void Record(bool ran_inline, int64_t ns);
  // How long an async run's caller should wait for it (see Runner::Submit): a little over the
  // recent run time for runs about as short as a hand-off and a JS thread wake-up, else none.
  std::chrono::nanoseconds Wait() const {
    return recent_ns_ > 0 && recent_ns_ <= kShortRunNs ? std::chrono::nanoseconds(2 * recent_ns_ + kWaitSlackNs)
                                                       : std::chrono::nanoseconds(0);
  }

 private:
  // Runs waited for: recent time up to this, about what a hand-off to the runner and the JS
  // thread's wake-up for the result cost on a VM.
  static constexpr int64_t kShortRunNs = 150'000;
  static constexpr int64_t kWaitSlackNs = 20'000;  // the hand-off to the runner and back, with room
  static constexpr int64_t kOutlierNs = 3 * kShortRunNs;  // a run's most weight in recent_ns_
  // Below this in the caller's thread, the pool cannot win: handing the run over and back costs
  // about as much (far more on a VM, where a pool run of such a graph takes hundreds of us).
  static constexpr int64_t kNoPoolNs = 50'000;
  // Above this in the caller's thread, inline can only win by a share of the run that a VM's spread
  // hides in the comparison: timed both ways, the MLP (6 ms) went inline in one bench of three, and
  // ran 15% slower there until the next tuning.
  static constexpr int64_t kPoolOnlyNs = 1'000'000;
  enum class Phase { kTryInline, kCompare, kDecided };
  static constexpr int kTrials = 8;  // runs timed in the caller's thread before comparing
  // Runs timed in each placement when comparing: a VM's run times spread by 20% or more. The
  // placements go in blocks of kBlock runs and the first run of a block is not timed, as it pays
  // for the other placement: a pool run right after inline runs finds TF's threads asleep. Timed
  // in single turns, the MLP's two placements looked alike; in loops of each, inline is 20% slower.
  static constexpr int kBlock = 5;
  static constexpr int kCompareTrials = 12;
  static constexpr int kRetuneAfter = 16384;  // runs in the chosen mode before timing again
  void Decide(bool run_inline);

  Phase phase_ = Phase::kTryInline;
  bool inline_ = false;
  int count_ = 0;
  unsigned turn_ = 0;  // kCompare alternates placements every kBlock runs
  bool last_inline_ = true;  // the placement of the last run recorded
  std::vector<int64_t> pool_ns_, inline_ns_;
  int64_t runs_ = 0;
  int64_t recent_ns_ = 0;  // run time, averaged over about the last eight runs but the first
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
