// Online backups of a Store and restores from them (RocksDB BackupEngine).
//
// A backup directory holds any number of numbered backups of ONE data dir. Table files are
// shared between backups (a new backup copies only the table files the previous ones lack, each
// named with its checksum), so keeping several backups costs little more than one. Each backup
// is one consistent point of every column family: BackupEngine copies the live table files and
// the write-ahead log up to one moment, and a restore replays that log, so a WriteBatch is in a
// backup entirely or not at all. Writes continue while a backup runs.
//
// Everything the data dir holds is in a backup: units, indicators, every revision of every
// observation, the change feed, packed cross-sections, targets, peer groups, reforms, the
// knowledge graph and its history, API tokens (salted hashes), the write audit trail, import
// jobs.
//
// Thread-safety: Store::CreateBackup runs one backup of a store at a time (a second call waits);
// RestoreBackup and ListBackups touch only the directories they are given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::storage {

struct BackupRequest {
  std::string backup_dir;  // absolute path on the server's host; created (0700) if missing
  // After the backup, keep only the newest `keep` backups in backup_dir (0 = keep all).
  uint32_t keep = 0;
};

struct BackupInfo {
  uint32_t id = 0;              // 1, 2, ...: rises with every backup into the same dir
  int64_t created_seconds = 0;  // Unix time
  uint64_t size_bytes = 0;      // the files of this backup (shared ones included)
  uint32_t file_count = 0;
  uint32_t schema_version = 0;  // of the data dir when it was backed up (0: not recorded)
};

struct BackupResult {
  BackupInfo backup;
  double seconds = 0;                // wall time of the backup (and the purge)
  std::vector<uint32_t> purged_ids;  // removed by `keep`
  std::vector<BackupInfo> kept;      // every backup now in the dir, oldest first
};

// The backups in `backup_dir`, oldest first. NotFound if it holds none (or does not exist).
absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir);

struct RestoreRequest {
  std::string backup_dir;
  std::string data_dir;        // must not exist or be empty; created with mode 0700
  std::optional<uint32_t> id;  // default: the newest backup
};

// Restores a backup into a new data dir: checks the backup's files against their recorded
// checksums, copies them, and opens the result read-only to check it is a whole integra data dir.
// Returns the restored backup. Errors: FailedPrecondition if data_dir is not empty (nothing is
// touched there); NotFound if backup_dir holds no such backup; DataLoss if a backup file is
// missing or corrupt (data_dir is then removed again if this call created it).
absl::StatusOr<BackupInfo> RestoreBackup(const RestoreRequest& request);

}  // namespace integra::storage
