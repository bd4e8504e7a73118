#include "api/route_support.h"

#include <stdexcept>

#include "common/json_body.h"

namespace vb {

const Principal& principalOf(const HttpRequest& request) {
  if (!request.principal) throw std::logic_error("tenant route without a principal");
  return *request.principal;
}

Result<int, DomainError> limitOf(const HttpRequest& request) {
  const std::string text = request.queryOr("limit");
  if (text.empty()) return 50;
  const auto invalid = [] {
    return DomainError::of(DomainError::Kind::BadRequest, "query 'limit' must be an integer from 1 to 500",
                           "limit");
  };
  if (text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
    return unexpected(invalid());
  const int limit = std::stoi(text);
  if (limit < 1 || limit > 500) return unexpected(invalid());
  return limit;
}

Result<std::optional<std::vector<std::string>>, DomainError> optionalStringArray(
    const Poco::JSON::Object& body, const std::string& field) {
  if (!body.has(field) || body.isNull(field)) return std::optional<std::vector<std::string>>();
  const auto invalid = [&] {
    return DomainError::of(DomainError::Kind::BadRequest, "field '" + field + "' must be an array of strings",
                           field);
  };
  const auto array = body.getArray(field);
  if (!array) return unexpected(invalid());
  std::vector<std::string> values;
  for (size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned>(i));
    if (!value.isString()) return unexpected(invalid());
    values.push_back(value.extract<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(values));
}

HttpResponse jsonResponse(int status, const Poco::JSON::Object::Ptr& object) {
  return HttpResponse::json(status, toJson(*object));
}

HttpResponse createdResponse(const Poco::JSON::Object::Ptr& object, const std::string& location) {
  auto response = jsonResponse(201, object);
  response.headers.emplace_back("Location", location);
  return response;
}

}  // namespace vb
