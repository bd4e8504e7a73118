#include "channels/voice/speech_engines.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "common/json_body.h"

namespace vb {

std::string RegistrySpeechEngines::versionOf(const std::string& engine) const {
  for (const auto& plugin : registry_.list())
    if (plugin.name == engine && plugin.status == "loaded") return plugin.version;
  return {};
}

Result<Transcription, VendorError> RegistrySpeechEngines::transcribe(const std::string& engine,
                                                                     const std::string& wav,
                                                                     const std::vector<std::string>& hints,
                                                                     const CallOptions& call) {
  Poco::JSON::Object options;
  Poco::JSON::Array hintList;
  for (const auto& hint : hints) hintList.add(hint);
  options.set("hints", hintList);
  auto result = registry_.transcribe(engine, wav, toJson(options), call);
  if (!result) return unexpected(result.error());
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(*result).extract<Poco::JSON::Object::Ptr>();
    Transcription transcription;
    transcription.transcript = root->optValue<std::string>("transcript", "");
    if (root->has("confidence") && !root->isNull("confidence"))
      transcription.confidence = root->getValue<double>("confidence");
    transcription.engineVersion = root->optValue<std::string>("engineVersion", versionOf(engine));
    return transcription;
  } catch (const Poco::Exception& e) {
    return unexpected(VendorError{ErrorClass::Permanent, 0, -1, engine + ": unreadable transcription: " + e.message()});
  }
}

Result<Synthesis, VendorError> RegistrySpeechEngines::synthesize(const std::string& engine, const std::string& text,
                                                                 const std::string& voice, const CallOptions& call) {
  Poco::JSON::Object options;
  if (!voice.empty()) options.set("voice", voice);
  auto wav = registry_.synthesize(engine, text, toJson(options), call);
  if (!wav) return unexpected(wav.error());
  return Synthesis{std::move(*wav), versionOf(engine)};
}

}  // namespace vb
