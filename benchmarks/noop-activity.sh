#!/usr/bin/env bash
# The no-op activity benchmark of issue 3: in one run, a no-op `ibridge run --activity check` over a
# generated 150-unit workspace model against a no-op `cargo check` of the matching 150-crate cargo
# workspace.
#
#   benchmarks/noop-activity.sh [--smoke] [--units N] [--reps R] [--seed S] [--keep DIR]
#
#   --smoke   8 units, 1 repetition: proves the whole path works (CI runs this).
#   --units   units and crates (150).  --reps  measured repetitions of each command (7).
#   --seed    the generator's seed (42).  --keep  work in DIR and leave it there (default: a
#             temporary directory, removed afterwards).
#
# Steps: generate both workspaces (gen-noop-workspace.sh); `cargo check` once to build everything;
# `ibridge run --activity check` once to fill the store; then R rounds, each timing one no-op
# `cargo check` and one no-op `ibridge run`, alternately, so both see the same machine load.
# The ibridge time is `./ibridge run ...` end to end (the launcher, with its JVM options, and JVM
# start included), as a user sees it; its `--timing` line gives the time inside the activity too.
# Fails (exit 1) when cargo is missing, a command fails, or a no-op ibridge run computes anything.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

units=150
reps=7
seed=42
keep=""
while (($#)); do
  case "$1" in
    --smoke) units=8; reps=1 ;;
    --units) units=$2; shift ;;
    --reps) reps=$2; shift ;;
    --seed) seed=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "noop-activity.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if ! [[ $reps =~ ^[0-9]+$ ]] || ((reps < 1)); then
  echo "noop-activity.sh: --reps must be a positive number, got $reps" >&2
  exit 2
fi

# shellcheck source=../emitters/rust/cargo-env.sh
. "$root/emitters/rust/cargo-env.sh"

# Builds the jar when it is missing or stale, outside the timed part.
"$root/ibridge" --version >/dev/null

if [[ -n "$keep" ]]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ibridge-noop-XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/ws" "$work/store"

now_ns() { date +%s%N; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "== machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "== $(cargo --version); $(java -version 2>&1 | head -n 1); IBRIDGE_JAVA_OPTS=${IBRIDGE_JAVA_OPTS-(unset)}"
echo "== generating $units units (seed $seed) in $work/ws"
"$here/gen-noop-workspace.sh" "$work/ws" "$units" "$seed"

cargo_check() {
  (cd "$work/ws/cargo" && CARGO_TARGET_DIR="$work/ws/cargo/target" cargo check --offline -q --workspace)
}
ibridge_run() {
  "$root/ibridge" run --workspace "$work/ws/workspace.json" --activity check --store "$work/store" --timing
}

echo "== warm-up: cargo check (builds every crate), ibridge run (fills the store)"
start=$(now_ns)
cargo_check
echo "cargo check, cold: $((($(now_ns) - start) / 1000000)) ms"
start=$(now_ns)
ibridge_run
echo "ibridge run, cold: $((($(now_ns) - start) / 1000000)) ms"

cargo_ms=()
ibridge_ms=()
activity_ms=()
for ((r = 1; r <= reps; r++)); do
  start=$(now_ns)
  cargo_check
  cargo_ms+=("$(((($(now_ns) - start) + 500000) / 1000000))")

  start=$(now_ns)
  out=$(ibridge_run)
  ibridge_ms+=("$(((($(now_ns) - start) + 500000) / 1000000))")
  summary=$(sed -n 1p <<<"$out")
  if ! [[ $summary =~ \ 0\ computed\; ]]; then
    echo "noop-activity.sh: the no-op ibridge run computed something: $summary" >&2
    exit 1
  fi
  activity_ms+=("$(sed -n 's/^timing: activity \([0-9.]*\) ms.*/\1/p' <<<"$out")")
  echo "round $r: cargo check ${cargo_ms[-1]} ms; ibridge run ${ibridge_ms[-1]} ms (activity ${activity_ms[-1]} ms): $summary"
done

cargo_median=$(printf '%s\n' "${cargo_ms[@]}" | median)
ibridge_median=$(printf '%s\n' "${ibridge_ms[@]}" | median)
activity_median=$(printf '%s\n' "${activity_ms[@]}" | median)
echo "== results: $units units, $reps repetitions each, medians; $(uptime | sed 's/.*load/load/')"
echo "no-op cargo check:           $cargo_median ms"
echo "no-op ibridge run (CLI):     $ibridge_median ms, JVM start included"
echo "  of which in the activity:  $activity_median ms"
awk -v i="$ibridge_median" -v c="$cargo_median" -v a="$activity_median" 'BEGIN {
  printf "ratio ibridge CLI / cargo:   %.2f\n", i / c
  printf "ratio activity / cargo:      %.2f\n", a / c
}'
