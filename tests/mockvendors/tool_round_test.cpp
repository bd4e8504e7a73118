// The mock vendors' side of the host's tool loop, in both wire formats over
// real HTTP: a tool call whose arguments come from the user's words, a final
// answer built from the tool's result (found, not found, failed), and the
// "[keep calling tools]" phrase that makes every answer another tool call.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "testdoubles/mockvendors/mock_vendor_server.h"

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

Object::Ptr parseObject(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

// One message of a conversation, independent of the wire format.
struct Message {
  std::string role;
  std::string text;
  std::string toolName;       // assistant: the tool it called; tool: whose result this is
  std::string toolArguments;  // assistant: the call's arguments (JSON text)
  std::string toolCallId;
};

// What the vendor answered, independent of the wire format.
struct Answer {
  int status = 0;
  std::string text;
  std::string toolName;
  Object::Ptr toolArguments;
  std::string toolCallId;
  int64_t tokensOut = 0;
  std::string raw;
};

class ToolRoundTest : public ::testing::TestWithParam<vb::MockVendorKind> {
 protected:
  void SetUp() override {
    vb::MockVendorSettings settings;
    settings.zero = true;
    server_ = std::make_unique<vb::MockVendorServer>(GetParam(), settings);
    server_->start();
  }

  bool isA() const { return GetParam() == vb::MockVendorKind::VendorA; }

  std::string body(const std::vector<Message>& messages, const std::vector<std::string>& tools) const {
    Object root;
    root.set("system", "You are Acme's billing agent.");
    if (!isA()) root.set("model", "mock-b-1");
    Array::Ptr wire = new Array;
    for (const auto& m : messages) {
      Object::Ptr w = new Object;
      w->set("role", m.role);
      w->set(isA() ? "text" : "content", m.text);
      if (m.role == "assistant" && !m.toolName.empty()) {
        if (isA()) {
          Object::Ptr call = new Object;
          call->set("name", m.toolName);
          call->set("arguments", parseObject(m.toolArguments));
          w->set("toolCall", call);
        } else {
          Object::Ptr fn = new Object;
          fn->set("name", m.toolName);
          fn->set("arguments", m.toolArguments);
          Object::Ptr call = new Object;
          call->set("id", m.toolCallId);
          call->set("type", "function");
          call->set("function", fn);
          Array::Ptr calls = new Array;
          calls->add(call);
          w->set("tool_calls", calls);
        }
      }
      if (m.role == "tool") {
        w->set("name", m.toolName);
        w->set(isA() ? "toolCallId" : "tool_call_id", m.toolCallId);
      }
      wire->add(w);
    }
    root.set("messages", wire);
    if (!tools.empty()) {
      Array::Ptr offered = new Array;
      for (const auto& name : tools) {
        Object::Ptr t = new Object;
        t->set("name", name);
        t->set("description", "a tool");
        t->set("parameters", Object::Ptr(new Object));
        if (isA()) {
          offered->add(t);
        } else {
          Object::Ptr fn = new Object;
          fn->set("type", "function");
          fn->set("function", t);
          offered->add(fn);
        }
      }
      root.set("tools", offered);
    }
    return stringify(Poco::Dynamic::Var(root));
  }

  Answer send(const std::vector<Message>& messages,
              const std::vector<std::string>& tools = {"InvoiceLookup"}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    session.setTimeout(Poco::Timespan(10, 0));
    const std::string payload = body(messages, tools);
    Poco::Net::HTTPRequest request("POST", isA() ? "/v1/chat" : "/v1/messages",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(payload.size()));
    session.sendRequest(request) << payload;
    Poco::Net::HTTPResponse response;
    Answer a;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), a.raw);
    a.status = response.getStatus();
    if (a.status != 200) return a;
    const auto root = parseObject(a.raw);
    if (isA()) {
      a.tokensOut = root->getValue<int64_t>("tokensOut");
      if (const auto call = root->getObject("toolCall")) {
        a.toolName = call->getValue<std::string>("name");
        a.toolArguments = call->getObject("arguments");
      } else {
        a.text = root->getValue<std::string>("outputText");
      }
      return a;
    }
    a.tokensOut = root->getObject("usage")->getValue<int64_t>("output_tokens");
    const auto message = root->getArray("choices")->getObject(0)->getObject("message");
    if (const auto calls = message->getArray("tool_calls")) {
      const auto call = calls->getObject(0);
      a.toolCallId = call->getValue<std::string>("id");
      a.toolName = call->getObject("function")->getValue<std::string>("name");
      a.toolArguments = parseObject(call->getObject("function")->getValue<std::string>("arguments"));
    } else {
      a.text = message->getValue<std::string>("content");
    }
    return a;
  }

  // The conversation after one tool round: the user asked, the assistant
  // called InvoiceLookup with `arguments`, the tool answered `result`.
  static std::vector<Message> afterToolRound(const std::string& asked, const std::string& arguments,
                                             const std::string& result) {
    return {{"user", asked, "", "", ""},
            {"assistant", "", "InvoiceLookup", arguments, "call_1"},
            {"tool", result, "InvoiceLookup", "", "call_1"}};
  }

  std::unique_ptr<vb::MockVendorServer> server_;
};

const std::string kFoundResult =
    R"({"found":true,"invoice":{"invoiceNumber":"INV-1001","customerId":"cust-7","amountCents":12540,)"
    R"("currency":"USD","status":"open","dueDate":"2026-12-15"},)"
    R"("summary":"Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open"})";

TEST_P(ToolRoundTest, FinalAnswerIsTheToolResultsSummary) {
  const auto a = send(
      afterToolRound("Can you look up invoice INV-1001?", R"({"invoiceNumber":"INV-1001"})", kFoundResult));
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_TRUE(a.toolName.empty()) << a.raw;
  EXPECT_EQ(a.text, "Invoice INV-1001 for cust-7 is $125.40, due 2026-12-15, status open.");
  EXPECT_EQ(a.tokensOut, static_cast<int64_t>((a.text.size() + 3) / 4));  // tokens follow the text
}

TEST_P(ToolRoundTest, NotFoundResultSaysWhatWasNotFound) {
  struct Case {
    const char* arguments;
    const char* result;
    const char* expected;
  };
  const Case cases[] = {
      // The host's form of VB_NOT_FOUND.
      {R"({"invoiceNumber":"INV-2001"})", R"({"error":"not_found","message":"no invoice INV-2001"})",
       "I could not find invoice INV-2001."},
      {R"({"invoiceNumber":"INV-2001"})", R"({"found":false})", "I could not find invoice INV-2001."},
      {R"({"customerId":"cust-99"})", R"({"error":"not_found"})",
       "I could not find any invoices for customer cust-99."},
      {R"({"invoiceNumber":"INV-2001"})", "invoice not found", "I could not find invoice INV-2001."},
  };
  for (const auto& c : cases) {
    const auto a = send(afterToolRound("Where is invoice INV-2001?", c.arguments, c.result));
    ASSERT_EQ(a.status, 200) << a.raw;
    EXPECT_EQ(a.text, c.expected) << c.result;
  }
}

TEST_P(ToolRoundTest, FailedToolResultGetsAnApologyNeverAnEmptyAnswer) {
  for (const std::string result :
       {R"({"error":"timeout","message":"InvoiceLookup took too long"})",
        R"({"error":{"class":"transient","message":"HTTP 500"}})", R"({"status":"not_enabled"})"}) {
    const auto a = send(afterToolRound("invoice INV-1001?", R"({"invoiceNumber":"INV-1001"})", result));
    ASSERT_EQ(a.status, 200) << a.raw;
    EXPECT_TRUE(a.toolName.empty());
    EXPECT_EQ(a.text.rfind("Sorry, I could not look up invoice INV-1001 right now (", 0), 0u) << a.text;
  }
  const auto timeout =
      send(afterToolRound("invoice INV-1001?", R"({"invoiceNumber":"INV-1001"})", R"({"error":"timeout"})"));
  EXPECT_EQ(timeout.text, "Sorry, I could not look up invoice INV-1001 right now (timeout).");
}

TEST_P(ToolRoundTest, ToolCallArgumentsComeFromTheUsersWords) {
  struct Case {
    const char* said;
    const char* key;
    const char* value;
  };
  const Case cases[] = {
      {"Can you look up invoice INV-1001?", "invoiceNumber", "INV-1001"},
      {"invoice one zero zero one", "invoiceNumber", "INV-1001"},  // as the voice channel transcribes it
      {"What does customer cust-7 owe?", "customerId", "cust-7"},
      {"List the invoices of customer cust-8", "customerId", "cust-8"},
  };
  for (const auto& c : cases) {
    const auto a = send({{"user", c.said, "", "", ""}}, {"WeatherNow", "InvoiceLookup"});
    ASSERT_EQ(a.status, 200) << a.raw;
    ASSERT_EQ(a.toolName, "InvoiceLookup") << c.said << ": " << a.raw;
    ASSERT_TRUE(a.toolArguments);
    EXPECT_EQ(a.toolArguments->size(), 1u) << c.said;
    EXPECT_EQ(a.toolArguments->optValue<std::string>(c.key, ""), c.value) << c.said;
  }
  // Without tools on offer the same question gets text.
  const auto noTools = send({{"user", "Can you look up invoice INV-1001?", "", "", ""}}, {});
  EXPECT_TRUE(noTools.toolName.empty());
  EXPECT_FALSE(noTools.text.empty());
}

TEST_P(ToolRoundTest, KeepCallingToolsPhraseMakesEveryAnswerAToolCall) {
  std::vector<Message> conversation{{"user", "[keep calling tools] invoice INV-1001", "", "", ""}};
  for (int round = 0; round < 4; ++round) {
    const auto a = send(conversation);
    ASSERT_EQ(a.status, 200) << a.raw;
    ASSERT_EQ(a.toolName, "InvoiceLookup") << "round " << round << ": " << a.raw;
    EXPECT_EQ(a.toolArguments->optValue<std::string>("invoiceNumber", ""), "INV-1001");
    const std::string id = "call_" + std::to_string(round);
    conversation.push_back({"assistant", "", a.toolName, stringify(a.toolArguments), id});
    conversation.push_back({"tool", kFoundResult, "InvoiceLookup", "", id});
  }
  // Even when no tool is offered.
  const auto bare = send(conversation, {});
  EXPECT_EQ(bare.toolName, "InvoiceLookup") << bare.raw;
}

TEST_P(ToolRoundTest, SameRequestSameAnswer) {
  const std::vector<Message> ask{{"user", "Can you look up invoice INV-1001?", "", "", ""}};
  const auto first = send(ask);
  const auto again = send(ask);
  EXPECT_EQ(first.toolName, again.toolName);
  EXPECT_EQ(first.toolCallId, again.toolCallId);
  const auto done =
      afterToolRound("Can you look up invoice INV-1001?", R"({"invoiceNumber":"INV-1001"})", kFoundResult);
  EXPECT_EQ(send(done).text, send(done).text);
}

INSTANTIATE_TEST_SUITE_P(Vendors, ToolRoundTest,
                         ::testing::Values(vb::MockVendorKind::VendorA, vb::MockVendorKind::VendorB),
                         [](const auto& info) { return vb::MockVendorServer::nameOf(info.param); });

}  // namespace
