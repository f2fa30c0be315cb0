// An observation row with its key fields set, for the io tests (the other fields as each test
// needs them).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "client/io/rows.h"

namespace integra::io {

inline ObservationRow Row(std::string unit, std::string indicator, std::string period,
                          std::optional<double> value) {
  ObservationRow row;
  row.unit_key = std::move(unit);
  row.indicator = std::move(indicator);
  row.period = std::move(period);
  row.value = value;
  return row;
}

}  // namespace integra::io
