// mockTts: a deterministic text-to-speech stand-in. Writes a valid 16 kHz
// PCM16 mono WAV with 60 ms of tone per word (pitch from the word, so audio
// differs with the text) and the text itself in LIST/INFO/ICMT, which mock
// STT reads back. Stateless, so calls are freely concurrent.
#include <cmath>
#include <sstream>
#include <vector>
#include <vbplugins/plugin_util.hpp>
#include <vbplugins/resident_libraries.hpp>
#include <vbplugins/wav.hpp>

namespace {

constexpr uint32_t kRate = 16000;
constexpr uint32_t kSamplesPerWord = kRate * 60 / 1000;

struct Instance {
  vb::Host host;
};

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    vbp::parseInput(settings_json, "settings");
    vbp::keepAudioLibrariesResident();
    *out = reinterpret_cast<vb_instance*>(new Instance{vb::Host(host)});
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status synthesize(vb_instance*, const vb_call_context*, vb_str text, vb_str options_json, vb_sink out,
                     vb_error* error) {
  return vb::guard(error, [&] {
    if (options_json.len) vbp::parseInput(options_json, "options");
    std::istringstream words{std::string(vb::view(text))};
    std::vector<int16_t> pcm;
    std::string word;
    size_t count = 0;
    while (words >> word) {
      uint32_t h = 2166136261u;
      for (unsigned char c : word) h = (h ^ c) * 16777619u;
      const double freq = 220.0 + (h % 440);
      for (uint32_t i = 0; i < kSamplesPerWord; ++i) {
        pcm.push_back(
            static_cast<int16_t>(8000.0 * std::sin(2.0 * 3.14159265358979323846 * freq * i / kRate)));
      }
      ++count;
    }
    if (count == 0) throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "mockTts: nothing to say");
    vb::write(out, vbp::encodeWavPcm16Mono(pcm, kRate, std::string(vb::view(text))));
  });
}

const vb_tts_api kTts = {sizeof(vb_tts_api), synthesize};

const vb_plugin_descriptor kDescriptor = {VB_ABI_VERSION,
                                          sizeof(vb_plugin_descriptor),
                                          vb::str("mockTts"),
                                          VB_KIND_TTS,
                                          vb::str("1.0.0"),
                                          vb::str("Mock TTS: 16 kHz PCM16 WAV, 60 ms tone per word"),
                                          create,
                                          destroy,
                                          nullptr,
                                          nullptr,
                                          &kTts,
                                          nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
