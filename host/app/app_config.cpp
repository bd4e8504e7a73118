#include "app/app_config.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>

#include <stdexcept>

namespace vb {
namespace {

std::string absolute(const std::string& path) {
  if (path.empty()) return path;
  Poco::Path p(path);
  return p.isAbsolute() ? p.toString() : p.makeAbsolute().toString();
}

std::string envOr(const char* name, const std::string& fallback) {
  return Poco::Environment::has(name) ? Poco::Environment::get(name) : fallback;
}

}  // namespace

Poco::JSON::Object::Ptr AppConfig::section(const std::string& name) const {
  if (root && root->has(name) && root->isObject(name)) return root->getObject(name);
  return new Poco::JSON::Object;
}

DatabaseSettings AppConfig::databaseSettings() const {
  DatabaseSettings settings;
  const auto db = section("database");
  settings.path = databasePath;
  // VB_DATABASE_URL wins over database.url; either selects PostgreSQL.
  settings.url = envOr("VB_DATABASE_URL", db->optValue<std::string>("url", ""));
  settings.writerSessions = db->optValue<int>("writerSessions", settings.writerSessions);
  settings.readerSessions = db->optValue<int>("readerSessions", settings.readerSessions);
  settings.busyTimeoutMs = db->optValue<int>("busyTimeoutMs", settings.busyTimeoutMs);
  settings.readerWaitMs = db->optValue<int>("readerWaitMs", settings.readerWaitMs);
  return settings;
}

HttpServerSettings AppConfig::httpServerSettings() const {
  HttpServerSettings settings;
  settings.host = host;
  settings.port = static_cast<uint16_t>(port);
  settings.listenBacklog = listenBacklog;
  settings.workerThreads = maxThreads;
  settings.maxQueuedRequests = maxQueued;
  settings.maxWorkersPerClient = section("server")->optValue<int>("maxWorkersPerClient", 0);
  settings.maxQueuedPerClient = section("server")->optValue<int>("maxQueuedPerClient", 0);
  settings.maxConnections = maxConnections;
  settings.maxConnectionsPerAddress = maxConnectionsPerAddress;
  settings.keepAliveTimeout = std::chrono::milliseconds(keepAliveTimeoutMs);
  settings.requestHeadTimeout = std::chrono::milliseconds(requestHeadTimeoutMs);
  settings.requestBodyTimeout = std::chrono::milliseconds(requestBodyTimeoutMs);
  settings.responseWriteTimeout = std::chrono::milliseconds(responseWriteTimeoutMs);
  settings.maxRequestHeadBytes = static_cast<size_t>(maxRequestHeadBytes);
  settings.maxBodyBytes = maxBodyBytes;
  return settings;
}

AppConfig AppConfig::load(const std::string& file) {
  AppConfig config;
  config.path = absolute(file);
  try {
    Poco::FileInputStream in(config.path);
    Poco::JSON::Parser parser;
    config.root = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot read config " + config.path + ": " + e.displayText());
  } catch (const std::exception& e) {
    throw std::runtime_error("config " + config.path + " is not a JSON object: " + e.what());
  }

  try {
    const auto server = config.section("server");
    config.host = server->optValue<std::string>("host", config.host);
    config.port = server->optValue<int>("port", config.port);
    config.maxThreads = server->optValue<int>("maxThreads", config.maxThreads);
    config.maxQueued = server->optValue<int>("maxQueued", config.maxQueued);
    config.keepAliveTimeoutMs = server->optValue<int>("keepAliveTimeoutMs", config.keepAliveTimeoutMs);
    config.maxBodyBytes = server->optValue<Poco::UInt64>("maxBodyBytes", config.maxBodyBytes);
    config.requestHeadTimeoutMs = server->optValue<int>("requestHeadTimeoutMs", config.requestHeadTimeoutMs);
    config.requestBodyTimeoutMs = server->optValue<int>("requestBodyTimeoutMs", config.requestBodyTimeoutMs);
    config.responseWriteTimeoutMs = server->optValue<int>("responseWriteTimeoutMs", config.responseWriteTimeoutMs);
    config.maxConnections = server->optValue<int>("maxConnections", config.maxConnections);
    config.maxConnectionsPerAddress =
        server->optValue<int>("maxConnectionsPerAddress", config.maxConnectionsPerAddress);
    config.maxRequestHeadBytes = server->optValue<int>("maxRequestHeadBytes", config.maxRequestHeadBytes);
    config.listenBacklog = server->optValue<int>("listenBacklog", config.listenBacklog);
    config.webappDir = server->optValue<std::string>("webappDir", "webapp/dist");
    config.accessLog = server->optValue<bool>("accessLog", true);
    if (server->has("corsOrigins") && server->isArray("corsOrigins"))
      for (const auto& origin : *server->getArray("corsOrigins")) config.corsOrigins.push_back(origin.toString());
    config.operatorToken = config.root->optValue<std::string>("operatorToken", "");
    config.databasePath = config.section("database")->optValue<std::string>("path", "var/vocalbridge.db");
    config.pluginDir = config.root->optValue<std::string>("pluginDir", "build/plugins");
    config.mockVendorsEnabled = config.section("mockVendors")->optValue<bool>("enabled", false);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("config " + config.path + ": wrong type: " + e.displayText());
  }

  config.port = std::stoi(envOr("VB_PORT", std::to_string(config.port)));
  config.operatorToken = envOr("VB_OPERATOR_TOKEN", config.operatorToken);
  config.databasePath = absolute(envOr("VB_DB_PATH", config.databasePath));
  config.pluginDir = absolute(envOr("VB_PLUGIN_DIR", config.pluginDir));
  config.webappDir = absolute(envOr("VB_WEBAPP_DIR", config.webappDir));
  if (config.port < 0 || config.port > 65535) throw std::runtime_error("config: server.port out of range");
  if (config.maxThreads < 1) throw std::runtime_error("config: server.maxThreads must be >= 1");
  for (const auto& [key, value] : {std::pair<const char*, int>{"keepAliveTimeoutMs", config.keepAliveTimeoutMs},
                                   {"requestHeadTimeoutMs", config.requestHeadTimeoutMs},
                                   {"requestBodyTimeoutMs", config.requestBodyTimeoutMs},
                                   {"responseWriteTimeoutMs", config.responseWriteTimeoutMs},
                                   {"maxConnections", config.maxConnections},
                                   {"maxRequestHeadBytes", config.maxRequestHeadBytes},
                                   {"maxQueued", config.maxQueued}})
    if (value < 1) throw std::runtime_error(std::string("config: server.") + key + " must be >= 1");
  if (config.maxConnectionsPerAddress < 0)
    throw std::runtime_error("config: server.maxConnectionsPerAddress must be >= 0 (0 = no cap)");
  return config;
}

}  // namespace vb
