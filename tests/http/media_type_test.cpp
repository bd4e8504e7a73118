// Which Content-Types a route's media-type list lets through.
#include "http/media_type.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

TEST(MediaType, JsonRoutesTakeJsonAndJsonSuffixesWithAnyCharset) {
  const std::vector<std::string> json = {"application/json", "application/*+json"};
  const std::vector<std::pair<std::string, bool>> cases = {
      {"application/json", true},
      {"Application/JSON; charset=UTF-8", true},
      {"  application/json ;charset=utf-8", true},
      {"application/merge-patch+json", true},
      {"application/problem+json; charset=utf-8", true},
      {"text/plain", false},
      {"text/plain; charset=utf-8", false},
      {"application/x-www-form-urlencoded", false},
      {"multipart/form-data; boundary=x", false},
      {"application/xml", false},
      {"text/xml", false},
      {"application/+json", false},
      {"application/jsonx", false},
      {"text/json", false},
      {"", false},
      {"json", false},
      {"application/json/x", false},
  };
  for (const auto& [contentType, accepted] : cases)
    EXPECT_EQ(isAcceptedMediaType(mediaTypeOf(contentType), json), accepted) << "'" << contentType << "'";
}

TEST(MediaType, OtherRoutesDeclareTheirOwn) {
  const std::vector<std::string> wav = {"audio/wav", "audio/x-wav"};
  EXPECT_TRUE(isAcceptedMediaType(mediaTypeOf("audio/wav"), wav));
  EXPECT_TRUE(isAcceptedMediaType(mediaTypeOf("audio/x-wav; rate=16000"), wav));
  EXPECT_FALSE(isAcceptedMediaType(mediaTypeOf("audio/mpeg"), wav));
  EXPECT_FALSE(isAcceptedMediaType(mediaTypeOf("application/json"), wav));
  EXPECT_TRUE(isAcceptedMediaType(mediaTypeOf("audio/ogg"), {"audio/*"}));
}

}  // namespace
}  // namespace vb
