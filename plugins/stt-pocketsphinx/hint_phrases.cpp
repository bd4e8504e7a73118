#include "hint_phrases.hpp"

#include <algorithm>
#include <cctype>

namespace vbsphinx {
namespace {

constexpr const char* kDigitWords[] = {"zero", "one", "two",   "three", "four",
                                       "five", "six", "seven", "eight", "nine"};

bool isLetter(char c) { return c >= 'a' && c <= 'z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Appends the words of one token made of letters, digits and apostrophes.
void appendToken(const std::string& token, Phrase& out) {
  size_t i = 0;
  while (i < token.size()) {
    if (isDigit(token[i])) {
      out.emplace_back(kDigitWords[token[i] - '0']);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < token.size() && !isDigit(token[j])) ++j;
    std::string word = token.substr(i, j - i);
    // Apostrophes belong inside words ("don't"), never at their edges.
    const size_t first = word.find_first_not_of('\'');
    const size_t last = word.find_last_not_of('\'');
    if (first != std::string::npos) out.push_back(word.substr(first, last - first + 1));
    i = j;
  }
}

}  // namespace

Phrase normalizeHint(const std::string& hint) {
  Phrase words;
  std::string token;
  for (const char raw : hint) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(raw)));
    if (isLetter(c) || isDigit(c) || c == '\'') {
      token += c;
    } else if (!token.empty()) {
      appendToken(token, words);
      token.clear();
    }
  }
  if (!token.empty()) appendToken(token, words);
  return words;
}

std::vector<Phrase> normalizeHints(const std::vector<std::string>& hints) {
  std::vector<Phrase> phrases;
  for (const auto& hint : hints) {
    Phrase phrase = normalizeHint(hint);
    if (!phrase.empty()) phrases.push_back(std::move(phrase));
  }
  std::sort(phrases.begin(), phrases.end());
  phrases.erase(std::unique(phrases.begin(), phrases.end()), phrases.end());
  return phrases;
}

std::string hintSetKey(const std::vector<Phrase>& phrases) {
  std::string key;
  for (const auto& phrase : phrases) {
    for (size_t i = 0; i < phrase.size(); ++i) {
      if (i) key += ' ';
      key += phrase[i];
    }
    key += '\n';
  }
  return key;
}

}  // namespace vbsphinx
