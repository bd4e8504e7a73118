// Money: integer micro-USD (1 USD = 1,000,000 micros). Never floating point.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace vb {

struct Money {
  int64_t micros = 0;

  // The exact decimal in USD with six places: 1234 → "0.001234", -5 → "-0.000005".
  std::string usd() const;
  // {"micros": <int>, "usd": "<exact decimal>"} (API.md's Money).
  Poco::JSON::Object::Ptr toJson() const;

  friend bool operator==(Money a, Money b) { return a.micros == b.micros; }
};

}  // namespace vb
