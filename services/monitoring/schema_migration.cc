#include "services/monitoring/schema_migration.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "storage/key_codec.h"
#include "common/status_macros.h"

namespace integra::monitoring {
namespace {

using storage::Family;

// Bytes of puts after which a migration batch is written (keeps memory bounded at any scale).
constexpr size_t kMigrationBatchBytes = 32u << 20;

constexpr size_t kCrossUnitBytes = 4;  // the trailing U32 unit code of an obs_cross key

class BatchWriter {
 public:
  explicit BatchWriter(storage::Store* store) : store_(store), batch_(store->NewBatch()) {}
  absl::Status Put(Family family, std::string_view key, std::string_view value) {
    batch_.Put(family, key, value);
    bytes_ += key.size() + value.size();
    if (bytes_ < kMigrationBatchBytes) return absl::OkStatus();
    RETURN_IF_ERROR(store_->Write(batch_));
    batch_ = store_->NewBatch();
    bytes_ = 0;
    return absl::OkStatus();
  }
  storage::WriteBatch& batch() { return batch_; }

 private:
  storage::Store* store_;
  storage::WriteBatch batch_;
  size_t bytes_ = 0;
};

absl::Status PackCrossSections(storage::Store* store, BatchWriter& out) {
  std::string section_key;
  std::vector<SectionCell> cells;
  auto flush = [&]() -> absl::Status {
    if (cells.empty()) return absl::OkStatus();
    Section section;
    section.Apply(std::move(cells));
    cells.clear();
    ASSIGN_OR_RETURN(std::string values, section.EncodeValues());
    RETURN_IF_ERROR(out.Put(Family::kObsSections, section_key, values));
    return out.Put(Family::kObsSectionState, section_key, section.EncodeState());
  };
  auto it = store->NewIterator(Family::kObsCross, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(CrossKeyParts key, DecodeCrossKey(it->key()));
    ASSIGN_OR_RETURN(CrossRecord rec, DecodeCrossRecord(it->value()));
    std::string_view section = it->key().substr(0, it->key().size() - kCrossUnitBytes);
    if (section != section_key) {
      RETURN_IF_ERROR(flush());
      section_key.assign(section);
    }
    // The source of the latest value, for attribution: the revision the cell points at.
    ASSIGN_OR_RETURN(std::optional<std::string> latest,
                     store->Get(Family::kObsSeries, SeriesKey(key.indicator_id, key.breakdown,
                                                              key.unit, key.period, rec.sequence)));
    std::string source;
    if (latest.has_value()) {
      ASSIGN_OR_RETURN(SeriesRecord series, DecodeSeriesRecord(*latest));
      source = std::move(series.source);
    }
    cells.push_back(
        {key.unit, rec.flags, rec.value, rec.revision, rec.fingerprint, std::move(source)});
  }
  RETURN_IF_ERROR(it->status());
  return flush();
}

absl::Status IndexBatchTimes(storage::Store* store, BatchWriter& out) {
  // Every write recorded all its changes at one time, and times rise with sequences: the last
  // sequence of each distinct time is that write's last.
  int64_t micros = 0;
  uint64_t last_seq = 0;
  auto it = store->NewIterator(Family::kObsChanges, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(uint64_t seq, DecodeChangeKey(it->key()));
    ASSIGN_OR_RETURN(ChangeRecord change, DecodeChangeRecord(seq, it->value()));
    if (last_seq != 0 && change.recorded_micros != micros) {
      RETURN_IF_ERROR(
          out.Put(Family::kObsBatches, BatchKey(micros), storage::KeyWriter().U64(last_seq).key()));
    }
    micros = change.recorded_micros;
    last_seq = seq;
  }
  RETURN_IF_ERROR(it->status());
  if (last_seq == 0) return absl::OkStatus();
  return out.Put(Family::kObsBatches, BatchKey(micros), storage::KeyWriter().U64(last_seq).key());
}

// Bytes of puts after which the 2 -> 3 migration writes a batch; it writes only between
// sections, so each section moves atomically (its chunks put, its schema-2 key deleted).
constexpr size_t kChunkBatchBytes = 8u << 20;

// Puts the chunks of one schema-2 section (key `old_key`, both parts) and deletes the old key.
absl::Status MoveSectionToChunks(std::string_view old_key, const SectionKeyParts& key,
                                 std::string_view values, std::string_view state,
                                 storage::WriteBatch& batch, size_t& bytes) {
  auto put = [&](uint8_t chunk, std::string_view chunk_values, std::string_view chunk_state) {
    const std::string new_key =
        SectionKey(key.indicator_id, key.breakdown, key.period, key.level, chunk);
    batch.Put(Family::kObsSections, new_key, chunk_values);
    batch.Put(Family::kObsSectionState, new_key, chunk_state);
    bytes += 2 * new_key.size() + chunk_values.size() + chunk_state.size();
  };
  if (key.level != UnitLevel::kGemeinde) {
    put(0, values, state);  // one chunk: the bytes as they are
  } else {
    ASSIGN_OR_RETURN(SectionView view, SectionView::Parse(values));
    ASSIGN_OR_RETURN(Section section, Section::Decode(values, state));
    const std::vector<SectionCell>& cells = section.cells();  // code order = chunk order
    for (size_t begin = 0; begin < cells.size();) {
      const uint8_t chunk = SectionChunkOf(key.level, cells[begin].unit_code);
      size_t end = begin + 1;
      while (end < cells.size() && SectionChunkOf(key.level, cells[end].unit_code) == chunk) ++end;
      Section part;
      part.Apply({cells.begin() + static_cast<std::ptrdiff_t>(begin),
                  cells.begin() + static_cast<std::ptrdiff_t>(end)});
      std::string part_values;
      if (view.has_sources()) {
        ASSIGN_OR_RETURN(part_values, part.EncodeValues());
      } else {
        part_values = part.EncodeValuesWithoutSources();  // stays without sources, as it was
      }
      put(chunk, part_values, part.EncodeState());
      begin = end;
    }
  }
  batch.Delete(Family::kObsSections, old_key);
  batch.Delete(Family::kObsSectionState, old_key);
  bytes += 2 * old_key.size();
  return absl::OkStatus();
}

}  // namespace

absl::Status MigrateObservationsToSchema2(storage::Store* store) {
  if (store->schema_version() != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "migration to schema 2 needs a schema-1 data dir, this one is at ",
        store->schema_version()));
  }
  BatchWriter out(store);
  RETURN_IF_ERROR(PackCrossSections(store, out));
  RETURN_IF_ERROR(IndexBatchTimes(store, out));
  // Last batch: the rest, obs_cross emptied, and the new version, atomically.
  out.batch().DeleteRange(Family::kObsCross, "", std::string(8, '\xff'));
  return store->CommitMigration(out.batch(), 2);
}

}  // namespace integra::monitoring

namespace integra::monitoring {

absl::Status MigrateObservationsToSchema3(storage::Store* store) {
  if (store->schema_version() != 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "migration to schema 3 needs a schema-2 data dir, this one is at ",
        store->schema_version()));
  }
  storage::WriteBatch batch = store->NewBatch();
  size_t bytes = 0;
  auto it = store->NewIterator(Family::kObsSections, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(SectionKeyParts key, DecodeSectionKey(it->key()));
    if (key.chunk.has_value()) continue;  // moved by an earlier, interrupted run
    ASSIGN_OR_RETURN(std::optional<std::string> state,
                     store->Get(Family::kObsSectionState, it->key()));
    if (!state.has_value()) {
      return absl::DataLossError(absl::StrCat("packed section of indicator id ", key.indicator_id,
                                              ", period ", key.period.ToString(), ", level ",
                                              UnitLevelName(key.level),
                                              " has values but no state part"));
    }
    RETURN_IF_ERROR(MoveSectionToChunks(it->key(), key, it->value(), *state, batch, bytes));
    if (bytes >= kChunkBatchBytes) {
      RETURN_IF_ERROR(store->Write(batch));
      batch = store->NewBatch();
      bytes = 0;
    }
  }
  RETURN_IF_ERROR(it->status());
  return store->CommitMigration(batch, 3);
}

}  // namespace integra::monitoring
