// InvoiceLookup: a mock tool over deterministic, tenant-scoped invoices.
// Every tenant has INV-1001..INV-1005; amounts, due dates and status come
// from a hash of tenant id + number, so two tenants never see the same data
// and a test can predict it. Stateless, so invoke is freely concurrent.
#include <cstdio>
#include <vbplugins/plugin_util.hpp>

namespace {

constexpr int kFirst = 1001, kLast = 1005;

constexpr std::string_view kSchema =
    R"({"type":"object","properties":{"invoiceNumber":{"type":"string","description":"e.g. INV-1001"},)"
    R"("customerId":{"type":"string","description":"list this customer's invoices"}}})";

struct Instance {
  vb::Host host;
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
  std::snprintf(due, sizeof due, "2026-%02d-%02d", 1 + static_cast<int>((h >> 20) % 12), 1 + static_cast<int>((h >> 28) % 28));
  return {{"invoiceNumber", number}, {"amountCents", cents}, {"amount", money(cents).substr(1)},
          {"currency", "USD"},       {"dueDate", due},       {"status", (h >> 40) % 3 == 0 ? "paid" : "open"}};
}

std::string line(const vbp::json& inv) {
  return inv["invoiceNumber"].get<std::string>() + ": " + money(inv["amountCents"].get<long long>()) +
         (inv["status"] == "paid" ? " paid, was due " : " due ") + inv["dueDate"].get<std::string>();
}

vb_status create(const vb_host_api* host, vb_str settings_json, vb_instance** out, vb_error* error) {
  return vb::guard(error, [&] {
    vbp::parseInput(settings_json, "settings");
    *out = reinterpret_cast<vb_instance*>(new Instance{vb::Host(host)});
  });
}

void destroy(vb_instance* instance) { delete reinterpret_cast<Instance*>(instance); }

vb_status invoke(vb_instance*, const vb_call_context* call, vb_str arguments_json, vb_sink out, vb_error* error) {
  return vb::guard(error, [&] {
    const auto args = vbp::parseInput(arguments_json, "arguments");
    std::string tenant = call ? std::string(vb::view(call->tenant_id)) : std::string();
    if (tenant.empty()) tenant = "default";
    const std::string number = vbp::str(args, "invoiceNumber");
    const std::string customer = vbp::str(args, "customerId");
    vbp::json result;
    if (!number.empty()) {
      int n = 0;
      if (number.size() > 4 && (number.rfind("INV-", 0) == 0 || number.rfind("inv-", 0) == 0))
        n = std::atoi(number.c_str() + 4);
      if (n < kFirst || n > kLast) throw vb::Error(VB_NOT_FOUND, VB_ERROR_INVALID_REQUEST, "no invoice " + number);
      const auto inv = invoice(tenant, n);
      result = {{"invoices", vbp::json::array({inv})}, {"summary", line(inv)}};
    } else if (!customer.empty()) {
      vbp::json all = vbp::json::array();
      std::string summary;
      long long open = 0;
      for (int n = kFirst; n <= kLast; ++n) {
        auto inv = invoice(tenant, n);
        if (inv["status"] == "open") open += inv["amountCents"].get<long long>();
        summary += (summary.empty() ? "" : "; ") + line(inv);
        all.push_back(std::move(inv));
      }
      result = {{"customerId", customer},
                {"invoices", all},
                {"summary", std::to_string(all.size()) + " invoices, " + money(open) + " open: " + summary}};
    } else {
      throw vb::Error(VB_INVALID_ARGUMENT, VB_ERROR_INVALID_REQUEST, "InvoiceLookup needs invoiceNumber or customerId");
    }
    vb::write(out, result.dump());
  });
}

const vb_tool_api kTool = {sizeof(vb_tool_api),
                           vb::str("Look up a customer's invoices by invoice number (INV-1234) or customer id"),
                           vb_str{kSchema.data(), kSchema.size()}, invoke};

const vb_plugin_descriptor kDescriptor = {
    VB_ABI_VERSION, sizeof(vb_plugin_descriptor), vb::str("InvoiceLookup"), VB_KIND_TOOL, vb::str("1.0.0"),
    vb::str("Mock invoice lookup over deterministic per-tenant invoices"), create, destroy, nullptr, nullptr, nullptr,
    &kTool};

}  // namespace

VB_PLUGIN_ENTRY(&kDescriptor)
