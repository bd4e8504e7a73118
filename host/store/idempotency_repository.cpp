#include "store/idempotency_repository.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "store/row_reader.h"

using namespace Poco::Data::Keywords;
using namespace vb::store_detail;

namespace vb {

std::optional<IdempotencyRow> IdempotencyRepository::find(Transaction& tx, const std::string& tenantId,
                                                          const std::string& key) {
  // Read on every idempotent turn: a kept statement where the session has them.
  auto row = tx.queryRow("SELECT tenant_id, idem_key, fingerprint, state, response_status, turn_record, created_at, "
                         "locked_until, expires_at, owner_id FROM idempotency_keys "
                         "WHERE tenant_id = $1 AND idem_key = $2",
                         {tenantId, key});
  if (!row) return std::nullopt;
  auto text = [&](size_t i) { return (*row)[i].value_or(std::string()); };
  std::optional<int64_t> status;
  if ((*row)[4]) status = std::stoll(*(*row)[4]);
  return IdempotencyRow{text(0), text(1), text(2), text(3), status, (*row)[5], text(6), text(7), text(8), text(9)};
}

bool IdempotencyRepository::insertIfAbsent(Transaction& tx, const IdempotencyRow& row) {
  IdempotencyRow r = row;
  auto status = nullable(r.responseStatus);
  auto record = nullable(r.turnRecord);
  Poco::Data::Statement insert(tx.session());
  insert << "INSERT INTO idempotency_keys (tenant_id, idem_key, fingerprint, state, response_status, "
            "turn_record, created_at, locked_until, expires_at, owner_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tenant_id, idem_key) DO NOTHING",
      use(r.tenantId), use(r.key), use(r.fingerprint), use(r.state), use(status), use(record), use(r.createdAt),
      use(r.lockedUntil), use(r.expiresAt), use(r.ownerId);
  return insert.execute() == 1;
}

bool IdempotencyRepository::takeOver(Transaction& tx, const IdempotencyRow& fresh, const IdempotencyRow& seen) {
  IdempotencyRow f = fresh;
  std::string t = seen.tenantId, k = seen.key, seenState = seen.state, seenLock = seen.lockedUntil,
              seenExpiry = seen.expiresAt;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE idempotency_keys SET fingerprint = $1, state = $2, response_status = NULL, turn_record = NULL, "
            "created_at = $3, locked_until = $4, expires_at = $5, owner_id = $6 "
            "WHERE tenant_id = $7 AND idem_key = $8 AND state = $9 AND locked_until = $10 AND expires_at = $11",
      use(f.fingerprint), use(f.state), use(f.createdAt), use(f.lockedUntil), use(f.expiresAt), use(f.ownerId),
      use(t), use(k), use(seenState), use(seenLock), use(seenExpiry);
  return update.execute() == 1;
}

bool IdempotencyRepository::removeClaim(Transaction& tx, const std::string& tenantId, const std::string& key,
                                        const std::string& ownerId) {
  std::string t = tenantId, k = key, o = ownerId;
  Poco::Data::Statement del(tx.session());
  del << "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND idem_key = $2 AND owner_id = $3 "
         "AND state = 'in_flight'",
      use(t), use(k), use(o);
  return del.execute() == 1;
}

bool IdempotencyRepository::complete(Transaction& tx, const std::string& tenantId, const std::string& key,
                                     const std::string& ownerId, int64_t status, const std::string& turnRecord) {
  std::string t = tenantId, k = key, o = ownerId, r = turnRecord;
  Poco::Int64 s = status;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE idempotency_keys SET state = 'completed', response_status = $1, turn_record = $2, "
            "owner_id = NULL WHERE tenant_id = $3 AND idem_key = $4 AND owner_id = $5 AND state = 'in_flight'",
      use(s), use(r), use(t), use(k), use(o);
  return update.execute() == 1;
}

bool IdempotencyRepository::insertCompleted(Transaction& tx, const IdempotencyRow& r, const std::string& now) {
  return tx.execute("INSERT INTO idempotency_keys (tenant_id, idem_key, fingerprint, state, response_status, "
                    "turn_record, created_at, locked_until, expires_at, owner_id) "
                    "VALUES ($1, $2, $3, 'completed', $4, $5, $6, $7, $8, NULL) "
                    "ON CONFLICT (tenant_id, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                    "state = 'completed', response_status = excluded.response_status, "
                    "turn_record = excluded.turn_record, created_at = excluded.created_at, "
                    "locked_until = excluded.locked_until, expires_at = excluded.expires_at, owner_id = NULL "
                    "WHERE idempotency_keys.state = 'in_flight' OR idempotency_keys.expires_at <= $9",
                    {r.tenantId, r.key, r.fingerprint, r.responseStatus, r.turnRecord, r.createdAt, r.lockedUntil,
                     r.expiresAt, now}) == 1;
}

int64_t IdempotencyRepository::renewLeases(Transaction& tx, const std::string& ownerId,
                                           const std::string& lockedUntil) {
  std::string o = ownerId, until = lockedUntil;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE idempotency_keys SET locked_until = $1 WHERE owner_id = $2 AND state = 'in_flight'",
      use(until), use(o);
  return static_cast<int64_t>(update.execute());
}

int64_t IdempotencyRepository::removeExpired(Transaction& tx, const std::string& nowText) {
  std::string n = nowText;
  Poco::Data::Statement del(tx.session());
  del << "DELETE FROM idempotency_keys WHERE expires_at <= $1", use(n);
  return static_cast<int64_t>(del.execute());
}

}  // namespace vb
