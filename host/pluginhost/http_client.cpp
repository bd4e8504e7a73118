#include "pluginhost/http_client.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <optional>

#include "pluginhost/abi_struct.h"
#include "pluginhost/cancel_token.h"

namespace vb {
namespace {

using SteadyClock = std::chrono::steady_clock;

// An eventfd the cancel hook signals, so a wait for the response wakes at
// once instead of polling the token. Owned by one exchange: the hook that
// writes to it is removed before it closes.
class WakeFd {
 public:
  WakeFd() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  ~WakeFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  WakeFd(const WakeFd&) = delete;
  WakeFd& operator=(const WakeFd&) = delete;
  int fd() const { return fd_; }
  void signal() const {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(fd_, &one, sizeof one);
  }

 private:
  int fd_;
};

Poco::Timespan remainingSpan(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - SteadyClock::now()).count();
  return Poco::Timespan(std::max<int64_t>(left, 1000));  // a zero timeout would mean "block forever"
}

enum class Wait { Readable, Cancelled, TimedOut };

// Waits until the socket has data, the token is cancelled or the deadline passes.
Wait waitReadable(int socketFd, const WakeFd* wake, const CancelToken* token,
                  SteadyClock::time_point deadline) {
  for (;;) {
    if (token && token->cancelled()) return Wait::Cancelled;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
    if (left <= 0) return Wait::TimedOut;
    pollfd fds[2] = {{socketFd, POLLIN, 0}, {wake ? wake->fd() : -1, POLLIN, 0}};
    const int rc = ::poll(fds, wake ? 2 : 1, static_cast<int>(std::min<int64_t>(left, INT_MAX)));
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return Wait::Readable;  // let the read report the socket's problem
    if (rc == 0) continue;              // the loop re-checks the deadline
    if (wake && fds[1].revents != 0) return Wait::Cancelled;
    return Wait::Readable;
  }
}

// True when an idle keep-alive connection has been closed (or written to) by
// the server: reusing it would fail the next request.
bool idleConnectionIsStale(Poco::Net::HTTPClientSession& session) {
  if (!session.connected()) return false;  // it will connect afresh
  pollfd fd{session.socket().impl()->sockfd(), POLLIN, 0};
  return ::poll(&fd, 1, 0) != 0;
}

bool isHopByHop(std::string_view name) {
  auto equals = [&](std::string_view other) {
    return name.size() == other.size() &&
           std::equal(name.begin(), name.end(), other.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  };
  return equals("host") || equals("content-length") || equals("connection") || equals("transfer-encoding");
}

bool validMethod(std::string_view method) {
  if (method.empty() || method.size() > 16) return false;
  return std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

HttpClient::HttpClient() : HttpClient(Options{}) {}
HttpClient::HttpClient(Options options) : options_(options) {
  // Poco on Linux sends without MSG_NOSIGNAL: writing to a connection the
  // vendor has just closed would raise SIGPIPE and kill the whole host. Every
  // network server ignores it and handles EPIPE instead; so do we, once.
  static std::once_flag ignoreSigpipe;
  std::call_once(ignoreSigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
}
HttpClient::~HttpClient() = default;

size_t HttpClient::idleConnections() const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& [key, sessions] : idle_) n += sessions.size();
  return n;
}

HttpClient::Session HttpClient::acquire(const std::string& host, uint16_t port, bool& reused) {
  const std::string key = host + ":" + std::to_string(port);
  for (;;) {
    Session session;
    {
      std::lock_guard lock(mutex_);
      auto it = idle_.find(key);
      if (it == idle_.end() || it->second.empty()) break;
      session = std::move(it->second.back());  // the most recently used is the warmest
      it->second.pop_back();
    }
    if (!idleConnectionIsStale(*session)) {
      reused = true;
      return session;
    }
  }
  reused = false;
  auto session = std::make_unique<Poco::Net::HTTPClientSession>(host, port);
  session->setKeepAlive(true);
  session->setKeepAliveTimeout(Poco::Timespan(options_.keepAlive.count(), 0));
  connectionsOpened_.fetch_add(1, std::memory_order_relaxed);
  return session;
}

void HttpClient::release(const std::string& host, uint16_t port, Session session) {
  const std::string key = host + ":" + std::to_string(port);
  std::lock_guard lock(mutex_);
  auto& sessions = idle_[key];
  if (sessions.size() < options_.maxIdlePerEndpoint) sessions.push_back(std::move(session));
}

vb_status HttpClient::exchange(const vb_http_request& request, vb_http_response& response, vb_error* error) {
  CancelToken* token = CancelToken::fromAbi(request.cancel);
  const auto timeout =
      request.timeout_ms ? std::chrono::milliseconds(request.timeout_ms) : options_.defaultTimeout;
  const auto deadline = SteadyClock::now() + timeout;
  auto fail = [error](vb_status status, vb_error_class errorClass, const std::string& message) {
    abi::fillError(error, errorClass, message);
    return status;
  };
  auto cancelled = [&] { return fail(VB_CANCELLED, VB_ERROR_PERMANENT, "cancelled by the host"); };
  if (token && token->cancelled()) return cancelled();

  const std::string method(abi::view(request.method));
  if (!validMethod(method)) return fail(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "bad HTTP method");
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(abi::view(request.url)));
  } catch (const Poco::Exception& e) {
    return fail(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "bad URL: " + e.message());
  }
  if (uri.getScheme() != "http" || uri.getHost().empty())
    return fail(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                "only http://host[:port]/path URLs are supported (no TLS in ABI 1.0)");
  const std::string host = uri.getHost();
  const uint16_t port = uri.getPort();
  std::string target = uri.getPathEtc();
  if (target.empty()) target = "/";
  // Named in messages; never the query string, which may carry secrets.
  // (Built by appends: GCC 12's -Wrestrict misfires on a chain of operator+ here.)
  std::string where = "http://";
  where.append(host).append(":").append(std::to_string(port)).append(uri.getPath());
  const std::string timeoutText = std::to_string(timeout.count()) + " ms";

  std::optional<WakeFd> wake;
  if (token) wake.emplace();
  const WakeFd* wakePtr = wake ? &*wake : nullptr;
  CancelHookScope hook(token, [wakePtr] { wakePtr->signal(); });

  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    Session session = acquire(host, port, reused);
    bool responseStarted = false;
    try {
      const Poco::Timespan span = remainingSpan(deadline);
      session->setTimeout(span, span, span);
      if (session->connected()) {
        session->socket().setSendTimeout(span);
        session->socket().setReceiveTimeout(span);
      }
      Poco::Net::HTTPRequest httpRequest(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
      httpRequest.setHost(host, port);
      httpRequest.setKeepAlive(true);
      for (size_t i = 0; i < request.header_count && request.headers; ++i) {
        const auto name = abi::view(request.headers[i].name);
        if (name.empty() || isHopByHop(name)) continue;
        httpRequest.add(std::string(name), std::string(abi::view(request.headers[i].value)));
      }
      const auto body = abi::view(request.body);
      if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        httpRequest.setContentLength(static_cast<std::streamsize>(body.size()));

      std::ostream& out = session->sendRequest(httpRequest);
      if (!body.empty()) out.write(body.data(), static_cast<std::streamsize>(body.size()));
      out.flush();  // the whole request must be on the wire before we wait for the answer
      if (!out) {
        if (const auto* e = session->networkException()) e->rethrow();
        throw Poco::Net::NetException("could not send the request");
      }

      switch (waitReadable(session->socket().impl()->sockfd(), wakePtr, token, deadline)) {
        case Wait::Cancelled:
          return cancelled();  // the session is dropped: its half-done exchange cannot be reused
        case Wait::TimedOut:
          return fail(VB_DEADLINE_EXCEEDED, VB_ERROR_TIMEOUT,
                      "no response from " + where + " within " + timeoutText);
        case Wait::Readable:
          break;
      }
      session->socket().setReceiveTimeout(remainingSpan(deadline));
      Poco::Net::HTTPResponse httpResponse;
      std::istream& in = session->receiveResponse(httpResponse);
      responseStarted = true;
      response.status = static_cast<int32_t>(httpResponse.getStatus());
      if (response.on_header) {
        for (const auto& [name, value] : httpResponse)
          response.on_header(response.header_ctx, abi::str(name), abi::str(value));
      }

      char buffer[16384];
      for (;;) {
        if (token && token->cancelled()) return cancelled();
        if (SteadyClock::now() >= deadline)
          return fail(VB_DEADLINE_EXCEEDED, VB_ERROR_TIMEOUT,
                      "response from " + where + " took over " + timeoutText);
        session->socket().setReceiveTimeout(remainingSpan(deadline));
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<size_t>(in.gcount());
        if (n > 0 && (!response.body.write || response.body.write(response.body.ctx, buffer, n) != 0))
          return fail(VB_INTERNAL, VB_ERROR_PERMANENT, "the plugin's response sink refused the body");
        if (in) continue;
        if (in.bad()) {
          if (const auto* e = session->networkException()) e->rethrow();
          throw Poco::Net::NetException("connection lost while reading the response");
        }
        break;  // end of the message
      }
      if (httpResponse.getKeepAlive()) release(host, port, std::move(session));
      return VB_OK;
    } catch (const Poco::TimeoutException&) {
      if (token && token->cancelled()) return cancelled();
      return fail(VB_DEADLINE_EXCEEDED, VB_ERROR_TIMEOUT,
                  "no response from " + where + " within " + timeoutText);
    } catch (const Poco::Net::ConnectionRefusedException&) {
      return fail(VB_UNAVAILABLE, VB_ERROR_TRANSIENT,
                  "connection refused by " + host + ":" + std::to_string(port));
    } catch (const Poco::Net::NoMessageException& e) {
      if (token && token->cancelled()) return cancelled();
      if (reused && !responseStarted && attempt == 0)
        continue;  // a keep-alive connection the server had closed
      return fail(VB_UNAVAILABLE, VB_ERROR_TRANSIENT, where + " closed the connection without answering");
    } catch (const Poco::Net::MessageException& e) {
      return fail(VB_INTERNAL, VB_ERROR_PERMANENT,
                  "malformed HTTP response from " + where + ": " + e.message());
    } catch (const Poco::Exception& e) {  // NetException, IOException: the transport broke
      if (token && token->cancelled()) return cancelled();
      if (reused && !responseStarted && attempt == 0) continue;
      return fail(VB_UNAVAILABLE, VB_ERROR_TRANSIENT,
                  "HTTP exchange with " + where + " failed: " + e.displayText());
    } catch (const std::exception& e) {
      return fail(VB_INTERNAL, VB_ERROR_PERMANENT, std::string("HTTP client error: ") + e.what());
    }
  }
}

}  // namespace vb
