#include "metering/money.h"

#include <cstdio>

namespace vb {

std::string Money::usd() const {
  const bool negative = micros < 0;
  // Work in unsigned so INT64_MIN does not overflow.
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s%llu.%06llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / 1000000),
                static_cast<unsigned long long>(magnitude % 1000000));
  return buffer;
}

Poco::JSON::Object::Ptr Money::toJson() const {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("micros", static_cast<Poco::Int64>(micros));
  object->set("usd", usd());
  return object;
}

}  // namespace vb
