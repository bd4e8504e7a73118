#include "jobs/callback_session.h"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>

#include <mutex>

namespace vb {
namespace {

// POCO asks SSLManager what to do with a certificate that fails verification;
// without a handler it would build one from an application config or ask on
// the console. Once per process: refuse, never ask.
void refuseInvalidCertificates() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.loadDefaultCAs = true;
    Poco::Net::SSLManager::instance().initializeClient(
        nullptr, new Poco::Net::RejectCertificateHandler(false),
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params));
  });
}

}  // namespace

CallbackSessions::CallbackSessions(const std::string& caFile) {
  refuseInvalidCertificates();
  Poco::Net::Context::Params params;
  params.caLocation = caFile;
  params.loadDefaultCAs = true;
  // The receiver's chain is verified, then POCO's extended verification
  // checks the certificate's names against the peer host name set below —
  // under VERIFY_RELAXED it skips that check for "localhost", hence STRICT.
  params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
  params.verificationDepth = 9;
  tls_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  tls_->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
}

std::unique_ptr<Poco::Net::HTTPClientSession> CallbackSessions::open(const CallbackTarget& target,
                                                                    const Poco::Net::IPAddress& address,
                                                                    std::chrono::milliseconds timeout) const {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (target.scheme == "https") {
    Poco::Net::SecureStreamSocket socket(tls_);
    socket.setPeerHostName(target.host);  // kept by the session: what the certificate must name
    session = std::make_unique<Poco::Net::HTTPSClientSession>(socket);
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>();
  }
  session->setHost(address.toString());  // connect here; the request's Host header names target.host
  session->setPort(target.port);
  session->setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count()));
  return session;
}

}  // namespace vb
