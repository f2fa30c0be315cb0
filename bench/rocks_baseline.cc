#include "bench/rocks_baseline.h"

#include <chrono>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "services/monitoring/units.h"
#include "storage/key_codec.h"
#include "storage/store.h"

namespace integra::bench {

absl::StatusOr<RawLoadResult> LoadRawRocksDb(const Dataset& data, const RawLoadOptions& options) {
  namespace mon = integra::monitoring;
  auto store = storage::Store::Open({.path = options.data_dir, .sync_writes = options.sync_writes});
  if (!store.ok()) return store.status();

  // Per-unit key material, computed once (integrad keeps the register in memory too).
  struct UnitCode {
    uint32_t code;
    mon::UnitLevel level;
  };
  std::vector<UnitCode> units;
  for (const BenchUnit& u : data.units()) {
    auto key = mon::ParseUnitKey(u.key);
    if (!key.ok()) return key.status();
    units.push_back({mon::UnitCodeOf(key->key), key->level});
  }
  std::vector<std::string> years;
  for (int y = 0; y < Dataset::kYears; ++y) years.push_back(absl::StrCat(Dataset::kFirstYear + y));

  const std::string breakdown(mon::kTotalBreakdown);
  const int64_t total = data.observation_count();
  uint64_t seq = 0;
  std::map<std::string, mon::Section> sections;  // open sections (see below)
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < total;) {
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    storage::WriteBatch batch = (*store)->NewBatch();
    // The packed sections this batch touches, rewritten once each at its end, as integrad does
    // (the load order, indicator by year by unit, finishes a section before the next begins, so
    // sections not touched by this batch are complete and dropped from memory).
    std::map<std::string, std::vector<mon::SectionCell>> touched;
    for (int r = 0; r < options.batch_rows && i < total; ++r, ++i) {
      const Dataset::Cell c = data.CellAt(i);
      const uint32_t indicator_id = static_cast<uint32_t>(c.indicator) + 1;
      const UnitCode& unit = units[c.unit];
      const mon::Period period{static_cast<uint16_t>(c.year), 0};
      mon::SeriesRecord rec{now, 1, 0, data.ValueAt(c.indicator, c.unit, c.year), "", "", ""};
      const uint64_t fingerprint = mon::Fingerprint(rec);
      ++seq;
      batch.Put(storage::Family::kObsSeries,
                mon::SeriesKey(indicator_id, breakdown, unit.code, period, seq),
                mon::EncodeSeriesRecord(rec));
      touched[mon::SectionKey(indicator_id, breakdown, period, unit.level,
                              mon::SectionChunkOf(unit.level, unit.code))]
          .push_back(
          {unit.code, 0, rec.value, 1, fingerprint, rec.source});
      mon::ChangeRecord change{.sequence = seq,
                               .kind = mon::ChangeKind::kRevision,
                               .recorded_micros = now,
                               .actor = "bench",
                               .indicator_code = data.indicators()[c.indicator].code,
                               .unit_key = data.units()[c.unit].key,
                               .period = years[c.year - Dataset::kFirstYear],
                               .breakdown = "",
                               .revision = 1,
                               .flags = 0,
                               .value = rec.value};
      batch.Put(storage::Family::kObsChanges, mon::ChangeKey(seq), mon::EncodeChangeRecord(change));
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
    batch.Put(storage::Family::kObsBatches, mon::BatchKey(now), storage::KeyWriter().U64(seq).key());
    if (auto s = (*store)->Write(batch); !s.ok()) return s;
  }
  RawLoadResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.rows = static_cast<int64_t>(seq);
  return result;
}

}  // namespace integra::bench
