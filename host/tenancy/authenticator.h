// Authenticator: turns a presented API key into a Principal. Implemented by
// the tenancy service; used by the HTTP edge for every tenant call.
#pragma once

#include <string_view>

#include "common/domain_error.h"
#include "common/result.h"
#include "tenancy/principal.h"

namespace vb {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Unauthenticated for a missing, malformed, unknown or revoked key.
  // Constant-time in the secret. Thread-safe. Never logs the key.
  virtual Result<Principal, DomainError> authenticate(std::string_view apiKey) = 0;
};

}  // namespace vb
