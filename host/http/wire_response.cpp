#include "http/wire_response.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Timestamp.h>

namespace vb {
namespace {

// RFC 9110 §15's reason phrases (Poco's table still has RFC 2616's older
// wording for a few, e.g. "Request Time-out").
std::string reasonFor(int status) {
  switch (status) {
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Content";
    case 504: return "Gateway Timeout";
    default:
      return Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  }
}

void appendField(std::string& out, const std::string& name, const std::string& value) {
  for (char c : name)
    if (c != '\r' && c != '\n') out += c;
  out += ": ";
  for (char c : value)
    if (c != '\r' && c != '\n') out += c;
  out += "\r\n";
}

}  // namespace

std::string wireResponse(const HttpResponse& response, const WireOptions& options) {
  const bool bodyless = response.status == 204 || response.status == 304 || response.status < 200;
  std::string out;
  out.reserve(256 + response.body.size());
  out += "HTTP/1.1 " + std::to_string(response.status) + " ";
  out += reasonFor(response.status);
  out += "\r\n";
  appendField(out, "Date", Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT));
  if (!response.contentType.empty() && !bodyless) appendField(out, "Content-Type", response.contentType);
  if (!bodyless) appendField(out, "Content-Length", std::to_string(response.body.size()));
  if (!options.keepAlive)
    appendField(out, "Connection", "close");
  else if (options.http10)
    appendField(out, "Connection", "keep-alive");
  for (const auto& [name, value] : response.headers) appendField(out, name, value);
  out += "\r\n";
  if (!options.headRequest && !bodyless) out += response.body;
  return out;
}

const std::string& wireContinue() {
  static const std::string bytes = "HTTP/1.1 100 Continue\r\n\r\n";
  return bytes;
}

}  // namespace vb
