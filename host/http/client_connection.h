// ClientConnection: one accepted connection and where it stands. Internal to
// HttpServer: owned by exactly one thread at a time — the ConnectionLoop
// while it waits for input or output, a worker while its request runs —
// and handed over by moving the unique_ptr, so it needs no lock.
#pragma once

#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

#include "http/chunked_body.h"
#include "http/request_head.h"

namespace vb {

// Sends bytes[sent..] as far as the socket takes them now, without blocking,
// advancing `sent`. False when the connection is broken.
bool sendNonBlocking(int fd, const std::string& bytes, size_t& sent);

class ClientConnection {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Phase {
    Head,       // waiting for (the rest of) a request head; idle keep-alive included
    Body,       // head parsed, reading its body
    Working,    // complete request with a worker (not polled)
    Writing,    // response partly written, waiting until the socket takes more
    Lingering   // error answer sent, write side shut: discarding input until EOF or deadline
  };

  ClientConnection(int fd, std::string clientAddress) : address(std::move(clientAddress)), fd_(fd) {}
  ~ClientConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  int fd() const { return fd_; }

  const std::string address;           // client IP, for the per-address cap
  Phase phase = Phase::Head;
  Clock::time_point deadline;          // of the current phase
  Clock::time_point lingerEnds;        // Lingering: the hard end, however much still arrives
  int requestsServed = 0;
  bool headStarted = false;            // a byte of the current head has arrived

  std::string input;                   // read, not yet consumed (may hold the next pipelined request)
  std::optional<RequestHead> head;     // from Body on
  std::optional<ChunkedBody> chunked;  // Body of a chunked request
  size_t bodyLimit = 0;                // the current request's body limit (its route's)
  std::string body;
  std::string fairnessKey;             // the current request's (RequestQueue), set before it is queued

  std::string output;                  // response bytes
  size_t outputSent = 0;
  bool closeAfterWrite = false;
  size_t drained = 0;                  // Lingering: input bytes discarded

 private:
  const int fd_;
};

}  // namespace vb
