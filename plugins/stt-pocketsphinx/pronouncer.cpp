#include "pronouncer.hpp"

#include <cctype>
#include <csetjmp>

extern "C" {
#include <flite/flite.h>
cst_lexicon* cmu_lex_init(void);  // libflite_cmulex ships no header
}

namespace vbsphinx {
namespace {

// Looks `word` up with cst_error() jumping back here instead of exiting the
// process. Plain C in between (no C++ object lives across the jump).
cst_val* lookupOrNull(cst_lexicon* lexicon, const char* word) {
  jmp_buf onError;
  jmp_buf* previous = cst_errjmp;
  cst_errjmp = &onError;
  cst_val* volatile phones = nullptr;
  if (setjmp(onError) == 0) phones = lex_lookup(lexicon, word, nullptr, nullptr);
  cst_errjmp = previous;
  return phones;
}

// "ih1" → "IH"; Flite's reduced vowel "ax" is the model's "AH"; pauses vanish.
std::string toModelPhone(const char* flitePhone) {
  std::string phone;
  for (const char* p = flitePhone; *p; ++p)
    if (std::isalpha(static_cast<unsigned char>(*p)))
      phone += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
  if (phone == "PAU") phone.clear();
  if (phone == "AX") phone[1] = 'H';
  return phone;
}

}  // namespace

Pronouncer::Pronouncer() : lexicon_(nullptr) {}

std::optional<std::string> Pronouncer::pronounce(const std::string& word) {
  std::lock_guard lock(mutex_);
  if (!lexicon_) lexicon_ = cmu_lex_init();
  cst_val* phones = lookupOrNull(lexicon_, word.c_str());
  if (!phones) return std::nullopt;
  std::string out;
  for (const cst_val* v = phones; v; v = val_cdr(v)) {
    const std::string phone = toModelPhone(val_string(val_car(v)));
    if (phone.empty()) continue;
    if (!out.empty()) out += ' ';
    out += phone;
  }
  delete_val(phones);
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace vbsphinx
