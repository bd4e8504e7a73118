// acceptsGzip: which Accept-Encoding values let the host send gzip.
#include <gtest/gtest.h>

#include "http/static_files.h"

namespace vb {
namespace {

TEST(AcceptsGzip, FollowsTheCodingsAndTheirQValues) {
  const struct {
    const char* header;
    bool gzip;
  } cases[] = {
      {"", false},
      {"identity", false},
      {"br", false},
      {"gzip", true},
      {"GZIP", true},
      {"x-gzip", true},
      {"gzip, deflate, br, zstd", true},
      {"deflate;q=0.5, gzip;q=0.8", true},
      {"gzip;q=0", false},
      {"gzip; q=0.0", false},
      {"*", true},
      {"*;q=0", false},
      {"gzip;q=0, *", false},
      {"br;q=1, *;q=0.1", true},
  };
  for (const auto& c : cases) EXPECT_EQ(acceptsGzip(c.header), c.gzip) << '"' << c.header << '"';
}

}  // namespace
}  // namespace vb

namespace vb {
namespace {

TEST(EtagMatches, NamesTheTagInAListWeakOrStrongOrStar) {
  const std::string tag = "\"abc-gz\"";
  EXPECT_TRUE(etagMatches("\"abc-gz\"", tag));
  EXPECT_TRUE(etagMatches("\"x\", W/\"abc-gz\"", tag));
  EXPECT_TRUE(etagMatches("*", tag));
  EXPECT_FALSE(etagMatches("", tag));
  EXPECT_FALSE(etagMatches("\"abc\"", tag)) << "the identity copy's tag is another representation";
}

}  // namespace
}  // namespace vb
