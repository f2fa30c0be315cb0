#!/usr/bin/env bash
# Installs what integra needs to build, test and run on Debian 12. Idempotent: checks each
# package and runs `apt-get update` + `apt-get install` only when something is missing.
# Usage: deploy/install-deps.sh [--with-bench]
# PostgreSQL and libpq are part of the default set: bench/ (built by default) links libpq and
# its CTest smoke test starts a throw-away PostgreSQL. --with-bench is accepted for
# compatibility and changes nothing. openssl (the command) generates the certificates of the TLS
# tests at test time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libboost-graph-dev libabsl-dev
  libgtest-dev libgmock-dev
  libcsv-dev libutf8proc-dev libxlsxwriter-dev
  libcpp-httplib-dev
  postgresql libpq-dev
  openssl
)
for arg in "$@"; do
  case "$arg" in
    --with-bench) ;;  # no-op: the bench's packages are in the default set
    *) echo "install-deps: ignoring unknown argument '$arg'" >&2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
