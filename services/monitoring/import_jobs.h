// ImportJobStore: an observation import is one job, which ends either complete or listed as
// incomplete with what it wrote, and can then be resumed or rolled back.
//
// A writing import stream (ExchangeService.ImportObservations) opens a Session. Each chunk it
// sends is ingested under the store's one write lock with the job's record in the SAME
// WriteBatch (ObservationStore::IngestLocked's extension): the job record (state, rows,
// revisions, unchanged, the client's checkpoint) and, for a chunk that wrote revisions, a part
// record naming the change sequences it took. A crash at any point therefore leaves a job record
// that describes exactly the chunks that are stored. The job exists from its first committed
// chunk on (a stream whose first chunk is rejected leaves no job).
//
// States (import_job_records.h ImportJobState, and what status shows):
//   open        written chunk by chunk. "running" while a stream holds the job in this process,
//               otherwise "incomplete": the stream ended without Finish (client killed or
//               cancelled, connection lost, a rejected chunk, the server restarted).
//   complete    Finish: the client said its file ended.
//   rolling back / rolled back   see Rollback.
// Visibility: the chunks of a job are visible to readers as they commit, as every other write
// (the change feed, packed sections and as-of reads stay as they are); an incomplete job is
// listed with what it wrote until it is resumed or rolled back.
//
// Resume continues an incomplete job with a new stream: the client re-reads the rows the job
// had committed and presents the checkpoint it computes over them (rows read and its digest);
// it must equal the job's, so a different file (or the same file read with other options) is
// refused.
//
// Rollback sets back every cell the job's revisions wrote, one cell at a time from what is
// stored, under the write lock held for the whole rollback:
//   * a cell that held a value before the job gets that value back as a NEW revision (history,
//     as-of reads and the change feed keep the job's revisions and show the restoring one);
//   * a cell the job created is removed: its revisions (all the job's) are deleted, it leaves
//     the packed section, and the feed gets one REMOVED change for it (the job's own REVISION
//     changes stay in the feed; the store keeps no "no value" revision, so as-of reads of such a
//     cell between import and rollback no longer find it);
//   * a cell that someone else wrote after the job (or between two of the job's writes to it)
//     is a conflict: the rollback is refused naming such cells, or with keep_changed those cells
//     keep their current value and everything else is rolled back. Nothing written by anyone
//     else is lost either way.
// The rollback writes batches of at most `batch_cells` cells, each one WriteBatch with the job
// record (state rolling back, counts) and a part record of the sequences it took; the last
// marks the job rolled back. Interrupted, the job shows "rolling back" and running Rollback
// again finishes it (cells already set back are recognised by the rollback's own revisions).
//
// Thread-safety: thread-safe. A Session is used by one thread at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/monitoring/import_job_records.h"
#include "services/monitoring/observation_store.h"
#include "storage/store.h"

namespace integra::monitoring {

// What status shows: the persisted state and whether a stream holds the job now.
enum class ImportJobPhase { kRunning, kIncomplete, kComplete, kRollingBack, kRolledBack };

struct ImportJob {
  ImportJobRecord record;
  bool running = false;  // a stream of this process holds the job (only for kOpen)
  ImportJobPhase phase() const;
};

// "running", "incomplete", "complete", "rolling back", "rolled back".
std::string_view ImportJobPhaseName(ImportJobPhase phase);

struct RollbackOptions {
  bool dry_run = false;        // plan and count, write nothing
  bool keep_changed = false;   // leave cells changed by others since as they are (else refuse)
  size_t batch_cells = 10000;  // cells per WriteBatch (> 0)
};

struct RollbackResult {
  ImportJob job;               // after the rollback (unchanged for a dry run)
  uint64_t restored = 0;       // cells that hold their value from before the job again
  uint64_t removed = 0;        // cells the job had created, removed
  uint64_t kept = 0;           // cells changed by others since, left as they are (keep_changed)
  uint64_t last_sequence = 0;  // the change feed's last sequence after the rollback
};

inline constexpr uint32_t kMaxListedImportJobs = 1000;

class ImportJobStore {
 public:
  // Reads the highest job id. The store, observation store and clock must outlive this.
  static absl::StatusOr<std::unique_ptr<ImportJobStore>> Open(
      storage::Store* store, ObservationStore* observations,
      const common::Clock* clock = &common::SystemClock());

  // One writing import stream's hold on its job. Destroying it lets the job go: if it is still
  // open, it is incomplete from then on (nothing is written for that: "open and not held" is
  // incomplete, so a crash needs no clean-up either).
  class Session {
   public:
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The job's id: reserved when the session started (a new job) and persisted with the first
    // chunk that commits.
    uint64_t job_id() const { return id_; }
    // True once the job is stored (a chunk committed, or a resumed job).
    bool exists() const { return exists_; }
    const ImportJobRecord& record() const { return record_; }

    // Ingests one chunk (ObservationStore::Ingest's checks and result) with the job's record in
    // the same write. `checkpoint` is the client's position after these rows. A rejected chunk
    // writes nothing and leaves the job as it was. FailedPrecondition if the job was finished.
    // `options`: as ObservationStore::Ingest's (fields the file does not carry).
    absl::StatusOr<IngestResult> Ingest(const std::vector<Observation>& rows,
                                        const ImportCheckpoint& checkpoint,
                                        const IngestOptions& options = {});
    // Marks the job complete. Does nothing if no chunk has committed (there is no job).
    absl::Status Finish();

   private:
    friend class ImportJobStore;
    Session(ImportJobStore* jobs, uint64_t id, std::string actor)
        : jobs_(jobs), id_(id), actor_(std::move(actor)) {}
    ImportJobStore* jobs_;
    uint64_t id_;
    std::string actor_;  // who writes this stream's revisions
    bool exists_ = false;
    ImportJobRecord record_;  // as stored (valid when exists_)
  };

  // Starts a new job for `file_name` (as the client names it; shown by status).
  std::unique_ptr<Session> Start(const std::string& file_name, const std::string& actor);
  // Continues an incomplete job. `reread` is the checkpoint the client computed over the rows it
  // skipped (the rows the job had committed). NotFound (no such job); FailedPrecondition when
  // the job is running, complete, rolling back or rolled back, or `reread` differs from the
  // job's checkpoint (the message gives both).
  absl::StatusOr<std::unique_ptr<Session>> Resume(uint64_t job_id, const ImportCheckpoint& reread,
                                                  const std::string& actor);

  // One job. NotFound if there is none with this id.
  absl::StatusOr<ImportJob> Get(uint64_t job_id) const;
  // Jobs newest first, with ids below `before_id` (0 = from the newest), at most `limit`
  // (1 .. kMaxListedImportJobs; 0 = 100).
  absl::StatusOr<std::vector<ImportJob>> List(uint64_t before_id, uint32_t limit) const;

  // Rolls the job back (see the header comment). NotFound; FailedPrecondition when the job is
  // running or rolled back already, or (without keep_changed) cells were changed by others since
  // (the message names up to 10 and counts them; nothing is written); InvalidArgument for
  // batch_cells 0; storage errors (the batches written before stay, the job shows rolling back).
  absl::StatusOr<RollbackResult> Rollback(uint64_t job_id, const std::string& actor,
                                          const RollbackOptions& options);

  // Waits until no stream holds the job; false if `timeout` passed first (for tests and
  // shutdown diagnostics).
  bool AwaitReleased(uint64_t job_id, std::chrono::milliseconds timeout) const;

 private:
  ImportJobStore(storage::Store* store, ObservationStore* observations, const common::Clock* clock)
      : store_(store), observations_(observations), clock_(clock) {}
  absl::StatusOr<ImportJobRecord> Load(uint64_t job_id) const;
  ImportJob WithPhase(ImportJobRecord record) const;
  void Release(uint64_t job_id);
  int64_t Now() const { return clock_->NowMicros(); }

  storage::Store* store_;
  ObservationStore* observations_;
  const common::Clock* clock_;

  mutable std::mutex mu_;
  mutable std::condition_variable released_;
  uint64_t next_id_ = 1;        // guarded by mu_
  std::set<uint64_t> running_;  // held by a Session; guarded by mu_
};

}  // namespace integra::monitoring
