#include "reliability/reliability_config.h"

#include <set>
#include <stdexcept>

namespace vb {
namespace {

// Thrown inside parse() only, caught there and turned into an error value.
struct ConfigError {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ConfigError{path + ": " + what};
}

bool isComment(const std::string& key) { return !key.empty() && key[0] == '_'; }

void rejectUnknownKeys(const Poco::JSON::Object::Ptr& object, const std::string& path,
                       const std::set<std::string>& known) {
  for (const auto& [key, value] : *object) {
    if (!isComment(key) && !known.count(key)) fail(path + "." + key, "unknown key");
  }
}

Poco::JSON::Object::Ptr objectAt(const Poco::JSON::Object::Ptr& parent, const std::string& key,
                                 const std::string& path) {
  if (!parent->has(key)) return nullptr;
  auto object = parent->getObject(key);
  if (!object) fail(path + "." + key, "must be an object");
  return object;
}

// Reads an integer in [min, max] into `out` when the key is present.
template <typename Int>
void readInteger(const Poco::JSON::Object::Ptr& object, const std::string& key, const std::string& path,
                 int64_t min, int64_t max, Int& out) {
  if (!object->has(key)) return;
  const auto value = object->get(key);
  if (!value.isInteger()) fail(path + "." + key, "must be an integer");
  const auto n = value.convert<int64_t>();
  if (n < min || n > max)
    fail(path + "." + key, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  out = static_cast<Int>(n);
}

void readMillis(const Poco::JSON::Object::Ptr& object, const std::string& key, const std::string& path,
                int64_t min, int64_t max, std::chrono::milliseconds& out) {
  int64_t n = out.count();
  readInteger(object, key, path, min, max, n);
  out = std::chrono::milliseconds{n};
}

constexpr int64_t kHour = 3600 * 1000;

void readBreaker(const Poco::JSON::Object::Ptr& object, const std::string& path, BreakerSettings& out) {
  rejectUnknownKeys(object, path,
                    {"consecutiveFailures", "failureRatio", "minimumCalls", "windowMs", "coolDownMs"});
  readInteger(object, "consecutiveFailures", path, 1, 1000000, out.consecutiveFailures);
  if (object->has("failureRatio")) {
    const auto value = object->get("failureRatio");
    if (!value.isNumeric()) fail(path + ".failureRatio", "must be a number");
    const double ratio = value.convert<double>();
    if (!(ratio > 0.0 && ratio <= 1.0)) fail(path + ".failureRatio", "must be in (0, 1]");
    out.failureRatio = ratio;
  }
  readInteger(object, "minimumCalls", path, 1, 1000000, out.minimumCalls);
  readMillis(object, "windowMs", path, 10, kHour, out.window);
  readMillis(object, "coolDownMs", path, 1, kHour, out.coolDown);
}

// Applies the keys present in `object` over `out` (which starts as the defaults).
void readVendor(const Poco::JSON::Object::Ptr& object, const std::string& path, VendorReliability& out) {
  rejectUnknownKeys(object, path,
                    {"attemptTimeoutMs", "maxAttempts", "backoffBaseMs", "backoffCapMs", "breaker"});
  readMillis(object, "attemptTimeoutMs", path, 1, kHour, out.attemptTimeout);
  readInteger(object, "maxAttempts", path, 1, 100, out.retry.maxAttempts);
  readMillis(object, "backoffBaseMs", path, 0, kHour, out.retry.backoffBase);
  readMillis(object, "backoffCapMs", path, 0, kHour, out.retry.backoffCap);
  if (out.retry.backoffCap < out.retry.backoffBase)
    fail(path + ".backoffCapMs", "must not be below backoffBaseMs");
  if (auto breaker = objectAt(object, "breaker", path)) readBreaker(breaker, path + ".breaker", out.breaker);
}

}  // namespace

Result<std::shared_ptr<const ReliabilityConfig>, std::string> ReliabilityConfig::parse(
    const Poco::JSON::Object::Ptr& section) {
  auto config = std::make_shared<ReliabilityConfig>();
  if (!section) return std::shared_ptr<const ReliabilityConfig>(config);
  const std::string root = "reliability";
  try {
    rejectUnknownKeys(section, root, {"turnDeadlineMs", "defaults", "vendors"});
    readMillis(section, "turnDeadlineMs", root, 1, kHour, config->turnDeadline_);
    if (auto defaults = objectAt(section, "defaults", root))
      readVendor(defaults, root + ".defaults", config->defaults_);
    if (auto vendors = objectAt(section, "vendors", root)) {
      for (const auto& [name, value] : *vendors) {
        if (isComment(name)) continue;
        const std::string path = root + ".vendors." + name;
        auto vendor = vendors->getObject(name);
        if (!vendor) fail(path, "must be an object");
        VendorReliability settings = config->defaults_;
        readVendor(vendor, path, settings);
        config->vendors_.emplace(name, settings);
      }
    }
  } catch (const ConfigError& e) {
    return unexpected(e.message);
  } catch (const Poco::Exception& e) {
    return unexpected(root + ": " + e.displayText());
  }
  return std::shared_ptr<const ReliabilityConfig>(config);
}

std::shared_ptr<const ReliabilityConfig> ReliabilityConfig::fromConfig(
    const Poco::JSON::Object::Ptr& section) {
  auto parsed = parse(section);
  if (!parsed) throw std::runtime_error(parsed.error());
  return parsed.value();
}

const VendorReliability& ReliabilityConfig::forVendor(const std::string& provider) const {
  const auto it = vendors_.find(provider);
  return it == vendors_.end() ? defaults_ : it->second;
}

std::vector<std::string> ReliabilityConfig::configuredVendors() const {
  std::vector<std::string> names;
  for (const auto& [name, settings] : vendors_) names.push_back(name);
  return names;
}

}  // namespace vb
