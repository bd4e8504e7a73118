// ScriptedVendorGateway: a VendorGateway whose answers a test writes down in
// advance, per provider. Each call takes the next scripted step (the last
// step repeats once the script runs out) and advances the FakeClock by the
// step's latency — or, when the latency reaches the timeout the pipeline
// passed, by exactly that timeout, answering ErrorClass::Timeout: a hanging
// vendor cut where a real HTTP client would cut it. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fake_clock.h"
#include "pluginhost/vendor_gateway.h"

namespace vb::fakes {

struct ScriptedStep {
  std::chrono::milliseconds latency{10};
  std::optional<VendorError> error;  // none: a successful reply
  bool throws = false;               // the gateway throws instead of answering

  static ScriptedStep ok(std::chrono::milliseconds latency = std::chrono::milliseconds{10}) {
    return {latency, std::nullopt};
  }
  static ScriptedStep fails(ErrorClass errorClass, int httpStatus,
                            std::chrono::milliseconds latency = std::chrono::milliseconds{10},
                            int64_t retryAfterMs = -1) {
    return {latency, VendorError{errorClass, httpStatus, retryAfterMs, "scripted"}};
  }
  static ScriptedStep http500() { return fails(ErrorClass::Transient, 500); }
  static ScriptedStep http429(int64_t retryAfterMs) {
    return fails(ErrorClass::RateLimited, 429, std::chrono::milliseconds{10}, retryAfterMs);
  }
  static ScriptedStep hangs() { return {std::chrono::hours(1), std::nullopt}; }
  static ScriptedStep badRequest() { return fails(ErrorClass::InvalidRequest, 400); }
  static ScriptedStep malformed() { return fails(ErrorClass::Permanent, 200); }
  static ScriptedStep connectionRefused() {
    return fails(ErrorClass::Transient, 0, std::chrono::milliseconds{1});
  }
  static ScriptedStep throwing() { return {std::chrono::milliseconds{1}, std::nullopt, true}; }
};

struct ScriptedCall {
  std::string provider;
  std::chrono::milliseconds timeout;
  std::chrono::milliseconds at;  // FakeClock::elapsed() when the call began
};

class ScriptedVendorGateway final : public VendorGateway {
 public:
  explicit ScriptedVendorGateway(FakeClock& clock) : clock_(clock) {}

  void script(const std::string& provider, std::vector<ScriptedStep> steps) {
    std::lock_guard lock(mutex_);
    scripts_[provider] = Script{std::move(steps), 0};
  }

  bool hasVendor(const std::string& provider) const override {
    std::lock_guard lock(mutex_);
    return scripts_.count(provider) > 0;
  }

  Result<VendorReply, VendorError> chat(const std::string& provider, const ChatRequest& request,
                                        std::chrono::milliseconds timeout) override {
    ScriptedStep step;
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({provider, timeout, clock_.elapsed()});
      auto& script = scripts_.at(provider);
      if (script.steps.empty()) throw std::logic_error("empty script for " + provider);
      step = script.steps[std::min(script.next, script.steps.size() - 1)];
      ++script.next;
    }
    if (step.latency >= timeout) {
      clock_.advance(timeout);
      return unexpected(VendorError{ErrorClass::Timeout, 0, -1, "timed out"});
    }
    clock_.advance(step.latency);
    if (step.throws) throw std::runtime_error("plugin crashed");
    if (step.error) return unexpected(*step.error);
    VendorReply reply;
    reply.text = "reply from " + provider + " to " + request.requestId;
    reply.tokensIn = 3;
    reply.tokensOut = 4;
    return reply;
  }

  std::vector<ScriptedCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  size_t callsTo(const std::string& provider) const {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (const auto& call : calls_) n += call.provider == provider;
    return n;
  }

 private:
  struct Script {
    std::vector<ScriptedStep> steps;
    size_t next = 0;
  };
  FakeClock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, Script> scripts_;  // guarded by mutex_
  std::vector<ScriptedCall> calls_;        // guarded by mutex_
};

}  // namespace vb::fakes
