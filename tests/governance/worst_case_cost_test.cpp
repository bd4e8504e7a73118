#include "governance/worst_case_cost.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

TEST(WorstCaseCost, OneCallIsContextPlusMaxOutputAtThePriciestProviderRoundedUp) {
  WorstCaseSettings s{100, 50, 1};
  // 1000 bytes → 1000 tokens in, 100 out; vendorA 2000/1K, vendorB 3000/1K each way.
  const std::vector<ProviderPrice> prices{{2000, 2000}, {3000, 3000}};
  EXPECT_EQ(worstCaseCostMicros(1000, 0, prices, s), (1000 * 3000 + 100 * 3000) / 1000);
}

TEST(WorstCaseCost, EveryToolRoundAddsACallWhoseContextGrowsByTheEarlierOutputAndToolResults) {
  WorstCaseSettings s{100, 50, 1};
  const std::vector<ProviderPrice> prices{{1000, 1000}};
  // Calls k = 0, 1, 2: input 10, 160, 310 tokens; output 100 each.
  const int64_t expected = (10 + 100) + (160 + 100) + (310 + 100);
  EXPECT_EQ(worstCaseCostMicros(10, 2, prices, s), expected);
}

TEST(WorstCaseCost, TheInputAndOutputPricesOfEachProviderAreWeighedTogether) {
  WorstCaseSettings s{1000, 0, 1};
  // A: cheap input, dear output; B: the reverse. With 10 tokens in and 1000 out, A is dearer.
  const std::vector<ProviderPrice> prices{{1000, 9000}, {9000, 1000}};
  EXPECT_EQ(worstCaseCostMicros(10, 0, prices, s), (10 * 1000 + 1000 * 9000 + 999) / 1000);
}

TEST(WorstCaseCost, IsNeverBelowTheBilledCostOfAnyTurnWithinTheEstimate) {
  WorstCaseSettings s{64, 32, 4};
  const std::vector<ProviderPrice> prices{{2000, 2000}, {3000, 3000}};
  for (size_t bytes : {1u, 3u, 4u, 5u, 333u, 4096u}) {
    const int64_t contextTokens = static_cast<int64_t>((bytes + 3) / 4);
    for (int rounds = 0; rounds <= 3; ++rounds) {
      int64_t billed = 0;
      for (int k = 0; k <= rounds; ++k)
        billed += PricingTable::costMicros(contextTokens + k * (64 + 32), 64, prices[1]);
      EXPECT_GE(worstCaseCostMicros(bytes, rounds, prices, s), billed) << bytes << " bytes, " << rounds;
    }
  }
}

TEST(WorstCaseCost, ADoubledPriceDoublesTheReservation) {
  WorstCaseSettings s{1000, 0, 1};
  EXPECT_EQ(worstCaseCostMicros(1000, 0, {{4000, 4000}}, s),
            2 * worstCaseCostMicros(1000, 0, {{2000, 2000}}, s));
}

}  // namespace
}  // namespace vb
