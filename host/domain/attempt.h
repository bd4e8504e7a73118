// One vendor attempt behind an assistant message (or a failed turn).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vb {

struct Attempt {
  std::string tenantId;
  std::string id;
  std::string messageId;
  int64_t attempt = 1;
  std::string provider;
  std::string outcome;
  std::optional<int64_t> httpStatus;
  std::optional<std::string> errorClass;
  int64_t latencyMs = 0;
  std::string startedAt;
  std::string requestId;
  int64_t callIndex = 0;  // which vendor call of the turn (tool rounds make several)
};

}  // namespace vb
