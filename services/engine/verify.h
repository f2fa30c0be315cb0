// integrad verify: reads a data dir read-only and checks that it is whole. First RocksDB's own
// check (every block of every table file against its checksum, every file against the size the
// MANIFEST records), then every record of every column family decoded with the decoder its
// owner uses (storage/column_families.h lists the families and their owners), plus the pairs
// that must agree: each reverse knowledge edge has its forward edge, each packed section both
// its parts.
//
// Never writes: the dir is opened with RocksDB's read-only mode, so it may be checked while an
// integrad serves it (the check then reads the state of the moment it opened the dir).
//
// Thread-safety: a free function without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::engine {

struct FamilyCheck {
  std::string family;     // the RocksDB column family name
  uint64_t records = 0;   // keys read
  uint64_t problems = 0;  // of them, records that did not decode or lack their counterpart
};

struct VerifyReport {
  std::string data_dir;
  uint32_t schema_version = 0;
  std::vector<FamilyCheck> families;  // every family, in registry order
  // The first kMaxListedProblems problems, each "family key=<hex>: reason".
  std::vector<std::string> problems;
  uint64_t problem_count = 0;  // all of them
  double seconds = 0;          // wall time of the whole check
  bool ok() const { return problem_count == 0; }
};

inline constexpr size_t kMaxListedProblems = 100;

// Verifies the data dir at `data_dir`. A report (possibly listing problems) when the dir could
// be opened; else the error of storage::Store::Open: NotFound (no database), FailedPrecondition
// (a newer or foreign database), DataLoss (a missing, truncated or corrupt file, or a checksum
// mismatch; the message names the file).
absl::StatusOr<VerifyReport> VerifyDataDir(const std::string& data_dir);

}  // namespace integra::engine
