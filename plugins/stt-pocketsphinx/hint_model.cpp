#include "hint_model.hpp"

#include <map>

namespace vbsphinx {

HintModelCache::HintModelCache(size_t capacity, std::vector<FillerWord> filler, double fillerWeight,
                               size_t minUnigrams, std::function<void(const std::string&)> warn)
    : capacity_(capacity ? capacity : 1),
      filler_(std::move(filler)),
      fillerWeight_(fillerWeight),
      minUnigrams_(minUnigrams),
      warn_(std::move(warn)) {}

size_t HintModelCache::size() const {
  std::lock_guard lock(mutex_);
  return recent_.size();
}

std::shared_ptr<const HintModel> HintModelCache::get(const std::vector<Phrase>& phrases,
                                                     const DictionaryLookup& lookup) {
  const std::string key = hintSetKey(phrases);
  std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second);
    return *it->second;
  }
  auto model = compileLocked(phrases, key, lookup);
  if (!model) return nullptr;
  recent_.push_front(model);
  index_[key] = recent_.begin();
  if (recent_.size() > capacity_) {
    index_.erase(recent_.back()->key);
    recent_.pop_back();  // decoders holding it keep their copy alive
  }
  return model;
}

std::shared_ptr<const HintModel> HintModelCache::compileLocked(const std::vector<Phrase>& phrases,
                                                               const std::string& key,
                                                               const DictionaryLookup& lookup) {
  auto model = std::make_shared<HintModel>();
  model->key = key;
  model->searchName = "hints-" + std::to_string(++compiled_);

  std::map<std::string, std::optional<std::string>> phonesOf;
  auto pronounce = [&](const std::string& word) -> const std::optional<std::string>& {
    auto it = phonesOf.find(word);
    if (it != phonesOf.end()) return it->second;
    std::optional<std::string> phones = lookup(word);
    if (!phones) phones = pronouncer_.pronounce(word);
    if (!phones && warned_.insert(word).second) warn_(word);
    return phonesOf.emplace(word, std::move(phones)).first->second;
  };

  // A word without a pronunciation splits its phrase: the words around it
  // were never said next to each other.
  std::vector<Phrase> usable;
  for (const auto& phrase : phrases) {
    Phrase part;
    for (const auto& word : phrase) {
      if (pronounce(word)) {
        part.push_back(word);
        continue;
      }
      if (!part.empty()) usable.push_back(std::move(part));
      part.clear();
    }
    if (!part.empty()) usable.push_back(std::move(part));
  }
  if (usable.empty()) return nullptr;

  for (const auto& [word, phones] : phonesOf)
    if (phones) {
      model->vocabulary.insert(word);
      model->pronunciations.emplace_back(word, *phones);
    }
  model->languageModel = buildHintLanguageModel(usable, filler_, fillerWeight_, minUnigrams_);
  return model;
}

}  // namespace vbsphinx
