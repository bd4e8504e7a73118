// A voice turn goes through the same send() and lands in the request log
// filed under channel "voice".
#include <gtest/gtest.h>

#include <cmath>

#include "audio/audio_clip.h"
#include "operations_support.h"

namespace vb {
namespace {

using namespace ops_test;

// A 440 Hz tone: speech enough for the channel's silence check (the mock STT
// answers "audio of N ms").
std::string toneWav(int rate, int ms) {
  AudioClip clip;
  clip.sampleRate = rate;
  clip.samples.resize(static_cast<size_t>(rate) * ms / 1000);
  for (size_t i = 0; i < clip.samples.size(); ++i)
    clip.samples[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * 440.0 * i / rate));
  return encodeWavPcm16(clip);
}

TEST(VoiceRequestLog, AVoiceTurnIsLoggedWithChannelVoice) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto agent =
      host.call("POST", "/v1/agents", bearer(acme.adminKey),
                R"({"name":"Voice bot","primaryProvider":"vendorB","systemPrompt":"Be brief.",)"
                R"("sttEngine":"mockStt","ttsEngine":"mockTts"})");
  ASSERT_EQ(agent.status, 201) << agent.body;
  const auto session = createSession(host, acme.adminKey, agent.json()->getValue<std::string>("id"));
  auto headers = bearer(acme.adminKey);
  headers["X-Request-Id"] = "voice-turn-1";
  const auto turn =
      host.call("POST", "/v1/sessions/" + session + "/voice", headers, toneWav(16000, 800), "audio/wav");
  ASSERT_EQ(turn.status, 201) << turn.body;

  const auto r = host.call("GET", "/v1/requests?requestId=voice-turn-1", bearer(acme.adminKey));
  const auto list = items(r);
  ASSERT_EQ(list->size(), 1u) << r.body;
  const auto entry = list->getObject(0);
  EXPECT_EQ(entry->getValue<std::string>("channel"), "voice");
  EXPECT_EQ(entry->getValue<std::string>("outcome"), "ok");
  EXPECT_EQ(entry->getValue<int>("status"), 201);
  EXPECT_EQ(entry->getObject("cost")->getValue<int64_t>("micros"),
            turn.json()->getObject("usage")->getObject("cost")->getValue<int64_t>("micros"));
}

}  // namespace
}  // namespace vb
