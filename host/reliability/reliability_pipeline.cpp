#include "reliability/reliability_pipeline.h"

#include <algorithm>
#include <exception>
#include <random>
#include <sstream>

namespace vb {
namespace {

using std::chrono::milliseconds;

// What a failed call says about the vendor's health (see CallVerdict).
CallVerdict verdictOf(ErrorClass errorClass) {
  switch (errorClass) {
    case ErrorClass::InvalidRequest:
      return CallVerdict::Success;  // it answered, coherently: the vendor is up
    case ErrorClass::Cancelled:
      return CallVerdict::Ignored;  // we stopped it; says nothing about the vendor
    default:
      return CallVerdict::Failure;
  }
}

std::shared_ptr<JitterSource> defaultJitter() {
  return std::make_shared<SeededJitter>(std::random_device{}());
}

// Why the pipeline stopped trying one provider.
enum class ProviderStop { Exhausted, Deadline, CircuitOpen };

}  // namespace

const char* attemptOutcomeOf(const VendorError& error) {
  if (error.errorClass == ErrorClass::RateLimited || error.httpStatus == 429) return "http_429";
  if (error.errorClass == ErrorClass::Timeout) return "timeout";
  if (error.httpStatus >= 500 && error.httpStatus <= 599) return "http_500";
  return "error";
}

ReliabilityPipeline::ReliabilityPipeline(VendorGateway& gateway, std::shared_ptr<Clock> clock,
                                         std::shared_ptr<const ReliabilityConfig> config,
                                         std::shared_ptr<JitterSource> jitter)
    : gateway_(gateway),
      clock_(std::move(clock)),
      config_(std::move(config)),
      jitter_(jitter ? std::move(jitter) : defaultJitter()),
      breakers_(config_, clock_) {}

Result<VendorReply, VendorError> ReliabilityPipeline::callVendor(const std::string& provider,
                                                                 const ChatRequest& request,
                                                                 milliseconds timeout) {
  // The gateway promises errors as values; a throw is a bug below us, and it
  // must not leave the turn (or a breaker probe) hanging.
  try {
    return gateway_.chat(provider, request, timeout);
  } catch (const std::exception& e) {
    return unexpected(
        VendorError{ErrorClass::Permanent, 0, -1, std::string("vendor gateway threw: ") + e.what()});
  } catch (...) {
    return unexpected(VendorError{ErrorClass::Permanent, 0, -1, "vendor gateway threw"});
  }
}

Result<RoutedReply, RoutingFailure> ReliabilityPipeline::run(const RoutePlan& plan,
                                                             const ChatRequest& request) {
  if (plan.primary.empty()) {
    return unexpected(
        RoutingFailure{RoutingFailure::Kind::InvalidRequest, "the route names no provider", {}});
  }
  std::vector<std::string> providers{plan.primary};
  if (plan.fallback && !plan.fallback->empty() && *plan.fallback != plan.primary)
    providers.push_back(*plan.fallback);

  auto deadline = clock_->now() + config_->turnDeadline();
  if (request.deadline && *request.deadline < deadline) deadline = *request.deadline;
  std::vector<AttemptRecord> attempts;
  std::ostringstream summary;  // "vendorA: 3 attempts, last http_500; vendorB: circuit_open"
  ProviderStop lastStop = ProviderStop::Exhausted;
  bool everyAnswerInvalid = true;
  int64_t vendorTimeMs = 0;
  int64_t vendorTimeUs = 0;

  auto newRecord = [&](const std::string& provider) {
    AttemptRecord record;
    record.provider = provider;
    record.attempt = static_cast<int>(attempts.size()) + 1;
    record.startedAt = clock_->wallNow();
    record.requestId = request.requestId;
    return record;
  };

  for (size_t index = 0; index < providers.size(); ++index) {
    const std::string& provider = providers[index];
    if (index > 0) summary << "; ";
    summary << provider << ": ";

    if (!gateway_.hasVendor(provider)) {
      AttemptRecord record = newRecord(provider);
      record.outcome = "error";
      record.errorClass = toString(ErrorClass::InvalidRequest);
      attempts.push_back(std::move(record));
      lastStop = ProviderStop::Exhausted;
      everyAnswerInvalid = false;
      summary << "not configured";
      continue;
    }

    const VendorReliability& settings = config_->forVendor(provider);
    const RetryPolicy policy(settings.retry);
    CircuitBreaker& breaker = breakers_.forProvider(provider);
    int triesHere = 0;
    std::string lastOutcome;

    for (;;) {
      const auto attemptStart = clock_->now();
      const auto remaining = std::chrono::floor<milliseconds>(deadline - attemptStart);
      // Below 1 ms nothing useful fits (and a 0 ms timeout means "none" to some clients).
      if (remaining < milliseconds{1}) {
        lastStop = ProviderStop::Deadline;
        break;
      }
      CircuitBreaker::Permit permit = breaker.tryAcquire();
      if (!permit) {
        AttemptRecord record = newRecord(provider);
        record.outcome = "circuit_open";
        attempts.push_back(std::move(record));
        lastStop = ProviderStop::CircuitOpen;
        lastOutcome = "circuit_open";
        break;
      }

      ++triesHere;
      AttemptRecord record = newRecord(provider);
      const auto timeout = std::min(settings.attemptTimeout, remaining);
      auto result = callVendor(provider, request, timeout);
      const auto latency = std::chrono::duration_cast<milliseconds>(clock_->now() - attemptStart);
      record.latencyMs = latency.count();
      vendorTimeMs += record.latencyMs;
      vendorTimeUs += std::chrono::duration_cast<std::chrono::microseconds>(clock_->now() - attemptStart).count();

      if (result) {
        permit.record(CallVerdict::Success);
        record.outcome = "ok";
        record.httpStatus = result->httpStatus;
        attempts.push_back(std::move(record));
        RoutedReply routed;
        routed.reply = std::move(result.value());
        routed.provider = provider;
        routed.fallbackUsed = index > 0;
        routed.attempts = std::move(attempts);
        routed.vendorTimeMs = vendorTimeMs;
        routed.vendorTimeUs = vendorTimeUs;
        return routed;
      }

      const VendorError& error = result.error();
      permit.record(verdictOf(error.errorClass));
      record.outcome = attemptOutcomeOf(error);
      record.httpStatus = error.httpStatus;
      record.errorClass = toString(error.errorClass);
      lastOutcome = record.outcome;
      attempts.push_back(std::move(record));
      if (error.errorClass != ErrorClass::InvalidRequest) everyAnswerInvalid = false;

      if (!policy.allowsRetry(error, triesHere)) {
        lastStop = ProviderStop::Exhausted;
        break;
      }
      const auto wait = policy.waitBeforeRetry(triesHere, error, jitter_->nextUnit());
      const auto resumeAt = clock_->now() + wait;
      if (resumeAt >= deadline) {  // the wait does not fit: on to the fallback at once
        lastStop = ProviderStop::Deadline;
        break;
      }
      if (wait > milliseconds::zero()) clock_->sleepUntil(resumeAt);
    }
    if (triesHere > 0) summary << triesHere << (triesHere == 1 ? " attempt" : " attempts") << ", last ";
    summary << (lastOutcome.empty() ? "no time left" : lastOutcome);
  }

  RoutingFailure failure;
  const bool anyAnswer = std::any_of(attempts.begin(), attempts.end(),
                                     [](const AttemptRecord& a) { return a.outcome != "circuit_open"; });
  if (lastStop == ProviderStop::Deadline) {
    failure.kind = RoutingFailure::Kind::DeadlineExceeded;
  } else if (anyAnswer && everyAnswerInvalid) {
    failure.kind = RoutingFailure::Kind::InvalidRequest;
  } else {
    failure.kind = RoutingFailure::Kind::VendorsFailed;
  }
  failure.message = summary.str();
  failure.attempts = std::move(attempts);
  return unexpected(std::move(failure));
}

}  // namespace vb
