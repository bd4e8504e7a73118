#include "vbplugins/wav.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace vbp {
namespace {

// libsndfile's virtual I/O over a read-only byte view.
struct MemoryReader {
  std::string_view bytes;
  sf_count_t position = 0;
};

// libsndfile's virtual I/O into a growing string (the writer seeks back to
// patch the RIFF sizes, so writes may land inside what is already there).
struct MemoryWriter {
  std::string bytes;
  sf_count_t position = 0;
};

sf_count_t seekTo(sf_count_t& position, sf_count_t size, sf_count_t offset, int whence) {
  sf_count_t target = offset;
  if (whence == SEEK_CUR) target = position + offset;
  if (whence == SEEK_END) target = size + offset;
  if (target < 0) return -1;
  position = target;
  return position;
}

SF_VIRTUAL_IO readerIo() {
  SF_VIRTUAL_IO io{};
  io.get_filelen = [](void* self) -> sf_count_t {
    return static_cast<sf_count_t>(static_cast<MemoryReader*>(self)->bytes.size());
  };
  io.seek = [](sf_count_t offset, int whence, void* self) -> sf_count_t {
    auto* r = static_cast<MemoryReader*>(self);
    return seekTo(r->position, static_cast<sf_count_t>(r->bytes.size()), offset, whence);
  };
  io.read = [](void* into, sf_count_t count, void* self) -> sf_count_t {
    auto* r = static_cast<MemoryReader*>(self);
    const auto size = static_cast<sf_count_t>(r->bytes.size());
    const sf_count_t n = std::clamp<sf_count_t>(size - r->position, 0, count);
    if (n > 0) std::memcpy(into, r->bytes.data() + r->position, static_cast<size_t>(n));
    r->position += n;
    return n;
  };
  io.write = [](const void*, sf_count_t, void*) -> sf_count_t { return 0; };
  io.tell = [](void* self) -> sf_count_t { return static_cast<MemoryReader*>(self)->position; };
  return io;
}

SF_VIRTUAL_IO writerIo() {
  SF_VIRTUAL_IO io{};
  io.get_filelen = [](void* self) -> sf_count_t {
    return static_cast<sf_count_t>(static_cast<MemoryWriter*>(self)->bytes.size());
  };
  io.seek = [](sf_count_t offset, int whence, void* self) -> sf_count_t {
    auto* w = static_cast<MemoryWriter*>(self);
    return seekTo(w->position, static_cast<sf_count_t>(w->bytes.size()), offset, whence);
  };
  io.read = [](void* into, sf_count_t count, void* self) -> sf_count_t {
    auto* w = static_cast<MemoryWriter*>(self);
    const auto size = static_cast<sf_count_t>(w->bytes.size());
    const sf_count_t n = std::clamp<sf_count_t>(size - w->position, 0, count);
    if (n > 0) std::memcpy(into, w->bytes.data() + w->position, static_cast<size_t>(n));
    w->position += n;
    return n;
  };
  io.write = [](const void* from, sf_count_t count, void* self) -> sf_count_t {
    auto* w = static_cast<MemoryWriter*>(self);
    const auto end = static_cast<size_t>(w->position + count);
    if (w->bytes.size() < end) w->bytes.resize(end);
    std::memcpy(w->bytes.data() + w->position, from, static_cast<size_t>(count));
    w->position += count;
    return count;
  };
  io.tell = [](void* self) -> sf_count_t { return static_cast<MemoryWriter*>(self)->position; };
  return io;
}

struct SndfileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfileHandle = std::unique_ptr<SNDFILE, SndfileCloser>;

bool isWavContainer(int format) {
  const int major = format & SF_FORMAT_TYPEMASK;
  return major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64;
}

}  // namespace

std::variant<DecodedWav, WavError> decodeWav(std::string_view bytes) {
  MemoryReader reader{bytes, 0};
  SF_VIRTUAL_IO io = readerIo();
  SF_INFO info{};
  SndfileHandle file(sf_open_virtual(&io, SFM_READ, &info, &reader));
  if (!file || !isWavContainer(info.format)) return WavError{"not a WAV file"};
  if (info.channels < 1 || info.channels > 2)
    return WavError{"unsupported WAV: " + std::to_string(info.channels) + " channels (1 or 2 accepted)"};
  if (info.samplerate < static_cast<int>(kMinWavRate) || info.samplerate > static_cast<int>(kMaxWavRate))
    return WavError{"unsupported WAV: " + std::to_string(info.samplerate) + " Hz (8000-48000 accepted)"};

  DecodedWav wav;
  wav.sampleRate = static_cast<uint32_t>(info.samplerate);
  wav.channels = static_cast<uint16_t>(info.channels);
  if (const char* comment = sf_get_string(file.get(), SF_STR_COMMENT)) wav.comment = comment;

  // Read in blocks: a header may claim more frames than the bytes hold
  // (streamed WAVs often do), and the frames actually read are what count.
  constexpr sf_count_t kBlockFrames = 4096;
  std::vector<float> block(static_cast<size_t>(kBlockFrames * info.channels));
  for (;;) {
    const sf_count_t got = sf_readf_float(file.get(), block.data(), kBlockFrames);
    if (got <= 0) break;
    for (sf_count_t f = 0; f < got; ++f) {
      float sum = 0;
      for (int c = 0; c < info.channels; ++c) sum += block[static_cast<size_t>(f * info.channels + c)];
      wav.mono.push_back(sum / static_cast<float>(info.channels));
    }
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR) return WavError{"damaged WAV file"};
  return wav;
}

std::string encodeWavPcm16Mono(const std::vector<int16_t>& samples, uint32_t sampleRate,
                               const std::string& comment) {
  MemoryWriter writer;
  SF_VIRTUAL_IO io = writerIo();
  SF_INFO info{};
  info.samplerate = static_cast<int>(sampleRate);
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  {
    SndfileHandle file(sf_open_virtual(&io, SFM_WRITE, &info, &writer));
    if (!file) throw std::runtime_error(std::string("cannot write WAV: ") + sf_strerror(nullptr));
    // Set before the samples, so libsndfile puts LIST ahead of data where
    // simple readers that stop at the data chunk still find it.
    if (!comment.empty() && sf_set_string(file.get(), SF_STR_COMMENT, comment.c_str()) != 0)
      throw std::runtime_error("cannot write WAV comment");
    const auto count = static_cast<sf_count_t>(samples.size());
    if (sf_write_short(file.get(), samples.data(), count) != count)
      throw std::runtime_error(std::string("cannot write WAV: ") + sf_strerror(file.get()));
  }  // sf_close patches the header sizes through the writer
  return std::move(writer.bytes);
}

}  // namespace vbp
