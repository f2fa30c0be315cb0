// ObservationStore::Export and ObservationStore::Feed: the read paths of data exchange (bulk
// export and the change feed), kept apart from the write path in observation_store.cc.
#include <optional>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_store.h"
#include "storage/key_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;

// Which units an export includes.
class UnitSelection {
 public:
  bool all() const { return codes_.empty() && within_.empty() && !level_.has_value(); }
  bool Matches(const std::string& key) const {
    if (level_.has_value() && LevelOfKey(key) != *level_) return false;
    if (codes_.empty() && within_.empty()) return true;
    if (codes_.contains(UnitCodeOf(key))) return true;
    for (const std::string& w : within_) {
      if (w == kBundKey ? key != kBundKey
                        : key.size() > w.size() && key.compare(0, w.size(), w) == 0)
        return true;
    }
    return false;
  }

  static absl::StatusOr<UnitSelection> Make(const ExportQuery& q, const UnitStore& units) {
    UnitSelection sel;
    sel.level_ = q.level;
    auto registered = [&](const std::string& raw) -> absl::StatusOr<std::string> {
      ASSIGN_OR_RETURN(UnitKey key, ParseUnitKey(raw));
      if (!units.ContainsCode(UnitCodeOf(key.key))) {
        return absl::NotFoundError(absl::StrCat("unit ", key.key, " is not registered"));
      }
      return key.key;
    };
    for (const std::string& raw : q.unit_keys) {
      ASSIGN_OR_RETURN(std::string key, registered(raw));
      sel.codes_.insert(UnitCodeOf(key));
    }
    for (const std::string& raw : q.within) {
      ASSIGN_OR_RETURN(std::string key, registered(raw));
      sel.within_.push_back(key);
    }
    return sel;
  }

 private:
  std::unordered_set<uint32_t> codes_;
  std::vector<std::string> within_;
  std::optional<UnitLevel> level_;
};

// The highest period code an inclusive upper bound admits: a year bound covers the whole year
// (everything before the next year's code).
uint32_t UpperCode(const Period& to) {
  return to.tag == 0 ? ((static_cast<uint32_t>(to.year) + 1) << 8) - 1 : to.code();
}

// Inclusive period-code bounds of one indicator's walk.
struct PeriodBounds {
  uint32_t lo = 0;
  uint32_t hi = 0xFFFFFF;
};

absl::StatusOr<PeriodBounds> BoundsFor(const Indicator& ind, const std::optional<Period>& from,
                                       const std::optional<Period>& to) {
  PeriodBounds b;
  auto check = [&](const Period& p, const char* which) -> absl::Status {
    if (p.tag == 0 || p.periodicity() == ind.periodicity) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        "the ", which, " period ", p.ToString(), " does not fit indicator ", ind.code,
        ", which is observed by ", PeriodicityName(ind.periodicity), "; give a year instead"));
  };
  if (from.has_value()) {
    RETURN_IF_ERROR(check(*from, "from"));
    b.lo = from->code();
  }
  if (to.has_value()) {
    RETURN_IF_ERROR(check(*to, "to"));
    b.hi = UpperCode(*to);
  }
  return b;
}

}  // namespace

// Where an export stands: what it walks, and its place in the current indicator's walk.
struct ObservationStore::ExportCursor::State {
  const ObservationStore* store = nullptr;
  bool listed = false;  // indicators named in the query (else every indicator)
  bool total_only = false;
  std::optional<Breakdown> breakdown;
  std::optional<int64_t> as_of_micros;
  // The whole export reads this one snapshot, also when its steps run on different threads.
  std::shared_ptr<const storage::Snapshot> snapshot;
  uint64_t max_seq = UINT64_MAX;  // as_of resolved to the last sequence written by then
  std::vector<std::shared_ptr<const Indicator>> indicators;
  UnitSelection units;
  std::optional<Period> from, to;
  size_t next_indicator = 0;  // index into `indicators` of the next walk to open
  bool done = false;

  // The walk of the current indicator (it == nullptr between walks).
  std::shared_ptr<const Indicator> ind;
  PeriodBounds bounds;
  std::unique_ptr<storage::Iterator> it;
  std::string done_cell;  // the cell (key without ~sequence) already emitted
  std::string bd_bytes;   // cache: the last decoded breakdown
  Breakdown decoded;
  bool bd_cached = false;

  // Opens the walk of the next indicator that has one. false when none is left.
  absl::StatusOr<bool> OpenNext() {
    while (next_indicator < indicators.size()) {
      ind = indicators[next_indicator++];
      ASSIGN_OR_RETURN(bounds, BoundsFor(*ind, from, to));
      std::string base = IndicatorKeyPrefix(ind->id);
      if (total_only) {
        base.append(kTotalBreakdown);
      } else if (breakdown.has_value()) {
        auto bd = EncodeBreakdown(*ind, *breakdown);
        if (!bd.ok()) {
          if (listed) return bd.status();
          continue;  // this indicator has no such breakdown: nothing of it matches
        }
        base.append(*bd);
      }
      it = store->store_->NewIterator(Family::kObsSeries, base, storage::PrefixSuccessor(base));
      done_cell.clear();
      bd_cached = false;
      it->SeekToFirst();
      return true;
    }
    return false;
  }
};

ObservationStore::ExportCursor::ExportCursor(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
ObservationStore::ExportCursor::~ExportCursor() = default;

absl::StatusOr<std::unique_ptr<ObservationStore::ExportCursor>> ObservationStore::StartExport(
    const ExportQuery& q) const {
  auto st = std::make_unique<ExportCursor::State>();
  st->store = this;
  st->listed = !q.indicator_codes.empty();
  st->total_only = q.total_only;
  st->breakdown = q.breakdown;
  st->as_of_micros = q.as_of_micros;
  if (st->listed) {
    for (const std::string& code : q.indicator_codes) {
      RETURN_IF_ERROR(ValidateIndicatorCode(code));
      auto ind = catalog_->Find(code);
      if (ind == nullptr) {
        return absl::NotFoundError(absl::StrCat("indicator '", code, "' not found"));
      }
      st->indicators.push_back(std::move(ind));
    }
  } else {
    std::string token;
    do {
      ASSIGN_OR_RETURN(IndicatorPage page, catalog_->List(1000, token));
      for (const Indicator& ind : page.indicators) {
        if (auto found = catalog_->Find(ind.code)) st->indicators.push_back(std::move(found));
      }
      token = page.next_page_token;
    } while (!token.empty());
  }
  ASSIGN_OR_RETURN(st->units, UnitSelection::Make(q, *units_));
  if (!q.from_period.empty()) {
    ASSIGN_OR_RETURN(st->from, ParsePeriod(q.from_period));
  }
  if (!q.to_period.empty()) {
    ASSIGN_OR_RETURN(st->to, ParsePeriod(q.to_period));
  }
  if (st->from.has_value() && st->to.has_value() && st->from->code() > UpperCode(*st->to)) {
    return absl::InvalidArgumentError(absl::StrCat("the period range ", q.from_period, " to ",
                                                   q.to_period, " is empty (from > to)"));
  }
  st->snapshot = store_->GetSnapshot();
  if (q.as_of_micros.has_value()) {
    storage::ReadScope scope(st->snapshot);
    ASSIGN_OR_RETURN(st->max_seq, SequenceAsOf(*q.as_of_micros));
  }
  return std::unique_ptr<ExportCursor>(new ExportCursor(std::move(st)));
}

absl::StatusOr<bool> ObservationStore::ExportCursor::Next(size_t max_rows,
                                                          const ObservationSink& sink) {
  State& s = *state_;
  storage::ReadScope scope(s.snapshot);  // every step reads the export's one snapshot
  size_t handed = 0;
  while (!s.done) {
    if (s.it == nullptr) {
      ASSIGN_OR_RETURN(bool opened, s.OpenNext());
      if (!opened) {
        s.done = true;
        break;
      }
    }
    storage::Iterator& it = *s.it;
    const Indicator& ind = *s.ind;
    while (it.Valid()) {
      if (handed == max_rows) return true;  // the step is full; resume here
      std::string_view key = it.key();
      if (key.size() < 8 + 3) return absl::DataLossError("series key too short");
      std::string_view cell = key.substr(0, key.size() - 8);
      if (cell == s.done_cell) {  // an older revision of a cell already emitted
        it.Next();
        continue;
      }
      ASSIGN_OR_RETURN(SeriesKeyParts parts, DecodeSeriesKey(key));
      const std::string unit_prefix(cell.substr(0, cell.size() - 3));
      ASSIGN_OR_RETURN(std::string unit_key, UnitKeyOfCode(parts.unit));
      if (!s.units.all() && !s.units.Matches(unit_key)) {
        it.Seek(storage::PrefixSuccessor(unit_prefix));
        continue;
      }
      const uint32_t period = parts.period.code();
      if (period < s.bounds.lo) {
        std::string target = unit_prefix;
        AppendPeriod(target, Period::FromCode(s.bounds.lo));
        it.Seek(target);
        continue;
      }
      if (period > s.bounds.hi) {
        it.Seek(storage::PrefixSuccessor(unit_prefix));
        continue;
      }
      if (parts.sequence > s.max_seq) {  // recorded after as_of: an older revision may qualify
        it.Next();
        continue;
      }
      if (!s.bd_cached || parts.breakdown != s.bd_bytes) {
        ASSIGN_OR_RETURN(s.decoded, DecodeBreakdown(ind, parts.breakdown));
        s.bd_bytes = parts.breakdown;
        s.bd_cached = true;
      }
      ASSIGN_OR_RETURN(Observation o, s.store->ToObservation(ind, unit_key, s.decoded, parts.period,
                                                             parts.sequence, it.value()));
      ++handed;
      if (!sink(o)) return absl::CancelledError("the export was stopped by its receiver");
      s.done_cell.assign(cell);
      it.Next();
    }
    RETURN_IF_ERROR(it.status());
    s.it.reset();
  }
  return false;
}

absl::Status ObservationStore::Export(const ExportQuery& q, const ObservationSink& sink) const {
  ASSIGN_OR_RETURN(std::unique_ptr<ExportCursor> cursor, StartExport(q));
  while (true) {
    ASSIGN_OR_RETURN(bool more, cursor->Next(4096, sink));
    if (!more) return absl::OkStatus();
  }
}

absl::StatusOr<std::vector<FeedEntry>> ObservationStore::Feed(uint64_t after, int limit) const {
  storage::ReadScope scope(*store_);  // the changes and their revisions from one snapshot
  ASSIGN_OR_RETURN(std::vector<ChangeRecord> changes, Changes(after, limit));
  std::vector<FeedEntry> out;
  out.reserve(changes.size());
  for (ChangeRecord& c : changes) {
    FeedEntry e;
    Observation& o = e.observation;
    o.indicator_code = c.indicator_code;
    o.recorded_micros = c.recorded_micros;
    o.sequence = c.sequence;
    if (c.kind == ChangeKind::kRemoved) {
      o.unit_key = c.unit_key;
      o.period = c.period;
      o.revision = c.revision;
      if (auto bd = ParseBreakdown(c.breakdown); bd.ok()) o.breakdown = *std::move(bd);
    } else if (c.kind == ChangeKind::kRevision) {
      o.unit_key = c.unit_key;
      o.period = c.period;
      o.revision = c.revision;
      o.flags = c.flags;
      o.value = c.value;
      if (auto bd = ParseBreakdown(c.breakdown); bd.ok()) o.breakdown = *std::move(bd);
      // The full revision (footnote, source, series break) lives in the series record; it is
      // gone if the indicator was deleted since (a re-created one has a new id).
      auto cell = Resolve(CellRef{o.indicator_code, o.unit_key, o.period, o.breakdown});
      if (cell.ok()) {
        const CheckedObservation& ch = cell->checked;
        ASSIGN_OR_RETURN(auto value, store_->Get(Family::kObsSeries,
                                                 SeriesKey(cell->indicator->id, ch.breakdown,
                                                           ch.unit_code, ch.period, c.sequence)));
        if (value.has_value()) {
          ASSIGN_OR_RETURN(SeriesRecord rec, DecodeSeriesRecord(*value));
          o.footnote = std::move(rec.footnote);
          o.source = std::move(rec.source);
          o.series_break = std::move(rec.series_break);
        }
      }
    }
    e.change = std::move(c);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace integra::monitoring
