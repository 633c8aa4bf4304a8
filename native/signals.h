// Asynchronous signals kept off the threads that run TF's kernels.
//
// oneDNN's JIT sgemm, which libtensorflow's MatMul and Eigen contractions call, points rsp into a
// heap buffer while it runs (oneDNN issue #4845, fixed in oneDNN 3.11.2, later than TF 2.21's).
// A signal handled on that thread meanwhile writes its frame over the heap, and the process
// aborts later in free(). Node handles signals: SIGWINCH when stdout is a terminal, SIGCHLD once
// a child process ran, process.on('SIGINT'), the CPU profiler's SIGPROF (--cpu-prof, --prof, the
// inspector). So threads that run kernels block asynchronous signals: the addon's own threads for
// their whole life, the JS thread for the length of a call that runs kernels or starts TF's
// threads, which inherit the mask of the thread that starts them. A signal blocked here goes to
// another thread, or waits until the call returns (a profiler's sample then lands after it).
#pragma once

#if !defined(_WIN32)
#include <signal.h>
#endif

namespace tf1node {

// Blocks asynchronous signals in the calling thread while it lives. Faults (SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, SIGTRAP, SIGSYS) and SIGABRT stay unblocked: they are the thread's own.
class BlockSignals {
 public:
  BlockSignals();
  ~BlockSignals();
  BlockSignals(const BlockSignals&) = delete;
  BlockSignals& operator=(const BlockSignals&) = delete;

  // For a thread of the addon's own, at its start: blocked for the rest of its life.
  static void ForThisThread();

 private:
#if !defined(_WIN32)
  sigset_t saved_;
#endif
};

}  // namespace tf1node
