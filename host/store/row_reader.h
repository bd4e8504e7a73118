// Reading typed values out of a Poco RecordSet, NULL-aware. Internal to the store.
#pragma once

#include <Poco/Data/RecordSet.h>

#include <cstdint>
#include <optional>
#include <string>

namespace vb::store_detail {

inline std::string text(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  return rs.isNull(col, row) ? std::string() : rs.value(col, row).convert<std::string>();
}
inline std::optional<std::string> optionalText(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  if (rs.isNull(col, row)) return std::nullopt;
  return rs.value(col, row).convert<std::string>();
}
inline int64_t integer(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  return rs.isNull(col, row) ? 0 : rs.value(col, row).convert<Poco::Int64>();
}
inline std::optional<int64_t> optionalInteger(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  if (rs.isNull(col, row)) return std::nullopt;
  return rs.value(col, row).convert<Poco::Int64>();
}

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
  return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

}  // namespace vb::store_detail
