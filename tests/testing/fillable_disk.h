// A disk that fills up on demand (tests only): a RocksDB Env whose file system, once armed with
// a budget of N bytes, lets appends to written files succeed until N bytes are used up; the
// append that crosses the budget writes what still fits and fails with IOStatus::NoSpace, as a
// full disk does, and so does every later one until Disarm. Reads and everything else go to the
// default file system. Pass env() as storage::Store::Options::env.
//
// Thread-safety: Arm/Disarm and the file operations may run on different threads.
#pragma once

#include <cstdint>
#include <memory>

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace integra::testing {

class DiskFullFileSystem;

class FillableDisk {
 public:
  FillableDisk();
  ~FillableDisk();
  FillableDisk(const FillableDisk&) = delete;
  FillableDisk& operator=(const FillableDisk&) = delete;

  void Arm(int64_t bytes_left);
  void Disarm();
  // Appends refused (in part or whole) since construction.
  int64_t refused_appends() const;
  rocksdb::Env* env() const { return env_.get(); }

 private:
  std::shared_ptr<DiskFullFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;  // holds fs_ too; destroyed first
};

}  // namespace integra::testing
