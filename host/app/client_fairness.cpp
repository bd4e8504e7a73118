#include "app/client_fairness.h"

#include <Poco/String.h>

namespace vb {
namespace {

constexpr size_t kPrefixChars = 12;

std::string presentedKey(const RequestHead& head) {
  if (const auto it = head.headers.find("authorization"); it != head.headers.end()) {
    const std::string& auth = it->second;
    if (auth.size() > 7 && Poco::icompare(auth.substr(0, 7), "bearer ") == 0)
      return Poco::trim(auth.substr(7));
  }
  if (const auto it = head.headers.find("x-api-key"); it != head.headers.end()) return Poco::trim(it->second);
  return {};
}

}  // namespace

std::string fairnessKeyOf(const RequestHead& head) {
  const std::string key = presentedKey(head);
  if (key.size() < 4 + kPrefixChars + 1 || key.compare(0, 4, "vbk_") != 0 || key[4 + kPrefixChars] != '_')
    return {};
  return "key:" + key.substr(4, kPrefixChars);
}

}  // namespace vb
