// Chunked request bodies, fed the way they arrive: in pieces.
#include "http/chunked_body.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

// Feeds `wire` `step` bytes at a time, as a socket might deliver it.
ChunkedBody::Status feedInSteps(const std::string& wire, size_t step, std::string& body, size_t& left, size_t max = 100) {
  ChunkedBody decoder(max);
  std::string pending;
  ChunkedBody::Status status = ChunkedBody::Status::NeedMore;
  for (size_t at = 0; at < wire.size() && status == ChunkedBody::Status::NeedMore; at += step) {
    pending += wire.substr(at, step);
    size_t consumed = 0;
    status = decoder.feed(pending, consumed, body);
    pending.erase(0, consumed);
  }
  left = pending.size();
  return status;
}

TEST(ChunkedBody, DecodesWhateverWayTheBytesArrive) {
  const std::string wire = "4\r\nWiki\r\n5;name=v\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
  for (size_t step : {1u, 2u, 3u, 7u, 1000u}) {
    std::string body;
    size_t left = 0;
    EXPECT_EQ(feedInSteps(wire, step, body, left), ChunkedBody::Status::Done) << step;
    EXPECT_EQ(body, "Wikipedia in\r\n\r\nchunks.") << step;
    if (step == 1000u) {
      EXPECT_EQ(left, 4u);  // "NEXT" belongs to the next request
    }
  }
}

TEST(ChunkedBody, RefusesMalformedAndOversizedBodies) {
  std::string body;
  size_t left = 0;
  EXPECT_EQ(feedInSteps("zz\r\nab\r\n0\r\n\r\n", 100, body, left), ChunkedBody::Status::Malformed);
  EXPECT_EQ(feedInSteps("2\r\nabXX0\r\n\r\n", 100, body, left), ChunkedBody::Status::Malformed);
  EXPECT_EQ(feedInSteps("fffffffffffffffff\r\n", 100, body, left), ChunkedBody::Status::Malformed);
  EXPECT_EQ(feedInSteps(std::string(5000, '1'), 100, body, left), ChunkedBody::Status::Malformed);
  EXPECT_EQ(feedInSteps("65\r\n" + std::string(101, 'a') + "\r\n0\r\n\r\n", 7, body, left),
            ChunkedBody::Status::TooLarge);
}

}  // namespace
}  // namespace vb
