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

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
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

// Column vectors for one batch of bulk inserts (Poco binds a vector per
// placeholder and steps the prepared statement once per row).
struct MessageRows {
  std::vector<std::string> tenant, id, session, content, provider, requestId, createdAt;
  std::vector<int64_t> seq, tokensIn, tokensOut;
};
struct EventRows {
  std::vector<std::string> tenant, id, agent, session, message, provider, version, createdAt;
  std::vector<int64_t> tokensIn, tokensOut, cost;
};
struct SessionRows {
  std::vector<std::string> tenant, id, agent, customer, createdAt;
};

template <typename Rows>
void clearRows(Rows& rows) {
  rows = Rows{};
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  const auto began = std::chrono::steady_clock::now();
  auto database = std::make_shared<vb::Database>(vb::DatabaseSettings{options.db});
  vb::TenancyService tenancy(database, vb::systemClock());

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
    auto created = tenancy.createTenant("Scale tenant " + std::to_string(t));
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

  std::mt19937_64 rng(7);
  int64_t written = 0, sessions = 0;
  SessionRows s;
  MessageRows m;
  EventRows e;
  auto flush = [&] {
    database->write([&](vb::Transaction& tx) {
      tx.session() << "PRAGMA cache_size = -262144", Poco::Data::Keywords::now;  // 256 MiB: the indexes stay in memory
      if (!s.id.empty())
        tx.session() << "INSERT INTO sessions (tenant_id, id, agent_id, customer_id, channel, metadata, created_at) "
                        "VALUES ($1, $2, $3, $4, 'chat', '{}', $5)",
            use(s.tenant), use(s.id), use(s.agent), use(s.customer), use(s.createdAt), Poco::Data::Keywords::now;
      tx.session() << "INSERT INTO messages (tenant_id, id, session_id, seq, role, content, provider, tokens_in, "
                      "tokens_out, request_id, created_at) VALUES ($1, $2, $3, $4, 'assistant', $5, $6, $7, $8, $9, $10)",
          use(m.tenant), use(m.id), use(m.session), use(m.seq), use(m.content), use(m.provider), use(m.tokensIn),
          use(m.tokensOut), use(m.requestId), use(m.createdAt), Poco::Data::Keywords::now;
      tx.session() << "INSERT INTO usage_events (tenant_id, id, agent_id, session_id, message_id, call_index, "
                      "provider, tokens_in, tokens_out, cost_micros, pricing_version, created_at) VALUES ($1, $2, $3, "
                      "$4, $5, 0, $6, $7, $8, $9, $10, $11)",
          use(e.tenant), use(e.id), use(e.agent), use(e.session), use(e.message), use(e.provider), use(e.tokensIn),
          use(e.tokensOut), use(e.cost), use(e.version), use(e.createdAt), Poco::Data::Keywords::now;
    });
    clearRows(s);
    clearRows(m);
    clearRows(e);
  };

  std::uniform_int_distribution<int64_t> tokens(20, 400);
  // Tenant by tenant, in time order, ids zero-padded: every index of the
  // tables grows at its end, which keeps SQLite's B-tree inserts sequential.
  char id[32];
  auto padded = [&id](const char* prefix, int64_t n) {
    std::snprintf(id, sizeof id, "%s%012lld", prefix, static_cast<long long>(n));
    return std::string(id);
  };
  for (size_t t = 0; t < tenantIds.size(); ++t)
    for (int day = 0; day < days; ++day) {
      const auto dayStart = std::chrono::system_clock::time_point(firstDay + std::chrono::days(day));
      for (int a = 0; a < agentsPerTenant; ++a) {
        const std::string agent = "agt_scale_" + std::to_string(a);
        const std::string session = padded("ses_scale_", day * agentsPerTenant + a);
        const std::string sessionAt = vb::formatTimestamp(dayStart);
        s.tenant.push_back(tenantIds[t]);
        s.id.push_back(session);
        s.agent.push_back(agent);
        s.customer.push_back("customer-" + std::to_string(a));
        s.createdAt.push_back(sessionAt);
        const int64_t perSession = baseCount + (sessions < extra ? 1 : 0);
        ++sessions;
        for (int64_t k = 0; k < perSession; ++k, ++written) {
          const auto at = vb::formatTimestamp(dayStart + std::chrono::milliseconds(k * 86'400'000 / perSession));
          const std::string messageId = padded("msg_scale_", written);
          const std::string provider = providers[(a + k) % 2];
          const int64_t in = tokens(rng), out = tokens(rng);
          m.tenant.push_back(tenantIds[t]);
          m.id.push_back(messageId);
          m.session.push_back(session);
          m.seq.push_back(k + 1);
          m.content.push_back("ok");
          m.provider.push_back(provider);
          m.tokensIn.push_back(in);
          m.tokensOut.push_back(out);
          m.requestId.push_back("req_scale");
          m.createdAt.push_back(at);
          e.tenant.push_back(tenantIds[t]);
          e.id.push_back(padded("use_scale_", written));
          e.agent.push_back(agent);
          e.session.push_back(session);
          e.message.push_back(messageId);
          e.provider.push_back(provider);
          e.tokensIn.push_back(in);
          e.tokensOut.push_back(out);
          e.cost.push_back(in * 3 + out * 6);  // micro-USD at a flat 3/6 µ$ per token
          e.version.push_back("scale");
          e.createdAt.push_back(at);
        }
        if (m.id.size() >= 50'000) flush();
      }
  }
  if (!m.id.empty()) flush();
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
