// Speech hints as the recogniser sees them: an agent's `speechHints`
// ("INV-1001", "due date", "What is my balance?") become lower-case word
// sequences in the dictionary's spelling ("inv one zero zero one").
#pragma once

#include <string>
#include <vector>

namespace vbsphinx {

using Phrase = std::vector<std::string>;

// Normalises one hint: ASCII letters lower-cased; anything but letters,
// digits and inner apostrophes separates words; letter and digit runs are
// split ("inv1001" → "inv" "1001"); digits are spoken one by one ("1001" →
// "one zero zero one"), which is how people read invoice numbers. Returns an
// empty phrase when nothing is left. Pure function.
Phrase normalizeHint(const std::string& hint);

// The normalised, de-duplicated, sorted phrases of a hint list (empty ones
// dropped): the same hints in any order or spelling give the same set.
std::vector<Phrase> normalizeHints(const std::vector<std::string>& hints);

// A stable text key for a normalised hint set (one phrase per line).
std::string hintSetKey(const std::vector<Phrase>& phrases);

}  // namespace vbsphinx
