#include "decoder.hpp"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/ngram_model.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace vbsphinx {
namespace {

struct FreeString {
  void operator()(char* s) const { std::free(s); }
};

bool isPlainWord(const char* word) {
  if (!word || !*word) return false;
  for (const char* p = word; *p; ++p)
    if (!((*p >= 'a' && *p <= 'z') || *p == '\'')) return false;
  return true;
}

// PocketSphinx reads language models from files only: write the text to a
// private temporary file, load it, remove it.
ngram_model_t* readLanguageModel(ps_decoder_t* ps, const std::string& arpa) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/vb-hints-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return nullptr;
  size_t written = 0;
  while (written < arpa.size()) {
    const ssize_t n = ::write(fd, arpa.data() + written, arpa.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  ngram_model_t* lm = written == arpa.size()
                          ? ngram_model_read(ps_get_config(ps), path.c_str(), NGRAM_ARPA, ps_get_logmath(ps))
                          : nullptr;
  ::unlink(path.c_str());
  return lm;
}

}  // namespace

std::variant<std::unique_ptr<Decoder>, std::string> Decoder::open(const DecoderConfig& config) {
  // PocketSphinx logs to stderr by default; the plugin reports through the
  // host instead. (Process-wide, and the same for every instance.)
  err_set_logfp(nullptr);
  const std::string maxHmm = std::to_string(config.maxHmmPerFrame);
  cmd_ln_t* args = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", config.acousticModel.c_str(), "-dict",
                               config.dictionary.c_str(), "-maxhmmpf", maxHmm.c_str(), "-bestpath", "yes",
                               nullptr);
  if (!args) return std::string("pocketsphinx: invalid decoder configuration");
  ps_decoder_t* ps = ps_init(args);
  cmd_ln_free_r(args);  // the decoder holds its own reference
  if (!ps) return std::string("pocketsphinx: cannot load the acoustic model or dictionary");
  std::unique_ptr<Decoder> decoder(new Decoder(ps, config.hintSearches ? config.hintSearches : 1));
  if (ps_set_lm_file(ps, kGeneralSearch, config.languageModel.c_str()) < 0 || !decoder->select(kGeneralSearch))
    return std::string("pocketsphinx: cannot load the language model");
  return decoder;
}

Decoder::~Decoder() { ps_free(decoder_); }

std::optional<std::string> Decoder::lookup(const std::string& word) const {
  std::unique_ptr<char, FreeString> phones(ps_lookup_word(decoder_, word.c_str()));
  if (!phones) return std::nullopt;
  return std::string(phones.get());
}

std::vector<FillerWord> Decoder::frequentWords(size_t count) const {
  std::vector<FillerWord> words;
  ngram_model_t* lm = ps_get_lm(decoder_, kGeneralSearch);
  if (!lm || count == 0) return words;
  logmath_t* logmath = ps_get_logmath(decoder_);
  const uint32 unigrams = ngram_model_get_counts(lm)[0];
  for (uint32 id = 0; id < unigrams; ++id) {
    const char* word = ngram_word(lm, static_cast<int32>(id));
    if (!isPlainWord(word)) continue;
    words.push_back({word, logmath_exp(logmath, ngram_probv(lm, word, nullptr))});
  }
  const size_t keep = std::min(count, words.size());
  std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(keep), words.end(),
                    [](const FillerWord& a, const FillerWord& b) {
                      return a.probability != b.probability ? a.probability > b.probability : a.word < b.word;
                    });
  words.resize(keep);
  return words;
}

std::optional<std::string> Decoder::addMissingWords(const HintModel& model) {
  std::vector<const std::pair<std::string, std::string>*> missing;
  for (const auto& entry : model.pronunciations)
    if (!lookup(entry.first)) missing.push_back(&entry);
  // Only the last addition rebuilds the searches (that is the costly part).
  for (size_t i = 0; i < missing.size(); ++i)
    if (ps_add_word(decoder_, missing[i]->first.c_str(), missing[i]->second.c_str(), i + 1 == missing.size()) < 0)
      return "pocketsphinx: cannot add the word \"" + missing[i]->first + "\"";
  return std::nullopt;
}

std::optional<std::string> Decoder::prepare(const std::shared_ptr<const HintModel>& model) {
  const auto it = std::find_if(hintSearches_.begin(), hintSearches_.end(),
                               [&](const auto& m) { return m->searchName == model->searchName; });
  if (it != hintSearches_.end()) {
    hintSearches_.splice(hintSearches_.begin(), hintSearches_, it);
    return std::nullopt;
  }
  if (auto error = addMissingWords(*model)) return error;
  ngram_model_t* lm = readLanguageModel(decoder_, model->languageModel);
  if (!lm) return std::string("pocketsphinx: cannot load the hint language model");
  const int added = ps_set_lm(decoder_, model->searchName.c_str(), lm);
  ngram_model_free(lm);  // the search holds its own reference
  if (added < 0) return std::string("pocketsphinx: cannot build the hint search");
  hintSearches_.push_front(model);
  while (hintSearches_.size() > maxHintSearches_) {
    // Never the active search: decode() always switches back to general.
    ps_unset_search(decoder_, hintSearches_.back()->searchName.c_str());
    hintSearches_.pop_back();
  }
  return std::nullopt;
}

bool Decoder::select(const std::string& search) {
  if (ps_set_search(decoder_, search.c_str()) < 0) return false;
  activeSearch_ = search;
  return true;
}

std::variant<Hypothesis, std::string> Decoder::decode(const std::vector<int16_t>& pcm, const std::string& search) {
  if (!select(search)) return "pocketsphinx: no search named " + search;
  Hypothesis hypothesis;
  // A new stream per call: the front end's noise and silence estimates are
  // per stream, so without this a result would depend on the audio the
  // decoder heard before (measured: different words for the same input).
  bool ok = ps_start_stream(decoder_) >= 0 && ps_start_utt(decoder_) >= 0;
  if (ok) {
    // One call with the whole utterance (full_utt): batch cepstral mean
    // normalisation, as the en-us model was trained (feat.params: -cmn batch).
    const bool processed = ps_process_raw(decoder_, pcm.data(), pcm.size(), FALSE, TRUE) >= 0;
    ok = ps_end_utt(decoder_) >= 0 && processed;
  }
  if (ok) {
    int32 score = 0;
    if (const char* text = ps_get_hyp(decoder_, &score)) hypothesis.text = text;
    hypothesis.posterior = logmath_exp(ps_get_logmath(decoder_), ps_get_prob(decoder_));
  }
  select(kGeneralSearch);
  if (!ok) return std::string("pocketsphinx: decoding failed");
  return hypothesis;
}

}  // namespace vbsphinx
