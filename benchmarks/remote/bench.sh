#!/usr/bin/env bash
# Measures a fresh CI runner against a warm shared cache, three ways in one run: plain cargo, cargo
# through the bridge with a warm remote (nginx WebDAV on loopback, the Bazel HTTP cache protocol),
# and sccache with a warm cache, CARGO_INCREMENTAL=0 for sccache as its docs ask. Workspaces: the
# generated one (benchmarks/cargo/gen-workspace.sh) and the fixture (examples/cargo-fixture).
#
# Debian's sccache 0.4 is built without its Redis, S3 and other remote backends ("cache type is
# not enabled"), and has no WebDAV one, so its warm cache is its local cache directory restored
# onto the fresh runner, as a CI cache action restores it; the bytes of that directory are its
# bytes moved, and the restore itself is not timed.
#
# A first clone fills the remote (the bridge, read-write) and sccache's cache with check, clippy
# and build. Each round then copies the sources to a new path with an empty target dir (and, for
# the bridge, an empty local store, the remote read-only as on a pull request; for sccache a
# restarted server on a copy of the warm cache) and times check, clippy and build in turn, the
# three modes interleaved. The bridge's bytes moved are what nginx's access log saw during the
# round (request and response sizes). Medians of RUNS rounds; writes a markdown table.
# Usage: bench.sh [--smoke] [--runs R] [--n N] [--no-fixture] [--out FILE]
#   --smoke  proves the benchmark runs: N=4, one round, no fixture (for CI).
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
front=${IBRIDGE_CARGO_IBRIDGE:-$repo/emitters/rust/target/release/cargo-ibridge}
[ -x "$front" ] || { echo "remote bench: no cargo-ibridge at $front; build it with: (cd emitters/rust && cargo build --release)" >&2; exit 2; }
for tool in nginx sccache; do
  command -v "$tool" >/dev/null || { echo "remote bench: $tool is missing; install it with: apt-get install nginx sccache" >&2; exit 2; }
done
sccache=$(command -v sccache)

work=$(mktemp -d)
nginx_pid=""
export SCCACHE_SERVER_PORT=$((20000 + $$ % 10000))
cleanup() {
  "$sccache" --stop-server >/dev/null 2>&1 || true
  [ -z "$nginx_pid" ] || { kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "remote bench: nothing listens on port $1 ($2 did not start)" >&2
  exit 1
}

# nginx as a WebDAV cache; its log line is the bytes received and sent for each request.
dav_port=$(free_port)
mkdir -p "$work/nginx/dav" "$work/nginx/body"
chmod 755 "$work"
chmod 777 "$work/nginx/dav" "$work/nginx/body"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 256; }
http {
  log_format bytes '\$request_length \$bytes_sent';
  access_log $work/nginx/access.log bytes;
  client_body_temp_path $work/nginx/body;
  client_max_body_size 1g;
  server {
    listen 127.0.0.1:$dav_port;
    root $work/nginx/dav;
    location / { dav_methods PUT; create_full_put_path on; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
wait_port "$dav_port" nginx

dav_bytes() { [ -f "$work/nginx/access.log" ] && awk '{s += $1 + $2} END {print s + 0}' "$work/nginx/access.log" || echo 0; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.2f s", ms / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f×", a / b; else print "-"}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1000000}'; }

# in_mode MODE DIR ARGS...: cargo ARGS in the checkout DIR (target DIR/target) as MODE runs it.
in_mode() {
  local mode=$1 dir=$2
  shift 2
  local status=0
  case $mode in
    plain) (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo "$@" -q) ;;
    bridge) (cd "$dir" && CARGO_TARGET_DIR="$dir/target" IBRIDGE_STORE="$dir/store" "$front" ibridge "$@" -q) ;;
    sccache) (cd "$dir" && CARGO_TARGET_DIR="$dir/target" RUSTC_WRAPPER="$sccache" CARGO_INCREMENTAL=0 cargo "$@" -q) ;;
  esac > /dev/null 2> "$work/last.err" || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$work/last.err" >&2
    echo "remote bench: cargo $* failed in $mode" >&2
    exit 1
  fi
}

# restart_sccache DIR: a fresh sccache server on the cache directory DIR.
restart_sccache() {
  "$sccache" --stop-server >/dev/null 2>&1 || true
  SCCACHE_DIR="$1" "$sccache" --start-server >/dev/null
}

steps=(check clippy build)
declare -A result
# bench_workspace NAME SRC
bench_workspace() {
  local name=$1 src=$2 mode step k dir t0
  echo "remote bench: $name: filling the remote and sccache's cache from a first clone" >&2
  for mode in bridge sccache; do
    dir=$work/$name-first-$mode
    cp -r "$src" "$dir"
    rm -rf "$dir/target" "$dir"/*.sh
    if [ "$mode" = sccache ]; then restart_sccache "$work/$name-sccache-warm"; fi
    for step in "${steps[@]}"; do
      IBRIDGE_REMOTE="http://127.0.0.1:$dav_port/$name" IBRIDGE_REMOTE_MODE=write in_mode "$mode" "$dir" "$step"
    done
    rm -rf "$dir"
  done
  declare -A times
  for ((k = 1; k <= runs; k++)); do
    for mode in plain bridge sccache; do
      echo "remote bench: $name, round $k of $runs, $mode" >&2
      dir=$work/$name-round-$k-$mode
      cp -r "$src" "$dir"
      rm -rf "$dir/target" "$dir"/*.sh
      if [ "$mode" = sccache ]; then
        cp -r "$work/$name-sccache-warm" "$dir.sccache"
        restart_sccache "$dir.sccache"
      fi
      local before_dav
      before_dav=$(dav_bytes)
      for step in "${steps[@]}"; do
        t0=$(now_ms)
        IBRIDGE_REMOTE="http://127.0.0.1:$dav_port/$name" in_mode "$mode" "$dir" "$step"
        times[$step,$mode]+="$(($(now_ms) - t0)) "
      done
      case $mode in
        bridge) times[bytes,$mode]+="$(($(dav_bytes) - before_dav)) " ;;
        sccache) times[bytes,$mode]+="$(du -sb "$work/$name-sccache-warm" | cut -f1) " ;;
        plain) times[bytes,$mode]+="0 " ;;
      esac
      rm -rf "$dir" "$dir.sccache"
    done
  done
  "$sccache" --stop-server >/dev/null 2>&1 || true
  for key in "${!times[@]}"; do
    result[$name,$key]=$(printf '%s\n' ${times[$key]} | median)
  done
}

table=$work/table.md
write_table() {
  local name=$1 title=$2 step
  {
    echo
    echo "### $title"
    echo
    echo "| step on a fresh clone at a new path | plain cargo | bridge, warm remote | sccache, warm cache restored | plain ÷ bridge | sccache ÷ bridge |"
    echo "|---|---|---|---|---|---|"
    for step in "${steps[@]}"; do
      local p=${result[$name,$step,plain]} b=${result[$name,$step,bridge]} s=${result[$name,$step,sccache]}
      echo "| \`cargo $step\` | $(secs "$p") | $(secs "$b") | $(secs "$s") | $(ratio "$p" "$b") | $(ratio "$s" "$b") |"
    done
    echo "| bytes moved: the bridge's HTTP traffic, sccache's restored cache | - | $(mb "${result[$name,bytes,bridge]}") | $(mb "${result[$name,bytes,sccache]}") | | |"
  } >> "$table"
}

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(cargo --version), $("$sccache" --version), $(nginx -v 2>&1 | sed 's/^nginx version: //'); median of $runs round(s)."
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg). Targets (issue #12): plain ÷ bridge ≥ 5 on \`cargo check\`, and sccache ÷ bridge > 1 on every step."
} > "$table"
gen=$work/gen-src
"$repo/benchmarks/cargo/gen-workspace.sh" "$n" "$gen" > /dev/null
bench_workspace gen "$gen"
write_table gen "Generated workspace: $n crates"
if [ "$fixture" = 1 ]; then
  bench_workspace fixture "$repo/examples/cargo-fixture"
  write_table fixture "Fixture workspace (examples/cargo-fixture: 4 members, serde, serde_json, regex)"
fi
{
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} >> "$table"
cat "$table"
if [ -n "$out" ]; then
  cp "$table" "$out"
fi
