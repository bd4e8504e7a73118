// How one utterance is recognised, given a decoder and (optionally) the
// compiled hints:
//
//  1. Silence (no 20 ms frame above -46 dBFS) → "" without decoding.
//  2. With hints: decode with the hint search first (≈250 ms for 3.8 s of
//     speech; the general model takes about twice as long).
//     Accept it when at least `minHintWordShare` of its words are hint words
//     and its posterior is at least `minHintPosterior`: the hint model's
//     general-English filler lets out-of-domain speech come out as non-hint
//     words, so a low share means "this was not about the hints".
//  3. Otherwise (or without hints) decode with the full general model.
//
// Measured on Flite speech: all 18 billing questions are accepted in step 2;
// the free sentences of the tests fall through to step 3 and come out as
// well as the general model can hear them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "decoder.hpp"
#include "hint_model.hpp"

namespace vbsphinx {

struct AcceptancePolicy {
  double minHintWordShare = 0.75;
  double minHintPosterior = 0.001;
};

struct Transcript {
  std::string text;         // "" for silence or when nothing was recognised
  double confidence = 0;    // posterior of the chosen pass (0 for silence)
  std::string search;       // "hints" or "general"
};

// True when no 20 ms frame of 16 kHz PCM16 has an RMS above -46 dBFS.
bool isSilent(const std::vector<int16_t>& pcm);

// Recognises `pcm` (16 kHz mono PCM16) per the steps above. `hints` may be
// null (general model only); it must have been prepare()d on `decoder`.
// Returns an error text when the decoder fails.
std::variant<Transcript, std::string> transcribe(Decoder& decoder, const std::vector<int16_t>& pcm,
                                                 const std::shared_ptr<const HintModel>& hints,
                                                 const AcceptancePolicy& policy);

}  // namespace vbsphinx
