// Comparison whose duration does not depend on where the inputs differ,
// for secrets (API key hashes, operator tokens).
#pragma once

#include <string_view>

namespace vb {

inline bool constantTimeEquals(std::string_view a, std::string_view b) {
  // The length is not secret (hashes and tokens have fixed shapes).
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace vb
