// One PocketSphinx decoder (en-us acoustic model, dictionary and general
// language model) plus the hint searches it has built. A decoder is not
// thread-safe: one caller at a time, which the DecoderPool guarantees.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hint_language_model.hpp"
#include "hint_model.hpp"

struct ps_decoder_s;

namespace vbsphinx {

// Where the model files are and how wide the search is.
struct DecoderConfig {
  std::string acousticModel;   // directory (…/en-us/en-us)
  std::string dictionary;      // …/cmudict-en-us.dict
  std::string languageModel;   // …/en-us.lm.bin
  int maxHmmPerFrame = 3000;   // -maxhmmpf: caps the search; 3000 cost no accuracy here and saved ≈20 %
  size_t hintSearches = 16;    // hint searches kept per decoder (LRU)
};

// The best hypothesis of one pass.
struct Hypothesis {
  std::string text;      // words separated by single spaces; "" when nothing was recognised
  double posterior = 0;  // of the whole hypothesis, 0..1 (PocketSphinx's bestpath lattice)
};

class Decoder {
 public:
  // Name of the general-model search every decoder starts with.
  static constexpr const char* kGeneralSearch = "general";
  // Hint models should have at least this many unigrams (padded), so
  // attaching one to the en-us dictionary (134k words) stays fast; see
  // buildHintLanguageModel.
  static constexpr size_t kHintModelUnigramFloor = 32768;

  // Loads the models (≈0.3–1 s). Returns the decoder or why it failed.
  static std::variant<std::unique_ptr<Decoder>, std::string> open(const DecoderConfig& config);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Makes `model`'s search available (building it on first use: adds the
  // words this dictionary lacks, loads the model text). Evicts the least
  // recently used hint search beyond the configured count. Returns an error
  // text on failure.
  std::optional<std::string> prepare(const std::shared_ptr<const HintModel>& model);

  // Decodes 16 kHz mono PCM16 as one utterance with the named search
  // (kGeneralSearch or a prepared model's searchName), then switches back
  // to the general search so no call inherits another's. Returns an error
  // text on failure.
  std::variant<Hypothesis, std::string> decode(const std::vector<int16_t>& pcm, const std::string& search);

  // The dictionary's phones for `word`, or nullopt.
  std::optional<std::string> lookup(const std::string& word) const;

  // The general model's `count` most probable plain words with their
  // probabilities (filler for hint models).
  std::vector<FillerWord> frequentWords(size_t count) const;

  // Hint searches currently built, and the search the next decode would use
  // unless told otherwise (for tests and diagnostics).
  size_t hintSearchCount() const { return hintSearches_.size(); }
  const std::string& activeSearch() const { return activeSearch_; }

 private:
  Decoder(ps_decoder_s* decoder, size_t hintSearches) : decoder_(decoder), maxHintSearches_(hintSearches) {}
  std::optional<std::string> addMissingWords(const HintModel& model);
  bool select(const std::string& search);  // ps_set_search, remembering the name

  ps_decoder_s* decoder_;
  size_t maxHintSearches_;
  // Most recently used first; each keeps its model alive.
  std::list<std::shared_ptr<const HintModel>> hintSearches_;
  // The search last selected. Kept here because ps_get_search leaks an
  // iterator on every call in 5prealpha.
  std::string activeSearch_;
};

}  // namespace vbsphinx
