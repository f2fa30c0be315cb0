// Readers for the catalog files: territorial units, the indicator catalog and targets.
// Shape and error handling as in observation_reader.h (header names case-insensitive, bad
// rows skipped and listed in errors(), fatal problems in status()).
//
// units:      key,name[,type][,population][,population_year][,area_km2][,territory_date]
//             [,seat][,official_type_code][,official_type][,valid_from][,valid_to][,degurba]
//             [,verband_key][,verband_name][,verband_type_code][,verband_type]
// indicators: code,name_de[,unit][,unit_label][,polarity][,periodicity][,aggregation]
//             [,numerator][,denominator][,scale][,weight][,dimensions][,action_fields]
//             [,definition][,relevance][,interpretation][,data_source][,method_notes]
//             [,ranking_allowed][,gap_base,gap_dimension,gap_focus,gap_reference,gap_kind]
//             [,min][,max]   (the value domain, inclusive; empty = the unit's default)
//             (dimensions "key=v1,v2|key=..." and action_fields are lists separated by '|')
// targets:    indicator,ags,target_period,target_value[,baseline_period][,baseline_value]
//             [,breakdown][,tolerance][,trend_points][,note]
// Not thread-safe.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "client/io/rows.h"
#include "client/io/table_reader.h"

namespace integra::io {

class UnitCsvReader : public TableReader {
 public:
  // InvalidArgument for missing required, unknown or duplicate columns.
  static absl::StatusOr<std::unique_ptr<UnitCsvReader>> Open(std::unique_ptr<RecordSource> csv,
                                                             const TableReadOptions& options);
  // Next valid unit; false at the end or on a fatal error. Checks: key syntax, non-empty name
  // and type (type lower-cased), population a whole number >= 0, area a number >= 0,
  // reference year YYYY, dates YYYY-MM-DD or DD.MM.YYYY with valid_from <= valid_to.
  bool Next(UnitRow* row);
  // The fields the header has no column for, by the names of ImportUnitsBatchRequest.
  // absent_fields (seat, territory_date, population, area, degurba, verband, official_type,
  // validity), in that order.
  std::vector<std::string> absent_fields() const;

 private:
  using TableReader::TableReader;
  std::vector<int> col_;
};

class IndicatorCsvReader : public TableReader {
 public:
  static absl::StatusOr<std::unique_ptr<IndicatorCsvReader>> Open(std::unique_ptr<RecordSource> csv,
                                                                  const TableReadOptions& options);
  // Checks: code syntax, non-empty name_de, polarity/periodicity/aggregation from their
  // vocabularies (rows.h; case-insensitive), numerator/denominator/weight are indicator codes
  // and "ratio" needs numerator and denominator, "weighted_mean" needs weight; dimension keys
  // and action-field ids are identifiers; ranking_allowed yes/no.
  bool Next(IndicatorRow* row);

 private:
  using TableReader::TableReader;
  std::vector<int> col_;
};

class TargetCsvReader : public TableReader {
 public:
  static absl::StatusOr<std::unique_ptr<TargetCsvReader>> Open(std::unique_ptr<RecordSource> csv,
                                                               const TableReadOptions& options);
  // Checks: indicator code, unit key, periods, a target value (not missing), a baseline
  // period before the target period (and given when a baseline value is), breakdown syntax,
  // tolerance >= 0, trend_points 0 or 2-1000.
  bool Next(TargetRow* row);

 private:
  using TableReader::TableReader;
  std::vector<int> col_;
};

}  // namespace integra::io
