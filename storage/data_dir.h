// What a data dir holds, found out without changing a byte of it: the check Store::Open runs
// before it opens a dir for writing, so that a dir it refuses is left exactly as it was (RocksDB's
// own read-write open would already rotate the LOG, write a new OPTIONS file and MANIFEST and
// create missing column families before integra could look at the schema version).
//
// The check lists the column families (MANIFEST), opens the database with RocksDB's read-only
// mode (no lock, no LOG: diagnostics go nowhere) and reads the schema record. RocksDB's open
// compares every table file's size with the MANIFEST (paranoid_checks, on by default), so a
// truncated or missing SST is found here; with `verify_checksums` every block of every table file
// is read and its checksum compared as well (the whole data dir read once).
//
// Thread-safety: a free function without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace integra::storage {

struct DataDirInspection {
  // False: no integra database yet (the dir is missing or empty, or an earlier first open ended
  // before it wrote anything); Store::Open creates one.
  bool holds_database = false;
  uint32_t schema_version = 0;        // of a database; 0 otherwise
  std::vector<std::string> families;  // the column families the dir holds
};

struct InspectOptions {
  bool verify_checksums = false;  // read every table block and compare its checksum
  rocksdb::Env* env = nullptr;    // nullptr: the default Env (tests pass a fault-injecting one)
};

// Inspects the data dir at `path`. Returns what it holds, or
//   FailedPrecondition: written by a newer integra ("written by a newer integra: schema N, this
//     build knows up to M"), holds column families this build does not know, is a RocksDB
//     database that is not integra's (no schema record), or is not a directory;
//   DataLoss: damaged (CURRENT, MANIFEST or a table file missing, truncated or corrupt; an
//     unreadable schema record); the message names `integrad verify` and restoring a backup;
//   Internal: another I/O error.
// Never creates, changes or deletes a file under `path`.
absl::StatusOr<DataDirInspection> InspectDataDir(const std::string& path,
                                                 const InspectOptions& options = {});

// The advice every "damaged data dir" message ends with.
std::string DamagedDataDirAdvice(const std::string& path);

}  // namespace integra::storage
