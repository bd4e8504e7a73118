// An async turn (SPEC §3 "Async mode"): a chat or voice send accepted with
// `Prefer: respond-async`, run later by the job workers, and the delivery of
// its result to the client's callbackUrl. Tenant-scoped like every row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vb {

struct Job {
  std::string tenantId;
  std::string id;              // "job_…"
  std::string kind;            // "chat" | "voice"
  std::string sessionId;
  std::string idempotencyKey;  // the client's Idempotency-Key, or "job:<id>"
  std::string fingerprint;     // the channel's fingerprint of the send (same key, other send → 422)
  std::string payload;         // chat: the text; voice: the WAV in base64
  std::string requestId;       // of the request that submitted the job
  std::string status;          // "queued" | "running" | "succeeded" | "failed"
  int64_t runCount = 0;        // claims so far (a crash mid-run makes more than one)
  std::optional<std::string> result;  // succeeded: the rendered Turn (the sync 201 body)
  std::optional<std::string> error;   // failed: the problem+json body
  std::string createdAt;
  std::string updatedAt;
  std::optional<std::string> finishedAt;
  std::optional<std::string> callbackUrl;
  // "waiting" (job not finished) | "pending" (due at callbackNextAt) |
  // "delivering" | "delivered" (2xx) | "gone" (410) | "exhausted" | "refused"
  std::optional<std::string> callbackStatus;
  int64_t callbackAttempts = 0;
  std::optional<std::string> callbackNextAt;
};

// One attempt to POST a finished job to its callbackUrl.
struct CallbackDelivery {
  std::string tenantId;
  std::string id;  // "cbd_…"
  std::string jobId;
  int64_t attempt = 0;  // 1, 2, …
  std::string status;   // "delivered" | "failed" | "gone" | "refused"
  std::optional<int64_t> httpStatus;
  std::optional<std::string> error;  // why it failed, without secrets
  int64_t latencyMs = 0;
  std::string at;
};

}  // namespace vb
