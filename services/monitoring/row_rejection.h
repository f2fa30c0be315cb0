// Why one row of a batch (units, observations) was refused.
#pragma once

#include "absl/status/status.h"

namespace integra::monitoring {

struct RowRejection {
  int index = 0;        // position in the batch (0-based), or the line in a file (1-based)
  absl::Status status;  // code and precise reason
};

}  // namespace integra::monitoring
