// From a plugin's answer to the host's VendorError: the plugin's vb_status
// and vb_error (vb_plugin.h) become an ErrorClass the reliability pipeline
// acts on, plus the plugin's HTTP status, retry-after and message.
#pragma once

#include <string>

#include "pluginhost/vendor_gateway.h"
#include "vocalbridge/vb_plugin.h"

namespace vb {

// The plugin's class when it set one; otherwise inferred from the status as
// the ABI documents it (VB_UNAVAILABLE → Transient, VB_DEADLINE_EXCEEDED →
// Timeout, …). VB_CANCELLED is always Cancelled.
ErrorClass classifyPluginError(vb_status status, vb_error_class errorClass);

// The VendorError of a failed call to plugin `name`; the message is
// "<name>: <the plugin's message>" (or "failed with status N" when it left
// none). Terminates error.message first: the plugin may not have.
VendorError pluginError(const std::string& name, vb_status status, vb_error& error);

// An error the host itself reports about a call (unknown plugin, wrong kind, …).
VendorError hostError(ErrorClass errorClass, std::string message);

}  // namespace vb
