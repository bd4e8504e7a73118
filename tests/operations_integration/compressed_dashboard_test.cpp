// The host serves the dashboard's text files gzip-compressed to clients that
// accept it (same bytes once decoded, same caching), identity to others.
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/InflatingStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <sstream>

#include "operations_support.h"

namespace vb {
namespace {

using namespace ops_test;

std::string inflate(const std::string& data) {
  std::istringstream in(data);
  Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_GZIP);
  std::ostringstream out;
  Poco::StreamCopier::copyStream(inflate, out);
  return out.str();
}

// "" when `data` is not gzip.
std::string gunzip(const std::string& data) {
  try {
    return inflate(data);
  } catch (const Poco::Exception&) {
    return {};
  }
}

void writeFile(const std::string& path, const std::string& content) {
  Poco::FileOutputStream out(path);
  out << content;
}

// A small built dashboard: index.html, a script and a stylesheet under
// /assets/ (repetitive, as bundles are), and a PNG that is never compressed.
class CompressedDashboard : public ::testing::Test {
 protected:
  CompressedDashboard() {
    Poco::File(web_.path() + "/assets").createDirectories();
    for (int i = 0; i < 400; ++i)
      script_ += "export function f" + std::to_string(i) + "(a){return a+" + std::to_string(i) + ";}\n";
    writeFile(web_.path() + "/index.html",
              "<!doctype html><html><head><title>VocalBridge</title></head><body><div "
              "id=root></div></body></html>");
    writeFile(web_.path() + "/assets/app-abc123.js", script_);
    writeFile(web_.path() + "/assets/app-abc123.css", std::string(3000, 'a') + "{color:red}");
    writeFile(web_.path() + "/assets/logo.png",
              std::string("\x89PNG\r\n\x1a\n", 8) + std::string(2000, '\0'));
    host_ = std::make_unique<TestHost>([dir = web_.path()](Poco::JSON::Object& config) {
      config.getObject("server")->set("webappDir", dir);
    });
  }
  Poco::TemporaryFile web_;
  std::string script_;
  std::unique_ptr<TestHost> host_;
};

TEST_F(CompressedDashboard, AGzipClientGetsTheSameBytesCompressedWithTheCachingOfToday) {
  const auto r = host_->call("GET", "/assets/app-abc123.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.contentType, "text/javascript; charset=utf-8");
  EXPECT_LT(r.body.size(), script_.size() / 4);
  EXPECT_TRUE(gunzip(r.body) == script_) << "the gzip answer decodes to the file's bytes";
  EXPECT_FALSE(r.header("Content-Security-Policy").empty());
}

TEST_F(CompressedDashboard, AClientWithoutAcceptEncodingGetsIdentity) {
  for (const std::string acceptEncoding : {"", "identity", "gzip;q=0, *", "br"}) {
    std::map<std::string, std::string> headers;
    if (!acceptEncoding.empty()) headers["Accept-Encoding"] = acceptEncoding;
    const auto r = host_->call("GET", "/assets/app-abc123.js", headers);
    ASSERT_EQ(r.status, 200) << acceptEncoding;
    EXPECT_EQ(r.header("Content-Encoding"), "") << acceptEncoding;
    EXPECT_EQ(r.header("Vary"), "Accept-Encoding") << "caches must key on it either way";
    EXPECT_TRUE(r.body == script_) << acceptEncoding;
  }
}

TEST_F(CompressedDashboard, IndexAndClientRoutesAreCompressedAndRevalidated) {
  for (const std::string path : {"/", "/usage"}) {
    const auto r = host_->call("GET", path, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("Cache-Control"), "no-cache");
    ASSERT_EQ(r.header("Content-Encoding"), "gzip") << path;
    EXPECT_NE(gunzip(r.body).find("<div id=root>"), std::string::npos);
  }
  const auto css = host_->call("GET", "/assets/app-abc123.css", {{"Accept-Encoding", "x-gzip"}});
  EXPECT_EQ(css.header("Content-Encoding"), "gzip");
}

TEST_F(CompressedDashboard, ImagesAreSentAsTheyAre) {
  const auto r = host_->call("GET", "/assets/logo.png", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Encoding"), "");
  EXPECT_EQ(r.header("Vary"), "");
  EXPECT_EQ(r.body.size(), 2008u);
  EXPECT_EQ(host_->call("GET", "/assets/missing.js", {{"Accept-Encoding", "gzip"}}).status, 404);
}

TEST_F(CompressedDashboard, ARebuiltFileIsServedFreshly) {
  ASSERT_TRUE(gunzip(host_->call("GET", "/assets/app-abc123.js", {{"Accept-Encoding", "gzip"}}).body) ==
              script_);
  const std::string rebuilt = script_ + "export const rebuilt = true;\n";
  writeFile(web_.path() + "/assets/app-abc123.js", rebuilt);  // another size: a new cache key
  EXPECT_TRUE(gunzip(host_->call("GET", "/assets/app-abc123.js", {{"Accept-Encoding", "gzip"}}).body) ==
              rebuilt);
}

TEST_F(CompressedDashboard, EachRepresentationHasItsETagAndARevalidationGets304) {
  const auto gz = host_->call("GET", "/assets/app-abc123.js", {{"Accept-Encoding", "gzip"}});
  const auto plain = host_->call("GET", "/assets/app-abc123.js");
  ASSERT_FALSE(gz.header("ETag").empty());
  EXPECT_NE(gz.header("ETag"), plain.header("ETag"));
  const auto again = host_->call("GET", "/assets/app-abc123.js",
                                 {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz.header("ETag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), gz.header("ETag"));
  EXPECT_EQ(again.header("Vary"), "Accept-Encoding");
  const auto index = host_->call("GET", "/", {{"Accept-Encoding", "gzip"}});
  writeFile(web_.path() + "/index.html", "<!doctype html><html><body>rebuilt</body></html>");
  const auto changed =
      host_->call("GET", "/", {{"Accept-Encoding", "gzip"}, {"If-None-Match", index.header("ETag")}});
  EXPECT_EQ(changed.status, 200) << "a rebuilt index.html is sent again";
}

}  // namespace
}  // namespace vb
