// JS functions inside the graph: CPU kernels for PyFunc, PyFuncStateless and EagerPyFunc (TF's
// own live in its Python extension, which libtensorflow lacks), registered once per process
// through TF's kernel C API, and a per-environment bridge that runs the JS function of a kernel's
// `token` on its environment's JS thread while the kernel waits.
//
// A kernel runs on whatever thread TF gives it (the runner's, TF's inter-op pool, tf.data's). It
// queues the call on the bridge of the environment that made the token and waits; the JS thread
// serves the queue, woken by a thread-safe function. A kernel running on the JS thread itself (a
// runSync run inline) calls the function at once. A runSync in an environment with functions
// runs TF_SessionRun on a helper thread while the JS thread serves calls (RunServingPyFuncs), so
// kernels on other threads (tf.data's) never wait for a blocked JS thread.
//
// Tokens (`pyfunc_<n>`, as TF's FuncRegistry names them) are unique per process; each names its
// environment, so a worker_thread's functions run on that worker. When an environment goes away,
// the calls queued or in progress fail (CancelledError) and later ones too; a token whose
// environment is gone fails as an unknown one does.
//
// JS surface (exports):
//   pyFuncBridge(dispatch)   [sync] sets this environment's dispatcher (once; later calls replace
//       it): dispatch(token, inputs: [dtype, shape, data][], canWait: boolean) -> tensors
//       ({dtype, shape, data}[]) | {code, message} | a Promise of either (only when canWait: else
//       the call fails, as this thread waits for it)
//   pyFuncToken() -> string  [sync] a new token for this environment (pyFuncBridge first)
//   pyFuncRelease(token)     [sync] forgets a token (its function was collected)
#pragma once

#include <napi.h>

#include <functional>

namespace tf1node {

// Adds the functions above to `exports`; registers the kernels on the first call in the process.
void InitPyFunc(Napi::Env env, Napi::Object exports);

// On the JS thread: runs `work` (a synchronous session run). With JS functions in this
// environment, on a helper thread while this thread serves their calls (a Promise they return
// cannot be awaited there: such a call fails); otherwise here.
void RunServingPyFuncs(Napi::Env env, const std::function<void()>& work);

// Any thread: RunServingPyFuncs when this is the JS thread of an environment with JS functions,
// else `work` here. For TF calls that wait for kernels, as deleting a session waits for tf.data's
// threads, which may be waiting for a call on this thread.
void ServingPyFuncs(const std::function<void()>& work);

}  // namespace tf1node
