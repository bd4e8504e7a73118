// InvoiceLookup: a tool that reads the calling tenant's invoices from the
// tenant's billing system over HTTP — through the host's http_request
// service (never a socket of its own), with the call context's tenant id in
// the path, the call's timeout (capped by the setting) and cancel token:
//   GET {baseUrl}/v1/tenants/{tenantId}/invoices/{invoiceNumber}
//   GET {baseUrl}/v1/tenants/{tenantId}/invoices?customerId={customerId}
// (host/testdoubles/mockbilling serves these in development and tests).
//
// Settings: {"baseUrl": "http://…" (required), "timeoutMs": 2000}.
// Results: {"found":true, "invoice":{…}, "summary":"Invoice INV-1001 for cust-7 is $125.40, …"}
//       or {"found":true, "customerId":"cust-7", "invoices":[…], "summary":"cust-7 has 2 invoices: …"}.
// Errors: bad arguments → VB_INVALID_ARGUMENT; no such invoice (404) or a
// customer without invoices → VB_NOT_FOUND (the host reports "not found" to
// the model); 5xx → VB_UNAVAILABLE/TRANSIENT; timeout → VB_DEADLINE_EXCEEDED/
// TIMEOUT; cancelled → VB_CANCELLED; a malformed answer → VB_INTERNAL/PERMANENT.
// The instance is immutable after create(), so invoke is freely concurrent.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <vbplugins/plugin_util.hpp>

#include "invoice_query.h"
#include "invoice_text.h"

namespace {

constexpr std::string_view kName = "InvoiceLookup";
constexpr std::string_view kRemote = "InvoiceLookup: billing system";
constexpr uint32_t kDefaultTimeoutMs = 2000;
constexpr uint32_t kMaxTimeoutMs = 60000;

constexpr std::string_view kToolDescription =
    "Look up a customer's invoice by invoice number (INV-1234), or list a customer's invoices by customer "
    "id. "
    "Gives each invoice's amount, currency, status (open, paid or overdue) and due date.";

struct Instance {
  vb::Host host;
  std::string baseUrl;
  uint32_t timeoutMs;
};

[[noreturn]] void invalid(const std::string& why) {
  throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, std::string(kName) + ": " + why);
}

uint32_t timeoutSetting(const vbp::json& settings) {
  const auto it = settings.find("timeoutMs");
  if (it == settings.end() || it->is_null()) return kDefaultTimeoutMs;
  if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > kMaxTimeoutMs)
    invalid("setting timeoutMs must be an integer from 1 to 60000");
  return static_cast<uint32_t>(it->get<int64_t>());
}

// Percent-encodes one path segment or query value (RFC 3986 unreserved
// characters stay), so an id can never add a path segment of its own.
std::string encoded(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// GETs `url` from the billing system within the call's budget (capped by
// the timeoutMs setting) and with its cancel token.
vb::Host::Response get(const Instance& self, const vb_call_context* call, const std::string& url) {
  const auto* api = self.host.api();
  if (call && call->cancel && api->is_cancelled && api->is_cancelled(api->host_ctx, call->cancel))
    throw vb::Error(VB_CANCELLED, VB_ERROR_PERMANENT, std::string(kName) + ": cancelled");
  vb_call_context budget{};
  budget.struct_size = sizeof(budget);
  budget.request_id = call ? call->request_id : vb_str{nullptr, 0};
  budget.tenant_id = call ? call->tenant_id : vb_str{nullptr, 0};
  budget.timeout_ms = call && call->timeout_ms ? std::min(call->timeout_ms, self.timeoutMs) : self.timeoutMs;
  budget.cancel = call ? call->cancel : nullptr;
  return vbp::sendRequest(self.host, kRemote, "GET", url, "", &budget);
}

vbp::json lookUpInvoice(const Instance& self, const vb_call_context* call, const std::string& tenantUrl,
                        const invoicelookup::InvoiceQuery& query) {
  const auto response = get(self, call, tenantUrl + "/" + encoded(query.invoiceNumber));
  const std::string notFound =
      "no invoice " + query.invoiceNumber +
      (query.customerId.empty() ? std::string() : " for customer " + query.customerId);
  if (response.status == 404) throw vb::Error(VB_NOT_FOUND, VB_ERROR_INVALID_REQUEST, notFound, 404);
  vbp::checkHttpStatus(kRemote, response);
  auto invoice = invoicelookup::checkedInvoice(vbp::parseAnswer(kRemote, response.body));
  if (invoice["invoiceNumber"] != query.invoiceNumber) vbp::badAnswer(kRemote, "answered another invoice");
  if (!query.customerId.empty() && invoice["customerId"] != query.customerId)
    throw vb::Error(VB_NOT_FOUND, VB_ERROR_INVALID_REQUEST, notFound, 404);
  const std::string summary = invoicelookup::describeInvoice(invoice);
  return {{"found", true}, {"invoice", std::move(invoice)}, {"summary", summary}};
}

vbp::json listInvoices(const Instance& self, const vb_call_context* call, const std::string& tenantUrl,
                       const invoicelookup::InvoiceQuery& query) {
  const auto response = get(self, call, tenantUrl + "?customerId=" + encoded(query.customerId));
  const std::string notFound = "no invoices for customer " + query.customerId;
  if (response.status == 404) throw vb::Error(VB_NOT_FOUND, VB_ERROR_INVALID_REQUEST, notFound, 404);
  vbp::checkHttpStatus(kRemote, response);
  const auto answer = vbp::parseAnswer(kRemote, response.body);
  const auto items = answer.find("items");
  if (items == answer.end() || !items->is_array()) vbp::badAnswer(kRemote, "missing items");
  vbp::json invoices = vbp::json::array();
  for (const auto& item : *items) {
    auto invoice = invoicelookup::checkedInvoice(item);
    if (invoice["customerId"] != query.customerId)
      vbp::badAnswer(kRemote, "listed another customer's invoice");
    invoices.push_back(std::move(invoice));
  }
  if (invoices.empty()) throw vb::Error(VB_NOT_FOUND, VB_ERROR_INVALID_REQUEST, notFound, 404);
  const std::string summary = invoicelookup::describeInvoices(query.customerId, invoices);
  return {{"found", true},
          {"customerId", query.customerId},
          {"invoices", std::move(invoices)},
          {"summary", summary}};
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto settings = vbp::parseInput(settings_json, "settings");
    auto instance = std::make_unique<Instance>(
        Instance{vb::Host(host), vbp::baseUrlSetting(settings, kName), timeoutSetting(settings)});
    *out = reinterpret_cast<vb_instance*>(instance.release());
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status invoke(vb_instance* instance, const vb_call_context* call, vb_str arguments_json, vb_sink out,
                 vb_error* error) {
  return vb::guard(error, [&] {
    const auto& self = *reinterpret_cast<const Instance*>(instance);
    const auto query = invoicelookup::parseInvoiceQuery(arguments_json);
    const std::string tenant = call ? std::string(vb::view(call->tenant_id)) : std::string();
    if (tenant.empty()) invalid("no calling tenant: invoices are only ever looked up for one");
    const std::string tenantUrl = self.baseUrl + "/v1/tenants/" + encoded(tenant) + "/invoices";
    const auto result = query.invoiceNumber.empty() ? listInvoices(self, call, tenantUrl, query)
                                                    : lookUpInvoice(self, call, tenantUrl, query);
    vb::write(out, result.dump());
  });
}

const vb_tool_api kTool = {
    sizeof(vb_tool_api), vb::str(kToolDescription),
    vb_str{invoicelookup::kParametersSchema.data(), invoicelookup::kParametersSchema.size()}, invoke};

const vb_plugin_descriptor kDescriptor = {
    VB_ABI_VERSION,   sizeof(vb_plugin_descriptor),
    vb::str(kName),   VB_KIND_TOOL,
    vb::str("1.0.0"), vb::str("Invoice lookup in the calling tenant's billing system over HTTP"),
    create,           destroy,
    nullptr,          nullptr,
    nullptr,          &kTool};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
