// MockBillingServer: the stand-in for a tenant's billing system — a real
// HTTP server on loopback over an InvoiceBook (a JSON file), which the
// InvoiceLookup tool plugin calls through the host's HTTP service.
//
//   GET  /v1/tenants/{tenantId}/invoices/{invoiceNumber}
//        → 200 invoice (invoice.h) | 404 {"error":"not_found"}
//   GET  /v1/tenants/{tenantId}/invoices[?customerId=cust-7]
//        → 200 {"items":[invoice…]} (empty when none; all the tenant's without customerId)
//   POST /v1/tenants/{tenantId}/invoices   body: one invoice
//        → 201 the invoice as stored (replaces one with the same number)
//        | 400 {"error":"invalid_invoice","message":…}
//   GET  /healthz → 200 {"status":"ok"}
//   A broken invoices file → 500 {"error":"invoices_file","message":…}.
//
// The tenant comes from the path and nowhere else: one tenant is never
// answered with another's invoice. Request header X-Mock-Fault:
// 500|slow|timeout forces a fault (also in zero mode); every answer carries
// X-Mock-Outcome (ok, 404, 400, 500, slow, timeout) for tests; forceFault()
// does the same for every request.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <memory>
#include <string>

namespace vb {

class InvoiceBook;

struct MockBillingSettings {
  bool enabled = false;
  std::string host = "127.0.0.1";
  uint16_t port = 0;                                   // 0 = ephemeral
  std::string invoicesFile = "var/mock-billing.json";  // relative to the working directory
  uint64_t seed = 44;                                  // draws the latency
  int64_t latencyMinMs = 0, latencyMaxMs = 0;          // uniform base latency
  int64_t slowMs = 1500;                               // added by X-Mock-Fault: slow
  bool zero = false;                                   // no latency (tests); forced faults still work
  int maxThreads = 64;
  int64_t keepAliveMs = 5000;

  // Reads config section "mockBilling" {enabled, host, port, invoicesFile,
  // seed, latencyMs:{min,max} or a number, slowMs, zero, maxThreads,
  // keepAliveMs} over the defaults above (a null section = defaults).
  // Throws Poco::Exception on a wrongly typed value.
  static MockBillingSettings fromJson(const Poco::JSON::Object::Ptr& section);
};

class MockBillingServer {
 public:
  explicit MockBillingServer(MockBillingSettings settings);
  ~MockBillingServer();  // stops
  MockBillingServer(const MockBillingServer&) = delete;
  MockBillingServer& operator=(const MockBillingServer&) = delete;

  void start();  // binds and serves; throws on failure
  void stop();   // idempotent; hanging requests return promptly
  uint16_t port() const;
  std::string baseUrl() const;    // "http://127.0.0.1:<port>"
  uint64_t requestCount() const;  // served requests (for tests)
  InvoiceBook& book();            // the invoices it serves (thread-safe)

  // Forces `fault` ("500", "slow", "timeout"; "" = none) on every request
  // from now on, as if each carried X-Mock-Fault (which still wins) — for
  // in-process tests whose client, the host, adds no such header.
  // Thread-safe.
  void forceFault(const std::string& fault);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace vb
