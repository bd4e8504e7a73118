/* A plain C99 program compiled against the SDK header alone (like LevelDB's
 * db/c_test.c): the header must be valid C, and a plugin written in C must be
 * able to define a descriptor, export the entry and run against a host table.
 * Exit status 0 = pass; each failed check prints its line. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vocalbridge/vb_plugin.h"

static int failures = 0;
#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                \
    }                                                            \
  } while (0)

/* ---- a tiny vendor plugin, written in C ---- */
struct vb_instance {
  const vb_host_api* host;
  int calls;
};
static struct vb_instance the_instance;

static vb_status demo_create(const vb_host_api* host, vb_str settings, vb_instance** out, vb_error* error) {
  (void)settings;
  (void)error;
  the_instance.host = host;
  the_instance.calls = 0;
  *out = &the_instance;
  return VB_OK;
}
static void demo_destroy(vb_instance* instance) { instance->host = NULL; }
static vb_status demo_chat(vb_instance* self, const vb_call_context* call, vb_str request, vb_sink out,
                           vb_error* error) {
  static const char reply[] = "{\"text\":\"ok\",\"tokensIn\":1,\"tokensOut\":1,\"toolCalls\":[]}";
  (void)call;
  self->calls++;
  if (request.len == 0) {
    error->error_class = VB_ERROR_INVALID_REQUEST;
    strcpy(error->message, "empty request");
    return VB_INVALID_ARGUMENT;
  }
  self->host->log(self->host->host_ctx, VB_LOG_INFO, request);
  return out.write(out.ctx, reply, sizeof reply - 1) == 0 ? VB_OK : VB_INTERNAL;
}
static const vb_vendor_api demo_vendor = {sizeof(vb_vendor_api), demo_chat};
static const vb_plugin_descriptor demo_descriptor = {VB_ABI_VERSION, sizeof(vb_plugin_descriptor),
                                                     {"demo", 4},    VB_KIND_VENDOR,
                                                     {"1.0.0", 5},   {"C demo", 6},
                                                     demo_create,    demo_destroy,
                                                     &demo_vendor,   NULL,
                                                     NULL,           NULL};
VB_PLUGIN_ENTRY(&demo_descriptor)

/* ---- a fake host ---- */
static int logged = 0;
static void host_log(void* ctx, vb_log_level level, vb_str message) {
  (void)ctx;
  (void)level;
  (void)message;
  logged++;
}
struct buffer {
  char data[256];
  size_t len;
};
static int buffer_write(void* ctx, const char* data, size_t len) {
  struct buffer* b = (struct buffer*)ctx;
  if (b->len + len > sizeof b->data) return 1;
  memcpy(b->data + b->len, data, len);
  b->len += len;
  return 0;
}

int main(void) {
  vb_host_api host;
  const vb_plugin_descriptor* d;
  vb_instance* instance = NULL;
  vb_error error;
  struct buffer out;
  vb_sink sink;
  vb_call_context call;
  vb_str request;

  /* The ABI's layout promises: versions and sizes lead, codes are fixed. */
  CHECK(VB_ABI_VERSION == ((1u << 16) | 0u));
  CHECK(VB_ABI_MAJOR_OF(VB_ABI_VERSION) == 1u);
  CHECK(offsetof(vb_plugin_descriptor, abi_version) == 0);
  CHECK(offsetof(vb_plugin_descriptor, struct_size) == 4);
  CHECK(offsetof(vb_host_api, struct_size) == 4);
  CHECK(offsetof(vb_vendor_api, struct_size) == 0);
  CHECK(offsetof(vb_error, struct_size) == 0);
  CHECK(offsetof(vb_call_context, struct_size) == 0);
  CHECK(VB_OK == 0 && VB_CANCELLED == 1 && VB_UNAVAILABLE == 14 && VB_RESOURCE_EXHAUSTED == 8);
  CHECK(VB_ERROR_NONE == 0 && VB_ERROR_PERMANENT == 6);
  CHECK(strcmp(VB_PLUGIN_ENTRY_SYMBOL, "vb_plugin_entry") == 0);

  /* Drive the plugin as the host would. */
  d = vb_plugin_entry(VB_ABI_VERSION);
  CHECK(d == &demo_descriptor);
  CHECK(d->kind == VB_KIND_VENDOR && d->vendor != NULL && d->vendor->chat != NULL);

  memset(&host, 0, sizeof host);
  host.abi_version = VB_ABI_VERSION;
  host.struct_size = sizeof host;
  host.log = host_log;
  memset(&error, 0, sizeof error);
  error.struct_size = sizeof error;
  error.retry_after_ms = -1;
  CHECK(d->create(&host, (vb_str){"{}", 2}, &instance, &error) == VB_OK);

  memset(&out, 0, sizeof out);
  sink.ctx = &out;
  sink.write = buffer_write;
  memset(&call, 0, sizeof call);
  call.struct_size = sizeof call;
  call.tenant_id = (vb_str){"t1", 2};
  request.data = "{\"messages\":[]}";
  request.len = strlen(request.data);
  CHECK(d->vendor->chat(instance, &call, request, sink, &error) == VB_OK);
  CHECK(out.len > 0 && memcmp(out.data, "{\"text\":\"ok\"", 12) == 0);
  CHECK(logged == 1);

  request.len = 0;
  CHECK(d->vendor->chat(instance, &call, request, sink, &error) == VB_INVALID_ARGUMENT);
  CHECK(error.error_class == VB_ERROR_INVALID_REQUEST);
  CHECK(strcmp(error.message, "empty request") == 0);

  d->destroy(instance);
  CHECK(the_instance.host == NULL);

  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
