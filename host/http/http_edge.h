// HttpEdge: what every request goes through, in one place: it accepts or
// makes the X-Request-Id, answers CORS, bounds the body (413), matches the
// route (404/405), checks credentials (401/403) and the body's media type
// (415), runs the handler, renders DomainErrors as problem+json, serves the
// dashboard's static files with SPA fallback and its security headers, sets
// X-Content-Type-Options: nosniff on every answer, records metrics and logs.
// Nothing a handler throws reaches the client as more than a generic 500.
// HttpServer feeds it; it is also a POCO request-handler factory, so a
// Poco::Net::HTTPServer can serve it (tests do).
#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "http/problem.h"
#include "http/request_admission.h"
#include "http/router.h"
#include "http/static_files.h"
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
  // Optional, set before the server starts (request_admission.h); must
  // outlive the edge.
  void setAdmission(RequestAdmission* admission);

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

  // Runs one request already read into `request` (no socket): used by
  // HttpServer's workers, the Poco handler and tests. Fills requestId if
  // empty. Thread-safe.
  HttpResponse handle(HttpRequest& request, size_t declaredBodyBytes = 0);

  // The answer to a request the server refuses on its own (it never reaches
  // a route): problem+json with the request id (the client's X-Request-Id
  // when `request` has a sane one), CORS and nosniff, counted in metrics
  // under route "edge". `request` may be empty (the head was unreadable).
  // Thread-safe.
  HttpResponse reject(const ProtocolError& error, HttpRequest& request);

  // The headers every dashboard file is served with (Content-Security-Policy
  // allowing exactly what the built app uses, Referrer-Policy, …).
  static const std::vector<std::pair<std::string, std::string>>& dashboardHeaders();

  const HttpEdgeSettings& settings() const { return settings_; }

  // The largest body the route of (method, path) takes: its RouteOptions'
  // maxBodyBytes, else settings().maxBodyBytes. Thread-safe.
  size_t bodyLimitFor(const std::string& method, const std::string& path) const;

 private:
  HttpResponse dispatch(HttpRequest& request, std::string& routeLabel);
  // The media-type check and the handler, once access is granted.
  HttpResponse runRoute(HttpRequest& request, const RouteMatch& match, const std::string& routeLabel);
  // Request id, CORS, nosniff, metrics and the access log: every answer's last step.
  void finish(const HttpRequest& request, HttpResponse& response, const std::string& routeLabel,
              std::chrono::steady_clock::time_point started);
  bool serveStatic(const HttpRequest& request, HttpResponse& response) const;

  const Router& router_;
  Metrics& metrics_;
  const HttpEdgeSettings settings_;
  const StaticFiles staticFiles_;  // the dashboard, gzip copies included
  std::shared_ptr<Authenticator> authenticator_;  // set before start, read-only after
  RequestAdmission* admission_ = nullptr;         // set before start, read-only after
  Poco::Logger& log_;
};

}  // namespace vb
