// SpeechEngines: the STT and TTS plugins as the voice channel uses them. The
// registry adapter (RegistrySpeechEngines) calls the plugins through the
// plugin host and reads their documented JSON; tests may substitute it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "pluginhost/plugin_registry.h"

namespace vb {

struct Transcription {
  std::string transcript;
  std::optional<double> confidence;
  std::string engineVersion;
};

struct Synthesis {
  std::string wav;  // PCM16 mono WAV as the engine wrote it
  std::string engineVersion;
};

class SpeechEngines {
 public:
  virtual ~SpeechEngines() = default;
  // `wav` is mono PCM16 at the configured STT rate; `hints` the agent's
  // speech hints. Thread-safe.
  virtual Result<Transcription, VendorError> transcribe(const std::string& engine, const std::string& wav,
                                                        const std::vector<std::string>& hints,
                                                        const CallOptions& call) = 0;
  // `voice` "" = the engine's default. Thread-safe.
  virtual Result<Synthesis, VendorError> synthesize(const std::string& engine, const std::string& text,
                                                    const std::string& voice, const CallOptions& call) = 0;
};

class RegistrySpeechEngines final : public SpeechEngines {
 public:
  // `registry` must outlive the adapter.
  explicit RegistrySpeechEngines(PluginRegistry& registry) : registry_(registry) {}
  Result<Transcription, VendorError> transcribe(const std::string& engine, const std::string& wav,
                                                const std::vector<std::string>& hints,
                                                const CallOptions& call) override;
  Result<Synthesis, VendorError> synthesize(const std::string& engine, const std::string& text,
                                            const std::string& voice, const CallOptions& call) override;

 private:
  std::string versionOf(const std::string& engine) const;
  PluginRegistry& registry_;
};

}  // namespace vb
