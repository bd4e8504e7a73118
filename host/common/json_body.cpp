#include "common/json_body.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace vb {

Result<Poco::JSON::Object::Ptr, DomainError> parseJsonObject(const std::string& body, bool emptyIsObject) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (emptyIsObject) return Poco::JSON::Object::Ptr(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER));
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "request body must be a JSON object"));
  }
  try {
    Poco::JSON::Parser parser;
    const auto value = parser.parse(body);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
      return unexpected(DomainError::of(DomainError::Kind::BadRequest, "request body must be a JSON object"));
    return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return unexpected(
        DomainError::of(DomainError::Kind::BadRequest, "request body is not valid JSON: " + e.message()));
  }
}

Result<std::optional<std::string>, DomainError> optionalString(const Poco::JSON::Object& object,
                                                               const std::string& field) {
  if (!object.has(field) || object.isNull(field)) return std::optional<std::string>();
  const auto value = object.get(field);
  if (!value.isString())
    return unexpected(
        DomainError::of(DomainError::Kind::BadRequest, "field '" + field + "' must be a string", field));
  return std::optional<std::string>(value.extract<std::string>());
}

Result<std::string, DomainError> requiredString(const Poco::JSON::Object& object, const std::string& field) {
  auto value = optionalString(object, field);
  if (!value) return unexpected(value.error());
  if (!value.value())
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "field '" + field + "' is required", field));
  return *value.value();
}

std::string toJson(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string toJson(const Poco::JSON::Array& array) {
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

}  // namespace vb
