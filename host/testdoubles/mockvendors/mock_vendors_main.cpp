// vb-mock-vendors: runs mock vendorA and vendorB as their own process.
//   vb-mock-vendors [--config FILE] [--vendorA-port N] [--vendorB-port N] [--seed N] [--zero]
// Prints "vendorA http://…" and "vendorB http://…", then serves until SIGINT/SIGTERM.
#include <Poco/JSON/Parser.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "testdoubles/mockvendors/mock_vendor_server.h"

namespace {

constexpr const char* kUsage =
    "usage: vb-mock-vendors [--config FILE] [--vendorA-port N] [--vendorB-port N] [--seed N] [--zero]\n";

int usage(const std::string& why) {
  std::cerr << "vb-mock-vendors: " << why << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string configPath;
  long portA = -1, portB = -1;
  long long seed = -1;
  bool zero = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* value = nullptr;
    if (arg == "--zero") {
      zero = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if ((value = next()) == nullptr) {
      return usage("missing value for " + arg);
    } else if (arg == "--config") {
      configPath = value;
    } else if (arg == "--vendorA-port") {
      portA = std::strtol(value, nullptr, 10);
    } else if (arg == "--vendorB-port") {
      portB = std::strtol(value, nullptr, 10);
    } else if (arg == "--seed") {
      seed = std::strtoll(value, nullptr, 10);
    } else {
      return usage("unknown option " + arg);
    }
  }

  // Block the stop signals before any server thread exists, so every thread
  // inherits the mask and sigwait() below is the only one that sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    Poco::JSON::Object::Ptr section;
    if (!configPath.empty()) {
      std::ifstream in(configPath);
      if (!in) return usage("cannot read " + configPath);
      std::stringstream text;
      text << in.rdbuf();
      const auto root = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
      section = root->getObject("mockVendors");
    }
    auto settingsFor = [&](const std::string& name, long port) {
      auto s = vb::MockVendorSettings::fromJson(section, name);
      if (port >= 0) s.port = static_cast<uint16_t>(port);
      if (seed >= 0) s.seed = static_cast<uint64_t>(seed);
      if (zero) s.zero = true;
      return s;
    };
    vb::MockVendorServer a(vb::MockVendorKind::VendorA, settingsFor("vendorA", portA));
    vb::MockVendorServer b(vb::MockVendorKind::VendorB, settingsFor("vendorB", portB));
    a.start();
    b.start();
    std::cout << "vendorA " << a.baseUrl() << "\nvendorB " << b.baseUrl() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    a.stop();
    b.stop();
  } catch (const std::exception& e) {
    std::cerr << "vb-mock-vendors: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
