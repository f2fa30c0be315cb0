#include "services/monitoring/observation_store.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/schema_migration.h"
#include "storage/key_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;

// The period of a series key, read at a known offset (the unit prefix length).
uint32_t PeriodCodeAt(std::string_view key, size_t offset) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(key[offset])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(key[offset + 1])) << 8) |
         static_cast<uint32_t>(static_cast<uint8_t>(key[offset + 2]));
}

uint64_t SequenceAt(std::string_view key, size_t offset) {
  uint64_t inverted = 0;
  for (size_t i = 0; i < 8; ++i) {
    inverted = (inverted << 8) | static_cast<uint8_t>(key[offset + i]);
  }
  return ~inverted;
}

// Shortens `prefix` to its common prefix with `key` (`first`: starts it with `key`).
void CommonPrefix(std::string& prefix, std::string_view key, bool first) {
  if (first) {
    prefix.assign(key);
    return;
  }
  size_t n = 0;
  while (n < prefix.size() && n < key.size() && prefix[n] == key[n]) ++n;
  prefix.resize(n);
}

std::string CellText(const std::string& code, const std::string& unit, const std::string& period,
                     const std::string& breakdown) {
  return absl::StrCat(code, " / ", unit, " / ", period,
                      breakdown.empty() ? "" : absl::StrCat(" / ", breakdown));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ObservationStore>> ObservationStore::Open(
    storage::Store* store, const UnitStore* units, IndicatorCatalog* catalog,
    const common::Clock* clock) {
  if (store->schema_version() == 1) RETURN_IF_ERROR(MigrateObservationsToSchema2(store));
  if (store->schema_version() == 2) RETURN_IF_ERROR(MigrateObservationsToSchema3(store));
  std::unique_ptr<ObservationStore> os(new ObservationStore(store, units, catalog, clock));
  RETURN_IF_ERROR(os->ReadLastChange());
  return os;
}

absl::Status ObservationStore::ReadLastChange() {
  auto it = store_->NewIterator(Family::kObsChanges, "", "");
  it->SeekToLast();
  if (it->Valid()) {
    ASSIGN_OR_RETURN(uint64_t seq, DecodeChangeKey(it->key()));
    ASSIGN_OR_RETURN(ChangeRecord last, DecodeChangeRecord(seq, it->value()));
    last_seq_.store(seq);
    last_micros_ = last.recorded_micros;
    notifier_.Publish(seq);
  }
  return it->status();
}

absl::Status ObservationStore::Refresh(const storage::WriteLock& lock) {
  RETURN_IF_ERROR(lock.Require(*store_, "refreshing the change feed"));
  return ReadLastChange();
}

absl::StatusOr<ObservationStore::Staged> ObservationStore::Stage(
    const std::vector<Observation>& rows, const IngestOptions& options, IngestResult& result,
    const std::unordered_set<uint32_t>* pending_units) const {
  if (rows.empty()) return absl::InvalidArgumentError("an ingest batch needs at least one row");
  if (rows.size() > kMaxIngestRows) {
    return absl::InvalidArgumentError(absl::StrCat("an ingest batch holds at most ", kMaxIngestRows,
                                                   " rows, this one ", rows.size(), "; split it"));
  }
  if (options.absent.size() > 1 && options.absent.size() != rows.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("absent fields are given for ", options.absent.size(), " of ", rows.size(),
                     " rows (give none, one for all, or one per row)"));
  }
  Staged staged;
  staged.rows.reserve(rows.size());
  // Indicators named by the batch, looked up once each (they stay alive through the shared_ptr
  // even if deleted meanwhile, and deletion waits for the write lock anyway when writing).
  std::unordered_map<std::string, std::shared_ptr<const Indicator>> indicators;
  std::unordered_map<std::string, size_t> section_of;  // section key -> index
  // Cells seen so far, per section: (section index << 32) | unit code.
  std::unordered_set<uint64_t> cells;
  cells.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Observation& row = rows[i];
    auto reject = [&](absl::Status s) {
      result.rejected.push_back({static_cast<int>(i), std::move(s)});
    };
    auto [found, inserted] = indicators.try_emplace(row.indicator_code);
    if (inserted) found->second = catalog_->Find(row.indicator_code);
    if (found->second == nullptr) {
      reject(AtField(
          absl::NotFoundError(absl::StrCat("indicator '", row.indicator_code, "' not found")),
          kFieldIndicator));
      continue;
    }
    const Indicator& ind = *found->second;
    auto checked = CheckObservation(ind, row);
    if (!checked.ok()) {
      reject(checked.status());
      continue;
    }
    if (!units_->ContainsCode(checked->unit_code) &&
        (pending_units == nullptr || !pending_units->contains(checked->unit_code))) {
      reject(AtField(
          absl::NotFoundError(absl::StrCat("unit ", checked->unit_key, " is not registered")),
          kFieldUnit));
      continue;
    }
    auto [section, new_section] = section_of.try_emplace(
        SectionKey(ind.id, checked->breakdown, checked->period, checked->level,
                   SectionChunkOf(checked->level, checked->unit_code)),
        staged.section_keys.size());
    if (new_section) staged.section_keys.push_back(section->first);
    if (!cells.insert((uint64_t{section->second} << 32) | checked->unit_code).second) {
      reject(absl::InvalidArgumentError(
          absl::StrCat("the cell ",
                       CellText(ind.code, checked->unit_key, checked->period.ToString(),
                                BreakdownText(ind, row.breakdown)),
                       " appears more than once in the batch")));
      continue;
    }
    StagedRow s;
    s.indicator = found->second;
    s.row = &row;
    s.index = i;
    s.checked = std::move(*checked);
    s.section = section->second;
    staged.rows.push_back(std::move(s));
  }
  if (!result.rejected.empty()) return staged;

  // The section chunks the batch touches, each read once, both parts from one snapshot of the
  // latest state (never an enclosing read scope's older one: writes are decided on the latest
  // values).
  storage::ReadScope scope(storage::ReadScope::Latest(*store_));
  ASSIGN_OR_RETURN(auto values, store_->MultiGet(Family::kObsSections, staged.section_keys));
  ASSIGN_OR_RETURN(auto state, store_->MultiGet(Family::kObsSectionState, staged.section_keys));
  staged.sections.reserve(staged.section_keys.size());
  for (size_t i = 0; i < staged.section_keys.size(); ++i) {
    auto as_view = [](const std::optional<std::string>& v) -> std::optional<std::string_view> {
      if (!v.has_value()) return std::nullopt;
      return std::string_view(*v);
    };
    ASSIGN_OR_RETURN(Section section, Section::Decode(as_view(values[i]), as_view(state[i])));
    staged.sections.push_back(std::move(section));
  }
  for (StagedRow& s : staged.rows) {
    s.content = *s.row;
    const SectionCell* prev = staged.sections[s.section].Find(s.checked.unit_code);
    if (prev != nullptr) RETURN_IF_ERROR(Merge(options, *prev, s));
    const Observation& c = s.content;
    s.fingerprint =
        Fingerprint(SeriesRecord{0, 0, c.flags, c.value, c.source, c.footnote, c.series_break});
    if (prev != nullptr) {
      s.unchanged = prev->fingerprint == s.fingerprint;
      s.previous_revision = prev->revision;
    }
    ++(s.unchanged ? result.unchanged : result.accepted);
  }
  return staged;
}

absl::Status ObservationStore::Merge(const IngestOptions& options, const SectionCell& latest,
                                     StagedRow& s) const {
  const uint8_t absent =
      options.absent.empty() ? 0 : options.absent[options.absent.size() == 1 ? 0 : s.index];
  Observation& c = s.content;
  if (options.value_digits > 0 && latest.value.has_value() && c.value.has_value() &&
      *latest.value != *c.value) {
    // The stored value as a file with that many digits holds it (XLSX: "%.16G"), read back.
    char text[64];
    auto written = std::to_chars(text, text + sizeof(text), *latest.value,
                                 std::chars_format::general, options.value_digits);
    double read = 0;
    if (written.ec == std::errc() && std::from_chars(text, written.ptr, read).ec == std::errc() &&
        read == *c.value) {
      c.value = latest.value;
    }
  }
  const bool same_value = c.value == latest.value;
  if ((absent & kAbsentSource) != 0) c.source = latest.source;
  if ((absent & kAbsentFlags) != 0 && same_value) c.flags = latest.flags;
  const bool keep_footnote = (absent & kAbsentFootnote) != 0 && same_value;
  const bool keep_break = (absent & kAbsentSeriesBreak) != 0;
  const bool keep_reason = options.series_break_yes_no && !keep_break && !c.series_break.empty();
  if (!keep_footnote && !keep_break && !keep_reason) return absl::OkStatus();
  // The footnote and series break are in the revision's series record, not in the section.
  const Indicator& ind = *s.indicator;
  auto it = store_->NewPrefixIterator(
      Family::kObsSeries,
      SeriesCellPrefix(ind.id, s.checked.breakdown, s.checked.unit_code, s.checked.period));
  it->SeekToFirst();  // the newest revision first
  if (!it->Valid()) {
    RETURN_IF_ERROR(it->status());
    return absl::DataLossError(absl::StrCat("the section lists a value for ", ind.code, " / ",
                                            s.checked.unit_key, " / ", s.checked.period.ToString(),
                                            ", but its series has none"));
  }
  ASSIGN_OR_RETURN(SeriesRecord stored, DecodeSeriesRecord(it->value()));
  if (keep_footnote) c.footnote = std::move(stored.footnote);
  if (keep_break || (keep_reason && !stored.series_break.empty())) {
    c.series_break = std::move(stored.series_break);
  }
  return absl::OkStatus();
}

absl::StatusOr<IngestResult> ObservationStore::Validate(const std::vector<Observation>& rows,
                                                        const IngestOptions& options) const {
  IngestResult result;
  RETURN_IF_ERROR(Stage(rows, options, result).status());  // only the verdicts, nothing is written
  if (!result.rejected.empty()) {
    result.accepted = 0;
    result.unchanged = 0;
  }
  return result;
}

void ObservationStore::PutBatchTime(storage::WriteBatch& batch, int64_t now, uint64_t last_seq) {
  batch.Put(Family::kObsBatches, BatchKey(now), storage::KeyWriter().U64(last_seq).key());
}

absl::StatusOr<uint64_t> ObservationStore::SequenceAsOf(int64_t as_of_micros) const {
  auto it = store_->NewIterator(Family::kObsBatches, "", "");
  it->SeekForPrev(BatchKey(as_of_micros));
  if (!it->Valid()) {
    RETURN_IF_ERROR(it->status());
    return uint64_t{0};
  }
  storage::KeyReader r(it->value());
  ASSIGN_OR_RETURN(uint64_t seq, r.U64());
  if (!r.done()) return absl::DataLossError("obs_batches value has trailing bytes");
  return seq;
}

absl::StatusOr<IngestResult> ObservationStore::Ingest(const std::vector<Observation>& rows,
                                                      const std::string& actor,
                                                      const IngestOptions& options) {
  storage::WriteLock lock = store_->LockWrites();
  return IngestUnderLock(rows, actor, options, nullptr);
}

absl::StatusOr<IngestResult> ObservationStore::IngestLocked(const storage::WriteLock& lock,
                                                            const std::vector<Observation>& rows,
                                                            const std::string& actor,
                                                            const BatchExtension& extend,
                                                            const IngestOptions& options) {
  if (!lock.Holds(*store_)) {
    return absl::InternalError("IngestLocked needs the write lock of the observations' store");
  }
  return IngestUnderLock(rows, actor, options, extend);
}

absl::StatusOr<ObservationStore::PutResult> ObservationStore::Put(const Observation& row,
                                                                  const std::string& actor) {
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(IngestResult result, IngestUnderLock({row}, actor, {}, nullptr));
  if (!result.rejected.empty()) return result.rejected.front().status;
  PutResult out;
  out.changed = result.accepted > 0;
  // Still under the write lock: the cell's latest revision is the one this write left (read
  // from a new snapshot, never an enclosing scope's older one).
  storage::ReadScope scope(storage::ReadScope::Latest(*store_));
  ASSIGN_OR_RETURN(
      out.stored,
      Get(CellRef{row.indicator_code, row.unit_key, row.period, row.breakdown}, std::nullopt));
  return out;
}

absl::StatusOr<IngestResult> ObservationStore::IngestUnderLock(const std::vector<Observation>& rows,
                                                               const std::string& actor,
                                                               const IngestOptions& options,
                                                               const BatchExtension& extend) {
  // Called with the write lock held (Ingest, IngestLocked, Put); the lock lives in the caller.
  storage::WriteBatch batch = store_->NewBatch();
  ASSIGN_OR_RETURN(StagedIngest staged, StageLocked(rows, actor, options, batch, nullptr));
  if (!staged.result.applied) return staged.result;
  // `extend` is called whenever the batch applies, also when every row is unchanged; the batch
  // is then written even if only `extend` added to it.
  if (extend) RETURN_IF_ERROR(extend(batch, staged.span));
  if (batch.Count() > 0) RETURN_IF_ERROR(store_->Write(batch));
  if (staged.result.accepted > 0) Publish(staged);
  return staged.result;
}

absl::StatusOr<ObservationStore::StagedIngest> ObservationStore::StageIngest(
    const storage::WriteLock& write_lock, const std::vector<Observation>& rows,
    const std::string& actor, storage::WriteBatch& batch,
    const std::unordered_set<uint32_t>& pending_units) {
  if (!write_lock.Holds(*store_)) {
    return absl::InternalError("staging observations needs the store's write lock");
  }
  return StageLocked(rows, actor, {}, batch, &pending_units);
}

absl::Status ObservationStore::CommitIngest(const storage::WriteLock& write_lock,
                                            const StagedIngest& staged) {
  if (!write_lock.Holds(*store_)) {
    return absl::InternalError("committing observations needs the store's write lock");
  }
  if (staged.result.applied && staged.result.accepted > 0) Publish(staged);
  return absl::OkStatus();
}

void ObservationStore::Publish(const StagedIngest& staged) {
  last_seq_.store(staged.last_seq);
  last_micros_ = staged.now;
  rows_written_.fetch_add(static_cast<uint64_t>(staged.result.accepted));
  notifier_.Publish(staged.last_seq);
}

absl::StatusOr<ObservationStore::StagedIngest> ObservationStore::StageLocked(
    const std::vector<Observation>& rows, const std::string& actor, const IngestOptions& options,
    storage::WriteBatch& batch, const std::unordered_set<uint32_t>* pending_units) {
  StagedIngest out;
  IngestResult& result = out.result;
  ASSIGN_OR_RETURN(Staged staged, Stage(rows, options, result, pending_units));
  if (!result.rejected.empty()) {
    result.accepted = 0;
    result.unchanged = 0;
    return out;
  }

  const int64_t now = std::max(clock_->NowMicros(), last_micros_ + 1);
  uint64_t seq = last_seq_.load();
  std::vector<std::vector<SectionCell>> section_changes(staged.sections.size());
  for (const StagedRow& s : staged.rows) {
    if (s.unchanged) continue;
    const Observation& row = s.content;
    const uint32_t revision = s.previous_revision + 1;
    SeriesRecord rec{now,        revision,     row.flags,       row.value,
                     row.source, row.footnote, row.series_break};
    ++seq;
    const Indicator& ind = *s.indicator;
    batch.Put(Family::kObsSeries,
              SeriesKey(ind.id, s.checked.breakdown, s.checked.unit_code, s.checked.period, seq),
              EncodeSeriesRecord(rec));
    // For the write audit (storage::AuditScope): what this revision replaces, read under the
    // write lock from the section before it changes.
    const std::string breakdown_text = BreakdownText(ind, row.breakdown);
    const SectionCell* before = staged.sections[s.section].Find(s.checked.unit_code);
    storage::AuditScope::Note(absl::StrCat(
        ind.code, " ", s.checked.unit_key, " ", s.checked.period.ToString(),
        breakdown_text.empty() ? "" : " " + breakdown_text, " was ",
        before == nullptr           ? std::string("(new)")
        : before->value.has_value() ? absl::StrCat(*before->value)
                                    : std::string("(none)"),
        before == nullptr || before->flags == 0 ? "" : " " + FlagNames(before->flags)));
    section_changes[s.section].push_back(
        {s.checked.unit_code, row.flags, row.value, revision, s.fingerprint, row.source});
    ChangeRecord change{.sequence = seq,
                        .kind = ChangeKind::kRevision,
                        .recorded_micros = now,
                        .actor = actor,
                        .indicator_code = ind.code,
                        .unit_key = s.checked.unit_key,
                        .period = s.checked.period.ToString(),
                        .breakdown = breakdown_text,
                        .revision = revision,
                        .flags = row.flags,
                        .value = row.value};
    batch.Put(Family::kObsChanges, ChangeKey(seq), EncodeChangeRecord(change));
  }
  for (size_t i = 0; i < staged.sections.size(); ++i) {
    if (section_changes[i].empty()) continue;
    Section& section = staged.sections[i];
    section.Apply(std::move(section_changes[i]));
    ASSIGN_OR_RETURN(std::string values, section.EncodeValues());
    batch.Put(Family::kObsSections, staged.section_keys[i], values);
    batch.Put(Family::kObsSectionState, staged.section_keys[i], section.EncodeState());
  }
  WriteSpan& span = out.span;
  if (result.accepted > 0) {
    PutBatchTime(batch, now, seq);
    span = {now, last_seq_.load() + 1, seq, ""};
    result.recorded_micros = now;
    result.first_sequence = span.first_sequence;
    result.last_sequence = seq;
    out.now = now;
    out.last_seq = seq;
  }
  for (size_t i = 0; i < staged.rows.size(); ++i) {
    CommonPrefix(span.unit_prefix, staged.rows[i].checked.unit_key, i == 0);
  }
  result.applied = true;
  return out;
}

absl::StatusOr<RevertResult> ObservationStore::RevertLocked(const storage::WriteLock& lock,
                                                            const std::vector<CellRevert>& cells,
                                                            const std::string& actor,
                                                            const BatchExtension& extend) {
  if (!lock.Holds(*store_)) {
    return absl::InternalError("RevertLocked needs the write lock of the observations' store");
  }
  RevertResult result;
  // The cells, and the section chunks they lie in (each read and rewritten once).
  struct Item {
    ResolvedCell rc;
    const CellRevert* revert = nullptr;
    size_t section = 0;
  };
  std::vector<Item> items;
  items.reserve(cells.size());
  std::unordered_map<std::string, size_t> section_of;
  std::vector<std::string> section_keys;
  for (const CellRevert& c : cells) {
    ASSIGN_OR_RETURN(ResolvedCell rc, Resolve(c.cell));
    const CheckedObservation& ch = rc.checked;
    auto [at, inserted] =
        section_of.try_emplace(SectionKey(rc.indicator->id, ch.breakdown, ch.period, ch.level,
                                          SectionChunkOf(ch.level, ch.unit_code)),
                               section_keys.size());
    if (inserted) section_keys.push_back(at->first);
    items.push_back({std::move(rc), &c, at->second});
  }
  std::vector<Section> sections;
  {
    storage::ReadScope scope(storage::ReadScope::Latest(*store_));
    ASSIGN_OR_RETURN(auto values, store_->MultiGet(Family::kObsSections, section_keys));
    ASSIGN_OR_RETURN(auto state, store_->MultiGet(Family::kObsSectionState, section_keys));
    for (size_t i = 0; i < section_keys.size(); ++i) {
      auto as_view = [](const std::optional<std::string>& v) -> std::optional<std::string_view> {
        if (!v.has_value()) return std::nullopt;
        return std::string_view(*v);
      };
      ASSIGN_OR_RETURN(Section section, Section::Decode(as_view(values[i]), as_view(state[i])));
      sections.push_back(std::move(section));
    }
  }

  const int64_t now = std::max(clock_->NowMicros(), last_micros_ + 1);
  uint64_t seq = last_seq_.load();
  storage::WriteBatch batch = store_->NewBatch();
  std::vector<std::vector<SectionCell>> changes(sections.size());
  std::vector<std::vector<uint32_t>> removals(sections.size());
  for (const Item& item : items) {
    const Indicator& ind = *item.rc.indicator;
    const CheckedObservation& ch = item.rc.checked;
    const CellRevert& revert = *item.revert;
    const SectionCell* current = sections[item.section].Find(ch.unit_code);
    const std::string breakdown_text = BreakdownText(ind, revert.cell.breakdown);
    const std::string cell_text =
        absl::StrCat(ind.code, " ", ch.unit_key, " ", ch.period.ToString(),
                     breakdown_text.empty() ? "" : " " + breakdown_text);
    const std::string was =
        current == nullptr ? std::string("(none)")
        : current->value.has_value()
            ? absl::StrCat(*current->value,
                           current->flags == 0 ? "" : " " + FlagNames(current->flags))
            : absl::StrCat("(no value)",
                           current->flags == 0 ? "" : " " + FlagNames(current->flags));
    ChangeRecord change{.kind = ChangeKind::kRevision,
                        .recorded_micros = now,
                        .actor = actor,
                        .indicator_code = ind.code,
                        .unit_key = ch.unit_key,
                        .period = ch.period.ToString(),
                        .breakdown = breakdown_text};
    if (revert.restore.has_value()) {
      const Observation& o = *revert.restore;
      SeriesRecord rec{now, 0, o.flags, o.value, o.source, o.footnote, o.series_break};
      const uint64_t fingerprint = Fingerprint(rec);
      if (current != nullptr && current->fingerprint == fingerprint) {
        ++result.unchanged;
        continue;
      }
      rec.revision = (current == nullptr ? 0 : current->revision) + 1;
      ++seq;
      batch.Put(Family::kObsSeries, SeriesKey(ind.id, ch.breakdown, ch.unit_code, ch.period, seq),
                EncodeSeriesRecord(rec));
      changes[item.section].push_back(
          {ch.unit_code, o.flags, o.value, rec.revision, fingerprint, o.source});
      change.revision = rec.revision;
      change.flags = o.flags;
      change.value = o.value;
      storage::AuditScope::Note(
          absl::StrCat(cell_text, " was ", was, ", restored ",
                       o.value.has_value() ? absl::StrCat(*o.value) : std::string("(no value)"),
                       o.flags == 0 ? "" : " " + FlagNames(o.flags)));
      ++result.restored;
    } else {
      for (uint64_t s : revert.delete_sequences) {
        batch.Delete(Family::kObsSeries,
                     SeriesKey(ind.id, ch.breakdown, ch.unit_code, ch.period, s));
      }
      removals[item.section].push_back(ch.unit_code);
      ++seq;
      change.kind = ChangeKind::kRemoved;
      change.revision = current == nullptr ? 0 : current->revision;
      change.removed = revert.delete_sequences.size();
      storage::AuditScope::Note(absl::StrCat(cell_text, " was ", was, ", removed"));
      ++result.removed;
    }
    change.sequence = seq;
    batch.Put(Family::kObsChanges, ChangeKey(seq), EncodeChangeRecord(change));
  }
  for (size_t i = 0; i < sections.size(); ++i) {
    if (changes[i].empty() && removals[i].empty()) continue;
    Section& section = sections[i];
    section.Apply(std::move(changes[i]));
    section.Remove(std::move(removals[i]));
    if (section.empty()) {  // as before the section's first value: no key at all
      batch.Delete(Family::kObsSections, section_keys[i]);
      batch.Delete(Family::kObsSectionState, section_keys[i]);
      continue;
    }
    ASSIGN_OR_RETURN(std::string values, section.EncodeValues());
    batch.Put(Family::kObsSections, section_keys[i], values);
    batch.Put(Family::kObsSectionState, section_keys[i], section.EncodeState());
  }
  if (seq > last_seq_.load()) {
    PutBatchTime(batch, now, seq);
    result.span = {now, last_seq_.load() + 1, seq, ""};
  }
  for (size_t i = 0; i < items.size(); ++i) {
    CommonPrefix(result.span.unit_prefix, items[i].rc.checked.unit_key, i == 0);
  }
  if (extend) RETURN_IF_ERROR(extend(batch, result.span));
  if (batch.Count() > 0) RETURN_IF_ERROR(store_->Write(batch));
  if (seq > last_seq_.load()) {
    last_seq_.store(seq);
    last_micros_ = now;
    notifier_.Publish(seq);
  }
  return result;
}

absl::StatusOr<ObservationStore::ResolvedCell> ObservationStore::Resolve(
    const CellRef& cell) const {
  RETURN_IF_ERROR(ValidateIndicatorCode(cell.indicator_code));
  ResolvedCell out;
  out.indicator = catalog_->Find(cell.indicator_code);
  if (out.indicator == nullptr) {
    return absl::NotFoundError(absl::StrCat("indicator '", cell.indicator_code, "' not found"));
  }
  ASSIGN_OR_RETURN(UnitKey key, ParseUnitKey(cell.unit_key));
  out.checked.unit_key = key.key;
  out.checked.level = key.level;
  out.checked.unit_code = UnitCodeOf(key.key);
  if (!units_->ContainsCode(out.checked.unit_code)) {
    return absl::NotFoundError(absl::StrCat("unit ", key.key, " is not registered"));
  }
  ASSIGN_OR_RETURN(out.checked.period, ParsePeriodFor(cell.period, out.indicator->periodicity));
  ASSIGN_OR_RETURN(out.checked.breakdown, EncodeBreakdown(*out.indicator, cell.breakdown));
  return out;
}

absl::StatusOr<Observation> ObservationStore::ToObservation(const Indicator& ind,
                                                            const std::string& unit_key,
                                                            const Breakdown& bd, Period period,
                                                            uint64_t sequence,
                                                            std::string_view value) const {
  ASSIGN_OR_RETURN(SeriesRecord rec, DecodeSeriesRecord(value));
  Observation o;
  o.indicator_code = ind.code;
  o.unit_key = unit_key;
  o.period = period.ToString();
  o.breakdown = bd;
  o.value = rec.value;
  o.flags = rec.flags;
  o.footnote = std::move(rec.footnote);
  o.series_break = std::move(rec.series_break);
  o.source = std::move(rec.source);
  o.recorded_micros = rec.recorded_micros;
  o.revision = rec.revision;
  o.sequence = sequence;
  return o;
}

absl::StatusOr<Observation> ObservationStore::Get(const CellRef& cell,
                                                  std::optional<int64_t> as_of) const {
  ASSIGN_OR_RETURN(ResolvedCell rc, Resolve(cell));
  const Indicator& ind = *rc.indicator;
  const CheckedObservation& c = rc.checked;
  std::string prefix = SeriesCellPrefix(ind.id, c.breakdown, c.unit_code, c.period);
  storage::ReadScope scope(*store_);
  uint64_t max_seq = UINT64_MAX;
  if (as_of.has_value()) {
    ASSIGN_OR_RETURN(max_seq, SequenceAsOf(*as_of));
  }
  auto it = store_->NewPrefixIterator(Family::kObsSeries, prefix);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {  // newest revision first
    const uint64_t seq = SequenceAt(it->key(), prefix.size());
    if (seq > max_seq) continue;  // recorded after as_of
    return ToObservation(ind, c.unit_key, cell.breakdown, c.period, seq, it->value());
  }
  RETURN_IF_ERROR(it->status());
  std::string what =
      CellText(ind.code, c.unit_key, c.period.ToString(), BreakdownText(ind, cell.breakdown));
  if (as_of.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no value for ", what, " had been recorded at ", *as_of, " (us)"));
  }
  return absl::NotFoundError(absl::StrCat("no value for ", what));
}

absl::StatusOr<std::vector<Observation>> ObservationStore::Revisions(const CellRef& cell) const {
  ASSIGN_OR_RETURN(ResolvedCell rc, Resolve(cell));
  const Indicator& ind = *rc.indicator;
  const CheckedObservation& c = rc.checked;
  std::string prefix = SeriesCellPrefix(ind.id, c.breakdown, c.unit_code, c.period);
  std::vector<Observation> out;
  storage::ReadScope scope(*store_);
  auto it = store_->NewPrefixIterator(Family::kObsSeries, prefix);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {  // newest first
    ASSIGN_OR_RETURN(Observation o,
                     ToObservation(ind, c.unit_key, cell.breakdown, c.period,
                                   SequenceAt(it->key(), prefix.size()), it->value()));
    out.push_back(std::move(o));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

absl::StatusOr<std::vector<Observation>> ObservationStore::History(const CellRef& cell) const {
  ASSIGN_OR_RETURN(std::vector<Observation> out, Revisions(cell));
  if (out.empty()) {
    ASSIGN_OR_RETURN(ResolvedCell rc, Resolve(cell));
    const Indicator& ind = *rc.indicator;
    const CheckedObservation& c = rc.checked;
    return absl::NotFoundError(absl::StrCat(
        "no value for ",
        CellText(ind.code, c.unit_key, c.period.ToString(), BreakdownText(ind, cell.breakdown))));
  }
  std::reverse(out.begin(), out.end());  // oldest first
  return out;
}

absl::StatusOr<std::vector<UnitSeries>> ObservationStore::Series(const SeriesQuery& q) const {
  RETURN_IF_ERROR(ValidateIndicatorCode(q.indicator_code));
  auto ind_ptr = catalog_->Find(q.indicator_code);
  if (ind_ptr == nullptr) {
    return absl::NotFoundError(absl::StrCat("indicator '", q.indicator_code, "' not found"));
  }
  const Indicator& ind = *ind_ptr;
  if (q.unit_keys.empty()) return absl::InvalidArgumentError("a series query needs a unit");
  if (q.unit_keys.size() > kMaxSeriesUnits) {
    return absl::InvalidArgumentError(
        absl::StrCat("a series query takes at most ", kMaxSeriesUnits, " units"));
  }
  ASSIGN_OR_RETURN(std::string bd, EncodeBreakdown(ind, q.breakdown));
  std::optional<Period> from, to;
  if (!q.from_period.empty()) {
    ASSIGN_OR_RETURN(from, ParsePeriodFor(q.from_period, ind.periodicity));
  }
  if (!q.to_period.empty()) {
    ASSIGN_OR_RETURN(to, ParsePeriodFor(q.to_period, ind.periodicity));
  }
  if (from.has_value() && to.has_value() && *to < *from) {
    return absl::InvalidArgumentError(absl::StrCat("the period range ", q.from_period, " to ",
                                                   q.to_period, " is empty (from > to)"));
  }
  storage::ReadScope scope(*store_);  // all units from one snapshot
  uint64_t max_seq = UINT64_MAX;
  if (q.as_of_micros.has_value()) {
    ASSIGN_OR_RETURN(max_seq, SequenceAsOf(*q.as_of_micros));
  }
  std::vector<UnitSeries> out;
  out.reserve(q.unit_keys.size());
  for (const std::string& raw : q.unit_keys) {
    ASSIGN_OR_RETURN(UnitKey key, ParseUnitKey(raw));
    const uint32_t code = UnitCodeOf(key.key);
    if (!units_->ContainsCode(code)) {
      return absl::NotFoundError(absl::StrCat("unit ", key.key, " is not registered"));
    }
    std::string prefix = SeriesUnitPrefix(ind.id, bd, code);
    std::string lower = prefix;
    if (from.has_value()) AppendPeriod(lower, *from);
    std::string upper;
    if (to.has_value()) {
      upper = prefix;
      AppendPeriod(upper, Period::FromCode(to->code() + 1));
    } else {
      upper = storage::PrefixSuccessor(prefix);
    }
    UnitSeries series{key.key, {}};
    uint32_t taken_period = 0xFFFFFFFF;  // no period code reaches this
    auto it = store_->NewIterator(Family::kObsSeries, lower, upper);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view k = it->key();
      const uint32_t period = PeriodCodeAt(k, prefix.size());
      if (period == taken_period) continue;  // an older revision of a period already taken
      const uint64_t seq = SequenceAt(k, prefix.size() + 3);
      if (seq > max_seq) continue;  // recorded after as_of: an older revision may qualify
      ASSIGN_OR_RETURN(Observation o, ToObservation(ind, key.key, q.breakdown,
                                                    Period::FromCode(period), seq, it->value()));
      series.points.push_back(std::move(o));
      taken_period = period;
    }
    RETURN_IF_ERROR(it->status());
    out.push_back(std::move(series));
  }
  return out;
}

absl::StatusOr<int64_t> ObservationStore::CountObservations(const std::string& code) const {
  RETURN_IF_ERROR(ValidateIndicatorCode(code));
  auto ind = catalog_->Find(code);
  if (ind == nullptr) return absl::NotFoundError(absl::StrCat("indicator '", code, "' not found"));
  int64_t n = 0;
  auto it = store_->NewPrefixIterator(Family::kObsSections, IndicatorKeyPrefix(ind->id));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(SectionView section, SectionView::Parse(it->value()));
    n += static_cast<int64_t>(section.size());
  }
  RETURN_IF_ERROR(it->status());
  return n;
}

absl::StatusOr<int64_t> ObservationStore::DeleteIndicator(const std::string& code, bool force,
                                                          const std::string& actor) {
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(int64_t cells, CountObservations(code));
  if (cells > 0 && !force) {
    return absl::FailedPreconditionError(absl::StrCat(
        "indicator ", code, " has ", cells,
        " observation(s) (unit/period/breakdown cells, with all their revisions); delete with "
        "force (integra indicator delete ",
        code, " --force) to remove them too"));
  }
  auto ind = catalog_->Find(code);
  if (ind == nullptr) return absl::NotFoundError(absl::StrCat("indicator '", code, "' not found"));
  storage::WriteBatch batch = store_->NewBatch();
  std::string prefix = IndicatorKeyPrefix(ind->id);
  std::string end = storage::PrefixSuccessor(prefix);
  batch.DeleteRange(Family::kObsSeries, prefix, end);
  batch.DeleteRange(Family::kObsSections, prefix, end);
  batch.DeleteRange(Family::kObsSectionState, prefix, end);
  batch.DeleteRange(Family::kTargets, prefix, end);  // targets share the indicator-id prefix
  const int64_t now = std::max(clock_->NowMicros(), last_micros_ + 1);
  const uint64_t seq = last_seq_.load() + 1;
  ChangeRecord change{.sequence = seq,
                      .kind = ChangeKind::kIndicatorDeleted,
                      .recorded_micros = now,
                      .actor = actor,
                      .indicator_code = code,
                      .removed = static_cast<uint64_t>(cells)};
  batch.Put(Family::kObsChanges, ChangeKey(seq), EncodeChangeRecord(change));
  PutBatchTime(batch, now, seq);
  ASSIGN_OR_RETURN(StagedCatalogDeletion staged, catalog_->StageDeletion(lock, batch, code, actor));
  absl::Status written = store_->Write(batch);
  staged.Finish(written);
  RETURN_IF_ERROR(written);
  last_seq_.store(seq);
  last_micros_ = now;
  notifier_.Publish(seq);
  return cells;
}

absl::StatusOr<std::vector<ChangeRecord>> ObservationStore::Changes(uint64_t after,
                                                                    int limit) const {
  if (limit < 0) return absl::InvalidArgumentError("limit must not be negative");
  if (limit == 0) limit = 1000;
  std::vector<ChangeRecord> out;
  if (after == UINT64_MAX) return out;
  auto it = store_->NewIterator(Family::kObsChanges, ChangeKey(after + 1), "");
  for (it->SeekToFirst(); it->Valid() && static_cast<int>(out.size()) < limit; it->Next()) {
    ASSIGN_OR_RETURN(uint64_t seq, DecodeChangeKey(it->key()));
    ASSIGN_OR_RETURN(ChangeRecord r, DecodeChangeRecord(seq, it->value()));
    out.push_back(std::move(r));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

}  // namespace integra::monitoring
