#include "vbplugins/resample.hpp"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace vbp {

std::vector<float> resample(const std::vector<float>& samples, uint32_t fromRate, uint32_t toRate) {
  if (fromRate == 0 || toRate == 0) throw std::runtime_error("resample: zero sample rate");
  if (fromRate == toRate || samples.empty()) return samples;
  const double ratio = static_cast<double>(toRate) / fromRate;
  std::vector<float> out(static_cast<size_t>(std::ceil(samples.size() * ratio)) + 16);
  size_t produced = 0;
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_MQ, 0);
  const soxr_error_t error = soxr_oneshot(fromRate, toRate, 1, samples.data(), samples.size(), nullptr,
                                          out.data(), out.size(), &produced, &io, &quality, nullptr);
  if (error) throw std::runtime_error(std::string("resample: ") + error);
  out.resize(produced);
  return out;
}

std::vector<int16_t> toPcm16(const std::vector<float>& samples) {
  std::vector<int16_t> out(samples.size());
  // Scaled by 32768 like libsndfile's and toFloat's int16 → float, so
  // PCM16 → float → PCM16 gives back the same samples.
  std::transform(samples.begin(), samples.end(), out.begin(), [](float s) {
    return static_cast<int16_t>(std::clamp(std::lround(static_cast<double>(s) * 32768.0), -32768L, 32767L));
  });
  return out;
}

std::vector<float> toFloat(const int16_t* samples, size_t count) {
  std::vector<float> out(count);
  std::transform(samples, samples + count, out.begin(), [](int16_t s) { return s / 32768.0f; });
  return out;
}

}  // namespace vbp
