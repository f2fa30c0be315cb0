#include "client/exchange_convert.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "client/io/cells.h"

namespace integra::cli {
namespace {

constexpr struct {
  std::string_view name;
  v1::ObservationFlag flag;
} kFlags[] = {{"provisional", v1::OBSERVATION_FLAG_PROVISIONAL},
              {"estimated", v1::OBSERVATION_FLAG_ESTIMATED},
              {"suppressed", v1::OBSERVATION_FLAG_SUPPRESSED},
              {"synthetic", v1::OBSERVATION_FLAG_SYNTHETIC},
              {"low_reliability", v1::OBSERVATION_FLAG_LOW_RELIABILITY},
              {"blocked", v1::OBSERVATION_FLAG_BLOCKED},
              {"unreliable", v1::OBSERVATION_FLAG_UNRELIABLE},
              {"not_yet_available", v1::OBSERVATION_FLAG_NOT_YET_AVAILABLE}};

constexpr struct {
  std::string_view name;
  v1::Periodicity periodicity;
} kPeriodicities[] = {{"annual", v1::PERIODICITY_YEAR},
                      {"quarterly", v1::PERIODICITY_QUARTER},
                      {"monthly", v1::PERIODICITY_MONTH}};

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

// "UNIT_TYPE_LANDKREIS" -> "landkreis".

std::string EnumWord(const std::string& name, const std::string& prefix) {
  return Lower(name.substr(prefix.size()));
}

}  // namespace

v1::Observation ToProto(const io::ObservationRow& row) {
  v1::Observation o;
  o.set_indicator_code(row.indicator);
  o.set_unit_key(row.unit_key);
  o.set_period(row.period);
  for (const auto& [k, v] : row.breakdown) (*o.mutable_breakdown())[k] = v;
  if (row.value.has_value()) o.set_value(*row.value);
  for (const std::string& name : row.flags) {
    for (const auto& f : kFlags) {
      if (f.name == name) o.add_flags(f.flag);
    }
  }
  o.set_source(row.source);
  o.set_footnote(row.footnote);
  if (row.series_break) o.set_series_break(kImportedSeriesBreak);
  return o;
}

uint32_t AbsentFieldsOf(const io::ObservationRow& row) {
  uint32_t bits = 0;
  if (row.absent & io::kFieldSource) bits |= v1::OBSERVATION_FIELD_SOURCE;
  if (row.absent & io::kFieldFootnote) bits |= v1::OBSERVATION_FIELD_FOOTNOTE;
  if (row.absent & io::kFieldFlags) bits |= v1::OBSERVATION_FIELD_FLAGS;
  if (row.absent & io::kFieldSeriesBreak) bits |= v1::OBSERVATION_FIELD_SERIES_BREAK;
  return bits;
}

io::ObservationRow ToRow(const v1::Observation& o) {
  io::ObservationRow row;
  row.unit_key = o.unit_key();
  row.indicator = o.indicator_code();
  row.period = o.period();
  row.breakdown.assign(o.breakdown().begin(), o.breakdown().end());
  std::sort(row.breakdown.begin(), row.breakdown.end());
  if (o.has_value()) row.value = o.value();
  for (const auto& f : kFlags) {  // canonical order
    if (std::find(o.flags().begin(), o.flags().end(), f.flag) != o.flags().end()) {
      row.flags.emplace_back(f.name);
    }
  }
  row.source = o.source();
  row.footnote = o.footnote();
  row.series_break = !o.series_break().empty();
  return row;
}

v1::Unit ToProto(const io::UnitRow& row) {
  v1::Unit u;
  u.set_key(row.key);
  u.set_name(row.name);
  v1::UnitType type = v1::UNIT_TYPE_UNSPECIFIED;
  if (!row.type.empty()) v1::UnitType_Parse("UNIT_TYPE_" + absl::AsciiStrToUpper(row.type), &type);
  u.set_type(type);
  if (row.population.has_value()) u.set_population(*row.population);
  if (row.population_year.has_value()) u.set_population_year(*row.population_year);
  if (row.area_km2.has_value()) u.set_area_km2(*row.area_km2);
  u.set_territory_date(row.territory_date);
  u.set_seat(row.seat);
  u.set_official_type_code(row.official_type_code);
  u.set_official_type(row.official_type);
  u.set_valid_from(row.valid_from);
  u.set_valid_to(row.valid_to);
  u.set_degurba(static_cast<v1::Degurba>(row.degurba));  // same values: the official codes
  u.set_verband_key(row.verband_key);
  u.set_verband_name(row.verband_name);
  u.set_verband_type_code(row.verband_type_code);
  u.set_verband_type(row.verband_type);
  return u;
}

io::UnitRow ToRow(const v1::Unit& u) {
  io::UnitRow row;
  row.key = u.key();
  row.name = u.name();
  if (u.type() != v1::UNIT_TYPE_UNSPECIFIED) {
    row.type = EnumWord(v1::UnitType_Name(u.type()), "UNIT_TYPE_");
  }
  if (u.has_population()) row.population = u.population();
  if (u.population_year() != 0) row.population_year = u.population_year();
  if (u.has_area_km2()) row.area_km2 = u.area_km2();
  row.territory_date = u.territory_date();
  row.seat = u.seat();
  row.official_type_code = u.official_type_code();
  row.official_type = u.official_type();
  row.valid_from = u.valid_from();
  row.valid_to = u.valid_to();
  row.degurba = static_cast<int>(u.degurba());
  row.verband_key = u.verband_key();
  row.verband_name = u.verband_name();
  row.verband_type_code = u.verband_type_code();
  row.verband_type = u.verband_type();
  return row;
}

v1::Target ToProto(const io::TargetRow& row) {
  v1::Target t;
  v1::TargetKey* key = t.mutable_key();
  key->set_indicator_code(row.indicator);
  key->set_unit_key(row.unit_key);
  for (const auto& [k, v] : row.breakdown) (*key->mutable_breakdown())[k] = v;
  key->set_target_period(row.target_period);
  t.set_target_value(row.target_value);
  t.set_baseline_period(row.baseline_period);
  if (row.baseline_value.has_value()) t.set_baseline_value(*row.baseline_value);
  t.set_tolerance(row.tolerance.value_or(0));
  t.set_trend_points(row.trend_points.value_or(0));
  t.set_note(row.note);
  return t;
}

io::TargetRow ToRow(const v1::Target& t) {
  io::TargetRow row;
  row.indicator = t.key().indicator_code();
  row.unit_key = t.key().unit_key();
  row.breakdown.assign(t.key().breakdown().begin(), t.key().breakdown().end());
  std::sort(row.breakdown.begin(), row.breakdown.end());
  row.target_period = t.key().target_period();
  row.target_value = t.target_value();
  row.baseline_period = t.baseline_period();
  if (t.has_baseline_value()) row.baseline_value = t.baseline_value();
  if (t.tolerance() != 0) row.tolerance = t.tolerance();
  if (t.trend_points() != 0) row.trend_points = t.trend_points();
  row.note = t.note();
  return row;
}

v1::CreateIndicatorRequest ToProto(const io::IndicatorRow& row) {
  v1::CreateIndicatorRequest req;
  v1::Indicator* ind = req.mutable_indicator();
  ind->set_code(row.code);
  ind->set_name_de(row.name_de);
  v1::MeasureUnit unit = v1::MEASURE_UNIT_UNSPECIFIED;
  if (!row.unit.empty() &&
      !v1::MeasureUnit_Parse("MEASURE_UNIT_" + absl::AsciiStrToUpper(row.unit), &unit)) {
    unit = v1::MEASURE_UNIT_OTHER;  // free text: the label says what it is
    ind->set_unit_label(row.unit_label.empty() ? row.unit : row.unit_label);
  } else {
    ind->set_unit_label(row.unit_label);
  }
  ind->set_unit(unit);
  v1::Polarity polarity = v1::POLARITY_UNSPECIFIED;
  if (!row.polarity.empty()) {
    v1::Polarity_Parse("POLARITY_" + absl::AsciiStrToUpper(row.polarity), &polarity);
  }
  ind->set_polarity(polarity);
  for (const auto& p : kPeriodicities) {
    if (p.name == row.periodicity) ind->set_periodicity(p.periodicity);
  }
  v1::Aggregation* a = ind->mutable_aggregation();
  v1::AggregationKind kind = v1::AGGREGATION_KIND_UNSPECIFIED;
  if (!row.aggregation.empty()) {
    v1::AggregationKind_Parse("AGGREGATION_KIND_" + absl::AsciiStrToUpper(row.aggregation), &kind);
  }
  a->set_kind(kind);
  a->set_numerator_code(row.numerator);
  a->set_denominator_code(row.denominator);
  if (row.scale.has_value()) a->set_scale(*row.scale);
  a->set_weight_code(row.weight);
  for (const io::DimensionSpec& d : row.dimensions) {
    v1::Dimension* dim = ind->add_dimensions();
    dim->set_name(d.key);
    for (const std::string& v : d.values) dim->add_values(v);
  }
  if (row.ranking_allowed.has_value()) ind->set_ranking_allowed(*row.ranking_allowed);
  if (row.min_value.has_value()) ind->set_min_value(*row.min_value);
  if (row.max_value.has_value()) ind->set_max_value(*row.max_value);
  v1::MetadataSheet* sheet = ind->mutable_sheet();
  sheet->set_definition(row.definition);
  sheet->set_relevance(row.relevance);
  sheet->set_interpretation(row.interpretation);
  sheet->set_data_source(row.data_source);
  sheet->set_methodological_notes(row.method_notes);
  if (!row.gap_base.empty()) {
    v1::GapDefinition* gap = ind->mutable_gap();
    gap->set_base_code(row.gap_base);
    gap->set_dimension(row.gap_dimension);
    gap->set_focus(row.gap_focus);
    gap->set_reference(row.gap_reference);
    gap->set_kind(row.gap_kind == "ratio" ? v1::GAP_KIND_RATIO : v1::GAP_KIND_DIFFERENCE);
  }
  for (const std::string& af : row.action_fields) req.add_action_field_ids(af);
  return req;
}

io::IndicatorRow ToRow(const v1::Indicator& ind) {
  io::IndicatorRow row;
  row.code = ind.code();
  row.name_de = ind.name_de();
  if (ind.unit() == v1::MEASURE_UNIT_OTHER && !ind.unit_label().empty()) {
    row.unit = ind.unit_label();  // free text reads back as "other" with this label
  } else {
    if (ind.unit() != v1::MEASURE_UNIT_UNSPECIFIED) {
      row.unit = EnumWord(v1::MeasureUnit_Name(ind.unit()), "MEASURE_UNIT_");
    }
    row.unit_label = ind.unit_label();
  }
  if (ind.polarity() != v1::POLARITY_UNSPECIFIED) {
    row.polarity = EnumWord(v1::Polarity_Name(ind.polarity()), "POLARITY_");
  }
  for (const auto& p : kPeriodicities) {
    if (p.periodicity == ind.periodicity()) row.periodicity = std::string(p.name);
  }
  const v1::Aggregation& a = ind.aggregation();
  if (a.kind() != v1::AGGREGATION_KIND_UNSPECIFIED) {
    row.aggregation = EnumWord(v1::AggregationKind_Name(a.kind()), "AGGREGATION_KIND_");
  }
  row.numerator = a.numerator_code();
  row.denominator = a.denominator_code();
  if (a.kind() == v1::AGGREGATION_KIND_RATIO && a.scale() != 0) row.scale = a.scale();
  row.weight = a.weight_code();
  for (const v1::Dimension& d : ind.dimensions()) {
    row.dimensions.push_back({d.name(), {d.values().begin(), d.values().end()}});
  }
  row.action_fields.assign(ind.action_field_ids().begin(), ind.action_field_ids().end());
  row.definition = ind.sheet().definition();
  row.relevance = ind.sheet().relevance();
  row.interpretation = ind.sheet().interpretation();
  row.data_source = ind.sheet().data_source();
  row.method_notes = ind.sheet().methodological_notes();
  if (ind.has_ranking_allowed()) row.ranking_allowed = ind.ranking_allowed();
  if (ind.has_min_value()) row.min_value = ind.min_value();
  if (ind.has_max_value()) row.max_value = ind.max_value();
  if (ind.has_gap() && !ind.gap().base_code().empty()) {
    row.gap_base = ind.gap().base_code();
    row.gap_dimension = ind.gap().dimension();
    row.gap_focus = ind.gap().focus();
    row.gap_reference = ind.gap().reference();
    row.gap_kind = ind.gap().kind() == v1::GAP_KIND_RATIO ? "ratio" : "difference";
  }
  return row;
}

std::string ObservationColumn(io::ObservationFormat format, const std::string& field,
                              const std::string& period) {
  if (field.empty()) return "";
  struct Columns {
    const char* unit;
    const char* indicator;
    const char* period;
    const char* value;
    const char* breakdown;
    const char* flags;
    const char* text;
  };
  Columns c{"ags", "indicator", "period", "value", "breakdown", "flags", "footnote/source"};
  switch (format) {
    case io::ObservationFormat::kOpenSdg:
      c = {"GeoCode",    "Series", "Year", "Value", "breakdown columns", "Observation status",
           "COMMENT_OBS"};
      break;
    case io::ObservationFormat::kSdmxCsv:
      c = {"REF_AREA",
           "INDICATOR",
           "TIME_PERIOD",
           "OBS_VALUE",
           "dimension columns",
           "OBS_STATUS",
           "COMMENT_OBS/SOURCE_DETAIL"};
      break;
    default:
      break;
  }
  if (field == "unit") return c.unit;
  if (field == "indicator") return c.indicator;
  if (field == "period" || field == "value") {
    if (format == io::ObservationFormat::kWide) return period;
    return field == "period" ? c.period : c.value;
  }
  if (field == "breakdown") return c.breakdown;
  if (field == "flags") return c.flags;
  if (field == "text") return c.text;
  return "";
}

}  // namespace integra::cli
