#include "store/agent_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kColumns =
    "SELECT tenant_id, id, name, primary_provider, fallback_provider, system_prompt, enabled_tools, "
    "created_at, updated_at, archived_at, speech_hints, stt_engine, tts_engine, voice FROM agents ";

// Lists stored as one text column: tool names joined by ',', speech hints by
// '\n' (neither can contain its separator: the service validates them).
std::string join(const std::vector<std::string>& items, char separator) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

std::vector<std::string> split(const std::string& joined, char separator) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(separator, start);
    if (end == std::string::npos) end = joined.size();
    if (end > start) items.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::vector<Agent> agentsOf(const Poco::Data::RecordSet& rs) {
  std::vector<Agent> agents;
  for (size_t r = 0; r < rs.rowCount(); ++r)
    agents.push_back({text(rs, 0, r), text(rs, 1, r), text(rs, 2, r), text(rs, 3, r), optionalText(rs, 4, r),
                      text(rs, 5, r), split(text(rs, 6, r), ','), text(rs, 7, r), text(rs, 8, r),
                      optionalText(rs, 9, r), split(text(rs, 10, r), '\n'), optionalText(rs, 11, r),
                      optionalText(rs, 12, r), optionalText(rs, 13, r)});
  return agents;
}

}  // namespace

void AgentRepository::insert(Transaction& tx, const Agent& agent) {
  Agent a = agent;
  auto fallback = nullable(a.fallbackProvider);
  auto archived = nullable(a.archivedAt);
  std::string tools = join(a.enabledTools, ','), hints = join(a.speechHints, '\n');
  auto stt = nullable(a.sttEngine), tts = nullable(a.ttsEngine), voice = nullable(a.voice);
  tx.session()
      << "INSERT INTO agents (tenant_id, id, name, primary_provider, fallback_provider, system_prompt, "
         "enabled_tools, created_at, updated_at, archived_at, speech_hints, stt_engine, tts_engine, voice) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      use(a.tenantId), use(a.id), use(a.name), use(a.primaryProvider), use(fallback), use(a.systemPrompt),
      use(tools), use(a.createdAt), use(a.updatedAt), use(archived), use(hints), use(stt), use(tts), use(voice), now;
}

void AgentRepository::update(Transaction& tx, const Agent& agent) {
  Agent a = agent;
  auto fallback = nullable(a.fallbackProvider);
  auto archived = nullable(a.archivedAt);
  std::string tools = join(a.enabledTools, ','), hints = join(a.speechHints, '\n');
  auto stt = nullable(a.sttEngine), tts = nullable(a.ttsEngine), voice = nullable(a.voice);
  tx.session()
      << "UPDATE agents SET name = $1, primary_provider = $2, fallback_provider = $3, system_prompt = $4, "
         "enabled_tools = $5, updated_at = $6, archived_at = $7, speech_hints = $8, stt_engine = $9, tts_engine = $10, "
         "voice = $11 WHERE tenant_id = $12 AND id = $13",
      use(a.name), use(a.primaryProvider), use(fallback), use(a.systemPrompt), use(tools), use(a.updatedAt),
      use(archived), use(hints), use(stt), use(tts), use(voice), use(a.tenantId), use(a.id), now;
}

std::optional<Agent> AgentRepository::find(Transaction& tx, const std::string& tenantId,
                                           const std::string& agentId) {
  std::string t = tenantId, id = agentId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) + "WHERE tenant_id = $1 AND id = $2", use(t), use(id), now;
  auto agents = agentsOf(Poco::Data::RecordSet(select));
  if (agents.empty()) return std::nullopt;
  return agents.front();
}

std::vector<Agent> AgentRepository::list(Transaction& tx, const std::string& tenantId,
                                         const std::optional<PageCursor>& after, int limit,
                                         bool includeArchived) {
  std::string t = tenantId;
  Poco::Int64 archivedToo = includeArchived ? 1 : 0;
  std::string afterAt = after ? after->createdAt : std::string();
  std::string afterId = after ? after->id : std::string();
  Poco::Int64 hasCursor = after ? 1 : 0;
  Poco::Int64 lim = limit;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) +
                "WHERE tenant_id = $1 AND ($2 = 1 OR archived_at IS NULL) "
                "AND ($3 = 0 OR created_at > $4 OR (created_at = $5 AND id > $6)) "
                "ORDER BY created_at, id LIMIT $7",
      use(t), use(archivedToo), use(hasCursor), use(afterAt), use(afterAt), use(afterId), use(lim), now;
  return agentsOf(Poco::Data::RecordSet(select));
}

std::vector<std::string> AgentRepository::referencedProviders(Transaction& tx) {
  std::vector<std::string> providers;
  tx.session() << "SELECT primary_provider FROM agents WHERE archived_at IS NULL UNION "
                  "SELECT fallback_provider FROM agents WHERE archived_at IS NULL AND fallback_provider IS NOT NULL",
      into(providers), now;
  return providers;
}

}  // namespace vb
