// The tenant API of API.md, one registration function per resource (one file
// each). The composition root (app/) calls them once at start-up with the
// services it built; the services must outlive the router.
#pragma once

#include "http/router.h"

namespace vb {

class TenancyService;
class AgentService;
class SessionService;
class ConversationService;
class UsageService;
class ToolAuditService;
class JobService;
class CallbackDispatcher;
class RequestLog;
class ProviderHealthBoard;
class GovernanceService;

// POST /v1/tenants (operator token).
void registerTenantRoutes(Router& router, TenancyService& tenancy);
// GET /v1/me; GET, POST /v1/api-keys; DELETE /v1/api-keys/{id}.
void registerKeyRoutes(Router& router, TenancyService& tenancy);
// GET, POST /v1/agents; GET, PATCH, DELETE /v1/agents/{id}.
void registerAgentRoutes(Router& router, AgentService& agents);
// GET, POST /v1/sessions; GET /v1/sessions/{id}; GET /v1/messages/{id}/attempts.
// (Sending a message is a channel's route: channels/chat.)
void registerSessionRoutes(Router& router, SessionService& sessions, ConversationService& conversations);
// GET /v1/usage, /v1/usage/events (JSON or CSV), /v1/billing/preview.
void registerUsageRoutes(Router& router, UsageService& usage);
// GET /v1/tools/audit?sessionId&agentId&tool&status&from&to&cursor&limit.
void registerToolAuditRoutes(Router& router, ToolAuditService& audit);
// GET /v1/jobs/{id} (async turns); POST /v1/signing-secret (admin: a new
// webhook signing secret, shown once).
void registerJobRoutes(Router& router, JobService& jobs, CallbackDispatcher& callbacks);
// GET /v1/requests?requestId&outcome&provider&agentId&from&to&cursor&limit.
void registerRequestLogRoutes(Router& router, RequestLog& log);
// GET /v1/providers/health (circuit state and the recent calls of every vendor).
void registerProviderHealthRoutes(Router& router, const ProviderHealthBoard& board);
// GET /v1/limits; PUT /v1/budget (admin); PUT /v1/tenants/{id}/limits (operator).
void registerGovernanceRoutes(Router& router, GovernanceService& governance);

}  // namespace vb
