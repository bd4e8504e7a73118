/*
 * vb_plugin.h — the VocalBridge plugin ABI. This header is the whole contract
 * between the VocalBridge host and a plugin shared library.
 *
 * Rules that hold for everything below:
 *  - C99, no C++ types. Every exported name starts with vb_ / VB_.
 *  - Every struct that crosses the boundary starts with `struct_size` (and the
 *    top-level ones with `abi_version`). Fields are only ever appended. A
 *    reader copies min(struct_size, sizeof(its struct)) into zeroed storage,
 *    so an older peer's missing fields read as 0 / NULL = "not supported".
 *  - Strings are UTF-8 with explicit lengths (vb_str); they need not be
 *    NUL-terminated. A vb_str passed into a call is valid for that call only.
 *  - Ownership: whoever allocates frees. Results never come back as memory
 *    to free: the callee writes them into a vb_sink the caller provides.
 *  - Errors are values: every call returns a vb_status (0 = OK) and, on
 *    failure, fills the caller's vb_error. No exception may cross the ABI.
 *  - Unloading is the host's business: it never unloads a library while a
 *    call into it is in flight, and never calls destroy() concurrently with
 *    any other call on the same instance.
 *
 * Versioning: VB_ABI_VERSION = major << 16 | minor. The host refuses a plugin
 * whose major differs from its own and accepts any minor (older minors just
 * have shorter structs). See docs/PLUGIN-SDK.md for a walkthrough.
 */
#ifndef VOCALBRIDGE_VB_PLUGIN_H
#define VOCALBRIDGE_VB_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VB_ABI_VERSION_MAJOR 1u
#define VB_ABI_VERSION_MINOR 0u
#define VB_ABI_VERSION ((VB_ABI_VERSION_MAJOR << 16) | VB_ABI_VERSION_MINOR)
#define VB_ABI_MAJOR_OF(v) ((uint32_t)(v) >> 16)

/* Name of the one symbol a plugin exports (see VB_PLUGIN_ENTRY below). */
#define VB_PLUGIN_ENTRY_SYMBOL "vb_plugin_entry"

/* ---------------------------------------------------------------- basics */

typedef struct vb_str {
  const char* data; /* UTF-8, not necessarily NUL-terminated; may be NULL if len == 0 */
  size_t len;
} vb_str;

/* Status codes, Abseil-style: they tell a retry loop what to do. */
typedef enum vb_status {
  VB_OK = 0,
  VB_CANCELLED = 1,          /* the caller cancelled the call */
  VB_INVALID_ARGUMENT = 3,   /* bad request: do not retry */
  VB_DEADLINE_EXCEEDED = 4,  /* timed out: may retry */
  VB_NOT_FOUND = 5,          /* a looked-up thing does not exist */
  VB_PERMISSION_DENIED = 7,  /* credentials rejected: do not retry */
  VB_RESOURCE_EXHAUSTED = 8, /* rate limited / quota: retry after error.retry_after_ms */
  VB_UNIMPLEMENTED = 12,     /* the plugin does not support this call */
  VB_INTERNAL = 13,          /* the plugin or the remote broke: see VB_ERROR_PERMANENT */
  VB_UNAVAILABLE = 14        /* transient failure (5xx, connection refused): retry */
} vb_status;

/* The classification a reliability pipeline acts on. The host retries the
 * same vendor with exponential backoff and full jitter, up to its configured
 * attempts, for TRANSIENT, RATE_LIMITED and TIMEOUT; it retries a PERMANENT
 * error exactly once when http_status is 2xx (the vendor said OK but its
 * answer could not be parsed — usually a one-off transport fault), and never
 * otherwise; INVALID_REQUEST and AUTH are never retried. A call that is not
 * retried may still go to the agent's fallback vendor. */
typedef enum vb_error_class {
  VB_ERROR_NONE = 0,
  VB_ERROR_TRANSIENT = 1,       /* retry with backoff */
  VB_ERROR_RATE_LIMITED = 2,    /* retry, waiting at least retry_after_ms */
  VB_ERROR_TIMEOUT = 3,         /* retry with backoff */
  VB_ERROR_INVALID_REQUEST = 4, /* never retry: the request is wrong */
  VB_ERROR_AUTH = 5,            /* never retry: credentials */
  VB_ERROR_PERMANENT = 6        /* no retry; a malformed 2xx answer (http_status 2xx): one retry */
} vb_error_class;

#define VB_ERROR_MESSAGE_CAPACITY 512

/* Filled by the callee on failure; storage belongs to the caller. The callee
 * writes a NUL-terminated message (truncated to fit). */
typedef struct vb_error {
  uint32_t struct_size;
  vb_error_class error_class;
  int32_t http_status;    /* the remote's HTTP status, 0 if none */
  int64_t retry_after_ms; /* >= 0 when the remote asked for a wait, else -1 */
  char message[VB_ERROR_MESSAGE_CAPACITY];
} vb_error;

/* A write-only byte stream owned by the caller. The callee may call write()
 * any number of times, from the calling thread only, during the call. It
 * returns 0 on success, non-zero if the caller refuses more data (e.g. size
 * limit), after which the callee should stop and fail the call. */
typedef struct vb_sink {
  void* ctx;
  int (*write)(void* ctx, const char* data, size_t len);
} vb_sink;

typedef enum vb_log_level {
  VB_LOG_DEBUG = 0,
  VB_LOG_INFO = 1,
  VB_LOG_WARN = 2,
  VB_LOG_ERROR = 3
} vb_log_level;

/* Host-owned cancellation handle; plugins only pass it on to http_request
 * or poll it with is_cancelled. */
typedef struct vb_cancel_token vb_cancel_token;

/* Per-call context, owned by the host, valid for the duration of one call. */
typedef struct vb_call_context {
  uint32_t struct_size;
  vb_str request_id;       /* correlation id: pass it to remotes (X-Request-Id) */
  vb_str tenant_id;        /* the calling tenant; tools must scope data by it */
  uint32_t timeout_ms;     /* budget for this call; 0 = none */
  vb_cancel_token* cancel; /* may be NULL */
} vb_call_context;

/* ---------------------------------------------------------- host services */

typedef struct vb_http_header {
  vb_str name;
  vb_str value;
} vb_http_header;

typedef struct vb_http_request {
  uint32_t struct_size;
  vb_str method; /* "GET", "POST", ... */
  vb_str url;    /* http://host:port/path (plain HTTP; TLS is not offered in 1.0) */
  const vb_http_header* headers;
  size_t header_count;
  vb_str body;
  uint32_t timeout_ms;     /* whole exchange; 0 = host default */
  vb_cancel_token* cancel; /* from vb_call_context; may be NULL */
} vb_http_request;

typedef struct vb_http_response {
  uint32_t struct_size;
  int32_t status;          /* HTTP status code */
  vb_sink body;            /* caller-provided: receives the response body */
  /* Optional (may be NULL): receives each response header. */
  void (*on_header)(void* ctx, vb_str name, vb_str value);
  void* header_ctx;
} vb_http_response;

/* Services the host offers every plugin, like SQLite's sqlite3_api_routines.
 * The table and everything it points to stay valid until destroy() returns.
 * Every function here is thread-safe and may be called from any thread. */
typedef struct vb_host_api {
  uint32_t abi_version;
  uint32_t struct_size;
  void* host_ctx; /* pass as the first argument of the functions below */

  /* Write one log line attributed to the plugin. Never log secrets. */
  void (*log)(void* host_ctx, vb_log_level level, vb_str message);

  /* Wall-clock time, Unix epoch milliseconds. */
  int64_t (*now_unix_ms)(void* host_ctx);

  /* Monotonic time in nanoseconds, for measuring durations. */
  int64_t (*monotonic_ns)(void* host_ctx);

  /* Look up the plugin's setting `key` (from its entry in the host config).
   * Writes the value into `out` and returns VB_OK, or VB_NOT_FOUND. */
  vb_status (*config_get)(void* host_ctx, vb_str key, vb_sink out);

  /* Perform an HTTP exchange. On VB_OK the response status and body are in
   * `response` (any HTTP status, including 4xx/5xx, is VB_OK here: the HTTP
   * exchange itself worked). Errors: VB_DEADLINE_EXCEEDED (timeout),
   * VB_UNAVAILABLE (connection failed), VB_CANCELLED, VB_INVALID_ARGUMENT. */
  vb_status (*http_request)(void* host_ctx, const vb_http_request* request,
                            vb_http_response* response, vb_error* error);

  /* Non-zero once the host has cancelled the call owning `token`. */
  int (*is_cancelled)(void* host_ctx, const vb_cancel_token* token);
} vb_host_api;

/* ------------------------------------------------------- per-kind tables */

typedef enum vb_plugin_kind {
  VB_KIND_VENDOR = 1,
  VB_KIND_STT = 2,
  VB_KIND_TTS = 3,
  VB_KIND_TOOL = 4
} vb_plugin_kind;

typedef struct vb_instance vb_instance; /* a plugin's own state, opaque to the host */

/* Vendor: chat completion with tool calls. The payloads are JSON.
 *
 * request_json:
 *   { "system": "…", "messages": [ {"role":"user"|"assistant"|"tool",
 *       "content":"…", "toolCallId"?:"…", "toolCalls"?:[…]} ],
 *     "tools": [ {"name":"…","description":"…","parameters":{JSON schema}} ],
 *     "maxTokens"?: int }
 * On VB_OK the plugin writes to `out`:
 *   { "text": "…", "tokensIn": int, "tokensOut": int,
 *     "toolCalls": [ {"id":"…","name":"…","arguments":{…}} ],
 *     "vendorLatencyMs"?: int, "httpStatus"?: int, "model"?: "…" }
 * On failure it returns a non-OK status and fills `error` with the class
 * (5xx or connection error → TRANSIENT, 429 → RATE_LIMITED + retry_after_ms,
 * timeout → TIMEOUT, 401/403 → AUTH, other 4xx → INVALID_REQUEST, a 2xx
 * answer it cannot parse → PERMANENT with http_status set to that 2xx status,
 * which the host retries once; see vb_error_class).
 * Thread-safety: chat may be called concurrently from any thread. */
typedef struct vb_vendor_api {
  uint32_t struct_size;
  vb_status (*chat)(vb_instance* instance, const vb_call_context* call, vb_str request_json,
                    vb_sink out, vb_error* error);
} vb_vendor_api;

/* Speech to text. Input: the bytes of a WAV file: PCM (8-32 bit) or float,
 * 8-48 kHz, mono or stereo (RIFF, WAVE_FORMAT_EXTENSIBLE or RF64).
 * options_json: { "hints"?: ["phrase", ...], "language"?: "en-us" }
 *   hints: the agent's speech hints (words and phrases it expects; digits
 *   are read one by one, so "INV-1001" covers "inv one zero zero one").
 * On VB_OK the plugin writes to out_json:
 *   { "transcript": "...", "durationMs": int,
 *     "confidence"?: number 0..1, "decodeMs"?: int, "engine"?: "...",
 *     "engineVersion"?: "...", "search"?: "hints" | "general" }
 *   durationMs is the input audio's length. Silence, or nothing recognised,
 *   is VB_OK with "transcript": "".
 * Errors: not an accepted WAV, bad options, audio over the plugin's limit ->
 * VB_INVALID_ARGUMENT / VB_ERROR_INVALID_REQUEST; no engine free within
 * call->timeout_ms -> VB_DEADLINE_EXCEEDED / VB_ERROR_TIMEOUT; cancelled
 * while waiting -> VB_CANCELLED.
 * Thread-safety: may be called concurrently from any thread; the plugin
 * pools or serialises internally if its engine requires it. */
typedef struct vb_stt_api {
  uint32_t struct_size;
  vb_status (*transcribe)(vb_instance* instance, const vb_call_context* call, vb_str wav,
                          vb_str options_json, vb_sink out_json, vb_error* error);
} vb_stt_api;

/* Text to speech. Input: UTF-8 text. Writes a WAV file (RIFF, PCM16, mono,
 * at the voice's own sample rate) into out_wav.
 * options_json: { "voice"?: "...", "rate"?: int words per minute }
 *   (each plugin documents its voices and whether it honours rate; unknown
 *   fields are ignored).
 * Errors: empty text, unknown voice, bad option -> VB_INVALID_ARGUMENT /
 * VB_ERROR_INVALID_REQUEST.
 * Thread-safety: as vb_stt_api. */
typedef struct vb_tts_api {
  uint32_t struct_size;
  vb_status (*synthesize)(vb_instance* instance, const vb_call_context* call, vb_str text,
                          vb_str options_json, vb_sink out_wav, vb_error* error);
} vb_tts_api;

/* Tool: a function an LLM may call. `description` and `parameters_schema`
 * (a JSON schema) are static strings owned by the plugin, valid while loaded.
 * invoke() receives the arguments JSON and writes a result JSON object,
 * which should contain a short "summary" string for audit logs.
 * VB_NOT_FOUND means "no such record" and is reported to the model, not as a
 * host failure. Thread-safety: invoke may be called concurrently. */
typedef struct vb_tool_api {
  uint32_t struct_size;
  vb_str description;
  vb_str parameters_schema;
  vb_status (*invoke)(vb_instance* instance, const vb_call_context* call, vb_str arguments_json,
                      vb_sink out_json, vb_error* error);
} vb_tool_api;

/* ------------------------------------------------------------ descriptor */

/* Returned by the entry symbol. A static object in the plugin: the host
 * reads it, never writes or frees it. */
typedef struct vb_plugin_descriptor {
  uint32_t abi_version; /* VB_ABI_VERSION the plugin was built against */
  uint32_t struct_size; /* sizeof(vb_plugin_descriptor) at build time */
  vb_str name;          /* e.g. "vendorA": [A-Za-z0-9_.-]{1,64} */
  vb_plugin_kind kind;
  vb_str version;       /* the plugin's own version, e.g. "1.2.0" */
  vb_str description;   /* one human line */

  /* Create an instance. `host` stays valid until destroy() returns.
   * settings_json is the plugin's "settings" object from the host config
   * ("{}" when absent). Called once per load, before any other call. On
   * failure return non-OK and fill error; *out_instance is then ignored. */
  vb_status (*create)(const vb_host_api* host, vb_str settings_json, vb_instance** out_instance,
                      vb_error* error);

  /* Destroy an instance. Called once, after every other call has returned. */
  void (*destroy)(vb_instance* instance);

  /* Exactly one of these matches `kind` and must be non-NULL. */
  const vb_vendor_api* vendor;
  const vb_stt_api* stt;
  const vb_tts_api* tts;
  const vb_tool_api* tool;
} vb_plugin_descriptor;

/* The entry point's type. host_abi_version lets a plugin adapt to (or refuse)
 * an older host. Must not allocate or start threads: it only returns the
 * static descriptor. */
typedef const vb_plugin_descriptor* (*vb_plugin_entry_fn)(uint32_t host_abi_version);

#if defined(_WIN32)
#define VB_EXPORT __declspec(dllexport)
#else
#define VB_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define VB_EXTERN_C extern "C"
#else
#define VB_EXTERN_C
#endif

/* Declares the plugin's one exported symbol:
 *   VB_PLUGIN_ENTRY(&my_descriptor)
 */
#define VB_PLUGIN_ENTRY(descriptor_ptr)                                                            \
  VB_EXTERN_C VB_EXPORT const vb_plugin_descriptor* vb_plugin_entry(uint32_t host_abi_version);    \
  VB_EXTERN_C VB_EXPORT const vb_plugin_descriptor* vb_plugin_entry(uint32_t host_abi_version) {   \
    (void)host_abi_version;                                                                        \
    return (descriptor_ptr);                                                                       \
  }

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VOCALBRIDGE_VB_PLUGIN_H */
