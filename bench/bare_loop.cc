// bare_loop: the physical limit for `npm run bench`. Loads a binary GraphDef, runs the init op(s),
// then calls TF_SessionRun in a tight loop with feeds built once, and prints one JSON line:
//   {"steps": N, "seconds": S, "steps_per_sec": R}
// Whatever the Node binding adds per step (JS, conversions, thread hops) is the gap to this.
//
// Usage:
//   bare_loop --graph f.pb [--init init]... [--target train_op]... [--fetch loss:0]...
//             [--feed x:0=float32:128,784]... [--steps 2000] [--warmup 100]
//             [--intra-op N] [--inter-op N] [--fresh-feeds 1]
// Feed dims may be empty for a scalar (`--feed lr:0=float32:`). Feeds are filled with the
// fixtures' pattern: element k = ((k * 7919) % 1000) / 1000 - 0.5 (floats), k % 10 (ints).
#include <tensorflow/c/c_api.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
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
    TF_DeleteSession(s, status.get());  // a failure here has nowhere to go; the process ends
  }
};
using Session = std::unique_ptr<TF_Session, SessionCloser>;

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

struct Args {
  std::string graph;
  std::vector<std::string> init, targets, fetches;
  std::vector<FeedSpec> feeds;
  long steps = 1000, warmup = 100;
  int intra_op = 0, inter_op = 0;  // 0: TF's default
  // New input tensors every step, as a training loop that feeds fresh batches has: TF runs
  // measurably slower with fresh feeds than with the same TF_Tensors every step.
  bool fresh_feeds = false;
};

TF_DataType ParseDtype(const std::string& s) {
  if (s == "float32" || s == "float") return TF_FLOAT;
  if (s == "float64" || s == "double") return TF_DOUBLE;
  if (s == "int32") return TF_INT32;
  if (s == "int64") return TF_INT64;
  if (s == "uint8") return TF_UINT8;
  if (s == "bool") return TF_BOOL;
  throw std::runtime_error("unsupported feed dtype '" + s +
                           "' (float32, float64, int32, int64, uint8, bool)");
}

// "x:0=float32:128,784"
FeedSpec ParseFeed(const std::string& s) {
  size_t eq = s.find('='), colon = s.find(':', eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || colon == std::string::npos) {
    throw std::runtime_error("bad --feed '" + s + "', expected name:index=dtype:d0,d1,...");
  }
  FeedSpec f{s.substr(0, eq), ParseDtype(s.substr(eq + 1, colon - eq - 1)), {}};
  std::string dims = s.substr(colon + 1);
  for (size_t pos = 0; pos < dims.size();) {
    size_t comma = dims.find(',', pos);
    if (comma == std::string::npos) comma = dims.size();
    f.dims.push_back(std::stoll(dims.substr(pos, comma - pos)));
    pos = comma + 1;
  }
  return f;
}

long ParseNumber(const std::string& flag, const std::string& v) {
  size_t used = 0;
  long n = 0;
  try {
    n = std::stol(v, &used);
  } catch (const std::exception&) {
  }
  if (used == 0 || used != v.size()) {
    throw std::runtime_error(flag + " wants a number, got '" + v + "'");
  }
  return n;
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) throw std::runtime_error("missing value after " + flag);
    std::string v = argv[++i];
    if (flag == "--graph") a.graph = v;
    else if (flag == "--init") a.init.push_back(v);
    else if (flag == "--target") a.targets.push_back(v);
    else if (flag == "--fetch") a.fetches.push_back(v);
    else if (flag == "--feed") a.feeds.push_back(ParseFeed(v));
    else if (flag == "--steps") a.steps = ParseNumber(flag, v);
    else if (flag == "--warmup") a.warmup = ParseNumber(flag, v);
    else if (flag == "--intra-op") a.intra_op = static_cast<int>(ParseNumber(flag, v));
    else if (flag == "--inter-op") a.inter_op = static_cast<int>(ParseNumber(flag, v));
    else if (flag == "--fresh-feeds") a.fresh_feeds = v == "1";
    else throw std::runtime_error("unknown flag " + flag);
  }
  if (a.graph.empty()) throw std::runtime_error("--graph is required");
  if (a.targets.empty() && a.fetches.empty()) {
    throw std::runtime_error("nothing to run: give --target and/or --fetch");
  }
  if (a.steps <= 0 || a.warmup < 0) throw std::runtime_error("--steps must be > 0, --warmup >= 0");
  return a;
}

TF_Operation* FindOp(TF_Graph* g, const std::string& name) {
  TF_Operation* op = TF_GraphOperationByName(g, name.c_str());
  if (!op) throw std::runtime_error("no operation '" + name + "' in the graph");
  return op;
}

// "loss:0" (or "loss", meaning output 0)
TF_Output FindOutput(TF_Graph* g, const std::string& name) {
  size_t colon = name.rfind(':');
  int index = colon == std::string::npos ? 0 : std::stoi(name.substr(colon + 1));
  TF_Operation* op = FindOp(g, name.substr(0, colon));
  if (index < 0 || index >= TF_OperationNumOutputs(op)) {
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
  for (int64_t d : f.dims) {
    if (d < 0) throw std::runtime_error("feed " + f.tensor + " needs concrete dims");
    n *= static_cast<size_t>(d);
  }
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

// ConfigProto bytes by hand (fields 2 and 5, varints) to stay free of protobuf headers.
std::string ThreadConfig(int intra_op, int inter_op) {
  std::string out;
  auto field = [&out](int number, uint64_t v) {
    if (v == 0) return;  // proto3 default
    out.push_back(static_cast<char>(number << 3));
    do {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      out.push_back(static_cast<char>(v ? byte | 0x80 : byte));
    } while (v);
  };
  field(2, static_cast<uint64_t>(intra_op));  // intra_op_parallelism_threads
  field(5, static_cast<uint64_t>(inter_op));  // inter_op_parallelism_threads
  return out;
}

int Main(int argc, char** argv) {
  Args args = ParseArgs(argc, argv);
  Status status(TF_NewStatus());

  std::ifstream in(args.graph, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + args.graph);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Buffer graph_def(TF_NewBufferFromString(bytes.data(), bytes.size()));
  Graph graph(TF_NewGraph());
  ImportOptions import_opts(TF_NewImportGraphDefOptions());
  TF_GraphImportGraphDef(graph.get(), graph_def.get(), import_opts.get(), status.get());
  Check(status.get(), "importing " + args.graph);

  SessionOptions session_opts(TF_NewSessionOptions());
  std::string config = ThreadConfig(args.intra_op, args.inter_op);
  TF_SetConfig(session_opts.get(), config.data(), config.size(), status.get());
  Check(status.get(), "TF_SetConfig");
  Session session(TF_NewSession(graph.get(), session_opts.get(), status.get()));
  Check(status.get(), "TF_NewSession");

  for (const std::string& name : args.init) {
    TF_Operation* op = FindOp(graph.get(), name);
    TF_SessionRun(session.get(), nullptr, nullptr, nullptr, 0, nullptr, nullptr, 0, &op, 1,
                  nullptr, status.get());
    Check(status.get(), "running init op " + name);
  }

  std::vector<TF_Output> feed_outputs, fetch_outputs;
  std::vector<Tensor> feed_tensors;
  std::vector<TF_Tensor*> feed_values;  // borrowed from feed_tensors; TF_SessionRun doesn't own
  for (const FeedSpec& f : args.feeds) {
    feed_outputs.push_back(FindOutput(graph.get(), f.tensor));
    feed_tensors.push_back(MakeFeed(f));
    feed_values.push_back(feed_tensors.back().get());
  }
  for (const std::string& name : args.fetches) {
    fetch_outputs.push_back(FindOutput(graph.get(), name));
  }
  std::vector<TF_Operation*> targets;
  for (const std::string& name : args.targets) targets.push_back(FindOp(graph.get(), name));

  std::vector<TF_Tensor*> fetched(fetch_outputs.size());
  auto step = [&] {
    if (args.fresh_feeds) {
      for (size_t k = 0; k < feed_tensors.size(); ++k) {
        feed_tensors[k] = MakeFeed(args.feeds[k]);
        feed_values[k] = feed_tensors[k].get();
      }
    }
    TF_SessionRun(session.get(), nullptr, feed_outputs.data(), feed_values.data(),
                  static_cast<int>(feed_values.size()), fetch_outputs.data(), fetched.data(),
                  static_cast<int>(fetched.size()), targets.data(),
                  static_cast<int>(targets.size()), nullptr, status.get());
    // Fetched tensors are ours even when the run fails part way; release them before checking.
    for (TF_Tensor*& t : fetched) Tensor owned(std::exchange(t, nullptr));
    Check(status.get(), "TF_SessionRun");
  };

  for (long i = 0; i < args.warmup; ++i) step();
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < args.steps; ++i) step();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"steps\": %ld, \"seconds\": %.6f, \"steps_per_sec\": %.3f}\n", args.steps, seconds,
              args.steps / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bare_loop: %s\n", e.what());
    return 1;
  }
}
