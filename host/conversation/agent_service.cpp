#include "conversation/agent_service.h"

#include "store/agent_repository.h"
#include "store/database.h"
#include "store/session_repository.h"
#include "store/timestamps.h"

namespace vb {
namespace {

DomainError unprocessable(std::string detail, std::string field) {
  return DomainError::of(DomainError::Kind::Unprocessable, std::move(detail), std::move(field));
}

DomainError agentNotFound() { return DomainError::of(DomainError::Kind::NotFound, "agent not found"); }

bool isName(const std::string& name, size_t maxLength = 100) {
  if (name.empty() || name.size() > maxLength) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

constexpr size_t kMaxSpeechHints = 200;
constexpr size_t kMaxSpeechHintChars = 100;

std::optional<DomainError> validateSpeechHints(const std::vector<std::string>& hints) {
  if (hints.size() > kMaxSpeechHints)
    return unprocessable("field 'speechHints' has more than 200 entries", "speechHints");
  for (const auto& hint : hints) {
    if (hint.find_first_not_of(" \t") == std::string::npos || hint.size() > kMaxSpeechHintChars ||
        hint.find_first_of("\r\n") != std::string::npos)
      return unprocessable("each entry of field 'speechHints' must be one line of 1 to 100 characters",
                           "speechHints");
  }
  return std::nullopt;
}

}  // namespace

AgentService::AgentService(std::shared_ptr<Database> database, const ProviderCatalog& catalog,
                           std::shared_ptr<Clock> clock, ContextSource* context)
    : database_(std::move(database)), catalog_(catalog), clock_(std::move(clock)), context_(context) {}

std::optional<DomainError> AgentService::validate(const Agent& agent) const {
  if (agent.name.find_first_not_of(" \t\r\n") == std::string::npos)
    return unprocessable("field 'name' must not be empty", "name");
  if (agent.name.size() > 200) return unprocessable("field 'name' is longer than 200 characters", "name");
  if (agent.systemPrompt.size() > 20000)
    return unprocessable("field 'systemPrompt' is longer than 20000 characters", "systemPrompt");
  if (!catalog_.hasVendor(agent.primaryProvider))
    return unprocessable("unknown provider '" + agent.primaryProvider + "' in field 'primaryProvider'",
                         "primaryProvider");
  if (agent.fallbackProvider) {
    if (!catalog_.hasVendor(*agent.fallbackProvider))
      return unprocessable("unknown provider '" + *agent.fallbackProvider + "' in field 'fallbackProvider'",
                           "fallbackProvider");
    if (*agent.fallbackProvider == agent.primaryProvider)
      return unprocessable("field 'fallbackProvider' must differ from 'primaryProvider'", "fallbackProvider");
  }
  for (size_t i = 0; i < agent.enabledTools.size(); ++i) {
    const auto& tool = agent.enabledTools[i];
    if (!isName(tool) || !catalog_.hasTool(tool))
      return unprocessable("unknown tool '" + tool + "' in field 'enabledTools'", "enabledTools");
    for (size_t j = 0; j < i; ++j)
      if (agent.enabledTools[j] == tool)
        return unprocessable("tool '" + tool + "' is listed twice in field 'enabledTools'", "enabledTools");
  }
  if (auto error = validateSpeechHints(agent.speechHints)) return error;
  if (agent.sttEngine && !(isName(*agent.sttEngine) && catalog_.hasSttEngine(*agent.sttEngine)))
    return unprocessable("unknown speech-to-text engine '" + *agent.sttEngine + "' in field 'sttEngine'",
                         "sttEngine");
  if (agent.ttsEngine && !(isName(*agent.ttsEngine) && catalog_.hasTtsEngine(*agent.ttsEngine)))
    return unprocessable("unknown text-to-speech engine '" + *agent.ttsEngine + "' in field 'ttsEngine'",
                         "ttsEngine");
  if (agent.voice && !isName(*agent.voice, 64))
    return unprocessable("field 'voice' must be a voice name of 1 to 64 letters, digits, '.', '_' or '-'", "voice");
  return std::nullopt;
}

Result<Agent, DomainError> AgentService::create(const std::string& tenantId, const AgentInput& input) {
  if (!input.name)
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "field 'name' is required", "name"));
  if (!input.primaryProvider)
    return unexpected(DomainError::of(DomainError::Kind::BadRequest, "field 'primaryProvider' is required",
                                      "primaryProvider"));
  const std::string at = formatTimestamp(clock_->wallNow());
  Agent agent{tenantId,
              newId("agt"),
              *input.name,
              *input.primaryProvider,
              input.fallbackProvider.value_or(std::nullopt),
              input.systemPrompt.value_or(""),
              input.enabledTools.value_or(std::vector<std::string>{}),
              at,
              at,
              std::nullopt,
              input.speechHints.value_or(std::vector<std::string>{}),
              input.sttEngine.value_or(std::nullopt),
              input.ttsEngine.value_or(std::nullopt),
              input.voice.value_or(std::nullopt)};
  if (auto error = validate(agent)) return unexpected(*error);
  database_->write([&](Transaction& tx) { AgentRepository::insert(tx, agent); });
  return agent;
}

Result<Agent, DomainError> AgentService::get(const std::string& tenantId, const std::string& agentId) {
  auto agent = database_->read([&](Transaction& tx) { return AgentRepository::find(tx, tenantId, agentId); });
  if (!agent || agent->archivedAt) return unexpected(agentNotFound());
  return *agent;
}

Result<Agent, DomainError> AgentService::ofSession(const std::string& tenantId, const std::string& sessionId) {
  auto agent = database_->read([&](Transaction& tx) -> std::optional<Agent> {
    const auto session = SessionRepository::find(tx, tenantId, sessionId);
    if (!session) return std::nullopt;
    return AgentRepository::find(tx, tenantId, session->agentId);
  });
  if (!agent) return unexpected(DomainError::of(DomainError::Kind::NotFound, "session not found"));
  return std::move(*agent);
}

Result<AgentPage, DomainError> AgentService::list(const std::string& tenantId, const std::string& cursor,
                                                  int limit, bool includeArchived) {
  auto after = cursorFrom(cursor);
  if (!after) return unexpected(after.error());
  return pageOf(database_->read([&](Transaction& tx) {
                  return AgentRepository::list(tx, tenantId, *after, limit + 1, includeArchived);
                }),
                limit);
}

Result<Agent, DomainError> AgentService::update(const std::string& tenantId, const std::string& agentId,
                                                const AgentInput& input) {
  // Read, validate and write under the writer lock so two PATCHes cannot
  // interleave (each sees the other's result).
  auto updated = database_->write([&](Transaction& tx) -> Result<Agent, DomainError> {
    auto agent = AgentRepository::find(tx, tenantId, agentId);
    if (!agent || agent->archivedAt) return unexpected(agentNotFound());
    if (input.name) agent->name = *input.name;
    if (input.primaryProvider) agent->primaryProvider = *input.primaryProvider;
    if (input.fallbackProvider) agent->fallbackProvider = *input.fallbackProvider;
    if (input.systemPrompt) agent->systemPrompt = *input.systemPrompt;
    if (input.enabledTools) agent->enabledTools = *input.enabledTools;
    if (input.speechHints) agent->speechHints = *input.speechHints;
    if (input.sttEngine) agent->sttEngine = *input.sttEngine;
    if (input.ttsEngine) agent->ttsEngine = *input.ttsEngine;
    if (input.voice) agent->voice = *input.voice;
    if (auto error = validate(*agent)) return unexpected(*error);
    agent->updatedAt = formatTimestamp(clock_->wallNow());
    AgentRepository::update(tx, *agent);
    return *agent;
  });
  if (updated && context_) context_->agentChanged(tenantId, agentId);
  return updated;
}

std::vector<std::string> AgentService::referencedProviders() {
  return database_->read([](Transaction& tx) { return AgentRepository::referencedProviders(tx); });
}

Result<bool, DomainError> AgentService::archive(const std::string& tenantId, const std::string& agentId) {
  auto archived = database_->write([&](Transaction& tx) -> Result<bool, DomainError> {
    auto agent = AgentRepository::find(tx, tenantId, agentId);
    if (!agent || agent->archivedAt) return unexpected(agentNotFound());
    agent->archivedAt = formatTimestamp(clock_->wallNow());
    agent->updatedAt = *agent->archivedAt;
    AgentRepository::update(tx, *agent);
    return true;
  });
  if (archived && context_) context_->agentChanged(tenantId, agentId);
  return archived;
}

}  // namespace vb
