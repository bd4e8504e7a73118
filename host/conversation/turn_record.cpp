#include "conversation/turn_record.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace vb {

TurnRecord TurnRecord::of(const Turn& turn) {
  return TurnRecord{turn.userMessage.id, turn.assistantMessage.id, turn.fallbackUsed, turn.latencyMs,
                    turn.requestId};
}

std::string TurnRecord::encode() const {
  Poco::JSON::Object root;
  root.set("v", 1);
  root.set("userMessageId", userMessageId);
  root.set("assistantMessageId", assistantMessageId);
  root.set("fallbackUsed", fallbackUsed);
  root.set("latencyMs", static_cast<Poco::Int64>(latencyMs));
  root.set("requestId", requestId);
  std::ostringstream out;
  root.stringify(out);
  return out.str();
}

std::optional<TurnRecord> TurnRecord::decode(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    if (!root || root->optValue<int>("v", 0) != 1) return std::nullopt;
    TurnRecord record;
    record.userMessageId = root->getValue<std::string>("userMessageId");
    record.assistantMessageId = root->getValue<std::string>("assistantMessageId");
    record.fallbackUsed = root->getValue<bool>("fallbackUsed");
    record.latencyMs = root->getValue<Poco::Int64>("latencyMs");
    record.requestId = root->getValue<std::string>("requestId");
    return record;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace vb
