// The pocketsphinx plugin's contract: inputs it accepts and refuses, what it
// answers, its decoder pool under concurrency and its timeouts.
#include <sndfile.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "billing_corpus.h"
#include "speech_fixture.h"
#include "test_audio.h"

namespace vbspeech {
namespace {

using Stt = SpeechEngines;

TEST_F(Stt, DescribesItselfAsTheSttPluginNamedPocketsphinx) {
  EXPECT_EQ(asString(stt_->descriptor->name), "pocketsphinx");
  EXPECT_EQ(stt_->descriptor->kind, VB_KIND_STT);
  ASSERT_NE(stt_->descriptor->stt, nullptr);
}

TEST_F(Stt, AnswersWithTheDocumentedFields) {
  const auto wav = fliteSays("what is my account balance");
  const auto j = heard(wav, hintOptions(billingHints()));
  EXPECT_EQ(j["transcript"], "what is my account balance");
  EXPECT_EQ(j["engine"], "pocketsphinx");
  EXPECT_TRUE(j["engineVersion"].is_string() && !j["engineVersion"].get<std::string>().empty());
  EXPECT_TRUE(j["decodeMs"].is_number_integer());
  EXPECT_GE(j["decodeMs"].get<int64_t>(), 0);
  const auto samples = monoSamples(wav);
  EXPECT_EQ(j["durationMs"].get<int64_t>(), static_cast<int64_t>(samples.size()) * 1000 / 16000);
  EXPECT_TRUE(j["search"] == "hints" || j["search"] == "general");
}

TEST_F(Stt, NotAWavIsAnInvalidRequest) {
  for (const std::string& bytes : {std::string("definitely not a wav file"), std::string(),
                                  std::string("RIFF\x10\0\0\0WAVEjunk", 16)}) {
    const auto r = stt_->transcribe(bytes);
    EXPECT_EQ(r.status, VB_INVALID_ARGUMENT) << r.data;
    EXPECT_EQ(r.error.error_class, VB_ERROR_INVALID_REQUEST);
  }
  // A real audio file that is not a WAV (AIFF) is refused too.
  const auto aiff = wavBytes(std::vector<float>(1600, 0.1f), 16000, 1, SF_FORMAT_AIFF | SF_FORMAT_PCM_16);
  const auto r = stt_->transcribe(aiff);
  EXPECT_EQ(r.status, VB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(r.error.message).find("not a WAV"), std::string::npos) << r.error.message;
}

TEST_F(Stt, UnsupportedRatesAndChannelCountsAreInvalidRequests) {
  const auto tooFast = wavBytes(std::vector<float>(9600, 0.0f), 96000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  EXPECT_EQ(stt_->transcribe(tooFast).status, VB_INVALID_ARGUMENT);
  const auto surround = wavBytes(std::vector<float>(6 * 1600, 0.0f), 16000, 6, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  EXPECT_EQ(stt_->transcribe(surround).status, VB_INVALID_ARGUMENT);
}

TEST_F(Stt, SilenceIsAnEmptyTranscript) {
  const auto silence = wavBytes(std::vector<float>(16000 * 2, 0.0f), 16000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  for (const std::string& options : {std::string("{}"), hintOptions(billingHints())}) {
    const auto j = heard(silence, options);
    EXPECT_EQ(j["transcript"], "");
    EXPECT_EQ(j["durationMs"], 2000);
  }
  // A WAV with no samples at all is silence too, not an error.
  const auto empty = wavBytes({}, 16000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  EXPECT_EQ(heard(empty)["transcript"], "");
}

TEST_F(Stt, BadOptionsAreInvalidRequests) {
  const auto wav = fliteSays("thank you");
  for (const std::string& options : {std::string("not json"), std::string(R"({"hints":"invoice"})"),
                                    std::string(R"({"hints":[1,2]})"), std::string(R"({"language":"de-de"})"),
                                    std::string(R"([1])")}) {
    const auto r = stt_->transcribe(wav, options);
    EXPECT_EQ(r.status, VB_INVALID_ARGUMENT) << options;
    EXPECT_EQ(r.error.error_class, VB_ERROR_INVALID_REQUEST) << options;
  }
  EXPECT_EQ(stt_->transcribe(wav, R"({"language":"en-us","hints":[]})").status, VB_OK);
}

TEST_F(Stt, AnyAcceptedWavFormatGivesTheSameWords) {
  // Flite's 16 kHz PCM16 mono re-encoded at other rates, channel counts and
  // sample formats (linear interpolation here: the plugin must resample and
  // fold channels itself).
  const std::string sentence = "i want to dispute invoice one zero zero six";
  const auto original = fliteSays(sentence);
  const auto mono = monoSamples(original);
  const auto reference = heard(original, hintOptions(billingHints()))["transcript"];
  EXPECT_EQ(reference, sentence);

  auto reencode = [&](int rate, int channels, int format) {
    const double step = 16000.0 / rate;
    std::vector<float> out;
    for (double t = 0; t + 1 < static_cast<double>(mono.size()); t += step) {
      const auto i = static_cast<size_t>(t);
      const float v = static_cast<float>(mono[i] + (mono[i + 1] - mono[i]) * (t - static_cast<double>(i)));
      for (int c = 0; c < channels; ++c) out.push_back(v);
    }
    return wavBytes(out, rate, channels, format);
  };
  const struct {
    int rate, channels, format;
  } wideband[] = {{22050, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16},
                  {44100, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT},
                  {48000, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16}};
  for (const auto& v : wideband) {
    const auto j = heard(reencode(v.rate, v.channels, v.format), hintOptions(billingHints()));
    EXPECT_EQ(j["transcript"], reference) << v.rate << " Hz, " << v.channels << " channels";
    EXPECT_NEAR(j["durationMs"].get<double>(), static_cast<double>(mono.size()) / 16.0, 5.0);
  }
  // 8 kHz (telephone) audio lacks the 4-8 kHz band the wideband en-us model
  // listens to: it is accepted and decoded, but the words may differ.
  const auto narrow = heard(reencode(8000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16), hintOptions(billingHints()));
  EXPECT_FALSE(narrow["transcript"].get<std::string>().empty());
  EXPECT_NEAR(narrow["durationMs"].get<double>(), static_cast<double>(mono.size()) / 16.0, 5.0);
}

TEST_F(Stt, AHintWordMissingFromTheDictionaryIsRecognisedThroughLetterToSound) {
  // "zorblax" is in no dictionary; the plugin derives its phones.
  const auto wav = fliteSays("cancel my zorblax subscription");
  const auto j = heard(wav, hintOptions({"cancel my subscription", "zorblax subscription", "zorblax"}));
  EXPECT_EQ(j["transcript"], "cancel my zorblax subscription");
  EXPECT_EQ(j["search"], "hints");
}

TEST_F(Stt, ACallWithoutHintsAfterOneWithHintsUsesTheGeneralModel) {
  const auto wav = fliteSays("i want to dispute invoice one zero zero six");
  const auto general = heard(wav);
  EXPECT_EQ(general["search"], "general");
  EXPECT_EQ(heard(wav, hintOptions(billingHints()))["search"], "hints");
  const auto after = heard(wav);
  EXPECT_EQ(after["search"], "general");
  EXPECT_EQ(after["transcript"], general["transcript"]);
  EXPECT_EQ(after["confidence"], general["confidence"]);
}

TEST_F(Stt, ConcurrentCallsOnATwoDecoderPoolAllSucceedWithTheSequentialResults) {
  const auto& questions = billingQuestions();
  constexpr size_t kCalls = 8;
  std::vector<std::string> wavs;
  std::vector<json> sequential;
  const auto options = hintOptions(billingHints());
  for (size_t i = 0; i < kCalls; ++i) {
    wavs.push_back(fliteSays(questions[i % questions.size()]));
    sequential.push_back(heard(wavs.back(), i % 2 ? options : "{}"));
  }
  std::vector<Reply> concurrent(kCalls);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  for (size_t i = 0; i < kCalls; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < static_cast<int>(kCalls)) std::this_thread::yield();
      concurrent[i] = stt_->transcribe(wavs[i], i % 2 ? options : "{}");
    });
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < kCalls; ++i) {
    ASSERT_EQ(concurrent[i].status, VB_OK) << concurrent[i].error.message;
    const auto j = json::parse(concurrent[i].data);
    EXPECT_EQ(j["transcript"], sequential[i]["transcript"]) << i;
    EXPECT_EQ(j["search"], sequential[i]["search"]) << i;
    // Each pooled decoder carries its own running cepstral mean from earlier
    // utterances, so the score may differ in the last digits between decoders.
    const double got = j["confidence"], want = sequential[i]["confidence"];
    EXPECT_NEAR(got, want, 0.05 * std::max(got, want) + 1e-9) << i;
  }
}

// One decoder, kept busy by a long utterance on another thread.
class BusyPool : public ::testing::Test {
 protected:
  void SetUp() override {
    stt_ = std::make_unique<SpeechPlugin>("libvb_stt_pocketsphinx.so", host_.api(), R"({"poolSize":1})");
    ASSERT_EQ(stt_->createStatus, VB_OK) << stt_->createError.message;
    SpeechPlugin flite("libvb_tts_flite.so", host_.api());
    std::string text;
    for (int i = 0; i < 6; ++i) text += "the balance on invoice one zero zero one is forty two dollars. ";
    longSpeech_ = flite.synthesize(text).data;
    blip_ = wavBytes(std::vector<float>(1600, 0.0f), 16000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  }

  // Calls `attempt` (with a short clip) while the long utterance is being
  // decoded, until it reports `expected`: when the short call happens to win
  // the decoder first it succeeds, so it is retried (with a deadline).
  vb_status pollWhileBusy(const std::function<Reply()>& attempt, vb_status expected) {
    std::atomic<bool> done{false};
    std::thread worker([&] {
      stt_->transcribe(longSpeech_);
      done = true;
    });
    vb_status seen = VB_OK;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline && !done) {
      seen = attempt().status;
      if (seen == expected) break;
    }
    worker.join();
    return seen;
  }

  SpeechHost host_;
  std::unique_ptr<SpeechPlugin> stt_;
  std::string longSpeech_, blip_;
};

TEST_F(BusyPool, ACallThatFindsNoFreeDecoderWithinItsTimeoutIsDeadlineExceeded) {
  const auto status = pollWhileBusy([&] { return stt_->transcribe(blip_, "{}", 1); }, VB_DEADLINE_EXCEEDED);
  EXPECT_EQ(status, VB_DEADLINE_EXCEEDED);
}

TEST_F(BusyPool, ACallCancelledWhileWaitingForADecoderIsCancelled) {
  host_.cancelledToken = SpeechHost::token(7);
  const auto status =
      pollWhileBusy([&] { return stt_->transcribe(blip_, "{}", 30000, SpeechHost::token(7)); }, VB_CANCELLED);
  EXPECT_EQ(status, VB_CANCELLED);
}

TEST(SttSettings, BadSettingsFailTheLoadNamingTheField) {
  SpeechHost host;
  for (const auto& [settings, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"poolSize":0})", "poolSize"},
           {R"({"poolSize":"two"})", "poolSize"},
           {R"({"fillerWeight":2})", "fillerWeight"},
           {R"({"modelDir":"/nonexistent"})", "modelDir"}}) {
    SpeechPlugin stt("libvb_stt_pocketsphinx.so", host.api(), settings);
    EXPECT_EQ(stt.createStatus, VB_INVALID_ARGUMENT) << settings;
    EXPECT_NE(std::string(stt.createError.message).find(field), std::string::npos) << stt.createError.message;
  }
}

}  // namespace
}  // namespace vbspeech
