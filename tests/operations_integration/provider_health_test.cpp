// GET /v1/providers/health against the real host: circuit state from the
// breakers, calls / error rate / latency from the in-memory window.
#include <gtest/gtest.h>

#include "operations_support.h"

namespace vb {
namespace {

using namespace ops_test;
using Poco::JSON::Object;

Object::Ptr healthOf(const HttpResult& r, const std::string& provider) {
  EXPECT_EQ(r.status, 200) << r.body;
  const auto list = items(r);
  for (const auto& item : *list) {
    const auto object = item.extract<Object::Ptr>();
    if (object->getValue<std::string>("provider") == provider) return object;
  }
  ADD_FAILURE() << provider << " missing from " << r.body;
  return new Object;
}

TEST(ProviderHealth, EveryConfiguredVendorIsListedClosedAndIdleAtStart) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto r = host.call("GET", "/v1/providers/health", bearer(acme.adminKey));
  for (const std::string provider : {"vendorA", "vendorB"}) {
    const auto health = healthOf(r, provider);
    EXPECT_EQ(health->getValue<std::string>("circuit"), "closed");
    const auto window = health->getObject("window");
    EXPECT_EQ(window->getValue<int>("calls"), 0);
    EXPECT_EQ(window->getValue<double>("errorRate"), 0.0);
    EXPECT_EQ(window->getValue<int>("seconds"), 300);
  }
}

TEST(ProviderHealth, ADeadVendorShowsAnOpenCircuitAndItsFailedCalls) {
  TestHost host(vendorAAlwaysFails);
  const TestTenant acme = createTenant(host, "Acme");
  const auto session =
      createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorA", "vendorB"));
  // vendorA's breaker opens after 8 failures in a row (3 attempts a turn):
  // send turns until the health answer says so, at most 10.
  std::string circuit;
  for (int turn = 0; turn < 10 && circuit != "open"; ++turn) {
    ASSERT_EQ(send(host, acme.adminKey, session, "turn-" + std::to_string(turn)).status, 201);
    circuit = healthOf(host.call("GET", "/v1/providers/health", bearer(acme.adminKey)), "vendorA")
                  ->getValue<std::string>("circuit");
  }
  ASSERT_EQ(circuit, "open");
  const auto r = host.call("GET", "/v1/providers/health", bearer(acme.adminKey));
  const auto vendorA = healthOf(r, "vendorA")->getObject("window");
  EXPECT_GE(vendorA->getValue<int>("calls"), 8);
  EXPECT_EQ(vendorA->getValue<double>("errorRate"), 1.0);
  const auto vendorB = healthOf(r, "vendorB");
  EXPECT_EQ(vendorB->getValue<std::string>("circuit"), "closed");
  EXPECT_GE(vendorB->getObject("window")->getValue<int>("calls"), 3) << "the fallback answered every turn";
  EXPECT_EQ(vendorB->getObject("window")->getValue<double>("errorRate"), 0.0);
  EXPECT_GE(vendorB->getObject("window")->getValue<int>("p95Ms"),
            vendorB->getObject("window")->getValue<int>("p50Ms"));
}

}  // namespace
}  // namespace vb
