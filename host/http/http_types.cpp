#include "http/http_types.h"

#include <Poco/String.h>

namespace vb {

std::string HttpRequest::header(const std::string& name) const {
  const auto it = headers.find(Poco::toLower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpRequest::queryOr(const std::string& name, const std::string& fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

}  // namespace vb
