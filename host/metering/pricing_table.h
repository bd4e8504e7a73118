// PricingTable: per-provider token prices from config, versioned by the UTC
// date they take effect. Config section "pricing":
//   { "versions": [ { "version": "2024-01-01", "effectiveFrom": "2024-01-01",
//       "providers": { "vendorA": {"inputMicrosPer1k": 2000, "outputMicrosPer1k": 2000}, … },
//       "default":   {"inputMicrosPer1k": 3000, "outputMicrosPer1k": 3000} } ] }
// Without the section: one version "default-2024-01-01" with vendorA $0.002
// and vendorB $0.003 per 1K tokens each way (default: vendorB's price).
//
// ROUNDING RULE (the only one): an event's cost is computed once, exactly,
// then rounded half up to whole micros:
//   costMicros = (tokensIn * inputMicrosPer1k + tokensOut * outputMicrosPer1k + 500) / 1000
// The stored per-event cost is what every total, rollup and invoice line
// adds up, so totals never re-round.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/domain_error.h"
#include "common/result.h"

namespace vb {

struct ProviderPrice {
  int64_t inputMicrosPer1k = 0;
  int64_t outputMicrosPer1k = 0;
};

struct PricingVersion {
  std::string version;
  int64_t effectiveFromDay = 0;  // days since 1970-01-01 (UTC)
  std::map<std::string, ProviderPrice> providers;
  ProviderPrice defaultPrice;
};

struct PriceQuote {
  std::string version;
  ProviderPrice price;
};

// Immutable after construction; thread-safe.
class PricingTable {
 public:
  // Throws std::runtime_error naming the offending key on a malformed section.
  static PricingTable fromConfig(const Poco::JSON::Object::Ptr& section);
  static PricingTable defaults();

  // The version in effect at `at` (the latest effectiveFrom on or before its
  // UTC date; the earliest version for times before all of them).
  PriceQuote quote(const std::string& provider, std::chrono::system_clock::time_point at) const;
  const std::vector<PricingVersion>& versions() const { return versions_; }

  // The rounding rule above.
  static int64_t costMicros(int64_t tokensIn, int64_t tokensOut, const ProviderPrice& price);

 private:
  std::vector<PricingVersion> versions_;  // sorted by effectiveFromDay
};

}  // namespace vb
