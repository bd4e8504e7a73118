// Standard Webhooks signatures (https://www.standardwebhooks.com, API.md
// "Callbacks"): a delivery carries
//   webhook-id: <message id>   webhook-timestamp: <Unix seconds>
//   webhook-signature: v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>
// Secrets are "whsec_" + base64 of 32 random bytes; the HMAC key is the
// decoded bytes (as the Standard Webhooks libraries do), so any of them
// verifies our deliveries. HMAC and Base64 are POCO's; no crypto here.
// Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace vb {

struct WebhookSignature {
  // The header value "v1,<base64>". A secret without the "whsec_" prefix is
  // used as raw key bytes.
  static std::string sign(const std::string& secret, const std::string& messageId, int64_t timestamp,
                          const std::string& body);
  // Whether any of the space-separated "v1,<base64>" signatures in `header`
  // matches (constant-time comparison).
  static bool verify(const std::string& secret, const std::string& messageId, int64_t timestamp,
                     const std::string& body, const std::string& header);
  // A new secret: "whsec_" + base64 of 32 bytes from the CSPRNG.
  static std::string newSecret();
};

}  // namespace vb
