// The bytes of an HTTP/1.1 response: status line with the standard reason
// phrase for the code, Date, Content-Type, Content-Length, Connection, the
// response's own headers, then the body.
#pragma once

#include <string>

#include "http/http_types.h"

namespace vb {

struct WireOptions {
  bool headRequest = false;  // HEAD: Content-Length of the body, but no body
  bool keepAlive = true;     // false → "Connection: close"
  bool http10 = false;       // an HTTP/1.0 client keeping the connection gets "Connection: keep-alive"
};

// Pure; thread-safe. CR and LF in header names or values are dropped, so a
// value can never start a header of its own (response splitting).
std::string wireResponse(const HttpResponse& response, const WireOptions& options);

// "HTTP/1.1 100 Continue", sent before reading a body the client is holding back.
const std::string& wireContinue();

}  // namespace vb
