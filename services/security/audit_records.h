// The write audit trail (column family `audit`, storage/column_families.h).
//
//   key:   U64 sequence, big-endian (storage/key_codec.h), assigned by storage::Store::Write
//          when it files the record of the thread's storage::AuditScope into the WriteBatch of the
//          change (so the record and the change are applied together or not at all)
//   value: U8 version (1) | I64 recorded_micros | Str token id | Str token name | Str peer |
//          Str rpc (full method name) | StrList unit keys | Str what (the written values or ids) |
//          Str before (the values the write replaced, "" if none or not applicable)
// Integers and strings as in storage/record_codec.h.
//
// Thread-safety: the functions are pure; AuditLog is thread-safe (reads only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/security/principal.h"
#include "storage/store.h"

namespace integra::security {

struct AuditEntry {
  uint64_t sequence = 0;  // set when read back
  int64_t recorded_micros = 0;
  std::string token_id;
  std::string token_name;
  std::string peer;  // the caller's address as gRPC saw it ("ipv4:127.0.0.1:51234", "unix:")
  std::string rpc;   // "/integra.v1.MonitoringService/PutObservation"
  std::vector<std::string> unit_keys;  // the units written (empty for catalog and KB writes)
  std::string what;  // the written values ("AUSL_ANTEIL 05315 2021 = 42.5 SUPPRESSED") or ids
  // The values the write replaced, noted by the domain under its write lock (observations:
  // "AUSL_ANTEIL 05315 2021 was 18.5", "(new)"; targets likewise); "" for other writes.
  std::string before;
};

std::string EncodeAuditRecord(const AuditEntry& entry);
// DataLoss on bytes that do not parse or an unknown version.
absl::StatusOr<AuditEntry> DecodeAuditRecord(uint64_t sequence, std::string_view bytes);

struct AuditFilter {
  int64_t since_micros = 0;     // records at or after this time
  std::string unit_prefix;      // "" = any; else records touching a unit inside this prefix
  std::string token_id;         // "" = any token
  // Only records every unit of which lies inside this scope ("" = no restriction); records
  // without units are left out when a scope is set (they are not a scoped caller's business).
  std::optional<std::string> caller_scope;
  int limit = 1000;             // at most this many, newest last
};

class AuditLog {
 public:
  explicit AuditLog(const storage::Store* store) : store_(store) {}
  // The newest `filter.limit` records matching `filter`, in sequence order.
  absl::StatusOr<std::vector<AuditEntry>> List(const AuditFilter& filter) const;

 private:
  const storage::Store* store_;
};

}  // namespace integra::security
