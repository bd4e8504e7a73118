#include "http/media_type.h"

#include <Poco/String.h>

namespace vb {
namespace {

bool isTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!isTokenChar(c)) return false;
  return true;
}

}  // namespace

std::string mediaTypeOf(const std::string& contentType) {
  const std::string type = Poco::toLower(Poco::trim(contentType.substr(0, contentType.find(';'))));
  const auto slash = type.find('/');
  if (slash == std::string::npos) return {};
  if (!isToken(std::string_view(type).substr(0, slash)) || !isToken(std::string_view(type).substr(slash + 1)))
    return {};
  return type;
}

bool isAcceptedMediaType(const std::string& mediaType, const std::vector<std::string>& accepted) {
  if (mediaType.empty()) return false;
  const auto slash = mediaType.find('/');
  const std::string_view type = std::string_view(mediaType).substr(0, slash);
  const std::string_view subtype = std::string_view(mediaType).substr(slash + 1);
  for (const auto& pattern : accepted) {
    if (pattern == mediaType) return true;
    const auto patternSlash = pattern.find('/');
    if (patternSlash == std::string::npos || std::string_view(pattern).substr(0, patternSlash) != type) continue;
    const std::string_view patternSubtype = std::string_view(pattern).substr(patternSlash + 1);
    if (patternSubtype == "*") return true;
    if (patternSubtype.size() > 1 && patternSubtype.front() == '*') {
      const std::string_view suffix = patternSubtype.substr(1);  // e.g. "+json"
      if (subtype.size() > suffix.size() && subtype.substr(subtype.size() - suffix.size()) == suffix) return true;
    }
  }
  return false;
}

}  // namespace vb
