// StoreContextSource: the turn's context read from the store every time (one
// read transaction: session, agent, last messages). The strategy for hosts
// that share their database with other writers. Thread-safe.
#pragma once

#include <memory>

#include "conversation/context_source.h"

namespace vb {

class Database;

class StoreContextSource final : public ContextSource {
 public:
  explicit StoreContextSource(std::shared_ptr<Database> database);

  std::optional<TurnContext> load(const std::string& tenantId, const std::string& sessionId,
                                  int contextMessages) override;
  void agentChanged(const std::string&, const std::string&) override {}
  void turnCommitted(const Turn&) override {}

 private:
  std::shared_ptr<Database> database_;
};

}  // namespace vb
