// The plugin's "settings" object (host config), validated once at create.
//
//   { "modelDir"?: "/usr/share/pocketsphinx/model/en-us",
//     "acousticModel"?, "dictionary"?, "languageModel"?   (default: inside modelDir),
//     "poolSize"?: 2, "hintCacheSize"?: 16, "fillerWords"?: 3000,
//     "fillerWeight"?: 0.3, "minHintWordShare"?: 0.75, "minHintPosterior"?: 0.001,
//     "maxHmmPerFrame"?: 3000, "maxAudioSeconds"?: 120, "decoderWaitMs"?: 10000 }
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "decoder.hpp"
#include "transcriber.hpp"

namespace vbsphinx {

struct EngineSettings {
  DecoderConfig decoder;
  AcceptancePolicy acceptance;
  size_t poolSize = 2;         // decoders at most (one at create, more when calls overlap); each ≈93 MB and ≈0.25 s
  size_t hintCacheSize = 16;   // compiled hint sets kept (shared, and per decoder)
  size_t fillerWords = 3000;   // general words mixed into each hint model
  double fillerWeight = 0.3;   // their share of the hint model's unigram mass
  double maxAudioSeconds = 120;
  uint32_t decoderWaitMs = 10000;  // wait for a free decoder when the call has no timeout
};

// Parses and range-checks `settings` (a JSON object or null). Returns the
// settings or a message naming the bad field.
std::variant<EngineSettings, std::string> parseEngineSettings(const nlohmann::json& settings);

}  // namespace vbsphinx
