// Request heads: what parses, and the exact status of each way a head is wrong.
#include "http/request_head.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

struct HeadCase {
  std::string name;
  std::string head;
  int status;  // 0 = parses
};

TEST(RequestHead, EachMalformedHeadGetsItsStatus) {
  const std::string ok = "GET /v1/agents?limit=5 HTTP/1.1\r\nHost: t\r\n\r\n";
  std::string manyFields = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) manyFields += "X-" + std::to_string(i) + ": 1\r\n";
  const std::vector<HeadCase> cases = {
      {"ordinary", ok, 0},
      {"leading empty lines", "\r\n\r\n" + ok, 0},
      {"bare LF line ends", "GET / HTTP/1.1\nHost: t\n\n", 0},
      {"HTTP/1.0", "GET / HTTP/1.0\r\n\r\n", 0},
      {"absolute form", "GET http://t/v1/me HTTP/1.1\r\n\r\n", 0},
      {"garbage line", "HELLO\r\n\r\n", 400},
      {"two words", "GET /\r\n\r\n", 400},
      {"not http", "GET / FTP/1.0\r\n\r\n", 400},
      {"version 2.0", "GET / HTTP/2.0\r\n\r\n", 505},
      {"bad method", "G(T / HTTP/1.1\r\n\r\n", 400},
      {"control char in target", std::string("GET /a\x01 HTTP/1.1\r\n\r\n"), 400},
      {"target too long", "GET /" + std::string(16384, 'a') + " HTTP/1.1\r\n\r\n", 414},
      {"101 fields", manyFields + "\r\n", 431},
      {"no colon", "GET / HTTP/1.1\r\nHost t\r\n\r\n", 400},
      {"space before colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400},
      {"folded line", "GET / HTTP/1.1\r\nX-A: 1\r\n  2\r\n\r\n", 400},
      {"control char in value", std::string("GET / HTTP/1.1\r\nX-A: 1\x02\r\n\r\n"), 400},
      {"content-length letters", "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400},
      {"content-length negative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"content-length conflict", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"content-length repeated", "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n", 0},
      {"te and cl", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n", 400},
      {"te gzip", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
  };
  for (const auto& c : cases) {
    const auto head = parseRequestHead(c.head, RequestHeadLimits{});
    if (c.status == 0) {
      EXPECT_TRUE(head) << c.name << ": " << (head ? "" : head.error().detail);
    } else {
      ASSERT_FALSE(head) << c.name;
      EXPECT_EQ(head.error().status, c.status) << c.name << ": " << head.error().detail;
      EXPECT_FALSE(head.error().detail.empty()) << c.name;
    }
  }
}

TEST(RequestHead, TheFieldsAreReadIntoWhatTheEdgeNeeds) {
  const auto head = parseRequestHead(
      "POST /v1/a%20b?x=1&y=%C3%A9 HTTP/1.1\r\nHost: t\r\nX-Tag: a\r\nx-tag: b\r\nContent-Length: 00012\r\n"
      "Expect: 100-continue\r\nConnection: Keep-Alive, close\r\n\r\n",
      RequestHeadLimits{});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->method, "POST");
  EXPECT_EQ(head->path, "/v1/a b");
  EXPECT_EQ(head->query.at("y"), "\xC3\xA9");
  EXPECT_EQ(head->headers.at("x-tag"), "a, b");
  EXPECT_EQ(head->framing, RequestHead::Framing::ContentLength);
  EXPECT_EQ(head->contentLength, 12u);
  EXPECT_TRUE(head->expectContinue);
  EXPECT_FALSE(head->keepAlive);
}

TEST(RequestHead, ATwentyDigitContentLengthIsTooLargeNotAnError) {
  const auto head = parseRequestHead("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", RequestHeadLimits{});
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->contentLengthTooLarge);
}

TEST(RequestHead, Http10KeepsTheConnectionOnlyWhenAsked) {
  EXPECT_FALSE(parseRequestHead("GET / HTTP/1.0\r\n\r\n", RequestHeadLimits{})->keepAlive);
  EXPECT_TRUE(parseRequestHead("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", RequestHeadLimits{})->keepAlive);
  EXPECT_TRUE(parseRequestHead("GET / HTTP/1.1\r\n\r\n", RequestHeadLimits{})->keepAlive);
}

TEST(RequestHead, TheHeadEndsAtTheFirstBlankLineAfterTheRequestLine) {
  EXPECT_EQ(findHeadEnd("GET / HTTP/1.1\r\nHost: t\r\n"), std::string::npos);
  EXPECT_EQ(findHeadEnd("\r\n\r\n"), std::string::npos);
  const std::string head = "\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n";
  EXPECT_EQ(findHeadEnd(head + "body"), head.size());
  EXPECT_EQ(findHeadEnd("GET / HTTP/1.1\n\nrest"), 16u);
}

}  // namespace
}  // namespace vb
