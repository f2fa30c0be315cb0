// Why one row of a batch (units, observations) was refused.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace integra::monitoring {

struct RowRejection {
  int index = 0;        // position in the batch (0-based), or the line in a file (1-based)
  absl::Status status;  // code and precise reason; FieldOf(status) names the input field
};

// Input fields a rejection can point at, so an importer can name the column of its file.
inline constexpr char kFieldUnit[] = "unit";
inline constexpr char kFieldIndicator[] = "indicator";
inline constexpr char kFieldPeriod[] = "period";
inline constexpr char kFieldBreakdown[] = "breakdown";
inline constexpr char kFieldValue[] = "value";
inline constexpr char kFieldFlags[] = "flags";
inline constexpr char kFieldText[] = "text";  // footnote, source, series break

// `status` with the input field at fault attached (as a status payload, so it travels with the
// status through StatusOr and RETURN_IF_ERROR). OK stays OK.
absl::Status AtField(absl::Status status, std::string_view field);
// The field attached by AtField, or "" when none is.
std::string FieldOf(const absl::Status& status);

}  // namespace integra::monitoring
