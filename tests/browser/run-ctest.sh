#!/usr/bin/env bash
# CTest entry of the browser test (label "browser"): installs the web dependencies from
# web/package-lock.json (npm ci, from the npm cache when offline), builds the dashboard with Vite
# into web/dist, then runs tests/browser/run.mjs against a fresh integrad with the demo data.
# Usage: run-ctest.sh INTEGRAD INTEGRA_CLI SCREENSHOT_DIR
set -euo pipefail
integrad=$1 cli=$2 shots=$3
root=$(cd "$(dirname "$0")/../.." && pwd)

missing=()
for c in node npm pdftotext pdfinfo; do command -v "$c" >/dev/null || missing+=("$c"); done
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || missing+=("chromium")
if (( ${#missing[@]} )); then
  echo "browser test: missing ${missing[*]} - run deploy/install-deps.sh" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "browser test: node $(node --version) is too old: web/ (Vite 8, playwright-core) needs node >= 20.19" >&2
  exit 1
fi

cd "$root/web"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
npx vite build --logLevel warn
exec node "$root/tests/browser/run.mjs" --integrad "$integrad" --cli "$cli" \
  --web-root "$root/web/dist" --screenshots "$shots"
