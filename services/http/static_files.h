// The dashboard's static files (web/dist), served from memory.
//
// Each file is read once (and again when its size or modification time changes) and kept with
// its gzip encoding, so a browser's request costs a map lookup, not a read and a compression.
// Vite names every built asset by its content hash, so /assets/ is cached for good
// (immutable); everything else carries an ETag and must be revalidated (304 when unchanged).
// Paths with "..", backslashes or NUL are refused, and a path that resolves (through symlinks)
// outside the root is not served.
//
// Thread-safety: Serve may be called from any number of threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace integra::http {

class StaticFiles {
 public:
  explicit StaticFiles(const std::string& root);
  // Answers a GET for req.path: 200 with the file (gzip-encoded when the client accepts it and
  // the type is worth compressing), 304, or 404 with a short text.
  void Serve(const httplib::Request& req, httplib::Response& res);

  // The Content-Type integra sends for a file name (by extension).
  static std::string ContentType(const std::string& name);

 private:
  struct Entry {
    int64_t mtime = 0;
    uint64_t size = 0;
    std::string type;
    std::string etag;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzip;  // null when not worth compressing
  };
  std::shared_ptr<const Entry> Load(const std::string& relative);

  std::string root_;  // canonical
  std::mutex mu_;     // guards cache_
  std::map<std::string, std::shared_ptr<const Entry>> cache_;
};

}  // namespace integra::http
