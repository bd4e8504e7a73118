// RFC 9457 problem+json: the only shape errors take on the wire. The mapping
// DomainError::Kind → HTTP status lives here and nowhere else.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "common/domain_error.h"
#include "http/http_types.h"

namespace vb {

int httpStatusOf(DomainError::Kind kind);

// Renders the error as an application/problem+json response:
// {type, title, status, detail, requestId, field?, …extension members}.
// `extensions` (optional) adds members such as {"attempts": […]}; it never
// replaces a standard member. Internal errors get a generic detail and no
// extensions: the real detail is only logged.
HttpResponse problemResponse(const DomainError& error, const std::string& requestId,
                             const Poco::JSON::Object::Ptr& extensions = nullptr);

}  // namespace vb
