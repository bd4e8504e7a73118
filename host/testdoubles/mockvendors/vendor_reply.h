// What a mock vendor answers a request, in its own words — the part of the
// mock that plays the LLM. Deterministic: the same request and seed give
// the same reply.
//
//  - The last user message asks about invoices (an invoice number, typed or
//    spoken, a customer id, or the word "invoice") and tools are offered →
//    one tool call to the invoice tool (a tool whose name contains
//    "Invoice", else the first tool) with {"invoiceNumber":"INV-1001"} or
//    {"customerId":"cust-7"}.
//  - The request ends with tool results → text built from them: the result's
//    "summary" as a sentence ("Invoice INV-1001 … status open."); for a
//    not-found result "I could not find invoice INV-2001."; for an error
//    result "Sorry, I could not look up invoice INV-1001 right now (…)."
//  - The last user message contains "[keep calling tools]" → every request
//    is answered with another tool call (for the host's round-limit test),
//    to the invoice tool, or "InvoiceLookup" when no tool is offered.
//  - Otherwise an echo: "[vendorA] Re: <what the user said> — <closing> (<persona>)".
#pragma once

#include <cstdint>
#include <string>

#include "testdoubles/mockvendors/vendor_wire.h"

namespace vb {

// The phrase that makes a mock vendor call tools forever.
inline constexpr const char* kKeepCallingToolsPhrase = "[keep calling tools]";

MockVendorReply composeVendorReply(const WireRequest& request, const std::string& vendorName, uint64_t seed);

}  // namespace vb
