#include "hint_language_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

namespace vbsphinx {
namespace {

constexpr double kDiscount = 0.5;
constexpr const char* kStart = "<s>";
constexpr const char* kEnd = "</s>";

std::string log10Text(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", p > 0 ? std::log10(p) : -99.0);
  return buffer;
}

}  // namespace

std::string buildHintLanguageModel(const std::vector<Phrase>& phrases, const std::vector<FillerWord>& filler,
                                   double fillerWeight, size_t minUnigrams) {
  std::map<std::string, double> hintCount;  // tokens of the hint sentences, <s> excluded
  std::map<std::string, double> historyCount;
  std::map<std::pair<std::string, std::string>, double> bigramCount;
  double tokens = 0;
  for (const auto& phrase : phrases) {
    std::string previous = kStart;
    auto count = [&](const std::string& word) {
      hintCount[word] += 1;
      tokens += 1;
      bigramCount[{previous, word}] += 1;
      historyCount[previous] += 1;
      previous = word;
    };
    for (const auto& word : phrase) count(word);
    count(kEnd);
  }
  if (phrases.empty()) hintCount[kEnd] = 0;

  double fillerTotal = 0;
  for (const auto& f : filler) fillerTotal += std::max(0.0, f.probability);
  const double g = fillerTotal > 0 ? std::clamp(fillerWeight, 0.0, 0.95) : 0.0;

  // Mixed unigram distribution (sums to 1 over the hint words, </s> and the filler).
  std::map<std::string, double> unigram;
  const double vocabulary = static_cast<double>(hintCount.size());
  for (const auto& [word, c] : hintCount) unigram[word] = (1 - g) * (c + 1) / (tokens + vocabulary);
  if (g > 0)
    for (const auto& f : filler)
      if (f.probability > 0 && f.word != kStart && f.word != kEnd) unigram[f.word] += g * f.probability / fillerTotal;

  // Backoff weights make each history's distribution sum to one.
  std::map<std::string, double> seenBigramMass, seenUnigramMass;
  for (const auto& [key, c] : bigramCount) {
    seenBigramMass[key.first] += (c - kDiscount) / historyCount[key.first];
    seenUnigramMass[key.first] += unigram[key.second];
  }
  auto backoff = [&](const std::string& history) {
    const auto it = seenBigramMass.find(history);
    if (it == seenBigramMass.end()) return 1.0;
    const double rest = 1 - seenUnigramMass[history];
    return rest > 0 ? (1 - it->second) / rest : 1.0;
  };

  const size_t padding = minUnigrams > unigram.size() + 1 ? minUnigrams - unigram.size() - 1 : 0;
  std::string arpa = "\\data\\\n";
  arpa += "ngram 1=" + std::to_string(unigram.size() + 1 + padding) + "\n";
  if (!bigramCount.empty()) arpa += "ngram 2=" + std::to_string(bigramCount.size()) + "\n";
  arpa += "\n\\1-grams:\n";
  arpa += "-99 " + std::string(kStart) + " " + log10Text(backoff(kStart)) + "\n";
  for (const auto& [word, p] : unigram) {
    arpa += log10Text(p) + " " + word;
    if (word != kEnd) arpa += " " + log10Text(backoff(word));
    arpa += "\n";
  }
  for (size_t i = 0; i < padding; ++i) arpa += "-99 <pad-" + std::to_string(i) + ">\n";
  if (!bigramCount.empty()) arpa += "\n\\2-grams:\n";
  for (const auto& [key, c] : bigramCount)
    arpa += log10Text((c - kDiscount) / historyCount[key.first]) + " " + key.first + " " + key.second + "\n";
  arpa += "\n\\end\\\n";
  return arpa;
}

}  // namespace vbsphinx
