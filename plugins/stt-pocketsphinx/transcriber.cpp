#include "transcriber.hpp"

#include <cmath>
#include <sstream>

namespace vbsphinx {
namespace {

constexpr size_t kFrameSamples = 320;            // 20 ms at 16 kHz
constexpr double kSilenceRms = 0.005 * 32768.0;  // ≈ -46 dBFS

double hintWordShare(const std::string& text, const HintModel& hints) {
  std::istringstream words(text);
  std::string word;
  size_t total = 0, inHints = 0;
  while (words >> word) {
    ++total;
    inHints += hints.vocabulary.count(word);
  }
  return total ? static_cast<double>(inHints) / static_cast<double>(total) : 0.0;
}

}  // namespace

bool isSilent(const std::vector<int16_t>& pcm) {
  for (size_t start = 0; start < pcm.size(); start += kFrameSamples) {
    const size_t end = std::min(pcm.size(), start + kFrameSamples);
    double energy = 0;
    for (size_t i = start; i < end; ++i) energy += static_cast<double>(pcm[i]) * pcm[i];
    if (std::sqrt(energy / static_cast<double>(end - start)) > kSilenceRms) return false;
  }
  return true;
}

std::variant<Transcript, std::string> transcribe(Decoder& decoder, const std::vector<int16_t>& pcm,
                                                 const std::shared_ptr<const HintModel>& hints,
                                                 const AcceptancePolicy& policy) {
  if (isSilent(pcm)) return Transcript{"", 0, hints ? "hints" : "general"};
  std::string firstPassText;
  double firstPassPosterior = 0;
  if (hints) {
    auto pass = decoder.decode(pcm, hints->searchName);
    if (const auto* error = std::get_if<std::string>(&pass)) return *error;
    const auto& hypothesis = std::get<Hypothesis>(pass);
    if (!hypothesis.text.empty() && hintWordShare(hypothesis.text, *hints) >= policy.minHintWordShare &&
        hypothesis.posterior >= policy.minHintPosterior)
      return Transcript{hypothesis.text, hypothesis.posterior, "hints"};
    firstPassText = hypothesis.text;
    firstPassPosterior = hypothesis.posterior;
  }
  auto pass = decoder.decode(pcm, Decoder::kGeneralSearch);
  if (const auto* error = std::get_if<std::string>(&pass)) return *error;
  const auto& hypothesis = std::get<Hypothesis>(pass);
  // The general model heard nothing the hint pass did not: keep what the
  // hints heard rather than answer with nothing.
  if (hypothesis.text.empty() && !firstPassText.empty())
    return Transcript{firstPassText, firstPassPosterior, "hints"};
  return Transcript{hypothesis.text, hypothesis.posterior, "general"};
}

}  // namespace vbsphinx
