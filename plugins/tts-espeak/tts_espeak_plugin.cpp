// espeak: text to speech with espeak-ng (many languages; robotic but tiny).
//
// settings: { "defaultVoice"?: "en-us", "dataPath"?: "…espeak-ng-data",
//             "maxTextChars"?: 5000 }
// options:  { "voice"?: "en-us" | any espeak-ng voice name ("de", "en-us+f3"),
//             "rate"?: 80..450 words per minute (default 175) }
// Output: a PCM16 mono WAV at 22050 Hz.
// Calls may come from any thread at once; espeak-ng itself runs one at a
// time (see espeak_engine.hpp).
#include <memory>
#include <vbplugins/plugin_util.hpp>
#include <vbplugins/resident_libraries.hpp>
#include <vbplugins/wav.hpp>

#include "espeak_engine.hpp"

namespace {

constexpr int kDefaultWordsPerMinute = 175;

struct Instance {
  vb::Host host;
  std::string defaultVoice;
  size_t maxTextChars;
};

[[noreturn]] void fail(const vbespeak::EngineError& e) {
  using Kind = vbespeak::EngineError::Kind;
  if (e.kind == Kind::kEngine) throw vb::Error(VB_INTERNAL, VB_ERROR_PERMANENT, "espeak: " + e.message);
  throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "espeak: " + e.message);
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto settings = vbp::parseInput(settings_json, "settings");
    size_t maxTextChars = 5000;
    if (settings.contains("maxTextChars")) {
      const auto& max = settings["maxTextChars"];
      if (!max.is_number_integer() || max.get<long long>() < 1)
        throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                        "espeak: setting maxTextChars must be a positive integer");
      maxTextChars = max.get<size_t>();
    }
    vbp::keepAudioLibrariesResident();
    vbp::keepResident({"libespeak-ng.so.1"});
    auto instance = std::make_unique<Instance>(
        Instance{vb::Host(host), vbp::stringSetting(settings, "defaultVoice", "en-us"), maxTextChars});
    auto started = vbespeak::EspeakEngine::instance().start(vbp::stringSetting(settings, "dataPath"));
    if (const auto* bad = std::get_if<vbespeak::EngineError>(&started)) fail(*bad);
    // Prove the default voice exists now rather than on the first call.
    auto probe = vbespeak::EspeakEngine::instance().speak("ok", instance->defaultVoice, kDefaultWordsPerMinute);
    if (const auto* bad = std::get_if<vbespeak::EngineError>(&probe)) fail(*bad);
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
    int rate = kDefaultWordsPerMinute;
    if (options.is_object() && options.contains("rate")) {
      if (!options["rate"].is_number_integer())
        throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "espeak: rate must be an integer");
      rate = options["rate"].get<int>();
    }
    const std::string words(vb::view(text));
    if (words.find_first_not_of(" \t\r\n") == std::string::npos)
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "espeak: nothing to say");
    if (words.size() > self.maxTextChars)
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                      "espeak: text longer than " + std::to_string(self.maxTextChars) + " characters");
    auto speech = vbespeak::EspeakEngine::instance().speak(words, voice, rate);
    if (const auto* bad = std::get_if<vbespeak::EngineError>(&speech)) fail(*bad);
    const auto& s = std::get<vbespeak::Speech>(speech);
    vb::write(out, vbp::encodeWavPcm16Mono(s.samples, s.sampleRate));
  });
}

const vb_tts_api kTts = {sizeof(vb_tts_api), synthesize};

const vb_plugin_descriptor kDescriptor = {VB_ABI_VERSION,
                                          sizeof(vb_plugin_descriptor),
                                          vb::str("espeak"),
                                          VB_KIND_TTS,
                                          vb::str("1.0.0"),
                                          vb::str("espeak-ng TTS (en-us default): PCM16 mono WAV, 22050 Hz"),
                                          create,
                                          destroy,
                                          nullptr,
                                          nullptr,
                                          &kTts,
                                          nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
