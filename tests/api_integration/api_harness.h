// The API acceptance tests' view of the real host: the same composition root
// and harness as every integration test (support/test_host.h: the Gateway on
// an ephemeral port, real plugins, real HTTP, a fresh SQLite file) with a
// scripted TurnRouter in place of the reliability pipeline, so turn outcomes
// (echo, failure, delay) are exact.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <thread>

#include "app/services.h"
#include "reliability/reliability_pipeline.h"
#include "store/database.h"
#include "support/test_host.h"

namespace vb::testing {

// Deterministic stand-in for the reliability pipeline: echoes the last user
// message; tokens follow the text. A message containing "please fail" fails
// every attempt (502, nothing billed); delayMs slows every call.
class ScriptedRouter final : public TurnRouter {
 public:
  std::atomic<int> delayMs{0};
  std::atomic<int> calls{0};

  std::string lastRequestJson() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lastRequest_;
  }

  Result<RoutedReply, RoutingFailure> run(const RoutePlan& plan, const ChatRequest& request) override {
    ++calls;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      lastRequest_ = request.requestJson;
    }
    if (delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs.load()));
    Poco::JSON::Parser parser;
    const auto root = parser.parse(request.requestJson).extract<Poco::JSON::Object::Ptr>();
    const auto messages = root->getArray("messages");
    const std::string last = messages->getObject(messages->size() - 1)->getValue<std::string>("content");
    AttemptRecord attempt;
    attempt.provider = plan.primary;
    attempt.startedAt = std::chrono::system_clock::now();
    attempt.requestId = request.requestId;
    if (last.find("please fail") != std::string::npos) {
      attempt.outcome = "http_500";
      attempt.httpStatus = 500;
      attempt.errorClass = "transient";
      RoutingFailure failure;
      failure.message = "scripted failure";
      failure.attempts = {attempt};
      if (plan.fallback) {
        AttemptRecord second = attempt;
        second.provider = *plan.fallback;
        second.attempt = 2;
        failure.attempts.push_back(second);
      }
      return unexpected(failure);
    }
    attempt.outcome = "ok";
    attempt.httpStatus = 200;
    RoutedReply reply;
    reply.provider = plan.primary;
    reply.reply.text = "You said: " + last;
    reply.reply.tokensIn = static_cast<int64_t>(request.requestJson.size() / 4);
    reply.reply.tokensOut = static_cast<int64_t>(reply.reply.text.size() / 4) + 1;
    reply.attempts = {attempt};
    return reply;
  }

 private:
  std::mutex mutex_;
  std::string lastRequest_;  // GUARDED_BY(mutex_)
};

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string contentType;
  std::map<std::string, std::string> headers;

  Poco::JSON::Object::Ptr json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  }
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline constexpr const char* kOperatorToken = "test-operator-token";

class ApiHarness {
 public:
  explicit ApiHarness(size_t maxBodyBytes = 64 * 1024)
      : host_(
            [maxBodyBytes](Poco::JSON::Object& config) {
              config.getObject("server")->set("maxBodyBytes", static_cast<Poco::UInt64>(maxBodyBytes));
              config.set("operatorToken", std::string(kOperatorToken));
              config.getObject("database")->set("readerSessions", 64);
              config.getObject("conversation")->set("contextMessages", 6);
            },
            GatewayOptions{&router, true}) {}

  HttpAnswer call(const std::string& method, const std::string& path, const std::string& apiKey = {},
                  const std::string& body = {}, const std::map<std::string, std::string>& headers = {}) const {
    Poco::Net::HTTPClientSession session("127.0.0.1", host_.port());
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!apiKey.empty()) request.set("Authorization", "Bearer " + apiKey);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST" || method == "PATCH") {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    // The whole body is sent, over-limit ones too: the edge drains a bounded
    // remainder before its 413, so a client still writing gets the answer.
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    HttpAnswer answer;
    answer.status = response.getStatus();
    answer.contentType = response.getContentType();
    for (const auto& [name, value] : response) answer.headers[name] = value;
    Poco::StreamCopier::copyToString(in, answer.body);
    return answer;
  }

  // A tenant via the operator route: {id, adminKey}.
  std::pair<std::string, std::string> createTenant(const std::string& name) const {
    const auto answer = call("POST", "/v1/tenants", {}, "{\"name\":\"" + name + "\"}", {{"X-Operator-Token", kOperatorToken}});
    const auto json = answer.json();
    return {json->getObject("tenant")->getValue<std::string>("id"),
            json->getObject("apiKey")->getValue<std::string>("key")};
  }

  std::string createKey(const std::string& adminKey, const std::string& role) const {
    return call("POST", "/v1/api-keys", adminKey, "{\"role\":\"" + role + "\"}").json()->getValue<std::string>("key");
  }

  std::string createAgent(const std::string& adminKey, const std::string& primary,
                          const std::string& fallback = {}) const {
    std::string body = "{\"name\":\"Agent\",\"primaryProvider\":\"" + primary + "\",\"systemPrompt\":\"Be brief.\"";
    if (!fallback.empty()) body += ",\"fallbackProvider\":\"" + fallback + "\"";
    body += "}";
    return call("POST", "/v1/agents", adminKey, body).json()->getValue<std::string>("id");
  }

  std::string createSession(const std::string& adminKey, const std::string& agentId) const {
    return call("POST", "/v1/sessions", adminKey, "{\"agentId\":\"" + agentId + "\",\"customerId\":\"cust-1\"}")
        .json()
        ->getValue<std::string>("id");
  }

  // Row counts of every tenant-owned table: "nothing changed" checks.
  std::map<std::string, int64_t> rowCounts() {
    std::map<std::string, int64_t> counts;
    host_.gateway().services().database->read([&](Transaction& tx) {
      for (const char* table : {"tenants", "api_keys", "agents", "sessions", "messages", "attempts", "usage_events",
                                "idempotency_keys"}) {
        Poco::Int64 n = 0;
        tx.session() << std::string("SELECT COUNT(*) FROM ") + table, Poco::Data::Keywords::into(n),
            Poco::Data::Keywords::now;
        counts[table] = n;
      }
    });
    return counts;
  }

  uint16_t port() const { return host_.port(); }

  // Declared before the host: the gateway routes turns through it.
  ScriptedRouter router;

 private:
  vb::test::TestHost host_;
};

}  // namespace vb::testing
