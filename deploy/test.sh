#!/usr/bin/env bash
# README command 2: builds the dev preset and runs the whole test suite (unit, service, e2e),
# after checking the layering rule (domain and storage layers never include gRPC/protobuf).
set -euo pipefail
cd "$(dirname "$0")/.."

leaks=$(grep -rlE '#include *[<"](grpcpp/|grpc\+\+/|[^">]*\.pb\.h)' storage services/knowledge \
          services/monitoring services/scorecard 2>/dev/null || true)
if [[ -n "$leaks" ]]; then
  echo "layering violation: these domain/storage files include gRPC or protobuf headers:" >&2
  echo "$leaks" >&2
  exit 1
fi

cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
