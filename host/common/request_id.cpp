#include "common/request_id.h"

#include <Poco/RandomStream.h>

#include <array>

namespace vb {

std::string randomHex(size_t bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  thread_local Poco::RandomInputStream random;
  std::string out;
  out.reserve(bytes * 2);
  for (size_t i = 0; i < bytes; ++i) {
    const auto byte = static_cast<unsigned char>(random.get());
    out += digits[byte >> 4];
    out += digits[byte & 0xF];
  }
  return out;
}

std::string newRequestId() { return "req_" + randomHex(12); }

bool isAcceptableRequestId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace vb
