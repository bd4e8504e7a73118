#include "app/operator_commands.h"

#include "api/api_module.h"
#include "conversation/provider_catalog.h"
#include "reliability/reliability_pipeline.h"
#include "store/database.h"

namespace vb {
namespace {

// Commands never route turns; agents seeded from the command line name the
// configured vendors, which the catalogue accepts by config alone.
class ConfiguredCatalog final : public ProviderCatalog {
 public:
  explicit ConfiguredCatalog(const AppConfig& config) {
    if (config.root && config.root->isArray("plugins"))
      for (const auto& entry : *config.root->getArray("plugins")) {
        const auto object = entry.extract<Poco::JSON::Object::Ptr>();
        names_.push_back(object->optValue<std::string>("name", ""));
      }
  }
  bool hasVendor(const std::string& name) const override { return has(name); }
  bool hasTool(const std::string& name) const override { return has(name); }

 private:
  bool has(const std::string& name) const {
    for (const auto& n : names_)
      if (n == name) return true;
    return false;
  }
  std::vector<std::string> names_;
};

class NoTurns final : public TurnRouter {
 public:
  Result<RoutedReply, RoutingFailure> run(const RoutePlan&, const ChatRequest&) override {
    RoutingFailure failure;
    failure.message = "operator commands do not route turns";
    return unexpected(failure);
  }
};

}  // namespace

int runOperatorCommand(const AppConfig& config, const std::vector<std::string>& args, std::ostream& out,
                       std::ostream& err) {
  const bool seed = args.size() == 1 && args[0] == "seed";
  const bool createTenant = args.size() == 3 && args[0] == "tenant" && args[1] == "create";
  if (!seed && !createTenant) {
    err << "usage: vocalbridge [--config FILE] seed\n"
           "       vocalbridge [--config FILE] tenant create NAME\n";
    return 64;
  }
  auto database =
      std::make_shared<Database>(config.databaseSettings());
  ConfiguredCatalog catalog(config);
  NoTurns turns;
  ApiModule api(database, config.root, turns, catalog);
  try {
    out << (seed ? api.seed() : api.createTenantListing(args[2])) << std::flush;
    return 0;
  } catch (const std::exception& e) {
    err << "vocalbridge: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace vb
