/* An in-memory vendor for the plugin-call benchmark: a fixed, realistic-size
 * normalized reply, no I/O. */
#include <string.h>

#include "vocalbridge/vb_plugin.h"

static vb_status bench_create(const vb_host_api* host, vb_str settings, vb_instance** out, vb_error* error) {
  (void)host;
  (void)settings;
  (void)error;
  *out = NULL;
  return VB_OK;
}
static void bench_destroy(vb_instance* instance) { (void)instance; }

static vb_status bench_chat(vb_instance* self, const vb_call_context* call, vb_str request, vb_sink out,
                            vb_error* error) {
  static const char reply[] =
      "{\"text\":\"Your invoice INV-1001 has a balance of 120.50 EUR, due on 2025-01-31.\","
      "\"tokensIn\":42,\"tokensOut\":17,\"toolCalls\":[],\"vendorLatencyMs\":0,\"model\":\"bench\"}";
  (void)self;
  (void)call;
  (void)request;
  (void)error;
  return out.write(out.ctx, reply, sizeof reply - 1) == 0 ? VB_OK : VB_INTERNAL;
}

static const vb_vendor_api vendor = {sizeof(vb_vendor_api), bench_chat};
static const vb_plugin_descriptor descriptor = {VB_ABI_VERSION,
                                                sizeof(vb_plugin_descriptor),
                                                {"bench-vendor", 12},
                                                VB_KIND_VENDOR,
                                                {"1.0.0", 5},
                                                {"bench", 5},
                                                bench_create,
                                                bench_destroy,
                                                &vendor,
                                                NULL,
                                                NULL,
                                                NULL};
VB_PLUGIN_ENTRY(&descriptor)
