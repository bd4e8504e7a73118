#include "http/http_edge.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <sstream>

#include "common/constant_time.h"
#include "common/request_id.h"
#include "http/media_type.h"
#include "http/problem.h"

namespace vb {
namespace {

DomainError error(DomainError::Kind kind, std::string detail) { return DomainError::of(kind, std::move(detail)); }

std::string apiKeyOf(const HttpRequest& request) {
  const std::string auth = request.header("authorization");
  if (auth.size() > 7 && Poco::icompare(auth.substr(0, 7), "bearer ") == 0) return Poco::trim(auth.substr(7));
  return Poco::trim(request.header("x-api-key"));
}

bool isApiPath(const std::string& path) {
  return path.rfind("/v1/", 0) == 0 || path == "/v1" || path == "/healthz" || path == "/readyz" ||
         path == "/metrics";
}

class EdgeRequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit EdgeRequestHandler(HttpEdge& edge) : edge_(edge) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    HttpRequest request;
    request.method = in.getMethod();
    size_t declared = 0;
    try {
      Poco::URI uri(in.getURI());
      request.path = uri.getPath();
      for (const auto& [name, value] : uri.getQueryParameters()) request.query[name] = value;
    } catch (const Poco::Exception&) {
      request.path = "/\x01invalid";  // matches nothing: answered 404 below
    }
    for (const auto& [name, value] : in) request.headers[Poco::toLower(name)] = value;

    const auto limit = edge_.settings().maxBodyBytes;
    bool tooLarge = false;
    if (in.hasContentLength() && in.getContentLength64() > static_cast<Poco::Int64>(limit)) {
      tooLarge = true;
      declared = static_cast<size_t>(in.getContentLength64());
    } else if (request.method == "POST" || request.method == "PUT" || request.method == "PATCH" ||
               request.method == "DELETE") {
      std::istream& body = in.stream();
      char buffer[8192];
      while (body) {
        body.read(buffer, sizeof buffer);
        request.body.append(buffer, static_cast<size_t>(body.gcount()));
        if (request.body.size() > limit) {
          tooLarge = true;
          declared = request.body.size();
          break;
        }
      }
    }
    HttpResponse response = edge_.handle(request, tooLarge ? declared : 0);
    if (tooLarge) {
      // A client still sending its body would see a connection reset instead
      // of the 413 if we closed now: read and discard a bounded remainder
      // first (Poco's stream stops at Content-Length), and close only when
      // the body is too big to be worth draining.
      constexpr Poco::Int64 kDrainLimit = 16 << 20;
      if (in.hasContentLength() && in.getContentLength64() <= kDrainLimit) {
        char sink[16384];
        std::istream& body = in.stream();
        while (body.read(sink, sizeof sink) || body.gcount() > 0) {
        }
      }
      out.setKeepAlive(false);
    }

    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    for (const auto& [name, value] : response.headers) out.add(name, value);
    if (!response.contentType.empty()) out.setContentType(response.contentType);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    if (request.method == "HEAD" || response.status == 204 || response.status == 304) {
      out.send();
      return;
    }
    out.sendBuffer(response.body.data(), response.body.size());
  }

 private:
  HttpEdge& edge_;
};

}  // namespace

HttpEdge::HttpEdge(const Router& router, Metrics& metrics, HttpEdgeSettings settings)
    : router_(router),
      metrics_(metrics),
      settings_(std::move(settings)),
      staticFiles_(settings_.webappDir),
      log_(Poco::Logger::get("http")) {
  metrics_.describe("vb_http_requests_total", "counter", "HTTP requests by route and status");
  metrics_.describe("vb_http_request_duration_seconds", "histogram", "HTTP request latency by route");
}

void HttpEdge::setAuthenticator(std::shared_ptr<Authenticator> authenticator) {
  authenticator_ = std::move(authenticator);
}

void HttpEdge::setAdmission(RequestAdmission* admission) { admission_ = admission; }

Poco::Net::HTTPRequestHandler* HttpEdge::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  return new EdgeRequestHandler(*this);
}

size_t HttpEdge::bodyLimitFor(const std::string& method, const std::string& path) const {
  const auto match = router_.match(method, path);
  return match.options && match.options->maxBodyBytes > 0 ? match.options->maxBodyBytes : settings_.maxBodyBytes;
}

HttpResponse HttpEdge::handle(HttpRequest& request, size_t declaredBodyBytes) {
  const auto started = std::chrono::steady_clock::now();
  const std::string incomingId = request.header("x-request-id");
  if (request.requestId.empty())
    request.requestId = isAcceptableRequestId(incomingId) ? incomingId : newRequestId();

  std::string routeLabel = "unmatched";
  HttpResponse response;
  if (declaredBodyBytes > 0) {
    response = problemResponse(error(DomainError::Kind::PayloadTooLarge,
                                     "request body exceeds " + std::to_string(settings_.maxBodyBytes) + " bytes"),
                               request.requestId);
  } else {
    try {
      response = dispatch(request, routeLabel);
    } catch (const std::exception& e) {
      log_.error("request %s %s failed: %s", request.requestId, routeLabel, std::string(e.what()));
      response = problemResponse(error(DomainError::Kind::Internal, {}), request.requestId);
    }
  }
  finish(request, response, routeLabel, started);
  return response;
}

HttpResponse HttpEdge::reject(const ProtocolError& problem, HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const std::string incomingId = request.header("x-request-id");
  if (request.requestId.empty())
    request.requestId = isAcceptableRequestId(incomingId) ? incomingId : newRequestId();
  HttpResponse response = problemResponse(problem, request.requestId);
  finish(request, response, "edge", started);
  return response;
}

void HttpEdge::finish(const HttpRequest& request, HttpResponse& response, const std::string& routeLabel,
                      std::chrono::steady_clock::time_point started) {
  response.headers.emplace_back("X-Request-Id", request.requestId);
  // No answer may be sniffed into another type (a JSON error as HTML, say).
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  const std::string origin = request.header("origin");
  for (const auto& allowed : settings_.corsOrigins) {
    if (!origin.empty() && origin == allowed) {
      response.headers.emplace_back("Access-Control-Allow-Origin", origin);
      response.headers.emplace_back("Vary", "Origin");
      response.headers.emplace_back("Access-Control-Expose-Headers",
                                    "X-Request-Id, Idempotent-Replayed, Retry-After, Location, RateLimit-Limit, "
                                    "RateLimit-Remaining, RateLimit-Reset");
      break;
    }
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.observe("vb_http_request_duration_seconds", {{"route", routeLabel}}, seconds);
  metrics_.increment("vb_http_requests_total", {{"route", routeLabel}, {"status", std::to_string(response.status)}});
  if (settings_.accessLog && (response.status >= 500 || log_.information()))
    log_.information(R"({"event":"http","requestId":"%s","method":"%s","route":"%s","status":%d,"ms":%.3f})",
                     request.requestId, request.method, routeLabel, response.status, seconds * 1000.0);
}

HttpResponse HttpEdge::dispatch(HttpRequest& request, std::string& routeLabel) {
  if (request.method == "OPTIONS") {
    HttpResponse preflight = HttpResponse::noContent();
    preflight.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE, OPTIONS");
    preflight.headers.emplace_back("Access-Control-Allow-Headers",
                                   "Authorization, X-API-Key, Content-Type, Idempotency-Key, X-Request-Id, Prefer, "
                                   "X-Operator-Token");
    preflight.headers.emplace_back("Access-Control-Max-Age", "600");
    routeLabel = "preflight";
    return preflight;
  }

  RouteMatch match = router_.match(request.method, request.path);
  if (!match.handler) {
    if (!isApiPath(request.path) && (request.method == "GET" || request.method == "HEAD")) {
      HttpResponse file;
      if (serveStatic(request, file)) {
        routeLabel = "static";
        return file;
      }
    }
    if (match.pathKnown)
      return problemResponse(error(DomainError::Kind::MethodNotAllowed, "method " + request.method + " is not allowed on " +
                                                                      request.path),
                             request.requestId);
    return problemResponse(error(DomainError::Kind::NotFound, "no route for " + request.method + " " + request.path),
                           request.requestId);
  }
  routeLabel = request.method + " " + match.pattern;
  request.pathParams = std::move(match.pathParams);

  switch (match.access) {
    case Access::Public:
      break;
    case Access::Operator: {
      const std::string token = request.header("x-operator-token");
      if (settings_.operatorToken.empty() || token.empty() || !constantTimeEquals(token, settings_.operatorToken))
        return problemResponse(error(DomainError::Kind::Unauthenticated, "a valid X-Operator-Token is required"),
                               request.requestId);
      break;
    }
    case Access::AnyKey:
    case Access::Admin: {
      const std::string key = apiKeyOf(request);
      if (key.empty())
        return problemResponse(
            error(DomainError::Kind::Unauthenticated, "send an API key as 'Authorization: Bearer <key>'"),
            request.requestId);
      if (!authenticator_)
        return problemResponse(error(DomainError::Kind::Unavailable, "authentication is not ready"),
                               request.requestId);
      auto principal = authenticator_->authenticate(key);
      if (!principal) return problemResponse(principal.error(), request.requestId);
      request.principal = std::move(principal.value());
      if (!admission_) return runRoute(request, match, routeLabel);
      // Rate limits: once the tenant is known, before anything runs; the
      // RateLimit-* headers go on whatever the tenant's answer is.
      Admission admitted = admission_->admit(*request.principal);
      HttpResponse response;
      if (admitted.admitted) {
        response = runRoute(request, match, routeLabel);
      } else {
        auto refused = error(DomainError::Kind::RateLimited, admitted.detail);
        refused.retryAfterSeconds = admitted.retryAfterSeconds;
        response = problemResponse(refused, request.requestId);
      }
      for (auto& header : admitted.headers) response.headers.push_back(std::move(header));
      return response;
    }
  }
  return runRoute(request, match, routeLabel);
}

HttpResponse HttpEdge::runRoute(HttpRequest& request, const RouteMatch& match, const std::string& routeLabel) {
  if (match.access == Access::Admin && request.principal->role != Role::Admin)
    return problemResponse(error(DomainError::Kind::Forbidden, "this action needs an admin key"),
                           request.requestId);
  // A body on a route that does not take its media type is refused before
  // the handler can store or bill anything (empty bodies carry no type).
  if ((request.method == "POST" || request.method == "PUT" || request.method == "PATCH") && !request.body.empty() &&
      match.options != nullptr) {
    const std::string mediaType = mediaTypeOf(request.header("content-type"));
    if (!isAcceptedMediaType(mediaType, match.options->bodyMediaTypes)) {
      std::string accepted;
      for (const auto& type : match.options->bodyMediaTypes) accepted += (accepted.empty() ? "" : ", ") + type;
      return problemResponse(
          error(DomainError::Kind::UnsupportedMediaType,
                (mediaType.empty() ? std::string("a request body needs a Content-Type")
                                   : "Content-Type " + mediaType + " is not accepted here") +
                    "; send " + accepted),
          request.requestId);
    }
  }

  auto result = (*match.handler)(request);
  if (!result) {
    if (result.error().kind == DomainError::Kind::Internal)
      log_.error("request %s %s: internal error: %s", request.requestId, routeLabel, result.error().detail);
    return problemResponse(result.error(), request.requestId);
  }
  return std::move(result).value();
}

bool HttpEdge::serveStatic(const HttpRequest& request, HttpResponse& response) const {
  const auto file = staticFiles_.find(request.path, acceptsGzip(request.header("accept-encoding")));
  if (!file) return false;
  if (etagMatches(request.header("if-none-match"), file->etag)) {
    response.status = 304;  // the client's copy is current: headers only
    response.contentType.clear();
  } else {
    response.status = 200;
    response.contentType = file->contentType;
    response.body = *file->body;
    if (file->gzipped) response.headers.emplace_back("Content-Encoding", "gzip");
  }
  response.headers.emplace_back("ETag", file->etag);
  if (file->compressible) response.headers.emplace_back("Vary", "Accept-Encoding");
  response.headers.emplace_back("Cache-Control",
                                file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  for (const auto& header : dashboardHeaders()) response.headers.push_back(header);
  return true;
}

const std::vector<std::pair<std::string, std::string>>& HttpEdge::dashboardHeaders() {
  // The built app (webapp/dist) is module scripts and one stylesheet from
  // /assets, React sets styles through the CSSOM (not style attributes), and
  // it calls only this origin's API; charts render as inline SVG. So: nothing
  // inline, nothing from another origin. blob:/data: for images and media
  // (audio playback of voice turns); no framing; forms and <base> pinned.
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "media-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  return headers;
}

}  // namespace vb
