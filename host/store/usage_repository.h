// Usage events (one per billed assistant message) and the aggregates the
// usage and billing views are built from. Ranges are [fromAt, toAt) over the
// stored created_at text. Same session contract as tenant_repository.h.
#pragma once

#include "store/transaction.h"

#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace vb {

struct UsageTotalsRow {
  int64_t sessions = 0;  // distinct sessions with a billed message
  int64_t messages = 0;  // billed assistant messages (= events)
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t costMicros = 0;
};

struct UsageGroupRow {
  std::string key;    // provider, agent id, day "YYYY-MM-DD" or "provider\npricingVersion"
  std::string label;  // agent name for agent groups, pricing version for billing lines
  int64_t messages = 0;
  int64_t tokensIn = 0;
  int64_t tokensOut = 0;
  int64_t costMicros = 0;
};

struct UsageRepository {
  // Throws on a second event for the same (tenant, message): UNIQUE constraint.
  static void insert(Transaction& tx, const UsageEventRow& event);
  static UsageTotalsRow totals(Transaction& tx, const std::string& tenantId, const std::string& fromAt,
                               const std::string& toAt);
  static std::vector<UsageGroupRow> byProvider(Transaction& tx, const std::string& tenantId,
                                               const std::string& fromAt, const std::string& toAt);
  // Sorted by cost descending, then agent id.
  static std::vector<UsageGroupRow> byAgent(Transaction& tx, const std::string& tenantId,
                                            const std::string& fromAt, const std::string& toAt, int limit);
  static std::vector<UsageGroupRow> byDay(Transaction& tx, const std::string& tenantId,
                                          const std::string& fromAt, const std::string& toAt);
  // key = provider, label = pricing version; sorted by both.
  static std::vector<UsageGroupRow> byProviderAndPricing(Transaction& tx, const std::string& tenantId,
                                                         const std::string& fromAt, const std::string& toAt);
  // Events in (created_at, id) order after `after`.
  static std::vector<UsageEventRow> list(Transaction& tx, const std::string& tenantId,
                                         const std::string& fromAt, const std::string& toAt,
                                         const std::optional<PageCursor>& after, int limit);
  static std::optional<UsageEventRow> findByMessage(Transaction& tx, const std::string& tenantId,
                                                    const std::string& messageId);
  static std::vector<UsageEventRow> listBySession(Transaction& tx, const std::string& tenantId,
                                                  const std::string& sessionId);
  static UsageTotalsRow sessionTotals(Transaction& tx, const std::string& tenantId,
                                      const std::string& sessionId);
};

struct IdempotencyRepository {
  static std::optional<IdempotencyRow> find(Transaction& tx, const std::string& tenantId,
                                            const std::string& key);
  // Fails (throws) when a row for (tenant, key) exists: PRIMARY KEY.
  static void insert(Transaction& tx, const IdempotencyRow& row);
  static void complete(Transaction& tx, const std::string& tenantId, const std::string& key,
                       int64_t status, const std::string& body);
  static void remove(Transaction& tx, const std::string& tenantId, const std::string& key);
  // Deletes records whose expires_at <= now; returns how many.
  static int64_t removeExpired(Transaction& tx, const std::string& now);
};

}  // namespace vb
