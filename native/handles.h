// Owners for libtensorflow's C handles: every handle lives in one of these from the moment it is
// made, so no early return or exception can leak it.
#pragma once

#include <memory>

#include "tensorflow/c/c_api.h"
#include "tensorflow/c/c_api_experimental.h"

namespace tf1node {

template <typename T, void (*Delete)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p != nullptr) Delete(p);
  }
};

using StatusPtr = std::unique_ptr<TF_Status, Deleter<TF_Status, TF_DeleteStatus>>;
using BufferPtr = std::unique_ptr<TF_Buffer, Deleter<TF_Buffer, TF_DeleteBuffer>>;
using TensorPtr = std::unique_ptr<TF_Tensor, Deleter<TF_Tensor, TF_DeleteTensor>>;
using GraphPtr = std::unique_ptr<TF_Graph, Deleter<TF_Graph, TF_DeleteGraph>>;
using SessionOptionsPtr = std::unique_ptr<TF_SessionOptions, Deleter<TF_SessionOptions, TF_DeleteSessionOptions>>;
using ImportOptionsPtr =
    std::unique_ptr<TF_ImportGraphDefOptions, Deleter<TF_ImportGraphDefOptions, TF_DeleteImportGraphDefOptions>>;
using ImportResultsPtr =
    std::unique_ptr<TF_ImportGraphDefResults, Deleter<TF_ImportGraphDefResults, TF_DeleteImportGraphDefResults>>;
using DeviceListPtr = std::unique_ptr<TF_DeviceList, Deleter<TF_DeviceList, TF_DeleteDeviceList>>;
using CheckpointReaderPtr = std::unique_ptr<TF_CheckpointReader, Deleter<TF_CheckpointReader, TF_DeleteCheckpointReader>>;
using ServerPtr = std::unique_ptr<TF_Server, Deleter<TF_Server, TF_DeleteServer>>;
using FunctionPtr = std::unique_ptr<TF_Function, Deleter<TF_Function, TF_DeleteFunction>>;

inline StatusPtr NewStatus() { return StatusPtr(TF_NewStatus()); }

// A buffer holding a copy of `len` bytes (TF_NewBufferFromString copies).
inline BufferPtr BufferFrom(const void* data, size_t len) { return BufferPtr(TF_NewBufferFromString(data, len)); }

}  // namespace tf1node

namespace tf1node {

// TF_Session needs a status to close and delete; failures there have nowhere to go.
struct SessionDeleter {
  void operator()(TF_Session* s) const {
    if (s == nullptr) return;
    StatusPtr status = NewStatus();
    TF_CloseSession(s, status.get());
    TF_DeleteSession(s, status.get());
  }
};
using SessionPtr = std::unique_ptr<TF_Session, SessionDeleter>;

}  // namespace tf1node
