#include "jobs/callback_target.h"

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>
#include <Poco/URI.h>

namespace vb {
namespace {

bool inV4Range(const Poco::Net::IPAddress& address, const char* network, unsigned prefix) {
  return address.family() == Poco::Net::IPAddress::IPv4 &&
         (address & Poco::Net::IPAddress(prefix, Poco::Net::IPAddress::IPv4)) ==
             Poco::Net::IPAddress(network);
}

}  // namespace

bool isNonPublicAddress(const Poco::Net::IPAddress& address) {
  if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
    const std::string text = address.toString();
    const auto colon = text.rfind(':');
    Poco::Net::IPAddress v4;
    if (colon != std::string::npos && Poco::Net::IPAddress::tryParse(text.substr(colon + 1), v4))
      return isNonPublicAddress(v4);
    return true;
  }
  if (address.isWildcard() || address.isLoopback() || address.isLinkLocal() || address.isSiteLocal() ||
      address.isMulticast() || address.isBroadcast())
    return true;
  if (inV4Range(address, "100.64.0.0", 10) || inV4Range(address, "0.0.0.0", 8)) return true;  // CGNAT, "this network"
  if (address.family() == Poco::Net::IPAddress::IPv6) {
    const auto* bytes = static_cast<const unsigned char*>(address.addr());
    if ((bytes[0] & 0xfe) == 0xfc) return true;  // fc00::/7 unique local
  }
  return false;
}

Result<CallbackTarget, std::string> CallbackTarget::parse(const std::string& url) {
  try {
    Poco::URI uri(url);
    CallbackTarget target;
    target.scheme = uri.getScheme();
    if (target.scheme != "http" && target.scheme != "https")
      return unexpected(std::string("callbackUrl must be an http or https URL"));
    target.host = uri.getHost();
    if (target.host.empty()) return unexpected(std::string("callbackUrl has no host"));
    if (!uri.getUserInfo().empty()) return unexpected(std::string("callbackUrl must not carry credentials"));
    target.port = uri.getPort();
    target.pathAndQuery = uri.getPathEtc();
    if (target.pathAndQuery.empty()) target.pathAndQuery.push_back('/');
    return target;
  } catch (const Poco::Exception&) {
    return unexpected(std::string("callbackUrl is not a valid URL"));
  }
}

Result<Poco::Net::IPAddress, std::string> CallbackTarget::resolve(bool allowPrivate) const {
  std::vector<Poco::Net::IPAddress> addresses;
  Poco::Net::IPAddress literal;
  if (Poco::Net::IPAddress::tryParse(host, literal)) {
    addresses.push_back(literal);
  } else {
    try {
      const Poco::Net::HostEntry entry = Poco::Net::DNS::hostByName(host);
      addresses = entry.addresses();
    } catch (const Poco::Exception&) {
      return unexpected(std::string("callbackUrl's host does not resolve"));
    }
  }
  if (addresses.empty()) return unexpected(std::string("callbackUrl's host does not resolve"));
  if (!allowPrivate)
    for (const auto& address : addresses)
      if (isNonPublicAddress(address))
        return unexpected(std::string("callbackUrl resolves to a private, loopback or link-local address"));
  return addresses.front();
}

}  // namespace vb
