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
  std::string t = tenantId, k = key;
  Poco::Data::Statement select(tx.session());
  select << "SELECT tenant_id, idem_key, fingerprint, state, response_status, turn_record, created_at, "
            "locked_until, expires_at, owner_id FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?",
      use(t), use(k), now;
  Poco::Data::RecordSet rs(select);
  if (rs.rowCount() == 0) return std::nullopt;
  return IdempotencyRow{
      text(rs, 0, 0),         text(rs, 1, 0), text(rs, 2, 0), text(rs, 3, 0), optionalInteger(rs, 4, 0),
      optionalText(rs, 5, 0), text(rs, 6, 0), text(rs, 7, 0), text(rs, 8, 0), text(rs, 9, 0)};
}

void IdempotencyRepository::insert(Transaction& tx, const IdempotencyRow& row) {
  IdempotencyRow r = row;
  auto status = nullable(r.responseStatus);
  auto record = nullable(r.turnRecord);
  tx.session() << "INSERT INTO idempotency_keys (tenant_id, idem_key, fingerprint, state, response_status, "
                  "turn_record, created_at, locked_until, expires_at, owner_id) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      use(r.tenantId), use(r.key), use(r.fingerprint), use(r.state), use(status), use(record),
      use(r.createdAt), use(r.lockedUntil), use(r.expiresAt), use(r.ownerId), now;
}

bool IdempotencyRepository::complete(Transaction& tx, const std::string& tenantId, const std::string& key,
                                     const std::string& ownerId, int64_t status, const std::string& turnRecord) {
  std::string t = tenantId, k = key, o = ownerId, r = turnRecord;
  Poco::Int64 s = status;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE idempotency_keys SET state = 'completed', response_status = ?, turn_record = ?, "
            "owner_id = NULL WHERE tenant_id = ? AND idem_key = ? AND owner_id = ? AND state = 'in_flight'",
      use(s), use(r), use(t), use(k), use(o);
  return update.execute() == 1;
}

void IdempotencyRepository::remove(Transaction& tx, const std::string& tenantId, const std::string& key) {
  std::string t = tenantId, k = key;
  tx.session() << "DELETE FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?", use(t), use(k), now;
}

int64_t IdempotencyRepository::renewLeases(Transaction& tx, const std::string& ownerId,
                                           const std::string& lockedUntil) {
  std::string o = ownerId, until = lockedUntil;
  Poco::Data::Statement update(tx.session());
  update << "UPDATE idempotency_keys SET locked_until = ? WHERE owner_id = ? AND state = 'in_flight'",
      use(until), use(o);
  return static_cast<int64_t>(update.execute());
}

int64_t IdempotencyRepository::removeExpired(Transaction& tx, const std::string& nowText) {
  std::string n = nowText;
  Poco::Data::Statement del(tx.session());
  del << "DELETE FROM idempotency_keys WHERE expires_at <= ?", use(n);
  return static_cast<int64_t>(del.execute());
}

}  // namespace vb
