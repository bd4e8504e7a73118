#include "app/dev_doubles.h"

#include <Poco/Logger.h>

#include "testdoubles/mockvendors/mock_vendor_server.h"

namespace vb {

DevDoubles::DevDoubles() = default;
DevDoubles::~DevDoubles() { stop(); }

std::map<std::string, std::string> DevDoubles::start(const AppConfig& config) {
  std::map<std::string, std::string> substitutions;
  if (!config.mockVendorsEnabled) return substitutions;
  const auto section = config.section("mockVendors");
  for (const std::string name : {"vendorA", "vendorB"}) {
    auto server = std::make_unique<MockVendorServer>(MockVendorServer::kindFromName(name),
                                                     MockVendorSettings::fromJson(section, name));
    server->start();
    substitutions["mock:" + name] = server->baseUrl();
    Poco::Logger::get("gateway").information("mock %s listening on %s", name, server->baseUrl());
    mockVendors_[name] = std::move(server);
  }
  return substitutions;
}

void DevDoubles::stop() {
  for (auto& [name, server] : mockVendors_) server->stop();
  mockVendors_.clear();
}

MockVendorServer* DevDoubles::mockVendor(const std::string& name) {
  const auto it = mockVendors_.find(name);
  return it == mockVendors_.end() ? nullptr : it->second.get();
}

}  // namespace vb
