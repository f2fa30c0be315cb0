#!/usr/bin/env bash
# Builds the demo's observation files from the official reference data in data/reference/,
# plus clearly labelled SYNTHETIC values for indicators that have no open data.
# Deterministic: the same inputs always give byte-identical outputs (no clock, no RNG state:
# synthetic values come from a hash of unit key, indicator and year). Needs only bash + awk.
#
# Usage: deploy/make-demo-data.sh OUT_DIR
# Writes (long format: ags,indicator,period,value,flags,source,breakdown):
#   OUT_DIR/obs_inkar.csv      real Kreis series 1995-2022 (INKAR, BBSR Bonn)
#   OUT_DIR/obs_zensus.csv     real Gemeinde snapshot 2022 (Zensus 2022)
#   OUT_DIR/obs_synthetic.csv  synthetic Kreis series 2015-2022, flag "synthetic"
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make-demo-data.sh OUT_DIR}
mkdir -p "$out"
ref=data/reference
header='ags,indicator,period,value,flags,source,breakdown'

# --- INKAR: one row per Kreis and year, one column per indicator -> long format.
awk -F, -v header="$header" '
BEGIN {
  map["share_foreign"] = "AUSL_ANTEIL"
  map["unemployment_rate"] = "ALO_QUOTE"
  map["youth_unemployment_rate"] = "ALO_U25_QUOTE"
  map["share_longterm_unemployed"] = "ALO_LANGZEIT_ANTEIL"
  map["share_abitur"] = "SCHULABG_ABITUR"
  map["share_no_degree"] = "SCHULABG_OHNE_ABSCHLUSS"
  map["apprentices_per_100"] = "AZUBI_QUOTE"
  map["share_low_income_hh"] = "NIEDRIGEINK_HH_ANTEIL"
  map["childcare_under3"] = "BETREUUNG_U3"
  map["childcare_3to6"] = "BETREUUNG_3_6"
  map["rent_level"] = "MIETPREIS"
  print header
}
NR == 1 { for (i = 1; i <= NF; i++) col[i] = $i; next }
{
  for (i = 3; i <= NF; i++) {
    if ((col[i] in map) && $i != "") {
      printf "%s,%s,%s,%s,,INKAR BBSR Bonn,\n", $1, map[col[i]], $2, $i
    }
  }
}' "$ref/inkar_kreise_indicators_1995_2022.csv" > "$out/obs_inkar.csv"

# --- Zensus 2022: Gemeinde snapshot. Names may hold quoted commas: drop the name column first.
# Keys that no longer exist in the 2023 register (municipal mergers since the census) are left
# out and listed in OUT_DIR/zensus_keys_not_in_register.txt.
cut -d, -f1 "$ref/gemeinden_gv100ad_2023-11-30.csv" | tail -n +2 > "$out/.register_keys"
sed -E 's/^([0-9]{8}),("[^"]*"|[^,]*),/\1,/' "$ref/zensus2022_gemeinden.csv" |
awk -F, -v header="$header" -v keys="$out/.register_keys" -v dropped="$out/zensus_keys_not_in_register.txt" '
BEGIN { print header; src = "Zensus 2022"; while ((getline k < keys) > 0) known[k] = 1; printf "" > dropped }
NR == 1 { for (i = 3; i <= NF; i++) idx[$i] = i - 1; next }   # header keeps the name column
!($1 in known) { print $1 > dropped; next }
{
  ags = $1; pop = $idx["population_census22"]
  foreign = $idx["share_foreign_census22"]; migbg = $idx["share_migration_bg_census22"]
  if (pop != "") printf "%s,BEV_INSGESAMT,2022,%s,,%s,\n", ags, pop, src
  if (foreign != "") {
    printf "%s,AUSL_ANTEIL,2022,%s,,%s,\n", ags, foreign, src
    if (pop != "") printf "%s,AUSL_ANZAHL,2022,%d,estimated,%s (Anteil x Bevoelkerung),\n", ags, int(foreign * pop / 100 + 0.5), src
  } else {
    printf "%s,AUSL_ANTEIL,2022,,suppressed,%s,\n", ags, src
  }
  if (migbg != "") printf "%s,MIGH_ANTEIL,2022,%s,,%s,\n", ags, migbg, src
  else printf "%s,MIGH_ANTEIL,2022,,suppressed,%s,\n", ags, src
}' > "$out/obs_zensus.csv"
rm -f "$out/.register_keys"

# --- Synthetic Kreis values 2015-2022, flag "synthetic". Each Kreis gets a stable level from a
# hash of its key, a gentle trend and small year-to-year noise; some levels lean on the Kreis's
# real share of foreigners so the picture is plausible. Unemployment by nationality is derived
# from the REAL total rate (synthetic split, labelled synthetic).
awk -F, -v header="$header" '
function hash(key, salt,   x, i) {            # deterministic pseudo-random in [0,1)
  x = (key * 7919 + salt * 104729) % 2147483647
  for (i = 0; i < 4; i++) x = (x * 48271) % 2147483647
  return x / 2147483647
}
function emit(k, code, y, v, digits, breakdown) {
  printf "%s,%s,%d,%.*f,synthetic,integra demo (synthetisch),%s\n", k, code, y, digits, v, breakdown
}
function clamp(v, lo, hi) { return v < lo ? lo : (v > hi ? hi : v) }
BEGIN { print header }
NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
{
  k = $1; y = $2 + 0
  if (y == 2022) foreign[k] = $idx["share_foreign"]
  if (y >= 2015 && $idx["unemployment_rate"] != "") alo[k, y] = $idx["unemployment_rate"]
  keys[k] = 1
}
END {
  for (k in keys) {
    n = k + 0; f = foreign[k] + 0
    for (y = 2015; y <= 2022; y++) {
      t = y - 2015
      noise = hash(n, y) - 0.5
      emit(k, "SGB2_QUOTE_AUSL", y, clamp(12 + 14 * hash(n, 1) - 0.6 * t + 1.5 * noise, 2, 40), 1, "")
      emit(k, "EINBUERG_QUOTE", y, clamp(1.2 + 2.0 * hash(n, 2) + 0.08 * t + 0.3 * noise, 0.2, 6), 2, "")
      emit(k, "INTEGRATIONSRAT_WAHLBETEILIGUNG", y, clamp(6 + 14 * hash(n, 3) + 2 * noise, 2, 40), 1, "")
      emit(k, "VERWALTUNG_MIGH_ANTEIL", y, clamp(0.45 * f + 6 * hash(n, 4) + 0.5 * t + noise, 1, 45), 1, "")
      emit(k, "GEWERBE_AUSL_ANTEIL", y, clamp(0.9 * f + 10 * hash(n, 5) + 0.4 * t + 2 * noise, 2, 60), 1, "")
      emit(k, "FREMDENFEINDL_DELIKTE", y, clamp(2 + 10 * hash(n, 6) - 0.1 * t + 2 * noise, 0, 30), 1, "")
      emit(k, "NETZWERK_AKTEURE", y, clamp(1 + 5 * hash(n, 7) + 0.15 * t + 0.5 * noise, 0.2, 12), 2, "")
      emit(k, "EHRENAMT_QUOTE", y, clamp(2 + 6 * hash(n, 8) + (y == 2016 ? 2 : 0) - 0.2 * t + noise, 0.5, 15), 1, "")
      emit(k, "MONITORING_BERICHTE", y, (hash(n, 9) < 0.45 ? 0 : int(hash(n * 3, y) * 2.99)), 0, "")
      if ((k, y) in alo) {
        total = alo[k, y]
        emit(k, "ALO_QUOTE", y, clamp(total * (0.78 + 0.1 * hash(n, 10)), 0.5, 30), 1, "nationality=deutsch")
        emit(k, "ALO_QUOTE", y, clamp(total * (1.8 + 1.2 * hash(n, 11)) + noise, 1, 50), 1, "nationality=auslaendisch")
      }
    }
  }
}' "$ref/inkar_kreise_indicators_1995_2022.csv" | { read -r h; echo "$h"; LC_ALL=C sort; } > "$out/obs_synthetic.csv"

for f in obs_inkar obs_zensus obs_synthetic; do
  echo "make-demo-data: $out/$f.csv $(($(wc -l < "$out/$f.csv") - 1)) rows"
done
