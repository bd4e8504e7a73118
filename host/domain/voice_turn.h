// What a voice turn adds to the turn it ran: the transcript, both audio
// files, the engines and the latency of each stage. Tenant-scoped like the
// turn's messages; the audio is purged after the configured retention.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vb {

struct VoiceTurn {
  std::string tenantId;
  std::string id;  // "vtn_…"
  std::string sessionId;
  std::string userMessageId;  // the transcript as the user message
  std::string messageId;      // the assistant message
  std::string transcript;
  std::optional<double> transcriptConfidence;
  std::string inputAudio;   // WAV bytes as received; "" in listings and once purged
  std::string outputAudio;  // WAV bytes synthesized; "" when TTS failed, in listings and once purged
  int64_t inputDurationMs = 0;
  int64_t outputDurationMs = 0;
  int64_t inputBytes = 0;
  int64_t outputBytes = 0;
  std::string sttEngine;
  std::string sttVersion;
  std::string ttsEngine;
  std::string ttsVersion;
  std::string voice;
  std::optional<std::string> ttsError;  // why there is no output audio (the reply text still stands)
  int64_t sttMs = 0;
  int64_t llmMs = 0;  // the turn: vendor attempts, retries and fallback included
  int64_t ttsMs = 0;
  std::string requestId;
  std::string createdAt;
  std::optional<std::string> audioPurgedAt;
};

}  // namespace vb
