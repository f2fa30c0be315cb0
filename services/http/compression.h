// gzip for HTTP bodies, with zlib (Debian's zlib1g).
//
// Why integra compresses itself: Debian's cpp-httplib is built with brotli and compresses every
// compressible response (by exact Content-Type: text/*, application/json, application/javascript,
// ...) with brotli at quality 11 when the client accepts "br", as browsers do. That costs about a
// second for the dashboard's 625 KB chart bundle and ~1 ms per 10 KB of JSON on every request. So
// the gateway gzips (level 6, once per file for the static files) and labels its bodies with
// Content-Type parameters ("application/json; charset=utf-8") that the library's exact match
// does not compress a second time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace integra::http {

// The gzip (RFC 1952) encoding of `data` at zlib level `level`; nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view data, int level = 6);

// True if an Accept-Encoding header value accepts gzip (and does not refuse it with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// Bodies smaller than this are sent as they are (compression would not pay).
inline constexpr size_t kMinCompressBytes = 1024;

}  // namespace integra::http
