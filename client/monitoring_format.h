// Shared helpers of the monitoring command groups (unit, indicator, obs, series): parsing of
// flag values and rendering of monitoring messages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/context.h"
#include "integra/v1/monitoring.pb.h"

namespace integra::cli {

// Numbers as people write them: "8.4", "1512491" (never "1.51249e+06").
std::string FormatNumber(double value);
// UTC microseconds -> "2024-05-01T12:00:00.123456Z".
std::string FormatMicros(int64_t micros);
// "2024-05-01T12:00:00Z" (RFC 3339, fractional seconds allowed) or microseconds since the epoch.
absl::StatusOr<int64_t> ParseTimeFlag(const std::string& text);
// "sex=f,age_group=65+" -> map entries of `out`.
absl::Status ParseBreakdownFlag(const std::string& text,
                                google::protobuf::Map<std::string, std::string>* out);

// Enum names without their prefix, lower-case: "kreisfreie_stadt", "percent", "grossstadt".
std::string Name(v1::UnitType t);
std::string Name(v1::UnitLevel l);
std::string Name(v1::SizeClass s);
std::string Name(v1::MeasureUnit u);
std::string Name(v1::Polarity p);
std::string Name(v1::Periodicity p);
std::string Name(v1::AggregationKind k);
std::string FlagList(const v1::Observation& o);  // "provisional,synthetic"
std::string FlagList(const google::protobuf::RepeatedField<int>& flags);

// Parse a flag value into an enum of the given prefix ("UNIT_TYPE_" + upper(name)); the error
// lists the accepted names.
absl::StatusOr<int> ParseEnumFlag(const std::string& flag, const std::string& value,
                                  const google::protobuf::EnumDescriptor* descriptor,
                                  const std::string& prefix);

// Observations as a table (unit, period, breakdown, value, flags, revision, recorded, notes) or
// a JSON array.
// `names` (unit key -> name): when given, a name column follows the unit column.
void PrintObservations(const Context& ctx, const std::vector<const v1::Observation*>& obs,
                       const std::map<std::string, std::string>* names = nullptr);

// Prints "Quelle: ..." under figures from official sources (dl-de/by-2-0 requires it).
void PrintAttribution(const Context& ctx, const std::vector<const v1::Observation*>& obs);

}  // namespace integra::cli
