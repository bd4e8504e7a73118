#include "store/database_url.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <string_view>

namespace vb {
namespace {

std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

std::string PostgresUrl::connectionString() const {
  std::string s = "host=" + quoted(host) + " port=" + std::to_string(port) + " dbname=" + quoted(database);
  if (!user.empty()) s += " user=" + quoted(user);
  if (!password.empty()) s += " password=" + quoted(password);
  // A host that cannot be reached fails the start in seconds, not minutes.
  s += " connect_timeout=5 application_name='vocalbridge'";
  return s;
}

std::string PostgresUrl::redacted() const {
  return "postgresql://" + (user.empty() ? std::string() : user + "@") + host + ":" + std::to_string(port) + "/" +
         database;
}

std::optional<PostgresUrl> parsePostgresUrl(const std::string& url) {
  if (!startsWith(url, "postgresql://") && !startsWith(url, "postgres://")) return std::nullopt;
  try {
    const Poco::URI uri(url);
    PostgresUrl out;
    if (!uri.getHost().empty()) out.host = uri.getHost();
    if (uri.getPort() != 0) out.port = uri.getPort();
    std::string path = uri.getPath();
    if (!path.empty() && path.front() == '/') path.erase(0, 1);
    if (path.empty() || path.find('/') != std::string::npos) return std::nullopt;
    out.database = path;
    const std::string& userInfo = uri.getUserInfo();  // still percent-encoded
    const auto colon = userInfo.find(':');
    Poco::URI::decode(userInfo.substr(0, colon), out.user);
    if (colon != std::string::npos) Poco::URI::decode(userInfo.substr(colon + 1), out.password);
    return out;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace vb
