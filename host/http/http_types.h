// Plain request/response values for route handlers, so handlers never touch
// Poco's server objects and can be unit-tested without a socket.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tenancy/principal.h"

namespace vb {

struct HttpRequest {
  std::string method;
  std::string path;                                  // without the query string
  std::map<std::string, std::string> query;          // decoded query parameters
  std::map<std::string, std::string> pathParams;     // e.g. {"id": "..."} for /v1/agents/{id}
  std::map<std::string, std::string> headers;        // names lower-cased
  std::string body;                                  // already bounded by the body limit
  std::string requestId;                             // X-Request-Id (echoed or generated)
  std::optional<Principal> principal;                // set on tenant routes

  // The header's value or "" (name in any case).
  std::string header(const std::string& name) const;
  // The query parameter or `fallback`.
  std::string queryOr(const std::string& name, const std::string& fallback = {}) const;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse json(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static HttpResponse noContent() {
    HttpResponse r;
    r.status = 204;
    r.contentType.clear();
    return r;
  }
};

}  // namespace vb
