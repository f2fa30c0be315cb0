// The benchmark dataset: Germany's territorial units, a synthetic indicator catalog and a
// deterministic value for every (indicator, unit, year) cell.
//
// Units come from the official register (data/reference/: Bund, 16 Länder, 400 Kreise, 10,981
// Gemeinden) when it is available, else from a synthetic register with plausible keys and the
// same shape. At full scale (1.0) the dataset holds 100 indicators x 20 annual periods x 11,398
// units = 22,796,000 observations. Smaller scales first drop indicators (scale 0.1 = 10
// indicators, all units), then, below one indicator, Gemeinden (scale 0.001 = 1 indicator and
// about 10 % of the Gemeinden; Bund, Länder and Kreise are always kept so that the hierarchy and
// the roll-ups stay complete).
//
// Everything is a pure function of (scale, register): two runs, or two systems in one run, see
// byte-identical data. Values are never materialised: ValueAt computes a cell on demand, so 22
// million rows cost no memory.
//
// Thread-safety: a Dataset is immutable after Build; all const methods are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::bench {

// Levels as in integra (services/monitoring/units.h): Bund 1, Land 2, Kreis 4, Gemeinde 5.
inline constexpr int kLevelBund = 1;
inline constexpr int kLevelLand = 2;
inline constexpr int kLevelKreis = 4;
inline constexpr int kLevelGemeinde = 5;

struct BenchUnit {
  std::string key;  // "DG", "09", "09162", "09162000"
  int level = 0;
  std::string land;   // the Land code ("" for the Bund)
  std::string kreis;  // the Kreis code for Gemeinden ("" otherwise; "" for 07000999/13000999)
  int64_t population = 0;
  bool unincorporated = false;  // gemeindefreies Gebiet (type 65/66): a roll-up member when
                                // inhabited or holding a value (docs/monitoring.md "Roll-ups")
  uint64_t seed = 0;  // Mix64 of the key: values depend on the key, not on the unit's index
};

// How an indicator rolls up to higher levels; mirrors integra's aggregation rules.
enum class BenchAggregation { kSum, kWeightedMean };

struct BenchIndicator {
  std::string code;  // "BENCH_I000" ... "BENCH_I099" (integra codes are upper case)
  std::string name;
  std::string unit_of_measure;  // "persons" or "percent"
  BenchAggregation aggregation = BenchAggregation::kSum;
  bool higher_is_better = true;
};

// The register files as CSV text, filtered to the units in the dataset; ready to import.
struct RegisterFiles {
  std::string laender;
  std::string kreise;
  std::string gemeinden;
};

class Dataset {
 public:
  static constexpr int kFirstYear = 2004;
  static constexpr int kYears = 20;  // 2004 .. 2023
  static constexpr int kFullIndicators = 100;

  // Builds the dataset. `reference_dir` holds laender.csv, kreise_gv100ad_*.csv and
  // gemeinden_gv100ad_*.csv; if it is empty or lacks the files, a synthetic register is used.
  // InvalidArgument for a scale outside (0, 1] or a register that does not parse.
  static absl::StatusOr<Dataset> Build(double scale, const std::string& reference_dir);

  double scale() const { return scale_; }
  bool real_register() const { return real_register_; }
  const std::vector<BenchUnit>& units() const { return units_; }
  const std::vector<BenchIndicator>& indicators() const { return indicators_; }
  const RegisterFiles& register_files() const { return register_; }
  // Where the units came from, for the report ("GV100AD 2023-11-30" or "synthetic").
  const std::string& register_source() const { return register_source_; }

  int64_t observation_count() const {
    return static_cast<int64_t>(units_.size()) * static_cast<int64_t>(indicators_.size()) * kYears;
  }
  // The value of one cell: a unit-specific level, a trend and noise; rounded to 3 decimals so
  // that ties occur as in real statistics. Counts ("persons") scale with population.
  double ValueAt(size_t indicator, size_t unit, int year) const;

  // Observation number i in load order: indicator-major, then year, then unit (the shape of a
  // statistical office's delivery: one file per indicator and year, all units).
  struct Cell {
    size_t indicator;
    int year;
    size_t unit;
  };
  Cell CellAt(int64_t i) const;

  // Indices into units() of the units of one level / the Gemeinden of one Land.
  std::vector<size_t> UnitsOfLevel(int level) const;
  std::vector<size_t> GemeindenOfLand(const std::string& land) const;

 private:
  double scale_ = 1;
  bool real_register_ = false;
  std::string register_source_;
  std::vector<BenchUnit> units_;
  std::vector<BenchIndicator> indicators_;
  RegisterFiles register_;
};

// A deterministic 64-bit mix (splitmix64); the dataset's only source of randomness.
uint64_t Mix64(uint64_t x);

}  // namespace integra::bench
