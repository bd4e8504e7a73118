// The voice channel with the real offline engines: Flite speaks a billing
// question, the host hears it with PocketSphinx and the agent's speech hints,
// runs the same billed turn as chat and answers with Flite's voice.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include "app/services.h"
#include "audio/audio_clip.h"
#include "pluginhost/plugin_registry.h"
#include "support/test_host.h"

namespace vb {
namespace {

using test::TestHost;

bool loaded(TestHost& host, const std::string& name) {
  for (const auto& plugin : host.gateway().plugins().list())
    if (plugin.name == name && plugin.status == "loaded") return true;
  return false;
}

TEST(RealSpeech, AFliteQuestionIsHeardByPocketSphinxAnsweredBilledAndSpokenBack) {
  TestHost host;
  if (!loaded(host, "pocketsphinx") || !loaded(host, "flite"))
    GTEST_SKIP() << "the real speech plugins are not built here";
  const auto tenant = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                                R"({"name":"Voice Co"})");
  const std::map<std::string, std::string> auth{
      {"Authorization", "Bearer " + tenant.json()->getObject("apiKey")->getValue<std::string>("key")}};
  const auto agent = host.call(
      "POST", "/v1/agents", auth,
      R"({"name":"Phone bot","primaryProvider":"vendorB","systemPrompt":"Answer briefly.","sttEngine":"pocketsphinx",)"
      R"("ttsEngine":"flite","speechHints":["what is the balance of invoice","invoice one zero zero one","balance",)"
      R"("when is my payment due","due date"]})");
  ASSERT_EQ(agent.status, 201) << agent.body;
  const auto session = host.call("POST", "/v1/sessions", auth,
                                 R"({"agentId":")" + agent.json()->getValue<std::string>("id") +
                                     R"(","customerId":"caller","channel":"voice"})");
  ASSERT_EQ(session.status, 201) << session.body;

  CallOptions call;
  call.tenantId = "test";
  auto spoken = host.gateway().plugins().synthesize("flite", "What is the balance of invoice one zero zero one",
                                                    R"({"voice":"slt"})", call);
  ASSERT_TRUE(spoken) << spoken.error().message;
  const auto answer = host.call("POST", "/v1/sessions/" + session.json()->getValue<std::string>("id") + "/voice",
                                auth, *spoken, "audio/wav");
  ASSERT_EQ(answer.status, 201) << answer.body;
  const auto turn = answer.json();
  const auto voice = turn->getObject("voice");
  const std::string transcript = voice->getValue<std::string>("transcript");
  for (const char* word : {"balance", "invoice", "one zero zero one"})
    EXPECT_NE(transcript.find(word), std::string::npos) << word << " not in: " << transcript;
  EXPECT_EQ(turn->getObject("userMessage")->getValue<std::string>("content"), transcript);
  EXPECT_EQ(voice->getValue<std::string>("sttEngine"), "pocketsphinx");
  EXPECT_EQ(voice->getValue<std::string>("ttsEngine"), "flite");
  EXPECT_FALSE(voice->getValue<std::string>("sttVersion").empty());
  EXPECT_GT(voice->getValue<int64_t>("outputDurationMs"), 300);

  // Billed like chat: tokens x vendorB's price, summed over the turn's vendor responses.
  const auto usage = turn->getObject("usage");
  const int64_t tokens = usage->getValue<int64_t>("tokensIn") + usage->getValue<int64_t>("tokensOut");
  EXPECT_EQ(usage->getObject("cost")->getValue<int64_t>("micros"), tokens * 3);

  const auto reply = host.call("GET", voice->getValue<std::string>("audioUrl"), auth);
  ASSERT_EQ(reply.status, 200);
  const auto info = probeWav(reply.body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->durationMs(), voice->getValue<int64_t>("outputDurationMs"));
}

}  // namespace
}  // namespace vb
