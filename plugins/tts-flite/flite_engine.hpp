// Flite 2.2 behind one lock. Flite keeps process-wide state (the voice
// registry, the error jump buffer `cst_errjmp`, and reference counts on
// values shared between utterances that it updates without atomics), so two
// syntheses must never overlap — not even from two plugin instances. The
// engine is therefore one object per loaded library, and every call into
// Flite holds its mutex. Flite is fast (≈60x real time here), so serialising
// costs little.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct cst_voice_struct;

namespace vbflite {

// Speech from one synthesis: PCM16 mono at the voice's native rate.
struct Speech {
  std::vector<int16_t> samples;
  uint32_t sampleRate = 0;
};

// The voices this build can register: slt (the default, US female), kal
// (8 kHz diphone), kal16, awb (Scottish male), rms (US male).
const std::vector<std::string>& voiceNames();

class FliteEngine {
 public:
  // The one engine of this library (created on first use).
  static FliteEngine& instance();

  // Initialises Flite and registers every voice once (idempotent).
  // Thread-safe.
  void start();

  // Synthesises `text` with `voice` (one of voiceNames()); start() first.
  // Returns nullopt
  // when Flite reports an error (it would otherwise exit the process) or
  // produces no audio. Thread-safe: serialised on the engine's mutex.
  std::optional<Speech> speak(const std::string& text, const std::string& voice);

 private:
  FliteEngine() = default;
  cst_voice_struct* voiceLocked(const std::string& name);  // requires mutex_

  std::mutex mutex_;
  bool started_ = false;  // guarded by mutex_
  // Registered voices are never unregistered: a second copy of this plugin
  // (hot swap) shares libflite and would keep using them.
};

}  // namespace vbflite
