// Parsing request bodies into JSON objects with errors callers can show.
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "common/domain_error.h"
#include "common/result.h"

namespace vb {

// The body as a JSON object; BadRequest ("body is not valid JSON: …" or
// "body must be a JSON object") otherwise. An empty body is an empty object
// only when `emptyIsObject`.
Result<Poco::JSON::Object::Ptr, DomainError> parseJsonObject(const std::string& body, bool emptyIsObject = false);

// Typed field readers: absent → std::nullopt; present with the wrong type →
// BadRequest naming the field ("field 'name' must be a string").
Result<std::optional<std::string>, DomainError> optionalString(const Poco::JSON::Object& object,
                                                               const std::string& field);
Result<std::string, DomainError> requiredString(const Poco::JSON::Object& object, const std::string& field);

// Serialises a JSON object/array compactly, keeping insertion order.
std::string toJson(const Poco::JSON::Object& object);
std::string toJson(const Poco::JSON::Array& array);

}  // namespace vb
