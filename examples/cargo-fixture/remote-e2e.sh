#!/usr/bin/env bash
# End-to-end test of the remote tier on this fixture with a real nginx WebDAV server on loopback
# (run by .ci/run). A first clone runs check, clippy, build and test through the bridge with the
# remote read-write; a second one, with an empty target and an empty local store, runs the same
# four read-only at another path: every unit hits (pass-throughs are counted apart), and exit
# codes, diagnostics and program output equal plain cargo's. `ibridge verify` accepts both stores.
# A fault run kills nginx in the middle of a build, which must still succeed, local-only.
#
# Both clones set IBRIDGE_PORTABLE_DEBUGINFO=1, as the README's CI recipe does: without it a debug
# build's or test's linked member names its checkout in its debuginfo, so its record is bound to
# that path and the clone at the other path recomputes it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
wrapper=${IBRIDGE_RUSTC_WRAPPER:-$repo/emitters/rust/target/release/ibridge-rustc-wrapper}
[ -x "$wrapper" ] || { echo "remote-e2e: no wrapper at $wrapper; build it with: (cd emitters/rust && cargo build --release)" >&2; exit 2; }
command -v nginx >/dev/null || { echo "remote-e2e: nginx is missing (apt-get install nginx)" >&2; exit 2; }
# shellcheck source=../../emitters/rust/cargo-env.sh
. "$repo/emitters/rust/cargo-env.sh"

# shellcheck source=../lib/nginx-dav.sh
. "$repo/examples/lib/nginx-dav.sh"

work=$(mktemp -d)
trap 'nginx_dav_stop; rm -rf "$work"' EXIT
failures=0
fail() { echo "remote-e2e: FAIL: $*" >&2; failures=$((failures + 1)); }

port=$(free_port)
nginx_dav_start "$work" "$port" || exit 1
export IBRIDGE_REMOTE="http://127.0.0.1:$port/fixture"
export IBRIDGE_PORTABLE_DEBUGINFO=1

cp -r "$here" "$work/one"
rm -rf "$work/one/target" "$work/one"/*.sh
diagnostics() {
  python3 -c '
import json, sys
out = set()
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-message": out.add(m["target"]["name"] + "\n" + (m["message"].get("rendered") or ""))
print("\n----\n".join(sorted(out)))'
}
steps=("check --workspace --all-targets" "clippy --workspace --all-targets" "build --workspace" "test --workspace")

# bridged DIR TAG MODE CMD...: cargo CMD through the bridge in DIR with target $work/target-TAG
# and store $work/TAG/ibridge.
bridged() {
  local dir=$1 tag=$2 mode=$3; shift 3
  local code=0
  (cd "$dir" && env CARGO_TARGET_DIR="$work/target-$tag" RUSTC_WRAPPER="$wrapper" IBRIDGE_STORE="$work/$tag/ibridge" \
     IBRIDGE_REMOTE_MODE="$mode" cargo "$@" --message-format=json) > "$work/$tag.json" 2> "$work/$tag.err" || code=$?
  (cd "$dir" && env IBRIDGE_STORE="$work/$tag/ibridge" IBRIDGE_REMOTE_MODE="$mode" "$wrapper" --remote-flush)
  echo "$code" > "$work/$tag.code"
}

for s in "${steps[@]}"; do
  # shellcheck disable=SC2086
  bridged "$work/one" first write $s
  [ "$(cat "$work/first.code")" = 0 ] || { cat "$work/first.err" >&2; fail "first clone: cargo $s"; }
done
[ -n "$(ls -A "$work/nginx/dav/fixture/cas" 2>/dev/null)" ] || fail "nothing was uploaded to nginx"

cp -r "$work/one" "$work/two"
two="$work/two"
stats="$work/second/ibridge-wrapper/wrapper-stats"
for s in "${steps[@]}"; do
  before=$( [ -f "$stats" ] && wc -l < "$stats" || echo 0)
  # shellcheck disable=SC2086
  bridged "$two" second read $s
  # shellcheck disable=SC2086
  plain_code=0; (cd "$two" && CARGO_TARGET_DIR="$work/plain/target" cargo $s --message-format=json) > "$work/plain.json" 2> "$work/plain.err" || plain_code=$?
  [ "$(cat "$work/second.code")" = "$plain_code" ] || fail "second clone: cargo $s exits $(cat "$work/second.code"), plain cargo $plain_code"
  diagnostics < "$work/plain.json" > "$work/plain.diag"
  diagnostics < "$work/second.json" > "$work/second.diag"
  cmp -s "$work/plain.diag" "$work/second.diag" || fail "second clone: cargo $s: diagnostics differ from plain cargo's"
  if [ "${s%% *}" = test ]; then
    grep -h "^test \|test result" "$work/plain.json" | sort > "$work/plain.tests" || true
    grep -h "^test \|test result" "$work/second.json" | sed 's/finished in [0-9.]*s//' | sort > "$work/second.tests" || true
    sed -i 's/finished in [0-9.]*s//' "$work/plain.tests"
    cmp -s "$work/plain.tests" "$work/second.tests" || fail "second clone: test program output differs from plain cargo's"
  fi
  if [ "${s%% *}" = build ]; then
    for args in "" "square 2" "rect 2 3"; do
      "$work/plain/target/debug/shape-report" "$args" > "$work/plain.out" 2>&1 || true
      "$work/target-second/debug/shape-report" "$args" > "$work/second.out" 2>&1 || true
      cmp -s "$work/plain.out" "$work/second.out" || fail "second clone: the restored program's output ($args) differs from plain cargo's"
    done
  fi
  computed=$(tail -n +$((before + 1)) "$stats" | awk '$1 != "hit" && $1 != "passthrough"' | wc -l)
  hits=$(tail -n +$((before + 1)) "$stats" | awk '$1 == "hit"' | wc -l)
  passed=$(tail -n +$((before + 1)) "$stats" | awk '$1 == "passthrough"' | wc -l)
  echo "remote-e2e: second clone, cargo $s: $hits hit, $computed not hit, $passed passed through"
  [ "$computed" = 0 ] || { tail -n +$((before + 1)) "$stats" | awk '$1 != "hit" && $1 != "passthrough"' >&2; fail "second clone: cargo $s: units missed the remote"; }
done
[ -f "$work/second/ibridge-wrapper/remote-bytes" ] && awk '{b[$1]+=$2} END {for (d in b) print "remote-e2e: bytes " d ": " b[d]}' "$work/second/ibridge-wrapper/remote-bytes"
for tag in first second; do
  "$repo/ibridge" verify "$work/$tag/ibridge" > "$work/verify.out" 2>&1 || { cat "$work/verify.out" >&2; fail "ibridge verify rejects the $tag store"; }
done

# Fault run: a fresh store and target, nginx killed while cargo builds, once the first unit is
# done (so the remote answered, and then vanished mid-run). The build still succeeds local-only:
# cargo's exit status, its diagnostics and the program's output equal plain cargo's, at most one
# remote warning, and a store that verifies.
rm -rf "$work/nginx/dav/fixture"
fault_stats="$work/fault/ibridge-wrapper/wrapper-stats"
(
  while [ ! -s "$fault_stats" ]; do sleep 0.05; done
  wc -l < "$fault_stats" > "$work/killed-after"
  kill "$nginx_pid" 2>/dev/null || true
) &
killer=$!
bridged "$work/one" fault write build --workspace
kill "$killer" 2>/dev/null || true
wait "$killer" 2>/dev/null || true
nginx_pid=""
[ "$(cat "$work/fault.code")" = 0 ] || { cat "$work/fault.err" >&2; fail "fault run: cargo build failed with nginx killed"; }
if [ -f "$work/killed-after" ]; then
  units=$(wc -l < "$fault_stats")
  [ "$(cat "$work/killed-after")" -lt "$units" ] || fail "fault run: nginx was killed only after the last unit; the kill did not fall in the middle of the run"
  echo "remote-e2e: fault run: nginx killed after $(cat "$work/killed-after") of $units units"
else
  fail "fault run: nginx was never killed"
fi
warnings=$(grep -c "ibridge: remote store:" "$work/fault.err" || true)
[ "$warnings" -le 1 ] || fail "fault run: $warnings remote warnings, at most one expected"
plain_code=0; (cd "$work/one" && CARGO_TARGET_DIR="$work/plain/target" cargo build --workspace --message-format=json) > "$work/plain.json" 2> "$work/plain.err" || plain_code=$?
[ "$plain_code" = 0 ] || fail "fault run: plain cargo build failed"
diagnostics < "$work/plain.json" > "$work/plain.diag"
diagnostics < "$work/fault.json" > "$work/fault.diag"
cmp -s "$work/plain.diag" "$work/fault.diag" || fail "fault run: diagnostics differ from plain cargo's"
for args in "" "square 2" "rect 2 3"; do
  "$work/plain/target/debug/shape-report" "$args" > "$work/plain.out" 2>&1 || true
  "$work/target-fault/debug/shape-report" "$args" > "$work/fault.out" 2>&1 || true
  cmp -s "$work/plain.out" "$work/fault.out" || fail "fault run: the program's output ($args) differs from plain cargo's"
done
"$repo/ibridge" verify "$work/fault/ibridge" > "$work/verify.out" 2>&1 || { cat "$work/verify.out" >&2; fail "ibridge verify rejects the fault run's store"; }

if [ "$failures" -gt 0 ]; then
  echo "remote-e2e: $failures failure(s)" >&2
  exit 1
fi
echo "remote-e2e: passed (second clone at another path)"
