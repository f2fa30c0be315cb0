#include "tests/testing/fillable_disk.h"

#include <algorithm>
#include <atomic>

#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace integra::testing {

class DiskFullFileSystem : public rocksdb::FileSystemWrapper {
 public:
  DiskFullFileSystem();
  static const char* kClassName() { return "DiskFullFileSystem"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;

  class File;
  // How many of `size` bytes may be written now (all of them when not armed).
  size_t Take(size_t size);

  std::atomic<bool> armed_ = false;
  std::atomic<int64_t> left_ = 0;
  std::atomic<int64_t> refused_ = 0;
};

class DiskFullFileSystem::File : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  File(std::unique_ptr<rocksdb::FSWritableFile> target, DiskFullFileSystem* fs)
      : FSWritableFileOwnerWrapper(std::move(target)), fs_(fs) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    const size_t fits = fs_->Take(data.size());
    if (fits > 0) {
      rocksdb::IOStatus s = target()->Append(rocksdb::Slice(data.data(), fits), options, dbg);
      if (!s.ok()) return s;
    }
    if (fits == data.size()) return rocksdb::IOStatus::OK();
    fs_->refused_.fetch_add(1);
    return rocksdb::IOStatus::NoSpace("No space left on device (DiskFullFileSystem)");
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& /*info*/,
                           rocksdb::IODebugContext* dbg) override {
    return Append(data, options, dbg);
  }

 private:
  DiskFullFileSystem* fs_;
};

DiskFullFileSystem::DiskFullFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

size_t DiskFullFileSystem::Take(size_t size) {
  if (!armed_.load()) return size;
  int64_t left = left_.load();
  while (true) {
    const int64_t take = std::min<int64_t>(left, static_cast<int64_t>(size));
    if (left_.compare_exchange_weak(left, left - take)) return static_cast<size_t>(take);
  }
}

rocksdb::IOStatus DiskFullFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus s = target()->NewWritableFile(name, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<File>(std::move(file), this);
  return s;
}

rocksdb::IOStatus DiskFullFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus s = target()->ReopenWritableFile(name, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<File>(std::move(file), this);
  return s;
}

FillableDisk::FillableDisk()
    : fs_(std::make_shared<DiskFullFileSystem>()), env_(rocksdb::NewCompositeEnv(fs_)) {}
FillableDisk::~FillableDisk() = default;

void FillableDisk::Arm(int64_t bytes_left) {
  fs_->left_.store(bytes_left);
  fs_->armed_.store(true);
}
void FillableDisk::Disarm() { fs_->armed_.store(false); }
int64_t FillableDisk::refused_appends() const { return fs_->refused_.load(); }

}  // namespace integra::testing
