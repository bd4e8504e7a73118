// vendorA / vendorB plugins: request mapping, reply normalisation and error
// classification with canned answers, then end to end against the real mock
// vendors over loopback.
#include <gtest/gtest.h>

#include "plugin_harness.h"
#include "poco_http.h"
#include "testdoubles/mockvendors/mock_vendor_server.h"

using namespace vbtest;

namespace {

struct VendorCase {
  const char* name;
  const char* file;
  const char* path;
  const char* goodBody;    // a well-formed text answer: "Hello there", 12 in, 3 out
  const char* toolBody;    // a tool-call answer for InvoiceLookup {"invoiceNumber":"INV-1001"}
  const char* wrongShape;  // valid JSON, wrong fields
};

const VendorCase kA{
    "vendorA",
    "libvb_vendor_a.so",
    "/v1/chat",
    R"({"outputText":"Hello there","tokensIn":12,"tokensOut":3,"latencyMs":7})",
    R"({"toolCall":{"name":"InvoiceLookup","arguments":{"invoiceNumber":"INV-1001"}},"tokensIn":12,"tokensOut":3,"latencyMs":7})",
    R"({"output":"Hello","tokens":3})"};
const VendorCase kB{
    "vendorB",
    "libvb_vendor_b.so",
    "/v1/messages",
    R"({"choices":[{"message":{"content":"Hello there"}}],"usage":{"input_tokens":12,"output_tokens":3}})",
    R"({"choices":[{"message":{"content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"InvoiceLookup","arguments":"{\"invoiceNumber\":\"INV-1001\"}"}}]}}],"usage":{"input_tokens":12,"output_tokens":3}})",
    R"({"choices":[],"usage":{"input_tokens":1,"output_tokens":1}})"};

const std::string kRequest =
    R"({"system":"You are Acme's billing agent.","messages":[{"role":"user","content":"Hi, what is my balance?"}],
        "tools":[{"name":"InvoiceLookup","description":"Find invoices","parameters":{"type":"object"}}]})";

class VendorPluginTest : public ::testing::TestWithParam<VendorCase> {
 protected:
  FakeHost host;
  std::unique_ptr<Plugin> plugin;
  void SetUp() override {
    plugin = std::make_unique<Plugin>(GetParam().file, host.api(), R"({"baseUrl":"http://vendor.test:9/"})");
    ASSERT_EQ(plugin->createStatus, VB_OK) << plugin->createError.message;
  }
  CallResult answer(int status, std::string body, std::map<std::string, std::string> headers = {}) {
    host.canned = Canned{status, std::move(body), std::move(headers)};
    return plugin->chat(kRequest);
  }
};

TEST_P(VendorPluginTest, DescriptorNamesTheVendor) {
  EXPECT_EQ(s(plugin->descriptor->name), GetParam().name);
  EXPECT_EQ(plugin->descriptor->kind, VB_KIND_VENDOR);
  EXPECT_EQ(s(plugin->descriptor->version), "1.0.0");
  ASSERT_NE(plugin->descriptor->vendor, nullptr);
}

TEST_P(VendorPluginTest, CreateRefusesMissingBaseUrl) {
  Plugin bad(GetParam().file, host.api(), "{}");
  EXPECT_EQ(bad.createStatus, VB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(bad.createError.message).find("baseUrl"), std::string::npos);
}

TEST_P(VendorPluginTest, SendsTheVendorFormatWithBudgetAndRequestId) {
  host.canned = Canned{200, GetParam().goodBody, {}};
  const auto r = plugin->chat(kRequest, 1234, "req-42");
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  ASSERT_EQ(host.sent.size(), 1u);
  const auto& sent = host.sent[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string("http://vendor.test:9") + GetParam().path);
  EXPECT_EQ(sent.headers.at("X-Request-Id"), "req-42");
  EXPECT_EQ(sent.timeoutMs, 1234u);
  const auto body = json::parse(sent.body);
  EXPECT_EQ(body["system"], "You are Acme's billing agent.");
  if (std::string(GetParam().name) == "vendorA") {
    EXPECT_EQ(body["messages"][0]["text"], "Hi, what is my balance?");
    EXPECT_EQ(body["tools"][0]["name"], "InvoiceLookup");
  } else {
    EXPECT_EQ(body["messages"][0]["content"], "Hi, what is my balance?");
    EXPECT_EQ(body["tools"][0]["type"], "function");
    EXPECT_EQ(body["tools"][0]["function"]["name"], "InvoiceLookup");
    EXPECT_TRUE(body["model"].is_string());
  }
}

TEST_P(VendorPluginTest, NormalisesATextAnswer) {
  const auto r = answer(200, GetParam().goodBody);
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto out = r.outJson();
  EXPECT_EQ(out["text"], "Hello there");
  EXPECT_EQ(out["tokensIn"], 12);
  EXPECT_EQ(out["tokensOut"], 3);
  EXPECT_EQ(out["httpStatus"], 200);
  EXPECT_TRUE(out["toolCalls"].is_array() && out["toolCalls"].empty());
  EXPECT_TRUE(out["vendorLatencyMs"].is_number_integer());
}

TEST_P(VendorPluginTest, NormalisesAToolCall) {
  const auto r = answer(200, GetParam().toolBody);
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto out = r.outJson();
  ASSERT_EQ(out["toolCalls"].size(), 1u);
  EXPECT_EQ(out["toolCalls"][0]["name"], "InvoiceLookup");
  EXPECT_EQ(out["toolCalls"][0]["arguments"], json({{"invoiceNumber", "INV-1001"}}));
  EXPECT_FALSE(out["toolCalls"][0]["id"].get<std::string>().empty());
}

TEST_P(VendorPluginTest, CarriesAToolRoundInTheVendorsFormat) {
  host.canned = Canned{200, GetParam().goodBody, {}};
  const json request = {
      {"system", "Billing agent"},
      {"messages",
       json::array({{{"role", "user"}, {"content", "Look up invoice INV-1001"}},
                    {{"role", "assistant"},
                     {"content", ""},
                     {"toolCalls", json::array({{{"id", "call_7"},
                                                 {"name", "InvoiceLookup"},
                                                 {"arguments", {{"invoiceNumber", "INV-1001"}}}}})}},
                    {{"role", "tool"},
                     {"toolCallId", "call_7"},
                     {"name", "InvoiceLookup"},
                     {"content", R"({"found":true,"summary":"Invoice INV-1001 …"})"}}})}};
  const auto r = plugin->chat(request.dump());
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto body = json::parse(host.sent.at(0).body);
  const auto& assistant = body["messages"][1];
  const auto& tool = body["messages"][2];
  EXPECT_EQ(assistant["role"], "assistant");
  EXPECT_EQ(tool["role"], "tool");
  EXPECT_EQ(tool["name"], "InvoiceLookup");
  if (std::string(GetParam().name) == "vendorA") {
    EXPECT_EQ(assistant["toolCall"],
              json({{"name", "InvoiceLookup"}, {"arguments", {{"invoiceNumber", "INV-1001"}}}}));
    EXPECT_EQ(tool["text"], R"({"found":true,"summary":"Invoice INV-1001 …"})");
    EXPECT_EQ(tool["toolCallId"], "call_7");
  } else {
    EXPECT_EQ(assistant["tool_calls"][0]["id"], "call_7");
    EXPECT_EQ(assistant["tool_calls"][0]["type"], "function");
    EXPECT_EQ(assistant["tool_calls"][0]["function"]["name"], "InvoiceLookup");
    EXPECT_EQ(json::parse(assistant["tool_calls"][0]["function"]["arguments"].get<std::string>()),
              json({{"invoiceNumber", "INV-1001"}}));
    EXPECT_EQ(tool["content"], R"({"found":true,"summary":"Invoice INV-1001 …"})");
    EXPECT_EQ(tool["tool_call_id"], "call_7");
  }
}

TEST_P(VendorPluginTest, ServerErrorIsTransient) {
  const auto r = answer(500, R"({"error":"internal_error"})");
  EXPECT_EQ(r.status, VB_UNAVAILABLE);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TRANSIENT);
  EXPECT_EQ(r.error.http_status, 500);
  EXPECT_EQ(answer(503, "").status, VB_UNAVAILABLE);
}

TEST_P(VendorPluginTest, RateLimitTakesRetryAfterFromBody) {
  const auto r = answer(429, R"({"error":"rate_limited","retryAfterMs":250})", {{"Retry-After", "1"}});
  EXPECT_EQ(r.status, VB_RESOURCE_EXHAUSTED);
  EXPECT_EQ(r.error.error_class, VB_ERROR_RATE_LIMITED);
  EXPECT_EQ(r.error.http_status, 429);
  EXPECT_EQ(r.error.retry_after_ms, 250);
}

TEST_P(VendorPluginTest, RateLimitFallsBackToRetryAfterHeader) {
  const auto r = answer(429, "slow down", {{"Retry-After", "2"}});
  EXPECT_EQ(r.status, VB_RESOURCE_EXHAUSTED);
  EXPECT_EQ(r.error.retry_after_ms, 2000);
  EXPECT_EQ(answer(429, "").error.retry_after_ms, -1);
}

TEST_P(VendorPluginTest, ClientErrorsAreNotRetried) {
  for (int status : {400, 404, 422}) {
    const auto r = answer(status, R"({"error":"invalid_request"})");
    EXPECT_EQ(r.status, VB_INVALID_ARGUMENT) << status;
    EXPECT_EQ(r.error.error_class, VB_ERROR_INVALID_REQUEST) << status;
    EXPECT_EQ(r.error.http_status, status);
  }
  for (int status : {401, 403}) {
    const auto r = answer(status, "");
    EXPECT_EQ(r.status, VB_PERMISSION_DENIED) << status;
    EXPECT_EQ(r.error.error_class, VB_ERROR_AUTH) << status;
  }
}

TEST_P(VendorPluginTest, MalformedAnswerIsPermanent) {
  for (const std::string& body : {std::string(R"({"choices": [{"mess)"), std::string(GetParam().wrongShape),
                                  std::string("[1,2]"), std::string()}) {
    const auto r = answer(200, body);
    EXPECT_EQ(r.status, VB_INTERNAL) << body;
    EXPECT_EQ(r.error.error_class, VB_ERROR_PERMANENT) << body;
  }
}

TEST_P(VendorPluginTest, TransportFailuresKeepTheirClass) {
  host.canned = Canned{0, "", {}, VB_DEADLINE_EXCEEDED, VB_ERROR_TIMEOUT};
  auto r = plugin->chat(kRequest);
  EXPECT_EQ(r.status, VB_DEADLINE_EXCEEDED);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TIMEOUT);
  // A host that leaves the class unset still yields a retryable class.
  host.canned = Canned{0, "", {}, VB_UNAVAILABLE, VB_ERROR_NONE};
  r = plugin->chat(kRequest);
  EXPECT_EQ(r.status, VB_UNAVAILABLE);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TRANSIENT);
}

TEST_P(VendorPluginTest, BadNormalisedRequestIsInvalid) {
  for (const std::string& request : {std::string("not json"), std::string(R"({"messages":3})"),
                                     std::string(R"({"messages":[{"content":"no role"}]})")}) {
    const auto r = plugin->chat(request);
    EXPECT_EQ(r.status, VB_INVALID_ARGUMENT) << request;
    EXPECT_EQ(r.error.error_class, VB_ERROR_INVALID_REQUEST) << request;
  }
  EXPECT_TRUE(host.sent.empty());
}

// vendorA's wire has no tool-call ids; the adapter's ids must still differ
// between the rounds of one turn (same request id) and repeat on a retry.
TEST(VendorAPlugin, ToolCallIdsDifferPerRoundAndRepeatOnRetry) {
  FakeHost host;
  Plugin plugin(kA.file, host.api(), R"({"baseUrl":"http://vendor.test:9"})");
  ASSERT_EQ(plugin.createStatus, VB_OK) << plugin.createError.message;
  host.canned = Canned{200, kA.toolBody, {}};
  json request = json::parse(kRequest);
  const auto first = plugin.chat(request.dump(), 5000, "req-9").outJson()["toolCalls"][0];
  EXPECT_EQ(plugin.chat(request.dump(), 5000, "req-9").outJson()["toolCalls"][0]["id"], first["id"]);
  request["messages"].push_back(
      {{"role", "assistant"}, {"content", ""}, {"toolCalls", json::array({first})}});
  request["messages"].push_back({{"role", "tool"}, {"toolCallId", first["id"]}, {"content", "{}"}});
  const auto second = plugin.chat(request.dump(), 5000, "req-9").outJson()["toolCalls"][0];
  EXPECT_NE(second["id"], first["id"]);
}

INSTANTIATE_TEST_SUITE_P(Vendors, VendorPluginTest, ::testing::Values(kA, kB),
                         [](const auto& info) { return std::string(info.param.name); });

// ------------------------------------------------------------ over real HTTP

class VendorOverHttpTest : public ::testing::TestWithParam<VendorCase> {
 protected:
  std::unique_ptr<vb::MockVendorServer> server;
  FakeHost host;
  std::map<std::string, std::string> extra;  // headers the test adds (X-Mock-Fault)
  std::unique_ptr<Plugin> plugin;

  void SetUp() override { startServer(42); }

  void startServer(uint64_t seed) {
    plugin.reset();
    vb::MockVendorSettings settings;
    settings.zero = true;
    settings.seed = seed;
    settings.retryAfterMs = 300;
    server =
        std::make_unique<vb::MockVendorServer>(vb::MockVendorServer::kindFromName(GetParam().name), settings);
    server->start();
    host.handler = [this](const SentRequest& sr) { return forwardOverHttp(sr, extra); };
    plugin =
        std::make_unique<Plugin>(GetParam().file, host.api(), json({{"baseUrl", server->baseUrl()}}).dump());
    ASSERT_EQ(plugin->createStatus, VB_OK) << plugin->createError.message;
  }
};

TEST_P(VendorOverHttpTest, AnswersWithTextAndTokens) {
  const auto r =
      plugin->chat(R"({"system":"You are helpful.","messages":[{"role":"user","content":"Hello there"}]})");
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto out = r.outJson();
  const std::string text = out["text"];
  EXPECT_NE(text.find("Re: Hello there"), std::string::npos) << text;
  EXPECT_NE(text.find(GetParam().name), std::string::npos) << text;
  // ceil((16 + 11) / 4) = 7 tokens of input.
  EXPECT_EQ(out["tokensIn"], 7);
  EXPECT_GT(out["tokensOut"].get<int>(), 0);
  EXPECT_EQ(server->requestCount(), 1u);
}

TEST_P(VendorOverHttpTest, ForcedFaultsAreClassified) {
  const std::string request = R"({"system":"","messages":[{"role":"user","content":"hi"}]})";
  extra["X-Mock-Fault"] = "500";
  auto r = plugin->chat(request);
  EXPECT_EQ(r.status, VB_UNAVAILABLE);
  EXPECT_EQ(r.error.http_status, 500);
  extra["X-Mock-Fault"] = "429";
  r = plugin->chat(request);
  EXPECT_EQ(r.status, VB_RESOURCE_EXHAUSTED);
  EXPECT_EQ(r.error.retry_after_ms, 300);
  extra["X-Mock-Fault"] = "malformed";
  for (int i = 0; i < 2; ++i) {  // both kinds of broken body
    r = plugin->chat(request);
    EXPECT_EQ(r.status, VB_INTERNAL);
    EXPECT_EQ(r.error.error_class, VB_ERROR_PERMANENT);
  }
  extra["X-Mock-Fault"] = "timeout";
  const auto started = std::chrono::steady_clock::now();
  r = plugin->chat(request, 300);
  EXPECT_EQ(r.status, VB_DEADLINE_EXCEEDED);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TIMEOUT);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_P(VendorOverHttpTest, ConnectionRefusedIsTransient) {
  const std::string url = server->baseUrl();
  server->stop();
  const auto r = plugin->chat(R"({"system":"","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(r.status, VB_UNAVAILABLE);
  EXPECT_EQ(r.error.error_class, VB_ERROR_TRANSIENT);
}

TEST_P(VendorOverHttpTest, ToolCallRoundTrip) {
  const json tools =
      json::array({{{"name", "WeatherNow"}, {"description", "weather"}, {"parameters", json::object()}},
                   {{"name", "InvoiceLookup"}, {"description", "invoices"}, {"parameters", json::object()}}});
  json request = {
      {"system", "Billing agent"},
      {"messages", json::array({{{"role", "user"}, {"content", "Can you find invoice INV-1003?"}}})},
      {"tools", tools}};
  auto r = plugin->chat(request.dump());
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  auto out = r.outJson();
  ASSERT_EQ(out["toolCalls"].size(), 1u) << out.dump();
  const auto call = out["toolCalls"][0];
  EXPECT_EQ(call["name"], "InvoiceLookup");
  EXPECT_EQ(call["arguments"], json({{"invoiceNumber", "INV-1003"}}));

  request["messages"].push_back({{"role", "assistant"}, {"content", ""}, {"toolCalls", json::array({call})}});
  request["messages"].push_back(
      {{"role", "tool"}, {"toolCallId", call["id"]}, {"content", "INV-1003: $120.00 due 2026-12-01"}});
  r = plugin->chat(request.dump());
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  out = r.outJson();
  EXPECT_TRUE(out["toolCalls"].empty());
  EXPECT_EQ(out["text"], "Here is what I found: INV-1003: $120.00 due 2026-12-01");

  // A tool's JSON result is answered with its summary as a sentence, not quoted raw.
  request["messages"].back()["content"] =
      json{{"invoices", json::array()}, {"summary", "INV-1003: $120.00 due 2026-12-01"}}.dump();
  r = plugin->chat(request.dump());
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  EXPECT_EQ(r.outJson()["text"], "INV-1003: $120.00 due 2026-12-01.");
}

TEST_P(VendorOverHttpTest, DeterministicForASeed) {
  const std::string request =
      R"({"system":"Be brief and kind.","messages":[{"role":"user","content":"Tell me a thing"}]})";
  const auto first = plugin->chat(request).outJson();
  const auto again = plugin->chat(request).outJson();
  startServer(42);  // a fresh server with the same seed
  const auto fresh = plugin->chat(request).outJson();
  EXPECT_EQ(first["text"], again["text"]);
  EXPECT_EQ(first["text"], fresh["text"]);
  EXPECT_EQ(first["tokensOut"], fresh["tokensOut"]);
}

INSTANTIATE_TEST_SUITE_P(Vendors, VendorOverHttpTest, ::testing::Values(kA, kB),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
