// HostProcess: the real `vocalbridge` binary as a child process, for tests
// that must kill it (-9) and start it again on the same database. The config
// is TestHost's (mock vendors in-process, the build's plugins, a temp
// database) plus the test's edit; the port is a free loopback port.
#pragma once

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/test_host.h"

namespace vb::test {

class HostProcess {
 public:
  using ConfigEdit = std::function<void(Poco::JSON::Object&)>;

  explicit HostProcess(const ConfigEdit& edit = {}) {
    Poco::File(dir_.path()).createDirectories();
    Poco::JSON::Parser parser;
    Poco::FileInputStream in(std::string(VB_SOURCE_DIR) + "/config/vocalbridge.json");
    auto root = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
    auto server = root->getObject("server");
    server->set("host", "127.0.0.1");
    server->set("webappDir", "");
    server->set("accessLog", false);
    root->getObject("database")->set("path", dir_.path() + "/host.db");
    root->getObject("database")->set("url", database_.url());
    root->set("pluginDir", std::string(VB_PLUGIN_DIR));
    for (const std::string name : {"vendorA", "vendorB"})
      root->getObject("mockVendors")->getObject(name)->set("zero", true);
    if (auto billing = root->getObject("mockBilling"))
      billing->set("invoicesFile", dir_.path() + "/mock-billing.json");
    if (edit) edit(*root);
    configPath_ = dir_.path() + "/vocalbridge.json";
    Poco::FileOutputStream out(configPath_);
    root->stringify(out, 2);
  }

  ~HostProcess() { kill(); }

  // Starts the binary and waits (with a deadline) until /readyz answers 200.
  void start() {
    port_ = freePort();
    Poco::Process::Args args{"--config", configPath_, "--port", std::to_string(port_)};
    handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
        std::string(VB_BIN_DIR) + "/vocalbridge", args, dir_.path(), nullptr, nullptr, nullptr));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        if (call("GET", "/readyz").status == 200) return;
      } catch (const Poco::Exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("vocalbridge did not become ready");
  }

  // SIGKILL: no shutdown code runs, as in a crash.
  void kill() {
    if (!handle_) return;
    Poco::Process::kill(*handle_);
    handle_->wait();
    handle_.reset();
  }

  HttpResult call(const std::string& method, const std::string& path,
                  const std::map<std::string, std::string>& headers = {},
                  const std::string& body = {}) const {
    return httpCall(port_, method, path, headers, body);
  }

  const std::string& databasePath() const { return databasePath_; }
  // Where the process keeps its data, for a test that opens the database itself.
  DatabaseSettings databaseSettings() const {
    DatabaseSettings settings;
    settings.path = databasePath_;
    settings.url = database_.url();
    return settings;
  }
  const std::string& dir() const { return dir_.path(); }
  const std::string& configPath() const { return configPath_; }
  uint16_t port() const { return port_; }

 private:
  static uint16_t freePort() {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    return probe.address().port();
  }

  ScratchDatabase database_;  // outlives the process
  Poco::TemporaryFile dir_;
  std::string configPath_;
  std::string databasePath_ = dir_.path() + "/host.db";
  uint16_t port_ = 0;
  std::unique_ptr<Poco::ProcessHandle> handle_;
};

}  // namespace vb::test
