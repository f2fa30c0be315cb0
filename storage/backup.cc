#include "storage/backup.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/data_dir.h"
#include "storage/rocks_status.h"
#include "storage/store.h"

namespace integra::storage {
namespace {

namespace fs = std::filesystem;

constexpr char kMetadataPrefix[] = "integra schema ";

rocksdb::BackupEngineOptions EngineOptions(const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.share_table_files = true;          // incremental: unchanged table files are shared
  options.share_files_with_checksum = true;  // ... named by checksum, so histories never mix
  options.sync = true;                       // a finished backup survives a power loss
  options.max_background_operations = 2;
  return options;
}

BackupInfo FromRocks(const rocksdb::BackupInfo& info) {
  BackupInfo out;
  out.id = info.backup_id;
  out.created_seconds = info.timestamp;
  out.size_bytes = info.size;
  out.file_count = info.number_files;
  if (absl::StartsWith(info.app_metadata, kMetadataPrefix)) {
    (void)absl::SimpleAtoi(info.app_metadata.substr(sizeof(kMetadataPrefix) - 1),
                           &out.schema_version);
  }
  return out;
}

absl::Status BackupStatus(const rocksdb::Status& s, const std::string& backup_dir,
                          const std::string& doing) {
  if (s.ok()) return absl::OkStatus();
  if (s.IsNoSpace()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        doing, ": the disk holding ", backup_dir,
        " is full; the unfinished backup is not listed and is cleaned up by the next one. "
        "Free space or back up elsewhere. Detail: ",
        s.ToString()));
  }
  if (s.IsCorruption()) {
    return absl::DataLossError(
        absl::StrCat(doing, ": ", backup_dir, " is damaged: ", s.ToString()));
  }
  return storage::FromRocks(s, absl::StrCat(doing, " (", backup_dir, ")"));
}

// Creates `dir` (owner-only) and its parents if missing.
absl::Status CreateDirOwnerOnly(const std::string& dir, bool* created) {
  std::error_code ec;
  if (created != nullptr) *created = false;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      return absl::FailedPreconditionError(absl::StrCat(dir, " exists and is not a directory"));
    }
    return absl::OkStatus();
  }
  const fs::path path = fs::path(dir).lexically_normal();
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  if (!ec && ::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    ec = std::error_code(errno, std::system_category());
  }
  if (ec)
    return absl::FailedPreconditionError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  if (created != nullptr) *created = true;
  return absl::OkStatus();
}

std::vector<BackupInfo> Infos(rocksdb::BackupEngineReadOnlyBase& engine) {
  std::vector<rocksdb::BackupInfo> raw;
  engine.GetBackupInfo(&raw);
  std::vector<BackupInfo> out;
  out.reserve(raw.size());
  for (const auto& info : raw) out.push_back(FromRocks(info));
  std::sort(out.begin(), out.end(),
            [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
  return out;
}

bool Inside(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(inner, ec);
  const fs::path b = fs::weakly_canonical(outer, ec);
  auto [end, _] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return end == b.end();
}

}  // namespace

absl::StatusOr<BackupResult> Store::CreateBackup(const BackupRequest& request) {
  if (request.backup_dir.empty() || !fs::path(request.backup_dir).is_absolute()) {
    return absl::InvalidArgumentError(
        absl::StrCat("give the backup directory as an absolute path on the server's host, not '",
                     request.backup_dir, "'"));
  }
  if (Inside(request.backup_dir, path_)) {
    return absl::InvalidArgumentError(absl::StrCat("backup directory ", request.backup_dir,
                                                   " lies inside the data dir ", path_,
                                                   ": choose a directory outside it"));
  }
  std::lock_guard<std::mutex> one_at_a_time(backup_mu_);
  const auto start = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(CreateDirOwnerOnly(request.backup_dir, nullptr));
  rocksdb::BackupEngine* raw = nullptr;
  RETURN_IF_ERROR(BackupStatus(
      rocksdb::BackupEngine::Open(EngineOptions(request.backup_dir), db_->GetEnv(), &raw),
      request.backup_dir, "opening the backup directory"));
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  rocksdb::CreateBackupOptions options;
  // Flushed memtables make the backup's log short; the log still goes with it, so the backup
  // is one consistent point of all families even though they are flushed one by one.
  options.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  RETURN_IF_ERROR(
      BackupStatus(engine->CreateNewBackupWithMetadata(
                       options, db_.get(), absl::StrCat(kMetadataPrefix, schema_version_), &id),
                   request.backup_dir, "backing up"));
  BackupResult result;
  std::set<uint32_t> before;
  for (const BackupInfo& info : Infos(*engine)) before.insert(info.id);
  if (request.keep > 0) {
    RETURN_IF_ERROR(BackupStatus(engine->PurgeOldBackups(request.keep), request.backup_dir,
                                 "removing old backups"));
  }
  result.kept = Infos(*engine);
  for (const BackupInfo& info : result.kept) {
    before.erase(info.id);
    if (info.id == id) result.backup = info;
  }
  result.purged_ids.assign(before.begin(), before.end());
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir) {
  std::error_code ec;
  if (!fs::is_directory(backup_dir, ec)) {
    return absl::NotFoundError(absl::StrCat("backup directory ", backup_dir, " does not exist"));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  RETURN_IF_ERROR(BackupStatus(
      rocksdb::BackupEngineReadOnly::Open(EngineOptions(backup_dir), rocksdb::Env::Default(), &raw),
      backup_dir, "opening the backup directory"));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<BackupInfo> infos = Infos(*engine);
  if (infos.empty()) {
    return absl::NotFoundError(absl::StrCat("backup directory ", backup_dir, " holds no backup"));
  }
  return infos;
}

absl::StatusOr<BackupInfo> RestoreBackup(const RestoreRequest& request) {
  if (request.data_dir.empty())
    return absl::InvalidArgumentError("give the data dir to restore into");
  std::error_code ec;
  if (fs::exists(request.data_dir, ec) &&
      (!fs::is_directory(request.data_dir, ec) || !fs::is_empty(request.data_dir, ec))) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir ", request.data_dir,
        " is not empty: restore only into a new or empty directory (nothing there was touched)"));
  }
  ASSIGN_OR_RETURN(std::vector<BackupInfo> infos, ListBackups(request.backup_dir));
  BackupInfo chosen = infos.back();
  if (request.id.has_value()) {
    auto it = std::find_if(infos.begin(), infos.end(),
                           [&](const BackupInfo& b) { return b.id == *request.id; });
    if (it == infos.end()) {
      std::vector<uint32_t> ids;
      ids.reserve(infos.size());
      for (const BackupInfo& b : infos) ids.push_back(b.id);
      return absl::NotFoundError(absl::StrCat("backup directory ", request.backup_dir,
                                              " holds no backup ", *request.id, " (it holds ",
                                              absl::StrJoin(ids, ", "), ")"));
    }
    chosen = *it;
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  RETURN_IF_ERROR(
      BackupStatus(rocksdb::BackupEngineReadOnly::Open(EngineOptions(request.backup_dir),
                                                       rocksdb::Env::Default(), &raw),
                   request.backup_dir, "opening the backup directory"));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  rocksdb::IOStatus verified = engine->VerifyBackup(chosen.id, /*verify_with_checksum=*/true);
  if (!verified.ok()) {
    return absl::DataLossError(absl::StrCat("backup ", chosen.id, " in ", request.backup_dir,
                                            " is damaged: ", verified.ToString()));
  }
  bool created = false;
  RETURN_IF_ERROR(CreateDirOwnerOnly(request.data_dir, &created));
  auto undo = [&](absl::Status status) {
    std::error_code ignored;
    if (created) {
      fs::remove_all(request.data_dir, ignored);
    } else {
      for (const auto& entry : fs::directory_iterator(request.data_dir, ignored)) {
        fs::remove_all(entry.path(), ignored);
      }
    }
    return status;
  };
  rocksdb::IOStatus restored = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), chosen.id,
                                                           request.data_dir, request.data_dir);
  if (!restored.ok()) {
    return undo(
        BackupStatus(restored, request.backup_dir, absl::StrCat("restoring backup ", chosen.id)));
  }
  absl::StatusOr<DataDirInspection> check = InspectDataDir(request.data_dir);
  if (!check.ok()) return undo(check.status());
  if (!check->holds_database) {
    return undo(absl::DataLossError(absl::StrCat("backup ", chosen.id, " in ", request.backup_dir,
                                                 " restored no integra database")));
  }
  return chosen;
}

}  // namespace integra::storage
