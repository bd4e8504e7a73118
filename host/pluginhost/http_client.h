// HttpClient: the HTTP client behind vb_host_api.http_request. Plain HTTP/1.1
// over Poco::Net::HTTPClientSession, with a small pool of keep-alive
// connections per host:port (vendor calls reuse warm connections), a
// whole-exchange deadline, and cancellation through a CancelToken.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "vocalbridge/vb_plugin.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace vb {

// Thread-safe: exchange() may be called concurrently from any thread; the
// pool is shared by every plugin of a registry.
class HttpClient {
 public:
  struct Options {
    std::chrono::milliseconds defaultTimeout{30000};  // when a request says timeout_ms = 0
    size_t maxIdlePerEndpoint = 64;                   // idle keep-alive connections kept per host:port
    std::chrono::seconds keepAlive{8};                // an idle connection older than this is reopened
  };

  // The first client constructed sets SIGPIPE to SIG_IGN for the process
  // (see http_client.cpp: a vendor closing a connection must not kill us).
  HttpClient();
  explicit HttpClient(Options options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs one exchange; the contract of vb_host_api.http_request:
  //  VB_OK with response.status set and the body written to response.body
  //  (any HTTP status is OK here); VB_DEADLINE_EXCEEDED / TIMEOUT when the
  //  exchange outlives its timeout; VB_CANCELLED / PERMANENT when the token
  //  is cancelled (before or during the exchange); VB_UNAVAILABLE / TRANSIENT
  //  when the connection fails (refused, reset, closed early);
  //  VB_INVALID_ARGUMENT / INVALID_REQUEST for a bad URL or method; and
  //  VB_INTERNAL / PERMANENT when response.body refuses the data.
  // `request` and `response` are full-size (already widened by the caller).
  vb_status exchange(const vb_http_request& request, vb_http_response& response, vb_error* error);

  // Observability for tests and metrics.
  uint64_t connectionsOpened() const noexcept { return connectionsOpened_.load(std::memory_order_relaxed); }
  size_t idleConnections() const;

 private:
  using Session = std::unique_ptr<Poco::Net::HTTPClientSession>;
  Session acquire(const std::string& host, uint16_t port, bool& reused);
  void release(const std::string& host, uint16_t port, Session session);

  const Options options_;
  std::atomic<uint64_t> connectionsOpened_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<Session>>
      idle_;  // "host:port" → idle sessions; guarded by mutex_
};

}  // namespace vb
