// The stored text form of times and the ids of stored rows.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace vb {

// ISO-8601 UTC with milliseconds: "2024-05-01T12:00:00.123Z". Sorts as text.
std::string formatTimestamp(std::chrono::system_clock::time_point t);
// Parses what formatTimestamp writes (and the same without millis); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parseTimestamp(const std::string& text);

// A calendar date "YYYY-MM-DD" as days since 1970-01-01; nullopt when malformed or invalid.
std::optional<int64_t> parseDate(const std::string& text);
std::string formatDate(int64_t daysSinceEpoch);

// A new row id: "<prefix>_" + 24 hex chars: 11 of Unix milliseconds, then 13
// random (52 bits), so ids sort by creation time, e.g. "msg_19ac2f3e8b1…".
std::string newId(const char* prefix);

}  // namespace vb
