// The turn's context from memory (CachedContextSource): what a turn sends to
// the vendor is what the store holds — after earlier turns, agent PATCHes and
// archives, a restart, concurrent turns of one session, and commits reported
// out of order.
#include "conversation/cached_context_source.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "conversation/agent_service.h"
#include "conversation/context_source_config.h"
#include "conversation/conversation_service.h"
#include "conversation/session_service.h"
#include "conversation/store_context_source.h"
#include "reliability/fake_clock.h"
#include "store/message_repository.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"
#include "support/temp_database.h"

namespace vb {
namespace {

class NoTools final : public ProviderCatalog, public ToolRunner {
 public:
  bool hasVendor(const std::string& n) const override { return n == "vendorA"; }
  bool hasTool(const std::string&) const override { return false; }
  std::vector<ToolDefinition> toolDefinitions(const std::vector<std::string>&) const override { return {}; }
  ToolOutcome run(const ToolInvocation&) override { return {}; }
};

// Answers "ok"; keeps every request's JSON.
class RecordingRouter final : public TurnRouter {
 public:
  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request.requestJson);
    }
    RoutedReply reply;
    reply.provider = plan.primary;
    reply.reply.text = "ok";
    reply.reply.tokensIn = 10;
    reply.reply.tokensOut = 5;
    reply.attempts = {AttemptRecord{plan.primary, 1, "ok", 200, "", 1, std::chrono::system_clock::now(), "req"}};
    return reply;
  }
  std::string last() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.empty() ? std::string() : requests_.back();
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

std::vector<std::pair<int64_t, std::string>> seqsAndIds(const std::vector<Message>& messages) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& m : messages) out.emplace_back(m.seq, m.id);
  return out;
}

class ContextCacheTest : public ::testing::Test {
 protected:
  ContextCacheTest() {
    const Tenant row{newId("ten"), "Acme", formatTimestamp(std::chrono::system_clock::now())};
    db->write([&](Transaction& tx) { TenantRepository::insert(tx, row); });
    tenant = row.id;
    AgentInput input;
    input.name = "A";
    input.primaryProvider = "vendorA";
    input.systemPrompt = "first prompt";
    agent = agents.create(tenant, input)->id;
    session = sessions.create(tenant, agent, "c1", "chat", "{}")->id;
  }
  std::unique_ptr<ConversationService> serviceWith(ContextSource& source) {
    return std::make_unique<ConversationService>(db.shared(), router, catalog, catalog, ledger,
                                                 PricingTable::defaults(), ConversationSettings{}, clock, nullptr,
                                                 nullptr, &source);
  }
  TurnRequest request(const std::string& content) { return TurnRequest{tenant, session, content, "", "", "req"}; }
  std::vector<Message> storeHistory(int count = 20) {
    return StoreContextSource(db.shared()).load(tenant, session, count)->history;
  }

  testing::TempDatabase db;
  std::shared_ptr<fakes::FakeClock> clock = std::make_shared<fakes::FakeClock>();
  NoTools catalog;
  RecordingRouter router;
  IdempotencyLedger ledger{db.shared(), clock, IdempotencySettings{}, "own_this_process"};
  CachedContextSource cache{db.shared(), ContextCacheLimits{}};
  AgentService agents{db.shared(), catalog, clock, &cache};
  SessionService sessions{db.shared(), clock};
  std::unique_ptr<ConversationService> conversations = serviceWith(cache);
  std::string tenant, agent, session;
};

TEST_F(ContextCacheTest, ACachedTurnSeesThePreviousTurnsMessages) {
  ASSERT_TRUE(conversations->send(request("my invoice is INV-1")));
  ASSERT_TRUE(conversations->send(request("and the total?")));
  const auto sent = router.last();
  const auto earlier = sent.find("my invoice is INV-1");
  ASSERT_NE(earlier, std::string::npos) << sent;
  EXPECT_LT(earlier, sent.find("and the total?"));
  EXPECT_GE(cache.hits(), 1u);  // the second turn's context came from memory
  EXPECT_EQ(seqsAndIds(cache.load(tenant, session, 20)->history), seqsAndIds(storeHistory()));
}

TEST_F(ContextCacheTest, AnAgentPatchIsSeenByTheNextTurn) {
  ASSERT_TRUE(conversations->send(request("hello")));
  EXPECT_NE(router.last().find("first prompt"), std::string::npos);
  AgentInput patch;
  patch.systemPrompt = "second prompt";
  ASSERT_TRUE(agents.update(tenant, agent, patch));
  ASSERT_TRUE(conversations->send(request("again")));
  EXPECT_NE(router.last().find("second prompt"), std::string::npos) << router.last();
  EXPECT_EQ(router.last().find("first prompt"), std::string::npos);
}

TEST_F(ContextCacheTest, AnArchivedAgentIsRefusedOnTheNextTurn) {
  ASSERT_TRUE(conversations->send(request("hello")));
  ASSERT_TRUE(agents.archive(tenant, agent));
  const auto refused = conversations->send(request("again"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().error.kind, DomainError::Kind::Unprocessable);
}

TEST_F(ContextCacheTest, AColdCacheReadsTheStore) {
  ASSERT_TRUE(conversations->send(request("remember INV-7")));
  // A restarted host: a new, empty cache over the same database.
  CachedContextSource cold{db.shared(), ContextCacheLimits{}};
  auto restarted = serviceWith(cold);
  ASSERT_TRUE(restarted->send(request("what did I say?")));
  EXPECT_NE(router.last().find("remember INV-7"), std::string::npos) << router.last();
  EXPECT_EQ(cold.misses(), 1u);
  EXPECT_EQ(seqsAndIds(cold.load(tenant, session, 20)->history), seqsAndIds(storeHistory()));
}

TEST_F(ContextCacheTest, AMissingSessionIsNotFoundAndNotCached) {
  const auto missing = conversations->send(TurnRequest{tenant, "ses_missing", "hi", "", "", "req"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().error.kind, DomainError::Kind::NotFound);
  EXPECT_FALSE(cache.load(tenant, "ses_missing", 20));
  EXPECT_EQ(cache.hits(), 0u);
}

TEST_F(ContextCacheTest, ConcurrentSendsOnOneSessionKeepTheHistoryTheStoreHas) {
  constexpr int kThreads = 8, kTurnsEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTurnsEach; ++i)
        EXPECT_TRUE(conversations->send(request("t" + std::to_string(t) + " turn " + std::to_string(i))));
    });
  for (auto& thread : threads) thread.join();
  const auto store = storeHistory();
  ASSERT_EQ(store.size(), 20u);
  EXPECT_EQ(store.back().seq, 2 * kThreads * kTurnsEach);
  EXPECT_EQ(seqsAndIds(cache.load(tenant, session, 20)->history), seqsAndIds(store));
}

TEST_F(ContextCacheTest, ACommitReportedOutOfSeqOrderSendsTheNextLoadToTheStore) {
  ASSERT_TRUE(cache.load(tenant, session, 20));  // cached: no messages yet
  auto turnOf = [&](int64_t firstSeq) {
    Turn turn;
    const auto at = formatTimestamp(std::chrono::system_clock::now());
    turn.userMessage = {tenant, newId("msg"), session, firstSeq, "user", "q", std::nullopt, 0, 0, "r", at};
    turn.assistantMessage = {tenant, newId("msg"), session, firstSeq + 1, "assistant", "a", "vendorA", 1, 1, "r", at};
    db->write([&](Transaction& tx) {
      MessageRepository::insert(tx, turn.userMessage);
      MessageRepository::insert(tx, turn.assistantMessage);
    });
    return turn;
  };
  const Turn first = turnOf(1), second = turnOf(3);
  cache.turnCommitted(second);  // the later turn reports first
  cache.turnCommitted(first);
  const auto misses = cache.misses();
  EXPECT_EQ(seqsAndIds(cache.load(tenant, session, 20)->history), seqsAndIds(storeHistory()));
  EXPECT_EQ(cache.misses(), misses + 1);
}

TEST_F(ContextCacheTest, TheLeastRecentlyUsedSessionLeavesABoundedCache) {
  CachedContextSource small{db.shared(), ContextCacheLimits{2, 64u * 1024 * 1024, 16}};
  const auto other1 = sessions.create(tenant, agent, "c2", "chat", "{}")->id;
  const auto other2 = sessions.create(tenant, agent, "c3", "chat", "{}")->id;
  ASSERT_TRUE(small.load(tenant, session, 20));
  ASSERT_TRUE(small.load(tenant, other1, 20));
  ASSERT_TRUE(small.load(tenant, other2, 20));  // evicts `session`
  ASSERT_TRUE(small.load(tenant, other2, 20));
  EXPECT_EQ(small.hits(), 1u);
  ASSERT_TRUE(small.load(tenant, session, 20));
  EXPECT_EQ(small.misses(), 4u);
}

// The cache only where one host owns the database (SQLite); on PostgreSQL
// other hosts write the same sessions, so the store even when asked for it.
TEST_F(ContextCacheTest, ConfigPicksTheStoreWhenTheCacheIsOffOrTheDatabaseIsShared) {
  Poco::JSON::Object::Ptr off = new Poco::JSON::Object;
  off->set("contextCache", false);
  EXPECT_NE(dynamic_cast<StoreContextSource*>(makeContextSource(db.shared(), off).get()), nullptr);
  Poco::JSON::Object::Ptr on = new Poco::JSON::Object;
  const auto chosen = makeContextSource(db.shared(), on);
  if (db.shared()->dialect().isPostgreSQL())
    EXPECT_NE(dynamic_cast<StoreContextSource*>(chosen.get()), nullptr);
  else
    EXPECT_NE(dynamic_cast<CachedContextSource*>(chosen.get()), nullptr);
}

}  // namespace
}  // namespace vb
