#include "common/paging.h"

#include <regex>

namespace vb {

std::string encodeCursor(const PageCursor& cursor) { return cursor.createdAt + "," + cursor.id; }

std::optional<PageCursor> decodeCursor(const std::string& text) {
  // createdAt is the stored ISO-8601 UTC text (store/timestamps.h).
  static const std::regex timestamp(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z)");
  const auto comma = text.find(',');
  if (comma == std::string::npos || comma == 0 || comma + 1 == text.size()) return std::nullopt;
  PageCursor cursor{text.substr(0, comma), text.substr(comma + 1)};
  if (!std::regex_match(cursor.createdAt, timestamp)) return std::nullopt;
  return cursor;
}

Result<std::optional<PageCursor>, DomainError> cursorFrom(const std::string& text) {
  if (text.empty()) return std::optional<PageCursor>();
  auto cursor = decodeCursor(text);
  if (!cursor)
    return unexpected(
        DomainError::of(DomainError::Kind::BadRequest, "query 'cursor' is not valid", "cursor"));
  return std::optional<PageCursor>(std::move(*cursor));
}

}  // namespace vb
