#include "store/job_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {
namespace {

constexpr const char* kColumns =
    "SELECT tenant_id, id, kind, session_id, idem_key, fingerprint, payload, request_id, status, run_count, "
    "result, error, created_at, updated_at, finished_at, callback_url, callback_status, callback_attempts, "
    "callback_next_at FROM jobs ";

std::optional<Job> firstJob(const Poco::Data::RecordSet& rs) {
  if (rs.rowCount() == 0) return std::nullopt;
  Job j;
  j.tenantId = text(rs, 0, 0);
  j.id = text(rs, 1, 0);
  j.kind = text(rs, 2, 0);
  j.sessionId = text(rs, 3, 0);
  j.idempotencyKey = text(rs, 4, 0);
  j.fingerprint = text(rs, 5, 0);
  j.payload = text(rs, 6, 0);
  j.requestId = text(rs, 7, 0);
  j.status = text(rs, 8, 0);
  j.runCount = integer(rs, 9, 0);
  j.result = optionalText(rs, 10, 0);
  j.error = optionalText(rs, 11, 0);
  j.createdAt = text(rs, 12, 0);
  j.updatedAt = text(rs, 13, 0);
  j.finishedAt = optionalText(rs, 14, 0);
  j.callbackUrl = optionalText(rs, 15, 0);
  j.callbackStatus = optionalText(rs, 16, 0);
  j.callbackAttempts = integer(rs, 17, 0);
  j.callbackNextAt = optionalText(rs, 18, 0);
  return j;
}

std::vector<JobKey> keysOf(const Poco::Data::RecordSet& rs) {
  std::vector<JobKey> keys;
  for (size_t r = 0; r < rs.rowCount(); ++r) keys.push_back({text(rs, 0, r), text(rs, 1, r)});
  return keys;
}

}  // namespace

bool JobRepository::insertIfNewKey(Transaction& tx, const Job& job) {
  Job j = job;
  auto callbackUrl = nullable(j.callbackUrl);
  auto callbackStatus = nullable(j.callbackStatus);
  Poco::Data::Statement insert(tx.session());
  insert << "INSERT INTO jobs (tenant_id, id, kind, session_id, idem_key, fingerprint, payload, request_id, status, "
            "not_before, created_at, updated_at, callback_url, callback_status) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
            "ON CONFLICT (tenant_id, idem_key) DO NOTHING",
      use(j.tenantId), use(j.id), use(j.kind), use(j.sessionId), use(j.idempotencyKey), use(j.fingerprint),
      use(j.payload), use(j.requestId), use(j.status), use(j.createdAt), use(j.createdAt), use(j.updatedAt),
      use(callbackUrl), use(callbackStatus);
  return insert.execute() == 1;
}

std::optional<Job> JobRepository::find(Transaction& tx, const std::string& tenantId, const std::string& jobId) {
  std::string t = tenantId, id = jobId;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) + "WHERE tenant_id = $1 AND id = $2", use(t), use(id), now;
  return firstJob(Poco::Data::RecordSet(select));
}

std::optional<Job> JobRepository::findByKey(Transaction& tx, const std::string& tenantId, const std::string& key) {
  std::string t = tenantId, k = key;
  Poco::Data::Statement select(tx.session());
  select << std::string(kColumns) + "WHERE tenant_id = $1 AND idem_key = $2", use(t), use(k), now;
  return firstJob(Poco::Data::RecordSet(select));
}

bool JobRepository::claim(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                          const std::string& ownerId, const std::string& lockedUntil, const std::string& nowText) {
  std::string o = ownerId, until = lockedUntil, at = nowText, t = tenantId, id = jobId, due = nowText,
              lapsed = nowText;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE jobs SET status = 'running', owner_id = $1, locked_until = $2, updated_at = $3, "
            "run_count = run_count + 1 WHERE tenant_id = $4 AND id = $5 AND "
            "((status = 'queued' AND not_before <= $6) OR (status = 'running' AND locked_until <= $7))",
      use(o), use(until), use(at), use(t), use(id), use(due), use(lapsed);
  return update.execute() == 1;
}

int64_t JobRepository::renewLeases(Transaction& tx, const std::string& ownerId, const std::string& lockedUntil) {
  std::string until = lockedUntil, o = ownerId;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE jobs SET locked_until = $1 WHERE owner_id = $2 AND status = 'running'", use(until), use(o);
  return static_cast<int64_t>(update.execute());
}

bool JobRepository::finish(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                           const std::string& ownerId, const std::string& status,
                           const std::optional<std::string>& result, const std::optional<std::string>& error,
                           const std::string& nowText) {
  std::string s = status, updated = nowText, finished = nowText, nextAt = nowText, t = tenantId, id = jobId,
              o = ownerId;
  auto r = nullable(result);
  auto e = nullable(error);
  Poco::Data::Statement update(tx.session());
  update << "UPDATE jobs SET status = $1, result = $2, error = $3, updated_at = $4, finished_at = $5, "
            "owner_id = NULL, locked_until = NULL, "
            "callback_status = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, "
            "callback_next_at = CASE WHEN callback_url IS NULL THEN NULL ELSE $6 END "
            "WHERE tenant_id = $7 AND id = $8 AND owner_id = $9 AND status = 'running'",
      use(s), use(r), use(e), use(updated), use(finished), use(nextAt), use(t), use(id), use(o);
  return update.execute() == 1;
}

bool JobRepository::requeue(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                            const std::string& ownerId, const std::string& notBefore, const std::string& nowText) {
  std::string due = notBefore, at = nowText, t = tenantId, id = jobId, o = ownerId;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE jobs SET status = 'queued', owner_id = NULL, locked_until = NULL, not_before = $1, "
            "updated_at = $2 WHERE tenant_id = $3 AND id = $4 AND owner_id = $5 AND status = 'running'",
      use(due), use(at), use(t), use(id), use(o);
  return update.execute() == 1;
}

std::vector<JobKey> JobRepository::runnable(Transaction& tx, const std::string& nowText, int limit) {
  std::string due = nowText, lapsed = nowText;
  Poco::Int32 n = limit;
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, id FROM jobs WHERE (status = 'queued' AND not_before <= $1) "
            "OR (status = 'running' AND locked_until <= $2) ORDER BY created_at, id LIMIT $3",
      use(due), use(lapsed), use(n), now;
  return keysOf(Poco::Data::RecordSet(select));
}

bool JobRepository::claimCallback(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                                  const std::string& lockedUntil, const std::string& nowText) {
  std::string until = lockedUntil, t = tenantId, id = jobId, due = nowText, lapsed = nowText;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE jobs SET callback_status = 'delivering', callback_locked_until = $1 "
            "WHERE tenant_id = $2 AND id = $3 AND ((callback_status = 'pending' AND callback_next_at <= $4) "
            "OR (callback_status = 'delivering' AND callback_locked_until <= $5))",
      use(until), use(t), use(id), use(due), use(lapsed);
  return update.execute() == 1;
}

void JobRepository::updateCallback(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                                   const std::string& status, int64_t attempts,
                                   const std::optional<std::string>& nextAt) {
  std::string s = status, t = tenantId, id = jobId;
  Poco::Int64 a = attempts;
  auto next = nullable(nextAt);
  tx.session() << "UPDATE jobs SET callback_status = $1, callback_attempts = $2, callback_next_at = $3, "
                  "callback_locked_until = NULL WHERE tenant_id = $4 AND id = $5",
      use(s), use(a), use(next), use(t), use(id), now;
}

std::vector<JobKey> JobRepository::dueCallbacks(Transaction& tx, const std::string& nowText, int limit) {
  std::string due = nowText, lapsed = nowText;
  Poco::Int32 n = limit;
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, id FROM jobs WHERE (callback_status = 'pending' AND callback_next_at <= $1) "
            "OR (callback_status = 'delivering' AND callback_locked_until <= $2) ORDER BY callback_next_at, id "
            "LIMIT $3",
      use(due), use(lapsed), use(n), now;
  return keysOf(Poco::Data::RecordSet(select));
}

}  // namespace vb
