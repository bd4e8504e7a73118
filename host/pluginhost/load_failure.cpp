#include "pluginhost/load_failure.h"

#include <filesystem>

#include "pluginhost/plugin_library.h"

namespace vb {
namespace {

// A path starts at a '/' that begins a word, so the slashes inside URLs and
// fractions ("a/b") stay.
bool startsPath(std::string_view text, size_t at) {
  if (text[at] != '/') return false;
  if (at == 0) return true;
  constexpr std::string_view kBefore = " \t\n\"'(=[,";
  return kBefore.find(text[at - 1]) != std::string_view::npos;
}

bool endsPath(char c) {
  constexpr std::string_view kAfter = " \t\n\"'),;:]";
  return kAfter.find(c) != std::string_view::npos;
}

std::string lastComponent(std::string_view path) {
  const std::filesystem::path p(path);
  const auto name = p.has_filename() ? p.filename() : p.parent_path().filename();
  return name.string();
}

std::string fileName(const std::string& path) { return path.empty() ? path : lastComponent(path); }

}  // namespace

std::string withoutDirectories(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    if (!startsPath(text, at)) {
      out += text[at++];
      continue;
    }
    size_t end = at;
    while (end < text.size() && !endsPath(text[end])) ++end;
    out += lastComponent(text.substr(at, end - at));
    at = end;
  }
  return out;
}

LoadFailure LoadFailure::of(const std::string& reason, const std::string& path) {
  if (reason.rfind(kCannotLoadLibrary, 0) == 0)
    return {reason, std::string(kCannotLoadLibrary) + "the dynamic loader refused " + fileName(path)};
  return {reason, withoutDirectories(reason)};
}

LoadFailure LoadFailure::refusedReload(const std::string& path, const LoadFailure& why, uint64_t serving) {
  const std::string tail = " (still serving generation " + std::to_string(serving) + ")";
  return {"reload of " + path + " refused: " + why.error + tail,
          "reload of " + fileName(path) + " refused: " + why.publicError + tail};
}

}  // namespace vb
