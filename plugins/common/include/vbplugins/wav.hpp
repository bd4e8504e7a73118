// WAV in and out of memory for the speech plugins, through libsndfile's
// virtual I/O (no temp files, no hand-written RIFF parsing). The text of an
// utterance can travel in the WAV comment (LIST/INFO/ICMT), which is how mock
// TTS output transcribes back to the same words in mock STT.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vbp {

// Inputs the plugins accept: any PCM or float WAV (RIFF, WAVEX or RF64) at
// kMinWavRate..kMaxWavRate Hz with 1 or 2 channels.
inline constexpr uint32_t kMinWavRate = 8000;
inline constexpr uint32_t kMaxWavRate = 48000;

// A decoded WAV, folded to one channel.
struct DecodedWav {
  std::vector<float> mono;  // channel average, nominally in [-1, 1]
  uint32_t sampleRate = 0;
  uint16_t channels = 0;  // as stored in the file
  std::string comment;    // LIST/INFO/ICMT; empty when absent

  int64_t durationMs() const {
    return sampleRate ? static_cast<int64_t>(mono.size()) * 1000 / sampleRate : 0;
  }
};

// Why bytes could not be decoded; `reason` is safe to show a caller (no paths).
struct WavError {
  std::string reason;
};

// Decodes `bytes` (a whole WAV file). Errors: not a WAV container, a rate or
// channel count outside the accepted range, or a damaged file. Thread-safe
// (libsndfile keeps no shared state per handle).
std::variant<DecodedWav, WavError> decodeWav(std::string_view bytes);

// A PCM16 mono WAV holding `samples` at `sampleRate`, with `comment` (if not
// empty) as its LIST/INFO/ICMT. Throws std::runtime_error only if libsndfile
// refuses (an out-of-range rate); thread-safe.
std::string encodeWavPcm16Mono(const std::vector<int16_t>& samples, uint32_t sampleRate,
                               const std::string& comment = {});

}  // namespace vbp
