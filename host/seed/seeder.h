// Seeder: demo data for `vocalbridge seed` and `make run` on an empty
// database — two tenants ("Acme Billing", "Globex Support"), an admin and an
// analyst key each, four agents with different primary/fallback set-ups, and
// 30 days of conversation history: real sessions, messages, attempts and
// usage_events rows priced by the pricing table in force on each day, so the
// analytics and the billing preview add up like live data. Deterministic for
// a given seed value and clock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "metering/pricing_table.h"
#include "store/database.h"
#include "tenancy/tenancy_service.h"

namespace vb {

struct SeededTenant {
  std::string id;
  std::string name;
  std::string adminKey;    // shown once
  std::string analystKey;  // shown once
  std::vector<std::string> agentIds;
};

struct SeedReport {
  std::vector<SeededTenant> tenants;
  int64_t sessions = 0;
  int64_t usageEvents = 0;
  // Human-readable listing with the keys, for the console.
  std::string listing() const;
};

class Seeder {
 public:
  Seeder(std::shared_ptr<Database> database, TenancyService& tenancy, const PricingTable& pricing,
         std::shared_ptr<Clock> clock, unsigned randomSeed = 20240501);

  // Always adds a new set of demo tenants.
  SeedReport seed();
  // Whether the database holds no tenant yet.
  bool isEmpty();

 private:
  std::shared_ptr<Database> database_;
  TenancyService& tenancy_;
  const PricingTable& pricing_;
  std::shared_ptr<Clock> clock_;
  unsigned randomSeed_;
};

}  // namespace vb
