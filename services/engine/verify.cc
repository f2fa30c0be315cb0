#include "services/engine/verify.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/knowledge/knowledge_records.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/import_job_records.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/security/audit_records.h"
#include "services/security/token_records.h"
#include "storage/key_codec.h"
#include "storage/store.h"

namespace integra::engine {
namespace {

using storage::Family;
using storage::KeyReader;

// Checks one record; `store` is there for records that must agree with another family.
using Checker = std::function<absl::Status(const storage::Store& store, std::string_view key,
                                           std::string_view value)>;

absl::Status KeyDone(const KeyReader& k) {
  return k.done() ? absl::OkStatus() : absl::DataLossError("trailing bytes after the key");
}

// The meta family: a few named counters (decimal) and the record of the last backup.
absl::Status CheckMeta(const storage::Store&, std::string_view key, std::string_view value) {
  if (key == "last_backup") return absl::OkStatus();  // free text (Engine::Backup)
  if (key != "schema_version" && key != "kb_audit_seq" && key != "mon_next_indicator_id") {
    return absl::DataLossError("a meta key integra does not write");
  }
  uint64_t n = 0;
  const std::string text(value);
  if (!absl::SimpleAtoi(text, &n)) {
    return absl::DataLossError(absl::StrCat("not a decimal number: '", text, "'"));
  }
  return absl::OkStatus();
}

absl::Status CheckNode(const storage::Store&, std::string_view key, std::string_view value) {
  KeyReader k(key);
  ASSIGN_OR_RETURN(std::string id, k.Str());
  RETURN_IF_ERROR(KeyDone(k));
  return knowledge::records::DecodeNode(id, value).status();
}

absl::Status CheckEdgeIn(const storage::Store& store, std::string_view key,
                         std::string_view value) {
  KeyReader k(key);
  ASSIGN_OR_RETURN(std::string to, k.Str());
  ASSIGN_OR_RETURN(uint8_t raw_type, k.U8());
  ASSIGN_OR_RETURN(knowledge::EdgeType type, knowledge::records::CheckedEdgeType(raw_type));
  ASSIGN_OR_RETURN(std::string from, k.Str());
  RETURN_IF_ERROR(KeyDone(k));
  if (!value.empty()) return absl::DataLossError("a reverse edge holds a value");
  ASSIGN_OR_RETURN(auto forward,
                   store.Get(Family::kKbEdgesOut, knowledge::records::OutKey(from, type, to)));
  if (!forward.has_value()) return absl::DataLossError("no forward edge (kb_edges_out) for it");
  return absl::OkStatus();
}

absl::Status CheckSeries(const storage::Store&, std::string_view key, std::string_view value) {
  RETURN_IF_ERROR(monitoring::DecodeSeriesKey(key).status());
  return monitoring::DecodeSeriesRecord(value).status();
}

absl::Status CheckCross(const storage::Store&, std::string_view key, std::string_view value) {
  RETURN_IF_ERROR(monitoring::DecodeCrossKey(key).status());
  return monitoring::DecodeCrossRecord(value).status();
}

absl::Status CheckChange(const storage::Store&, std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(uint64_t sequence, monitoring::DecodeChangeKey(key));
  return monitoring::DecodeChangeRecord(sequence, value).status();
}

absl::Status CheckSection(const storage::Store& store, std::string_view key,
                          std::string_view value) {
  RETURN_IF_ERROR(monitoring::DecodeSectionKey(key).status());
  ASSIGN_OR_RETURN(auto state, store.Get(Family::kObsSectionState, key));
  if (!state.has_value()) return absl::DataLossError("no state part (obs_section_state) for it");
  return monitoring::Section::Decode(value, *state).status();
}

absl::Status CheckSectionState(const storage::Store& store, std::string_view key,
                               std::string_view) {
  RETURN_IF_ERROR(monitoring::DecodeSectionKey(key).status());
  ASSIGN_OR_RETURN(auto values, store.Get(Family::kObsSections, key));
  if (!values.has_value()) return absl::DataLossError("no values part (obs_sections) for it");
  return absl::OkStatus();  // both parts decoded together by CheckSection
}

absl::Status CheckBatch(const storage::Store&, std::string_view key, std::string_view value) {
  RETURN_IF_ERROR(monitoring::DecodeBatchKey(key).status());
  KeyReader v(value);
  RETURN_IF_ERROR(v.U64().status());
  return KeyDone(v);
}

absl::Status CheckAudit(const storage::Store&, std::string_view key, std::string_view value) {
  KeyReader k(key);
  ASSIGN_OR_RETURN(uint64_t sequence, k.U64());
  RETURN_IF_ERROR(KeyDone(k));
  return security::DecodeAuditRecord(sequence, value).status();
}

absl::Status CheckImportJob(const storage::Store&, std::string_view key, std::string_view value) {
  if (auto id = monitoring::DecodeImportJobKey(key); id.ok()) {
    return monitoring::DecodeImportJobRecord(*id, value).status();
  }
  KeyReader k(key);  // a part: U8 0x01 | U64 job id | U32 part
  ASSIGN_OR_RETURN(uint8_t tag, k.U8());
  RETURN_IF_ERROR(k.U64().status());
  RETURN_IF_ERROR(k.U32().status());
  RETURN_IF_ERROR(KeyDone(k));
  if (tag != 0x01) return absl::DataLossError("malformed import job key");
  return monitoring::DecodeImportPartRecord(value).status();
}

// The checker of every family, by Family value.
Checker CheckerOf(Family family) {
  auto plain = [](absl::Status (*fn)(std::string_view, std::string_view)) -> Checker {
    return [fn](const storage::Store&, std::string_view k, std::string_view v) { return fn(k, v); };
  };
  switch (family) {
    case Family::kDefault:
      return [](const storage::Store&, std::string_view, std::string_view) {
        return absl::DataLossError("integra never writes the default family");
      };
    case Family::kMeta:
      return CheckMeta;
    case Family::kKbNodes:
      return CheckNode;
    case Family::kKbEdgesOut:
      return [](const storage::Store&, std::string_view k, std::string_view v) {
        return knowledge::records::DecodeOutEntry(k, v).status();
      };
    case Family::kKbEdgesIn:
      return CheckEdgeIn;
    case Family::kKbAudit:
      return [](const storage::Store&, std::string_view k, std::string_view v) {
        return knowledge::DecodeAuditEntry(k, v).status();
      };
    case Family::kUnits:
      return plain(monitoring::CheckStoredUnit);
    case Family::kIndicators:
      return plain(monitoring::CheckStoredIndicator);
    case Family::kObsSeries:
      return CheckSeries;
    case Family::kObsCross:
      return CheckCross;
    case Family::kObsChanges:
      return CheckChange;
    case Family::kPeerGroups:
      return plain(monitoring::CheckStoredPeerGroup);
    case Family::kTargets:
      return [](const storage::Store&, std::string_view, std::string_view v) {
        return monitoring::CheckStoredTarget(v);
      };
    case Family::kReforms:
      return plain(monitoring::CheckStoredReform);
    case Family::kObsSections:
      return CheckSection;
    case Family::kObsSectionState:
      return CheckSectionState;
    case Family::kObsBatches:
      return CheckBatch;
    case Family::kTokens:
      return [](const storage::Store&, std::string_view k, std::string_view v) {
        return security::DecodeTokenRecord(k, v).status();
      };
    case Family::kAudit:
      return CheckAudit;
    case Family::kImportJobs:
      return CheckImportJob;
  }
  return nullptr;  // unreachable: every Family is listed (-Wswitch)
}

}  // namespace

absl::StatusOr<VerifyReport> VerifyDataDir(const std::string& data_dir) {
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                   storage::Store::Open({.path = data_dir,
                                         .block_cache_bytes = 32u << 20,
                                         .read_only = true,
                                         .verify_checksums_on_open = true}));
  VerifyReport report;
  report.data_dir = data_dir;
  report.schema_version = store->schema_version();
  storage::ReadScope scope(*store);  // one point in time for every family and cross-check
  for (const storage::FamilySpec& spec : storage::AllFamilies()) {
    FamilyCheck check{std::string(spec.name)};
    const Checker checker = CheckerOf(spec.family);
    auto it = store->NewIterator(spec.family, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++check.records;
      absl::Status s = checker(*store, it->key(), it->value());
      if (s.ok()) continue;
      ++check.problems;
      ++report.problem_count;
      if (report.problems.size() < kMaxListedProblems) {
        report.problems.push_back(absl::StrCat(
            std::string(spec.name), " key=", absl::BytesToHexString(std::string(it->key())), ": ",
            s.message()));
      }
    }
    if (absl::Status s = it->status(); !s.ok()) {
      ++check.problems;
      ++report.problem_count;
      report.problems.push_back(
          absl::StrCat(std::string(spec.name), ": reading stopped: ", s.message()));
    }
    report.families.push_back(std::move(check));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace integra::engine
