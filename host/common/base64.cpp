#include "common/base64.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <iterator>
#include <sstream>

namespace vb {

std::string base64Encode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::optional<std::string> base64Decode(const std::string& text) {
  try {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    std::string bytes((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    if (decoder.bad()) return std::nullopt;
    return bytes;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace vb
