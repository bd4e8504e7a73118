// The head of an HTTP/1.x request (request line + header fields), parsed
// strictly from bytes the server has already read. Everything a client can
// get wrong here becomes a ProtocolError the server answers as problem+json.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/http_types.h"
#include "http/problem.h"

namespace vb {

struct RequestHeadLimits {
  size_t maxUriBytes = 16384;   // request target; over → 414
  size_t maxHeaderCount = 100;  // header fields; over → 431
};

struct RequestHead {
  enum class Framing { None, ContentLength, Chunked };

  std::string method;                          // e.g. "GET" (case-sensitive, as sent)
  std::string target;                          // as sent, e.g. "/v1/agents?limit=5"
  std::string path;                            // decoded path of the target
  std::map<std::string, std::string> query;    // decoded query parameters
  bool http10 = false;                         // HTTP/1.0 (else HTTP/1.1)
  std::map<std::string, std::string> headers;  // names lower-cased; repeated fields joined with ", "
  bool keepAlive = true;                       // what the client asked for (version + Connection)
  bool expectContinue = false;                 // "Expect: 100-continue" (HTTP/1.1 only)
  Framing framing = Framing::None;
  uint64_t contentLength = 0;                  // with Framing::ContentLength
  bool contentLengthTooLarge = false;          // all digits but beyond 64 bits: answer 413, never read
};

// Where the head ends in `buffer`: the offset just past the blank line that
// ends it ("\r\n\r\n", bare "\n\n" tolerated), or npos while incomplete.
// Empty lines before the request line (RFC 9112 §2.2) are not a head end.
size_t findHeadEnd(std::string_view buffer);

// Parses a complete head (the bytes up to findHeadEnd()). Errors: 400 for a
// malformed request line, header field, Content-Length or target; 414 for a
// target over the limit; 431 for too many fields; 501 for a
// Transfer-Encoding other than chunked; 505 for an HTTP version other than
// 1.0/1.1. Details never echo the client's bytes. Pure; thread-safe.
Result<RequestHead, ProtocolError> parseRequestHead(std::string_view head, const RequestHeadLimits& limits);

// The request as handlers see it (method, path, query, headers, body).
HttpRequest toHttpRequest(const RequestHead& head, std::string body);

}  // namespace vb
