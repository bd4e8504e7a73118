// The fairness key the HTTP server queues a request under
// (http/request_queue.h): the public prefix of the API key it presents
// ("vbk_<prefix>_<secret>", Authorization: Bearer or X-API-Key), so one
// tenant key's flood waits in its own queue. "" (→ the client address) for
// requests without a well-formed key. Reads only the public prefix; the
// secret is neither kept nor compared here. Pure.
#pragma once

#include <string>

#include "http/request_head.h"

namespace vb {

std::string fairnessKeyOf(const RequestHead& head);

}  // namespace vb
