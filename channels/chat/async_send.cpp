#include "channels/chat/async_send.h"

#include <Poco/JSON/Object.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include "channels/chat/chat_request.h"
#include "common/json_body.h"

namespace vb {

bool prefersRespondAsync(const HttpRequest& request) {
  const std::string prefer = request.header("prefer");
  if (prefer.empty()) return false;
  Poco::StringTokenizer preferences(prefer, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& preference : preferences) {
    const std::string name = Poco::toLower(Poco::trim(preference.substr(0, preference.find_first_of(";="))));
    if (name == "respond-async") return true;
  }
  return false;
}

HttpResponse jobAcceptedResponse(const SubmittedJob& submitted) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("jobId", submitted.job.id);
  body.set("status", submitted.job.status);
  HttpResponse response = HttpResponse::json(202, toJson(body));
  response.headers.emplace_back("Location", "/v1/jobs/" + submitted.job.id);
  response.headers.emplace_back("Preference-Applied", "respond-async");
  if (submitted.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

Result<HttpResponse, DomainError> submitAsync(JobService& jobs, const JobSubmission& submission) {
  auto submitted = jobs.submit(submission);
  if (!submitted) return unexpected(submitted.error());
  return jobAcceptedResponse(*submitted);
}

Result<HttpResponse, DomainError> submitChatAsync(JobService& jobs, const HttpRequest& request,
                                                  const TurnRequest& turn) {
  auto body = parseJsonObject(request.body);  // parsed once already by chatTurnRequest: valid
  if (!body) return unexpected(body.error());
  auto callbackUrl = optionalString(**body, "callbackUrl");
  if (!callbackUrl) return unexpected(callbackUrl.error());
  JobSubmission submission;
  submission.tenantId = turn.tenantId;
  submission.kind = "chat";
  submission.sessionId = turn.sessionId;
  submission.payload = turn.content;
  submission.idempotencyKey = turn.idempotencyKey;
  submission.fingerprint = chatFingerprint(turn.sessionId, turn.content);
  submission.requestId = turn.requestId;
  submission.callbackUrl = *callbackUrl;
  return submitAsync(jobs, submission);
}

}  // namespace vb
