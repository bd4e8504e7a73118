#include "flite_engine.hpp"

#include <csetjmp>

extern "C" {
#include <flite/flite.h>

// The Debian voice libraries ship no headers; these are their entry points.
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
cst_voice* register_cmu_us_kal16(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
}

namespace vbflite {
namespace {

using RegisterVoice = cst_voice* (*)(const char*);

struct VoiceEntry {
  const char* name;
  RegisterVoice registerVoice;
};

constexpr VoiceEntry kVoices[] = {{"slt", register_cmu_us_slt},
                                  {"kal", register_cmu_us_kal},
                                  {"kal16", register_cmu_us_kal16},
                                  {"awb", register_cmu_us_awb},
                                  {"rms", register_cmu_us_rms}};

// Runs Flite with its error handler pointed here: cst_error() longjmps back
// instead of calling exit(). Plain C in between (no C++ object lives across
// the jump). Called with the engine mutex held, which also guards cst_errjmp.
cst_wave* synthesizeOrNull(const char* text, cst_voice* voice) {
  jmp_buf onError;
  jmp_buf* previous = cst_errjmp;
  cst_errjmp = &onError;
  cst_wave* volatile wave = nullptr;
  if (setjmp(onError) == 0) wave = flite_text_to_wave(text, voice);
  cst_errjmp = previous;
  return wave;
}

}  // namespace

const std::vector<std::string>& voiceNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& v : kVoices) out.emplace_back(v.name);
    return out;
  }();
  return names;
}

FliteEngine& FliteEngine::instance() {
  static FliteEngine engine;
  return engine;
}

void FliteEngine::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  flite_init();
  for (const auto& v : kVoices) v.registerVoice(nullptr);
  started_ = true;
}

cst_voice* FliteEngine::voiceLocked(const std::string& name) {
  for (const auto& v : kVoices)
    if (name == v.name) return v.registerVoice(nullptr);  // the already registered voice after start()
  return nullptr;
}

std::optional<Speech> FliteEngine::speak(const std::string& text, const std::string& voice) {
  std::lock_guard lock(mutex_);
  cst_voice* v = voiceLocked(voice);
  if (!v) return std::nullopt;
  cst_wave* wave = synthesizeOrNull(text.c_str(), v);
  if (!wave) return std::nullopt;
  Speech speech;
  if (wave->num_channels == 1 && wave->num_samples > 0 && wave->sample_rate > 0) {
    speech.samples.assign(wave->samples, wave->samples + wave->num_samples);
    speech.sampleRate = static_cast<uint32_t>(wave->sample_rate);
  }
  delete_wave(wave);
  if (speech.samples.empty()) return std::nullopt;
  return speech;
}

}  // namespace vbflite
