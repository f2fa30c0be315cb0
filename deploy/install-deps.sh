#!/usr/bin/env bash
# Installs what integra needs to build, test and run on Debian 12. Idempotent: checks each
# package and runs `apt-get update` + `apt-get install` only when something is missing.
# Usage: deploy/install-deps.sh [--with-bench] [--with-clang] [--build-only]
# PostgreSQL and libpq are part of the default set: bench/ (built by default) links libpq and
# its CTest smoke test starts a throw-away PostgreSQL. --with-bench is accepted for
# compatibility and changes nothing. openssl (the command) generates the certificates of the TLS
# tests at test time. chromium (headless, driven by playwright-core; never a downloaded browser),
# poppler-utils (pdftotext) and node/npm are for the dashboard build and its browser test.
# libminizip-dev writes and reads the zip archives of Open SDG bundles; libexpat1-dev parses the
# SDMX-ML structure messages in the tests. libnlopt-dev solves the synthetic-control weights of
# the evaluation (services/analytics/synthetic_control.cc). libtomlplusplus-dev reads integrad's
# configuration file; libspdlog-dev (with libfmt-dev) writes its log. --with-clang adds clang with
# its sanitizer and libFuzzer runtimes and clang-tidy: the `fuzz` preset (tests/fuzz/run.sh, part
# of README command 2) and deploy/tidy.sh; command 1 does not need them. dpkg-dev and file let
# CPack compute the Debian package's dependencies (deploy/package.sh); python3-yaml is for
# deploy/validate-deploy.py (ctest -L deploy). --build-only installs only what building
# integrad, integra and the package needs (the container build).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libboost-graph-dev libabsl-dev libnlopt-dev
  libgtest-dev libgmock-dev
  libcsv-dev libutf8proc-dev libxlsxwriter-dev libminizip-dev libexpat1-dev nlohmann-json3-dev
  libcpp-httplib-dev libtomlplusplus-dev libspdlog-dev
  postgresql libpq-dev
  openssl
  chromium poppler-utils
  dpkg-dev file python3-yaml
)
build_only=
for arg in "$@"; do
  case "$arg" in
    --with-bench) ;;  # no-op: the bench's packages are in the default set
    --with-clang) packages+=(clang libclang-rt-14-dev clang-tidy) ;;
    --build-only) build_only=1 ;;
    *) echo "install-deps: ignoring unknown argument '$arg'" >&2 ;;
  esac
done

if [[ -n "$build_only" ]]; then
  # What building integrad, integra and their Debian package needs, nothing for tests, the
  # benchmark or the dashboard (the container build: deploy/container/Dockerfile).
  packages=(
    build-essential cmake ninja-build pkg-config git dpkg-dev file
    libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
    librocksdb-dev libboost-graph-dev libabsl-dev libnlopt-dev libssl-dev zlib1g-dev
    libcsv-dev libutf8proc-dev libxlsxwriter-dev libminizip-dev libexpat1-dev nlohmann-json3-dev
    libcpp-httplib-dev libtomlplusplus-dev libspdlog-dev
  )
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# The dashboard (web/) builds with node + npm; Debian's packages unless a node is already on PATH
# (a NodeSource node ships its own npm and conflicts with Debian's npm package).
if [[ -z "$build_only" ]]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
# Vite 8 and playwright-core need node >= 20.19; Debian 12's own nodejs is 18 (Debian 13 has 20,
# or use NodeSource's node 20/22). Only a warning: the C++ build and tests do not need node.
node_check() {
  if command -v node >/dev/null && ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "install-deps: WARNING node $(node --version) is too old for the dashboard build (web/ needs node >= 20.19: Debian 13, or NodeSource node 20/22 on Debian 12)" >&2
  fi
}

if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all ${#packages[@]} packages present"
  node_check
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
node_check
echo "install-deps: done"
