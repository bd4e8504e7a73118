// The voice channel's settings: config section "voice".
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace vb {

struct VoiceSettings {
  int maxInputSeconds = 60;            // longer audio → 413
  size_t maxInputBytes = 16u << 20;    // the route's body limit (60 s of 48 kHz stereo PCM16 is ~11 MiB)
  int retentionDays = 30;              // audio older than this is purged (the turn's text stays)
  int sttSampleRate = 16000;           // what the STT engines are given (mono PCM16)
  double silenceDbfs = -45;            // loudest 50 ms below this → silence → 422
  std::string defaultSttEngine = "pocketsphinx";
  std::string defaultTtsEngine = "flite";
  std::string defaultVoice;            // "" = the engine's own default
  int sttTimeoutMs = 15000;
  int ttsTimeoutMs = 15000;

  // Throws std::runtime_error naming the key on a bad value.
  static VoiceSettings fromConfig(const Poco::JSON::Object::Ptr& section);
};

}  // namespace vb
