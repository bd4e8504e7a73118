// The language model of a hint set, as ARPA text PocketSphinx can load.
//
// Why an n-gram model and not a JSGF grammar. Measured while choosing, on
// 17 Flite-spoken billing questions with a hint list of their phrases:
//  - a JSGF loop over the hint phrases and words forces every sound onto a
//    hint word: 16.5 % word errors when the phrases left out a few
//    function words, and free speech came out as hint-word salad;
//  - interpolating the full general model with a hint model at run time
//    (ngram_model_set) reached 4.3 %, but decoded 2.5x slower than the
//    general model alone (≈1 s for 3 s of speech);
//  - this model — bigrams of the hint phrases over a unigram mix of the
//    hint words and the general model's most frequent words — reached
//    0.7 % at less than half the general model's decode time, and lets
//    out-of-domain words surface as themselves instead of as hint words,
//    which is what tells the transcriber (transcriber.hpp) to fall back to
//    the full general model.
// The shipped figures (tests/speech_plugins, bench/voice_wer): 2.0 % on the
// 18 questions of billing_corpus.h, ≈250 ms to decode 3.8 s (general model:
// 23-26 %, ≈500 ms).
#pragma once

#include <string>
#include <vector>

#include "hint_phrases.hpp"

namespace vbsphinx {

// A general-English word and its unigram probability (any scale; the
// builder renormalises).
struct FillerWord {
  std::string word;
  double probability = 0;
};

// ARPA text: unigrams = (1 - fillerWeight) × add-one hint unigrams +
// fillerWeight × the renormalised filler; bigrams = the hint phrases'
// (absolute discounting, D = 0.5, backing off to the mixed unigrams).
// Every phrase is a sentence (<s> … </s>). fillerWeight is clamped to
// [0, 0.95]; with no filler it is 0.
//
// `minUnigrams` pads the unigram list with zero-probability "<pad-N>"
// entries, which no dictionary holds. Why: PocketSphinx maps every
// dictionary word (134k for en-us) into a search's model through a hash
// table sized by the model's own vocabulary, so a 3,000-word model took
// 1.1 s to attach (9–24 s with a few hundred words); padded to 32k it takes
// ≈0.25 s. Pure function.
std::string buildHintLanguageModel(const std::vector<Phrase>& phrases, const std::vector<FillerWord>& filler,
                                   double fillerWeight, size_t minUnigrams = 0);

}  // namespace vbsphinx
