// vb-plugin-check: loads one plugin file exactly as the host does (Boost.DLL,
// ABI and descriptor validation, create() with the given settings, destroy())
// and prints what it found or the specific reason it was refused.
//
//   vb-plugin-check [--settings JSON] [--no-create] PATH.so
//
// Exit status: 0 accepted, 1 refused, 2 usage error.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "pluginhost/plugin_instance.h"
#include "pluginhost/plugin_library.h"

namespace {

int usage() {
  std::cerr << "usage: vb-plugin-check [--settings JSON] [--no-create] PATH.so\n"
               "  Loads a VocalBridge plugin the way the host does and validates it.\n"
               "  --settings JSON  the plugin's \"settings\" object for create() (default {})\n"
               "  --no-create      check the library and descriptor only\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::string settings = "{}";
  bool create = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--settings" && i + 1 < argc) {
      settings = argv[++i];
    } else if (arg == "--no-create") {
      create = false;
    } else if (arg == "-h" || arg == "--help") {
      usage();
      return 0;
    } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
      path = arg;
    } else {
      return usage();
    }
  }
  if (path.empty()) return usage();

  auto library = vb::PluginLibrary::load(path);
  if (!library) {
    std::cout << "REFUSED " << path << ": " << library.error() << "\n";
    return 1;
  }
  const auto& lib = *library.value();
  std::cout << "plugin      " << path << "\n"
            << "name        " << lib.name() << "\n"
            << "kind        " << vb::kindName(lib.kind()) << "\n"
            << "version     " << (lib.version().empty() ? "(none)" : lib.version()) << "\n"
            << "description " << lib.description() << "\n"
            << "abi         " << vb::abiVersionText(lib.abiVersion()) << " (host "
            << vb::abiVersionText(VB_ABI_VERSION) << "), descriptor " << lib.descriptorSize()
            << " bytes (host " << sizeof(vb_plugin_descriptor) << ")\n"
            << "tables      " << vb::kindName(lib.kind()) << " (" << lib.tableSize() << " bytes)\n";
  if (lib.kind() == VB_KIND_TOOL) std::cout << "parameters  " << lib.toolParametersSchema() << "\n";

  if (create) {
    auto instance = vb::PluginInstance::create(library.value(), lib.name(), settings, nullptr, 1);
    if (!instance) {
      std::cout << "REFUSED " << path << ": " << instance.error() << "\n";
      return 1;
    }
    std::cout << "create      ok (destroyed again)\n";
  }
  std::cout << "OK " << lib.name() << " " << lib.version() << "\n";
  return 0;
}
