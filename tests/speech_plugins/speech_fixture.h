// The real engines, loaded once per test program (PocketSphinx loads its
// models at create, ≈0.5 s per decoder), shared by the tests of a suite.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "speech_plugin.h"

namespace vbspeech {

using json = nlohmann::json;

class SpeechEngines : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = new SpeechHost();
    stt_ = new SpeechPlugin("libvb_stt_pocketsphinx.so", host_->api(), R"({"poolSize":2})");
    flite_ = new SpeechPlugin("libvb_tts_flite.so", host_->api());
    espeak_ = new SpeechPlugin("libvb_tts_espeak.so", host_->api());
  }
  static void TearDownTestSuite() {
    delete espeak_;
    delete flite_;
    delete stt_;
    delete host_;
    espeak_ = flite_ = stt_ = nullptr;
    host_ = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(stt_->createStatus, VB_OK) << stt_->createError.message;
    ASSERT_EQ(flite_->createStatus, VB_OK) << flite_->createError.message;
    ASSERT_EQ(espeak_->createStatus, VB_OK) << espeak_->createError.message;
  }

  // Flite (slt) speech for `text`; fails the test if synthesis fails.
  static std::string fliteSays(const std::string& text) {
    const auto r = flite_->synthesize(text);
    EXPECT_EQ(r.status, VB_OK) << r.error.message;
    return r.data;
  }
  static std::string espeakSays(const std::string& text) {
    const auto r = espeak_->synthesize(text);
    EXPECT_EQ(r.status, VB_OK) << r.error.message;
    return r.data;
  }

  static std::string hintOptions(const std::vector<std::string>& hints) { return json{{"hints", hints}}.dump(); }

  // The transcript JSON of a call that must succeed.
  static json heard(const std::string& wav, const std::string& options = "{}") {
    const auto r = stt_->transcribe(wav, options);
    EXPECT_EQ(r.status, VB_OK) << r.error.message;
    const auto j = json::parse(r.data, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.data;
    return j;
  }

  static SpeechHost* host_;
  static SpeechPlugin* stt_;
  static SpeechPlugin* flite_;
  static SpeechPlugin* espeak_;
};

inline SpeechHost* SpeechEngines::host_ = nullptr;
inline SpeechPlugin* SpeechEngines::stt_ = nullptr;
inline SpeechPlugin* SpeechEngines::flite_ = nullptr;
inline SpeechPlugin* SpeechEngines::espeak_ = nullptr;

}  // namespace vbspeech
