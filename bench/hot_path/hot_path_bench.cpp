// Per-turn work on the host's hot path, one piece at a time (CPU ns per call):
//   BM_Context*        the session, agent and last 20 messages: one store read
//                      transaction vs the in-memory cache (CachedContextSource)
//   BM_VendorRequest*  building the vendor request JSON: the Poco DOM it used
//                      to be (kept here as the reference) vs the writer
//   BM_RenderTurn*     the 201 body: turnToJson's DOM vs renderTurn's writer
//   BM_TurnCommit      a turn's rows in one write(): its seq, two messages,
//                      an attempt, a usage event and the idempotency record
//                      (the statements the single SQLite writer runs per turn)
#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/TemporaryFile.h>
#include <benchmark/benchmark.h>

#include <sstream>

#include "channels/chat/turn_json.h"
#include "common/json_body.h"
#include "conversation/cached_context_source.h"
#include "conversation/store_context_source.h"
#include "conversation/vendor_request.h"
#include "store/agent_repository.h"
#include "store/database.h"
#include "store/attempt_repository.h"
#include "store/idempotency_repository.h"
#include "store/message_repository.h"
#include "store/usage_repository.h"
#include "store/timestamps.h"
#include "store/session_repository.h"
#include "store/tenant_repository.h"

namespace {

using namespace vb;

const char* kAt = "2026-11-29T10:00:00.000Z";

std::vector<Message> history(int n) {
  std::vector<Message> out;
  for (int i = 1; i <= n; ++i)
    out.push_back({"ten_bench", "msg_" + std::to_string(i), "ses_bench", i, i % 2 ? "user" : "assistant",
                   "message number " + std::to_string(i) + " about invoice INV-1001 and its total", std::nullopt,
                   0, 0, "req", kAt});
  return out;
}

struct BenchStore {
  std::string path = Poco::TemporaryFile::tempName() + ".db";
  std::shared_ptr<Database> db;
  BenchStore() {
    DatabaseSettings settings;
    settings.path = path;
    db = std::make_shared<Database>(settings);
    db->write([](Transaction& tx) {
      TenantRepository::insert(tx, Tenant{"ten_bench", "Bench", kAt});
      Agent agent;
      agent.tenantId = "ten_bench";
      agent.id = "agt_bench";
      agent.name = "Bench";
      agent.primaryProvider = "vendorA";
      agent.systemPrompt = "You are a helpful billing assistant.";
      agent.createdAt = agent.updatedAt = kAt;
      AgentRepository::insert(tx, agent);
      SessionRepository::insert(tx, Session{"ten_bench", "ses_bench", "agt_bench", "cus", "chat", "{}", kAt});
      for (const auto& m : history(40)) MessageRepository::insert(tx, m);
    });
  }
  ~BenchStore() {
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      if (Poco::File file(path + suffix); file.exists()) file.remove();
  }
};

void BM_ContextFromStore(benchmark::State& state) {
  BenchStore store;
  StoreContextSource source(store.db);
  for (auto _ : state) benchmark::DoNotOptimize(source.load("ten_bench", "ses_bench", 20));
}
BENCHMARK(BM_ContextFromStore);

void BM_ContextFromCache(benchmark::State& state) {
  BenchStore store;
  CachedContextSource source(store.db, ContextCacheLimits{});
  for (auto _ : state) benchmark::DoNotOptimize(source.load("ten_bench", "ses_bench", 20));
}
BENCHMARK(BM_ContextFromCache);

// The DOM build VendorRequest did before the writer, for comparison.
std::string vendorRequestDom(const std::string& system, const std::vector<Message>& past, const std::string& content) {
  auto ordered = [] { return Poco::JSON::Object::Ptr(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER)); };
  auto root = ordered();
  Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
  root->set("system", system);
  for (const auto& m : past) {
    auto o = ordered();
    o->set("role", m.role);
    o->set("content", m.content);
    messages->add(o);
  }
  auto last = ordered();
  last->set("role", "user");
  last->set("content", content);
  messages->add(last);
  root->set("messages", messages);
  root->set("tools", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  std::ostringstream out;
  root->stringify(out);
  return out.str();
}

void BM_VendorRequestDom(benchmark::State& state) {
  const auto past = history(20);
  for (auto _ : state) {
    benchmark::DoNotOptimize(vendorRequestDom("You are a helpful billing assistant.", past, "what is my total?"));
    benchmark::DoNotOptimize(vendorRequestDom("You are a helpful billing assistant.", past, "what is my total?"));
  }
}
BENCHMARK(BM_VendorRequestDom);

void BM_VendorRequestWriter(benchmark::State& state) {
  const auto past = history(20);
  for (auto _ : state) {
    VendorRequest request("You are a helpful billing assistant.", past, {}, "what is my total?");
    benchmark::DoNotOptimize(request.json());  // a turn renders it twice: budget estimate, then the call
    benchmark::DoNotOptimize(request.json());
  }
}
BENCHMARK(BM_VendorRequestWriter);

Turn benchTurn() {
  Turn t;
  const auto past = history(2);
  t.userMessage = past[0];
  t.assistantMessage = past[1];
  t.assistantMessage.provider = "vendorA";
  t.usage = {{"ten_bench", "use_1", "agt_bench", "ses_bench", "msg_2", "vendorA", 12, 34, 4500, "2026-01", kAt, 0}};
  t.attempts = {{"ten_bench", "att_1", "msg_2", 1, "vendorA", "ok", std::nullopt, std::nullopt, 2, kAt, "req", 0}};
  t.requestId = "req_bench";
  t.latencyMs = 3;
  return t;
}

void BM_RenderTurnDom(benchmark::State& state) {
  const Turn turn = benchTurn();
  for (auto _ : state) benchmark::DoNotOptimize(toJson(*turnToJson(turn)));
}
BENCHMARK(BM_RenderTurnDom);

void BM_RenderTurnWriter(benchmark::State& state) {
  const Turn turn = benchTurn();
  for (auto _ : state) benchmark::DoNotOptimize(renderTurn(turn));
}
BENCHMARK(BM_RenderTurnWriter);

void BM_TurnCommit(benchmark::State& state) {
  BenchStore store;
  Turn turn = benchTurn();
  for (auto _ : state) {
    turn.userMessage.id = newId("msg");
    turn.assistantMessage.id = newId("msg");
    turn.usage[0].id = newId("use");
    turn.usage[0].messageId = turn.attempts[0].messageId = turn.assistantMessage.id;
    turn.attempts[0].id = newId("att");
    IdempotencyRow done{"ten_bench", newId("key"), "fp", "completed", 201, "{}", kAt, kAt, "2099-01-01T00:00:00.000Z", ""};
    store.db->write([&](Transaction& tx) {
      int64_t seq = MessageRepository::lastSeq(tx, "ten_bench", "ses_bench");
      turn.userMessage.seq = ++seq;
      turn.assistantMessage.seq = ++seq;
      MessageRepository::insert(tx, turn.userMessage);
      MessageRepository::insert(tx, turn.assistantMessage);
      AttemptRepository::insert(tx, turn.attempts[0]);
      UsageRepository::insert(tx, turn.usage[0]);
      IdempotencyRepository::insertCompleted(tx, done, kAt);
    });
  }
}
BENCHMARK(BM_TurnCommit);

}  // namespace

BENCHMARK_MAIN();
