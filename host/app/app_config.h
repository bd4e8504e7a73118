// AppConfig: the host's configuration file (config/vocalbridge.json) read
// once and validated into typed settings. Each concern still parses its own
// section (reliability, pricing, …) from `root`, so this file only knows the
// process-level keys. Environment variables override the file:
//   VB_PORT, VB_OPERATOR_TOKEN, VB_DB_PATH, VB_DATABASE_URL, VB_PLUGIN_DIR, VB_WEBAPP_DIR.
// Relative paths are resolved against the current working directory.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "http/http_server.h"
#include "store/database.h"

namespace vb {

struct AppConfig {
  std::string path;               // absolute path of the config file (watched for plugin changes)
  Poco::JSON::Object::Ptr root;   // the whole document, for the concerns' own sections

  std::string host = "0.0.0.0";
  int port = 8080;                // 0 = ephemeral (tests)
  int maxThreads = 128;
  int maxQueued = 1024;
  int keepAliveTimeoutMs = 10000;
  // Connection limits of the HTTP server (HttpServerSettings; the config's
  // "_why_<key>" notes explain the values).
  int requestHeadTimeoutMs = 10000;
  int requestBodyTimeoutMs = 20000;
  int responseWriteTimeoutMs = 30000;
  int maxConnections = 10000;
  int maxConnectionsPerAddress = 1000;
  int maxRequestHeadBytes = 32768;
  int listenBacklog = 512;
  size_t maxBodyBytes = 1 << 20;
  std::string webappDir;
  std::vector<std::string> corsOrigins;
  bool accessLog = true;
  std::string operatorToken;
  std::string databasePath;
  std::string pluginDir;
  bool mockVendorsEnabled = true;

  // Reads and validates the file; throws std::runtime_error with a message
  // naming the file and the problem.
  static AppConfig load(const std::string& path);

  // The store's settings: section "database" {readerSessions, busyTimeoutMs,
  // readerWaitMs} with `databasePath` (VB_DB_PATH wins over database.path);
  // database.url / VB_DATABASE_URL ("postgresql://…") selects PostgreSQL.
  DatabaseSettings databaseSettings() const;

  // The HTTP server's settings from the "server" keys above.
  HttpServerSettings httpServerSettings() const;

  // The named section, or an empty object.
  Poco::JSON::Object::Ptr section(const std::string& name) const;
};

}  // namespace vb
