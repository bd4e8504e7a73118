#include "jobs/job_service.h"

#include <Poco/Logger.h>

#include <exception>

#include "jobs/callback_target.h"
#include "store/callback_delivery_repository.h"
#include "store/session_repository.h"
#include "store/signing_secret_repository.h"
#include "store/timestamps.h"

namespace vb {
namespace {

std::string trackingName(const JobKey& key) { return key.tenantId + "/" + key.id; }

DomainError unprocessable(std::string detail, std::string field) {
  return DomainError::of(DomainError::Kind::Unprocessable, std::move(detail), std::move(field));
}

}  // namespace

JobService::JobService(std::shared_ptr<Database> database, JobRunner& runner, JobSettings settings,
                       bool allowPrivateCallbacks, std::shared_ptr<Clock> clock, std::string ownerId)
    : database_(std::move(database)),
      runner_(runner),
      settings_(settings),
      allowPrivateCallbacks_(allowPrivateCallbacks),
      clock_(std::move(clock)),
      ownerId_(ownerId.empty() ? newId("own") : std::move(ownerId)) {}

JobService::~JobService() { stop(); }

Result<SubmittedJob, DomainError> JobService::submit(const JobSubmission& in) {
  if (in.callbackUrl) {
    auto target = CallbackTarget::parse(*in.callbackUrl);
    if (!target) return unexpected(unprocessable(target.error(), "callbackUrl"));
    if (auto address = target->resolve(allowPrivateCallbacks_); !address)
      return unexpected(unprocessable(address.error(), "callbackUrl"));
  }
  if (in.idempotencyKey.size() > 255)
    return unexpected(DomainError::of(DomainError::Kind::BadRequest,
                                      "the idempotency key is longer than 255 characters", "idempotencyKey"));
  auto sameSend = [&](const Job& existing) -> Result<SubmittedJob, DomainError> {
    if (existing.fingerprint != in.fingerprint || existing.kind != in.kind)
      return unexpected(unprocessable("this Idempotency-Key was used with a different request", "Idempotency-Key"));
    return SubmittedJob{existing, true};
  };

  bool full = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    full = queue_.size() + reserved_ >= settings_.queueCapacity;
    if (!full) ++reserved_;
  }
  if (full) {
    // A duplicate needs no slot: it answers the job that exists.
    if (!in.idempotencyKey.empty())
      if (auto existing = database_->read(
              [&](Transaction& tx) { return JobRepository::findByKey(tx, in.tenantId, in.idempotencyKey); }))
        return sameSend(*existing);
    auto error = DomainError::of(DomainError::Kind::Unavailable, "the job queue is full; retry later");
    error.retryAfterSeconds = 1;
    return unexpected(error);
  }

  Job job;
  job.tenantId = in.tenantId;
  job.id = newId("job");
  job.kind = in.kind;
  job.sessionId = in.sessionId;
  job.idempotencyKey = in.idempotencyKey.empty() ? "job:" + job.id : in.idempotencyKey;
  job.fingerprint = in.fingerprint;
  job.payload = in.payload;
  job.requestId = in.requestId;
  job.status = "queued";
  job.createdAt = job.updatedAt = formatTimestamp(clock_->wallNow());
  job.callbackUrl = in.callbackUrl;
  if (in.callbackUrl) job.callbackStatus = "waiting";

  std::optional<Result<SubmittedJob, DomainError>> outcome;
  try {
    outcome.emplace(database_->write([&](Transaction& tx) -> Result<SubmittedJob, DomainError> {
      if (auto existing = JobRepository::findByKey(tx, in.tenantId, job.idempotencyKey)) return sameSend(*existing);
      if (!SessionRepository::find(tx, in.tenantId, in.sessionId))
        return unexpected(DomainError::of(DomainError::Kind::NotFound, "session not found"));
      // An unsigned callback could not be told from a forged one.
      if (in.callbackUrl && !SigningSecretRepository::current(tx, in.tenantId))
        return unexpected(unprocessable(
            "callbacks are signed with the tenant's signing secret: create one with POST /v1/signing-secret first",
            "callbackUrl"));
      if (!JobRepository::insertIfNewKey(tx, job)) {
        // Another host inserted the key between our read and our insert (PostgreSQL).
        if (auto existing = JobRepository::findByKey(tx, in.tenantId, job.idempotencyKey))
          return sameSend(*existing);
        return unexpected(DomainError::of(DomainError::Kind::Internal, "job insert conflicted without a row"));
      }
      return SubmittedJob{job, false};
    }));
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    --reserved_;
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --reserved_;
    if (*outcome && !(*outcome)->replayed) enqueueLocked({job.tenantId, job.id});
  }
  wake_.notify_one();
  return std::move(*outcome);
}

Result<JobView, DomainError> JobService::find(const std::string& tenantId, const std::string& jobId) {
  return database_->snapshot([&](Transaction& tx) -> Result<JobView, DomainError> {
    auto job = JobRepository::find(tx, tenantId, jobId);
    if (!job) return unexpected(DomainError::of(DomainError::Kind::NotFound, "job not found"));
    return JobView{std::move(*job), CallbackDeliveryRepository::listByJob(tx, tenantId, jobId)};
  });
}

bool JobService::enqueueLocked(const JobKey& key) {
  if (crew_.stopping() || !tracked_.insert(trackingName(key)).second) return false;
  queue_.push_back(key);
  return true;
}

void JobService::start() {
  if (!crew_.start(settings_.workers, [this] { workerLoop(); })) return;
  heartbeat_ = std::make_unique<PeriodicTask>("job lease renewal", settings_.heartbeatMs, [this] { renewLeases(); });
  scanner_ = std::make_unique<PeriodicTask>("job store scan", settings_.scanEveryMs, [this] {
    if (const auto picked = scanStore())
      Poco::Logger::get("jobs").information("picked up %z runnable jobs from the store", picked);
  });
}

void JobService::stop() {
  scanner_.reset();
  if (!crew_.stop()) return;
  heartbeat_.reset();  // after the workers: a running job keeps its lease to the end
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.clear();
  tracked_.clear();
}

int64_t JobService::renewLeases() {
  const std::string until = formatTimestamp(clock_->wallNow() + settings_.leaseMs);
  return database_->write([&](Transaction& tx) { return JobRepository::renewLeases(tx, ownerId_, until); });
}

size_t JobService::scanStore() {
  size_t room = 0, tracked = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const size_t used = queue_.size() + reserved_;
    room = used >= settings_.queueCapacity ? 0 : settings_.queueCapacity - used;
    tracked = tracked_.size();
  }
  if (room == 0) return 0;
  const std::string nowText = formatTimestamp(clock_->wallNow());
  // Ask for more than the room: rows this host already holds are skipped.
  const auto keys = database_->read(
      [&](Transaction& tx) { return JobRepository::runnable(tx, nowText, static_cast<int>(room + tracked)); });
  size_t picked = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& key : keys) {
      if (queue_.size() + reserved_ >= settings_.queueCapacity) break;
      if (enqueueLocked(key)) ++picked;
    }
  }
  if (picked) wake_.notify_all();
  return picked;
}

void JobService::workerLoop() {
  for (;;) {
    JobKey key;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return crew_.stopping() || !queue_.empty(); });
      if (crew_.stopping()) return;
      key = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      runOne(key);
    } catch (const std::exception& e) {
      // The job stays claimed; its lease lapses and a scan retries it.
      Poco::Logger::get("jobs").error("job %s: %s", key.id, std::string(e.what()));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    tracked_.erase(trackingName(key));
  }
}

void JobService::runOne(const JobKey& key) {
  const auto wallNow = clock_->wallNow();
  const std::string nowText = formatTimestamp(wallNow);
  const std::string lockedUntil = formatTimestamp(wallNow + settings_.leaseMs);
  const bool claimed = database_->write([&](Transaction& tx) {
    return JobRepository::claim(tx, key.tenantId, key.id, ownerId_, lockedUntil, nowText);
  });
  if (!claimed) return;  // finished, not yet due, or another worker or host has it
  const auto job = database_->read([&](Transaction& tx) { return JobRepository::find(tx, key.tenantId, key.id); });
  if (!job) return;

  JobOutcome outcome;
  if (job->runCount > settings_.maxRuns) {
    outcome.body = runner_.problemBody(
        DomainError::of(DomainError::Kind::Unavailable,
                        "the job was interrupted " + std::to_string(job->runCount - 1) + " times and was given up"),
        job->requestId);
  } else {
    try {
      outcome = runner_.run(*job);
    } catch (const std::exception& e) {
      Poco::Logger::get("jobs").error("job %s: the runner threw: %s", job->id, std::string(e.what()));
      outcome = JobOutcome{};
      outcome.body = runner_.problemBody(DomainError::of(DomainError::Kind::Internal, e.what()), job->requestId);
    }
  }

  const auto doneAt = clock_->wallNow();
  if (outcome.kind == JobOutcome::Kind::RetryLater) {
    const auto notBefore = formatTimestamp(doneAt + std::chrono::seconds(std::max(1, outcome.retryAfterSeconds)));
    database_->write([&](Transaction& tx) {
      JobRepository::requeue(tx, key.tenantId, key.id, ownerId_, notBefore, formatTimestamp(doneAt));
    });
    return;  // a scan picks it up once due
  }
  const bool succeeded = outcome.kind == JobOutcome::Kind::Succeeded;
  std::optional<std::string> result, error;
  (succeeded ? result : error) = std::move(outcome.body);
  const bool finished = database_->write([&](Transaction& tx) {
    return JobRepository::finish(tx, key.tenantId, key.id, ownerId_, succeeded ? "succeeded" : "failed", result,
                                 error, formatTimestamp(doneAt));
  });
  if (finished && job->callbackUrl && finished_) finished_(key);
}

}  // namespace vb
