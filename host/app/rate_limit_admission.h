// RateLimitAdmission: the HttpEdge's admission hook (http/request_admission.h)
// over the tenant rate limiter (governance/rate_limiter.h): one unit of the
// tenant's requests/minute per authenticated request, and the RateLimit-*
// headers (IETF draft "RateLimit header fields for HTTP": Limit is the
// per-minute quota, Remaining what is left of it, Reset the seconds until
// the bucket is full again). Memory only. Thread-safe.
#pragma once

#include "governance/rate_limiter.h"
#include "http/request_admission.h"

namespace vb {

class RateLimitAdmission final : public RequestAdmission {
 public:
  explicit RateLimitAdmission(TenantRateLimiter& limiter) : limiter_(limiter) {}
  Admission admit(const Principal& principal) override;

 private:
  TenantRateLimiter& limiter_;
};

}  // namespace vb
