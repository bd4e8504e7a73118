// StaticFiles: the built dashboard (webapp/dist) as the host serves it — the
// file for a path, the SPA fallback to index.html, and a gzip copy of the
// compressible ones (HTML, JS, CSS, JSON, SVG, source maps, text) for clients
// whose Accept-Encoding allows it.
//
// Each file is read and compressed once (Poco::DeflatingOutputStream, gzip,
// best compression) and kept in memory keyed by its path, modification time
// and size: a rebuilt file is read again on its next request; nothing else
// touches the disk but one stat per request. Each representation has its
// own strong ETag (a digest of the file; the gzip copy's ends in "-gz"), so a
// revalidating client gets 304 without the body.
//
// Thread-safe: find() may be called concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace vb {

struct StaticFile {
  std::shared_ptr<const std::string> body;  // what to send: the gzip copy or the file itself
  bool gzipped = false;                     // body is the gzip copy (Content-Encoding: gzip)
  bool compressible = false;                // a gzip copy exists for such clients (Vary: Accept-Encoding)
  std::string contentType;
  bool immutable = false;  // under /assets/ (content-hashed names): cache for a year
  std::string etag;        // quoted, of this representation
};

class StaticFiles {
 public:
  // root: the web root directory (no trailing slash needed).
  explicit StaticFiles(std::string root);

  // The file answering a GET of `path` ("/" is /index.html; an unknown path
  // outside /assets/ is index.html, the SPA's client-side routes), or nullopt
  // (a missing asset, a path that climbs out of the root, an unreadable file).
  // acceptsGzip: what acceptsGzip() said of the request's Accept-Encoding.
  std::optional<StaticFile> find(const std::string& path, bool acceptsGzip) const;

 private:
  struct Cached {
    int64_t modified = 0;
    uint64_t size = 0;
    std::shared_ptr<const std::string> identity;
    std::shared_ptr<const std::string> gzip;  // null when not compressible or not smaller
    std::string digest;                       // hex, of the file's bytes
  };
  std::optional<Cached> load(const std::string& file) const;

  const std::string root_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Cached> cache_;  // guarded by mutex_; by file path
};

// Whether an Accept-Encoding header value allows gzip (RFC 9110 §12.5.3):
// "gzip" or "x-gzip" or "*" listed with a q-value above 0, and gzip not
// refused with q=0. Case-insensitive.
bool acceptsGzip(const std::string& acceptEncoding);

// Whether an If-None-Match header value names `etag` (or is "*"): weak
// comparison (RFC 9110 §13.1.2), so a "W/" prefix is ignored.
bool etagMatches(const std::string& ifNoneMatch, const std::string& etag);

}  // namespace vb
