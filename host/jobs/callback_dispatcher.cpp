#include "jobs/callback_dispatcher.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

#include "jobs/callback_target.h"
#include "jobs/job_json.h"
#include "jobs/webhook_signature.h"
#include "store/callback_delivery_repository.h"
#include "store/signing_secret_repository.h"
#include "store/timestamps.h"

namespace vb {
namespace {

std::string trackingName(const JobKey& key) { return key.tenantId + "/" + key.id; }

struct AttemptResult {
  std::string status = "failed";  // delivered | failed | gone | refused
  std::optional<int64_t> httpStatus;
  std::optional<std::string> error;
};

}  // namespace

CallbackDispatcher::CallbackDispatcher(std::shared_ptr<Database> database, CallbackSettings settings,
                                       std::shared_ptr<Clock> clock, uint64_t jitterSeed)
    : database_(std::move(database)),
      settings_(settings),
      clock_(std::move(clock)),
      backoff_(settings_.backoffBase, settings_.backoffCap),
      sessions_(settings_.caFile),
      jitter_(jitterSeed) {}

CallbackDispatcher::~CallbackDispatcher() { stop(); }

double CallbackDispatcher::nextUnit() {
  std::lock_guard<std::mutex> lock(jitterMutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
}

void CallbackDispatcher::schedule(const JobKey& key, Clock::Steady::time_point due) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (crew_.stopping() || due_.size() >= kScheduleCapacity) return;
    if (!scheduled_.insert(trackingName(key)).second) return;
    due_.emplace(due, key);
  }
  wake_.notify_one();
}

std::string CallbackDispatcher::newSigningSecret(const std::string& tenantId) {
  const std::string secret = WebhookSignature::newSecret();
  const std::string nowText = formatTimestamp(clock_->wallNow());
  database_->write(
      [&](Transaction& tx) { SigningSecretRepository::replace(tx, tenantId, newId("whs"), secret, nowText); });
  return secret;
}

void CallbackDispatcher::start() {
  if (!crew_.start(settings_.workers, [this] { workerLoop(); })) return;
  scanner_ = std::make_unique<PeriodicTask>("callback store scan", settings_.scanEveryMs, [this] { scanStore(); });
}

void CallbackDispatcher::stop() {
  scanner_.reset();
  if (!crew_.stop()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  due_.clear();
  scheduled_.clear();
}

size_t CallbackDispatcher::scanStore() {
  const std::string nowText = formatTimestamp(clock_->wallNow());
  const auto keys = database_->read([&](Transaction& tx) {
    return JobRepository::dueCallbacks(tx, nowText, static_cast<int>(kScheduleCapacity));
  });
  size_t scheduled = 0;
  const auto now = clock_->now();
  for (const auto& key : keys) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (crew_.stopping() || due_.size() >= kScheduleCapacity) break;
    if (scheduled_.insert(trackingName(key)).second) {
      due_.emplace(now, key);
      ++scheduled;
    }
  }
  if (scheduled) wake_.notify_all();
  return scheduled;
}

void CallbackDispatcher::workerLoop() {
  for (;;) {
    JobKey key;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      for (;;) {
        if (crew_.stopping()) return;
        if (!due_.empty() && due_.begin()->first <= clock_->now()) break;
        if (due_.empty()) {
          wake_.wait(lock);
        } else {
          // A copy: wait_until reads its deadline again after waking, and
          // another worker may have erased the entry meanwhile (ASan caught it).
          const auto until = due_.begin()->first;
          wake_.wait_until(lock, until);
        }
      }
      key = due_.begin()->second;
      due_.erase(due_.begin());
    }
    bool retryScheduled = false;
    try {
      retryScheduled = deliver(key);
    } catch (const std::exception& e) {
      // The claim's lease lapses and a scan retries the delivery.
      Poco::Logger::get("callbacks").error("callback of job %s: %s", key.id, std::string(e.what()));
    }
    // A retry keeps the job's name in the schedule; otherwise a scan may pick it up again.
    if (!retryScheduled) {
      std::lock_guard<std::mutex> lock(mutex_);
      scheduled_.erase(trackingName(key));
    }
  }
}

bool CallbackDispatcher::deliver(const JobKey& key) {
  const auto wallNow = clock_->wallNow();
  const std::string nowText = formatTimestamp(wallNow);
  // Longer than one attempt can take, so a live deliverer never loses its claim.
  const std::string lockedUntil = formatTimestamp(wallNow + 2 * settings_.timeout + std::chrono::seconds(5));
  const bool claimed = database_->write(
      [&](Transaction& tx) { return JobRepository::claimCallback(tx, key.tenantId, key.id, lockedUntil, nowText); });
  if (!claimed) return false;
  struct Loaded {
    std::optional<Job> job;
    std::optional<std::string> secret;
  };
  const auto loaded = database_->snapshot([&](Transaction& tx) {
    return Loaded{JobRepository::find(tx, key.tenantId, key.id), SigningSecretRepository::current(tx, key.tenantId)};
  });
  if (!loaded.job || !loaded.job->callbackUrl) return false;
  const Job& job = *loaded.job;
  const std::string body = renderJob(job, nullptr);

  AttemptResult result;
  const auto started = clock_->now();
  auto target = CallbackTarget::parse(*job.callbackUrl);
  if (!target) {
    result = {"refused", std::nullopt, target.error()};
  } else if (auto address = target->resolve(settings_.allowPrivate); !address) {
    result = {"refused", std::nullopt, address.error()};
  } else {
    try {
      const auto connection = sessions_.open(*target, *address, settings_.timeout);
      Poco::Net::HTTPClientSession& session = *connection;
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, target->pathAndQuery,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.setHost(target->host, target->port);
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
      request.set("User-Agent", "VocalBridge-Webhooks/1");
      const int64_t timestamp =
          std::chrono::duration_cast<std::chrono::seconds>(clock_->wallNow().time_since_epoch()).count();
      request.set("webhook-id", job.id);
      request.set("webhook-timestamp", std::to_string(timestamp));
      if (loaded.secret) request.set("webhook-signature", WebhookSignature::sign(*loaded.secret, job.id, timestamp, body));
      session.sendRequest(request) << body;
      Poco::Net::HTTPResponse response;
      std::istream& in = session.receiveResponse(response);
      Poco::NullOutputStream sink;
      Poco::StreamCopier::copyStream(in, sink);
      const int status = response.getStatus();
      result.httpStatus = status;
      if (status >= 200 && status < 300) {
        result.status = "delivered";
      } else if (status == 410) {
        result.status = "gone";
      } else {
        result.error = "the receiver answered HTTP " + std::to_string(status);
      }
    } catch (const Poco::TimeoutException&) {
      result.error = "no answer within " + std::to_string(settings_.timeout.count()) + " ms";
    } catch (const Poco::Exception& e) {
      result.error = "delivery failed: " + e.displayText();
    }
  }

  CallbackDelivery delivery;
  delivery.tenantId = key.tenantId;
  delivery.id = newId("cbd");
  delivery.jobId = key.id;
  delivery.attempt = job.callbackAttempts + 1;
  delivery.status = result.status;
  delivery.httpStatus = result.httpStatus;
  delivery.error = result.error;
  delivery.latencyMs = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started).count();
  const auto attemptEnd = clock_->wallNow();
  delivery.at = formatTimestamp(attemptEnd);

  std::string callbackStatus = result.status == "failed" ? "pending" : result.status;
  std::optional<std::string> nextAt;
  std::chrono::milliseconds wait{0};
  if (callbackStatus == "pending") {
    wait = backoff_.wait(static_cast<int>(delivery.attempt), nextUnit());
    const auto finishedAt = parseTimestamp(job.finishedAt.value_or(job.updatedAt)).value_or(attemptEnd);
    if (delivery.attempt >= settings_.maxAttempts || attemptEnd + wait > finishedAt + settings_.maxAge)
      callbackStatus = "exhausted";
    else
      nextAt = formatTimestamp(attemptEnd + wait);
  }
  database_->write([&](Transaction& tx) {
    CallbackDeliveryRepository::insert(tx, delivery);
    JobRepository::updateCallback(tx, key.tenantId, key.id, callbackStatus, delivery.attempt, nextAt);
  });
  if (callbackStatus == "pending") {
    bool scheduled = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!crew_.stopping()) {
        due_.emplace(clock_->now() + wait, key);
        scheduled = true;
      }
    }
    wake_.notify_one();
    return scheduled;
  }
  return false;
}

}  // namespace vb
