// vb-bench-voice-wer [--runs N] [--json FILE] [--stt-settings JSON]
//
// Measures the speech plugins directly (dlopen, no host):
//  1. word error rate of the 18 billing questions (tests/speech_plugins/
//     billing_corpus.h) spoken by Flite (slt) and espeak-ng (en-us),
//     recognised by PocketSphinx with the agent's hints and without;
//  2. for one ≈3 s Flite utterance, N (20) transcriptions with and without
//     hints: p50/p95 of the plugin's decodeMs and of the whole call;
//  3. Flite and espeak-ng synthesis time of a typical agent reply (p50/p95).
// Prints tables; --json writes every figure to FILE for `make bench`.
// --stt-settings replaces the pocketsphinx plugin's settings (default
// {"poolSize":1}), e.g. to try other search widths.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vbplugins/wav.hpp>
#include <vector>

#include "billing_corpus.h"
#include "speech_plugin.h"
#include "word_error_rate.h"

namespace {

using json = nlohmann::json;
using vbspeech::SpeechPlugin;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5));
  return values[index];
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

json transcriptOf(const SpeechPlugin& stt, const std::string& wav, const std::string& options) {
  const auto r = stt.transcribe(wav, options);
  if (r.status != VB_OK) {
    std::fprintf(stderr, "voice_wer: transcribe failed: %s\n", r.error.message);
    return json::object();
  }
  return json::parse(r.data, nullptr, false);
}

struct WerRow {
  std::string tts, hints;
  vbspeech::WerTally tally;
  size_t viaHints = 0;  // answers whose search was "hints"
};

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  std::string jsonPath;
  std::string sttSettings = R"({"poolSize":1})";
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--json") && i + 1 < argc) {
      jsonPath = argv[++i];
    } else if (!std::strcmp(argv[i], "--stt-settings") && i + 1 < argc) {
      sttSettings = argv[++i];
    } else {
      std::fprintf(stderr, "usage: vb-bench-voice-wer [--runs N] [--json FILE] [--stt-settings JSON]\n");
      return 2;
    }
  }

  vbspeech::SpeechHost host;
  const auto loadStart = Clock::now();
  SpeechPlugin stt("libvb_stt_pocketsphinx.so", host.api(), sttSettings);
  const double sttLoadMs = msSince(loadStart);
  SpeechPlugin flite("libvb_tts_flite.so", host.api());
  SpeechPlugin espeak("libvb_tts_espeak.so", host.api());
  for (const auto* p : {&stt, &flite, &espeak})
    if (p->createStatus != VB_OK) {
      std::fprintf(stderr, "voice_wer: %s failed to load: %s\n", vbspeech::asString(p->descriptor->name).c_str(),
                   p->createError.message);
      return 1;
    }
  const std::string withHints = json{{"hints", vbspeech::billingHints()}}.dump();

  // 1. Word error rates.
  std::vector<WerRow> rows;
  for (const auto* tts : {&flite, &espeak}) {
    std::vector<std::string> wavs;
    for (const auto& q : vbspeech::billingQuestions()) wavs.push_back(tts->synthesize(q).data);
    for (const bool hinted : {true, false}) {
      WerRow row{vbspeech::asString(tts->descriptor->name), hinted ? "yes" : "no", {}, 0};
      for (size_t i = 0; i < wavs.size(); ++i) {
        const auto j = transcriptOf(stt, wavs[i], hinted ? withHints : "{}");
        row.tally.add(vbspeech::billingQuestions()[i], j.value("transcript", ""));
        row.viaHints += j.value("search", "") == "hints";
      }
      rows.push_back(row);
    }
  }
  std::printf("\nWord error rate: %zu billing questions, PocketSphinx en-us (%zu hints)\n",
              vbspeech::billingQuestions().size(), vbspeech::billingHints().size());
  std::printf("%-8s %-6s %6s %7s %8s %12s\n", "tts", "hints", "words", "errors", "WER", "hint search");
  for (const auto& r : rows) {
    std::printf("[wer] tts=%s hints=%s sentences=%zu WER=%.1f%%\n", r.tts.c_str(), r.hints.c_str(), r.tally.sentences,
                r.tally.percent());
    std::printf("%-8s %-6s %6zu %7zu %7.1f%% %9zu/%zu\n", r.tts.c_str(), r.hints.c_str(), r.tally.words,
                r.tally.errors, r.tally.percent(), r.viaHints, r.tally.sentences);
  }

  // 2. Decode time of one ~3 s utterance.
  const std::string utterance = "has my payment for invoice one zero zero five been received";
  const auto wav = flite.synthesize(utterance).data;
  json timing = json::object();
  std::printf("\nDecode time, \"%s\", %d runs each\n", utterance.c_str(), runs);
  std::printf("%-6s %10s %9s %9s %9s %9s %-8s\n", "hints", "audio ms", "dec p50", "dec p95", "call p50", "call p95",
              "search");
  int64_t audioMs = 0;
  for (const bool hinted : {true, false}) {
    std::vector<double> decode, call;
    std::string search;
    transcriptOf(stt, wav, hinted ? withHints : "{}");  // warm: the hint model is compiled once per set
    for (int i = 0; i < runs; ++i) {
      const auto start = Clock::now();
      const auto j = transcriptOf(stt, wav, hinted ? withHints : "{}");
      call.push_back(msSince(start));
      decode.push_back(j.value("decodeMs", 0.0));
      audioMs = j.value("durationMs", int64_t{0});
      search = j.value("search", "");
    }
    std::printf("%-6s %10lld %9.0f %9.0f %9.1f %9.1f %-8s\n", hinted ? "yes" : "no", static_cast<long long>(audioMs),
                percentile(decode, 0.5), percentile(decode, 0.95), percentile(call, 0.5), percentile(call, 0.95),
                search.c_str());
    timing[hinted ? "hints" : "general"] = {{"decodeMsP50", percentile(decode, 0.5)},
                                            {"decodeMsP95", percentile(decode, 0.95)},
                                            {"callMsP50", percentile(call, 0.5)},
                                            {"callMsP95", percentile(call, 0.95)},
                                            {"search", search}};
  }

  // 3. Synthesis time of a reply.
  const std::string reply = "Invoice one zero zero five for forty two dollars was paid on March fifteenth. Is there "
                            "anything else I can help you with?";
  json synthesis = json::object();
  std::printf("\nSynthesis time, %zu-character reply, %d runs each\n", reply.size(), runs);
  std::printf("%-8s %10s %9s %9s\n", "tts", "audio ms", "p50 ms", "p95 ms");
  for (const auto* tts : {&flite, &espeak}) {
    std::vector<double> ms;
    long long audio = 0;
    for (int i = 0; i < runs; ++i) {
      const auto start = Clock::now();
      const auto r = tts->synthesize(reply);
      ms.push_back(msSince(start));
      auto decoded = vbp::decodeWav(r.data);
      if (const auto* w = std::get_if<vbp::DecodedWav>(&decoded)) audio = w->durationMs();
    }
    const std::string name = vbspeech::asString(tts->descriptor->name);
    std::printf("%-8s %10lld %9.1f %9.1f\n", name.c_str(), audio, percentile(ms, 0.5), percentile(ms, 0.95));
    synthesis[name] = {{"audioMs", audio}, {"msP50", percentile(ms, 0.5)}, {"msP95", percentile(ms, 0.95)}};
  }
  std::printf("\npocketsphinx load (1 decoder): %.0f ms\n", sttLoadMs);

  if (!jsonPath.empty()) {
    json out = {{"sttSettings", json::parse(sttSettings, nullptr, false)}, {"sttLoadMs", sttLoadMs}, {"utterance", utterance}, {"utteranceMs", audioMs}, {"runs", runs},
                {"decode", timing}, {"synthesis", synthesis}, {"wer", json::array()}};
    for (const auto& r : rows)
      out["wer"].push_back({{"tts", r.tts},
                            {"hints", r.hints == "yes"},
                            {"sentences", r.tally.sentences},
                            {"words", r.tally.words},
                            {"errors", r.tally.errors},
                            {"werPercent", r.tally.percent()},
                            {"viaHintSearch", r.viaHints}});
    std::ofstream(jsonPath) << out.dump(1) << "\n";
  }
  return 0;
}
