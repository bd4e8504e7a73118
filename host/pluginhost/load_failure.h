// LoadFailure: why a plugin was refused, as two texts — `error` in full, for
// operators and logs, and `publicError`, the same meaning for tenants: every
// directory stripped (file names only) and none of the dynamic loader's own
// words (dlerror() names paths, symbols and ELF details).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vb {

struct LoadFailure {
  std::string error;
  std::string publicError;

  bool empty() const noexcept { return error.empty(); }

  // A reason as the loader, the kind check, create() or the config entry
  // gave it, for the library at `path` (absolute; may be "" when the entry
  // has no path).
  static LoadFailure of(const std::string& reason, const std::string& path);
  // A reload to `path` refused for `why` while generation `serving` goes on.
  static LoadFailure refusedReload(const std::string& path, const LoadFailure& why, uint64_t serving);
};

// `text` with every absolute path (a '/' at the start of a word) replaced by
// its last component: "no such file: /opt/p/x.so" → "no such file: x.so".
// URLs ("http://host/path") are left alone.
std::string withoutDirectories(std::string_view text);

}  // namespace vb
