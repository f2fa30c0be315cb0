#!/usr/bin/env bash
# ThreadSanitizer over the project's own concurrency tests (ctest label-free: the binaries run
# directly). Debian's gRPC, abseil and RocksDB are not built with TSan, so the tests chosen here
# are those whose threads meet in integra's code (the store's write lock and snapshots, the change
# notifier, import jobs, the scorecard and graph analytics run from several threads, a read
# replica's catch-up beside its readers, online backups) without a gRPC server;
# tests/sanitizers/tsan.supp lists what is suppressed and why.
# Usage: bash deploy/test-tsan.sh [gtest filter]
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-*}"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/sanitizers/tsan.supp"
export INTEGRA_BIN_DIR="$PWD/build/tsan"
failed=0
for t in storage_test monitoring_test monitoring_queries_test scorecard_test knowledge_test security_test \
         backup_test; do
  echo "== $t"
  if ! "build/tsan/tests/$t" --gtest_brief=1 --gtest_filter="$filter"; then
    echo "FAILED under ThreadSanitizer: $t" >&2
    failed=1
  fi
done
exit $failed
