// An AI agent of a tenant: plain domain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vb {

struct Agent {
  std::string tenantId;
  std::string id;
  std::string name;
  std::string primaryProvider;
  std::optional<std::string> fallbackProvider;
  std::string systemPrompt;
  std::vector<std::string> enabledTools;  // names of [A-Za-z0-9_.-]; stored comma-joined
  std::string createdAt;
  std::string updatedAt;
  std::optional<std::string> archivedAt;
  // Voice channel: phrases of the agent's domain for the STT engine, and the
  // engines (plugin names) and voice; unset = the host's defaults.
  std::vector<std::string> speechHints{};
  std::optional<std::string> sttEngine{};
  std::optional<std::string> ttsEngine{};
  std::optional<std::string> voice{};
};

}  // namespace vb
