// Conversion between integra.v1 monitoring messages and the monitoring domain model.
// FromProto functions return InvalidArgument for values the domain cannot represent (unknown
// enum values, missing required enums); domain validation happens in the stores.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "integra/v1/monitoring.pb.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observations.h"
#include "services/monitoring/register_edition.h"
#include "services/monitoring/row_rejection.h"
#include "services/monitoring/units.h"
#include "services/security/principal.h"

namespace integra::api {

absl::StatusOr<monitoring::UnitType> FromProto(v1::UnitType type);
absl::StatusOr<monitoring::UnitLevel> FromProto(v1::UnitLevel level);
absl::StatusOr<monitoring::SizeClass> FromProto(v1::SizeClass size);
v1::SizeClass ToProto(monitoring::SizeClass size);
absl::StatusOr<monitoring::Degurba> FromProto(v1::Degurba degurba);

// A unit without type gets the key's default type (Bund, Land, Regierungsbezirk); Kreise and
// Gemeinden must state theirs.
absl::StatusOr<monitoring::Unit> FromProto(const v1::Unit& unit);
// InvalidArgument for an unknown product or degree of urbanisation.
absl::StatusOr<monitoring::RegisterEdition> FromProto(const v1::RegisterEdition& edition);
void ToProto(const monitoring::Unit& unit, v1::Unit* out);

// Appends the v1 flags of domain flags (kFlag*), in bit order.
void AddFlags(uint8_t flags, google::protobuf::RepeatedField<int>* out);

absl::StatusOr<monitoring::GapDefinition> FromProto(const v1::GapDefinition& gap);
void ToProto(const monitoring::GapDefinition& gap, v1::GapDefinition* out);
absl::StatusOr<monitoring::Indicator> FromProto(const v1::Indicator& indicator);
void ToProto(const monitoring::Indicator& indicator, v1::Indicator* out);

monitoring::Breakdown FromProto(const google::protobuf::Map<std::string, std::string>& map);
absl::StatusOr<monitoring::Observation> FromProto(const v1::Observation& observation);
void ToProto(const monitoring::Observation& observation, v1::Observation* out);
// One line for the audit trail: "AUSL_ANTEIL 05315 2021 sex=f = 42.5 SUPPRESSED".
std::string AuditText(const v1::Observation& o);
std::string AuditText(const v1::Target& t);

// The same for `caller`: a SUPPRESSED value the caller may not see (security::RevealsValue) is
// left out, the flag stays. Every read path that returns observations uses this one.
void ToProto(const monitoring::Observation& observation, const security::Principal& caller,
             v1::Observation* out);

// Fills `out` with at most `limit` rejections and returns how many there were in total.
int ToProto(const std::vector<monitoring::RowRejection>& rejected,
            google::protobuf::RepeatedPtrField<v1::RowRejection>* out, int limit = 1000);

}  // namespace integra::api
