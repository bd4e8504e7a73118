#include "http/router.h"

#include <Poco/StringTokenizer.h>

namespace vb {
namespace {

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> segments;
  Poco::StringTokenizer tokens(path, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  segments.assign(tokens.begin(), tokens.end());
  return segments;
}

bool isParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Access access, RouteHandler handler,
                 RouteOptions options) {
  auto segments = splitPath(pattern);
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments), access, std::move(handler),
                          std::move(options)});
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
  RouteMatch result;
  const auto segments = splitPath(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool same = true;
    for (size_t i = 0; i < segments.size() && same; ++i) {
      if (isParam(route.segments[i]))
        params[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
      else
        same = route.segments[i] == segments[i];
    }
    if (!same) continue;
    result.pathKnown = true;
    if (route.method != method) continue;
    result.handler = &route.handler;
    result.options = &route.options;
    result.access = route.access;
    result.pattern = route.pattern;
    result.pathParams = std::move(params);
    return result;
  }
  return result;
}

}  // namespace vb
