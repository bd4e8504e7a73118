// The chat channel's route: POST /v1/sessions/{id}/messages (admin keys).
#pragma once

#include "http/router.h"

namespace vb {

class ConversationService;

// `conversations` must outlive the router.
void registerChatRoutes(Router& router, ConversationService& conversations);

}  // namespace vb
