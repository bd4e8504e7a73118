// Issue 10, item 8 over HTTP: the dashboard's files carry a CSP, a
// Referrer-Policy and nosniff; API answers carry nosniff.
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <gtest/gtest.h>

#include "host_helpers.h"

namespace vb {
namespace {

TEST(DashboardHeaders, TheAppAndTheApiAreServedWithTheSecurityHeaders) {
  Poco::TemporaryFile webapp;
  Poco::File(webapp.path() + "/assets").createDirectories();
  {
    Poco::FileOutputStream index(webapp.path() + "/index.html");
    index << "<!doctype html><script type=\"module\" src=\"/assets/app.js\"></script>";
  }
  { Poco::FileOutputStream(webapp.path() + "/assets/app.js") << "export {};"; }
  test::TestHost host([&](Poco::JSON::Object& config) { config.getObject("server")->set("webappDir", webapp.path()); });

  for (const std::string path : {"/", "/agents", "/assets/app.js"}) {
    const auto r = host.call("GET", path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_NE(r.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
  }
  const auto api = host.call("GET", "/healthz");
  EXPECT_EQ(api.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(host.call("GET", "/v1/me").header("X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace vb
