// The interface every observation export format implements, so the CLI can stream rows to
// whichever format the user chose (see observation_export.h for the factory).
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "client/io/rows.h"

namespace integra::io {

class ObservationWriter {
 public:
  virtual ~ObservationWriter() = default;
  // Writes one row. Errors are the implementation's (InvalidArgument for rows the format
  // cannot hold, Internal for output failures).
  virtual absl::Status Write(const ObservationRow& row) = 0;
  // Completes the output (flush, or assemble the file). Call once after the last row.
  virtual absl::Status Finish() = 0;
  virtual int64_t rows_written() const = 0;
};

}  // namespace integra::io
