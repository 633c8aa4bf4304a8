// Type tags for the wrapped classes. napi_unwrap accepts any wrapped object, so without a check a
// Session passed where an Operation is expected (Object.setPrototypeOf fools InstanceOf, and
// accessors get no V8 receiver check) would be reinterpreted as one and crash the process. Each
// class tags its instances in its constructor and hides ObjectWrap<T>::Unwrap with a checked one
// (node-addon-api calls T::Unwrap for every method and accessor), so a wrong object is a
// TypeError, never a cast.
#pragma once

#include <napi.h>

#include <string>

namespace tf1node {

inline constexpr napi_type_tag kGraphTag{0x9c1f0e3a5b7d4e21ULL, 0x1a2b3c4d5e6f7001ULL};
inline constexpr napi_type_tag kOperationTag{0x9c1f0e3a5b7d4e21ULL, 0x1a2b3c4d5e6f7002ULL};
inline constexpr napi_type_tag kSessionTag{0x9c1f0e3a5b7d4e21ULL, 0x1a2b3c4d5e6f7003ULL};
inline constexpr napi_type_tag kCheckpointReaderTag{0x9c1f0e3a5b7d4e21ULL, 0x1a2b3c4d5e6f7004ULL};
inline constexpr napi_type_tag kServerTag{0x9c1f0e3a5b7d4e21ULL, 0x1a2b3c4d5e6f7005ULL};
inline constexpr napi_type_tag kCallableTag{0x9c1f0e3a5b7d4e21ULL, 0x1a2b3c4d5e6f7006ULL};

inline bool HasTypeTag(Napi::Value v, const napi_type_tag& tag) {
  return v.IsObject() && v.As<Napi::Object>().CheckTypeTag(&tag);
}

// The C++ object behind `v`, or a TypeError "<what><suffix>" when `v` is not an instance of T
// (the message is only built on failure: this is on every run's path).
template <typename T>
T* UnwrapTagged(Napi::Value v, const napi_type_tag& tag, const char* what, const char* suffix = "") {
  if (!HasTypeTag(v, tag)) throw Napi::TypeError::New(v.Env(), std::string(what) + suffix);
  return Napi::ObjectWrap<T>::Unwrap(v.As<Napi::Object>());
}

}  // namespace tf1node
