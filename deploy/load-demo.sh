#!/usr/bin/env bash
# Loads the demo content into a running integrad. Called by deploy/demo.sh (README command 1)
# with INTEGRA set to the CLI invocation, e.g. "build/release/client/integra --server HOST:PORT".
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
