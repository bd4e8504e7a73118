// Operator commands run from the command line instead of serving:
//   seed                 — seed demo tenants, agents, keys and usage history
//   tenant create NAME   — create a tenant and print its first admin key
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "app/app_config.h"

namespace vb {

// Returns the process exit code; usage errors go to `err`.
int runOperatorCommand(const AppConfig& config, const std::vector<std::string>& args, std::ostream& out,
                       std::ostream& err);

}  // namespace vb
