// WAV files of any format for tests, written with libsndfile (the same
// library the plugins read with, but through its file API).
#pragma once

#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace vbspeech {

// A WAV of `interleaved` samples (channels interleaved) in `format`
// (e.g. SF_FORMAT_WAV | SF_FORMAT_FLOAT), returned as bytes.
inline std::string wavBytes(const std::vector<float>& interleaved, int rate, int channels, int format,
                            const std::string& comment = {}) {
  char path[] = "/tmp/vb-test-wav-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp");
  ::close(fd);
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path, SFM_WRITE, &info);
  if (!file) throw std::runtime_error(std::string("sf_open: ") + sf_strerror(nullptr));
  if (!comment.empty()) sf_set_string(file, SF_STR_COMMENT, comment.c_str());
  sf_writef_float(file, interleaved.data(), static_cast<sf_count_t>(interleaved.size() / channels));
  sf_close(file);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  ::unlink(path);
  return bytes;
}

// What libsndfile finds in WAV bytes (written to a file and opened there).
struct WavFacts {
  int rate = 0, channels = 0, format = 0;
  long long frames = 0;
  std::vector<float> samples;  // interleaved
};

inline WavFacts wavFacts(const std::string& bytes) {
  char path[] = "/tmp/vb-test-wav-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp");
  if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
    ::close(fd);
    throw std::runtime_error("write");
  }
  ::close(fd);
  WavFacts facts;
  SF_INFO info{};
  SNDFILE* file = sf_open(path, SFM_READ, &info);
  ::unlink(path);
  if (!file) return facts;
  facts.rate = info.samplerate;
  facts.channels = info.channels;
  facts.format = info.format;
  facts.frames = info.frames;
  facts.samples.resize(static_cast<size_t>(info.frames * info.channels));
  sf_readf_float(file, facts.samples.data(), info.frames);
  sf_close(file);
  return facts;
}

// Mono speech samples as floats (from a PCM16 mono WAV).
inline std::vector<float> monoSamples(const std::string& wav) { return wavFacts(wav).samples; }

}  // namespace vbspeech
