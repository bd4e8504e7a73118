// The voice channel's additions to the Turn (API.md "Voice").
#pragma once

#include <Poco/JSON/Object.h>

#include "domain/voice_turn.h"

namespace vb {

// {turnId, transcript, transcriptConfidence?, inputDurationMs, outputDurationMs,
//  sttEngine, sttVersion, ttsEngine, ttsVersion, voice, sttMs, llmMs, ttsMs,
//  inputBytes, outputBytes, audioUrl (null without output audio),
//  inputAudioUrl (null once purged), ttsError?, requestId}
Poco::JSON::Object::Ptr voiceTurnToJson(const VoiceTurn& voice);

}  // namespace vb
