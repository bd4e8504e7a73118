#include "testdoubles/mockbilling/mock_billing_server.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <sstream>
#include <vector>

#include "testdoubles/loopback/loopback_server.h"
#include "testdoubles/mockbilling/invoice_book.h"

namespace vb {
namespace {

// A forced "timeout" hangs at most this long, so a client without a timeout
// does not pin a server thread forever.
constexpr auto kMaxHang = std::chrono::seconds(60);

using Status = Poco::Net::HTTPResponse::HTTPStatus;

std::string stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

std::string errorBody(const std::string& error, const std::string& message = {}) {
  Poco::JSON::Object o;
  o.set("error", error);
  if (!message.empty()) o.set("message", message);
  return stringify(Poco::Dynamic::Var(o));
}

// The request a route sees: method, decoded path segments, query.
struct BillingRequest {
  std::string method;
  std::vector<std::string> segments;
  Poco::URI::QueryParameters query;
  std::string body;

  std::string queryValue(const std::string& name) const {
    for (const auto& [key, value] : query)
      if (key == name) return value;
    return {};
  }
};

struct BillingAnswer {
  Status status = Status::HTTP_OK;
  std::string body;
  std::string outcome = "ok";
};

}  // namespace

MockBillingSettings MockBillingSettings::fromJson(const Poco::JSON::Object::Ptr& section) {
  MockBillingSettings s;
  if (!section) return s;
  s.enabled = section->optValue<bool>("enabled", s.enabled);
  s.host = section->optValue<std::string>("host", s.host);
  s.port = static_cast<uint16_t>(section->optValue<int>("port", s.port));
  s.invoicesFile = section->optValue<std::string>("invoicesFile", s.invoicesFile);
  s.seed = section->optValue<uint64_t>("seed", s.seed);
  s.slowMs = section->optValue<int64_t>("slowMs", s.slowMs);
  s.zero = section->optValue<bool>("zero", s.zero);
  s.maxThreads = std::max(2, section->optValue<int>("maxThreads", s.maxThreads));
  s.keepAliveMs = std::max<int64_t>(1, section->optValue<int64_t>("keepAliveMs", s.keepAliveMs));
  if (const auto latency = section->getObject("latencyMs")) {
    s.latencyMinMs = latency->optValue<int64_t>("min", s.latencyMinMs);
    s.latencyMaxMs = latency->optValue<int64_t>("max", s.latencyMinMs);
  } else if (section->has("latencyMs")) {
    s.latencyMinMs = s.latencyMaxMs = section->getValue<int64_t>("latencyMs");
  }
  return s;
}

struct MockBillingServer::Impl {
  MockBillingSettings settings;
  InvoiceBook book;
  std::atomic<uint64_t> requests{0};

  std::mutex rngMutex;
  std::mt19937_64 rng;  // guarded by rngMutex

  std::mutex faultMutex;
  std::string forcedFault;  // guarded by faultMutex

  std::string faultFor(const Poco::Net::HTTPServerRequest& request) {
    if (request.has("X-Mock-Fault")) return request.get("X-Mock-Fault");
    std::lock_guard lock(faultMutex);
    return forcedFault;
  }

  LoopbackServer server;

  explicit Impl(MockBillingSettings s)
      : settings(std::move(s)),
        book(settings.invoicesFile),
        rng(settings.seed),
        server(LoopbackServerOptions{settings.host, settings.port, settings.maxThreads, settings.keepAliveMs},
               [this](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
                 handle(request, response);
               }) {}

  int64_t latencyMs() {
    if (settings.zero || settings.latencyMaxMs <= 0) return 0;
    std::lock_guard lock(rngMutex);
    std::uniform_int_distribution<int64_t> draw(settings.latencyMinMs,
                                                std::max(settings.latencyMinMs, settings.latencyMaxMs));
    return draw(rng);
  }

  BillingAnswer invoice(const std::string& tenant, const std::string& number) {
    const auto found = book.find(tenant, number);
    if (!found) return {Status::HTTP_INTERNAL_SERVER_ERROR, errorBody("invoices_file", found.error()), "500"};
    if (!*found) return {Status::HTTP_NOT_FOUND, errorBody("not_found"), "404"};
    return {Status::HTTP_OK, stringify(toJson(**found))};
  }

  BillingAnswer list(const std::string& tenant, const std::string& customerId) {
    const auto found = book.list(tenant, customerId);
    if (!found) return {Status::HTTP_INTERNAL_SERVER_ERROR, errorBody("invoices_file", found.error()), "500"};
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& invoice : *found) items->add(toJson(invoice));
    Poco::JSON::Object out;
    out.set("items", items);
    return {Status::HTTP_OK, stringify(Poco::Dynamic::Var(out))};
  }

  BillingAnswer add(const std::string& tenant, const std::string& body) {
    Poco::JSON::Object::Ptr object;
    try {
      const auto parsed = Poco::JSON::Parser().parse(body);
      if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
        object = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
    }
    const auto invoice = invoiceFromJson(object);
    if (!invoice)
      return {Status::HTTP_BAD_REQUEST,
              errorBody("invalid_invoice", object ? invoice.error() : "body is not a JSON object"), "400"};
    const auto stored = book.put(tenant, {*invoice});
    if (!stored)
      return {Status::HTTP_INTERNAL_SERVER_ERROR, errorBody("invoices_file", stored.error()), "500"};
    return {Status::HTTP_CREATED, stringify(toJson(*invoice))};
  }

  // /v1/tenants/{tenantId}/invoices[/{invoiceNumber}]
  BillingAnswer route(const BillingRequest& r) {
    const auto& s = r.segments;
    const bool invoices = s.size() >= 4 && s.size() <= 5 && s[0] == "v1" && s[1] == "tenants" &&
                          !s[2].empty() && s[3] == "invoices";
    if (!invoices) return {Status::HTTP_NOT_FOUND, errorBody("not_found"), "404"};
    const std::string& tenant = s[2];
    if (s.size() == 5) {
      if (r.method != "GET") return {Status::HTTP_METHOD_NOT_ALLOWED, errorBody("method_not_allowed"), "405"};
      return invoice(tenant, s[4]);
    }
    if (r.method == "GET") return list(tenant, r.queryValue("customerId"));
    if (r.method == "POST") return add(tenant, r.body);
    return {Status::HTTP_METHOD_NOT_ALLOWED, errorBody("method_not_allowed"), "405"};
  }

  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    ++requests;
    BillingRequest r;
    r.method = request.getMethod();
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    auto send = [&](const BillingAnswer& a) {
      response.setStatusAndReason(a.status);
      response.setContentType("application/json");
      response.set("X-Mock-Outcome", a.outcome);
      response.setContentLength(static_cast<std::streamsize>(a.body.size()));
      response.send() << a.body;
    };
    try {
      const Poco::URI uri(request.getURI());
      uri.getPathSegments(r.segments);
      r.query = uri.getQueryParameters();
    } catch (const Poco::Exception& e) {
      return send({Status::HTTP_BAD_REQUEST, errorBody("bad_uri", e.displayText()), "400"});
    }
    if (r.segments.size() == 1 && r.segments[0] == "healthz")
      return send({Status::HTTP_OK, R"({"status":"ok"})"});

    const std::string fault = faultFor(request);
    if (fault == "timeout") {
      server.hang(request, kMaxHang);
      return send({Status::HTTP_SERVICE_UNAVAILABLE, errorBody("timeout"), "timeout"});
    }
    const int64_t delay = latencyMs() + (fault == "slow" ? settings.slowMs : 0);
    if (!server.pause(delay))
      return send({Status::HTTP_SERVICE_UNAVAILABLE, errorBody("shutting_down"), "stopped"});
    if (fault == "500")
      return send(
          {Status::HTTP_INTERNAL_SERVER_ERROR, errorBody("internal_error", "mock billing failure"), "500"});
    BillingAnswer answer = route(r);
    if (fault == "slow" && answer.outcome == "ok") answer.outcome = "slow";
    send(answer);
  }
};

MockBillingServer::MockBillingServer(MockBillingSettings settings)
    : impl_(std::make_unique<Impl>(std::move(settings))) {}

MockBillingServer::~MockBillingServer() { stop(); }

void MockBillingServer::start() { impl_->server.start(); }

void MockBillingServer::stop() { impl_->server.stop(); }

uint16_t MockBillingServer::port() const { return impl_->server.port(); }

std::string MockBillingServer::baseUrl() const { return impl_->server.baseUrl(); }

uint64_t MockBillingServer::requestCount() const { return impl_->requests.load(); }

InvoiceBook& MockBillingServer::book() { return impl_->book; }

void MockBillingServer::forceFault(const std::string& fault) {
  std::lock_guard lock(impl_->faultMutex);
  impl_->forcedFault = fault;
}

}  // namespace vb
