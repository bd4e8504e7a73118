// A keyset page position: rows strictly after (createdAt, id) in list order.
// Lists page with it; metering/usage_service.h encodes it as an opaque cursor.
#pragma once

#include <string>

namespace vb {

struct PageCursor {
  std::string createdAt;
  std::string id;
};

}  // namespace vb
