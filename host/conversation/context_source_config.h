// The ContextSource a host uses, from the config section "conversation":
//   contextCache (bool, default true): CachedContextSource when true,
//     StoreContextSource when false. On PostgreSQL (several hosts may share
//     the database) always StoreContextSource: context_source.h explains why;
//   contextCacheSessions (default 4096), contextCacheMaxBytes (default 64 MiB):
//     the cache's bounds.
// Throws std::runtime_error on a bound below 1.
#pragma once

#include <Poco/JSON/Object.h>

#include <memory>

#include "conversation/context_source.h"

namespace vb {

class Database;

std::unique_ptr<ContextSource> makeContextSource(std::shared_ptr<Database> database,
                                                 const Poco::JSON::Object::Ptr& conversation);

}  // namespace vb
