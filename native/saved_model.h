// SavedModel loading (a function, not a class: it yields a Graph and a Session).
//
//   loadSavedModel(exportDir, tags: string[], target: string, config: Uint8Array | null)   [async]
//     -> Promise<[Graph, Session, metaGraphDef: Uint8Array]>
// TF_LoadSessionFromSavedModel runs on one of the runner's extra threads (runner.h); variables
// are restored by the time the promise resolves. Rejects with OpError subclasses (NotFound for a
// missing dir or tag).
#pragma once

#include <napi.h>

namespace tf1node {

Napi::Value LoadSavedModel(const Napi::CallbackInfo& info);

}  // namespace tf1node
