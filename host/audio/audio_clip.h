// AudioClip: decoded audio as the voice channel handles it — mono float
// samples at a known rate — read from and written to WAV in memory.
//
// Decoding uses libsndfile (any PCM or float WAV: 8–48 kHz, mono or stereo,
// 16/24/32-bit or float; channels are averaged to mono); resampling uses
// libsoxr; encoding writes 16-bit PCM mono WAV. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vb {

struct AudioClip {
  int sampleRate = 0;
  std::vector<float> samples;  // mono, nominally in [-1, 1]

  int64_t durationMs() const {
    return sampleRate > 0 ? static_cast<int64_t>(samples.size()) * 1000 / sampleRate : 0;
  }
};

// What a WAV header says before any sample is decoded (cheap: for limits).
struct WavInfo {
  int sampleRate = 0;
  int channels = 0;
  int64_t frames = 0;
  int64_t durationMs() const { return sampleRate > 0 ? frames * 1000 / sampleRate : 0; }
};

// nullopt when `bytes` is not a WAV file libsndfile can read (or has no
// channels or an unsupported rate outside 8–48 kHz).
std::optional<WavInfo> probeWav(std::string_view bytes);

// The whole file as mono float samples; nullopt as for probeWav.
std::optional<AudioClip> decodeWav(std::string_view bytes);

// The clip at `rate` (libsoxr, high quality); the same clip when equal.
AudioClip resample(const AudioClip& clip, int rate);

// 16-bit PCM mono WAV bytes (samples clipped to [-1, 1]).
std::string encodeWavPcm16(const AudioClip& clip);

// Root-mean-square level in dBFS over the loudest 50 ms window (silence and
// hum stay far below speech); -inf dBFS returned as -200 for an empty clip.
double peakWindowLevelDbfs(const AudioClip& clip);

}  // namespace vb
