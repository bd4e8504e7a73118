// A billed vendor response: the unit of metering. Money is integer
// micro-USD (metering/money.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vb {

struct UsageEvent {
  std::string tenantId;
  std::string id;
  std::string agentId;
  std::string sessionId;
  std::string messageId;
  std::string provider;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t costMicros = 0;
  std::string pricingVersion;
  std::string createdAt;
  int64_t callIndex = 0;  // which vendor response of the turn (0, then one per tool round)
};

// Sums over a set of usage events.
struct UsageTotals {
  int64_t sessions = 0;  // distinct sessions with a billed message
  int64_t messages = 0;  // billed assistant messages (= events)
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t costMicros = 0;
};

// Sums per group (provider, agent, day, provider + pricing version).
struct UsageGroup {
  std::string key;    // provider, agent id, day "YYYY-MM-DD" or "provider\npricingVersion"
  std::string label;  // agent name for agent groups, pricing version for billing lines
  int64_t messages = 0;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t costMicros = 0;
};

}  // namespace vb
