// Helpers for reading and writing structs that cross the plugin ABI, which
// may come from an older or newer peer: copy min(struct_size, sizeof) into
// zeroed storage, so fields the peer does not know read as 0 / NULL.
// Internal to host/pluginhost.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

#include "vocalbridge/vb_plugin.h"

namespace vb::abi {

// Largest struct_size we believe; anything bigger is garbage, not a future version.
inline constexpr uint32_t kMaxStructSize = 4096;

// Copies a peer's struct (whose first uint32_t field or `declaredSize`
// gives its size) into a zeroed T. Returns the peer's declared size.
template <typename T>
uint32_t copyStruct(const void* peer, uint32_t declaredSize, T& out) {
  std::memset(static_cast<void*>(&out), 0, sizeof(T));
  std::memcpy(static_cast<void*>(&out), peer, std::min<size_t>(declaredSize, sizeof(T)));
  return declaredSize;
}

// True when a struct of `declaredSize` bytes contains the whole field that
// ends at `fieldEnd` (offsetof + sizeof).
constexpr bool covers(uint32_t declaredSize, size_t fieldEnd) { return declaredSize >= fieldEnd; }

#define VB_FIELD_END(type, field) (offsetof(type, field) + sizeof(((type*)nullptr)->field))

inline std::string_view view(vb_str s) {
  return s.data ? std::string_view(s.data, s.len) : std::string_view();
}
inline vb_str str(std::string_view s) { return vb_str{s.data(), s.size()}; }

// Writes a classified error into a peer-owned vb_error, writing only the
// fields its struct_size covers (message truncated to fit, NUL-terminated).
inline void fillError(vb_error* error, vb_error_class errorClass, std::string_view message,
                      int httpStatus = 0, int64_t retryAfterMs = -1) {
  if (!error) return;
  const uint32_t size = error->struct_size;
  if (covers(size, VB_FIELD_END(vb_error, error_class))) error->error_class = errorClass;
  if (covers(size, VB_FIELD_END(vb_error, http_status))) error->http_status = httpStatus;
  if (covers(size, VB_FIELD_END(vb_error, retry_after_ms))) error->retry_after_ms = retryAfterMs;
  if (size > offsetof(vb_error, message)) {
    const size_t capacity = std::min<size_t>(size - offsetof(vb_error, message), VB_ERROR_MESSAGE_CAPACITY);
    const size_t n = std::min(message.size(), capacity - 1);
    std::memcpy(error->message, message.data(), n);
    error->message[n] = '\0';
  }
}

// A fresh host-owned vb_error for a call into a plugin.
inline vb_error makeError() {
  vb_error error{};
  error.struct_size = sizeof(vb_error);
  error.retry_after_ms = -1;
  return error;
}

}  // namespace vb::abi
