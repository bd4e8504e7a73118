#include "channels/chat/chat_routes.h"

#include <stdexcept>

#include "channels/chat/async_send.h"
#include "channels/chat/chat_request.h"
#include "channels/chat/turn_json.h"
#include "conversation/conversation_service.h"

namespace vb {

void registerChatRoutes(Router& router, ConversationService& conversations, JobService* jobs) {
  router.add("POST", "/v1/sessions/{id}/messages", Access::Admin,
             [&conversations, jobs](const HttpRequest& request) -> Result<HttpResponse, DomainError> {
               if (!request.principal) throw std::logic_error("chat route without a principal");
               auto turnRequest = chatTurnRequest(request, request.principal->tenantId);
               if (!turnRequest) return unexpected(turnRequest.error());
               if (jobs && prefersRespondAsync(request)) {
                 if (auto invalid = conversations.checkContent(turnRequest->content)) return unexpected(*invalid);
                 return submitChatAsync(*jobs, request, *turnRequest);
               }
               auto turn = conversations.send(*turnRequest);
               if (!turn && turn.error().error.kind == DomainError::Kind::Internal)
                 return unexpected(turn.error().error);  // the edge logs it and answers a generic 500
               // A failed turn is rendered here (not by the edge) to carry its attempts.
               if (!turn) return turnErrorResponse(turn.error(), request.requestId);
               return turnResponse(*turn);
             });
}

}  // namespace vb
