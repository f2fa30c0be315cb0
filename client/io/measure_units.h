// The units of measure of the indicator catalog (rows.h kMeasureUnits, the service's
// MeasureUnit) as the export formats write them: a German label for people (Open SDG's Units
// column and computation_units, the SDMX code list's names) and a code of integra's SDMX code
// list CL_UNIT_MEASURE. Pure.
#pragma once

#include <string>
#include <string_view>

namespace integra::io {

// German label: percent "Prozent", count "Anzahl", per_1000_inhabitants "je 1.000
// Einwohner", per_100000_inhabitants "je 100.000 Einwohner", eur "Euro", eur_per_inhabitant
// "Euro je Einwohner", index "Index", years "Jahre", other "sonstige Einheit"; "" for an
// unknown word. `unit_label` (the catalog's free text, e.g. "Personen" or "EUR je m²") wins
// when it is set.
std::string MeasureUnitLabelDe(std::string_view unit, std::string_view unit_label = "");

// SDMX code: the unit word upper-case (PERCENT, COUNT, PER_1000_INHABITANTS, ..., OTHER); ""
// for an empty or unknown word (an unknown unit text counts as "other" in the catalog, so
// callers pass "other" for it).
std::string SdmxUnitMeasureCode(std::string_view unit);

}  // namespace integra::io
