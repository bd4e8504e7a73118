#include "jobs/job_settings.h"

#include <stdexcept>

namespace vb {

JobSettings JobSettings::fromConfig(const Poco::JSON::Object::Ptr& section) {
  JobSettings s;
  if (!section) return s;
  s.workers = section->optValue<int>("workers", s.workers);
  s.queueCapacity = static_cast<size_t>(section->optValue<int>("queueCapacity", static_cast<int>(s.queueCapacity)));
  s.leaseMs = std::chrono::milliseconds(section->optValue<int>("leaseMs", static_cast<int>(s.leaseMs.count())));
  s.heartbeatMs =
      std::chrono::milliseconds(section->optValue<int>("heartbeatMs", static_cast<int>(s.heartbeatMs.count())));
  s.scanEveryMs =
      std::chrono::milliseconds(section->optValue<int>("scanEveryMs", static_cast<int>(s.scanEveryMs.count())));
  s.maxRuns = section->optValue<int>("maxRuns", s.maxRuns);
  if (s.workers < 1 || s.workers > 256) throw std::runtime_error("config: jobs.workers must be 1..256");
  if (s.queueCapacity < 1) throw std::runtime_error("config: jobs.queueCapacity must be at least 1");
  if (s.heartbeatMs.count() < 1 || s.heartbeatMs * 2 > s.leaseMs)
    throw std::runtime_error("config: jobs.heartbeatMs must be at least 1 and at most half of jobs.leaseMs");
  if (s.scanEveryMs.count() < 1) throw std::runtime_error("config: jobs.scanEveryMs must be at least 1");
  if (s.maxRuns < 1) throw std::runtime_error("config: jobs.maxRuns must be at least 1");
  return s;
}

CallbackSettings CallbackSettings::fromConfig(const Poco::JSON::Object::Ptr& section) {
  CallbackSettings s;
  if (!section) return s;
  s.workers = section->optValue<int>("workers", s.workers);
  s.maxAttempts = section->optValue<int>("maxAttempts", s.maxAttempts);
  s.maxAge = std::chrono::seconds(section->optValue<int>("maxAgeSeconds", static_cast<int>(s.maxAge.count())));
  s.backoffBase =
      std::chrono::milliseconds(section->optValue<int>("backoffBaseMs", static_cast<int>(s.backoffBase.count())));
  s.backoffCap =
      std::chrono::milliseconds(section->optValue<int>("backoffCapMs", static_cast<int>(s.backoffCap.count())));
  s.timeout = std::chrono::milliseconds(section->optValue<int>("timeoutMs", static_cast<int>(s.timeout.count())));
  s.allowPrivate = section->optValue<bool>("allowPrivate", s.allowPrivate);
  s.caFile = section->optValue<std::string>("caFile", s.caFile);
  s.scanEveryMs =
      std::chrono::milliseconds(section->optValue<int>("scanEveryMs", static_cast<int>(s.scanEveryMs.count())));
  if (s.workers < 1 || s.workers > 64) throw std::runtime_error("config: callbacks.workers must be 1..64");
  if (s.maxAttempts < 1) throw std::runtime_error("config: callbacks.maxAttempts must be at least 1");
  if (s.maxAge.count() < 1) throw std::runtime_error("config: callbacks.maxAgeSeconds must be at least 1");
  if (s.backoffBase.count() < 0 || s.backoffCap < s.backoffBase)
    throw std::runtime_error("config: callbacks.backoffBaseMs must be >= 0 and <= backoffCapMs");
  if (s.timeout.count() < 1) throw std::runtime_error("config: callbacks.timeoutMs must be at least 1");
  if (s.scanEveryMs.count() < 1) throw std::runtime_error("config: callbacks.scanEveryMs must be at least 1");
  return s;
}

}  // namespace vb
