// The voice send as a job (`Prefer: respond-async` on POST
// /v1/sessions/{id}/voice). The WAV is checked before the 202 (not WAV → 415,
// too long → 413) and kept, base64, in the job row (jobs.payload) so the job
// can run after a restart; `callbackUrl` comes as a query parameter (the body
// is the audio).
#pragma once

#include "channels/voice/voice_channel.h"
#include "common/domain_error.h"
#include "common/result.h"
#include "http/http_types.h"
#include "jobs/job_service.h"

namespace vb {

Result<HttpResponse, DomainError> submitVoiceAsync(JobService& jobs, const VoiceChannel& voice,
                                                   const HttpRequest& request, const VoiceRequest& send);

}  // namespace vb
