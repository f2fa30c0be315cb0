#include "client/monitoring_format.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client/command.h"

namespace integra::cli {
namespace {

std::string Strip(const std::string& full, const std::string& prefix) {
  return absl::AsciiStrToLower(full.substr(full.rfind(prefix, 0) == 0 ? prefix.size() : 0));
}

}  // namespace

std::string FormatNumber(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", value);
  }
  return absl::StrFormat("%.15g", value);
}

std::string FormatMicros(int64_t micros) {
  if (micros == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

absl::StatusOr<int64_t> ParseTimeFlag(const std::string& text) {
  int64_t micros = 0;
  if (absl::SimpleAtoi(text, &micros)) return micros;
  absl::Time t;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return absl::ToUnixMicros(t);
  return absl::InvalidArgumentError(
      absl::StrCat("time '", text,
                   "' is neither RFC 3339 (2024-05-01T12:00:00Z) nor microseconds since "
                   "the epoch"));
}

absl::Status ParseBreakdownFlag(const std::string& text,
                                google::protobuf::Map<std::string, std::string>* out) {
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--breakdown '", text, "' must be dimension=value[,dimension=value...]"));
    }
    (*out)[std::string(absl::StripAsciiWhitespace(kv[0]))] =
        std::string(absl::StripAsciiWhitespace(kv[1]));
  }
  return absl::OkStatus();
}

std::string Name(v1::UnitType t) { return Strip(v1::UnitType_Name(t), "UNIT_TYPE_"); }
std::string Name(v1::UnitLevel l) { return Strip(v1::UnitLevel_Name(l), "UNIT_LEVEL_"); }
std::string Name(v1::SizeClass s) { return Strip(v1::SizeClass_Name(s), "SIZE_CLASS_"); }
std::string Name(v1::MeasureUnit u) { return Strip(v1::MeasureUnit_Name(u), "MEASURE_UNIT_"); }
std::string Name(v1::Polarity p) { return Strip(v1::Polarity_Name(p), "POLARITY_"); }
std::string Name(v1::Periodicity p) { return Strip(v1::Periodicity_Name(p), "PERIODICITY_"); }
std::string Name(v1::AggregationKind k) {
  return Strip(v1::AggregationKind_Name(k), "AGGREGATION_KIND_");
}

std::string FlagList(const v1::Observation& o) { return FlagList(o.flags()); }

std::string FlagList(const google::protobuf::RepeatedField<int>& flags) {
  std::vector<std::string> names;
  for (int f : flags) {
    names.push_back(
        Strip(v1::ObservationFlag_Name(static_cast<v1::ObservationFlag>(f)), "OBSERVATION_FLAG_"));
  }
  return absl::StrJoin(names, ",");
}

absl::StatusOr<int> ParseEnumFlag(const std::string& flag, const std::string& value,
                                  const google::protobuf::EnumDescriptor* descriptor,
                                  const std::string& prefix) {
  const auto* v = descriptor->FindValueByName(prefix + absl::AsciiStrToUpper(value));
  if (v != nullptr && v->number() != 0) return v->number();
  std::vector<std::string> names;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    if (descriptor->value(i)->number() == 0) continue;
    names.push_back(Strip(descriptor->value(i)->name(), prefix));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " '", value, "' is not one of: ", absl::StrJoin(names, ", ")));
}

void PrintObservations(const Context& ctx, const std::vector<const v1::Observation*>& obs,
                       const std::map<std::string, std::string>* names) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(obs.begin(), obs.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  std::vector<std::string> header = {"unit", "period",       "breakdown", "value", "flags",
                                     "rev",  "recorded_utc", "source",    "notes"};
  if (names != nullptr) header.insert(header.begin() + 1, "name");
  Table table(std::move(header));
  for (const v1::Observation* o : obs) {
    std::string value = o->has_value() ? FormatNumber(o->value()) : "";
    if (!o->has_value() && ctx.format == Format::kTable) {
      bool suppressed = std::find(o->flags().begin(), o->flags().end(),
                                  v1::OBSERVATION_FLAG_SUPPRESSED) != o->flags().end();
      // A computed value: see notes; otherwise the flags column says why there is none.
      value = !o->derivation().empty() ? "(n/a)" : suppressed ? "(suppressed)" : "(no value)";
    }
    std::vector<std::string> notes;
    if (!o->series_break().empty()) notes.push_back("| Bruch: " + o->series_break());
    if (!o->footnote().empty()) notes.push_back(o->footnote());
    if (!o->derivation().empty()) notes.push_back(o->derivation());
    std::vector<std::string> row = {o->unit_key(),
                                    o->period(),
                                    o->breakdown_text(),
                                    value,
                                    FlagList(*o),
                                    std::to_string(o->revision()),
                                    FormatMicros(o->recorded_micros()),
                                    o->source(),
                                    absl::StrJoin(notes, "; ")};
    if (names != nullptr) {
      auto it = names->find(o->unit_key());
      row.insert(row.begin() + 1, it != names->end() ? it->second : "");
    }
    table.AddRow(std::move(row));
  }
  PrintTable(ctx, table);
}

void PrintAttribution(const Context& ctx, const std::vector<const v1::Observation*>& obs) {
  if (ctx.format != Format::kTable) return;
  std::set<std::string> sources;
  bool synthetic = false;
  for (const auto* o : obs) {
    if (!o->source().empty()) sources.insert(o->source());
    for (int f : o->flags()) synthetic = synthetic || f == v1::OBSERVATION_FLAG_SYNTHETIC;
  }
  if (!sources.empty()) *ctx.out << "Quelle: " << absl::StrJoin(sources, "; ") << "\n";
  if (synthetic) *ctx.out << "Hinweis: synthetische Werte (SYNTHETIC), keine amtlichen Daten.\n";
}

}  // namespace integra::cli
