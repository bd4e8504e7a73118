// RequestAdmission: an optional check the HttpEdge runs on every
// authenticated tenant request, right after the key is verified and before
// the handler — the place for per-tenant rate limits (implemented over
// governance/ by the app). Its headers go on the answer whatever it is
// (RateLimit-Limit/-Remaining/-Reset); a refusal is answered 429
// problem+json with Retry-After and the handler never runs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tenancy/principal.h"

namespace vb {

struct Admission {
  bool admitted = true;
  int retryAfterSeconds = 0;  // when refused (>= 1)
  std::string detail;         // when refused; safe to show
  std::vector<std::pair<std::string, std::string>> headers;
};

class RequestAdmission {
 public:
  virtual ~RequestAdmission() = default;
  // Thread-safe, memory only (it runs on every request).
  virtual Admission admit(const Principal& principal) = 0;
};

}  // namespace vb
