// pocketsphinx: offline speech to text with PocketSphinx (Debian 0.8+5prealpha,
// en-us model), steered by the calling agent's speech hints.
//
// settings: see engine_settings.hpp.
// options:  { "hints"?: ["phrase", …] (≤ 1000, each ≤ 200 chars), "language"?: "en-us" }
// input:    a WAV file: PCM 8–32 bit or float, 8–48 kHz, mono or stereo
//           (resampled to 16 kHz mono for the model).
// result:   { "transcript": "…", "confidence": 0..1, "durationMs": int, "decodeMs": int,
//             "engine": "pocketsphinx", "engineVersion": "…", "search": "hints"|"general" }
//           Silence gives VB_OK with transcript "".
// errors:   not a WAV / unsupported format / too long / bad options → VB_INVALID_ARGUMENT
//           (class invalid_request); no free decoder within the call's timeout →
//           VB_DEADLINE_EXCEEDED (timeout); cancelled while waiting → VB_CANCELLED;
//           engine failure → VB_INTERNAL (permanent).
// threads:  transcribe may be called concurrently from any thread; each call
//           borrows one decoder of the pool (settings.poolSize) for its duration.
#include <chrono>
#include <memory>
#include <variant>
#include <vbplugins/plugin_util.hpp>
#include <vbplugins/resident_libraries.hpp>
#include <vbplugins/resample.hpp>
#include <vbplugins/wav.hpp>

#include "decoder_pool.hpp"
#include "engine_settings.hpp"
#include "hint_model.hpp"
#include "hint_phrases.hpp"
#include "transcriber.hpp"

#ifndef VB_POCKETSPHINX_VERSION
#define VB_POCKETSPHINX_VERSION "unknown"
#endif

namespace {

constexpr uint32_t kModelRate = 16000;
constexpr size_t kMaxHints = 1000;
constexpr size_t kMaxHintChars = 200;

struct Instance {
  vb::Host host;
  vbsphinx::EngineSettings settings;
  std::unique_ptr<vbsphinx::DecoderPool> pool;
  std::unique_ptr<vbsphinx::HintModelCache> hints;
};

[[noreturn]] void badRequest(const std::string& message) {
  throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "pocketsphinx: " + message);
}

[[noreturn]] void engineFailure(const std::string& message) {
  throw vb::Error(VB_INTERNAL, VB_ERROR_PERMANENT, message);
}

std::vector<std::string> hintsOption(const vbp::json& options) {
  std::vector<std::string> hints;
  if (!options.is_object()) badRequest("options must be an object");
  if (const auto language = options.find("language"); language != options.end())
    if (!language->is_string() || language->get<std::string>() != "en-us")
      badRequest("language must be \"en-us\" (the only model installed)");
  const auto it = options.find("hints");
  if (it == options.end() || it->is_null()) return hints;
  if (!it->is_array()) badRequest("hints must be an array of strings");
  if (it->size() > kMaxHints) badRequest("at most " + std::to_string(kMaxHints) + " hints");
  for (const auto& hint : *it) {
    if (!hint.is_string()) badRequest("hints must be an array of strings");
    if (hint.get_ref<const std::string&>().size() > kMaxHintChars)
      badRequest("a hint is longer than " + std::to_string(kMaxHintChars) + " characters");
    hints.push_back(hint.get<std::string>());
  }
  return hints;
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    auto parsed = vbsphinx::parseEngineSettings(vbp::parseInput(settings_json, "settings"));
    if (const auto* bad = std::get_if<std::string>(&parsed)) badRequest(*bad);
    auto instance = std::make_unique<Instance>(Instance{vb::Host(host), std::get<vbsphinx::EngineSettings>(parsed), {}, {}});
    const auto& settings = instance->settings;
    vbp::keepAudioLibrariesResident();
    vbp::keepResident({"libpocketsphinx.so.3", "libsphinxbase.so.3", "libflite.so.1", "libflite_cmulex.so.1"});

    // One decoder now (it proves the settings and gives the filler words); the
    // pool opens the others only when calls overlap.
    auto opened = vbsphinx::Decoder::open(settings.decoder);
    if (const auto* bad = std::get_if<std::string>(&opened))
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                      *bad + " (check the settings modelDir / acousticModel / dictionary / languageModel)");
    auto first = std::move(std::get<std::unique_ptr<vbsphinx::Decoder>>(opened));
    auto filler = first->frequentWords(settings.fillerWords);
    instance->pool = std::make_unique<vbsphinx::DecoderPool>(
        std::move(first), settings.poolSize,
        [config = settings.decoder] { return vbsphinx::Decoder::open(config); });
    const vb::Host logTo = instance->host;
    instance->hints = std::make_unique<vbsphinx::HintModelCache>(
        settings.hintCacheSize, std::move(filler), settings.fillerWeight, vbsphinx::Decoder::kHintModelUnigramFloor,
        [logTo](const std::string& word) {
          logTo.log(VB_LOG_WARN, "pocketsphinx: no pronunciation for the hint word \"" + word + "\"; left out");
        });
    *out = reinterpret_cast<vb_instance*>(instance.release());
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status transcribe(vb_instance* raw, const vb_call_context* call, vb_str wav, vb_str options_json, vb_sink out,
                     vb_error* error) {
  return vb::guard(error, [&] {
    auto& self = *reinterpret_cast<Instance*>(raw);
    const auto options = options_json.len ? vbp::parseInput(options_json, "options") : vbp::json::object();
    const auto phrases = vbsphinx::normalizeHints(hintsOption(options));

    auto decoded = vbp::decodeWav(vb::view(wav));
    if (const auto* bad = std::get_if<vbp::WavError>(&decoded)) badRequest(bad->reason);
    const auto& audio = std::get<vbp::DecodedWav>(decoded);
    if (audio.durationMs() > static_cast<int64_t>(self.settings.maxAudioSeconds * 1000))
      badRequest("audio longer than " + vbp::json(self.settings.maxAudioSeconds).dump() + " s");
    const auto pcm = vbp::toPcm16(vbp::resample(audio.mono, audio.sampleRate, kModelRate));

    const uint32_t waitMs = call && call->timeout_ms ? call->timeout_ms : self.settings.decoderWaitMs;
    const auto deadline = vbsphinx::DecoderPool::Clock::now() + std::chrono::milliseconds(waitMs);
    const auto* api = self.host.api();
    const auto cancelled = [&] {
      return call && call->cancel && api && api->is_cancelled && api->is_cancelled(api->host_ctx, call->cancel);
    };
    auto borrowed = self.pool->acquire(deadline, cancelled);
    if (const auto* failure = std::get_if<vbsphinx::DecoderPool::WaitFailure>(&borrowed)) {
      if (*failure == vbsphinx::DecoderPool::WaitFailure::kCancelled)
        throw vb::Error(VB_CANCELLED, VB_ERROR_NONE, "pocketsphinx: cancelled while waiting for a decoder");
      throw vb::Error(VB_DEADLINE_EXCEEDED, VB_ERROR_TIMEOUT,
                      "pocketsphinx: no free decoder within " + std::to_string(waitMs) + " ms");
    }
    auto& decoder = *std::get<vbsphinx::DecoderPool::Lease>(borrowed);

    const int64_t start = vbp::nowNs(self.host);
    std::shared_ptr<const vbsphinx::HintModel> model;
    if (!phrases.empty()) {
      model = self.hints->get(phrases, [&](const std::string& word) { return decoder.lookup(word); });
      if (model)
        if (auto failed = decoder.prepare(model)) engineFailure(*failed);
    }
    auto result = vbsphinx::transcribe(decoder, pcm, model, self.settings.acceptance);
    if (const auto* failed = std::get_if<std::string>(&result)) engineFailure(*failed);
    const auto& transcript = std::get<vbsphinx::Transcript>(result);

    const vbp::json answer = {{"transcript", transcript.text},
                              {"confidence", transcript.confidence},
                              {"durationMs", audio.durationMs()},
                              {"decodeMs", vbp::elapsedMs(self.host, start)},
                              {"engine", "pocketsphinx"},
                              {"engineVersion", VB_POCKETSPHINX_VERSION},
                              {"search", transcript.search}};
    vb::write(out, answer.dump());
  });
}

const vb_stt_api kStt = {sizeof(vb_stt_api), transcribe};

const vb_plugin_descriptor kDescriptor = {VB_ABI_VERSION,
                                          sizeof(vb_plugin_descriptor),
                                          vb::str("pocketsphinx"),
                                          VB_KIND_STT,
                                          vb::str("1.0.0"),
                                          vb::str("PocketSphinx en-us STT, steered by speech hints (pooled decoders)"),
                                          create,
                                          destroy,
                                          nullptr,
                                          &kStt,
                                          nullptr,
                                          nullptr};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
