#include "conversation/context_source_config.h"

#include <stdexcept>

#include "conversation/cached_context_source.h"
#include "conversation/store_context_source.h"
#include "store/database.h"

namespace vb {

std::unique_ptr<ContextSource> makeContextSource(std::shared_ptr<Database> database,
                                                 const Poco::JSON::Object::Ptr& conversation) {
  // On PostgreSQL several hosts may write the same sessions and agents: a
  // per-host copy of the history would go stale, so every turn reads the store.
  if (database->dialect().isPostgreSQL() || (conversation && !conversation->optValue<bool>("contextCache", true)))
    return std::make_unique<StoreContextSource>(std::move(database));
  ContextCacheLimits limits;
  if (conversation) {
    const auto sessions = conversation->optValue<Poco::Int64>("contextCacheSessions",
                                                              static_cast<Poco::Int64>(limits.maxSessions));
    const auto bytes = conversation->optValue<Poco::Int64>("contextCacheMaxBytes",
                                                           static_cast<Poco::Int64>(limits.maxBytes));
    if (sessions < 1) throw std::runtime_error("config: conversation.contextCacheSessions must be >= 1");
    if (bytes < 1) throw std::runtime_error("config: conversation.contextCacheMaxBytes must be >= 1");
    limits.maxSessions = static_cast<size_t>(sessions);
    limits.maxBytes = static_cast<size_t>(bytes);
  }
  return std::make_unique<CachedContextSource>(std::move(database), limits);
}

}  // namespace vb
