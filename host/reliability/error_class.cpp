// toString(ErrorClass), declared in pluginhost/vendor_gateway.h. It lives here
// because the reliability pipeline is the one that writes these names into
// attempt records (AttemptRecord::errorClass, API.md Attempt.errorClass).
#include "pluginhost/vendor_gateway.h"

namespace vb {

const char* toString(ErrorClass c) {
  switch (c) {
    case ErrorClass::None:
      return "none";
    case ErrorClass::Transient:
      return "transient";
    case ErrorClass::RateLimited:
      return "rate_limited";
    case ErrorClass::Timeout:
      return "timeout";
    case ErrorClass::InvalidRequest:
      return "invalid_request";
    case ErrorClass::Auth:
      return "auth";
    case ErrorClass::Permanent:
      return "permanent";
    case ErrorClass::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace vb
