// RawHttp: a loopback TCP connection that sends exactly the bytes a test
// gives it (malformed, partial, slow) and reads HTTP/1.1 responses with a
// deadline — what an HTTP client library would never let a test send.
//
//   RawConnection c(port);
//   c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
//   auto r = c.readResponse(std::chrono::seconds(2));   // nullopt on timeout or close
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vb::test {

struct RawResponse {
  int status = 0;
  std::string reason;                          // "Unauthorized"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const {
    const auto it = headers.find(Poco::toLower(name));
    return it == headers.end() ? std::string() : it->second;
  }
  Poco::JSON::Object::Ptr json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  }
};

class RawConnection {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects to 127.0.0.1:port from `source` (any 127.x.y.z address: a test
  // can look like several clients). Throws std::runtime_error on failure.
  explicit RawConnection(uint16_t port, const std::string& source = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) fail("socket");
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) fail("bind");
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) fail("connect");
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends every byte; false when the server has closed or reset the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response, framed by Content-Length (none: no body, as for 1xx/204/HEAD
  // answers the tests read). nullopt when none is complete before `timeout`
  // or the server closes first.
  std::optional<RawResponse> readResponse(std::chrono::milliseconds timeout, bool headRequest = false) {
    const auto deadline = Clock::now() + timeout;
    size_t headEnd;
    while ((headEnd = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!readMore(deadline)) return std::nullopt;
    RawResponse response;
    const std::string head = buffer_.substr(0, headEnd);
    const size_t lineEnd = head.find("\r\n");
    const std::string statusLine = head.substr(0, lineEnd);
    const size_t firstSpace = statusLine.find(' ');
    const size_t secondSpace = statusLine.find(' ', firstSpace + 1);
    response.status = std::stoi(statusLine.substr(firstSpace + 1, secondSpace - firstSpace - 1));
    response.reason = secondSpace == std::string::npos ? "" : statusLine.substr(secondSpace + 1);
    for (size_t at = lineEnd; at != std::string::npos && at < head.size();) {
      const size_t next = head.find("\r\n", at + 2);
      const std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
      const size_t colon = line.find(':');
      if (colon != std::string::npos)
        response.headers[Poco::toLower(line.substr(0, colon))] = Poco::trim(line.substr(colon + 1));
      at = next;
    }
    buffer_.erase(0, headEnd + 4);
    const size_t length = headRequest || response.headers.count("content-length") == 0
                              ? 0
                              : std::stoul(response.headers["content-length"]);
    while (buffer_.size() < length)
      if (!readMore(deadline)) return std::nullopt;
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // Whether the server closes the connection (EOF or reset) before `timeout`;
  // bytes that arrive meanwhile are kept for readResponse.
  bool closedWithin(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline)
      if (!readMore(deadline)) return !timedOut_;
    return false;
  }

  int fd() const { return fd_; }

 private:
  [[noreturn]] void fail(const char* what) {
    const std::string message = std::string("raw connection: ") + what + ": " + std::strerror(errno);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(message);
  }

  // Reads what arrives before `deadline`; false on timeout (timedOut_ set) or close.
  bool readMore(Clock::time_point deadline) {
    timedOut_ = false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timedOut_ = true;
      return false;
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready == 0) {
      timedOut_ = true;
      return false;
    }
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool timedOut_ = false;
};

}  // namespace vb::test
