#include "conversation/failed_attempts_text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace vb {

std::string encodeFailedAttempts(const std::vector<Attempt>& attempts) {
  Poco::JSON::Array items;
  for (const auto& a : attempts) {
    Poco::JSON::Object o;
    o.set("id", a.id);
    o.set("attempt", static_cast<Poco::Int64>(a.attempt));
    o.set("provider", a.provider);
    o.set("outcome", a.outcome);
    if (a.httpStatus) o.set("httpStatus", static_cast<Poco::Int64>(*a.httpStatus));
    if (a.errorClass) o.set("errorClass", *a.errorClass);
    o.set("latencyMs", static_cast<Poco::Int64>(a.latencyMs));
    o.set("startedAt", a.startedAt);
    o.set("requestId", a.requestId);
    o.set("callIndex", static_cast<Poco::Int64>(a.callIndex));
    items.add(o);
  }
  Poco::JSON::Object root;
  root.set("v", 1);
  root.set("attempts", items);
  std::ostringstream out;
  root.stringify(out);
  return out.str();
}

std::optional<std::vector<Attempt>> decodeFailedAttempts(const std::string& text,
                                                         const std::string& tenantId) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    if (!root || root->optValue<int>("v", 0) != 1) return std::nullopt;
    const auto items = root->getArray("attempts");
    if (!items) return std::nullopt;
    std::vector<Attempt> attempts;
    for (size_t i = 0; i < items->size(); ++i) {
      const auto o = items->getObject(static_cast<unsigned>(i));
      if (!o) return std::nullopt;
      Attempt a;
      a.tenantId = tenantId;
      a.id = o->getValue<std::string>("id");
      a.attempt = o->getValue<Poco::Int64>("attempt");
      a.provider = o->getValue<std::string>("provider");
      a.outcome = o->getValue<std::string>("outcome");
      if (o->has("httpStatus")) a.httpStatus = o->getValue<Poco::Int64>("httpStatus");
      if (o->has("errorClass")) a.errorClass = o->getValue<std::string>("errorClass");
      a.latencyMs = o->getValue<Poco::Int64>("latencyMs");
      a.startedAt = o->getValue<std::string>("startedAt");
      a.requestId = o->getValue<std::string>("requestId");
      a.callIndex = o->getValue<Poco::Int64>("callIndex");
      attempts.push_back(std::move(a));
    }
    return attempts;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace vb
