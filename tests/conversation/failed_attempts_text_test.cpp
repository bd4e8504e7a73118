// A failed turn's attempts survive the trip through their request log text.
#include "conversation/failed_attempts_text.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

TEST(FailedAttemptsText, EveryFieldRoundTripsAndTheTenantComesFromTheCaller) {
  Attempt timedOut{"t1",         "att_1",
                   "",           1,
                   "vendorA",    "timeout",
                   std::nullopt, std::string("timeout"),
                   500,          "2026-11-29T10:00:00.000Z",
                   "req-1",      0};
  Attempt refused{"t1",      "att_2",
                  "",        2,
                  "vendorB", "http_429",
                  429,       std::string("rate_limited"),
                  12,        "2026-11-29T10:00:00.600Z",
                  "req-1",   1};
  const auto decoded = decodeFailedAttempts(encodeFailedAttempts({timedOut, refused}), "t1");
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const Attempt& a = (*decoded)[i];
    const Attempt& b = i == 0 ? timedOut : refused;
    EXPECT_EQ(a.tenantId, b.tenantId);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.attempt, b.attempt);
    EXPECT_EQ(a.provider, b.provider);
    EXPECT_EQ(a.outcome, b.outcome);
    EXPECT_EQ(a.httpStatus, b.httpStatus);
    EXPECT_EQ(a.errorClass, b.errorClass);
    EXPECT_EQ(a.latencyMs, b.latencyMs);
    EXPECT_EQ(a.startedAt, b.startedAt);
    EXPECT_EQ(a.requestId, b.requestId);
    EXPECT_EQ(a.callIndex, b.callIndex);
  }
}

TEST(FailedAttemptsText, TextItDidNotWriteIsRefused) {
  for (const char* text : {"", "[]", "{\"v\":2,\"attempts\":[]}", "{\"v\":1}", "{\"v\":1,\"attempts\":[{}]}"})
    EXPECT_FALSE(decodeFailedAttempts(text, "t1")) << text;
  EXPECT_TRUE(decodeFailedAttempts(encodeFailedAttempts({}), "t1"));
}

}  // namespace
}  // namespace vb
