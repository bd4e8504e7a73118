#include "governance/worst_case_cost.h"

#include <algorithm>

namespace vb {
namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

int64_t worstCaseCostMicros(size_t requestBytes, int maxToolRounds, const std::vector<ProviderPrice>& prices,
                            const WorstCaseSettings& s) {
  const int64_t contextTokens =
      ceilDiv(static_cast<int64_t>(requestBytes), std::max<int64_t>(1, s.bytesPerToken));
  int64_t total = 0;
  for (int64_t k = 0; k <= std::max(0, maxToolRounds); ++k) {
    const int64_t tokensIn = contextTokens + k * (s.maxOutputTokens + s.toolResultTokens);
    int64_t priciest = 0;
    for (const auto& price : prices)
      priciest = std::max(
          priciest,
          ceilDiv(tokensIn * price.inputMicrosPer1k + s.maxOutputTokens * price.outputMicrosPer1k, 1000));
    total += priciest;
  }
  return total;
}

}  // namespace vb
