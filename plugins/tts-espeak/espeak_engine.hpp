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

  // Takes a reference: the first one initialises espeak-ng (from `dataPath`,
  // or its compiled-in path when empty; later references share that data
  // whatever path they name). Returns the engine's version or an error.
  // Thread-safe.
  std::variant<std::string, EngineError> acquire(const std::string& dataPath);

  // Drops a reference: the last one terminates espeak-ng. Thread-safe.
  void release();

  // Synthesises UTF-8 `text` with `voice` (an espeak-ng voice name such as
  // "en-us" or "en-us+f3") at `wordsPerMinute` (80..450). Voice and rate are
  // set on every call, so no call inherits another's. (espeak-ng does carry
  // some prosody state from one utterance to the next — the same sentence
  // can come out ≈3 % longer after certain others — and adds noise, so
  // output is not bit-for-bit repeatable.) Requires a reference.
  // Thread-safe: serialised on the engine's mutex.
  std::variant<Speech, EngineError> speak(const std::string& text, const std::string& voice,
                                          int wordsPerMinute);

 private:
  EspeakEngine() = default;

  std::mutex mutex_;
  int references_ = 0;      // guarded by mutex_
  uint32_t sampleRate_ = 0;  // guarded by mutex_; set while references_ > 0
  std::string version_;     // guarded by mutex_
};

}  // namespace vbespeak
