#include "http/connection_loop.h"

#include <Poco/Logger.h>
#include <Poco/Net/SocketAddress.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "http/http_edge.h"
#include "http/wire_response.h"
#include "observability/metrics.h"

namespace vb {
namespace {

using Clock = ClientConnection::Clock;
using Phase = ClientConnection::Phase;

constexpr size_t kReadChunk = 64 * 1024;   // per readiness event, so one client cannot hog the loop
constexpr int kAcceptsPerRound = 256;      // likewise for a burst of new connections
constexpr auto kAcceptPauseOnEmfile = std::chrono::milliseconds(100);

long long millisOf(std::chrono::milliseconds d) { return static_cast<long long>(d.count()); }

std::string clientAddress(const sockaddr_storage& addr, socklen_t length) {
  try {
    return Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&addr), length).host().toString();
  } catch (const Poco::Exception&) {
    return "unknown";
  }
}

}  // namespace

ConnectionLoop::ConnectionLoop(const HttpServerSettings& settings, int listenFd, HttpEdge& edge, Metrics& metrics,
                               RequestQueue& queue)
    : settings_(settings),
      limits_{settings.maxUriBytes, settings.maxHeaderCount},
      listenFd_(listenFd),
      edge_(edge),
      metrics_(metrics),
      queue_(queue),
      log_(Poco::Logger::get("http")) {
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("http server: cannot create its wake pipe: ") + std::strerror(errno));
  wakeRead_ = fds[0];
  wakeWrite_ = fds[1];
  metrics_.describe("vb_http_open_connections", "gauge", "Client connections open right now");
  metrics_.describe("vb_http_connections_refused_total", "counter",
                    "Connections answered 503 and closed at once, by reason (address_cap, connection_cap, queue_full)");
  metrics_.describe("vb_http_timeouts_total", "counter",
                    "Connections closed for a missed deadline, by phase (head, body, write)");
}

ConnectionLoop::~ConnectionLoop() {
  ::close(wakeRead_);
  ::close(wakeWrite_);
}

void ConnectionLoop::stop() {
  stopping_ = true;
  wake();
}

void ConnectionLoop::wake() {
  const char byte = 1;
  // A full pipe already means "wake up": EAGAIN is fine.
  [[maybe_unused]] const ssize_t ignored = ::write(wakeWrite_, &byte, 1);
}

void ConnectionLoop::giveBack(std::unique_ptr<ClientConnection> connection) {
  {
    std::lock_guard<std::mutex> lock(returnedMutex_);
    if (loopExited_) {
      --open_;
      return;  // the loop is gone: closing is all that is left (the destructor closes the socket)
    }
    returned_.push_back(std::move(connection));
  }
  wake();
}

void ConnectionLoop::run() {
  std::vector<pollfd> fds;
  std::vector<ClientConnection*> polled;
  std::vector<std::pair<ClientConnection*, Next>> outcomes;
  while (!stopping_) {
    auto now = Clock::now();
    takeReturned(now);

    fds.clear();
    polled.clear();
    fds.push_back({wakeRead_, POLLIN, 0});
    const bool accepting = now >= acceptPausedUntil_;
    if (accepting) fds.push_back({listenFd_, POLLIN, 0});
    const size_t firstConnection = fds.size();
    size_t buffered = 0;
    for (const auto& [fd, c] : table_) buffered += c->input.size() + c->body.size();
    buffered_ = buffered;
    const bool bodiesWait = buffered > settings_.maxBufferedBytes;
    for (const auto& [fd, c] : table_) {
      short events = c->phase == Phase::Writing ? POLLOUT : POLLIN;
      // Over the memory budget bodies are read later; a client hanging up
      // (RDHUP) is still noticed, so its bytes are released at once.
      if (bodiesWait && c->phase == Phase::Body) events = POLLRDHUP;
      fds.push_back({fd, events, 0});
      polled.push_back(c.get());
    }
    const int ready = ::poll(fds.data(), fds.size(), pollTimeoutMs(now));
    if (ready < 0 && errno != EINTR) log_.error("http server: poll failed: %s", std::string(std::strerror(errno)));
    now = Clock::now();

    if (fds[0].revents != 0) {
      char sink[256];
      while (::read(wakeRead_, sink, sizeof sink) > 0) {
      }
    }
    outcomes.clear();
    for (size_t i = firstConnection; i < fds.size(); ++i) {
      ClientConnection& c = *polled[i - firstConnection];
      Next next = Next::Stay;
      if (fds[i].revents != 0)
        next = c.phase == Phase::Writing ? onWritable(c, now) : onReadable(c, now);
      if (next == Next::Stay && now >= c.deadline) next = onDeadline(c, now);
      if (next != Next::Stay) outcomes.emplace_back(&c, next);
    }
    for (const auto& [connection, next] : outcomes) {
      auto node = table_.extract(connection->fd());
      if (next == Next::Dispatch)
        dispatch(std::move(node.mapped()), now);
      else
        close(std::move(node.mapped()));
    }
    if (accepting && fds[1].revents != 0) acceptNew(now);

    if (reportedOpen_ != open_.load()) {
      reportedOpen_ = open_.load();
      metrics_.setGauge("vb_http_open_connections", {}, reportedOpen_);
    }
  }

  {
    std::lock_guard<std::mutex> lock(returnedMutex_);
    loopExited_ = true;
    for (auto& c : returned_) table_.emplace(c->fd(), std::move(c));
    returned_.clear();
  }
  for (auto& [fd, c] : table_) close(std::move(c));
  table_.clear();
}

int ConnectionLoop::pollTimeoutMs(Clock::time_point now) const {
  auto next = now + std::chrono::seconds(1);
  if (now < acceptPausedUntil_) next = std::min(next, acceptPausedUntil_);
  for (const auto& [fd, c] : table_) next = std::min(next, c->deadline);
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
  return static_cast<int>(std::clamp<long long>(wait + 1, 0, 1000));  // +1: wake after, not just before, a deadline
}

void ConnectionLoop::acceptNew(Clock::time_point now) {
  for (int i = 0; i < kAcceptsPerRound; ++i) {
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    const int fd = ::accept4(listenFd_, reinterpret_cast<sockaddr*>(&addr), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: the pending connection stays in the backlog;
        // stop polling the listener for a moment instead of spinning on it.
        log_.warning("http server: accept failed (%s); pausing accepts", std::string(std::strerror(errno)));
        acceptPausedUntil_ = now + kAcceptPauseOnEmfile;
      }
      return;  // EAGAIN: nothing more pending; anything else: the client is gone already
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string address = clientAddress(addr, length);
    if (open_.load() >= settings_.maxConnections) {
      refuse(fd, ProtocolError{503, "the server has too many open connections; retry shortly", 1}, "connection_cap");
      continue;
    }
    int& fromAddress = perAddress_[address];
    if (settings_.maxConnectionsPerAddress > 0 && fromAddress >= settings_.maxConnectionsPerAddress) {
      refuse(fd, ProtocolError{503, "too many open connections from your address; close some and retry", 1},
             "address_cap");
      continue;
    }
    ++fromAddress;
    ++open_;
    auto c = std::make_unique<ClientConnection>(fd, std::move(address));
    c->deadline = now + settings_.requestHeadTimeout;
    table_.emplace(fd, std::move(c));
  }
}

void ConnectionLoop::refuse(int fd, const ProtocolError& error, const char* reason) {
  // Best effort: one non-blocking write, then close. The connection is never
  // read, so a client that already sent its request may see a reset instead.
  metrics_.increment("vb_http_connections_refused_total", {{"reason", reason}});
  HttpRequest request;
  const std::string bytes = wireResponse(edge_.reject(error, request), WireOptions{false, false, false});
  size_t sent = 0;
  sendNonBlocking(fd, bytes, sent);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

ConnectionLoop::Next ConnectionLoop::onReadable(ClientConnection& c, Clock::time_point now) {
  char buffer[kReadChunk];
  const ssize_t n = ::recv(c.fd(), buffer, sizeof buffer, MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Next::Stay : Next::Close;
  if (n == 0) return Next::Close;  // the client closed (idle, mid-request or while we lingered)
  if (c.phase == Phase::Lingering) {
    c.drained += static_cast<size_t>(n);
    if (c.drained > settings_.maxDrainBytes) return Next::Close;
    c.deadline = std::min(now + settings_.lingerTimeout, c.lingerEnds);
    return Next::Stay;
  }
  c.input.append(buffer, static_cast<size_t>(n));
  return advance(c, now);
}

ConnectionLoop::Next ConnectionLoop::advance(ClientConnection& c, Clock::time_point now) {
  if (c.phase == Phase::Head) {
    if (!c.headStarted) {
      // Empty lines between requests are allowed (RFC 9112 §2.2) and skipped.
      const size_t start = c.input.find_first_not_of("\r\n");
      c.input.erase(0, start == std::string::npos ? c.input.size() : start);
      if (c.input.empty()) return Next::Stay;
      c.headStarted = true;
      // The first head's deadline runs from the accept; a kept-alive
      // connection's from the first byte of its next head.
      if (c.requestsServed > 0) c.deadline = now + settings_.requestHeadTimeout;
    }
    const size_t end = findHeadEnd(c.input);
    if (end == std::string::npos || end > settings_.maxRequestHeadBytes) {
      if (end == std::string::npos && c.input.size() <= settings_.maxRequestHeadBytes) return Next::Stay;
      const size_t lineEnd = c.input.find('\n');
      if ((lineEnd == std::string::npos ? c.input.size() : lineEnd) > settings_.maxUriBytes)
        return reject(c, ProtocolError{414, "the request target is longer than " +
                                                 std::to_string(settings_.maxUriBytes) + " bytes", 0},
                      now);
      return reject(c, ProtocolError{431, "the request head is larger than " +
                                              std::to_string(settings_.maxRequestHeadBytes) + " bytes", 0},
                    now);
    }
    auto head = parseRequestHead(std::string_view(c.input).substr(0, end), limits_);
    if (!head) return reject(c, head.error(), now);
    c.input.erase(0, end);
    c.head = std::move(head.value());
    c.body.clear();
    const RequestHead& h = *c.head;
    c.bodyLimit = settings_.bodyLimit ? settings_.bodyLimit(h.method, h.path) : settings_.maxBodyBytes;
    if (h.framing == RequestHead::Framing::ContentLength &&
        (h.contentLengthTooLarge || h.contentLength > c.bodyLimit))
      // Answered from the declared length: no body byte is waited for.
      return reject(c, ProtocolError{413, "request body exceeds " + std::to_string(c.bodyLimit) + " bytes", 0}, now);
    if (h.framing == RequestHead::Framing::None ||
        (h.framing == RequestHead::Framing::ContentLength && h.contentLength == 0))
      return Next::Dispatch;
    c.phase = Phase::Body;
    c.deadline = now + settings_.requestBodyTimeout;
    if (h.framing == RequestHead::Framing::Chunked) c.chunked.emplace(c.bodyLimit);
    if (h.expectContinue && c.input.empty()) {
      size_t sent = 0;
      if (!sendNonBlocking(c.fd(), wireContinue(), sent) || sent != wireContinue().size()) return Next::Close;
    }
  }

  if (c.phase == Phase::Body) {
    const RequestHead& h = *c.head;
    if (h.framing == RequestHead::Framing::ContentLength) {
      if (c.input.size() < h.contentLength) return Next::Stay;
      c.body.assign(c.input, 0, h.contentLength);
      c.input.erase(0, h.contentLength);
      return Next::Dispatch;
    }
    size_t consumed = 0;
    const auto status = c.chunked->feed(c.input, consumed, c.body);
    c.input.erase(0, consumed);
    switch (status) {
      case ChunkedBody::Status::NeedMore:
        return Next::Stay;
      case ChunkedBody::Status::Done:
        c.chunked.reset();
        return Next::Dispatch;
      case ChunkedBody::Status::TooLarge:
        return reject(c, ProtocolError{413, "request body exceeds " + std::to_string(c.bodyLimit) + " bytes", 0}, now);
      case ChunkedBody::Status::Malformed:
        return reject(c, ProtocolError{400, "the chunked request body is malformed", 0}, now);
    }
  }
  return Next::Stay;
}

ConnectionLoop::Next ConnectionLoop::reject(ClientConnection& c, const ProtocolError& error, Clock::time_point now) {
  HttpRequest request = c.head ? toHttpRequest(*c.head, {}) : HttpRequest{};
  c.output = wireResponse(edge_.reject(error, request), WireOptions{false, false, false});
  c.outputSent = 0;
  c.closeAfterWrite = true;
  c.phase = Phase::Writing;
  c.deadline = now + settings_.responseWriteTimeout;
  return writeSome(c, now);
}

ConnectionLoop::Next ConnectionLoop::onWritable(ClientConnection& c, Clock::time_point now) { return writeSome(c, now); }

ConnectionLoop::Next ConnectionLoop::writeSome(ClientConnection& c, Clock::time_point now) {
  if (!sendNonBlocking(c.fd(), c.output, c.outputSent)) return Next::Close;
  if (c.outputSent < c.output.size()) return Next::Stay;
  return afterResponse(c, now);
}

ConnectionLoop::Next ConnectionLoop::afterResponse(ClientConnection& c, Clock::time_point now) {
  c.output.clear();
  c.outputSent = 0;
  if (c.closeAfterWrite || stopping_) {
    // Close gracefully: no more writes, and whatever the client still sends
    // (the rest of a refused body) is read and dropped for a while, so its
    // TCP stack does not reset the connection before it reads our answer.
    ::shutdown(c.fd(), SHUT_WR);
    c.phase = Phase::Lingering;
    c.input.clear();
    c.lingerEnds = now + 5 * settings_.lingerTimeout;
    c.deadline = now + settings_.lingerTimeout;
    return Next::Stay;
  }
  ++c.requestsServed;
  c.phase = Phase::Head;
  c.headStarted = false;
  c.head.reset();
  c.body.clear();
  c.body.shrink_to_fit();
  c.deadline = now + settings_.keepAliveTimeout;
  if (!c.input.empty()) return advance(c, now);  // a pipelined request is already here
  if (c.input.capacity() > kReadChunk) c.input.shrink_to_fit();
  return Next::Stay;
}

ConnectionLoop::Next ConnectionLoop::onDeadline(ClientConnection& c, Clock::time_point now) {
  switch (c.phase) {
    case Phase::Head:
      if (!c.headStarted) return Next::Close;  // idle: nothing to answer
      metrics_.increment("vb_http_timeouts_total", {{"phase", "head"}});
      return reject(c, ProtocolError{408, "the request head did not arrive within " +
                                              std::to_string(millisOf(settings_.requestHeadTimeout)) + " ms", 0},
                    now);
    case Phase::Body:
      metrics_.increment("vb_http_timeouts_total", {{"phase", "body"}});
      return reject(c, ProtocolError{408, "the request body did not arrive within " +
                                              std::to_string(millisOf(settings_.requestBodyTimeout)) + " ms", 0},
                    now);
    case Phase::Writing:
      metrics_.increment("vb_http_timeouts_total", {{"phase", "write"}});
      return Next::Close;
    case Phase::Working:
    case Phase::Lingering:
      break;
  }
  return Next::Close;
}

void ConnectionLoop::dispatch(std::unique_ptr<ClientConnection> c, Clock::time_point now) {
  c->phase = Phase::Working;
  c->fairnessKey = settings_.fairnessKey ? settings_.fairnessKey(*c->head) : std::string();
  if (c->fairnessKey.empty()) c->fairnessKey = c->address;
  if (queue_.tryPush(c)) return;
  metrics_.increment("vb_http_connections_refused_total", {{"reason", "queue_full"}});
  ClientConnection& connection = *c;
  table_.emplace(connection.fd(), std::move(c));
  if (reject(connection, ProtocolError{503, "the server is overloaded; retry shortly", 1}, now) == Next::Close)
    close(std::move(table_.extract(connection.fd()).mapped()));
}

void ConnectionLoop::takeReturned(Clock::time_point now) {
  std::vector<std::unique_ptr<ClientConnection>> returned;
  {
    std::lock_guard<std::mutex> lock(returnedMutex_);
    returned.swap(returned_);
  }
  for (auto& c : returned) {
    ClientConnection& connection = *c;
    table_.emplace(connection.fd(), std::move(c));
    Next next = Next::Stay;
    if (connection.outputSent < connection.output.size()) {
      connection.phase = Phase::Writing;
      connection.deadline = now + settings_.responseWriteTimeout;
    } else {
      next = afterResponse(connection, now);
    }
    if (next == Next::Stay) continue;
    auto node = table_.extract(connection.fd());
    if (next == Next::Dispatch)
      dispatch(std::move(node.mapped()), now);
    else
      close(std::move(node.mapped()));
  }
}

void ConnectionLoop::close(std::unique_ptr<ClientConnection> c) {
  const auto it = perAddress_.find(c->address);
  if (it != perAddress_.end() && --it->second <= 0) perAddress_.erase(it);
  --open_;
  c.reset();  // closes the socket
}

}  // namespace vb
