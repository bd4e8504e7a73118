#include "channels/voice/voice_channel.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "audio/audio_clip.h"
#include "store/database.h"
#include "store/timestamps.h"
#include "store/voice_turn_repository.h"

namespace vb {
namespace {

using Ms = std::chrono::milliseconds;

TurnError voiceError(DomainError::Kind kind, std::string detail, std::string field = {}) {
  return TurnError{DomainError::of(kind, std::move(detail), std::move(field)), {}};
}

int64_t msSince(const Clock& clock, Clock::Steady::time_point start) {
  return std::chrono::duration_cast<Ms>(clock.now() - start).count();
}

// Speech synthesis and the voice record, as the turn's extension: TTS runs
// once the vendor has answered, the record commits with the turn.
class VoiceTurnExtension final : public TurnExtension {
 public:
  VoiceTurnExtension(SpeechEngines& engines, const Clock& clock, VoiceTurn record, CallOptions call)
      : engines_(engines), clock_(clock), record_(std::move(record)), call_(std::move(call)) {}

  void prepare(const Turn& turn) override {
    record_.llmMs = turn.latencyMs;
    const auto started = clock_.now();
    auto synthesis = engines_.synthesize(record_.ttsEngine, turn.assistantMessage.content, record_.voice, call_);
    record_.ttsMs = msSince(clock_, started);
    if (!synthesis) {
      record_.ttsError = record_.ttsEngine + " could not speak the reply (" + toString(synthesis.error().errorClass) + ")";
      return;
    }
    const auto info = probeWav(synthesis->wav);
    if (!info) {
      record_.ttsError = record_.ttsEngine + " returned audio that is not a WAV file";
      return;
    }
    record_.outputAudio = std::move(synthesis->wav);
    record_.outputBytes = static_cast<int64_t>(record_.outputAudio.size());
    record_.outputDurationMs = info->durationMs();
    record_.ttsVersion = synthesis->engineVersion;
  }

  void commit(Transaction& tx, const Turn& turn) override {
    record_.userMessageId = turn.userMessage.id;
    record_.messageId = turn.assistantMessage.id;
    record_.createdAt = turn.assistantMessage.createdAt;
    VoiceTurnRepository::insert(tx, record_);
  }

  const VoiceTurn& record() const { return record_; }

 private:
  SpeechEngines& engines_;
  const Clock& clock_;
  VoiceTurn record_;
  const CallOptions call_;
};

}  // namespace

VoiceChannel::VoiceChannel(std::shared_ptr<Database> database, ConversationService& conversations,
                           AgentService& agents, SpeechEngines& engines, VoiceSettings settings,
                           std::shared_ptr<Clock> clock)
    : database_(std::move(database)),
      conversations_(conversations),
      agents_(agents),
      engines_(engines),
      settings_(std::move(settings)),
      clock_(std::move(clock)) {}

std::string VoiceChannel::fingerprint(const std::string& sessionId, const std::string& audio) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update("voice\n" + std::to_string(sessionId.size()) + ":" + sessionId + "\n" +
                std::to_string(audio.size()) + ":");
  engine.update(audio);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

Result<VoiceOutcome, TurnError> VoiceChannel::send(const VoiceRequest& in) {
  const auto info = probeWav(in.audio);
  if (!info)
    return unexpected(voiceError(DomainError::Kind::UnsupportedMediaType,
                                 "the body must be a PCM WAV file (8-48 kHz, mono or stereo, 16-bit or float)"));
  if (info->durationMs() > int64_t{settings_.maxInputSeconds} * 1000)
    return unexpected(voiceError(DomainError::Kind::PayloadTooLarge,
                                 "the audio is longer than " + std::to_string(settings_.maxInputSeconds) + " s"));

  const std::string fp = in.idempotencyKey.empty() ? std::string() : fingerprint(in.sessionId, in.audio);
  auto done = conversations_.replayIfDone(in.tenantId, in.idempotencyKey, fp);
  if (!done) return unexpected(done.error());
  if (*done) {
    return replayed(std::move(**done));
  }

  auto agent = agents_.ofSession(in.tenantId, in.sessionId);
  if (!agent) return unexpected(TurnError{agent.error(), {}});

  auto decoded = decodeWav(in.audio);
  if (!decoded) return unexpected(voiceError(DomainError::Kind::UnsupportedMediaType, "the WAV file could not be decoded"));
  const AudioClip clip = resample(*decoded, settings_.sttSampleRate);
  if (clip.samples.empty() || peakWindowLevelDbfs(clip) < settings_.silenceDbfs)
    return unexpected(voiceError(DomainError::Kind::Unprocessable, "the audio is empty or silent; nothing was billed"));

  CallOptions call;
  call.requestId = in.requestId;
  call.tenantId = in.tenantId;
  VoiceTurn record;
  record.tenantId = in.tenantId;
  record.id = newId("vtn");
  record.sessionId = in.sessionId;
  record.inputAudio = in.audio;
  record.inputBytes = static_cast<int64_t>(in.audio.size());
  record.inputDurationMs = info->durationMs();
  record.sttEngine = agent->sttEngine.value_or(settings_.defaultSttEngine);
  record.ttsEngine = agent->ttsEngine.value_or(settings_.defaultTtsEngine);
  record.voice = agent->voice.value_or(settings_.defaultVoice);
  record.requestId = in.requestId;

  call.timeout = Ms(settings_.sttTimeoutMs);
  const auto sttStarted = clock_->now();
  auto heard = engines_.transcribe(record.sttEngine, encodeWavPcm16(clip), agent->speechHints, call);
  record.sttMs = msSince(*clock_, sttStarted);
  if (!heard) {
    const bool missing = heard.error().errorClass == ErrorClass::InvalidRequest ||
                         heard.error().errorClass == ErrorClass::Permanent;
    return unexpected(voiceError(missing ? DomainError::Kind::Unprocessable : DomainError::Kind::Unavailable,
                                 "speech recognition with '" + record.sttEngine + "' failed; nothing was billed",
                                 missing ? "sttEngine" : ""));
  }
  if (heard->transcript.find_first_not_of(" \t\r\n") == std::string::npos)
    return unexpected(voiceError(DomainError::Kind::Unprocessable, "no speech was recognised; nothing was billed"));
  record.transcript = heard->transcript;
  record.transcriptConfidence = heard->confidence;
  record.sttVersion = heard->engineVersion;

  call.timeout = Ms(settings_.ttsTimeoutMs);
  VoiceTurnExtension extension(engines_, *clock_, std::move(record), call);
  TurnRequest turnRequest{in.tenantId, in.sessionId, heard->transcript, in.idempotencyKey, fp, in.requestId,
                          &extension};
  turnRequest.channel = "voice";
  auto turn = conversations_.send(turnRequest);
  if (!turn) return unexpected(turn.error());
  if (turn->replayed) {
    return replayed(std::move(*turn));  // a concurrent request with the same key completed first
  }
  VoiceTurn stored = extension.record();
  stored.inputAudio.clear();
  stored.outputAudio.clear();
  return VoiceOutcome{std::move(*turn), std::move(stored)};
}

Result<VoiceOutcome, TurnError> VoiceChannel::replayed(Turn turn) {
  auto voice = database_->read([&](Transaction& tx) {
    return VoiceTurnRepository::findByMessage(tx, turn.assistantMessage.tenantId, turn.assistantMessage.id);
  });
  if (!voice) return unexpected(voiceError(DomainError::Kind::Internal, "a replayed voice turn has no voice record"));
  return VoiceOutcome{std::move(turn), std::move(*voice)};
}

Result<std::string, DomainError> VoiceChannel::audio(const std::string& tenantId, const std::string& turnId,
                                                     bool input) {
  auto bytes = database_->read([&](Transaction& tx) {
    return VoiceTurnRepository::audio(tx, tenantId, turnId,
                                      input ? VoiceTurnRepository::Side::Input : VoiceTurnRepository::Side::Output);
  });
  if (!bytes) return unexpected(DomainError::of(DomainError::Kind::NotFound, "voice audio not found"));
  return std::move(*bytes);
}

int64_t VoiceChannel::purgeExpiredAudio() {
  const auto now = clock_->wallNow();
  const std::string before = formatTimestamp(now - std::chrono::hours(24) * settings_.retentionDays);
  return database_->write(
      [&](Transaction& tx) { return VoiceTurnRepository::purgeAudioBefore(tx, before, formatTimestamp(now)); });
}

}  // namespace vb
