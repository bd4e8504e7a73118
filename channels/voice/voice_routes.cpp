#include "channels/voice/voice_routes.h"

#include <Poco/String.h>

#include <stdexcept>

#include "channels/chat/async_send.h"
#include "channels/chat/turn_json.h"
#include "channels/voice/voice_async.h"
#include "channels/voice/voice_channel.h"
#include "channels/voice/voice_json.h"
#include "common/json_body.h"

namespace vb {
namespace {

bool isWavMediaType(const std::string& contentType) {
  const std::string type = Poco::toLower(Poco::trim(contentType.substr(0, contentType.find(';'))));
  return type == "audio/wav" || type == "audio/x-wav" || type == "audio/wave" || type == "audio/vnd.wave";
}

}  // namespace

void registerVoiceRoutes(Router& router, VoiceChannel& voice, JobService* jobs) {
  router.add("POST", "/v1/sessions/{id}/voice", Access::Admin,
             [&voice, jobs](const HttpRequest& request) -> Result<HttpResponse, DomainError> {
               if (!request.principal) throw std::logic_error("voice route without a principal");
               if (!isWavMediaType(request.header("content-type")))
                 return unexpected(DomainError::of(DomainError::Kind::UnsupportedMediaType,
                                                   "send the recording as Content-Type: audio/wav"));
               VoiceRequest in{request.principal->tenantId, request.pathParams.at("id"), request.body,
                               request.header("idempotency-key"), request.requestId};
               if (jobs && prefersRespondAsync(request)) return submitVoiceAsync(*jobs, voice, request, in);
               auto outcome = voice.send(in);
               if (!outcome && outcome.error().error.kind == DomainError::Kind::Internal)
                 return unexpected(outcome.error().error);
               if (!outcome) return turnErrorResponse(outcome.error(), request.requestId);
               auto body = turnToJson(outcome->turn);
               body->set("voice", voiceTurnToJson(outcome->voice));
               return turnResponse(outcome->turn, toJson(*body));
             },
             RouteOptions{{"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"}, voice.settings().maxInputBytes});

  router.add("GET", "/v1/voice/{id}/audio", Access::AnyKey,
             [&voice](const HttpRequest& request) -> Result<HttpResponse, DomainError> {
               if (!request.principal) throw std::logic_error("voice route without a principal");
               const std::string side = request.queryOr("side", "output");
               if (side != "output" && side != "input")
                 return unexpected(DomainError::of(DomainError::Kind::BadRequest,
                                                   "query 'side' must be \"output\" or \"input\"", "side"));
               auto bytes = voice.audio(request.principal->tenantId, request.pathParams.at("id"), side == "input");
               if (!bytes) return unexpected(bytes.error());
               HttpResponse response = HttpResponse::json(200, std::move(*bytes));
               response.contentType = "audio/wav";
               response.headers.emplace_back("Cache-Control", "private, max-age=3600");
               return response;
             });
}

}  // namespace vb
