#include "bench/rocks_baseline.h"

#include <chrono>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "services/monitoring/units.h"
#include "storage/key_codec.h"
#include "storage/store.h"

namespace integra::bench {

namespace mon = integra::monitoring;

struct RawUnitCode {
  uint32_t code;
  mon::UnitLevel level;
};

namespace {

// Per-unit key material, computed once (integrad keeps the register in memory too).
absl::StatusOr<std::vector<RawUnitCode>> UnitCodes(const Dataset& data) {
  std::vector<RawUnitCode> units;
  for (const BenchUnit& u : data.units()) {
    auto key = mon::ParseUnitKey(u.key);
    if (!key.ok()) return key.status();
    units.push_back({mon::UnitCodeOf(key->key), key->level});
  }
  return units;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The series revision and the change-feed entry of one observation, as integrad writes them;
// returns the cell for the observation's packed section.
mon::SectionCell PutRevision(storage::WriteBatch& batch, const Dataset& data,
                             const RawUnitCode& unit, const Dataset::Cell& c, double value,
                             uint32_t revision, uint64_t seq, int64_t now) {
  const uint32_t indicator_id = static_cast<uint32_t>(c.indicator) + 1;
  const mon::Period period{static_cast<uint16_t>(c.year), 0};
  mon::SeriesRecord rec{now, revision, 0, value, "", "", ""};
  batch.Put(storage::Family::kObsSeries,
            mon::SeriesKey(indicator_id, mon::kTotalBreakdown, unit.code, period, seq),
            mon::EncodeSeriesRecord(rec));
  mon::ChangeRecord change{.sequence = seq,
                           .kind = mon::ChangeKind::kRevision,
                           .recorded_micros = now,
                           .actor = "bench",
                           .indicator_code = data.indicators()[c.indicator].code,
                           .unit_key = data.units()[c.unit].key,
                           .period = absl::StrCat(c.year),
                           .breakdown = "",
                           .revision = revision,
                           .flags = 0,
                           .value = rec.value};
  batch.Put(storage::Family::kObsChanges, mon::ChangeKey(seq), mon::EncodeChangeRecord(change));
  return {unit.code, 0, rec.value, revision, mon::Fingerprint(rec), rec.source};
}

std::string SectionKeyOf(const RawUnitCode& unit, const Dataset::Cell& c) {
  return mon::SectionKey(static_cast<uint32_t>(c.indicator) + 1, mon::kTotalBreakdown,
                         mon::Period{static_cast<uint16_t>(c.year), 0}, unit.level,
                         mon::SectionChunkOf(unit.level, unit.code));
}

}  // namespace

absl::StatusOr<RawLoadResult> LoadRawRocksDb(const Dataset& data, const RawLoadOptions& options) {
  auto store = storage::Store::Open({.path = options.data_dir, .sync_writes = options.sync_writes});
  if (!store.ok()) return store.status();
  ASSIGN_OR_RETURN(const std::vector<RawUnitCode> units, UnitCodes(data));

  const int64_t total = data.observation_count();
  uint64_t seq = 0;
  std::map<std::string, mon::Section> sections;  // open sections (see below)
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < total;) {
    const int64_t now = NowMicros();
    storage::WriteBatch batch = (*store)->NewBatch();
    // The packed sections this batch touches, rewritten once each at its end, as integrad does
    // (the load order, indicator by year by unit, finishes a section before the next begins, so
    // sections not touched by this batch are complete and dropped from memory).
    std::map<std::string, std::vector<mon::SectionCell>> touched;
    for (int r = 0; r < options.batch_rows && i < total; ++r, ++i) {
      const Dataset::Cell c = data.CellAt(i);
      const RawUnitCode& unit = units[c.unit];
      touched[SectionKeyOf(unit, c)].push_back(PutRevision(
          batch, data, unit, c, data.ValueAt(c.indicator, c.unit, c.year), 1, ++seq, now));
    }
    std::map<std::string, mon::Section> still_open;
    for (auto& [key, cells] : touched) {
      mon::Section& section = still_open[key];
      if (auto open = sections.find(key); open != sections.end()) section = std::move(open->second);
      section.Apply(std::move(cells));
      auto values = section.EncodeValues();
      if (!values.ok()) return values.status();
      batch.Put(storage::Family::kObsSections, key, *values);
      batch.Put(storage::Family::kObsSectionState, key, section.EncodeState());
    }
    sections = std::move(still_open);
    batch.Put(storage::Family::kObsBatches, mon::BatchKey(now),
              storage::KeyWriter().U64(seq).key());
    if (auto s = (*store)->Write(batch); !s.ok()) return s;
  }
  RawLoadResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.rows = static_cast<int64_t>(seq);
  return result;
}

RawWriter::RawWriter(const Dataset& data, std::unique_ptr<storage::Store> store, uint64_t sequence)
    : data_(data), store_(std::move(store)), sequence_(sequence) {}

RawWriter::~RawWriter() = default;

absl::StatusOr<std::unique_ptr<RawWriter>> RawWriter::Open(const Dataset& data,
                                                           const RawLoadOptions& options,
                                                           uint64_t last_sequence) {
  ASSIGN_OR_RETURN(auto store, storage::Store::Open(
                                   {.path = options.data_dir, .sync_writes = options.sync_writes}));
  std::unique_ptr<RawWriter> writer(new RawWriter(data, std::move(store), last_sequence));
  ASSIGN_OR_RETURN(writer->units_, UnitCodes(data));
  return writer;
}

absl::Status RawWriter::Write(const WriteQuery& q) {
  const int64_t now = NowMicros();
  const Dataset::Cell c{q.indicator, q.year, q.unit};
  const RawUnitCode& unit = units_[q.unit];
  uint32_t& revision =
      revisions_.try_emplace({q.indicator, q.year, q.unit}, q.year == kNewCellYear ? 0 : 1)
          .first->second;
  storage::WriteBatch batch = store_->NewBatch();
  const mon::SectionCell cell =
      PutRevision(batch, data_, unit, c, q.value, ++revision, ++sequence_, now);
  const std::string key = SectionKeyOf(unit, c);
  ASSIGN_OR_RETURN(const std::optional<std::string> values,
                   store_->Get(storage::Family::kObsSections, key));
  ASSIGN_OR_RETURN(const std::optional<std::string> state,
                   store_->Get(storage::Family::kObsSectionState, key));
  auto view = [](const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
  };
  ASSIGN_OR_RETURN(mon::Section section, mon::Section::Decode(view(values), view(state)));
  section.Apply({cell});
  ASSIGN_OR_RETURN(const std::string encoded, section.EncodeValues());
  batch.Put(storage::Family::kObsSections, key, encoded);
  batch.Put(storage::Family::kObsSectionState, key, section.EncodeState());
  batch.Put(storage::Family::kObsBatches, mon::BatchKey(now),
            storage::KeyWriter().U64(sequence_).key());
  return store_->Write(batch);
}

}  // namespace integra::bench
