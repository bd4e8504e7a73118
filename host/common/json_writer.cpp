#include "common/json_writer.h"

#include <Poco/JSONString.h>

namespace vb {
namespace {

// Bytes Poco::toJSON escapes (controls, quote, backslash, slash) or may
// rewrite (DEL and everything outside ASCII): such strings go through Poco.
bool plain(std::string_view text) {
  for (const unsigned char c : text)
    if (c < 0x20 || c == '"' || c == '\\' || c == '/' || c >= 0x7f) return false;
  return true;
}

}  // namespace

void JsonWriter::appendString(std::string& out, std::string_view text) {
  if (plain(text)) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return;
  }
  out += Poco::toJSON(std::string(text), Poco::JSON_WRAP_STRINGS);
}

void JsonWriter::separate() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  out_.push_back('"');
  out_.append(name);
  out_.append("\":");
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  appendString(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t number) {
  separate();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  separate();
  out_.append(flag ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_.append(json);
  return *this;
}

}  // namespace vb
