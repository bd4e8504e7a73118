// The cost of one in-process plugin call through the host: PluginRegistry::
// chat() pins the current generation, builds the call context, calls the
// plugin through the C ABI, collects its output and parses the normalized
// reply JSON into a VendorReply. BM_AbiCallOnly is the same plugin called
// through its function pointer alone, for comparison.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "pluginhost/plugin_instance.h"
#include "pluginhost/plugin_registry.h"

namespace {

const char* kRequest =
    R"({"system":"You are a billing assistant.","messages":[{"role":"user","content":"What is the balance of invoice 1001?"}],"tools":[]})";

// One registry for the whole run, configured through a temp config file.
vb::PluginRegistry& registry() {
  static vb::PluginRegistry* instance = [] {
    const auto config =
        std::filesystem::temp_directory_path() / ("vb-bench-" + std::to_string(::getpid()) + ".json");
    std::ofstream(config) << R"({"plugins":[{"name":"bench","path":")" << VB_BENCH_VENDOR
                          << R"(","settings":{}}]})";
    vb::PluginRegistry::Options options;
    options.configPath = config.string();
    auto* registry = new vb::PluginRegistry(options);
    const auto summary = registry->reload();
    std::filesystem::remove(config);
    if (summary.loaded.size() != 1) throw std::runtime_error("bench vendor did not load");
    return registry;
  }();
  return *instance;
}

void BM_RegistryChat(benchmark::State& state) {
  auto& plugins = registry();
  vb::ChatRequest request;
  request.requestJson = kRequest;
  request.requestId = "bench-request";
  request.tenantId = "bench-tenant";
  for (auto _ : state) {
    auto reply = plugins.chat("bench", request, std::chrono::milliseconds(1000));
    if (!reply) state.SkipWithError("call failed");
    benchmark::DoNotOptimize(reply);
  }
}
BENCHMARK(BM_RegistryChat);
BENCHMARK(BM_RegistryChat)->Threads(2)->UseRealTime();

void BM_AbiCallOnly(benchmark::State& state) {
  auto library = vb::PluginLibrary::load(VB_BENCH_VENDOR);
  if (!library) {
    state.SkipWithError(library.error().c_str());
    return;
  }
  auto instance = vb::PluginInstance::create(library.value(), "bench", "{}", nullptr, 1);
  const auto* vendor = library.value()->vendor();
  vb_call_context call{};
  call.struct_size = sizeof call;
  const std::string_view request(kRequest);
  std::string out;
  vb_sink sink{&out, [](void* ctx, const char* data, size_t len) {
                 static_cast<std::string*>(ctx)->append(data, len);
                 return 0;
               }};
  for (auto _ : state) {
    out.clear();
    vb_error error{};
    error.struct_size = sizeof error;
    const vb_status status =
        vendor->chat(instance.value()->handle(), &call, vb_str{request.data(), request.size()}, sink, &error);
    benchmark::DoNotOptimize(status);
  }
}
BENCHMARK(BM_AbiCallOnly);

}  // namespace

BENCHMARK_MAIN();
