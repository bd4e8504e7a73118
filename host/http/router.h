// Router: maps (method, path pattern) to a handler plus the access the route
// requires. Authentication, role checks, body limits, request ids, CORS and
// problem+json rendering happen around the handler, in one place
// (GatewayRequestHandler), so handlers only do their job.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/domain_error.h"
#include "common/result.h"
#include "http/http_types.h"

namespace vb {

enum class Access {
  Public,       // no credentials (health, static files)
  AnyKey,       // any valid tenant key (admin or analyst)
  Admin,        // tenant key with role admin; analyst → 403
  Operator      // X-Operator-Token
};

using RouteHandler = std::function<Result<HttpResponse, DomainError>(const HttpRequest&)>;

struct RouteMatch {
  const RouteHandler* handler = nullptr;
  Access access = Access::Public;
  std::map<std::string, std::string> pathParams;
  std::string pattern;     // the matched route's pattern (a low-cardinality metrics label)
  bool pathKnown = false;  // some route has this path (→ 405 instead of 404 when the method differs)
};

// Built once at start-up, then read-only: match() is thread-safe.
class Router {
 public:
  // pattern: "/v1/agents/{id}" — {name} matches one non-empty segment.
  void add(std::string method, std::string pattern, Access access, RouteHandler handler);
  RouteMatch match(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace vb
