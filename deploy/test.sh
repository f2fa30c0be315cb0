#!/usr/bin/env bash
# README command 2: installs what is missing (deploy/install-deps.sh, idempotent: nothing to do
# after command 1), builds the dev preset and runs the whole test suite (unit, service, e2e,
# browser), after checking the layering rules (common, storage and the domain layers, security
# included, never include gRPC/protobuf; common and services/analytics never include RocksDB or
# storage).
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh

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

cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
