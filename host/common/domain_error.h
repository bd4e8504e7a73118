// DomainError: the one typed error that services return. The HTTP edge maps
// each Kind to a status code in exactly one place (host/http/problem.cpp).
#pragma once

#include <string>
#include <utility>

namespace vb {

struct DomainError {
  enum class Kind {
    BadRequest,        // 400: malformed input (bad JSON, wrong types, missing fields)
    Unauthenticated,   // 401: missing, unknown or revoked key
    BudgetExceeded,    // 402: the turn's worst-case cost does not fit the monthly budget; nothing billed
    Forbidden,         // 403: role does not allow it
    NotFound,          // 404: missing OR another tenant's (never distinguishable)
    MethodNotAllowed,  // 405: the path exists, the method does not
    Conflict,          // 409: e.g. idempotency key in flight (retryAfterSeconds set)
    PayloadTooLarge,   // 413
    UnsupportedMediaType,  // 415: a body of a media type the route does not take
    Unprocessable,     // 422: valid JSON, invalid meaning (unknown provider, key reused with other body)
    RateLimited,       // 429
    VendorsFailed,     // 502: every vendor attempt failed; nothing billed
    Unavailable,       // 503
    DeadlineExceeded,  // 504: the turn deadline ran out; nothing billed
    Internal           // 500: a bug; detail is logged, never sent
  };

  Kind kind = Kind::Internal;
  std::string detail;          // safe to show to the caller
  std::string field;           // the offending input field, if any
  int retryAfterSeconds = 0;   // for Conflict / RateLimited / Unavailable

  static DomainError of(Kind kind, std::string detail, std::string field = {}) {
    DomainError e;
    e.kind = kind;
    e.detail = std::move(detail);
    e.field = std::move(field);
    return e;
  }
};

}  // namespace vb
