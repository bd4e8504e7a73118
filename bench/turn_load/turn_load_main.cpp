// vb-bench-turns: drives conversation turns against a running host and
// reports throughput, end-to-end latency and gateway overhead.
//
//   vb-bench-turns --port P --key KEY --mode closed --connections 64 --seconds 30
//   vb-bench-turns --port P --key KEY --mode open --rate 2000 --connections 32 --seconds 15
//   vb-bench-turns --port P --key KEY --mode verify --acked FILE
//   vb-bench-turns --port P --mode closed --path /healthz [--method GET] [--body JSON] [--header "K: V"]…
//
// Every turn is a POST /v1/sessions/{id}/messages with a unique
// Idempotency-Key on a keep-alive connection (one thread each) that owns one
// session, created before the clock starts.
// closed: each connection sends its next turn when the previous answered
//         (maximum sustained throughput).
// open:   turn n is due at start + n/rate whatever the answers do; the next
//         free connection takes the next due turn (a slow turn holds only its
//         own connection), and latency counts from the due time, so a stall,
//         or a moment with no free connection, is charged to every turn it
//         delayed (no coordinated omission). A run over capacity keeps going
//         until every scheduled turn has been sent and answered.
// Overhead = end-to-end latency − the vendor time the host measured for the
// same turn: its `Server-Timing: vendor;dur=<ms>` header (µs precision), or,
// when a host sends none, the sum of routing.attempts[].latencyMs of the
// Turn body (whole ms; "overheadSource" says which one was used).
// --acked FILE appends "<sessionId> <assistant message id>" for every 201;
// --mode verify reads it back and checks that every acknowledged turn is in
// the store (run it after a SIGKILL and restart of the host: a turn replied
// before its commit would be missing).
// --path switches to a plain request load: every connection sends the same
// request (no session, no idempotency key, any 2xx counts as success) — the
// host's /healthz as the machine's ceiling, or a peer gateway's endpoint.
// Prints one JSON object on stdout.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
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
  std::string acked;  // file of acknowledged turns (write in closed/open, read in verify)
  // Plain request load (path non-empty): the request every connection sends.
  std::string path;
  std::string method = "GET";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool plain() const { return !path.empty(); }
};

struct Sample {
  double latencyMs;
  double vendorMs;     // < 0 when neither Server-Timing nor attempts were found
  double sendLagMs;    // open loop: sent this long after its due time (no free connection, or a late wake-up)
};

struct Reply {
  int status = 0;
  std::string body;
  double vendorMs = -1;  // from Server-Timing
  bool replayed = false;
};

Reply exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
               const Options& options, const std::string& body, const std::string& idempotencyKey = {}) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!options.key.empty()) request.set("Authorization", "Bearer " + options.key);
  for (const auto& [name, value] : options.headers) request.set(name, value);
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
  reply.replayed = response.get("Idempotent-Replayed", "") == "true";
  return reply;
}

// Fallback vendor time: the sum of routing.attempts[].latencyMs (whole ms).
double attemptsVendorMs(const std::string& turnBody) {
  try {
    Poco::JSON::Parser parser;
    const auto turn = parser.parse(turnBody).extract<Poco::JSON::Object::Ptr>();
    const auto routing = turn->getObject("routing");
    const auto attempts = routing ? routing->getArray("attempts") : nullptr;
    if (!attempts) return -1;
    double sum = 0;
    for (size_t i = 0; i < attempts->size(); ++i) sum += attempts->getObject(i)->optValue<double>("latencyMs", 0);
    return sum;
  } catch (const std::exception&) {
    return -1;
  }
}

// The assistant message id of a Turn, found without a full parse (cheap on the
// load generator's share of the CPUs).
std::string assistantMessageId(const std::string& turnBody) {
  const std::string marker = "\"message\":{";
  auto at = turnBody.find(marker);
  if (at == std::string::npos) return {};
  at = turnBody.find("\"id\":\"", at);
  if (at == std::string::npos) return {};
  at += 6;
  const auto end = turnBody.find('"', at);
  return end == std::string::npos ? std::string{} : turnBody.substr(at, end - at);
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

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
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
    else if (name == "--acked") o.acked = value;
    else if (name == "--path") o.path = value;
    else if (name == "--method") o.method = value;
    else if (name == "--body") o.body = value;
    else if (name == "--header") {
      const auto colon = value.find(':');
      if (colon == std::string::npos) throw std::runtime_error("--header wants \"Name: value\"");
      o.headers.emplace_back(value.substr(0, colon), value.substr(value.find_first_not_of(' ', colon + 1)));
    }
    else throw std::runtime_error("unknown option " + name);
  }
  if (o.key.empty() && !o.plain()) throw std::runtime_error("--key is required");
  if (o.mode != "closed" && o.mode != "open" && o.mode != "verify") throw std::runtime_error("--mode closed|open|verify");
  return o;
}

// --mode verify: every acknowledged turn's assistant message is in its session.
int verify(const Options& options) {
  std::ifstream in(options.acked);
  if (!in) throw std::runtime_error("cannot read " + options.acked);
  std::map<std::string, std::vector<std::string>> bySession;
  std::string sessionId, messageId;
  int64_t acknowledged = 0;
  while (in >> sessionId >> messageId) {
    bySession[sessionId].push_back(messageId);
    ++acknowledged;
  }
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(options.port));
  session.setKeepAlive(true);
  session.setTimeout(Poco::Timespan(60, 0));
  int64_t missing = 0;
  for (const auto& [id, expected] : bySession) {
    const Reply reply = exchange(session, "GET", "/v1/sessions/" + id, options, "");
    if (reply.status != 200) throw std::runtime_error("GET /v1/sessions/" + id + ": " + std::to_string(reply.status));
    Poco::JSON::Parser parser;
    const auto messages = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>()->getArray("messages");
    std::set<std::string> stored;
    for (size_t i = 0; messages && i < messages->size(); ++i)
      stored.insert(messages->getObject(i)->getValue<std::string>("id"));
    for (const auto& m : expected) missing += stored.count(m) ? 0 : 1;
  }
  Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
  result.set("acknowledged", static_cast<Poco::Int64>(acknowledged));
  result.set("sessions", static_cast<Poco::Int64>(bySession.size()));
  result.set("missing", static_cast<Poco::Int64>(missing));
  result.stringify(std::cout);
  std::cout << std::endl;
  return missing == 0 && acknowledged > 0 ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  if (options.mode == "verify") return verify(options);
  const std::string agentId = options.plain() ? std::string() : firstAgentId(options);
  const bool open = options.mode == "open";
  // Idempotency keys must be new for every run against the same database.
  const std::string runId = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());

  std::mutex mutex;  // guards samples, statuses, acked, ready, start, cpuAtStart
  std::condition_variable allReady;
  int ready = 0;
  Clock::time_point start;
  double cpuAtStart = 0;
  std::vector<Sample> samples;
  std::map<int, int64_t> statuses;
  std::vector<std::pair<std::string, std::string>> acked;
  std::atomic<int64_t> transportErrors{0}, replayed{0}, attemptsFallbacks{0};
  const auto period = std::chrono::duration<double>(1.0 / options.rate);
  std::atomic<int64_t> nextTurn{0};  // open loop: the next scheduled turn to send

  std::vector<std::thread> workers;
  for (int c = 0; c < options.connections; ++c) {
    workers.emplace_back([&, c] {
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(options.port));
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(30, 0));
      std::string sessionId = options.plain() ? "plain" : "";
      if (!options.plain()) try {
        const Reply created = exchange(session, "POST", "/v1/sessions", options,
                                       R"({"agentId":")" + agentId + R"(","customerId":"bench-)" +
                                           std::to_string(c) + R"("})");
        Poco::JSON::Parser parser;
        sessionId = parser.parse(created.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
      } catch (const std::exception& e) {
        std::cerr << "vb-bench-turns: connection " << c << " could not create its session: " << e.what() << "\n";
      }
      // Start the clock when every connection holds its session.
      Clock::time_point begin;
      {
        std::unique_lock lock(mutex);
        if (++ready == options.connections) {
          start = Clock::now() + std::chrono::milliseconds(50);
          cpuAtStart = cpuSeconds();
          allReady.notify_all();
        }
        allReady.wait(lock, [&] { return ready == options.connections; });
        begin = start;
      }
      if (sessionId.empty()) return;
      const auto end = begin + std::chrono::seconds(options.seconds);
      const std::string path = options.plain() ? options.path : "/v1/sessions/" + sessionId + "/messages";
      std::vector<Sample> mine;
      std::vector<std::pair<std::string, std::string>> myAcked;
      std::map<int, int64_t> myStatuses;
      std::this_thread::sleep_until(begin);
      for (int64_t mineSent = 0;; ++mineSent) {
        Clock::time_point due;
        int64_t n = mineSent;
        if (open) {
          n = nextTurn++;
          due = begin + std::chrono::duration_cast<Clock::duration>(period * static_cast<double>(n));
          if (due >= end) break;
          std::this_thread::sleep_until(due);
        } else if (Clock::now() >= end) {
          break;
        }
        const auto now = Clock::now();
        const auto sent = open ? due : now;
        const double lagMs = open ? std::chrono::duration<double, std::milli>(now - due).count() : 0.0;
        try {
          const Reply reply =
              options.plain()
                  ? exchange(session, options.method, path, options, options.body)
                  : exchange(session, "POST", path, options,
                             R"({"content":"What is the balance of invoice INV-1003, please?"})",
                             "bench-" + runId + "-" + std::to_string(c) + "-" + std::to_string(n));
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
          ++myStatuses[reply.status];
          if (reply.replayed) ++replayed;
          if (options.plain() && reply.status / 100 == 2) {
            mine.push_back({ms, -1, lagMs});
          } else if (reply.status == 201) {
            double vendorMs = reply.vendorMs;
            if (vendorMs < 0) {
              vendorMs = attemptsVendorMs(reply.body);
              ++attemptsFallbacks;
            }
            mine.push_back({ms, vendorMs, lagMs});
            if (!options.acked.empty()) myAcked.emplace_back(sessionId, assistantMessageId(reply.body));
          }
        } catch (const std::exception&) {
          ++transportErrors;
          session.reset();
        }
      }
      std::lock_guard lock(mutex);
      samples.insert(samples.end(), mine.begin(), mine.end());
      acked.insert(acked.end(), myAcked.begin(), myAcked.end());
      for (const auto& [status, count] : myStatuses) statuses[status] += count;
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = cpuSeconds() - cpuAtStart;

  if (!options.acked.empty()) {
    std::ofstream out(options.acked, std::ios::app);
    for (const auto& [session, message] : acked) out << session << ' ' << message << '\n';
  }

  std::vector<double> latency, overhead, vendor, lag;
  for (const auto& s : samples) {
    latency.push_back(s.latencyMs);
    lag.push_back(s.sendLagMs);
    if (s.vendorMs >= 0) {
      vendor.push_back(s.vendorMs);
      overhead.push_back(std::max(0.0, s.latencyMs - s.vendorMs));
    }
  }
  int64_t attempted = transportErrors.load();
  for (const auto& [status, count] : statuses) attempted += count;
  const int64_t fallbacks = attemptsFallbacks.load();

  Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
  result.set("mode", options.mode);
  result.set("connections", options.connections);
  if (open) result.set("targetRate", options.rate);
  result.set("scheduleSeconds", options.seconds);
  result.set("seconds", seconds);  // open loop over capacity: longer than scheduled (the backlog drains)
  result.set("turns", static_cast<Poco::Int64>(attempted));
  result.set("succeeded", static_cast<Poco::Int64>(samples.size()));
  result.set("successRatio", attempted ? double(samples.size()) / double(attempted) : 0.0);
  result.set("turnsPerSecond", double(samples.size()) / seconds);
  result.set("latencyP50Ms", percentile(latency, 0.50));
  result.set("latencyP95Ms", percentile(latency, 0.95));
  result.set("latencyP99Ms", percentile(latency, 0.99));
  result.set("latencyP999Ms", percentile(latency, 0.999));
  result.set("latencyMaxMs", latency.empty() ? 0.0 : *std::max_element(latency.begin(), latency.end()));
  result.set("vendorP50Ms", percentile(vendor, 0.50));
  result.set("vendorP99Ms", percentile(vendor, 0.99));
  result.set("overheadP50Ms", percentile(overhead, 0.50));
  result.set("overheadP99Ms", percentile(overhead, 0.99));
  result.set("overheadP999Ms", percentile(overhead, 0.999));
  result.set("sendLagP50Ms", percentile(lag, 0.50));
  result.set("sendLagP99Ms", percentile(lag, 0.99));
  result.set("overheadSource", fallbacks == 0                              ? "server-timing"
                               : fallbacks == static_cast<int64_t>(samples.size()) ? "attempts-latencyMs"
                                                                           : "mixed");
  result.set("replayed", replayed.load());
  result.set("loadgenCpuSeconds", cpu);
  Poco::JSON::Object byStatus(Poco::JSON_PRESERVE_KEY_ORDER);
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
