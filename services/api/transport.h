// How integrad's TCP listener is secured: TLS (optionally mutual), or plaintext only where that
// is safe. The policy lives here, apart from the server wiring, so it can be tested on its own.
//
// Policy: a listener on a non-loopback address must speak TLS unless the operator explicitly
// accepts plaintext (`integrad --insecure-listen`): without TLS anyone on the network can read
// the traffic and, with tokens, replay the secrets. Loopback addresses (127.0.0.0/8, ::1,
// "localhost") and the unix-domain socket are local and may stay plaintext. See
// docs/operations.md.
// All functions are thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/server_credentials.h"

namespace integra::api {

struct TransportOptions {
  // PEM files of the server's certificate chain and private key (integrad --tls-cert,
  // --tls-key). Both given: the TCP listener speaks TLS only. Neither: plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM bundle of the CAs whose client certificates are accepted (integrad --tls-client-ca).
  // Given: mutual TLS, every TCP client must present a certificate signed by one of them, or
  // the handshake fails. "" = no client certificate is asked for.
  std::string tls_client_ca_file;
  // Accept plaintext on a non-loopback address (integrad --insecure-listen). Default false.
  bool insecure_listen = false;

  bool tls() const { return !tls_cert_file.empty(); }
};

// Whether `host` (the HOST of a HOST:PORT listen address, IPv6 with or without brackets) names
// the loopback interface: "localhost", an IPv4 address in 127.0.0.0/8, "::1" (also written out
// in full), or an IPv4-mapped 127.x address. Anything else, "0.0.0.0", "::" and every other
// host name included, is not loopback.
bool IsLoopbackHost(absl::string_view host);

// Checks the options against the policy for a listener on `listen` (HOST:PORT) and returns the
// credentials to serve it with:
// - InvalidArgument if only one of tls_cert_file / tls_key_file is given, or
//   tls_client_ca_file without them;
// - FailedPrecondition if plaintext was asked for on a non-loopback address without
//   insecure_listen (the message says how to fix it), or a PEM file cannot be read or holds no
//   PEM block (the message names the flag and the file).
// A certificate that does not match its key is only found when the listener starts (gRPC then
// refuses the port; IntegraServer::Start says so).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenerCredentials(
    const std::string& listen, const TransportOptions& options);

// The contents of a PEM file; FailedPrecondition naming `flag` and the path if it cannot be read
// or holds no "-----BEGIN" block.
absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view flag);

}  // namespace integra::api
