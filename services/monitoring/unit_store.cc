#include "services/monitoring/unit_store.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/page_token.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/monitoring_keys.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;
using storage::RecordReader;
using storage::RecordWriter;

constexpr uint8_t kUnitRecordVersion = 3;

// Unit record, version 3: U8 version, Str name, U8 type, Bool has_population, I64 population,
// I64 population_year, Bool has_area, F64 area_km2, Str territory_date, Str seat,
// Str official_type_code, Str official_type, Str valid_from, Str valid_to, U8 degurba,
// Str verband_key, Str verband_name, Str verband_type_code, Str verband_type.
// Older versions are still read: version 2 ends after valid_to (no DEGURBA, no
// Gemeindeverband), version 1 after official_type (no validity period either).
std::string EncodeUnit(const Unit& u) {
  return RecordWriter()
      .U8(kUnitRecordVersion)
      .Str(u.name)
      .U8(static_cast<uint8_t>(u.type))
      .Bool(u.population.has_value())
      .I64(u.population.value_or(0))
      .I64(u.population_year)
      .Bool(u.area_km2.has_value())
      .F64(u.area_km2.value_or(0))
      .Str(u.territory_date)
      .Str(u.seat)
      .Str(u.official_type_code)
      .Str(u.official_type)
      .Str(u.valid_from)
      .Str(u.valid_to)
      .U8(static_cast<uint8_t>(u.degurba))
      .Str(u.verband_key)
      .Str(u.verband_name)
      .Str(u.verband_type_code)
      .Str(u.verband_type)
      .Take();
}

absl::StatusOr<Unit> DecodeUnit(const std::string& key, std::string_view data) {
  RecordReader r(data);
  Unit u;
  u.key = key;
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version < 1 || version > kUnitRecordVersion) {
    return absl::DataLossError(absl::StrCat("unit ", key, " has record version ", version));
  }
  ASSIGN_OR_RETURN(u.name, r.Str());
  ASSIGN_OR_RETURN(uint8_t type, r.U8());
  if (type < static_cast<uint8_t>(UnitType::kBund) ||
      type > static_cast<uint8_t>(UnitType::kGemeindefreiesGebiet)) {
    return absl::DataLossError(absl::StrCat("unit ", key, " has unknown type ", type));
  }
  u.type = static_cast<UnitType>(type);
  ASSIGN_OR_RETURN(bool has_population, r.Bool());
  ASSIGN_OR_RETURN(int64_t population, r.I64());
  if (has_population) u.population = population;
  ASSIGN_OR_RETURN(int64_t year, r.I64());
  u.population_year = static_cast<int32_t>(year);
  ASSIGN_OR_RETURN(bool has_area, r.Bool());
  ASSIGN_OR_RETURN(double area, r.F64());
  if (has_area) u.area_km2 = area;
  ASSIGN_OR_RETURN(u.territory_date, r.Str());
  ASSIGN_OR_RETURN(u.seat, r.Str());
  ASSIGN_OR_RETURN(u.official_type_code, r.Str());
  ASSIGN_OR_RETURN(u.official_type, r.Str());
  if (version >= 2) {
    ASSIGN_OR_RETURN(u.valid_from, r.Str());
    ASSIGN_OR_RETURN(u.valid_to, r.Str());
  }
  if (version >= 3) {
    ASSIGN_OR_RETURN(uint8_t degurba, r.U8());
    if (degurba > static_cast<uint8_t>(Degurba::kLaendlicheGebiete)) {
      return absl::DataLossError(
          absl::StrCat("unit ", key, " has unknown degree of urbanisation ", degurba));
    }
    u.degurba = static_cast<Degurba>(degurba);
    ASSIGN_OR_RETURN(u.verband_key, r.Str());
    ASSIGN_OR_RETURN(u.verband_name, r.Str());
    ASSIGN_OR_RETURN(u.verband_type_code, r.Str());
    ASSIGN_OR_RETURN(u.verband_type, r.Str());
  }
  if (!r.done()) {
    return absl::DataLossError(absl::StrCat("unit ", key, " has trailing bytes in its record"));
  }
  return u;
}

std::string LevelWord(UnitLevel level) {
  switch (level) {
    case UnitLevel::kBund:
      return "Bund";
    case UnitLevel::kLand:
      return "Land";
    case UnitLevel::kRegierungsbezirk:
      return "Regierungsbezirk";
    case UnitLevel::kKreis:
      return "Kreis";
    case UnitLevel::kGemeinde:
      return "Gemeinde";
  }
  return "unit";
}

}  // namespace

absl::Status CheckStoredUnit(std::string_view key, std::string_view value) {
  return DecodeUnit(std::string(key), value).status();
}

absl::StatusOr<std::unique_ptr<UnitStore>> UnitStore::Open(storage::Store* store) {
  std::unique_ptr<UnitStore> us(new UnitStore(store));
  auto it = store->NewIterator(Family::kUnits, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string key(it->key());
    ASSIGN_OR_RETURN(Unit u, DecodeUnit(key, it->value()));
    us->codes_.insert(UnitCodeOf(key));
    ++us->level_counts_[static_cast<size_t>(u.level())];
    us->units_.emplace(key, std::move(u));
  }
  RETURN_IF_ERROR(it->status());
  return us;
}

absl::Status UnitStore::Refresh(const storage::WriteLock& lock) {
  RETURN_IF_ERROR(lock.Require(*store_, "refreshing the unit register"));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitStore> fresh, Open(store_));
  std::unique_lock guard(mu_);
  units_ = std::move(fresh->units_);
  codes_ = std::move(fresh->codes_);
  level_counts_ = fresh->level_counts_;
  generation_.fetch_add(1);  // derived indexes (register snapshot, search, peers) rebuild
  return absl::OkStatus();
}

void UnitStore::Check(std::vector<Unit>& units, UnitBatchResult& result) const {
  std::set<std::string> in_batch;
  std::vector<bool> valid(units.size(), false);
  for (size_t i = 0; i < units.size(); ++i) {
    absl::Status s = NormalizeUnit(units[i]);
    if (s.ok() && !in_batch.insert(units[i].key).second) {
      s = absl::InvalidArgumentError(
          absl::StrCat("unit ", units[i].key, " appears more than once in the batch"));
    }
    if (!s.ok()) {
      result.rejected.push_back({static_cast<int>(i), s});
      continue;
    }
    valid[i] = true;
  }
  for (size_t i = 0; i < units.size(); ++i) {
    if (!valid[i]) continue;
    const Unit& u = units[i];
    std::string parent = u.parent_key();
    // The Bund is the root and is created implicitly.
    if (parent.empty() || parent == kBundKey) continue;
    if (units_.contains(parent) || in_batch.contains(parent)) continue;
    result.rejected.push_back(
        {static_cast<int>(i),
         absl::FailedPreconditionError(absl::StrCat(
             "parent ", LevelWord(LevelOfKey(parent)), " ", parent, " of unit ", u.key,
             " is not registered; import or create it first (Länder, then Kreise, then "
             "Gemeinden)"))});
  }
  std::sort(result.rejected.begin(), result.rejected.end(),
            [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
}

absl::StatusOr<UnitStore::StagedBatch> UnitStore::StageBatch(const storage::WriteLock& write_lock,
                                                             std::vector<Unit> units,
                                                             storage::WriteBatch& batch) const {
  if (!write_lock.Holds(*store_)) {
    return absl::InternalError("staging units needs the store's write lock");
  }
  StagedBatch staged;
  std::shared_lock read_lock(mu_);
  Check(units, staged.result);
  if (!staged.result.rejected.empty()) return staged;
  bool needs_bund = false;
  bool bund_in_batch = false;
  for (const Unit& u : units) {
    if (u.key == kBundKey) bund_in_batch = true;
    if (u.level() == UnitLevel::kLand) needs_bund = true;
  }
  needs_bund = needs_bund && !bund_in_batch && !units_.contains(kBundKey);
  for (Unit& u : units) {
    auto it = units_.find(u.key);
    if (it != units_.end() && it->second == u) {
      ++staged.result.unchanged;
      continue;
    }
    staged.changed.push_back(std::move(u));
  }
  if (needs_bund) {
    staged.changed.push_back(Unit{.key = kBundKey, .name = "Deutschland", .type = UnitType::kBund});
  }
  for (const Unit& u : staged.changed) {
    batch.Put(Family::kUnits, UnitStorageKey(u.key), EncodeUnit(u));
  }
  staged.result.applied = true;
  staged.result.upserted = static_cast<int>(staged.changed.size());
  return staged;
}

absl::Status UnitStore::CommitStaged(const storage::WriteLock& write_lock, StagedBatch staged) {
  if (!write_lock.Holds(*store_)) {
    return absl::InternalError("committing units needs the store's write lock");
  }
  std::unique_lock lock(mu_);
  for (Unit& u : staged.changed) {
    if (codes_.insert(UnitCodeOf(u.key)).second) {
      ++level_counts_[static_cast<size_t>(u.level())];
    }
    std::string key = u.key;
    units_[key] = std::move(u);
  }
  if (!staged.changed.empty()) generation_.fetch_add(1);
  return absl::OkStatus();
}

absl::StatusOr<UnitBatchResult> UnitStore::UpsertBatch(std::vector<Unit> units,
                                                       const Completion& complete) {
  storage::WriteLock write_lock = store_->LockWrites();
  if (complete) {
    std::shared_lock read_lock(mu_);
    for (Unit& u : units) {
      auto it = units_.find(u.key);
      if (it != units_.end()) complete(it->second, u);
    }
  }
  storage::WriteBatch batch = store_->NewBatch();
  ASSIGN_OR_RETURN(StagedBatch staged, StageBatch(write_lock, std::move(units), batch));
  if (!staged.result.applied) return staged.result;
  if (batch.Count() > 0) RETURN_IF_ERROR(store_->Write(batch));
  UnitBatchResult result = staged.result;
  RETURN_IF_ERROR(CommitStaged(write_lock, std::move(staged)));
  return result;
}

UnitBatchResult UnitStore::ValidateBatch(std::vector<Unit> units,
                                         const Completion& complete) const {
  UnitBatchResult result;
  std::shared_lock read_lock(mu_);
  if (complete) {
    for (Unit& u : units) {
      auto it = units_.find(u.key);
      if (it != units_.end()) complete(it->second, u);
    }
  }
  Check(units, result);
  if (!result.rejected.empty()) return result;
  for (const Unit& u : units) {
    auto it = units_.find(u.key);
    ++(it != units_.end() && it->second == u ? result.unchanged : result.upserted);
  }
  return result;
}

absl::StatusOr<Unit> UnitStore::Upsert(Unit unit) {
  std::vector<Unit> one{unit};
  ASSIGN_OR_RETURN(UnitBatchResult result, UpsertBatch(one));
  if (!result.rejected.empty()) return result.rejected.front().status;
  NormalizeUnit(unit).IgnoreError();  // already checked by UpsertBatch; canonicalises the key
  return unit;
}

absl::StatusOr<Unit> UnitStore::Get(const std::string& key) const {
  ASSIGN_OR_RETURN(UnitKey parsed, ParseUnitKey(key));
  std::shared_lock lock(mu_);
  auto it = units_.find(parsed.key);
  if (it == units_.end()) {
    return absl::NotFoundError(absl::StrCat("unit ", parsed.key, " is not registered"));
  }
  return it->second;
}

absl::StatusOr<UnitPage> UnitStore::List(const UnitFilter& filter, int page_size,
                                         const std::string& page_token) const {
  ASSIGN_OR_RETURN(page_size, common::PageSize(page_size, 100, 1000));
  std::string parent;
  if (!filter.parent_key.empty()) {
    ASSIGN_OR_RETURN(UnitKey p, ParseUnitKey(filter.parent_key));
    parent = p.key;
  }
  ASSIGN_OR_RETURN(std::string start,
                   common::KeyFromPageToken(page_token, [](std::string_view key) {
                     return ParseUnitKey(std::string(key)).ok();
                   }));
  // Children of a Land or Kreis share its key as a prefix; the Bund's children are the Länder.
  std::string prefix = parent == kBundKey ? "" : parent;
  if (start < prefix) start = prefix;
  UnitPage page;
  std::shared_lock lock(mu_);
  for (auto it = units_.lower_bound(start); it != units_.end(); ++it) {
    const Unit& u = it->second;
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (!parent.empty() && u.parent_key() != parent) continue;
    if (filter.type.has_value() && u.type != *filter.type) continue;
    if (filter.level.has_value() && u.level() != *filter.level) continue;
    if (filter.size_class.has_value() && u.size_class() != *filter.size_class) continue;
    if (filter.degurba.has_value() && u.degurba != *filter.degurba) continue;
    if (static_cast<int>(page.units.size()) == page_size) {
      page.next_page_token = common::KeyPageToken(it->first);
      break;
    }
    page.units.push_back(u);
  }
  return page;
}

absl::Status UnitStore::EndValidity(const storage::WriteLock& write_lock,
                                    const std::vector<std::string>& keys,
                                    const std::string& last_day, storage::WriteBatch batch) {
  ASSIGN_OR_RETURN(DayNumber last, ParseDate(last_day, "end of validity"));
  if (!write_lock.Holds(*store_)) {
    return absl::InternalError("ending units' validity needs the store's write lock");
  }
  std::vector<Unit> ended;
  {
    std::shared_lock lock(mu_);
    for (const std::string& key : keys) {
      auto it = units_.find(key);
      if (it == units_.end()) {
        return absl::NotFoundError(absl::StrCat("unit ", key, " is not registered"));
      }
      Unit u = it->second;
      ASSIGN_OR_RETURN(DayNumber from, ParseDateOr(u.valid_from, kNoDayBefore, "valid_from"));
      if (last < from) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unit ", key, " only became valid on ", u.valid_from, "; it cannot end on ", last_day));
      }
      u.valid_to = last_day;
      batch.Put(Family::kUnits, UnitStorageKey(u.key), EncodeUnit(u));
      ended.push_back(std::move(u));
    }
  }
  RETURN_IF_ERROR(store_->Write(batch));
  std::unique_lock lock(mu_);
  for (Unit& u : ended) units_[u.key] = std::move(u);
  generation_.fetch_add(1);
  return absl::OkStatus();
}

std::vector<Unit> UnitStore::Snapshot(uint64_t* generation) const {
  std::shared_lock lock(mu_);
  if (generation != nullptr) *generation = generation_.load();
  std::vector<Unit> out;
  out.reserve(units_.size());
  for (const auto& [key, unit] : units_) out.push_back(unit);
  return out;
}

std::shared_ptr<const RegisterSnapshot> UnitStore::Register() const {
  std::lock_guard lock(register_mu_);
  if (register_ != nullptr && register_->generation == generation()) return register_;
  uint64_t generation = 0;
  std::vector<Unit> units = Snapshot(&generation);
  register_ = std::make_shared<const RegisterSnapshot>(
      RegisterSnapshot::Build(std::move(units), generation));
  return register_;
}

bool UnitStore::ContainsCode(uint32_t code) const {
  std::shared_lock lock(mu_);
  return codes_.contains(code);
}

size_t UnitStore::size() const {
  std::shared_lock lock(mu_);
  return units_.size();
}

size_t UnitStore::CountAtLevel(UnitLevel level) const {
  const auto index = static_cast<size_t>(level);
  std::shared_lock lock(mu_);
  return index < level_counts_.size() ? level_counts_[index] : 0;
}

}  // namespace integra::monitoring
