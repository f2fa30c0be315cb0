#include "services/monitoring/reform_store.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;

constexpr uint8_t kReformRecordVersion = 1;

std::string ReformKey(const Reform& r) {
  return storage::KeyWriter().Str(r.effective_date).Str(r.id).Take();
}

std::string EncodeReform(const Reform& r) {
  storage::RecordWriter w;
  w.U8(kReformRecordVersion).Str(r.description).U32(static_cast<uint32_t>(r.changes.size()));
  for (const auto& c : r.changes) {
    w.Str(c.predecessor).Str(c.successor).Bool(c.share.has_value()).F64(c.share.value_or(0));
  }
  w.StrList(r.ended_units).I64(r.created_micros).Str(r.created_by);
  return w.Take();
}

absl::StatusOr<Reform> DecodeReform(std::string_view key, std::string_view data) {
  Reform r;
  storage::KeyReader k(key);
  ASSIGN_OR_RETURN(r.effective_date, k.Str());
  ASSIGN_OR_RETURN(r.id, k.Str());
  storage::RecordReader v(data);
  ASSIGN_OR_RETURN(uint8_t version, v.U8());
  if (version != kReformRecordVersion) {
    return absl::DataLossError(absl::StrCat("reform ", r.id, " has record version ", version));
  }
  ASSIGN_OR_RETURN(r.description, v.Str());
  ASSIGN_OR_RETURN(uint32_t n, v.U32());
  for (uint32_t i = 0; i < n; ++i) {
    analytics::BoundaryChange c;
    ASSIGN_OR_RETURN(c.predecessor, v.Str());
    ASSIGN_OR_RETURN(c.successor, v.Str());
    ASSIGN_OR_RETURN(bool has_share, v.Bool());
    ASSIGN_OR_RETURN(double share, v.F64());
    if (has_share) c.share = share;
    r.changes.push_back(std::move(c));
  }
  ASSIGN_OR_RETURN(r.ended_units, v.StrList());
  ASSIGN_OR_RETURN(r.created_micros, v.I64());
  ASSIGN_OR_RETURN(r.created_by, v.Str());
  return r;
}

absl::Status ValidateReformId(const std::string& id) {
  bool ok =
      !id.empty() && id.size() <= 64 && absl::ascii_isalnum(static_cast<unsigned char>(id[0]));
  for (char c : id) {
    ok = ok &&
         (absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  }
  if (!ok || absl::ascii_isupper(static_cast<unsigned char>(id[0]))) {
    return absl::InvalidArgumentError(
        absl::StrCat("reform id '", id,
                     "' is not valid: use 1-64 lower-case letters, digits, '_', '-' and '.', "
                     "starting with a letter or digit (e.g. nds-2016-goettingen)"));
  }
  return absl::OkStatus();
}

bool Names(const Reform& r, const std::string& key) {
  for (const auto& c : r.changes) {
    if (c.predecessor == key || c.successor == key) return true;
  }
  return false;
}

}  // namespace

absl::Status CheckStoredReform(std::string_view key, std::string_view value) {
  return DecodeReform(key, value).status();
}

absl::StatusOr<std::unique_ptr<ReformStore>> ReformStore::Open(storage::Store* store,
                                                               UnitStore* units,
                                                               const common::Clock* clock) {
  std::unique_ptr<ReformStore> rs(new ReformStore(store, units, clock));
  auto it = store->NewIterator(Family::kReforms, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(Reform r, DecodeReform(it->key(), it->value()));
    rs->reforms_.push_back(std::move(r));
  }
  RETURN_IF_ERROR(it->status());
  return rs;
}

absl::Status ReformStore::Refresh(const storage::WriteLock& lock) {
  RETURN_IF_ERROR(lock.Require(*store_, "refreshing the reforms"));
  ASSIGN_OR_RETURN(std::unique_ptr<ReformStore> fresh, Open(store_, units_, clock_));
  std::unique_lock guard(mu_);
  reforms_ = std::move(fresh->reforms_);
  return absl::OkStatus();
}

absl::StatusOr<Reform> ReformStore::Create(Reform r, const std::string& actor) {
  RETURN_IF_ERROR(ValidateReformId(r.id));
  ASSIGN_OR_RETURN(DayNumber effective, ParseDate(r.effective_date, "effective date"));
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("reform ", r.id, ": ", why));
  };
  if (r.changes.empty()) return bad("it needs at least one predecessor -> successor change");
  const DayNumber day_before = *ParseDate(DayBefore(r.effective_date), "");
  std::set<std::pair<std::string, std::string>> pairs;
  std::map<std::string, double> share_sum;
  std::set<std::string> successors;
  for (auto& c : r.changes) {
    for (std::string* key : {&c.predecessor, &c.successor}) {
      auto parsed = ParseUnitKey(*key);
      if (!parsed.ok()) return bad(std::string(parsed.status().message()));
      *key = parsed->key;
    }
    if (LevelOfKey(c.predecessor) != LevelOfKey(c.successor)) {
      return bad(
          absl::StrCat(c.predecessor, " -> ", c.successor, " joins units of different levels"));
    }
    if (c.share.has_value() && (!std::isfinite(*c.share) || *c.share < 0 || *c.share > 1)) {
      return bad(absl::StrCat("the share of ", c.predecessor, " -> ", c.successor,
                              " must lie within [0, 1]"));
    }
    if (!pairs.insert({c.predecessor, c.successor}).second) {
      return bad(absl::StrCat(c.predecessor, " -> ", c.successor, " is listed twice"));
    }
    share_sum[c.predecessor] += c.share.value_or(0);
    successors.insert(c.successor);
  }
  for (const auto& [pred, sum] : share_sum) {
    if (sum > 1 + 1e-9) {
      return bad(absl::StrCat("the shares of ", pred, " add up to ", sum,
                              " (> 1): its population would be counted more than once"));
    }
  }
  // Every unit must exist: predecessors on the day before, successors on the effective date.
  auto check_valid = [&](const std::string& key, DayNumber day,
                         const std::string& role) -> absl::Status {
    ASSIGN_OR_RETURN(Unit u, units_->Get(key));
    ASSIGN_OR_RETURN(DayNumber from, ParseDateOr(u.valid_from, kNoDayBefore, "valid_from"));
    ASSIGN_OR_RETURN(DayNumber to, ParseDateOr(u.valid_to, kNoDayAfter, "valid_to"));
    if (day < from || day > to) {
      return bad(absl::StrCat(role, " ", key, " is not valid on ", DateText(day), " (valid ",
                              u.valid_from.empty() ? "..." : u.valid_from, " to ",
                              u.valid_to.empty() ? "..." : u.valid_to, ")"));
    }
    return absl::OkStatus();
  };
  for (const auto& [pred, sum] : share_sum) {
    RETURN_IF_ERROR(check_valid(pred, day_before, "predecessor"));
    if (!successors.contains(pred)) r.ended_units.push_back(pred);
  }
  for (const std::string& s : successors) RETURN_IF_ERROR(check_valid(s, effective, "successor"));
  // The conversion's own checks (one definition of a well-formed mapping).
  RETURN_IF_ERROR(analytics::ConvertToBoundaries({}, r.changes, AggregationKind::kSum).status());
  r.created_micros = clock_->NowMicros();
  r.created_by = actor;

  storage::WriteLock write_lock = store_->LockWrites();
  {
    std::shared_lock lock(mu_);
    for (const Reform& other : reforms_) {
      if (other.id == r.id) {
        return absl::AlreadyExistsError(absl::StrCat("reform ", r.id, " already exists"));
      }
    }
  }
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kReforms, ReformKey(r), EncodeReform(r));
  RETURN_IF_ERROR(
      units_->EndValidity(write_lock, r.ended_units, DayBefore(r.effective_date), std::move(batch)));
  std::unique_lock lock(mu_);
  auto at =
      std::upper_bound(reforms_.begin(), reforms_.end(), r, [](const Reform& a, const Reform& b) {
        return std::tie(a.effective_date, a.id) < std::tie(b.effective_date, b.id);
      });
  reforms_.insert(at, r);
  return r;
}

absl::StatusOr<std::vector<Reform>> ReformStore::List(const std::string& unit_key) const {
  std::string key;
  if (!unit_key.empty()) {
    ASSIGN_OR_RETURN(UnitKey parsed, ParseUnitKey(unit_key));
    key = parsed.key;
  }
  std::shared_lock lock(mu_);
  std::vector<Reform> out;
  for (const Reform& r : reforms_) {
    if (key.empty() || Names(r, key)) out.push_back(r);
  }
  return out;
}

std::vector<Reform> ReformStore::Between(int32_t after, int32_t up_to) const {
  std::shared_lock lock(mu_);
  std::vector<Reform> out;
  for (const Reform& r : reforms_) {
    auto day = ParseDate(r.effective_date, "");
    if (day.ok() && *day > after && *day <= up_to) out.push_back(r);
  }
  return out;
}

}  // namespace integra::monitoring
