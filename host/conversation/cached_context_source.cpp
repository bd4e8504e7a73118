#include "conversation/cached_context_source.h"

#include <algorithm>

#include "conversation/turn.h"

namespace vb {
namespace {

std::string keyOf(const std::string& tenantId, const std::string& id) {
  std::string key;
  key.reserve(tenantId.size() + 1 + id.size());
  key.append(tenantId).push_back('\n');
  key.append(id);
  return key;
}

// Approximate heap bytes of a cached message: its text plus a fixed share for
// the ids, times and the vector slot.
size_t bytesOf(const Message& message) { return message.content.size() + 192; }

std::vector<Message> lastOf(const std::vector<Message>& history, int count) {
  const size_t n = std::min(history.size(), static_cast<size_t>(std::max(count, 0)));
  return {history.end() - static_cast<std::ptrdiff_t>(n), history.end()};
}

}  // namespace

CachedContextSource::CachedContextSource(std::shared_ptr<Database> database, ContextCacheLimits limits)
    : store_(std::move(database)), limits_(limits) {}

CachedContextSource::Slot* CachedContextSource::touch(const std::string& key) {
  const auto found = index_.find(key);
  if (found == index_.end()) return nullptr;
  slots_.splice(slots_.begin(), slots_, found->second);
  return &*found->second;
}

CachedContextSource::Slot& CachedContextSource::create(const std::string& key) {
  slots_.push_front(Slot{});
  Slot& slot = slots_.front();
  slot.key = key;
  slot.serial = nextSerial_++;
  index_[key] = slots_.begin();
  account(slot);
  evict();
  return slot;
}

void CachedContextSource::account(Slot& slot) {
  size_t bytes = 256 + slot.key.size();
  if (slot.session) bytes += slot.session->metadataJson.size();
  for (const auto& message : slot.history) bytes += bytesOf(message);
  bytes_ = bytes_ - slot.bytes + bytes;
  slot.bytes = bytes;
}

void CachedContextSource::evict() {
  // The front slot (just used) always stays.
  while ((index_.size() > limits_.maxSessions || bytes_ > limits_.maxBytes) && slots_.size() > 1) {
    const Slot& victim = slots_.back();
    bytes_ -= victim.bytes;
    index_.erase(victim.key);
    slots_.pop_back();
  }
}

void CachedContextSource::install(Slot& slot, const TurnContext& context, int depth) {
  if (!slot.session) slot.session = context.session;
  slot.historyKnown = true;
  slot.depth = depth;
  slot.history = context.history;
  // lastMessages returned fewer than asked only when the session holds no more.
  slot.lastSeq = context.history.empty() ? 0 : context.history.back().seq;
  account(slot);
  evict();
}

std::optional<TurnContext> CachedContextSource::load(const std::string& tenantId, const std::string& sessionId,
                                                     int contextMessages) {
  const std::string key = keyOf(tenantId, sessionId);
  uint64_t serial = 0, version = 0, epoch = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Slot* slot = touch(key);
    if (slot && slot->session && (contextMessages <= 0 || (slot->historyKnown && slot->depth >= contextMessages))) {
      const auto agent = agents_.find(keyOf(tenantId, slot->session->agentId));
      if (agent != agents_.end()) {
        ++hits_;
        return TurnContext{*slot->session, agent->second,
                           contextMessages > 0 ? lastOf(slot->history, contextMessages) : std::vector<Message>{}};
      }
    }
    ++misses_;
    if (!slot) slot = &create(key);  // counts the commits that land during the read below
    serial = slot->serial;
    version = slot->version;
    epoch = agentEpoch_;
  }

  auto context = store_.load(tenantId, sessionId, contextMessages);

  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = index_.find(key);
  const bool sameSlot = found != index_.end() && found->second->serial == serial;
  if (!context) {
    // No such session (or its agent is gone): keep no placeholder for it.
    if (sameSlot && !found->second->session) {
      bytes_ -= found->second->bytes;
      slots_.erase(found->second);
      index_.erase(found);
    }
    return std::nullopt;
  }
  if (agentEpoch_ == epoch) {
    if (agents_.size() >= limits_.maxAgents) agents_.clear();
    agents_[keyOf(tenantId, context->agent.id)] = context->agent;
  }
  if (sameSlot) {
    Slot& slot = *found->second;
    if (slot.version == version && contextMessages > 0) {
      install(slot, *context, contextMessages);
    } else if (!slot.session) {
      slot.session = context->session;  // immutable: always safe to keep
      account(slot);
      evict();
    }
  }
  return context;
}

void CachedContextSource::agentChanged(const std::string& tenantId, const std::string& agentId) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++agentEpoch_;
  agents_.erase(keyOf(tenantId, agentId));
}

void CachedContextSource::turnCommitted(const Turn& turn) {
  const Message& user = turn.userMessage;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = index_.find(keyOf(user.tenantId, user.sessionId));
  if (found == index_.end()) return;
  Slot& slot = *found->second;
  ++slot.version;
  if (!slot.historyKnown) return;
  if (user.seq != slot.lastSeq + 1) {
    // Another turn of this session committed in between and has not reported
    // yet (or reported first): the next load reads the store.
    slot.historyKnown = false;
    slot.history.clear();
    account(slot);
    return;
  }
  slot.history.push_back(user);
  for (const auto& message : turn.toolMessages) slot.history.push_back(message);
  slot.history.push_back(turn.assistantMessage);
  slot.lastSeq = turn.assistantMessage.seq;
  if (slot.history.size() > static_cast<size_t>(slot.depth))
    slot.history.erase(slot.history.begin(),
                       slot.history.end() - static_cast<std::ptrdiff_t>(slot.depth));
  account(slot);
  evict();
}

uint64_t CachedContextSource::hits() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hits_;
}

uint64_t CachedContextSource::misses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return misses_;
}

}  // namespace vb
