#include "espeak_engine.hpp"

#include <espeak-ng/speak_lib.h>

namespace vbespeak {
namespace {

// espeak-ng calls this (on the synthesising thread, synchronous mode) with
// blocks of samples; events[0].user_data is the caller's sample vector.
int collectSamples(short* samples, int count, espeak_EVENT* events) {
  if (samples && count > 0 && events && events->user_data) {
    auto* out = static_cast<std::vector<int16_t>*>(events->user_data);
    out->insert(out->end(), samples, samples + count);
  }
  return 0;  // continue
}

}  // namespace

EspeakEngine& EspeakEngine::instance() {
  static EspeakEngine engine;
  return engine;
}

std::variant<std::string, EngineError> EspeakEngine::start(const std::string& dataPath) {
  std::lock_guard lock(mutex_);
  if (!started_) {
    // DONT_EXIT: a missing data directory must fail the load, not the process.
    // SYNCHRONOUS: espeak_Synth returns once the whole text is synthesised,
    // its samples delivered to collectSamples on this thread.
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, dataPath.empty() ? nullptr : dataPath.c_str(),
                                       espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0)
      return EngineError{EngineError::Kind::kEngine, "espeak-ng failed to initialise (is espeak-ng-data installed?)"};
    espeak_SetSynthCallback(collectSamples);
    sampleRate_ = static_cast<uint32_t>(rate);
    const char* version = espeak_Info(nullptr);
    version_ = version ? version : "";
    started_ = true;
  }
  return version_;
}

std::variant<Speech, EngineError> EspeakEngine::speak(const std::string& text, const std::string& voice,
                                                      int wordsPerMinute) {
  if (wordsPerMinute < 80 || wordsPerMinute > 450)
    return EngineError{EngineError::Kind::kBadRate, "rate must be 80..450 words per minute"};
  std::lock_guard lock(mutex_);
  if (!started_) return EngineError{EngineError::Kind::kEngine, "espeak-ng is not initialised"};
  if (espeak_SetVoiceByName(voice.c_str()) != EE_OK)
    return EngineError{EngineError::Kind::kUnknownVoice, "unknown espeak-ng voice \"" + voice + "\""};
  if (espeak_SetParameter(espeakRATE, wordsPerMinute, 0) != EE_OK)
    return EngineError{EngineError::Kind::kBadRate, "espeak-ng refused rate " + std::to_string(wordsPerMinute)};
  Speech speech;
  speech.sampleRate = sampleRate_;
  const espeak_ERROR status = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                           espeakCHARS_UTF8, nullptr, &speech.samples);
  if (status != EE_OK)
    return EngineError{EngineError::Kind::kEngine, "espeak-ng synthesis failed"};
  if (speech.samples.empty()) return EngineError{EngineError::Kind::kEngine, "espeak-ng produced no audio"};
  return speech;
}

}  // namespace vbespeak
