// plugins/common: WAV decoding/encoding in memory (libsndfile) and
// resampling (libsoxr), plus the mock STT that now reads any accepted WAV.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vbplugins/resample.hpp>
#include <vbplugins/wav.hpp>

#include "speech_plugin.h"
#include "test_audio.h"

namespace vbspeech {
namespace {

std::vector<float> sine(double hz, int rate, double seconds, int channels = 1) {
  std::vector<float> out;
  for (int i = 0; i < static_cast<int>(rate * seconds); ++i)
    for (int c = 0; c < channels; ++c)
      out.push_back(static_cast<float>(0.5 * std::sin(2 * M_PI * hz * i / rate)));
  return out;
}

TEST(Wav, DecodesEveryAcceptedFormatToMonoAtItsRate) {
  const struct {
    int rate, channels, format;
  } cases[] = {{8000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16},   {16000, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16},
               {22050, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT},   {44100, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT},
               {48000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_24},  {32000, 2, SF_FORMAT_WAVEX | SF_FORMAT_PCM_16},
               {11025, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_U8}};
  for (const auto& c : cases) {
    const auto bytes = wavBytes(sine(440, c.rate, 0.5, c.channels), c.rate, c.channels, c.format);
    auto decoded = vbp::decodeWav(bytes);
    ASSERT_TRUE(std::holds_alternative<vbp::DecodedWav>(decoded)) << c.rate << "/" << c.channels;
    const auto& wav = std::get<vbp::DecodedWav>(decoded);
    EXPECT_EQ(wav.sampleRate, static_cast<uint32_t>(c.rate));
    EXPECT_EQ(wav.channels, c.channels);
    EXPECT_EQ(wav.mono.size(), static_cast<size_t>(c.rate / 2));
    EXPECT_NEAR(wav.durationMs(), 500, 1);
    EXPECT_NEAR(wav.mono[static_cast<size_t>(c.rate / 440 / 4)], 0.5, 0.02) << "a quarter period in: the peak";
  }
}

TEST(Wav, StereoIsAveragedToMono) {
  std::vector<float> interleaved;
  for (int i = 0; i < 100; ++i) {
    interleaved.push_back(0.5f);
    interleaved.push_back(-0.25f);
  }
  auto decoded = vbp::decodeWav(wavBytes(interleaved, 16000, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT));
  const auto& wav = std::get<vbp::DecodedWav>(decoded);
  ASSERT_EQ(wav.mono.size(), 100u);
  EXPECT_FLOAT_EQ(wav.mono[0], 0.125f);
}

TEST(Wav, RefusesWhatIsNotAnAcceptedWav) {
  const std::pair<std::string, std::string> cases[] = {
      {"garbage", "not a WAV"},
      {"", "not a WAV"},
      {wavBytes(sine(440, 16000, 0.1), 16000, 1, SF_FORMAT_AIFF | SF_FORMAT_PCM_16), "not a WAV"},
      {wavBytes(sine(440, 96000, 0.1), 96000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16), "96000 Hz"},
      {wavBytes(sine(440, 4000, 0.1), 4000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16), "4000 Hz"},
      {wavBytes(sine(440, 16000, 0.1, 3), 16000, 3, SF_FORMAT_WAV | SF_FORMAT_PCM_16), "3 channels"}};
  for (const auto& [bytes, reason] : cases) {
    auto decoded = vbp::decodeWav(bytes);
    ASSERT_TRUE(std::holds_alternative<vbp::WavError>(decoded)) << reason;
    EXPECT_NE(std::get<vbp::WavError>(decoded).reason.find(reason), std::string::npos)
        << std::get<vbp::WavError>(decoded).reason;
  }
}

TEST(Wav, ATruncatedDataChunkYieldsTheSamplesPresent) {
  auto bytes = wavBytes(sine(440, 16000, 1.0), 16000, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  bytes.resize(bytes.size() - 16000);  // the header still claims 1 s
  auto decoded = vbp::decodeWav(bytes);
  ASSERT_TRUE(std::holds_alternative<vbp::DecodedWav>(decoded));
  EXPECT_EQ(std::get<vbp::DecodedWav>(decoded).mono.size(), 8000u);
}

TEST(Wav, EncodesPcm16MonoWithTheCommentAsListInfoIcmt) {
  const std::vector<int16_t> samples = {0, 1000, -1000, 32767, -32768};
  const auto bytes = vbp::encodeWavPcm16Mono(samples, 16000, "where is my invoice");
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(bytes.substr(8, 8), "WAVEfmt ");
  EXPECT_NE(bytes.find("LIST"), std::string::npos);
  EXPECT_NE(bytes.find("ICMT"), std::string::npos);
  const auto facts = wavFacts(bytes);
  EXPECT_EQ(facts.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  EXPECT_EQ(facts.rate, 16000);
  EXPECT_EQ(facts.frames, 5);
  auto decoded = vbp::decodeWav(bytes);
  const auto& wav = std::get<vbp::DecodedWav>(decoded);
  EXPECT_EQ(wav.comment, "where is my invoice");
  EXPECT_EQ(vbp::toPcm16(wav.mono), samples);
  EXPECT_EQ(std::get<vbp::DecodedWav>(vbp::decodeWav(vbp::encodeWavPcm16Mono(samples, 8000))).comment, "");
}

TEST(Resample, KeepsPitchAndLengthAcrossRates) {
  const auto in = sine(300, 44100, 1.0);
  const auto out = vbp::resample(in, 44100, 16000);
  EXPECT_NEAR(static_cast<double>(out.size()), 16000.0, 2.0);
  // Count rising zero crossings: 300 per second at any rate.
  int crossings = 0;
  for (size_t i = 1; i < out.size(); ++i) crossings += out[i - 1] < 0 && out[i] >= 0;
  EXPECT_NEAR(crossings, 300, 2);
  EXPECT_EQ(vbp::resample(in, 16000, 16000), in);
}

TEST(Resample, Pcm16ConversionClipsAndRoundTrips) {
  EXPECT_EQ(vbp::toPcm16({0.0f, 1.0f, -1.0f, 2.0f, -2.0f, 0.5f}),
            (std::vector<int16_t>{0, 32767, -32768, 32767, -32768, 16384}));
  const int16_t pcm[] = {0, 16384, -16384};
  EXPECT_EQ(vbp::toFloat(pcm, 3), (std::vector<float>{0.0f, 0.5f, -0.5f}));
}

TEST(MockStt, ReadsTheCommentOfAnyAcceptedWav) {
  SpeechHost host;
  SpeechPlugin stt("libvb_mock_stt.so", host.api());
  ASSERT_EQ(stt.createStatus, VB_OK);
  const auto wav = wavBytes(sine(440, 48000, 0.25, 2), 48000, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT, "pay invoice INV-1002");
  const auto r = stt.transcribe(wav);
  ASSERT_EQ(r.status, VB_OK) << r.error.message;
  const auto j = nlohmann::json::parse(r.data);
  EXPECT_EQ(j["transcript"], "pay invoice INV-1002");
  EXPECT_EQ(j["durationMs"], 250);
}

TEST(MockTts, WritesTheTextAsTheCommentMockSttReadsBack) {
  SpeechHost host;
  SpeechPlugin tts("libvb_mock_tts.so", host.api());
  ASSERT_EQ(tts.createStatus, VB_OK);
  const auto r = tts.synthesize("your balance is forty two dollars");
  ASSERT_EQ(r.status, VB_OK);
  auto decoded = vbp::decodeWav(r.data);
  ASSERT_TRUE(std::holds_alternative<vbp::DecodedWav>(decoded));
  EXPECT_EQ(std::get<vbp::DecodedWav>(decoded).comment, "your balance is forty two dollars");
  EXPECT_EQ(std::get<vbp::DecodedWav>(decoded).durationMs(), 360);
}

}  // namespace
}  // namespace vbspeech
