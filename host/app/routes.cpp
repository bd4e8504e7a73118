#include "app/routes.h"

#include "api/api_routes.h"
#include "channels/chat/chat_routes.h"
#include "channels/voice/voice_routes.h"

namespace vb {

void registerAllRoutes(Router& router, Services& services, VoiceChannel& voice, JobService& jobs,
                       CallbackDispatcher& callbacks, PlatformDependencies platform) {
  registerPlatformRoutes(router, std::move(platform));
  registerTenantRoutes(router, *services.tenancy);
  registerKeyRoutes(router, *services.tenancy);
  registerAgentRoutes(router, services.agents);
  registerSessionRoutes(router, services.sessions, services.conversations);
  registerUsageRoutes(router, services.usage);
  registerToolAuditRoutes(router, services.toolAudit);
  registerJobRoutes(router, jobs, callbacks);
  registerRequestLogRoutes(router, services.requestLog);
  registerGovernanceRoutes(router, services.governance);
  registerChatRoutes(router, services.conversations, &jobs);
  registerVoiceRoutes(router, voice, &jobs);
}

}  // namespace vb
