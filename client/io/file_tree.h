// Where an export of several files goes, and where an import of several files comes from: a
// directory, or a zip archive (minizip, Debian's libminizip-dev).
//
// Writing: Begin(name) opens one file (a relative path with '/' separators; folders are
// created), the caller writes to the stream it returns, End() completes it; one file at a time.
// A directory tree writes each file to "<name>.tmp" and renames it over <name> at End(), so a
// failed export never leaves a half-written file under the real name (files completed before
// stay). A zip tree writes "<path>.tmp" and renames it to <path> at Finish(); on failure (or
// without Finish) the temporary archive is removed and an existing <path> stays untouched.
// Zip entries are deflated and carry the fixed time 1980-01-01 00:00 (the zip format's
// earliest), so the same data gives a byte-identical archive.
//
// Reading: ListZipEntries and ExtractZipEntry. Not thread-safe.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace integra::io {

class FileTreeWriter {
 public:
  virtual ~FileTreeWriter() = default;
  // Starts file `name`. InvalidArgument for an absolute name, one with ".." or an empty
  // segment; FailedPrecondition when a file is still open; PermissionDenied/Internal for I/O.
  virtual absl::StatusOr<std::ostream*> Begin(const std::string& name) = 0;
  // Completes the file begun last. Internal when writing failed.
  virtual absl::Status End() = 0;
  // Completes the tree (the zip's central directory). Call once, after the last End().
  virtual absl::Status Finish() = 0;
  // The files completed so far, in order.
  const std::vector<std::string>& files() const { return files_; }

 protected:
  std::vector<std::string> files_;
};

// Files under `dir`, which is created if missing. PermissionDenied when it cannot be.
absl::StatusOr<std::unique_ptr<FileTreeWriter>> OpenDirectoryTree(const std::string& dir);
// A new zip archive at `path` (replaced at Finish()). PermissionDenied when it cannot be
// created.
absl::StatusOr<std::unique_ptr<FileTreeWriter>> OpenZipTree(const std::string& path);

// Names of the files in the zip at `path`, in archive order (folders left out).
// InvalidArgument when `path` is not a readable zip archive.
absl::StatusOr<std::vector<std::string>> ListZipEntries(const std::string& path);
// Writes entry `name` of the zip at `path` to the file `dest`. NotFound for a missing entry,
// InvalidArgument for a damaged archive, PermissionDenied when `dest` cannot be written.
absl::Status ExtractZipEntry(const std::string& path, const std::string& name,
                             const std::string& dest);

}  // namespace integra::io
