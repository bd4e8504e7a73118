#include "conversation/tool_loop.h"

#include <algorithm>

#include "store/timestamps.h"

namespace vb {
namespace {

using std::chrono::milliseconds;

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

constexpr const char* kApology = "I'm sorry, I could not finish looking that up. Please try again, or ask for a person.";

}  // namespace

ToolLoop::ToolLoop(TurnRouter& router, ToolRunner& tools, const Clock& clock, const Agent& agent,
                   const TurnRequest& turn, std::string assistantMessageId, ToolLoopLimits limits)
    : router_(router),
      tools_(tools),
      clock_(clock),
      agent_(agent),
      turn_(turn),
      assistantId_(std::move(assistantMessageId)),
      limits_(limits) {}

TurnError ToolLoop::failure(DomainError::Kind kind, const std::string& detail) {
  TurnError error{DomainError::of(kind, detail), std::move(result_.attempts)};
  for (auto& attempt : error.attempts) attempt.messageId.clear();  // no message was stored
  return error;
}

Result<ToolLoopResult, TurnError> ToolLoop::run(VendorRequest& request) {
  const RoutePlan plan{agent_.primaryProvider, agent_.fallbackProvider};
  for (int64_t call = 0;; ++call) {
    ChatRequest chat;
    chat.requestJson = request.json();
    chat.requestId = turn_.requestId;
    chat.tenantId = turn_.tenantId;
    chat.deadline = limits_.deadline;
    auto routed = router_.run(plan, chat);
    const auto& records = routed ? routed->attempts : routed.error().attempts;
    for (const auto& record : records) {
      Attempt attempt;
      attempt.tenantId = turn_.tenantId;
      attempt.id = newId("att");
      attempt.messageId = assistantId_;
      attempt.attempt = static_cast<int64_t>(result_.attempts.size()) + 1;  // numbered across the turn
      attempt.provider = record.provider;
      attempt.outcome = record.outcome;
      if (record.httpStatus != 0) attempt.httpStatus = record.httpStatus;
      if (!record.errorClass.empty()) attempt.errorClass = record.errorClass;
      attempt.latencyMs = record.latencyMs;
      attempt.startedAt = formatTimestamp(record.startedAt);
      attempt.requestId = record.requestId.empty() ? turn_.requestId : record.requestId;
      attempt.callIndex = call;
      result_.attempts.push_back(std::move(attempt));
    }
    if (!routed) {
      const bool late = routed.error().kind == RoutingFailure::Kind::DeadlineExceeded;
      return unexpected(failure(late ? DomainError::Kind::DeadlineExceeded : DomainError::Kind::VendorsFailed,
                                late ? "the turn deadline ran out; nothing was billed"
                                     : "every vendor attempt failed; nothing was billed"));
    }
    result_.responses.push_back(std::move(routed.value()));
    const VendorReply& reply = result_.responses.back().reply;
    if (reply.toolCalls.empty()) {
      if (blank(reply.text))
        return unexpected(
            failure(DomainError::Kind::VendorsFailed, "the vendor answered with an empty reply; nothing was billed"));
      result_.finalText = reply.text;
      return std::move(result_);
    }
    const bool roundsLeft = call < limits_.maxRounds;
    if (!roundsLeft || clock_.now() >= limits_.deadline) {
      // The vendor still wants tools: no more runs; answer with what it said.
      refuseTools(reply.toolCalls, call,
                  roundsLeft ? "not run: the turn's time ran out"
                             : "not run: the limit of " + std::to_string(limits_.maxRounds) +
                                   " tool rounds was reached");
      result_.finalText = blank(reply.text) ? kApology : reply.text;
      return std::move(result_);
    }
    request.addToolCalls(reply.text, reply.toolCalls);
    runTools(reply.toolCalls, call, request);
  }
}

void ToolLoop::runTools(const std::vector<ToolCall>& calls, int64_t callIndex, VendorRequest& request) {
  const auto& enabled = agent_.enabledTools;
  for (const auto& call : calls) {
    ToolRun run{turn_.tenantId, newId("tlr"), agent_.id, turn_.sessionId, assistantId_, callIndex, call.name,
                call.argumentsJson};
    const auto started = clock_.now();
    ToolOutcome outcome;
    const auto left = std::chrono::duration_cast<milliseconds>(limits_.deadline - started);
    if (std::find(enabled.begin(), enabled.end(), call.name) == enabled.end()) {
      outcome = {"not_enabled", R"({"error":"not_enabled","message":"this tool is not enabled for this agent"})",
                 "not run: the tool is not enabled for this agent"};
    } else if (left.count() <= 0) {
      outcome = {"timeout", R"({"error":"timeout","message":"the turn's time ran out"})",
                 "not run: the turn's time ran out"};
    } else {
      outcome = tools_.run({call.name, call.argumentsJson, turn_.tenantId, turn_.requestId,
                            std::min(limits_.toolTimeout, left)});
    }
    run.status = outcome.status;
    run.resultSummary = outcome.summary;
    run.latencyMs = std::chrono::duration_cast<milliseconds>(clock_.now() - started).count();
    run.requestId = turn_.requestId;
    run.createdAt = formatTimestamp(clock_.wallNow());
    request.addToolResult(call, outcome.resultJson);
    result_.runs.push_back(std::move(run));
    result_.results.push_back(std::move(outcome.resultJson));
  }
}

void ToolLoop::refuseTools(const std::vector<ToolCall>& calls, int64_t callIndex, const std::string& why) {
  for (const auto& call : calls) {
    result_.runs.push_back(ToolRun{turn_.tenantId, newId("tlr"), agent_.id, turn_.sessionId, assistantId_, callIndex,
                                   call.name, call.argumentsJson, why, "error", 0, turn_.requestId,
                                   formatTimestamp(clock_.wallNow())});
    result_.results.emplace_back();
  }
}

}  // namespace vb
