// Standard Webhooks signatures: the published test vector, verification with
// the right and wrong secret, a tampered body or timestamp, and new secrets.
#include "jobs/webhook_signature.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

// From the Standard Webhooks specification's reference libraries.
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kMessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kTimestamp = 1614265330;
constexpr const char* kBody = R"({"test": 2432232314})";

TEST(WebhookSignature, MatchesTheStandardWebhooksTestVector) {
  EXPECT_EQ(WebhookSignature::sign(kSecret, kMessageId, kTimestamp, kBody),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, VerifiesWithTheSecretAndNotWithAnother) {
  const auto header = WebhookSignature::sign(kSecret, kMessageId, kTimestamp, kBody);
  EXPECT_TRUE(WebhookSignature::verify(kSecret, kMessageId, kTimestamp, kBody, header));
  EXPECT_FALSE(WebhookSignature::verify(WebhookSignature::newSecret(), kMessageId, kTimestamp, kBody, header));
}

TEST(WebhookSignature, ATamperedBodyIdOrTimestampDoesNotVerify) {
  const auto header = WebhookSignature::sign(kSecret, kMessageId, kTimestamp, kBody);
  EXPECT_FALSE(WebhookSignature::verify(kSecret, kMessageId, kTimestamp, R"({"test": 2432232315})", header));
  EXPECT_FALSE(WebhookSignature::verify(kSecret, "msg_other", kTimestamp, kBody, header));
  EXPECT_FALSE(WebhookSignature::verify(kSecret, kMessageId, kTimestamp + 1, kBody, header));
}

TEST(WebhookSignature, AnyOfSeveralSpaceSeparatedSignaturesMayMatch) {
  const auto header = WebhookSignature::sign(kSecret, kMessageId, kTimestamp, kBody);
  EXPECT_TRUE(WebhookSignature::verify(kSecret, kMessageId, kTimestamp, kBody, "v1,bm90LWl0 " + header));
  EXPECT_FALSE(WebhookSignature::verify(kSecret, kMessageId, kTimestamp, kBody, ""));
}

TEST(WebhookSignature, NewSecretsAreDistinctWhsecKeysOf32Bytes) {
  const auto a = WebhookSignature::newSecret();
  const auto b = WebhookSignature::newSecret();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 44u);  // base64 of 32 bytes
}

}  // namespace
}  // namespace vb
