#!/usr/bin/env bash
# README command 1: installs dependencies, builds the release preset and the dashboard (web/,
# npm + Vite), starts integrad on ./var/integra (embedded RocksDB) with the gRPC API and the
# HTTP port (dashboard and JSON API), loads the demo content, prints an example and the URL.
# Re-running restarts the server with the freshly built binary; data in ./var/integra is kept.
# The demo's ADMIN token is var/admin.token (mode 0600), created on first run; integrad runs with
# --allow-anonymous-read, so reads need no token and writes use that file.
# Stop the server with: kill $(cat var/integrad.pid)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash deploy/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target integrad integra
# The dashboard: static assets in web/dist that integrad serves at / on the HTTP port.
(cd web && npm ci --no-audit --no-fund --loglevel=error && npx vite build --logLevel warn)

data_dir=${INTEGRA_DATA_DIR:-$root/var/integra}
listen=${INTEGRA_LISTEN:-127.0.0.1:50051}
http=${INTEGRA_HTTP:-127.0.0.1:8080}
mkdir -p "$root/var"
pidfile=$root/var/integrad.pid
log=$root/var/integrad.log
bin=$root/build/release

if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "demo: stopping the running integrad (pid $(cat "$pidfile"))"
  kill -TERM "$(cat "$pidfile")"
  for _ in $(seq 1 100); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
fi

# A local ADMIN token for loading, made offline while no integrad holds the data dir. A token
# file that the data dir does not know (a removed or other data dir) is replaced.
token_file=$root/var/admin.token
integrad_bin=$bin/services/integrad/integrad
token_known() {
  [[ -s "$token_file" && -d "$data_dir" ]] || return 1
  local id
  id=$(cut -c5-20 "$token_file")
  "$integrad_bin" admin token list --data-dir "$data_dir" 2>/dev/null | grep -q "^$id .* -  *demo-admin\$"
}
if ! token_known; then
  if ! (umask 077 && "$integrad_bin" admin token create --data-dir "$data_dir" \
          --name demo-admin --role ADMIN >"$token_file.new" 2>"$root/var/admin-token.err"); then
    echo "demo: cannot create the ADMIN token:" >&2
    cat "$root/var/admin-token.err" >&2
    rm -f "$token_file.new"
    exit 1
  fi
  mv "$token_file.new" "$token_file"
  rm -f "$root/var/admin-token.err"
  echo "demo: created an ADMIN token in $token_file (mode 0600)"
fi
chmod 600 "$token_file"

nohup "$bin/services/integrad/integrad" --data-dir "$data_dir" --listen "$listen" \
  --http "$http" --web-root "$root/web/dist" --allow-anonymous-read >"$log" 2>&1 &
echo $! >"$pidfile"
for _ in $(seq 1 100); do
  grep -q "serving on" "$log" 2>/dev/null && break
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "demo: integrad failed to start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "demo: $(grep -h "serving on" "$log" | head -1) (pid $(cat "$pidfile"), log $log)"

cli="$bin/client/integra --server $listen"
if [[ -x deploy/load-demo.sh ]]; then
  INTEGRA="$cli --token-file $token_file" bash deploy/load-demo.sh
fi

# One example query, run for real: the scorecard joins the peer comparison with the knowledge
# base (where Köln lags its peers, in which action field, and what the knowledge base links to
# it). Printed up to the first field that is not lagging; the full report has every field.
echo
echo "Example: $cli scorecard --unit 05315 --period 2021"
echo
$cli scorecard --unit 05315 --period 2021 | awk '/^== /{n++} n<2'
echo "  ... (every action field in the full report)"

cat <<EOT

integra is running. Open the dashboard:   http://$http/
  (find a municipality, e.g. Köln; scorecard, indicator chart, peers, map, knowledge graph)
The same API as JSON over HTTP (docs/http.md), e.g.
  curl -s -H 'Content-Type: application/json' -d '{"query":"Köln"}' http://$http/integra.v1.MonitoringService/SearchUnits

On the command line:
  $cli kb list --type action_field
  $cli kb neighbors af.information-evaluation
  $cli compare --unit 05315 --indicator SCHULABG_OHNE_ABSCHLUSS --period 2021
  $cli series --indicator AUSL_ANTEIL --unit 05315,09162 --from 2012 --to 2022
  $cli target status --indicator BETREUUNG_U3 --unit 05315 --period 2025
  $cli scorecard --unit 05315 --period 2021 --format markdown

Reads need no token (integrad runs with --allow-anonymous-read; confidential values stay
hidden). Writes need one: the demo's ADMIN token is in $token_file (mode 0600), e.g.
  $cli --token-file $token_file obs put ...
  $bin/services/integrad/integrad admin token --help   (more tokens, offline)

Stop it with: kill \$(cat var/integrad.pid)
EOT
