#include "client/import_digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace integra::cli {

struct RowDigest::State {
  EVP_MD_CTX* ctx = nullptr;
};

namespace {

// OpenSSL's digest calls fail only when out of memory or misconfigured; an import cannot go on
// without its checkpoint, so that ends the process with a message.
void Check(int ok) {
  if (ok != 1) {
    std::fputs("integra: SHA-256 (OpenSSL EVP) failed\n", stderr);
    std::abort();
  }
}

}  // namespace

RowDigest::RowDigest() : state_(std::make_unique<State>()) {
  state_->ctx = EVP_MD_CTX_new();
  Check(state_->ctx != nullptr ? 1 : 0);
  Check(EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr));
}

RowDigest::~RowDigest() { EVP_MD_CTX_free(state_->ctx); }

void RowDigest::Add(const v1::Observation& row) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    row.SerializeToCodedStream(&coded);
  }
  unsigned char length[8];
  uint64_t n = bytes.size();
  for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(n >> (8 * i));
  Check(EVP_DigestUpdate(state_->ctx, length, sizeof length));
  Check(EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size()));
  ++rows_;
}

std::string RowDigest::Digest() const {
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  Check(copy != nullptr ? 1 : 0);
  Check(EVP_MD_CTX_copy_ex(copy, state_->ctx));
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  Check(EVP_DigestFinal_ex(copy, out, &len));
  EVP_MD_CTX_free(copy);
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace integra::cli
