// CachedContextSource: the turn's context from memory. Sessions (immutable
// once created), agents (dropped on agentChanged) and each session's last
// messages (appended on turnCommitted) are kept in a bounded cache, least
// recently used session out first; a miss reads the store once
// (StoreContextSource) and fills the cache.
//
// Correct only while this host is the only writer of agents and messages
// (see context_source.h for hosts sharing a database).
//
// Why a fill never installs stale data: every session slot carries a version
// that each turnCommitted() of that session bumps, and agents share one epoch
// that each agentChanged() bumps. A miss notes the version (creating an empty
// slot first, so commits during the read are counted) and the epoch, reads
// the store without the lock, and installs what it read only if neither moved
// meanwhile; otherwise it just uses the read for this turn. A commit
// reported out of seq order (concurrent turns of one session) forgets the
// session's history, so the next turn reads it from the store.
//
// Thread-safe: one mutex guards everything; it is never held across a store
// read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "conversation/context_source.h"
#include "conversation/store_context_source.h"

namespace vb {

struct ContextCacheLimits {
  size_t maxSessions = 4096;            // sessions kept (with their recent messages)
  size_t maxBytes = 64u * 1024 * 1024;  // approximate bytes of cached text
  size_t maxAgents = 4096;              // agents kept; the map is emptied when it would pass this
};

class CachedContextSource final : public ContextSource {
 public:
  CachedContextSource(std::shared_ptr<Database> database, ContextCacheLimits limits);

  std::optional<TurnContext> load(const std::string& tenantId, const std::string& sessionId,
                                  int contextMessages) override;
  void agentChanged(const std::string& tenantId, const std::string& agentId) override;
  void turnCommitted(const Turn& turn) override;

  // For tests and diagnostics: loads answered from memory / from the store.
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Slot {
    std::string key;
    uint64_t serial = 0;   // tells a slot apart from a later one under the same key
    uint64_t version = 0;  // bumped by every turnCommitted() of the session
    std::optional<Session> session;
    bool historyKnown = false;  // history = the session's last `depth` messages, lastSeq its highest seq
    int depth = 0;
    int64_t lastSeq = 0;
    std::vector<Message> history;
    size_t bytes = 0;
  };
  using SlotList = std::list<Slot>;  // most recently used first

  // All called with mutex_ held.
  Slot* touch(const std::string& key);
  Slot& create(const std::string& key);
  void install(Slot& slot, const TurnContext& context, int depth);
  void account(Slot& slot);
  void evict();

  StoreContextSource store_;
  const ContextCacheLimits limits_;

  mutable std::mutex mutex_;
  SlotList slots_;                                              // GUARDED_BY(mutex_)
  std::unordered_map<std::string, SlotList::iterator> index_;  // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Agent> agents_;              // GUARDED_BY(mutex_)
  uint64_t agentEpoch_ = 0;                                     // GUARDED_BY(mutex_)
  uint64_t nextSerial_ = 1;                                     // GUARDED_BY(mutex_)
  size_t bytes_ = 0;                                            // GUARDED_BY(mutex_)
  uint64_t hits_ = 0;                                           // GUARDED_BY(mutex_)
  uint64_t misses_ = 0;                                         // GUARDED_BY(mutex_)
};

}  // namespace vb
