// VoiceChannel: a voice turn, end to end, over the conversation core.
//
//   WAV bytes ─ probe (415 not WAV, 413 too long) ─ replay? (Idempotency-Key:
//   the stored turn and audio, nothing runs again) ─ decode + resample to the
//   STT rate ─ silence (422) ─ STT plugin with the agent's speech hints
//   (nothing recognised: 422) ─ ConversationService::send with the
//   transcript (the chat turn's idempotency, fallback, tools, billing and
//   attempts) ─ TTS plugin (inside the turn, before its commit) ─ the voice
//   record committed in the turn's transaction.
//
// A voice turn that fails before the vendor answered bills and stores
// nothing. A TTS failure after it leaves the turn (text) billed and stored,
// with the error recorded and no output audio. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "channels/voice/speech_engines.h"
#include "channels/voice/voice_settings.h"
#include "common/clock.h"
#include "conversation/agent_service.h"
#include "conversation/conversation_service.h"
#include "domain/voice_turn.h"

namespace vb {

class Database;

struct VoiceRequest {
  std::string tenantId;
  std::string sessionId;
  std::string audio;  // the request body: WAV bytes
  std::string idempotencyKey;
  std::string requestId;
};

struct VoiceOutcome {
  Turn turn;
  VoiceTurn voice;  // metadata (no audio bytes)
};

class VoiceChannel {
 public:
  // Every reference must outlive the channel.
  VoiceChannel(std::shared_ptr<Database> database, ConversationService& conversations, AgentService& agents,
               SpeechEngines& engines, VoiceSettings settings, std::shared_ptr<Clock> clock = systemClock());

  // Errors: UnsupportedMedia (415), PayloadTooLarge (413), Unprocessable
  // (422: silence, nothing recognised, the agent's engine not available),
  // NotFound, and everything ConversationService::send answers.
  Result<VoiceOutcome, TurnError> send(const VoiceRequest& request);

  // One side of a voice turn's audio. NotFound for another tenant's turn, a
  // missing one, or purged audio.
  Result<std::string, DomainError> audio(const std::string& tenantId, const std::string& turnId, bool input);

  // Empties the audio of voice turns older than the retention; returns how
  // many (maintenance, across tenants).
  int64_t purgeExpiredAudio();

  const VoiceSettings& settings() const { return settings_; }

  // Hex SHA-256 over the canonical voice send (session id and audio bytes).
  static std::string fingerprint(const std::string& sessionId, const std::string& audio);

 private:
  // A replayed Turn with the voice record committed beside it.
  Result<VoiceOutcome, TurnError> replayed(Turn turn);

  std::shared_ptr<Database> database_;
  ConversationService& conversations_;
  AgentService& agents_;
  SpeechEngines& engines_;
  const VoiceSettings settings_;
  std::shared_ptr<Clock> clock_;
};

}  // namespace vb
