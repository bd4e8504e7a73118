#include "store/timestamps.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>

#include "common/request_id.h"

namespace vb {

std::string formatTimestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const int64_t dayCount = (ms >= 0 ? ms : ms - 86399999) / 86400000;
  const int64_t msOfDay = ms - dayCount * 86400000;
  const year_month_day ymd{sys_days{days{dayCount}}};
  char buffer[64];  // roomy enough for any int the compiler imagines (-Wformat-truncation)
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(msOfDay / 3600000), static_cast<int>(msOfDay / 60000 % 60),
                static_cast<int>(msOfDay / 1000 % 60), static_cast<int>(msOfDay % 1000));
  return buffer;
}

std::optional<std::chrono::system_clock::time_point> parseTimestamp(const std::string& text) {
  int y, mo, d, h, mi, s, ms = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &y, &mo, &d, &h, &mi, &s, &ms) < 6) return {};
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return {};
  return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s} + std::chrono::milliseconds{ms};
}

std::optional<int64_t> parseDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return {};
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return {};
  const int y = std::stoi(text.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return {};
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string formatDate(int64_t daysSinceEpoch) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{daysSinceEpoch}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string newId(const char* prefix) {
  // Ids need uniqueness, not secrecy, and they are primary keys: time-ordered
  // ids (milliseconds first, as UUIDv7) append to the right edge of each
  // B-tree instead of dirtying a random leaf page per insert, which cut the
  // pages a turn's commit writes several-fold. 44 bits of Unix milliseconds
  // (until the year 2527), then 52 random bits from a per-thread generator
  // seeded from the CSPRNG once (no device read per id on the hot path).
  thread_local std::mt19937_64 generator = [] {
    const std::string seed = randomHex(16);
    std::seed_seq seq(seed.begin(), seed.end());
    return std::mt19937_64(seq);
  }();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s_%011llx%013llx", prefix,
                static_cast<unsigned long long>(ms) & 0xfffffffffffULL,
                static_cast<unsigned long long>(generator() >> 12));
  return buffer;
}

}  // namespace vb
