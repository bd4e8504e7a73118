// vb-bench-turns: drives conversation turns against a running host and
// reports throughput, end-to-end latency and gateway overhead.
//
//   vb-bench-turns --port P --key KEY --mode closed --connections 64 --seconds 30
//   vb-bench-turns --port P --key KEY --mode open --rate 2000 --connections 32 --seconds 15
//
// Every turn is a POST /v1/sessions/{id}/messages with a unique
// Idempotency-Key on a keep-alive connection that owns one session.
// closed: each connection sends its next turn when the previous answered
//         (maximum sustained throughput).
// open:   turns are scheduled at a fixed rate whatever the answers do, and
//         latency counts from the scheduled time, so a stall is charged to
//         every turn it delayed (no coordinated omission).
// Overhead = end-to-end latency − the vendor time the host measured for the
// same turn (its `Server-Timing: vendor;dur=…` header).
// Prints one JSON object on stdout.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 8080;
  std::string key;
  std::string mode = "closed";
  int connections = 64;
  int seconds = 30;
  double rate = 1000;
};

struct Sample {
  double latencyMs;
  double overheadMs;  // < 0 when the host sent no Server-Timing
};

struct Reply {
  int status = 0;
  std::string body;
  double vendorMs = -1;
};

Reply exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
               const Options& options, const std::string& body, const std::string& idempotencyKey = {}) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", "Bearer " + options.key);
  request.setKeepAlive(true);
  if (!idempotencyKey.empty()) request.set("Idempotency-Key", idempotencyKey);
  if (!body.empty()) {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
  } else {
    session.sendRequest(request);
  }
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  Reply reply;
  reply.status = response.getStatus();
  std::ostringstream out;
  Poco::StreamCopier::copyStream(in, out);
  reply.body = out.str();
  const std::string timing = response.get("Server-Timing", "");
  const auto at = timing.find("vendor;dur=");
  if (at != std::string::npos) reply.vendorMs = std::stod(timing.substr(at + 11));
  return reply;
}

std::string firstAgentId(const Options& options) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(options.port));
  const Reply reply = exchange(session, "GET", "/v1/agents", options, "");
  Poco::JSON::Parser parser;
  const auto items = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>()->getArray("items");
  if (!items || items->size() == 0) throw std::runtime_error("the tenant has no agent");
  return items->getObject(0)->getValue<std::string>("id");
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
  return values[index];
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--port") o.port = std::stoi(value);
    else if (name == "--key") o.key = value;
    else if (name == "--mode") o.mode = value;
    else if (name == "--connections") o.connections = std::stoi(value);
    else if (name == "--seconds") o.seconds = std::stoi(value);
    else if (name == "--rate") o.rate = std::stod(value);
    else throw std::runtime_error("unknown option " + name);
  }
  if (o.key.empty()) throw std::runtime_error("--key is required");
  return o;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  const std::string agentId = firstAgentId(options);
  const bool open = options.mode == "open";
  // Idempotency keys must be new for every run against the same database.
  const std::string runId = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());

  std::mutex samplesMutex;  // guards samples, statuses
  std::vector<Sample> samples;
  std::map<int, int64_t> statuses;
  std::atomic<int64_t> transportErrors{0};

  const auto start = Clock::now() + std::chrono::milliseconds(200);
  const auto end = start + std::chrono::seconds(options.seconds);
  const auto interval = std::chrono::duration<double>(options.connections / options.rate);

  std::vector<std::thread> workers;
  for (int c = 0; c < options.connections; ++c) {
    workers.emplace_back([&, c] {
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(options.port));
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(30, 0));
      const Reply created = exchange(session, "POST", "/v1/sessions", options,
                                     R"({"agentId":")" + agentId + R"(","customerId":"bench-)" +
                                         std::to_string(c) + R"("})");
      Poco::JSON::Parser parser;
      const std::string sessionId =
          parser.parse(created.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
      const std::string path = "/v1/sessions/" + sessionId + "/messages";
      std::vector<Sample> mine;
      std::map<int, int64_t> myStatuses;
      // Spread the connections' schedules evenly over one interval.
      auto due = start + std::chrono::duration_cast<Clock::duration>(interval * (double(c) / options.connections));
      for (int64_t n = 0;; ++n) {
        if (open) {
          if (due >= end) break;
          std::this_thread::sleep_until(due);
        } else if (Clock::now() >= end) {
          break;
        }
        const auto sent = open ? due : Clock::now();
        try {
          const Reply reply = exchange(session, "POST", path, options,
                                       R"({"content":"What is the balance of invoice INV-1003, please?"})",
                                       "bench-" + runId + "-" + std::to_string(c) + "-" + std::to_string(n));
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
          ++myStatuses[reply.status];
          if (reply.status == 201) mine.push_back({ms, reply.vendorMs >= 0 ? ms - reply.vendorMs : -1});
        } catch (const std::exception&) {
          ++transportErrors;
          session.reset();
        }
        due += std::chrono::duration_cast<Clock::duration>(interval);
      }
      std::lock_guard lock(samplesMutex);
      samples.insert(samples.end(), mine.begin(), mine.end());
      for (const auto& [status, count] : myStatuses) statuses[status] += count;
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> latency, overhead;
  for (const auto& s : samples) {
    latency.push_back(s.latencyMs);
    if (s.overheadMs >= 0) overhead.push_back(std::max(0.0, s.overheadMs));
  }
  int64_t attempted = transportErrors.load();
  for (const auto& [status, count] : statuses) attempted += count;

  Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
  result.set("mode", options.mode);
  result.set("connections", options.connections);
  if (open) result.set("targetRate", options.rate);
  result.set("seconds", seconds);
  result.set("turns", static_cast<Poco::Int64>(attempted));
  result.set("succeeded", static_cast<Poco::Int64>(samples.size()));
  result.set("successRatio", attempted ? double(samples.size()) / double(attempted) : 0.0);
  result.set("turnsPerSecond", double(samples.size()) / seconds);
  result.set("latencyP50Ms", percentile(latency, 0.50));
  result.set("latencyP99Ms", percentile(latency, 0.99));
  result.set("latencyP999Ms", percentile(latency, 0.999));
  result.set("overheadP50Ms", percentile(overhead, 0.50));
  result.set("overheadP99Ms", percentile(overhead, 0.99));
  result.set("overheadP999Ms", percentile(overhead, 0.999));
  Poco::JSON::Object byStatus;
  for (const auto& [status, count] : statuses) byStatus.set(std::to_string(status), static_cast<Poco::Int64>(count));
  byStatus.set("transport_error", transportErrors.load());
  result.set("statuses", byStatus);
  result.stringify(std::cout);
  std::cout << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "vb-bench-turns: " << e.what() << std::endl;
  return 1;
}
