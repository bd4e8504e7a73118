// The turn flow without HTTP: one transaction per turn, idempotency states,
// nothing billed on failure, archived agents, context window.
#include "conversation/conversation_service.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "conversation/agent_service.h"
#include "conversation/session_service.h"
#include "store/tenant_repository.h"
#include "support/temp_database.h"
#include "store/timestamps.h"

namespace vb {
namespace {

class Catalog final : public ProviderCatalog {
 public:
  bool hasVendor(const std::string& n) const override { return n == "vendorA" || n == "vendorB"; }
  bool hasTool(const std::string& n) const override { return n == "InvoiceLookup"; }
};

// Answers with fixed tokens; can fail, or block until released.
class FakeRouter final : public TurnRouter {
 public:
  bool fail = false;
  bool block = false;
  int calls = 0;

  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest&) override {
    std::unique_lock<std::mutex> lock(mutex_);
    ++calls;
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !block; });
    AttemptRecord attempt{plan.primary, 1, fail ? "http_500" : "ok", fail ? 500 : 200, fail ? "transient" : "", 3,
                          std::chrono::system_clock::now(), "req"};
    if (fail) return unexpected(RoutingFailure{RoutingFailure::Kind::VendorsFailed, "down", {attempt}});
    RoutedReply reply;
    reply.provider = plan.primary;
    reply.reply.text = "ok";
    reply.reply.tokensIn = 1000;
    reply.reply.tokensOut = 500;
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
    agent = agents.create(tenant, {std::string("A"), std::string("vendorB"), std::nullopt, std::string("sys"), {}})->id;
    session = sessions.create(tenant, agent, "c1", "chat", "{}")->id;
  }
  std::string createTenant(const std::string& name) {
    const TenantRow row{newId("ten"), name, formatTimestamp(std::chrono::system_clock::now())};
    db->write([&](Transaction& s) { TenantRepository::insert(s, row); });
    return row.id;
  }
  int64_t count(const char* table) {
    return db->read([&](Transaction& s) {
      Poco::Int64 n = 0;
      s.session() << std::string("SELECT COUNT(*) FROM ") + table, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
      return n;
    });
  }

  testing::TempDatabase db;
  Catalog catalog;
  FakeRouter router;
  AgentService agents{db.shared(), catalog, systemClock()};
  SessionService sessions{db.shared(), systemClock()};
  ConversationService conversations{db.shared(), router, PricingTable::defaults(), ConversationSettings{},
                                    systemClock()};
  std::string tenant, agent, session;
};

TEST_F(ConversationServiceTest, ATurnCommitsMessagesAttemptsAndOneUsageEventAtTheProvidersPrice) {
  auto turn = conversations.sendTurn(tenant, session, "hello", "", "req_1");
  ASSERT_TRUE(turn);
  Poco::JSON::Parser parser;
  const auto json = parser.parse(turn->body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(json->getObject("usage")->getObject("cost")->getValue<Poco::Int64>("micros"), 4500);  // 1500 × 3
  EXPECT_EQ(json->getObject("usage")->getObject("cost")->getValue<std::string>("usd"), "0.004500");
  EXPECT_EQ(json->getObject("userMessage")->getValue<int>("seq"), 1);
  EXPECT_EQ(json->getObject("message")->getValue<int>("seq"), 2);
  EXPECT_EQ(count("messages"), 2);
  EXPECT_EQ(count("attempts"), 1);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, InFlightKeyIsConflictWithRetryAfterThenReplays) {
  router.block = true;
  std::thread first([&] { EXPECT_TRUE(conversations.sendTurn(tenant, session, "hi", "k1", "r1")); });
  router.waitEntered();
  auto second = conversations.sendTurn(tenant, session, "hi", "k1", "r2");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, DomainError::Kind::Conflict);
  EXPECT_GT(second.error().retryAfterSeconds, 0);
  auto different = conversations.sendTurn(tenant, session, "other", "k1", "r3");
  EXPECT_EQ(different.error().kind, DomainError::Kind::Unprocessable);
  router.release();
  first.join();
  auto replay = conversations.sendTurn(tenant, session, "hi", "k1", "r4");
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(router.calls, 1);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(ConversationServiceTest, FailedTurnWritesNothingAndReleasesTheKey) {
  router.fail = true;
  auto failed = conversations.sendTurn(tenant, session, "hi", "k2", "r1");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, DomainError::Kind::VendorsFailed);
  EXPECT_NE(failed.error().extensionJson.find("\"attempts\""), std::string::npos);
  EXPECT_EQ(count("messages"), 0);
  EXPECT_EQ(count("usage_events"), 0);
  EXPECT_EQ(count("idempotency_keys"), 0);
  router.fail = false;
  auto retried = conversations.sendTurn(tenant, session, "hi", "k2", "r2");
  ASSERT_TRUE(retried);
  EXPECT_FALSE(retried->replayed);
}

TEST_F(ConversationServiceTest, ForeignSessionIsNotFoundAndArchivedAgentIsUnprocessable) {
  const std::string other = createTenant("Globex");
  EXPECT_EQ(conversations.sendTurn(other, session, "hi", "", "r").error().kind, DomainError::Kind::NotFound);
  ASSERT_TRUE(agents.archive(tenant, agent));
  EXPECT_EQ(conversations.sendTurn(tenant, session, "hi", "", "r").error().kind, DomainError::Kind::Unprocessable);
  EXPECT_TRUE(sessions.get(tenant, session));  // still readable
}

}  // namespace
}  // namespace vb
