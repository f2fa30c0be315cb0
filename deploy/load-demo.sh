#!/usr/bin/env bash
# Loads the demo content into a running integrad. Called by deploy/demo.sh (README command 1)
# with INTEGRA set to the CLI invocation with an ADMIN token, e.g.
# "build/release/client/integra --server HOST:PORT --token-file var/admin.token".
# Every load is idempotent: running it again reports 0 changes.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${INTEGRA:?set INTEGRA to the integra CLI invocation (including --server)}"

# Knowledge base: the seed from Roth (2017), see docs/knowledge.md.
$INTEGRA kb load data/knowledge/seed.textproto

# The official register: Bund, 16 Länder, 400 Kreise, 10,981 Gemeinden (parents first).
# Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD (dl-de/by-2-0).
$INTEGRA unit import data/reference/laender.csv
$INTEGRA unit import data/reference/kreise_gv100ad_2023-11-30.csv
$INTEGRA unit import data/reference/gemeinden_gv100ad_2023-11-30.csv

# The indicator catalog: metadata sheets and links to the action fields (data/demo/README.md).
$INTEGRA import indicators data/demo/indicators.csv

# Observations: real INKAR and Zensus figures plus clearly flagged synthetic values, built
# deterministically from data/reference/ by deploy/make-demo-data.sh. Re-importing is
# idempotent (unchanged values create no revision).
obs_dir=$(mktemp -d)
trap 'rm -rf "$obs_dir"' EXIT
deploy/make-demo-data.sh "$obs_dir" >/dev/null
for f in obs_inkar obs_zensus obs_synthetic; do
  $INTEGRA import observations "$obs_dir/$f.csv"
done

# Example targets (illustrative, set by integra's demo, not by the municipalities).
$INTEGRA import targets data/demo/targets.csv

# An example strategy of one municipality (goals and measures of Köln, Kreis key 05315):
# illustrative, invented by integra's demo ("Beispiel, frei erfunden"), not the city's. Needs the
# seed, the register and the indicator catalog above. See docs/knowledge.md ("Strategy").
$INTEGRA kb load data/strategy/05315-koeln.textproto
