// ObservationStore: observations over time, with revisions, breakdowns and a change feed.
//
// Key layout: see monitoring_keys.h; records: observation_records.h, packed_section.h. Every
// accepted row of an ingest batch writes, in the batch's ONE WriteBatch: a new revision in
// obs_series and a change-feed entry in obs_changes under the next global sequence; each packed
// cross-section chunk (indicator, breakdown, period, level, chunk: the Land for Gemeinden) the
// batch touches is rewritten once with the new latest values, and obs_batches maps the batch's
// recorded time to its last sequence.
//
// Write path (Ingest), per batch: rows are checked against the in-memory catalog and unit
// register (no I/O), the packed section chunks the batch touches are read with one MultiGet per
// part to learn each cell's latest revision and content fingerprint, rows whose content equals
// the latest revision are counted as unchanged (no new revision: re-importing a file is
// idempotent), and everything else goes into one WriteBatch. A batch with any rejected row
// writes nothing.
// Cost: a batch rewrites each chunk it touches whole (~25 bytes per unit of the chunk), so bulk
// loads should send a level's cells of one period together (as files come); a single-cell
// write into the Gemeinden rewrites its Land's chunk (values and state ~30-62 KB for a Land of
// 1,100-2,300 Gemeinden, ~280 KB for the whole level before schema 3).
//
// Revisions and time: recorded times are strictly increasing across the store (the clock is
// clamped to last + 1 us), and sequences rise with them, so "as of T" is resolved ONCE to the
// last sequence written at or before T (obs_batches, one seek) and then every revision with a
// higher sequence is skipped by its key alone.
//
// Consistency: every read of several keys (Series, Export, Feed) reads one storage snapshot
// (storage::ReadScope), so it never sees part of a batch.
//
// Validation (Validate) runs the same checks and reads as Ingest without writing: the first pass
// of an all-or-nothing file import. Export walks key ranges and hands out one observation at a
// time; Feed reads the change log. After every successful write the store publishes the new
// last sequence on its ChangeNotifier, which wakes change-feed watchers.
//
// Thread-safety: thread-safe. Writers (Ingest, Put, IngestLocked, RevertLocked, DeleteIndicator)
// hold the Store's one write lock;
// readers (also Validate, Export, Feed) use RocksDB snapshots and never wait for writers.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/monitoring/change_notifier.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/observations.h"
#include "services/monitoring/packed_section.h"
#include "services/monitoring/row_rejection.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::monitoring {

struct IngestResult {
  bool applied = false;  // false: some row was rejected and nothing of the batch was written
  int accepted = 0;      // rows that became (Validate: would become) a new revision
  int unchanged = 0;     // rows equal to the cell's latest revision (accepted, nothing written)
  std::vector<RowRejection> rejected;  // index = row position in the batch
  int64_t recorded_micros = 0;         // the batch's recorded time (0 if nothing was written)
  uint64_t first_sequence = 0;         // lowest sequence written (0 if nothing was written)
  uint64_t last_sequence = 0;          // highest sequence written (0 if nothing was written)
};

// The change sequences one observation write takes (contiguous: taken under the write lock) and
// its recorded time; all 0 when the write takes none (every row unchanged).
struct WriteSpan {
  int64_t recorded_micros = 0;
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
  // The longest common prefix of the (canonical) unit keys of every row or cell of the write,
  // changed or unchanged ("" for none, or when they share no prefix).
  std::string unit_prefix;
};

// What a caller adds to the WriteBatch of an observation write (an import job's record), so that
// both apply together or not at all: called once the batch holds the write's own part, with the
// sequences it takes. An error aborts the write (nothing is written) and is returned.
using BatchExtension = std::function<absl::Status(storage::WriteBatch& batch, const WriteSpan&)>;

// Names one cell.
struct CellRef {
  std::string indicator_code;
  std::string unit_key;
  std::string period;
  Breakdown breakdown;
};

// One cell to set back (the rollback of an import job, import_jobs.h).
struct CellRevert {
  CellRef cell;
  // The content to make the cell's latest revision again (value, flags, source, footnote,
  // series break; the other fields are ignored): written as a new revision unless the latest
  // revision already has it. nullopt: the cell is removed, with the revisions listed below.
  std::optional<Observation> restore;
  std::vector<uint64_t> delete_sequences;  // !restore: the sequences of every revision of the cell
};

struct RevertResult {
  int restored = 0;   // cells given a new revision with the content to restore
  int removed = 0;    // cells removed
  int unchanged = 0;  // cells whose latest revision already had the content to restore
  WriteSpan span;
};

struct SeriesQuery {
  std::string indicator_code;
  std::vector<std::string> unit_keys;  // 1 to kMaxSeriesUnits
  Breakdown breakdown;
  std::string from_period;  // "" = from the first
  std::string to_period;    // "" = to the last (inclusive)
  std::optional<int64_t> as_of_micros;
  // Twins (docs/monitoring.md "Twins"): a kreisfreie Stadt is one territory under two keys, Kreis
  // LLRKK and Gemeinde LLRKK000. With this set (AnalyticsReader::Series), a period that has no
  // cell under the asked key is filled from the other key; such a point keeps the key it is
  // stored under as its unit_key. ObservationStore::Series itself reads the asked keys only.
  bool with_twins = false;
};

// A period for which both keys of a kreisfreie Stadt hold a value and the values differ (e.g.
// INKAR at the Kreis, Zensus 2022 at the Gemeinde): the series shows its own key's value.
struct TwinDifference {
  std::string period;
  double value = 0;       // under the series' key
  double twin_value = 0;  // under the twin key
  std::string twin_source;
};

struct UnitSeries {
  std::string unit_key;
  std::vector<Observation> points;  // period order
  // with_twins: the unit's other key ("" for a unit without one), and the periods in which the
  // two keys' values differ (neither suppressed), in period order.
  std::string twin_key;
  std::vector<TwinDifference> twin_differences;
};

// What Export walks. Units: a cell is included if its unit is in unit_keys or a descendant of one
// of `within` (by key prefix: "05315" -> its Gemeinden; "DG" -> every unit but the Bund); both
// empty = every unit. Periods: a year bound covers the whole year (all its quarters/months); a
// quarter or month bound must match the indicator's periodicity.
struct ExportQuery {
  std::vector<std::string> indicator_codes;  // empty = every indicator, in code order
  std::vector<std::string> unit_keys;
  std::vector<std::string> within;
  std::optional<UnitLevel> level;
  std::string from_period;  // "" = from the first
  std::string to_period;    // "" = to the last (inclusive)
  bool total_only = false;  // only totals
  // Only this exact breakdown. An indicator that does not declare it has no matching cells
  // (an error only if it was named in indicator_codes).
  std::optional<Breakdown> breakdown;
  std::optional<int64_t> as_of_micros;
};

// Receives exported observations one at a time; returns false to stop the export.
using ObservationSink = std::function<bool(const Observation&)>;

// One change-feed entry.
struct FeedEntry {
  ChangeRecord change;
  // kRevision: the revision as stored, from the series record (footnote, source and series break
  // included) or, when the indicator has been deleted since, from the change record alone.
  // kIndicatorDeleted: indicator_code, recorded_micros and sequence only.
  // kRemoved: the cell (indicator_code, unit_key, period, breakdown) and the latest revision
  // removed; no value.
  Observation observation;
};

// Descriptive fields of an observation that an imported file may not carry (bits of
// IngestOptions::absent). Never renumbered: clients send them (exchange.proto
// ObservationField).
enum AbsentField : uint8_t {
  kAbsentSource = 1,
  kAbsentFootnote = 2,
  kAbsentFlags = 4,
  kAbsentSeriesBreak = 8,
};

// How the rows of an import relate to what is stored, for files that cannot carry every field
// (docs/io.md "Fields a file does not carry"). The default treats every row as the cell's whole
// new content. For a row whose cell has a latest revision:
//   - value: with value_digits > 0 (the file carries that many significant digits, XLSX 16),
//     a value equal to the stored value written with value_digits digits and read back keeps
//     the stored value;
//   - source (absent): the stored source is kept; it says where the cell's figures come from;
//   - series break (absent): the stored one is kept; a method change belongs to the period, not
//     to one value. With series_break_yes_no (files mark breaks only as yes/no) a row that
//     marks a break on a cell whose latest revision has one keeps its reason text;
//   - flags, footnote (absent): the stored ones are kept if the value is unchanged (both
//     missing, or equal after the value rule above); they describe the value they stand with, so
//     a new value from such a file comes without them.
// The merged row is what is compared with the latest revision (equal: unchanged, no revision)
// and what is written.
struct IngestOptions {
  // AbsentField bits: empty = none; one element = for every row; else one per row.
  std::vector<uint8_t> absent;
  bool series_break_yes_no = false;
  int value_digits = 0;  // 0 = exact
};

inline constexpr size_t kMaxIngestRows = 100000;
inline constexpr size_t kMaxSeriesUnits = 5000;

class ObservationStore {
 public:
  // Reads the last change sequence. The unit store, catalog and clock (recorded times) must
  // outlive this store.
  static absl::StatusOr<std::unique_ptr<ObservationStore>> Open(
      storage::Store* store, const UnitStore* units, IndicatorCatalog* catalog,
      const common::Clock* clock = &common::SystemClock());
  // Reads the stored state again, replacing what was loaded at Open: on a read replica after
  // each catch-up with its primary (engine::Engine::CatchUp), which holds the store's write lock
  // (Internal without it). Errors of Open. Wakes the change-feed watchers when the
  // last sequence moved.
  absl::Status Refresh(const storage::WriteLock& lock);

  // Applies one batch atomically (see the header comment). Rows are rejected with
  // InvalidArgument (CheckObservation; the same cell twice in one batch), NotFound (unknown
  // indicator or unit). Error status only for an empty or oversized batch (InvalidArgument) or a
  // storage failure.
  // `options` (a file import): see IngestOptions; InvalidArgument when `absent` has neither
  // 0, 1 nor rows.size() elements.
  absl::StatusOr<IngestResult> Ingest(const std::vector<Observation>& rows,
                                      const std::string& actor, const IngestOptions& options = {});
  // One row, as Ingest, plus the revision this write left in the cell, read while the write
  // lock is still held: the new revision (this write's value, revision and sequence), or for an
  // unchanged row the latest revision it equalled. Reading the cell after Ingest returned would
  // race with other writers to the same cell and could answer with their value and sequence.
  // Errors as Ingest; a rejected row is returned as its status (InvalidArgument, NotFound).
  struct PutResult {
    bool changed = false;  // a new revision was written
    Observation stored;
  };
  absl::StatusOr<PutResult> Put(const Observation& row, const std::string& actor);
  // Ingest for a caller that holds the write lock and writes more in the same WriteBatch (an
  // import job's record): `extend` (may be empty) is called only when the batch is applied (no
  // row rejected), also when every row is unchanged; the batch is then written even if only
  // `extend` added to it. Errors as Ingest, plus Internal for a lock of another store and the
  // error of `extend`.
  absl::StatusOr<IngestResult> IngestLocked(const storage::WriteLock& lock,
                                            const std::vector<Observation>& rows,
                                            const std::string& actor, const BatchExtension& extend,
                                            const IngestOptions& options = {});
  // Sets cells back (the rollback of an import job) in ONE WriteBatch, with `extend`'s part:
  // a cell to restore gets a new revision with that content (one REVISION change each; none if
  // its latest revision already has it), a cell to remove loses the listed revisions and its
  // place in the packed section (one REMOVED change each). The caller holds the write lock and
  // has read what it restores under it. InvalidArgument/NotFound when a cell does not resolve
  // (nothing written); Internal for a lock of another store; storage errors.
  absl::StatusOr<RevertResult> RevertLocked(const storage::WriteLock& lock,
                                            const std::vector<CellRevert>& cells,
                                            const std::string& actor, const BatchExtension& extend);
  // Ingest in two steps, for a write that joins observations with other stores' changes in one
  // WriteBatch (register_edition.h). StageIngest checks `rows` as Ingest does, counting the
  // unit codes in `pending_units` (units the same WriteBatch registers) as registered, and adds
  // the accepted rows' writes to `batch`; after the caller has written `batch`, CommitIngest
  // publishes the new sequence. The caller holds `write_lock` (the Store's write lock) across
  // both: Internal otherwise. A staged ingest that is never committed (the write failed)
  // leaves the store as it was. Errors as Ingest.
  struct StagedIngest {
    IngestResult result;    // applied = true once staged without rejections
    int64_t now = 0;        // the batch's recorded time (0: nothing to write)
    uint64_t last_seq = 0;  // its last sequence
    WriteSpan span;         // the sequences it takes, and the rows' common unit-key prefix
  };
  absl::StatusOr<StagedIngest> StageIngest(const storage::WriteLock& write_lock,
                                           const std::vector<Observation>& rows,
                                           const std::string& actor, storage::WriteBatch& batch,
                                           const std::unordered_set<uint32_t>& pending_units);
  absl::Status CommitIngest(const storage::WriteLock& write_lock, const StagedIngest& staged);
  // Checks a batch exactly as Ingest would and writes nothing: rejected rows as Ingest's,
  // `accepted` = rows that would become a new revision, `unchanged` = rows equal to the latest
  // revision; applied is always false. Error status as Ingest.
  absl::StatusOr<IngestResult> Validate(const std::vector<Observation>& rows,
                                        const IngestOptions& options = {}) const;

  // The latest revision of a cell, or the newest recorded at or before `as_of_micros`.
  // InvalidArgument (malformed key, period, breakdown), NotFound (unknown indicator/unit, or no
  // value (yet) for the cell).
  absl::StatusOr<Observation> Get(const CellRef& cell, std::optional<int64_t> as_of_micros) const;
  // Every revision of a cell, oldest first. NotFound as Get.
  absl::StatusOr<std::vector<Observation>> History(const CellRef& cell) const;
  // Every revision of a cell, newest first; empty if the cell has none. InvalidArgument or
  // NotFound (unknown indicator or unit) as Get.
  absl::StatusOr<std::vector<Observation>> Revisions(const CellRef& cell) const;
  // For each unit (in the order asked), its values in [from, to], latest or as of a time.
  // Units without values get an empty series. InvalidArgument for bad periods (from > to) or
  // too many units; NotFound for an unknown indicator or unit.
  absl::StatusOr<std::vector<UnitSeries>> Series(const SeriesQuery& query) const;

  // Number of observation cells (unit, period, breakdown) of an indicator. NotFound if absent.
  absl::StatusOr<int64_t> CountObservations(const std::string& code) const;
  // Deletes an indicator: its catalog record, graph node and edges, its targets and, with
  // `force`, its observations (all revisions), in one batch, plus a change-feed entry. Returns the
  // number of cells removed. FailedPrecondition if it has observations and !force (the message
  // gives the count) or another indicator's aggregation uses it; NotFound if absent.
  absl::StatusOr<int64_t> DeleteIndicator(const std::string& code, bool force,
                                          const std::string& actor);

  // Hands every cell matching `query` to `sink`: the latest revision, or the newest recorded at
  // or before as_of_micros; order: indicator (as listed, else code order), breakdown, unit,
  // period. Walks series key ranges (seeking past units and periods outside the query), so
  // memory does not grow with the result. InvalidArgument (malformed keys or periods, a
  // quarter/month bound not matching a listed indicator's periodicity, from > to, a breakdown a
  // listed indicator does not declare), NotFound (unknown indicator; unregistered unit in
  // unit_keys or within), Cancelled when the sink returned false.
  absl::Status Export(const ExportQuery& query, const ObservationSink& sink) const;

  // Export in steps: the same walk, the same order and errors, handed out at most `max_rows` at a
  // time, so that a caller can pause between steps (while a slow receiver catches up) without
  // holding a thread. Between steps the cursor keeps its place (an open iterator, and with it
  // the current indicator's consistent snapshot). Not thread-safe (one caller at a time); must
  // not outlive the store.
  class ExportCursor {
   public:
    ~ExportCursor();
    ExportCursor(const ExportCursor&) = delete;
    ExportCursor& operator=(const ExportCursor&) = delete;
    // Hands up to `max_rows` (> 0) further observations to `sink`. Returns true if more may
    // follow, false when the export is complete (then every later call returns false and hands
    // out nothing). Errors as Export's; Cancelled when the sink returned false.
    absl::StatusOr<bool> Next(size_t max_rows, const ObservationSink& sink);

   private:
    friend class ObservationStore;
    struct State;
    explicit ExportCursor(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };
  // Checks what the query names as a whole (indicators, units, the period range) and returns a
  // cursor at the start of the export. The checks that concern one indicator (a period bound or
  // a breakdown it does not fit) fail in Next when the walk reaches that indicator, as in Export.
  absl::StatusOr<std::unique_ptr<ExportCursor>> StartExport(const ExportQuery& query) const;

  // Change-feed entries with sequence > after, oldest first, at most `limit` (0 = 1000).
  absl::StatusOr<std::vector<ChangeRecord>> Changes(uint64_t after, int limit) const;
  // Changes() with the observation each one recorded (see FeedEntry).
  absl::StatusOr<std::vector<FeedEntry>> Feed(uint64_t after, int limit) const;
  uint64_t last_sequence() const { return last_seq_.load(); }
  // Rows written (new or changed cells) by Ingest, IngestLocked, Put and staged ingests since
  // this store was opened: integrad's integra_ingest_rows_total.
  uint64_t rows_written() const { return rows_written_.load(); }
  // Published after every successful write; closed by the server at shutdown.
  ChangeNotifier& notifier() { return notifier_; }

 private:
  ObservationStore(storage::Store* store, const UnitStore* units, IndicatorCatalog* catalog,
                   const common::Clock* clock)
      : store_(store), units_(units), catalog_(catalog), clock_(clock) {}
  struct ResolvedCell {
    std::shared_ptr<const Indicator> indicator;
    CheckedObservation checked;
  };
  // A row of a batch that passed every check, with what its cell holds now.
  struct StagedRow {
    std::shared_ptr<const Indicator> indicator;
    const Observation* row = nullptr;
    size_t index = 0;     // position in the batch
    Observation content;  // the row merged with its cell's latest revision (IngestOptions)
    CheckedObservation checked;
    size_t section = 0;  // index into Staged::sections
    uint64_t fingerprint = 0;
    uint32_t previous_revision = 0;  // 0 = the cell is empty
    bool unchanged = false;          // equal to the latest revision
  };
  // The rows of a batch that passed every check, and the packed section chunks they touch.
  struct Staged {
    std::vector<StagedRow> rows;
    std::vector<std::string> section_keys;  // section i of `sections`
    std::vector<Section> sections;
  };
  // Checks `rows` and reads their cells' latest revisions (the sections they touch, one MultiGet
  // per part). Fills result.rejected, and result.accepted / result.unchanged as they would be if
  // written.
  // `pending_units`: unit codes to count as registered (nullptr: none).
  absl::StatusOr<Staged> Stage(const std::vector<Observation>& rows, const IngestOptions& options,
                               IngestResult& result,
                               const std::unordered_set<uint32_t>* pending_units = nullptr) const;
  // Applies IngestOptions to a staged row whose cell holds `latest` (see IngestOptions).
  absl::Status Merge(const IngestOptions& options, const SectionCell& latest, StagedRow& s) const;
  // Ingest's body; the caller holds the Store's write lock.
  // `extend` (may be empty) as IngestLocked's.
  absl::StatusOr<IngestResult> IngestUnderLock(const std::vector<Observation>& rows,
                                               const std::string& actor,
                                               const IngestOptions& options,
                                               const BatchExtension& extend);
  // Stages `rows` into `batch` (the caller holds the write lock); see StageIngest.
  absl::StatusOr<StagedIngest> StageLocked(const std::vector<Observation>& rows,
                                           const std::string& actor, const IngestOptions& options,
                                           storage::WriteBatch& batch,
                                           const std::unordered_set<uint32_t>* pending_units);
  // Reads the last change sequence and its time from the store and publishes it to the watchers.
  absl::Status ReadLastChange();
  // After a staged batch was written: the new last sequence and time, and the watchers' wake-up.
  void Publish(const StagedIngest& staged);
  // The highest sequence written at or before `as_of_micros` (0: nothing was).
  absl::StatusOr<uint64_t> SequenceAsOf(int64_t as_of_micros) const;
  // Adds the next change-feed sequence's bookkeeping for a write recorded at `now` whose last
  // sequence is `last_seq` (obs_batches).
  static void PutBatchTime(storage::WriteBatch& batch, int64_t now, uint64_t last_seq);
  absl::StatusOr<ResolvedCell> Resolve(const CellRef& cell) const;
  absl::StatusOr<Observation> ToObservation(const Indicator& ind, const std::string& unit_key,
                                            const Breakdown& bd, Period period, uint64_t sequence,
                                            std::string_view value) const;

  storage::Store* store_;
  const UnitStore* units_;
  IndicatorCatalog* catalog_;
  const common::Clock* clock_;
  std::atomic<uint64_t> last_seq_{0};  // written under the Store's write lock
  std::atomic<uint64_t> rows_written_{0};
  int64_t last_micros_ = 0;            // guarded by the Store's write lock
  ChangeNotifier notifier_;
};

}  // namespace integra::monitoring
