// ContextSource: what a turn needs before it calls a vendor — the session,
// its agent and the session's last `contextMessages` messages — and the
// notifications that keep a cached copy of them true.
//
// Two strategies (chosen by config "conversation.contextCache"):
//   * StoreContextSource (store_context_source.h) reads all three from the
//     store in one read transaction per turn. Always right, whatever else
//     writes the database.
//   * CachedContextSource (cached_context_source.h) keeps them in memory,
//     bounded, filled from the store on a miss. Right only while THIS host is
//     the only writer of agents and messages: several hosts sharing one
//     PostgreSQL database must use the store-backed source, or feed
//     agentChanged()/turnCommitted() from the database's change feed
//     (LISTEN/NOTIFY) so every host hears every other host's writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/agent.h"
#include "domain/session.h"

namespace vb {

struct Turn;

struct TurnContext {
  Session session;
  Agent agent;                   // archived agents included: the caller refuses them
  std::vector<Message> history;  // the last contextMessages messages, seq order
};

class ContextSource {
 public:
  virtual ~ContextSource() = default;

  // The session, its agent (archived included) and its last `contextMessages`
  // messages. nullopt for a missing or foreign session or a missing agent.
  // Throws what the store throws. Thread-safe.
  virtual std::optional<TurnContext> load(const std::string& tenantId, const std::string& sessionId,
                                          int contextMessages) = 0;

  // Called after the agent's update or archive has COMMITTED, before the
  // caller answers. Thread-safe.
  virtual void agentChanged(const std::string& tenantId, const std::string& agentId) = 0;

  // Called after the turn's write transaction has COMMITTED (its messages
  // carry their final seqs), before the turn is answered. Concurrent turns of
  // one session may report in any order. Thread-safe.
  virtual void turnCommitted(const Turn& turn) = 0;
};

}  // namespace vb
