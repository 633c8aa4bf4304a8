#include "signals.h"

#include <initializer_list>

#if !defined(_WIN32)
#include <pthread.h>
#endif

namespace tf1node {

#if !defined(_WIN32)
namespace {

const sigset_t& AsyncSignals() {
  static const sigset_t set = [] {
    sigset_t s;
    sigfillset(&s);
    for (int sync : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT}) sigdelset(&s, sync);
    return s;
  }();
  return set;
}

}  // namespace

BlockSignals::BlockSignals() { pthread_sigmask(SIG_BLOCK, &AsyncSignals(), &saved_); }
BlockSignals::~BlockSignals() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
void BlockSignals::ForThisThread() { pthread_sigmask(SIG_BLOCK, &AsyncSignals(), nullptr); }
#else
// Windows has no signal frames on the thread's stack.
BlockSignals::BlockSignals() {}
BlockSignals::~BlockSignals() {}
void BlockSignals::ForThisThread() {}
#endif

}  // namespace tf1node
