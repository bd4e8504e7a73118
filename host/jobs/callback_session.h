// The HTTP(S) client session a callback attempt uses: connected to the
// address CallbackTarget::resolve checked (no second DNS lookup a rebinding
// could turn private), while TLS verifies the certificate against the URL's
// host name — so https callbacks cannot be pointed at a private address, and
// a certificate for another name is refused.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/IPAddress.h>

#include <chrono>
#include <memory>
#include <string>

#include "jobs/callback_target.h"

namespace vb {

class CallbackSessions {
 public:
  // `caFile`: a PEM bundle trusted for https receivers besides the system's
  // certificate authorities ("" = the system's only). Throws
  // Poco::Exception when the file cannot be read.
  explicit CallbackSessions(const std::string& caFile);

  // An unconnected session for `target` (scheme http or https) that connects
  // to `address`. Thread-safe.
  std::unique_ptr<Poco::Net::HTTPClientSession> open(const CallbackTarget& target, const Poco::Net::IPAddress& address,
                                                     std::chrono::milliseconds timeout) const;

 private:
  Poco::Net::Context::Ptr tls_;
};

}  // namespace vb
