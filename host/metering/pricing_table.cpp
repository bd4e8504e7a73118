#include "metering/pricing_table.h"

#include <algorithm>
#include <stdexcept>

#include "store/timestamps.h"

namespace vb {
namespace {

ProviderPrice priceOf(const Poco::JSON::Object::Ptr& object, const std::string& where) {
  if (!object) throw std::runtime_error("pricing: " + where + " must be an object");
  ProviderPrice price;
  price.inputMicrosPer1k = object->optValue<Poco::Int64>("inputMicrosPer1k", -1);
  price.outputMicrosPer1k = object->optValue<Poco::Int64>("outputMicrosPer1k", -1);
  if (price.inputMicrosPer1k < 0 || price.outputMicrosPer1k < 0)
    throw std::runtime_error("pricing: " + where +
                             " needs non-negative integer inputMicrosPer1k and outputMicrosPer1k");
  return price;
}

}  // namespace

PricingTable PricingTable::defaults() {
  PricingTable table;
  PricingVersion v;
  v.version = "default-2024-01-01";
  v.effectiveFromDay = *parseDate("2024-01-01");
  v.providers["vendorA"] = {2000, 2000};
  v.providers["vendorB"] = {3000, 3000};
  v.defaultPrice = {3000, 3000};
  table.versions_.push_back(v);
  return table;
}

PricingTable PricingTable::fromConfig(const Poco::JSON::Object::Ptr& section) {
  if (!section || !section->has("versions")) return defaults();
  const auto versions = section->getArray("versions");
  if (!versions || versions->size() == 0)
    throw std::runtime_error("pricing: 'versions' must be a non-empty array");
  PricingTable table;
  for (size_t i = 0; i < versions->size(); ++i) {
    const auto entry = versions->getObject(static_cast<unsigned>(i));
    const std::string where = "versions[" + std::to_string(i) + "]";
    if (!entry) throw std::runtime_error("pricing: " + where + " must be an object");
    PricingVersion v;
    v.version = entry->optValue<std::string>("version", "");
    const auto day = parseDate(entry->optValue<std::string>("effectiveFrom", ""));
    if (v.version.empty() || !day)
      throw std::runtime_error("pricing: " + where + " needs 'version' and 'effectiveFrom' (YYYY-MM-DD)");
    v.effectiveFromDay = *day;
    const auto providers = entry->getObject("providers");
    if (!providers) throw std::runtime_error("pricing: " + where + ".providers must be an object");
    for (const auto& [name, value] : *providers)
      v.providers[name] = priceOf(providers->getObject(name), where + ".providers." + name);
    v.defaultPrice = entry->has("default") ? priceOf(entry->getObject("default"), where + ".default")
                                           : ProviderPrice{3000, 3000};
    table.versions_.push_back(std::move(v));
  }
  std::sort(table.versions_.begin(), table.versions_.end(),
            [](const PricingVersion& a, const PricingVersion& b) {
              return a.effectiveFromDay < b.effectiveFromDay;
            });
  return table;
}

PriceQuote PricingTable::quote(const std::string& provider, std::chrono::system_clock::time_point at) const {
  const int64_t day = std::chrono::floor<std::chrono::days>(at).time_since_epoch().count();
  const PricingVersion* chosen = &versions_.front();
  for (const auto& v : versions_)
    if (v.effectiveFromDay <= day) chosen = &v;
  const auto it = chosen->providers.find(provider);
  return {chosen->version, it != chosen->providers.end() ? it->second : chosen->defaultPrice};
}

int64_t PricingTable::costMicros(int64_t tokensIn, int64_t tokensOut, const ProviderPrice& price) {
  return (tokensIn * price.inputMicrosPer1k + tokensOut * price.outputMicrosPer1k + 500) / 1000;
}

}  // namespace vb
