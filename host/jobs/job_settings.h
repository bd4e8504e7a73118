// The configuration of async jobs (section "jobs") and of their callbacks
// (section "callbacks"), validated once at start.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <string>
#include <cstddef>

namespace vb {

struct JobSettings {
  int workers = 4;           // turns run at once by this host's job workers
  size_t queueCapacity = 256;  // jobs waiting in memory; beyond it a send is refused with 503
  std::chrono::milliseconds leaseMs{5000};      // a running job outlives its owner's last heartbeat by this
  std::chrono::milliseconds heartbeatMs{1000};  // lease renewal period (at most half the lease)
  std::chrono::milliseconds scanEveryMs{1000};  // how often the store is scanned for runnable jobs (restart, other hosts)
  int maxRuns = 5;  // a job interrupted this many times (crashes, lost claims) fails instead of running again

  // Section "jobs" {workers, queueCapacity, leaseMs, heartbeatMs, scanEveryMs,
  // maxRuns}. Throws std::runtime_error on a value out of range.
  static JobSettings fromConfig(const Poco::JSON::Object::Ptr& section);
};

struct CallbackSettings {
  int workers = 2;  // deliveries at once, apart from the job workers (a slow receiver never blocks turns)
  int maxAttempts = 8;
  std::chrono::seconds maxAge{3600};  // no attempt starts later than this after the job finished
  std::chrono::milliseconds backoffBase{1000};  // full jitter: wait uniform in [0, min(cap, base·2^(n-1))]
  std::chrono::milliseconds backoffCap{300000};
  std::chrono::milliseconds timeout{10000};  // per attempt: connect, send, answer
  bool allowPrivate = false;  // deliver to loopback, private and link-local addresses (development and tests only)
  std::chrono::milliseconds scanEveryMs{1000};
  std::string caFile;  // PEM certificates trusted for https receivers besides the system's ("" = none)

  // Section "callbacks" {workers, maxAttempts, maxAgeSeconds, backoffBaseMs,
  // backoffCapMs, timeoutMs, allowPrivate, scanEveryMs, caFile}. Throws
  // std::runtime_error on a value out of range.
  static CallbackSettings fromConfig(const Poco::JSON::Object::Ptr& section);
};

}  // namespace vb
