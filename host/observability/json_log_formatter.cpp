#include "observability/json_log_formatter.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>

#include <cstdio>

namespace vb {
namespace {

const char* levelName(Poco::Message::Priority p) {
  switch (p) {
    case Poco::Message::PRIO_FATAL:
    case Poco::Message::PRIO_CRITICAL:
    case Poco::Message::PRIO_ERROR: return "error";
    case Poco::Message::PRIO_WARNING: return "warn";
    case Poco::Message::PRIO_NOTICE:
    case Poco::Message::PRIO_INFORMATION: return "info";
    default: return "debug";
  }
}

void appendEscaped(std::string& out, const std::string& s) {
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

}  // namespace

void JsonLogFormatter::format(const Poco::Message& message, std::string& text) {
  text += "{\"ts\":\"";
  text += Poco::DateTimeFormatter::format(message.getTime(), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
  text += "\",\"level\":\"";
  text += levelName(message.getPriority());
  text += "\",\"logger\":\"";
  appendEscaped(text, message.getSource());
  const std::string& body = message.getText();
  if (!body.empty() && body.front() == '{' && body.back() == '}') {
    text += "\",\"event\":";
    text += body;
    text += '}';
  } else {
    text += "\",\"msg\":\"";
    appendEscaped(text, body);
    text += "\"}";
  }
}

}  // namespace vb
