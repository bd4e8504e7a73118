#include "jobs/webhook_signature.h"

#include <Poco/HMACEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

#include "common/base64.h"
#include "common/constant_time.h"

namespace vb {
namespace {

// POCO 1.11's SHA2Engine lacks the BLOCK_SIZE/DIGEST_SIZE that HMACEngine
// needs; this names them for SHA-256.
class SHA256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  SHA256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

constexpr const char* kSecretPrefix = "whsec_";

std::string keyOf(const std::string& secret) {
  const std::string prefix = kSecretPrefix;
  if (secret.compare(0, prefix.size(), prefix) != 0) return secret;
  return base64Decode(secret.substr(prefix.size())).value_or(std::string());
}

}  // namespace

std::string WebhookSignature::sign(const std::string& secret, const std::string& messageId, int64_t timestamp,
                                   const std::string& body) {
  const std::string key = keyOf(secret);
  Poco::HMACEngine<SHA256Engine> hmac(key.data(), key.size());
  hmac.update(messageId + "." + std::to_string(timestamp) + "." + body);
  const auto& digest = hmac.digest();
  return "v1," + base64Encode(std::string(digest.begin(), digest.end()));
}

bool WebhookSignature::verify(const std::string& secret, const std::string& messageId, int64_t timestamp,
                              const std::string& body, const std::string& header) {
  const std::string expected = sign(secret, messageId, timestamp, body);
  bool matched = false;
  std::istringstream in(header);
  std::string candidate;
  while (in >> candidate) matched = constantTimeEquals(candidate, expected) || matched;
  return matched;
}

std::string WebhookSignature::newSecret() {
  std::string bytes(32, '\0');
  Poco::RandomInputStream random;
  random.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return kSecretPrefix + base64Encode(bytes);
}

}  // namespace vb
