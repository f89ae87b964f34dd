#!/usr/bin/env bash
# Rust and Java on the same store, in one run (issue 6): key derivations per second and in-process
# request latency of the Rust implementation (emitters/rust, bin ibridge-bench) next to the Java
# reference (dev.ibridge.benchmarks.SameStoreBench in benchmarks/target/benchmarks.jar).
#
#   benchmarks/rust-vs-java.sh [--smoke] [--units N] [--rounds R] [--keep DIR]
#
# Steps: build what is missing (the release ibridge-bench; the benchmarks jar when it is missing or
# older than the module's sources); generate an N-unit workspace (gen-noop-workspace.sh, default 150)
# and fill ONE store with `ibridge run --activity check`, then `build`, then `clippy`; then R rounds
# (default 3), each running the Rust benchmark and then the Java benchmark on that store, so both see
# the same machine load. Each benchmark process does its own warm-up rounds (Rust 1, Java 3 for the
# JIT) and 5 measured rounds, and prints one JSON line. The table gives the median of each figure
# over the R rounds. --smoke: 8 units, one round, one warm-up and one measured round in each process;
# it proves both benchmarks start and agree on the store.
# Fails (exit 1) when cargo or java is missing, a build fails, or a benchmark fails.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
crate="$root/emitters/rust"
bench="$crate/target/release/ibridge-bench"

units=150
rounds=3
inner=5
rust_warmups=1
java_warmups=3
keep=""
while (($#)); do
  case "$1" in
    --smoke) units=8; rounds=1; inner=1; java_warmups=1 ;;
    --units) units=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "rust-vs-java.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../emitters/rust/cargo-env.sh
. "$root/emitters/rust/cargo-env.sh"
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "rust-vs-java.sh: $tool is not on PATH; it is needed to build and run the benchmarks" >&2
    exit 1
  fi
done

echo "== building: ibridge-bench (cargo build --release), benchmarks.jar when stale"
(cd "$crate" && cargo build --release -q --bin ibridge-bench)
if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi

if [[ -n "$keep" ]]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ibridge-rvj-XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/ws" "$work/store"

echo "== the store: $units units, ibridge run --activity check, build, clippy"
"$here/gen-noop-workspace.sh" "$work/ws" "$units" >/dev/null
for activity in check build clippy; do
  "$root/ibridge" run --workspace "$work/ws/workspace.json" --activity "$activity" --store "$work/store" >/dev/null
done

echo "== $(uname -m), $(nproc) cores; $(cargo --version); $(java -version 2>&1 | head -n 1)"
echo "== load before: $(uptime)"
lines=()
for ((r = 1; r <= rounds; r++)); do
  rust=$("$bench" "$work/store" --rounds "$inner" --warmups "$rust_warmups")
  echo "round $r: $rust"
  java=$(java -cp "$jar" dev.ibridge.benchmarks.SameStoreBench "$work/store" --rounds "$inner" --warmups "$java_warmups")
  echo "round $r: $java"
  lines+=("$rust" "$java")
done
echo "== load after: $(uptime)"

# The median over the rounds of one field of one implementation's JSON lines.
median() {
  printf '%s\n' "${lines[@]}" | grep "\"impl\":\"$1\"" | sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
records_rust=$(median rust records)
records_java=$(median java records)
if [[ "$records_rust" != "$records_java" ]]; then
  echo "rust-vs-java.sh: the implementations see different records: Rust $records_rust, Java $records_java" >&2
  exit 1
fi

row() { # label, Rust value, Java value
  awk -v l="$1" -v r="$2" -v j="$3" 'BEGIN { printf "| %s | %s | %s | %.2f |\n", l, r, j, j / r }'
}
echo
echo "Same store: $records_rust records (the heads of $units units × check, build, clippy); medians of $rounds rounds."
echo
echo "| figure | Rust | Java | Java / Rust |"
echo "|---|---:|---:|---:|"
row "key derivations/s" "$(median rust keysPerSecond)" "$(median java keysPerSecond)"
row "request median µs (Java record cache warm)" "$(median rust requestMedianMicros)" "$(median java requestMedianMicros)"
row "request p99 µs (Java record cache warm)" "$(median rust requestP99Micros)" "$(median java requestP99Micros)"
row "request median µs (Java without record cache)" "$(median rust requestMedianMicros)" "$(median java requestMedianMicrosNoCache)"
row "request p99 µs (Java without record cache)" "$(median rust requestP99Micros)" "$(median java requestP99MicrosNoCache)"
