// GET /v1/usage/events takes any range (it pages with cursors); the rollup
// report keeps its 366-day cap.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "operations_support.h"
#include "store/timestamps.h"

namespace vb {
namespace {

using namespace ops_test;
using Poco::JSON::Object;

std::string daysFromToday(int days) {
  const auto today =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch();
  return formatDate(today.count() + days);
}

TEST(UsageEvents, ATwoYearRangePagesThroughEveryEvent) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto session = createSession(host, acme.adminKey, createAgent(host, acme.adminKey, "vendorB", ""));
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(send(host, acme.adminKey, session, "u-" + std::to_string(i)).status, 201);
  const std::string range = "from=" + daysFromToday(-730) + "&to=" + daysFromToday(1);

  std::set<std::string> seen;
  std::string path = "/v1/usage/events?limit=2&" + range;
  int pages = 0;
  for (;;) {
    const auto page = host.call("GET", path, bearer(acme.adminKey));
    ASSERT_EQ(page.status, 200) << page.body;
    ++pages;
    const auto list = items(page);
    for (const auto& item : *list)
      EXPECT_TRUE(seen.insert(item.extract<Object::Ptr>()->getValue<std::string>("id")).second);
    const auto next = page.json()->get("nextCursor");
    if (next.isEmpty()) break;
    path = "/v1/usage/events?limit=2&" + range + "&cursor=" + next.toString();
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen.size(), 3u);

  const auto csv = host.call("GET", "/v1/usage/events?format=csv&" + range, bearer(acme.adminKey));
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(host.call("GET", "/v1/usage/events?from=1970-01-01&to=9999-12-31", bearer(acme.adminKey)).status,
            200);
}

TEST(UsageEvents, TheRollupReportKeepsItsCap) {
  TestHost host;
  const TestTenant acme = createTenant(host, "Acme");
  const auto r = host.call("GET", "/v1/usage?from=" + daysFromToday(-730) + "&to=" + daysFromToday(0),
                           bearer(acme.adminKey));
  EXPECT_EQ(r.status, 422) << r.body;
}

}  // namespace
}  // namespace vb
