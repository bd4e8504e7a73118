#include "app/rate_limit_admission.h"

#include <string>

namespace vb {

Admission RateLimitAdmission::admit(const Principal& principal) {
  const GcraDecision d = limiter_.admitRequest(principal.tenantId);
  Admission a;
  a.admitted = d.allowed;
  a.headers = {{"RateLimit-Limit", std::to_string(d.limit)},
               {"RateLimit-Remaining", std::to_string(d.remaining)},
               {"RateLimit-Reset", std::to_string(d.resetSeconds)}};
  if (!d.allowed) {
    a.retryAfterSeconds = static_cast<int>(d.retryAfterSeconds);
    a.detail = "the tenant's limit of " + std::to_string(d.limit) + " requests per minute is used up";
  }
  return a;
}

}  // namespace vb
