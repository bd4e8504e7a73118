#include "app/services.h"

#include "app/turn_answer_labels.h"
#include "conversation/context_source_config.h"

namespace vb {

IdempotencySettings idempotencySettingsOf(const AppConfig& config, const Dialect& dialect) {
  IdempotencySettings s;
  // One host process per SQLite file (singleHost): claims live in its memory.
  s.claims = dialect.isPostgreSQL() ? ClaimPlacement::Store : ClaimPlacement::Process;
  const auto section = config.section("idempotency");
  s.ttlHours = section->optValue<int>("ttlHours", s.ttlHours);
  s.leaseMs = section->optValue<int>("leaseMs", s.leaseMs);
  s.heartbeatMs = section->optValue<int>("heartbeatMs", s.heartbeatMs);
  s.sweepEveryMs = section->optValue<int>("sweepEveryMs", s.sweepEveryMs);
  s.expectedTurnMs = config.section("reliability")->optValue<int>("turnDeadlineMs", s.expectedTurnMs);
  if (s.heartbeatMs < 1 || s.heartbeatMs * 2 > s.leaseMs)
    throw std::runtime_error(
        "config: idempotency.heartbeatMs must be at least 1 and at most half of leaseMs");
  return s;
}

Services::Services(const AppConfig& config, std::shared_ptr<Database> db, TurnRouter& router,
                   const ProviderCatalog& catalog, ToolRunner& tools, std::shared_ptr<Clock> clock)
    : database(std::move(db)),
      pricing(PricingTable::fromConfig(config.section("pricing"))),
      ledger(database, clock, idempotencySettingsOf(config, database->dialect())),
      tenancy(std::make_shared<TenancyService>(database, clock)),
      governance(database, clock, pricing,
                 GovernanceSettings::fromConfig(config.section("limits"), config.section("budgets")),
                 ConversationSettings::fromConfig(config.section("conversation"), config.section("tools"),
                                                  config.section("reliability"))
                     .maxToolRounds,
                 ledger.ownerId()),
      context(makeContextSource(database, config.section("conversation"))),
      agents(database, catalog, clock, context.get()),
      sessions(database, clock),
      requestLog(database, httpTurnAnswerLabels(), clock),
      conversations(database, router, catalog, tools, ledger, pricing,
                    ConversationSettings::fromConfig(config.section("conversation"), config.section("tools"),
                                                     config.section("reliability")),
                    clock, &requestLog, &governance.turns(), context.get()),
      usage(database, clock),
      toolAudit(database),
      seeder(database, *tenancy, pricing, clock),
      changes(std::make_unique<ChangeFeed>(*database)) {
  changes->subscribe([cache = tenancy.get()](const std::string& topic, const std::string& subject) {
    cache->forgetChanged(topic, subject);
  });
  changes->subscribe([budgets = &governance.budgets()](const std::string& topic, const std::string& subject) {
    budgets->forgetChanged(topic, subject);
  });
  changes->start();
}

}  // namespace vb
