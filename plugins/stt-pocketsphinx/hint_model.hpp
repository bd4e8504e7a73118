// Compiled hint sets, shared by every decoder of the pool: the language
// model text, the hint vocabulary and a pronunciation for each hint word.
// Compiling costs a few milliseconds (letter-to-sound for unknown words and
// the model text); a bounded LRU keeps the recent sets so a call reuses them.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hint_language_model.hpp"
#include "hint_phrases.hpp"
#include "pronouncer.hpp"

namespace vbsphinx {

struct HintModel {
  std::string key;             // hintSetKey of the phrases
  std::string searchName;      // unique per compiled model: "hints-<n>"
  std::string languageModel;   // ARPA text (hint_language_model.hpp)
  std::set<std::string> vocabulary;  // the words of the phrases that can be recognised
  // Every vocabulary word with its phones, so each decoder can add the ones
  // its dictionary lacks and all decoders end up with the same words.
  std::vector<std::pair<std::string, std::string>> pronunciations;
};

// Looks a word up in a decoder's dictionary: its phones or nullopt.
using DictionaryLookup = std::function<std::optional<std::string>(const std::string&)>;

class HintModelCache {
 public:
  // Models mix in `filler` at `fillerWeight` and are padded to
  // `minUnigrams` (see buildHintLanguageModel). `warn` is called once per
  // distinct word that has no pronunciation (the word is then left out of
  // its phrase); it must not call back into the cache.
  HintModelCache(size_t capacity, std::vector<FillerWord> filler, double fillerWeight, size_t minUnigrams,
                 std::function<void(const std::string&)> warn);

  // The compiled model of `phrases` (normalised, non-empty), compiled on a
  // miss with `lookup` and the letter-to-sound rules. nullptr when no hint
  // word can be pronounced. Thread-safe (one mutex; compiling holds it).
  std::shared_ptr<const HintModel> get(const std::vector<Phrase>& phrases, const DictionaryLookup& lookup);

  size_t size() const;

 private:
  std::shared_ptr<const HintModel> compileLocked(const std::vector<Phrase>& phrases, const std::string& key,
                                                 const DictionaryLookup& lookup);  // requires mutex_

  const size_t capacity_;
  const std::vector<FillerWord> filler_;
  const double fillerWeight_;
  const size_t minUnigrams_;
  const std::function<void(const std::string&)> warn_;
  Pronouncer pronouncer_;

  mutable std::mutex mutex_;
  // Most recent first; index_ points into it. Both guarded by mutex_.
  std::list<std::shared_ptr<const HintModel>> recent_;
  std::unordered_map<std::string, std::list<std::shared_ptr<const HintModel>>::iterator> index_;
  std::set<std::string> warned_;  // guarded by mutex_
  uint64_t compiled_ = 0;         // guarded by mutex_; numbers the search names
};

}  // namespace vbsphinx
