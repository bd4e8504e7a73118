// JsonWriter: compact JSON appended straight into a std::string, for hot
// paths that would otherwise build a Poco::JSON DOM only to stringify it.
// Its bytes equal Poco::JSON::Object(JSON_PRESERVE_KEY_ORDER)::stringify's
// for the same keys and values (strings escaped by Poco::toJSON itself, so
// '/' is "\/" as the API has always sent it); tests/common pins that.
// The caller keeps the nesting right; the writer only places commas.
// Not thread-safe (one writer per output string).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vb {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);  // names are API field names: written as they are, unescaped
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(int64_t number);
  JsonWriter& value(bool flag);
  JsonWriter& null();
  // An already serialised JSON value (an object stringified elsewhere).
  JsonWriter& raw(std::string_view json);

  // `text` as a JSON string literal (quoted), appended to `out`.
  static void appendString(std::string& out, std::string_view text);

 private:
  void separate();

  std::string& out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool afterKey_ = false;
};

}  // namespace vb
