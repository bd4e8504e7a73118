#include "channels/voice/voice_settings.h"

#include <stdexcept>

namespace vb {

VoiceSettings VoiceSettings::fromConfig(const Poco::JSON::Object::Ptr& section) {
  VoiceSettings s;
  if (!section) return s;
  s.maxInputSeconds = section->optValue<int>("maxInputSeconds", s.maxInputSeconds);
  s.maxInputBytes = section->optValue<Poco::UInt64>("maxInputBytes", s.maxInputBytes);
  s.retentionDays = section->optValue<int>("retentionDays", s.retentionDays);
  s.sttSampleRate = section->optValue<int>("sttSampleRate", s.sttSampleRate);
  s.silenceDbfs = section->optValue<double>("silenceDbfs", s.silenceDbfs);
  s.defaultSttEngine = section->optValue<std::string>("defaultSttEngine", s.defaultSttEngine);
  s.defaultTtsEngine = section->optValue<std::string>("defaultTtsEngine", s.defaultTtsEngine);
  s.defaultVoice = section->optValue<std::string>("defaultVoice", s.defaultVoice);
  s.sttTimeoutMs = section->optValue<int>("sttTimeoutMs", s.sttTimeoutMs);
  s.ttsTimeoutMs = section->optValue<int>("ttsTimeoutMs", s.ttsTimeoutMs);
  if (s.maxInputSeconds < 1) throw std::runtime_error("config: voice.maxInputSeconds must be >= 1");
  if (s.retentionDays < 1) throw std::runtime_error("config: voice.retentionDays must be >= 1");
  if (s.sttSampleRate < 8000 || s.sttSampleRate > 48000)
    throw std::runtime_error("config: voice.sttSampleRate must be 8000..48000");
  return s;
}

}  // namespace vb
