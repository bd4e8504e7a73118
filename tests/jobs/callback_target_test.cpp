// Callback destinations: only absolute http(s) URLs; private, loopback and
// link-local addresses are refused unless allowed.
#include "jobs/callback_target.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

TEST(CallbackTarget, ParsesHttpAndHttpsUrls) {
  auto target = CallbackTarget::parse("http://example.com:8081/hooks/job?x=1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->scheme, "http");
  EXPECT_EQ(target->host, "example.com");
  EXPECT_EQ(target->port, 8081);
  EXPECT_EQ(target->pathAndQuery, "/hooks/job?x=1");
  auto secure = CallbackTarget::parse("https://example.com");
  ASSERT_TRUE(secure);
  EXPECT_EQ(secure->port, 443);
  EXPECT_EQ(secure->pathAndQuery, "/");
}

TEST(CallbackTarget, RefusesOtherSchemesMissingHostsAndCredentials) {
  for (const char* url : {"ftp://example.com/x", "file:///etc/passwd", "/relative/path", "http://user:pw@example.com/",
                          "not a url at all"})
    EXPECT_FALSE(CallbackTarget::parse(url)) << url;
}

TEST(CallbackTarget, NonPublicAddressesAreRecognised) {
  for (const char* address : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                              "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1"})
    EXPECT_TRUE(isNonPublicAddress(Poco::Net::IPAddress(address))) << address;
  for (const char* address : {"93.184.216.34", "8.8.8.8", "2606:4700::1111"})
    EXPECT_FALSE(isNonPublicAddress(Poco::Net::IPAddress(address))) << address;
}

TEST(CallbackTarget, LoopbackIsRefusedUnlessPrivateDestinationsAreAllowed) {
  auto target = CallbackTarget::parse("http://127.0.0.1:9/hook");
  ASSERT_TRUE(target);
  EXPECT_FALSE(target->resolve(false));
  auto allowed = target->resolve(true);
  ASSERT_TRUE(allowed);
  EXPECT_TRUE(allowed->isLoopback());
  auto named = CallbackTarget::parse("http://localhost:9/hook");
  ASSERT_TRUE(named);
  EXPECT_FALSE(named->resolve(false)) << "a name is judged by the addresses it resolves to";
}

}  // namespace
}  // namespace vb
