#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "operations/provider_health.h"

namespace vb {
namespace {

// {provider, circuit, window: {seconds, calls, errorRate, p50Ms, p95Ms}}
Poco::JSON::Object::Ptr providerHealthToJson(const ProviderHealth& health, std::chrono::seconds length) {
  auto o = jsonObject();
  o->set("provider", health.provider);
  o->set("circuit", std::string(toString(health.circuit)));
  auto window = jsonObject();
  window->set("seconds", static_cast<Poco::Int64>(length.count()));
  window->set("calls", static_cast<Poco::Int64>(health.window.calls));
  window->set("errorRate", health.window.errorRate);
  window->set("p50Ms", static_cast<Poco::Int64>(health.window.p50Ms));
  window->set("p95Ms", static_cast<Poco::Int64>(health.window.p95Ms));
  o->set("window", window);
  return o;
}

}  // namespace

void registerProviderHealthRoutes(Router& router, const ProviderHealthBoard& board) {
  router.add("GET", "/v1/providers/health", Access::AnyKey, [&board](const HttpRequest&) -> HandlerResult {
    const auto length = board.windowLength();
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& health : board.list()) items->add(providerHealthToJson(health, length));
    auto body = jsonObject();
    body->set("items", items);
    return jsonResponse(200, body);
  });
}

}  // namespace vb
