// Conversion between the neutral rows of the io library (client/io/rows.h) and the
// integra.v1 messages, for `integra import` and `integra export`.
//
// The file formats and the service model differ in a few places, decided here once:
//  * series break: files carry yes/no, the service a reason text. An imported break gets the
//    reason kImportedSeriesBreak; any stored reason exports as "true".
//  * indicator unit: a file's `unit` is a unit-of-measure name (percent, count, ...; "%" =
//    percent) or free text, which becomes unit "other" with that text as the label.
//  * periodicity annual/quarterly/monthly = the service's YEAR/QUARTER/MONTH.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "client/io/observation_reader.h"
#include "client/io/rows.h"
#include "integra/v1/exchange.pb.h"
#include "integra/v1/monitoring.pb.h"

namespace integra::cli {

inline constexpr char kImportedSeriesBreak[] = "series break (marked in an imported file)";

v1::Observation ToProto(const io::ObservationRow& row);
// The row's absent fields (io::ObservationField bits) as ObservationField bits.
uint32_t AbsentFieldsOf(const io::ObservationRow& row);
io::ObservationRow ToRow(const v1::Observation& observation);

v1::Unit ToProto(const io::UnitRow& row);
io::UnitRow ToRow(const v1::Unit& unit);

v1::Target ToProto(const io::TargetRow& row);
io::TargetRow ToRow(const v1::Target& target);

v1::CreateIndicatorRequest ToProto(const io::IndicatorRow& row);
io::IndicatorRow ToRow(const v1::Indicator& indicator);

// The name of the column of a file in `format` that holds a service-side field (RowProblem
// field: "unit", "indicator", "period", "value", "breakdown", "flags", "text"); "" when the
// field is empty or has no column. Wide tables: the column of the row's `period`.
std::string ObservationColumn(io::ObservationFormat format, const std::string& field,
                              const std::string& period);

}  // namespace integra::cli
