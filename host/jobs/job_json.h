// The wire form of a job (API.md "GET /v1/jobs/{id}"), used by the job route
// and as the callback's body:
//   {id, status, kind, sessionId, createdAt, updatedAt, finishedAt?,
//    result?: Turn (the stored sync 201 body, byte for byte), error?: problem,
//    callback?: {url, status, deliveries: [{attempt, status, httpStatus?, error?, latencyMs, at}]}}
#pragma once

#include <string>
#include <vector>

#include "domain/job.h"

namespace vb {

// `deliveries` null: no "callback" member (the callback's own body).
std::string renderJob(const Job& job, const std::vector<CallbackDelivery>* deliveries);

}  // namespace vb
