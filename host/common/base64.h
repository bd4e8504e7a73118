// Base64 (RFC 4648, standard alphabet, padded, no line breaks) over POCO's
// encoder and decoder.
#pragma once

#include <optional>
#include <string>

namespace vb {

std::string base64Encode(const std::string& bytes);
// nullopt when `text` is not valid base64.
std::optional<std::string> base64Decode(const std::string& text);

}  // namespace vb
