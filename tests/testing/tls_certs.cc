#include "tests/testing/tls_certs.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/testing/process.h"

namespace integra::testing {
namespace {

constexpr char kConfig[] = R"([req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage = serverAuth
[client]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = clientAuth
)";

std::string FindOpenssl() {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path != nullptr ? path : "/usr/bin", ':')) {
    std::string candidate = absl::StrCat(dir, "/openssl");
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

absl::StatusOr<TlsFiles> MakeTlsFiles(const std::string& dir, const std::string& name) {
  const std::string openssl = FindOpenssl();
  if (openssl.empty()) {
    return absl::InternalError("openssl is not on PATH (deploy/install-deps.sh installs it)");
  }
  const std::string config = absl::StrCat(dir, "/", name, "-openssl.cnf");
  std::ofstream(config) << kConfig;
  TlsFiles files;
  const std::string base = absl::StrCat(dir, "/", name);
  files.ca_cert = base + "-ca.crt";
  const std::string ca_key = base + "-ca.key";
  files.server_cert = base + "-server.crt";
  files.server_key = base + "-server.key";
  files.client_cert = base + "-client.crt";
  files.client_key = base + "-client.key";

  auto req = [&](const std::string& extensions, const std::string& subject, const std::string& cert,
                 const std::string& key, bool sign_with_ca) -> absl::Status {
    std::vector<std::string> argv = {openssl,
                                     "req",
                                     "-x509",
                                     "-config",
                                     config,
                                     "-extensions",
                                     extensions,
                                     "-newkey",
                                     "ec",
                                     "-pkeyopt",
                                     "ec_paramgen_curve:prime256v1",
                                     "-nodes",
                                     "-days",
                                     "2",
                                     "-subj",
                                     subject,
                                     "-keyout",
                                     key,
                                     "-out",
                                     cert};
    if (sign_with_ca) argv.insert(argv.end(), {"-CA", files.ca_cert, "-CAkey", ca_key});
    RunResult r = Run(argv);
    if (r.exit_code != 0) {
      return absl::InternalError(absl::StrCat("openssl req for ", cert, " failed: ", r.err));
    }
    return absl::OkStatus();
  };
  if (auto s = req("ca", "/CN=" + name + " test CA", files.ca_cert, ca_key, false); !s.ok()) {
    return s;
  }
  if (auto s = req("server", "/CN=localhost", files.server_cert, files.server_key, true); !s.ok()) {
    return s;
  }
  if (auto s = req("client", "/CN=" + name + " client", files.client_cert, files.client_key, true);
      !s.ok()) {
    return s;
  }
  return files;
}

}  // namespace integra::testing
