#include "pluginhost/plugin_error.h"

namespace vb {

ErrorClass classifyPluginError(vb_status status, vb_error_class errorClass) {
  if (status == VB_CANCELLED) return ErrorClass::Cancelled;
  switch (errorClass) {
    case VB_ERROR_TRANSIENT:
      return ErrorClass::Transient;
    case VB_ERROR_RATE_LIMITED:
      return ErrorClass::RateLimited;
    case VB_ERROR_TIMEOUT:
      return ErrorClass::Timeout;
    case VB_ERROR_INVALID_REQUEST:
      return ErrorClass::InvalidRequest;
    case VB_ERROR_AUTH:
      return ErrorClass::Auth;
    case VB_ERROR_PERMANENT:
      return ErrorClass::Permanent;
    case VB_ERROR_NONE:
      break;
  }
  switch (status) {
    case VB_UNAVAILABLE:
      return ErrorClass::Transient;
    case VB_DEADLINE_EXCEEDED:
      return ErrorClass::Timeout;
    case VB_RESOURCE_EXHAUSTED:
      return ErrorClass::RateLimited;
    case VB_INVALID_ARGUMENT:
    case VB_NOT_FOUND:
    case VB_UNIMPLEMENTED:
      return ErrorClass::InvalidRequest;
    case VB_PERMISSION_DENIED:
      return ErrorClass::Auth;
    default:
      return ErrorClass::Permanent;
  }
}

VendorError pluginError(const std::string& name, vb_status status, vb_error& error) {
  error.message[VB_ERROR_MESSAGE_CAPACITY - 1] = '\0';
  VendorError out;
  out.errorClass = classifyPluginError(status, error.error_class);
  out.httpStatus = error.http_status;
  out.retryAfterMs = error.retry_after_ms;
  out.message =
      name + ": " + (error.message[0] ? error.message : "failed with status " + std::to_string(status));
  return out;
}

VendorError hostError(ErrorClass errorClass, std::string message) {
  VendorError error;
  error.errorClass = errorClass;
  error.message = std::move(message);
  return error;
}

}  // namespace vb
