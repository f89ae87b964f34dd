#!/usr/bin/env bash
# Measures cargo three ways in one run: plain, through the ibridge rustc wrapper, and through
# sccache (CARGO_INCREMENTAL=0), on the generated workspace (gen-workspace.sh) and on the fixture
# (examples/cargo-fixture). Cases: cold check, no-op, trailing comment at the root, private item
# at the root, public signature at the root, an edit of a leaf (a crate nothing depends on), a
# clean target with a warm cache, a second checkout at another path sharing the store, and check
# then clippy then build with the disk used. The bridge runs as `cargo ibridge` (the cargo-ibridge
# binary next to the wrapper). Each case is the median of RUNS runs; writes a markdown table with
# the ratio to plain cargo and whether it meets the target of issue #11.
# Usage: bench.sh [--smoke] [--runs R] [--cold-runs R] [--ccb-runs R] [--n N] [--no-fixture] [--out FILE]
#   --cold-runs, --ccb-runs  runs of the two slowest cases (default: RUNS)
#   --smoke  proves the benchmark runs: N=4, one run, no fixture (for CI).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=3
cold_runs=""
ccb_runs=""
n=150
fixture=1
out=""
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) runs=1; n=4; fixture=0 ;;
    --runs) runs=$2; shift ;;
    --cold-runs) cold_runs=$2; shift ;;
    --ccb-runs) ccb_runs=$2; shift ;;
    --n) n=$2; shift ;;
    --no-fixture) fixture=0 ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--smoke] [--runs R] [--cold-runs R] [--ccb-runs R] [--n N] [--no-fixture] [--out FILE]" >&2; exit 2 ;;
  esac
  shift
done
cold_runs=${cold_runs:-$runs}
ccb_runs=${ccb_runs:-$runs}
# shellcheck source=../../emitters/rust/cargo-env.sh
. "$repo/emitters/rust/cargo-env.sh"
wrapper=${IBRIDGE_RUSTC_WRAPPER:-$repo/emitters/rust/target/release/ibridge-rustc-wrapper}
front=$(dirname "$wrapper")/cargo-ibridge
if [ ! -x "$wrapper" ] || [ ! -x "$front" ]; then
  echo "bench: no wrapper or cargo-ibridge next to $wrapper; build them with: (cd emitters/rust && cargo build --release)" >&2
  exit 2
fi
sccache=$(command -v sccache || true)
if [ -z "$sccache" ]; then
  echo "bench: sccache is missing; install it with: apt-get install sccache" >&2
  exit 2
fi

work=$(mktemp -d)
export SCCACHE_SERVER_PORT=$((20000 + $$ % 10000))
cleanup() {
  SCCACHE_DIR="$work/none" "$sccache" --stop-server >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
modes=(plain bridge sccache)
table=$work/table.md

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1000000}'; }

secs() { awk -v ms="$1" 'BEGIN {printf "%.2f s", ms / 1000}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f×", a / b; else print "-"}'; }

# target CASE A B: issue #11's bound for CASE on A ÷ B, and whether it is met. For the disk, A is
# the bridge's bytes and B plain cargo's, and the bound is an upper one.
target() {
  local min
  case $1 in
    comment | warm) min=8 ;;
    second) min=5 ;;
    ccb) echo "-"; return ;;
    disk) awk -v a="$2" -v b="$3" 'BEGIN {if (b > 0 && a / b <= 1.05) print "≤ 1.05×: met"; else print "≤ 1.05×: missed"}'; return ;;
    *) min=0.95 ;;
  esac
  awk -v a="$2" -v b="$3" -v m="$min" 'BEGIN {if (b > 0 && a / b >= m) printf "≥ %s: met", m; else printf "≥ %s: missed", m}'
}

# bridged_cargo STORE ARGS...: cargo through the bridge, as `cargo ibridge ARGS...`.
bridged_cargo() {
  local store=$1
  shift
  IBRIDGE_STORE="$store" "$front" ibridge "$@"
}

# cargo_in DIR MODE ARGS...: runs cargo quietly in DIR (its checkout: $DIR/ws, or $WS when set)
# with MODE's environment.
cargo_in() {
  local dir=$1 mode=$2
  shift 2
  local env=(CARGO_TARGET_DIR="${TARGET:-$dir/target}") via=(cargo)
  case $mode in
    bridge) via=(bridged_cargo "$dir/target/ibridge") ;;
    sccache) env+=(RUSTC_WRAPPER="$sccache" CARGO_INCREMENTAL=0 SCCACHE_DIR="$dir/sccache") ;;
  esac
  (cd "${WS:-$dir/ws}" && export "${env[@]}" && "${via[@]}" "$@" -q) > /dev/null 2> "$dir/last.err" || {
    cat "$dir/last.err" >&2
    echo "bench: cargo $* failed in $mode" >&2
    exit 1
  }
}

# timed DIR MODE ARGS...: prints the milliseconds cargo took.
timed() {
  local t0
  t0=$(now_ms)
  cargo_in "$@"
  echo $(($(now_ms) - t0))
}

# unit_lines DIR [MARK]: the unit lines of the runs logged by `cargo ibridge` (in the wrapper's
# state dir next to the store), all of them or those of the runs after MARK.
unit_lines() {
  local runs=$1/target/ibridge-wrapper/runs
  [ -d "$runs" ] || return 0
  find "$runs" -name '*.log' ${2:+-newer "$2"} -exec cat {} + | { grep -v '^#' || true; }
}

# The bridge's counters since MARK: "H hit / C computed / P passed".
bridge_units() {
  unit_lines "$1" "$2" | awk '{c[$1]++} END {printf "%d hit / %d computed / %d passed", c["hit"], c["computed"] + c["unrecorded"], c["passthrough"]}'
}

# new_mark: a new mark, a file whose time precedes the runs that follow it.
new_mark() { mktemp "$work/mark.XXXXXX"; }

reset_caches() {
  local dir=$1 mode=$2
  rm -rf "$dir/target" "$dir/sccache"
  if [ "$mode" = sccache ]; then
    SCCACHE_DIR="$dir/sccache" "$sccache" --stop-server >/dev/null 2>&1 || true
    SCCACHE_DIR="$dir/sccache" "$sccache" --start-server >/dev/null 2>&1
  fi
}

edit() {
  local file=$1 kind=$2 k=$3
  case $kind in
    comment) echo "// bench edit $k" >> "$file" ;;
    private) sed -i "s|^fn bench_private() -> u32 { [0-9]* }|fn bench_private() -> u32 { $k }|" "$file" ;;
    public) sed -i "s|^pub fn bench_sig(x: \[u8; [0-9]*\])|pub fn bench_sig(x: [u8; $k])|" "$file" ;;
  esac
}

declare -A result units

# one_step NAME CASE MODE K: runs run K of CASE in MODE's copy and prints the milliseconds it took.
one_step() {
  local name=$1 case=$2 mode=$3 k=$4
  local dir=$work/$name-$mode t0
  case $case in
    cold) reset_caches "$dir" "$mode" ;;
    comment | private | public) edit "$dir/ws/$root" "$case" "$((k + 100 * ${#case}))" ;;
    leaf) edit "$dir/ws/$leaf" comment "$k" ;;
    warm) rm -rf "$dir/target/debug" ;;
    second) rm -rf "$dir/other-$k" && cp -r "$dir/ws" "$dir/other-$k" ;;
    ccb) reset_caches "$dir" "$mode" ;;
  esac
  t0=$(now_ms)
  case $case in
    second) WS=$dir/other-$k TARGET=$dir/other-target-$k cargo_in "$dir" "$mode" check ;;
    ccb)
      cargo_in "$dir" "$mode" check
      cargo_in "$dir" "$mode" clippy
      cargo_in "$dir" "$mode" build
      ;;
    *) cargo_in "$dir" "$mode" check ;;
  esac
  echo $(($(now_ms) - t0))
  if [ "$case" = second ]; then rm -rf "$dir/other-$k" "$dir/other-target-$k"; fi
}

# bench_workspace NAME SRC ROOT_FILE LEAF_FILE: every case, its runs, and within each run the three
# modes one after the other, so that they see the same load; each mode has its own copy.
bench_workspace() {
  local name=$1 src=$2
  root=$3
  leaf=$4
  local mode dir k case count mark
  for mode in "${modes[@]}"; do
    dir=$work/$name-$mode
    mkdir -p "$dir"
    cp -r "$src" "$dir/ws"
    rm -rf "$dir/ws/target" "$dir/ws/e2e.sh"
    printf '\n#[allow(dead_code)]\nfn bench_private() -> u32 { 0 }\n\npub fn bench_sig(x: [u8; 0]) -> u32 {\n    x.len() as u32\n}\n' >> "$dir/ws/$root"
  done
  for case in cold noop comment private public leaf warm second ccb; do
    case $case in
      cold) count=$cold_runs ;;
      ccb) count=$ccb_runs ;;
      *) count=$runs ;;
    esac
    echo "bench: $name, $case, $count run(s) of each mode, interleaved" >&2
    declare -A times=()
    for ((k = 1; k <= count; k++)); do
      for mode in "${modes[@]}"; do
        [ "$mode" = bridge ] && mark=$(new_mark)
        times[$mode]+="$(one_step "$name" "$case" "$mode" "$k") "
      done
    done
    for mode in "${modes[@]}"; do
      result[$name,$case,$mode]=$(printf '%s\n' ${times[$mode]} | median)
    done
    units[$name,$case]=$(bridge_units "$work/$name-bridge" "$mark")
    if [ "$case" = second ]; then
      result[$name,hitus,bridge]=$(unit_lines "$work/$name-bridge" | awk '$1 == "hit" {print $5}' | median)
      result[$name,hits,bridge]=$(unit_lines "$work/$name-bridge" | awk '$1 == "hit"' | wc -l)
    fi
  done
  for mode in "${modes[@]}"; do
    dir=$work/$name-$mode
    # One du over the target dir, which holds the store: a blob and its hard links count once.
    result[$name,disk,$mode]=$(du -sb "$dir/target" $( [ -d "$dir/sccache" ] && echo "$dir/sccache") | awk '{s += $1} END {print s}')
  done
  result[$name,store,bridge]=$(du -sb "$work/$name-bridge/target/ibridge" | awk '{print $1}')
  SCCACHE_DIR="$work/$name-sccache/sccache" "$sccache" --stop-server >/dev/null 2>&1 || true
}

write_table() {
  local name=$1 title=$2
  {
    echo
    echo "### $title"
    echo
    echo "| case | plain cargo | with the bridge | with sccache | plain ÷ bridge | target | plain ÷ sccache | bridge units |"
    echo "|---|---|---|---|---|---|---|---|"
    local case label
    for case in cold noop comment private public leaf warm second ccb; do
      case $case in
        cold) label="cold check (empty target and cache)" ;;
        noop) label="no-op check" ;;
        comment) label="trailing comment at the root" ;;
        private) label="private item edited at the root" ;;
        public) label="public signature changed at the root" ;;
        leaf) label="comment added to a leaf crate" ;;
        warm) label="clean target, warm cache, check" ;;
        second) label="second checkout at another path, shared store, first check" ;;
        ccb) label="check, then clippy, then build (cold)" ;;
      esac
      local p=${result[$name,$case,plain]} b=${result[$name,$case,bridge]} s=${result[$name,$case,sccache]}
      echo "| $label | $(secs "$p") | $(secs "$b") | $(secs "$s") | $(ratio "$p" "$b") | $(target "$case" "$p" "$b") | $(ratio "$p" "$s") | ${units[$name,$case]:--} |"
    done
    local pd=${result[$name,disk,plain]} bd=${result[$name,disk,bridge]} sd=${result[$name,disk,sccache]}
    echo "| disk after check, clippy, build | $(mb "$pd") target | $(mb "$bd") target with store (store $(mb "${result[$name,store,bridge]}")) | $(mb "$sd") target + cache | $(ratio "$pd" "$bd") | $(target disk "$bd" "$pd") | $(ratio "$pd" "$sd") | |"
    echo
    echo "Wrapper time per hit (median over ${result[$name,hits,bridge]} hits, measured inside the wrapper): ${result[$name,hitus,bridge]} µs (target ≤ 500 µs)."
  } >> "$table"
}

gen=$work/gen-src
"$here/gen-workspace.sh" "$n" "$gen" >/dev/null
bench_workspace gen "$gen" c000/src/lib.rs "$(printf 'c%03d' $((n - 1)))/src/lib.rs"
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(cargo --version), $("$sccache" --version), median of $runs run(s) ($cold_runs for the cold check, $ccb_runs for check-clippy-build)."
  echo "The bridge runs as \`cargo ibridge\`. Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
} > "$table"
write_table gen "Generated workspace: $n crates, each depending on up to 3 earlier ones"
if [ "$fixture" = 1 ]; then
  bench_workspace fixture "$repo/examples/cargo-fixture" crates/shapes/src/lib.rs crates/cli/src/main.rs
  write_table fixture "Fixture workspace (examples/cargo-fixture: 4 members, serde, serde_json, regex)"
fi
echo >> "$table"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$table"
cat "$table"
if [ -n "$out" ]; then
  cp "$table" "$out"
fi
