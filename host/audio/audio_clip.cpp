#include "audio/audio_clip.h"

#include <sndfile.h>
#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace vb {
namespace {

// A memory buffer behind libsndfile's virtual I/O: reads from `data`, or
// writes into `out` when writing.
struct MemoryFile {
  std::string_view data;
  std::string* out = nullptr;
  sf_count_t position = 0;

  sf_count_t size() const { return out ? static_cast<sf_count_t>(out->size()) : static_cast<sf_count_t>(data.size()); }
};

sf_count_t vioLength(void* user) { return static_cast<MemoryFile*>(user)->size(); }

sf_count_t vioSeek(sf_count_t offset, int whence, void* user) {
  auto* f = static_cast<MemoryFile*>(user);
  sf_count_t base = whence == SEEK_CUR ? f->position : whence == SEEK_END ? f->size() : 0;
  const sf_count_t target = base + offset;
  if (target < 0) return -1;
  f->position = target;
  return f->position;
}

sf_count_t vioRead(void* ptr, sf_count_t count, void* user) {
  auto* f = static_cast<MemoryFile*>(user);
  const sf_count_t available = std::max<sf_count_t>(0, f->size() - f->position);
  const sf_count_t n = std::min(count, available);
  if (n > 0) std::memcpy(ptr, f->data.data() + f->position, static_cast<size_t>(n));
  f->position += n;
  return n;
}

sf_count_t vioWrite(const void* ptr, sf_count_t count, void* user) {
  auto* f = static_cast<MemoryFile*>(user);
  if (!f->out) return 0;
  const auto end = static_cast<size_t>(f->position + count);
  if (f->out->size() < end) f->out->resize(end);
  std::memcpy(f->out->data() + f->position, ptr, static_cast<size_t>(count));
  f->position += count;
  return count;
}

sf_count_t vioTell(void* user) { return static_cast<MemoryFile*>(user)->position; }

SF_VIRTUAL_IO kVirtualIo{vioLength, vioSeek, vioRead, vioWrite, vioTell};

struct SndfileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfileHandle = std::unique_ptr<SNDFILE, SndfileCloser>;

bool isWav(const SF_INFO& info) {
  return (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV || (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAVEX;
}

bool supported(const SF_INFO& info) {
  return isWav(info) && info.channels >= 1 && info.channels <= 8 && info.samplerate >= 8000 &&
         info.samplerate <= 48000;
}

}  // namespace

std::optional<WavInfo> probeWav(std::string_view bytes) {
  MemoryFile file{bytes};
  SF_INFO info{};
  SndfileHandle handle(sf_open_virtual(&kVirtualIo, SFM_READ, &info, &file));
  if (!handle || !supported(info)) return std::nullopt;
  return WavInfo{info.samplerate, info.channels, static_cast<int64_t>(info.frames)};
}

std::optional<AudioClip> decodeWav(std::string_view bytes) {
  MemoryFile file{bytes};
  SF_INFO info{};
  SndfileHandle handle(sf_open_virtual(&kVirtualIo, SFM_READ, &info, &file));
  if (!handle || !supported(info)) return std::nullopt;
  std::vector<float> interleaved(static_cast<size_t>(info.frames) * static_cast<size_t>(info.channels));
  const sf_count_t frames = sf_readf_float(handle.get(), interleaved.data(), info.frames);
  AudioClip clip;
  clip.sampleRate = info.samplerate;
  clip.samples.resize(static_cast<size_t>(std::max<sf_count_t>(0, frames)));
  for (size_t i = 0; i < clip.samples.size(); ++i) {
    float sum = 0;
    for (int c = 0; c < info.channels; ++c) sum += interleaved[i * static_cast<size_t>(info.channels) + c];
    clip.samples[i] = sum / static_cast<float>(info.channels);
  }
  return clip;
}

AudioClip resample(const AudioClip& clip, int rate) {
  if (clip.sampleRate == rate || clip.samples.empty()) {
    AudioClip same = clip;
    same.sampleRate = rate;
    return same;
  }
  AudioClip out;
  out.sampleRate = rate;
  out.samples.resize(static_cast<size_t>(std::ceil(static_cast<double>(clip.samples.size()) * rate / clip.sampleRate)) +
                     16);
  size_t done = 0;
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  const soxr_error_t error = soxr_oneshot(clip.sampleRate, rate, 1, clip.samples.data(), clip.samples.size(), nullptr,
                                          out.samples.data(), out.samples.size(), &done, nullptr, &quality, nullptr);
  if (error) throw std::runtime_error(std::string("resampling failed: ") + error);
  out.samples.resize(done);
  return out;
}

std::string encodeWavPcm16(const AudioClip& clip) {
  std::string bytes;
  MemoryFile file{{}, &bytes};
  SF_INFO info{};
  info.samplerate = clip.sampleRate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SndfileHandle handle(sf_open_virtual(&kVirtualIo, SFM_WRITE, &info, &file));
  if (!handle) throw std::runtime_error(std::string("WAV encoder: ") + sf_strerror(nullptr));
  // Clip rather than wrap: libsndfile scales floats to 16 bits.
  sf_command(handle.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
  sf_writef_float(handle.get(), clip.samples.data(), static_cast<sf_count_t>(clip.samples.size()));
  handle.reset();  // writes the final header sizes
  return bytes;
}

double peakWindowLevelDbfs(const AudioClip& clip) {
  if (clip.samples.empty() || clip.sampleRate <= 0) return -200;
  const size_t window = std::max<size_t>(1, static_cast<size_t>(clip.sampleRate) / 20);
  double best = 0, sum = 0;
  for (size_t i = 0; i < clip.samples.size(); ++i) {
    sum += static_cast<double>(clip.samples[i]) * clip.samples[i];
    if (i >= window) sum -= static_cast<double>(clip.samples[i - window]) * clip.samples[i - window];
    best = std::max(best, sum);
  }
  const double rms = std::sqrt(std::max(0.0, best) / static_cast<double>(std::min(window, clip.samples.size())));
  return rms > 0 ? 20 * std::log10(rms) : -200;
}

}  // namespace vb
