// TurnRecord: what an idempotency record keeps of a committed turn so that a
// replay returns the same Turn: the ids of its rows (messages, attempts,
// usage and tool runs are read back from the store) plus what the rows do not
// hold. An internal, versioned encoding, never an API shape.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conversation/turn.h"

namespace vb {

struct TurnRecord {
  std::string userMessageId;
  std::string assistantMessageId;
  bool fallbackUsed = false;
  int64_t latencyMs = 0;
  std::string requestId;

  static TurnRecord of(const Turn& turn);
  std::string encode() const;
  // nullopt when `text` is not a record this version wrote.
  static std::optional<TurnRecord> decode(const std::string& text);
};

}  // namespace vb
