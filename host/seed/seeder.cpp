#include "seed/seeder.h"

#include <algorithm>
#include <random>
#include <sstream>

#include "store/agent_repository.h"
#include "store/attempt_repository.h"
#include "store/database.h"
#include "store/message_repository.h"
#include "store/session_repository.h"
#include "store/tenant_repository.h"
#include "store/timestamps.h"
#include "store/usage_repository.h"

namespace vb {
namespace {

struct AgentPlan {
  const char* name;
  const char* primary;
  const char* fallback;  // "" = none
  const char* prompt;
  std::vector<std::string> tools;
  std::vector<const char*> questions;
  std::vector<std::string> speechHints;  // phrases of the agent's domain, for the voice channel's STT
};

// Billing phrases a caller says: invoice numbers spoken digit by digit,
// balances, due dates, payment words.
const std::vector<std::string>& billingHints() {
  static const std::vector<std::string> hints = {
      "invoice", "invoice number", "invoice one zero zero one", "invoice one zero zero two",
      "invoice two zero zero one", "balance", "what is the balance of invoice", "amount due", "due date",
      "when is my payment due", "next payment", "pay by bank transfer", "payment plan", "late fee",
      "charged twice", "refund", "receipt", "account number", "credit card", "overdue"};
  return hints;
}

struct TenantPlan {
  const char* name;
  std::vector<AgentPlan> agents;
};

const std::vector<TenantPlan>& plans() {
  static const std::vector<TenantPlan> all = {
      {"Acme Billing",
       {{"Billing Assistant",
         "vendorA",
         "vendorB",
         "You are Acme's billing assistant. Answer questions about invoices and payments briefly.",
         {"InvoiceLookup"},
         {"What is the balance of invoice INV-1001?", "When is my next payment due?",
          "Can I pay by bank transfer?", "Why was I charged twice this month?"},
         billingHints()},
        {"Collections Reminder",
         "vendorB",
         "",
         "You remind Acme customers politely about overdue invoices.",
         {},
         {"I will pay on Friday.", "Can I get a payment plan?", "Is there a late fee?"},
         billingHints()}}},
      {"Globex Support",
       {{"Support Triage",
         "vendorB",
         "vendorA",
         "You triage Globex support requests and collect the details an engineer needs.",
         {},
         {"My router keeps rebooting.", "The app crashes on login.", "How do I reset my password?",
          "Internet is slow in the evening."},
         {"router", "keeps rebooting", "reset my password", "the app crashes", "internet is slow", "login",
          "account number", "technician", "support ticket"}},
        {"Sales FAQ",
         "vendorA",
         "",
         "You answer questions about Globex plans and prices.",
         {"InvoiceLookup"},
         {"What does the premium plan include?", "Do you offer student discounts?",
          "Can I upgrade mid-month?"},
         {"premium plan", "student discount", "upgrade", "price", "invoice", "balance", "due date"}}}},
  };
  return all;
}

}  // namespace

std::string SeedReport::listing() const {
  std::ostringstream out;
  out << "Seeded demo data (" << sessions << " sessions, " << usageEvents
      << " billed messages over the last 30 days).\n"
      << "API keys — shown once, store them now:\n";
  for (const auto& t : tenants) {
    out << "  " << t.name << " (" << t.id << ")\n"
        << "    admin:   " << t.adminKey << "\n"
        << "    analyst: " << t.analystKey << "\n";
  }
  // Machine-readable lines for scripts (the browser tests, make run users).
  if (!tenants.empty())
    out << "VB_ADMIN_KEY=" << tenants.front().adminKey << "\n"
        << "VB_ANALYST_KEY=" << tenants.front().analystKey << "\n";
  return out.str();
}

Seeder::Seeder(std::shared_ptr<Database> database, TenancyService& tenancy, const PricingTable& pricing,
               std::shared_ptr<Clock> clock, unsigned randomSeed)
    : database_(std::move(database)),
      tenancy_(tenancy),
      pricing_(pricing),
      clock_(std::move(clock)),
      randomSeed_(randomSeed) {}

bool Seeder::isEmpty() {
  return database_->read([](Transaction& s) { return TenantRepository::count(s); }) == 0;
}

SeedReport Seeder::seed() {
  SeedReport report;
  std::mt19937 random(randomSeed_);
  auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  const auto now = clock_->wallNow();

  for (const auto& plan : plans()) {
    auto created = tenancy_.createTenant(plan.name);
    if (!created) throw std::runtime_error("seed: " + created.error().detail);
    auto analyst = tenancy_.createKey(created->tenant.id, Role::Analyst, "demo analyst");
    if (!analyst) throw std::runtime_error("seed: " + analyst.error().detail);
    SeededTenant tenant{created->tenant.id, plan.name, created->adminKey.key, analyst->key, {}};
    const std::string tenantId = tenant.id;

    database_->write([&](Transaction& s) {
      for (const auto& agentPlan : plan.agents) {
        const auto agentCreated = now - std::chrono::hours(24 * 31);
        Agent agent{tenantId,
                    newId("agt"),
                    agentPlan.name,
                    agentPlan.primary,
                    *agentPlan.fallback ? std::optional<std::string>(agentPlan.fallback) : std::nullopt,
                    agentPlan.prompt,
                    agentPlan.tools,
                    formatTimestamp(agentCreated),
                    formatTimestamp(agentCreated),
                    std::nullopt,
                    agentPlan.speechHints,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt};
        AgentRepository::insert(s, agent);
        tenant.agentIds.push_back(agent.id);

        for (int daysAgo = 29; daysAgo >= 0; --daysAgo) {
          const int sessionsToday = between(0, 3);
          for (int n = 0; n < sessionsToday; ++n) {
            // Inside UTC day (today − daysAgo), never later than half an hour ago,
            // so "the last 30 days" holds all of it.
            const auto dayStart = std::chrono::floor<std::chrono::days>(now) - std::chrono::days(daysAgo);
            auto at = std::min<std::chrono::system_clock::time_point>(
                dayStart + std::chrono::seconds(between(0, 85000)), now - std::chrono::minutes(30));
            if (at < dayStart) at = dayStart;
            Session session{tenantId,
                            newId("ses"),
                            agent.id,
                            "cust_" + std::to_string(between(100, 140)),
                            "chat",
                            "{\"source\":\"seed\"}",
                            formatTimestamp(at)};
            SessionRepository::insert(s, session);
            ++report.sessions;
            const int turns = between(1, 3);
            for (int turn = 0; turn < turns; ++turn) {
              const std::string question = agentPlan.questions[static_cast<size_t>(
                  between(0, static_cast<int>(agentPlan.questions.size()) - 1))];
              const std::string requestId = newId("req");
              at += std::chrono::seconds(between(5, 60));
              Message user{tenantId, newId("msg"), session.id,         turn * 2 + 1,
                           "user",   question,     std::nullopt,       0,
                           0,        requestId,    formatTimestamp(at)};
              // Sometimes the primary fails and the fallback answers, as in real traffic.
              const bool fellBack = *agentPlan.fallback && between(1, 10) == 1;
              const std::string provider = fellBack ? agentPlan.fallback : agentPlan.primary;
              const int64_t tokensIn = 40 + static_cast<int64_t>(question.size()) / 4 + turn * 30;
              const int64_t tokensOut = between(20, 160);
              const auto answeredAt = at + std::chrono::milliseconds(between(300, 2500));
              Message assistant{tenantId,
                                newId("msg"),
                                session.id,
                                turn * 2 + 2,
                                "assistant",
                                "Thanks for asking. (" + std::string(agentPlan.name) +
                                    " demo answer about: " + question + ")",
                                provider,
                                tokensIn,
                                tokensOut,
                                requestId,
                                formatTimestamp(answeredAt)};
              MessageRepository::insert(s, user);
              MessageRepository::insert(s, assistant);
              int attempt = 0;
              if (fellBack)
                AttemptRepository::insert(
                    s,
                    {tenantId, newId("att"), assistant.id, ++attempt, agentPlan.primary, "http_500",
                     int64_t{500}, std::string("transient"), between(5, 40), formatTimestamp(at), requestId});
              AttemptRepository::insert(
                  s, {tenantId, newId("att"), assistant.id, ++attempt, provider, "ok", int64_t{200},
                      std::nullopt, between(200, 2000), formatTimestamp(at), requestId});
              const auto quote = pricing_.quote(provider, answeredAt);
              UsageRepository::insert(
                  s, {tenantId, newId("use"), agent.id, session.id, assistant.id, provider, tokensIn,
                      tokensOut, PricingTable::costMicros(tokensIn, tokensOut, quote.price), quote.version,
                      formatTimestamp(answeredAt)});
              ++report.usageEvents;
              at = answeredAt;
            }
          }
        }
      }
    });
    report.tenants.push_back(std::move(tenant));
  }
  return report;
}

}  // namespace vb
