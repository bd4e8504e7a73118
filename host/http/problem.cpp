#include "http/problem.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace vb {
namespace {

struct KindInfo {
  int status;
  const char* slug;
  const char* title;
};

KindInfo infoOf(DomainError::Kind kind) {
  using K = DomainError::Kind;
  switch (kind) {
    case K::BadRequest: return {400, "bad-request", "Bad request"};
    case K::Unauthenticated: return {401, "unauthenticated", "Missing or invalid API key"};
    case K::BudgetExceeded: return {402, "budget-exceeded", "Budget exceeded"};
    case K::Forbidden: return {403, "forbidden", "Not allowed for this key's role"};
    case K::NotFound: return {404, "not-found", "Not found"};
    case K::MethodNotAllowed: return {405, "method-not-allowed", "Method not allowed"};
    case K::Conflict: return {409, "conflict", "Conflict"};
    case K::PayloadTooLarge: return {413, "payload-too-large", "Request body too large"};
    case K::UnsupportedMediaType: return {415, "unsupported-media-type", "Unsupported media type"};
    case K::Unprocessable: return {422, "unprocessable", "Request cannot be processed"};
    case K::RateLimited: return {429, "rate-limited", "Too many requests"};
    case K::VendorsFailed: return {502, "vendors-failed", "All vendors failed"};
    case K::Unavailable: return {503, "unavailable", "Service unavailable"};
    case K::DeadlineExceeded: return {504, "deadline-exceeded", "Turn deadline exceeded"};
    case K::Internal: break;
  }
  return {500, "internal", "Internal error"};
}

KindInfo infoOf(const ProtocolError& error) {
  switch (error.status) {
    case 408: return {408, "request-timeout", "Request timeout"};
    case 413: return infoOf(DomainError::Kind::PayloadTooLarge);
    case 414: return {414, "uri-too-long", "Request target too long"};
    case 431: return {431, "header-fields-too-large", "Request header fields too large"};
    case 501: return {501, "not-implemented", "Not implemented"};
    case 503: return infoOf(DomainError::Kind::Unavailable);
    case 505: return {505, "http-version-not-supported", "HTTP version not supported"};
    default: return infoOf(DomainError::Kind::BadRequest);
  }
}

std::string typeUri(const KindInfo& info) { return std::string("https://vocalbridge.dev/problems/") + info.slug; }

Poco::JSON::Object problemObject(const KindInfo& info, const std::string& detail, const std::string& requestId) {
  Poco::JSON::Object problem(Poco::JSON_PRESERVE_KEY_ORDER);
  problem.set("type", typeUri(info));
  problem.set("title", info.title);
  problem.set("status", info.status);
  problem.set("detail", detail.empty() ? std::string(info.title) : detail);
  problem.set("requestId", requestId);
  return problem;
}

HttpResponse render(const KindInfo& info, const Poco::JSON::Object& problem, int retryAfterSeconds) {
  std::ostringstream body;
  problem.stringify(body);
  HttpResponse response = HttpResponse::json(info.status, body.str());
  response.contentType = "application/problem+json";
  if (retryAfterSeconds > 0) response.headers.emplace_back("Retry-After", std::to_string(retryAfterSeconds));
  return response;
}

}  // namespace

int httpStatusOf(DomainError::Kind kind) { return infoOf(kind).status; }
std::string problemTypeOf(DomainError::Kind kind) { return typeUri(infoOf(kind)); }
std::string problemTitleOf(DomainError::Kind kind) { return infoOf(kind).title; }

HttpResponse problemResponse(const DomainError& error, const std::string& requestId,
                             const Poco::JSON::Object::Ptr& extensions) {
  const KindInfo info = infoOf(error.kind);
  const bool internal = error.kind == DomainError::Kind::Internal;
  Poco::JSON::Object problem = problemObject(info, internal ? std::string() : error.detail, requestId);
  if (!error.field.empty()) problem.set("field", error.field);
  if (extensions && !internal)
    for (const auto& [name, value] : *extensions)
      if (!problem.has(name)) problem.set(name, value);
  return render(info, problem, error.retryAfterSeconds);
}

HttpResponse problemResponse(const ProtocolError& error, const std::string& requestId) {
  const KindInfo info = infoOf(error);
  return render(info, problemObject(info, error.detail, requestId), error.retryAfterSeconds);
}

}  // namespace vb
