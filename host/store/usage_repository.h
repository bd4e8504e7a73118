// Usage events (one per billed assistant message) and the aggregates the
// usage and billing views are built from. Ranges are [fromAt, toAt) over the
// stored created_at text. Same transaction contract as tenant_repository.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/usage_event.h"
#include "store/records.h"
#include "store/transaction.h"

namespace vb {

struct UsageRepository {
  // Throws on a second event for the same (tenant, message, call index): UNIQUE.
  static void insert(Transaction& tx, const UsageEvent& event);
  static UsageTotals totals(Transaction& tx, const std::string& tenantId, const std::string& fromAt,
                            const std::string& toAt);
  static std::vector<UsageGroup> byProvider(Transaction& tx, const std::string& tenantId,
                                            const std::string& fromAt, const std::string& toAt);
  // Sorted by cost descending, then agent id.
  static std::vector<UsageGroup> byAgent(Transaction& tx, const std::string& tenantId,
                                         const std::string& fromAt, const std::string& toAt, int limit);
  static std::vector<UsageGroup> byDay(Transaction& tx, const std::string& tenantId,
                                       const std::string& fromAt, const std::string& toAt);
  // key = provider, label = pricing version; sorted by both.
  static std::vector<UsageGroup> byProviderAndPricing(Transaction& tx, const std::string& tenantId,
                                                      const std::string& fromAt, const std::string& toAt);
  // Events in (created_at, id) order after `after`.
  static std::vector<UsageEvent> list(Transaction& tx, const std::string& tenantId, const std::string& fromAt,
                                      const std::string& toAt, const std::optional<PageCursor>& after,
                                      int limit);
  // A turn's billed vendor responses, in call order.
  static std::vector<UsageEvent> listByMessage(Transaction& tx, const std::string& tenantId,
                                               const std::string& messageId);
  static std::vector<UsageEvent> listBySession(Transaction& tx, const std::string& tenantId,
                                               const std::string& sessionId);
  static UsageTotals sessionTotals(Transaction& tx, const std::string& tenantId,
                                   const std::string& sessionId);
};

}  // namespace vb
