#include "http/static_files.h"

#include <Poco/DeflatingStream.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/SHA1Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <sstream>

namespace vb {
namespace {

const char* contentTypeFor(const std::string& path) {
  const std::string ext = Poco::toLower(Poco::Path(path).getExtension());
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "wav") return "audio/wav";
  return "application/octet-stream";
}

// Text formats gain from gzip; images, fonts and audio are compressed already.
bool isCompressible(const std::string& path) {
  const std::string ext = Poco::toLower(Poco::Path(path).getExtension());
  return ext == "html" || ext == "js" || ext == "mjs" || ext == "css" || ext == "json" || ext == "map" ||
         ext == "svg" || ext == "txt";
}

std::string gzipOf(const std::string& data) {
  std::ostringstream out;
  Poco::DeflatingOutputStream deflate(out, Poco::DeflatingStreamBuf::STREAM_GZIP, 9);
  deflate.write(data.data(), static_cast<std::streamsize>(data.size()));
  deflate.close();
  return out.str();
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::optional<StaticFiles::Cached> StaticFiles::load(const std::string& path) const {
  try {
    Poco::File file(path);
    if (!file.exists() || !file.isFile()) return std::nullopt;
    const int64_t modified = file.getLastModified().epochMicroseconds();
    const uint64_t size = file.getSize();
    {
      std::lock_guard lock(mutex_);
      const auto it = cache_.find(path);
      if (it != cache_.end() && it->second.modified == modified && it->second.size == size) return it->second;
    }
    // Read and compress outside the lock; two first requests may both do it.
    Poco::FileInputStream in(path);
    std::ostringstream buffer;
    Poco::StreamCopier::copyStream(in, buffer);
    Cached cached;
    cached.modified = modified;
    cached.size = size;
    cached.identity = std::make_shared<const std::string>(buffer.str());
    Poco::SHA1Engine sha1;
    sha1.update(*cached.identity);
    cached.digest = Poco::DigestEngine::digestToHex(sha1.digest()).substr(0, 20);
    if (isCompressible(path)) {
      auto gzip = gzipOf(*cached.identity);
      if (gzip.size() < cached.identity->size())
        cached.gzip = std::make_shared<const std::string>(std::move(gzip));
    }
    std::lock_guard lock(mutex_);
    cache_[path] = cached;
    return cached;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::optional<StaticFile> StaticFiles::find(const std::string& path, bool gzipOk) const {
  if (root_.empty()) return std::nullopt;
  // Refuse anything that could climb out of the web root.
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos) return std::nullopt;
  const std::string relative = path == "/" ? "/index.html" : path;
  const bool asset = relative.rfind("/assets/", 0) == 0;
  std::string served = root_ + relative;
  auto cached = load(served);
  if (!cached) {
    // SPA fallback: client-side routes get index.html; missing assets stay 404.
    if (asset) return std::nullopt;
    served = root_ + "/index.html";
    cached = load(served);
    if (!cached) return std::nullopt;
  }
  StaticFile file;
  file.contentType = contentTypeFor(served);
  file.compressible = isCompressible(served);
  file.gzipped = gzipOk && cached->gzip != nullptr;
  file.body = file.gzipped ? cached->gzip : cached->identity;
  file.immutable = asset;
  file.etag = "\"" + cached->digest + (file.gzipped ? "-gz" : "") + "\"";
  return file;
}

bool acceptsGzip(const std::string& acceptEncoding) {
  bool gzip = false, star = false, gzipRefused = false;
  Poco::StringTokenizer codings(acceptEncoding, ",",
                                Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& coding : codings) {
    Poco::StringTokenizer parts(coding, ";",
                                Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    if (parts.count() == 0) continue;
    const std::string name = Poco::toLower(parts[0]);
    double q = 1.0;
    for (size_t i = 1; i < parts.count(); ++i) {
      const std::string param = Poco::toLower(parts[i]);
      if (param.rfind("q=", 0) == 0 && !Poco::NumberParser::tryParseFloat(param.substr(2), q)) q = 0;
    }
    if (name == "gzip" || name == "x-gzip") {
      if (q > 0)
        gzip = true;
      else
        gzipRefused = true;
    } else if (name == "*" && q > 0) {
      star = true;
    }
  }
  return !gzipRefused && (gzip || star);
}

bool etagMatches(const std::string& ifNoneMatch, const std::string& etag) {
  Poco::StringTokenizer tags(ifNoneMatch, ",",
                             Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (std::string tag : tags) {
    if (tag == "*") return true;
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace vb
