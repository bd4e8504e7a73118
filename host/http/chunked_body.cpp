#include "http/chunked_body.h"

#include <algorithm>

namespace vb {
namespace {

constexpr size_t kMaxLineBytes = 4096;       // a chunk-size line or one trailer field
constexpr size_t kMaxTrailerBytes = 16384;   // all trailer fields together

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ChunkedBody::Status ChunkedBody::feed(std::string_view input, size_t& consumed, std::string& body) {
  consumed = 0;
  while (consumed < input.size() || state_ == State::Done) {
    const std::string_view rest = input.substr(consumed);
    switch (state_) {
      case State::Size: {
        // chunk-size [; extensions] CRLF — needs the whole line.
        const size_t end = rest.find('\n');
        if (end == std::string_view::npos) {
          if (lineBytes_ + rest.size() > kMaxLineBytes) return Status::Malformed;
          return Status::NeedMore;  // nothing consumed: the line is re-read when complete
        }
        std::string_view line = rest.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string_view size = line.substr(0, line.find(';'));
        if (size.empty() || size.size() > 15) return Status::Malformed;
        uint64_t value = 0;
        for (char c : size) {
          const int digit = hexValue(c);
          if (digit < 0) return Status::Malformed;
          value = value * 16 + static_cast<uint64_t>(digit);
        }
        consumed += end + 1;
        if (value == 0) {
          state_ = State::Trailer;
          lineBytes_ = 0;
          break;
        }
        if (body.size() + value > maxBodyBytes_) return Status::TooLarge;
        remaining_ = value;
        state_ = State::Data;
        break;
      }
      case State::Data: {
        const size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, rest.size()));
        body.append(rest.substr(0, take));
        consumed += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = State::DataEnd;
        break;
      }
      case State::DataEnd: {
        if (rest.size() < 2 && rest != "\n") {
          if (rest == "\r") return Status::NeedMore;
          return Status::Malformed;
        }
        if (rest.substr(0, 2) == "\r\n") consumed += 2;
        else if (rest.front() == '\n') consumed += 1;
        else return Status::Malformed;
        state_ = State::Size;
        break;
      }
      case State::Trailer: {
        const size_t end = rest.find('\n');
        if (end == std::string_view::npos) {
          if (lineBytes_ + rest.size() > kMaxTrailerBytes) return Status::Malformed;
          return Status::NeedMore;
        }
        std::string_view line = rest.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        consumed += end + 1;
        lineBytes_ += end + 1;
        if (lineBytes_ > kMaxTrailerBytes) return Status::Malformed;
        if (line.empty()) state_ = State::Done;
        break;
      }
      case State::Done:
        return Status::Done;
    }
  }
  return Status::NeedMore;
}

}  // namespace vb
