#include "store/voice_turn_repository.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kColumns =
    "SELECT tenant_id, id, session_id, user_message_id, message_id, transcript, transcript_confidence, "
    "input_duration_ms, output_duration_ms, input_bytes, output_bytes, stt_engine, stt_version, tts_engine, "
    "tts_version, voice, tts_error, stt_ms, llm_ms, tts_ms, request_id, created_at, audio_purged_at "
    "FROM voice_turns ";

std::vector<VoiceTurn> turnsOf(const Poco::Data::RecordSet& rs) {
  std::vector<VoiceTurn> turns;
  for (size_t r = 0; r < rs.rowCount(); ++r) {
    VoiceTurn t;
    t.tenantId = text(rs, 0, r);
    t.id = text(rs, 1, r);
    t.sessionId = text(rs, 2, r);
    t.userMessageId = text(rs, 3, r);
    t.messageId = text(rs, 4, r);
    t.transcript = text(rs, 5, r);
    if (!rs.isNull(6, r)) t.transcriptConfidence = rs.value(6, r).convert<double>();
    t.inputDurationMs = integer(rs, 7, r);
    t.outputDurationMs = integer(rs, 8, r);
    t.inputBytes = integer(rs, 9, r);
    t.outputBytes = integer(rs, 10, r);
    t.sttEngine = text(rs, 11, r);
    t.sttVersion = text(rs, 12, r);
    t.ttsEngine = text(rs, 13, r);
    t.ttsVersion = text(rs, 14, r);
    t.voice = text(rs, 15, r);
    t.ttsError = optionalText(rs, 16, r);
    t.sttMs = integer(rs, 17, r);
    t.llmMs = integer(rs, 18, r);
    t.ttsMs = integer(rs, 19, r);
    t.requestId = text(rs, 20, r);
    t.createdAt = text(rs, 21, r);
    t.audioPurgedAt = optionalText(rs, 22, r);
    turns.push_back(std::move(t));
  }
  return turns;
}

std::vector<VoiceTurn> select(Transaction& tx, const std::string& where, std::string a, std::string b) {
  Poco::Data::Statement statement(tx.session());
  statement << std::string(kColumns) + where, use(a), use(b), now;
  return turnsOf(Poco::Data::RecordSet(statement));
}

Poco::Data::BLOB blobOf(const std::string& bytes) {
  return Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

void VoiceTurnRepository::insert(Transaction& tx, const VoiceTurn& turn) {
  VoiceTurn t = turn;
  Poco::Data::BLOB input = blobOf(t.inputAudio), output = blobOf(t.outputAudio);
  Poco::Nullable<double> confidence =
      t.transcriptConfidence ? Poco::Nullable<double>(*t.transcriptConfidence) : Poco::Nullable<double>();
  auto ttsError = nullable(t.ttsError);
  Poco::Int64 inMs = t.inputDurationMs, outMs = t.outputDurationMs, inBytes = t.inputBytes,
              outBytes = t.outputBytes, sttMs = t.sttMs, llmMs = t.llmMs, ttsMs = t.ttsMs;
  tx.session() << "INSERT INTO voice_turns (tenant_id, id, session_id, user_message_id, message_id, transcript, "
                  "transcript_confidence, input_audio, output_audio, input_duration_ms, output_duration_ms, "
                  "input_bytes, output_bytes, stt_engine, stt_version, tts_engine, tts_version, voice, tts_error, "
                  "stt_ms, llm_ms, tts_ms, request_id, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
      use(t.tenantId), use(t.id), use(t.sessionId), use(t.userMessageId), use(t.messageId), use(t.transcript),
      use(confidence), use(input), use(output), use(inMs), use(outMs), use(inBytes), use(outBytes),
      use(t.sttEngine), use(t.sttVersion), use(t.ttsEngine), use(t.ttsVersion), use(t.voice), use(ttsError),
      use(sttMs), use(llmMs), use(ttsMs), use(t.requestId), use(t.createdAt), now;
}

std::optional<VoiceTurn> VoiceTurnRepository::find(Transaction& tx, const std::string& tenantId,
                                                   const std::string& id) {
  auto turns = select(tx, "WHERE tenant_id = $1 AND id = $2", tenantId, id);
  if (turns.empty()) return std::nullopt;
  return std::move(turns.front());
}

std::optional<VoiceTurn> VoiceTurnRepository::findByMessage(Transaction& tx, const std::string& tenantId,
                                                            const std::string& messageId) {
  auto turns = select(tx, "WHERE tenant_id = $1 AND message_id = $2", tenantId, messageId);
  if (turns.empty()) return std::nullopt;
  return std::move(turns.front());
}

std::vector<VoiceTurn> VoiceTurnRepository::listBySession(Transaction& tx, const std::string& tenantId,
                                                          const std::string& sessionId) {
  return select(tx, "WHERE tenant_id = $1 AND session_id = $2 ORDER BY created_at, id", tenantId, sessionId);
}

std::optional<std::string> VoiceTurnRepository::audio(Transaction& tx, const std::string& tenantId,
                                                      const std::string& id, Side side) {
  std::string t = tenantId, i = id;
  std::vector<Poco::Data::BLOB> blobs;
  Poco::Data::Statement statement(tx.session());
  statement << std::string("SELECT ") + (side == Side::Input ? "input_audio" : "output_audio") +
                   " FROM voice_turns WHERE tenant_id = $1 AND id = $2 AND audio_purged_at IS NULL",
      use(t), use(i), into(blobs), now;
  if (blobs.empty() || blobs.front().size() == 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(blobs.front().rawContent()), blobs.front().size());
}

int64_t VoiceTurnRepository::purgeAudioBefore(Transaction& tx, const std::string& before, const std::string& nowText) {
  std::string b = before, n = nowText;
  Poco::Data::BLOB noInput, noOutput;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE voice_turns SET input_audio = $1, output_audio = $2, audio_purged_at = $3 "
            "WHERE created_at < $4 AND audio_purged_at IS NULL",
      use(noInput), use(noOutput), use(n), use(b);
  return static_cast<int64_t>(update.execute());
}

}  // namespace vb
