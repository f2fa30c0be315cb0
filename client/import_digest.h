// The checkpoint of an observation import: how many rows of the file the client has read and a
// SHA-256 digest over them, sent with every writing batch and stored with the import job, so that
// `integra import resume` can prove it re-reads the same rows before it continues after them.
//
// The digest covers each row as the CLI sends it (after --map, --indicator, --source, ...): its
// deterministic protobuf serialization (map entries sorted), prefixed by its length as 8 bytes
// little-endian, in file order. The same file read with the same options gives the same
// digest; any changed, added, removed or reordered row among them gives another. SHA-256 from
// OpenSSL's libcrypto, which the server uses for token hashes as well.
//
// Not thread-safe (one import holds one).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "integra/v1/monitoring.pb.h"

namespace integra::cli {

class RowDigest {
 public:
  RowDigest();
  ~RowDigest();
  RowDigest(const RowDigest&) = delete;
  RowDigest& operator=(const RowDigest&) = delete;

  void Add(const v1::Observation& row);
  uint64_t rows() const { return rows_; }
  // The SHA-256 (32 bytes) of the rows added so far; more rows may be added afterwards.
  std::string Digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  uint64_t rows_ = 0;
};

}  // namespace integra::cli
