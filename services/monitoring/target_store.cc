#include "services/monitoring/target_store.h"

#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/monitoring_keys.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

// For the write audit (storage::AuditScope): the target a write replaces ("(new)" if none).
void NoteBefore(const IndicatorTarget& t, const IndicatorTarget* old) {
  storage::AuditScope::Note(absl::StrCat(
      "target ", t.ref.indicator_code, " ", t.ref.unit_key, " ", t.ref.target_period, " was ",
      old == nullptr ? std::string("(new)") : absl::StrCat(old->target_value)));
}

using storage::Family;

constexpr uint8_t kTargetRecordVersion = 1;

std::string EncodeTarget(const IndicatorTarget& t) {
  return storage::RecordWriter()
      .U8(kTargetRecordVersion)
      .F64(t.target_value)
      .Str(t.baseline_period)
      .Bool(t.baseline_value.has_value())
      .F64(t.baseline_value.value_or(0))
      .F64(t.tolerance)
      .U32(static_cast<uint32_t>(t.trend_points))
      .Str(t.note)
      .I64(t.updated_micros)
      .Str(t.updated_by)
      .Take();
}

absl::Status DecodeTarget(std::string_view data, IndicatorTarget& t) {
  storage::RecordReader r(data);
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kTargetRecordVersion) {
    return absl::DataLossError(absl::StrCat("target record has version ", version));
  }
  ASSIGN_OR_RETURN(t.target_value, r.F64());
  ASSIGN_OR_RETURN(t.baseline_period, r.Str());
  ASSIGN_OR_RETURN(bool has_baseline, r.Bool());
  ASSIGN_OR_RETURN(double baseline, r.F64());
  if (has_baseline) t.baseline_value = baseline;
  ASSIGN_OR_RETURN(t.tolerance, r.F64());
  ASSIGN_OR_RETURN(uint32_t trend_points, r.U32());
  t.trend_points = static_cast<int>(trend_points);
  ASSIGN_OR_RETURN(t.note, r.Str());
  ASSIGN_OR_RETURN(t.updated_micros, r.I64());
  ASSIGN_OR_RETURN(t.updated_by, r.Str());
  return absl::OkStatus();
}

std::string TargetKey(uint32_t indicator_id, std::string_view bd, uint32_t unit, Period period) {
  std::string key = storage::KeyWriter().U32(indicator_id).Raw(bd).U32(unit).Take();
  AppendPeriod(key, period);
  return key;
}

}  // namespace

absl::Status CheckStoredTarget(std::string_view value) {
  IndicatorTarget t;
  return DecodeTarget(value, t);
}

absl::StatusOr<TargetStore::Resolved> TargetStore::Resolve(const TargetRef& ref) const {
  RETURN_IF_ERROR(ValidateIndicatorCode(ref.indicator_code));
  Resolved out;
  out.indicator = catalog_->Find(ref.indicator_code);
  if (out.indicator == nullptr) {
    return AtField(
        absl::NotFoundError(absl::StrCat("indicator '", ref.indicator_code, "' not found")),
        kFieldIndicator);
  }
  const Indicator& ind = *out.indicator;
  auto unit = ParseUnitKey(ref.unit_key);
  if (!unit.ok()) return AtField(unit.status(), kFieldUnit);
  const uint32_t code = UnitCodeOf(unit->key);
  if (!units_->ContainsCode(code)) {
    return AtField(absl::NotFoundError(absl::StrCat("unit ", unit->key, " is not registered")),
                   kFieldUnit);
  }
  if (ref.target_period.empty()) {
    return AtField(absl::InvalidArgumentError("a target needs its period"), kFieldPeriod);
  }
  auto period = ParsePeriodFor(ref.target_period, ind.periodicity);
  if (!period.ok()) return AtField(period.status(), kFieldPeriod);
  auto bd = EncodeBreakdown(ind, ref.breakdown);
  if (!bd.ok()) return AtField(bd.status(), kFieldBreakdown);
  out.key = TargetKey(ind.id, *bd, code, *period);
  out.canonical = {ind.code, unit->key, ref.breakdown, period->ToString()};
  return out;
}

absl::StatusOr<std::string> TargetStore::Check(IndicatorTarget& t) const {
  ASSIGN_OR_RETURN(Resolved r, Resolve(t.ref));
  const Indicator& ind = *r.indicator;
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("target for ", ind.code, " / ",
                                                   r.canonical.unit_key, " / ",
                                                   r.canonical.target_period, ": ", why));
  };
  if (!std::isfinite(t.target_value)) {
    return AtField(bad("the target value must be a finite number"), kFieldValue);
  }
  if (ind.unit == MeasureUnit::kPercent && !ind.gap.has_value() &&
      (t.target_value < 0 || t.target_value > 100)) {
    return AtField(bad("a percentage target must lie within 0-100"), kFieldValue);
  }
  if (!std::isfinite(t.tolerance) || t.tolerance < 0) return bad("the tolerance must be >= 0");
  if (t.trend_points < 0 || t.trend_points == 1) {
    return bad("trend_points must be 0 (all observed points) or at least 2");
  }
  if (t.baseline_value.has_value() && !std::isfinite(*t.baseline_value)) {
    return bad("the baseline value must be a finite number");
  }
  if (!t.baseline_period.empty()) {
    ASSIGN_OR_RETURN(Period baseline, ParsePeriodFor(t.baseline_period, ind.periodicity));
    ASSIGN_OR_RETURN(Period target, ParsePeriodFor(r.canonical.target_period, ind.periodicity));
    if (!(baseline < target)) return bad("the baseline period must precede the target period");
    t.baseline_period = baseline.ToString();
  } else if (t.baseline_value.has_value()) {
    return bad("a baseline value needs its baseline period");
  }
  t.ref = r.canonical;
  return r.key;
}

absl::StatusOr<IndicatorTarget> TargetStore::Set(IndicatorTarget t, const std::string& actor) {
  ASSIGN_OR_RETURN(std::string key, Check(t));
  t.updated_micros = clock_->NowMicros();
  t.updated_by = actor;
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto stored, store_->Get(Family::kTargets, key));
  std::optional<IndicatorTarget> old;
  if (stored.has_value()) {
    old.emplace();
    RETURN_IF_ERROR(DecodeTarget(*stored, *old));
  }
  NoteBefore(t, old ? &*old : nullptr);
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kTargets, key, EncodeTarget(t));
  RETURN_IF_ERROR(store_->Write(batch));
  return t;
}

absl::StatusOr<TargetBatchResult> TargetStore::SetBatch(std::vector<IndicatorTarget> targets,
                                                        const std::string& actor,
                                                        bool validate_only) {
  TargetBatchResult result;
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (size_t i = 0; i < targets.size(); ++i) {
    auto key = Check(targets[i]);
    if (key.ok() && !seen.insert(*key).second) {
      const TargetRef& ref = targets[i].ref;
      key = absl::InvalidArgumentError(absl::StrCat("the target ", ref.indicator_code, " / ",
                                                    ref.unit_key, " / ", ref.target_period,
                                                    " appears more than once in the batch"));
    }
    if (!key.ok()) {
      result.rejected.push_back({static_cast<int>(i), key.status()});
      continue;
    }
    keys.push_back(*std::move(key));
  }
  if (!result.rejected.empty()) return result;
  storage::WriteLock lock = store_->LockWrites();  // so that "unchanged" holds until the write
  ASSIGN_OR_RETURN(auto stored, store_->MultiGet(Family::kTargets, keys));
  storage::WriteBatch batch = store_->NewBatch();
  const int64_t now = clock_->NowMicros();
  for (size_t i = 0; i < targets.size(); ++i) {
    IndicatorTarget& t = targets[i];
    IndicatorTarget old;
    if (stored[i].has_value()) {
      RETURN_IF_ERROR(DecodeTarget(*stored[i], old));
      if (old.target_value == t.target_value && old.baseline_period == t.baseline_period &&
          old.baseline_value == t.baseline_value && old.tolerance == t.tolerance &&
          old.trend_points == t.trend_points && old.note == t.note) {
        ++result.unchanged;
        continue;
      }
    }
    if (!validate_only) NoteBefore(t, stored[i].has_value() ? &old : nullptr);
    ++result.changed;
    t.updated_micros = now;
    t.updated_by = actor;
    batch.Put(Family::kTargets, keys[i], EncodeTarget(t));
  }
  if (validate_only) return result;
  if (batch.Count() > 0) RETURN_IF_ERROR(store_->Write(batch));
  result.applied = true;
  return result;
}

absl::StatusOr<IndicatorTarget> TargetStore::Get(const TargetRef& ref) const {
  ASSIGN_OR_RETURN(Resolved r, Resolve(ref));
  ASSIGN_OR_RETURN(auto value, store_->Get(Family::kTargets, r.key));
  if (!value.has_value()) {
    return absl::NotFoundError(absl::StrCat("no target for ", r.canonical.indicator_code, " / ",
                                            r.canonical.unit_key, " / ",
                                            r.canonical.target_period));
  }
  IndicatorTarget t;
  t.ref = r.canonical;
  RETURN_IF_ERROR(DecodeTarget(*value, t));
  return t;
}

absl::StatusOr<std::vector<IndicatorTarget>> TargetStore::List(const std::string& indicator_code,
                                                               const std::string& unit_key) const {
  std::string prefix;
  if (!indicator_code.empty()) {
    RETURN_IF_ERROR(ValidateIndicatorCode(indicator_code));
    auto ind = catalog_->Find(indicator_code);
    if (ind == nullptr) {
      return absl::NotFoundError(absl::StrCat("indicator '", indicator_code, "' not found"));
    }
    prefix = IndicatorKeyPrefix(ind->id);
  }
  std::optional<uint32_t> unit_code;
  if (!unit_key.empty()) {
    ASSIGN_OR_RETURN(UnitKey unit, ParseUnitKey(unit_key));
    unit_code = UnitCodeOf(unit.key);
  }
  std::vector<IndicatorTarget> out;
  auto it = store_->NewPrefixIterator(Family::kTargets, prefix);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = it->key();
    storage::KeyReader head(key);
    ASSIGN_OR_RETURN(uint32_t id, head.U32());
    std::string_view rest = head.rest();
    ASSIGN_OR_RETURN(std::string bd, TakeBreakdown(rest));
    storage::KeyReader tail(rest);
    ASSIGN_OR_RETURN(uint32_t code, tail.U32());
    if (unit_code.has_value() && code != *unit_code) continue;
    auto ind = catalog_->FindById(id);
    if (ind == nullptr) continue;  // the indicator is being deleted with its targets
    if (tail.rest().size() != 3) return absl::DataLossError("target key has a malformed period");
    const std::string_view p = tail.rest();
    Period period{
        static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1])),
        static_cast<uint8_t>(p[2])};
    IndicatorTarget t;
    ASSIGN_OR_RETURN(t.ref.unit_key, UnitKeyOfCode(code));
    ASSIGN_OR_RETURN(t.ref.breakdown, DecodeBreakdown(*ind, bd));
    t.ref.indicator_code = ind->code;
    t.ref.target_period = period.ToString();
    RETURN_IF_ERROR(DecodeTarget(it->value(), t));
    out.push_back(std::move(t));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

absl::Status TargetStore::Delete(const TargetRef& ref) {
  storage::WriteLock lock = store_->LockWrites();
  RETURN_IF_ERROR(Get(ref).status());
  ASSIGN_OR_RETURN(Resolved r, Resolve(ref));
  storage::WriteBatch batch = store_->NewBatch();
  batch.Delete(Family::kTargets, r.key);
  return store_->Write(batch);
}

}  // namespace integra::monitoring
