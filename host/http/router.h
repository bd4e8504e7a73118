// Router: maps (method, path pattern) to a handler plus the access the route
// requires and the media types its body may have. Authentication, role
// checks, body limits, media types (415), request ids, CORS and problem+json
// rendering happen around the handler, in one place (HttpEdge), so handlers
// only do their job.
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

// What a route accepts besides its method, path and access.
struct RouteOptions {
  // Media types a request body may carry (Content-Type, parameters such as
  // charset ignored): "type/subtype", "type/*", or "application/*+json" for
  // any subtype with that suffix. The edge checks it for POST, PUT and PATCH
  // requests with a non-empty body and answers anything else 415. A voice
  // route would pass {"audio/wav", "audio/x-wav", "audio/wave"}.
  std::vector<std::string> bodyMediaTypes = {"application/json", "application/*+json"};
  // The largest body this route takes; 0 = the server's default
  // (server.maxBodyBytes). The I/O thread enforces it before the body is read.
  size_t maxBodyBytes = 0;
};

struct RouteMatch {
  const RouteHandler* handler = nullptr;
  const RouteOptions* options = nullptr;  // set with handler; owned by the router
  Access access = Access::Public;
  std::map<std::string, std::string> pathParams;
  std::string pattern;     // the matched route's pattern (a low-cardinality metrics label)
  bool pathKnown = false;  // some route has this path (→ 405 instead of 404 when the method differs)
};

// Built once at start-up, then read-only: match() is thread-safe.
class Router {
 public:
  // pattern: "/v1/agents/{id}" — {name} matches one non-empty segment.
  // `options` defaults to a JSON body.
  void add(std::string method, std::string pattern, Access access, RouteHandler handler, RouteOptions options = {});
  RouteMatch match(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    RouteHandler handler;
    RouteOptions options;
  };
  std::vector<Route> routes_;
};

}  // namespace vb
