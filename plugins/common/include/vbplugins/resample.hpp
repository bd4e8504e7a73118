// Sample-rate conversion (libsoxr) and float ↔ PCM16 for the speech plugins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vbp {

// `samples` at `fromRate` Hz converted to `toRate` Hz (libsoxr, medium
// quality: plenty for speech, which has little energy above 4 kHz). Returns
// the input unchanged when the rates match. Throws std::runtime_error if
// libsoxr fails (zero rate). Thread-safe: each call has its own resampler.
std::vector<float> resample(const std::vector<float>& samples, uint32_t fromRate, uint32_t toRate);

// Float samples in [-1, 1) as PCM16 (× 32768, the inverse of toFloat),
// clipping what lies outside.
std::vector<int16_t> toPcm16(const std::vector<float>& samples);

// PCM16 samples as floats in [-1, 1).
std::vector<float> toFloat(const int16_t* samples, size_t count);

}  // namespace vbp
