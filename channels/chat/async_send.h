// Async sends (`Prefer: respond-async`, RFC 7240) for the chat and voice
// routes: the parsed send becomes a job (jobs/job_service.h) and the answer
// is 202 {jobId, status} with Location: /v1/jobs/{id} — after the job row is
// committed. A duplicate (same Idempotency-Key, same send) answers the same
// job with Idempotent-Replayed: true.
#pragma once

#include <string>

#include "common/domain_error.h"
#include "common/result.h"
#include "conversation/turn.h"
#include "http/http_types.h"
#include "jobs/job_service.h"

namespace vb {

// Whether the Prefer header asks for respond-async (any case, among other preferences).
bool prefersRespondAsync(const HttpRequest& request);

// 202 {jobId, status} with Location and, for a duplicate, Idempotent-Replayed.
HttpResponse jobAcceptedResponse(const SubmittedJob& submitted);

// Submits and answers: 202, or the service's error (422, 404, 503 with Retry-After).
Result<HttpResponse, DomainError> submitAsync(JobService& jobs, const JobSubmission& submission);

// The chat send `turn` (parsed by chatTurnRequest) as a job, with the body's
// callbackUrl. The caller checks the content first (ConversationService::checkContent).
Result<HttpResponse, DomainError> submitChatAsync(JobService& jobs, const HttpRequest& request,
                                                  const TurnRequest& turn);

}  // namespace vb
