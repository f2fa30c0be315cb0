#!/usr/bin/env bash
# README command 2: installs what is missing (deploy/install-deps.sh, idempotent: nothing to do
# after command 1), builds the asan preset (Debug with AddressSanitizer + UndefinedBehaviorSanitizer,
# so every test also checks memory errors, leaks and undefined behaviour) and runs the whole test
# suite (unit, service, e2e, crash, load, fuzz corpora, browser), then a bounded libFuzzer run of
# every fuzz target (the `fuzz` preset, clang; INTEGRA_FUZZ_SECONDS per target, default 20; 0
# skips it), after checking the layering rules (common, storage and the domain layers, security
# included, never include gRPC/protobuf; common and services/analytics never include RocksDB or
# storage).
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh --with-clang

leaks=$(grep -rlE '#include *[<"](grpcpp/|grpc\+\+/|[^">]*\.pb\.h)' common storage \
          services/analytics services/knowledge services/monitoring services/scorecard \
          services/security services/integrad/config.h services/integrad/config.cc \
          2>/dev/null || true)
if [[ -n "$leaks" ]]; then
  echo "layering violation: these domain/storage files include gRPC or protobuf headers:" >&2
  echo "$leaks" >&2
  exit 1
fi
# The floor (common) and the pure analytics know nothing of RocksDB or the storage layer.
leaks=$(grep -rlE '#include *[<"](rocksdb/|storage/)' common services/analytics 2>/dev/null || true)
if [[ -n "$leaks" ]]; then
  echo "layering violation: these common/analytics files include RocksDB or storage headers:" >&2
  echo "$leaks" >&2
  exit 1
fi

cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan
seconds="${INTEGRA_FUZZ_SECONDS:-20}"
if [[ "$seconds" != 0 ]]; then
  bash tests/fuzz/run.sh "$seconds"
fi
