// flite: text to speech with Flite 2.2 (the default voice cmu_us_slt).
//
// settings: { "defaultVoice"?: "slt", "maxTextChars"?: 5000 }
// options:  { "voice"?: "slt" | "kal" | "kal16" | "awb" | "rms" }
// Output: a PCM16 mono WAV at the voice's native rate (16000 Hz; kal 8000).
// Calls may come from any thread at once; Flite itself runs one at a time
// (see flite_engine.hpp).
#include <algorithm>
#include <memory>
#include <vbplugins/plugin_util.hpp>
#include <vbplugins/resident_libraries.hpp>
#include <vbplugins/wav.hpp>

#include "flite_engine.hpp"

namespace {

struct Instance {
  vb::Host host;
  std::string defaultVoice;
  size_t maxTextChars = 0;
};

bool knownVoice(const std::string& name) {
  const auto& names = vbflite::voiceNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string voiceList() {
  std::string out;
  for (const auto& name : vbflite::voiceNames()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto settings = vbp::parseInput(settings_json, "settings");
    auto instance = std::make_unique<Instance>(Instance{vb::Host(host), "slt", 5000});
    instance->defaultVoice = vbp::stringSetting(settings, "defaultVoice", "slt");
    if (!knownVoice(instance->defaultVoice))
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                      "flite: setting defaultVoice must be one of " + voiceList());
    if (settings.contains("maxTextChars")) {
      const auto& max = settings["maxTextChars"];
      if (!max.is_number_integer() || max.get<long long>() < 1)
        throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                        "flite: setting maxTextChars must be a positive integer");
      instance->maxTextChars = max.get<size_t>();
    }
    vbp::keepAudioLibrariesResident();
    vbp::keepResident({"libflite.so.1", "libflite_usenglish.so.1", "libflite_cmulex.so.1", "libflite_cmu_us_slt.so.1",
                       "libflite_cmu_us_kal.so.1", "libflite_cmu_us_kal16.so.1", "libflite_cmu_us_awb.so.1",
                       "libflite_cmu_us_rms.so.1"});
    vbflite::FliteEngine::instance().start();
    *out = reinterpret_cast<vb_instance*>(instance.release());
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status synthesize(vb_instance* raw, const vb_call_context*, vb_str text, vb_str options_json, vb_sink out,
                     vb_error* error) {
  return vb::guard(error, [&] {
    const auto& self = *reinterpret_cast<Instance*>(raw);
    const auto options = options_json.len ? vbp::parseInput(options_json, "options") : vbp::json::object();
    const std::string voice = vbp::stringSetting(options, "voice", self.defaultVoice);
    if (!knownVoice(voice))
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                      "flite: unknown voice \"" + voice + "\" (known: " + voiceList() + ")");
    const std::string words(vb::view(text));
    if (words.find_first_not_of(" \t\r\n") == std::string::npos)
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "flite: nothing to say");
    if (words.size() > self.maxTextChars)
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                      "flite: text longer than " + std::to_string(self.maxTextChars) + " characters");
    const auto speech = vbflite::FliteEngine::instance().speak(words, voice);
    if (!speech) throw vb::Error(VB_INTERNAL, VB_ERROR_PERMANENT, "flite: synthesis failed");
    vb::write(out, vbp::encodeWavPcm16Mono(speech->samples, speech->sampleRate));
  });
}

const vb_tts_api kTts = {sizeof(vb_tts_api), synthesize};

const vb_plugin_descriptor kDescriptor = {VB_ABI_VERSION,
                                          sizeof(vb_plugin_descriptor),
                                          vb::str("flite"),
                                          VB_KIND_TTS,
                                          vb::str("1.0.0"),
                                          vb::str("Flite 2.2 TTS (cmu_us_slt default): PCM16 mono WAV"),
                                          create,
                                          destroy,
                                          nullptr,
                                          nullptr,
                                          &kTts,
                                          nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
