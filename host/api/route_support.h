// What the tenant API's route files share: the caller's principal, paging
// and body readers that name the offending field, JSON answers.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

#include "common/domain_error.h"
#include "common/result.h"
#include "http/router.h"

namespace vb {

using HandlerResult = Result<HttpResponse, DomainError>;

// The principal the edge set on an AnyKey/Admin route (throws on a route
// registered without one: a wiring bug, answered as a generic 500).
const Principal& principalOf(const HttpRequest& request);

// Query "limit": 1..500, default 50; BadRequest naming 'limit' otherwise.
Result<int, DomainError> limitOf(const HttpRequest& request);

// An optional array of strings; BadRequest naming the field otherwise.
Result<std::optional<std::vector<std::string>>, DomainError> optionalStringArray(
    const Poco::JSON::Object& body, const std::string& field);

HttpResponse jsonResponse(int status, const Poco::JSON::Object::Ptr& object);
// 201 with Location: <collection>/<id>.
HttpResponse createdResponse(const Poco::JSON::Object::Ptr& object, const std::string& location);

template <typename T, typename F>
Poco::JSON::Array::Ptr arrayOf(const std::vector<T>& items, F&& toJson) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& item : items) array->add(toJson(item));
  return array;
}

}  // namespace vb
