// SqlParam: one value bound to a `$N` placeholder of a statement run through
// Transaction::execute() / queryInteger(): NULL, an integer or text. It only
// refers to the text (no copy): the value must outlive the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vb {

struct SqlParam {
  enum class Kind { Null, Integer, Text };
  Kind kind = Kind::Null;
  int64_t integer = 0;
  std::string_view text;

  SqlParam(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): reads as a value
  SqlParam(int64_t value) : kind(Kind::Integer), integer(value) {}  // NOLINT
  SqlParam(int value) : kind(Kind::Integer), integer(value) {}      // NOLINT
  SqlParam(const std::string& value) : kind(Kind::Text), text(value) {}  // NOLINT
  SqlParam(const char* value) : kind(Kind::Text), text(value) {}         // NOLINT
  SqlParam(const std::optional<std::string>& value)  // NOLINT
      : kind(value ? Kind::Text : Kind::Null), text(value ? std::string_view(*value) : std::string_view()) {}
  SqlParam(const std::optional<int64_t>& value)  // NOLINT
      : kind(value ? Kind::Integer : Kind::Null), integer(value.value_or(0)) {}
  SqlParam(const std::optional<int>& value)  // NOLINT
      : kind(value ? Kind::Integer : Kind::Null), integer(value.value_or(0)) {}
  SqlParam(std::string&&) = delete;  // would dangle
};

// A row read through Transaction::queryRow(): each column as text, NULL as nullopt.
using SqlRow = std::vector<std::optional<std::string>>;

}  // namespace vb
