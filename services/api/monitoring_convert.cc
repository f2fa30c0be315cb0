#include "services/api/monitoring_convert.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace integra::api {
namespace {

using namespace integra::monitoring;  // NOLINT: conversion code names both sides constantly

absl::Status Unknown(const char* what, int value) {
  return absl::InvalidArgumentError(absl::StrCat("unknown ", what, " value ", value));
}

constexpr struct {
  v1::ObservationFlag proto;
  ObservationFlag flag;
} kFlags[] = {{v1::OBSERVATION_FLAG_PROVISIONAL, kFlagProvisional},
              {v1::OBSERVATION_FLAG_ESTIMATED, kFlagEstimated},
              {v1::OBSERVATION_FLAG_SUPPRESSED, kFlagSuppressed},
              {v1::OBSERVATION_FLAG_SYNTHETIC, kFlagSynthetic},
              {v1::OBSERVATION_FLAG_LOW_RELIABILITY, kFlagLowReliability},
              {v1::OBSERVATION_FLAG_BLOCKED, kFlagBlocked},
              {v1::OBSERVATION_FLAG_UNRELIABLE, kFlagUnreliable},
              {v1::OBSERVATION_FLAG_NOT_YET_AVAILABLE, kFlagNotYetAvailable}};

}  // namespace

// Proto enum values equal the domain's persisted values (both are "never renumber").
absl::StatusOr<UnitType> FromProto(v1::UnitType type) {
  if (type < v1::UNIT_TYPE_BUND || type > v1::UNIT_TYPE_GEMEINDEFREIES_GEBIET) {
    return Unknown("unit type", type);
  }
  return static_cast<UnitType>(type);
}

absl::StatusOr<UnitLevel> FromProto(v1::UnitLevel level) {
  if (level < v1::UNIT_LEVEL_BUND || level > v1::UNIT_LEVEL_GEMEINDE) {
    return Unknown("unit level", level);
  }
  return static_cast<UnitLevel>(level);
}

absl::StatusOr<SizeClass> FromProto(v1::SizeClass size) {
  switch (size) {
    case v1::SIZE_CLASS_GROSSSTADT:
      return SizeClass::kGrossstadt;
    case v1::SIZE_CLASS_MITTELSTADT:
      return SizeClass::kMittelstadt;
    case v1::SIZE_CLASS_KLEINSTADT:
      return SizeClass::kKleinstadt;
    case v1::SIZE_CLASS_LANDGEMEINDE:
      return SizeClass::kLandgemeinde;
    case v1::SIZE_CLASS_NOT_APPLICABLE:
      return SizeClass::kNotApplicable;
    default:
      return Unknown("size class", size);
  }
}

v1::SizeClass ToProto(SizeClass size) {
  switch (size) {
    case SizeClass::kGrossstadt:
      return v1::SIZE_CLASS_GROSSSTADT;
    case SizeClass::kMittelstadt:
      return v1::SIZE_CLASS_MITTELSTADT;
    case SizeClass::kKleinstadt:
      return v1::SIZE_CLASS_KLEINSTADT;
    case SizeClass::kLandgemeinde:
      return v1::SIZE_CLASS_LANDGEMEINDE;
    case SizeClass::kNotApplicable:
      return v1::SIZE_CLASS_NOT_APPLICABLE;
  }
  return v1::SIZE_CLASS_UNSPECIFIED;
}

absl::StatusOr<Degurba> FromProto(v1::Degurba degurba) {
  if (degurba < v1::DEGURBA_UNSPECIFIED || degurba > v1::DEGURBA_LAENDLICHE_GEBIETE) {
    return Unknown("degree of urbanisation", degurba);
  }
  return static_cast<Degurba>(degurba);  // same values: the official codes
}

absl::StatusOr<Unit> FromProto(const v1::Unit& in) {
  Unit u;
  u.key = in.key();
  u.name = in.name();
  if (in.type() == v1::UNIT_TYPE_UNSPECIFIED) {
    auto key = ParseUnitKey(in.key());
    if (!key.ok()) return key.status();
    auto type = DefaultTypeForKey(key->key);
    if (!type.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit ", in.key(),
                       " needs a type (KREISFREIE_STADT, LANDKREIS, "
                       "KREISANGEHOERIGE_GEMEINDE, GEMEINDEFREIES_GEBIET)"));
    }
    u.type = *type;
  } else {
    auto type = FromProto(in.type());
    if (!type.ok()) return type.status();
    u.type = *type;
  }
  if (in.has_population()) u.population = in.population();
  u.population_year = in.population_year();
  if (in.has_area_km2()) u.area_km2 = in.area_km2();
  u.territory_date = in.territory_date();
  u.seat = in.seat();
  u.official_type_code = in.official_type_code();
  u.official_type = in.official_type();
  u.valid_from = in.valid_from();
  u.valid_to = in.valid_to();
  auto degurba = FromProto(in.degurba());
  if (!degurba.ok()) return degurba.status();
  u.degurba = *degurba;
  u.verband_key = in.verband_key();
  u.verband_name = in.verband_name();
  u.verband_type_code = in.verband_type_code();
  u.verband_type = in.verband_type();
  return u;
}

absl::StatusOr<RegisterEdition> FromProto(const v1::RegisterEdition& in) {
  RegisterEdition e;
  switch (in.product()) {
    case v1::REGISTER_PRODUCT_GV100AD:
      e.product = RegisterProduct::kGv100ad;
      break;
    case v1::REGISTER_PRODUCT_GV_AUSZUG:
      e.product = RegisterProduct::kGvAuszug;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("register edition: unknown product ", in.product(),
                       " (REGISTER_PRODUCT_GV100AD, REGISTER_PRODUCT_GV_AUSZUG)"));
  }
  e.records.reserve(in.records_size());
  for (const v1::RegisterRecord& r : in.records()) {
    EditionRecord rec;
    rec.line = r.line();
    rec.satzart = r.satzart();
    rec.key = r.key();
    rec.verband = r.verband();
    rec.name = r.name();
    rec.seat = r.seat();
    rec.type_code = r.type_code();
    if (r.has_area_km2()) rec.area_km2 = r.area_km2();
    if (r.has_population()) rec.population = r.population();
    rec.territory_date = r.territory_date();
    auto degurba = FromProto(r.degurba());
    if (!degurba.ok()) return degurba.status();
    rec.degurba = *degurba;
    e.records.push_back(std::move(rec));
  }
  e.population_date = in.population_date();
  e.population_indicator = in.population_indicator();
  e.source = in.source();
  return e;
}

void ToProto(const Unit& u, v1::Unit* out) {
  out->set_key(u.key);
  out->set_name(u.name);
  out->set_type(static_cast<v1::UnitType>(u.type));
  if (u.population.has_value()) out->set_population(*u.population);
  out->set_population_year(u.population_year);
  if (u.area_km2.has_value()) out->set_area_km2(*u.area_km2);
  out->set_territory_date(u.territory_date);
  out->set_seat(u.seat);
  out->set_official_type_code(u.official_type_code);
  out->set_official_type(u.official_type);
  out->set_level(static_cast<v1::UnitLevel>(u.level()));
  out->set_parent_key(u.parent_key());
  out->set_size_class(ToProto(u.size_class()));
  out->set_twin_key(u.twin_key());
  out->set_valid_from(u.valid_from);
  out->set_valid_to(u.valid_to);
  out->set_degurba(static_cast<v1::Degurba>(u.degurba));
  out->set_verband_key(u.verband_key);
  out->set_verband_name(u.verband_name);
  out->set_verband_type_code(u.verband_type_code);
  out->set_verband_type(u.verband_type);
  out->set_ars(u.ars());
}

absl::StatusOr<Indicator> FromProto(const v1::Indicator& in) {
  Indicator ind;
  ind.code = in.code();
  ind.name_de = in.name_de();
  ind.sheet = {in.sheet().definition(), in.sheet().relevance(), in.sheet().interpretation(),
               in.sheet().data_source(), in.sheet().methodological_notes()};
  if (in.unit() == v1::MEASURE_UNIT_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("indicator ", in.code(), ": the unit of measure is required"));
  }
  if (in.unit() > v1::MEASURE_UNIT_OTHER) return Unknown("unit of measure", in.unit());
  ind.unit = static_cast<MeasureUnit>(in.unit());
  ind.unit_label = in.unit_label();
  if (in.polarity() == v1::POLARITY_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("indicator ", in.code(),
                     ": the polarity is required (higher_is_better, lower_is_better or neutral)"));
  }
  if (in.polarity() > v1::POLARITY_NEUTRAL) return Unknown("polarity", in.polarity());
  ind.polarity = static_cast<Polarity>(in.polarity());
  if (in.periodicity() > v1::PERIODICITY_MONTH) return Unknown("periodicity", in.periodicity());
  ind.periodicity = in.periodicity() == v1::PERIODICITY_UNSPECIFIED
                        ? Periodicity::kYear
                        : static_cast<Periodicity>(in.periodicity());
  const v1::Aggregation& a = in.aggregation();
  if (a.kind() > v1::AGGREGATION_KIND_WEIGHTED_MEAN) return Unknown("aggregation", a.kind());
  ind.aggregation.kind = a.kind() == v1::AGGREGATION_KIND_UNSPECIFIED
                             ? AggregationKind::kNone
                             : static_cast<AggregationKind>(a.kind());
  ind.aggregation.numerator = a.numerator_code();
  ind.aggregation.denominator = a.denominator_code();
  ind.aggregation.scale = ind.aggregation.kind == AggregationKind::kRatio ? a.scale() : 1.0;
  ind.aggregation.weight = a.weight_code();
  for (const auto& d : in.dimensions()) {
    ind.dimensions.push_back({d.name(), {d.values().begin(), d.values().end()}});
  }
  ind.ranking_allowed = !in.has_ranking_allowed() || in.ranking_allowed();
  if (in.has_min_value()) ind.min_value = in.min_value();
  if (in.has_max_value()) ind.max_value = in.max_value();
  if (in.has_gap()) {
    auto gap = FromProto(in.gap());
    if (!gap.ok()) return gap.status();
    ind.gap = *gap;
  }
  return ind;
}

void ToProto(const Indicator& ind, v1::Indicator* out) {
  out->set_code(ind.code);
  out->set_name_de(ind.name_de);
  auto* s = out->mutable_sheet();
  s->set_definition(ind.sheet.definition);
  s->set_relevance(ind.sheet.relevance);
  s->set_interpretation(ind.sheet.interpretation);
  s->set_data_source(ind.sheet.data_source);
  s->set_methodological_notes(ind.sheet.methodological_notes);
  out->set_unit(static_cast<v1::MeasureUnit>(ind.unit));
  out->set_unit_label(ind.unit_label);
  out->set_polarity(static_cast<v1::Polarity>(ind.polarity));
  out->set_periodicity(static_cast<v1::Periodicity>(ind.periodicity));
  auto* a = out->mutable_aggregation();
  a->set_kind(static_cast<v1::AggregationKind>(ind.aggregation.kind));
  a->set_numerator_code(ind.aggregation.numerator);
  a->set_denominator_code(ind.aggregation.denominator);
  if (ind.aggregation.kind == AggregationKind::kRatio) a->set_scale(ind.aggregation.scale);
  a->set_weight_code(ind.aggregation.weight);
  for (const Dimension& d : ind.dimensions) {
    auto* pd = out->add_dimensions();
    pd->set_name(d.name);
    for (const auto& v : d.values) pd->add_values(v);
  }
  out->set_ranking_allowed(ind.ranking_allowed);
  if (ind.min_value.has_value()) out->set_min_value(*ind.min_value);
  if (ind.max_value.has_value()) out->set_max_value(*ind.max_value);
  if (ind.gap.has_value()) ToProto(*ind.gap, out->mutable_gap());
  out->set_node_id(IndicatorNodeId(ind.code));
  out->set_created_micros(ind.created_micros);
}

absl::StatusOr<GapDefinition> FromProto(const v1::GapDefinition& in) {
  if (in.kind() > v1::GAP_KIND_RATIO) return Unknown("gap kind", in.kind());
  return GapDefinition{.base = in.base_code(),
                       .dimension = in.dimension(),
                       .focus = in.focus(),
                       .reference = in.reference(),
                       .kind = in.kind() == v1::GAP_KIND_RATIO ? analytics::GapKind::kRatio
                                                               : analytics::GapKind::kDifference};
}

void ToProto(const GapDefinition& gap, v1::GapDefinition* out) {
  out->set_base_code(gap.base);
  out->set_dimension(gap.dimension);
  out->set_focus(gap.focus);
  out->set_reference(gap.reference);
  out->set_kind(static_cast<v1::GapKind>(gap.kind));
}

Breakdown FromProto(const google::protobuf::Map<std::string, std::string>& map) {
  return Breakdown(map.begin(), map.end());
}

absl::StatusOr<Observation> FromProto(const v1::Observation& in) {
  Observation o;
  o.indicator_code = in.indicator_code();
  o.unit_key = in.unit_key();
  o.period = in.period();
  o.breakdown = FromProto(in.breakdown());
  if (in.has_value()) o.value = in.value();
  for (int f : in.flags()) {
    bool known = false;
    for (const auto& k : kFlags) {
      if (k.proto == f) {
        o.flags |= k.flag;
        known = true;
      }
    }
    if (!known) return Unknown("observation flag", f);
  }
  o.footnote = in.footnote();
  o.series_break = in.series_break();
  o.source = in.source();
  return o;
}

void AddFlags(uint8_t flags, google::protobuf::RepeatedField<int>* out) {
  for (const auto& k : kFlags) {
    if (flags & k.flag) out->Add(k.proto);
  }
}

void ToProto(const Observation& o, v1::Observation* out) {
  out->set_indicator_code(o.indicator_code);
  out->set_unit_key(o.unit_key);
  out->set_period(o.period);
  for (const auto& [k, v] : o.breakdown) (*out->mutable_breakdown())[k] = v;
  if (o.value.has_value()) out->set_value(*o.value);
  AddFlags(o.flags, out->mutable_flags());
  out->set_footnote(o.footnote);
  out->set_series_break(o.series_break);
  out->set_source(o.source);
  out->set_recorded_micros(o.recorded_micros);
  out->set_revision(o.revision);
  out->set_sequence(o.sequence);
  out->set_derivation(o.derivation);
}

std::string AuditText(const v1::Observation& o) {
  std::string out = absl::StrCat(o.indicator_code(), " ", o.unit_key(), " ", o.period());
  std::map<std::string, std::string> breakdown(o.breakdown().begin(), o.breakdown().end());
  for (const auto& [k, v] : breakdown) absl::StrAppend(&out, " ", k, "=", v);
  absl::StrAppend(&out, " = ", o.has_value() ? absl::StrCat(o.value()) : std::string("(none)"));
  for (int f : o.flags()) {
    absl::StrAppend(&out, " ", v1::ObservationFlag_Name(static_cast<v1::ObservationFlag>(f)));
  }
  return out;
}

std::string AuditText(const v1::Target& t) {
  std::string out = absl::StrCat("target ", t.key().indicator_code(), " ", t.key().unit_key(), " ",
                                 t.key().target_period());
  std::map<std::string, std::string> breakdown(t.key().breakdown().begin(),
                                               t.key().breakdown().end());
  for (const auto& [k, v] : breakdown) absl::StrAppend(&out, " ", k, "=", v);
  absl::StrAppend(&out, " = ", t.target_value());
  return out;
}

void ToProto(const Observation& o, const security::Principal& caller, v1::Observation* out) {
  ToProto(o, out);
  if (!security::RevealsValue(caller, o.unit_key, (o.flags & monitoring::kFlagSuppressed) != 0)) {
    out->clear_value();
  }
}

int ToProto(const std::vector<RowRejection>& rejected,
            google::protobuf::RepeatedPtrField<v1::RowRejection>* out, int limit) {
  for (const RowRejection& r : rejected) {
    if (out->size() >= limit) break;
    auto* p = out->Add();
    p->set_index(r.index);
    p->set_code(absl::StatusCodeToString(r.status.code()));
    p->set_reason(std::string(r.status.message()));
  }
  return static_cast<int>(rejected.size());
}

}  // namespace integra::api
