#include "testdoubles/mockvendors/mock_vendor_server.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

#include "testdoubles/loopback/loopback_server.h"
#include "testdoubles/mockvendors/vendor_reply.h"
#include "testdoubles/mockvendors/vendor_wire.h"

namespace vb {

namespace {

// A forced "timeout" hangs at most this long, so a client without a timeout
// does not pin a server thread forever.
constexpr auto kMaxHang = std::chrono::seconds(60);

int64_t tokensOf(size_t chars) { return static_cast<int64_t>((chars + 3) / 4); }

}  // namespace

// ------------------------------------------------------------------ settings

MockVendorSettings MockVendorSettings::defaults(const std::string& name) {
  MockVendorSettings s;
  if (name == "vendorA") {
    s.failureRate = 0.10;
    s.slowRate = 0.05;
  } else if (name == "vendorB") {
    s.seed = 43;
    s.rateLimitRate = 0.08;
  }
  return s;
}

MockVendorSettings MockVendorSettings::fromJson(const Poco::JSON::Object::Ptr& section,
                                                const std::string& name) {
  MockVendorSettings s = defaults(name);
  if (!section) return s;
  s.host = section->optValue<std::string>("host", s.host);
  const auto v = section->getObject(name);
  if (!v) return s;
  s.port = static_cast<uint16_t>(v->optValue<int>("port", s.port));
  s.seed = v->optValue<uint64_t>("seed", s.seed);
  s.failureRate = v->optValue<double>("failureRate", s.failureRate);
  s.rateLimitRate = v->optValue<double>("rateLimitRate", s.rateLimitRate);
  s.retryAfterMs = v->optValue<int64_t>("retryAfterMs", s.retryAfterMs);
  s.slowRate = v->optValue<double>("slowRate", s.slowRate);
  s.slowMs = v->optValue<int64_t>("slowMs", s.slowMs);
  s.zero = v->optValue<bool>("zero", s.zero);
  s.maxThreads = std::max(2, v->optValue<int>("maxThreads", s.maxThreads));
  s.keepAliveMs = std::max<int64_t>(1, v->optValue<int64_t>("keepAliveMs", s.keepAliveMs));
  if (const auto lat = v->getObject("latencyMs")) {
    s.latencyMinMs = lat->optValue<int64_t>("min", s.latencyMinMs);
    s.latencyMaxMs = lat->optValue<int64_t>("max", s.latencyMinMs);
  } else if (v->has("latencyMs")) {
    s.latencyMinMs = s.latencyMaxMs = v->getValue<int64_t>("latencyMs");
  }
  return s;
}

// -------------------------------------------------------------------- server

struct MockVendorServer::Impl {
  MockVendorKind kind;
  MockVendorSettings settings;
  std::string name;

  std::mutex rngMutex;
  std::mt19937_64 rng;  // guarded by rngMutex

  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> malformedCounter{0};

  LoopbackServer server;

  Impl(MockVendorKind k, MockVendorSettings s)
      : kind(k),
        settings(std::move(s)),
        name(nameOf(k)),
        rng(settings.seed),
        server(LoopbackServerOptions{settings.host, settings.port, settings.maxThreads, settings.keepAliveMs},
               [this](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
                 handle(request, response);
               }) {}

  enum class Outcome { Ok, Error500, RateLimited, Slow, Timeout, Malformed };

  struct Decision {
    Outcome outcome = Outcome::Ok;
    int64_t delayMs = 0;
  };

  // One RNG sequence per server: the same seed and request order give the
  // same faults. Every request draws the same number of values so one fault
  // does not shift the rest of the sequence.
  Decision decide(const std::string& forced) {
    Decision d;
    if (!settings.zero) {
      std::lock_guard lock(rngMutex);
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      const double fault = unit(rng);
      const double slow = unit(rng);
      const double latency = unit(rng);
      if (fault < settings.failureRate)
        d.outcome = Outcome::Error500;
      else if (fault < settings.failureRate + settings.rateLimitRate)
        d.outcome = Outcome::RateLimited;
      else if (slow < settings.slowRate)
        d.outcome = Outcome::Slow;
      const int64_t span = std::max<int64_t>(0, settings.latencyMaxMs - settings.latencyMinMs);
      d.delayMs = settings.latencyMinMs + static_cast<int64_t>(latency * static_cast<double>(span + 1));
      d.delayMs = std::min(d.delayMs, std::max(settings.latencyMinMs, settings.latencyMaxMs));
    }
    if (forced == "500")
      d.outcome = Outcome::Error500;
    else if (forced == "429")
      d.outcome = Outcome::RateLimited;
    else if (forced == "slow")
      d.outcome = Outcome::Slow;
    else if (forced == "timeout")
      d.outcome = Outcome::Timeout;
    else if (forced == "malformed")
      d.outcome = Outcome::Malformed;
    if (d.outcome == Outcome::Slow) d.delayMs += settings.slowMs;
    return d;
  }

  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    ++requests;
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    response.setContentType("application/json");

    auto send = [&](Poco::Net::HTTPResponse::HTTPStatus status, const std::string& payload,
                    const char* outcome) {
      response.setStatusAndReason(status);
      response.set("X-Mock-Outcome", outcome);
      response.setContentLength(static_cast<std::streamsize>(payload.size()));
      response.send() << payload;
    };

    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    if (path == "/healthz") return send(Poco::Net::HTTPResponse::HTTP_OK, R"({"status":"ok"})", "ok");
    const std::string expected = kind == MockVendorKind::VendorA ? "/v1/chat" : "/v1/messages";
    // vendorB's format is OpenAI's chat completion, so it answers OpenAI's path
    // too: the benchmark points a peer gateway (Portkey) at it as its upstream.
    const bool openAiAlias = kind == MockVendorKind::VendorB && path == "/v1/chat/completions";
    if (path != expected && !openAiAlias)
      return send(Poco::Net::HTTPResponse::HTTP_NOT_FOUND, R"({"error":"not_found"})", "404");
    if (request.getMethod() != "POST")
      return send(Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, R"({"error":"method_not_allowed"})",
                  "405");

    const auto parsed = parseWireRequest(kind, body);
    if (!parsed) {
      Poco::JSON::Object err;
      err.set("error", "invalid_request");
      err.set("message", parsed.error());
      return send(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, jsonText(Poco::Dynamic::Var(err)), "400");
    }

    const Decision d = decide(request.get("X-Mock-Fault", ""));
    if (d.outcome == Outcome::Timeout) {
      server.hang(request, kMaxHang);
      return send(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, R"({"error":"timeout"})", "timeout");
    }
    if (!server.pause(d.delayMs))
      return send(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, R"({"error":"shutting_down"})",
                  "stopped");
    if (d.outcome == Outcome::Error500)
      return send(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR,
                  R"({"error":"internal_error","message":"mock vendor failure"})", "500");
    if (d.outcome == Outcome::RateLimited) {
      response.set("Retry-After", std::to_string((settings.retryAfterMs + 999) / 1000));
      return send(Poco::Net::HTTPResponse::HTTP_TOO_MANY_REQUESTS,
                  R"({"error":"rate_limited","retryAfterMs":)" + std::to_string(settings.retryAfterMs) + "}",
                  "429");
    }
    if (d.outcome == Outcome::Malformed) {
      // Alternate the two kinds of broken answer a client must survive.
      if (malformedCounter++ % 2 == 0)
        return send(Poco::Net::HTTPResponse::HTTP_OK, R"({"choices": [{"message": {"content": "trunc)",
                    "malformed");
      return send(Poco::Net::HTTPResponse::HTTP_OK, R"({"result":{"answer":42},"unexpected":true})",
                  "malformed");
    }

    const MockVendorReply reply = composeVendorReply(*parsed, name, settings.seed);
    size_t inChars = parsed->system.size();
    for (const auto& m : parsed->messages) inChars += m.text.size();
    WireAnswerFacts facts;
    facts.tokensIn = std::max<int64_t>(1, tokensOf(inChars));
    facts.tokensOut = std::max<int64_t>(
        1, tokensOf(reply.isToolCall() ? reply.toolName.size() + reply.toolArgumentsJson.size()
                                       : reply.text.size()));
    facts.latencyMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count();
    char id[32];
    std::snprintf(id, sizeof id, "call_%012llx",
                  static_cast<unsigned long long>(stableHash(body, settings.seed) & 0xffffffffffffULL));
    facts.toolCallId = id;
    send(Poco::Net::HTTPResponse::HTTP_OK, renderWireAnswer(kind, *parsed, reply, facts),
         d.outcome == Outcome::Slow ? "slow" : "ok");
  }
};

MockVendorKind MockVendorServer::kindFromName(const std::string& name) {
  if (name == "vendorA") return MockVendorKind::VendorA;
  if (name == "vendorB") return MockVendorKind::VendorB;
  throw std::invalid_argument("unknown mock vendor '" + name + "' (expected vendorA or vendorB)");
}

std::string MockVendorServer::nameOf(MockVendorKind kind) {
  return kind == MockVendorKind::VendorA ? "vendorA" : "vendorB";
}

MockVendorServer::MockVendorServer(MockVendorKind kind, MockVendorSettings settings)
    : impl_(std::make_unique<Impl>(kind, std::move(settings))) {}

MockVendorServer::~MockVendorServer() { stop(); }

void MockVendorServer::start() { impl_->server.start(); }

void MockVendorServer::stop() { impl_->server.stop(); }

uint16_t MockVendorServer::port() const { return impl_->server.port(); }

std::string MockVendorServer::baseUrl() const { return impl_->server.baseUrl(); }

uint64_t MockVendorServer::requestCount() const { return impl_->requests.load(); }

}  // namespace vb
