// A test-only HTTP forwarder for FakeHost: performs the plugin's request with
// Poco::Net::HTTPClientSession (so plugins meet the real mock vendors) and can
// add headers the plugin never sends, e.g. X-Mock-Fault to force a fault.
#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "plugin_harness.h"

namespace vbtest {

inline Canned forwardOverHttp(const SentRequest& sr, const std::map<std::string, std::string>& extraHeaders) {
  Canned c;
  try {
    const Poco::URI uri(sr.url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    const long timeoutMs = sr.timeoutMs ? sr.timeoutMs : 10000;
    session.setTimeout(Poco::Timespan(timeoutMs / 1000, (timeoutMs % 1000) * 1000));
    Poco::Net::HTTPRequest request(sr.method, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : sr.headers) request.set(name, value);
    for (const auto& [name, value] : extraHeaders) request.set(name, value);
    request.setContentLength(static_cast<std::streamsize>(sr.body.size()));
    session.sendRequest(request) << sr.body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    Poco::StreamCopier::copyToString(in, c.body);
    c.httpStatus = response.getStatus();
    for (const auto& [name, value] : response) c.headers[name] = value;
  } catch (const Poco::TimeoutException&) {
    c.transport = VB_DEADLINE_EXCEEDED;
    c.transportClass = VB_ERROR_TIMEOUT;
  } catch (const Poco::Exception&) {
    c.transport = VB_UNAVAILABLE;
    c.transportClass = VB_ERROR_TRANSIENT;
  }
  return c;
}

}  // namespace vbtest
