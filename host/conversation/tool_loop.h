// ToolLoop: the vendor calls of one turn. It asks the vendor (through the
// TurnRouter, with the turn's deadline on every call); while the vendor
// answers with tool calls — at most maxRounds rounds — it runs each enabled
// tool through the ToolRunner (a tool the agent has not enabled, an error or
// a timeout is an error result, never a run) and sends the results back.
// It writes nothing: ConversationService stores and bills what it returns.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "conversation/tool_runner.h"
#include "conversation/turn.h"
#include "conversation/vendor_request.h"
#include "domain/agent.h"
#include "reliability/reliability_pipeline.h"

namespace vb {

struct ToolLoopLimits {
  int maxRounds = 3;
  std::chrono::milliseconds toolTimeout{2000};
  Clock::Steady::time_point deadline;  // the whole turn's
};

// What the loop produced, in call order.
struct ToolLoopResult {
  std::vector<RoutedReply> responses;  // every vendor response: each is billed
  std::vector<Attempt> attempts;       // numbered across the turn, with their call index
  std::vector<ToolRun> runs;           // every tool call the vendor asked for
  std::vector<std::string> results;    // per run: the result JSON sent back ("" when not run)
  std::string finalText;               // never empty
};

class ToolLoop {
 public:
  // Every reference must outlive the loop; one loop serves one turn.
  ToolLoop(TurnRouter& router, ToolRunner& tools, const Clock& clock, const Agent& agent, const TurnRequest& turn,
           std::string assistantMessageId, ToolLoopLimits limits);

  // TurnError with every attempt when a call finds no vendor (502/504) or the
  // vendor answers with neither text nor tool calls (502).
  Result<ToolLoopResult, TurnError> run(VendorRequest& request);

 private:
  void runTools(const std::vector<ToolCall>& calls, int64_t callIndex, VendorRequest& request);
  void refuseTools(const std::vector<ToolCall>& calls, int64_t callIndex, const std::string& why);
  TurnError failure(DomainError::Kind kind, const std::string& detail);

  TurnRouter& router_;
  ToolRunner& tools_;
  const Clock& clock_;
  const Agent& agent_;
  const TurnRequest& turn_;
  const std::string assistantId_;
  const ToolLoopLimits limits_;
  ToolLoopResult result_;
};

}  // namespace vb
