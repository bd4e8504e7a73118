// renderTurn (the chat hot path, no DOM) writes exactly turnToJson's bytes.
#include "channels/chat/turn_json.h"

#include <gtest/gtest.h>

#include "common/json_body.h"

namespace vb {
namespace {

Turn richTurn() {
  Turn t;
  t.requestId = "req_1/ü";
  t.userMessage = {"ten", "msg_u", "ses", 7, "user", "price of \"INV/1\"?\n\xc3\xa9", std::nullopt, 0, 0, "req_1",
                   "2026-11-29T10:00:00.123Z"};
  t.assistantMessage = {"ten", "msg_a", "ses", 9, "assistant", "It is $125.40 \xe2\x82\xac", "vendorB", 12, 34,
                        "req_1", "2026-11-29T10:00:00.456Z"};
  t.usage = {{"ten", "use_1", "agt", "ses", "msg_a", "vendorA", 10, 20, 4500, "2026-01", "now", 0},
             {"ten", "use_2", "agt", "ses", "msg_a", "vendorB", 1, 2, 1234567, "2026-02", "now", 1}};
  Attempt failed{"ten", "att_1", "msg_a", 1, "vendorA", "http_500", 500, std::string("transient"), 3, "t0", "r", 0};
  Attempt ok{"ten", "att_2", "msg_a", 2, "vendorB", "ok", std::nullopt, std::nullopt, 4, "t1", "r", 1};
  t.attempts = {failed, ok};
  t.fallbackUsed = true;
  ToolRun run;
  run.tool = "InvoiceLookup";
  run.argumentsJson = R"({"number":"INV-1"})";
  run.status = "ok";
  run.resultSummary = "found";
  run.latencyMs = 5;
  ToolRun malformed = run;
  malformed.argumentsJson = "{not json";
  t.toolRuns = {run, malformed};
  t.latencyMs = 17;
  return t;
}

TEST(TurnJson, RenderTurnWritesTheBytesOfTheDom) {
  const Turn turn = richTurn();
  EXPECT_EQ(renderTurn(turn), toJson(*turnToJson(turn)));
}

TEST(TurnJson, ASingleCallTurnWithoutToolsWritesTheBytesOfTheDom) {
  Turn turn = richTurn();
  turn.usage.resize(1);
  turn.toolRuns.clear();
  turn.attempts.resize(1);
  turn.fallbackUsed = false;
  EXPECT_EQ(renderTurn(turn), toJson(*turnToJson(turn)));
}

}  // namespace
}  // namespace vb
