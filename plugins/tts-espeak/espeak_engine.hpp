// espeak-ng behind one lock. libespeak-ng is a process-wide singleton (one
// current voice, one set of parameters, one synthesis callback, global
// buffers), so syntheses must never overlap — not even from two plugin
// instances. The engine is therefore one object per loaded library; every
// call into espeak-ng holds its mutex. espeak-ng is very fast (≈150x real
// time here), so serialising costs little.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace vbespeak {

// Speech from one synthesis: PCM16 mono at the engine's rate (22050 Hz).
struct Speech {
  std::vector<int16_t> samples;
  uint32_t sampleRate = 0;
};

// Why a synthesis or start failed; safe to show a caller.
struct EngineError {
  enum class Kind { kUnknownVoice, kBadRate, kEngine } kind;
  std::string message;
};

class EspeakEngine {
 public:
  // The one engine of this library (created on first use).
  static EspeakEngine& instance();

  // Initialises espeak-ng the first time (from `dataPath`, or its compiled-in
  // path when empty; later calls share that data whatever path they name).
  // Returns the engine's version or an error. Thread-safe.
  //
  // espeak-ng is never terminated: in 1.51 espeak_Terminate followed by
  // another espeak_Initialize hangs (5 of 6 runs here), and the library is
  // kept resident for the process anyway (vbplugins/resident_libraries.hpp),
  // so one initialisation serves every instance and every copy of the plugin.
  std::variant<std::string, EngineError> start(const std::string& dataPath);

  // Synthesises UTF-8 `text` with `voice` (an espeak-ng voice name such as
  // "en-us" or "en-us+f3") at `wordsPerMinute` (80..450). Voice and rate are
  // set on every call, so no call inherits another's. (espeak-ng does carry
  // some prosody state from one utterance to the next — the same sentence
  // can come out ≈3 % longer after certain others — and adds noise, so
  // output is not bit-for-bit repeatable.) Requires start().
  // Thread-safe: serialised on the engine's mutex.
  std::variant<Speech, EngineError> speak(const std::string& text, const std::string& voice,
                                          int wordsPerMinute);

 private:
  EspeakEngine() = default;

  std::mutex mutex_;
  bool started_ = false;     // guarded by mutex_
  uint32_t sampleRate_ = 0;  // guarded by mutex_; set once started_
  std::string version_;      // guarded by mutex_
};

}  // namespace vbespeak
