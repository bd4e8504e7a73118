// The turn flow without a socket or JSON: the core takes a TurnRequest and
// returns a Turn struct — one transaction per turn, idempotency states and
// replays, leases of a dead owner, nothing billed on failure, archived agents.
#include "conversation/conversation_service.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "conversation/agent_service.h"
#include "conversation/session_service.h"
#include "reliability/fake_clock.h"
#include "store/idempotency_repository.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"
#include "support/temp_database.h"

namespace vb {
namespace {

class Catalog final : public ProviderCatalog {
 public:
  bool hasVendor(const std::string& n) const override { return n == "vendorA" || n == "vendorB"; }
  bool hasTool(const std::string& n) const override { return n == "InvoiceLookup"; }
  std::vector<ToolDefinition> toolDefinitions(const std::vector<std::string>& names) const override {
    std::vector<ToolDefinition> definitions;
    for (const auto& n : names)
      if (hasTool(n))
        definitions.push_back(
            {n, "Looks up an invoice", R"({"type":"object","properties":{"number":{"type":"string"}}})"});
    return definitions;
  }
};

// Runs tools by script; records every invocation.
class FakeTools final : public ToolRunner {
 public:
  std::vector<ToolInvocation> invocations;
  std::function<ToolOutcome(const ToolInvocation&)> script = [](const ToolInvocation&) {
    return ToolOutcome{"ok", R"({"found":true,"summary":"Invoice INV-1001 is $125.40"})", "Invoice INV-1001 is $125.40"};
  };
  ToolOutcome run(const ToolInvocation& invocation) override {
    std::lock_guard<std::mutex> lock(mutex_);
    invocations.push_back(invocation);
    return script(invocation);
  }

 private:
  std::mutex mutex_;
};

// Answers with fixed tokens; can fail, or block until released.
class FakeRouter final : public TurnRouter {
 public:
  bool fail = false;
  bool block = false;
  int calls = 0;

  std::string lastRequestJson;
  // When set, answers instead of the fixed "ok" reply (tool-loop scripts).
  std::function<VendorReply(const ChatRequest&, int call)> script;

  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override {
    std::unique_lock<std::mutex> lock(mutex_);
    ++calls;
    lastRequestJson = request.requestJson;
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !block; });
    AttemptRecord attempt{plan.primary,
                          1,
                          fail ? "http_500" : "ok",
                          fail ? 500 : 200,
                          fail ? "transient" : "",
                          3,
                          std::chrono::system_clock::now(),
                          "req"};
    if (fail) return unexpected(RoutingFailure{RoutingFailure::Kind::VendorsFailed, "down", {attempt}});
    RoutedReply reply;
    reply.provider = plan.primary;
    reply.reply.text = "ok";
    reply.reply.tokensIn = 1000;
    reply.reply.tokensOut = 500;
    if (script) reply.reply = script(request, calls - 1);
    reply.attempts = {attempt};
    return reply;
  }
  void waitEntered() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return entered_; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    block = false;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false;
};

class ConversationServiceTest : public ::testing::Test {
 protected:
  ConversationServiceTest() {
    tenant = createTenant("Acme");
    AgentInput input;
    input.name = "A";
    input.primaryProvider = "vendorB";
    input.systemPrompt = "sys";
    input.enabledTools = std::vector<std::string>{"InvoiceLookup"};
    agent = agents.create(tenant, input)->id;
    session = sessions.create(tenant, agent, "c1", "chat", "{}")->id;
  }
  std::string createTenant(const std::string& name) {
    const Tenant row{newId("ten"), name, formatTimestamp(std::chrono::system_clock::now())};
    db->write([&](Transaction& s) { TenantRepository::insert(s, row); });
    return row.id;
  }
  int64_t count(const char* table) {
    return db->read([&](Transaction& s) {
      Poco::Int64 n = 0;
      s.session() << std::string("SELECT COUNT(*) FROM ") + table, Poco::Data::Keywords::into(n),
          Poco::Data::Keywords::now;
      return n;
    });
  }
  TurnRequest send(const std::string& content, const std::string& key = {},
                   const std::string& requestId = "req") {
    return TurnRequest{tenant, session, content, key, key.empty() ? "" : "fp:" + content, requestId};
  }

  testing::TempDatabase db;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
  Catalog catalog;
  FakeRouter router;
  IdempotencyLedger ledger{db.shared(), clock, IdempotencySettings{}, "own_this_process"};
  AgentService agents{db.shared(), catalog, clock};
  SessionService sessions{db.shared(), clock};
  FakeTools tools;
  ConversationService conversations{
      db.shared(), router, catalog, tools, ledger, PricingTable::defaults(), ConversationSettings{}, clock};
  std::string tenant, agent, session;
};

TEST_F(ConversationServiceTest, ATurnIsAValueWithItsMessagesAttemptsAndUsageAtTheProvidersPrice) {
  auto turn = conversations.send(send("hello", "", "req_1"));
  ASSERT_TRUE(turn);
  ASSERT_EQ(turn->usage.size(), 1u);
  EXPECT_EQ(turn->usage[0].costMicros, 4500);  // 1500 tokens x $0.003/1K
  EXPECT_EQ(turn->provider(), "vendorB");
  EXPECT_EQ(turn->usage[0].messageId, turn->assistantMessage.id);
  EXPECT_EQ(turn->userMessage.seq, 1);
  EXPECT_EQ(turn->userMessage.content, "hello");
  EXPECT_EQ(turn->assistantMessage.seq, 2);
  EXPECT_EQ(turn->assistantMessage.content, "ok");
  ASSERT_EQ(turn->attempts.size(), 1u);
  EXPECT_EQ(turn->attempts[0].outcome, "ok");
  EXPECT_EQ(turn->attempts[0].messageId, turn->assistantMessage.id);
  EXPECT_EQ(turn->requestId, "req_1");
  EXPECT_FALSE(turn->replayed);
  EXPECT_FALSE(turn->fallbackUsed);
  EXPECT_EQ(count("messages"), 2);
  EXPECT_EQ(count("attempts"), 1);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, TheVendorIsOfferedTheAgentsToolsWithDescriptionAndParameters) {
  ASSERT_TRUE(conversations.send(send("invoice?")));
  Poco::JSON::Parser parser;
  const auto request = parser.parse(router.lastRequestJson).extract<Poco::JSON::Object::Ptr>();
  const auto tools = request->getArray("tools");
  ASSERT_EQ(tools->size(), 1u) << router.lastRequestJson;
  const auto tool = tools->getObject(0);
  EXPECT_EQ(tool->getValue<std::string>("name"), "InvoiceLookup");
  EXPECT_EQ(tool->getValue<std::string>("description"), "Looks up an invoice");
  EXPECT_EQ(tool->getObject("parameters")->getValue<std::string>("type"), "object");
  EXPECT_TRUE(tool->getObject("parameters")->getObject("properties")->has("number"));
}

TEST_F(ConversationServiceTest, AReplayReturnsTheSameTurnWithoutRunningOrBillingAgain) {
  auto first = conversations.send(send("hi", "k0", "r1"));
  ASSERT_TRUE(first);
  auto replay = conversations.send(send("hi", "k0", "r2"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->vendorTimeUs, -1);
  EXPECT_EQ(replay->requestId, "r1");  // the request that ran the turn
  EXPECT_EQ(replay->userMessage.id, first->userMessage.id);
  EXPECT_EQ(replay->assistantMessage.id, first->assistantMessage.id);
  EXPECT_EQ(replay->assistantMessage.seq, first->assistantMessage.seq);
  EXPECT_EQ(replay->assistantMessage.createdAt, first->assistantMessage.createdAt);
  ASSERT_EQ(replay->usage.size(), 1u);
  EXPECT_EQ(replay->usage[0].id, first->usage[0].id);
  EXPECT_EQ(replay->usage[0].costMicros, first->usage[0].costMicros);
  ASSERT_EQ(replay->attempts.size(), first->attempts.size());
  EXPECT_EQ(replay->attempts[0].startedAt, first->attempts[0].startedAt);
  EXPECT_EQ(replay->latencyMs, first->latencyMs);
  EXPECT_EQ(router.calls, 1);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, InFlightKeyIsConflictWithATruthfulRetryAfterThenReplays) {
  router.block = true;
  std::thread first([&] { EXPECT_TRUE(conversations.send(send("hi", "k1", "r1"))); });
  router.waitEntered();
  auto second = conversations.send(send("hi", "k1", "r2"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().error.kind, DomainError::Kind::Conflict);
  // The owner is alive: the key is free when its turn deadline (4 s) or its lease (5 s) ends.
  EXPECT_GE(second.error().error.retryAfterSeconds, 1);
  EXPECT_LE(second.error().error.retryAfterSeconds, 4);
  auto different = conversations.send(send("other", "k1", "r3"));
  EXPECT_EQ(different.error().error.kind, DomainError::Kind::Unprocessable);
  router.release();
  first.join();
  auto replay = conversations.send(send("hi", "k1", "r4"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(router.calls, 1);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, AKeyWhoseOwnerDiedIsFreeAfterItsLeaseAndTheRetryIsBilledOnce) {
  // A process claimed the key, then died (kill -9): it never renews its lease.
  IdempotencyLedger dead(db.shared(), clock, IdempotencySettings{}, "own_dead_process");
  ASSERT_EQ(dead.claim(tenant, "k-crash", "fp:hi").state, IdempotencyLedger::State::Claimed);

  clock->advance(std::chrono::seconds(2));
  auto early = conversations.send(send("hi", "k-crash"));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().error.kind, DomainError::Kind::Conflict);
  EXPECT_EQ(early.error().error.retryAfterSeconds, 2);  // the turn deadline (4 s) ends first: truthful

  ledger.renewLeases();  // this process's heartbeat does not extend another owner's claim
  clock->advance(std::chrono::milliseconds(3001));
  auto retried = conversations.send(send("hi", "k-crash"));
  ASSERT_TRUE(retried) << retried.error().error.detail;
  EXPECT_FALSE(retried->replayed);
  EXPECT_EQ(count("usage_events"), 1);
  auto again = conversations.send(send("hi", "k-crash"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, ALiveOwnersHeartbeatKeepsItsClaim) {
  ASSERT_EQ(ledger.claim(tenant, "k-live", "fp:x").state, IdempotencyLedger::State::Claimed);
  IdempotencyLedger other(db.shared(), clock, IdempotencySettings{}, "own_other_host");
  for (int i = 0; i < 10; ++i) {
    clock->advance(std::chrono::seconds(1));
    EXPECT_EQ(ledger.renewLeases(), 1);
    EXPECT_EQ(other.claim(tenant, "k-live", "fp:x").state, IdempotencyLedger::State::InFlight) << i;
  }
}

TEST_F(ConversationServiceTest, ATurnWhoseClaimWasTakenOverCannotCommitSoNothingIsBilledTwice) {
  // This process claims, stalls past its lease (no heartbeat), another host
  // takes the key over and completes it; this process's commit is refused.
  router.block = true;
  Result<Turn, TurnError> stalled = unexpected(TurnError{});
  std::thread first([&] { stalled = conversations.send(send("hi", "k-fence")); });
  router.waitEntered();
  clock->advance(std::chrono::seconds(6));
  IdempotencyLedger other(db.shared(), clock, IdempotencySettings{}, "own_other_host");
  ASSERT_EQ(other.claim(tenant, "k-fence", "fp:hi").state, IdempotencyLedger::State::Claimed);
  router.release();
  first.join();
  ASSERT_FALSE(stalled);
  EXPECT_EQ(stalled.error().error.kind, DomainError::Kind::Conflict);
  EXPECT_EQ(count("usage_events"), 0);
  EXPECT_EQ(count("messages"), 0);
}

// Claims held in process memory (SQLite: one host owns the file). The same
// answers as claims in the store, with no write of their own.
class ProcessClaimsTest : public ConversationServiceTest {
 protected:
  static IdempotencySettings processClaims() {
    IdempotencySettings s;
    s.claims = ClaimPlacement::Process;
    return s;
  }
  std::unique_ptr<ConversationService> serviceOver(IdempotencyLedger& l) {
    return std::make_unique<ConversationService>(db.shared(), router, catalog, tools, l, PricingTable::defaults(),
                                                 ConversationSettings{}, clock);
  }
  IdempotencyLedger local{db.shared(), clock, processClaims(), "own_this_process"};
  std::unique_ptr<ConversationService> service = serviceOver(local);
};

TEST_F(ProcessClaimsTest, InFlightKeyIsConflictThenReplaysAndTheClaimWritesNothing) {
  router.block = true;
  std::thread first([&] { EXPECT_TRUE(service->send(send("hi", "k1", "r1"))); });
  router.waitEntered();
  EXPECT_EQ(count("idempotency_keys"), 0) << "the claim is in memory: the turn's commit is its only write";
  auto second = service->send(send("hi", "k1", "r2"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().error.kind, DomainError::Kind::Conflict);
  EXPECT_GE(second.error().error.retryAfterSeconds, 1);
  EXPECT_LE(second.error().error.retryAfterSeconds, 4);  // the live turn's deadline
  auto different = service->send(send("other", "k1", "r3"));
  ASSERT_FALSE(different);
  EXPECT_EQ(different.error().error.kind, DomainError::Kind::Unprocessable);
  router.release();
  first.join();
  EXPECT_EQ(count("idempotency_keys"), 1);
  auto replay = service->send(send("hi", "k1", "r4"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->requestId, "r1");
  auto mismatch = service->send(send("other", "k1", "r5"));
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().error.kind, DomainError::Kind::Unprocessable);
  EXPECT_EQ(router.calls, 1);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ProcessClaimsTest, AFailedTurnFreesTheKeyWithoutAWrite) {
  router.fail = true;
  ASSERT_FALSE(service->send(send("hi", "k2")));
  EXPECT_EQ(count("idempotency_keys"), 0);
  router.fail = false;
  auto retried = service->send(send("hi", "k2"));
  ASSERT_TRUE(retried);
  EXPECT_FALSE(retried->replayed);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ProcessClaimsTest, ARestartedProcessReplaysCompletedKeysAndRunsKeysADeadProcessLeftInFlight) {
  ASSERT_TRUE(service->send(send("hi", "k-done")));
  // A process that kept its claims in the store died holding "k-left".
  IdempotencyLedger dead(db.shared(), clock, IdempotencySettings{}, "own_dead_process");
  ASSERT_EQ(dead.claim(tenant, "k-left", "fp:hi").state, IdempotencyLedger::State::Claimed);

  IdempotencyLedger restartedLedger(db.shared(), clock, processClaims(), "own_restarted");
  auto restarted = serviceOver(restartedLedger);
  auto replay = restarted->send(send("hi", "k-done"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  auto left = restarted->send(send("hi", "k-left"));  // no lease to wait for: this process owns the file
  ASSERT_TRUE(left) << left.error().error.detail;
  EXPECT_FALSE(left->replayed);
  auto again = restarted->send(send("hi", "k-left"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(count("usage_events"), 2);
  EXPECT_EQ(count("idempotency_keys"), 2);
}

TEST_F(ProcessClaimsTest, AnExpiredRecordIsTakenOverByTheNextTurnWithItsKey) {
  ASSERT_TRUE(service->send(send("hi", "k-old")));
  clock->advance(std::chrono::hours(25));
  auto fresh = service->send(send("something else", "k-old"));
  ASSERT_TRUE(fresh) << fresh.error().error.detail;
  EXPECT_FALSE(fresh->replayed);
  EXPECT_EQ(count("idempotency_keys"), 1);
  auto replay = service->send(send("something else", "k-old"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(count("usage_events"), 2);
}

TEST_F(ProcessClaimsTest, ConcurrentDuplicatesBillOnce) {
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, replayed{0}, conflicts{0};
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      auto turn = service->send(send("hi", "k-race"));
      if (!turn) {
        if (turn.error().error.kind == DomainError::Kind::Conflict) ++conflicts;
        return;
      }
      ++(turn->replayed ? replayed : created);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(created + replayed + conflicts, kThreads);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, ExpiredRecordsAreSweptByMaintenanceNotByTenantsClaims) {
  ASSERT_TRUE(conversations.send(send("hi", "k-old")));
  EXPECT_EQ(ledger.sweepExpired(), 0);
  clock->advance(std::chrono::hours(25));
  ASSERT_TRUE(conversations.send(send("other", "k-new")));
  EXPECT_EQ(count("idempotency_keys"), 2);  // a claim never deletes another key's record
  EXPECT_EQ(ledger.sweepExpired(), 1);
  EXPECT_EQ(count("idempotency_keys"), 1);
}

TEST_F(ConversationServiceTest, FailedTurnWritesNothingCarriesItsAttemptsAndReleasesTheKey) {
  router.fail = true;
  auto failed = conversations.send(send("hi", "k2", "r1"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().error.kind, DomainError::Kind::VendorsFailed);
  ASSERT_EQ(failed.error().attempts.size(), 1u);
  EXPECT_EQ(failed.error().attempts[0].outcome, "http_500");
  EXPECT_EQ(failed.error().attempts[0].httpStatus, 500);
  EXPECT_EQ(count("messages"), 0);
  EXPECT_EQ(count("usage_events"), 0);
  EXPECT_EQ(count("idempotency_keys"), 0);
  router.fail = false;
  auto retried = conversations.send(send("hi", "k2", "r2"));
  ASSERT_TRUE(retried);
  EXPECT_FALSE(retried->replayed);
}

TEST_F(ConversationServiceTest, ForeignSessionIsNotFoundAndArchivedAgentIsUnprocessable) {
  const std::string other = createTenant("Globex");
  auto foreign = send("hi");
  foreign.tenantId = other;
  EXPECT_EQ(conversations.send(foreign).error().error.kind, DomainError::Kind::NotFound);
  ASSERT_TRUE(agents.archive(tenant, agent));
  EXPECT_EQ(conversations.send(send("hi")).error().error.kind, DomainError::Kind::Unprocessable);
  EXPECT_TRUE(sessions.get(tenant, session));  // still readable
}

// --- the tool loop -------------------------------------------------------

VendorReply askFor(const std::string& tool, const std::string& arguments, int round = 0) {
  VendorReply reply;
  reply.tokensIn = 100;
  reply.tokensOut = 10;
  reply.toolCalls = {{"call_" + std::to_string(round), tool, arguments}};
  return reply;
}

VendorReply answer(const std::string& text) {
  VendorReply reply;
  reply.text = text;
  reply.tokensIn = 200;
  reply.tokensOut = 20;
  return reply;
}

TEST_F(ConversationServiceTest, AToolCallRunsTheToolAndTheVendorAnswersWithItsResultBilledPerResponse) {
  router.script = [](const ChatRequest& request, int call) {
    if (call == 0) return askFor("InvoiceLookup", R"({"invoiceNumber":"INV-1001"})");
    EXPECT_NE(request.requestJson.find(R"("role":"tool")"), std::string::npos);
    EXPECT_NE(request.requestJson.find("Invoice INV-1001 is $125.40"), std::string::npos);
    return answer("Invoice INV-1001 is $125.40.");
  };
  auto turn = conversations.send(send("Can you look up invoice INV-1001?", "", "req-tool"));
  ASSERT_TRUE(turn) << turn.error().error.detail;
  EXPECT_EQ(turn->assistantMessage.content, "Invoice INV-1001 is $125.40.");
  ASSERT_EQ(tools.invocations.size(), 1u);
  EXPECT_EQ(tools.invocations[0].tenantId, tenant);
  EXPECT_EQ(tools.invocations[0].requestId, "req-tool");
  EXPECT_EQ(tools.invocations[0].argumentsJson, R"({"invoiceNumber":"INV-1001"})");
  ASSERT_EQ(turn->toolRuns.size(), 1u);
  EXPECT_EQ(turn->toolRuns[0].status, "ok");
  EXPECT_EQ(turn->toolRuns[0].resultSummary, "Invoice INV-1001 is $125.40");
  ASSERT_EQ(turn->usage.size(), 2u);  // both vendor responses are billed
  EXPECT_EQ(turn->usage[0].callIndex, 0);
  EXPECT_EQ(turn->usage[1].callIndex, 1);
  EXPECT_EQ(turn->usageTotals().costMicros, turn->usage[0].costMicros + turn->usage[1].costMicros);
  EXPECT_EQ(turn->usageTotals().costMicros, (110 + 220) * 3);
  ASSERT_EQ(turn->toolMessages.size(), 1u);
  EXPECT_EQ(turn->toolMessages[0].role, "tool");
  EXPECT_EQ(turn->userMessage.seq + 1, turn->toolMessages[0].seq);
  EXPECT_EQ(turn->toolMessages[0].seq + 1, turn->assistantMessage.seq);
  EXPECT_EQ(count("usage_events"), 2);
  EXPECT_EQ(count("tool_audit"), 1);
  EXPECT_EQ(count("messages"), 3);
  EXPECT_EQ(turn->attempts.size(), 2u);
  EXPECT_EQ(turn->attempts[1].attempt, 2);  // numbered across the turn's calls
  EXPECT_EQ(turn->attempts[1].callIndex, 1);
}

TEST_F(ConversationServiceTest, ADisabledOrUnknownToolIsNeverRunAndTheVendorGetsAnErrorResult) {
  router.script = [](const ChatRequest& request, int call) {
    if (call == 0) return askFor("DeleteEverything", "{}");
    EXPECT_NE(request.requestJson.find("not_enabled"), std::string::npos);
    return answer("I cannot do that.");
  };
  auto turn = conversations.send(send("Delete my account"));
  ASSERT_TRUE(turn);
  EXPECT_TRUE(tools.invocations.empty());
  ASSERT_EQ(turn->toolRuns.size(), 1u);
  EXPECT_EQ(turn->toolRuns[0].status, "not_enabled");
  EXPECT_EQ(count("tool_audit"), 1);
}

TEST_F(ConversationServiceTest, AToolErrorOrTimeoutStillYieldsAnAnswerAndIsAudited) {
  for (const std::string status : {"error", "timeout"}) {
    tools.script = [status](const ToolInvocation&) {
      return ToolOutcome{status, R"({"error":")" + status + R"("})", "it " + status};
    };
    router.script = [](const ChatRequest&, int call) {
      return call % 2 == 0 ? askFor("InvoiceLookup", R"({"invoiceNumber":"INV-1001"})")
                           : answer("The billing system is not answering; please try later.");
    };
    router.calls = 0;
    auto turn = conversations.send(send("invoice INV-1001 " + status));
    ASSERT_TRUE(turn) << status;
    EXPECT_FALSE(turn->assistantMessage.content.empty());
    ASSERT_EQ(turn->toolRuns.size(), 1u);
    EXPECT_EQ(turn->toolRuns[0].status, status);
  }
  EXPECT_EQ(count("tool_audit"), 2);
}

TEST_F(ConversationServiceTest, TheRoundLimitEndsALoopingVendorWithANonEmptyAnswer) {
  router.script = [](const ChatRequest&, int call) {
    return askFor("InvoiceLookup", R"({"invoiceNumber":"INV-1001"})", call);
  };
  auto turn = conversations.send(send("[keep calling tools]"));
  ASSERT_TRUE(turn);
  EXPECT_EQ(router.calls, 4);                // the first call + 3 rounds
  EXPECT_EQ(tools.invocations.size(), 3u);  // the 4th request for a tool is not run
  EXPECT_FALSE(turn->assistantMessage.content.empty());
  EXPECT_EQ(turn->usage.size(), 4u);  // every vendor response is billed
  ASSERT_EQ(turn->toolRuns.size(), 4u);
  EXPECT_EQ(turn->toolRuns[3].status, "error");
  EXPECT_NE(turn->toolRuns[3].resultSummary.find("limit"), std::string::npos);
}

TEST_F(ConversationServiceTest, ReplayingATurnWithToolsRunsNoToolAgain) {
  router.script = [](const ChatRequest&, int call) {
    return call == 0 ? askFor("InvoiceLookup", R"({"invoiceNumber":"INV-1001"})") : answer("Found it.");
  };
  auto first = conversations.send(send("invoice INV-1001", "k-tools"));
  ASSERT_TRUE(first);
  auto replay = conversations.send(send("invoice INV-1001", "k-tools"));
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(tools.invocations.size(), 1u);
  EXPECT_EQ(router.calls, 2);
  ASSERT_EQ(replay->toolRuns.size(), 1u);
  EXPECT_EQ(replay->toolRuns[0].id, first->toolRuns[0].id);
  ASSERT_EQ(replay->toolMessages.size(), 1u);
  EXPECT_EQ(replay->toolMessages[0].content, first->toolMessages[0].content);
  EXPECT_EQ(replay->usage.size(), 2u);
}

TEST_F(ConversationServiceTest, AnEmptyVendorReplyIsNeverStoredOrBilled) {
  router.script = [](const ChatRequest&, int) { return answer(""); };
  auto turn = conversations.send(send("hello?", "k-empty"));
  ASSERT_FALSE(turn);
  EXPECT_EQ(turn.error().error.kind, DomainError::Kind::VendorsFailed);
  EXPECT_EQ(count("messages"), 0);
  EXPECT_EQ(count("usage_events"), 0);
  EXPECT_EQ(count("idempotency_keys"), 0);
}

}  // namespace
}  // namespace vb
