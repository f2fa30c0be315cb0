#!/usr/bin/env bash
# Loads the demo content into a running integrad. Called by deploy/demo.sh (README command 1)
# with INTEGRA set to the CLI invocation, e.g. "build/release/client/integra --server HOST:PORT".
# Every load is idempotent: running it again reports 0 changes.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${INTEGRA:?set INTEGRA to the integra CLI invocation (including --server)}"

# Knowledge base: the seed from Roth (2017), see docs/knowledge.md.
$INTEGRA kb load data/knowledge/seed.textproto
