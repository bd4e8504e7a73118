// DevDoubles: the test doubles the development config starts inside the
// host (section "mockVendors" {enabled, …}), so `make run` is one command:
// today the two mock LLM vendors. Not part of the core — the gateway only
// starts them when the config asks, and hands their URLs to the plugin
// config as ${mock:<name>} placeholders.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "app/app_config.h"

namespace vb {

class MockVendorServer;

class DevDoubles {
 public:
  DevDoubles();
  ~DevDoubles();  // stops what it started
  DevDoubles(const DevDoubles&) = delete;
  DevDoubles& operator=(const DevDoubles&) = delete;

  // Starts every double the config enables; returns placeholder → URL
  // ("mock:vendorA" → "http://127.0.0.1:<port>"). Throws when one cannot start.
  std::map<std::string, std::string> start(const AppConfig& config);
  void stop();

  // The running mock vendor of that name ("vendorA"/"vendorB"), or null.
  MockVendorServer* mockVendor(const std::string& name);

 private:
  std::map<std::string, std::unique_ptr<MockVendorServer>> mockVendors_;
};

}  // namespace vb
