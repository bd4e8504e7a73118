// CallbackDispatcher: POSTs finished jobs to their callbackUrl, signed the
// Standard Webhooks way (jobs/webhook_signature.h) with the tenant's signing
// secret, from its OWN small pool of workers — a slow or dead receiver never
// holds a job worker.
//
// Per attempt: claim the delivery (a conditional UPDATE with a lease, so one
// host delivers it), resolve and check the destination (jobs/callback_target.h),
// POST with callbacks.timeoutMs, record the attempt in callback_deliveries.
//   2xx → delivered;  410 → gone (no more attempts);
//   anything else, or no answer → retried after a full-jitter backoff
//   (jobs/callback_backoff.h) until callbacks.maxAttempts attempts or
//   callbacks.maxAgeSeconds after the job finished → exhausted.
// Due deliveries wait in a bounded in-memory schedule; the store is scanned
// every scanEveryMs for deliveries that are due and not scheduled here
// (after a restart, an overflow, or another host's death). A tenant without
// a signing secret gets webhook-id and webhook-timestamp but no signature.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/periodic_task.h"
#include "jobs/callback_backoff.h"
#include "jobs/callback_session.h"
#include "jobs/job_settings.h"
#include "jobs/worker_crew.h"
#include "store/database.h"
#include "store/job_repository.h"

namespace vb {

class CallbackDispatcher {
 public:
  CallbackDispatcher(std::shared_ptr<Database> database, CallbackSettings settings,
                     std::shared_ptr<Clock> clock = systemClock(), uint64_t jitterSeed = std::random_device{}());
  ~CallbackDispatcher();  // stop()
  CallbackDispatcher(const CallbackDispatcher&) = delete;
  CallbackDispatcher& operator=(const CallbackDispatcher&) = delete;

  // Schedules the job's next delivery attempt at `due` (no-op when it is
  // already scheduled here, or the schedule is full: the scan finds it).
  void schedule(const JobKey& key, Clock::Steady::time_point due);

  // A new signing secret for the tenant, returned once; the previous one
  // stops signing at once. Thread-safe.
  std::string newSigningSecret(const std::string& tenantId);

  void start();  // idempotent
  void stop();   // waits for attempts in flight; idempotent

  // One delivery attempt for the job (when it is due and unclaimed). True
  // when it scheduled a retry (the job stays in the schedule).
  bool deliver(const JobKey& key);
  // Schedules due deliveries found in the store; returns how many.
  size_t scanStore();

  const CallbackSettings& settings() const { return settings_; }

 private:
  void workerLoop();
  double nextUnit();

  static constexpr size_t kScheduleCapacity = 4096;

  const std::shared_ptr<Database> database_;
  const CallbackSettings settings_;
  const std::shared_ptr<Clock> clock_;
  const CallbackBackoff backoff_;
  const CallbackSessions sessions_;

  std::mutex jitterMutex_;  // guards jitter_
  std::mt19937_64 jitter_;

  std::mutex mutex_;  // guards due_, scheduled_ and crew_.stopping()
  std::condition_variable wake_;
  std::multimap<Clock::Steady::time_point, JobKey> due_;
  std::set<std::string> scheduled_;  // "tenant/id" scheduled or being delivered here

  WorkerCrew crew_{mutex_, wake_};
  std::unique_ptr<PeriodicTask> scanner_;
};

}  // namespace vb
