// JobTurnRunner: runs an async job's turn through the channel it came from —
// chat: ConversationService::send, voice: VoiceChannel::send — with the
// job's idempotency key, and renders the outcome exactly as the synchronous
// route would (the Turn 201 body, or the problem+json with its attempts).
// A key held in flight (409) asks the queue to run the job again later.
// Thread-safe (the channels are).
#pragma once

#include "jobs/job_runner.h"

namespace vb {

class ConversationService;
class VoiceChannel;

class JobTurnRunner final : public JobRunner {
 public:
  // Both must outlive the runner.
  JobTurnRunner(ConversationService& conversations, VoiceChannel& voice)
      : conversations_(conversations), voice_(voice) {}

  JobOutcome run(const Job& job) override;
  std::string problemBody(const DomainError& error, const std::string& requestId) override;

 private:
  ConversationService& conversations_;
  VoiceChannel& voice_;
};

}  // namespace vb
