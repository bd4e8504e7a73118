// The voice channel's routes: POST /v1/sessions/{id}/voice (admin, body
// audio/wav) and GET /v1/voice/{id}/audio?side=output|input (any key).
#pragma once

#include "http/router.h"

namespace vb {

class VoiceChannel;
class JobService;

// `voice` (and `jobs`, when given) must outlive the router. With `jobs`, a
// send with `Prefer: respond-async` becomes a job (202; the WAV is kept in
// the job row until it runs).
void registerVoiceRoutes(Router& router, VoiceChannel& voice, JobService* jobs = nullptr);

}  // namespace vb
