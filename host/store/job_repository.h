// Async jobs (domain/job.h) and their callback state. Same transaction
// contract as tenant_repository.h: every function runs on the caller's
// Transaction. The lease and retry rules live in jobs/job_service.h and
// jobs/callback_dispatcher.h; this file only reads and writes rows.
//
// Claims are conditional UPDATEs (…WHERE status = 'queued' OR the lease
// lapsed): exactly one caller sees one changed row, on SQLite's single
// writer as on PostgreSQL's row locks, so two hosts never run one job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/job.h"
#include "store/transaction.h"

namespace vb {

// A job's identity, for queues and scans.
struct JobKey {
  std::string tenantId;
  std::string id;
};

struct JobRepository {
  // Inserts the job unless the tenant already has one with its idempotency
  // key (UNIQUE (tenant_id, idem_key)); true when inserted.
  static bool insertIfNewKey(Transaction& tx, const Job& job);
  static std::optional<Job> find(Transaction& tx, const std::string& tenantId, const std::string& jobId);
  static std::optional<Job> findByKey(Transaction& tx, const std::string& tenantId, const std::string& key);

  // queued (and due), or running with a lapsed lease → running, owned by
  // `ownerId` until `lockedUntil`, run_count + 1. True when this call claimed it.
  static bool claim(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                    const std::string& ownerId, const std::string& lockedUntil, const std::string& now);
  // Extends the lease of every job `ownerId` is running; returns how many.
  static int64_t renewLeases(Transaction& tx, const std::string& ownerId, const std::string& lockedUntil);
  // running (owned by `ownerId`) → succeeded/failed with its result or
  // error; the callback (if the job has a URL) becomes pending, due now.
  // False when the owner lost the job (fenced).
  static bool finish(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                     const std::string& ownerId, const std::string& status, const std::optional<std::string>& result,
                     const std::optional<std::string>& error, const std::string& now);
  // running (owned by `ownerId`) → queued, not before `notBefore`.
  static bool requeue(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                      const std::string& ownerId, const std::string& notBefore, const std::string& now);
  // Jobs any host may claim now: queued and due, or running with a lapsed
  // lease (their owner died), oldest first. Crosses tenants: maintenance
  // (restart recovery), never inside a tenant's request.
  static std::vector<JobKey> runnable(Transaction& tx, const std::string& now, int limit);

  // pending and due, or delivering with a lapsed lease → delivering until
  // `lockedUntil`. True when this call claimed the delivery.
  static bool claimCallback(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                            const std::string& lockedUntil, const std::string& now);
  // After an attempt: the callback's new status, attempt count and (pending) due time.
  static void updateCallback(Transaction& tx, const std::string& tenantId, const std::string& jobId,
                             const std::string& status, int64_t attempts, const std::optional<std::string>& nextAt);
  // Callbacks due now (pending) or abandoned by a dead host (delivering,
  // lease lapsed), oldest first. Crosses tenants like runnable().
  static std::vector<JobKey> dueCallbacks(Transaction& tx, const std::string& now, int limit);
};

}  // namespace vb
