#include "channels/voice/voice_json.h"

#include "api/resource_json.h"

namespace vb {

Poco::JSON::Object::Ptr voiceTurnToJson(const VoiceTurn& v) {
  const auto i64 = [](int64_t n) { return static_cast<Poco::Int64>(n); };
  const bool purged = v.audioPurgedAt.has_value();
  auto o = jsonObject();
  o->set("turnId", v.id);
  o->set("transcript", v.transcript);
  if (v.transcriptConfidence) o->set("transcriptConfidence", *v.transcriptConfidence);
  o->set("inputDurationMs", i64(v.inputDurationMs));
  o->set("outputDurationMs", i64(v.outputDurationMs));
  o->set("sttEngine", v.sttEngine);
  o->set("sttVersion", v.sttVersion);
  o->set("ttsEngine", v.ttsEngine);
  o->set("ttsVersion", v.ttsVersion);
  o->set("voice", v.voice);
  o->set("sttMs", i64(v.sttMs));
  o->set("llmMs", i64(v.llmMs));
  o->set("ttsMs", i64(v.ttsMs));
  o->set("inputBytes", i64(v.inputBytes));
  o->set("outputBytes", i64(v.outputBytes));
  const bool hasOutput = !purged && v.outputBytes > 0;
  o->set("audioUrl", hasOutput ? Poco::Dynamic::Var(voiceAudioUrl(v.id, false)) : Poco::Dynamic::Var());
  o->set("inputAudioUrl", purged ? Poco::Dynamic::Var() : Poco::Dynamic::Var(voiceAudioUrl(v.id, true)));
  if (v.ttsError) o->set("ttsError", *v.ttsError);
  if (purged) o->set("audioPurgedAt", *v.audioPurgedAt);
  o->set("requestId", v.requestId);
  return o;
}

}  // namespace vb
