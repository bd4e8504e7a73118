// InvoiceLookup: a mock tool over tenant-scoped invoices.
// By default every tenant has INV-1001..INV-1005; amounts, due dates and
// status come from a hash of tenant id + number, so two tenants never see the
// same data and a test can predict it. Setting "invoicesFile" names a JSON
// file to use instead:
//   { "<tenantId>": [ {"invoiceNumber":"INV-1","customerId":"cust-1",
//                      "amountCents":1234,"currency":"USD","dueDate":"2026-01-31",
//                      "status":"open"|"paid"} ] }
// read once in create(); a tenant absent from it has no invoices. The data is
// immutable after create(), so invoke is freely concurrent.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <vbplugins/plugin_util.hpp>
#include <vector>

namespace {

constexpr int kFirst = 1001, kLast = 1005;

constexpr std::string_view kSchema =
    R"({"type":"object","properties":{"invoiceNumber":{"type":"string","description":"e.g. INV-1001"},)"
    R"("customerId":{"type":"string","description":"list this customer's invoices"}}})";

using InvoicesByTenant = std::map<std::string, std::vector<vbp::json>>;

struct Instance {
  vb::Host host;
  bool fromFile = false;
  InvoicesByTenant invoices;  // only when fromFile
};

uint64_t fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string money(long long cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%lld.%02lld", cents / 100, cents % 100);
  return buf;
}

vbp::json invoice(const std::string& tenant, int n) {
  const std::string number = "INV-" + std::to_string(n);
  const uint64_t h = fnv(tenant + "/" + number);
  const long long cents = 2000 + static_cast<long long>(h % 48000);  // $20.00 .. $499.99
  char due[16];
  std::snprintf(due, sizeof due, "2026-%02d-%02d", 1 + static_cast<int>((h >> 20) % 12),
                1 + static_cast<int>((h >> 28) % 28));
  return {
      {"invoiceNumber", number}, {"amountCents", cents}, {"amount", money(cents).substr(1)},
      {"currency", "USD"},       {"dueDate", due},       {"status", (h >> 40) % 3 == 0 ? "paid" : "open"}};
}

std::string line(const vbp::json& inv) {
  return inv["invoiceNumber"].get<std::string>() + ": " + money(inv["amountCents"].get<long long>()) +
         (inv["status"] == "paid" ? " paid, was due " : " due ") + inv["dueDate"].get<std::string>();
}

[[noreturn]] void badFile(const std::string& path, const std::string& why) {
  throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                  "InvoiceLookup: invoicesFile " + path + ": " + why);
}

// Reads and checks the whole file once, so a bad file fails the load (with a
// clear message) rather than some later tool call.
InvoicesByTenant loadInvoices(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) badFile(path, "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  const auto root = vbp::json::parse(text.str(), nullptr, false);
  if (!root.is_object()) badFile(path, "must be a JSON object of tenant id -> invoice array");
  InvoicesByTenant byTenant;
  for (const auto& [tenant, list] : root.items()) {
    if (!list.is_array()) badFile(path, "invoices of tenant " + tenant + " must be an array");
    for (const auto& inv : list) {
      if (!inv.is_object() || vbp::str(inv, "invoiceNumber").empty() || !inv.contains("amountCents") ||
          !inv["amountCents"].is_number_integer())
        badFile(path, "every invoice needs invoiceNumber and integer amountCents (tenant " + tenant + ")");
      const long long cents = inv["amountCents"].get<long long>();
      vbp::json norm = {{"invoiceNumber", vbp::str(inv, "invoiceNumber")},
                        {"amountCents", cents},
                        {"amount", money(cents).substr(1)},
                        {"currency", inv.value("currency", "USD")},
                        {"dueDate", inv.value("dueDate", "")},
                        {"status", inv.value("status", "open")}};
      if (!vbp::str(inv, "customerId").empty()) norm["customerId"] = vbp::str(inv, "customerId");
      byTenant[tenant].push_back(std::move(norm));
    }
  }
  return byTenant;
}

bool sameNumber(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// The tenant's invoices the query selects, from the file or generated.
std::vector<vbp::json> select(const Instance& self, const std::string& tenant, const std::string& number,
                              const std::string& customer) {
  std::vector<vbp::json> found;
  if (self.fromFile) {
    const auto it = self.invoices.find(tenant);
    if (it == self.invoices.end()) return found;
    for (const auto& inv : it->second)
      if (number.empty() ? vbp::str(inv, "customerId") == customer
                         : sameNumber(vbp::str(inv, "invoiceNumber"), number))
        found.push_back(inv);
    return found;
  }
  if (!number.empty()) {
    int n = 0;
    if (number.size() > 4 && (number.rfind("INV-", 0) == 0 || number.rfind("inv-", 0) == 0))
      n = std::atoi(number.c_str() + 4);
    if (n >= kFirst && n <= kLast) found.push_back(invoice(tenant, n));
    return found;
  }
  // Generated data has no customers: every customer of the tenant sees all.
  for (int n = kFirst; n <= kLast; ++n) found.push_back(invoice(tenant, n));
  return found;
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto settings = vbp::parseInput(settings_json, "settings");
    auto instance = std::make_unique<Instance>(Instance{vb::Host(host), false, {}});
    const std::string file = vbp::stringSetting(settings, "invoicesFile");
    if (!file.empty()) {
      instance->fromFile = true;
      instance->invoices = loadInvoices(file);
    }
    *out = reinterpret_cast<vb_instance*>(instance.release());
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status invoke(vb_instance* instance, const vb_call_context* call, vb_str arguments_json, vb_sink out,
                 vb_error* error) {
  return vb::guard(error, [&] {
    const auto& self = *reinterpret_cast<const Instance*>(instance);
    const auto args = vbp::parseInput(arguments_json, "arguments");
    std::string tenant = call ? std::string(vb::view(call->tenant_id)) : std::string();
    if (tenant.empty()) tenant = "default";
    const std::string number = vbp::str(args, "invoiceNumber");
    const std::string customer = vbp::str(args, "customerId");
    if (number.empty() && customer.empty())
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST,
                      "InvoiceLookup needs invoiceNumber or customerId");
    const auto found = select(self, tenant, number, customer);
    if (found.empty())
      throw vb::Error(VB_NOT_FOUND, VB_ERROR_INVALID_REQUEST,
                      number.empty() ? "no invoices for customer " + customer : "no invoice " + number);
    vbp::json result;
    if (!number.empty()) {
      result = {{"invoices", vbp::json::array({found.front()})}, {"summary", line(found.front())}};
    } else {
      std::string summary;
      long long open = 0;
      for (const auto& inv : found) {
        if (inv["status"] == "open") open += inv["amountCents"].get<long long>();
        summary += (summary.empty() ? "" : "; ") + line(inv);
      }
      result = {
          {"customerId", customer},
          {"invoices", found},
          {"summary", std::to_string(found.size()) + " invoices, " + money(open) + " open: " + summary}};
    }
    vb::write(out, result.dump());
  });
}

const vb_tool_api kTool = {
    sizeof(vb_tool_api), vb::str("Look up a customer's invoices by invoice number (INV-1234) or customer id"),
    vb_str{kSchema.data(), kSchema.size()}, invoke};

const vb_plugin_descriptor kDescriptor = {
    VB_ABI_VERSION,
    sizeof(vb_plugin_descriptor),
    vb::str("InvoiceLookup"),
    VB_KIND_TOOL,
    vb::str("1.0.0"),
    vb::str("Mock invoice lookup over deterministic per-tenant invoices"),
    create,
    destroy,
    nullptr,
    nullptr,
    nullptr,
    &kTool};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
