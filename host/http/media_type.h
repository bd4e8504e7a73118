// Media types of request bodies, for the edge's 415 check (RouteOptions).
#pragma once

#include <string>
#include <vector>

namespace vb {

// The media type of a Content-Type value: lower-cased "type/subtype" without
// parameters or surrounding space; "" when absent or not of that shape.
std::string mediaTypeOf(const std::string& contentType);

// Whether `mediaType` (as mediaTypeOf returns it) matches one of `accepted`:
// "type/subtype" exactly, "type/*" any subtype, "type/*+suffix" any subtype
// ending in "+suffix" (e.g. "application/*+json"). Patterns are lower-case.
bool isAcceptedMediaType(const std::string& mediaType, const std::vector<std::string>& accepted);

}  // namespace vb
