// Store-internal records: the idempotency ledger row. Domain values (agents, sessions, …) live in host/domain/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/page_cursor.h"

namespace vb {

// One Idempotency-Key of a tenant. An in-flight claim is held by `ownerId`
// (a host process life) until `lockedUntil`, which that process renews while
// it runs; a completed one holds the turn reference to replay.
struct IdempotencyRow {
  std::string tenantId;
  std::string key;
  std::string fingerprint;
  std::string state;  // "in_flight" | "completed"
  std::optional<int64_t> responseStatus;
  std::optional<std::string> turnRecord;  // completed: the stored turn reference (conversation/turn_record.h)
  std::string createdAt;
  std::string lockedUntil;  // in flight: the owner's lease end
  std::string expiresAt;
  std::string ownerId;
};


}  // namespace vb
