// Word error rate: (substitutions + deletions + insertions) / reference
// words, over lower-cased words with punctuation removed.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace vbspeech {

inline std::vector<std::string> normalizedWords(const std::string& text) {
  std::string clean;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    clean += std::isalnum(u) || c == '\'' ? static_cast<char>(std::tolower(u)) : ' ';
  }
  std::istringstream in(clean);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Edit distance between the word sequences of `reference` and `hypothesis`.
inline size_t wordErrors(const std::string& reference, const std::string& hypothesis) {
  const auto r = normalizedWords(reference), h = normalizedWords(hypothesis);
  std::vector<size_t> row(h.size() + 1);
  for (size_t j = 0; j <= h.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= r.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= h.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (r[i - 1] == h[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[h.size()];
}

// Errors and reference words summed over many utterances.
struct WerTally {
  size_t errors = 0;
  size_t words = 0;
  size_t sentences = 0;

  void add(const std::string& reference, const std::string& hypothesis) {
    errors += wordErrors(reference, hypothesis);
    words += normalizedWords(reference).size();
    ++sentences;
  }
  double percent() const { return words ? 100.0 * static_cast<double>(errors) / static_cast<double>(words) : 0; }
};

}  // namespace vbspeech
