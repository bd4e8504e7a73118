// JsonLogFormatter: one JSON object per log line
// ({"ts","level","logger","msg"[,"thread"]}), so logs can be shipped and
// queried without parsing free text. A message that already is a JSON object
// (starts with '{') is embedded as "event" instead of escaped.
#pragma once

#include <Poco/Formatter.h>

namespace vb {

class JsonLogFormatter final : public Poco::Formatter {
 public:
  void format(const Poco::Message& message, std::string& text) override;
};

}  // namespace vb
