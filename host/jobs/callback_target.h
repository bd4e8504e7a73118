// Where a callback may go. A callbackUrl must be an absolute http or https
// URL; unless private destinations are allowed (callbacks.allowPrivate, for
// development and tests), every address its host resolves to must be public:
// loopback, private (RFC 1918, CGNAT, unique local), link-local, unspecified
// and multicast addresses are refused — checked after resolving, and the
// delivery connects to the address that was checked (no second lookup a
// rebinding DNS server could answer differently).
#pragma once

#include <Poco/Net/IPAddress.h>

#include <cstdint>
#include <string>

#include "common/result.h"

namespace vb {

struct CallbackTarget {
  std::string scheme;  // "http" | "https"
  std::string host;    // as written (a name or an address literal)
  uint16_t port = 0;
  std::string pathAndQuery;  // "/" at least

  // Error: why the URL is not usable (safe to show).
  static Result<CallbackTarget, std::string> parse(const std::string& url);

  // The address to connect to: the host resolved, every address checked.
  // Error: unresolvable, or a non-public address while !allowPrivate.
  Result<Poco::Net::IPAddress, std::string> resolve(bool allowPrivate) const;
};

// Loopback, private, link-local, unspecified, multicast (IPv4-mapped IPv6
// addresses judged by their IPv4 address).
bool isNonPublicAddress(const Poco::Net::IPAddress& address);

}  // namespace vb
