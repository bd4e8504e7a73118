#include "app/operator_commands.h"

#include "app/dev_doubles.h"
#include "app/gateway.h"
#include "app/services.h"

namespace vb {
namespace {

std::string createTenantListing(TenancyService& tenancy, const std::string& name) {
  auto created = tenancy.createTenant(name);
  if (!created) throw std::runtime_error(created.error().detail);
  return "Tenant " + created->tenant.name + " (" + created->tenant.id + ") created.\n" +
         "Admin API key (shown once, store it now): " + created->adminKey.key + "\n";
}

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
  try {
    // The same composition root as serving, without the HTTP server.
    Gateway gateway(config, GatewayOptions{nullptr, false});
    gateway.start();
    auto& services = gateway.services();
    if (seed) {
      const auto report = services.seeder.seed();
      out << report.listing() << registerDemoInvoices(config, report.tenants) << std::flush;
    } else {
      out << createTenantListing(*services.tenancy, args[2]) << std::flush;
    }
    return 0;
  } catch (const std::exception& e) {
    err << "vocalbridge: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace vb
