// ReliabilityConfig: the "reliability" section of config/vocalbridge.json,
// validated once into immutable per-vendor settings. This is the factory
// half (Envoy's config.cc habit); ReliabilityPipeline is the instance that
// reads it on every turn without locking, since nothing here ever changes.
//
// Section layout (every key optional; keys starting with "_" are comments):
//   {
//     "turnDeadlineMs": 4000,            whole-turn budget, all providers together
//     "defaults": { <vendor settings> }, applied to every vendor
//     "vendors": { "vendorA": { <vendor settings, partial overrides> }, ... }
//   }
// Vendor settings:
//   "attemptTimeoutMs", "maxAttempts", "backoffBaseMs", "backoffCapMs",
//   "breaker": { "consecutiveFailures", "failureRatio", "minimumCalls",
//                "windowMs", "coolDownMs" }
// Unknown keys are rejected, so a typo cannot silently fall back to a default.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace vb {

struct RetrySettings {
  int maxAttempts = 3;                         // per provider and turn, the first try included
  std::chrono::milliseconds backoffBase{50};   // ceiling of the wait before the first retry
  std::chrono::milliseconds backoffCap{1000};  // no wait's ceiling grows beyond this
};

struct BreakerSettings {
  int consecutiveFailures = 5;               // open after this many failures in a row ...
  double failureRatio = 0.5;                 // ... or when failures / calls in the window reach this
  int minimumCalls = 20;                     // ... with at least this many calls in the window
  std::chrono::milliseconds window{10000};   // rolling window for the ratio
  std::chrono::milliseconds coolDown{5000};  // open → half-open (one probe)
};

struct VendorReliability {
  std::chrono::milliseconds attemptTimeout{500};  // one exchange; also capped by the turn's remaining time
  RetrySettings retry;
  BreakerSettings breaker;
};

class ReliabilityConfig {
 public:
  // The built-in defaults (what an empty or missing section gives).
  ReliabilityConfig() = default;

  // Validates `section` (null = empty). The error names the offending key,
  // e.g. "reliability.vendors.vendorA.breaker.failureRatio: must be in (0, 1]".
  static Result<std::shared_ptr<const ReliabilityConfig>, std::string> parse(
      const Poco::JSON::Object::Ptr& section);
  // parse() for process start-up: throws std::runtime_error with that message.
  static std::shared_ptr<const ReliabilityConfig> fromConfig(const Poco::JSON::Object::Ptr& section);

  std::chrono::milliseconds turnDeadline() const { return turnDeadline_; }
  const VendorReliability& defaults() const { return defaults_; }
  // The vendor's settings: its overrides over the defaults, or the defaults
  // for a vendor the section does not name.
  const VendorReliability& forVendor(const std::string& provider) const;
  // Vendors the section names, sorted.
  std::vector<std::string> configuredVendors() const;

 private:
  std::chrono::milliseconds turnDeadline_{4000};
  VendorReliability defaults_;
  std::map<std::string, VendorReliability> vendors_;
};

}  // namespace vb
