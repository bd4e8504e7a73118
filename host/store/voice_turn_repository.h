// Voice turns (migration 003). Same transaction contract as
// tenant_repository.h. Listings and finds return metadata without the audio;
// audio() reads one side's bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/voice_turn.h"
#include "store/transaction.h"

namespace vb {

struct VoiceTurnRepository {
  enum class Side { Input, Output };

  // Throws on a second voice turn for the same (tenant, message): UNIQUE.
  static void insert(Transaction& tx, const VoiceTurn& turn);
  static std::optional<VoiceTurn> find(Transaction& tx, const std::string& tenantId, const std::string& id);
  static std::optional<VoiceTurn> findByMessage(Transaction& tx, const std::string& tenantId,
                                                const std::string& messageId);
  static std::vector<VoiceTurn> listBySession(Transaction& tx, const std::string& tenantId,
                                              const std::string& sessionId);
  // nullopt when there is no such turn in the tenant, or its audio was purged
  // (or, for the output, never synthesized).
  static std::optional<std::string> audio(Transaction& tx, const std::string& tenantId, const std::string& id,
                                          Side side);
  // Empties the audio of turns created before `before`, across tenants
  // (retention maintenance); returns how many turns it purged.
  static int64_t purgeAudioBefore(Transaction& tx, const std::string& before, const std::string& now);
};

}  // namespace vb
