// mockStt: a deterministic speech-to-text stand-in. The "recognised" text is
// the WAV's LIST/INFO/ICMT comment (mock TTS writes it; tests can too), else
// "audio of N ms". Reads any WAV the real engines accept (vbplugins/wav.hpp).
// No engine, so calls are freely concurrent.
#include <variant>
#include <vbplugins/plugin_util.hpp>
#include <vbplugins/resident_libraries.hpp>
#include <vbplugins/wav.hpp>

namespace {

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

vb_status transcribe(vb_instance*, const vb_call_context*, vb_str wav, vb_str options_json, vb_sink out,
                     vb_error* error) {
  return vb::guard(error, [&] {
    if (options_json.len) vbp::parseInput(options_json, "options");
    auto decoded = vbp::decodeWav(vb::view(wav));
    if (const auto* bad = std::get_if<vbp::WavError>(&decoded))
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "mockStt: " + bad->reason);
    const auto& audio = std::get<vbp::DecodedWav>(decoded);
    const int64_t ms = audio.durationMs();
    const bool known = !audio.comment.empty();
    const vbp::json result = {
        {"transcript", known ? audio.comment : "audio of " + std::to_string(ms) + " ms"},
        {"confidence", known ? 0.98 : 0.4},
        {"durationMs", ms}};
    vb::write(out, result.dump());
  });
}

const vb_stt_api kStt = {sizeof(vb_stt_api), transcribe};

const vb_plugin_descriptor kDescriptor = {VB_ABI_VERSION,
                                          sizeof(vb_plugin_descriptor),
                                          vb::str("mockStt"),
                                          VB_KIND_STT,
                                          vb::str("1.0.0"),
                                          vb::str("Mock STT: transcript from the WAV's ICMT comment"),
                                          create,
                                          destroy,
                                          nullptr,
                                          &kStt,
                                          nullptr,
                                          nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
