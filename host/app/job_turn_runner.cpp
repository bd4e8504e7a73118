#include "app/job_turn_runner.h"

#include "channels/chat/turn_json.h"
#include "channels/voice/voice_channel.h"
#include "channels/voice/voice_json.h"
#include "common/base64.h"
#include "common/json_body.h"
#include "conversation/conversation_service.h"
#include "http/problem.h"

namespace vb {
namespace {

JobOutcome failedWith(const TurnError& error, const std::string& requestId) {
  JobOutcome outcome;
  if (error.error.kind == DomainError::Kind::Conflict) {
    outcome.kind = JobOutcome::Kind::RetryLater;
    outcome.retryAfterSeconds = error.error.retryAfterSeconds;
    return outcome;
  }
  outcome.body = turnErrorResponse(error, requestId).body;
  return outcome;
}

JobOutcome succeededWith(std::string body) {
  JobOutcome outcome;
  outcome.kind = JobOutcome::Kind::Succeeded;
  outcome.body = std::move(body);
  return outcome;
}

}  // namespace

JobOutcome JobTurnRunner::run(const Job& job) {
  if (job.kind == "voice") {
    auto audio = base64Decode(job.payload);
    if (!audio)
      return JobOutcome{JobOutcome::Kind::Failed,
                        problemBody(DomainError::of(DomainError::Kind::Internal, "unreadable stored audio"),
                                    job.requestId),
                        0};
    VoiceRequest request{job.tenantId, job.sessionId, std::move(*audio), job.idempotencyKey, job.requestId};
    auto outcome = voice_.send(request);
    if (!outcome) return failedWith(outcome.error(), job.requestId);
    auto body = turnToJson(outcome->turn);
    body->set("voice", voiceTurnToJson(outcome->voice));
    return succeededWith(toJson(*body));
  }
  TurnRequest request;
  request.tenantId = job.tenantId;
  request.sessionId = job.sessionId;
  request.content = job.payload;
  request.idempotencyKey = job.idempotencyKey;
  request.fingerprint = job.fingerprint;
  request.requestId = job.requestId;
  auto turn = conversations_.send(request);
  if (!turn) return failedWith(turn.error(), job.requestId);
  return succeededWith(renderTurn(*turn));
}

std::string JobTurnRunner::problemBody(const DomainError& error, const std::string& requestId) {
  return problemResponse(error, requestId).body;
}

}  // namespace vb
