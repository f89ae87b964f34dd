#!/usr/bin/env bash
# Runs the ibridge JMH benchmarks and writes JMH's JSON results to benchmarks/results/.
#
#   benchmarks/run.sh [--smoke] [--build] [REGEX] [-- extra JMH options]
#
#   --smoke   every benchmark, one fork-less 100 ms iteration, no warm-up: proves each one starts
#             (results/smoke.json). The store benchmarks use a small store (-p units=200).
#   --build   rebuild target/benchmarks.jar first (it is built automatically when missing).
#   REGEX     which benchmarks to run (JMH include pattern), e.g. RecordCodec or Store.
#
# Full-run parameters come from the environment (defaults in brackets):
#   FORKS [1]  WARMUPS [3]  WARMUP_TIME [1s]  ITERATIONS [5]  ITERATION_TIME [1s]
#   RESULT [results/full.json, or results/smoke.json with --smoke]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

smoke=false
build=false
include=()
extra=()
while (($#)); do
  case "$1" in
    --smoke) smoke=true ;;
    --build) build=true ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) include+=("$1") ;;
  esac
  shift
done

if $build || [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -q -pl benchmarks -am package -DskipTests)
fi

mkdir -p "$here/results"
if $smoke; then
  result="${RESULT:-$here/results/smoke.json}"
  settings=(-f 0 -wi 0 -i 1 -r 100ms -p units=200)
else
  result="${RESULT:-$here/results/full.json}"
  settings=(-f "${FORKS:-1}" -wi "${WARMUPS:-3}" -w "${WARMUP_TIME:-1s}"
            -i "${ITERATIONS:-5}" -r "${ITERATION_TIME:-1s}")
fi

exec java -jar "$jar" "${settings[@]}" -rf json -rff "$result" \
  ${include[@]+"${include[@]}"} ${extra[@]+"${extra[@]}"}
