#include "api/api_routes.h"
#include "api/resource_json.h"
#include "api/route_support.h"
#include "jobs/callback_dispatcher.h"
#include "jobs/job_json.h"
#include "jobs/job_service.h"

namespace vb {

void registerJobRoutes(Router& router, JobService& jobs, CallbackDispatcher& callbacks) {
  router.add("GET", "/v1/jobs/{id}", Access::AnyKey, [&jobs](const HttpRequest& request) -> HandlerResult {
    auto view = jobs.find(principalOf(request).tenantId, request.pathParams.at("id"));
    if (!view) return unexpected(view.error());
    HttpResponse response = HttpResponse::json(200, renderJob(view->job, &view->deliveries));
    if (view->job.status == "queued" || view->job.status == "running")
      response.headers.emplace_back("Retry-After", "1");  // a polling hint
    return response;
  });

  router.add("POST", "/v1/signing-secret", Access::Admin, [&callbacks](const HttpRequest& request) -> HandlerResult {
    auto body = jsonObject();
    body->set("secret", callbacks.newSigningSecret(principalOf(request).tenantId));
    HttpResponse response = jsonResponse(201, body);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace vb
