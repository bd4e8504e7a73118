#include "common/json_body.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cctype>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

namespace vb {
namespace {

// The byte offset of the first JSON syntax error in `text` (RFC 8259), or
// nullopt when it is valid. Runs only on bodies the parser refused, to tell
// the caller where without passing on the parser's own wording. Iterative
// (an explicit stack), so deeply nested input cannot exhaust the C++ stack.
std::optional<size_t> firstSyntaxError(std::string_view text) {
  size_t at = 0;
  auto skipSpace = [&] {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) ++at;
  };
  auto isDigit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  // Scans one scalar at `at`; false (with `at` on the offending byte) when malformed.
  auto scalar = [&]() -> bool {
    if (at >= text.size()) return false;
    const char c = text[at];
    if (c == '"') {
      for (++at; at < text.size(); ++at) {
        const auto b = static_cast<unsigned char>(text[at]);
        if (b == '"') return ++at, true;
        if (b < 0x20) return false;
        if (b == '\\') {
          if (++at >= text.size()) return false;
          if (text[at] == 'u') {
            for (int i = 0; i < 4; ++i)
              if (++at >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[at]))) return false;
          } else if (std::string_view("\"\\/bfnrt").find(text[at]) == std::string_view::npos) {
            return false;
          }
        }
      }
      return false;
    }
    if (c == '-' || isDigit(at)) {
      if (c == '-') ++at;
      if (!isDigit(at)) return false;
      if (text[at] == '0') ++at;
      else while (isDigit(at)) ++at;
      if (at < text.size() && text[at] == '.') {
        if (!isDigit(++at)) return false;
        while (isDigit(at)) ++at;
      }
      if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
        ++at;
        if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
        if (!isDigit(at)) return false;
        while (isDigit(at)) ++at;
      }
      return true;
    }
    for (std::string_view literal : {"true", "false", "null"}) {
      if (text.substr(at, literal.size()) == literal) return at += literal.size(), true;
      if (literal.front() == c) {
        while (at < text.size() && literal.find(text[at]) != std::string_view::npos) ++at;
        return false;
      }
    }
    return false;
  };

  // A member's key and its colon; false with `at` on the offending byte.
  auto key = [&]() -> bool {
    if (at >= text.size() || text[at] != '"' || !scalar()) return false;
    skipSpace();
    if (at >= text.size() || text[at] != ':') return false;
    ++at;
    return true;
  };

  std::vector<char> open;  // '{' or '[' for each container being read
  for (;;) {
    // A value.
    skipSpace();
    if (at >= text.size()) return at;
    const char c = text[at];
    if (c == '{' || c == '[') {
      open.push_back(c);
      ++at;
      skipSpace();
      if (at < text.size() && text[at] == (c == '{' ? '}' : ']')) {
        ++at;
        open.pop_back();
      } else {
        if (c == '{' && !key()) return at;
        continue;
      }
    } else if (!scalar()) {
      return at;
    }
    // After a value: close containers, or a comma and the next member.
    for (;;) {
      skipSpace();
      if (open.empty()) return at == text.size() ? std::nullopt : std::optional<size_t>(at);
      if (at >= text.size()) return at;
      if (text[at] == (open.back() == '{' ? '}' : ']')) {
        ++at;
        open.pop_back();
        continue;
      }
      if (text[at] != ',') return at;
      ++at;
      if (open.back() == '{') {
        skipSpace();
        if (!key()) return at;
      }
      break;
    }
  }
}

DomainError notValidJson(const std::string& body) {
  std::string detail = "request body is not valid JSON";
  if (const auto offset = firstSyntaxError(body)) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < *offset && i < body.size(); ++i) {
      if (body[i] == '\n') ++line, column = 1;
      else ++column;
    }
    detail += " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
  }
  return DomainError::of(DomainError::Kind::BadRequest, detail);
}

}  // namespace

Result<Poco::JSON::Object::Ptr, DomainError> parseJsonObject(const std::string& body, bool emptyIsObject) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (emptyIsObject) return Poco::JSON::Object::Ptr(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER));
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "request body must be a JSON object"));
  }
  // Poco's parser refuses a top-level scalar (`null`, `1`, `"x"`) with an
  // internal message, so anything that does not open an object is answered
  // here; the parser's own wording never reaches the tenant.
  if (body[body.find_first_not_of(" \t\r\n")] != '{') {
    if (firstSyntaxError(body)) return unexpected(notValidJson(body));
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "request body must be a JSON object"));
  }
  try {
    Poco::JSON::Parser parser;
    const auto value = parser.parse(body);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
      return unexpected(DomainError::of(DomainError::Kind::BadRequest, "request body must be a JSON object"));
    return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return unexpected(notValidJson(body));
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
