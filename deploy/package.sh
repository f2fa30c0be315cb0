#!/usr/bin/env bash
# Builds the Debian package: dependencies, the release build of integrad and integra, the
# dashboard (npm + Vite), then `cpack -G DEB`. Output: build/release/integra_<version>_<arch>.deb
# Install it with: apt install ./build/release/integra_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target integrad integra
(cd web && npm ci --no-audit --no-fund --loglevel=error && npx vite build --logLevel warn)
(cd build/release && cpack -G DEB)
ls -1 build/release/integra_*.deb
