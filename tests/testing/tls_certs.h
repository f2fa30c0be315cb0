// Certificates generated at test time for TLS tests: a CA, a server certificate for
// localhost / 127.0.0.1 / ::1 and a client certificate, each signed by its CA. Written with the
// `openssl` command (deploy/install-deps.sh installs it), EC P-256 keys, valid for two days:
// generating one set takes a few milliseconds.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace integra::testing {

struct TlsFiles {
  std::string ca_cert;      // the CA's certificate (what a verifier trusts)
  std::string server_cert;  // signed by the CA; subjectAltName DNS:localhost, IP:127.0.0.1, ::1
  std::string server_key;
  std::string client_cert;  // signed by the CA; extendedKeyUsage clientAuth
  std::string client_key;
};

// Writes a fresh CA named `name` and its server and client certificates into `dir` (files
// named after `name`). Two calls with different names give CAs that do not trust each other.
// Internal with openssl's stderr if a command fails or openssl is not on PATH.
absl::StatusOr<TlsFiles> MakeTlsFiles(const std::string& dir, const std::string& name);

// The contents of a file ("" if it cannot be read).
std::string ReadFileOrEmpty(const std::string& path);

}  // namespace integra::testing
