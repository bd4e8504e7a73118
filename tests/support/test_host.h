// TestHost: the real gateway, in-process, on an ephemeral port, with its
// in-process mock vendors over real HTTP, a fresh database (a SQLite file, or
// a PostgreSQL database when VB_TEST_POSTGRES is set: support/scratch_database.h)
// and the built plugins. Integration tests talk to it with TestHost::call().
//
//   TestHost host;                                    // default config, faults off
//   TestHost host([](Poco::JSON::Object& c) { … });   // edit the config first
//   auto r = host.call("GET", "/v1/me", {{"Authorization", "Bearer " + key}});
#pragma once

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "app/gateway.h"
#include "app/services.h"
#include "support/scratch_database.h"

namespace vb::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // as sent (case preserved by Poco; look up exact names)
  std::string contentType;

  Poco::JSON::Object::Ptr json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  }
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One HTTP exchange with a host on loopback (a fresh connection).
inline HttpResult httpCall(uint16_t port, const std::string& method, const std::string& path,
                           const std::map<std::string, std::string>& headers = {},
                           const std::string& body = {},
                           const std::string& contentType = "application/json") {
  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  session.setTimeout(Poco::Timespan(60, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == "POST" || method == "PATCH") {
    request.setContentType(contentType);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
  } else {
    session.sendRequest(request);
  }
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = response.getStatus();
  result.contentType = response.getContentType();
  for (const auto& [name, value] : response) result.headers[name] = value;
  std::ostringstream out;
  Poco::StreamCopier::copyStream(in, out);
  result.body = out.str();
  return result;
}

class TestHost {
 public:
  using ConfigEdit = std::function<void(Poco::JSON::Object&)>;

  // Starts the host from config/vocalbridge.json with: port 0, a temporary
  // database, the build's plugins, no webapp, no access log, mock vendors with
  // zero latency and no random faults (tests force faults per request with
  // X-Mock-Fault) — then `edit` runs on the document.
  // `options` reach the Gateway (e.g. a scripted TurnRouter).
  explicit TestHost(const ConfigEdit& edit = {}, GatewayOptions options = {}) {
    Poco::File(dir_.path()).createDirectories();
    Poco::JSON::Parser parser;
    Poco::FileInputStream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
    auto root = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
    auto server = root->getObject("server");
    server->set("port", 0);
    server->set("host", "127.0.0.1");
    server->set("webappDir", "");
    server->set("accessLog", false);
    root->getObject("database")->set("path", dir_.path() + "/test.db");
    root->getObject("database")->set("url", database_.url());
    root->set("pluginDir", std::string(VB_PLUGIN_DIR));
    auto mocks = root->getObject("mockVendors");
    for (const std::string name : {"vendorA", "vendorB"}) {
      auto vendor = mocks->getObject(name);
      vendor->set("zero", true);
    }
    if (auto billing = root->getObject("mockBilling"))  // its invoices file lives with the database
      billing->set("invoicesFile", dir_.path() + "/mock-billing.json");
    if (edit) edit(*root);
    configPath_ = dir_.path() + "/vocalbridge.json";
    writeConfig(*root);
    gateway_ = std::make_unique<Gateway>(AppConfig::load(configPath_), options);
    gateway_->start();
  }

  ~TestHost() { gateway_->stop(); }

  Gateway& gateway() { return *gateway_; }
  uint16_t port() const { return gateway_->port(); }
  const std::string& configPath() const { return configPath_; }
  const std::string& dir() const { return dir_.path(); }
  // The PostgreSQL URL this host was given ("" on SQLite). A second TestHost
  // on the same database (cross-host tests) sets database.url to it.
  std::string databaseUrl() const { return gateway_->services().database->settings().url; }

  // Rewrites the config file (e.g. to hot-swap a plugin).
  void writeConfig(const Poco::JSON::Object& root) {
    Poco::FileOutputStream out(configPath_ + ".tmp");
    root.stringify(out, 2);
    out.close();
    Poco::File(configPath_ + ".tmp").renameTo(configPath_);
  }

  HttpResult call(const std::string& method, const std::string& path,
                  const std::map<std::string, std::string>& headers = {}, const std::string& body = {},
                  const std::string& contentType = "application/json") const {
    return httpCall(port(), method, path, headers, body, contentType);
  }

 private:
  ScratchDatabase database_;  // outlives the gateway (dropped after it stops)
  Poco::TemporaryFile dir_;
  std::string configPath_;
  std::unique_ptr<Gateway> gateway_;
};

}  // namespace vb::test
