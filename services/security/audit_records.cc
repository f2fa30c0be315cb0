#include "services/security/audit_records.h"

#include <deque>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::security {
namespace {
constexpr uint8_t kVersion = 1;

bool Matches(const AuditEntry& e, const AuditFilter& f) {
  if (e.recorded_micros < f.since_micros) return false;
  if (!f.token_id.empty() && e.token_id != f.token_id) return false;
  if (!f.unit_prefix.empty()) {
    bool any = false;
    for (const std::string& key : e.unit_keys) any = any || ScopeCovers(f.unit_prefix, key);
    if (!any) return false;
  }
  if (f.caller_scope.has_value() && !f.caller_scope->empty()) {
    if (e.unit_keys.empty()) return false;
    for (const std::string& key : e.unit_keys) {
      if (!ScopeCovers(*f.caller_scope, key)) return false;
    }
  }
  return true;
}

}  // namespace

std::string EncodeAuditRecord(const AuditEntry& e) {
  return storage::RecordWriter()
      .U8(kVersion)
      .I64(e.recorded_micros)
      .Str(e.token_id)
      .Str(e.token_name)
      .Str(e.peer)
      .Str(e.rpc)
      .StrList(e.unit_keys)
      .Str(e.what)
      .Str(e.before)
      .Take();
}

absl::StatusOr<AuditEntry> DecodeAuditRecord(uint64_t sequence, std::string_view bytes) {
  storage::RecordReader r(bytes);
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kVersion) {
    return absl::DataLossError(
        absl::StrCat("audit record ", sequence, ": unknown version ", version));
  }
  AuditEntry e;
  e.sequence = sequence;
  ASSIGN_OR_RETURN(e.recorded_micros, r.I64());
  ASSIGN_OR_RETURN(e.token_id, r.Str());
  ASSIGN_OR_RETURN(e.token_name, r.Str());
  ASSIGN_OR_RETURN(e.peer, r.Str());
  ASSIGN_OR_RETURN(e.rpc, r.Str());
  ASSIGN_OR_RETURN(e.unit_keys, r.StrList());
  ASSIGN_OR_RETURN(e.what, r.Str());
  ASSIGN_OR_RETURN(e.before, r.Str());
  if (!r.done()) return absl::DataLossError(absl::StrCat("audit record ", sequence, ": trailing bytes"));
  return e;
}

absl::StatusOr<std::vector<AuditEntry>> AuditLog::List(const AuditFilter& filter) const {
  std::deque<AuditEntry> newest;
  storage::ReadScope scope(*store_);
  auto it = store_->NewIterator(storage::Family::kAudit, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    storage::KeyReader key(it->key());
    ASSIGN_OR_RETURN(uint64_t sequence, key.U64());
    ASSIGN_OR_RETURN(AuditEntry e, DecodeAuditRecord(sequence, it->value()));
    if (!Matches(e, filter)) continue;
    newest.push_back(std::move(e));
    if (static_cast<int>(newest.size()) > filter.limit) newest.pop_front();
  }
  RETURN_IF_ERROR(it->status());
  return std::vector<AuditEntry>(std::make_move_iterator(newest.begin()),
                                 std::make_move_iterator(newest.end()));
}

}  // namespace integra::security
