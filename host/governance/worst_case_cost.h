// WorstCaseCost: what a turn may cost at most, reserved against a budget
// before its first vendor call (SPEC §3 "Hard budgets").
//
// Every vendor call of the turn is priced at the priciest of the agent's
// providers (primary or fallback: either may answer). Call k (k = 0 … the
// tool rounds allowed) sends the first request's context plus what earlier
// calls added — their output and the tool results — and gets at most
// maxOutputTokens back:
//
//   tokensIn(k)  = ceil(requestBytes / bytesPerToken) + k · (maxOutputTokens + toolResultTokens)
//   cost(k)      = ceil((tokensIn(k) · inPer1k + maxOutputTokens · outPer1k) / 1000)
//   worst case   = Σ cost(k), k = 0 … maxToolRounds
//
// Rounded UP per call, so it is never below the billed cost, which rounds
// half up (metering/pricing_table.h), when the real tokens stay within the
// estimate. bytesPerToken = 1 is a true upper bound for byte-level BPE
// tokenizers (a token is at least one byte); the vendor protocol carries no
// output cap, so maxOutputTokens is an assumption the config states.
#pragma once

#include <cstdint>
#include <vector>

#include "metering/pricing_table.h"

namespace vb {

struct WorstCaseSettings {
  int64_t maxOutputTokens = 1024;   // per vendor call
  int64_t toolResultTokens = 1024;  // a tool round's results, sent back to the vendor
  int64_t bytesPerToken = 1;
};

// Pure; `prices` are the agent's providers' prices (at least one).
int64_t worstCaseCostMicros(size_t requestBytes, int maxToolRounds, const std::vector<ProviderPrice>& prices,
                            const WorstCaseSettings& settings);

}  // namespace vb
