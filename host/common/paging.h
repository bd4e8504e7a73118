// Keyset paging for every list of the API: rows in (createdAt, id) order, a
// page of `limit` rows plus an opaque cursor to the next one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/domain_error.h"
#include "common/result.h"
#include "domain/page_cursor.h"

namespace vb {

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> nextCursor;  // absent on the last page
};

// The opaque text of a cursor, and back (nullopt when malformed).
std::string encodeCursor(const PageCursor& cursor);
std::optional<PageCursor> decodeCursor(const std::string& text);

// The caller's "cursor" query: "" → from the start; BadRequest naming
// 'cursor' when malformed.
Result<std::optional<PageCursor>, DomainError> cursorFrom(const std::string& text);

// Rows fetched with `limit + 1` (so the extra row says whether a next page
// exists) → a page of at most `limit`. T has createdAt and id.
template <typename T>
Page<T> pageOf(std::vector<T> rows, int limit) {
  Page<T> page;
  page.items = std::move(rows);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<size_t>(limit));
    page.nextCursor = encodeCursor({page.items.back().createdAt, page.items.back().id});
  }
  return page;
}

}  // namespace vb
