#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy over every project source and test (not the
# generated protobuf code), using build/dev/compile_commands.json. Exits non-zero on any finding.
# Takes ~20 min of CPU on 2 cores; not part of command 2 (README "Development").
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/dev/compile_commands.json ]] || cmake --preset dev >/dev/null
# The generated headers (*.pb.h) must exist.
cmake --build --preset dev --target integra_proto integra_test_protos >/dev/null
out=$(mktemp)
run-clang-tidy -quiet -j "$(nproc)" -p build/dev \
  '^'"$PWD"'/(common|storage|services|client|tests|bench)/.*\.cc$' >"$out" 2>/dev/null || true
# run-clang-tidy (LLVM 14) colours its output; strip the escapes before reading it.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^/.*: (warning|error):' | sort -u || true)
if [[ -n "$findings" ]]; then
  echo "$findings"
  echo "clang-tidy: $(echo "$findings" | wc -l) finding(s)" >&2
  exit 1
fi
echo "clang-tidy: clean ($(grep -c '"file"' build/dev/compile_commands.json) translation units in the database)"
