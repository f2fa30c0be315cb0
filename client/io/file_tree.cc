#include "client/io/file_tree.h"

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace integra::io {
namespace {

namespace fs = std::filesystem;

absl::Status CheckName(const std::string& name) {
  if (name.empty() || name.front() == '/') {
    return absl::InvalidArgumentError("'" + name + "' is not a relative file name");
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    std::string_view segment(name.data() + start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return absl::InvalidArgumentError("'" + name + "' is not a plain relative file name");
    }
    start = end + 1;
  }
  return absl::OkStatus();
}

class DirectoryTree : public FileTreeWriter {
 public:
  explicit DirectoryTree(fs::path dir) : dir_(std::move(dir)) {}
  ~DirectoryTree() override {
    if (file_.is_open()) {
      file_.close();
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }

  absl::StatusOr<std::ostream*> Begin(const std::string& name) override {
    if (file_.is_open()) return absl::FailedPreconditionError("a file is still open: " + name_);
    if (absl::Status s = CheckName(name); !s.ok()) return s;
    fs::path target = dir_ / name;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
      return absl::PermissionDeniedError("cannot create " + target.parent_path().string() + ": " +
                                         ec.message());
    }
    name_ = name;
    target_ = target;
    tmp_ = target;
    tmp_ += ".tmp";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_) return absl::PermissionDeniedError("cannot write " + tmp_.string());
    return &file_;
  }

  absl::Status End() override {
    if (!file_.is_open()) return absl::FailedPreconditionError("no file is open");
    file_.close();
    std::error_code ec;
    if (file_.fail()) {
      fs::remove(tmp_, ec);
      return absl::InternalError("writing " + target_.string() + " failed (disk full?)");
    }
    fs::rename(tmp_, target_, ec);
    if (ec) return absl::InternalError("cannot rename " + tmp_.string() + ": " + ec.message());
    files_.push_back(name_);
    return absl::OkStatus();
  }

  absl::Status Finish() override {
    if (file_.is_open()) return absl::FailedPreconditionError("a file is still open: " + name_);
    return absl::OkStatus();
  }

 private:
  fs::path dir_;
  std::ofstream file_;
  std::string name_;
  fs::path target_;
  fs::path tmp_;
};

// An output stream into the current zip entry.
class ZipEntryBuf : public std::streambuf {
 public:
  explicit ZipEntryBuf(zipFile zip) : zip_(zip) { setp(buffer_, buffer_ + sizeof(buffer_)); }
  bool failed() const { return failed_; }
  int sync() override { return Drain() ? 0 : -1; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

 private:
  bool Drain() {
    const auto n = static_cast<unsigned>(pptr() - pbase());
    if (n > 0 && zipWriteInFileInZip(zip_, pbase(), n) != ZIP_OK) failed_ = true;
    setp(buffer_, buffer_ + sizeof(buffer_));
    return !failed_;
  }
  zipFile zip_;
  char buffer_[1 << 16];
  bool failed_ = false;
};

class ZipTree : public FileTreeWriter {
 public:
  ZipTree(std::string path, std::string tmp, zipFile zip)
      : path_(std::move(path)), tmp_(std::move(tmp)), zip_(zip) {}
  ~ZipTree() override {
    if (zip_ != nullptr) {
      if (open_) zipCloseFileInZip(zip_);
      zipClose(zip_, nullptr);
      std::remove(tmp_.c_str());
    }
  }

  absl::StatusOr<std::ostream*> Begin(const std::string& name) override {
    if (open_) return absl::FailedPreconditionError("a file is still open: " + name_);
    if (absl::Status s = CheckName(name); !s.ok()) return s;
    zip_fileinfo info{};
    info.tmz_date.tm_year = 1980;  // the DOS epoch: archives do not depend on the clock
    info.tmz_date.tm_mday = 1;
    if (zipOpenNewFileInZip64(zip_, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                              Z_DEFLATED, Z_DEFAULT_COMPRESSION, /*zip64=*/1) != ZIP_OK) {
      return absl::InternalError("cannot add " + name + " to " + path_);
    }
    open_ = true;
    name_ = name;
    buf_ = std::make_unique<ZipEntryBuf>(zip_);
    stream_ = std::make_unique<std::ostream>(buf_.get());
    return stream_.get();
  }

  absl::Status End() override {
    if (!open_) return absl::FailedPreconditionError("no file is open");
    stream_->flush();
    const bool failed = buf_->failed() || stream_->fail();
    open_ = false;
    stream_.reset();
    buf_.reset();
    if (zipCloseFileInZip(zip_) != ZIP_OK || failed) {
      return absl::InternalError("writing " + name_ + " into " + path_ + " failed (disk full?)");
    }
    files_.push_back(name_);
    return absl::OkStatus();
  }

  absl::Status Finish() override {
    if (open_) return absl::FailedPreconditionError("a file is still open: " + name_);
    const int closed = zipClose(zip_, nullptr);
    zip_ = nullptr;
    if (closed != ZIP_OK) {
      std::remove(tmp_.c_str());
      return absl::InternalError("writing " + path_ + " failed (disk full?)");
    }
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    if (ec) {
      std::remove(tmp_.c_str());
      return absl::InternalError("cannot rename " + tmp_ + " to " + path_ + ": " + ec.message());
    }
    return absl::OkStatus();
  }

 private:
  std::string path_;
  std::string tmp_;
  zipFile zip_;
  bool open_ = false;
  std::string name_;
  std::unique_ptr<ZipEntryBuf> buf_;
  std::unique_ptr<std::ostream> stream_;
};

// Closes an unzFile on scope exit.
struct UnzCloser {
  void operator()(void* f) const { unzClose(f); }
};
using Unz = std::unique_ptr<void, UnzCloser>;

absl::StatusOr<Unz> OpenUnz(const std::string& path) {
  Unz unz(unzOpen64(path.c_str()));
  if (unz == nullptr) return absl::InvalidArgumentError(path + " is not a readable zip archive");
  return unz;
}

}  // namespace

absl::StatusOr<std::unique_ptr<FileTreeWriter>> OpenDirectoryTree(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return absl::PermissionDeniedError("cannot create the directory " + dir +
                                       (ec ? ": " + ec.message() : ""));
  }
  return std::unique_ptr<FileTreeWriter>(new DirectoryTree(dir));
}

absl::StatusOr<std::unique_ptr<FileTreeWriter>> OpenZipTree(const std::string& path) {
  std::string tmp = path + ".tmp";
  zipFile zip = zipOpen64(tmp.c_str(), APPEND_STATUS_CREATE);
  if (zip == nullptr) return absl::PermissionDeniedError("cannot write " + tmp);
  return std::unique_ptr<FileTreeWriter>(new ZipTree(path, tmp, zip));
}

absl::StatusOr<std::vector<std::string>> ListZipEntries(const std::string& path) {
  absl::StatusOr<Unz> unz = OpenUnz(path);
  if (!unz.ok()) return unz.status();
  std::vector<std::string> names;
  int r = unzGoToFirstFile(unz->get());
  while (r == UNZ_OK) {
    unz_file_info64 info;
    char name[1024];
    if (unzGetCurrentFileInfo64(unz->get(), &info, name, sizeof(name), nullptr, 0, nullptr, 0) !=
        UNZ_OK) {
      return absl::InvalidArgumentError(path + " is damaged (cannot read an entry)");
    }
    std::string entry(name);
    if (!entry.empty() && entry.back() != '/') names.push_back(entry);
    r = unzGoToNextFile(unz->get());
  }
  if (r != UNZ_END_OF_LIST_OF_FILE) return absl::InvalidArgumentError(path + " is damaged");
  return names;
}

absl::Status ExtractZipEntry(const std::string& path, const std::string& name,
                             const std::string& dest) {
  absl::StatusOr<Unz> unz = OpenUnz(path);
  if (!unz.ok()) return unz.status();
  if (unzLocateFile(unz->get(), name.c_str(), /*case sensitive=*/1) != UNZ_OK) {
    return absl::NotFoundError(path + " has no entry " + name);
  }
  if (unzOpenCurrentFile(unz->get()) != UNZ_OK) {
    return absl::InvalidArgumentError(path + ": cannot open entry " + name);
  }
  std::ofstream out(dest, std::ios::binary | std::ios::trunc);
  if (!out) {
    unzCloseCurrentFile(unz->get());
    return absl::PermissionDeniedError("cannot write " + dest);
  }
  char buffer[1 << 16];
  int n;
  while ((n = unzReadCurrentFile(unz->get(), buffer, sizeof(buffer))) > 0) {
    out.write(buffer, n);
  }
  // unzCloseCurrentFile checks the CRC once the entry was read to its end.
  const int closed = unzCloseCurrentFile(unz->get());
  if (n < 0 || closed != UNZ_OK) {
    return absl::InvalidArgumentError(path + ": entry " + name + " is damaged (CRC or data error)");
  }
  out.close();
  if (!out) return absl::InternalError("writing " + dest + " failed");
  return absl::OkStatus();
}

}  // namespace integra::io
