#include "governance/gcra.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Nanos = Gcra::Nanos;

TEST(Gcra, AFreshBucketAdmitsTheWholeMinutesQuotaAtOnceThenRefuses) {
  Nanos tat{0};
  const Nanos now = seconds(100);
  for (int i = 0; i < 10; ++i) {
    const auto d = Gcra::take(tat, now, 10);
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 10);
    EXPECT_EQ(d.remaining, 9 - i);
  }
  const auto refused = Gcra::take(tat, now, 10);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retryAfterSeconds, 6) << "one unit drips in every 60 s / 10 = 6 s";
  EXPECT_EQ(refused.resetSeconds, 60) << "the bucket is full again a minute after the burst";
}

TEST(Gcra, RetryAfterIsTruthfulAWaitOfThatLongIsAdmittedAndASecondLessIsNot) {
  Nanos tat{0};
  const Nanos start = seconds(100);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(Gcra::take(tat, start, 30).allowed);
  const auto refused = Gcra::take(tat, start + milliseconds(300), 30);
  ASSERT_FALSE(refused.allowed);
  ASSERT_EQ(refused.retryAfterSeconds, 2);  // a unit every 2 s; 0.3 s have passed → 1.7 s, rounded up
  Nanos early = tat;
  EXPECT_FALSE(Gcra::take(early, start + milliseconds(300) + seconds(1), 30).allowed);
  EXPECT_TRUE(Gcra::take(tat, start + milliseconds(300) + seconds(refused.retryAfterSeconds), 30).allowed);
}

TEST(Gcra, ARefusedRequestTakesNothing) {
  Nanos tat{0};
  const Nanos now = seconds(100);
  ASSERT_TRUE(Gcra::take(tat, now, 1).allowed);
  const Nanos before = tat;
  EXPECT_FALSE(Gcra::take(tat, now, 1).allowed);
  EXPECT_EQ(tat, before);
}

TEST(Gcra, ChargedTokensDrainTheBucketIntoDebtAndPeekWaitsUntilItIsRepaid) {
  Nanos tat{0};
  const Nanos now = seconds(100);
  EXPECT_TRUE(Gcra::peek(tat, now, 600).allowed);
  Gcra::charge(tat, now, 600, 900);  // 1.5 minutes' worth: 30 s of debt beyond the bucket
  const auto empty = Gcra::peek(tat, now, 600);
  EXPECT_FALSE(empty.allowed);
  EXPECT_EQ(empty.remaining, 0);
  EXPECT_EQ(empty.retryAfterSeconds, 31);  // 30 s of debt + one unit (0.1 s), rounded up
  EXPECT_FALSE(Gcra::peek(tat, now + seconds(30), 600).allowed);
  EXPECT_TRUE(Gcra::peek(tat, now + seconds(31), 600).allowed);
}

TEST(Gcra, UnitsDripBackAtTheConfiguredRate) {
  Nanos tat{0};
  const Nanos now = seconds(100);
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(Gcra::take(tat, now, 60).allowed);
  EXPECT_EQ(Gcra::peek(tat, now + seconds(10), 60).remaining, 10);
  EXPECT_EQ(Gcra::peek(tat, now + seconds(60), 60).remaining, 60);
}

}  // namespace
}  // namespace vb
