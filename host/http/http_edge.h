// HttpEdge: the POCO request-handler factory in front of every request.
// In one place it: accepts or makes the X-Request-Id, answers CORS, bounds
// the body (413), matches the route (404/405), checks credentials (401/403),
// runs the handler, renders DomainErrors as problem+json, serves the
// dashboard's static files with SPA fallback, records metrics and logs.
// Nothing a handler throws reaches the client as more than a generic 500.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "http/router.h"
#include "observability/metrics.h"
#include "tenancy/authenticator.h"

namespace vb {

struct HttpEdgeSettings {
  size_t maxBodyBytes = 1 << 20;
  std::vector<std::string> corsOrigins;  // exact origins allowed to call the API from a browser
  std::string webappDir;                 // static files; empty = none
  std::string operatorToken;             // X-Operator-Token; empty disables operator routes
  bool accessLog = true;
};

class HttpEdge final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  // The router and metrics must outlive the edge. The authenticator may be
  // set later (before the server starts) with setAuthenticator.
  HttpEdge(const Router& router, Metrics& metrics, HttpEdgeSettings settings);

  void setAuthenticator(std::shared_ptr<Authenticator> authenticator);

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

  // Runs one request already read into `request` (no socket): used by the
  // Poco handler and by tests. Fills requestId if empty.
  HttpResponse handle(HttpRequest& request, size_t declaredBodyBytes = 0);

  const HttpEdgeSettings& settings() const { return settings_; }

 private:
  HttpResponse dispatch(HttpRequest& request, std::string& routeLabel);
  bool serveStatic(const HttpRequest& request, HttpResponse& response) const;

  const Router& router_;
  Metrics& metrics_;
  const HttpEdgeSettings settings_;
  std::shared_ptr<Authenticator> authenticator_;  // set before start, read-only after
  Poco::Logger& log_;
};

}  // namespace vb
