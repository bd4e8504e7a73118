#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "common/json_body.h"
#include "metering/usage_service.h"

namespace vb {
namespace {

bool wantsCsv(const HttpRequest& request) {
  return request.header("accept").find("text/csv") != std::string::npos || request.queryOr("format") == "csv";
}

}  // namespace

void registerUsageRoutes(Router& router, UsageService& usage) {
  router.add("GET", "/v1/usage", Access::AnyKey, [&usage](const HttpRequest& request) -> HandlerResult {
    auto report = usage.report(principalOf(request).tenantId, request.queryOr("from"), request.queryOr("to"));
    if (!report) return unexpected(report.error());
    return jsonResponse(200, usageReportToJson(*report));
  });

  router.add(
      "GET", "/v1/usage/events", Access::AnyKey, [&usage](const HttpRequest& request) -> HandlerResult {
        const auto& tenantId = principalOf(request).tenantId;
        if (wantsCsv(request)) {
          auto csv = usage.eventsCsv(tenantId, request.queryOr("from"), request.queryOr("to"));
          if (!csv) return unexpected(csv.error());
          HttpResponse response = HttpResponse::json(200, std::move(*csv));
          response.contentType = "text/csv; charset=utf-8";
          response.headers.emplace_back("Content-Disposition", "attachment; filename=\"usage-events.csv\"");
          return response;
        }
        auto limit = limitOf(request);
        if (!limit) return unexpected(limit.error());
        auto page = usage.events(tenantId, request.queryOr("from"), request.queryOr("to"),
                                 request.queryOr("cursor"), *limit);
        if (!page) return unexpected(page.error());
        return jsonResponse(200, pageToJson(arrayOf(page->items, &usageEventToJson), page->nextCursor));
      });

  router.add("GET", "/v1/billing/preview", Access::AnyKey,
             [&usage](const HttpRequest& request) -> HandlerResult {
               auto preview = usage.billingPreview(principalOf(request).tenantId, request.queryOr("month"));
               if (!preview) return unexpected(preview.error());
               return jsonResponse(200, billingPreviewToJson(*preview));
             });
}

}  // namespace vb
