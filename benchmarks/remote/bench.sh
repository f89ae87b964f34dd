#!/usr/bin/env bash
# Measures what a fresh CI runner costs, in one run: each of cargo check, clippy and build on a
# fresh clone at a new path with an empty target, three ways, interleaved run by run:
#   plain    plain cargo;
#   bridge   cargo through the ibridge rustc wrapper with an empty local store and a warm remote
#            (nginx WebDAV on loopback, filled by a first clone's read-write run), with
#            IBRIDGE_PORTABLE_DEBUGINFO=1 as the README's CI recipe sets it;
#   sccache  sccache with a warm Redis (redis-server on loopback, SCCACHE_REDIS, filled the same
#            way), CARGO_INCREMENTAL=0; with an sccache built without Redis (Debian's 0.4 is), a warm
#            local disk cache shared by the clones instead, as the table then says.
# On the generated workspace (benchmarks/cargo/gen-workspace.sh) and on examples/cargo-fixture.
# Reports the median time of each step and the bytes moved over the network (nginx's request and
# response bytes; Redis's net input and output), and the bridge's hit counts. Writes markdown.
# Usage: bench.sh [--smoke] [--runs R] [--n N] [--no-fixture] [--out FILE]
#   --smoke  proves the benchmark runs: N=4, one run, no fixture (for CI).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=3
n=150
fixture=1
out=""
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) runs=1; n=4; fixture=0 ;;
    --runs) runs=$2; shift ;;
    --n) n=$2; shift ;;
    --no-fixture) fixture=0 ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--smoke] [--runs R] [--n N] [--no-fixture] [--out FILE]" >&2; exit 2 ;;
  esac
  shift
done
# shellcheck source=../../emitters/rust/cargo-env.sh
. "$repo/emitters/rust/cargo-env.sh"
wrapper=${IBRIDGE_RUSTC_WRAPPER:-$repo/emitters/rust/target/release/ibridge-rustc-wrapper}
[ -x "$wrapper" ] || { echo "bench: no wrapper at $wrapper; build it with: (cd emitters/rust && cargo build --release)" >&2; exit 2; }
for tool in nginx sccache redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install nginx sccache redis-server)" >&2; exit 2; }
done
sccache=$(command -v sccache)

# shellcheck source=../../examples/lib/nginx-dav.sh
. "$repo/examples/lib/nginx-dav.sh"

work=$(mktemp -d)
dav_port=$(free_port)
redis_port=$(free_port)
export SCCACHE_SERVER_PORT=$((20000 + $$ % 10000))
redis_pid=""
cleanup() {
  SCCACHE_DIR="$work/none" "$sccache" --stop-server >/dev/null 2>&1 || true
  nginx_dav_stop
  [ -z "$redis_pid" ] || { kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

nginx_dav_start "$work" "$dav_port" || exit 1
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --maxmemory 0 > "$work/redis.log" 2>&1 &
redis_pid=$!
wait_port "$redis_port" redis-server || exit 1

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.2f s", ms / 1000}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1000000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f×", a / b; else print "-"}'; }
# Bytes both ways so far: nginx's log, Redis's counters.
dav_bytes() { awk '{s += $1 + $2} END {print s + 0}' "$work/nginx/logs/bytes.log" 2>/dev/null || echo 0; }
redis_bytes() { redis-cli -p "$redis_port" info stats | tr -d '\r' | awk -F: '/^total_net_(input|output)_bytes/ {s += $2} END {print s + 0}'; }

# run DIR MODE INSTANCE REMOTE_MODE STEP: cargo STEP in the clone DIR with its own empty target
# (and, for the bridge, its own empty local store), quietly.
run() {
  local dir=$1 mode=$2 instance=$3 remote_mode=$4 step=$5
  local env=(CARGO_TARGET_DIR="$dir/target")
  case $mode in
    bridge) env+=(RUSTC_WRAPPER="$wrapper" IBRIDGE_STORE="$dir/store/ibridge" IBRIDGE_REMOTE="http://127.0.0.1:$dav_port/$instance"
                  IBRIDGE_REMOTE_MODE="$remote_mode" XDG_CONFIG_HOME="$dir/no-config" IBRIDGE_PORTABLE_DEBUGINFO=1) ;;
    # The sccache server, started by restart_sccache, has the Redis URL; the client only connects.
    sccache) env+=(RUSTC_WRAPPER="$sccache" CARGO_INCREMENTAL=0 SCCACHE_REDIS="redis://127.0.0.1:$redis_port/$instance") ;;
  esac
  (cd "$dir/ws" && export "${env[@]}" && cargo "$step" --workspace -q && \
     if [ "$mode" = bridge ]; then "$wrapper" --remote-flush; fi) > /dev/null 2> "$dir/last.err" || {
    cat "$dir/last.err" >&2
    echo "bench: cargo $step failed ($mode)" >&2
    exit 1
  }
}

# fresh NAME SRC: a new clone at a new path, with no target.
fresh() {
  local dir
  dir=$(mktemp -d "$work/clone-$1-XXXXXX")
  cp -r "$2" "$dir/ws"
  rm -rf "$dir/ws/target" "$dir/ws"/*.sh
  echo "$dir"
}

# Debian's sccache may be built without its Redis backend ("cache type is not enabled"); then it
# runs on a warm local disk cache shared by all clones, which the table says, and moves no bytes.
if env SCCACHE_REDIS="redis://127.0.0.1:$redis_port/0" "$sccache" --start-server > "$work/sccache-probe" 2>&1; then
  sccache_cache="warm Redis"
else
  grep -q "not enabled" "$work/sccache-probe" || { cat "$work/sccache-probe" >&2; exit 1; }
  sccache_cache="warm local disk (this sccache has no Redis backend)"
fi
SCCACHE_DIR="$work/none" "$sccache" --stop-server >/dev/null 2>&1 || true

restart_sccache() {
  SCCACHE_DIR="$work/none" "$sccache" --stop-server >/dev/null 2>&1 || true
  if [ "$sccache_cache" = "warm Redis" ]; then
    env SCCACHE_REDIS="redis://127.0.0.1:$redis_port/$1" CARGO_INCREMENTAL=0 "$sccache" --start-server >/dev/null
  else
    env SCCACHE_DIR="$work/sccache-disk-$1" CARGO_INCREMENTAL=0 "$sccache" --start-server >/dev/null
  fi
}

declare -A result
steps=(check clippy build)
modes=(plain bridge sccache)
# bench_workspace NAME SRC DB: warms both caches from a first clone, then times each step on
# fresh clones, interleaving the three modes within every run.
bench_workspace() {
  local name=$1 src=$2 db=$3 dir step mode k
  echo "bench: $name: warming the remote and Redis from a first clone" >&2
  dir=$(fresh "$name" "$src")
  for step in "${steps[@]}"; do run "$dir" bridge "$name" write "$step"; done
  restart_sccache "$db"
  dir=$(fresh "$name" "$src")
  for step in "${steps[@]}"; do run "$dir" sccache "$db" read "$step"; done
  for ((k = 1; k <= runs; k++)); do
    for step in "${steps[@]}"; do
      for mode in "${modes[@]}"; do
        echo "bench: $name, run $k, $step, $mode" >&2
        dir=$(fresh "$name" "$src")
        [ "$mode" != sccache ] || restart_sccache "$db"
        local before t0 ms
        before=$( [ "$mode" = sccache ] && redis_bytes || dav_bytes)
        t0=$(now_ms)
        run "$dir" "$mode" "$( [ "$mode" = sccache ] && echo "$db" || echo "$name")" read "$step"
        ms=$(($(now_ms) - t0))
        echo "$ms" >> "$work/$name-$step-$mode.ms"
        if [ "$mode" != plain ]; then
          echo $(( $( [ "$mode" = sccache ] && redis_bytes || dav_bytes) - before )) >> "$work/$name-$step-$mode.bytes"
        fi
        if [ "$mode" = bridge ]; then
          awk '{c[$1]++} END {printf "%d hit / %d computed / %d passed\n", c["hit"], c["computed"] + c["unrecorded"], c["passthrough"]}' \
            "$dir/store/ibridge-wrapper/wrapper-stats" > "$work/$name-$step.units"
        fi
        rm -rf "$dir"
      done
    done
  done
  for step in "${steps[@]}"; do
    for mode in "${modes[@]}"; do
      result[$name,$step,$mode]=$(median < "$work/$name-$step-$mode.ms")
      [ "$mode" = plain ] || result[$name,$step,$mode,bytes]=$(median < "$work/$name-$step-$mode.bytes")
    done
  done
}

table=$work/table.md
write_table() {
  local name=$1 title=$2 step
  {
    echo
    echo "### $title"
    echo
    echo "| step, fresh clone | plain cargo | bridge, warm remote | sccache, $sccache_cache | plain ÷ bridge | plain ÷ sccache | bridge bytes moved | sccache bytes moved | bridge units |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for step in "${steps[@]}"; do
      local p=${result[$name,$step,plain]} b=${result[$name,$step,bridge]} s=${result[$name,$step,sccache]}
      echo "| cargo $step | $(secs "$p") | $(secs "$b") | $(secs "$s") | $(ratio "$p" "$b") | $(ratio "$p" "$s") | $(mb "${result[$name,$step,bridge,bytes]}") | $(mb "${result[$name,$step,sccache,bytes]}") | $(cat "$work/$name-$step.units") |"
    done
  } >> "$table"
}

gen=$work/gen-src
"$repo/benchmarks/cargo/gen-workspace.sh" "$n" "$gen" >/dev/null
bench_workspace gen "$gen" 1
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(cargo --version), $("$sccache" --version), $(redis-server --version | awk '{print $1, $2, $3}'), nginx WebDAV; median of $runs run(s); each step on its own fresh clone at a new path with an empty target (the bridge also with an empty local store)."
} > "$table"
write_table gen "Generated workspace: $n crates"
if [ "$fixture" = 1 ]; then
  bench_workspace fixture "$repo/examples/cargo-fixture" 2
  write_table fixture "Fixture workspace (examples/cargo-fixture)"
fi
cat "$table"
if [ -n "$out" ]; then
  cp "$table" "$out"
fi
