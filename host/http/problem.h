// RFC 9457 problem+json: the only shape errors take on the wire. The mapping
// DomainError::Kind → HTTP status, and the titles of the statuses the server
// answers on its own (ProtocolError), live here and nowhere else.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "common/domain_error.h"
#include "http/http_types.h"

namespace vb {

// An answer the server gives on its own, before any route runs: the request
// could not be read as HTTP or broke a transport limit — 400, 408, 413, 414,
// 431, 501, 503 or 505 (any other status renders as a 400). `detail` is
// safe to show: it never echoes the client's bytes.
struct ProtocolError {
  int status = 400;
  std::string detail;
  int retryAfterSeconds = 0;  // sent as Retry-After when > 0 (503)
};

int httpStatusOf(DomainError::Kind kind);
// The problem's "type" URI and "title" for that kind, as problemResponse writes them.
std::string problemTypeOf(DomainError::Kind kind);
std::string problemTitleOf(DomainError::Kind kind);

// Renders the error as an application/problem+json response:
// {type, title, status, detail, requestId, field?, …extension members}.
// `extensions` (optional) adds members such as {"attempts": […]}; it never
// replaces a standard member. Internal errors get a generic detail and no
// extensions: the real detail is only logged.
HttpResponse problemResponse(const DomainError& error, const std::string& requestId,
                             const Poco::JSON::Object::Ptr& extensions = nullptr);
HttpResponse problemResponse(const ProtocolError& error, const std::string& requestId);

}  // namespace vb
