#!/usr/bin/env bash
# Builds the `fuzz` preset (clang, libFuzzer, ASan+UBSan) and runs every fuzz target of
# tests/fuzz for a bounded time, one after the other (each run is single-core), then prints a
# table: target, executions, executions per second, coverage (edges and features), crashes.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      default: 60 s, every target
#   INTEGRA_FUZZ_NO_BUILD=1 tests/fuzz/run.sh ...           run the binaries build/fuzz holds
#
# Inputs that found new coverage go to $INTEGRA_FUZZ_WORK/corpus/<target> (default
# build/fuzz/runs), never into the repository's seed corpora; a crash, leak, timeout or
# out-of-memory input is saved as $INTEGRA_FUZZ_WORK/artifacts/<target>/<kind>-<sha1>, the run's
# log as $INTEGRA_FUZZ_WORK/logs/<target>.log. To keep a finding as a regression input, fix
# it and copy the artifact to tests/fuzz/corpus/<target>/regress-<what>, so that
# `ctest -L fuzz` replays it on every build. Exit status 1 if any target crashed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
seconds="${1:-60}"
shift || true
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=()
  for f in tests/fuzz/*_fuzz.cc; do
    name="$(basename "$f" _fuzz.cc)"
    targets+=("$name")
  done
fi

work="${INTEGRA_FUZZ_WORK:-$root/build/fuzz/runs}"
mkdir -p "$work/logs" "$work/tmp"

build_targets=()
for t in "${targets[@]}"; do build_targets+=("fuzz_$t"); done
if [[ -z "${INTEGRA_FUZZ_NO_BUILD:-}" ]]; then  # set it to run what build/fuzz holds
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz --target "${build_targets[@]}"
fi

# The service target keeps its data dir under TMPDIR; one per run, removed afterwards.
export TMPDIR="$work/tmp"
# UBSan findings end the run like ASan's (the preset builds with -fno-sanitize-recover).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

rows=()
failed=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t"
  log="$work/logs/$t.log"
  mkdir -p "$corpus" "$artifacts"
  touch "$work/tmp/start-$t"
  echo "== fuzz_$t for ${seconds}s" >&2
  status=0
  "build/fuzz/tests/fuzz/fuzz_$t" "$corpus" "tests/fuzz/corpus/$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  rm -rf "${TMPDIR:?}"/integra-fuzz-* 2>/dev/null || true  # data dirs, xlsx scratch files
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{print $2 " / " $4}')"
  crashes="$(find "$artifacts" -type f -newer "$work/tmp/start-$t" | wc -l)"
  if [[ $status -ne 0 || $crashes -gt 0 ]]; then
    failed=1
    echo "fuzz_$t: exit $status, see $log and $artifacts" >&2
  fi
  rows+=("$t|${execs:-?}|${rate:-?}|${cov:-?}|$crashes")
done

printf '\n%-18s %14s %10s %18s %8s\n' target executions exec/s "cov (edges/ft)" crashes
for row in "${rows[@]}"; do
  IFS='|' read -r t execs rate cov crashes <<<"$row"
  printf '%-18s %14s %10s %18s %8s\n' "$t" "$execs" "$rate" "$cov" "$crashes"
done
exit $failed
