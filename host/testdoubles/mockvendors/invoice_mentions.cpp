#include "testdoubles/mockvendors/invoice_mentions.h"

#include <cctype>
#include <map>
#include <regex>
#include <vector>

namespace vb {
namespace {

constexpr size_t kSpokenDigits = 4;  // InvoiceLookup's numbers are INV-dddd

std::vector<std::string> lowercaseWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The digits a word stands for: "seven" → "7", "oh" → "0", "1001" → "1001";
// nullopt when it is no number.
std::optional<std::string> digitsOf(const std::string& word) {
  static const std::map<std::string, std::string> spoken{
      {"zero", "0"}, {"oh", "0"},  {"one", "1"},   {"two", "2"},   {"three", "3"}, {"four", "4"},
      {"five", "5"}, {"six", "6"}, {"seven", "7"}, {"eight", "8"}, {"nine", "9"}};
  if (const auto it = spoken.find(word); it != spoken.end()) return it->second;
  for (unsigned char c : word)
    if (!std::isdigit(c)) return std::nullopt;
  return word;
}

// "invoice [number|no|num] <digits…>" with exactly four digits in all.
std::optional<std::string> spokenInvoiceNumber(const std::string& text) {
  const auto words = lowercaseWords(text);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "invoice" && words[i] != "inv") continue;
    size_t j = i + 1;
    if (j < words.size() && (words[j] == "number" || words[j] == "no" || words[j] == "num")) ++j;
    std::string digits;
    for (; j < words.size(); ++j) {
      const auto d = digitsOf(words[j]);
      if (!d) break;
      digits += *d;
    }
    if (digits.size() == kSpokenDigits) return "INV-" + digits;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> invoiceNumberIn(const std::string& text) {
  static const std::regex written(R"(\bINV-(\d+)\b)", std::regex::icase);
  std::smatch m;
  if (std::regex_search(text, m, written)) return "INV-" + m.str(1);
  return spokenInvoiceNumber(text);
}

std::optional<std::string> customerIdIn(const std::string& text) {
  static const std::regex customer(R"(\b(cust-[A-Za-z0-9_-]+|C-\d+)\b)", std::regex::icase);
  std::smatch m;
  if (std::regex_search(text, m, customer)) return m.str(1);
  return std::nullopt;
}

bool mentionsInvoices(const std::string& text) {
  static const std::regex invoice(R"(\binvoices?\b|\bINV-\d)", std::regex::icase);
  return std::regex_search(text, invoice);
}

}  // namespace vb
