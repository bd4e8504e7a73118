#include "channels/voice/voice_async.h"

#include "audio/audio_clip.h"
#include "channels/chat/async_send.h"
#include "common/base64.h"

namespace vb {

Result<HttpResponse, DomainError> submitVoiceAsync(JobService& jobs, const VoiceChannel& voice,
                                                   const HttpRequest& request, const VoiceRequest& send) {
  const auto info = probeWav(send.audio);
  if (!info)
    return unexpected(DomainError::of(DomainError::Kind::UnsupportedMediaType,
                                      "the body must be a PCM WAV file (8-48 kHz, mono or stereo, 16-bit or float)"));
  if (info->durationMs() > int64_t{voice.settings().maxInputSeconds} * 1000)
    return unexpected(DomainError::of(DomainError::Kind::PayloadTooLarge,
                                      "the audio is longer than " + std::to_string(voice.settings().maxInputSeconds) +
                                          " s"));
  JobSubmission submission;
  submission.tenantId = send.tenantId;
  submission.kind = "voice";
  submission.sessionId = send.sessionId;
  submission.payload = base64Encode(send.audio);
  submission.idempotencyKey = send.idempotencyKey;
  submission.fingerprint = VoiceChannel::fingerprint(send.sessionId, send.audio);
  submission.requestId = send.requestId;
  const std::string callbackUrl = request.queryOr("callbackUrl");
  if (!callbackUrl.empty()) submission.callbackUrl = callbackUrl;
  return submitAsync(jobs, submission);
}

}  // namespace vb
