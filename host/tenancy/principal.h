// Principal: who is calling, as established from an API key.
#pragma once

#include <string>

namespace vb {

enum class Role { Admin, Analyst };

inline const char* toString(Role r) { return r == Role::Admin ? "admin" : "analyst"; }

struct Principal {
  std::string tenantId;
  std::string tenantName;
  std::string keyId;
  Role role = Role::Analyst;
};

}  // namespace vb
