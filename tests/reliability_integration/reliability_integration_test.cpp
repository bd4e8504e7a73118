// The reliability pipeline end to end: the real mock vendors over loopback
// HTTP at the shipped fault rates, the real PluginRegistry loading the
// vendor-a and vendor-b plugins, the shipped "reliability" config and the
// system clock. Thousands of turns from several threads; the figures
// (success ratio, p50/p99 turn latency) are printed for the closing note and
// recorded as test properties.
#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "testdoubles/mockvendors/mock_vendor_server.h"
#include "pluginhost/plugin_registry.h"
#include "reliability/reliability_pipeline.h"

namespace vb {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr int kThreads = 12;

Poco::JSON::Object::Ptr shippedConfig() {
  std::ifstream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
  std::stringstream text;
  text << in.rdbuf();
  return Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
}

// The plugin registry reads its own file: the shipped vendorA/vendorB
// entries, with the plugins taken from this build.
std::string writeRegistryConfig(const Poco::JSON::Object::Ptr& shipped, const std::string& path) {
  Poco::JSON::Object config;
  config.set("pluginDir", std::string(VB_PLUGIN_DIR));
  Poco::JSON::Array::Ptr plugins = new Poco::JSON::Array;
  for (const auto& entry : *shipped->getArray("plugins")) {
    const auto plugin = entry.extract<Poco::JSON::Object::Ptr>();
    const auto name = plugin->getValue<std::string>("name");
    if (name == "vendorA" || name == "vendorB") plugins->add(plugin);
  }
  config.set("plugins", plugins);
  std::ofstream out(path);
  config.stringify(out);
  return path;
}

// Mock vendors + plugin registry + pipeline, as the host wires them.
class VendorStack {
 public:
  // `adjustA` may change vendorA's mock settings (e.g. force failures).
  explicit VendorStack(const std::function<void(MockVendorSettings&)>& adjustA = {}) {
    const auto shipped = shippedConfig();
    const auto mockSection = shipped->getObject("mockVendors");
    auto settingsA = MockVendorSettings::fromJson(mockSection, "vendorA");
    if (adjustA) adjustA(settingsA);
    vendorA_ = std::make_unique<MockVendorServer>(MockVendorServer::kindFromName("vendorA"), settingsA);
    vendorB_ = std::make_unique<MockVendorServer>(MockVendorServer::kindFromName("vendorB"),
                                                  MockVendorSettings::fromJson(mockSection, "vendorB"));
    vendorA_->start();
    vendorB_->start();

    PluginRegistry::Options options;
    options.configPath = writeRegistryConfig(shipped, configFile_.path());
    options.substitutions["mock:vendorA"] = vendorA_->baseUrl();
    options.substitutions["mock:vendorB"] = vendorB_->baseUrl();
    registry_ = std::make_unique<PluginRegistry>(options);
    const auto summary = registry_->reload();
    for (const auto& status : registry_->list()) {
      if (status.status != "loaded") ADD_FAILURE() << status.name << ": " << status.error;
    }
    EXPECT_TRUE(summary.failed.empty());
    pipeline_ = std::make_unique<ReliabilityPipeline>(
        *registry_, systemClock(), ReliabilityConfig::fromConfig(shipped->getObject("reliability")));
  }
  ~VendorStack() {
    pipeline_.reset();
    registry_.reset();
    vendorA_->stop();
    vendorB_->stop();
  }

  ReliabilityPipeline& pipeline() { return *pipeline_; }

 private:
  Poco::TemporaryFile configFile_;
  std::unique_ptr<MockVendorServer> vendorA_;
  std::unique_ptr<MockVendorServer> vendorB_;
  std::unique_ptr<PluginRegistry> registry_;
  std::unique_ptr<ReliabilityPipeline> pipeline_;
};

struct TurnRecord {
  bool served = false;
  RoutingFailure::Kind failure = RoutingFailure::Kind::VendorsFailed;
  double latencyMs = 0;
  std::vector<AttemptRecord> attempts;
  std::string provider;
  bool fallbackUsed = false;
};

ChatRequest requestFor(int turn) {
  ChatRequest request;
  request.requestId = "rel-it-" + std::to_string(turn);
  request.tenantId = "t-reliability";
  request.requestJson =
      R"({"system":"You are a helpful agent.","messages":[{"role":"user","content":"Question number )" +
      std::to_string(turn) + R"( about my invoice"}],"tools":[]})";
  return request;
}

TurnRecord runTurn(TurnRouter& router, const RoutePlan& plan, int turn) {
  TurnRecord record;
  const auto start = SteadyClock::now();
  auto result = router.run(plan, requestFor(turn));
  record.latencyMs = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  record.served = result.ok();
  if (result) {
    record.attempts = std::move(result->attempts);
    record.provider = result->provider;
    record.fallbackUsed = result->fallbackUsed;
  } else {
    record.failure = result.error().kind;
    record.attempts = std::move(result.error().attempts);
  }
  return record;
}

// `turns` turns from kThreads threads; planFor(i) routes turn i.
std::vector<TurnRecord> runTurns(TurnRouter& router, int turns,
                                 const std::function<RoutePlan(int)>& planFor) {
  std::vector<TurnRecord> records(static_cast<size_t>(turns));
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < turns; i = next++)
        records[static_cast<size_t>(i)] = runTurn(router, planFor(i), i);
    });
  }
  for (auto& thread : threads) thread.join();
  return records;
}

struct Figures {
  size_t turns = 0;
  size_t served = 0;
  double successRatio = 0;
  double p50Ms = 0;
  double p99Ms = 0;
  double maxMs = 0;
  size_t fallbacks = 0;
  std::map<std::string, size_t> outcomes;  // "vendorA:http_500" → count
};

double percentile(std::vector<double> sorted, double q) {
  if (sorted.empty()) return 0;
  std::sort(sorted.begin(), sorted.end());
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

Figures summarize(const std::vector<TurnRecord>& records) {
  Figures f;
  std::vector<double> latencies;
  for (const auto& r : records) {
    ++f.turns;
    f.served += r.served;
    f.fallbacks += r.fallbackUsed;
    latencies.push_back(r.latencyMs);
    for (const auto& a : r.attempts) ++f.outcomes[a.provider + ":" + a.outcome];
  }
  f.successRatio = f.turns ? static_cast<double>(f.served) / static_cast<double>(f.turns) : 0;
  f.p50Ms = percentile(latencies, 0.50);
  f.p99Ms = percentile(latencies, 0.99);
  f.maxMs = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
  return f;
}

void report(const std::string& label, const Figures& f) {
  std::ostringstream line;
  line << "[figures] " << label << ": turns=" << f.turns << " served=" << f.served
       << " success=" << std::fixed;
  line.precision(4);
  line << f.successRatio * 100 << "%";
  line.precision(1);
  line << " p50=" << f.p50Ms << "ms p99=" << f.p99Ms << "ms max=" << f.maxMs << "ms fallbacks=" << f.fallbacks
       << " attempts{";
  for (const auto& [outcome, count] : f.outcomes) line << " " << outcome << "=" << count;
  line << " }";
  std::printf("%s\n", line.str().c_str());
  std::fflush(stdout);
  ::testing::Test::RecordProperty(label + ".success_ratio", std::to_string(f.successRatio));
  ::testing::Test::RecordProperty(label + ".p50_ms", std::to_string(f.p50Ms));
  ::testing::Test::RecordProperty(label + ".p99_ms", std::to_string(f.p99Ms));
}

size_t count(const Figures& f, const std::string& key) {
  const auto it = f.outcomes.find(key);
  return it == f.outcomes.end() ? 0 : it->second;
}

// Half the agents put vendorA first, half vendorB; each has the other as fallback.
TEST(ReliabilityIntegration, AtDefaultFaultRatesAgentsWithAFallbackServeAtLeast999PerMille) {
  VendorStack stack;
  constexpr int kTurns = 2400;
  const auto records = runTurns(stack.pipeline(), kTurns, [](int i) {
    return i % 2 ? RoutePlan{"vendorA", "vendorB"} : RoutePlan{"vendorB", "vendorA"};
  });
  const Figures figures = summarize(records);
  report("with_fallback", figures);
  EXPECT_GE(figures.turns, 2000u);
  EXPECT_GE(figures.successRatio, 0.999);
  // The faults really happened (else this proves nothing).
  EXPECT_GT(count(figures, "vendorA:http_500"), 0u);
  EXPECT_GT(count(figures, "vendorB:http_429"), 0u);
  EXPECT_LT(figures.maxMs, 4000 + 250) << "no turn outlives the 4 s deadline by much";
}

TEST(ReliabilityIntegration, AtDefaultFaultRatesAgentsWithoutAFallbackStillMostlySucceed) {
  VendorStack stack;
  constexpr int kTurns = 1200;
  const auto onlyA = summarize(runTurns(stack.pipeline(), kTurns, [](int) {
    return RoutePlan{"vendorA", {}};
  }));
  report("without_fallback.vendorA", onlyA);
  const auto onlyB = summarize(runTurns(stack.pipeline(), kTurns, [](int) {
    return RoutePlan{"vendorB", {}};
  }));
  report("without_fallback.vendorB", onlyB);
  // Three tries at ~15% (A) and ~8% (B) per-attempt failure: ~99.7% and ~99.95%.
  EXPECT_GE(onlyA.successRatio, 0.98);
  EXPECT_GE(onlyB.successRatio, 0.99);
}

// vendorA is dead (`kill` sets how): its circuit opens within a few turns and
// from then on vendorB serves at once. Prints what a turn costs before and
// after the circuit opens.
void expectDeadPrimaryIsSkippedOnceItsCircuitOpens(const std::string& label,
                                                   const std::function<void(MockVendorSettings&)>& kill) {
  VendorStack stack(kill);
  auto& pipeline = stack.pipeline();
  const RoutePlan plan{"vendorA", "vendorB"};

  // One turn at a time until the circuit opens: what a dead primary costs.
  std::vector<TurnRecord> beforeOpen;
  for (int i = 0; i < 20 && pipeline.breakers().forProvider("vendorA").timesOpened() == 0; ++i) {
    beforeOpen.push_back(runTurn(pipeline, plan, i));
  }
  ASSERT_EQ(pipeline.breakers().forProvider("vendorA").timesOpened(), 1u) << "the circuit never opened";
  const Figures before = summarize(beforeOpen);
  report(label + ".before_open", before);
  EXPECT_EQ(before.served, before.turns);

  const auto afterOpen = runTurns(pipeline, 2000, [&](int) { return plan; });
  const Figures after = summarize(afterOpen);
  report(label + ".after_open", after);
  // vendorB keeps its own default 429s and has no fallback behind it here: a
  // turn fails when all three of its tries are rate limited (~0.07 %, so ~1.4
  // of 2,000 on average). 0.995 asserts the behaviour without a coin-flip.
  EXPECT_GE(after.successRatio, 0.995);
  size_t skippedAtOnce = 0;
  for (const auto& r : afterOpen) {
    if (r.served) {
      EXPECT_EQ(r.provider, "vendorB");
    }
    if (!r.attempts.empty() && r.attempts[0].outcome == "circuit_open") ++skippedAtOnce;
  }
  // Only the half-open probes (one per 5 s cool-down) touch vendorA.
  EXPECT_GE(skippedAtOnce, afterOpen.size() - 10);
  EXPECT_LT(after.p50Ms, before.p50Ms) << "an open circuit costs no waiting";
  EXPECT_LT(after.p99Ms, 1000.0);
}

TEST(ReliabilityIntegration, APrimaryAnswering500IsSkippedOnceItsCircuitOpens) {
  expectDeadPrimaryIsSkippedOnceItsCircuitOpens("dead_primary_500",
                                                [](MockVendorSettings& a) { a.failureRate = 1.0; });
}

TEST(ReliabilityIntegration, AHangingPrimaryIsSkippedOnceItsCircuitOpens) {
  expectDeadPrimaryIsSkippedOnceItsCircuitOpens("dead_primary_hanging", [](MockVendorSettings& a) {
    a.failureRate = 0;
    a.slowRate = 1.0;
    a.slowMs = 60000;
  });
}

}  // namespace
}  // namespace vb
