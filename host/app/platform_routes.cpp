#include "app/platform_routes.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>

#include "common/json_body.h"

namespace vb {
namespace {

using Response = Result<HttpResponse, DomainError>;

std::string isoTime(std::chrono::system_clock::time_point t) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp(micros), "%Y-%m-%dT%H:%M:%S.%iZ");
}

Poco::JSON::Object::Ptr object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

}  // namespace

std::string pluginListJson(const std::vector<PluginStatus>& plugins, PluginView view) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& p : plugins) {
    auto item = object();
    item->set("name", p.name);
    item->set("kind", p.kind);
    item->set("version", p.version);
    item->set("abiVersion", p.abiVersion);
    item->set("status", p.status);
    if (view == PluginView::Operator) {
      item->set("path", p.path);
      if (!p.error.empty()) item->set("error", p.error);
    } else if (!p.publicError.empty()) {
      item->set("error", p.publicError);  // file names only: no directories, no loader internals
    }
    if (p.loadedAt.time_since_epoch().count() != 0) item->set("loadedAt", isoTime(p.loadedAt));
    item->set("inFlight", p.inFlight);
    items->add(item);
  }
  auto root = object();
  root->set("items", items);
  return toJson(*root);
}

void registerPlatformRoutes(Router& router, PlatformDependencies deps) {
  router.add("GET", "/healthz", Access::Public,
             [](const HttpRequest&) -> Response { return HttpResponse::json(200, R"({"status":"ok"})"); });

  router.add("GET", "/readyz", Access::Public, [deps](const HttpRequest&) -> Response {
    const bool databaseOk = deps.databaseReady && deps.databaseReady();
    bool vendorLoaded = false;
    for (const auto& p : deps.plugins.list())
      if (p.kind == "vendor" && p.status == "loaded") vendorLoaded = true;
    // A vendor that live agents route to but that is not serving makes
    // their turns fail: say which, so the operator (and the balancer) knows.
    Poco::JSON::Array::Ptr missing = new Poco::JSON::Array;
    if (databaseOk && deps.referencedVendors)
      for (const auto& vendor : deps.referencedVendors())
        if (!deps.plugins.isServing(vendor, VB_KIND_VENDOR)) missing->add(vendor);
    const bool ready = databaseOk && vendorLoaded && missing->size() == 0;
    auto body = object();
    body->set("status", ready ? "ready" : databaseOk && vendorLoaded ? "degraded" : "not_ready");
    body->set("database", databaseOk ? "ok" : "unavailable");
    body->set("plugins", !vendorLoaded            ? "no vendor plugin loaded"
                         : missing->size() == 0 ? "ok"
                                                : "vendors used by agents are not loaded");
    if (missing->size() > 0) body->set("missingVendors", missing);
    return HttpResponse::json(ready ? 200 : 503, toJson(*body));
  });

  router.add("GET", "/metrics", Access::Public, [deps](const HttpRequest&) -> Response {
    HttpResponse response = HttpResponse::json(200, deps.metrics.renderPrometheus());
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    return response;
  });

  router.add("GET", "/v1/plugins", Access::AnyKey, [deps](const HttpRequest&) -> Response {
    return HttpResponse::json(200, pluginListJson(deps.plugins.list(), PluginView::Tenant));
  });

  router.add("GET", "/v1/admin/plugins", Access::Operator, [deps](const HttpRequest&) -> Response {
    return HttpResponse::json(200, pluginListJson(deps.plugins.list(), PluginView::Operator));
  });

  router.add("POST", "/v1/admin/plugins/reload", Access::Operator, [deps](const HttpRequest&) -> Response {
    const auto summary = deps.plugins.reload();
    if (!summary.error.empty())
      return unexpected(DomainError::of(DomainError::Kind::Unprocessable,
                                        "config could not be re-read; nothing changed: " + summary.error));
    return HttpResponse::json(200, pluginListJson(deps.plugins.list(), PluginView::Operator));
  });

  router.add("GET", "/v1/tools", Access::AnyKey, [deps](const HttpRequest&) -> Response {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& tool : deps.plugins.tools()) {
      auto item = object();
      item->set("name", tool.name);
      item->set("description", tool.description);
      try {
        Poco::JSON::Parser parser;
        item->set("parameters", parser.parse(tool.parametersSchemaJson));
      } catch (const Poco::Exception&) {
        item->set("parameters", object());
      }
      item->set("version", tool.version);
      items->add(item);
    }
    auto root = object();
    root->set("items", items);
    return HttpResponse::json(200, toJson(*root));
  });
}

}  // namespace vb
