#include "callable.h"

#include <algorithm>

#include "graph.h"
#include "operation.h"

namespace tf1node {

namespace {

int64_t Median(std::vector<int64_t>& v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

void RunTuner::Record(bool ran_inline, int64_t ns) {
  // The first run builds TF's executors and says nothing of later runs; past kOutlierNs, one
  // slow run (a VM hiccup) may push the average over kShortRunNs but not far past it.
  if (runs_++ > 0) {
    const int64_t sample = std::min(ns, kOutlierNs);
    recent_ns_ = recent_ns_ == 0 ? sample : recent_ns_ + (sample - recent_ns_) / 8;
  }
  const bool switched = ran_inline != last_inline_;
  last_inline_ = ran_inline;
  switch (phase_) {
    case Phase::kTryInline:
      if (!ran_inline) break;
      inline_ns_.push_back(ns);
      if (inline_ns_.size() < kTrials) break;
      if (const int64_t median = Median(inline_ns_); median < kNoPoolNs || median > kPoolOnlyNs) {
        Decide(median < kNoPoolNs);
      } else {
        inline_ns_.clear();
        turn_ = 0;
        phase_ = Phase::kCompare;
      }
      break;
    case Phase::kCompare: {
      if (switched) break;  // the first run of a block
      auto& times = ran_inline ? inline_ns_ : pool_ns_;
      if (times.size() < kCompareTrials) times.push_back(ns);
      if (inline_ns_.size() == kCompareTrials && pool_ns_.size() == kCompareTrials) {
        // Inline must win clearly: the pool is TF's default, and it keeps the graph's parallelism,
        // which the comparison's early runs (TF still warming up) show less than a long loop.
        Decide(Median(inline_ns_) * 10 < Median(pool_ns_) * 9);
      }
      break;
    }
    case Phase::kDecided:
      if (++count_ == kRetuneAfter) phase_ = Phase::kTryInline;
      break;
  }
}

void RunTuner::Decide(bool run_inline) {
  inline_ = run_inline;
  pool_ns_.clear();
  inline_ns_.clear();
  count_ = 0;
  phase_ = Phase::kDecided;
}

Napi::Function Callable::Init(Napi::Env env) {
  return DefineClass(env, "Callable", {});
}

Callable::Callable(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Callable>(info) {
  Napi::Env env = info.Env();
  info.This().As<Napi::Object>().TypeTag(&kCallableTag);
  if (info.Length() < 4 || !info[1].IsArray() || !info[2].IsArray() || !info[3].IsArray()) {
    throw Napi::TypeError::New(env, "Callable takes (graph, feeds, fetches, targets)");
  }
  graph_ = Graph::FromJs(env, info[0]);
  auto sig = std::make_shared<RunSignature>();
  Napi::Array feeds = info[1].As<Napi::Array>();
  sig->inputs.reserve(feeds.Length());
  for (uint32_t i = 0; i < feeds.Length(); i++) sig->inputs.push_back(graph_->OutputFromJs(env, feeds.Get(i), "feed"));
  Napi::Array fetches = info[2].As<Napi::Array>();
  sig->outputs.reserve(fetches.Length());
  for (uint32_t i = 0; i < fetches.Length(); i++) {
    sig->outputs.push_back(graph_->OutputFromJs(env, fetches.Get(i), "fetch"));
  }
  Napi::Array targets = info[3].As<Napi::Array>();
  sig->targets.reserve(targets.Length());
  for (uint32_t i = 0; i < targets.Length(); i++) {
    sig->targets.push_back(Operation::FromJs(env, targets.Get(i), graph_, "target"));
  }
  signature_ = std::move(sig);
  graph_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
}

}  // namespace tf1node
