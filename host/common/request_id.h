// Request ids: accepted from callers when sane, generated otherwise.
#pragma once

#include <string>

namespace vb {

// A new random id, e.g. "req_3f9a…" (16 random bytes, hex). Thread-safe.
std::string newRequestId();

// Whether a caller-supplied X-Request-Id is safe to echo and log
// (1–128 chars of [A-Za-z0-9._:-]).
bool isAcceptableRequestId(const std::string& id);

// A random hex string of `bytes` bytes from a CSPRNG (Poco::RandomInputStream).
std::string randomHex(size_t bytes);

}  // namespace vb
