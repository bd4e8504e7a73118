// JobRunner: how a job's turn is run and rendered — supplied by the
// composition root (app/job_turn_runner.h), which knows the channels. The
// job queue only stores what it gets back.
#pragma once

#include <string>

#include "common/domain_error.h"
#include "domain/job.h"

namespace vb {

struct JobOutcome {
  enum class Kind {
    Succeeded,   // body: the rendered Turn (the synchronous 201 body)
    Failed,      // body: the problem+json body
    RetryLater,  // the turn's Idempotency-Key is held in flight (e.g. by a host that died): run again later
  };
  Kind kind = Kind::Failed;
  std::string body;
  int retryAfterSeconds = 0;  // RetryLater: when to try again at the earliest
};

class JobRunner {
 public:
  virtual ~JobRunner() = default;
  // Runs the job's turn with the job's idempotency key, so a job whose turn
  // already committed is replayed, not billed again. Called concurrently by
  // every job worker: must be thread-safe. Should not throw (an exception
  // fails the job with a generic problem).
  virtual JobOutcome run(const Job& job) = 0;
  // The problem+json body for an error the queue itself decides (a job given
  // up after too many interrupted runs, a runner that threw).
  virtual std::string problemBody(const DomainError& error, const std::string& requestId) = 0;
};

}  // namespace vb
