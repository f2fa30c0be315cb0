#include "storage/data_dir.h"

#include <cstdarg>
#include <filesystem>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/options.h"
#include "storage/column_families.h"
#include "storage/store.h"

namespace integra::storage {
namespace {

namespace fs = std::filesystem;

// Discards RocksDB's diagnostics: the check must not create or rotate the dir's LOG file.
class SilentLogger : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

// File names only RocksDB writes: their presence without a CURRENT file means a damaged database.
bool IsRocksDbFile(const std::string& name) {
  return absl::StartsWith(name, "MANIFEST-") || absl::StartsWith(name, "OPTIONS-") ||
         absl::EndsWith(name, ".sst") || absl::EndsWith(name, ".log") || name == "IDENTITY";
}

absl::Status Damaged(const std::string& path, const std::string& what) {
  return absl::DataLossError(
      absl::StrCat("data dir ", path, " is damaged (", what, "). ", DamagedDataDirAdvice(path)));
}

// A failed RocksDB call on the dir: permission problems and other I/O errors as such, everything
// else (corruption, a missing or short file) as damage.
absl::Status Refused(const std::string& path, const std::string& doing, const rocksdb::Status& s) {
  const std::string text = s.ToString();
  if (absl::StrContains(text, "Permission denied")) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read data dir ", path, " while ", doing, ": ", text));
  }
  if (s.IsCorruption() || s.IsNotFound() || s.IsIOError()) {
    return Damaged(path, absl::StrCat(doing, ": ", text));
  }
  if (s.IsInvalidArgument() || s.IsNotSupported()) {
    return absl::FailedPreconditionError(
        absl::StrCat("data dir ", path, " is a RocksDB database integra cannot open (", doing, ": ",
                     text, "): it is not an integra data dir"));
  }
  return absl::InternalError(absl::StrCat("data dir ", path, ": ", doing, ": ", text));
}

struct ReadOnlyDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ~ReadOnlyDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
};

}  // namespace

std::string DamagedDataDirAdvice(const std::string& path) {
  return absl::StrCat("Nothing was changed. Run `integrad verify --data-dir ", path,
                      "` for details, and restore the data dir from a backup with `integrad "
                      "restore --from BACKUP_DIR --data-dir NEW_DIR` (docs/operations.md)");
}

absl::StatusOr<DataDirInspection> InspectDataDir(const std::string& path,
                                                 const InspectOptions& options) {
  DataDirInspection out;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || status.type() == fs::file_type::not_found) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot read data dir ", path, ": ", ec.message()));
    }
    return out;
  }
  if (status.type() != fs::file_type::directory) {
    return absl::FailedPreconditionError(absl::StrCat("data dir ", path, " is not a directory"));
  }
  if (!fs::exists(fs::path(path) / "CURRENT", ec)) {
    std::vector<std::string> rocks_files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      const std::string name = entry.path().filename().string();
      if (IsRocksDbFile(name)) rocks_files.push_back(name);
    }
    if (ec) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot read data dir ", path, ": ", ec.message()));
    }
    if (!rocks_files.empty()) {
      return Damaged(path, absl::StrCat("it holds RocksDB files (",
                                        absl::StrJoin(rocks_files, ", "), ") but no CURRENT file"));
    }
    return out;  // empty, or files that are not a database: a new database is created beside them
  }

  rocksdb::DBOptions db_options;
  db_options.info_log = std::make_shared<SilentLogger>();
  db_options.paranoid_checks = true;                           // the default, stated
  db_options.skip_checking_sst_file_sizes_on_db_open = false;  // the default, stated
  db_options.max_open_files = 64;
  if (options.env != nullptr) db_options.env = options.env;
  ReadOnlyDb ro;
  rocksdb::Status s;
  // A running integrad (verify beside it) may delete a table file by compaction between the
  // MANIFEST read and the file's open: a file that is gone is looked for again with a fresh
  // MANIFEST a few times before the dir counts as damaged.
  for (int attempt = 0; attempt < 5; ++attempt) {
    out.families.clear();
    s = rocksdb::DB::ListColumnFamilies(db_options, path, &out.families);
    if (!s.ok()) return Refused(path, "reading the list of column families", s);
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : out.families) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* raw = nullptr;
    s = rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &ro.handles, &raw);
    if (s.ok()) {
      ro.db.reset(raw);
      break;
    }
    if (!absl::StrContains(s.ToString(), "No such file")) break;
  }
  if (!s.ok()) return Refused(path, "opening it read-only", s);
  if (options.verify_checksums) {
    s = ro.db->VerifyChecksum();
    if (!s.ok()) return Refused(path, "verifying the checksums of its table files", s);
  }

  rocksdb::ColumnFamilyHandle* meta = nullptr;
  std::set<std::string, std::less<>> known;
  for (const FamilySpec& spec : AllFamilies()) known.emplace(spec.name);
  std::vector<std::string> unknown;
  for (size_t i = 0; i < out.families.size(); ++i) {
    if (out.families[i] == SpecOf(Family::kMeta).name) meta = ro.handles[i];
    if (!known.contains(out.families[i])) unknown.push_back(out.families[i]);
  }
  std::string version;
  if (meta != nullptr) {
    s = ro.db->Get(rocksdb::ReadOptions(), meta, "schema_version", &version);
    if (!s.ok() && !s.IsNotFound()) return Refused(path, "reading the schema version", s);
  }
  if (meta == nullptr || s.IsNotFound()) {
    // No schema record: integra writes it in the first open's first write. A database that is
    // empty and has only integra's families is such a first open cut short; anything else is
    // someone else's data, which integra must not touch.
    bool empty = true;
    for (auto* h : ro.handles) {
      std::unique_ptr<rocksdb::Iterator> it(ro.db->NewIterator(rocksdb::ReadOptions(), h));
      it->SeekToFirst();
      if (!it->status().ok()) return Refused(path, "reading it", it->status());
      if (it->Valid()) empty = false;
    }
    if (empty && unknown.empty()) return out;
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir ", path,
        " is a RocksDB database but not an integra data dir (no schema "
        "record in a 'meta' column family; its column families: ",
        absl::StrJoin(out.families, ", "), "). Nothing was changed; choose another --data-dir"));
  }
  uint32_t v = 0;
  if (!absl::SimpleAtoi(version, &v)) {
    return Damaged(path, absl::StrCat("unreadable schema version '", version, "'"));
  }
  if (v > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir ", path, " was written by a newer integra: schema ", v,
        ", this build knows up to ", kSchemaVersion,
        ". Nothing was changed; run a newer integrad, or restore a backup made by this version"));
  }
  if (v < kOldestReadableSchemaVersion) {
    return Damaged(path, absl::StrCat("invalid schema version ", v));
  }
  if (!unknown.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir ", path, " holds column families this integra does not know (",
        absl::StrJoin(unknown, ", "),
        "): it was written by a newer version. Nothing was changed; run a newer integrad"));
  }
  out.holds_database = true;
  out.schema_version = v;
  return out;
}

}  // namespace integra::storage
