#include "testdoubles/mockvendors/mock_vendor_server.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace vb {

namespace {

// A forced "timeout" hangs at most this long, so a client without a timeout
// does not pin a server thread forever.
constexpr auto kMaxHang = std::chrono::seconds(60);

std::string toJson(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

// FNV-1a: a stable hash (std::hash may differ between builds), so reply text
// and tool-call ids are the same for the same input and seed everywhere.
uint64_t fnv1a(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

int64_t tokensOf(size_t chars) { return static_cast<int64_t>((chars + 3) / 4); }

std::string collapse(const std::string& s, size_t maxChars) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > maxChars) {
    size_t cut = maxChars;
    // Never cut inside a UTF-8 sequence: the reply must stay valid JSON text.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string firstWords(const std::string& s, int n) {
  std::istringstream in(s);
  std::string word, out;
  for (int i = 0; i < n && in >> word; ++i) out += (out.empty() ? "" : " ") + word;
  return out;
}

// A tool result is usually a JSON object with a one-line "summary" (the
// tool ABI asks for one); answering with it reads like a real assistant.
// Anything else is quoted as it came.
std::string toolResultText(const std::string& content) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(content);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
      if (object->has("summary") && object->get("summary").isString())
        return object->getValue<std::string>("summary");
    }
  } catch (const Poco::Exception&) {
  }
  return content;
}

struct ParsedMessage {
  std::string role;
  std::string text;
};

struct ParsedTool {
  std::string name;
};

struct ParsedRequest {
  std::string model;
  std::string system;
  std::vector<ParsedMessage> messages;
  std::vector<ParsedTool> tools;
};

struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string requireString(const Poco::JSON::Object::Ptr& o, const std::string& key, bool optional) {
  if (!o->has(key) || o->isNull(key)) {
    if (optional) return {};
    throw BadRequest("missing string field '" + key + "'");
  }
  const auto v = o->get(key);
  if (!v.isString()) throw BadRequest("field '" + key + "' must be a string");
  return v.extract<std::string>();
}

ParsedRequest parseRequest(MockVendorKind kind, const std::string& body) {
  Poco::Dynamic::Var root;
  try {
    root = Poco::JSON::Parser().parse(body);
  } catch (const Poco::Exception& e) {
    throw BadRequest("body is not JSON: " + e.displayText());
  }
  const auto obj =
      root.type() == typeid(Poco::JSON::Object::Ptr) ? root.extract<Poco::JSON::Object::Ptr>() : nullptr;
  if (!obj) throw BadRequest("body must be a JSON object");
  ParsedRequest r;
  r.system = requireString(obj, "system", true);
  if (kind == MockVendorKind::VendorB) r.model = requireString(obj, "model", true);
  const auto messages = obj->getArray("messages");
  if (!messages) throw BadRequest("'messages' must be an array");
  const std::string textKey = kind == MockVendorKind::VendorA ? "text" : "content";
  for (size_t i = 0; i < messages->size(); ++i) {
    const auto m = messages->getObject(static_cast<unsigned>(i));
    if (!m) throw BadRequest("messages[" + std::to_string(i) + "] must be an object");
    // An assistant turn that only carried tool calls may have no text.
    r.messages.push_back({requireString(m, "role", false), requireString(m, textKey, true)});
  }
  if (obj->has("tools") && !obj->isNull("tools")) {
    const auto tools = obj->getArray("tools");
    if (!tools) throw BadRequest("'tools' must be an array");
    for (size_t i = 0; i < tools->size(); ++i) {
      auto t = tools->getObject(static_cast<unsigned>(i));
      if (t && kind == MockVendorKind::VendorB) t = t->getObject("function");
      if (!t) throw BadRequest("tools[" + std::to_string(i) + "] is malformed");
      r.tools.push_back({requireString(t, "name", false)});
    }
  }
  return r;
}

}  // namespace

// ------------------------------------------------------------------ settings

MockVendorSettings MockVendorSettings::defaults(const std::string& name) {
  MockVendorSettings s;
  if (name == "vendorA") {
    s.failureRate = 0.10;
    s.slowRate = 0.05;
  } else if (name == "vendorB") {
    s.seed = 43;
    s.rateLimitRate = 0.08;
  }
  return s;
}

MockVendorSettings MockVendorSettings::fromJson(const Poco::JSON::Object::Ptr& section,
                                                const std::string& name) {
  MockVendorSettings s = defaults(name);
  if (!section) return s;
  s.host = section->optValue<std::string>("host", s.host);
  const auto v = section->getObject(name);
  if (!v) return s;
  s.port = static_cast<uint16_t>(v->optValue<int>("port", s.port));
  s.seed = v->optValue<uint64_t>("seed", s.seed);
  s.failureRate = v->optValue<double>("failureRate", s.failureRate);
  s.rateLimitRate = v->optValue<double>("rateLimitRate", s.rateLimitRate);
  s.retryAfterMs = v->optValue<int64_t>("retryAfterMs", s.retryAfterMs);
  s.slowRate = v->optValue<double>("slowRate", s.slowRate);
  s.slowMs = v->optValue<int64_t>("slowMs", s.slowMs);
  s.zero = v->optValue<bool>("zero", s.zero);
  s.maxThreads = std::max(2, v->optValue<int>("maxThreads", s.maxThreads));
  s.keepAliveMs = std::max<int64_t>(1, v->optValue<int64_t>("keepAliveMs", s.keepAliveMs));
  if (const auto lat = v->getObject("latencyMs")) {
    s.latencyMinMs = lat->optValue<int64_t>("min", s.latencyMinMs);
    s.latencyMaxMs = lat->optValue<int64_t>("max", s.latencyMinMs);
  } else if (v->has("latencyMs")) {
    s.latencyMinMs = s.latencyMaxMs = v->getValue<int64_t>("latencyMs");
  }
  return s;
}

// -------------------------------------------------------------------- server

struct MockVendorServer::Impl {
  MockVendorKind kind;
  MockVendorSettings settings;
  std::string name;

  std::mutex rngMutex;
  std::mt19937_64 rng;

  std::mutex stopMutex;
  std::condition_variable stopCv;
  bool stopping = false;
  bool running = false;

  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> malformedCounter{0};
  uint16_t boundPort = 0;

  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::HTTPServer> server;

  Impl(MockVendorKind k, MockVendorSettings s)
      : kind(k), settings(std::move(s)), name(nameOf(k)), rng(settings.seed) {}

  enum class Outcome { Ok, Error500, RateLimited, Slow, Timeout, Malformed };

  struct Decision {
    Outcome outcome = Outcome::Ok;
    int64_t delayMs = 0;
  };

  // One RNG sequence per server: the same seed and request order give the
  // same faults. Every request draws the same number of values so one fault
  // does not shift the rest of the sequence.
  Decision decide(const std::string& forced) {
    Decision d;
    if (!settings.zero) {
      std::lock_guard lock(rngMutex);
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      const double fault = unit(rng);
      const double slow = unit(rng);
      const double latency = unit(rng);
      if (fault < settings.failureRate)
        d.outcome = Outcome::Error500;
      else if (fault < settings.failureRate + settings.rateLimitRate)
        d.outcome = Outcome::RateLimited;
      else if (slow < settings.slowRate)
        d.outcome = Outcome::Slow;
      const int64_t span = std::max<int64_t>(0, settings.latencyMaxMs - settings.latencyMinMs);
      d.delayMs = settings.latencyMinMs + static_cast<int64_t>(latency * static_cast<double>(span + 1));
      d.delayMs = std::min(d.delayMs, std::max(settings.latencyMinMs, settings.latencyMaxMs));
    }
    if (forced == "500")
      d.outcome = Outcome::Error500;
    else if (forced == "429")
      d.outcome = Outcome::RateLimited;
    else if (forced == "slow")
      d.outcome = Outcome::Slow;
    else if (forced == "timeout")
      d.outcome = Outcome::Timeout;
    else if (forced == "malformed")
      d.outcome = Outcome::Malformed;
    if (d.outcome == Outcome::Slow) d.delayMs += settings.slowMs;
    return d;
  }

  // Sleeps unless the server stops first (so stop() never waits on latency).
  // Returns false when stopping.
  bool pause(int64_t ms) {
    if (ms <= 0) return true;
    std::unique_lock lock(stopMutex);
    return !stopCv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
  }

  // Hangs until the client hangs up, the server stops, or kMaxHang.
  void hang(Poco::Net::HTTPServerRequest& request) {
    Poco::Net::StreamSocket* socket = nullptr;
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request)) socket = &impl->socket();
    const auto until = std::chrono::steady_clock::now() + kMaxHang;
    std::unique_lock lock(stopMutex);
    while (!stopping && std::chrono::steady_clock::now() < until) {
      stopCv.wait_for(lock, std::chrono::milliseconds(50));
      if (socket) {
        try {
          // Readable with nothing to read = the peer closed the connection.
          if (socket->poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ) && socket->available() == 0)
            return;
        } catch (const Poco::Exception&) {
          return;
        }
      }
    }
  }

  std::string replyText(const ParsedRequest& r, std::string& toolCallName, std::string& toolArgs) const {
    const ParsedMessage* last = r.messages.empty() ? nullptr : &r.messages.back();
    if (last && last->role == "tool")
      return "Here is what I found: " + collapse(toolResultText(last->text), 200);
    const ParsedMessage* lastUser = nullptr;
    for (auto it = r.messages.rbegin(); it != r.messages.rend(); ++it)
      if (it->role == "user") {
        lastUser = &*it;
        break;
      }
    const std::string said = lastUser ? lastUser->text : std::string();
    if (last && last->role == "user" && !r.tools.empty()) {
      static const std::regex invoiceNumber(R"(INV-\d+)", std::regex::icase);
      static const std::regex invoiceWord(R"(invoice)", std::regex::icase);
      static const std::regex customer(R"(\b(cust-[A-Za-z0-9_-]+|C-\d+)\b)", std::regex::icase);
      std::smatch m;
      const bool hasNumber = std::regex_search(said, m, invoiceNumber);
      if (hasNumber || std::regex_search(said, invoiceWord)) {
        toolCallName = r.tools.front().name;
        for (const auto& t : r.tools)
          if (t.name.find("Invoice") != std::string::npos) {
            toolCallName = t.name;
            break;
          }
        Poco::JSON::Object args;
        if (hasNumber) {
          std::string number = m.str();
          std::transform(number.begin(), number.begin() + 3, number.begin(), ::toupper);
          args.set("invoiceNumber", number);
        } else {
          std::smatch c;
          args.set("customerId", std::regex_search(said, c, customer) ? c.str() : std::string("current"));
        }
        toolArgs = toJson(Poco::Dynamic::Var(args));
        return {};
      }
    }
    static const char* const closings[] = {"happy to help.", "glad to assist.", "here to help.",
                                           "on it right away."};
    const uint64_t h = fnv1a(r.system + "\x1f" + said, settings.seed);
    std::string text = "[" + name + "] Re: " + collapse(said, 80) + " — " + closings[h % 4];
    const std::string persona = firstWords(r.system, 4);
    if (!persona.empty()) text += " (" + persona + ")";
    return text;
  }

  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    ++requests;
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    response.setContentType("application/json");

    auto send = [&](Poco::Net::HTTPResponse::HTTPStatus status, const std::string& payload,
                    const char* outcome) {
      response.setStatusAndReason(status);
      response.set("X-Mock-Outcome", outcome);
      response.setContentLength(static_cast<std::streamsize>(payload.size()));
      response.send() << payload;
    };

    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    if (path == "/healthz") return send(Poco::Net::HTTPResponse::HTTP_OK, R"({"status":"ok"})", "ok");
    const std::string expected = kind == MockVendorKind::VendorA ? "/v1/chat" : "/v1/messages";
    if (path != expected)
      return send(Poco::Net::HTTPResponse::HTTP_NOT_FOUND, R"({"error":"not_found"})", "404");
    if (request.getMethod() != "POST")
      return send(Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, R"({"error":"method_not_allowed"})",
                  "405");

    ParsedRequest parsed;
    try {
      parsed = parseRequest(kind, body);
    } catch (const BadRequest& e) {
      Poco::JSON::Object err;
      err.set("error", "invalid_request");
      err.set("message", std::string(e.what()));
      return send(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, toJson(Poco::Dynamic::Var(err)), "400");
    }

    const Decision d = decide(request.get("X-Mock-Fault", ""));
    if (d.outcome == Outcome::Timeout) {
      hang(request);
      return send(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, R"({"error":"timeout"})", "timeout");
    }
    if (!pause(d.delayMs))
      return send(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE, R"({"error":"shutting_down"})",
                  "stopped");
    if (d.outcome == Outcome::Error500)
      return send(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR,
                  R"({"error":"internal_error","message":"mock vendor failure"})", "500");
    if (d.outcome == Outcome::RateLimited) {
      response.set("Retry-After", std::to_string((settings.retryAfterMs + 999) / 1000));
      return send(Poco::Net::HTTPResponse::HTTP_TOO_MANY_REQUESTS,
                  R"({"error":"rate_limited","retryAfterMs":)" + std::to_string(settings.retryAfterMs) + "}",
                  "429");
    }
    if (d.outcome == Outcome::Malformed) {
      // Alternate the two kinds of broken answer a client must survive.
      if (malformedCounter++ % 2 == 0)
        return send(Poco::Net::HTTPResponse::HTTP_OK, R"({"choices": [{"message": {"content": "trunc)",
                    "malformed");
      return send(Poco::Net::HTTPResponse::HTTP_OK, R"({"result":{"answer":42},"unexpected":true})",
                  "malformed");
    }

    std::string toolName, toolArgs;
    const std::string text = replyText(parsed, toolName, toolArgs);
    size_t inChars = parsed.system.size();
    for (const auto& m : parsed.messages) inChars += m.text.size();
    const int64_t tokensIn = std::max<int64_t>(1, tokensOf(inChars));
    const int64_t tokensOut =
        std::max<int64_t>(1, tokensOf(toolName.empty() ? text.size() : toolName.size() + toolArgs.size()));
    const int64_t latencyMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count();

    Poco::JSON::Object out;
    if (kind == MockVendorKind::VendorA) {
      if (toolName.empty()) {
        out.set("outputText", text);
      } else {
        Poco::JSON::Object::Ptr call = new Poco::JSON::Object;
        call->set("name", toolName);
        call->set("arguments", Poco::JSON::Parser().parse(toolArgs));
        out.set("toolCall", call);
      }
      out.set("tokensIn", tokensIn);
      out.set("tokensOut", tokensOut);
      out.set("latencyMs", latencyMs);
    } else {
      Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
      message->set("role", "assistant");
      if (toolName.empty()) {
        message->set("content", text);
      } else {
        message->set("content", Poco::Dynamic::Var());  // null, as real vendors do with tool calls
        Poco::JSON::Object::Ptr fn = new Poco::JSON::Object;
        fn->set("name", toolName);
        fn->set("arguments", toolArgs);  // a JSON string, as in vendorB's wire format
        Poco::JSON::Object::Ptr call = new Poco::JSON::Object;
        char id[32];
        std::snprintf(id, sizeof id, "call_%012llx",
                      static_cast<unsigned long long>(fnv1a(body, settings.seed) & 0xffffffffffffULL));
        call->set("id", std::string(id));
        call->set("type", "function");
        call->set("function", fn);
        Poco::JSON::Array::Ptr calls = new Poco::JSON::Array;
        calls->add(call);
        message->set("tool_calls", calls);
      }
      Poco::JSON::Object::Ptr choice = new Poco::JSON::Object;
      choice->set("index", 0);
      choice->set("message", message);
      choice->set("finish_reason", toolName.empty() ? "stop" : "tool_calls");
      Poco::JSON::Array::Ptr choices = new Poco::JSON::Array;
      choices->add(choice);
      Poco::JSON::Object::Ptr usage = new Poco::JSON::Object;
      usage->set("input_tokens", tokensIn);
      usage->set("output_tokens", tokensOut);
      out.set("model", parsed.model.empty() ? std::string("mock-b-1") : parsed.model);
      out.set("choices", choices);
      out.set("usage", usage);
    }
    send(Poco::Net::HTTPResponse::HTTP_OK, toJson(Poco::Dynamic::Var(out)),
         d.outcome == Outcome::Slow ? "slow" : "ok");
  }
};

namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(MockVendorServer::Impl& impl) : impl_(impl) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    try {
      impl_.handle(request, response);
    } catch (const std::exception&) {
      // The client went away mid-answer (or stop() aborted the socket):
      // nothing useful to tell anyone, and Poco must not see the exception.
    }
  }

 private:
  MockVendorServer::Impl& impl_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(MockVendorServer::Impl& impl) : impl_(impl) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(impl_);
  }

 private:
  MockVendorServer::Impl& impl_;
};

}  // namespace

MockVendorKind MockVendorServer::kindFromName(const std::string& name) {
  if (name == "vendorA") return MockVendorKind::VendorA;
  if (name == "vendorB") return MockVendorKind::VendorB;
  throw std::invalid_argument("unknown mock vendor '" + name + "' (expected vendorA or vendorB)");
}

std::string MockVendorServer::nameOf(MockVendorKind kind) {
  return kind == MockVendorKind::VendorA ? "vendorA" : "vendorB";
}

MockVendorServer::MockVendorServer(MockVendorKind kind, MockVendorSettings settings)
    : impl_(std::make_unique<Impl>(kind, std::move(settings))) {}

MockVendorServer::~MockVendorServer() { stop(); }

void MockVendorServer::start() {
  auto& p = *impl_;
  std::lock_guard lock(p.stopMutex);
  if (p.running) return;
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(p.settings.host, p.settings.port), /*reuseAddress=*/true);
  socket.listen(1024);
  p.boundPort = socket.address().port();

  auto params = new Poco::Net::HTTPServerParams;
  const int maxThreads = std::max(2, p.settings.maxThreads);
  params->setMaxThreads(maxThreads);
  params->setMaxQueued(4096);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);  // unlimited: clients reuse pooled connections
  params->setKeepAliveTimeout(Poco::Timespan(std::max<int64_t>(1, p.settings.keepAliveMs) * 1000));
  params->setTimeout(Poco::Timespan(30, 0));
  // A pool of our own, so a stuck mock never starves the process default pool.
  p.pool = std::make_unique<Poco::ThreadPool>(2, maxThreads + 2, 60);
  p.server = std::make_unique<Poco::Net::HTTPServer>(new Factory(p), *p.pool, socket, params);
  p.server->start();
  p.stopping = false;
  p.running = true;
}

void MockVendorServer::stop() {
  auto& p = *impl_;
  {
    std::lock_guard lock(p.stopMutex);
    if (!p.running) return;
    p.stopping = true;
    p.running = false;
  }
  p.stopCv.notify_all();    // wakes slow and hanging requests first
  p.server->stopAll(true);  // then aborts idle keep-alive connections
  p.pool->joinAll();
  p.server.reset();
  p.pool.reset();
}

uint16_t MockVendorServer::port() const { return impl_->boundPort; }

std::string MockVendorServer::baseUrl() const {
  return "http://" + impl_->settings.host + ":" + std::to_string(impl_->boundPort);
}

uint64_t MockVendorServer::requestCount() const { return impl_->requests.load(); }

}  // namespace vb
