// vb-bench-usage-scale: fills a fresh database with a year of usage, fast,
// straight through the store (no HTTP), so the usage rollups can be timed at
// production volume:
//
//   vb-bench-usage-scale --db FILE [--events 10000000] [--tenants 100] [--months 12]
//
// Every event is a real row with its assistant message and session, linked by
// the schema's composite foreign keys, spread evenly over the tenants (3
// agents each, one session per agent per day) and over the last `months`
// months, ending today. Prints, as shell assignments, the first tenant's id
// and admin key, the range and the row counts and the seconds it took.
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "store/database.h"
#include "store/timestamps.h"
#include "tenancy/tenancy_service.h"

namespace {

using Poco::Data::Keywords::use;

struct Options {
  std::string db;
  int64_t events = 10'000'000;
  int tenants = 100;
  int months = 12;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--db") o.db = value;
    else if (name == "--events") o.events = std::stoll(value);
    else if (name == "--tenants") o.tenants = std::stoi(value);
    else if (name == "--months") o.months = std::stoi(value);
    else throw std::runtime_error("unknown option " + name);
  }
  if (o.db.empty() || o.events < 1 || o.tenants < 1 || o.months < 1)
    throw std::runtime_error("usage: vb-bench-usage-scale --db FILE [--events N] [--tenants N] [--months N]");
  return o;
}

// A plain sqlite3 connection for the bulk rows (the store's Database made
// the schema). Throws std::runtime_error with SQLite's message.
class BulkWriter {
 public:
  using Value = std::variant<std::string, int64_t>;

  class Statement {
   public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, sqlite3_finalize) {}
    void run(std::initializer_list<Value> values) {
      int index = 1;
      for (const auto& value : values) {
        if (const auto* text = std::get_if<std::string>(&value))
          sqlite3_bind_text(stmt_.get(), index++, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
        else
          sqlite3_bind_int64(stmt_.get(), index++, std::get<int64_t>(value));
      }
      if (sqlite3_step(stmt_.get()) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
      sqlite3_reset(stmt_.get());
    }

   private:
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt_;
  };

  explicit BulkWriter(const std::string& path) : db_(nullptr, sqlite3_close) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
    db_.reset(db);
    // The rows are linked by construction; checking every reference would
    // double the time. synchronous OFF: a crash here only loses the scratch file.
    exec("PRAGMA foreign_keys = OFF");
    exec("PRAGMA synchronous = OFF");
    exec("PRAGMA cache_size = -262144");  // 256 MiB: the indexes being appended stay in memory
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_.get()));
  }
  Statement prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql, -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_.get()));
    return Statement(db_.get(), stmt);
  }

 private:
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_;
};

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  const auto began = std::chrono::steady_clock::now();
  vb::DatabaseSettings settings;
  settings.path = options.db;  // the bulk rows below go through SQLite's own API: SQLite only
  auto database = std::make_shared<vb::Database>(settings);
  auto tenancy = std::make_unique<vb::TenancyService>(database, vb::systemClock());

  const int days = options.months * 365 / 12;
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto firstDay = today - std::chrono::days(days - 1);
  const int agentsPerTenant = 3;
  // Events per session: the total spread evenly, the remainder one each to the first sessions.
  const int64_t totalSessions = int64_t{options.tenants} * agentsPerTenant * days;
  const int64_t baseCount = options.events / totalSessions, extra = options.events % totalSessions;
  const char* providers[] = {"vendorA", "vendorB"};

  std::vector<std::string> tenantIds;
  std::string firstKey;
  for (int t = 0; t < options.tenants; ++t) {
    auto created = tenancy->createTenant("Scale tenant " + std::to_string(t));
    if (!created) throw std::runtime_error("createTenant: " + created.error().detail);
    tenantIds.push_back(created->tenant.id);
    if (t == 0) firstKey = created->adminKey.key;
  }
  std::string at0 = vb::formatTimestamp(std::chrono::system_clock::time_point(firstDay));
  database->write([&](vb::Transaction& tx) {
    for (auto tenant : tenantIds)
      for (int a = 0; a < agentsPerTenant; ++a) {
        std::string id = "agt_scale_" + std::to_string(a), name = "Scale agent " + std::to_string(a);
        std::string primary = providers[a % 2], fallback = providers[(a + 1) % 2];
        tx.session() << "INSERT INTO agents (tenant_id, id, name, primary_provider, fallback_provider, "
                        "system_prompt, enabled_tools, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, '', "
                        "'[]', $6, $7)",
            use(tenant), use(id), use(name), use(primary), use(fallback), use(at0), use(at0), Poco::Data::Keywords::now;
      }
  });

  tenancy.reset();
  database.reset();  // the store has made the schema, tenants, keys and agents; the bulk rows go below

  // The bulk rows through SQLite's own API: statements prepared once and
  // re-bound, one transaction per 200,000 events (Poco's per-row binding cost
  // more than SQLite's inserts).
  BulkWriter db(options.db);
  auto sessionsInsert = db.prepare(
      "INSERT INTO sessions (tenant_id, id, agent_id, customer_id, channel, metadata, created_at) "
      "VALUES ($1, $2, $3, $4, 'chat', '{}', $5)");
  auto messagesInsert = db.prepare(
      "INSERT INTO messages (tenant_id, id, session_id, seq, role, content, provider, tokens_in, tokens_out, "
      "request_id, created_at) VALUES ($1, $2, $3, $4, 'assistant', 'ok', $5, $6, $7, 'req_scale', $8)");
  auto eventsInsert = db.prepare(
      "INSERT INTO usage_events (tenant_id, id, agent_id, session_id, message_id, call_index, provider, tokens_in, "
      "tokens_out, cost_micros, pricing_version, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, "
      "'scale', $10)");

  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> tokens(20, 400);
  int64_t written = 0, sessions = 0, inBatch = 0;
  // Tenant by tenant, in time order, ids zero-padded: every index of the
  // tables grows at its end, which keeps SQLite's B-tree inserts sequential.
  auto padded = [](const char* prefix, int64_t n) {
    char id[40];
    std::snprintf(id, sizeof id, "%s%012lld", prefix, static_cast<long long>(n));
    return std::string(id);
  };
  db.exec("BEGIN");
  for (const auto& tenant : tenantIds)
    for (int day = 0; day < days; ++day) {
      const auto dayStart = std::chrono::system_clock::time_point(firstDay + std::chrono::days(day));
      const std::string sessionAt = vb::formatTimestamp(dayStart);
      for (int a = 0; a < agentsPerTenant; ++a) {
        const std::string agent = "agt_scale_" + std::to_string(a);
        const std::string session = padded("ses_scale_", day * agentsPerTenant + a);
        const std::string customer = "customer-" + std::to_string(a);
        sessionsInsert.run({tenant, session, agent, customer, sessionAt});
        const int64_t perSession = baseCount + (sessions < extra ? 1 : 0);
        ++sessions;
        for (int64_t k = 0; k < perSession; ++k, ++written) {
          const auto at = vb::formatTimestamp(dayStart + std::chrono::milliseconds(k * 86'400'000 / perSession));
          const std::string messageId = padded("msg_scale_", written);
          const std::string provider = providers[(a + k) % 2];
          const int64_t in = tokens(rng), out = tokens(rng);
          messagesInsert.run({tenant, messageId, session, k + 1, provider, in, out, at});
          // micro-USD at a flat 3/6 µ$ per token
          eventsInsert.run({tenant, padded("use_scale_", written), agent, session, messageId, provider, in, out,
                            in * 3 + out * 6, at});
          if (++inBatch == 200'000) {
            db.exec("COMMIT");
            db.exec("BEGIN");
            inBatch = 0;
          }
        }
      }
    }
  db.exec("COMMIT");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  const auto lastDay = std::chrono::system_clock::time_point(today);
  std::cout << "SCALE_TENANT=" << tenantIds.front() << "\nSCALE_KEY=" << firstKey
            << "\nSCALE_FROM=" << vb::formatTimestamp(std::chrono::system_clock::time_point(firstDay)).substr(0, 10)
            << "\nSCALE_TO=" << vb::formatTimestamp(lastDay).substr(0, 10) << "\nSCALE_EVENTS=" << written
            << "\nSCALE_SESSIONS=" << sessions << "\nSCALE_SECONDS=" << seconds << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "vb-bench-usage-scale: " << e.what() << std::endl;
  return 1;
}
