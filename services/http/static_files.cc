#include "services/http/static_files.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/http/compression.h"

namespace integra::http {
namespace {

namespace fs = std::filesystem;

std::string Extension(const std::string& name) {
  const size_t dot = name.rfind('.');
  const size_t slash = name.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return absl::AsciiStrToLower(name.substr(dot + 1));
}

// text/* types are compressed by cpp-httplib itself (see compression.h); integra gzips the
// others that are worth it.
bool IntegraCompresses(const std::string& type) {
  return !absl::StartsWith(type, "text/") &&
         (absl::StartsWith(type, "application/javascript") ||
          absl::StartsWith(type, "application/json") ||
          absl::StartsWith(type, "application/geo+json") ||
          absl::StartsWith(type, "image/svg+xml") ||
          absl::StartsWith(type, "application/manifest+json"));
}

bool SafeRelative(const std::string& path) {
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
    return false;
  }
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (segment == "..") return false;
  }
  return true;
}

void NotFound(httplib::Response& res, const std::string& path) {
  res.status = 404;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(absl::StrCat("not found: ", path.substr(0, 200), "\n"),
                  "text/plain; charset=utf-8");
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::path(root), ec);
  root_ = ec ? root : canonical.string();
}

std::string StaticFiles::ContentType(const std::string& name) {
  const std::string ext = Extension(name);
  // Parameters on the application/* types keep cpp-httplib from compressing them again.
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "application/javascript; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "geojson") return "application/geo+json; charset=utf-8";
  if (ext == "webmanifest") return "application/manifest+json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml; charset=utf-8";
  if (ext == "txt" || ext == "md") return "text/plain; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "pdf") return "application/pdf";
  return "application/octet-stream";
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::Load(const std::string& relative) {
  std::error_code ec;
  const fs::path path = fs::path(root_) / relative;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec) return nullptr;
  const std::string c = canonical.string();
  if (c != root_ && !absl::StartsWith(c, root_ + "/")) return nullptr;  // a symlink out
  if (!fs::is_regular_file(canonical, ec)) return nullptr;
  const uint64_t size = fs::file_size(canonical, ec);
  if (ec) return nullptr;
  const auto mtime = fs::last_write_time(canonical, ec);
  if (ec) return nullptr;
  const int64_t mtime_ticks = mtime.time_since_epoch().count();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(relative);
    if (it != cache_.end() && it->second->size == size && it->second->mtime == mtime_ticks) {
      return it->second;
    }
  }
  std::ifstream in(canonical, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto entry = std::make_shared<Entry>();
  entry->mtime = mtime_ticks;
  entry->size = size;
  entry->type = ContentType(relative);
  entry->etag = absl::StrCat("\"", absl::Hex(size), "-", absl::Hex(mtime_ticks), "\"");
  entry->body = std::make_shared<const std::string>(buffer.str());
  if (IntegraCompresses(entry->type) && entry->body->size() >= kMinCompressBytes) {
    if (auto gz = Gzip(*entry->body, 9); gz.has_value() && gz->size() < entry->body->size()) {
      entry->gzip = std::make_shared<const std::string>(std::move(*gz));
    }
  }
  std::lock_guard lock(mu_);
  cache_[relative] = entry;
  return entry;
}

void StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) {
  std::string relative = req.path;
  while (absl::StartsWith(relative, "/")) relative.erase(0, 1);
  if (relative.empty() || absl::EndsWith(relative, "/")) relative += "index.html";
  if (!SafeRelative(relative)) {
    res.status = 400;
    res.set_content("bad path\n", "text/plain; charset=utf-8");
    return;
  }
  std::shared_ptr<const Entry> entry = Load(relative);
  if (entry == nullptr) return NotFound(res, req.path);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", absl::StartsWith(relative, "assets/")
                                      ? "public, max-age=31536000, immutable"
                                      : "no-cache");
  res.set_header("ETag", entry->etag);
  if (req.get_header_value("If-None-Match") == entry->etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  if (entry->gzip != nullptr) {
    res.set_header("Vary", "Accept-Encoding");
    if (AcceptsGzip(req.get_header_value("Accept-Encoding"))) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(*entry->gzip, entry->type);
      return;
    }
  }
  res.set_content(*entry->body, entry->type);
}

}  // namespace integra::http
