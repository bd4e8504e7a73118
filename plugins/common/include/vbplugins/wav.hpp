// Minimal RIFF/WAVE (PCM16 mono) reading and writing for the mock speech
// plugins. The text of an utterance travels in a LIST/INFO/ICMT chunk, so mock
// TTS output fed to mock STT transcribes back to the same words.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace vbp {

struct WavInfo {
  uint16_t channels = 0;
  uint32_t sampleRate = 0;
  uint16_t bitsPerSample = 0;
  uint32_t dataBytes = 0;
  std::optional<std::string> comment;  // LIST/INFO/ICMT, NULs trimmed

  int64_t durationMs() const {
    const uint64_t bytesPerSecond = uint64_t(sampleRate) * channels * (bitsPerSample / 8);
    return bytesPerSecond ? static_cast<int64_t>(uint64_t(dataBytes) * 1000 / bytesPerSecond) : 0;
  }
};

inline uint32_t le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return u[0] | (u[1] << 8) | (u[2] << 16) | (uint32_t(u[3]) << 24);
}
inline uint16_t le16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] | (u[1] << 8));
}

// Returns nullopt unless `wav` is a RIFF/WAVE file with a fmt and a data chunk.
inline std::optional<WavInfo> parseWav(std::string_view wav) {
  if (wav.size() < 12 || wav.substr(0, 4) != "RIFF" || wav.substr(8, 4) != "WAVE") return std::nullopt;
  WavInfo info;
  bool fmt = false, data = false;
  size_t pos = 12;
  while (pos + 8 <= wav.size()) {
    const std::string_view id = wav.substr(pos, 4);
    const uint32_t size = le32(wav.data() + pos + 4);
    const size_t body = pos + 8;
    // A truncated last chunk (streams often lie about data size) is clipped.
    const size_t avail = std::min<size_t>(size, wav.size() - body);
    if (id == "fmt " && avail >= 16) {
      info.channels = le16(wav.data() + body + 2);
      info.sampleRate = le32(wav.data() + body + 4);
      info.bitsPerSample = le16(wav.data() + body + 14);
      fmt = true;
    } else if (id == "data") {
      info.dataBytes = static_cast<uint32_t>(avail);
      data = true;
    } else if (id == "LIST" && avail >= 4 && wav.substr(body, 4) == "INFO") {
      size_t p = body + 4;
      while (p + 8 <= body + avail) {
        const uint32_t n = le32(wav.data() + p + 4);
        const size_t len = std::min<size_t>(n, body + avail - (p + 8));
        if (wav.substr(p, 4) == "ICMT") {
          std::string text(wav.substr(p + 8, len));
          while (!text.empty() && text.back() == '\0') text.pop_back();
          info.comment = text;
        }
        p += 8 + n + (n & 1);
      }
    }
    pos = body + size + (size & 1);
  }
  if (!fmt || !data) return std::nullopt;
  return info;
}

inline void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
inline void put16(std::string& out, uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}

// PCM16 mono WAV around `pcm` (little-endian samples), with an optional ICMT.
inline std::string makeWav(const std::string& pcm, uint32_t sampleRate, const std::string& comment = {}) {
  std::string list;
  if (!comment.empty()) {
    std::string text = comment + '\0';
    if (text.size() & 1) text += '\0';
    list = "LIST";
    put32(list, static_cast<uint32_t>(4 + 8 + text.size()));
    list += "INFO";
    list += "ICMT";
    put32(list, static_cast<uint32_t>(text.size()));
    list += text;
  }
  std::string out = "RIFF";
  put32(out, static_cast<uint32_t>(4 + 24 + list.size() + 8 + pcm.size()));
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, 1);  // PCM
  put16(out, 1);  // mono
  put32(out, sampleRate);
  put32(out, sampleRate * 2);
  put16(out, 2);
  put16(out, 16);
  out += list;
  out += "data";
  put32(out, static_cast<uint32_t>(pcm.size()));
  out += pcm;
  return out;
}

}  // namespace vbp
