// Where a reader's bytes come from: a file, stdin ("-"), or an in-memory string (tests).
//
// Reads in caller-sized chunks so memory stays flat whatever the input size. Knows the total
// size when the input is a regular file (also when stdin is redirected from one), so progress
// bars can show an ETA. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace integra::io {

class ByteSource {
 public:
  // Opens `path`, or stdin when path is "-". NotFound / PermissionDenied / InvalidArgument
  // (a directory) / Internal with the path and the system's reason.
  static absl::StatusOr<std::unique_ptr<ByteSource>> Open(const std::string& path);
  // A source over `data` (named "<string>" in messages unless `name` is given).
  static std::unique_ptr<ByteSource> FromString(std::string data, std::string name = "<string>");

  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads up to `n` bytes into `buf`, retrying short reads until `n` bytes or end of input.
  // Returns the number of bytes read; 0 means end of input. Internal on a read error.
  absl::StatusOr<size_t> Read(char* buf, size_t n);
  // The first up to `n` bytes of the input, without consuming them (the next Read starts with
  // them): how a file is told apart by its content, also on stdin. Call before any Read.
  // Internal on a read error.
  absl::StatusOr<std::string> Peek(size_t n);

  const std::string& name() const { return name_; }
  std::optional<uint64_t> total_bytes() const { return total_bytes_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  ByteSource() = default;

  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string data_;  // in-memory source when fd_ < 0
  size_t data_pos_ = 0;
  std::string peeked_;  // read from fd_ by Peek, handed out first by Read
  size_t peeked_pos_ = 0;
  std::optional<uint64_t> total_bytes_;
  uint64_t bytes_read_ = 0;
};

}  // namespace integra::io
