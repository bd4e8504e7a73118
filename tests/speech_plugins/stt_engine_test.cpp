// The STT engine's parts, driven directly: hint normalisation, the hint
// language model, the compiled-hint cache and a decoder's hint searches.
#include <gtest/gtest.h>

#include <regex>

#include "decoder.hpp"
#include "decoder_pool.hpp"
#include "engine_settings.hpp"
#include "hint_language_model.hpp"
#include "hint_model.hpp"
#include "hint_phrases.hpp"
#include "transcriber.hpp"

namespace vbsphinx {
namespace {

TEST(HintPhrases, NormaliseCaseDigitsAndPunctuation) {
  EXPECT_EQ(normalizeHint("INV-1001"), (Phrase{"inv", "one", "zero", "zero", "one"}));
  EXPECT_EQ(normalizeHint("What's my balance?"), (Phrase{"what's", "my", "balance"}));
  EXPECT_EQ(normalizeHint("inv1002x"), (Phrase{"inv", "one", "zero", "zero", "two", "x"}));
  EXPECT_EQ(normalizeHint("  'quoted'  due-date "), (Phrase{"quoted", "due", "date"}));
  EXPECT_TRUE(normalizeHint(" ?! '' ").empty());
}

TEST(HintPhrases, TheSameHintsInAnyOrderOrSpellingGiveTheSameKey) {
  const auto a = normalizeHints({"Due date", "INV-1001", "balance", "due  date"});
  const auto b = normalizeHints({"balance", "inv 1001", "DUE DATE", "", "!!"});
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(hintSetKey(a), hintSetKey(b));
  EXPECT_NE(hintSetKey(a), hintSetKey(normalizeHints({"balance"})));
}

// log10 probability of one ARPA line's n-gram ("-0.30103 due date").
double arpaLog(const std::string& arpa, const std::string& ngram) {
  const std::regex line("(^|\n)(-?[0-9.]+) " + ngram + "( |\n)");
  std::smatch m;
  if (!std::regex_search(arpa, m, line)) return 1;  // not found
  return std::stod(m[2]);
}

TEST(HintLanguageModel, IsAValidArpaModelWhoseUnigramsSumToOne) {
  const std::vector<Phrase> phrases = {{"due", "date"}, {"invoice"}, {"due"}};
  const std::vector<FillerWord> filler = {{"the", 0.5}, {"a", 0.3}, {"due", 0.2}};
  const auto arpa = buildHintLanguageModel(phrases, filler, 0.3);
  EXPECT_EQ(arpa.rfind("\\data\\\nngram 1=7\nngram 2=6\n", 0), 0u) << arpa;
  EXPECT_NE(arpa.find("\\end\\"), std::string::npos);
  double total = 0;
  for (const std::string w : {"</s>", "a", "date", "due", "invoice", "the"}) total += std::pow(10.0, arpaLog(arpa, w));
  EXPECT_NEAR(total, 1.0, 1e-4);
  // Within a phrase the next word is likely; across phrases it backs off.
  EXPECT_GT(arpaLog(arpa, "due date"), arpaLog(arpa, "date"));
  EXPECT_EQ(arpaLog(arpa, "invoice date"), 1) << "no bigram outside the phrases";
}

TEST(HintLanguageModel, WithoutFillerOnlyTheHintWordsAreInIt) {
  const auto arpa = buildHintLanguageModel({{"pay", "now"}}, {}, 0.3);
  EXPECT_EQ(arpa.rfind("\\data\\\nngram 1=4\n", 0), 0u) << arpa;  // <s> </s> now pay
}

TEST(HintLanguageModel, IsPaddedWithImpossibleWordsToTheRequestedSize) {
  const auto arpa = buildHintLanguageModel({{"pay", "now"}}, {}, 0.3, 10);
  EXPECT_EQ(arpa.rfind("\\data\\\nngram 1=10\n", 0), 0u) << arpa;
  EXPECT_NE(arpa.find("-99 <pad-5>\n"), std::string::npos);
  EXPECT_EQ(arpa.find("<pad-6>"), std::string::npos);
  EXPECT_EQ(arpaLog(arpa, "pay"), arpaLog(buildHintLanguageModel({{"pay", "now"}}, {}, 0.3), "pay"));
}

// Compiled hints and decoders over the installed en-us model.
class EngineParts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto settings = std::get<EngineSettings>(parseEngineSettings(nlohmann::json::object()));
    settings.decoder.hintSearches = 2;
    auto opened = Decoder::open(settings.decoder);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Decoder>>(opened)) << std::get<std::string>(opened);
    decoder_ = std::get<std::unique_ptr<Decoder>>(opened).release();
  }
  static void TearDownTestSuite() {
    delete decoder_;
    decoder_ = nullptr;
  }
  DictionaryLookup lookup() const {
    return [](const std::string& w) { return decoder_->lookup(w); };
  }
  static Decoder* decoder_;
};
Decoder* EngineParts::decoder_ = nullptr;

TEST_F(EngineParts, TheHintCacheReusesACompiledSetAndEvictsTheLeastRecentlyUsed) {
  std::vector<std::string> warned;
  HintModelCache cache(2, decoder_->frequentWords(100), 0.3, 0, [&](const std::string& w) { warned.push_back(w); });
  const auto a = cache.get(normalizeHints({"due date", "balance"}), lookup());
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(cache.get(normalizeHints({"Balance", "due date"}), lookup()), a) << "same set, any order";
  const auto b = cache.get(normalizeHints({"refund"}), lookup());
  EXPECT_EQ(cache.get(normalizeHints({"due date", "balance"}), lookup()), a) << "a is now the most recent";
  const auto c = cache.get(normalizeHints({"late fee"}), lookup());  // evicts b
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.get(normalizeHints({"due date", "balance"}), lookup()), a);
  const auto b2 = cache.get(normalizeHints({"refund"}), lookup());
  EXPECT_NE(b2, b) << "b was evicted and compiled again";
  EXPECT_NE(b2->searchName, b->searchName);
  EXPECT_TRUE(warned.empty());
}

TEST_F(EngineParts, WordsTheDictionaryLacksGetLetterToSoundPronunciations) {
  HintModelCache cache(4, {}, 0, 0, [](const std::string&) {});
  ASSERT_FALSE(decoder_->lookup("zorblax"));
  const auto model = cache.get(normalizeHints({"zorblax subscription"}), lookup());
  ASSERT_NE(model, nullptr);
  EXPECT_TRUE(model->vocabulary.count("zorblax"));
  const auto entry = std::find_if(model->pronunciations.begin(), model->pronunciations.end(),
                                  [](const auto& p) { return p.first == "zorblax"; });
  ASSERT_NE(entry, model->pronunciations.end());
  EXPECT_EQ(entry->second, "Z AO R B L AE K S");
  const auto known = std::find_if(model->pronunciations.begin(), model->pronunciations.end(),
                                  [](const auto& p) { return p.first == "subscription"; });
  ASSERT_NE(known, model->pronunciations.end());
  EXPECT_EQ(known->second, *decoder_->lookup("subscription")) << "dictionary words keep the dictionary's phones";
}

TEST_F(EngineParts, ADecoderKeepsABoundedSetOfHintSearchesAndAlwaysReturnsToTheGeneralOne) {
  HintModelCache cache(8, decoder_->frequentWords(100), 0.3, Decoder::kHintModelUnigramFloor,
                       [](const std::string&) {});
  const std::vector<int16_t> tone = [] {
    std::vector<int16_t> pcm;
    for (int i = 0; i < 16000; ++i) pcm.push_back(static_cast<int16_t>(8000 * std::sin(i * 0.1)));
    return pcm;
  }();
  std::vector<std::shared_ptr<const HintModel>> models;
  for (const std::string hint : {"invoice", "balance", "refund"}) {
    models.push_back(cache.get(normalizeHints({hint}), lookup()));
    ASSERT_EQ(decoder_->prepare(models.back()), std::nullopt);
    EXPECT_LE(decoder_->hintSearchCount(), 2u);
    ASSERT_TRUE(std::holds_alternative<Hypothesis>(decoder_->decode(tone, models.back()->searchName)));
    EXPECT_EQ(decoder_->activeSearch(), Decoder::kGeneralSearch);
  }
  EXPECT_EQ(decoder_->hintSearchCount(), 2u);
  // The first one was evicted: decoding with it fails until prepared again.
  EXPECT_TRUE(std::holds_alternative<std::string>(decoder_->decode(tone, models.front()->searchName)));
  EXPECT_EQ(decoder_->activeSearch(), Decoder::kGeneralSearch);
  ASSERT_EQ(decoder_->prepare(models.front()), std::nullopt);
  EXPECT_TRUE(std::holds_alternative<Hypothesis>(decoder_->decode(tone, models.front()->searchName)));
}

TEST(Silence, IsNoFrameAboveMinus46Dbfs) {
  EXPECT_TRUE(isSilent({}));
  EXPECT_TRUE(isSilent(std::vector<int16_t>(16000, 0)));
  EXPECT_TRUE(isSilent(std::vector<int16_t>(16000, 100)));  // -50 dBFS hum
  std::vector<int16_t> click(16000, 0);
  for (int i = 8000; i < 8320; ++i) click[static_cast<size_t>(i)] = 3000;  // one loud 20 ms frame
  EXPECT_FALSE(isSilent(click));
}

// The pool opens a second decoder (≈93 MB) only when two calls overlap,
// never more than its capacity, and reuses what it opened.
TEST(DecoderPoolGrowth, OpensDecodersOnlyWhenCallsOverlapAndNeverBeyondCapacity) {
  auto settings = std::get<EngineSettings>(parseEngineSettings(nlohmann::json::object()));
  auto first = Decoder::open(settings.decoder);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Decoder>>(first));
  int opens = 0;
  DecoderPool pool(std::move(std::get<std::unique_ptr<Decoder>>(first)), 2, [&] {
    ++opens;
    return Decoder::open(settings.decoder);
  });
  const auto soon = [] { return DecoderPool::Clock::now() + std::chrono::milliseconds(50); };
  {
    auto a = pool.acquire(soon(), {});
    ASSERT_TRUE(std::holds_alternative<DecoderPool::Lease>(a));
  }
  {
    auto a = pool.acquire(soon(), {});  // the first decoder again: nothing opened
    EXPECT_EQ(opens, 0);
    EXPECT_EQ(pool.opened(), 1u);
    auto b = pool.acquire(soon(), {});  // overlapping: a second one is opened
    ASSERT_TRUE(std::holds_alternative<DecoderPool::Lease>(b));
    EXPECT_EQ(opens, 1);
    auto c = pool.acquire(soon(), {});  // at capacity: waits, then times out
    ASSERT_TRUE(std::holds_alternative<DecoderPool::WaitFailure>(c));
    EXPECT_EQ(std::get<DecoderPool::WaitFailure>(c), DecoderPool::WaitFailure::kTimedOut);
  }
  auto a = pool.acquire(soon(), {}), b = pool.acquire(soon(), {});
  EXPECT_TRUE(std::holds_alternative<DecoderPool::Lease>(a) && std::holds_alternative<DecoderPool::Lease>(b));
  EXPECT_EQ(opens, 1) << "both decoders were reused";
  EXPECT_EQ(pool.opened(), 2u);
}

}  // namespace
}  // namespace vbsphinx
