#include "engine_settings.hpp"

namespace vbsphinx {
namespace {

constexpr const char* kDefaultModelDir = "/usr/share/pocketsphinx/model/en-us";

// Reads settings[key] into `out` when present; returns an error text when it
// has the wrong type or lies outside [min, max].
template <typename T>
std::optional<std::string> readNumber(const nlohmann::json& settings, const char* key, T& out, double min,
                                      double max) {
  const auto it = settings.find(key);
  if (it == settings.end()) return std::nullopt;
  const bool integral = std::is_integral_v<T>;
  if (!it->is_number() || (integral && !it->is_number_integer()) || it->get<double>() < min ||
      it->get<double>() > max)
    return std::string("setting ") + key + " must be " + (integral ? "an integer" : "a number") + " in [" +
           nlohmann::json(min).dump() + ", " + nlohmann::json(max).dump() + "]";
  out = it->get<T>();
  return std::nullopt;
}

std::optional<std::string> readPath(const nlohmann::json& settings, const char* key, std::string& out) {
  const auto it = settings.find(key);
  if (it == settings.end()) return std::nullopt;
  if (!it->is_string() || it->get<std::string>().empty())
    return std::string("setting ") + key + " must be a non-empty path";
  out = it->get<std::string>();
  return std::nullopt;
}

}  // namespace

std::variant<EngineSettings, std::string> parseEngineSettings(const nlohmann::json& settings) {
  if (!settings.is_null() && !settings.is_object()) return std::string("settings must be an object");
  const nlohmann::json s = settings.is_object() ? settings : nlohmann::json::object();
  EngineSettings out;
  std::string modelDir = kDefaultModelDir;
  if (auto e = readPath(s, "modelDir", modelDir)) return *e;
  out.decoder.acousticModel = modelDir + "/en-us";
  out.decoder.dictionary = modelDir + "/cmudict-en-us.dict";
  out.decoder.languageModel = modelDir + "/en-us.lm.bin";
  for (auto [key, target] : {std::pair{"acousticModel", &out.decoder.acousticModel},
                             std::pair{"dictionary", &out.decoder.dictionary},
                             std::pair{"languageModel", &out.decoder.languageModel}})
    if (auto e = readPath(s, key, *target)) return *e;

  if (auto e = readNumber(s, "poolSize", out.poolSize, 1, 16)) return *e;
  if (auto e = readNumber(s, "hintCacheSize", out.hintCacheSize, 1, 1024)) return *e;
  out.decoder.hintSearches = out.hintCacheSize;
  if (auto e = readNumber(s, "fillerWords", out.fillerWords, 0, 50000)) return *e;
  if (auto e = readNumber(s, "fillerWeight", out.fillerWeight, 0, 0.95)) return *e;
  if (auto e = readNumber(s, "minHintWordShare", out.acceptance.minHintWordShare, 0, 1)) return *e;
  if (auto e = readNumber(s, "minHintPosterior", out.acceptance.minHintPosterior, 0, 1)) return *e;
  if (auto e = readNumber(s, "maxHmmPerFrame", out.decoder.maxHmmPerFrame, 100, 100000)) return *e;
  if (auto e = readNumber(s, "maxAudioSeconds", out.maxAudioSeconds, 1, 3600)) return *e;
  if (auto e = readNumber(s, "decoderWaitMs", out.decoderWaitMs, 0, 600000)) return *e;
  return out;
}

}  // namespace vbsphinx
