// The voice channel's routes: POST /v1/sessions/{id}/voice (admin, body
// audio/wav) and GET /v1/voice/{id}/audio?side=output|input (any key).
#pragma once

#include "http/router.h"

namespace vb {

class VoiceChannel;

// `voice` must outlive the router.
void registerVoiceRoutes(Router& router, VoiceChannel& voice);

}  // namespace vb
