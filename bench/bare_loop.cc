// bare_loop: the physical limit for `npm run bench`, as a small Node-API addon. Loads a binary
// GraphDef, runs the init op(s), then calls TF_SessionRun in a tight loop with feeds built once.
// Whatever the Node binding adds per step (JS, conversions, thread hops) is the gap to this.
// It runs in the bench's own process on a session that stays open, so the bench can interleave
// short blocks of steps of every implementation under the same process conditions.
//
// Built as bench/build/bare_loop.node by CMake with -DTF1_NODE_BENCH=ON (bench/lib/bare.js,
// ensureBareLoop). JS surface:
//
//   const { BareLoop } = require('bench/build/bare_loop.node');
//   const loop = new BareLoop({
//     graph: '/path/graph.pb',        // binary GraphDef (required)
//     init: ['init'],                 // ops run once, in order, by the constructor (optional)
//     targets: ['train_op'],          // ops run every step          } at least one target
//     fetches: ['loss:0'],            // tensors fetched every step  } or fetch
//     reads: ['global_step/add:0'],   // fetched by a second run every step, after the first
//                                     // (as TF1's CheckpointSaverHook reads the global step)
//     feeds: [{ name: 'x:0', dtype: 'float32', shape: [128, 784] }],  // shape [] for a scalar
//     intraOp: 0, interOp: 0,         // ConfigProto thread settings; 0: TF's default;
//                                     // interOp -1: every op in the calling thread
//     spinning: true,                 // false: ConfigProto experimental.disable_thread_spinning
//     freshFeeds: false,              // true: new feed tensors every step, as a training loop
//   });                               // feeding fresh batches has (TF is slower with those)
//   const seconds = await loop.run(1000);
//   loop.close();
//
//   new BareLoop(options)  [sync] imports the GraphDef, creates the session with the thread
//       config, runs the init ops and builds the feeds once. Throws a TypeError on bad options
//       (no graph, nothing to run, a bad feed name/dtype/shape, non-integer thread counts), an
//       Error with TF's message when TF fails (import, session, init op, unknown op or output).
//   run(steps) -> Promise<number>   runs `steps` steps off the JS thread (libuv's pool) and
//       resolves to their wall time in seconds (steady_clock, around the steps only). Rejects
//       with a TypeError when steps is not a positive integer or the loop is closed, with an
//       Error when a run is already in flight (the loop is not re-entrant) or TF fails a step.
//   close()  [sync] frees the session and graph (TF_CloseSession + TF_DeleteSession);
//       idempotent. A run in flight keeps them until it ends, then they are freed.
//
// The GC finalizer frees a loop nobody closed. A run in flight holds a reference to the JS object
// (so no finalizer meanwhile) and shares the TF state, so even teardown cannot free it under a run.
//
// Feeds are filled with the fixtures' pattern (bench/lib/cases.js, fillPattern): element k =
// ((k * 7919) % 1000) / 1000 - 0.5 (floats), k % 10 (ints), k & 1 (bool).
#include <napi.h>
#include <tensorflow/c/c_api.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

// One deleter per C destructor, so every handle lives in a unique_ptr.
template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const { Fn(p); }
};
using Status = std::unique_ptr<TF_Status, Deleter<TF_DeleteStatus>>;
using Graph = std::unique_ptr<TF_Graph, Deleter<TF_DeleteGraph>>;
using Buffer = std::unique_ptr<TF_Buffer, Deleter<TF_DeleteBuffer>>;
using ImportOptions =
    std::unique_ptr<TF_ImportGraphDefOptions, Deleter<TF_DeleteImportGraphDefOptions>>;
using SessionOptions = std::unique_ptr<TF_SessionOptions, Deleter<TF_DeleteSessionOptions>>;
using Tensor = std::unique_ptr<TF_Tensor, Deleter<TF_DeleteTensor>>;

struct SessionCloser {
  void operator()(TF_Session* s) const {
    Status status(TF_NewStatus());
    TF_CloseSession(s, status.get());
    TF_DeleteSession(s, status.get());  // a failure here has nowhere to go
  }
};
using Session = std::unique_ptr<TF_Session, SessionCloser>;

// TF failures (and missing ops/files): become JS Errors.
void Check(TF_Status* status, const std::string& what) {
  if (TF_GetCode(status) != TF_OK) {
    throw std::runtime_error(what + " failed (TF code " + std::to_string(TF_GetCode(status)) +
                             "): " + TF_Message(status));
  }
}

struct FeedSpec {
  std::string tensor;
  TF_DataType dtype;
  std::vector<int64_t> dims;
};

struct Spec {
  std::string graph;
  std::vector<std::string> init, targets, fetches, reads;
  std::vector<FeedSpec> feeds;
  int intra_op = 0, inter_op = 0;  // 0: TF's default
  bool spinning = true;  // TF's idle pool threads spin before they sleep (TF's default)
  // New input tensors every step, as a training loop that feeds fresh batches has: TF runs
  // measurably slower with fresh feeds than with the same TF_Tensors every step.
  bool fresh_feeds = false;
};

// --- options (TypeErrors) ---------------------------------------------------------------------

bool ParseDtype(const std::string& s, TF_DataType* out) {
  if (s == "float32" || s == "float") *out = TF_FLOAT;
  else if (s == "float64" || s == "double") *out = TF_DOUBLE;
  else if (s == "int32") *out = TF_INT32;
  else if (s == "int64") *out = TF_INT64;
  else if (s == "uint8") *out = TF_UINT8;
  else if (s == "bool") *out = TF_BOOL;
  else return false;
  return true;
}

[[noreturn]] void BadOption(Napi::Env env, const std::string& msg) {
  throw Napi::TypeError::New(env, "BareLoop: " + msg);
}

bool Absent(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

std::vector<std::string> StringList(Napi::Env env, const Napi::Object& opts, const char* key) {
  Napi::Value v = opts.Get(key);
  std::vector<std::string> out;
  if (Absent(v)) return out;
  if (!v.IsArray()) BadOption(env, std::string("options.") + key + " must be an array of strings");
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value s = a.Get(i);
    if (!s.IsString() || s.As<Napi::String>().Utf8Value().empty()) {
      BadOption(env, std::string("options.") + key + "[" + std::to_string(i) +
                         "] must be a non-empty string");
    }
    out.push_back(s.As<Napi::String>().Utf8Value());
  }
  return out;
}

// An integer in [lo, hi], or `fallback` when absent.
int64_t Integer(Napi::Env env, const Napi::Value& v, const std::string& what, int64_t lo,
                int64_t hi, int64_t fallback) {
  if (Absent(v)) return fallback;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : std::nan("");
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != std::floor(d)) {
    BadOption(env, what + " must be an integer in [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "]");
  }
  return static_cast<int64_t>(d);
}

FeedSpec ParseFeed(Napi::Env env, const Napi::Value& v, uint32_t i) {
  std::string where = "options.feeds[" + std::to_string(i) + "]";
  if (!v.IsObject() || v.IsArray()) BadOption(env, where + " must be {name, dtype, shape}");
  Napi::Object o = v.As<Napi::Object>();
  FeedSpec f{};
  Napi::Value name = o.Get("name"), dtype = o.Get("dtype"), shape = o.Get("shape");
  if (!name.IsString() || name.As<Napi::String>().Utf8Value().empty()) {
    BadOption(env, where + ".name must be a tensor name such as 'x:0'");
  }
  f.tensor = name.As<Napi::String>().Utf8Value();
  std::string dt = dtype.IsString() ? dtype.As<Napi::String>().Utf8Value() : "";
  if (!ParseDtype(dt, &f.dtype)) {
    BadOption(env, where + ".dtype '" + dt +
                       "' is not supported (float32, float64, int32, int64, uint8, bool)");
  }
  if (!shape.IsArray()) BadOption(env, where + ".shape must be an array of dimensions ([] for a scalar)");
  Napi::Array dims = shape.As<Napi::Array>();
  double elements = 1;
  for (uint32_t k = 0; k < dims.Length(); ++k) {
    // Concrete dims only: the feed is allocated once, here.
    Napi::Value dim = dims.Get(k);
    double d = dim.IsNumber() ? dim.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0 && d <= 1099511627776.0) || d != std::floor(d)) {
      BadOption(env, where + ".shape[" + std::to_string(k) +
                         "] must be a non-negative integer (concrete dims only)");
    }
    f.dims.push_back(static_cast<int64_t>(d));
    elements *= static_cast<double>(f.dims.back());
  }
  if (elements * TF_DataTypeSize(f.dtype) > 1e12) BadOption(env, where + " is too large");
  return f;
}

Spec ParseSpec(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject() || info[0].IsArray()) {
    BadOption(env, "new BareLoop(options) takes an options object {graph, init, targets, fetches, "
                   "reads, feeds, intraOp, interOp, spinning, freshFeeds}");
  }
  Napi::Object o = info[0].As<Napi::Object>();
  Spec s;
  Napi::Value graph = o.Get("graph");
  if (!graph.IsString() || graph.As<Napi::String>().Utf8Value().empty()) {
    BadOption(env, "options.graph must be the path of a binary GraphDef");
  }
  s.graph = graph.As<Napi::String>().Utf8Value();
  s.init = StringList(env, o, "init");
  s.targets = StringList(env, o, "targets");
  s.fetches = StringList(env, o, "fetches");
  s.reads = StringList(env, o, "reads");
  if (s.targets.empty() && s.fetches.empty()) {
    BadOption(env, "nothing to run: give options.targets and/or options.fetches");
  }
  Napi::Value feeds = o.Get("feeds");
  if (!Absent(feeds)) {
    if (!feeds.IsArray()) BadOption(env, "options.feeds must be an array of {name, dtype, shape}");
    Napi::Array a = feeds.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) s.feeds.push_back(ParseFeed(env, a.Get(i), i));
  }
  constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();
  s.intra_op = static_cast<int>(Integer(env, o.Get("intraOp"), "options.intraOp", 0, kIntMax, 0));
  // Negative inter_op values are meaningful to TF (-1: ops in the calling thread).
  s.inter_op = static_cast<int>(
      Integer(env, o.Get("interOp"), "options.interOp", -kIntMax - 1, kIntMax, 0));
  Napi::Value fresh = o.Get("freshFeeds");
  if (!Absent(fresh) && !fresh.IsBoolean()) BadOption(env, "options.freshFeeds must be a boolean");
  s.fresh_feeds = !Absent(fresh) && fresh.As<Napi::Boolean>().Value();
  Napi::Value spinning = o.Get("spinning");
  if (!Absent(spinning) && !spinning.IsBoolean()) BadOption(env, "options.spinning must be a boolean");
  s.spinning = Absent(spinning) || spinning.As<Napi::Boolean>().Value();
  return s;
}

// --- the TF side (std::runtime_error on failure) ------------------------------------------------

TF_Operation* FindOp(TF_Graph* g, const std::string& name) {
  TF_Operation* op = TF_GraphOperationByName(g, name.c_str());
  if (!op) throw std::runtime_error("no operation '" + name + "' in the graph");
  return op;
}

// "loss:0" (or "loss", meaning output 0)
TF_Output FindOutput(TF_Graph* g, const std::string& name) {
  size_t colon = name.rfind(':');
  int index = 0;
  if (colon != std::string::npos) {
    std::string digits = name.substr(colon + 1);
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      throw std::runtime_error("bad tensor name '" + name + "', expected op_name:index");
    }
    index = std::stoi(digits);
  }
  TF_Operation* op = FindOp(g, name.substr(0, colon));
  if (index >= TF_OperationNumOutputs(op)) {
    throw std::runtime_error("operation '" + name.substr(0, colon) + "' has no output " +
                             std::to_string(index));
  }
  return TF_Output{op, index};
}

template <typename T>
void Fill(void* data, size_t n, bool integral) {
  T* p = static_cast<T*>(data);
  for (size_t k = 0; k < n; ++k) {
    p[k] = integral ? static_cast<T>(k % 10)
                    : static_cast<T>(static_cast<double>((k * 7919) % 1000) / 1000.0 - 0.5);
  }
}

Tensor MakeFeed(const FeedSpec& f) {
  size_t n = 1;
  for (int64_t d : f.dims) n *= static_cast<size_t>(d);  // concrete: checked by ParseFeed
  Tensor t(TF_AllocateTensor(f.dtype, f.dims.data(), static_cast<int>(f.dims.size()),
                             n * TF_DataTypeSize(f.dtype)));
  if (!t) throw std::runtime_error("could not allocate feed " + f.tensor);
  void* data = TF_TensorData(t.get());
  switch (f.dtype) {
    case TF_FLOAT: Fill<float>(data, n, false); break;
    case TF_DOUBLE: Fill<double>(data, n, false); break;
    case TF_INT32: Fill<int32_t>(data, n, true); break;
    case TF_INT64: Fill<int64_t>(data, n, true); break;
    case TF_UINT8: Fill<uint8_t>(data, n, true); break;
    case TF_BOOL: for (size_t k = 0; k < n; ++k) static_cast<bool*>(data)[k] = k & 1; break;
    default: throw std::runtime_error("unreachable dtype");
  }
  return t;
}

// ConfigProto bytes by hand (fields 2 and 5, varints; experimental, field 16) to stay free of
// protobuf headers. A negative int32 is sign-extended to 64 bits first, so it takes the 10-byte
// varint protobuf writes for it.
std::string ThreadConfig(int intra_op, int inter_op, bool spinning) {
  std::string out;
  auto field = [&out](int number, uint64_t v) {
    if (v == 0) return;  // proto3 default
    out.push_back(static_cast<char>(number << 3));  // wire type 0 (varint)
    do {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      out.push_back(static_cast<char>(v ? byte | 0x80 : byte));
    } while (v);
  };
  field(2, static_cast<uint64_t>(static_cast<int64_t>(intra_op)));  // intra_op_parallelism_threads
  field(5, static_cast<uint64_t>(static_cast<int64_t>(inter_op)));  // inter_op_parallelism_threads
  // experimental { disable_thread_spinning: true } (field 9 of a 2-byte message)
  if (!spinning) out += std::string("\x82\x01\x02\x48\x01", 5);
  return out;
}

// The session and everything a step needs. Used by one thread at a time: the JS thread while it
// is built, then the worker thread of the one run in flight (BareLoop guards that).
class Loop {
 public:
  explicit Loop(Spec spec) : spec_(std::move(spec)), status_(TF_NewStatus()) {
    std::ifstream in(spec_.graph, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + spec_.graph);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Buffer graph_def(TF_NewBufferFromString(bytes.data(), bytes.size()));
    graph_.reset(TF_NewGraph());
    ImportOptions import_opts(TF_NewImportGraphDefOptions());
    TF_GraphImportGraphDef(graph_.get(), graph_def.get(), import_opts.get(), status_.get());
    Check(status_.get(), "importing " + spec_.graph);

    // Resolve every name before the session exists: a typo costs no session.
    std::vector<TF_Operation*> init;
    for (const std::string& name : spec_.init) init.push_back(FindOp(graph_.get(), name));
    for (const FeedSpec& f : spec_.feeds) feed_outputs_.push_back(FindOutput(graph_.get(), f.tensor));
    for (const std::string& name : spec_.fetches) {
      fetch_outputs_.push_back(FindOutput(graph_.get(), name));
    }
    for (const std::string& name : spec_.targets) targets_.push_back(FindOp(graph_.get(), name));
    for (const std::string& name : spec_.reads) read_outputs_.push_back(FindOutput(graph_.get(), name));

    SessionOptions session_opts(TF_NewSessionOptions());
    std::string config = ThreadConfig(spec_.intra_op, spec_.inter_op, spec_.spinning);
    TF_SetConfig(session_opts.get(), config.data(), config.size(), status_.get());
    Check(status_.get(), "TF_SetConfig");
    session_.reset(TF_NewSession(graph_.get(), session_opts.get(), status_.get()));
    Check(status_.get(), "TF_NewSession");

    for (size_t k = 0; k < init.size(); ++k) {
      TF_SessionRun(session_.get(), nullptr, nullptr, nullptr, 0, nullptr, nullptr, 0, &init[k],
                    1, nullptr, status_.get());
      Check(status_.get(), "running init op " + spec_.init[k]);
    }

    for (const FeedSpec& f : spec_.feeds) {
      feed_tensors_.push_back(MakeFeed(f));
      feed_values_.push_back(feed_tensors_.back().get());
    }
    fetched_.resize(std::max(fetch_outputs_.size(), read_outputs_.size()));
  }

  // Runs `steps` steps; returns their wall seconds.
  double Run(int64_t steps) {
    auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < steps; ++i) Step();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  bool running = false;  // a run is in flight; read and written on the JS thread only

 private:
  void Step() {
    if (spec_.fresh_feeds) {
      for (size_t k = 0; k < feed_tensors_.size(); ++k) {
        feed_tensors_[k] = MakeFeed(spec_.feeds[k]);
        feed_values_[k] = feed_tensors_[k].get();
      }
    }
    TF_SessionRun(session_.get(), nullptr, feed_outputs_.data(), feed_values_.data(),
                  static_cast<int>(feed_values_.size()), fetch_outputs_.data(), fetched_.data(),
                  static_cast<int>(fetch_outputs_.size()), targets_.data(),
                  static_cast<int>(targets_.size()), nullptr, status_.get());
    Release("TF_SessionRun");
    if (read_outputs_.empty()) return;
    TF_SessionRun(session_.get(), nullptr, nullptr, nullptr, 0, read_outputs_.data(),
                  fetched_.data(), static_cast<int>(read_outputs_.size()), nullptr, 0, nullptr,
                  status_.get());
    Release("TF_SessionRun (reads)");
  }

  // Fetched tensors are ours even when a run fails part way; released before the status is checked.
  void Release(const char* what) {
    for (TF_Tensor*& t : fetched_) Tensor owned(std::exchange(t, nullptr));
    Check(status_.get(), what);
  }

  Spec spec_;
  Status status_;
  // Declared before the session, so the session is closed and deleted first.
  Graph graph_;
  Session session_;
  std::vector<TF_Output> feed_outputs_, fetch_outputs_, read_outputs_;
  std::vector<TF_Operation*> targets_;
  std::vector<Tensor> feed_tensors_;
  std::vector<TF_Tensor*> feed_values_;  // borrowed from feed_tensors_; TF_SessionRun doesn't own
  std::vector<TF_Tensor*> fetched_;      // owned only between TF_SessionRun and their release
};

// --- the JS side ----------------------------------------------------------------------------------

// One run(steps) off the JS thread. Holds the loop's state (shared) and its JS object (so no GC
// finalizer meanwhile) until it settles.
class RunWorker : public Napi::AsyncWorker {
 public:
  RunWorker(Napi::Env env, std::shared_ptr<Loop> loop, int64_t steps, Napi::Object self)
      : Napi::AsyncWorker(env, "tf1-node:bench:BareLoop.run"),
        loop_(std::move(loop)),
        steps_(steps),
        self_(Napi::Persistent(self)),
        deferred_(Napi::Promise::Deferred::New(env)) {
    loop_->running = true;
  }

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      seconds_ = loop_->Run(steps_);
    } catch (const std::exception& e) {
      SetError(std::string("BareLoop.run: ") + e.what());
    }
  }

  void OnOK() override {
    Release();
    deferred_.Resolve(Napi::Number::New(Env(), seconds_));
  }

  void OnError(const Napi::Error& e) override {
    Release();
    deferred_.Reject(e.Value());
  }

 private:
  // Drops this run's share: after close(), the last holder frees the session here (JS thread).
  void Release() {
    loop_->running = false;
    loop_.reset();
    self_.Reset();
  }

  std::shared_ptr<Loop> loop_;
  int64_t steps_;
  Napi::ObjectReference self_;
  Napi::Promise::Deferred deferred_;
  double seconds_ = 0;
};

class BareLoop : public Napi::ObjectWrap<BareLoop> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "BareLoop",
                       {InstanceMethod<&BareLoop::Run>("run"),
                        InstanceMethod<&BareLoop::Close>("close")});
  }

  explicit BareLoop(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BareLoop>(info) {
    Spec spec = ParseSpec(info);
    try {
      loop_ = std::make_shared<Loop>(std::move(spec));
    } catch (const std::exception& e) {
      throw Napi::Error::New(info.Env(), std::string("BareLoop: ") + e.what());
    }
  }

  // The finalizer (or teardown): drops this object's share; a run in flight keeps its own.
  ~BareLoop() override = default;

 private:
  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto rejected = [&env](const Napi::Error& e) {
      Napi::Promise::Deferred d = Napi::Promise::Deferred::New(env);
      d.Reject(e.Value());
      return d.Promise();
    };
    if (!loop_) return rejected(Napi::TypeError::New(env, "BareLoop.run: the loop is closed"));
    double d = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : std::nan("");
    if (!(d >= 1 && d <= 9007199254740991.0) || d != std::floor(d)) {
      return rejected(Napi::TypeError::New(env, "BareLoop.run(steps): steps must be a positive integer"));
    }
    if (loop_->running) {
      return rejected(Napi::Error::New(
          env, "BareLoop.run: a run is already in flight (the loop is not re-entrant)"));
    }
    auto* worker = new RunWorker(env, loop_, static_cast<int64_t>(d), info.This().As<Napi::Object>());
    Napi::Promise promise = worker->Promise();
    worker->Queue();  // deletes itself once settled
    return promise;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    loop_.reset();  // frees the session now, or when the run in flight settles
    return info.Env().Undefined();
  }

  std::shared_ptr<Loop> loop_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("BareLoop", BareLoop::Init(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(bare_loop, Init)
