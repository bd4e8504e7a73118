// The Idempotency-Key ledger (per tenant + key). Same transaction contract as
// tenant_repository.h. Claim takeover and expiry rules live in
// conversation/idempotency_ledger.h; this file only reads and writes rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/records.h"
#include "store/transaction.h"

namespace vb {

struct IdempotencyRepository {
  static std::optional<IdempotencyRow> find(Transaction& tx, const std::string& tenantId,
                                            const std::string& key);
  // Inserts the row unless (tenant, key) exists (INSERT … ON CONFLICT DO
  // NOTHING); true when inserted. Race-free across hosts: on PostgreSQL a
  // concurrent uncommitted insert of the same key makes this wait for its
  // outcome, and a later statement of the transaction sees the winner's row.
  static bool insertIfAbsent(Transaction& tx, const IdempotencyRow& row);
  // Replaces the record `seen` (read earlier in this transaction) with
  // `fresh`, only if the stored row is still `seen` (same state, lease and
  // expiry): a conditional UPDATE, so of two hosts taking over one lapsed
  // claim exactly one wins. True when this call replaced it.
  static bool takeOver(Transaction& tx, const IdempotencyRow& fresh, const IdempotencyRow& seen);
  // Deletes the claim only while `ownerId` holds it in flight; true when deleted.
  static bool removeClaim(Transaction& tx, const std::string& tenantId, const std::string& key,
                          const std::string& ownerId);
  // Marks the claim completed with the turn reference to replay — only if
  // `ownerId` still holds it in flight (the fence); false otherwise.
  static bool complete(Transaction& tx, const std::string& tenantId, const std::string& key,
                       const std::string& ownerId, int64_t status, const std::string& turnRecord);
  // Writes `done` (a completed record) unless a record of (tenant, key) that
  // is completed and unexpired at `now` exists: an in_flight row (its owner
  // died) or an expired one is replaced. True when written. For claims held
  // in process memory (conversation/in_flight_claims.h).
  static bool insertCompleted(Transaction& tx, const IdempotencyRow& done, const std::string& now);
  // Extends to `lockedUntil` the lease of every in-flight claim `ownerId`
  // holds (one statement per heartbeat, whatever the number of turns);
  // returns how many claims it renewed.
  static int64_t renewLeases(Transaction& tx, const std::string& ownerId, const std::string& lockedUntil);
  // Deletes records whose expires_at <= now, across tenants (maintenance,
  // never inside a tenant's transaction); returns how many.
  static int64_t removeExpired(Transaction& tx, const std::string& now);
};

}  // namespace vb
