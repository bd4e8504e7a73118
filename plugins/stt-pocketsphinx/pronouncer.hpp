// Pronunciations for hint words the dictionary lacks ("inv", "globex"),
// from Flite's CMU lexicon and letter-to-sound rules — the one grapheme-to-
// phoneme converter Debian ships next to PocketSphinx. Flite's CMU phones
// ("ih1 n v") map one to one onto the en-us acoustic model's ("IH N V").
#pragma once

#include <mutex>
#include <optional>
#include <string>

struct lexicon_struct;

namespace vbsphinx {

class Pronouncer {
 public:
  Pronouncer();

  // The en-us phone string for a lower-case word, or nullopt when Flite
  // cannot say it. Thread-safe: calls are serialised, since Flite reports
  // errors through a process-wide jump buffer (cst_errjmp). That buffer is
  // also the flite TTS plugin's, under its own lock; lookups of plain
  // words never raise errors, so the two only meet on a Flite failure.
  std::optional<std::string> pronounce(const std::string& word);

 private:
  std::mutex mutex_;
  lexicon_struct* lexicon_;  // static data inside libflite_cmulex; guarded by mutex_
};

}  // namespace vbsphinx
