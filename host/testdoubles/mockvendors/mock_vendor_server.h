// Mock AI vendors: real HTTP servers on loopback that speak vendorA's and
// vendorB's (deliberately different) wire formats (vendor_wire.h) and inject
// faults from a seeded RNG, so the reliability pipeline meets realistic
// failures while tests stay reproducible. What they answer — an echo, a tool
// call for an invoice question, a sentence from a tool's result — is
// vendor_reply.h's business.
//
//   vendorA POST /v1/chat, vendorB POST /v1/messages (also /v1/chat/completions) (see vendor_wire.h)
//   429 → {"error":"rate_limited","retryAfterMs":N} + Retry-After (seconds, rounded up)
// Request header X-Mock-Fault: 500|429|slow|timeout|malformed forces a fault
// (even in zero mode). Every answer carries X-Mock-Outcome naming what the
// server decided (ok, 500, 429, slow, timeout, malformed), for tests.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <memory>
#include <string>

#include "testdoubles/mockvendors/mock_vendor_kind.h"

namespace vb {

struct MockVendorSettings {
  uint16_t port = 0;  // 0 = ephemeral
  std::string host = "127.0.0.1";
  uint64_t seed = 42;
  double failureRate = 0;    // HTTP 500 share (vendorA default 0.10)
  double rateLimitRate = 0;  // HTTP 429 share (vendorB default 0.08)
  int64_t retryAfterMs = 200;
  double slowRate = 0;  // share of slow answers (vendorA default 0.05)
  int64_t slowMs = 1500;
  int64_t latencyMinMs = 0, latencyMaxMs = 0;  // uniform base latency
  bool zero = false;  // zero latency, no random faults (benchmarks, tests); forced faults still work
  // Poco holds one worker thread per open keep-alive connection, so this caps
  // the concurrent client connections; a client beyond it waits for an idle
  // connection to time out (keepAliveMs). Keep it above the host's pool size.
  int maxThreads = 256;
  int64_t keepAliveMs = 5000;

  // The vendor's defaults (see above) with no config at all.
  static MockVendorSettings defaults(const std::string& name);
  // Reads config section mockVendors[name] (keys: port, seed, failureRate, rateLimitRate, retryAfterMs,
  // slowRate, slowMs, latencyMs:{min,max} or a number, zero, maxThreads, keepAliveMs) over the vendor's
  // defaults; also the section's "host". Throws Poco::Exception on a wrongly typed value.
  static MockVendorSettings fromJson(const Poco::JSON::Object::Ptr& mockVendorsSection,
                                     const std::string& name);
};

class MockVendorServer {
 public:
  static MockVendorKind kindFromName(const std::string& name);  // "vendorA"/"vendorB", throws otherwise
  static std::string nameOf(MockVendorKind kind);

  MockVendorServer(MockVendorKind kind, MockVendorSettings settings);
  ~MockVendorServer();  // stops
  MockVendorServer(const MockVendorServer&) = delete;
  MockVendorServer& operator=(const MockVendorServer&) = delete;

  void start();  // binds and serves; throws on failure
  void stop();   // idempotent; hanging requests return promptly
  uint16_t port() const;
  std::string baseUrl() const;    // "http://127.0.0.1:<port>"
  uint64_t requestCount() const;  // served requests (for tests)

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace vb
