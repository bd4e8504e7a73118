// The attempts of a failed turn as stored on its request log row: no message
// holds them, so they travel as one JSON text (versioned, like TurnRecord).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/attempt.h"

namespace vb {

std::string encodeFailedAttempts(const std::vector<Attempt>& attempts);
// nullopt when the text is not what encodeFailedAttempts writes.
std::optional<std::vector<Attempt>> decodeFailedAttempts(const std::string& text,
                                                         const std::string& tenantId);

}  // namespace vb
