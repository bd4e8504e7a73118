// JobService: async turns (SPEC §3 "Async mode"). A send with
// `Prefer: respond-async` becomes a durable row in `jobs` (committed before
// the 202), its id goes into a BOUNDED in-memory queue, and a bounded pool of
// workers runs each job's turn through the JobRunner — the same
// ConversationService::send as the synchronous path — then stores the result
// (or the problem) on the row and hands the job to the callback dispatcher.
//
//   queue full          → submit() answers Unavailable (503, Retry-After) and stores nothing;
//   same client key     → the same job (replayed), never a second one (UNIQUE (tenant_id, idem_key));
//   host killed         → queued jobs stay queued; a running job's lease
//                         lapses (no heartbeat) and any host's scan claims it
//                         again; its turn runs with the job's idempotency key,
//                         so a turn that had committed is replayed from the
//                         ledger and billed once;
//   key held in flight  → the job waits (queued, not_before) and runs again.
//
// Each job is claimed with a conditional UPDATE (status queued, or running
// with a lapsed lease) and carries this process's owner id and a lease that
// the heartbeat renews, as the idempotency ledger does; completion is fenced
// by the owner. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/domain_error.h"
#include "common/periodic_task.h"
#include "common/result.h"
#include "domain/job.h"
#include "jobs/job_runner.h"
#include "jobs/job_settings.h"
#include "jobs/worker_crew.h"
#include "store/database.h"
#include "store/job_repository.h"

namespace vb {

// What a channel hands over for an async send.
struct JobSubmission {
  std::string tenantId;
  std::string kind;  // "chat" | "voice"
  std::string sessionId;
  std::string payload;         // chat: the text; voice: the WAV in base64
  std::string idempotencyKey;  // the client's; "" → "job:<job id>"
  std::string fingerprint;     // the channel's fingerprint of the send (always set)
  std::string requestId;
  std::optional<std::string> callbackUrl;
};

struct SubmittedJob {
  Job job;
  bool replayed = false;  // an earlier send with the same key made this job
};

struct JobView {
  Job job;
  std::vector<CallbackDelivery> deliveries;
};

class JobService {
 public:
  // `runner` must outlive the service. Workers start with start().
  JobService(std::shared_ptr<Database> database, JobRunner& runner, JobSettings settings,
             bool allowPrivateCallbacks, std::shared_ptr<Clock> clock = systemClock(), std::string ownerId = {});
  ~JobService();  // stop()
  JobService(const JobService&) = delete;
  JobService& operator=(const JobService&) = delete;

  // Errors: Unprocessable (field callbackUrl: not http(s), unresolvable, or
  // a private address while those are not allowed; field Idempotency-Key:
  // the key was used with another send), NotFound (missing or foreign
  // session), Unavailable with retryAfterSeconds (the queue is full; nothing
  // was stored).
  Result<SubmittedJob, DomainError> submit(const JobSubmission& submission);

  // NotFound for a missing job or another tenant's.
  Result<JobView, DomainError> find(const std::string& tenantId, const std::string& jobId);

  // Called (on a worker thread) after a job with a callbackUrl finished.
  // Set before start().
  void onFinished(std::function<void(const JobKey&)> listener) { finished_ = std::move(listener); }

  // Workers, the lease heartbeat and the scan for runnable jobs (its first
  // run, at once, picks up what a previous process life left). Idempotent.
  void start();
  // Stops taking jobs from the queue and waits for running ones to finish;
  // queued jobs stay queued in the store for the next start. Idempotent.
  void stop();

  const JobSettings& settings() const { return settings_; }
  const std::string& ownerId() const { return ownerId_; }

  // The maintenance steps, also callable directly (tests).
  int64_t renewLeases();
  // Queues runnable jobs from the store while the queue has room; returns how many.
  size_t scanStore();

 private:
  void workerLoop();
  void runOne(const JobKey& key);
  // Pushes `key` unless it is already queued or running here. Called with mutex_ held.
  bool enqueueLocked(const JobKey& key);

  const std::shared_ptr<Database> database_;
  JobRunner& runner_;
  const JobSettings settings_;
  const bool allowPrivateCallbacks_;
  const std::shared_ptr<Clock> clock_;
  const std::string ownerId_;
  std::function<void(const JobKey&)> finished_;  // set before start(), then read-only

  std::mutex mutex_;  // guards queue_, tracked_, reserved_ and crew_.stopping()
  std::condition_variable wake_;
  std::deque<JobKey> queue_;
  std::set<std::string> tracked_;  // "tenant/id" of every job queued or running here
  size_t reserved_ = 0;            // slots promised to submits still writing their row

  WorkerCrew crew_{mutex_, wake_};
  std::unique_ptr<PeriodicTask> heartbeat_;
  std::unique_ptr<PeriodicTask> scanner_;
};

}  // namespace vb
