// ChunkedBody: decodes a `Transfer-Encoding: chunked` request body (RFC 9112
// §7.1) incrementally, as its bytes arrive, within a size limit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vb {

class ChunkedBody {
 public:
  enum class Status { NeedMore, Done, TooLarge, Malformed };

  explicit ChunkedBody(size_t maxBodyBytes) : maxBodyBytes_(maxBodyBytes) {}

  // Consumes a prefix of `input` (how much: `consumed`), appending decoded
  // data to `body`. Done once the last chunk and the trailer section are in
  // (bytes after them are not consumed: they belong to the next request).
  // TooLarge when the decoded body would pass maxBodyBytes; Malformed on a
  // bad chunk size line or a missing CRLF. Trailer fields are read and
  // dropped. Not thread-safe (one per request).
  Status feed(std::string_view input, size_t& consumed, std::string& body);

 private:
  enum class State { Size, Data, DataEnd, Trailer, Done };

  const size_t maxBodyBytes_;
  State state_ = State::Size;
  uint64_t remaining_ = 0;  // bytes left in the current chunk
  size_t lineBytes_ = 0;    // size/trailer line bytes seen so far (bounded)
};

}  // namespace vb
