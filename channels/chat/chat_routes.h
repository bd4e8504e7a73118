// The chat channel's route: POST /v1/sessions/{id}/messages (admin keys).
#pragma once

#include "http/router.h"

namespace vb {

class ConversationService;
class JobService;

// `conversations` (and `jobs`, when given) must outlive the router. With
// `jobs`, a send with `Prefer: respond-async` becomes a job (202).
void registerChatRoutes(Router& router, ConversationService& conversations, JobService* jobs = nullptr);

}  // namespace vb
