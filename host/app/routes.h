// Every HTTP route of the host, registered once by the composition root:
// platform (health, readiness, metrics, plugins), the tenant API (one file
// per resource in host/api/) and the channels (channels/chat, channels/voice).
#pragma once

#include "app/platform_routes.h"
#include "app/services.h"
#include "http/router.h"

namespace vb {

class VoiceChannel;
class JobService;
class CallbackDispatcher;

// `services`, `voice`, `jobs` and `callbacks` must outlive the router.
void registerAllRoutes(Router& router, Services& services, VoiceChannel& voice, JobService& jobs,
                       CallbackDispatcher& callbacks, PlatformDependencies platform);

}  // namespace vb
