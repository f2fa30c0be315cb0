#include "services/monitoring/import_jobs.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;

std::string CommonPrefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return std::string(a.substr(0, n));
}

std::string TimeText(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

std::string DigestText(const std::string& digest) {
  if (digest.empty()) return "(none)";
  return absl::BytesToHexString(digest.substr(0, 8)) + (digest.size() > 8 ? "…" : "");
}

std::string CellText(const ChangeRecord& c) {
  return absl::StrCat(c.indicator_code, " / ", c.unit_key, " / ", c.period,
                      c.breakdown.empty() ? "" : absl::StrCat(" / ", c.breakdown));
}

// The change sequences of a job's parts, by kind, for membership tests.
class JobSequences {
 public:
  explicit JobSequences(const std::vector<ImportPartRecord>& parts) {
    for (const ImportPartRecord& p : parts) {
      (p.kind == ImportPartKind::kImport ? import_ : rollback_)
          .emplace_back(p.first_sequence, p.last_sequence);
    }
    std::sort(import_.begin(), import_.end());
    std::sort(rollback_.begin(), rollback_.end());
  }
  bool Imported(uint64_t seq) const { return In(import_, seq); }
  bool RolledBack(uint64_t seq) const { return In(rollback_, seq); }

 private:
  using Ranges = std::vector<std::pair<uint64_t, uint64_t>>;
  static bool In(const Ranges& ranges, uint64_t seq) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(),
                               std::make_pair(seq, UINT64_MAX));  // first range starting after
    return it != ranges.begin() && std::prev(it)->second >= seq;
  }
  Ranges import_;
  Ranges rollback_;
};

// What the rollback does with one cell the job wrote.
struct CellPlan {
  enum Kind { kSkip, kConflict, kRestore, kRemove } kind = kSkip;
  CellRevert revert;
  uint64_t conflict_sequence = 0;  // kConflict: a revision of someone else's
};

}  // namespace

ImportJobPhase ImportJob::phase() const {
  switch (record.state) {
    case ImportJobState::kOpen:
      return running ? ImportJobPhase::kRunning : ImportJobPhase::kIncomplete;
    case ImportJobState::kComplete:
      return ImportJobPhase::kComplete;
    case ImportJobState::kRollingBack:
      return ImportJobPhase::kRollingBack;
    case ImportJobState::kRolledBack:
      return ImportJobPhase::kRolledBack;
  }
  return ImportJobPhase::kIncomplete;
}

std::string_view ImportJobPhaseName(ImportJobPhase phase) {
  switch (phase) {
    case ImportJobPhase::kRunning:
      return "running";
    case ImportJobPhase::kIncomplete:
      return "incomplete";
    case ImportJobPhase::kComplete:
      return "complete";
    case ImportJobPhase::kRollingBack:
      return "rolling back";
    case ImportJobPhase::kRolledBack:
      return "rolled back";
  }
  return "unknown";
}

absl::StatusOr<std::unique_ptr<ImportJobStore>> ImportJobStore::Open(storage::Store* store,
                                                                     ObservationStore* observations,
                                                                     const common::Clock* clock) {
  std::unique_ptr<ImportJobStore> jobs(new ImportJobStore(store, observations, clock));
  auto it = store->NewPrefixIterator(Family::kImportJobs, ImportJobKeyPrefix());
  it->SeekToLast();
  if (it->Valid()) {
    ASSIGN_OR_RETURN(uint64_t last, DecodeImportJobKey(it->key()));
    jobs->next_id_ = last + 1;
  }
  RETURN_IF_ERROR(it->status());
  return jobs;
}

absl::StatusOr<ImportJobRecord> ImportJobStore::Load(uint64_t job_id) const {
  ASSIGN_OR_RETURN(auto value, store_->Get(Family::kImportJobs, ImportJobKey(job_id)));
  if (!value.has_value())
    return absl::NotFoundError(absl::StrCat("import job ", job_id, " not found"));
  return DecodeImportJobRecord(job_id, *value);
}

ImportJob ImportJobStore::WithPhase(ImportJobRecord record) const {
  ImportJob job{std::move(record), false};
  std::lock_guard lock(mu_);
  job.running = running_.contains(job.record.id);
  return job;
}

void ImportJobStore::Release(uint64_t job_id) {
  {
    std::lock_guard lock(mu_);
    running_.erase(job_id);
  }
  released_.notify_all();
}

bool ImportJobStore::AwaitReleased(uint64_t job_id, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return released_.wait_for(lock, timeout, [&] { return !running_.contains(job_id); });
}

std::unique_ptr<ImportJobStore::Session> ImportJobStore::Start(const std::string& file_name,
                                                               const std::string& actor) {
  uint64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    running_.insert(id);
  }
  std::unique_ptr<Session> session(new Session(this, id, actor));
  session->record_.id = id;
  session->record_.file_name = file_name;
  session->record_.actor = actor;
  return session;
}

absl::StatusOr<std::unique_ptr<ImportJobStore::Session>> ImportJobStore::Resume(
    uint64_t job_id, const ImportCheckpoint& reread, const std::string& actor) {
  // Under the write lock: a rollback (which also holds it) cannot start in between.
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(ImportJobRecord record, Load(job_id));
  switch (record.state) {
    case ImportJobState::kOpen:
      break;
    case ImportJobState::kComplete:
      return absl::FailedPreconditionError(
          absl::StrCat("import job ", job_id, " is complete: there is nothing to resume"));
    case ImportJobState::kRollingBack:
    case ImportJobState::kRolledBack:
      return absl::FailedPreconditionError(absl::StrCat(
          "import job ", job_id, " was rolled back",
          record.state == ImportJobState::kRollingBack ? " in part (finish the rollback)" : "",
          ": it cannot be resumed; import the file as a new job"));
  }
  if (reread != record.checkpoint) {
    return absl::FailedPreconditionError(absl::StrCat(
        "import job ", job_id, " had read ", record.checkpoint.rows, " row(s) of '",
        record.file_name, "' with digest ", DigestText(record.checkpoint.digest),
        "; the file given has digest ", DigestText(reread.digest), " over its first ", reread.rows,
        " row(s): it is not the same file, or it was read with other options (--map, "
        "--indicator, --source, ...)"));
  }
  {
    std::lock_guard guard(mu_);
    if (!running_.insert(job_id).second) {
      return absl::FailedPreconditionError(
          absl::StrCat("import job ", job_id, " is running: another import stream is writing it"));
    }
  }
  std::unique_ptr<Session> session(new Session(this, job_id, actor));
  session->record_ = std::move(record);
  session->exists_ = true;
  return session;
}

ImportJobStore::Session::~Session() { jobs_->Release(id_); }

absl::StatusOr<IngestResult> ImportJobStore::Session::Ingest(const std::vector<Observation>& rows,
                                                             const ImportCheckpoint& checkpoint,
                                                             const IngestOptions& options) {
  if (exists_ && record_.state != ImportJobState::kOpen) {
    return absl::FailedPreconditionError(absl::StrCat(
        "import job ", id_, " is ", std::string(ImportJobPhaseName(ImportJob{record_}.phase())),
        ": it takes no more rows"));
  }
  storage::WriteLock lock = jobs_->store_->LockWrites();
  ImportJobRecord next;
  ASSIGN_OR_RETURN(
      IngestResult result,
      jobs_->observations_->IngestLocked(
          lock, rows, actor_,
          [&](storage::WriteBatch& batch, const WriteSpan& span) -> absl::Status {
            next = record_;
            const int64_t now = span.recorded_micros != 0 ? span.recorded_micros : jobs_->Now();
            if (!exists_) {
              next.state = ImportJobState::kOpen;
              next.started_micros = now;
            }
            next.updated_micros = now;
            const uint64_t written =
                span.first_sequence == 0 ? 0 : span.last_sequence - span.first_sequence + 1;
            next.rows += rows.size();
            next.revisions += written;
            next.unchanged += rows.size() - written;
            next.checkpoint = checkpoint;
            next.unit_prefix =
                exists_ ? CommonPrefix(next.unit_prefix, span.unit_prefix) : span.unit_prefix;
            if (written > 0) {
              batch.Put(Family::kImportJobs, ImportPartKey(id_, next.parts++),
                        EncodeImportPartRecord({.kind = ImportPartKind::kImport,
                                                .recorded_micros = now,
                                                .first_sequence = span.first_sequence,
                                                .last_sequence = span.last_sequence,
                                                .rows = rows.size()}));
            }
            batch.Put(Family::kImportJobs, ImportJobKey(id_), EncodeImportJobRecord(next));
            return absl::OkStatus();
          },
          options));
  if (result.applied) {
    record_ = std::move(next);
    exists_ = true;
  }
  return result;
}

absl::Status ImportJobStore::Session::Finish() {
  if (!exists_) return absl::OkStatus();
  if (record_.state != ImportJobState::kOpen) return absl::OkStatus();
  storage::WriteLock lock = jobs_->store_->LockWrites();
  ImportJobRecord next = record_;
  next.state = ImportJobState::kComplete;
  next.updated_micros = next.finished_micros = std::max(jobs_->Now(), record_.updated_micros);
  storage::WriteBatch batch = jobs_->store_->NewBatch();
  batch.Put(Family::kImportJobs, ImportJobKey(id_), EncodeImportJobRecord(next));
  RETURN_IF_ERROR(jobs_->store_->Write(batch));
  record_ = std::move(next);
  return absl::OkStatus();
}

absl::StatusOr<ImportJob> ImportJobStore::Get(uint64_t job_id) const {
  ASSIGN_OR_RETURN(ImportJobRecord record, Load(job_id));
  return WithPhase(std::move(record));
}

absl::StatusOr<std::vector<ImportJob>> ImportJobStore::List(uint64_t before_id,
                                                            uint32_t limit) const {
  if (limit == 0) limit = 100;
  if (limit > kMaxListedImportJobs) {
    return absl::InvalidArgumentError(
        absl::StrCat("list at most ", kMaxListedImportJobs, " import jobs at a time"));
  }
  const std::string upper =
      before_id == 0 ? storage::PrefixSuccessor(ImportJobKeyPrefix()) : ImportJobKey(before_id);
  storage::ReadScope scope(*store_);
  auto it = store_->NewIterator(Family::kImportJobs, ImportJobKeyPrefix(), upper);
  std::vector<ImportJob> out;
  for (it->SeekToLast(); it->Valid() && out.size() < limit; it->Prev()) {
    ASSIGN_OR_RETURN(uint64_t id, DecodeImportJobKey(it->key()));
    ASSIGN_OR_RETURN(ImportJobRecord record, DecodeImportJobRecord(id, it->value()));
    out.push_back(WithPhase(std::move(record)));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

absl::StatusOr<RollbackResult> ImportJobStore::Rollback(uint64_t job_id, const std::string& actor,
                                                        const RollbackOptions& options) {
  if (options.batch_cells == 0) return absl::InvalidArgumentError("batch_cells must be > 0");
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(ImportJobRecord record, Load(job_id));
  {
    std::lock_guard guard(mu_);
    if (running_.contains(job_id)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "import job ", job_id,
          " is running (its import stream is still open): roll it back when it has ended"));
    }
  }
  if (record.state == ImportJobState::kRolledBack) {
    return absl::FailedPreconditionError(
        absl::StrCat("import job ", job_id, " was rolled back already (",
                     TimeText(record.finished_micros), " by ", record.rolled_back_by, ")"));
  }
  std::vector<ImportPartRecord> parts;
  parts.reserve(record.parts);
  for (uint32_t p = 0; p < record.parts; ++p) {
    ASSIGN_OR_RETURN(auto value, store_->Get(Family::kImportJobs, ImportPartKey(job_id, p)));
    if (!value.has_value()) {
      return absl::DataLossError(absl::StrCat("import job ", job_id, " misses its part ", p));
    }
    ASSIGN_OR_RETURN(ImportPartRecord part, DecodeImportPartRecord(*value));
    parts.push_back(part);
  }
  const JobSequences sequences(parts);

  // What to do with the cell of one of the job's changes. A cell is decided at the job's oldest
  // revision in it (kSkip at its other changes), from its revisions, newest first: a rollback
  // revision above the job's means it is set back already; another writer's revision above or
  // between the job's is a conflict; the revision below the job's oldest is what to restore,
  // and without one the job created the cell.
  auto plan = [&](const ChangeRecord& c) -> absl::StatusOr<CellPlan> {
    CellPlan out;
    if (c.kind != ChangeKind::kRevision) return out;
    auto breakdown = ParseBreakdown(c.breakdown);
    if (!breakdown.ok()) return out;
    CellRef cell{c.indicator_code, c.unit_key, c.period, *breakdown};
    auto revisions = observations_->Revisions(cell);
    if (!revisions.ok()) {
      // The indicator (or its breakdown) is gone: its cells went with it.
      if (revisions.status().code() == absl::StatusCode::kNotFound ||
          revisions.status().code() == absl::StatusCode::kInvalidArgument) {
        return out;
      }
      return revisions.status();
    }
    const std::vector<Observation>& revs = *revisions;
    size_t top = revs.size(), bottom = 0;  // the job's newest and oldest revision (indices)
    for (size_t i = 0; i < revs.size(); ++i) {
      if (sequences.Imported(revs[i].sequence)) {
        if (top == revs.size()) top = i;
        bottom = i;
      }
    }
    if (top == revs.size()) return out;                   // nothing of the job is left here
    if (revs[bottom].sequence != c.sequence) return out;  // decided at the job's oldest
    for (size_t i = 0; i < top; ++i) {
      if (sequences.RolledBack(revs[i].sequence)) return out;  // set back already
    }
    for (size_t i = 0; i < bottom; ++i) {
      if (!sequences.Imported(revs[i].sequence)) {
        out.kind = CellPlan::kConflict;
        out.conflict_sequence = revs[i].sequence;
        return out;
      }
    }
    out.revert.cell = std::move(cell);
    if (bottom + 1 < revs.size()) {
      out.kind = CellPlan::kRestore;
      out.revert.restore = revs[bottom + 1];
    } else {
      out.kind = CellPlan::kRemove;
      for (const Observation& o : revs) out.revert.delete_sequences.push_back(o.sequence);
    }
    return out;
  };
  // Calls `fn` with every change of the job's import parts, in sequence order.
  auto for_each_change = [&](auto&& fn) -> absl::Status {
    for (const ImportPartRecord& part : parts) {
      if (part.kind != ImportPartKind::kImport) continue;
      uint64_t after = part.first_sequence - 1;
      while (after < part.last_sequence) {
        const int limit = static_cast<int>(std::min<uint64_t>(1000, part.last_sequence - after));
        ASSIGN_OR_RETURN(std::vector<ChangeRecord> changes, observations_->Changes(after, limit));
        if (changes.empty() || changes.front().sequence != after + 1) {
          return absl::DataLossError(absl::StrCat("the change feed misses sequence ", after + 1,
                                                  " of import job ", job_id));
        }
        for (const ChangeRecord& c : changes) {
          if (c.sequence > part.last_sequence) break;
          RETURN_IF_ERROR(fn(c));
          after = c.sequence;
        }
      }
    }
    return absl::OkStatus();
  };

  // Pass 1: plan every cell and find the conflicts; nothing is written.
  RollbackResult result;
  std::vector<std::string> conflicts;
  uint64_t conflict_count = 0;
  RETURN_IF_ERROR(for_each_change([&](const ChangeRecord& c) -> absl::Status {
    ASSIGN_OR_RETURN(CellPlan p, plan(c));
    switch (p.kind) {
      case CellPlan::kSkip:
        break;
      case CellPlan::kRestore:
        ++result.restored;
        break;
      case CellPlan::kRemove:
        ++result.removed;
        break;
      case CellPlan::kConflict:
        ++conflict_count;
        if (conflicts.size() < 10) {
          ASSIGN_OR_RETURN(std::vector<ChangeRecord> by,
                           observations_->Changes(p.conflict_sequence - 1, 1));
          std::string who = by.empty() ? std::string("?")
                                       : absl::StrCat(by.front().actor, " at ",
                                                      TimeText(by.front().recorded_micros));
          conflicts.push_back(
              absl::StrCat(CellText(c), " (sequence ", p.conflict_sequence, " by ", who, ")"));
        }
        break;
    }
    return absl::OkStatus();
  }));
  if (conflict_count > 0 && !options.keep_changed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "import job ", job_id, " cannot be rolled back: ", conflict_count,
        " cell(s) were written by others after the job wrote them: ",
        absl::StrJoin(conflicts, "; "), conflict_count > conflicts.size() ? "; ..." : "",
        ". Roll back with keep_changed (integra import rollback ", job_id,
        " --keep-changed) to leave those cells as they are and set back the rest"));
  }
  result.kept = conflict_count;
  if (options.dry_run) {
    result.job = WithPhase(std::move(record));
    result.last_sequence = observations_->last_sequence();
    return result;
  }

  // Pass 2: write, batch by batch, each with the job record; the last one marks it rolled back.
  uint64_t kept = 0;
  std::vector<CellRevert> pending;
  uint64_t pending_restores = 0;
  auto flush = [&](bool last) -> absl::Status {
    ImportJobRecord next;
    const uint64_t removes = pending.size() - pending_restores;
    ASSIGN_OR_RETURN(
        RevertResult written,
        observations_->RevertLocked(
            lock, pending, actor,
            [&](storage::WriteBatch& batch, const WriteSpan& span) -> absl::Status {
              next = record;
              const int64_t now = span.recorded_micros != 0 ? span.recorded_micros : Now();
              next.state = last ? ImportJobState::kRolledBack : ImportJobState::kRollingBack;
              next.updated_micros = now;
              if (last) next.finished_micros = now;
              next.rolled_back_by = actor;
              next.cells_restored += pending_restores;
              next.cells_removed += removes;
              next.cells_kept = kept;
              if (span.first_sequence != 0) {
                batch.Put(Family::kImportJobs, ImportPartKey(job_id, next.parts++),
                          EncodeImportPartRecord({.kind = ImportPartKind::kRollback,
                                                  .recorded_micros = now,
                                                  .first_sequence = span.first_sequence,
                                                  .last_sequence = span.last_sequence,
                                                  .rows = pending.size()}));
              }
              batch.Put(Family::kImportJobs, ImportJobKey(job_id), EncodeImportJobRecord(next));
              return absl::OkStatus();
            }));
    (void)written;
    record = std::move(next);
    pending.clear();
    pending_restores = 0;
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(for_each_change([&](const ChangeRecord& c) -> absl::Status {
    ASSIGN_OR_RETURN(CellPlan p, plan(c));
    if (p.kind == CellPlan::kConflict) ++kept;
    if (p.kind != CellPlan::kRestore && p.kind != CellPlan::kRemove) return absl::OkStatus();
    if (p.kind == CellPlan::kRestore) ++pending_restores;
    pending.push_back(std::move(p.revert));
    if (pending.size() >= options.batch_cells) return flush(/*last=*/false);
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(flush(/*last=*/true));
  result.job = WithPhase(record);
  result.restored = record.cells_restored;
  result.removed = record.cells_removed;
  result.kept = record.cells_kept;
  result.last_sequence = observations_->last_sequence();
  return result;
}

}  // namespace integra::monitoring
