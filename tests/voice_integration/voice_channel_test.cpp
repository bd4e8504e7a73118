// The voice channel on the real host (in-process, port 0, mock vendors over
// HTTP) with the deterministic mock STT/TTS plugins: a billed voice turn with
// its stored artefacts, replays that run nothing again, bad audio that
// changes nothing, and tenant isolation of the audio.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <cmath>

#include "app/services.h"
#include "audio/audio_clip.h"
#include "support/poll.h"
#include "support/test_host.h"

namespace vb {
namespace {

using test::HttpResult;
using test::TestHost;

// A 440 Hz tone at about -10 dBFS: loud enough to be speech for the
// channel's silence check; the mock STT answers "audio of N ms".
std::string toneWav(int rate, int ms, double amplitude = 0.3) {
  AudioClip clip;
  clip.sampleRate = rate;
  clip.samples.resize(static_cast<size_t>(rate) * ms / 1000);
  for (size_t i = 0; i < clip.samples.size(); ++i)
    clip.samples[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * 440.0 * i / rate));
  return encodeWavPcm16(clip);
}

class VoiceChannelTest : public ::testing::Test {
 protected:
  struct TenantKeys {
    std::string admin;
    std::string session;
  };

  TenantKeys makeTenant(const std::string& name) {
    const auto tenant = host.call("POST", "/v1/tenants", {{"X-Operator-Token", "dev-operator-token"}},
                                  R"({"name":")" + name + R"("})");
    EXPECT_EQ(tenant.status, 201) << tenant.body;
    TenantKeys keys;
    keys.admin = tenant.json()->getObject("apiKey")->getValue<std::string>("key");
    const auto agent = host.call("POST", "/v1/agents", auth(keys.admin),
                                 R"({"name":"Voice bot","primaryProvider":"vendorB","systemPrompt":"Be brief.",)"
                                 R"("sttEngine":"mockStt","ttsEngine":"mockTts","speechHints":["invoice","balance"]})");
    EXPECT_EQ(agent.status, 201) << agent.body;
    const auto session = host.call("POST", "/v1/sessions", auth(keys.admin),
                                   R"({"agentId":")" + agent.json()->getValue<std::string>("id") +
                                       R"(","customerId":"caller-1","channel":"voice"})");
    EXPECT_EQ(session.status, 201) << session.body;
    keys.session = session.json()->getValue<std::string>("id");
    return keys;
  }

  static std::map<std::string, std::string> auth(const std::string& key, const std::string& idempotencyKey = {}) {
    std::map<std::string, std::string> headers{{"Authorization", "Bearer " + key}};
    if (!idempotencyKey.empty()) headers["Idempotency-Key"] = idempotencyKey;
    return headers;
  }

  HttpResult sendVoice(const TenantKeys& keys, const std::string& wav, const std::string& idempotencyKey = {},
                       const std::string& contentType = "audio/wav") {
    return host.call("POST", "/v1/sessions/" + keys.session + "/voice", auth(keys.admin, idempotencyKey), wav,
                     contentType);
  }

  int64_t count(const std::string& table) {
    return host.gateway().services().database->read([&](Transaction& tx) {
      Poco::Int64 n = 0;
      tx.session() << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
      return static_cast<int64_t>(n);
    });
  }

  TestHost host;
  TenantKeys acme = makeTenant("Acme");
};

TEST_F(VoiceChannelTest, AVoiceTurnIsBilledLikeChatAndStoresItsTranscriptAudioAndTimings) {
  const std::string input = toneWav(16000, 1200);
  const auto answer = sendVoice(acme, input);
  ASSERT_EQ(answer.status, 201) << answer.body;
  const auto turn = answer.json();
  const auto voice = turn->getObject("voice");
  EXPECT_EQ(voice->getValue<std::string>("transcript"), "audio of 1200 ms");
  EXPECT_EQ(turn->getObject("userMessage")->getValue<std::string>("content"), "audio of 1200 ms");
  EXPECT_EQ(voice->getValue<int64_t>("inputDurationMs"), 1200);
  EXPECT_GT(voice->getValue<int64_t>("outputDurationMs"), 0);
  EXPECT_EQ(voice->getValue<std::string>("sttEngine"), "mockStt");
  EXPECT_EQ(voice->getValue<std::string>("ttsEngine"), "mockTts");
  EXPECT_EQ(voice->getValue<int64_t>("inputBytes"), static_cast<int64_t>(input.size()));
  for (const char* stage : {"sttMs", "llmMs", "ttsMs"}) EXPECT_GE(voice->getValue<int64_t>(stage), 0) << stage;

  // Billed exactly like a chat turn: tokens x vendorB's price (3 micro-USD per token).
  const auto usage = turn->getObject("usage");
  const int64_t tokens = usage->getValue<int64_t>("tokensIn") + usage->getValue<int64_t>("tokensOut");
  EXPECT_EQ(usage->getObject("cost")->getValue<int64_t>("micros"), tokens * 3);
  EXPECT_EQ(count("usage_events"), 1);
  EXPECT_EQ(count("voice_turns"), 1);

  // Both audio files are stored and served to the tenant.
  const auto output = host.call("GET", voice->getValue<std::string>("audioUrl"), auth(acme.admin));
  ASSERT_EQ(output.status, 200);
  EXPECT_EQ(output.contentType, "audio/wav");
  const auto outputInfo = probeWav(output.body);
  ASSERT_TRUE(outputInfo);
  EXPECT_EQ(outputInfo->durationMs(), voice->getValue<int64_t>("outputDurationMs"));
  const auto stored = host.call("GET", voice->getValue<std::string>("inputAudioUrl"), auth(acme.admin));
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(stored.body, input);

  // The transcript plays both sides.
  const auto transcript = host.call("GET", "/v1/sessions/" + acme.session, auth(acme.admin)).json();
  const auto messages = transcript->getArray("messages");
  ASSERT_EQ(messages->size(), 2u);
  EXPECT_EQ(messages->getObject(0)->getObject("voice")->getValue<std::string>("audioUrl"),
            voice->getValue<std::string>("inputAudioUrl"));
  EXPECT_EQ(messages->getObject(1)->getObject("voice")->getValue<std::string>("audioUrl"),
            voice->getValue<std::string>("audioUrl"));
}

// Prefer: respond-async on the voice route: 202 and a job whose result is the
// same voice Turn a sync send answers, billed once; bad audio is refused
// before a job exists.
TEST_F(VoiceChannelTest, AnAsyncVoiceSendIsAJobWhoseResultIsTheVoiceTurnBilledOnce) {
  auto headers = auth(acme.admin, "voice-async-1");
  headers["Prefer"] = "respond-async";
  const std::string input = toneWav(16000, 1000);
  const auto accepted = host.call("POST", "/v1/sessions/" + acme.session + "/voice", headers, input, "audio/wav");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string jobId = accepted.json()->getValue<std::string>("jobId");
  EXPECT_EQ(accepted.header("Location"), "/v1/jobs/" + jobId);

  Poco::JSON::Object::Ptr job;
  test::pollUntil(
      [&] {
        job = host.call("GET", "/v1/jobs/" + jobId, auth(acme.admin)).json();
        return job->getValue<std::string>("status") == "succeeded" || job->getValue<std::string>("status") == "failed";
      },
      std::chrono::seconds(20), "voice job " + jobId);
  ASSERT_EQ(job->getValue<std::string>("status"), "succeeded");
  const auto voice = job->getObject("result")->getObject("voice");
  ASSERT_TRUE(voice) << "the job's result is the voice Turn";
  EXPECT_EQ(voice->getValue<std::string>("transcript"), "audio of 1000 ms");
  EXPECT_EQ(host.call("GET", voice->getValue<std::string>("audioUrl"), auth(acme.admin)).status, 200);
  EXPECT_EQ(count("usage_events"), 1);
  EXPECT_EQ(count("voice_turns"), 1);

  const auto duplicate = host.call("POST", "/v1/sessions/" + acme.session + "/voice", headers, input, "audio/wav");
  EXPECT_EQ(duplicate.status, 202);
  EXPECT_EQ(duplicate.json()->getValue<std::string>("jobId"), jobId);
  EXPECT_EQ(duplicate.header("Idempotent-Replayed"), "true");

  auto fresh = auth(acme.admin);
  fresh["Prefer"] = "respond-async";
  const auto notWav = host.call("POST", "/v1/sessions/" + acme.session + "/voice", fresh, "not audio", "audio/wav");
  EXPECT_EQ(notWav.status, 415) << notWav.body;
  EXPECT_EQ(count("jobs"), 1) << "refused audio makes no job";
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(VoiceChannelTest, ReplayingTheKeyReturnsTheStoredTurnAndAudioWithoutRunningAnythingAgain) {
  const std::string input = toneWav(22050, 900);
  const auto first = sendVoice(acme, input, "voice-key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto replay = sendVoice(acme, input, "voice-key-1");
  ASSERT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(count("usage_events"), 1);
  EXPECT_EQ(count("voice_turns"), 1);
  EXPECT_EQ(count("messages"), 2);
  // The same key with other audio is another request.
  EXPECT_EQ(sendVoice(acme, toneWav(22050, 700), "voice-key-1").status, 422);
}

TEST_F(VoiceChannelTest, BadAudioGetsItsExactStatusAndChangesNothing) {
  const auto before = std::vector<int64_t>{count("messages"), count("usage_events"), count("voice_turns"),
                                           count("attempts"), count("idempotency_keys")};
  EXPECT_EQ(sendVoice(acme, "this is not audio", "k-text").status, 415);
  EXPECT_EQ(sendVoice(acme, toneWav(16000, 500), "k-json", "application/json").status, 415);
  EXPECT_EQ(sendVoice(acme, "RIFF\x10\x00\x00\x00WAVEfmt ", "k-truncated").status, 415);
  const auto tooLong = sendVoice(acme, toneWav(8000, 61000), "k-long");
  EXPECT_EQ(tooLong.status, 413) << tooLong.body;
  const auto silent = sendVoice(acme, toneWav(16000, 1000, 0.0), "k-silent");
  EXPECT_EQ(silent.status, 422) << silent.body;
  EXPECT_EQ(silent.contentType, "application/problem+json");
  EXPECT_EQ(sendVoice(acme, "", "k-empty").status, 415);
  const auto after = std::vector<int64_t>{count("messages"), count("usage_events"), count("voice_turns"),
                                          count("attempts"), count("idempotency_keys")};
  EXPECT_EQ(after, before);
}

TEST_F(VoiceChannelTest, ALongRecordingOverTheJsonBodyLimitIsTakenByTheVoiceRoute) {
  const std::string input = toneWav(16000, 40000);  // 1.28 MB: over server.maxBodyBytes (1 MiB)
  ASSERT_GT(input.size(), size_t{1} << 20);
  const auto answer = sendVoice(acme, input);
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.json()->getObject("voice")->getValue<int64_t>("inputDurationMs"), 40000);
  // A JSON route still refuses a body that size before reading it.
  const auto json = host.call("POST", "/v1/agents", auth(acme.admin), std::string(input.size(), ' '));
  EXPECT_EQ(json.status, 413);
}

TEST_F(VoiceChannelTest, AnotherTenantGets404ForTheAudioAndTheSession) {
  const auto answer = sendVoice(acme, toneWav(16000, 800));
  ASSERT_EQ(answer.status, 201) << answer.body;
  const auto voice = answer.json()->getObject("voice");
  const auto globex = makeTenant("Globex");
  for (const char* url : {"audioUrl", "inputAudioUrl"})
    EXPECT_EQ(host.call("GET", voice->getValue<std::string>(url), auth(globex.admin)).status, 404) << url;
  EXPECT_EQ(host.call("POST", "/v1/sessions/" + acme.session + "/voice", auth(globex.admin), toneWav(16000, 800),
                      "audio/wav")
                .status,
            404);
  EXPECT_EQ(count("usage_events"), 1);
}

TEST_F(VoiceChannelTest, AgentsNameLoadedSpeechEnginesOr422NamingTheField) {
  for (const char* field : {"sttEngine", "ttsEngine"}) {
    const auto answer = host.call("POST", "/v1/agents", auth(acme.admin),
                                  std::string(R"({"name":"x","primaryProvider":"vendorA",")") + field +
                                      R"(":"vendorB"})");
    EXPECT_EQ(answer.status, 422) << field;
    EXPECT_EQ(answer.json()->getValue<std::string>("field"), field);
  }
  const auto badHints = host.call("POST", "/v1/agents", auth(acme.admin),
                                  R"({"name":"x","primaryProvider":"vendorA","speechHints":["two\nlines"]})");
  EXPECT_EQ(badHints.status, 422);
}

}  // namespace
}  // namespace vb
