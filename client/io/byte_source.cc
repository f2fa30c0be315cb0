#include "client/io/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"

namespace integra::io {
namespace {

absl::Status ErrnoStatus(int err, const std::string& what) {
  std::string message = what + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case EISDIR:
      return absl::InvalidArgumentError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<ByteSource>> ByteSource::Open(const std::string& path) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  if (path == "-") {
    source->name_ = "<stdin>";
    source->fd_ = STDIN_FILENO;
  } else {
    source->name_ = path;
    source->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (source->fd_ < 0) return ErrnoStatus(errno, "cannot open " + path);
    source->owns_fd_ = true;
  }
  struct stat st {};
  if (::fstat(source->fd_, &st) != 0) return ErrnoStatus(errno, "cannot stat " + source->name_);
  if (S_ISDIR(st.st_mode)) return ErrnoStatus(EISDIR, "cannot read " + source->name_);
  if (S_ISREG(st.st_mode)) {
    // For a redirected stdin, the part already consumed by someone else does not count.
    off_t offset = ::lseek(source->fd_, 0, SEEK_CUR);
    uint64_t start = offset > 0 ? static_cast<uint64_t>(offset) : 0;
    uint64_t size = static_cast<uint64_t>(st.st_size);
    source->total_bytes_ = size > start ? size - start : 0;
  }
  return source;
}

std::unique_ptr<ByteSource> ByteSource::FromString(std::string data, std::string name) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  source->name_ = std::move(name);
  source->total_bytes_ = data.size();
  source->data_ = std::move(data);
  return source;
}

ByteSource::~ByteSource() {
  if (owns_fd_) ::close(fd_);
}

absl::StatusOr<std::string> ByteSource::Peek(size_t n) {
  if (fd_ < 0) return data_.substr(data_pos_, n);
  while (peeked_.size() < n) {
    char buf[4096];
    ssize_t got = ::read(fd_, buf, std::min(sizeof(buf), n - peeked_.size()));
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "cannot read " + name_);
    }
    if (got == 0) break;
    peeked_.append(buf, static_cast<size_t>(got));
  }
  return peeked_.substr(peeked_pos_);
}

absl::StatusOr<size_t> ByteSource::Read(char* buf, size_t n) {
  size_t done = 0;
  if (fd_ < 0) {
    done = std::min(n, data_.size() - data_pos_);
    std::memcpy(buf, data_.data() + data_pos_, done);
    data_pos_ += done;
  } else {
    if (peeked_pos_ < peeked_.size()) {
      done = std::min(n, peeked_.size() - peeked_pos_);
      std::memcpy(buf, peeked_.data() + peeked_pos_, done);
      peeked_pos_ += done;
      if (peeked_pos_ == peeked_.size()) {
        peeked_.clear();
        peeked_pos_ = 0;
      }
    }
    while (done < n) {
      ssize_t got = ::read(fd_, buf + done, n - done);
      if (got < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(errno, "cannot read " + name_);
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
  }
  bytes_read_ += done;
  return done;
}

}  // namespace integra::io
