#include "http/request_head.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace vb {
namespace {

ProtocolError badRequest(std::string detail) { return ProtocolError{400, std::move(detail), 0}; }

bool isTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!isTokenChar(c)) return false;
  return true;
}

// Visible ASCII, no space: what a request target may hold.
bool isTargetChar(char c) { return c > 0x20 && c < 0x7f; }

std::string_view trimSpace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The head's lines without their line ends (CRLF, or a bare LF).
std::vector<std::string_view> splitLines(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const size_t end = head.find('\n');
    std::string_view line = head.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    head.remove_prefix(end + 1);
  }
  return lines;
}

// True when the comma-separated field value holds `token` (case-insensitive).
bool hasToken(const std::string& value, const std::string& token) {
  size_t start = 0;
  while (start <= value.size()) {
    const size_t comma = value.find(',', start);
    const std::string_view item =
        trimSpace(std::string_view(value).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (Poco::icompare(std::string(item), token) == 0) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

Result<bool, ProtocolError> parseRequestLine(std::string_view line, const RequestHeadLimits& limits, RequestHead& head) {
  const size_t firstSpace = line.find(' ');
  const size_t lastSpace = line.rfind(' ');
  if (firstSpace == std::string_view::npos || firstSpace == lastSpace)
    return unexpected(badRequest("the request line must be 'METHOD target HTTP/1.1'"));
  const std::string_view method = line.substr(0, firstSpace);
  const std::string_view target = line.substr(firstSpace + 1, lastSpace - firstSpace - 1);
  const std::string_view version = line.substr(lastSpace + 1);
  if (!isToken(method) || method.size() > 32) return unexpected(badRequest("the request method is not a valid token"));
  if (target.size() > limits.maxUriBytes)
    return unexpected(ProtocolError{414, "the request target is longer than " + std::to_string(limits.maxUriBytes) +
                                             " bytes",
                                    0});
  if (target.empty()) return unexpected(badRequest("the request line must be 'METHOD target HTTP/1.1'"));
  for (char c : target)
    if (!isTargetChar(c)) return unexpected(badRequest("the request target holds a character that is not allowed"));
  if (version == "HTTP/1.1") {
    head.http10 = false;
  } else if (version == "HTTP/1.0") {
    head.http10 = true;
  } else if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(version[5])) &&
             version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7]))) {
    return unexpected(ProtocolError{505, "only HTTP/1.1 and HTTP/1.0 are supported", 0});
  } else {
    return unexpected(badRequest("the request line must be 'METHOD target HTTP/1.1'"));
  }
  head.method = std::string(method);
  head.target = std::string(target);
  try {
    // Origin form ("/path?query") or absolute form ("http://host/path").
    Poco::URI uri(head.target);
    head.path = uri.getPath();
    for (const auto& [name, value] : uri.getQueryParameters()) head.query[name] = value;
  } catch (const Poco::Exception&) {
    return unexpected(badRequest("the request target is not a valid URI"));
  }
  if (head.path.empty()) head.path = head.target == "*" ? "*" : "/";
  return true;
}

Result<bool, ProtocolError> parseFraming(RequestHead& head) {
  const auto te = head.headers.find("transfer-encoding");
  const auto cl = head.headers.find("content-length");
  if (te != head.headers.end()) {
    // Both framings at once is how requests are smuggled past proxies (RFC 9112 §6.3).
    if (cl != head.headers.end())
      return unexpected(badRequest("a request must not carry both Transfer-Encoding and Content-Length"));
    if (Poco::icompare(Poco::trim(te->second), "chunked") != 0)
      return unexpected(ProtocolError{501, "the only Transfer-Encoding supported is 'chunked'", 0});
    head.framing = RequestHead::Framing::Chunked;
    return true;
  }
  if (cl == head.headers.end()) return true;
  // Repeated fields were joined with ", "; identical repeats are tolerated.
  std::string value;
  for (std::string_view rest = cl->second; !rest.empty();) {
    const size_t comma = rest.find(',');
    const std::string_view item = trimSpace(rest.substr(0, comma));
    if (!value.empty() && item != value) return unexpected(badRequest("conflicting Content-Length values"));
    value = std::string(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (value.empty()) return unexpected(badRequest("Content-Length must be a decimal number of bytes"));
  for (char c : value)
    if (c < '0' || c > '9') return unexpected(badRequest("Content-Length must be a decimal number of bytes"));
  head.framing = RequestHead::Framing::ContentLength;
  const size_t digits = value.size() - std::min(value.find_first_not_of('0'), value.size());
  if (digits > 18) {
    head.contentLengthTooLarge = true;  // more than any body we would read; never parsed into a number
    head.contentLength = UINT64_MAX;
    return true;
  }
  head.contentLength = std::stoull(value);
  return true;
}

}  // namespace

size_t findHeadEnd(std::string_view buffer) {
  size_t start = 0;
  while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n')) ++start;
  for (size_t i = buffer.find('\n', start); i != std::string_view::npos; i = buffer.find('\n', i + 1)) {
    if (i + 1 < buffer.size() && buffer[i + 1] == '\n') return i + 2;
    if (i + 2 < buffer.size() && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

Result<RequestHead, ProtocolError> parseRequestHead(std::string_view text, const RequestHeadLimits& limits) {
  while (!text.empty() && (text.front() == '\r' || text.front() == '\n')) text.remove_prefix(1);
  const auto lines = splitLines(text);
  RequestHead head;
  if (lines.empty()) return unexpected(badRequest("the request line must be 'METHOD target HTTP/1.1'"));
  if (auto line = parseRequestLine(lines.front(), limits, head); !line) return unexpected(line.error());

  size_t fields = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.empty()) break;  // the blank line that ends the head
    if (line.front() == ' ' || line.front() == '\t')
      return unexpected(badRequest("folded header lines are not allowed"));
    if (++fields > limits.maxHeaderCount)
      return unexpected(ProtocolError{431, "more than " + std::to_string(limits.maxHeaderCount) + " header fields", 0});
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon)))
      return unexpected(badRequest("a header line must be 'Name: value'"));
    const std::string_view value = trimSpace(line.substr(colon + 1));
    for (char c : value)
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
        return unexpected(badRequest("a header value holds a control character"));
    const std::string name = Poco::toLower(std::string(line.substr(0, colon)));
    auto [it, inserted] = head.headers.try_emplace(name, value);
    if (!inserted) it->second.append(", ").append(value);
  }

  if (auto framing = parseFraming(head); !framing) return unexpected(framing.error());
  const auto connection = head.headers.find("connection");
  if (head.http10)
    head.keepAlive = connection != head.headers.end() && hasToken(connection->second, "keep-alive");
  else
    head.keepAlive = connection == head.headers.end() || !hasToken(connection->second, "close");
  const auto expect = head.headers.find("expect");
  head.expectContinue = !head.http10 && expect != head.headers.end() && Poco::icompare(expect->second, "100-continue") == 0;
  return head;
}

HttpRequest toHttpRequest(const RequestHead& head, std::string body) {
  HttpRequest request;
  request.method = head.method;
  request.path = head.path;
  request.query = head.query;
  request.headers = head.headers;
  request.body = std::move(body);
  return request;
}

}  // namespace vb
